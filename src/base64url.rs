//! Strict base64url (RFC 7515 section 2): URL alphabet, no padding, and no
//! non-canonical trailing bits, so every token has exactly one encoding.

use alloc::{string::String, vec::Vec};
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

const STRICT: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// Appends the base64url form of `bytes` to `out`.
pub fn encode_into(bytes: &[u8], out: &mut String) {
    STRICT.encode_string(bytes, out);
}

/// The base64url form of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    STRICT.encode(bytes)
}

/// Decodes `text`, appending to `out`; `None` for anything non-canonical.
pub fn decode_into(text: &str, out: &mut Vec<u8>) -> Option<()> {
    STRICT.decode_vec(text, out).ok()
}

/// Decodes `text`; `None` for anything non-canonical.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    STRICT.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0u8..=255).collect();
        for n in 0..data.len() {
            let slice = &data[..n];
            assert_eq!(decode(&encode(slice)).as_deref(), Some(slice));
        }
    }

    #[test]
    fn refuses_padding_std_alphabet_and_trailing_bits() {
        assert_eq!(decode("YQ").as_deref(), Some(&b"a"[..]));
        assert!(decode("YQ==").is_none(), "padding");
        assert!(decode("YR").is_none(), "non-canonical trailing bits");
        assert!(decode("+/8").is_none(), "standard alphabet");
        assert_eq!(decode("-_8").as_deref(), Some(&[0xfb, 0xff][..]));
        assert!(decode("Y").is_none(), "impossible length");
        assert!(decode("Y Q").is_none(), "whitespace");
    }
}
