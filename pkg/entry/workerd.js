// Written by scripts/write-entries.mjs from its one export list: edit it there.
// Cloudflare Workers / workerd: a `.wasm` import is a compiled
// WebAssembly.Module (wrangler and Miniflare's CompiledWasm rule), which
// instantiates synchronously with no fetch.
import wasmModule from '../wasm/ferrojwt_bg.wasm';
import { webPlatform } from '../src/native-web.js';
import * as glue from '../wasm/ferrojwt.js';
import { bind } from '../src/api.js';

glue.initSync({ module: wasmModule });

export { JwtError } from '../src/errors.js';
export const { decode, decodeHeader, sign, verify, verifyAsync, createSigner, createVerifier, generateSecret } = bind(glue, webPlatform());
