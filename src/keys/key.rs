//! One key: a raw secret, a JWK (RFC 7517: `oct`; `RSA`, `EC`, `OKP` and PEM
//! in the `public-key` build; read in `jwk`), bound to the algorithms it may
//! serve so that no token can pick its own key type. Sets are in `key_set`.

use crate::error::{JwtError, Result};
use crate::jws::alg::{Alg, Family, KeyOp};
use crate::keys::asym::AsymKey;
use crate::keys::mac::MacKey;
use crate::keys::platform::Platform;
use crate::keys::prepared::{SigningKey, VerifyingKey};
use crate::keys::secret_check::{self, Form};
use alloc::{string::String, vec::Vec};
use zeroize::Zeroizing;

/// A single key.
#[derive(Clone, Debug)]
pub struct Key {
    pub(super) material: Material,
    pub(super) alg: Option<Alg>,
    pub(super) kid: Option<String>,
    pub(super) use_sig: bool,
    pub(super) ops: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
pub(super) enum Material {
    /// Wiped when the key is dropped.
    Secret(Zeroizing<Vec<u8>>),
    Asym(alloc::boxed::Box<AsymKey>),
    /// A JWK of a type this build cannot use (only inside key sets, where
    /// mixed sets are normal); it never matches a token.
    Foreign,
    /// A key that failed to import (an `alg` its type does not serve, off
    /// its curve, a weak RSA key...): alone it is this error; in a set the
    /// rest still works, and a token naming this key's `kid` gets this error.
    Unusable(JwtError, String),
}

impl Key {
    /// An HMAC secret from raw bytes. Empty secrets and public-key material
    /// (see `secret_check`) are refused here; secrets shorter than an
    /// algorithm's hash are refused when used with it.
    pub fn secret(bytes: &[u8]) -> Result<Key> {
        Key::secret_given_as(bytes, Form::Bytes)
    }

    fn secret_given_as(bytes: &[u8], form: Form) -> Result<Key> {
        Ok(Key {
            material: Material::Secret(secret_bytes(bytes, form)?),
            alg: None,
            kid: None,
            use_sig: true,
            ops: None,
        })
    }

    /// An HMAC secret given as text (its UTF-8 bytes). A PEM block is a
    /// public or private key, never a secret: refusing it closes the RS/HS
    /// confusion attack where a public key is used as an HMAC secret.
    pub fn from_text(text: &str) -> Result<Key> {
        // A byte-window scan instead of `str::contains`, whose two-way
        // searcher costs about 3 KB of wasm for this one use.
        if text.as_bytes().windows(10).any(|w| w == b"-----BEGIN") {
            return Key::from_pem(text);
        }
        Key::secret_given_as(text.as_bytes(), Form::Text)
    }

    /// A public or private key in PEM (the public-key build).
    pub fn from_pem(text: &str) -> Result<Key> {
        let key = AsymKey::from_pem(text)?;
        Ok(Key::with_material(Material::Asym(key.into())))
    }

    /// A new random key pair for a public-key `alg` (`bits` for RSA; the
    /// public-key build).
    pub fn generate(alg: Alg, bits: usize) -> Result<Key> {
        let mut key = Key::with_material(Material::Asym(AsymKey::generate(alg, bits)?.into()));
        key.alg = Some(alg);
        Ok(key)
    }

    fn with_material(material: Material) -> Key {
        Key {
            material,
            alg: None,
            kid: None,
            use_sig: true,
            ops: None,
        }
    }

    /// Sets the `kid` (e.g. of a generated key).
    pub fn set_kid(&mut self, kid: Option<String>) {
        self.kid = kid;
    }

    /// The key's `kid`, if it has one.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The algorithm the key is pinned to (JWK `alg`), if any.
    pub fn alg(&self) -> Option<Alg> {
        self.alg
    }

    /// The algorithm this key signs with when none is named: its JWK `alg`,
    /// else HS256 for a secret and the one its type implies for others.
    pub fn default_alg(&self) -> Alg {
        self.alg.unwrap_or(match &self.material {
            Material::Asym(k) => k.default_alg(),
            _ => Alg::HS256,
        })
    }

    /// Why this key cannot serve `alg`, if it was meant to (its `kty` fits)
    /// but failed to import.
    pub(crate) fn unusable_for(&self, alg: Alg) -> Option<&JwtError> {
        match &self.material {
            Material::Unusable(e, kty) if kty_fits(kty, alg.family()) => Some(e),
            _ => None,
        }
    }

    /// Whether the key is public (verify-only): a private key never goes to
    /// a place meant for public keys by accident, and vice versa.
    pub fn is_public(&self) -> bool {
        match &self.material {
            Material::Asym(k) => !k.is_private(),
            _ => false,
        }
    }

    /// The key made ready to verify `alg` (checks of length and type
    /// included).
    #[doc(hidden)] // the verifier and signer hold these; tests reach them too
    pub fn verifying_key(&self, alg: Alg) -> Result<VerifyingKey> {
        self.verifying_key_on(alg, None)
    }

    /// [`Key::verifying_key`], with public-key arithmetic done by
    /// `platform` where it takes the key.
    #[doc(hidden)] // the verifier holds these
    pub fn verifying_key_on(
        &self,
        alg: Alg,
        platform: Option<&dyn Platform>,
    ) -> Result<VerifyingKey> {
        match &self.material {
            Material::Secret(bytes) if alg.family() == Family::Hmac => {
                MacKey::new(alg, bytes).map(VerifyingKey::Mac)
            }
            Material::Asym(k) => k.verifying(alg, platform).map(VerifyingKey::Pk),
            Material::Unusable(e, _) => Err(e.clone()),
            _ => Err(super::type_mismatch()),
        }
    }

    /// The key made ready to sign with `alg` (a secret, or a private key).
    #[doc(hidden)] // the verifier and signer hold these; tests reach them too
    pub fn signing_key(&self, alg: Alg) -> Result<SigningKey> {
        match &self.material {
            Material::Secret(bytes) if alg.family() == Family::Hmac => {
                MacKey::new(alg, bytes).map(SigningKey::Mac)
            }
            Material::Asym(k) => k.signing(alg).map(SigningKey::Pk),
            Material::Unusable(e, _) => Err(e.clone()),
            _ => Err(super::type_mismatch()),
        }
    }

    /// Whether the key may serve `alg` for `op`: its type, its pinned `alg`,
    /// its `use` and its `key_ops` all have to agree. Length is checked later,
    /// with its own error.
    pub fn serves(&self, alg: Alg, op: KeyOp) -> bool {
        let op_name = match op {
            KeyOp::Sign => "sign",
            KeyOp::Verify => "verify",
        };
        let type_fits = match &self.material {
            Material::Secret(_) => alg.family() == Family::Hmac,
            Material::Asym(k) => k.serves(alg, op),
            Material::Unusable(..) | Material::Foreign => false,
        };
        type_fits
            && self.alg.is_none_or(|a| a == alg)
            && self.use_sig
            && self
                .ops
                .as_ref()
                .is_none_or(|ops| ops.iter().any(|o| o == op_name))
    }
}

impl Material {
    pub(super) fn family(&self) -> Option<Family> {
        match self {
            Material::Secret(_) => Some(Family::Hmac),
            Material::Asym(k) => Some(k.family()),
            Material::Unusable(..) | Material::Foreign => None,
        }
    }
}

/// A secret's bytes, kept where they are wiped on drop; empty secrets and
/// public-key material are refused.
pub(super) fn secret_bytes(bytes: &[u8], form: Form) -> Result<Zeroizing<Vec<u8>>> {
    if bytes.is_empty() {
        return Err(JwtError::key("the secret is empty"));
    }
    secret_check::check(bytes, form)?;
    Ok(Zeroizing::new(bytes.to_vec()))
}

/// Whether a JWK `kty` can hold keys of `family` (the curve is checked
/// once the key is read).
pub(super) fn kty_fits(kty: &str, family: Family) -> bool {
    matches!(
        (kty, family),
        ("oct", Family::Hmac)
            | ("RSA", Family::Rsa)
            | ("EC", Family::Ec(_))
            | ("OKP", Family::Ed25519)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::keys::key_set::KeySet;

    #[test]
    fn pem_text_is_never_a_secret() {
        let pem = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n";
        assert_eq!(Key::from_text(pem).unwrap_err().code, ErrorCode::JwkInvalid);
        assert_eq!(Key::from_text("").unwrap_err().code, ErrorCode::JwkInvalid);
    }

    #[test]
    fn jwk_fields_bind_the_key() {
        let k = Key::from_jwk(
            r#"{"kty":"oct","k":"c2VjcmV0","alg":"HS384","kid":"a","key_ops":["verify"]}"#,
        )
        .unwrap();
        assert!(k.serves(Alg::HS384, KeyOp::Verify));
        assert!(!k.serves(Alg::HS256, KeyOp::Verify));
        assert!(!k.serves(Alg::HS384, KeyOp::Sign));
        assert_eq!(k.kid(), Some("a"));
        let enc = Key::from_jwk(r#"{"kty":"oct","k":"c2VjcmV0","use":"enc"}"#).unwrap();
        assert!(!enc.serves(Alg::HS256, KeyOp::Verify));
    }

    #[test]
    fn bad_jwks_are_refused() {
        for bad in [
            r#"{"kty":"RSA","n":"x","e":"AQAB"}"#,
            r#"{"kty":"oct"}"#,
            r#"{"kty":"oct","k":""}"#,
            r#"{"kty":"oct","k":"YQ=="}"#,
            r#"{"kty":"oct","k":"c2VjcmV0","alg":"RS256"}"#,
            "[]",
            "{",
        ] {
            assert_eq!(
                Key::from_jwk(bad).unwrap_err().code,
                ErrorCode::JwkInvalid,
                "{bad}"
            );
        }
        assert_eq!(
            KeySet::from_jwks("{}").unwrap_err().code,
            ErrorCode::JwksInvalid
        );
        let set = KeySet::from_jwks(
            r#"{"keys":[{"kty":"RSA","n":"x","e":"AQAB"},{"kty":"oct","k":"c2VjcmV0"}]}"#,
        )
        .unwrap();
        assert_eq!(set.keys().len(), 2);
        assert!(!set.keys()[0].serves(Alg::HS256, KeyOp::Verify));
    }
}
