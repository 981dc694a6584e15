//! Bytes and text: base64url (RFC 4648 section 5, no padding) and the strict
//! JSON reader and writer. Nothing here knows about JOSE.

pub mod base64url;
pub mod json;
