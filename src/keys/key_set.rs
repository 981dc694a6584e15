//! JWK sets and what `verify` accepts: one key or a set.

use alloc::vec::Vec;

use super::key::Key;
use crate::encoding::json::{self, Value};
use crate::error::{ErrorCode, JwtError, Result};

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
