//! The result of decoding: header and payload JSON, held in one buffer laid
//! out as `{"header":H,"payload":P}` so that the bindings hand JavaScript a
//! single string for a single `JSON.parse`, with no copy in between.

use alloc::{string::String, vec::Vec};
use core::ops::Range;

use crate::error::{ErrorCode, JwtError, Result};
use crate::jws::{self, Segments};

/// A decoded (and, from `verify`, checked) token.
#[derive(Clone, Debug)]
pub struct Decoded {
    json: String,
    header: Range<usize>,
    payload: Range<usize>,
}

impl Decoded {
    /// The protected header, as the JSON text in the token.
    pub fn header_json(&self) -> &str {
        self.json.get(self.header.clone()).unwrap_or_default()
    }

    /// The payload, as the JSON text in the token.
    pub fn payload_json(&self) -> &str {
        self.json.get(self.payload.clone()).unwrap_or_default()
    }

    /// `{"header":...,"payload":...}`.
    pub fn into_json(self) -> String {
        self.json
    }
}

/// Builds a [`Decoded`] in steps: the header first (whose checks decide
/// whether the payload is worth decoding), then the payload.
pub(crate) struct Builder {
    buf: Vec<u8>,
    header: Range<usize>,
}

const HEAD: &[u8] = b"{\"header\":";
const MID: &[u8] = b",\"payload\":";

impl Builder {
    /// Decodes the header segment.
    pub fn new(segments: &Segments<'_>) -> Result<Builder> {
        let mut buf = Vec::with_capacity(
            HEAD.len() + MID.len() + 2 + (segments.header.len() + segments.payload.len()) * 3 / 4,
        );
        buf.extend_from_slice(HEAD);
        let header = jws::decode_segment(segments.header, &mut buf, ErrorCode::JwsInvalid)?;
        Ok(Builder { buf, header })
    }

    /// The header JSON text (UTF-8 is checked here; `finish` checks the
    /// whole buffer again, as it must to make it a `String` without `unsafe`).
    pub fn header(&self) -> Result<&str> {
        core::str::from_utf8(self.buf.get(self.header.clone()).unwrap_or_default())
            .map_err(|_| JwtError::jws("the header is not UTF-8"))
    }

    /// Decodes the payload segment and finishes.
    pub fn finish(mut self, segments: &Segments<'_>) -> Result<Decoded> {
        self.buf.extend_from_slice(MID);
        let payload = jws::decode_segment(segments.payload, &mut self.buf, ErrorCode::JwsInvalid)?;
        self.buf.push(b'}');
        let json =
            String::from_utf8(self.buf).map_err(|_| JwtError::jwt("the payload is not UTF-8"))?;
        Ok(Decoded {
            json,
            header: self.header,
            payload,
        })
    }
}
