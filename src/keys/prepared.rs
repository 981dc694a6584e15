//! A key made ready for one algorithm and one direction: a keyed HMAC
//! state, or a public key with its scheme fixed (RSA, ECDSA or Ed25519 in
//! the `public-key` build; in the HMAC-only build, RSA or ECDSA held by the
//! platform's native crypto, to verify only). Verifying and signing keys are separate types, so a
//! verifier can only ever hold keys made to verify, and a signer keys made
//! (from private material) to sign.

use alloc::vec::Vec;

use crate::error::Result;
use crate::keys::asym::{PkSigning, PkVerifying};
use crate::keys::mac::MacKey;
use crate::keys::platform::Platform;

/// What a verifier holds per key and algorithm.
// In the HMAC-only build `Pk` holds only a platform's handle, which clippy
// counts as a small variant beside a 304-byte one.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub enum VerifyingKey {
    /// HS256, HS384, HS512.
    Mac(MacKey),
    /// RS*, PS*, ES*, EdDSA.
    Pk(PkVerifying),
}

impl VerifyingKey {
    /// Checks `signature` over `message` (in constant time for MACs), with
    /// public-key arithmetic by `platform` where it holds the key.
    /// An error only where the signature cannot be checked at all (the
    /// HMAC-only build's public keys, without a platform that answers now).
    pub fn verify(
        &self,
        message: &[u8],
        signature: &[u8],
        platform: Option<&dyn Platform>,
    ) -> Result<bool> {
        match self {
            VerifyingKey::Mac(m) => Ok(m.verify(message, signature)),
            VerifyingKey::Pk(k) => k.verify(message, signature, platform),
        }
    }
}

/// What a signer holds: its key for its algorithm.
// In the HMAC-only build `Pk` holds a type with no values, which clippy
// counts as a zero-size variant beside a 304-byte one.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub enum SigningKey {
    /// HS256, HS384, HS512.
    Mac(MacKey),
    /// RS*, PS*, ES*, EdDSA, from a private key.
    Pk(PkSigning),
}

impl SigningKey {
    /// Appends the signature (or MAC) of `message` to `out`.
    pub fn sign_into(&self, message: &[u8], out: &mut Vec<u8>) -> Result<()> {
        match self {
            SigningKey::Mac(m) => {
                m.sign_into(message, out);
                Ok(())
            }
            SigningKey::Pk(k) => k.sign_into(message, out),
        }
    }
}
