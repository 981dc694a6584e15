//! Public-key algorithms (feature `public-key`, the `ferrojwt/full` build):
//! RSA (RS*, PS*), ECDSA (ES256, ES384, ES512) and Ed25519 (EdDSA) keys from
//! JWKs and PEM, prepared once per algorithm. RustCrypto does the arithmetic;
//! this module decides which key may do what, and refuses weak or malformed
//! keys with `ERR_JWK_INVALID`.

mod ec;
mod ed;
mod pem;
mod prepared;
mod rsa_key;

use alloc::string::String;

use crate::encoding::json::Value;
use crate::error::{JwtError, Result};
use crate::jws::alg::KeyOp;
use crate::jws::alg::{Alg, Family};
use crate::keys::platform::Platform;

pub use prepared::{PkSigning, PkVerifying};

/// An RSA, EC or Ed25519 key: public, or private (which holds its public half).
#[derive(Clone)]
pub enum AsymKey {
    /// RS* and PS*.
    Rsa(rsa_key::RsaKey),
    /// ES256, ES384, ES512 (the curve decides which).
    Ec(ec::EcKey),
    /// EdDSA with Ed25519.
    Ed(ed::EdKey),
}

impl core::fmt::Debug for AsymKey {
    /// Never prints key material.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self.family() {
            Family::Rsa => "AsymKey(RSA)",
            Family::Ec(_) => "AsymKey(EC)",
            _ => "AsymKey(OKP)",
        })
    }
}

impl AsymKey {
    /// The key of a JWK whose `kty` is `RSA`, `EC` or `OKP`; `None` for any
    /// other `kty` (which this build cannot use).
    pub fn from_jwk(kty: &str, jwk: &Value<'_>) -> Option<Result<AsymKey>> {
        Some(match kty {
            "RSA" => rsa_key::RsaKey::from_jwk(jwk).map(AsymKey::Rsa),
            "EC" => ec::EcKey::from_jwk(jwk).map(AsymKey::Ec),
            "OKP" => ed::EdKey::from_jwk(jwk).map(AsymKey::Ed),
            _ => return None,
        })
    }

    /// A key from PEM text: SPKI `PUBLIC KEY`, PKCS#8 `PRIVATE KEY`, PKCS#1
    /// `RSA PUBLIC KEY` / `RSA PRIVATE KEY` or SEC1 `EC PRIVATE KEY`.
    pub fn from_pem(text: &str) -> Result<AsymKey> {
        let block = pem::Block::parse(text)?;
        let der = block.der.as_slice();
        match block.label {
            pem::Label::Spki => rsa_key::RsaKey::from_spki(der)
                .map(|r| r.map(AsymKey::Rsa))
                .or_else(|| ec::EcKey::from_spki(der).map(|r| r.map(AsymKey::Ec)))
                .or_else(|| ed::EdKey::from_spki(der).map(|r| r.map(AsymKey::Ed)))
                .unwrap_or_else(|| Err(unknown_key_type())),
            pem::Label::Pkcs8 => rsa_key::RsaKey::from_pkcs8(der)
                .map(|r| r.map(AsymKey::Rsa))
                .or_else(|| ec::EcKey::from_pkcs8(der).map(|r| r.map(AsymKey::Ec)))
                .or_else(|| ed::EdKey::from_pkcs8(der).map(|r| r.map(AsymKey::Ed)))
                .unwrap_or_else(|| Err(unknown_key_type())),
            pem::Label::Pkcs1Public => rsa_key::RsaKey::from_pkcs1_public(der).map(AsymKey::Rsa),
            pem::Label::Pkcs1Private => rsa_key::RsaKey::from_pkcs1_private(der).map(AsymKey::Rsa),
            pem::Label::Sec1 => ec::EcKey::from_sec1(der).map(AsymKey::Ec),
        }
    }

    /// A new random key pair for `alg` (RSA keys have `bits` bits).
    pub fn generate(alg: Alg, bits: usize) -> Result<AsymKey> {
        match alg.family() {
            Family::Rsa => rsa_key::RsaKey::generate(bits).map(AsymKey::Rsa),
            Family::Ec(curve) => ec::EcKey::generate(curve).map(AsymKey::Ec),
            Family::Ed25519 => ed::EdKey::generate().map(AsymKey::Ed),
            Family::Hmac => Err(JwtError::arg(
                "HMAC algorithms use a secret: see generateSecret",
            )),
        }
    }

    /// The algorithm family this key belongs to.
    pub fn family(&self) -> Family {
        match self {
            AsymKey::Rsa(_) => Family::Rsa,
            AsymKey::Ec(k) => Family::Ec(k.curve()),
            AsymKey::Ed(_) => Family::Ed25519,
        }
    }

    /// The algorithm a key of this type signs with when none is named.
    pub fn default_alg(&self) -> Alg {
        match self {
            AsymKey::Rsa(_) => Alg::RS256,
            AsymKey::Ec(k) => k.curve().alg(),
            AsymKey::Ed(_) => Alg::EdDSA,
        }
    }

    /// Whether the private half is here (only a private key signs).
    pub fn is_private(&self) -> bool {
        match self {
            AsymKey::Rsa(k) => k.is_private(),
            AsymKey::Ec(k) => k.is_private(),
            AsymKey::Ed(k) => k.is_private(),
        }
    }

    /// Whether the key's type can serve `alg` for `op`.
    pub fn serves(&self, alg: Alg, op: KeyOp) -> bool {
        alg.family() == self.family() && (op == KeyOp::Verify || self.is_private())
    }

    /// The key made ready to verify `alg`'s signatures.
    pub fn verifying(&self, alg: Alg, platform: Option<&dyn Platform>) -> Result<PkVerifying> {
        self.check_family(alg)?;
        PkVerifying::new(self, alg, platform)
    }

    /// The key made ready to sign with `alg` (a private key only).
    pub fn signing(&self, alg: Alg) -> Result<PkSigning> {
        self.check_family(alg)?;
        PkSigning::new(self, alg)
    }

    fn check_family(&self, alg: Alg) -> Result<()> {
        if alg.family() != self.family() {
            return Err(crate::keys::type_mismatch());
        }
        Ok(())
    }

    /// The JWK members of the key (`kty` and its material; private members
    /// only if `private` and the key has them), appended to `out` as
    /// `"name":"value"` pairs separated by commas.
    pub fn write_jwk_members(&self, private: bool, out: &mut String) {
        match self {
            AsymKey::Rsa(k) => k.write_jwk(private, out),
            AsymKey::Ec(k) => k.write_jwk(private, out),
            AsymKey::Ed(k) => k.write_jwk(private, out),
        }
    }
}

fn unknown_key_type() -> JwtError {
    JwtError::key("the PEM key is not an RSA, P-256, P-384, P-521 or Ed25519 key")
}
