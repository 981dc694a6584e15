// First figures (issue 2): HS256 verify of one simplejwt-style access token,
// ours beside jose and fast-jwt, in one run. Reports ops/s and ratios; the
// machine is shared, so only the ratios mean much. The full suite is issue 6.
import { createHmac } from 'node:crypto';
import os from 'node:os';
import * as jose from 'jose';
import { createVerifier as fastVerifier } from 'fast-jwt';
import { sign, verify, createVerifier, decode } from 'jwt-wasm';

const secret = 'bench-secret-of-at-least-32-bytes';
const secretBytes = new TextEncoder().encode(secret);
const payload = { token_type: 'access', jti: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', user_id: 42 };
const token = sign(payload, secret, { expiresIn: '1d' });

function rate(fn, ms = 2000) {
  for (let i = 0; i < 5000; i++) fn();
  let n = 0;
  const start = performance.now();
  const end = start + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
  }
  return n / ((performance.now() - start) / 1000);
}

async function rateAsync(fn, ms = 2000) {
  for (let i = 0; i < 2000; i++) await fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() < start + ms) {
    for (let i = 0; i < 100; i++) await fn();
    n += 100;
  }
  return n / ((performance.now() - start) / 1000);
}

const ours = createVerifier({ key: secret });
const fast = fastVerifier({ key: secret, algorithms: ['HS256'], cache: false });
const joseKey = await jose.importJWK({ kty: 'oct', k: Buffer.from(secret).toString('base64url') }, 'HS256');
// Sanity: all agree on the claims.
const expect = JSON.stringify(ours.verify(token).payload);
if (JSON.stringify(fast(token)) !== expect || JSON.stringify((await jose.jwtVerify(token, joseKey)).payload) !== expect) {
  throw new Error('libraries disagree');
}

const rows = [
  ['verify, prepared', 'jwt-wasm createVerifier', rate(() => ours.verify(token))],
  ['verify, prepared', 'fast-jwt createVerifier (cache off)', rate(() => fast(token))],
  ['verify, prepared', 'jose jwtVerify (imported key)', await rateAsync(() => jose.jwtVerify(token, joseKey))],
  ['verify, one-shot', 'jwt-wasm verify', rate(() => verify(token, secret))],
  ['verify, one-shot', 'jose jwtVerify (Uint8Array secret)', await rateAsync(() => jose.jwtVerify(token, secretBytes))],
  ['decode', 'jwt-wasm decode', rate(() => decode(token))],
  ['decode', 'jose decodeJwt', rate(() => jose.decodeJwt(token))],
  ['raw HMAC (floor)', 'node:crypto createHmac only', rate(() => createHmac('sha256', secret).update(token.slice(0, token.lastIndexOf('.'))).digest())],
];

console.log(`HS256, token ${token.length} chars; node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('| operation | library | ops/s | ours / this |');
console.log('| --- | --- | ---: | ---: |');
for (const [op, lib, r] of rows) {
  const mine = rows.find(([o, l]) => o === op && l.startsWith('jwt-wasm'))?.[2];
  console.log(`| ${op} | ${lib} | ${Math.round(r).toLocaleString('en')} | ${mine ? (mine / r).toFixed(2) : '-'} |`);
}
