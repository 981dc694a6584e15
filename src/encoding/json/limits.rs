//! The messages that state the reader's limits, written from the constants.

use super::{MAX_DEPTH, MAX_MEMBERS};

/// The one family of messages that state the reader's limits:
/// `prefix <MAX_MEMBERS> between <MAX_DEPTH> suffix`, written at compile
/// time from the constants above (a `&'static str`, so the wasm carries
/// text, not formatting code). Arguments must be constant expressions.
macro_rules! limits_message {
    ($prefix:expr, $between:expr, $suffix:expr) => {{
        use $crate::encoding::json::limits::{limits_bytes, limits_len};
        const LEN: usize = limits_len($prefix, $between, $suffix);
        const BYTES: [u8; LEN] = limits_bytes($prefix, $between, $suffix);
        const TEXT: &str = match core::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => "",
        };
        TEXT
    }};
}
pub(crate) use limits_message;

const fn digits(mut n: usize) -> usize {
    let mut count = 1;
    while n >= 10 {
        n /= 10;
        count += 1;
    }
    count
}

/// The length of a [`limits_message!`].
pub const fn limits_len(prefix: &str, between: &str, suffix: &str) -> usize {
    prefix.len() + digits(MAX_MEMBERS) + between.len() + digits(MAX_DEPTH as usize) + suffix.len()
}

/// The bytes of a [`limits_message!`]. Evaluated at compile time only, where
/// an index out of bounds is a build error, not a panic.
#[allow(clippy::indexing_slicing)]
pub const fn limits_bytes<const N: usize>(prefix: &str, between: &str, suffix: &str) -> [u8; N] {
    const fn text<const N: usize>(out: &mut [u8; N], at: usize, s: &str) -> usize {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            out[at + i] = bytes[i];
            i += 1;
        }
        at + bytes.len()
    }
    const fn number<const N: usize>(out: &mut [u8; N], at: usize, mut n: usize) -> usize {
        let end = at + digits(n);
        let mut i = end;
        while i > at {
            i -= 1;
            out[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        end
    }
    let mut out = [0u8; N];
    let at = text(&mut out, 0, prefix);
    let at = number(&mut out, at, MAX_MEMBERS);
    let at = text(&mut out, at, between);
    let at = number(&mut out, at, MAX_DEPTH as usize);
    text(&mut out, at, suffix);
    out
}
