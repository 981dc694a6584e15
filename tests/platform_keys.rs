//! The HMAC-only build's public keys (issue 16): RSA and EC public JWKs
//! verified by the platform's native crypto, with no arithmetic of the
//! core's own. What the core still owns is tested here with a platform that
//! answers from a table: the RSA gate, the EC curve and lengths, private and
//! OKP keys, the allowlist, the signature length, and what each platform
//! answer becomes. The platforms' arithmetic (node:crypto, WebCrypto) is
//! tested from JS (tests/js/platform-keys.test.mjs).
#![cfg(not(feature = "public-key"))]
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::sync::Mutex;

use ferrojwt::{
    sign, Alg, Answer, ErrorCode, Key, KeySet, KeySource, Platform, SignOptions, Verifier,
    VerifyOptions,
};
use serde_json::{json, Value};

const NOW: f64 = 1_700_000_000.0;

fn rfc7520() -> Value {
    serde_json::from_str(include_str!("vectors/rfc7520.json")).unwrap()
}

fn weak() -> Value {
    serde_json::from_str(include_str!("vectors/weak-rsa.json")).unwrap()
}

/// The JWK without its private members.
fn public_of(jwk: &Value) -> Value {
    let mut jwk = jwk.clone();
    for m in ["d", "p", "q", "dp", "dq", "qi"] {
        jwk.as_object_mut().unwrap().remove(m);
    }
    jwk
}

/// A platform that imports every key (unless told to refuse) and answers
/// `answer`, counting its calls.
struct TablePlatform {
    answer: Answer,
    refuse_imports: bool,
    imported: Mutex<Vec<(String, Alg)>>,
    verified: Mutex<usize>,
    /// The handle of each check.
    asked: Mutex<Vec<u32>>,
}

impl TablePlatform {
    fn answering(answer: Answer) -> TablePlatform {
        TablePlatform {
            answer,
            refuse_imports: false,
            imported: Mutex::default(),
            verified: Mutex::default(),
            asked: Mutex::default(),
        }
    }
}

impl Platform for TablePlatform {
    fn id(&self) -> u64 {
        self as *const Self as u64
    }

    fn import_key(&self, public_jwk: &str, alg: Alg) -> Option<u32> {
        if self.refuse_imports {
            return None;
        }
        let mut imported = self.imported.lock().unwrap();
        imported.push((public_jwk.to_owned(), alg));
        Some(imported.len() as u32)
    }

    fn verify(&self, handle: u32, _input: &[u8], _signature: &[u8]) -> Answer {
        *self.verified.lock().unwrap() += 1;
        self.asked.lock().unwrap().push(handle);
        self.answer
    }
}

fn verifier(key: &Value, platform: Option<&dyn Platform>) -> ferrojwt::Result<Verifier> {
    let key = Key::from_jwk(&key.to_string())?;
    Verifier::with_platform(KeySource::Key(key), VerifyOptions::default(), platform)
}

fn rs256_vector() -> (Value, String) {
    let v = rfc7520();
    (
        public_of(&v["rsa"]),
        v["rs256_4_1"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn the_platform_gets_the_vetted_public_jwk_for_each_allowed_alg_and_decides() {
    let (jwk, token) = rs256_vector();
    let platform = TablePlatform::answering(Answer::Valid);
    let v = verifier(&jwk, Some(&platform)).unwrap();
    let imported = platform.imported.lock().unwrap().clone();
    let algs: Vec<Alg> = imported.iter().map(|(_, a)| *a).collect();
    assert_eq!(
        algs,
        [
            Alg::RS256,
            Alg::RS384,
            Alg::RS512,
            Alg::PS256,
            Alg::PS384,
            Alg::PS512
        ]
    );
    let sent: Value = serde_json::from_str(&imported[0].0).unwrap();
    assert_eq!(
        sent,
        json!({"kty": "RSA", "n": jwk["n"], "e": jwk["e"]}),
        "only the public members, as given"
    );
    // The RFC 7520 payload is no JSON object: the signature passed and the
    // claims were read (and refused), so the answer was taken.
    let err = v.verify_on(&token, NOW, Some(&platform)).unwrap_err();
    assert_eq!(err.code, ErrorCode::JwtInvalid, "{err:?}");
    assert_eq!(*platform.verified.lock().unwrap(), 1);

    let no = TablePlatform::answering(Answer::Invalid);
    let v = verifier(&jwk, Some(&no)).unwrap();
    let err = v.verify_on(&token, NOW, Some(&no)).unwrap_err();
    assert_eq!(err.code, ErrorCode::SignatureVerificationFailed);
}

#[test]
fn each_token_reaches_the_handle_imported_for_its_own_alg() {
    // One RSA key with no `alg` serves six algorithms: six handles, and a
    // token's check must go to the one of the alg its header names (an
    // RS256 signature under the PS256 handle would be checked as PSS).
    let (jwk, token) = rs256_vector();
    let platform = TablePlatform::answering(Answer::Invalid);
    let v = verifier(&jwk, Some(&platform)).unwrap();
    let handle_of = |alg| {
        let imported = platform.imported.lock().unwrap();
        imported.iter().position(|(_, a)| *a == alg).unwrap() as u32 + 1
    };
    let (_, rest) = token.split_once('.').unwrap();
    for alg in [Alg::RS256, Alg::PS384, Alg::RS512, Alg::PS256] {
        let header = ferrojwt::__internal::base64url::encode(
            format!(r#"{{"alg":"{}","kid":"k"}}"#, alg.name()).as_bytes(),
        );
        let err = v
            .verify_on(&format!("{header}.{rest}"), NOW, Some(&platform))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::SignatureVerificationFailed);
        assert_eq!(
            platform.asked.lock().unwrap().pop(),
            Some(handle_of(alg)),
            "{alg:?}"
        );
    }
}

#[test]
fn a_one_shot_verification_imports_only_what_its_token_selects_with_the_prepared_answers() {
    let (jwk, token) = rs256_vector();
    let key = || KeySource::Key(Key::from_jwk(&jwk.to_string()).unwrap());
    let once = |token: &str, platform: &TablePlatform| {
        ferrojwt::verify_on(token, key(), VerifyOptions::default(), NOW, Some(platform))
    };
    // The signature passed (the RFC 7520 payload is then refused as no
    // object), with one import: the token's RS256, not all six.
    let platform = TablePlatform::answering(Answer::Valid);
    assert_eq!(
        once(&token, &platform).unwrap_err().code,
        ErrorCode::JwtInvalid
    );
    let imported = platform.imported.lock().unwrap().clone();
    assert_eq!(
        imported.iter().map(|(_, a)| *a).collect::<Vec<_>>(),
        [Alg::RS256]
    );
    // A token the key cannot serve: the key's first algorithm is readied
    // once, to tell that it is usable (a prepared verifier of an unusable key
    // is never built, and says so), then the token's own error.
    let hs = "eyJhbGciOiJIUzI1NiJ9.e30.AA";
    assert_eq!(
        once(hs, &platform).unwrap_err().code,
        ErrorCode::AlgNotAllowed
    );
    assert_eq!(platform.imported.lock().unwrap().len(), 2);
    // The same token against a key the platform refuses: the key's error,
    // as building a prepared verifier gives it.
    let refusing = TablePlatform {
        refuse_imports: true,
        ..TablePlatform::answering(Answer::Valid)
    };
    let want = verifier(&jwk, Some(&refusing)).err().unwrap();
    let got = once(hs, &refusing).unwrap_err();
    assert_eq!((got.code, &got.message), (want.code, &want.message));
    // Each answer means what it means to a prepared verifier.
    for answer in [Answer::Invalid, Answer::Later, Answer::Refused] {
        let platform = TablePlatform::answering(answer);
        let prepared = verifier(&jwk, Some(&platform)).unwrap();
        let want = prepared
            .verify_on(&token, NOW, Some(&platform))
            .unwrap_err();
        let got = once(&token, &platform).unwrap_err();
        assert_eq!(
            (got.code, &got.message),
            (want.code, &want.message),
            "{answer:?}"
        );
    }
    // A key refused at import: the prepared verifier fails when built, the
    // one-shot call when its token selects the key, with the same error.
    let at_import = TablePlatform {
        refuse_imports: true,
        ..TablePlatform::answering(Answer::Valid)
    };
    let want = verifier(&jwk, Some(&at_import)).err().unwrap();
    let got = once(&token, &at_import).unwrap_err();
    assert_eq!((got.code, &got.message), (want.code, &want.message));
}

#[test]
fn options_naming_an_algorithm_this_build_does_not_verify_are_refused() {
    let (jwk, _) = rs256_vector();
    let key = Key::from_jwk(&jwk.to_string()).unwrap();
    let platform = TablePlatform::answering(Answer::Valid);
    let options = VerifyOptions {
        algorithms: Some(vec![Alg::RS256, Alg::EdDSA]),
        ..VerifyOptions::default()
    };
    let err = Verifier::with_platform(KeySource::Key(key), options, Some(&platform))
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::NotSupported);
    assert!(err.message.contains("EdDSA"), "{}", err.message);
}

#[test]
fn a_platform_that_cannot_answer_now_or_refused_the_key_is_an_error_never_a_pass() {
    let (jwk, token) = rs256_vector();
    let later = TablePlatform::answering(Answer::Later);
    let v = verifier(&jwk, Some(&later)).unwrap();
    let err = v.verify_on(&token, NOW, Some(&later)).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotSupported);
    assert!(err.message.contains("use verifyAsync"), "{}", err.message);

    let refused = TablePlatform::answering(Answer::Refused);
    let v = verifier(&jwk, Some(&refused)).unwrap();
    let err = v.verify_on(&token, NOW, Some(&refused)).unwrap_err();
    assert_eq!(err.code, ErrorCode::JwkInvalid);
    assert!(
        err.message.contains("refused the key for RS256"),
        "{}",
        err.message
    );

    // Refused at import (node:crypto knows at once): the key is unusable.
    let at_import = TablePlatform {
        refuse_imports: true,
        ..TablePlatform::answering(Answer::Valid)
    };
    let err = verifier(&jwk, Some(&at_import)).err().unwrap();
    assert_eq!(err.code, ErrorCode::JwkInvalid);

    // No platform, or another platform than the one holding the handle.
    let err = verifier(&jwk, None).err().unwrap();
    assert_eq!(err.code, ErrorCode::NotSupported);
    assert!(err.message.contains("ferrojwt/full"), "{}", err.message);
    let yes = TablePlatform::answering(Answer::Valid);
    let v = verifier(&jwk, Some(&yes)).unwrap();
    let other = TablePlatform::answering(Answer::Valid);
    for platform in [None, Some(&other as &dyn Platform)] {
        let err = v.verify_on(&token, NOW, platform).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotSupported);
    }
    assert_eq!(*other.verified.lock().unwrap(), 0);
}

#[test]
fn a_signature_of_another_length_fails_before_the_platform_is_asked() {
    let (jwk, token) = rs256_vector();
    let platform = TablePlatform::answering(Answer::Valid);
    let v = verifier(&jwk, Some(&platform)).unwrap();
    let (input, sig) = token.rsplit_once('.').unwrap();
    // 256 bytes are 342 base64url characters: one fewer byte, and one more.
    for forged in [&sig[..340], &format!("{sig}AA")[..]] {
        let err = v
            .verify_on(&format!("{input}.{forged}"), NOW, Some(&platform))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::SignatureVerificationFailed);
    }
    assert_eq!(*platform.verified.lock().unwrap(), 0);
}

#[test]
fn weak_rsa_keys_are_refused_with_their_reason_as_in_the_full_build() {
    let v = weak();
    for (name, why) in [
        ("roca", "ROCA fingerprint (CVE-2017-15361"),
        ("e1", "public exponent e is 1"),
        ("e2", "public exponent e is below 3"),
        ("e4", "public exponent e is even"),
        ("e65538", "public exponent e is even"),
    ] {
        let jwk = public_of(&v["weak"][name]["jwk"]);
        let err = Key::from_jwk(&jwk.to_string()).unwrap_err();
        assert_eq!(err.code, ErrorCode::JwkInvalid, "{name}");
        assert!(err.message.contains(why), "{name}: {}", err.message);
    }
    let control = public_of(&v["control"]["jwk"]);
    let platform = TablePlatform::answering(Answer::Valid);
    verifier(&control, Some(&platform)).unwrap();
}

/// The P-521 field prime, 2^521 - 1, as 66 big-endian bytes.
fn p521() -> Vec<u8> {
    let mut p = vec![0xff; 66];
    p[0] = 0x01;
    p
}

#[test]
fn ec_keys_need_a_known_curve_and_exact_coordinates() {
    let ec = public_of(&rfc7520()["ec"]);
    let platform = TablePlatform::answering(Answer::Valid);
    verifier(&ec, Some(&platform)).unwrap();
    let imported = platform.imported.lock().unwrap().clone();
    assert_eq!(imported.len(), 1);
    assert_eq!(imported[0].1, Alg::ES512);
    assert!(imported[0]
        .0
        .starts_with(r#"{"kty":"EC","crv":"P-521","x":"#));
    for (change, why) in [
        (json!({"crv": "P-192"}), "not P-256, P-384 or P-521"),
        (json!({"crv": "P-256"}), "wrong length for its curve"),
        (json!({"x": null}), "needs \"x\""),
        (json!({"y": "AQAB"}), "wrong length for its curve"),
        (json!({"alg": "ES256"}), "does not fit its curve"),
        // p itself, and all ones: each names a point only modulo p.
        (
            json!({"x": ferrojwt::__internal::base64url::encode(&p521())}),
            "below its curve's prime",
        ),
        (
            json!({"y": ferrojwt::__internal::base64url::encode(&[0xff; 66])}),
            "below its curve's prime",
        ),
        (json!({"alg": "EdDSA"}), "another key type"),
    ] {
        let mut bad = ec.clone();
        for (k, val) in change.as_object().unwrap() {
            if val.is_null() {
                bad.as_object_mut().unwrap().remove(k);
            } else {
                bad[k] = val.clone();
            }
        }
        let err = Key::from_jwk(&bad.to_string()).unwrap_err();
        assert_eq!(err.code, ErrorCode::JwkInvalid, "{change}");
        assert!(err.message.contains(why), "{change}: {}", err.message);
    }
}

#[test]
fn private_pem_and_okp_keys_and_signing_point_to_the_full_build() {
    let v = rfc7520();
    for private in [&v["rsa"], &v["ec"]] {
        let err = Key::from_jwk(&private.to_string()).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotSupported);
        assert!(err.message.contains("ferrojwt/full"), "{}", err.message);
    }
    let err = Key::from_jwk(&public_of(&v["ed25519"]).to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::JwkInvalid);
    assert!(err
        .message
        .contains("OKP (Ed25519) keys are in ferrojwt/full"));
    let pem = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n";
    assert_eq!(Key::from_text(pem).unwrap_err().code, ErrorCode::JwkInvalid);

    let public = Key::from_jwk(&public_of(&v["rsa"]).to_string()).unwrap();
    let err = sign("{}", &public, SignOptions::default(), NOW).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotSupported);
    assert!(err.message.contains("ferrojwt/full"), "{}", err.message);
    let hs256 = ferrojwt::__internal::js_options::sign_options(r#"{"alg":"HS256"}"#).unwrap();
    let err = sign("{}", &public, hs256, NOW).unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::JwkInvalid,
        "a type mismatch: {}",
        err.message
    );
    let secret = Key::secret(&[7; 32]).unwrap();
    let options = ferrojwt::__internal::js_options::sign_options(r#"{"alg":"RS256"}"#);
    assert_eq!(options.unwrap_err().code, ErrorCode::NotSupported);
    assert!(sign("{}", &secret, SignOptions::default(), NOW).is_ok());
}

#[test]
fn a_set_mixes_secrets_and_platform_keys_and_skips_okp() {
    let v = rfc7520();
    let mut rsa = public_of(&v["rsa"]);
    rsa["kid"] = json!("r");
    let mut okp = public_of(&v["ed25519"]);
    okp["kid"] = json!("o");
    let set = json!({"keys": [okp, rsa, {"kty": "oct", "k": "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", "kid": "h"}]});
    let set = KeySet::from_jwks(&set.to_string()).unwrap();
    let platform = TablePlatform::answering(Answer::Invalid);
    let v = Verifier::with_platform(
        KeySource::Set(set),
        VerifyOptions::default(),
        Some(&platform),
    )
    .unwrap();
    // An RS256 token naming kid "r" reaches the platform (which says no).
    let token = "eyJhbGciOiJSUzI1NiIsImtpZCI6InIifQ.e30.".to_owned() + &"A".repeat(342);
    let err = v.verify_on(&token, NOW, Some(&platform)).unwrap_err();
    assert_eq!(err.code, ErrorCode::SignatureVerificationFailed);
    assert_eq!(*platform.verified.lock().unwrap(), 1);
    // EdDSA is not this build's: never allowed, whatever the set holds.
    let eddsa = "eyJhbGciOiJFZERTQSIsImtpZCI6Im8ifQ.e30.AA";
    let err = v.verify_on(eddsa, NOW, Some(&platform)).unwrap_err();
    assert_eq!(err.code, ErrorCode::AlgNotAllowed);
}

#[test]
fn many_threads_verify_through_one_platform() {
    let (jwk, token) = rs256_vector();
    let platform = TablePlatform::answering(Answer::Invalid);
    let v = verifier(&jwk, Some(&platform)).unwrap();
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..50 {
                    let err = v.verify_on(&token, NOW, Some(&platform)).unwrap_err();
                    assert_eq!(err.code, ErrorCode::SignatureVerificationFailed);
                }
            });
        }
    });
    assert_eq!(*platform.verified.lock().unwrap(), 400);
}
