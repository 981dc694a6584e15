//! Every error code and option of the core, each with the token that must
//! trigger it. Tokens with hostile content are signed properly, so each
//! test reaches the check it names instead of failing at the signature.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use ferrojwt::__internal::base64url::encode;
use ferrojwt::__internal::mac::MacKey;
use ferrojwt::{
    decode, decode_header, sign, verify, Alg, ErrorCode, IssuedAt, JwtId, Key, KeySet, KeySource,
    Reason, SignOptions, Verifier, VerifyOptions,
};

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const NOW: f64 = 1_700_000_000.0;

fn key() -> Key {
    Key::secret(SECRET).unwrap()
}

/// A compact JWS over exactly these header and payload texts.
fn raw(header: &str, payload: &str, alg: Alg) -> String {
    raw_bytes(header.as_bytes(), payload.as_bytes(), alg)
}

/// The same over raw bytes (for invalid UTF-8).
fn raw_bytes(header: &[u8], payload: &[u8], alg: Alg) -> String {
    let input = format!("{}.{}", encode(header), encode(payload));
    let mut tag = Vec::new();
    MacKey::new(alg, SECRET)
        .unwrap()
        .sign_into(input.as_bytes(), &mut tag);
    format!("{input}.{}", encode(&tag))
}

fn hs256(payload: &str) -> String {
    raw(r#"{"alg":"HS256","typ":"JWT"}"#, payload, Alg::HS256)
}

/// The base64url digit one unused low bit away from `c`: same bytes if the
/// decoder ignored trailing bits, so it must be refused as non-canonical.
fn flip_low_bit(c: char) -> char {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let i = ALPHABET.iter().position(|&a| a == c as u8).unwrap();
    ALPHABET[i ^ 1] as char
}

fn opts() -> VerifyOptions {
    VerifyOptions {
        now: Some(NOW),
        ..VerifyOptions::default()
    }
}

fn code(token: &str, o: VerifyOptions) -> ErrorCode {
    verify(token, key(), o, 0.0).unwrap_err().code
}

#[test]
fn malformed_tokens_get_their_codes() {
    let good = hs256(r#"{"sub":"1"}"#);
    let (h, rest) = good.split_once('.').unwrap();
    let (p, s) = rest.split_once('.').unwrap();
    let cases: Vec<(String, ErrorCode)> = vec![
        (String::new(), ErrorCode::JwsInvalid),
        ("abc".into(), ErrorCode::JwsInvalid),
        (format!("{h}.{p}"), ErrorCode::JwsInvalid),
        (format!("{h}.{p}.{s}.x"), ErrorCode::JwsInvalid),
        (format!("{h}.{p}.{s}.x.y"), ErrorCode::JwsInvalid),
        (format!(".{p}.{s}"), ErrorCode::JwsInvalid),
        (format!("{h}=.{p}.{s}"), ErrorCode::JwsInvalid),
        (format!("{h}.{p}.{s}="), ErrorCode::JwsInvalid),
        (
            format!("{h}.{p}.{}", s.replace('-', "+").replace('_', "/")),
            ErrorCode::JwsInvalid,
        ),
        (format!("{h} .{p}.{s}"), ErrorCode::JwsInvalid),
        // Non-canonical trailing bits in the signature ("...Xk" -> "...Xl").
        (
            format!(
                "{h}.{p}.{}{}",
                &s[..s.len() - 1],
                flip_low_bit(s.chars().last().unwrap())
            ),
            ErrorCode::JwsInvalid,
        ),
        (format!("{}.{p}.{s}", encode(b"[]")), ErrorCode::JwsInvalid),
        (
            format!("{}.{p}.{s}", encode(b"not json")),
            ErrorCode::JwsInvalid,
        ),
        (
            format!("{}.{p}.{s}", encode(&[0xff, 0xfe])),
            ErrorCode::JwsInvalid,
        ),
        (
            raw(r#"{"alg":"HS256","alg":"HS256"}"#, "{}", Alg::HS256),
            ErrorCode::JwsInvalid,
        ),
        (
            raw(r#"{"typ":"JWT"}"#, "{}", Alg::HS256),
            ErrorCode::JwsInvalid,
        ),
        (
            raw(r#"{"alg":256}"#, "{}", Alg::HS256),
            ErrorCode::JwsInvalid,
        ),
        (
            raw(r#"{"alg":"HS256","kid":7}"#, "{}", Alg::HS256),
            ErrorCode::JwsInvalid,
        ),
        (
            format!("{h}.{p}.{}", encode(b"short")),
            ErrorCode::SignatureVerificationFailed,
        ),
        (format!("{h}.{p}."), ErrorCode::SignatureVerificationFailed),
        (hs256("[1]"), ErrorCode::JwtInvalid),
        (hs256("\"str\""), ErrorCode::JwtInvalid),
        (hs256("{\"a\":1,\"a\":2}"), ErrorCode::JwtInvalid),
        (hs256("{\"a\":}"), ErrorCode::JwtInvalid),
        (hs256(""), ErrorCode::JwtInvalid),
        (
            raw_bytes(br#"{"alg":"HS256"}"#, b"{\"a\":\"\xff\"}", Alg::HS256),
            ErrorCode::JwtInvalid,
        ),
        (
            raw_bytes(b"{\"alg\":\"HS256\",\"x\":\"\xc3\"}", b"{}", Alg::HS256),
            ErrorCode::JwsInvalid,
        ),
        (
            raw(r#"{"alg":"none"}"#, "{}", Alg::HS256),
            ErrorCode::AlgNotAllowed,
        ),
        (
            raw(r#"{"alg":"RS256"}"#, "{}", Alg::HS256),
            ErrorCode::AlgNotAllowed,
        ),
        (
            raw(r#"{"alg":"HS1024"}"#, "{}", Alg::HS256),
            ErrorCode::NotSupported,
        ),
        (
            raw(
                r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
                "{}",
                Alg::HS256,
            ),
            ErrorCode::NotSupported,
        ),
        (
            raw(
                r#"{"alg":"HS256","crit":["exp"],"exp":1}"#,
                "{}",
                Alg::HS256,
            ),
            ErrorCode::JwsInvalid,
        ),
        (
            raw(r#"{"alg":"HS256","crit":[]}"#, "{}", Alg::HS256),
            ErrorCode::JwsInvalid,
        ),
        (
            raw(r#"{"alg":"HS256","crit":"x"}"#, "{}", Alg::HS256),
            ErrorCode::JwsInvalid,
        ),
        (hs256(r#"{"exp":1}"#), ErrorCode::Expired),
        (
            hs256(r#"{"nbf":1800000000}"#),
            ErrorCode::ClaimValidationFailed,
        ),
    ];
    for (i, (token, expected)) in cases.into_iter().enumerate() {
        assert_eq!(code(&token, opts()), expected, "case {i}: {token}");
    }
    // `alg: none` with an empty signature, the classic attack.
    let none = format!(
        "{}.{}.",
        encode(br#"{"alg":"none"}"#),
        encode(br#"{"admin":true}"#)
    );
    assert_eq!(code(&none, opts()), ErrorCode::AlgNotAllowed);
}

#[test]
fn the_length_limit_comes_before_any_decoding() {
    let long = "a".repeat(20_000);
    assert_eq!(code(&long, opts()), ErrorCode::JwsInvalid);
    assert_eq!(
        decode(&long, 16_384).unwrap_err().code,
        ErrorCode::JwsInvalid
    );
    let token = hs256(r#"{"sub":"1"}"#);
    let o = VerifyOptions {
        max_token_length: token.len() - 1,
        ..opts()
    };
    assert_eq!(code(&token, o), ErrorCode::JwsInvalid);
    let o = VerifyOptions {
        max_token_length: token.len(),
        ..opts()
    };
    assert!(verify(&token, key(), o, 0.0).is_ok());
}

#[test]
fn registered_claims_of_the_wrong_type_are_invalid_never_skipped() {
    for (payload, claim) in [
        (r#"{"exp":"soon"}"#, "exp"),
        (r#"{"nbf":null}"#, "nbf"),
        (r#"{"iat":true}"#, "iat"),
        (r#"{"iss":5}"#, "iss"),
        (r#"{"sub":{}}"#, "sub"),
        (r#"{"aud":[1]}"#, "aud"),
        (r#"{"jti":[]}"#, "jti"),
    ] {
        let e = verify(&hs256(payload), key(), opts(), 0.0).unwrap_err();
        assert_eq!(
            (e.code, e.claim.as_deref(), e.reason),
            (
                ErrorCode::ClaimValidationFailed,
                Some(claim),
                Some(Reason::Invalid)
            ),
            "{payload}"
        );
    }
}

#[test]
fn claim_options_check_and_report_their_claim() {
    let token = hs256(
        r#"{"iss":"me","sub":"u1","aud":["api","web"],"iat":1699999000,"token_type":"access","n":{"b":[1,2],"a":null}}"#,
    );
    let ok = |o: VerifyOptions| verify(&token, key(), o, 0.0).map(|_| ());
    let fail = |o: VerifyOptions| {
        let e = verify(&token, key(), o, 0.0).unwrap_err();
        (
            e.code,
            e.claim.unwrap_or_default().into_owned(),
            e.reason.unwrap(),
        )
    };
    use ErrorCode::{ClaimValidationFailed as Cvf, Expired};
    use Reason::{CheckFailed, Missing};

    ok(VerifyOptions {
        issuer: Some(vec!["x".into(), "me".into()]),
        ..opts()
    })
    .unwrap();
    assert_eq!(
        fail(VerifyOptions {
            issuer: Some(vec!["x".into()]),
            ..opts()
        }),
        (Cvf, "iss".into(), CheckFailed)
    );
    ok(VerifyOptions {
        subject: Some("u1".into()),
        ..opts()
    })
    .unwrap();
    assert_eq!(
        fail(VerifyOptions {
            subject: Some("u2".into()),
            ..opts()
        }),
        (Cvf, "sub".into(), CheckFailed)
    );
    ok(VerifyOptions {
        audience: Some(vec!["web".into()]),
        ..opts()
    })
    .unwrap();
    assert_eq!(
        fail(VerifyOptions {
            audience: Some(vec!["x".into(), "y".into()]),
            ..opts()
        }),
        (Cvf, "aud".into(), CheckFailed)
    );
    ok(VerifyOptions {
        required_claims: vec!["token_type".into(), "iss".into()],
        ..opts()
    })
    .unwrap();
    assert_eq!(
        fail(VerifyOptions {
            required_claims: vec!["email".into()],
            ..opts()
        }),
        (Cvf, "email".into(), Missing)
    );

    ok(VerifyOptions {
        max_token_age: Some(1000.0),
        ..opts()
    })
    .unwrap();
    assert_eq!(
        fail(VerifyOptions {
            max_token_age: Some(999.0),
            ..opts()
        }),
        (Expired, "iat".into(), CheckFailed)
    );
    ok(VerifyOptions {
        max_token_age: Some(999.0),
        clock_tolerance: 1.0,
        ..opts()
    })
    .unwrap();
    assert_eq!(
        fail(VerifyOptions {
            max_token_age: Some(10.0),
            now: Some(1_699_998_000.0),
            ..opts()
        }),
        (Cvf, "iat".into(), CheckFailed)
    );

    let claims = |c: &str| {
        let v = ferrojwt::__internal::json::parse(c).unwrap();
        let ferrojwt::__internal::json::Value::Object(m) = v else {
            panic!()
        };
        let o = ferrojwt::__internal::js_options::verify_options(&format!("{{\"claims\":{c}}}"))
            .unwrap();
        assert_eq!(o.claims.len(), m.len());
        VerifyOptions {
            claims: o.claims,
            ..opts()
        }
    };
    ok(claims(r#"{"token_type":"access"}"#)).unwrap();
    ok(claims(r#"{"n":{"a":null,"b":[1,2.0]}}"#)).unwrap();
    assert_eq!(
        fail(claims(r#"{"token_type":"refresh"}"#)),
        (Cvf, "token_type".into(), CheckFailed)
    );
    assert_eq!(
        fail(claims(r#"{"n":{"a":null,"b":[2,1]}}"#)),
        (Cvf, "n".into(), CheckFailed)
    );
    assert_eq!(
        fail(claims(r#"{"role":"admin"}"#)),
        (Cvf, "role".into(), Missing)
    );
    // Options imply presence.
    let bare = hs256("{}");
    for o in [
        VerifyOptions {
            issuer: Some(vec!["me".into()]),
            ..opts()
        },
        VerifyOptions {
            subject: Some("u".into()),
            ..opts()
        },
        VerifyOptions {
            audience: Some(vec!["a".into()]),
            ..opts()
        },
        VerifyOptions {
            max_token_age: Some(5.0),
            ..opts()
        },
    ] {
        let e = verify(&bare, key(), o, 0.0).unwrap_err();
        assert_eq!((e.code, e.reason), (Cvf, Some(Missing)));
    }
}

#[test]
fn time_claims_respect_now_and_tolerance() {
    let token = hs256(r#"{"nbf":1700000000,"exp":1700000100}"#);
    let at = |now: f64, tol: f64| {
        verify(
            &token,
            key(),
            VerifyOptions {
                now: Some(now),
                clock_tolerance: tol,
                ..opts()
            },
            0.0,
        )
    };
    assert!(at(NOW, 0.0).is_ok());
    assert!(at(NOW + 99.0, 0.0).is_ok());
    assert_eq!(at(NOW + 100.0, 0.0).unwrap_err().code, ErrorCode::Expired);
    assert!(at(NOW + 100.0, 1.0).is_ok());
    assert_eq!(
        at(NOW - 1.0, 0.0).unwrap_err().claim.as_deref(),
        Some("nbf")
    );
    assert!(at(NOW - 30.0, 30.0).is_ok());
    // `now` absent from the options: the caller's clock argument is used.
    assert_eq!(
        verify(&token, key(), VerifyOptions::default(), NOW + 500.0)
            .unwrap_err()
            .code,
        ErrorCode::Expired
    );
}

#[test]
fn typ_and_crit_options() {
    let at_jwt = raw(r#"{"alg":"HS256","typ":"at+jwt"}"#, "{}", Alg::HS256);
    let with = |typ: &str| VerifyOptions {
        typ: Some(typ.into()),
        ..opts()
    };
    assert!(verify(&at_jwt, key(), with("application/AT+JWT"), 0.0).is_ok());
    let e = verify(&at_jwt, key(), with("JWT"), 0.0).unwrap_err();
    assert_eq!(
        (e.code, e.claim.as_deref()),
        (ErrorCode::ClaimValidationFailed, Some("typ"))
    );

    let critical = raw(
        r#"{"alg":"HS256","crit":["http://example.com/x"],"http://example.com/x":1}"#,
        "{}",
        Alg::HS256,
    );
    assert_eq!(code(&critical, opts()), ErrorCode::JwsInvalid);
    let o = VerifyOptions {
        crit: vec!["http://example.com/x".into()],
        ..opts()
    };
    assert!(verify(&critical, key(), o.clone(), 0.0).is_ok());
    let absent = raw(
        r#"{"alg":"HS256","crit":["http://example.com/x"]}"#,
        "{}",
        Alg::HS256,
    );
    assert_eq!(code(&absent, o), ErrorCode::JwsInvalid);
}

#[test]
fn the_allowlist_is_bound_to_the_key() {
    let hs512 = raw(r#"{"alg":"HS512"}"#, "{}", Alg::HS512);
    assert!(verify(&hs512, key(), opts(), 0.0).is_ok());
    let o = VerifyOptions {
        algorithms: Some(vec![Alg::HS256]),
        ..opts()
    };
    assert_eq!(code(&hs512, o), ErrorCode::AlgNotAllowed);
    // A key pinned by its JWK `alg` serves that algorithm only.
    let pinned = Key::from_jwk(&format!(
        r#"{{"kty":"oct","alg":"HS256","k":"{}"}}"#,
        encode(SECRET)
    ))
    .unwrap();
    assert_eq!(
        verify(&hs512, pinned, opts(), 0.0).unwrap_err().code,
        ErrorCode::AlgNotAllowed
    );
    // A secret too short for the token's hash is refused as a key.
    let short = Key::secret(&SECRET[..32]).unwrap();
    assert_eq!(
        verify(&hs512, short, opts(), 0.0).unwrap_err().code,
        ErrorCode::JwkInvalid
    );
    let tiny = Key::secret(b"secret").unwrap();
    assert_eq!(
        Verifier::new(tiny.clone().into(), opts())
            .err()
            .unwrap()
            .code,
        ErrorCode::JwkInvalid
    );
    assert_eq!(
        sign("{}", &tiny, SignOptions::default(), NOW)
            .unwrap_err()
            .code,
        ErrorCode::JwkInvalid
    );
}

#[test]
fn key_sets_choose_by_kid_and_alg() {
    let k = encode(SECRET);
    let other = encode(&[7u8; 64]);
    let set = KeySet::from_jwks(&format!(
        r#"{{"keys":[{{"kty":"RSA","kid":"r","n":"x","e":"AQAB"}},{{"kty":"oct","kid":"a","k":"{k}"}},{{"kty":"oct","kid":"b","k":"{other}"}}]}}"#
    ))
    .unwrap();
    let with_kid = |kid: &str| {
        raw(
            &format!(r#"{{"alg":"HS256","kid":"{kid}"}}"#),
            "{}",
            Alg::HS256,
        )
    };
    assert!(verify(&with_kid("a"), set.clone(), opts(), 0.0).is_ok());
    assert_eq!(
        verify(&with_kid("b"), set.clone(), opts(), 0.0)
            .unwrap_err()
            .code,
        ErrorCode::SignatureVerificationFailed
    );
    assert_eq!(
        verify(&with_kid("zz"), set.clone(), opts(), 0.0)
            .unwrap_err()
            .code,
        ErrorCode::JwksNoMatchingKey
    );
    assert_eq!(
        verify(&with_kid("r"), set.clone(), opts(), 0.0)
            .unwrap_err()
            .code,
        ErrorCode::JwksNoMatchingKey
    );
    assert_eq!(
        verify(&hs256("{}"), set, opts(), 0.0).unwrap_err().code,
        ErrorCode::JwksMultipleMatchingKeys
    );
}

#[test]
fn signing_options_and_conflicts() {
    let o = SignOptions {
        alg: Some(Alg::HS384),
        kid: Some("k1".into()),
        header: Some(r#"{"x5t":"abc","n":1.25}"#.into()),
        expires_in: Some(900.0),
        not_before: Some(10.0),
        issuer: Some("me".into()),
        subject: Some("u".into()),
        audience: Some(ferrojwt::Audience::Many(vec!["a".into()])),
        jwt_id: Some(JwtId::Given("id-1".into())),
        now: Some(NOW),
        ..SignOptions::default()
    };
    let token = sign(r#"{"z":1,"a":[true]}"#, &key(), o, 0.0).unwrap();
    assert_eq!(
        decode_header(&token, 16_384).unwrap(),
        r#"{"alg":"HS384","typ":"JWT","kid":"k1","x5t":"abc","n":1.25}"#
    );
    let d = verify(
        &token,
        key(),
        VerifyOptions {
            now: Some(NOW + 10.0),
            ..VerifyOptions::default()
        },
        0.0,
    )
    .unwrap();
    assert_eq!(
        d.payload_json(),
        r#"{"z":1,"a":[true],"iat":1700000000,"nbf":1700000010,"exp":1700000900,"iss":"me","sub":"u","aud":["a"],"jti":"id-1"}"#
    );

    let random = |_: ()| {
        let o = SignOptions {
            jwt_id: Some(JwtId::Random),
            iat: IssuedAt::Omit,
            typ: None,
            ..SignOptions::default()
        };
        sign("{}", &key(), o, NOW).unwrap()
    };
    let (a, b) = (random(()), random(()));
    assert_ne!(a, b);
    let payload = decode(&a, 16_384).unwrap().payload_json().to_owned();
    assert!(
        payload.starts_with("{\"jti\":\"") && payload.len() == 32,
        "{payload}"
    );
    assert_eq!(decode_header(&a, 16_384).unwrap(), r#"{"alg":"HS256"}"#);

    // A payload `iat` wins over the implicit default, never over an explicit option.
    let own = sign(r#"{"iat":5}"#, &key(), SignOptions::default(), NOW).unwrap();
    assert_eq!(decode(&own, 16_384).unwrap().payload_json(), r#"{"iat":5}"#);
    for (payload, o) in [
        (
            r#"{"iat":5}"#,
            SignOptions {
                iat: IssuedAt::Now,
                ..SignOptions::default()
            },
        ),
        (
            r#"{"exp":5}"#,
            SignOptions {
                expires_in: Some(1.0),
                ..SignOptions::default()
            },
        ),
        (
            r#"{"sub":"x"}"#,
            SignOptions {
                subject: Some("y".into()),
                ..SignOptions::default()
            },
        ),
    ] {
        assert_eq!(
            sign(payload, &key(), o, NOW).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
    }
    for header in [
        r#"{"alg":"none"}"#,
        r#"{"typ":"x"}"#,
        r#"{"kid":"x"}"#,
        "[]",
    ] {
        let o = SignOptions {
            header: Some(header.into()),
            ..SignOptions::default()
        };
        assert_eq!(
            sign("{}", &key(), o, NOW).unwrap_err().code,
            ErrorCode::InvalidArgument,
            "{header}"
        );
    }
    assert_eq!(
        sign("[]", &key(), SignOptions::default(), NOW)
            .unwrap_err()
            .code,
        ErrorCode::JwtInvalid
    );
    assert_eq!(
        sign(r#"{"exp":"x"}"#, &key(), SignOptions::default(), NOW)
            .unwrap_err()
            .code,
        ErrorCode::ClaimValidationFailed
    );
}

#[test]
fn every_algorithm_round_trips_and_keeps_payload_bytes() {
    for alg in [Alg::HS256, Alg::HS384, Alg::HS512] {
        let o = SignOptions {
            alg: Some(alg),
            iat: IssuedAt::Omit,
            ..SignOptions::default()
        };
        let payload = r#"{"b":1,"a":"é\u0000","c":{"z":[1e3]}}"#;
        let token = sign(payload, &key(), o, NOW).unwrap();
        let d = verify(&token, key(), opts(), 0.0).unwrap();
        assert_eq!(d.payload_json(), payload);
        assert!(d.header_json().contains(alg.name()));
    }
}

#[test]
fn unencoded_payloads_are_never_signed() {
    // RFC 7797 `b64: false` changes what the signature covers: refused on
    // signing too, not only on verifying.
    let o = ferrojwt::__internal::js_options::sign_options(
        r#"{"header":"{\"b64\":false,\"crit\":[\"b64\"]}"}"#,
    )
    .unwrap();
    let e = sign("{}", &key(), o, NOW).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotSupported);
}

#[test]
fn a_one_shot_verification_answers_as_a_prepared_verifier_for_keys_that_serve_only_some_algorithms()
{
    // One-shot verification readies only the token's key; where the key
    // cannot serve any allowed algorithm, it still answers with the key's
    // error, whatever the token (as building a verifier does).
    let short = || KeySource::Key(Key::secret(&[7; 40]).unwrap());
    let o = VerifyOptions {
        algorithms: Some(vec![Alg::HS384, Alg::HS512]),
        ..VerifyOptions::default()
    };
    let want = Verifier::new(short(), o.clone()).err().unwrap();
    assert_eq!(want.code, ErrorCode::JwkInvalid, "{want:?}");
    for token in [
        "not a token",
        "eyJhbGciOiJSUzI1NiJ9.e30.AA",
        &raw("{\"alg\":\"HS384\"}", "{}", Alg::HS384),
        &hs256("{}"),
    ] {
        let got = ferrojwt::verify(token, short(), o.clone(), 0.0).unwrap_err();
        assert_eq!(
            (got.code, &got.message),
            (want.code, &want.message),
            "{token}"
        );
    }
    // A 48-byte secret serves HS256 and HS384, not HS512: each token gets
    // the prepared verifier's answer, the HS512 one included.
    let mid = || KeySource::Key(Key::secret(&[7; 48]).unwrap());
    let prepared = Verifier::new(mid(), VerifyOptions::default()).unwrap();
    for token in [
        "x.y",
        &hs256("{}"),
        &raw("{\"alg\":\"HS512\"}", "{}", Alg::HS512),
    ] {
        let want = prepared.verify(token, 0.0);
        let got = ferrojwt::verify(token, mid(), VerifyOptions::default(), 0.0);
        assert_eq!(
            got.as_ref()
                .map(|d| d.header_json().to_owned())
                .map_err(|e| (e.code, e.message.clone())),
            want.as_ref()
                .map(|d| d.header_json().to_owned())
                .map_err(|e| (e.code, e.message.clone())),
            "{token}"
        );
    }
}
