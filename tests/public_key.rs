//! Public-key algorithms (feature `public-key`): RFC 7520 and RFC 8037
//! vectors, PEM and JWK import and export, round trips for every algorithm,
//! and the attack cases of RFC 8725 (key confusion, weak RSA, psychic ECDSA
//! signatures, non-canonical EdDSA).
#![cfg(feature = "public-key")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use ferrojwt::__internal::base64url;
use ferrojwt::{sign, verify, Alg, ErrorCode, Key, KeySet, SignOptions, VerifyOptions};
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/rfc7520.json")).unwrap()
}

fn pems() -> Value {
    serde_json::from_str(include_str!("vectors/pem-keys.json")).unwrap()
}

/// The JWK without its private members.
fn public_of(jwk: &Value) -> String {
    let mut jwk = jwk.clone();
    for m in ["d", "p", "q", "dp", "dq", "qi"] {
        jwk.as_object_mut().unwrap().remove(m);
    }
    jwk.to_string()
}

/// Signature check of a compact JWS, whatever its payload.
fn signature_ok(key: &Key, alg: Alg, compact: &str) -> bool {
    let (input, sig) = compact.rsplit_once('.').unwrap();
    let sig = base64url::decode(sig).unwrap();
    key.verifying_key(alg)
        .unwrap()
        .verify(input.as_bytes(), &sig, None)
        .unwrap()
}

fn sign_input(key: &Key, alg: Alg, input: &str) -> Vec<u8> {
    let mut out = Vec::new();
    key.signing_key(alg)
        .unwrap()
        .sign_into(input.as_bytes(), &mut out)
        .unwrap();
    out
}

fn at(now: f64) -> VerifyOptions {
    VerifyOptions {
        now: Some(now),
        ..VerifyOptions::default()
    }
}

#[test]
fn rfc7520_4_1_rs256_signs_and_verifies_exactly() {
    let v = vectors();
    let token = v["rs256_4_1"].as_str().unwrap();
    let public = Key::from_jwk(&public_of(&v["rsa"])).unwrap();
    assert!(signature_ok(&public, Alg::RS256, token));
    // PKCS#1 v1.5 is deterministic: our signature is the RFC's.
    let private = Key::from_jwk(&v["rsa"].to_string()).unwrap();
    let (input, sig) = token.rsplit_once('.').unwrap();
    assert_eq!(
        base64url::encode(&sign_input(&private, Alg::RS256, input)),
        sig
    );
    // Its payload is prose, not claims: the signature passes, the JWT does not.
    let e = verify(token, public, VerifyOptions::default(), 0.0).unwrap_err();
    assert_eq!(e.code, ErrorCode::JwtInvalid);
}

#[test]
fn rfc7520_4_2_ps384_verifies_and_round_trips() {
    let v = vectors();
    let token = v["ps384_4_2"].as_str().unwrap();
    let public = Key::from_jwk(&public_of(&v["rsa"])).unwrap();
    assert!(signature_ok(&public, Alg::PS384, token));
    // The same signature is not valid as PS256 or PS512 (salt and hash are bound).
    assert!(!signature_ok(&public, Alg::PS256, token));
    assert!(!signature_ok(&public, Alg::PS512, token));
    let private = Key::from_jwk(&v["rsa"].to_string()).unwrap();
    let (input, _) = token.rsplit_once('.').unwrap();
    let ours = base64url::encode(&sign_input(&private, Alg::PS384, input));
    assert!(signature_ok(
        &public,
        Alg::PS384,
        &format!("{input}.{ours}")
    ));
}

#[test]
fn rfc7520_4_3_es512_verifies_and_round_trips() {
    let v = vectors();
    let token = v["es512_4_3"].as_str().unwrap();
    let public = Key::from_jwk(&public_of(&v["ec"])).unwrap();
    assert!(signature_ok(&public, Alg::ES512, token));
    let private = Key::from_jwk(&v["ec"].to_string()).unwrap();
    let (input, _) = token.rsplit_once('.').unwrap();
    let ours = sign_input(&private, Alg::ES512, input);
    assert_eq!(ours.len(), 132, "JOSE r || s, 66 bytes each");
    assert!(signature_ok(
        &public,
        Alg::ES512,
        &format!("{input}.{}", base64url::encode(&ours))
    ));
}

#[test]
fn rfc8037_a4_ed25519_signs_and_verifies_exactly() {
    let v = vectors();
    let token = v["eddsa_8037_a4"].as_str().unwrap();
    let private = Key::from_jwk(&v["ed25519"].to_string()).unwrap();
    let public = Key::from_jwk(&public_of(&v["ed25519"])).unwrap();
    assert!(signature_ok(&public, Alg::EdDSA, token));
    let (input, sig) = token.rsplit_once('.').unwrap();
    assert_eq!(
        base64url::encode(&sign_input(&private, Alg::EdDSA, input)),
        sig
    );
}

#[test]
fn every_algorithm_round_trips_through_sign_and_verify() {
    let v = vectors();
    let p = pems();
    let rsa = Key::from_jwk(&v["rsa"].to_string()).unwrap();
    let cases: Vec<(Alg, Key)> = vec![
        (Alg::RS256, rsa.clone()),
        (Alg::RS384, rsa.clone()),
        (Alg::RS512, rsa.clone()),
        (Alg::PS256, rsa.clone()),
        (Alg::PS384, rsa.clone()),
        (Alg::PS512, rsa),
        (
            Alg::ES256,
            Key::from_jwk(&p["P-256"]["jwk"].to_string()).unwrap(),
        ),
        (
            Alg::ES384,
            Key::from_jwk(&p["P-384"]["jwk"].to_string()).unwrap(),
        ),
        (Alg::ES512, Key::from_jwk(&v["ec"].to_string()).unwrap()),
        (
            Alg::EdDSA,
            Key::from_jwk(&v["ed25519"].to_string()).unwrap(),
        ),
        (Alg::ES256, Key::generate(Alg::ES256, 0).unwrap()),
        (Alg::EdDSA, Key::generate(Alg::EdDSA, 0).unwrap()),
    ];
    for (alg, key) in cases {
        let opts = SignOptions {
            alg: Some(alg),
            ..SignOptions::default()
        };
        let token = sign(r#"{"sub":"42"}"#, &key, opts, 1_700_000_000.0).unwrap();
        let public = Key::from_jwk(&key.to_jwk(false).unwrap()).unwrap();
        assert!(public.is_public(), "{alg:?}");
        let d = verify(&token, public.clone(), at(1_700_000_000.0), 0.0).unwrap();
        assert!(d.header_json().contains(alg.name()), "{alg:?}");
        // One changed payload byte fails the signature.
        let mut parts: Vec<&str> = token.split('.').collect();
        let other = base64url::encode(br#"{"sub":"43","iat":1700000000}"#);
        parts[1] = &other;
        let e = verify(&parts.join("."), public, at(1_700_000_000.0), 0.0).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureVerificationFailed, "{alg:?}");
    }
}

#[test]
fn pem_keys_of_every_form_import_and_agree_with_the_jwks() {
    let v = vectors();
    let p = pems();
    let rs = v["rs256_4_1"].as_str().unwrap();
    for form in ["spki", "pkcs1_public", "pkcs8", "pkcs1_private"] {
        let key = Key::from_text(p["rsa"][form].as_str().unwrap()).unwrap();
        assert!(signature_ok(&key, Alg::RS256, rs), "{form}");
    }
    let es = v["es512_4_3"].as_str().unwrap();
    for form in ["spki", "pkcs8", "sec1"] {
        let key = Key::from_text(p["p521"][form].as_str().unwrap()).unwrap();
        assert!(signature_ok(&key, Alg::ES512, es), "{form}");
    }
    let ed = v["eddsa_8037_a4"].as_str().unwrap();
    for form in ["spki", "pkcs8"] {
        let key = Key::from_text(p["ed25519"][form].as_str().unwrap()).unwrap();
        assert!(signature_ok(&key, Alg::EdDSA, ed), "{form}");
    }
    // The private PEM exports the same public JWK as the RFC's key.
    let from_pem = Key::from_text(p["rsa"]["pkcs8"].as_str().unwrap()).unwrap();
    let jwk: Value = serde_json::from_str(&from_pem.to_jwk(false).unwrap()).unwrap();
    assert_eq!(jwk["n"], v["rsa"]["n"]);
    assert_eq!(jwk["e"], "AQAB");
    assert!(jwk.get("d").is_none());
    // The private export carries every RFC 7518 member, equal to the RFC's.
    let jwk: Value = serde_json::from_str(&from_pem.to_jwk(true).unwrap()).unwrap();
    for m in ["d", "p", "q", "dp", "dq", "qi"] {
        assert_eq!(jwk[m], v["rsa"][m], "{m}");
    }
    // Pasted with CRLF and indentation, a PEM still reads.
    let messy = p["P-256"]["spki"]
        .as_str()
        .unwrap()
        .replace('\n', "\r\n    ");
    assert!(Key::from_text(&messy).is_ok());
}

#[test]
fn malformed_and_unsupported_pem_is_refused_with_a_reason() {
    for (pem, why) in [
        (
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
            "not an RSA",
        ),
        ("-----BEGIN PUBLIC KEY-----\nMIIB\n", "no matching END"),
        (
            "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----",
            "not base64",
        ),
        (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
            "encrypted",
        ),
        (
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
            "certificate",
        ),
        (
            "-----BEGIN FOO-----\nAAAA\n-----END FOO-----",
            "unknown label",
        ),
    ] {
        let e = Key::from_text(pem).unwrap_err();
        assert_eq!(e.code, ErrorCode::JwkInvalid, "{why}");
        assert!(e.message.contains(why), "{why}: {}", e.message);
    }
}

#[test]
fn rsa_keys_under_2048_bits_are_refused() {
    let p = pems();
    let e = Key::from_jwk(&p["rsa1024"]["jwk"].to_string()).unwrap_err();
    assert_eq!(e.code, ErrorCode::JwkInvalid);
    assert!(e.message.contains("2048"), "{}", e.message);
    let e = Key::from_text(p["rsa1024"]["spki"].as_str().unwrap()).unwrap_err();
    assert!(e.message.contains("2048"), "{}", e.message);
    // In a set, the weak key is unusable but the rest of the set works, and
    // a token naming the weak key gets the reason.
    let mut weak = p["rsa1024"]["jwk"].clone();
    weak["kid"] = "weak".into();
    let mut good = serde_json::from_str::<Value>(&public_of(&vectors()["rsa"])).unwrap();
    good["kid"] = "good".into();
    let set = KeySet::from_jwks(&serde_json::json!({ "keys": [weak, good] }).to_string()).unwrap();
    let private = Key::from_jwk(&vectors()["rsa"].to_string()).unwrap();
    for (kid, ok) in [("good", true), ("weak", false)] {
        let opts = SignOptions {
            alg: Some(Alg::RS256),
            kid: Some(kid.into()),
            ..SignOptions::default()
        };
        let token = sign("{}", &private, opts, 1_700_000_000.0).unwrap();
        let r = verify(&token, set.clone(), at(1_700_000_000.0), 0.0);
        if ok {
            assert!(r.is_ok());
        } else {
            let e = r.unwrap_err();
            assert_eq!(e.code, ErrorCode::JwkInvalid);
            assert!(e.message.contains("2048"));
        }
    }
}

#[test]
fn an_rsa_public_key_used_as_an_hmac_secret_never_verifies() {
    // The RS/HS confusion attack: sign HS256 with the public key's PEM text
    // as the secret, and hope the verifier uses the PEM as a secret too.
    let p = pems();
    let pem = p["rsa"]["spki"].as_str().unwrap();
    // The library will not MAC with a key either: forge with hmac directly.
    assert_eq!(
        Key::secret(pem.as_bytes()).unwrap_err().code,
        ErrorCode::JwkInvalid
    );
    let forged = {
        use hmac::{Hmac, KeyInit, Mac};
        let input = [
            base64url::encode(br#"{"alg":"HS256","typ":"JWT"}"#),
            base64url::encode(br#"{"admin":true}"#),
        ]
        .join(".");
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(pem.as_bytes()).unwrap();
        mac.update(input.as_bytes());
        format!(
            "{input}.{}",
            base64url::encode(&mac.finalize().into_bytes())
        )
    };
    let key = Key::from_text(pem).unwrap();
    let e = verify(&forged, key.clone(), at(1_700_000_000.0), 0.0).unwrap_err();
    assert_eq!(e.code, ErrorCode::AlgNotAllowed);
    // Even with HS256 explicitly allowed, the RSA key cannot serve it.
    let opts = VerifyOptions {
        algorithms: Some(vec![Alg::HS256, Alg::RS256]),
        ..at(1_700_000_000.0)
    };
    assert_eq!(
        verify(&forged, key, opts, 0.0).unwrap_err().code,
        ErrorCode::AlgNotAllowed
    );
    // And a secret never verifies an RS256 token.
    let v = vectors();
    let private = Key::from_jwk(&v["rsa"].to_string()).unwrap();
    let opts = SignOptions {
        alg: Some(Alg::RS256),
        ..SignOptions::default()
    };
    let rs = sign("{}", &private, opts, 1_700_000_000.0).unwrap();
    let secret = Key::secret(&[7; 64]).unwrap();
    assert_eq!(
        verify(&rs, secret, at(1_700_000_000.0), 0.0)
            .unwrap_err()
            .code,
        ErrorCode::AlgNotAllowed
    );
}

#[test]
fn psychic_and_malformed_ecdsa_signatures_fail() {
    let p = pems();
    let key = Key::from_jwk(&p["P-256"]["jwk"].to_string()).unwrap();
    let input = "eyJhbGciOiJFUzI1NiJ9.e30";
    let good = sign_input(&key, Alg::ES256, input);
    let ok = |sig: &[u8]| {
        signature_ok(
            &key,
            Alg::ES256,
            &format!("{input}.{}", base64url::encode(sig)),
        )
    };
    assert!(ok(&good));
    // r = s = 0 (CVE-2022-21449), r = s = n, and DER instead of r || s.
    assert!(!ok(&[0u8; 64]));
    let n = base64url::decode("_____wAAAAD__________7zm-q2nF56E87nKwvxjJVE").unwrap();
    assert!(!ok(&[n.clone(), n].concat()));
    assert!(!ok(&good[..63]));
    let mut der = vec![0x30, 0x44, 0x02, 0x20];
    der.extend_from_slice(&good[..32]);
    der.extend_from_slice(&[0x02, 0x20]);
    der.extend_from_slice(&good[32..]);
    assert!(!ok(&der));
    // A P-256 key never verifies ES384 or ES512, even when allowed.
    assert!(key.verifying_key(Alg::ES384).is_err());
}

#[test]
fn eddsa_verification_is_strict() {
    let v = vectors();
    let key = Key::from_jwk(&public_of(&v["ed25519"])).unwrap();
    let token = v["eddsa_8037_a4"].as_str().unwrap();
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut sig = base64url::decode(sig).unwrap();
    // S + L (the group order) is the same signature in a non-canonical form.
    let l: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let mut carry = 0u16;
    for i in 0..32 {
        let s = u16::from(sig[32 + i]) + u16::from(l[i]) + carry;
        sig[32 + i] = s as u8;
        carry = s >> 8;
    }
    let compact = format!("{input}.{}", base64url::encode(&sig));
    assert!(!signature_ok(&key, Alg::EdDSA, &compact));
    // A small-order public key (the identity) is refused or never verifies.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let jwk = serde_json::json!({"kty":"OKP","crv":"Ed25519","x": base64url::encode(&identity)});
    if let Ok(weak) = Key::from_jwk(&jwk.to_string()) {
        let zero_sig = [identity.to_vec(), vec![0; 32]].concat();
        assert!(!signature_ok(
            &weak,
            Alg::EdDSA,
            &format!("{input}.{}", base64url::encode(&zero_sig))
        ));
    }
}

#[test]
fn jwk_members_must_fit_and_agree() {
    let v = vectors();
    let p = pems();
    let mut bad_alg = v["ec"].clone();
    bad_alg["alg"] = "ES256".into(); // a P-521 key
    let mut short_x = p["P-256"]["jwk"].clone();
    short_x["x"] = base64url::encode(&[1; 31]).into();
    let mut other_d = p["P-256"]["jwk"].clone();
    other_d["d"] = base64url::encode(&[1; 32]).into();
    let mut off_curve = p["P-256"]["jwk"].clone();
    off_curve["y"] = off_curve["x"].clone();
    let mut rsa_as_hs = v["rsa"].clone();
    rsa_as_hs["alg"] = "HS256".into();
    let mut p_only = v["rsa"].clone();
    p_only.as_object_mut().unwrap().remove("q");
    for (jwk, why) in [
        (bad_alg, "alg"),
        (short_x, "length"),
        (other_d, "belong"),
        (off_curve, "curve"),
        (rsa_as_hs, "alg"),
        (p_only, "\"p\""),
        (
            serde_json::json!({"kty":"EC","crv":"P-192","x":"AA","y":"AA"}),
            "crv",
        ),
        (
            serde_json::json!({"kty":"OKP","crv":"X25519","x":"AA"}),
            "Ed25519",
        ),
        (serde_json::json!({"kty":"RSA","e":"AQAB"}), "\"n\""),
    ] {
        let e = Key::from_jwk(&jwk.to_string()).unwrap_err();
        assert_eq!(e.code, ErrorCode::JwkInvalid, "{why}");
        assert!(e.message.contains(why), "{why}: {}", e.message);
    }
}

#[test]
fn public_keys_cannot_sign_and_default_algorithms_follow_the_key() {
    let v = vectors();
    let public = Key::from_jwk(&public_of(&v["rsa"])).unwrap();
    let e = sign("{}", &public, SignOptions::default(), 0.0).unwrap_err();
    assert_eq!(e.code, ErrorCode::JwkInvalid);
    assert!(e.message.contains("public key cannot sign"));
    for (jwk, alg) in [
        (v["ec"].clone(), "ES512"),
        (v["ed25519"].clone(), "EdDSA"),
        (v["rsa"].clone(), "RS256"),
    ] {
        let key = Key::from_jwk(&jwk.to_string()).unwrap();
        let token = sign("{}", &key, SignOptions::default(), 0.0).unwrap();
        let header = ferrojwt::decode_header(&token, 16384).unwrap();
        assert!(header.contains(alg), "{header}");
    }
}

/// A platform that answers from a table: what the npm package's node:crypto
/// and WebCrypto platforms do, seen from the core.
struct TablePlatform {
    answer: ferrojwt::Answer,
    imported: std::sync::Mutex<Vec<(String, Alg)>>,
}

impl ferrojwt::Platform for TablePlatform {
    fn id(&self) -> u64 {
        self as *const Self as u64
    }

    fn import_key(&self, public_jwk: &str, alg: Alg) -> Option<u32> {
        let mut imported = self.imported.lock().unwrap();
        imported.push((public_jwk.to_owned(), alg));
        Some(imported.len() as u32)
    }

    fn verify(&self, handle: u32, _input: &[u8], _signature: &[u8]) -> ferrojwt::Answer {
        assert_eq!(handle, 1);
        self.answer
    }
}

#[test]
fn a_platform_gets_the_vetted_public_jwk_and_decides_the_signature() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<ferrojwt::Verifier>();
    send_sync::<ferrojwt::Signer>();
    let private = Key::generate(Alg::ES256, 0).unwrap();
    let public = Key::from_jwk(&private.to_jwk(false).unwrap()).unwrap();
    let token = ferrojwt::sign(r#"{"sub":"u"}"#, &private, SignOptions::default(), 1e9).unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        base64url::encode(br#"{"sub":"admin"}"#),
        parts[2]
    );
    use ferrojwt::Answer;
    for (answer, token_ok, forged_ok) in [
        (Answer::Valid, true, true),
        (Answer::Invalid, false, false),
        (Answer::Later, true, false),
        (Answer::Refused, true, false),
    ] {
        let platform = TablePlatform {
            answer,
            imported: Default::default(),
        };
        let verifier = ferrojwt::Verifier::with_platform(
            ferrojwt::KeySource::Key(public.clone()),
            VerifyOptions::default(),
            Some(&platform),
        )
        .unwrap();
        let imported = platform.imported.lock().unwrap().clone();
        assert_eq!(imported.len(), 1);
        assert!(
            imported[0].0.starts_with(r#"{"kty":"EC","crv":"P-256""#)
                && !imported[0].0.contains("\"d\"")
        );
        assert_eq!(imported[0].1, Alg::ES256);
        // With the platform, its answer decides (Later and Refused: the
        // core's own arithmetic).
        assert_eq!(
            verifier.verify_on(&token, 1e9, Some(&platform)).is_ok(),
            token_ok,
            "{answer:?}"
        );
        assert_eq!(
            verifier.verify_on(&forged, 1e9, Some(&platform)).is_ok(),
            forged_ok,
            "{answer:?}"
        );
        // Another platform's handle 1 may be another key: its answer is
        // never taken, the core's arithmetic decides.
        let other = TablePlatform {
            answer: Answer::Valid,
            imported: Default::default(),
        };
        assert!(verifier.verify_on(&token, 1e9, Some(&other)).is_ok());
        assert!(verifier.verify_on(&forged, 1e9, Some(&other)).is_err());
        // Without it, the core's own arithmetic.
        assert!(verifier.verify(&token, 1e9).is_ok());
        assert!(verifier.verify(&forged, 1e9).is_err());
    }
}
