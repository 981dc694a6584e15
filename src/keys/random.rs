//! Randomness from the platform CSPRNG (`crypto.getRandomValues` in wasm).

use crate::encoding::base64url;
use crate::error::{ErrorCode, JwtError, Result};
use crate::jws::alg::Alg;
use alloc::{string::String, vec, vec::Vec};

fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| {
        JwtError::new(
            ErrorCode::NotSupported,
            "no secure random number generator is available",
        )
    })
}

/// A fresh HMAC secret as long as `alg`'s hash output (RFC 7518 3.2).
pub fn generate_secret(alg: Alg) -> Result<Vec<u8>> {
    let mut secret = vec![0u8; alg.min_key_len()];
    fill(&mut secret)?;
    Ok(secret)
}

/// 128 random bits in base64url: a `jti` no one can guess or repeat.
pub fn random_id() -> Result<String> {
    let mut id = [0u8; 16];
    fill(&mut id)?;
    Ok(base64url::encode(&id))
}
