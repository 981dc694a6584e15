//! Keyed HMAC states. Keying happens once per key and algorithm; each token
//! then starts from a clone of the keyed state, which skips re-hashing the key.
//! Where a platform holds the secret too (node:crypto, in Node), a long
//! signing input's MAC is computed there and compared here.

use alloc::vec::Vec;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

use crate::error::{JwtError, Result};
use crate::jws::alg::Alg;
use crate::keys::platform::Platform;

/// Signing inputs at least this long have their MAC computed by the
/// platform where it holds the key. Measured in Node 20 on this project's
/// machine: node:crypto's HMAC-SHA256 costs about 2.6 us plus 0.7 ns a byte
/// (its call overhead dominates), the wasm's about 0.3 us per 64-byte block
/// plus three blocks of keying and finishing; they cross near 400 bytes.
pub const NATIVE_MIN_INPUT: usize = 512;

/// A key ready to compute one algorithm's MAC.
#[derive(Clone)]
pub struct MacKey {
    state: State,
    native: Option<Native>,
}

#[derive(Clone)]
enum State {
    Hs256(Hmac<Sha256>),
    Hs384(Hmac<Sha384>),
    Hs512(Hmac<Sha512>),
}

/// The same secret held by a platform.
#[derive(Clone, Copy)]
struct Native {
    /// [`Platform::id`] of the platform that issued `handle`.
    platform: u64,
    handle: u32,
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
        let state = match alg {
            Alg::HS384 => State::Hs384(Hmac::new_from_slice(secret).map_err(|_| bad())?),
            Alg::HS512 => State::Hs512(Hmac::new_from_slice(secret).map_err(|_| bad())?),
            _ => State::Hs256(Hmac::new_from_slice(secret).map_err(|_| bad())?),
        };
        Ok(MacKey {
            state,
            native: None,
        })
    }

    /// This key, with `secret` also handed to `platform` if it takes it
    /// (the caller passes the secret this key was made from).
    pub fn on_platform(mut self, secret: &[u8], platform: Option<&dyn Platform>) -> MacKey {
        if let Some(platform) = platform {
            self.native = platform
                .import_secret(secret, self.alg())
                .map(|handle| Native {
                    platform: platform.id(),
                    handle,
                });
        }
        self
    }

    /// The algorithm this key computes.
    pub fn alg(&self) -> Alg {
        match self.state {
            State::Hs256(_) => Alg::HS256,
            State::Hs384(_) => Alg::HS384,
            State::Hs512(_) => Alg::HS512,
        }
    }

    /// The MAC of `message`, appended to `out`.
    pub fn sign_into(&self, message: &[u8], out: &mut Vec<u8>, platform: Option<&dyn Platform>) {
        if let Some((tag, len)) = self.native_tag(message, platform) {
            if let Some(tag) = tag.get(..len) {
                out.extend_from_slice(tag);
                return;
            }
        }
        match &self.state {
            State::Hs256(m) => {
                out.extend_from_slice(&m.clone().chain_update(message).finalize().into_bytes())
            }
            State::Hs384(m) => {
                out.extend_from_slice(&m.clone().chain_update(message).finalize().into_bytes())
            }
            State::Hs512(m) => {
                out.extend_from_slice(&m.clone().chain_update(message).finalize().into_bytes())
            }
        }
    }

    /// Checks `tag` against the MAC of `message` in constant time
    /// (`subtle`, which `hmac` uses too); a tag of the wrong length fails.
    pub fn verify(&self, message: &[u8], tag: &[u8], platform: Option<&dyn Platform>) -> bool {
        if let Some((expected, len)) = self.native_tag(message, platform) {
            return expected
                .get(..len)
                .is_some_and(|expected| bool::from(expected.ct_eq(tag)));
        }
        match &self.state {
            State::Hs256(m) => m.clone().chain_update(message).verify_slice(tag).is_ok(),
            State::Hs384(m) => m.clone().chain_update(message).verify_slice(tag).is_ok(),
            State::Hs512(m) => m.clone().chain_update(message).verify_slice(tag).is_ok(),
        }
    }

    /// The platform's MAC of a long `message` (and its length), where the
    /// platform that holds this key is at hand and answers.
    fn native_tag(
        &self,
        message: &[u8],
        platform: Option<&dyn Platform>,
    ) -> Option<([u8; 64], usize)> {
        let (native, platform) = (self.native?, platform?);
        if message.len() < NATIVE_MIN_INPUT || platform.id() != native.platform {
            return None;
        }
        let len = self.alg().hash_len();
        let mut tag = [0u8; 64];
        let answered = platform.mac(native.handle, message, tag.get_mut(..len)?);
        answered.then_some((tag, len))
    }
}
