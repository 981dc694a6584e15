// Issue 2's question: hand results to JS as one JSON string for JSON.parse
// (what the package ships), or build the objects inside wasm with
// serde-wasm-bindgen? Builds a variant with the `object-output` feature and
// measures both paths on the same token in one run. Reports ratios.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}target/object-output`;
execFileSync('cargo', ['build', '--release', '--lib', '--target', 'wasm32-unknown-unknown', '--features', 'object-output', '--target-dir', 'target/object-output-build'], { cwd: ROOT, stdio: 'inherit' });
execFileSync('wasm-bindgen', ['target/object-output-build/wasm32-unknown-unknown/release/ferrojwt.wasm', '--out-dir', OUT, '--target', 'web', '--no-typescript'], { cwd: ROOT, stdio: 'inherit' });
execFileSync(`${ROOT}node_modules/.bin/wasm-opt`, [`${OUT}/ferrojwt_bg.wasm`, '-Os', '-o', `${OUT}/ferrojwt_bg.wasm`], { stdio: 'inherit' });
const glue = await import(`${OUT}/ferrojwt.js`);
glue.initSync({ module: readFileSync(`${OUT}/ferrojwt_bg.wasm`) });
// The shipped path is the package's own JS layer over this build.
const { bind } = await import('../pkg/src/api.js');
const api = bind(glue);

const secret = new TextEncoder().encode('bench-secret-of-at-least-32-bytes');
const small = { token_type: 'access', exp: 4102444800, iat: 1700000000, jti: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', user_id: 42 };
const large = { ...small, roles: Array.from({ length: 20 }, (_, i) => `role-${i}`), profile: { name: 'A. User', email: 'a@example.com', tags: Array.from({ length: 30 }, (_, i) => i) } };
const signer = api.createSigner({ key: secret, iat: false });
const shipped = api.createVerifier({ key: secret });
const verifier = glue.WasmVerifier.create(1, secret, '{}');

function rate(fn, ms = 1500) {
  for (let i = 0; i < 20000; i++) fn();
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
  }
  return n / (ms / 1000);
}

for (const [name, payload] of [['small (~200 B)', small], ['large (~1 KB)', large]]) {
  const token = signer.sign(payload);
  const viaJson = () => shipped.verify(token);
  const viaObject = () => verifier.verifyObject(token, 1e9);
  const decodeJson = () => api.decode(token);
  const decodeObject = () => glue.decodeObject(token);
  const a = rate(viaJson), b = rate(viaObject), c = rate(decodeJson), d = rate(decodeObject);
  console.log(`${name}, token ${token.length} chars`);
  console.log(`  verify: JSON string + JSON.parse ${Math.round(a)} ops/s, serde-wasm-bindgen ${Math.round(b)} ops/s, ratio ${(a / b).toFixed(2)}x`);
  console.log(`  decode: JSON string + JSON.parse ${Math.round(c)} ops/s, serde-wasm-bindgen ${Math.round(d)} ops/s, ratio ${(c / d).toFixed(2)}x`);
}
