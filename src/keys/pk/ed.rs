//! Ed25519 keys for EdDSA (RFC 8037). Verification is strict
//! (`verify_strict`: no small-order keys or non-canonical encodings), so one
//! message has one valid signature per key.

use alloc::string::String;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::encoding::json::Value;
use crate::error::{JwtError, Result};
use crate::keys::fields;

/// An Ed25519 public key, with its signing key when private.
#[derive(Clone)]
pub struct EdKey {
    public: VerifyingKey,
    private: Option<SigningKey>,
}

impl EdKey {
    /// Whether the key has small order: `verify_strict` refuses every
    /// signature for it, which platform verifiers may not (so such a key is
    /// never handed to one).
    pub fn is_weak(&self) -> bool {
        self.public.is_weak()
    }

    /// From an `OKP` JWK with `crv: "Ed25519"`: `x`, and `d` if private.
    pub fn from_jwk(jwk: &Value<'_>) -> Result<EdKey> {
        if fields::text(jwk, "crv")? != "Ed25519" {
            return Err(JwtError::key("only OKP keys on Ed25519 are supported"));
        }
        let x =
            fields::exact(jwk, "x", 32)?.ok_or_else(|| JwtError::key("the OKP JWK needs \"x\""))?;
        let x: [u8; 32] = x
            .as_slice()
            .try_into()
            .map_err(|_| JwtError::key("bad \"x\""))?;
        let public = VerifyingKey::from_bytes(&x)
            .map_err(|_| JwtError::key("the OKP JWK's \"x\" is not an Ed25519 point"))?;
        let private = match fields::exact(jwk, "d", 32)? {
            None => None,
            Some(d) => {
                let seed: [u8; 32] = d
                    .as_slice()
                    .try_into()
                    .map_err(|_| JwtError::key("bad \"d\""))?;
                let key = SigningKey::from_bytes(&seed);
                if key.verifying_key() != public {
                    return Err(JwtError::key(
                        "the OKP JWK's \"d\" does not belong to its \"x\"",
                    ));
                }
                Some(key)
            }
        };
        Ok(EdKey { public, private })
    }

    /// From SPKI DER; `None` if it holds no Ed25519 key.
    pub fn from_spki(der: &[u8]) -> Option<Result<EdKey>> {
        let public = VerifyingKey::from_public_key_der(der).ok()?;
        Some(Ok(EdKey {
            public,
            private: None,
        }))
    }

    /// From PKCS#8 DER; `None` if it holds no Ed25519 key.
    pub fn from_pkcs8(der: &[u8]) -> Option<Result<EdKey>> {
        let key = SigningKey::from_pkcs8_der(der).ok()?;
        Some(Ok(EdKey::from_signing(key)))
    }

    /// A new key pair from 32 random bytes.
    pub fn generate() -> Result<EdKey> {
        let mut seed = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut_slice())
            .map_err(|_| JwtError::key("no secure random number generator is available"))?;
        Ok(EdKey::from_signing(SigningKey::from_bytes(&seed)))
    }

    fn from_signing(key: SigningKey) -> EdKey {
        EdKey {
            public: key.verifying_key(),
            private: Some(key),
        }
    }

    /// Whether the private key is here.
    pub fn is_private(&self) -> bool {
        self.private.is_some()
    }

    /// Strict verification of a 64-byte signature.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        Signature::from_slice(signature)
            .is_ok_and(|sig| self.public.verify_strict(message, &sig).is_ok())
    }

    /// Appends the (deterministic) signature.
    pub fn sign(&self, message: &[u8], out: &mut alloc::vec::Vec<u8>) -> Result<()> {
        let key = self
            .private
            .as_ref()
            .ok_or_else(|| JwtError::key("a public key cannot sign"))?;
        out.extend_from_slice(&key.sign(message).to_bytes());
        Ok(())
    }

    /// `"kty":"OKP"`, `crv`, `x` and, if asked and present, `d`.
    pub fn write_jwk(&self, private: bool, out: &mut String) {
        out.push_str("\"kty\":\"OKP\"");
        fields::write_text(out, "crv", "Ed25519");
        fields::write(out, "x", self.public.as_bytes());
        if let Some(k) = self.private.as_ref().filter(|_| private) {
            fields::write(out, "d", zeroize::Zeroizing::new(k.to_bytes()).as_slice());
        }
    }
}
