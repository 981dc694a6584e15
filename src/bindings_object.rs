//! Experiment behind the `object-output` feature (never in the package):
//! results built as JS objects by serde-wasm-bindgen, to measure against
//! the shipped path (one JSON string, parsed by `JSON.parse`).

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use wasm_bindgen::prelude::{wasm_bindgen, JsValue};

use crate::bindings::WasmVerifier;
use crate::decoded::Decoded;
use crate::json::{self, Value};

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => s.serialize_f64(*n),
            Value::String(v) => s.serialize_str(v),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k.as_ref(), v)?;
                }
                map.end()
            }
        }
    }
}

fn to_object(decoded: &Decoded) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let pair = (
        json::parse(decoded.header_json()),
        json::parse(decoded.payload_json()),
    );
    match pair {
        (Some(header), Some(payload)) => (header, payload)
            .serialize(&serializer)
            .unwrap_or(JsValue::UNDEFINED),
        _ => JsValue::UNDEFINED,
    }
}

/// `decode`, returning `[header, payload]` objects.
#[wasm_bindgen(js_name = decodeObject)]
pub fn decode_object(token: &str) -> JsValue {
    crate::decode::decode(token, crate::DEFAULT_MAX_TOKEN_LENGTH)
        .map(|d| to_object(&d))
        .unwrap_or(JsValue::UNDEFINED)
}

#[wasm_bindgen]
impl WasmVerifier {
    /// `verify`, returning `[header, payload]` objects.
    #[wasm_bindgen(js_name = verifyObject)]
    pub fn verify_object(&self, token: &str, now: f64) -> JsValue {
        self.0
            .verify(token, now)
            .map(|d| to_object(&d))
            .unwrap_or(JsValue::UNDEFINED)
    }
}
