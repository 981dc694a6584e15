//! A key made ready for one algorithm: a keyed HMAC state, or (in the
//! `public-key` build) an RSA, ECDSA or Ed25519 key with its scheme fixed.

use alloc::vec::Vec;

use crate::error::Result;
use crate::keys::mac::MacKey;

/// What `verify` and `sign` hold per key and algorithm.
#[derive(Clone)]
pub enum Prepared {
    /// HS256, HS384, HS512.
    Mac(MacKey),
    /// RS*, PS*, ES*, EdDSA.
    #[cfg(feature = "public-key")]
    Pk(crate::keys::pk::PkPrepared),
}

impl Prepared {
    /// Checks `signature` over `message` (in constant time for MACs).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            Prepared::Mac(m) => m.verify(message, signature),
            #[cfg(feature = "public-key")]
            Prepared::Pk(k) => k.verify(message, signature),
        }
    }

    /// Appends the signature (or MAC) of `message` to `out`.
    pub fn sign_into(&self, message: &[u8], out: &mut Vec<u8>) -> Result<()> {
        match self {
            Prepared::Mac(m) => {
                m.sign_into(message, out);
                Ok(())
            }
            #[cfg(feature = "public-key")]
            Prepared::Pk(k) => k.sign_into(message, out),
        }
    }
}
