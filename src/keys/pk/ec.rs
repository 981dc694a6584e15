//! ECDSA keys on P-256, P-384 and P-521 (ES256, ES384, ES512). Signatures are
//! JOSE's fixed-size `r || s` (RFC 7518 3.4), never DER; r and s must each be
//! in [1, n-1], which the `ecdsa` crate checks before any arithmetic (so the
//! "psychic signature" r = s = 0 fails).

use alloc::{string::String, vec::Vec};

use crate::encoding::json::Value;
use crate::error::{JwtError, Result};
use crate::jws::alg::Curve;
use crate::keys::fields;

/// One curve's key pair types and operations, written once for all three.
macro_rules! curve {
    ($module:ident, $krate:ident, $curve:expr) => {
        pub mod $module {
            use alloc::vec::Vec;
            use $krate::ecdsa::signature::{Signer, Verifier};
            use $krate::ecdsa::{Signature, SigningKey, VerifyingKey};
            use $krate::elliptic_curve::Generate;
            use $krate::pkcs8::{DecodePrivateKey, DecodePublicKey};
            use $krate::SecretKey;

            use crate::error::{JwtError, Result};

            /// A verifying key, with its signing key when private.
            #[derive(Clone)]
            pub struct Pair {
                pub public: VerifyingKey,
                pub private: Option<SigningKey>,
            }

            impl Pair {
                /// From affine coordinates (and the private scalar), checking
                /// that the point is on the curve and that `d` belongs to it.
                pub fn from_parts(x: &[u8], y: &[u8], d: Option<&[u8]>) -> Result<Pair> {
                    let mut sec1 = Vec::with_capacity(1 + x.len() + y.len());
                    sec1.push(4);
                    sec1.extend_from_slice(x);
                    sec1.extend_from_slice(y);
                    let public = VerifyingKey::from_sec1_bytes(&sec1)
                        .map_err(|_| JwtError::key("the EC JWK's point is not on its curve"))?;
                    let private = match d {
                        None => None,
                        Some(d) => {
                            let key = SigningKey::from_slice(d)
                                .map_err(|_| JwtError::key("the EC JWK's \"d\" is out of range"))?;
                            if *key.verifying_key() != public {
                                return Err(JwtError::key(
                                    "the EC JWK's \"d\" does not belong to its \"x\" and \"y\"",
                                ));
                            }
                            Some(key)
                        }
                    };
                    Ok(Pair { public, private })
                }

                pub fn from_spki(der: &[u8]) -> Option<Pair> {
                    let public = VerifyingKey::from_public_key_der(der).ok()?;
                    Some(Pair {
                        public,
                        private: None,
                    })
                }

                pub fn from_pkcs8(der: &[u8]) -> Option<Pair> {
                    SigningKey::from_pkcs8_der(der).ok().map(Pair::from_signing)
                }

                pub fn from_sec1(der: &[u8]) -> Option<Pair> {
                    let secret = SecretKey::from_sec1_der(der).ok()?;
                    Some(Pair::from_signing(SigningKey::from(&secret)))
                }

                pub fn generate() -> Result<Pair> {
                    SigningKey::try_generate_from_rng(&mut getrandom::SysRng)
                        .map(Pair::from_signing)
                        .map_err(|_| {
                            JwtError::key("no secure random number generator is available")
                        })
                }

                fn from_signing(key: SigningKey) -> Pair {
                    Pair {
                        public: *key.verifying_key(),
                        private: Some(key),
                    }
                }

                /// Uncompressed SEC1 `04 || x || y`.
                pub fn sec1(&self) -> Vec<u8> {
                    self.public.to_sec1_point(false).as_bytes().to_vec()
                }

                pub fn scalar(&self) -> Option<Vec<u8>> {
                    self.private.as_ref().map(|k| k.to_bytes().to_vec())
                }

                /// `r || s` must be exactly twice the field size and each half
                /// in range; the message is hashed with the curve's hash.
                pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
                    Signature::from_slice(signature)
                        .is_ok_and(|sig| self.public.verify(message, &sig).is_ok())
                }

                /// Deterministic (RFC 6979) `r || s`.
                pub fn sign(&self, message: &[u8], out: &mut Vec<u8>) -> Result<()> {
                    let key = self
                        .private
                        .as_ref()
                        .ok_or_else(|| JwtError::key("a public key cannot sign"))?;
                    let sig: Signature = key
                        .try_sign(message)
                        .map_err(|_| JwtError::key("ECDSA signing failed"))?;
                    out.extend_from_slice(&sig.to_bytes());
                    Ok(())
                }
            }

            pub const CURVE: crate::jws::alg::Curve = $curve;
        }
    };
}

curve!(p256_key, p256, crate::jws::alg::Curve::P256);
curve!(p384_key, p384, crate::jws::alg::Curve::P384);
curve!(p521_key, p521, crate::jws::alg::Curve::P521);

/// An EC key on one of the three curves.
#[derive(Clone)]
pub enum EcKey {
    P256(p256_key::Pair),
    P384(p384_key::Pair),
    P521(p521_key::Pair),
}

impl EcKey {
    /// From an `EC` JWK (RFC 7518 6.2): `crv`, `x`, `y`, and `d` if private,
    /// each exactly the curve's size.
    pub fn from_jwk(jwk: &Value<'_>) -> Result<EcKey> {
        let (curve, fields::EcPoint { x, y }) = fields::ec_point(jwk)?;
        let d = fields::exact(jwk, "d", curve.field_len())?;
        let d = d.as_deref().map(Vec::as_slice);
        Ok(match curve {
            Curve::P256 => EcKey::P256(p256_key::Pair::from_parts(&x, &y, d)?),
            Curve::P384 => EcKey::P384(p384_key::Pair::from_parts(&x, &y, d)?),
            Curve::P521 => EcKey::P521(p521_key::Pair::from_parts(&x, &y, d)?),
        })
    }

    /// From SPKI DER; `None` if it holds no key on our curves.
    pub fn from_spki(der: &[u8]) -> Option<Result<EcKey>> {
        p256_key::Pair::from_spki(der)
            .map(EcKey::P256)
            .or_else(|| p384_key::Pair::from_spki(der).map(EcKey::P384))
            .or_else(|| p521_key::Pair::from_spki(der).map(EcKey::P521))
            .map(Ok)
    }

    /// From PKCS#8 DER; `None` if it holds no key on our curves.
    pub fn from_pkcs8(der: &[u8]) -> Option<Result<EcKey>> {
        p256_key::Pair::from_pkcs8(der)
            .map(EcKey::P256)
            .or_else(|| p384_key::Pair::from_pkcs8(der).map(EcKey::P384))
            .or_else(|| p521_key::Pair::from_pkcs8(der).map(EcKey::P521))
            .map(Ok)
    }

    /// From SEC1 `EC PRIVATE KEY` DER.
    pub fn from_sec1(der: &[u8]) -> Result<EcKey> {
        p256_key::Pair::from_sec1(der)
            .map(EcKey::P256)
            .or_else(|| p384_key::Pair::from_sec1(der).map(EcKey::P384))
            .or_else(|| p521_key::Pair::from_sec1(der).map(EcKey::P521))
            .ok_or_else(|| {
                JwtError::key("the PEM block is not an EC private key on P-256, P-384 or P-521")
            })
    }

    /// A new key pair on `curve`.
    pub fn generate(curve: Curve) -> Result<EcKey> {
        Ok(match curve {
            Curve::P256 => EcKey::P256(p256_key::Pair::generate()?),
            Curve::P384 => EcKey::P384(p384_key::Pair::generate()?),
            Curve::P521 => EcKey::P521(p521_key::Pair::generate()?),
        })
    }

    /// The key's curve.
    pub fn curve(&self) -> Curve {
        match self {
            EcKey::P256(_) => p256_key::CURVE,
            EcKey::P384(_) => p384_key::CURVE,
            EcKey::P521(_) => p521_key::CURVE,
        }
    }

    /// Whether the private scalar is here.
    pub fn is_private(&self) -> bool {
        match self {
            EcKey::P256(k) => k.private.is_some(),
            EcKey::P384(k) => k.private.is_some(),
            EcKey::P521(k) => k.private.is_some(),
        }
    }

    /// Checks a JOSE `r || s` signature.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            EcKey::P256(k) => k.verify(message, signature),
            EcKey::P384(k) => k.verify(message, signature),
            EcKey::P521(k) => k.verify(message, signature),
        }
    }

    /// Appends a JOSE `r || s` signature.
    pub fn sign(&self, message: &[u8], out: &mut Vec<u8>) -> Result<()> {
        match self {
            EcKey::P256(k) => k.sign(message, out),
            EcKey::P384(k) => k.sign(message, out),
            EcKey::P521(k) => k.sign(message, out),
        }
    }

    /// `"kty":"EC"`, `crv`, `x`, `y` and, if asked and present, `d`.
    pub fn write_jwk(&self, private: bool, out: &mut String) {
        let (sec1, scalar) = match self {
            EcKey::P256(k) => (k.sec1(), k.scalar()),
            EcKey::P384(k) => (k.sec1(), k.scalar()),
            EcKey::P521(k) => (k.sec1(), k.scalar()),
        };
        let len = self.curve().field_len();
        out.push_str("\"kty\":\"EC\"");
        fields::write_text(out, "crv", self.curve().name());
        fields::write(out, "x", sec1.get(1..1 + len).unwrap_or_default());
        fields::write(out, "y", sec1.get(1 + len..).unwrap_or_default());
        if let Some(d) = scalar.filter(|_| private) {
            fields::write(out, "d", &zeroize::Zeroizing::new(d));
        }
    }
}
