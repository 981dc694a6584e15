//! Property tests: no token, key or option text makes the core panic (a
//! panic in wasm traps and can poison the instance), and what verifies
//! decodes to the same header and payload.
#![allow(clippy::unwrap_used)]

use ferrojwt::__internal::base64url::encode;
use ferrojwt::{decode, decode_header, sign, verify, Key, KeySet, SignOptions, VerifyOptions};
use proptest::prelude::*;

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn json_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\{(\"[a-z]{1,3}\":(1|-2\\.5e3|\"x\"|null|true|\\[\\]|\\{\\}|\"\\\\u00e9\"),?){0,4}\\}",
        Just(r#"{"alg":"HS256","crit":["a"],"a":1}"#.to_owned()),
        Just(r#"{"exp":1e400}"#.to_owned()),
        Just("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(token in any::<String>()) {
        let _ = decode(&token, 16_384);
        let _ = decode_header(&token, 16_384);
        let _ = verify(&token, Key::secret(SECRET).unwrap(), VerifyOptions::default(), 0.0);
    }

    #[test]
    fn token_shaped_input_never_panics(header in json_text(), payload in json_text(), sig in proptest::collection::vec(any::<u8>(), 0..70)) {
        let token = format!("{}.{}.{}", encode(header.as_bytes()), encode(payload.as_bytes()), encode(&sig));
        let _ = decode(&token, 16_384);
        let _ = verify(&token, Key::secret(SECRET).unwrap(), VerifyOptions::default(), 0.0);
        let _ = sign(&payload, &Key::secret(SECRET).unwrap(), SignOptions::default(), 0.0);
    }

    #[test]
    fn key_and_option_texts_never_panic(text in json_text(), bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
        let _ = Key::from_jwk(&text);
        let _ = KeySet::from_jwks(&text);
        let _ = Key::from_text(&text);
        let _ = Key::secret(&bytes);
        let _ = ferrojwt::__internal::js_options::verify_options(&text);
        let _ = ferrojwt::__internal::js_options::sign_options(&text);
        let _ = ferrojwt::__internal::span::parse(&text);
    }

    #[test]
    fn what_verifies_decodes_the_same(members in proptest::collection::btree_map("[a-z]{1,4}", "\"[a-zA-Z0-9 ]{0,8}\"|[1-9][0-9]{0,5}|true|null", 0..6)) {
        let body: Vec<String> = members.iter().map(|(k, v)| format!("\"x{k}\":{v}")).collect();
        let payload = format!("{{{}}}", body.join(","));
        let key = Key::secret(SECRET).unwrap();
        let token = sign(&payload, &key, SignOptions::default(), 1e9).unwrap();
        let v = verify(&token, key, VerifyOptions::default(), 1e9).unwrap();
        let d = decode(&token, 16_384).unwrap();
        prop_assert_eq!(v.header_json(), d.header_json());
        prop_assert_eq!(v.payload_json(), d.payload_json());
        prop_assert!(v.payload_json().starts_with(&payload[..payload.len() - 1]));
        let iat_added = v.payload_json().ends_with(",\"iat\":1000000000}") || v.payload_json() == "{\"iat\":1000000000}";
        prop_assert!(iat_added, "iat not appended: {}", v.payload_json());
    }
}
