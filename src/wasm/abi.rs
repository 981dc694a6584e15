//! The contract between the wasm module and the JS API in `pkg/src`, stated
//! once: key kinds, option names, defaults and the error wire format.
//!
//! `pkg/src/abi.js` is generated from this file, and `cargo test` fails when
//! the committed copy differs (`FERROJWT_WRITE_ABI=1 cargo test --lib abi`
//! rewrites it), so a renamed option or a changed default breaks the build,
//! not a user. The option parser's tests ([`super::options`]) send every
//! name listed here.

use alloc::string::String;

use crate::error::{ErrorCode, JwtError};
use crate::jws::alg::Alg;

/// How the JS side classifies a key before it crosses: a string (secret,
/// PEM or JWK text), bytes (a secret), a JWK object, a JWK set object.
pub const KEY_TEXT: u8 = 0;
/// See [`KEY_TEXT`].
pub const KEY_BYTES: u8 = 1;
/// See [`KEY_TEXT`].
pub const KEY_JWK: u8 = 2;
/// See [`KEY_TEXT`].
pub const KEY_JWKS: u8 = 3;

/// Option names of `verify` and `createVerifier` (besides `key`).
pub const VERIFY_OPTIONS: &[&str] = &[
    "algorithms",
    "issuer",
    "audience",
    "subject",
    "typ",
    "clockTolerance",
    "maxTokenAge",
    "requiredClaims",
    "claims",
    "now",
    "crit",
    "maxTokenLength",
];

/// Option names of `sign` and `createSigner` (besides `key`).
pub const SIGN_OPTIONS: &[&str] = &[
    "alg",
    "kid",
    "typ",
    "header",
    "expiresIn",
    "notBefore",
    "issuer",
    "subject",
    "audience",
    "jwtId",
    "iat",
    "now",
    "maxTokenLength",
];

/// Option names of `decode` and `decodeHeader`.
pub const DECODE_OPTIONS: &[&str] = &["maxTokenLength"];

pub use crate::jwt::options::DEFAULT_MAX_TOKEN_LENGTH;

/// HMAC algorithms, whose secrets the JS side makes (`generateSecret`).
pub const SECRET_ALGS: [Alg; 3] = [Alg::HS256, Alg::HS384, Alg::HS512];

/// A failed call's output starts with this character...
pub const ERROR_START: char = '\0';
/// ...and its fields (code, claim, reason, message, payload) are separated
/// by this one, which no message or JSON text holds unescaped.
pub const ERROR_SEPARATOR: char = '\x1f';
pub use crate::ops::verify::SIGNATURE_FAILED;

/// The wire code of [`ErrorCode::InvalidArgument`]: JS raises a `TypeError`,
/// as any JS API does for a wrong argument.
pub const ARGUMENT_ERROR: &str = "TypeError";

/// The code as the JS side receives it: jose's code, or [`ARGUMENT_ERROR`].
pub fn wire_code(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::InvalidArgument => ARGUMENT_ERROR,
        other => other.as_str(),
    }
}

/// `ERROR_START code SEP claim SEP reason SEP message SEP payload`.
pub fn encode_error(e: &JwtError) -> String {
    let mut s =
        String::with_capacity(64 + e.message.len() + e.payload.as_ref().map_or(0, String::len));
    s.push(ERROR_START);
    s.push_str(wire_code(e.code));
    s.push(ERROR_SEPARATOR);
    s.push_str(e.claim.as_deref().unwrap_or_default());
    s.push(ERROR_SEPARATOR);
    s.push_str(e.reason.map(|r| r.as_str()).unwrap_or_default());
    s.push(ERROR_SEPARATOR);
    s.push_str(&e.message);
    s.push(ERROR_SEPARATOR);
    s.push_str(e.payload.as_deref().unwrap_or_default());
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::platform::Answer;
    use alloc::format;

    fn list(names: &[&str]) -> String {
        let quoted: alloc::vec::Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        format!("Object.freeze([{}])", quoted.join(", "))
    }

    /// `pkg/src/abi.js`, as this file states it.
    fn js_module() -> String {
        let secrets: alloc::vec::Vec<String> = SECRET_ALGS
            .iter()
            .map(|a| format!("{}: {}", a.name(), a.min_key_len()))
            .collect();
        format!(
            "// Generated from src/wasm/abi.rs (its owner) by `FERROJWT_WRITE_ABI=1 cargo test --lib abi`;
// `cargo test` fails while this copy differs. Edit the Rust file, not this one.

/** Key kinds, as the wasm module reads them. */
export const KEY_TEXT = {KEY_TEXT};
export const KEY_BYTES = {KEY_BYTES};
export const KEY_JWK = {KEY_JWK};
export const KEY_JWKS = {KEY_JWKS};

/** Option names, per function (besides `key`). */
export const VERIFY_OPTIONS = {verify};
export const SIGN_OPTIONS = {sign};
export const DECODE_OPTIONS = {decode};

/** Longest token accepted by verify and decode, and made by sign. */
export const DEFAULT_MAX_TOKEN_LENGTH = {DEFAULT_MAX_TOKEN_LENGTH};

/** RFC 7518 3.2: the shortest HMAC secret per algorithm (its hash's length). */
export const SECRET_LENGTHS = Object.freeze({{ {secrets} }});

/** A failed call's output: ERROR_START code SEP claim SEP reason SEP message SEP payload. */
export const ERROR_START = '\\u{start:04x}';
export const ERROR_SEPARATOR = '\\u{sep:04x}';
/** The wire code of an argument error, raised as a TypeError. */
export const ARGUMENT_ERROR = '{ARGUMENT_ERROR}';
/** The message of ERR_JWS_SIGNATURE_VERIFICATION_FAILED. */
export const SIGNATURE_FAILED = '{SIGNATURE_FAILED}';

/** A platform's answer to the core's verify(handle, input, signature). */
export const ANSWER = Object.freeze({{ INVALID: {invalid}, VALID: {valid}, LATER: {later}, REFUSED: {refused} }});
",
            verify = list(VERIFY_OPTIONS),
            sign = list(SIGN_OPTIONS),
            decode = list(DECODE_OPTIONS),
            secrets = secrets.join(", "),
            start = ERROR_START as u32,
            sep = ERROR_SEPARATOR as u32,
            invalid = Answer::Invalid.code(),
            valid = Answer::Valid.code(),
            later = Answer::Later.code(),
            refused = Answer::Refused.code(),
        )
    }

    #[test]
    fn pkg_abi_js_is_generated_from_here() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg/src/abi.js");
        let want = js_module();
        if std::env::var_os("FERROJWT_WRITE_ABI").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "pkg/src/abi.js differs from src/wasm/abi.rs: run `FERROJWT_WRITE_ABI=1 cargo test --lib abi`"
        );
    }

    #[test]
    fn errors_travel_field_by_field() {
        let e = JwtError::arg("bad");
        assert_eq!(encode_error(&e), "\0TypeError\x1f\x1f\x1fbad\x1f");
        let e = JwtError::claim(
            ErrorCode::Expired,
            "exp",
            crate::Reason::CheckFailed,
            "expired",
        )
        .with_payload("{}");
        assert_eq!(
            encode_error(&e),
            "\0ERR_JWT_EXPIRED\x1fexp\x1fcheck_failed\x1fexpired\x1f{}"
        );
    }
}
