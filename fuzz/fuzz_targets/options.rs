//! Span strings and option JSON. Properties: nothing panics; a span that
//! parses is a finite number of seconds, and options that parse are usable
//! (a verifier and a signer can be built with them, or say why not).
#![no_main]

use ferrojwt::__internal::span;
use ferrojwt::{Key, KeySource, Signer, Verifier};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(seconds) = span::parse(text) {
        assert!(seconds.is_finite(), "{text:?} -> {seconds}");
    }
    let key = Key::secret(&[7; 64]).unwrap();
    if let Ok(o) = ferrojwt::__internal::js_options::verify_options(text) {
        let _ = Verifier::new(KeySource::Key(key.clone()), o);
    }
    if let Ok(o) = ferrojwt::__internal::js_options::sign_options(text) {
        if let Ok(signer) = Signer::new(&key, o) {
            let _ = signer.sign(r#"{"sub":"x"}"#, 1_700_000_000.0);
        }
    }
});
