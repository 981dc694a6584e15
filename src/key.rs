//! Keys: raw secrets, JWKs (RFC 7517: `oct`; `RSA`, `EC`, `OKP` and PEM in
//! the `public-key` build) and JWK sets, each bound to the algorithms it may
//! serve so that no token can pick its own key type.

use crate::alg::{Alg, AlgName, Family};
use crate::base64url;
use crate::error::{ErrorCode, JwtError, Result};
use crate::json::{self, Value};
use crate::mac::MacKey;
use crate::prepared::Prepared;
use crate::secret_check::{self, Form};
use alloc::{borrow::ToOwned, string::String, vec::Vec};
use zeroize::Zeroizing;

/// What a key is about to be used for (JWK `key_ops`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOp {
    /// Producing signatures.
    Sign,
    /// Checking signatures.
    Verify,
}

/// A single key.
#[derive(Clone, Debug)]
pub struct Key {
    material: Material,
    alg: Option<Alg>,
    kid: Option<String>,
    use_sig: bool,
    ops: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
enum Material {
    /// Wiped when the key is dropped.
    Secret(Zeroizing<Vec<u8>>),
    #[cfg(feature = "public-key")]
    Asym(alloc::boxed::Box<crate::pk::AsymKey>),
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

    /// A public or private key in PEM.
    #[cfg(feature = "public-key")]
    pub fn from_pem(text: &str) -> Result<Key> {
        let key = crate::pk::AsymKey::from_pem(text)?;
        Ok(Key::with_material(Material::Asym(key.into())))
    }

    /// PEM keys need the `public-key` build.
    #[cfg(not(feature = "public-key"))]
    pub fn from_pem(_text: &str) -> Result<Key> {
        Err(JwtError::key(
            "a PEM key is not an HMAC secret; public-key algorithms are in ferrojwt/full",
        ))
    }

    /// A new random key pair for a public-key `alg` (`bits` for RSA).
    #[cfg(feature = "public-key")]
    pub fn generate(alg: Alg, bits: usize) -> Result<Key> {
        let mut key = Key::with_material(Material::Asym(
            crate::pk::AsymKey::generate(alg, bits)?.into(),
        ));
        key.alg = Some(alg);
        Ok(key)
    }

    #[cfg(feature = "public-key")]
    fn with_material(material: Material) -> Key {
        Key {
            material,
            alg: None,
            kid: None,
            use_sig: true,
            ops: None,
        }
    }

    /// The key as JWK text: its public members only unless `private`, with
    /// `kid` and `alg` when it has them. `None` for an HMAC secret (which is
    /// never exported) and keys this build cannot use.
    #[cfg(feature = "public-key")]
    pub fn to_jwk(&self, private: bool) -> Option<String> {
        let Material::Asym(k) = &self.material else {
            return None;
        };
        let mut out = String::from("{");
        k.write_jwk_members(private, &mut out);
        if let Some(kid) = &self.kid {
            out.push_str(",\"kid\":");
            json::write_string(kid, &mut out);
        }
        if let Some(alg) = self.alg {
            out.push_str(",\"alg\":\"");
            out.push_str(alg.name());
            out.push('"');
        }
        out.push('}');
        Some(out)
    }

    /// Sets the `kid` (e.g. of a generated key).
    pub fn set_kid(&mut self, kid: Option<String>) {
        self.kid = kid;
    }

    /// A key from a JWK JSON text.
    pub fn from_jwk(text: &str) -> Result<Key> {
        let value = json::parse(text).ok_or_else(|| JwtError::key("the JWK is not valid JSON"))?;
        let key = Key::from_jwk_value(&value)?;
        match key.material {
            Material::Foreign if cfg!(feature = "public-key") => Err(JwtError::key(
                "the JWK's kty must be \"oct\", \"RSA\", \"EC\" or \"OKP\"",
            )),
            Material::Foreign => Err(JwtError::key(
                "only kty \"oct\" (HMAC) keys are supported here; RSA, EC and OKP keys are in ferrojwt/full",
            )),
            Material::Unusable(e, _) => Err(e),
            _ => Ok(key),
        }
    }

    pub(crate) fn from_jwk_value(value: &Value<'_>) -> Result<Key> {
        if !matches!(value, Value::Object(_)) {
            return Err(JwtError::key("a JWK must be a JSON object"));
        }
        let kty = value
            .get("kty")
            .and_then(Value::as_str)
            .ok_or_else(|| JwtError::key("the JWK has no \"kty\" string"))?;
        // RFC 7517 4.4: `alg` names the one algorithm the key is for. A key
        // for encryption (RSA-OAEP, ECDH-ES...) or for another key type is
        // never used to sign or verify: unusable, with the reason.
        let (alg, misfit) = match value.get("alg") {
            None => (None, None),
            Some(v) => {
                let name = v
                    .as_str()
                    .ok_or_else(|| JwtError::key("the JWK's \"alg\" is not a string"))?;
                match AlgName::parse(name) {
                    AlgName::Known(alg) if kty_fits(kty, alg.family()) => (Some(alg), None),
                    // A registered public-key algorithm in the build without
                    // them: the key is foreign here whatever its alg says.
                    AlgName::PublicKey if kty != "oct" => (None, None),
                    _ => (None, Some(alg_misfit(kty, name))),
                }
            }
        };
        let kid = match value.get("kid") {
            None => None,
            Some(v) => Some(
                v.as_str()
                    .ok_or_else(|| JwtError::key("the JWK's \"kid\" is not a string"))?
                    .to_owned(),
            ),
        };
        let use_sig = match value.get("use") {
            None => true,
            Some(v) => {
                v.as_str()
                    .ok_or_else(|| JwtError::key("the JWK's \"use\" is not a string"))?
                    == "sig"
            }
        };
        let ops = match value.get("key_ops") {
            None => None,
            Some(v) => Some(
                v.as_str_list()
                    .filter(|_| matches!(v, Value::Array(_)))
                    .ok_or_else(|| {
                        JwtError::key("the JWK's \"key_ops\" is not an array of strings")
                    })?
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            ),
        };
        let material = if let Some(e) = misfit {
            Material::Unusable(e, kty.to_owned())
        } else if kty == "oct" {
            let k = value
                .get("k")
                .and_then(Value::as_str)
                .ok_or_else(|| JwtError::key("an oct JWK needs \"k\", a base64url string"))?;
            let bytes = Zeroizing::new(
                base64url::decode(k)
                    .ok_or_else(|| JwtError::key("the JWK's \"k\" is not strict base64url"))?,
            );
            if bytes.is_empty() {
                return Err(JwtError::key("the JWK's \"k\" is empty"));
            }
            Material::Secret(secret_bytes(&bytes, Form::Bytes)?)
        } else {
            asym_material(kty, value)
        };
        // `alg: ES256` on a P-384 key, say (only keys of the full build
        // have a curve).
        #[cfg(feature = "public-key")]
        let material = match (material, alg) {
            (m, Some(alg)) if m.family().is_some_and(|f| f != alg.family()) => Material::Unusable(
                JwtError::key("the JWK's \"alg\" does not fit its curve"),
                kty.to_owned(),
            ),
            (m, _) => m,
        };
        Ok(Key {
            material,
            alg,
            kid,
            use_sig,
            ops,
        })
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
            #[cfg(feature = "public-key")]
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
            #[cfg(feature = "public-key")]
            Material::Asym(k) => !k.is_private(),
            _ => false,
        }
    }

    /// The key made ready for `alg` (checks of length and type included).
    pub fn prepare(&self, alg: Alg, op: KeyOp) -> Result<Prepared> {
        match &self.material {
            Material::Secret(bytes) if alg.family() == Family::Hmac => {
                MacKey::new(alg, bytes).map(Prepared::Mac)
            }
            #[cfg(feature = "public-key")]
            Material::Asym(k) => k.prepare(alg, op).map(Prepared::Pk),
            Material::Unusable(e, _) => Err(e.clone()),
            _ => {
                let _ = op;
                Err(JwtError::key("the key's type does not fit the algorithm"))
            }
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
            #[cfg(feature = "public-key")]
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

#[cfg(feature = "public-key")]
impl Material {
    fn family(&self) -> Option<Family> {
        match self {
            Material::Secret(_) => Some(Family::Hmac),
            #[cfg(feature = "public-key")]
            Material::Asym(k) => Some(k.family()),
            Material::Unusable(..) | Material::Foreign => None,
        }
    }
}

/// A secret's bytes, kept where they are wiped on drop; empty secrets and
/// public-key material are refused.
fn secret_bytes(bytes: &[u8], form: Form) -> Result<Zeroizing<Vec<u8>>> {
    if bytes.is_empty() {
        return Err(JwtError::key("the secret is empty"));
    }
    secret_check::check(bytes, form)?;
    Ok(Zeroizing::new(bytes.to_vec()))
}

/// Why a JWK's `alg` keeps it from signing and verifying.
fn alg_misfit(kty: &str, alg: &str) -> JwtError {
    let what = match AlgName::parse(alg) {
        AlgName::Known(_) | AlgName::PublicKey => "is for another key type than",
        AlgName::None => "never fits",
        AlgName::Unknown => "is not a JWS signature algorithm for",
    };
    let mut message = String::from("the JWK's \"alg\" ");
    json::write_string(alg, &mut message);
    message.push(' ');
    message.push_str(what);
    message.push_str(" its kty ");
    json::write_string(kty, &mut message);
    message.push_str(": the key is never used to sign or verify");
    JwtError::key(message)
}

/// Whether a JWK `kty` can hold keys of `family` (the curve is checked
/// once the key is read).
fn kty_fits(kty: &str, family: Family) -> bool {
    matches!(
        (kty, family),
        ("oct", Family::Hmac)
            | ("RSA", Family::Rsa)
            | ("EC", Family::Ec(_))
            | ("OKP", Family::Ed25519)
    )
}

#[cfg(feature = "public-key")]
fn asym_material(kty: &str, jwk: &Value<'_>) -> Material {
    match crate::pk::AsymKey::from_jwk(kty, jwk) {
        Some(Ok(k)) => Material::Asym(k.into()),
        Some(Err(e)) => Material::Unusable(e, kty.to_owned()),
        None => Material::Foreign,
    }
}

#[cfg(not(feature = "public-key"))]
fn asym_material(_kty: &str, _jwk: &Value<'_>) -> Material {
    Material::Foreign
}

/// A JWK set (`{"keys": [...]}`); the key for a token is chosen by `kid` and `alg`.
#[derive(Clone, Debug)]
pub struct KeySet {
    keys: Vec<Key>,
}

impl KeySet {
    /// Parses a JWKS JSON text. Keys of types this build cannot use are kept
    /// but never match; a malformed key fails the whole set.
    pub fn from_jwks(text: &str) -> Result<KeySet> {
        let invalid = || {
            JwtError::new(
                ErrorCode::JwksInvalid,
                "a JWK set must be {\"keys\": [...]}",
            )
        };
        let value = json::parse(text).ok_or_else(invalid)?;
        let Some(Value::Array(items)) = value.get("keys") else {
            return Err(invalid());
        };
        let keys = items
            .iter()
            .map(Key::from_jwk_value)
            .collect::<Result<Vec<_>>>()?;
        Ok(KeySet { keys })
    }

    /// The keys, in set order.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }
}

/// Either one key or a set: what `verify` accepts.
#[derive(Clone, Debug)]
pub enum KeySource {
    /// One key for every token.
    Key(Key),
    /// Choose per token by `kid` and `alg`.
    Set(KeySet),
}

impl From<Key> for KeySource {
    fn from(key: Key) -> Self {
        KeySource::Key(key)
    }
}

impl From<KeySet> for KeySource {
    fn from(set: KeySet) -> Self {
        KeySource::Set(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
