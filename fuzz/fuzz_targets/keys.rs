//! JWK, JWK set and PEM parsing (the full build's). Properties: nothing
//! panics; a key that imports and has a public JWK exports one that imports
//! again to the same JWK (export is a fixed point); a key set that parses
//! builds a verifier or fails with an error, never a panic.
#![no_main]

use ferrojwt::{Key, KeySet, KeySource, Verifier, VerifyOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for key in [Key::from_jwk(text), Key::from_text(text)].into_iter().flatten() {
        if let Some(public) = key.to_jwk(false) {
            let again = Key::from_jwk(&public).expect("an exported JWK imports");
            assert_eq!(again.to_jwk(false).as_deref(), Some(public.as_str()));
            assert!(again.is_public());
        }
        let _ = Verifier::new(KeySource::Key(key), VerifyOptions::default());
    }
    if let Ok(set) = KeySet::from_jwks(text) {
        let _ = Verifier::new(KeySource::Set(set), VerifyOptions::default());
    }
});
