//! Signing: the header is serialized and encoded once per signer; each token
//! then costs one payload scan, one encode and one keyed MAC.

use crate::encoding::base64url;
use crate::encoding::json;
use crate::error::{ErrorCode, JwtError, Result};
use crate::jws::alg::Alg;
use crate::jws::alg::KeyOp;
use crate::jwt::claims::Claims;
use crate::jwt::options::{Audience, IssuedAt, JwtId, SignOptions, VerifyOptions};
use crate::jwt::span;
use crate::keys::key::Key;
use crate::keys::prepared::SigningKey;
use crate::keys::random;
use alloc::{string::String, vec::Vec};

/// Header members set through their own options, never through `header`.
const OWN_OPTION_HEADERS: [&str; 3] = ["alg", "typ", "kid"];

/// A reusable signer.
pub struct Signer {
    alg: Alg,
    key: SigningKey,
    /// `BASE64URL(header) "."`
    header_prefix: String,
    options: SignOptions,
}

impl Signer {
    /// Prepares `key` for `options.alg` (default: the key's `alg`, else the
    /// one its type implies: HS256 for a secret, RS256 for RSA, the curve's
    /// ES* for EC, EdDSA for Ed25519).
    pub fn new(key: &Key, options: SignOptions) -> Result<Signer> {
        let alg = options.alg.unwrap_or_else(|| key.default_alg());
        if !key.serves(alg, KeyOp::Sign) {
            // Prepare anyway for the precise reason (wrong type, public key);
            // else the JWK's own fields forbid it.
            key.signing_key(alg)?;
            return Err(JwtError::key(
                "the key may not sign with this algorithm (its alg, use or key_ops forbid it)",
            ));
        }
        let prepared = key.signing_key(alg)?;

        let mut header = String::from("{\"alg\":\"");
        header.push_str(alg.name());
        header.push('"');
        if let Some(typ) = &options.typ {
            header.push_str(",\"typ\":");
            json::write_string(typ, &mut header);
        }
        if let Some(kid) = options.kid.as_deref().or(key.kid()) {
            header.push_str(",\"kid\":");
            json::write_string(kid, &mut header);
        }
        if let Some(extra) = &options.header {
            let members = json::walk_object(extra, &|_| false).ok_or_else(|| {
                JwtError::arg("options.header must be an object with unique member names")
            })?;
            for m in &members {
                if OWN_OPTION_HEADERS.contains(&m.name.as_ref()) {
                    return Err(JwtError::arg(
                        "options.header may not set alg, typ or kid: use those options",
                    ));
                }
                if m.name == "b64" {
                    return Err(JwtError::new(
                        ErrorCode::NotSupported,
                        "unencoded payloads (b64) are not supported",
                    ));
                }
            }
            // Copy the members' text as given: values survive exactly.
            const WS: [char; 4] = [' ', '\t', '\n', '\r'];
            let inner = extra
                .trim_matches(WS)
                .strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .unwrap_or_default()
                .trim_matches(WS);
            if !inner.is_empty() {
                header.push(',');
                header.push_str(inner);
            }
        }
        header.push('}');
        let mut header_prefix = base64url::encode(header.as_bytes());
        header_prefix.push('.');
        // Not even `{}` (3 characters) and a signature would fit: refuse now,
        // as the verifier refuses a key it can never use, not at every sign.
        let least = header_prefix.len() + base64url::encoded_len(2) + 1;
        if least > options.max_token_length {
            return Err(too_long(least, options.max_token_length));
        }
        Ok(Signer {
            alg,
            key: prepared,
            header_prefix,
            options,
        })
    }

    /// The algorithm this signer uses.
    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// Signs a payload given as a JSON object text. Its bytes are kept as
    /// given (member order included); option claims are appended, and a claim
    /// set both ways is refused rather than silently overridden.
    pub fn sign(&self, payload: &str, now: f64) -> Result<String> {
        let max = self.options.max_token_length;
        // Bounded before any work: the payload alone may already not fit.
        let at_least = self.header_prefix.len() + base64url::encoded_len(payload.len());
        if at_least > max {
            return Err(too_long(at_least, max));
        }
        let claims = Claims::parse(payload, &VerifyOptions::default())?;
        claims.check_types()?;
        let o = &self.options;
        let now = o.now.unwrap_or(now);

        let mut extra = String::new();
        let mut add =
            |name: &'static str, present: bool, write: &mut dyn FnMut(&mut String)| -> Result<()> {
                if !present {
                    return Ok(());
                }
                if claims.get(name).is_some() {
                    return Err(JwtError::arg(
                        ["\"", name, "\" is both in the payload and in the options"].concat(),
                    ));
                }
                extra.push(',');
                json::write_string(name, &mut extra);
                extra.push(':');
                write(&mut extra);
                Ok(())
            };
        let iat = match o.iat {
            IssuedAt::Auto if claims.get("iat").is_none() => Some(now),
            IssuedAt::Now => Some(now),
            IssuedAt::At(t) => Some(t),
            IssuedAt::Auto | IssuedAt::Omit => None,
        };
        add("iat", iat.is_some(), &mut |s| {
            json::write_number(span::floor(iat.unwrap_or(now)), s)
        })?;
        add("nbf", o.not_before.is_some(), &mut |s| {
            json::write_number(span::floor(now + o.not_before.unwrap_or(0.0)), s)
        })?;
        add("exp", o.expires_in.is_some(), &mut |s| {
            json::write_number(span::floor(now + o.expires_in.unwrap_or(0.0)), s)
        })?;
        add("iss", o.issuer.is_some(), &mut |s| {
            json::write_string(o.issuer.as_deref().unwrap_or_default(), s)
        })?;
        add("sub", o.subject.is_some(), &mut |s| {
            json::write_string(o.subject.as_deref().unwrap_or_default(), s)
        })?;
        add("aud", o.audience.is_some(), &mut |s| match &o.audience {
            Some(Audience::One(a)) => json::write_string(a, s),
            Some(Audience::Many(list)) => {
                s.push('[');
                for (i, a) in list.iter().enumerate() {
                    if i > 0 {
                        s.push(',');
                    }
                    json::write_string(a, s);
                }
                s.push(']');
            }
            None => s.push_str("null"),
        })?;
        let jti = match &o.jwt_id {
            Some(JwtId::Given(id)) => Some(id.clone()),
            Some(JwtId::Random) => Some(random::random_id()?),
            None => None,
        };
        add("jti", jti.is_some(), &mut |s| {
            json::write_string(jti.as_deref().unwrap_or_default(), s)
        })?;

        let body = payload.trim_end_matches([' ', '\t', '\n', '\r']);
        let body = body
            .strip_suffix('}')
            .ok_or_else(|| JwtError::jwt("the payload must be a JSON object"))?;
        let mut full = String::with_capacity(body.len() + extra.len() + 1);
        full.push_str(body);
        if !extra.is_empty() {
            if claims.is_empty() {
                full.push_str(extra.get(1..).unwrap_or_default());
            } else {
                full.push_str(&extra);
            }
        }
        full.push('}');

        let unsigned = self.header_prefix.len() + base64url::encoded_len(full.len());
        if unsigned + 1 > max {
            return Err(too_long(unsigned + 1, max));
        }
        let mut token = String::with_capacity(unsigned + 90);
        token.push_str(&self.header_prefix);
        base64url::encode_into(full.as_bytes(), &mut token);
        let mut tag = Vec::with_capacity(64);
        self.key.sign_into(token.as_bytes(), &mut tag)?;
        token.push('.');
        base64url::encode_into(&tag, &mut token);
        if token.len() > max {
            return Err(too_long(token.len(), max));
        }
        Ok(token)
    }
}

/// A token we will not make: our own verifier (with the same limit) would
/// refuse it.
fn too_long(len: usize, max: usize) -> JwtError {
    let mut message = String::from("the token would be at least ");
    json::write_number(len as f64, &mut message);
    message.push_str(" characters, over the length limit (");
    json::write_number(max as f64, &mut message);
    message.push(')');
    JwtError::new(ErrorCode::JwsInvalid, message)
}

/// One-shot signing.
pub fn sign(payload: &str, key: &Key, options: SignOptions, now: f64) -> Result<String> {
    Signer::new(key, options)?.sign(payload, now)
}
