// Node: compile the wasm synchronously from the file beside the glue, so
// the API is ready (and synchronous) as soon as the import resolves.
import { readFileSync } from 'node:fs';
import { initSync } from '../wasm/jwt_wasm.js';

initSync({ module: readFileSync(new URL('../wasm/jwt_wasm_bg.wasm', import.meta.url)) });

export * from '../src/api.js';
