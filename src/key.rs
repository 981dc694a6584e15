//! Keys: raw secrets, `oct` JWKs (RFC 7517) and JWK sets, each bound to the
//! algorithms it may serve so that no token can pick its own key type.

use crate::alg::Alg;
use crate::base64url;
use crate::error::{ErrorCode, JwtError, Result};
use crate::json::{self, Value};
use alloc::{borrow::ToOwned, string::String, vec::Vec};

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
    Secret(Vec<u8>),
    /// A JWK of a type this build cannot use (only inside key sets, where
    /// mixed sets are normal); it never matches a token.
    Foreign,
}

impl Key {
    /// An HMAC secret from raw bytes. Empty secrets are refused here; secrets
    /// shorter than an algorithm's hash are refused when used with it.
    pub fn secret(bytes: &[u8]) -> Result<Key> {
        if bytes.is_empty() {
            return Err(JwtError::key("the secret is empty"));
        }
        Ok(Key {
            material: Material::Secret(bytes.to_vec()),
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
            return Err(JwtError::key(
                "a PEM key is not an HMAC secret (HS* algorithms need a shared secret)",
            ));
        }
        Key::secret(text.as_bytes())
    }

    /// A key from a JWK JSON text. Only `kty: "oct"` is usable in this build.
    pub fn from_jwk(text: &str) -> Result<Key> {
        let value = json::parse(text).ok_or_else(|| JwtError::key("the JWK is not valid JSON"))?;
        let key = Key::from_jwk_value(&value)?;
        match key.material {
            Material::Secret(_) => Ok(key),
            Material::Foreign => Err(JwtError::key(
                "only kty \"oct\" (HMAC) keys are supported by this build",
            )),
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
        let alg = match value.get("alg") {
            None => None,
            Some(v) => {
                let name = v
                    .as_str()
                    .ok_or_else(|| JwtError::key("the JWK's \"alg\" is not a string"))?;
                match Alg::parse(name) {
                    Some(alg) => Some(alg),
                    None if kty == "oct" => {
                        return Err(JwtError::key("the JWK's \"alg\" is not an HMAC algorithm"))
                    }
                    None => None,
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
        let material = if kty == "oct" {
            let k = value
                .get("k")
                .and_then(Value::as_str)
                .ok_or_else(|| JwtError::key("an oct JWK needs \"k\", a base64url string"))?;
            let bytes = base64url::decode(k)
                .ok_or_else(|| JwtError::key("the JWK's \"k\" is not strict base64url"))?;
            if bytes.is_empty() {
                return Err(JwtError::key("the JWK's \"k\" is empty"));
            }
            Material::Secret(bytes)
        } else {
            Material::Foreign
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

    /// The secret bytes of an HMAC key.
    pub(crate) fn secret_bytes(&self) -> Option<&[u8]> {
        match &self.material {
            Material::Secret(bytes) => Some(bytes),
            Material::Foreign => None,
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
        self.secret_bytes().is_some()
            && self.alg.is_none_or(|a| a == alg)
            && self.use_sig
            && self
                .ops
                .as_ref()
                .is_none_or(|ops| ops.iter().any(|o| o == op_name))
    }
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
