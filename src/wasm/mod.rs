//! The JavaScript boundary: the contract with `pkg/src` ([`abi`]), the
//! options' JSON form ([`options`]) and, in the npm package's wasm build
//! only, the exported functions (`bindings`, and `native` for the
//! platform's public-key crypto). Nothing below this module knows about
//! JavaScript.

pub mod abi;
#[cfg(all(target_arch = "wasm32", feature = "wasm-package"))]
mod bindings;
#[cfg(all(target_arch = "wasm32", feature = "wasm-package"))]
mod native;
pub mod options;
