// createVerifier({ cache }): verified tokens answered from memory. The cache
// must answer exactly as the full check would at every second of a token's
// life (exp, nbf, maxTokenAge, clockTolerance), never count a token for
// another verifier, never keep a failure, stay bounded, and hold up under
// many concurrent callers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign as nodeSign } from 'node:crypto';
import { keyPair } from './helpers/signatures.mjs';
import { readFileSync } from 'node:fs';
import { createVerifier, sign } from 'ferrojwt';
import * as glue from '../../pkg/wasm/ferrojwt_full.js';
import { bind } from '../../pkg/src/api.js';
import { webPlatform } from '../../pkg/src/native-web.js';

const SECRET = 'a secret of at least thirty-two bytes!!';
const OTHER = 'another secret of at least thirty-two bytes';
const T = 1_800_000_000;

/** Runs `f` with Date.now() at `seconds`. */
function at(seconds, f) {
  const real = Date.now;
  Date.now = () => seconds * 1000 + 500;
  try {
    return f();
  } finally {
    Date.now = real;
  }
}
const outcome = (f) => {
  try {
    return { payload: f().payload };
  } catch (e) {
    return { code: e.code ?? e.name, claim: e.claim };
  }
};

test('a cached verifier answers as an uncached one at every second of a token\'s life', () => {
  const cases = [
    { claims: { exp: T + 30 }, options: {} },
    { claims: { nbf: T + 10, exp: T + 40 }, options: {} },
    { claims: { nbf: T + 10, exp: T + 40 }, options: { clockTolerance: '5s' } },
    { claims: { iat: T, exp: T + 100 }, options: { maxTokenAge: 20 } },
    { claims: { iat: T + 15 }, options: { maxTokenAge: '20s', clockTolerance: 3 } },
    { claims: { exp: T + 30.5, nbf: T - 0.5 }, options: { clockTolerance: 1 } },
  ];
  for (const { claims, options } of cases) {
    const token = sign({ sub: 'u', ...claims }, SECRET, { iat: false });
    const cached = createVerifier({ key: SECRET, ...options, cache: { maxAge: 3600 } });
    const plain = createVerifier({ key: SECRET, ...options });
    for (let s = T - 20; s <= T + 130; s++) {
      const want = at(s, () => outcome(() => plain.verify(token)));
      // Twice: the second call is the one a cache would answer.
      assert.deepEqual(at(s, () => outcome(() => cached.verify(token))), want, `${JSON.stringify(claims)} ${JSON.stringify(options)} at T${s - T >= 0 ? '+' : ''}${s - T}`);
      assert.deepEqual(at(s, () => outcome(() => cached.verify(token))), want, `again at T+${s - T}`);
    }
  }
});

test('hits return the same frozen result; maxAge and maxEntries bound what is kept', () => {
  const v = createVerifier({ key: SECRET, cache: { maxEntries: 2, maxAge: 10 } });
  const tokens = [1, 2, 3].map((n) => sign({ n, exp: T + 1000 }, SECRET));
  const first = at(T, () => v.verify(tokens[0]));
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.payload) && Object.isFrozen(first.header));
  assert.equal(at(T + 5, () => v.verify(tokens[0])), first, 'a hit');
  assert.notEqual(at(T + 10, () => v.verify(tokens[0])), first, 'past maxAge: verified again');
  // Two entries at most: the oldest goes.
  const again = at(T + 11, () => v.verify(tokens[0]));
  at(T + 11, () => v.verify(tokens[1]));
  const third = at(T + 11, () => v.verify(tokens[2]));
  assert.equal(at(T + 12, () => v.verify(tokens[2])), third);
  assert.notEqual(at(T + 12, () => v.verify(tokens[0])), again, 'evicted');
});

test('a token verified by one verifier never counts for another, and failures are not kept', () => {
  const mine = createVerifier({ key: SECRET, cache: true });
  const theirs = createVerifier({ key: OTHER, cache: true });
  const strict = createVerifier({ key: SECRET, issuer: 'me', cache: true });
  const token = sign({ sub: 'u', iss: 'someone else' }, SECRET);
  assert.equal(mine.verify(token).payload.sub, 'u');
  assert.throws(() => theirs.verify(token), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  assert.throws(() => strict.verify(token), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' });
  const [h, , s] = token.split('.');
  const forged = `${h}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.${s}`;
  for (let i = 0; i < 3; i++) assert.throws(() => mine.verify(forged), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  mine.free();
  assert.throws(() => mine.verify(token), /freed/);
});

test('the cache option is read strictly', () => {
  for (const bad of ['yes', 1, null, [], { maxEntries: 0 }, { maxEntries: 1.5 }, { maxAge: -1 }, { maxAge: 86_401 }, { ttl: 5 }, { maxEntries: '10' }]) {
    assert.throws(() => createVerifier({ key: SECRET, cache: bad }), TypeError, JSON.stringify(bad));
  }
  // Only prepared verifiers cache: elsewhere `cache` is an unknown option.
  assert.throws(() => createVerifier({ key: SECRET, cache: undefined }), TypeError);
  const token = sign({ a: 1 }, SECRET);
  assert.equal(createVerifier({ key: SECRET, cache: false }).verify(token).payload.a, 1);
  assert.equal(createVerifier({ key: SECRET, cache: { maxEntries: 1 } }).verify(token).payload.a, 1);
});

test('verifyAsync with a cache: 300 concurrent callers, forged and genuine, each get their own answer', async () => {
  glue.initSync({ module: readFileSync(new URL('../../pkg/wasm/ferrojwt_full_bg.wasm', import.meta.url)) });
  const full = bind(glue, webPlatform());
  const { privateKey, publicKey } = keyPair('ec', { namedCurve: 'P-256' });
  const verifier = full.createVerifier({ key: publicKey.export({ format: 'jwk' }), algorithms: ['ES256'], cache: { maxEntries: 50 } });
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const make = (payload) => {
    const input = `${b64({ alg: 'ES256' })}.${b64(payload)}`;
    return `${input}.${nodeSign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };
  const genuine = Array.from({ length: 80 }, (_, i) => make({ i, exp: 4102444800 }));
  const jobs = [];
  for (let k = 0; k < 300; k++) {
    const i = k % genuine.length;
    const forged = k % 7 === 0;
    const [h, , s] = genuine[i].split('.');
    const token = forged ? `${h}.${b64({ i, admin: true })}.${s}` : genuine[i];
    jobs.push(verifier.verifyAsync(token).then((r) => ({ k, i, forged, got: r.payload.i }), (e) => ({ k, i, forged, got: e.code })));
  }
  for (const r of await Promise.all(jobs)) {
    assert.equal(r.got, r.forged ? 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' : r.i, `call ${r.k}`);
  }
  verifier.free();
});

test('claims the core reads differently from JSON.parse (over 17 digits) never outlive the full check', async () => {
  const { createHmac } = await import('node:crypto');
  const b64 = (text) => Buffer.from(text).toString('base64url');
  const raw = (payload) => {
    const input = `${b64('{"alg":"HS256"}')}.${b64(payload)}`;
    return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
  };
  const E = 1_700_000_000;
  for (const payload of [
    `{"sub":"u","exp":${E}.0000001193}`,
    `{"sub":"u","exp":${E - 1}.99999999999999999999}`,
    `{"sub":"u","nbf":${E}.0000001193,"exp":${E + 100}}`,
    `{"sub":"u","iat":${E - 60}.0000001193,"exp":${E + 100}}`,
  ]) {
    const token = raw(payload);
    const options = payload.includes('"iat"') ? { maxTokenAge: 60 } : {};
    const cached = createVerifier({ key: SECRET, ...options, cache: { maxAge: 3600 } });
    const plain = createVerifier({ key: SECRET, ...options });
    let hits = 0;
    for (let s = E - 20; s <= E + 20; s++) {
      const want = at(s, () => outcome(() => plain.verify(token)));
      assert.deepEqual(at(s, () => outcome(() => cached.verify(token))), want, `${payload} at E${s - E}`);
      if (want.payload) hits++;
    }
    assert.ok(hits > 0, `${payload}: never valid, so nothing was cached`);
  }
});

test('maxAge runs on the real clock even when the verifier now is fixed', () => {
  const v = createVerifier({ key: SECRET, now: T, cache: { maxAge: 10 } });
  const token = sign({ n: 1, exp: T + 1000 }, SECRET, { now: T });
  const first = at(T, () => v.verify(token));
  assert.equal(at(T + 9, () => v.verify(token)), first);
  assert.notEqual(at(T + 10, () => v.verify(token)), first, 'kept past maxAge');
});
