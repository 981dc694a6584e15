//! Strict base64url (RFC 7515 section 2, RFC 4648 section 5): URL alphabet,
//! no padding, and no non-canonical trailing bits, so every byte string has
//! exactly one encoding and every accepted text exactly one decoding.
//!
//! Hand-written rather than the `base64` crate: its general engine cost
//! 6 KB of wasm for the one configuration we need. `tests/base64_oracle.rs`
//! checks this module against that crate, configured just as strictly.

use alloc::{string::String, vec::Vec};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const INVALID: u8 = 0xff;

/// Sextet value of each byte, `INVALID` outside the URL alphabet. Built at
/// compile time, where an out-of-range index is a build error, not a panic.
#[allow(clippy::indexing_slicing)]
const DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

fn sextet(b: u8) -> Option<u32> {
    match DECODE.get(usize::from(b)).copied() {
        Some(INVALID) | None => None,
        Some(v) => Some(u32::from(v)),
    }
}

fn digit(v: u32) -> char {
    char::from(ALPHABET.get((v & 63) as usize).copied().unwrap_or(b'A'))
}

/// Characters in the base64url form of `len` bytes (no padding).
pub fn encoded_len(len: usize) -> usize {
    len / 3 * 4 + [0, 2, 3].get(len % 3).copied().unwrap_or(0)
}

/// Appends the base64url form of `bytes` to `out`.
pub fn encode_into(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        if let [a, b, c] = *c {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c);
            out.extend([digit(n >> 18), digit(n >> 12), digit(n >> 6), digit(n)]);
        }
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend([digit(n >> 18), digit(n >> 12)]);
        }
        [a, b] => {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.extend([digit(n >> 18), digit(n >> 12), digit(n >> 6)]);
        }
        _ => {}
    }
}

/// The base64url form of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    encode_into(bytes, &mut out);
    out
}

/// Decodes `text`, appending to `out`; `None` for anything non-canonical
/// (then `out` may hold a partial result: callers discard it).
pub fn decode_into(text: &str, out: &mut Vec<u8>) -> Option<()> {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() / 4 * 3 + 2);
    let mut chunks = bytes.chunks_exact(4);
    for c in &mut chunks {
        if let [a, b, c, d] = *c {
            let n = (sextet(a)? << 18) | (sextet(b)? << 12) | (sextet(c)? << 6) | sextet(d)?;
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        }
    }
    match *chunks.remainder() {
        [] => {}
        // Two digits carry 12 bits for one byte: the low 4 must be zero.
        [a, b] => {
            let n = (sextet(a)? << 18) | (sextet(b)? << 12);
            (n & 0xffff == 0).then_some(())?;
            out.push((n >> 16) as u8);
        }
        // Three digits carry 18 bits for two bytes: the low 2 must be zero.
        [a, b, c] => {
            let n = (sextet(a)? << 18) | (sextet(b)? << 12) | (sextet(c)? << 6);
            (n & 0xff == 0).then_some(())?;
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8]);
        }
        // One lone digit cannot encode a byte.
        _ => return None,
    }
    Some(())
}

/// Decodes `text`; `None` for anything non-canonical.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    decode_into(text, &mut out)?;
    Some(out)
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
    fn rfc_4648_vectors_in_the_url_alphabet() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).as_deref(), Some(plain.as_bytes()));
        }
    }

    #[test]
    fn refuses_padding_std_alphabet_and_trailing_bits() {
        assert_eq!(decode("YQ").as_deref(), Some(&b"a"[..]));
        assert!(decode("YQ==").is_none(), "padding");
        assert!(decode("YR").is_none(), "non-canonical trailing bits");
        assert!(decode("YWJ").is_none(), "non-canonical trailing bits");
        assert!(decode("+/8").is_none(), "standard alphabet");
        assert_eq!(decode("-_8").as_deref(), Some(&[0xfb, 0xff][..]));
        assert!(decode("Y").is_none(), "impossible length");
        assert!(decode("Y Q").is_none(), "whitespace");
        assert!(decode("YQ\n").is_none(), "newline");
    }
}
