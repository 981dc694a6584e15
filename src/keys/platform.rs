//! Signature checks by the platform's native code (the npm package installs
//! `node:crypto` in Node and WebCrypto elsewhere). Only the arithmetic
//! moves: the core still reads and vets the key (weak RSA, ROCA; curve
//! points in the full build, where the HMAC-only build leaves them to the
//! platform's import), binds it to the algorithms it may serve, picks it by
//! `kid` and `alg`, decodes the signature strictly and checks the claims.
//! Where the platform gives no answer, the full build uses its own
//! arithmetic and the HMAC-only build, which has none, returns an error.
//!
//! A verifier keeps only the platform's numeric handles, so it stays `Send`
//! and `Sync`; the platform is handed in again for each verification, and
//! the handles' lifetime is the platform's business.

use crate::jws::alg::Alg;

/// A platform that verifies public-key signatures natively.
pub trait Platform {
    /// This platform's identity: a verifier only hands a handle back to the
    /// platform with the id that issued it (another platform's handle N may
    /// be a different key). Two platforms that share one key table may share
    /// an id.
    fn id(&self) -> u64;

    /// A handle for the platform's own form of a vetted public key, given as
    /// public JWK text (RFC 7517), for `alg`; `None` where the platform will
    /// not check it.
    fn import_key(&self, public_jwk: &str, alg: Alg) -> Option<u32>;

    /// Whether `signature` (JWS form: raw `r || s` for ECDSA) is valid for
    /// `input` under the key `handle` (a platform error counts as invalid).
    fn verify(&self, handle: u32, input: &[u8], signature: &[u8]) -> Answer;
}

/// A platform's answer to [`Platform::verify`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Answer {
    /// The signature is valid.
    Valid,
    /// The signature is not valid.
    Invalid,
    /// Not now: the platform checks only asynchronously (WebCrypto), and
    /// this call is synchronous.
    Later,
    /// The platform could not use the key after all (WebCrypto imports keys
    /// asynchronously, so it finds out after `import_key` gave a handle).
    Refused,
}

impl Answer {
    /// The answer as the JS platforms give it (`pkg/src/abi.js`), or `None`
    /// for a code no platform gives.
    pub fn from_code(code: u32) -> Option<Answer> {
        [
            Answer::Invalid,
            Answer::Valid,
            Answer::Later,
            Answer::Refused,
        ]
        .into_iter()
        .find(|a| a.code() == code)
    }

    /// The answer's code on the JS side.
    pub fn code(self) -> u32 {
        match self {
            Answer::Invalid => 0,
            Answer::Valid => 1,
            Answer::Later => 2,
            Answer::Refused => 3,
        }
    }
}
