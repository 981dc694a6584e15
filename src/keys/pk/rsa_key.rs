//! RSA keys for RS256/384/512 and PS256/384/512, in every form, each through
//! `rsa_gate` (size, exponent, ROCA) before the `rsa` crate takes it.

use alloc::{string::String, vec, vec::Vec};
use rsa::pkcs1::{self, DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::der::Decode;
use rsa::pkcs8::{self, DecodePrivateKey, DecodePublicKey};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BoxedUint, PrivateKey, PublicKey};

use crate::encoding::json::Value;
use crate::error::{JwtError, Result};
use crate::keys::rsa_gate::{self, MAX_BITS, MIN_BITS};
use crate::keys::{fields, roca};

/// A public RSA key, with its private half when it has one.
#[derive(Clone)]
pub struct RsaKey {
    pub(super) public: PublicKey,
    pub(super) private: Option<PrivateKey>,
}

fn uint(bytes: &[u8]) -> BoxedUint {
    BoxedUint::from_be_slice_vartime(bytes)
}

/// Every RSA public key, whatever form it came in (JWK, SPKI, PKCS#8,
/// PKCS#1 public or private), from its big-endian `n` and `e`: through the
/// gate, then to the `rsa` crate.
fn public_key(n: &[u8], e: &[u8]) -> Result<PublicKey> {
    rsa_gate::check(n, e)?;
    PublicKey::new_with_size_limits(uint(n), uint(e), MIN_BITS..=MAX_BITS)
        .map_err(|_| JwtError::key("the RSA key is invalid"))
}

/// A public key decoded by the `rsa` crate's own parsers (which allow 1024
/// bits and know nothing of ROCA), through the gate.
fn checked_public(public: &PublicKey) -> Result<PublicKey> {
    public_key(
        &public.n().as_ref().to_be_bytes(),
        &public.e().to_be_bytes(),
    )
}

/// Why the `rsa` crate could not decode a key whose `n` and `e` could be read,
/// when the gate can say: it refuses e = 1, an even e and sizes outside
/// 1024..=8192 bits as merely malformed. `None` leaves its own error standing.
fn refusal(parts: Option<(&[u8], &[u8])>) -> Option<JwtError> {
    let (n, e) = parts?;
    public_key(n, e).err()
}

/// `n` and `e` of PKCS#1 RSAPublicKey DER, read without judging them.
fn pkcs1_public_parts(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let key = pkcs1::RsaPublicKeyRef::from_der(der).ok()?;
    Some((key.modulus.as_bytes(), key.public_exponent.as_bytes()))
}

/// `n` and `e` of PKCS#1 RSAPrivateKey DER.
fn pkcs1_private_parts(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(der).ok()?;
    Some((key.modulus.as_bytes(), key.public_exponent.as_bytes()))
}

/// `n` and `e` of SPKI DER holding an `rsaEncryption` key.
fn spki_parts(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let spki = pkcs8::SubjectPublicKeyInfoRef::from_der(der).ok()?;
    if spki.algorithm.oid != pkcs1::ALGORITHM_OID {
        return None;
    }
    pkcs1_public_parts(spki.subject_public_key.as_bytes()?)
}

/// `n` and `e` of PKCS#8 DER holding an `rsaEncryption` key.
fn pkcs8_parts(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).ok()?;
    if info.algorithm.oid != pkcs1::ALGORITHM_OID {
        return None;
    }
    pkcs1_private_parts(info.private_key.as_bytes())
}

impl RsaKey {
    fn from_public(public: PublicKey) -> Result<RsaKey> {
        Ok(RsaKey {
            public: checked_public(&public)?,
            private: None,
        })
    }

    fn from_private(private: PrivateKey) -> Result<RsaKey> {
        Ok(RsaKey {
            public: checked_public(&private.to_public_key())?,
            private: Some(private),
        })
    }

    /// From an `RSA` JWK (RFC 7518 6.3): `n` and `e`, and for a private key
    /// `d` with `p` and `q` (the CRT values are recomputed, not trusted).
    pub fn from_jwk(jwk: &Value<'_>) -> Result<RsaKey> {
        let n = fields::required(jwk, "n")?;
        let e = fields::required(jwk, "e")?;
        let public = public_key(&n, &e)?;
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
        match PublicKey::from_public_key_der(der) {
            Ok(public) => Some(RsaKey::from_public(public)),
            Err(_) => refusal(spki_parts(der)).map(Err),
        }
    }

    /// From PKCS#8 DER; `None` if it holds no RSA key.
    pub fn from_pkcs8(der: &[u8]) -> Option<Result<RsaKey>> {
        match PrivateKey::from_pkcs8_der(der) {
            Ok(private) => Some(RsaKey::from_private(private)),
            Err(_) => refusal(pkcs8_parts(der)).map(Err),
        }
    }

    /// From PKCS#1 RSAPublicKey DER.
    pub fn from_pkcs1_public(der: &[u8]) -> Result<RsaKey> {
        let public = PublicKey::from_pkcs1_der(der).map_err(|_| {
            refusal(pkcs1_public_parts(der))
                .unwrap_or_else(|| JwtError::key("the PEM block is not a PKCS#1 RSA public key"))
        })?;
        RsaKey::from_public(public)
    }

    /// From PKCS#1 RSAPrivateKey DER.
    pub fn from_pkcs1_private(der: &[u8]) -> Result<RsaKey> {
        let private = PrivateKey::from_pkcs1_der(der).map_err(|_| {
            refusal(pkcs1_private_parts(der))
                .unwrap_or_else(|| JwtError::key("the PEM block is not a PKCS#1 RSA private key"))
        })?;
        RsaKey::from_private(private)
    }

    /// A new key pair with a `bits`-bit modulus and e = 65537.
    pub fn generate(bits: usize) -> Result<RsaKey> {
        if !(MIN_BITS..=4096).contains(&bits) || !bits.is_multiple_of(8) {
            return Err(JwtError::arg(
                "modulusLength must be a multiple of 8 from 2048 to 4096",
            ));
        }
        loop {
            let private = PrivateKey::new(&mut getrandom::SysRng, bits)
                .map_err(|_| JwtError::key("RSA key generation failed"))?;
            // A random modulus carries the ROCA fingerprint by chance about
            // once in 2^27 keys; the gate would refuse it, so make another.
            if !roca::has_fingerprint(&private.n().as_ref().to_be_bytes()) {
                return RsaKey::from_private(private);
            }
        }
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
