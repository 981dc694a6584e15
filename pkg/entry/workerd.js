// Cloudflare Workers / workerd: a `.wasm` import is a compiled
// WebAssembly.Module (wrangler and Miniflare's CompiledWasm rule), which
// instantiates synchronously with no fetch.
import wasmModule from '../wasm/jwt_wasm_bg.wasm';
import { initSync } from '../wasm/jwt_wasm.js';

initSync({ module: wasmModule });

export * from '../src/api.js';
