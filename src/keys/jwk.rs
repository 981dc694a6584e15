//! JWK import and export (RFC 7517): a JWK's members checked and bound to
//! the key they describe (`kty`, `alg`, `kid`, `use`, `key_ops`).

use alloc::{borrow::ToOwned, string::String};
use zeroize::Zeroizing;

use super::asym::{self, AsymKey};
use super::key::{kty_fits, secret_bytes, Key, Material};
use super::secret_check::Form;
use crate::encoding::base64url;
use crate::encoding::json::{self, Value};
use crate::error::{JwtError, Result};
use crate::jws::alg::AlgName;

impl Key {
    /// A key from a JWK JSON text.
    pub fn from_jwk(text: &str) -> Result<Key> {
        let value = json::parse(text).ok_or_else(|| JwtError::key("the JWK is not valid JSON"))?;
        let key = Key::from_jwk_value(&value)?;
        match key.material {
            Material::Foreign if asym::ENABLED => Err(JwtError::key(
                "the JWK's kty must be \"oct\", \"RSA\", \"EC\" or \"OKP\"",
            )),
            Material::Foreign => Err(JwtError::key(
                "the JWK's kty must be \"oct\", \"RSA\" or \"EC\" here; OKP (Ed25519) keys are in ferrojwt/full",
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
                    // EdDSA in the build without it: an OKP key is foreign
                    // here whatever its alg says.
                    AlgName::PublicKey if kty == "OKP" => (None, None),
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
        // `alg: ES256` on a P-384 key, say (only public keys have a curve).
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

    /// The key as JWK text: its public members only unless `private`, with
    /// `kid` and `alg` when it has them. `None` for an HMAC secret (which is
    /// never exported) and keys this build cannot use.
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

fn asym_material(kty: &str, jwk: &Value<'_>) -> Material {
    match AsymKey::from_jwk(kty, jwk) {
        Some(Ok(k)) => Material::Asym(k.into()),
        Some(Err(e)) => Material::Unusable(e, kty.to_owned()),
        None => Material::Foreign,
    }
}
