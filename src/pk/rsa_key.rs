//! RSA keys for RS256/384/512 and PS256/384/512: at least 2048 bits
//! (RFC 7518 3.3 and 3.5; RFC 8725 3.5), at most 8192 so that a hostile key
//! set cannot make every verification slow.

use alloc::{string::String, vec, vec::Vec};
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BoxedUint, PrivateKey, PublicKey};

use super::fields;
use crate::error::{JwtError, Result};
use crate::json::Value;

const MIN_BITS: usize = 2048;
const MAX_BITS: usize = 8192;

/// A public RSA key, with its private half when it has one.
#[derive(Clone)]
pub struct RsaKey {
    pub(super) public: PublicKey,
    pub(super) private: Option<PrivateKey>,
}

fn uint(bytes: &[u8]) -> BoxedUint {
    BoxedUint::from_be_slice_vartime(bytes)
}

fn size_error(e: rsa::Error) -> JwtError {
    JwtError::key(match e {
        rsa::Error::ModulusTooSmall => "RSA keys must have at least 2048 bits (RFC 7518 3.3)",
        rsa::Error::ModulusTooLarge => "RSA keys over 8192 bits are refused",
        _ => "the RSA key is invalid",
    })
}

/// Size and sanity of a public key decoded by the `rsa` crate's own parsers
/// (which allow 1024 bits).
fn checked_public(public: PublicKey) -> Result<PublicKey> {
    PublicKey::new_with_size_limits(
        public.n().as_ref().clone(),
        public.e().clone(),
        MIN_BITS..=MAX_BITS,
    )
    .map_err(size_error)
}

impl RsaKey {
    fn from_public(public: PublicKey) -> Result<RsaKey> {
        Ok(RsaKey {
            public: checked_public(public)?,
            private: None,
        })
    }

    fn from_private(private: PrivateKey) -> Result<RsaKey> {
        Ok(RsaKey {
            public: checked_public(private.to_public_key())?,
            private: Some(private),
        })
    }

    /// From an `RSA` JWK (RFC 7518 6.3): `n` and `e`, and for a private key
    /// `d` with `p` and `q` (the CRT values are recomputed, not trusted).
    pub fn from_jwk(jwk: &Value<'_>) -> Result<RsaKey> {
        let n = fields::required(jwk, "n")?;
        let e = fields::required(jwk, "e")?;
        let public = PublicKey::new_with_size_limits(uint(&n), uint(&e), MIN_BITS..=MAX_BITS)
            .map_err(size_error)?;
        let Some(d) = fields::optional(jwk, "d")? else {
            return Ok(RsaKey {
                public,
                private: None,
            });
        };
        if jwk.get("oth").is_some() {
            return Err(JwtError::key(
                "multi-prime RSA keys (\"oth\") are not supported",
            ));
        }
        let primes = match (fields::optional(jwk, "p")?, fields::optional(jwk, "q")?) {
            (Some(p), Some(q)) => vec![uint(&p), uint(&q)],
            (None, None) => Vec::new(),
            _ => {
                return Err(JwtError::key(
                    "the RSA JWK has one of \"p\" and \"q\" without the other",
                ))
            }
        };
        let private = PrivateKey::from_components(uint(&n), uint(&e), uint(&d), primes)
            .map_err(|_| JwtError::key("the RSA private key's values do not fit together"))?;
        Ok(RsaKey {
            public,
            private: Some(private),
        })
    }

    /// From SPKI DER; `None` if it holds no RSA key.
    pub fn from_spki(der: &[u8]) -> Option<Result<RsaKey>> {
        PublicKey::from_public_key_der(der)
            .ok()
            .map(RsaKey::from_public)
    }

    /// From PKCS#8 DER; `None` if it holds no RSA key.
    pub fn from_pkcs8(der: &[u8]) -> Option<Result<RsaKey>> {
        PrivateKey::from_pkcs8_der(der)
            .ok()
            .map(RsaKey::from_private)
    }

    /// From PKCS#1 RSAPublicKey DER.
    pub fn from_pkcs1_public(der: &[u8]) -> Result<RsaKey> {
        let public = PublicKey::from_pkcs1_der(der)
            .map_err(|_| JwtError::key("the PEM block is not a PKCS#1 RSA public key"))?;
        RsaKey::from_public(public)
    }

    /// From PKCS#1 RSAPrivateKey DER.
    pub fn from_pkcs1_private(der: &[u8]) -> Result<RsaKey> {
        let private = PrivateKey::from_pkcs1_der(der)
            .map_err(|_| JwtError::key("the PEM block is not a PKCS#1 RSA private key"))?;
        RsaKey::from_private(private)
    }

    /// A new key pair with a `bits`-bit modulus and e = 65537.
    pub fn generate(bits: usize) -> Result<RsaKey> {
        if !(MIN_BITS..=4096).contains(&bits) || !bits.is_multiple_of(8) {
            return Err(JwtError::arg(
                "modulusLength must be a multiple of 8 from 2048 to 4096",
            ));
        }
        let private = PrivateKey::new(&mut getrandom::SysRng, bits)
            .map_err(|_| JwtError::key("RSA key generation failed"))?;
        RsaKey::from_private(private)
    }

    /// Whether the private half is here.
    pub fn is_private(&self) -> bool {
        self.private.is_some()
    }

    /// `"kty":"RSA"`, `n`, `e` and, if asked and present, the private members.
    pub fn write_jwk(&self, private: bool, out: &mut String) {
        out.push_str("\"kty\":\"RSA\"");
        fields::write(
            out,
            "n",
            &self.public.n().as_ref().to_be_bytes_trimmed_vartime(),
        );
        fields::write(out, "e", &self.public.e().to_be_bytes_trimmed_vartime());
        let Some(k) = self.private.as_ref().filter(|_| private) else {
            return;
        };
        fields::write(out, "d", &k.d().to_be_bytes_trimmed_vartime());
        if let [p, q] = k.primes() {
            fields::write(out, "p", &p.as_ref().to_be_bytes_trimmed_vartime());
            fields::write(out, "q", &q.as_ref().to_be_bytes_trimmed_vartime());
        }
        if let (Some(dp), Some(dq), Some(qi)) = (k.dp(), k.dq(), k.crt_coefficient()) {
            fields::write(out, "dp", &dp.to_be_bytes_trimmed_vartime());
            fields::write(out, "dq", &dq.to_be_bytes_trimmed_vartime());
            fields::write(out, "qi", &qi.to_be_bytes_trimmed_vartime());
        }
    }
}
