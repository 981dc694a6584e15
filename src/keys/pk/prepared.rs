//! A public-key key made ready for one algorithm and one direction: the
//! padding scheme and hash are fixed here, once, from the allowlisted `alg`.
//! [`PkVerifying`] and [`PkSigning`] are separate types (one cannot stand in
//! for the other); they share one private enum of schemes because two enums
//! cost 1.2 KB raw (0.6 KB gzip) of wasm in twice-generated clone and drop
//! code (measured in issue 15).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer, Verifier};
use rsa::{pkcs1v15, pss};
use sha2::{Sha256, Sha384, Sha512};

use super::{ec::EcKey, ed::EdKey, AsymKey};
use crate::error::{JwtError, Result};
use crate::jws::alg::Alg;
use crate::jws::alg::KeyOp;
use crate::keys::platform::{Answer, Platform};

/// A public key (or the public half of a private one) ready to verify one
/// algorithm's signatures.
#[derive(Clone)]
pub struct PkVerifying(Scheme);

/// A private key ready to sign with one algorithm.
#[derive(Clone)]
pub struct PkSigning(Scheme);

impl PkVerifying {
    /// `key` for `alg`; the caller has checked the family. With a
    /// `platform` that takes the key, its native code does the arithmetic.
    pub(super) fn new(
        key: &AsymKey,
        alg: Alg,
        platform: Option<&dyn Platform>,
    ) -> Result<PkVerifying> {
        let own = Scheme::new(key, alg, KeyOp::Verify)?;
        // A small-order Ed25519 key: only the core's strict verification
        // refuses its forgeries (OpenSSL and WebCrypto accept R = identity,
        // S = 0 for it; review finding).
        let weak = matches!(key, AsymKey::Ed(k) if k.is_weak());
        if let (Some(platform), false) = (platform, weak) {
            let mut jwk = String::from("{");
            key.write_jwk_members(false, &mut jwk);
            jwk.push('}');
            if let Some(handle) = platform.import_key(&jwk, alg) {
                let native = Native {
                    platform: platform.id(),
                    handle,
                    signature_len: own.signature_len(),
                };
                return Ok(PkVerifying(Scheme::Platform(native, Box::new(own))));
            }
        }
        Ok(PkVerifying(own))
    }

    /// Checks `signature` over `message`, by `platform` where it holds the
    /// key and answers.
    /// Always an answer here (the core's arithmetic stands in wherever the
    /// platform gives none); `Result` for the HMAC-only build's sake.
    pub fn verify(
        &self,
        message: &[u8],
        signature: &[u8],
        platform: Option<&dyn Platform>,
    ) -> Result<bool> {
        if let (Scheme::Platform(native, own), Some(platform)) = (&self.0, platform) {
            // RFC 8017 8.1.2 and 8.2.2: an RSA signature is exactly as long as
            // the modulus (platforms accept a PSS one with its leading zero
            // byte dropped; review finding); ECDSA's r || s and Ed25519's are
            // fixed too. And a handle only means something to its platform.
            if signature.len() != native.signature_len {
                return Ok(false);
            }
            if platform.id() == native.platform {
                return Ok(match platform.verify(native.handle, message, signature) {
                    Answer::Valid => true,
                    Answer::Invalid => false,
                    Answer::Later | Answer::Refused => own.verify(message, signature),
                });
            }
        }
        Ok(self.0.verify(message, signature))
    }
}

impl PkSigning {
    /// `key` for `alg`; the caller has checked the family. A public key is
    /// refused here, so every `PkSigning` holds private material.
    pub(super) fn new(key: &AsymKey, alg: Alg) -> Result<PkSigning> {
        if !key.is_private() {
            return Err(public_cannot_sign());
        }
        Scheme::new(key, alg, KeyOp::Sign).map(PkSigning)
    }

    /// Appends the signature of `message`.
    pub fn sign_into(&self, message: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.0.sign_into(message, out)
    }
}

/// The verifying or signing form of a key for one algorithm.
#[derive(Clone)]
enum Scheme {
    Rs256V(pkcs1v15::VerifyingKey<Sha256>),
    Rs384V(pkcs1v15::VerifyingKey<Sha384>),
    Rs512V(pkcs1v15::VerifyingKey<Sha512>),
    Ps256V(pss::VerifyingKey<Sha256>),
    Ps384V(pss::VerifyingKey<Sha384>),
    Ps512V(pss::VerifyingKey<Sha512>),
    Rs256S(pkcs1v15::SigningKey<Sha256>),
    Rs384S(pkcs1v15::SigningKey<Sha384>),
    Rs512S(pkcs1v15::SigningKey<Sha512>),
    Ps256S(pss::SigningKey<Sha256>),
    Ps384S(pss::SigningKey<Sha384>),
    Ps512S(pss::SigningKey<Sha512>),
    Ec(EcKey),
    Ed(EdKey),
    /// The platform's key, and the core's own scheme for when the platform
    /// is not at hand or does not answer.
    Platform(Native, Box<Scheme>),
}

impl Scheme {
    /// `key` for `alg` and `op`; the caller has checked family and privacy.
    fn new(key: &AsymKey, alg: Alg, op: KeyOp) -> Result<Scheme> {
        Ok(match key {
            AsymKey::Rsa(k) => match (op, k.private.clone()) {
                (KeyOp::Verify, _) => {
                    let p = k.public.clone();
                    match alg {
                        Alg::RS256 => Scheme::Rs256V(pkcs1v15::VerifyingKey::new(p)),
                        Alg::RS384 => Scheme::Rs384V(pkcs1v15::VerifyingKey::new(p)),
                        Alg::RS512 => Scheme::Rs512V(pkcs1v15::VerifyingKey::new(p)),
                        // Salt length = hash length (RFC 7518 3.5), checked exactly.
                        Alg::PS256 => Scheme::Ps256V(pss::VerifyingKey::new(p)),
                        Alg::PS384 => Scheme::Ps384V(pss::VerifyingKey::new(p)),
                        Alg::PS512 => Scheme::Ps512V(pss::VerifyingKey::new(p)),
                        _ => return Err(crate::keys::type_mismatch()),
                    }
                }
                (KeyOp::Sign, Some(s)) => match alg {
                    Alg::RS256 => Scheme::Rs256S(pkcs1v15::SigningKey::new(s)),
                    Alg::RS384 => Scheme::Rs384S(pkcs1v15::SigningKey::new(s)),
                    Alg::RS512 => Scheme::Rs512S(pkcs1v15::SigningKey::new(s)),
                    Alg::PS256 => Scheme::Ps256S(pss::SigningKey::new(s)),
                    Alg::PS384 => Scheme::Ps384S(pss::SigningKey::new(s)),
                    Alg::PS512 => Scheme::Ps512S(pss::SigningKey::new(s)),
                    _ => return Err(crate::keys::type_mismatch()),
                },
                (KeyOp::Sign, None) => return Err(public_cannot_sign()),
            },
            AsymKey::Ec(k) => Scheme::Ec(k.clone()),
            AsymKey::Ed(k) => Scheme::Ed(k.clone()),
        })
    }

    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        fn rsa<S, K>(key: &K, message: &[u8], signature: &[u8]) -> bool
        where
            S: for<'a> TryFrom<&'a [u8]>,
            K: Verifier<S>,
        {
            S::try_from(signature).is_ok_and(|sig| key.verify(message, &sig).is_ok())
        }
        match self {
            Scheme::Rs256V(k) => rsa::<pkcs1v15::Signature, _>(k, message, signature),
            Scheme::Rs384V(k) => rsa::<pkcs1v15::Signature, _>(k, message, signature),
            Scheme::Rs512V(k) => rsa::<pkcs1v15::Signature, _>(k, message, signature),
            Scheme::Ps256V(k) => rsa::<pss::Signature, _>(k, message, signature),
            Scheme::Ps384V(k) => rsa::<pss::Signature, _>(k, message, signature),
            Scheme::Ps512V(k) => rsa::<pss::Signature, _>(k, message, signature),
            Scheme::Ec(k) => k.verify(message, signature),
            Scheme::Ed(k) => k.verify(message, signature),
            Scheme::Platform(_, own) => own.verify(message, signature),
            _ => false,
        }
    }

    fn sign_into(&self, message: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let failed = |_| JwtError::key("RSA signing failed");
        let mut rng = getrandom::SysRng;
        let sig = match self {
            Scheme::Rs256S(k) => k.try_sign(message).map_err(failed)?.to_vec(),
            Scheme::Rs384S(k) => k.try_sign(message).map_err(failed)?.to_vec(),
            Scheme::Rs512S(k) => k.try_sign(message).map_err(failed)?.to_vec(),
            Scheme::Ps256S(k) => k
                .try_sign_with_rng(&mut rng, message)
                .map_err(failed)?
                .to_vec(),
            Scheme::Ps384S(k) => k
                .try_sign_with_rng(&mut rng, message)
                .map_err(failed)?
                .to_vec(),
            Scheme::Ps512S(k) => k
                .try_sign_with_rng(&mut rng, message)
                .map_err(failed)?
                .to_vec(),
            Scheme::Ec(k) => return k.sign(message, out),
            Scheme::Ed(k) => return k.sign(message, out),
            _ => {
                return Err(JwtError::key(
                    "this key was prepared to verify, not to sign",
                ))
            }
        };
        out.extend_from_slice(&sig);
        Ok(())
    }
}

/// A key held by a platform.
#[derive(Clone)]
struct Native {
    /// [`Platform::id`] of the platform that issued `handle`.
    platform: u64,
    handle: u32,
    /// The only signature length the algorithm allows for this key.
    signature_len: usize,
}

impl Scheme {
    /// The signature length this verifying key allows (0 for signing keys,
    /// which never reach a platform).
    fn signature_len(&self) -> usize {
        use rsa::traits::PublicKeyParts;
        match self {
            Scheme::Rs256V(k) => k.as_ref().size(),
            Scheme::Rs384V(k) => k.as_ref().size(),
            Scheme::Rs512V(k) => k.as_ref().size(),
            Scheme::Ps256V(k) => k.as_ref().size(),
            Scheme::Ps384V(k) => k.as_ref().size(),
            Scheme::Ps512V(k) => k.as_ref().size(),
            Scheme::Ec(k) => 2 * k.curve().field_len(),
            Scheme::Ed(_) => 64,
            _ => 0,
        }
    }
}

fn public_cannot_sign() -> JwtError {
    JwtError::key("a public key cannot sign: give the private key")
}
