//! Keys: secrets and JWKs bound to the algorithms they may serve, JWK sets,
//! HMAC keys, key preparation, random secrets and the check that refuses
//! public-key material given as a secret; the RSA gate and the JWK members
//! both builds read; `pk/` holds RSA, EC and Ed25519 (feature `public-key`),
//! `platform_key` the HMAC-only build's platform-verified public keys.

mod asym;
mod fields;
pub mod jwk;
pub mod key;
pub mod key_set;
pub mod mac;
#[cfg(feature = "public-key")]
pub mod pk;
pub mod platform;
#[cfg(not(feature = "public-key"))]
mod platform_key;
pub mod prepared;
pub mod random;
mod roca;
mod rsa_gate;
pub mod secret_check;

use crate::error::JwtError;

/// A key given for an algorithm of another family (a secret for RS256, an
/// EC key for PS256, ...).
pub(crate) fn type_mismatch() -> JwtError {
    JwtError::key("the key's type does not fit the algorithm")
}
