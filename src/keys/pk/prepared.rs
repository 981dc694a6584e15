//! A public-key key made ready for one algorithm and one direction: the
//! padding scheme and hash are fixed here, once, from the allowlisted `alg`.

use alloc::vec::Vec;
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer, Verifier};
use rsa::{pkcs1v15, pss};
use sha2::{Sha256, Sha384, Sha512};

use super::{ec::EcKey, ed::EdKey, AsymKey};
use crate::error::{JwtError, Result};
use crate::jws::alg::Alg;
use crate::jws::alg::KeyOp;

/// The verifying or signing form of a key for one algorithm.
#[derive(Clone)]
pub enum PkPrepared {
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
}

impl PkPrepared {
    /// `key` for `alg` and `op`; the caller has checked family and privacy.
    pub(super) fn new(key: &AsymKey, alg: Alg, op: KeyOp) -> Result<PkPrepared> {
        Ok(match key {
            AsymKey::Rsa(k) => match (op, k.private.clone()) {
                (KeyOp::Verify, _) => {
                    let p = k.public.clone();
                    match alg {
                        Alg::RS256 => PkPrepared::Rs256V(pkcs1v15::VerifyingKey::new(p)),
                        Alg::RS384 => PkPrepared::Rs384V(pkcs1v15::VerifyingKey::new(p)),
                        Alg::RS512 => PkPrepared::Rs512V(pkcs1v15::VerifyingKey::new(p)),
                        // Salt length = hash length (RFC 7518 3.5), checked exactly.
                        Alg::PS256 => PkPrepared::Ps256V(pss::VerifyingKey::new(p)),
                        Alg::PS384 => PkPrepared::Ps384V(pss::VerifyingKey::new(p)),
                        Alg::PS512 => PkPrepared::Ps512V(pss::VerifyingKey::new(p)),
                        _ => return Err(mismatch()),
                    }
                }
                (KeyOp::Sign, Some(s)) => match alg {
                    Alg::RS256 => PkPrepared::Rs256S(pkcs1v15::SigningKey::new(s)),
                    Alg::RS384 => PkPrepared::Rs384S(pkcs1v15::SigningKey::new(s)),
                    Alg::RS512 => PkPrepared::Rs512S(pkcs1v15::SigningKey::new(s)),
                    Alg::PS256 => PkPrepared::Ps256S(pss::SigningKey::new(s)),
                    Alg::PS384 => PkPrepared::Ps384S(pss::SigningKey::new(s)),
                    Alg::PS512 => PkPrepared::Ps512S(pss::SigningKey::new(s)),
                    _ => return Err(mismatch()),
                },
                (KeyOp::Sign, None) => return Err(JwtError::key("a public key cannot sign")),
            },
            AsymKey::Ec(k) => PkPrepared::Ec(k.clone()),
            AsymKey::Ed(k) => PkPrepared::Ed(k.clone()),
        })
    }

    /// Checks `signature` over `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        fn rsa<S, K>(key: &K, message: &[u8], signature: &[u8]) -> bool
        where
            S: for<'a> TryFrom<&'a [u8]>,
            K: Verifier<S>,
        {
            S::try_from(signature).is_ok_and(|sig| key.verify(message, &sig).is_ok())
        }
        match self {
            PkPrepared::Rs256V(k) => rsa::<pkcs1v15::Signature, _>(k, message, signature),
            PkPrepared::Rs384V(k) => rsa::<pkcs1v15::Signature, _>(k, message, signature),
            PkPrepared::Rs512V(k) => rsa::<pkcs1v15::Signature, _>(k, message, signature),
            PkPrepared::Ps256V(k) => rsa::<pss::Signature, _>(k, message, signature),
            PkPrepared::Ps384V(k) => rsa::<pss::Signature, _>(k, message, signature),
            PkPrepared::Ps512V(k) => rsa::<pss::Signature, _>(k, message, signature),
            PkPrepared::Ec(k) => k.verify(message, signature),
            PkPrepared::Ed(k) => k.verify(message, signature),
            _ => false,
        }
    }

    /// Appends the signature of `message`.
    pub fn sign_into(&self, message: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let failed = |_| JwtError::key("RSA signing failed");
        let mut rng = getrandom::SysRng;
        let sig = match self {
            PkPrepared::Rs256S(k) => k.try_sign(message).map_err(failed)?.to_vec(),
            PkPrepared::Rs384S(k) => k.try_sign(message).map_err(failed)?.to_vec(),
            PkPrepared::Rs512S(k) => k.try_sign(message).map_err(failed)?.to_vec(),
            PkPrepared::Ps256S(k) => k
                .try_sign_with_rng(&mut rng, message)
                .map_err(failed)?
                .to_vec(),
            PkPrepared::Ps384S(k) => k
                .try_sign_with_rng(&mut rng, message)
                .map_err(failed)?
                .to_vec(),
            PkPrepared::Ps512S(k) => k
                .try_sign_with_rng(&mut rng, message)
                .map_err(failed)?
                .to_vec(),
            PkPrepared::Ec(k) => return k.sign(message, out),
            PkPrepared::Ed(k) => return k.sign(message, out),
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

fn mismatch() -> JwtError {
    JwtError::key("the key's type does not fit the algorithm")
}
