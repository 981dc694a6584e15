//! Keyed HMAC states. Keying happens once per key and algorithm; each token
//! then starts from a clone of the keyed state, which skips re-hashing the key.

use alloc::vec::Vec;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};

use crate::error::{JwtError, Result};
use crate::jws::alg::Alg;

/// A key ready to compute one algorithm's MAC.
#[derive(Clone)]
pub enum MacKey {
    /// HS256
    Hs256(Hmac<Sha256>),
    /// HS384
    Hs384(Hmac<Sha384>),
    /// HS512
    Hs512(Hmac<Sha512>),
}

impl MacKey {
    /// Keys `alg` with `secret`, refusing secrets shorter than the hash output.
    pub fn new(alg: Alg, secret: &[u8]) -> Result<MacKey> {
        let short = match alg {
            Alg::HS256 => "HS256 needs a secret of at least 32 bytes (RFC 7518 3.2)",
            Alg::HS384 => "HS384 needs a secret of at least 48 bytes (RFC 7518 3.2)",
            Alg::HS512 => "HS512 needs a secret of at least 64 bytes (RFC 7518 3.2)",
            _ => return Err(JwtError::key("a secret only serves HS256, HS384 and HS512")),
        };
        if secret.len() < alg.min_key_len() {
            return Err(JwtError::key(short));
        }
        let bad = || JwtError::key("the secret cannot key HMAC");
        Ok(match alg {
            Alg::HS384 => MacKey::Hs384(Hmac::new_from_slice(secret).map_err(|_| bad())?),
            Alg::HS512 => MacKey::Hs512(Hmac::new_from_slice(secret).map_err(|_| bad())?),
            _ => MacKey::Hs256(Hmac::new_from_slice(secret).map_err(|_| bad())?),
        })
    }

    /// The algorithm this key computes.
    pub fn alg(&self) -> Alg {
        match self {
            MacKey::Hs256(_) => Alg::HS256,
            MacKey::Hs384(_) => Alg::HS384,
            MacKey::Hs512(_) => Alg::HS512,
        }
    }

    /// The MAC of `message`, appended to `out`.
    pub fn sign_into(&self, message: &[u8], out: &mut Vec<u8>) {
        match self {
            MacKey::Hs256(m) => {
                out.extend_from_slice(&m.clone().chain_update(message).finalize().into_bytes())
            }
            MacKey::Hs384(m) => {
                out.extend_from_slice(&m.clone().chain_update(message).finalize().into_bytes())
            }
            MacKey::Hs512(m) => {
                out.extend_from_slice(&m.clone().chain_update(message).finalize().into_bytes())
            }
        }
    }

    /// Checks `tag` against the MAC of `message` in constant time
    /// (`hmac` compares with `subtle`); a tag of the wrong length fails.
    pub fn verify(&self, message: &[u8], tag: &[u8]) -> bool {
        match self {
            MacKey::Hs256(m) => m.clone().chain_update(message).verify_slice(tag).is_ok(),
            MacKey::Hs384(m) => m.clone().chain_update(message).verify_slice(tag).is_ok(),
            MacKey::Hs512(m) => m.clone().chain_update(message).verify_slice(tag).is_ok(),
        }
    }
}
