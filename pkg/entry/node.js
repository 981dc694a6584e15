// Written by scripts/write-entries.mjs from its one export list: edit it there.
// Node and Bun: compile the wasm synchronously from the file beside the glue,
// so the API is ready (and synchronous) as soon as the import resolves.
import { readFileSync } from 'node:fs';
import { nodePlatform } from '../src/native-node.js';
import * as glue from '../wasm/ferrojwt.js';
import { bind } from '../src/api.js';

glue.initSync({ module: readFileSync(new URL('../wasm/ferrojwt_bg.wasm', import.meta.url)) });

export { JwtError } from '../src/errors.js';
export const { decode, decodeHeader, sign, verify, verifyAsync, createSigner, createVerifier, generateSecret } = bind(glue, nodePlatform());
