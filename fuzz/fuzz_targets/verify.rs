//! Verification with fixed keys and options. The first byte picks a mode:
//! a raw token (mostly rejected: no panic, an error with a message), or
//! header and payload texts signed here with the fixed secret, so that the
//! fuzzer explores headers, claims and options past the signature check.
//! Properties: a token that verifies decodes to the same header and payload,
//! and its signature is the MAC of its signing input (re-encodes the same);
//! a one-shot `verify` (which readies only the key the token selects) gives
//! the prepared verifier's answer, token for token, also for keys that serve
//! only some of the allowed algorithms, none of them, or a set chosen by kid.
#![no_main]

use ferrojwt::__internal::{base64url, json};
use ferrojwt::{decode, verify, Alg, Key, KeySet, KeySource, Verifier, VerifyOptions};
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

/// The same answer, or the same error code and message.
fn same(prepared: &ferrojwt::Result<ferrojwt::Decoded>, once: &ferrojwt::Result<ferrojwt::Decoded>) {
    match (prepared, once) {
        (Ok(a), Ok(b)) => assert_eq!(a.header_json(), b.header_json()),
        (Err(a), Err(b)) => assert_eq!((a.code, &a.message), (b.code, &b.message)),
        _ => panic!("prepared {prepared:?} but one-shot {once:?}"),
    }
}

/// Keys where readying only the token's key could change the answer: a
/// secret too short for HS512, one too short for every allowed algorithm
/// (a prepared verifier cannot even be built), a set chosen by kid.
fn partial_keys() -> Vec<(KeySource, VerifyOptions)> {
    let algs = |list: &[Alg]| VerifyOptions {
        algorithms: Some(list.to_vec()),
        ..VerifyOptions::default()
    };
    let set = r#"{"keys":[{"kty":"oct","kid":"a","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0xMjM0NQ"},
        {"kty":"oct","kid":"b","alg":"HS512","k":"ZnV6emluZy1zZWNyZXQtb2YtYXQtbGVhc3QtNjQtYnl0ZXMtc28tdGhhdC1IUzUxMi1pcy11c2FibGUtdG9vIQ"}]}"#;
    vec![
        (KeySource::Key(Key::secret(&[7; 48]).unwrap()), VerifyOptions::default()),
        (KeySource::Key(Key::secret(&[7; 40]).unwrap()), algs(&[Alg::HS384, Alg::HS512])),
        (KeySource::Key(Key::secret(SECRET).unwrap()), algs(&[Alg::RS256])),
        (KeySource::Set(KeySet::from_jwks(set).unwrap()), VerifyOptions::default()),
    ]
}

fn check(token: &str) {
    for (source, options) in partial_keys() {
        let prepared = Verifier::new(source.clone(), options.clone()).and_then(|v| v.verify(token, NOW));
        same(&prepared, &verify(token, source, options, NOW));
    }
    for (v, options) in verifiers() {
        let prepared = v.verify(token, NOW);
        same(&prepared, &verify(token, key(), options.clone(), NOW));
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
