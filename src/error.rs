//! Typed errors. Codes are jose's, so handlers written for jose keep working.

use alloc::borrow::Cow;
use alloc::{borrow::ToOwned, string::String};
use core::fmt;

/// What went wrong, as one of jose's error codes (plus `InvalidArgument`
/// for a caller's mistake).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// Not a compact JWS: segments, base64url, header JSON, `crit`, length.
    JwsInvalid,
    /// The payload is not a JSON object.
    JwtInvalid,
    /// The signature does not match.
    SignatureVerificationFailed,
    /// `alg` is `none` or outside the allowlist.
    AlgNotAllowed,
    /// `alg` (or a header feature such as `b64: false`) is not implemented.
    NotSupported,
    /// `exp` (or `iat` with `max_token_age`) is in the past.
    Expired,
    /// Any other claim check.
    ClaimValidationFailed,
    /// A key that cannot be used.
    JwkInvalid,
    /// A key set that is not `{ "keys": [...] }`.
    JwksInvalid,
    /// No key in the set fits the token's `kid` and `alg`.
    JwksNoMatchingKey,
    /// More than one key in the set fits the token's `kid` and `alg`.
    JwksMultipleMatchingKeys,
    /// A caller error (wrong option type, bad span string).
    InvalidArgument,
}

impl ErrorCode {
    /// jose's code string (`ERR_INVALID_ARGUMENT` for a caller error).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::JwsInvalid => "ERR_JWS_INVALID",
            ErrorCode::JwtInvalid => "ERR_JWT_INVALID",
            ErrorCode::SignatureVerificationFailed => "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
            ErrorCode::AlgNotAllowed => "ERR_JOSE_ALG_NOT_ALLOWED",
            ErrorCode::NotSupported => "ERR_JOSE_NOT_SUPPORTED",
            ErrorCode::Expired => "ERR_JWT_EXPIRED",
            ErrorCode::ClaimValidationFailed => "ERR_JWT_CLAIM_VALIDATION_FAILED",
            ErrorCode::JwkInvalid => "ERR_JWK_INVALID",
            ErrorCode::JwksInvalid => "ERR_JWKS_INVALID",
            ErrorCode::JwksNoMatchingKey => "ERR_JWKS_NO_MATCHING_KEY",
            ErrorCode::JwksMultipleMatchingKeys => "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
            ErrorCode::InvalidArgument => "ERR_INVALID_ARGUMENT",
        }
    }
}

/// Why a claim check failed (jose's `reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Present, of the right type, but the check says no.
    CheckFailed,
    /// Required and absent.
    Missing,
    /// Present with the wrong type (e.g. `"exp": "soon"`).
    Invalid,
}

impl Reason {
    /// jose's reason string.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::CheckFailed => "check_failed",
            Reason::Missing => "missing",
            Reason::Invalid => "invalid",
        }
    }
}

/// Every failure of the library.
#[derive(Clone, Debug, PartialEq)]
pub struct JwtError {
    /// The error code.
    pub code: ErrorCode,
    /// Human-readable explanation; its wording is not part of the API.
    pub message: Cow<'static, str>,
    /// For claim errors: which claim (`exp`, `aud`, `typ`, ...).
    pub claim: Option<Cow<'static, str>>,
    /// For claim errors: why.
    pub reason: Option<Reason>,
    /// For claim errors: the token's payload JSON, so callers can still read it.
    pub payload: Option<String>,
}

impl JwtError {
    /// An error without claim details. Messages are static to keep `core::fmt`
    /// out of the wasm binary.
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        JwtError {
            code,
            message: message.into(),
            claim: None,
            reason: None,
            payload: None,
        }
    }

    /// A claim validation error.
    pub fn claim(
        code: ErrorCode,
        claim: impl Into<Cow<'static, str>>,
        reason: Reason,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        JwtError {
            code,
            message: message.into(),
            claim: Some(claim.into()),
            reason: Some(reason),
            payload: None,
        }
    }

    /// Attaches the payload JSON to a claim error.
    pub fn with_payload(mut self, payload: &str) -> Self {
        self.payload = Some(payload.to_owned());
        self
    }

    pub(crate) fn jws(message: &'static str) -> Self {
        JwtError::new(ErrorCode::JwsInvalid, message)
    }

    pub(crate) fn jwt(message: &'static str) -> Self {
        JwtError::new(ErrorCode::JwtInvalid, message)
    }

    pub(crate) fn key(message: impl Into<Cow<'static, str>>) -> Self {
        JwtError::new(ErrorCode::JwkInvalid, message)
    }

    pub(crate) fn arg(message: impl Into<Cow<'static, str>>) -> Self {
        JwtError::new(ErrorCode::InvalidArgument, message)
    }
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl core::error::Error for JwtError {}

/// Result alias used across the crate.
pub type Result<T> = core::result::Result<T, JwtError>;
