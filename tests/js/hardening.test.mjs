// What hostile traffic and careless callers cannot do to the module: grow
// its memory, leave secrets behind in it, or leak through forgotten free()s.
// Reads the wasm instance the package entry made (same module URL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { sign, verify, decode, createVerifier, createSigner, JwtError } from 'ferrojwt';
import * as glue from '../../pkg/wasm/ferrojwt.js';

const memory = () => glue.wasmMemory().buffer;
const SECRET = 'hardening-secret-of-at-least-32-bytes';
const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** Hostile inputs of every shape: garbage, limits, nesting, forgeries. */
function hostile(i) {
  const good = sign({ sub: 'x', exp: 4102444800 }, SECRET);
  const [h, p] = good.split('.');
  switch (i % 12) {
    case 0: return `${h}.${p}.${'A'.repeat(43)}`; // wrong signature
    case 1: return `${b64({ alg: 'none' })}.${p}.`;
    case 2: return `${b64('['.repeat(5000))}.${p}.x`; // deep nesting in the header
    case 3: return `${h}.${b64(`{"a":${'['.repeat(100_000 % (i + 7))}}`)}.x`;
    case 4: return `${h}.${b64(Object.fromEntries(Array.from({ length: 900 }, (_, k) => [`c${k}`, k])))}.x`; // many claims
    case 5: return 'x'.repeat(16 * 1024); // at the length limit
    case 6: return `${h}.${p}=.x`; // padding
    case 7: return `${h}.${b64('{"sub":"\\ud800"}')}.x`; // lone surrogate escape
    case 8: return `${b64('{"alg":"HS256","alg":"none"}')}.${p}.x`; // duplicate names
    case 9: return `${h}.${b64('{"exp":"soon"}')}.${'_'.repeat(86)}`;
    case 10: return String.fromCharCode(...Array.from({ length: 64 }, (_, k) => (k * 7919 + i) % 0xd7ff));
    default: return `${h}.${p}.${good.split('.')[2]}x`;
  }
}

test('100,000 hostile tokens through one instance leave its memory where it started', () => {
  const verifier = createVerifier({ key: SECRET });
  // Warm-up: every shape once, so buffers have reached their steady size.
  for (let i = 0; i < 24; i++) {
    for (const f of [() => verifier.verify(hostile(i)), () => verify(hostile(i), SECRET), () => decode(hostile(i))]) {
      try { f(); } catch (e) { assert.ok(e instanceof JwtError, String(e)); }
    }
  }
  const start = memory().byteLength;
  let rejected = 0;
  for (let i = 0; i < 100_000; i++) {
    try {
      (i % 3 === 0 ? verifier.verify(hostile(i)) : i % 3 === 1 ? verify(hostile(i), SECRET) : decode(hostile(i)));
    } catch (e) {
      assert.ok(e instanceof JwtError, String(e));
      rejected += 1;
    }
  }
  assert.ok(rejected > 90_000);
  assert.equal(memory().byteLength, start, 'linear memory grew');
  // And the instance still works.
  assert.equal(verifier.verify(sign({ ok: true }, SECRET)).payload.ok, true);
});

/** Whether `needle` occurs anywhere in the module's linear memory. */
function inMemory(needle) {
  const hay = new Uint8Array(memory());
  const first = needle[0];
  for (let i = hay.indexOf(first); i !== -1 && i <= hay.length - needle.length; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return true;
  }
  return false;
}

test('secrets are wiped from wasm memory once their signer, verifier or call is done', () => {
  const secret = globalThis.crypto.getRandomValues(new Uint8Array(48));
  const jwkSecret = globalThis.crypto.getRandomValues(new Uint8Array(64));
  const jwk = { kty: 'oct', k: Buffer.from(jwkSecret).toString('base64url') };
  const token = sign({ sub: 'x' }, secret, { alg: 'HS384' });
  verify(token, secret);
  const signer = createSigner({ key: jwk, alg: 'HS512' });
  const verifier = createVerifier({ key: jwk });
  verifier.verify(signer.sign({ a: 1 }));
  // While a verifier lives it holds its key; once freed, nothing is left.
  signer.free();
  verifier.free();
  for (const [what, bytes] of [
    ['raw secret', secret],
    ['JWK secret', jwkSecret],
    ['JWK text', new TextEncoder().encode(jwk.k)],
  ]) {
    assert.equal(inMemory(bytes), false, `${what} still in wasm memory`);
  }
});

test('verifiers nobody frees are reclaimed: 1,000,000 created and dropped, no growth after the first GC cycle', {
  skip: !globalThis.gc && 'needs node --expose-gc (make test passes it)',
}, async () => {
  const token = sign({ sub: 'x' }, SECRET);
  /** Lets V8 collect the dropped wrappers and run their finalizers (which free the wasm side). */
  const settle = async () => {
    globalThis.gc();
    for (let k = 0; k < 3; k++) await tick();
  };
  let steady = 0;
  for (let i = 1; i <= 1_000_000; i++) {
    createVerifier({ key: SECRET, algorithms: ['HS256'] }).verify(token);
    if (i % 50_000 === 0) {
      await settle();
      if (i === 100_000) steady = memory().byteLength;
    }
  }
  await settle();
  // Each verifier holds about 1 KB of wasm memory: without the
  // FinalizationRegistry a million would need about a gigabyte. With it,
  // memory reached in the first cycles is reused and never grows again.
  assert.ok(steady > 0);
  assert.equal(memory().byteLength, steady, `grew ${memory().byteLength - steady} bytes after the first 100,000`);
});

test('jku, x5u and kid in a header are data, never followed or used as a path', async () => {
  const { createServer } = await import('node:http');
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    res.end('{"keys":[]}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/attacker-jwks.json`;
  try {
    // Signed with the attacker's key, pointing at the attacker's keys.
    const attacker = 'attacker-secret-of-at-least-32-bytes!!';
    const forged = sign({ admin: true }, attacker, { header: { jku: url, x5u: url }, kid: '../../../../etc/passwd' });
    assert.throws(() => verify(forged, SECRET), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    // A key set picks by exact kid equality: an injected kid matches nothing.
    const set = { keys: [{ kty: 'oct', kid: 'k1', k: Buffer.from(SECRET).toString('base64url') }] };
    assert.throws(() => verify(forged, set), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    const { createRemoteKeySet } = await import('ferrojwt/jwks');
    const remote = createRemoteKeySet(`http://127.0.0.1:${server.address().port}/real-jwks.json`, { cooldown: 60 });
    await assert.rejects(remote.createVerifier().verify(forged), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    await new Promise((r) => setTimeout(r, 50));
    // Only the configured URL was fetched, once; never the header's.
    assert.equal(requests, 1);
  } finally {
    server.close();
  }
});

test('a JWE (five segments, enc header) is refused as a JWS, never decrypted or confused', () => {
  const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.${b64('key')}.${b64('iv')}.${b64('ciphertext')}.${b64('tag')}`;
  for (const f of [() => decode(jwe), () => verify(jwe, SECRET)]) {
    assert.throws(f, { code: 'ERR_JWS_INVALID' });
  }
  // The same header on three segments names an algorithm no key serves.
  const three = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.${b64({})}.${b64('x')}`;
  assert.throws(() => verify(three, SECRET), (e) => e instanceof JwtError && e.code.startsWith('ERR_JOSE_'));
});

test('more than 1,000 members in an object, or nesting past 128 levels, is refused before any claim is read', () => {
  const claims = (n) => Object.fromEntries(Array.from({ length: n }, (_, k) => [`c${k}`, k]));
  assert.equal(Object.keys(verify(sign(claims(1000), SECRET, { iat: false }), SECRET).payload).length, 1000);
  const [h] = sign({}, SECRET).split('.');
  const tooMany = `${h}.${b64(claims(1001))}.x`;
  assert.throws(() => decode(tooMany), { code: 'ERR_JWT_INVALID', message: /1000/ });
  const deep = `${h}.${b64(`{"a":${'['.repeat(129)}${']'.repeat(129)}}`)}.x`;
  assert.throws(() => decode(deep), { code: 'ERR_JWT_INVALID', message: /128/ });
});
