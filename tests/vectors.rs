//! Known-answer tests: RFC examples and tokens made by other libraries.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use ferrojwt::{decode, verify, Alg, ErrorCode, Key, VerifyOptions, DEFAULT_MAX_TOKEN_LENGTH};

/// RFC 7515 appendix A.1 (also the example of RFC 7519 section 3.1).
const RFC7515_A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC7515_A1_JWK: &str = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;

fn at(now: f64) -> VerifyOptions {
    VerifyOptions {
        now: Some(now),
        ..VerifyOptions::default()
    }
}

#[test]
fn rfc7515_a1_verifies_before_its_expiry() {
    let key = Key::from_jwk(RFC7515_A1_JWK).unwrap();
    let d = verify(RFC7515_A1, key, at(1_300_819_379.0), 0.0).unwrap();
    assert_eq!(d.header_json(), "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
    assert_eq!(
        d.payload_json(),
        "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"
    );
}

#[test]
fn rfc7519_3_1_is_expired_at_and_after_exp() {
    let key = Key::from_jwk(RFC7515_A1_JWK).unwrap();
    for now in [1_300_819_380.0, 1_700_000_000.0] {
        let e = verify(RFC7515_A1, key.clone(), at(now), 0.0).unwrap_err();
        assert_eq!(e.code, ErrorCode::Expired);
        assert_eq!(e.claim.as_deref(), Some("exp"));
        assert!(e.payload.unwrap().contains("\"iss\":\"joe\""));
    }
    // A tolerance of one second makes the boundary instant valid again.
    let opts = VerifyOptions {
        clock_tolerance: 1.0,
        ..at(1_300_819_380.0)
    };
    assert!(verify(RFC7515_A1, key, opts, 0.0).is_ok());
}

#[test]
fn rfc7515_a1_signature_bytes_match() {
    // The MAC over the exact signing input equals the RFC's signature.
    let key = Key::from_jwk(RFC7515_A1_JWK).unwrap();
    let secret = ferrojwt::__internal::base64url::decode(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
    )
    .unwrap();
    let mac = ferrojwt::__internal::mac::MacKey::new(Alg::HS256, &secret).unwrap();
    let (input, sig) = RFC7515_A1.rsplit_once('.').unwrap();
    let mut out = Vec::new();
    mac.sign_into(input.as_bytes(), &mut out);
    assert_eq!(ferrojwt::__internal::base64url::encode(&out), sig);
    // One flipped bit anywhere in the signed part fails.
    let tampered = RFC7515_A1.replacen("eyJpc3MiOiJqb2Ui", "eyJpc3MiOiJqb2Xi", 1);
    let e = verify(&tampered, key, at(1_300_819_379.0), 0.0).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignatureVerificationFailed);
}

/// Tokens made by PyJWT 2 (`jwt.encode`), fixed here.
const PYJWT_HS256: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJweWp3dCIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjo0MTAyNDQ0ODAwLCJhdWQiOlsiYSIsImIiXX0.EiBjxH43clPIZ5YEfhn9wIhDM21H33yBaOwxuxgAXRg";
const PYJWT_HS384: &str = "eyJhbGciOiJIUzM4NCIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJzdWIiOiJweWp3dCIsImlhdCI6MTcwMDAwMDAwMH0.j7T9rz99W2gNwZHcnch9_pMOFHF7YrA1kRvX7hn94pU7wnG9XvOcIOv6cZKqhCmI";
const PYJWT_HS512: &str = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJweWp3dCIsIm5lc3RlZCI6eyJ4IjpbMSwyLjUsbnVsbF19fQ.inzD21LCU4IskVixCggv3vkIUTTpJPyt_7T9TrMqBtRSadnwmjqF6zEbzJO3-zx5SCa4JWmK0bQM5jdMrQH1mw";

#[test]
fn pyjwt_tokens_verify_for_each_algorithm() {
    let now = 1_800_000_000.0;
    let opts = VerifyOptions {
        audience: Some(vec!["b".into()]),
        ..at(now)
    };
    let d = verify(PYJWT_HS256, Key::secret(&[b'p'; 32]).unwrap(), opts, 0.0).unwrap();
    assert!(d.payload_json().contains("\"aud\":[\"a\",\"b\"]"));

    let d = verify(PYJWT_HS384, Key::secret(&[b'q'; 48]).unwrap(), at(now), 0.0).unwrap();
    assert!(d.header_json().contains("\"kid\":\"k1\""));

    let d = verify(PYJWT_HS512, Key::secret(&[b'k'; 64]).unwrap(), at(now), 0.0).unwrap();
    assert_eq!(
        d.payload_json(),
        r#"{"sub":"pyjwt","nested":{"x":[1,2.5,null]}}"#
    );

    // The wrong key of the right length fails for each.
    for (token, len) in [(PYJWT_HS256, 32), (PYJWT_HS384, 48), (PYJWT_HS512, 64)] {
        let opts = VerifyOptions {
            audience: None,
            ..at(now)
        };
        let e = verify(token, Key::secret(&vec![b'z'; len]).unwrap(), opts, 0.0).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureVerificationFailed);
    }
}

#[test]
fn decode_checks_the_signature_segment_form() {
    // Found by the decode fuzz target: a signature segment that is not
    // base64url (here its last character has non-canonical trailing bits)
    // was accepted by decode though verify refuses it.
    let (input, sig) = PYJWT_HS384.rsplit_once('.').unwrap();
    for bad in [
        format!("{sig}="),
        format!("{sig}*"),
        format!("{}B", &sig[..sig.len() - 1]),
    ] {
        let token = format!("{input}.{bad}");
        if ferrojwt::__internal::base64url::decode(&bad).is_some() {
            continue; // that change happened to stay canonical
        }
        let e = decode(&token, DEFAULT_MAX_TOKEN_LENGTH).unwrap_err();
        assert_eq!(e.code, ErrorCode::JwsInvalid, "{bad}");
    }
    // The fuzzer's own input, reduced: RFC 7515 A.1 with one signature character changed.
    let crash = RFC7515_A1.replace(".dBjftJeZ4CVP", ".dBissjftJeZ4CVP");
    assert_eq!(
        decode(&crash, DEFAULT_MAX_TOKEN_LENGTH).unwrap_err().code,
        ErrorCode::JwsInvalid
    );
}

#[test]
fn decode_reads_without_a_key() {
    let d = decode(PYJWT_HS384, DEFAULT_MAX_TOKEN_LENGTH).unwrap();
    assert_eq!(d.payload_json(), r#"{"sub":"pyjwt","iat":1700000000}"#);
    assert_eq!(
        d.into_json(),
        r#"{"header":{"alg":"HS384","kid":"k1","typ":"JWT"},"payload":{"sub":"pyjwt","iat":1700000000}}"#
    );
}
