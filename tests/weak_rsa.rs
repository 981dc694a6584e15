//! RSA keys of an accepted size that are weak all the same (issue 12, part 4):
//! a public exponent of 1, below 3 or even, and moduli with the ROCA
//! fingerprint (CVE-2017-15361). Each is refused with `ERR_JWK_INVALID` and
//! its own reason in every form a key can come in: public and private JWK,
//! SPKI, PKCS#8, PKCS#1 public and private PEM. The keys are in
//! tests/vectors/weak-rsa.json, made by scripts/gen-weak-rsa.py.
#![cfg(feature = "public-key")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use ferrojwt::{sign, verify, Alg, ErrorCode, Key, KeySet, SignOptions, VerifyOptions};
use serde_json::Value;

const NOW: f64 = 1_700_000_000.0;
const PEM_FORMS: [&str; 4] = ["spki", "pkcs1_public", "pkcs8", "pkcs1_private"];

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/weak-rsa.json")).unwrap()
}

/// Each weak key of the vectors file with the words its refusal must contain.
fn weak_keys() -> Vec<(&'static str, Value, &'static str)> {
    let v = vectors();
    [
        ("roca", "ROCA fingerprint (CVE-2017-15361"),
        ("e1", "public exponent e is 1"),
        ("e2", "public exponent e is below 3"),
        ("e4", "public exponent e is even"),
        ("e65538", "public exponent e is even"),
    ]
    .into_iter()
    .map(|(name, why)| (name, v["weak"][name].clone(), why))
    .collect()
}

/// The JWK without its private members.
fn public_of(jwk: &Value) -> Value {
    let mut jwk = jwk.clone();
    for m in ["d", "p", "q", "dp", "dq", "qi"] {
        jwk.as_object_mut().unwrap().remove(m);
    }
    jwk
}

fn with_kid(jwk: &Value, kid: &str) -> Value {
    let mut jwk = jwk.clone();
    jwk["kid"] = kid.into();
    jwk
}

fn at(now: f64) -> VerifyOptions {
    VerifyOptions {
        now: Some(now),
        ..VerifyOptions::default()
    }
}

fn rs256(kid: &str) -> SignOptions {
    SignOptions {
        alg: Some(Alg::RS256),
        kid: Some(kid.into()),
        ..SignOptions::default()
    }
}

fn assert_refused(result: Result<Key, ferrojwt::JwtError>, why: &str, what: &str) {
    assert!(result.is_err(), "{what}: accepted");
    let e = result.err().unwrap();
    assert_eq!(e.code, ErrorCode::JwkInvalid, "{what}: {}", e.message);
    assert!(e.message.contains(why), "{what}: {:?}", e.message);
}

#[test]
fn the_vectors_are_what_they_claim() {
    // The generator checked these with its own copy of the detector; the
    // control key must not carry the fingerprint, the ROCA key must.
    let v = vectors();
    assert_eq!(v["control"]["roca_fingerprint"], false);
    assert_eq!(v["weak"]["roca"]["roca_fingerprint"], true);
    assert_eq!(v["weak"]["roca"]["jwk"]["e"], "AQAB");
    for (name, e) in [("e1", "AQ"), ("e2", "Ag"), ("e4", "BA"), ("e65538", "AQAC")] {
        assert_eq!(v["weak"][name]["jwk"]["e"], e, "{name}");
        // Same modulus as the control key: only the exponent is wrong.
        assert_eq!(v["weak"][name]["jwk"]["n"], v["control"]["jwk"]["n"]);
    }
}

#[test]
fn the_control_key_is_accepted_in_every_form_and_round_trips() {
    let control = &vectors()["control"];
    let private = Key::from_jwk(&control["jwk"].to_string()).unwrap();
    let token = sign(r#"{"sub":"ok"}"#, &private, rs256("good"), NOW).unwrap();
    let public = Key::from_jwk(&public_of(&control["jwk"]).to_string()).unwrap();
    assert!(verify(&token, public, at(NOW), 0.0).is_ok());
    for form in PEM_FORMS {
        let key = Key::from_text(control[form].as_str().unwrap())
            .map_err(|e| format!("{form}: {}", e.message))
            .unwrap();
        assert!(verify(&token, key, at(NOW), 0.0).is_ok(), "{form}");
    }
}

#[test]
fn weak_rsa_jwks_are_refused_with_their_reason() {
    for (name, key, why) in weak_keys() {
        let jwk = &key["jwk"];
        assert_refused(
            Key::from_jwk(&public_of(jwk).to_string()),
            why,
            &format!("{name} public JWK"),
        );
        // The private JWK too: refused before any private arithmetic, so it
        // can never sign.
        assert_refused(
            Key::from_jwk(&jwk.to_string()),
            why,
            &format!("{name} private JWK"),
        );
    }
}

#[test]
fn weak_rsa_pem_keys_are_refused_with_their_reason() {
    for (name, key, why) in weak_keys() {
        for form in PEM_FORMS {
            assert_refused(
                Key::from_text(key[form].as_str().unwrap()),
                why,
                &format!("{name} {form}"),
            );
        }
    }
}

#[test]
fn in_a_key_set_a_weak_key_gives_its_reason_and_the_good_key_still_verifies() {
    let v = vectors();
    let good_private = Key::from_jwk(&v["control"]["jwk"].to_string()).unwrap();
    let good = with_kid(&public_of(&v["control"]["jwk"]), "good");
    for (name, key, why) in weak_keys() {
        let weak = with_kid(&public_of(&key["jwk"]), name);
        let set = KeySet::from_jwks(&serde_json::json!({ "keys": [weak, good] }).to_string())
            .map_err(|e| format!("{name}: the set itself was refused: {}", e.message))
            .unwrap();
        let token = sign("{}", &good_private, rs256("good"), NOW).unwrap();
        assert!(verify(&token, set.clone(), at(NOW), 0.0).is_ok(), "{name}");
        // A token naming the weak key: the key's reason, whatever the
        // signature (here the good key's, which the weak key must never get
        // to check).
        let token = sign("{}", &good_private, rs256(name), NOW).unwrap();
        let e = verify(&token, set, at(NOW), 0.0).unwrap_err();
        assert_eq!(e.code, ErrorCode::JwkInvalid, "{name}: {}", e.message);
        assert!(e.message.contains(why), "{name}: {:?}", e.message);
    }
}
