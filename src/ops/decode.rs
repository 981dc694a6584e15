//! Decoding without verification, for reading a token a client already
//! trusts (its own access token) or for debugging. Never use the result to
//! make an authorization decision: use `verify`.

use crate::encoding::json;
use crate::error::{ErrorCode, Result};
use crate::jws::{self, parse_header};
use crate::jwt::claims::payload_not_an_object;
use crate::ops::decoded::{Builder, Decoded};
use alloc::{borrow::ToOwned, string::String, vec::Vec};

/// Decodes header and payload, checking the token's form only: three strict
/// base64url segments, a JSON-object header and payload, unique names. No
/// value is built: nothing here acts on one.
pub fn decode(token: &str, max_token_length: usize) -> Result<Decoded> {
    let segments = jws::split(token, max_token_length)?;
    let builder = Builder::new(&segments)?;
    json::walk_object(builder.header()?, &|_| false).ok_or_else(jws::header_not_an_object)?;
    let decoded = builder.finish(&segments)?;
    json::walk_object(decoded.payload_json(), &|_| false).ok_or_else(payload_not_an_object)?;
    // The signature is not checked here, but its form is: a token `decode`
    // accepts is one `verify` could accept (found by fuzzing, decode target).
    let mut signature = Vec::with_capacity(segments.signature.len() * 3 / 4 + 3);
    jws::decode_segment(segments.signature, &mut signature, ErrorCode::JwsInvalid)?;
    Ok(decoded)
}

/// Decodes only the protected header, returning its JSON text.
pub fn decode_header(token: &str, max_token_length: usize) -> Result<String> {
    let segments = jws::split(token, max_token_length)?;
    let builder = Builder::new(&segments)?;
    let header = builder.header()?;
    parse_header(header)?;
    Ok(header.to_owned())
}
