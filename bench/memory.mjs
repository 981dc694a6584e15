// Wasm linear memory before and after a million verifies with one prepared
// verifier, and after 100k hostile tokens through one-shot verify: it must
// stay flat (nothing leaks per call).
import { readFileSync } from 'node:fs';
import * as api from 'ferrojwt';
import * as glue from '../pkg/wasm/ferrojwt.js';

export function memoryRun({ verifies = 1_000_000, hostile = 100_000 } = {}) {
  // Already initialised by the package entry: this returns its exports.
  const { memory } = glue.initSync({ module: readFileSync(new URL('../pkg/wasm/ferrojwt_bg.wasm', import.meta.url)) });
  const secret = 'memory-secret-of-at-least-32-bytes';
  const token = api.sign({ user_id: 1, exp: 4102444800 }, secret);
  const v = api.createVerifier({ key: secret });
  for (let i = 0; i < 1000; i++) v.verify(token);
  const start = memory.buffer.byteLength;
  for (let i = 0; i < verifies; i++) v.verify(token);
  const afterVerifies = memory.buffer.byteLength;
  for (let i = 0; i < hostile; i++) {
    try {
      api.verify(`${token.slice(0, 40)}${i}.x.${'A'.repeat(i % 200)}`, secret);
    } catch {
      // expected
    }
  }
  const afterHostile = memory.buffer.byteLength;
  return { verifies, hostile, startBytes: start, afterVerifiesBytes: afterVerifies, afterHostileBytes: afterHostile };
}
