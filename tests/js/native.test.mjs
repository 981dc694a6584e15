// ferrojwt/full in Node checks public-key signatures with node:crypto
// (pkg/src/native-node.js); the wasm core still vets keys, picks them and
// checks claims. These tests pin that the native path is the one taken, that
// it answers every token exactly as the wasm arithmetic does (including the
// malformed signatures where libraries differ), and that its key table is
// released, under many verifiers at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as glue from '../../pkg/wasm/ferrojwt_full.js';
import { bind } from '../../pkg/src/api.js';
import { nodePlatform } from '../../pkg/src/native-node.js';
import { webPlatform } from '../../pkg/src/native-web.js';
import { HASH, KEYS, b64, counting, outcome, outcomeAsync, token, variants } from './helpers/signatures.mjs';

glue.initSync({ module: readFileSync(new URL('../../pkg/wasm/ferrojwt_full_bg.wasm', import.meta.url)) });

const counted = () => counting(nodePlatform());

const wasmOnly = bind(glue);

/** webPlatform (WebCrypto: Node has it too), counting the checks it defers. */
function countedWeb() {
  const inner = webPlatform();
  const calls = { importKey: 0, deferred: 0 };
  return {
    calls,
    ...inner,
    importKey(jwk, alg) {
      calls.importKey++;
      return inner.importKey(jwk, alg);
    },
    check(checks) {
      calls.deferred += checks.length;
      return inner.check(checks);
    },
  };
}

for (const alg of Object.keys(KEYS)) {
  test(`${alg}: node:crypto answers every token as the wasm arithmetic does, and is the one asked`, () => {
    const { privateKey, publicKey } = KEYS[alg]();
    const jwk = publicKey.export({ format: 'jwk' });
    const platform = counted();
    const native = bind(glue, platform);
    const prepared = native.createVerifier({ key: jwk, algorithms: [alg] });
    const reference = wasmOnly.createVerifier({ key: jwk, algorithms: [alg] });
    assert.equal(platform.calls.importKey, 1);
    const all = variants(alg, privateKey);
    for (const [name, t] of Object.entries(all)) {
      const want = outcome(() => reference.verify(t));
      assert.deepEqual(outcome(() => prepared.verify(t)), want, `${alg} ${name}, prepared`);
      assert.deepEqual(outcome(() => native.verify(t, jwk, { algorithms: [alg] })), want, `${alg} ${name}, one-shot`);
    }
    assert.deepEqual(outcome(() => prepared.verify(all.good)).ok, { sub: 'u', exp: 4102444800 });
    assert.equal(outcome(() => prepared.verify(all['flipped bit'])).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    // Each token whose signature has the key's one signature length was
    // checked natively (any other length is refused before any arithmetic).
    const sigLength = (t) => Buffer.from(t.split('.')[2], 'base64url').length;
    const full = Object.values(all).filter((t) => sigLength(t) === sigLength(all.good)).length;
    // (twice per token in the loop, and the two checks after it)
    assert.equal(platform.calls.verify, 2 * full + 2, `${platform.calls.verify} native checks`);
    prepared.free();
    reference.free();
  });
}

test('the native key table is released as verifiers are freed, with many verifiers in use at once', () => {
  const platform = counted();
  const native = bind(glue, platform);
  const pairs = Array.from({ length: 8 }, () => KEYS.ES256());
  let verifiers = [];
  for (let i = 0; i < 64; i++) {
    const { publicKey } = pairs[i % pairs.length];
    const v = native.createVerifier({ key: publicKey.export({ format: 'jwk' }), algorithms: ['ES256'] });
    verifiers.push({ v, key: i % pairs.length });
  }
  assert.equal(platform.calls.live, 64);
  const tokens = pairs.map(({ privateKey }) => token('ES256', privateKey, { dsaEncoding: 'ieee-p1363' }));
  // Interleaved: every verifier sees every token; only its own key's pass.
  for (let round = 0; round < 3; round++) {
    verifiers.forEach(({ v, key }, i) => {
      tokens.forEach((t, j) => {
        const r = outcome(() => v.verify(t));
        if (key === j) assert.ok(r.ok, `verifier ${i}, token ${j}`);
        else assert.equal(r.code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', `verifier ${i}, token ${j}`);
      });
    });
    // Free every other verifier after the first round; the rest keep working.
    if (round === 0) {
      verifiers.filter((_, i) => i % 2 === 1).forEach(({ v }) => v.free());
      verifiers = verifiers.filter((_, i) => i % 2 === 0);
    }
  }
  assert.equal(platform.calls.live, 32);
  for (const { v } of verifiers) v.free();
  assert.equal(platform.calls.live, 0);
  // One-shot verification imports and releases its key within the call.
  native.verify(tokens[0], pairs[0].publicKey.export({ format: 'jwk' }), { algorithms: ['ES256'] });
  assert.equal(platform.calls.live, 0);
});

test('keys the core refuses never reach node:crypto, and HMAC stays in wasm', () => {
  const platform = counted();
  const native = bind(glue, platform);
  const weak = JSON.parse(readFileSync(new URL('../vectors/weak-rsa.json', import.meta.url), 'utf8')).weak;
  for (const name of ['roca', 'e1', 'e4']) {
    const { n, e } = weak[name].jwk;
    assert.throws(() => native.createVerifier({ key: { kty: 'RSA', n, e }, algorithms: ['RS256'] }), { code: 'ERR_JWK_INVALID' }, name);
  }
  const secret = 'a secret of at least thirty-two bytes!!';
  const t = native.sign({ sub: 'u' }, secret);
  assert.equal(native.verify(t, secret).payload.sub, 'u');
  assert.deepEqual([platform.calls.importKey, platform.calls.verify], [0, 0]);
});

for (const alg of Object.keys(KEYS)) {
  test(`${alg}: verifyAsync with WebCrypto answers every token as the wasm arithmetic does`, async () => {
    const { privateKey, publicKey } = KEYS[alg]();
    const jwk = publicKey.export({ format: 'jwk' });
    const platform = countedWeb();
    const web = bind(glue, platform);
    const prepared = web.createVerifier({ key: jwk, algorithms: [alg] });
    const reference = wasmOnly.createVerifier({ key: jwk, algorithms: [alg] });
    const all = variants(alg, privateKey);
    for (const [name, t] of Object.entries(all)) {
      const want = outcome(() => reference.verify(t));
      assert.deepEqual(await outcomeAsync(() => prepared.verifyAsync(t)), want, `${alg} ${name}, prepared`);
      assert.deepEqual(await outcomeAsync(() => web.verifyAsync(t, jwk, { algorithms: [alg] })), want, `${alg} ${name}, one-shot`);
      // The synchronous form still works, in wasm.
      assert.deepEqual(outcome(() => prepared.verify(t)), want, `${alg} ${name}, sync`);
    }
    // Every token whose signature has the key's length had its check deferred to WebCrypto.
    const sigLength = (t) => Buffer.from(t.split('.')[2], 'base64url').length;
    const full = Object.values(all).filter((t) => sigLength(t) === sigLength(all.good)).length;
    assert.equal(platform.calls.deferred, 2 * full, `${platform.calls.deferred} WebCrypto checks`);
    prepared.free();
    reference.free();
  });
}

test('verifyAsync: many concurrent calls, forged and genuine interleaved, each get their own answer', async () => {
  const web = bind(glue, countedWeb());
  const pairs = ['RS256', 'ES256', 'EdDSA', 'PS256'].map((alg) => ({ alg, ...KEYS[alg]() }));
  const verifier = web.createVerifier({
    key: { keys: pairs.map(({ alg, publicKey }) => ({ ...publicKey.export({ format: 'jwk' }), kid: alg, alg })) },
    algorithms: pairs.map(({ alg }) => alg),
  });
  const signed = (alg, privateKey, payload) => {
    const opts = alg === 'PS256' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : alg === 'ES256' ? { dsaEncoding: 'ieee-p1363' } : {};
    const input = `${b64({ alg, kid: alg })}.${b64(payload)}`;
    return `${input}.${nodeSign(HASH[alg], Buffer.from(input), { key: privateKey, ...opts }).toString('base64url')}`;
  };
  const jobs = [];
  for (let i = 0; i < 200; i++) {
    const { alg, privateKey } = pairs[i % pairs.length];
    const t = signed(alg, privateKey, { i, exp: i % 5 === 0 ? 1 : 4102444800 });
    const forged = i % 3 === 0;
    const token = forged ? `${t.slice(0, t.indexOf('.'))}.${b64({ i, admin: true, exp: 4102444800 })}.${t.split('.')[2]}` : t;
    const want = forged ? 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' : i % 5 === 0 ? 'ERR_JWT_EXPIRED' : null;
    jobs.push(verifier.verifyAsync(token).then((r) => ({ i, want, got: null, payload: r.payload }), (e) => ({ i, want, got: e.code })));
  }
  for (const r of await Promise.all(jobs)) {
    assert.equal(r.got, r.want, `token ${r.i}`);
    if (r.want === null) assert.equal(r.payload.i, r.i);
  }
  verifier.free();
});

test('a verifier that is never freed gives its native keys back once it is collected', { skip: typeof globalThis.gc !== 'function' && 'needs --expose-gc' }, async () => {
  const platform = counted();
  const native = bind(glue, platform);
  const { publicKey } = KEYS.ES256();
  const jwk = publicKey.export({ format: 'jwk' });
  (() => {
    for (let i = 0; i < 20; i++) native.createVerifier({ key: jwk, algorithms: ['ES256'] });
  })();
  assert.equal(platform.calls.live, 20);
  for (let i = 0; i < 100 && platform.calls.live > 0; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(platform.calls.live, 0);
});

// Review findings: each of these was accepted by the native path before.
const bothPlatforms = () => [['node:crypto', bind(glue, nodePlatform()), 'verify'], ['WebCrypto', bind(glue, webPlatform()), 'verifyAsync']];

test('a small-order Ed25519 key never reaches the platform: R = identity, S = 0 is refused as the wasm refuses it', async () => {
  const identity = Buffer.alloc(32);
  identity[0] = 1;
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: identity.toString('base64url') };
  const forged = `${b64({ alg: 'EdDSA' })}.${b64({ sub: 'admin' })}.${Buffer.concat([identity, Buffer.alloc(32)]).toString('base64url')}`;
  assert.equal(outcome(() => wasmOnly.verify(forged, jwk)).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  for (const [name, api, fn] of bothPlatforms()) {
    const v = api.createVerifier({ key: jwk });
    assert.equal((await outcomeAsync(async () => v[fn](forged))).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', name);
  }
});

test('an RSA signature one byte shorter than the modulus is refused natively too (PSS accepts it in OpenSSL and WebCrypto)', async () => {
  const { privateKey, publicKey } = KEYS.PS256();
  const jwk = publicKey.export({ format: 'jwk' });
  // A PSS signature whose first byte is zero, then that byte dropped.
  let stripped;
  for (let i = 0; stripped === undefined && i < 5000; i++) {
    const t = token('PS256', privateKey, { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, { sub: 'u', n: i });
    const [h, p, s] = t.split('.');
    const sig = Buffer.from(s, 'base64url');
    if (sig[0] === 0) stripped = `${h}.${p}.${sig.subarray(1).toString('base64url')}`;
  }
  assert.ok(stripped, 'a signature with a leading zero byte');
  assert.equal(outcome(() => wasmOnly.verify(stripped, jwk)).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  for (const [name, api, fn] of bothPlatforms()) {
    const v = api.createVerifier({ key: jwk, algorithms: ['PS256'] });
    assert.equal((await outcomeAsync(async () => v[fn](stripped))).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', name);
  }
});

test('a verification started while WebCrypto checks are being recorded is refused, not passed', async () => {
  const platform = webPlatform();
  const web = bind(glue, platform);
  const { privateKey, publicKey } = KEYS.ES256();
  const jwk = publicKey.export({ format: 'jwk' });
  const good = token('ES256', privateKey, { dsaEncoding: 'ieee-p1363' });
  const [h, , s] = good.split('.');
  const forged = `${h}.${b64({ sub: 'admin', exp: 4102444800 })}.${s}`;
  const v = web.createVerifier({ key: jwk, algorithms: ['ES256'] });
  // The one-shot call below imports a key of its own (the platform keeps
  // the verifier's imported key, so that one would not be imported again).
  const other = KEYS.ES256();
  const otherJwk = other.publicKey.export({ format: 'jwk' });
  const otherGood = token('ES256', other.privateKey, { dsaEncoding: 'ieee-p1363' });
  // A global the platform calls during a one-shot call, patched to verify.
  const subtle = globalThis.crypto.subtle;
  const original = subtle.importKey;
  let nested = null;
  subtle.importKey = function (...args) {
    nested = outcome(() => v.verify(forged));
    return original.apply(this, args);
  };
  try {
    assert.equal((await outcomeAsync(() => web.verifyAsync(otherGood, otherJwk, { algorithms: ['ES256'] }))).ok.sub, 'u');
  } finally {
    subtle.importKey = original;
  }
  assert.ok(nested !== null && nested.ok === undefined, `the nested verification: ${JSON.stringify(nested)}`);
  assert.equal(outcome(() => v.verify(forged)).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
});

test('verifyAsync on a detached method and on a verifier freed mid-flight fails closed or answers, never passes a forgery', async () => {
  const web = bind(glue, webPlatform());
  const { privateKey, publicKey } = KEYS.ES256();
  const v = web.createVerifier({ key: publicKey.export({ format: 'jwk' }), algorithms: ['ES256'] });
  const { verifyAsync } = v;
  const good = token('ES256', privateKey, { dsaEncoding: 'ieee-p1363' });
  assert.equal((await verifyAsync(good)).payload.sub, 'u');
  const pending = v.verifyAsync(good);
  v.free();
  const r = await outcomeAsync(() => pending);
  assert.ok(r.ok?.sub === 'u' || r.code === 'TypeError', JSON.stringify(r));
});
