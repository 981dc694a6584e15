//! The full build's native public-key verification: the JS side passes a
//! platform object (`pkg/src/native-node.js` in Node and Bun, answering at
//! once; `native-web.js` in browsers and workerd, which records the check
//! for `verifyAsync` to await) whose keys are imported once per key and
//! algorithm.
//! What the core does around the call is in `keys/platform.rs`.

use alloc::rc::Rc;

use wasm_bindgen::prelude::{wasm_bindgen, JsValue};

use super::bindings::{input_text, new_verifier, throw_error, Io, Secret, WasmVerifier};
use crate::jws::alg::Alg;
use crate::keys::platform::{Platform, PlatformKey};

#[wasm_bindgen]
extern "C" {
    /// `{ importKey(jwk, alg), verify(handle, input, signature), release(handle) }`.
    #[derive(Clone)]
    pub type JsPlatform;
    /// A handle for the public JWK text's native key for `alg`, or 0.
    #[wasm_bindgen(method, js_name = importKey)]
    fn import_key(this: &JsPlatform, jwk: &str, alg: &str) -> u32;
    /// `true` or `false`, or `undefined` to have the core check it.
    #[wasm_bindgen(method)]
    fn verify(this: &JsPlatform, handle: u32, input: &[u8], signature: &[u8]) -> Option<bool>;
    #[wasm_bindgen(method)]
    fn release(this: &JsPlatform, handle: u32);
}

/// One imported key; released on the JS side when the verifier drops it.
struct JsKey {
    platform: JsPlatform,
    handle: u32,
}

impl PlatformKey for JsKey {
    fn verify(&self, input: &[u8], signature: &[u8]) -> Option<bool> {
        self.platform.verify(self.handle, input, signature)
    }
}

impl Drop for JsKey {
    fn drop(&mut self) {
        self.platform.release(self.handle);
    }
}

impl Platform for JsPlatform {
    fn verifying_key(&self, public_jwk: &str, alg: Alg) -> Option<Rc<dyn PlatformKey>> {
        let handle = self.import_key(public_jwk, alg.name());
        (handle != 0).then(|| {
            Rc::new(JsKey {
                platform: self.clone(),
                handle,
            }) as Rc<dyn PlatformKey>
        })
    }
}

fn platform(p: &Option<JsPlatform>) -> Option<&dyn Platform> {
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
        new_verifier(kind, key, options, platform(&native))
            .map(WasmVerifier)
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
        let r = input_text(&self.input, len).and_then(|token| {
            new_verifier(kind, key, options, platform(&native))?.verify(token, now)
        });
        self.answer(r.map(|d| d.into_json()))
    }
}
