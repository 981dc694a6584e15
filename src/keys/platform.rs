//! Signature checks by the platform's native code (the npm package installs
//! `node:crypto` in Node and WebCrypto elsewhere). Only the arithmetic
//! moves: the core still reads and vets the key (weak RSA, ROCA, curve
//! points), binds it to the algorithms it may serve, picks it by `kid` and
//! `alg`, decodes the signature strictly and checks the claims.
//!
//! A verifier keeps only the platform's numeric handles, so it stays `Send`
//! and `Sync`; the platform is handed in again for each verification, and
//! the handles' lifetime is the platform's business.

use crate::jws::alg::Alg;

/// A platform that verifies public-key signatures natively.
pub trait Platform {
    /// This platform's identity: a verifier only hands a handle back to the
    /// platform with the id that issued it (another platform's handle N may
    /// be a different key), using the core's arithmetic otherwise. Two
    /// platforms that share one key table may share an id.
    fn id(&self) -> u64;

    /// A handle for the platform's own form of a vetted public key, given as
    /// public JWK text (RFC 7517), for `alg`; `None` keeps the core's own
    /// arithmetic for this key.
    fn import_key(&self, public_jwk: &str, alg: Alg) -> Option<u32>;

    /// Whether `signature` (JWS form: raw `r || s` for ECDSA) is valid for
    /// `input` under the key `handle` (a platform error counts as invalid),
    /// or `None` to have the core check it: a platform whose checks are
    /// asynchronous (WebCrypto) answers `None` to synchronous calls.
    fn verify(&self, handle: u32, input: &[u8], signature: &[u8]) -> Option<bool>;
}
