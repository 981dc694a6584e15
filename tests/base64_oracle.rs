//! Differential tests: our strict base64url against the `base64` crate set
//! to the same strictness (URL alphabet, no padding, canonical bits only).
#![allow(clippy::unwrap_used)]

use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use ferrojwt::__internal::base64url;
use proptest::prelude::*;

const STRICT: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

proptest! {
    #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]

    #[test]
    fn encodes_the_same(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(base64url::encode(&bytes), STRICT.encode(&bytes));
    }

    #[test]
    fn decodes_the_same(text in "[A-Za-z0-9_+/=. -]{0,40}") {
        prop_assert_eq!(base64url::decode(&text), STRICT.decode(&text).ok(), "{:?}", text);
    }

    #[test]
    fn judges_near_misses_the_same(bytes in proptest::collection::vec(any::<u8>(), 0..60), last in "[A-Za-z0-9_-]") {
        // Replace the final digit: exercises every trailing-bit pattern.
        let mut text = STRICT.encode(&bytes);
        if text.pop().is_some() {
            text.push_str(&last);
        }
        prop_assert_eq!(base64url::decode(&text), STRICT.decode(&text).ok(), "{:?}", text);
    }
}
