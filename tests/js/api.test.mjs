// Part 1 of the public contract, against the built package, imported the
// way users import it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decode, decodeHeader, sign, verify, createSigner, createVerifier, generateSecret, JwtError,
} from 'ferrojwt';

const SECRET = 'a-shared-secret-that-is-32-bytes';
const NOW = 1_700_000_000;
const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** Asserts `fn` throws a JwtError with these fields. */
function throwsJwt(fn, code, extra = {}) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof JwtError, `expected JwtError, got ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.code, code, e.message);
    for (const [k, v] of Object.entries(extra)) assert.deepEqual(e[k], v, k);
    return true;
  });
}

test('sign then verify round-trips with every HMAC algorithm and key form', () => {
  const keys = {
    HS256: SECRET,
    HS384: new Uint8Array(48).fill(7),
    HS512: { kty: 'oct', k: Buffer.alloc(64, 9).toString('base64url') },
  };
  for (const [alg, key] of Object.entries(keys)) {
    const token = sign({ sub: 'u1', role: 'admin' }, key, { alg, now: NOW });
    const { header, payload } = verify(token, key, { now: NOW });
    assert.deepEqual(header, { alg, typ: 'JWT' });
    assert.deepEqual(payload, { sub: 'u1', role: 'admin', iat: NOW });
  }
});

test('signing keeps the payload order and appends option claims', () => {
  const token = sign({ z: 1, a: 2 }, SECRET, {
    now: new Date(NOW * 1000), expiresIn: '15m', notBefore: 5, issuer: 'iss', subject: 'sub',
    audience: ['a', 'b'], jwtId: 'j1', kid: 'k1', typ: 'at+jwt', header: { x5t: 'thumb' },
  });
  const [h, p] = token.split('.');
  assert.equal(Buffer.from(h, 'base64url').toString(), '{"alg":"HS256","typ":"at+jwt","kid":"k1","x5t":"thumb"}');
  assert.equal(
    Buffer.from(p, 'base64url').toString(),
    `{"z":1,"a":2,"iat":${NOW},"nbf":${NOW + 5},"exp":${NOW + 900},"iss":"iss","sub":"sub","aud":["a","b"],"jti":"j1"}`,
  );
});

test('span strings and numbers are seconds everywhere', () => {
  for (const [span, secs] of [['90s', 90], ['15m', 900], ['2h', 7200], ['7d', 604800], [60, 60], ['1.5 hours', 5400]]) {
    const { payload } = decode(sign({}, SECRET, { now: NOW, expiresIn: span }));
    assert.equal(payload.exp - payload.iat, secs, String(span));
  }
  assert.throws(() => sign({}, SECRET, { expiresIn: '10 parsecs' }), TypeError);
  assert.throws(() => sign({}, SECRET, { expiresIn: NaN }), TypeError);
});

test('typ: null leaves typ out; audience keeps its string or array form', () => {
  assert.deepEqual(decodeHeader(sign({}, SECRET, { typ: null })), { alg: 'HS256' });
  assert.equal(decode(sign({}, SECRET, { audience: 'one' })).payload.aud, 'one');
  assert.deepEqual(decode(sign({}, SECRET, { audience: ['one'] })).payload.aud, ['one']);
});

test('jwtId: true makes a fresh random id; iat can be omitted or set', () => {
  const ids = new Set(Array.from({ length: 50 }, () => decode(sign({}, SECRET, { jwtId: true })).payload.jti));
  assert.equal(ids.size, 50);
  for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  assert.deepEqual(decode(sign({}, SECRET, { iat: false })).payload, {});
  assert.deepEqual(decode(sign({}, SECRET, { iat: 123 })).payload, { iat: 123 });
  assert.deepEqual(decode(sign({ iat: 5 }, SECRET)).payload, { iat: 5 });
  const t = Math.floor(Date.now() / 1000);
  const { iat } = decode(sign({}, SECRET)).payload;
  assert.ok(Math.abs(iat - t) <= 2, 'default iat is the current time in seconds');
});

test('a claim given both in the payload and as an option is an error', () => {
  assert.throws(() => sign({ exp: 1 }, SECRET, { expiresIn: 60 }), TypeError);
  assert.throws(() => sign({ sub: 'a' }, SECRET, { subject: 'b' }), TypeError);
  assert.throws(() => sign({ iat: 1 }, SECRET, { iat: true }), TypeError);
  assert.throws(() => sign({}, SECRET, { header: { alg: 'none' } }), TypeError);
  throwsJwt(() => sign({ exp: 'soon' }, SECRET), 'ERR_JWT_CLAIM_VALIDATION_FAILED', { claim: 'exp', reason: 'invalid' });
});

test('verify options: issuer, audience, subject, typ, requiredClaims, claims', () => {
  const token = sign({ token_type: 'access', user_id: 7 }, SECRET, {
    now: NOW, issuer: 'https://id', audience: ['api', 'web'], subject: 'u1', typ: 'at+jwt', expiresIn: 300,
  });
  const ok = (o) => verify(token, SECRET, { now: NOW, ...o });
  const bad = (o, code, claim, reason) => throwsJwt(() => ok(o), code, { claim, reason });
  const CVF = 'ERR_JWT_CLAIM_VALIDATION_FAILED';

  ok({ issuer: 'https://id', audience: 'web', subject: 'u1', typ: 'application/at+jwt' });
  ok({ issuer: ['x', 'https://id'], audience: ['x', 'api'] });
  bad({ issuer: 'x' }, CVF, 'iss', 'check_failed');
  bad({ audience: 'x' }, CVF, 'aud', 'check_failed');
  bad({ audience: ['x', 'y'] }, CVF, 'aud', 'check_failed');
  bad({ subject: 'u2' }, CVF, 'sub', 'check_failed');
  bad({ typ: 'JWT' }, CVF, 'typ', 'check_failed');
  ok({ requiredClaims: ['user_id', 'exp'] });
  bad({ requiredClaims: ['email'] }, CVF, 'email', 'missing');
  ok({ claims: { token_type: 'access', user_id: 7 } });
  bad({ claims: { token_type: 'refresh' } }, CVF, 'token_type', 'check_failed');
  bad({ claims: { role: 'admin' } }, CVF, 'role', 'missing');
});

test('time: exp, nbf, clockTolerance, maxTokenAge, now as Date', () => {
  const token = sign({}, SECRET, { now: NOW, notBefore: 10, expiresIn: 100 });
  const at = (now, o = {}) => verify(token, SECRET, { now, ...o });
  at(NOW + 10);
  at(new Date((NOW + 50) * 1000));
  throwsJwt(() => at(NOW + 100), 'ERR_JWT_EXPIRED', { claim: 'exp', reason: 'check_failed' });
  throwsJwt(() => at(NOW + 9), 'ERR_JWT_CLAIM_VALIDATION_FAILED', { claim: 'nbf', reason: 'check_failed' });
  at(NOW + 100, { clockTolerance: 1 });
  at(NOW, { clockTolerance: '10s' });
  at(NOW + 60, { maxTokenAge: '1m' });
  throwsJwt(() => at(NOW + 61, { maxTokenAge: '1m' }), 'ERR_JWT_EXPIRED', { claim: 'iat', reason: 'check_failed' });
  const noIat = sign({}, SECRET, { iat: false });
  throwsJwt(() => verify(noIat, SECRET, { maxTokenAge: 60 }), 'ERR_JWT_CLAIM_VALIDATION_FAILED', { claim: 'iat', reason: 'missing' });
  // Claim errors carry the payload, as jose's do.
  try { at(NOW + 1000); } catch (e) { assert.deepEqual(e.payload, { iat: NOW, nbf: NOW + 10, exp: NOW + 100 }); }
  // Without `now`, the real clock: a token that expired a minute ago fails.
  const old = sign({}, SECRET, { now: Math.floor(Date.now() / 1000) - 120, expiresIn: 60 });
  throwsJwt(() => verify(old, SECRET), 'ERR_JWT_EXPIRED');
});

test('registered time claims that are not numbers fail as invalid', () => {
  for (const claim of ['exp', 'nbf', 'iat']) {
    const token = forge({ alg: 'HS256' }, { [claim]: 'soon' });
    throwsJwt(() => verify(token, SECRET), 'ERR_JWT_CLAIM_VALIDATION_FAILED', { claim, reason: 'invalid' });
  }
});

/** A correctly signed token over exactly these header and payload values. */
function forge(header, payload, key = SECRET) {
  const input = `${b64(header)}.${b64(payload)}`;
  const mac = createHmacSig(input, key);
  return `${input}.${mac}`;
}

import { createHmac } from 'node:crypto';
function createHmacSig(input, key) {
  return createHmac('sha256', key).update(input).digest('base64url');
}

test('malformed tokens get jose codes', () => {
  const good = sign({ a: 1 }, SECRET);
  const [h, p, s] = good.split('.');
  const cases = [
    ['', 'ERR_JWS_INVALID'],
    ['a.b', 'ERR_JWS_INVALID'],
    [`${h}.${p}.${s}.x.y`, 'ERR_JWS_INVALID'],
    [`${h}==.${p}.${s}`, 'ERR_JWS_INVALID'],
    [`${h}.${p}.${s.replace(/-/g, '+').replace(/_/g, '/')}x+/`, 'ERR_JWS_INVALID'],
    [`${b64('[1]')}.${p}.${s}`, 'ERR_JWS_INVALID'],
    [forge('{"alg":"HS256","alg":"HS256"}', {}), 'ERR_JWS_INVALID'],
    [forge({ alg: 'HS256' }, [1]), 'ERR_JWT_INVALID'],
    [forge({ alg: 'HS256' }, 'not json'), 'ERR_JWT_INVALID'],
    [`${h}.${p}.${s.slice(0, -2)}AA`, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
    [`${h}.${b64({ a: 2 })}.${s}`, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
    [`${b64({ alg: 'none' })}.${p}.`, 'ERR_JOSE_ALG_NOT_ALLOWED'],
    [forge({ alg: 'RS256' }, {}), 'ERR_JOSE_ALG_NOT_ALLOWED'],
    [forge({ alg: 'XX999' }, {}), 'ERR_JOSE_NOT_SUPPORTED'],
    [forge({ alg: 'HS256', crit: ['ext'], ext: 1 }, {}), 'ERR_JWS_INVALID'],
    ['x'.repeat(16 * 1024 + 1), 'ERR_JWS_INVALID'],
  ];
  for (const [token, code] of cases) throwsJwt(() => verify(token, SECRET), code);
});

test('algorithms allowlist, crit and maxTokenLength options', () => {
  const hs512 = sign({}, 'k'.repeat(64), { alg: 'HS512' });
  verify(hs512, 'k'.repeat(64));
  throwsJwt(() => verify(hs512, 'k'.repeat(64), { algorithms: ['HS256'] }), 'ERR_JOSE_ALG_NOT_ALLOWED');
  assert.throws(() => verify(hs512, 'k'.repeat(64), { algorithms: ['none'] }), TypeError);
  const crit = forge({ alg: 'HS256', crit: ['ext'], ext: 1 }, {});
  verify(crit, SECRET, { crit: ['ext'] });
  const t = sign({}, SECRET);
  verify(t, SECRET, { maxTokenLength: t.length });
  throwsJwt(() => verify(t, SECRET, { maxTokenLength: t.length - 1 }), 'ERR_JWS_INVALID');
  throwsJwt(() => decode(t, { maxTokenLength: t.length - 1 }), 'ERR_JWS_INVALID');
  throwsJwt(() => decode('x'.repeat(16 * 1024 + 1)), 'ERR_JWS_INVALID');
});

test('keys: too short, empty, PEM, wrong kty, JWK alg, key sets', () => {
  const token = sign({}, SECRET);
  throwsJwt(() => verify(token, 'short'), 'ERR_JWK_INVALID');
  throwsJwt(() => verify(token, ''), 'ERR_JWK_INVALID');
  throwsJwt(() => sign({}, 'x'.repeat(31)), 'ERR_JWK_INVALID');
  throwsJwt(() => sign({}, SECRET, { alg: 'HS384' }), 'ERR_JWK_INVALID');
  const pem = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n';
  throwsJwt(() => verify(token, pem), 'ERR_JWK_INVALID');
  throwsJwt(() => sign({}, pem), 'ERR_JWK_INVALID');
  throwsJwt(() => verify(token, { kty: 'RSA', n: 'x', e: 'AQAB' }), 'ERR_JWK_INVALID');
  const jwk = { kty: 'oct', k: Buffer.from(SECRET).toString('base64url'), alg: 'HS256', kid: 'k1' };
  const t2 = sign({ a: 1 }, jwk);
  assert.deepEqual(decodeHeader(t2), { alg: 'HS256', typ: 'JWT', kid: 'k1' });
  verify(t2, jwk);
  const jwks = { keys: [{ ...jwk, kid: 'old', k: Buffer.alloc(32, 1).toString('base64url') }, jwk] };
  assert.deepEqual(verify(t2, jwks).payload.a, 1);
  throwsJwt(() => verify(sign({}, SECRET, { kid: 'nope' }), jwks), 'ERR_JWKS_NO_MATCHING_KEY');
  const noKids = { keys: [{ kty: 'oct', k: jwk.k }, { kty: 'oct', k: Buffer.alloc(32, 2).toString('base64url') }] };
  throwsJwt(() => verify(sign({}, SECRET), noKids), 'ERR_JWKS_MULTIPLE_MATCHING_KEYS');
  throwsJwt(() => verify(sign({}, SECRET), { keys: 'nope' }), 'ERR_JWKS_INVALID');
  throwsJwt(() => createVerifier({ key: { keys: [{ kty: 'oct', k: '' }] } }), 'ERR_JWK_INVALID');
  assert.throws(() => sign({}, jwks), TypeError);
});

test('prepared signer and verifier give the same results and can be freed', () => {
  throwsJwt(() => createSigner({ key: SECRET, alg: 'HS384' }), 'ERR_JWK_INVALID');
  throwsJwt(() => createVerifier({ key: 'short' }), 'ERR_JWK_INVALID');
  const s = createSigner({ key: 'x'.repeat(48), alg: 'HS384', expiresIn: '1h', issuer: 'me' });
  const v = createVerifier({ key: 'x'.repeat(48), issuer: 'me', algorithms: ['HS384'] });
  for (let i = 0; i < 100; i++) {
    const token = s.sign({ i });
    assert.equal(v.verify(token).payload.i, i);
    assert.deepEqual(verify(token, 'x'.repeat(48), { issuer: 'me' }), v.verify(token));
  }
  throwsJwt(() => v.verify(sign({}, 'x'.repeat(48), { alg: 'HS384' })), 'ERR_JWT_CLAIM_VALIDATION_FAILED', { claim: 'iss', reason: 'missing' });
  v.free();
  s.free();
  v.free(); // twice is harmless
  assert.throws(() => v.verify(sign({}, 'x'.repeat(48), { alg: 'HS384' })), TypeError);
  assert.throws(() => s.sign({}), TypeError);
});

test('decode and decodeHeader read without a key', () => {
  const token = sign({ sub: 'x', nested: { a: [1, 2.5, null] } }, SECRET, { iat: false, kid: 'k' });
  assert.deepEqual(decode(token), { header: { alg: 'HS256', typ: 'JWT', kid: 'k' }, payload: { sub: 'x', nested: { a: [1, 2.5, null] } } });
  assert.deepEqual(decodeHeader(token), { alg: 'HS256', typ: 'JWT', kid: 'k' });
  throwsJwt(() => decode('not.a.token'), 'ERR_JWS_INVALID');
  throwsJwt(() => decode(`${b64({ alg: 'HS256' })}.${b64('[]')}.`), 'ERR_JWT_INVALID');
});

test('generateSecret gives hash-sized CSPRNG bytes that sign', () => {
  for (const [alg, len] of [['HS256', 32], ['HS384', 48], ['HS512', 64]]) {
    const a = generateSecret(alg);
    assert.ok(a instanceof Uint8Array);
    assert.equal(a.length, len);
    assert.notDeepEqual(a, generateSecret(alg));
    verify(sign({}, a, { alg }), a);
  }
  assert.equal(generateSecret().length, 32);
  assert.throws(() => generateSecret('RS256'), TypeError);
});

test('wrong argument types are TypeErrors, never traps', () => {
  for (const bad of [42, null, undefined, {}, ['a']]) assert.throws(() => verify(bad, SECRET), TypeError);
  for (const bad of [42, null, undefined, [], new Date(), true]) assert.throws(() => verify(sign({}, SECRET), bad), TypeError);
  for (const bad of [null, 'x', [1], 5]) assert.throws(() => sign(bad, SECRET), TypeError);
  assert.throws(() => verify(sign({}, SECRET), SECRET, 'opts'), TypeError);
  assert.throws(() => verify(sign({}, SECRET), SECRET, { audiance: 'typo' }), TypeError);
  assert.throws(() => verify(sign({}, SECRET), SECRET, { now: new Date('nope') }), TypeError);
  assert.throws(() => createVerifier({ algorithms: ['HS256'] }), TypeError);
  assert.throws(() => createVerifier(null), TypeError);
  assert.throws(() => sign({ big: 1n }, SECRET), TypeError);
  assert.throws(() => decode('a.b.c', { maxTokenLength: -1 }), TypeError);
});

test('text that is not ASCII crosses the boundary intact, in and out, at any size', () => {
  // Tokens and payloads are written into wasm memory as UTF-8 and read back
  // in place; these lengths cross the input buffer's growth and the
  // 3-bytes-per-unit worst case.
  const signer = createSigner({ key: SECRET, iat: false });
  const verifier = createVerifier({ key: SECRET });
  for (const text of ['é', 'naïve 😀 ∑', '日本語'.repeat(700), 'x'.repeat(5000), 'a\u0000b']) {
    const payload = { text, exp: 4102444800 };
    for (const token of [sign(payload, SECRET, { iat: false }), signer.sign(payload)]) {
      assert.deepEqual(decode(token).payload, payload);
      assert.deepEqual(verify(token, SECRET, { now: NOW }).payload, payload);
      assert.deepEqual(verifier.verify(token).payload, payload);
    }
  }
  // A lone surrogate is not Unicode text: JSON.stringify escapes it and the
  // core's strict JSON refuses the escape, on signing as on decoding.
  throwsJwt(() => sign({ s: '\ud800' }, SECRET), 'ERR_JWT_INVALID');
  // Non-ASCII in a token is malformed base64url, not a crash.
  throwsJwt(() => decode('é.é.é'), 'ERR_JWS_INVALID');
  // An error after a long success still reads its own output.
  throwsJwt(() => verifier.verify('a.b'), 'ERR_JWS_INVALID');
});
