//! JWS compact serialization (RFC 7515 section 7.1): splitting a token into
//! its segments and decoding the protected header; `alg` holds the
//! algorithm names and what each key may be used for.

pub mod alg;

use alloc::{string::String, vec::Vec};

use crate::encoding::base64url;
use crate::encoding::json::{self, Member, Value};
use crate::error::{ErrorCode, JwtError, Result};

/// The three segments of a compact JWS, still base64url.
#[derive(Clone, Copy, Debug)]
pub struct Segments<'a> {
    /// `BASE64URL(header)`
    pub header: &'a str,
    /// `BASE64URL(payload)`
    pub payload: &'a str,
    /// `BASE64URL(signature)`
    pub signature: &'a str,
    /// `header.payload`: the bytes the signature covers.
    pub signing_input: &'a str,
}

/// Splits a token after checking its length, which comes first so that
/// oversized input costs nothing but a comparison.
pub fn split(token: &str, max_length: usize) -> Result<Segments<'_>> {
    if token.len() > max_length {
        return Err(JwtError::jws("the token is over the length limit"));
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::jws(if token.split('.').count() == 5 {
            "this is a JWE (encrypted token); only signed JWTs (JWS) are supported"
        } else {
            "a JWT has three base64url segments separated by dots"
        }));
    };
    if header.is_empty() {
        return Err(JwtError::jws("the header segment is empty"));
    }
    let signing_input = token
        .get(..header.len() + 1 + payload.len())
        .unwrap_or(token);
    Ok(Segments {
        header,
        payload,
        signature,
        signing_input,
    })
}

/// Decodes one segment, appending its bytes to `out`; the returned range
/// is where they landed.
pub fn decode_segment(
    segment: &str,
    out: &mut Vec<u8>,
    code: ErrorCode,
) -> Result<core::ops::Range<usize>> {
    let start = out.len();
    base64url::decode_into(segment, out).ok_or_else(|| {
        JwtError::new(
            code,
            "a segment is not strict base64url (URL alphabet, no padding, canonical)",
        )
    })?;
    Ok(start..out.len())
}

/// A decoded protected header: its members, with values built for the
/// ones the library acts on (`alg`, `typ`, `kid`, `crit`, `b64`).
#[derive(Default)]
pub struct Header<'a> {
    members: Vec<Member<'a>>,
}

/// A header the JSON reader refused.
pub fn header_not_an_object() -> JwtError {
    JwtError::jws(json::limits_message!(
        "the header is not a JSON object with unique member names (at most ",
        " per object, ",
        " levels deep)"
    ))
}

/// Parses a decoded header: one JSON object, no repeated names.
pub fn parse_header(text: &str) -> Result<Header<'_>> {
    let members = json::walk_object(text, &|n| {
        matches!(n, "alg" | "typ" | "kid" | "crit" | "b64")
    })
    .ok_or_else(header_not_an_object)?;
    Ok(Header { members })
}

impl<'a> Header<'a> {
    /// The value of `alg`, `typ`, `kid`, `crit` or `b64`, if present.
    pub fn get(&self, name: &str) -> Option<&Value<'a>> {
        self.members
            .iter()
            .find(|m| m.name == name)
            .and_then(|m| m.value.as_ref())
    }

    fn has(&self, name: &str) -> bool {
        self.members.iter().any(|m| m.name == name)
    }
}

impl Header<'_> {
    /// Enforces `crit` (RFC 7515 4.1.11): a non-empty array of names, each
    /// present in the header and understood by the caller. And refuses the
    /// unencoded-payload option (RFC 7797), which this library does not do.
    pub fn check_crit(&self, understood: &[String]) -> Result<()> {
        if let Some(b64) = self.get("b64") {
            if *b64 != Value::Bool(true) {
                return Err(JwtError::new(
                    ErrorCode::NotSupported,
                    "unencoded payloads (\"b64\": false, RFC 7797) are not supported",
                ));
            }
        }
        let Some(crit) = self.get("crit") else {
            return Ok(());
        };
        let names = match crit {
            Value::Array(items) if !items.is_empty() => crit.as_str_list(),
            _ => None,
        }
        .ok_or_else(|| JwtError::jws("\"crit\" must be a non-empty array of names"))?;
        for name in names {
            if name.is_empty() || !self.has(name) {
                return Err(JwtError::jws("a \"crit\" name is missing from the header"));
            }
            if !understood.iter().any(|u| u == name) {
                return Err(JwtError::new(
                    ErrorCode::JwsInvalid,
                    [
                        "critical header parameter \"",
                        name,
                        "\" is not understood (list it in options.crit)",
                    ]
                    .concat(),
                ));
            }
        }
        Ok(())
    }
}
