//! Verification with fixed keys and options. The first byte picks a mode:
//! a raw token (mostly rejected: no panic, an error with a message), or
//! header and payload texts signed here with the fixed secret, so that the
//! fuzzer explores headers, claims and options past the signature check.
//! Properties: a token that verifies decodes to the same header and payload,
//! and its signature is the MAC of its signing input (re-encodes the same);
//! a one-shot `verify` (which readies only the key the token selects) gives
//! the prepared verifier's answer, token for token.
#![no_main]

use ferrojwt::__internal::{base64url, json};
use ferrojwt::{decode, verify, Alg, Key, KeySource, Verifier, VerifyOptions};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const SECRET: &[u8] = b"fuzzing-secret-of-at-least-64-bytes-so-that-HS512-is-usable-too!";
const NOW: f64 = 1_700_000_000.0;

fn key() -> KeySource {
    KeySource::Key(Key::secret(SECRET).unwrap())
}

/// Each verifier with the options it was made with.
fn verifiers() -> &'static [(Verifier, VerifyOptions)] {
    static V: OnceLock<Vec<(Verifier, VerifyOptions)>> = OnceLock::new();
    V.get_or_init(|| {
        let strict = ferrojwt::__internal::js_options::verify_options(
            r#"{"issuer":["a","b"],"audience":"api","requiredClaims":["sub"],"claims":{"t":"access"},
                "maxTokenAge":"1h","clockTolerance":5,"crit":["x"],"typ":"JWT"}"#,
        )
        .unwrap();
        [VerifyOptions::default(), strict]
            .into_iter()
            .map(|o| (Verifier::new(key(), o.clone()).unwrap(), o))
            .collect()
    })
}

fn check(token: &str) {
    for (v, options) in verifiers() {
        let prepared = v.verify(token, NOW);
        let once = verify(token, key(), options.clone(), NOW);
        match (&prepared, &once) {
            (Ok(a), Ok(b)) => assert_eq!(a.header_json(), b.header_json()),
            (Err(a), Err(b)) => assert_eq!((a.code, &a.message), (b.code, &b.message)),
            _ => panic!("prepared {prepared:?} but one-shot {once:?}"),
        }
        match prepared {
            Ok(d) => {
                let plain = decode(token, 1 << 16).expect("what verifies decodes");
                assert_eq!(plain.header_json(), d.header_json());
                assert_eq!(plain.payload_json(), d.payload_json());
                let (input, sig) = token.rsplit_once('.').unwrap();
                let alg = json::parse(d.header_json())
                    .and_then(|h| h.get("alg").and_then(|a| a.as_str()).and_then(Alg::parse))
                    .expect("a verified header names its alg");
                let key = Key::secret(SECRET).unwrap();
                let mut mac = Vec::new();
                key.signing_key(alg)
                    .unwrap()
                    .sign_into(input.as_bytes(), &mut mac)
                    .unwrap();
                assert_eq!(base64url::encode(&mac), sig, "signature re-encodes");
            }
            Err(e) => assert!(!e.message.is_empty()),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if mode % 2 == 0 {
        check(text);
        return;
    }
    // Header and payload from the input, signed with the fixed secret.
    let (header, payload) = text
        .split_once('\n')
        .unwrap_or((r#"{"alg":"HS256"}"#, text));
    let alg = [Alg::HS256, Alg::HS384, Alg::HS512][usize::from(mode / 2) % 3];
    let mut token = base64url::encode(header.as_bytes());
    token.push('.');
    base64url::encode_into(payload.as_bytes(), &mut token);
    let mut mac = Vec::new();
    Key::secret(SECRET)
        .unwrap()
        .signing_key(alg)
        .unwrap()
        .sign_into(token.as_bytes(), &mut mac)
        .unwrap();
    token.push('.');
    base64url::encode_into(&mac, &mut token);
    check(&token);
});
