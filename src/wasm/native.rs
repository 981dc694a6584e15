//! Native public-key verification, in both builds (the HMAC-only build has
//! no other): the JS side passes a platform object
//! (`pkg/src/native-node.js` in Node and Bun, answering at once;
//! `native-web.js` in browsers and workerd, which records the check for
//! `verifyAsync` to await) whose keys are imported once per key and
//! algorithm. The verifier keeps the handles; the JS side owns the keys.
//! What the core does around the call is in `keys/platform.rs`.

use wasm_bindgen::prelude::{wasm_bindgen, JsValue};

use super::bindings::{input_text, new_verifier, throw_error, Io, Secret, WasmVerifier};
use crate::jws::alg::Alg;
use crate::keys::platform::{Answer, Platform};

#[wasm_bindgen]
extern "C" {
    /// `{ importKey(jwk, alg), verify(handle, input, signature) }`; the JS
    /// side releases the handles of a verifier it frees.
    pub type JsPlatform;
    /// A handle for the public JWK text's native key for `alg`, or 0.
    #[wasm_bindgen(method, js_name = importKey)]
    fn js_import_key(this: &JsPlatform, jwk: &str, alg: &str) -> u32;
    /// An [`Answer`]'s code (`pkg/src/abi.js`).
    #[wasm_bindgen(method, js_name = verify)]
    fn js_verify(this: &JsPlatform, handle: u32, input: &[u8], signature: &[u8]) -> u32;
}

impl Platform for JsPlatform {
    /// One for every JS platform: pkg/src/key-handles.js numbers handles
    /// across all its tables, so no two platforms share a handle.
    fn id(&self) -> u64 {
        1
    }

    fn import_key(&self, public_jwk: &str, alg: Alg) -> Option<u32> {
        let handle = self.js_import_key(public_jwk, alg.name());
        (handle != 0).then_some(handle)
    }

    fn verify(&self, handle: u32, input: &[u8], signature: &[u8]) -> Answer {
        Answer::from_code(self.js_verify(handle, input, signature)).unwrap_or(Answer::Invalid)
    }
}

pub(super) fn platform(p: &Option<JsPlatform>) -> Option<&dyn Platform> {
    p.as_ref().map(|p| p as &dyn Platform)
}

#[wasm_bindgen]
impl WasmVerifier {
    /// Parses options and keys `key` once, with public-key signatures
    /// checked by `native` where it takes the key; throws the encoded error.
    pub fn create(
        kind: u8,
        key: Secret,
        options: &str,
        native: Option<JsPlatform>,
    ) -> core::result::Result<WasmVerifier, JsValue> {
        new_verifier(kind, key, options, platform(&native), false)
            .map(|verifier| WasmVerifier { verifier, native })
            .map_err(throw_error)
    }
}

#[wasm_bindgen]
impl Io {
    /// One-shot verify of the token in the input (see [`WasmVerifier::create`]).
    #[wasm_bindgen(js_name = verifyOnce)]
    pub fn verify_once(
        &mut self,
        len: usize,
        kind: u8,
        key: Secret,
        options: &str,
        now: f64,
        native: Option<JsPlatform>,
    ) -> usize {
        let native = platform(&native);
        let r = input_text(&self.input, len).and_then(|token| {
            new_verifier(kind, key, options, native, true)?.verify_on(token, now, native)
        });
        self.answer(r.map(|d| d.into_json()))
    }
}
