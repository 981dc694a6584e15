//! The JavaScript boundary (feature `wasm-package`). Every call passes
//! strings or bytes in and one string out. A failure comes back as a string
//! that starts with NUL and encodes the error, so the success path pays for
//! nothing but its string and no exception object is built in wasm.
//! Constructors, which are off the hot path, throw the encoded error instead.

use alloc::string::String;
use alloc::vec::Vec;

use wasm_bindgen::prelude::{wasm_bindgen, JsValue};

use crate::alg::Alg;
use crate::error::{JwtError, Result};
use crate::key::{Key, KeySet, KeySource};
use crate::options::{SignOptions, VerifyOptions};
use crate::{decode as core_decode, random, sign, verify};

/// The allocator std itself uses on wasm32. (The `object-output` experiment
/// links std through js-sys, which brings both of these.)
#[cfg(not(feature = "object-output"))]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// Core code returns `Result`s and has no panic reachable from input (the
/// tests and lints see to that); should one happen anyway, trap at once
/// rather than link in std's message formatting.
#[cfg(not(feature = "object-output"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// `\0 code \x1f claim \x1f reason \x1f message \x1f payload`.
fn encode_error(e: &JwtError) -> String {
    let mut s =
        String::with_capacity(64 + e.message.len() + e.payload.as_ref().map_or(0, String::len));
    s.push('\0');
    s.push_str(e.code.as_str());
    s.push('\x1f');
    s.push_str(e.claim.as_deref().unwrap_or_default());
    s.push('\x1f');
    s.push_str(e.reason.map(|r| r.as_str()).unwrap_or_default());
    s.push('\x1f');
    s.push_str(&e.message);
    s.push('\x1f');
    s.push_str(e.payload.as_deref().unwrap_or_default());
    s
}

fn string_or_error(r: Result<String>) -> String {
    r.unwrap_or_else(|e| encode_error(&e))
}

fn throw_error(e: JwtError) -> JsValue {
    JsValue::from_str(&encode_error(&e))
}

/// Key kinds as the JS side classifies them.
const KEY_TEXT: u8 = 0;
const KEY_BYTES: u8 = 1;
const KEY_JWK: u8 = 2;
const KEY_JWKS: u8 = 3;

fn key_source(kind: u8, key: &[u8]) -> Result<KeySource> {
    let text = || core::str::from_utf8(key).map_err(|_| JwtError::key("the key text is not UTF-8"));
    match kind {
        KEY_TEXT => Key::from_text(text()?).map(KeySource::Key),
        KEY_BYTES => Key::secret(key).map(KeySource::Key),
        KEY_JWK => Key::from_jwk(text()?).map(KeySource::Key),
        KEY_JWKS => KeySet::from_jwks(text()?).map(KeySource::Set),
        _ => Err(JwtError::arg("unknown key kind")),
    }
}

fn single_key(kind: u8, key: &[u8]) -> Result<Key> {
    match key_source(kind, key)? {
        KeySource::Key(key) => Ok(key),
        KeySource::Set(_) => Err(JwtError::arg("signing needs one key, not a key set")),
    }
}

fn new_verifier(kind: u8, key: &[u8], options: &str) -> Result<verify::Verifier> {
    verify::Verifier::new(key_source(kind, key)?, VerifyOptions::from_json(options)?)
}

fn new_signer(kind: u8, key: &[u8], options: &str) -> Result<sign::Signer> {
    sign::Signer::new(&single_key(kind, key)?, SignOptions::from_json(options)?)
}

/// A prepared verifier.
#[wasm_bindgen]
pub struct WasmVerifier(pub(crate) verify::Verifier);

#[wasm_bindgen]
impl WasmVerifier {
    /// Parses options and keys `key` once; throws the encoded error.
    pub fn create(
        kind: u8,
        key: &[u8],
        options: &str,
    ) -> core::result::Result<WasmVerifier, JsValue> {
        new_verifier(kind, key, options)
            .map(WasmVerifier)
            .map_err(throw_error)
    }

    /// `{"header":...,"payload":...}`, or an encoded error.
    pub fn verify(&self, token: &str, now: f64) -> String {
        string_or_error(self.0.verify(token, now).map(|d| d.into_json()))
    }
}

/// A prepared signer.
#[wasm_bindgen]
pub struct WasmSigner(sign::Signer);

#[wasm_bindgen]
impl WasmSigner {
    /// Parses options, builds the header and keys `key` once; throws the encoded error.
    pub fn create(
        kind: u8,
        key: &[u8],
        options: &str,
    ) -> core::result::Result<WasmSigner, JsValue> {
        new_signer(kind, key, options)
            .map(WasmSigner)
            .map_err(throw_error)
    }

    /// A compact JWS for `payload` (a JSON object text), or an encoded error.
    pub fn sign(&self, payload: &str, now: f64) -> String {
        string_or_error(self.0.sign(payload, now))
    }
}

/// One-shot verify: no JS-side object is created.
#[wasm_bindgen(js_name = verifyOnce)]
pub fn verify_once(token: &str, kind: u8, key: &[u8], options: &str, now: f64) -> String {
    string_or_error(
        new_verifier(kind, key, options)
            .and_then(|v| v.verify(token, now))
            .map(|d| d.into_json()),
    )
}

/// One-shot sign: no JS-side object is created.
#[wasm_bindgen(js_name = signOnce)]
pub fn sign_once(payload: &str, kind: u8, key: &[u8], options: &str, now: f64) -> String {
    string_or_error(new_signer(kind, key, options).and_then(|s| s.sign(payload, now)))
}

/// `{"header":...,"payload":...}` without verification, or an encoded error.
#[wasm_bindgen]
pub fn decode(token: &str, max_length: u32) -> String {
    string_or_error(core_decode::decode(token, max_length as usize).map(|d| d.into_json()))
}

/// The header JSON without verification, or an encoded error.
#[wasm_bindgen(js_name = decodeHeader)]
pub fn decode_header(token: &str, max_length: u32) -> String {
    string_or_error(core_decode::decode_header(token, max_length as usize))
}

/// A hash-sized random secret for `alg`; throws the encoded error.
#[wasm_bindgen(js_name = generateSecret)]
pub fn generate_secret(alg: &str) -> core::result::Result<Vec<u8>, JsValue> {
    Alg::parse(alg)
        .ok_or_else(|| JwtError::arg("generateSecret takes \"HS256\", \"HS384\" or \"HS512\""))
        .and_then(random::generate_secret)
        .map_err(throw_error)
}
