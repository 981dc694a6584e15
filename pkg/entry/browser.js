// Written by scripts/write-entries.mjs from its one export list: edit it there.
// Browsers and bundlers: fetch and compile the wasm with top-level await,
// so importing this module is all the setup a page needs. Bundlers (Vite,
// esbuild, webpack 5) see the `new URL(..., import.meta.url)` and ship the file.
import { webPlatform } from '../src/native-web.js';
import * as glue from '../wasm/ferrojwt.js';
import { bind } from '../src/api.js';

await glue.default({ module_or_path: new URL('../wasm/ferrojwt_bg.wasm', import.meta.url) });

export { JwtError } from '../src/errors.js';
export const { decode, decodeHeader, sign, verify, verifyAsync, createSigner, createVerifier, generateSecret } = bind(glue, webPlatform());
