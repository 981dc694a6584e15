//! Reading and writing the base64url members of RSA, EC and OKP JWKs.

use alloc::{string::String, vec::Vec};
use zeroize::Zeroizing;

use crate::encoding::base64url;
use crate::encoding::json::Value;
use crate::error::{JwtError, Result};
use crate::jws::alg::Curve;

/// The bytes of member `name`, or `None` when it is absent. Private members
/// come back in a buffer that is wiped when dropped.
pub fn optional(jwk: &Value<'_>, name: &'static str) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let Some(value) = jwk.get(name) else {
        return Ok(None);
    };
    let text = value
        .as_str()
        .ok_or_else(|| fault(name, "\" is not a string"))?;
    let bytes = base64url::decode(text).ok_or_else(|| fault(name, "\" is not strict base64url"))?;
    if bytes.is_empty() {
        return Err(fault(name, "\" is empty"));
    }
    Ok(Some(Zeroizing::new(bytes)))
}

/// `the JWK's "name" what`: one copy of the message code for every member.
#[inline(never)]
fn fault(name: &str, what: &str) -> JwtError {
    JwtError::key(["the JWK's \"", name, what].concat())
}

/// The bytes of member `name`, which must be present.
pub fn required(jwk: &Value<'_>, name: &'static str) -> Result<Zeroizing<Vec<u8>>> {
    optional(jwk, name)?.ok_or_else(|| missing(name))
}

/// The error for a missing member `name`.
pub fn missing(name: &str) -> JwtError {
    JwtError::key(["the JWK needs \"", name, "\""].concat())
}

/// The bytes of member `name`, which must be exactly `len` long (EC and OKP
/// coordinates and scalars have fixed sizes: RFC 7518 6.2.1.2, RFC 8037 2).
pub fn exact(
    jwk: &Value<'_>,
    name: &'static str,
    len: usize,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    match optional(jwk, name)? {
        Some(bytes) if bytes.len() != len => {
            Err(fault(name, "\" has the wrong length for its curve"))
        }
        other => Ok(other),
    }
}

/// An `EC` JWK's curve and public point (RFC 7518 6.2.1): `crv`, and `x`
/// and `y` of exactly the curve's size.
pub fn ec_point(jwk: &Value<'_>) -> Result<(Curve, EcPoint)> {
    let crv = text(jwk, "crv")?;
    let curve = Curve::named(crv)
        .ok_or_else(|| JwtError::key("the EC JWK's \"crv\" is not P-256, P-384 or P-521"))?;
    let len = curve.field_len();
    let x = exact(jwk, "x", len)?.ok_or_else(|| missing("x"))?;
    let y = exact(jwk, "y", len)?.ok_or_else(|| missing("y"))?;
    Ok((curve, EcPoint { x, y }))
}

/// Affine coordinates, big-endian, each the curve's field size.
pub struct EcPoint {
    pub x: Zeroizing<Vec<u8>>,
    pub y: Zeroizing<Vec<u8>>,
}

/// The text of member `name` (e.g. `crv`), which must be a present string.
pub fn text<'v>(jwk: &'v Value<'_>, name: &'static str) -> Result<&'v str> {
    jwk.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| JwtError::key(["the JWK needs a \"", name, "\" string"].concat()))
}

/// Appends `,"name":"base64url(bytes)"`.
pub fn write(out: &mut String, name: &str, bytes: &[u8]) {
    out.push_str(",\"");
    out.push_str(name);
    out.push_str("\":\"");
    base64url::encode_into(bytes, out);
    out.push('"');
}

/// Appends `,"name":"value"` for a plain ASCII value.
pub fn write_text(out: &mut String, name: &str, value: &str) {
    out.push_str(",\"");
    out.push_str(name);
    out.push_str("\":\"");
    out.push_str(value);
    out.push('"');
}
