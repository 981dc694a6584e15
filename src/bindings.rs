//! The JavaScript boundary. Every call passes strings or bytes in and one
//! string out; failures return `undefined` and leave the error in a slot the
//! JS side reads with `takeError()`, so no exception object is built in wasm
//! and the success path pays for nothing but the string.

use std::cell::RefCell;

use wasm_bindgen::prelude::wasm_bindgen;

use crate::alg::Alg;
use crate::error::{JwtError, Result};
use crate::key::{Key, KeySet, KeySource};
use crate::options::{self, SignOptions, VerifyOptions};
use crate::{decode as core_decode, random, sign, verify};

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Stores `e` as `code \x1f claim \x1f reason \x1f message \x1f payload`.
fn fail<T>(e: JwtError) -> Option<T> {
    LAST_ERROR.with(|slot| {
        let mut s = slot.borrow_mut();
        s.clear();
        s.push_str(e.code.as_str());
        s.push('\x1f');
        s.push_str(e.claim.as_deref().unwrap_or_default());
        s.push('\x1f');
        s.push_str(e.reason.map(|r| r.as_str()).unwrap_or_default());
        s.push('\x1f');
        s.push_str(&e.message);
        s.push('\x1f');
        s.push_str(e.payload.as_deref().unwrap_or_default());
    });
    None
}

fn ok_or_store<T>(r: Result<T>) -> Option<T> {
    r.map_or_else(fail, Some)
}

/// The last failure, encoded; empties the slot.
#[wasm_bindgen(js_name = takeError)]
pub fn take_error() -> String {
    LAST_ERROR.with(|slot| std::mem::take(&mut *slot.borrow_mut()))
}

/// Key kinds as the JS side classifies them.
const KEY_TEXT: u8 = 0;
const KEY_BYTES: u8 = 1;
const KEY_JWK: u8 = 2;
const KEY_JWKS: u8 = 3;

fn key_source(kind: u8, key: &[u8]) -> Result<KeySource> {
    let text = || std::str::from_utf8(key).map_err(|_| JwtError::key("the key text is not UTF-8"));
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

/// A prepared verifier.
#[wasm_bindgen]
pub struct WasmVerifier(pub(crate) verify::Verifier);

#[wasm_bindgen]
impl WasmVerifier {
    /// Parses options and keys `key` once.
    pub fn create(kind: u8, key: &[u8], options: &str) -> Option<WasmVerifier> {
        ok_or_store(
            VerifyOptions::from_json(options)
                .and_then(|o| verify::Verifier::new(key_source(kind, key)?, o))
                .map(WasmVerifier),
        )
    }

    /// `{"header":...,"payload":...}` for a valid token.
    pub fn verify(&self, token: &str, now: f64) -> Option<String> {
        ok_or_store(self.0.verify(token, now).map(|d| d.into_json()))
    }
}

/// A prepared signer.
#[wasm_bindgen]
pub struct WasmSigner(sign::Signer);

#[wasm_bindgen]
impl WasmSigner {
    /// Parses options, builds the header and keys `key` once.
    pub fn create(kind: u8, key: &[u8], options: &str) -> Option<WasmSigner> {
        ok_or_store(
            SignOptions::from_json(options)
                .and_then(|o| sign::Signer::new(&single_key(kind, key)?, o))
                .map(WasmSigner),
        )
    }

    /// A compact JWS for `payload` (a JSON object text).
    pub fn sign(&self, payload: &str, now: f64) -> Option<String> {
        ok_or_store(self.0.sign(payload, now))
    }
}

/// One-shot verify: no JS-side object is created.
#[wasm_bindgen(js_name = verifyOnce)]
pub fn verify_once(token: &str, kind: u8, key: &[u8], options: &str, now: f64) -> Option<String> {
    ok_or_store(
        VerifyOptions::from_json(options)
            .and_then(|o| verify::Verifier::new(key_source(kind, key)?, o))
            .and_then(|v| v.verify(token, now))
            .map(|d| d.into_json()),
    )
}

/// One-shot sign: no JS-side object is created.
#[wasm_bindgen(js_name = signOnce)]
pub fn sign_once(payload: &str, kind: u8, key: &[u8], options: &str, now: f64) -> Option<String> {
    ok_or_store(
        SignOptions::from_json(options)
            .and_then(|o| sign::Signer::new(&single_key(kind, key)?, o))
            .and_then(|s| s.sign(payload, now)),
    )
}

/// `{"header":...,"payload":...}` without verification.
#[wasm_bindgen]
pub fn decode(token: &str, max_length: u32) -> Option<String> {
    ok_or_store(core_decode::decode(token, max_length as usize).map(|d| d.into_json()))
}

/// The header JSON without verification.
#[wasm_bindgen(js_name = decodeHeader)]
pub fn decode_header(token: &str, max_length: u32) -> Option<String> {
    ok_or_store(core_decode::decode_header(token, max_length as usize))
}

/// A hash-sized random secret for `alg`.
#[wasm_bindgen(js_name = generateSecret)]
pub fn generate_secret(alg: &str) -> Option<Vec<u8>> {
    ok_or_store(
        Alg::parse(alg)
            .ok_or_else(|| JwtError::arg("generateSecret takes \"HS256\", \"HS384\" or \"HS512\""))
            .and_then(random::generate_secret),
    )
}

/// The default `maxTokenLength`.
#[wasm_bindgen(js_name = defaultMaxTokenLength)]
pub fn default_max_token_length() -> u32 {
    options::DEFAULT_MAX_TOKEN_LENGTH as u32
}
