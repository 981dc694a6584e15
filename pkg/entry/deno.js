// Written by scripts/write-entries.mjs from its one export list: edit it there.
// Deno: a source-phase import hands over the compiled WebAssembly.Module as
// part of the module graph, so no file is read and no --allow-read is needed.
import source wasmModule from '../wasm/ferrojwt_bg.wasm';
import { webPlatform } from '../src/native-web.js';
import * as glue from '../wasm/ferrojwt.js';
import { bind } from '../src/api.js';

glue.initSync({ module: wasmModule });

export { JwtError } from '../src/errors.js';
export const { decode, decodeHeader, sign, verify, verifyAsync, createSigner, createVerifier, generateSecret } = bind(glue, webPlatform());
