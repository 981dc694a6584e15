//! Where the `public-key` feature is decided for keys, once. With it,
//! [`AsymKey`] and its prepared forms are `pk`'s RSA, EC and Ed25519 keys;
//! without it (the HMAC-only build) they are types with no values, so the
//! key code names them without `cfg`, the compiler drops every branch that
//! would hold one, a JWK of such a type is a foreign key, and PEM text or a
//! key-pair request is a clear error.

/// Whether this build has the public-key algorithms.
pub const ENABLED: bool = cfg!(feature = "public-key");

#[cfg(feature = "public-key")]
pub use super::pk::{AsymKey, PkSigning, PkVerifying};

#[cfg(not(feature = "public-key"))]
pub use absent::{AsymKey, PkSigning, PkVerifying};

#[cfg(not(feature = "public-key"))]
mod absent {
    use alloc::string::String;
    use alloc::vec::Vec;

    use crate::encoding::json::Value;
    use crate::error::{JwtError, Result};
    use crate::jws::alg::{Alg, Family, KeyOp};
    use crate::keys::platform::Platform;

    fn full_build(what: &'static str) -> JwtError {
        JwtError::key(what)
    }

    /// No public-key type exists in this build.
    #[derive(Clone, Debug)]
    pub enum AsymKey {}

    impl AsymKey {
        /// Every `RSA`, `EC` and `OKP` JWK is foreign here.
        pub fn from_jwk(_kty: &str, _jwk: &Value<'_>) -> Option<Result<AsymKey>> {
            None
        }

        /// PEM is a key, never a secret.
        pub fn from_pem(_text: &str) -> Result<AsymKey> {
            Err(full_build(
                "a PEM key is not an HMAC secret; public-key algorithms are in ferrojwt/full",
            ))
        }

        /// Key pairs need the public-key algorithms.
        pub fn generate(_alg: Alg, _bits: usize) -> Result<AsymKey> {
            Err(full_build(
                "key pairs are made by the public-key build (ferrojwt/full)",
            ))
        }

        pub fn family(&self) -> Family {
            match *self {}
        }

        pub fn default_alg(&self) -> Alg {
            match *self {}
        }

        pub fn is_private(&self) -> bool {
            match *self {}
        }

        pub fn serves(&self, _alg: Alg, _op: KeyOp) -> bool {
            match *self {}
        }

        pub fn verifying(
            &self,
            _alg: Alg,
            _platform: Option<&dyn Platform>,
        ) -> Result<PkVerifying> {
            match *self {}
        }

        pub fn signing(&self, _alg: Alg) -> Result<PkSigning> {
            match *self {}
        }

        pub fn write_jwk_members(&self, _private: bool, _out: &mut String) {
            match *self {}
        }
    }

    /// No public key verifies in this build.
    #[derive(Clone)]
    pub enum PkVerifying {}

    impl PkVerifying {
        pub fn verify(
            &self,
            _message: &[u8],
            _signature: &[u8],
            _platform: Option<&dyn Platform>,
        ) -> bool {
            match *self {}
        }
    }

    /// No private key signs in this build.
    #[derive(Clone)]
    pub enum PkSigning {}

    impl PkSigning {
        pub fn sign_into(&self, _message: &[u8], _out: &mut Vec<u8>) -> Result<()> {
            match *self {}
        }
    }
}
