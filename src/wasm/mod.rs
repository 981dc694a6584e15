//! The JavaScript boundary (feature `wasm-package`, wasm32 only).

mod bindings;
