//! Decoding without verification, for reading a token a client already
//! trusts (its own access token) or for debugging. Never use the result to
//! make an authorization decision: use `verify`.

use crate::claims::Claims;
use crate::decoded::{Builder, Decoded};
use crate::error::Result;
use crate::jws::{self, parse_header};
use crate::options::VerifyOptions;
use alloc::{borrow::ToOwned, string::String};

/// Decodes header and payload, checking the token's form only: three strict
/// base64url segments, a JSON-object header and payload, unique names.
pub fn decode(token: &str, max_token_length: usize) -> Result<Decoded> {
    let segments = jws::split(token, max_token_length)?;
    let builder = Builder::new(&segments)?;
    parse_header(builder.header()?)?;
    let decoded = builder.finish(&segments)?;
    Claims::parse(decoded.payload_json(), &VerifyOptions::default())?;
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
