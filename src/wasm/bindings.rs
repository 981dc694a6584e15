//! The JavaScript boundary (feature `wasm-package`). Hot calls pass the
//! token or payload through [`Io`], a pair of buffers that live as long as
//! the module: JS writes the input with `TextEncoder.encodeInto` straight
//! into wasm memory and reads the output where it lies, so a call allocates
//! nothing for its strings and never copies them one character at a time
//! (wasm-bindgen's string passing was a third of a small `decode`).
//! A failure comes back as output that starts with NUL and encodes the
//! error, so the success path pays for nothing but its bytes and no
//! exception object is built in wasm. Constructors, which are off the hot
//! path, throw the encoded error instead.

use alloc::string::String;
use alloc::vec::Vec;

use wasm_bindgen::prelude::{wasm_bindgen, JsValue};
use zeroize::Zeroizing;

use crate::error::{JwtError, Result};
#[cfg(feature = "public-key")]
use crate::jws::alg::Alg;
use crate::keys::key::Key;
use crate::keys::key_set::{KeySet, KeySource};
use crate::keys::platform::Platform;
use crate::ops::{decode as core_decode, sign, verify};

use super::abi::{encode_error, KEY_BYTES, KEY_JWK, KEY_JWKS, KEY_TEXT};
use super::options::{sign_options, verify_options};

/// talc rather than dlmalloc (what std uses on wasm32): Cargo.toml says why.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Core code returns `Result`s and has no panic reachable from input (the
/// tests and lints see to that); should one happen anyway, trap at once
/// rather than link in std's message formatting.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

fn string_or_error(r: Result<String>) -> String {
    r.unwrap_or_else(|e| encode_error(&e))
}

pub(super) fn throw_error(e: JwtError) -> JsValue {
    JsValue::from_str(&encode_error(&e))
}

/// Key bytes from JS (a secret, or a JWK or PEM that may hold a private
/// key). Taken by value so that this copy in wasm memory is ours to wipe:
/// it is zeroed when the call returns, whatever happened.
pub(super) type Secret = Vec<u8>;

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

/// Overwrites the stack below the caller with zeros. Key setup (HMAC's
/// padded key blocks, base64 and bignum temporaries) leaves copies of key
/// material in stack frames that have returned; in wasm the stack lives in
/// linear memory, readable to anyone holding the instance. Called once a key
/// has been prepared; the frames it covers are those just used.
#[inline(never)]
fn scrub_stack() {
    let zeros = [0u8; 16 * 1024];
    core::hint::black_box(&zeros);
}

/// `f` with the key bytes, which are wiped afterwards, and so is the stack
/// it used.
fn with_key<T>(key: Secret, f: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
    let key = Zeroizing::new(key);
    let out = f(&key);
    scrub_stack();
    out
}

fn single_key(kind: u8, key: &[u8]) -> Result<Key> {
    match key_source(kind, key)? {
        KeySource::Key(key) => Ok(key),
        KeySource::Set(_) => Err(JwtError::arg("signing needs one key, not a key set")),
    }
}

/// A verifier; for `one_token`, with keys made ready only as its token
/// selects them (see `Verifier::for_one_token`). One function for both, so
/// the key and option readers are compiled in once.
pub(super) fn new_verifier(
    kind: u8,
    key: Secret,
    options: &str,
    platform: Option<&dyn Platform>,
    one_token: bool,
) -> Result<verify::Verifier> {
    with_key(key, |key| {
        let source = key_source(kind, key)?;
        verify::Verifier::build(source, verify_options(options)?, platform, !one_token)
    })
}

fn new_signer(kind: u8, key: Secret, options: &str) -> Result<sign::Signer> {
    with_key(key, |key| {
        sign::Signer::new(&single_key(kind, key)?, sign_options(options)?)
    })
}

/// A prepared verifier.
#[wasm_bindgen]
pub struct WasmVerifier {
    pub(super) verifier: verify::Verifier,
    /// The native platform, handed to each verification.
    pub(super) native: Option<super::native::JsPlatform>,
}

impl WasmVerifier {
    fn platform(&self) -> Option<&dyn Platform> {
        super::native::platform(&self.native)
    }
}

#[wasm_bindgen]
impl WasmVerifier {
    /// What the JS cache of verified tokens rechecks on a hit, in seconds
    /// (NaN where unset): 0 the clock tolerance, 1 the max token age, 2 the
    /// fixed `now`.
    pub fn timing(&self, which: u8) -> f64 {
        let o = self.verifier.options();
        match which {
            0 => o.clock_tolerance,
            1 => o.max_token_age.unwrap_or(f64::NAN),
            _ => o.now.unwrap_or(f64::NAN),
        }
    }

    /// Verifies the token in `io`'s input; the output is
    /// `{"header":...,"payload":...}` or an encoded error. Returns its length.
    pub fn verify(&self, io: &mut Io, len: usize, now: f64) -> usize {
        let r = input_text(&io.input, len)
            .and_then(|token| self.verifier.verify_on(token, now, self.platform()));
        io.answer(r.map(|d| d.into_json()))
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
        key: Secret,
        options: &str,
    ) -> core::result::Result<WasmSigner, JsValue> {
        new_signer(kind, key, options)
            .map(WasmSigner)
            .map_err(throw_error)
    }

    /// Signs the payload (JSON object text) in `io`'s input; the output is a
    /// compact JWS or an encoded error. Returns its length.
    pub fn sign(&self, io: &mut Io, len: usize, now: f64) -> usize {
        let r = input_text(&io.input, len).and_then(|payload| self.0.sign(payload, now));
        io.answer(r)
    }
}

/// The input and output buffers of the hot calls; JS makes one per module.
#[wasm_bindgen]
#[derive(Default)]
pub struct Io {
    pub(super) input: Vec<u8>,
    output: String,
}

#[wasm_bindgen]
impl Io {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Io {
        Io::default()
    }

    /// Room for at least `len` input bytes; returns where JS writes them.
    /// The buffer only grows, so a steady load allocates nothing.
    pub fn input(&mut self, len: usize) -> *mut u8 {
        if self.input.len() < len {
            self.input.resize(len, 0);
        }
        self.input.as_mut_ptr()
    }

    /// Where the last call's output lies (its length was that call's result).
    pub fn output(&self) -> *const u8 {
        self.output.as_ptr()
    }

    /// Decodes the token in the input without verification.
    pub fn decode(&mut self, len: usize, max_length: usize) -> usize {
        let r =
            input_text(&self.input, len).and_then(|token| core_decode::decode(token, max_length));
        self.answer(r.map(|d| d.into_json()))
    }

    /// The header JSON of the token in the input, without verification.
    #[wasm_bindgen(js_name = decodeHeader)]
    pub fn decode_header(&mut self, len: usize, max_length: usize) -> usize {
        let r = input_text(&self.input, len)
            .and_then(|token| core_decode::decode_header(token, max_length));
        self.answer(r)
    }

    /// One-shot sign of the payload in the input.
    #[wasm_bindgen(js_name = signOnce)]
    pub fn sign_once(
        &mut self,
        len: usize,
        kind: u8,
        key: Secret,
        options: &str,
        now: f64,
    ) -> usize {
        let r = input_text(&self.input, len)
            .and_then(|payload| new_signer(kind, key, options)?.sign(payload, now));
        self.answer(r)
    }
}

/// The first `len` input bytes as text.
pub(super) fn input_text(input: &[u8], len: usize) -> Result<&str> {
    let bytes = input
        .get(..len)
        .ok_or_else(|| JwtError::arg("input longer than its buffer"))?;
    core::str::from_utf8(bytes).map_err(|_| JwtError::arg("input is not UTF-8"))
}

impl Io {
    /// Keeps `r` (or its encoded error) as the output; returns its length.
    pub(super) fn answer(&mut self, r: Result<String>) -> usize {
        self.output = string_or_error(r);
        self.output.len()
    }
}

/// The module's memory, for JS to read and write [`Io`]'s buffers in place.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// A new key pair for a public-key `alg` (`bits` for RSA), as
/// `{"privateKey":JWK,"publicKey":JWK}` with `alg` (and `kid` unless empty)
/// set on both; throws the encoded error.
#[cfg(feature = "public-key")]
#[wasm_bindgen(js_name = generateKeyPair)]
pub fn generate_key_pair(alg: &str, bits: u32, kid: &str) -> core::result::Result<String, JsValue> {
    let pair = || -> Result<String> {
        let alg = Alg::parse(alg).ok_or_else(|| {
            JwtError::arg("generateKeyPair takes RS*, PS*, ES256, ES384, ES512 or EdDSA")
        })?;
        let mut key = Key::generate(alg, bits as usize)?;
        if !kid.is_empty() {
            key.set_kid(Some(kid.into()));
        }
        let (Some(private), Some(public)) = (key.to_jwk(true), key.to_jwk(false)) else {
            return Err(JwtError::key("the new key cannot be exported"));
        };
        Ok([
            "{\"privateKey\":",
            &private,
            ",\"publicKey\":",
            &public,
            "}",
        ]
        .concat())
    };
    let out = pair().map_err(throw_error);
    scrub_stack();
    out
}

/// The public JWK of a key (PEM or JWK, public or private); throws the
/// encoded error (HMAC secrets are never exported).
#[cfg(feature = "public-key")]
#[wasm_bindgen(js_name = exportPublicJwk)]
pub fn export_public_jwk(kind: u8, key: Secret) -> core::result::Result<String, JsValue> {
    with_key(key, |key| {
        single_key(kind, key)?
            .to_jwk(false)
            .ok_or_else(|| JwtError::arg("only RSA, EC and OKP keys have a public JWK"))
    })
    .map_err(throw_error)
}
