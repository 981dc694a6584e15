//! Compact parsing + decode. Properties: nothing panics; `decode` and
//! `decode_header` agree; what decodes re-encodes to the same segments
//! (base64url is canonical); the JSON accepted is JSON our reader parses.
#![no_main]

use ferrojwt::__internal::{base64url, json};
use ferrojwt::{decode, decode_header};
use libfuzzer_sys::fuzz_target;

const MAX: usize = 1 << 16;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let full = decode(token, MAX);
    let header = decode_header(token, MAX);
    let Ok(d) = full else {
        return;
    };
    assert_eq!(header.as_deref().ok(), Some(d.header_json()), "decode_header disagrees");
    let segments: Vec<&str> = token.split('.').collect();
    assert_eq!(segments.len(), 3);
    assert_eq!(base64url::encode(d.header_json().as_bytes()), segments[0]);
    assert_eq!(base64url::encode(d.payload_json().as_bytes()), segments[1]);
    assert!(base64url::decode(segments[2]).is_some(), "the signature segment is base64url");
    assert!(json::parse(d.header_json()).is_some());
    assert!(json::parse(d.payload_json()).is_some());
    // The one buffer handed to JS is itself one JSON object.
    assert!(json::parse(&d.clone().into_json()).is_some());
});
