//! Sign and verify options in their typed Rust form (the JS API's JSON form
//! of them is read at the boundary, in `wasm::options`).

use crate::encoding::json::Value;
use crate::jws::alg::Alg;
use alloc::{borrow::ToOwned, string::String, vec::Vec};

/// Default for `max_token_length`: 16 KiB, far above any real token.
pub const DEFAULT_MAX_TOKEN_LENGTH: usize = 16 * 1024;

/// How to check a token. `Default` checks signature, `exp` and `nbf` only.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifyOptions {
    /// Allowed algorithms; `None` means every algorithm the key can serve.
    pub algorithms: Option<Vec<Alg>>,
    /// Accepted issuers (`iss` must be one of them).
    pub issuer: Option<Vec<String>>,
    /// Accepted audiences (one of them must be in `aud`).
    pub audience: Option<Vec<String>>,
    /// Required `sub`.
    pub subject: Option<String>,
    /// Required header `typ` (compared as RFC 7515 4.1.9 says: `application/` optional, case-insensitive).
    pub typ: Option<String>,
    /// Seconds of leeway for `exp`, `nbf` and `iat`.
    pub clock_tolerance: f64,
    /// Maximum age in seconds since `iat` (which becomes required).
    pub max_token_age: Option<f64>,
    /// Claims that must be present.
    pub required_claims: Vec<String>,
    /// Claims that must be present with exactly these values.
    pub claims: Vec<(String, Value<'static>)>,
    /// The current time in seconds; `None` means the clock at each call.
    pub now: Option<f64>,
    /// Critical header parameters the caller understands.
    pub crit: Vec<String>,
    /// Longest accepted token, checked before anything else.
    pub max_token_length: usize,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            algorithms: None,
            issuer: None,
            audience: None,
            subject: None,
            typ: None,
            clock_tolerance: 0.0,
            max_token_age: None,
            required_claims: Vec::new(),
            claims: Vec::new(),
            now: None,
            crit: Vec::new(),
            max_token_length: DEFAULT_MAX_TOKEN_LENGTH,
        }
    }
}

/// `aud` as it will be written.
#[derive(Clone, Debug, PartialEq)]
pub enum Audience {
    /// `"aud": "x"`
    One(String),
    /// `"aud": ["x", "y"]`
    Many(Vec<String>),
}

/// `jwt_id`: a given value, or a fresh random one per token.
#[derive(Clone, Debug, PartialEq)]
pub enum JwtId {
    /// This exact `jti`.
    Given(String),
    /// 128 random bits, base64url.
    Random,
}

/// How to make a token.
#[derive(Clone, Debug, PartialEq)]
pub struct SignOptions {
    /// Algorithm; `None` means the key's pinned `alg`, else HS256.
    pub alg: Option<Alg>,
    /// Header `kid`; `None` means the JWK's `kid`, if any.
    pub kid: Option<String>,
    /// Header `typ`; `None` leaves it out.
    pub typ: Option<String>,
    /// Extra protected header members, as a JSON object text (copied into
    /// the header as written, so any value survives exactly).
    pub header: Option<String>,
    /// `exp` = the current time (`now`) + this many seconds (negative for
    /// an already expired token, e.g. in tests).
    pub expires_in: Option<f64>,
    /// `nbf` = the current time (`now`) + this many seconds.
    pub not_before: Option<f64>,
    /// `iss`.
    pub issuer: Option<String>,
    /// `sub`.
    pub subject: Option<String>,
    /// `aud`.
    pub audience: Option<Audience>,
    /// `jti`.
    pub jwt_id: Option<JwtId>,
    /// Whether to add `iat`; `Some(t)` sets it to `t` instead of now.
    pub iat: IssuedAt,
    /// The current time in seconds; `None` means the clock at each call.
    pub now: Option<f64>,
    /// Longest token made: the verify default, so that nothing we sign is
    /// refused by our own verifier.
    pub max_token_length: usize,
}

/// The `iat` option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IssuedAt {
    /// The current time, unless the payload has its own `iat` (the default).
    Auto,
    /// Leave `iat` out.
    Omit,
    /// The current time; a payload `iat` is then a conflict.
    Now,
    /// This time, in seconds.
    At(f64),
}

impl Default for SignOptions {
    fn default() -> Self {
        SignOptions {
            alg: None,
            kid: None,
            typ: Some("JWT".to_owned()),
            header: None,
            expires_in: None,
            not_before: None,
            issuer: None,
            subject: None,
            audience: None,
            jwt_id: None,
            iat: IssuedAt::Auto,
            now: None,
            max_token_length: DEFAULT_MAX_TOKEN_LENGTH,
        }
    }
}
