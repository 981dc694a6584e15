//! Signature checks by the platform's native code (the npm package installs
//! `node:crypto` in Node). Only the arithmetic moves: the core still reads
//! and vets the key (weak RSA, ROCA, curve points), binds it to the
//! algorithms it may serve, picks it by `kid` and `alg`, decodes the
//! signature strictly and checks the claims.

use alloc::rc::Rc;

use crate::jws::alg::Alg;

/// A platform that verifies public-key signatures natively.
pub trait Platform {
    /// The platform's own form of a vetted public key, given as public JWK
    /// text (RFC 7517), for `alg`; `None` keeps the core's own arithmetic.
    fn verifying_key(&self, public_jwk: &str, alg: Alg) -> Option<Rc<dyn PlatformKey>>;
}

/// A public key held by the platform, fixed to one algorithm.
pub trait PlatformKey {
    /// Whether `signature` (JWS form: raw `r || s` for ECDSA) is valid for
    /// `input` (a platform error counts as invalid), or `None` to have the
    /// core check it: a platform whose checks are asynchronous (WebCrypto)
    /// answers `None` to synchronous calls.
    fn verify(&self, input: &[u8], signature: &[u8]) -> Option<bool>;
}
