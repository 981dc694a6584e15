// Browsers and bundlers: fetch and compile the wasm with top-level await,
// so importing this module is all the setup a page needs. Bundlers (Vite,
// esbuild, webpack 5) see the `new URL(..., import.meta.url)` and ship the file.
import init from '../wasm/jwt_wasm.js';

await init({ module_or_path: new URL('../wasm/jwt_wasm_bg.wasm', import.meta.url) });

export * from '../src/api.js';
