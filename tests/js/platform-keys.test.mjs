// The HMAC-only build (`ferrojwt`) verifies RS*, PS* and ES* tokens with the
// platform's native crypto and no public-key arithmetic of its own: an
// identity provider's token at the edge downloads no public-key wasm
// (issue 16). Its answers must be the full build's, token for token, with
// node:crypto (synchronously) and WebCrypto (verifyAsync); where it cannot
// answer (a synchronous call on WebCrypto, a key the platform refuses) it
// throws, and never passes a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import * as coreGlue from '../../pkg/wasm/ferrojwt.js';
import * as fullGlue from '../../pkg/wasm/ferrojwt_full.js';
import { bind } from '../../pkg/src/api.js';
import { nodePlatform } from '../../pkg/src/native-node.js';
import { webPlatform } from '../../pkg/src/native-web.js';
import { IMPORT_CACHE_SIZE } from '../../pkg/src/import-cache.js';
import * as entry from '../../pkg/entry/node.js';
import { HASH, KEYS, b64, counting, crossSchemeTokens, outcome, outcomeAsync, pairFor, token, variants } from './helpers/signatures.mjs';

coreGlue.initSync({ module: readFileSync(new URL('../../pkg/wasm/ferrojwt_bg.wasm', import.meta.url)) });
fullGlue.initSync({ module: readFileSync(new URL('../../pkg/wasm/ferrojwt_full_bg.wasm', import.meta.url)) });

/** The full build's own arithmetic: the oracle. */
const reference = bind(fullGlue);
const ALGS = Object.keys(KEYS).filter((alg) => alg !== 'EdDSA');
const NOT_SUPPORTED = 'ERR_JOSE_NOT_SUPPORTED';
const SIGNATURE_FAILED = 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
const sigLength = (t) => Buffer.from(t.split('.')[2], 'base64url').length;

for (const alg of ALGS) {
  test(`${alg}: the HMAC-only build with node:crypto answers every token as the full build's arithmetic`, () => {
    const { privateKey, publicKey } = KEYS[alg]();
    const jwk = publicKey.export({ format: 'jwk' });
    const platform = counting(nodePlatform());
    const core = bind(coreGlue, platform);
    const prepared = core.createVerifier({ key: jwk, algorithms: [alg] });
    const oracle = reference.createVerifier({ key: jwk, algorithms: [alg] });
    const all = variants(alg, privateKey);
    for (const [name, t] of Object.entries(all)) {
      const want = outcome(() => oracle.verify(t));
      assert.deepEqual(outcome(() => prepared.verify(t)), want, `${alg} ${name}, prepared`);
      assert.deepEqual(outcome(() => core.verify(t, jwk, { algorithms: [alg] })), want, `${alg} ${name}, one-shot`);
      assert.deepEqual(outcome(() => entry.verify(t, jwk, { algorithms: [alg] })), want, `${alg} ${name}, the package's entry`);
    }
    assert.deepEqual(outcome(() => prepared.verify(all.good)).ok, { sub: 'u', exp: 4102444800 });
    const checked = Object.values(all).filter((t) => sigLength(t) === sigLength(all.good)).length;
    assert.equal(platform.calls.verify, 2 * checked + 1, 'node:crypto checked each token of the right length');
    prepared.free();
    oracle.free();
  });

  test(`${alg}: the HMAC-only build with WebCrypto answers every token in verifyAsync, and refuses to guess in verify`, async () => {
    const { privateKey, publicKey } = KEYS[alg]();
    const jwk = publicKey.export({ format: 'jwk' });
    const core = bind(coreGlue, webPlatform());
    const prepared = core.createVerifier({ key: jwk, algorithms: [alg] });
    const oracle = reference.createVerifier({ key: jwk, algorithms: [alg] });
    for (const [name, t] of Object.entries(variants(alg, privateKey))) {
      const want = outcome(() => oracle.verify(t));
      assert.deepEqual(await outcomeAsync(() => prepared.verifyAsync(t)), want, `${alg} ${name}, prepared`);
      assert.deepEqual(await outcomeAsync(() => core.verifyAsync(t, jwk, { algorithms: [alg] })), want, `${alg} ${name}, one-shot`);
      // Synchronously, WebCrypto cannot answer: an error naming verifyAsync
      // (or, for a signature of another length, the failure it always is).
      const sync = outcome(() => prepared.verify(t));
      if (sync.code === NOT_SUPPORTED) assert.match(sync.message, /use verifyAsync/);
      else assert.equal(sync.code, SIGNATURE_FAILED, `${alg} ${name}, sync: ${JSON.stringify(sync)}`);
    }
    prepared.free();
    oracle.free();
  });
}

test('one RSA key with no alg serves six algorithms, and each token is checked under its own scheme, on both platforms', async () => {
  const { privateKey, publicKey } = KEYS.RS256();
  const jwk = publicKey.export({ format: 'jwk' });
  const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  const rs = token('RS256', privateKey);
  const ps = token('PS256', privateKey, pss);
  const node = counting(nodePlatform());
  const nodeApi = bind(coreGlue, node);
  const webApi = bind(coreGlue, counting(webPlatform()));
  for (const [name, v, run] of [
    ['node:crypto', nodeApi.createVerifier({ key: jwk }), (v, t) => v.verify(t)],
    ['WebCrypto', webApi.createVerifier({ key: jwk }), (v, t) => v.verifyAsync(t)],
  ]) {
    assert.equal((await run(v, rs)).payload.sub, 'u', `${name} RS256`);
    assert.equal((await run(v, ps)).payload.sub, 'u', `${name} PS256`);
    for (const [what, forged] of Object.entries(crossSchemeTokens(privateKey))) {
      assert.equal((await outcomeAsync(async () => run(v, forged))).code, SIGNATURE_FAILED, `${name}: ${what}`);
    }
  }
  assert.equal(node.calls.importKey, 6, 'RS256, RS384, RS512, PS256, PS384, PS512');
});

test('a one-shot verify has the platform import only the key its token selects, for its alg: one import per call, not one per key and algorithm', async () => {
  // Keys without `alg` serve six algorithms each: a prepared verifier imports
  // all eighteen once; a one-shot call, which checks one token, one of them.
  const pairs = ['a', 'b', 'c'].map((kid) => ({ kid, ...KEYS.RS256() }));
  const keys = pairs.map(({ kid, publicKey }) => ({ ...publicKey.export({ format: 'jwk' }), kid }));
  const signed = (alg, kid, opts = {}) => {
    const input = `${b64({ alg, kid })}.${b64({ sub: kid, exp: 4102444800 })}`;
    const { privateKey } = pairs.find((p) => p.kid === kid);
    return `${input}.${nodeSign(HASH[alg], Buffer.from(input), { key: privateKey, ...opts }).toString('base64url')}`;
  };
  const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 };
  for (const [name, inner, run] of [['node:crypto', nodePlatform(), 'verify'], ['WebCrypto', webPlatform(), 'verifyAsync']]) {
    const platform = counting(inner);
    const api = bind(coreGlue, platform);
    const imports = async (f) => {
      const before = platform.calls.importKey;
      const r = await outcomeAsync(async () => f());
      return [platform.calls.importKey - before, r.ok?.sub ?? r.code];
    };
    assert.deepEqual(await imports(() => api[run](signed('RS256', 'b'), keys[1])), [1, 'b'], `${name}: one key`);
    assert.deepEqual(await imports(() => api[run](signed('PS512', 'c', pss), { keys })), [1, 'c'], `${name}: a set, by kid`);
    const forged = `${signed('PS512', 'c', pss).split('.')[0]}.${b64({ sub: 'admin' })}.${signed('PS512', 'c', pss).split('.')[2]}`;
    assert.deepEqual(await imports(() => api[run](forged, { keys })), [1, SIGNATURE_FAILED], `${name}: a forgery`);
    // A token no key may serve imports nothing.
    assert.deepEqual(await imports(() => api[run](signed('RS256', 'a'), { keys }, { algorithms: ['ES256'] })), [0, 'ERR_JOSE_ALG_NOT_ALLOWED'], `${name}: not allowed`);
    assert.deepEqual(await imports(() => api[run](`${b64({ alg: 'RS256', kid: 'z' })}.${b64({})}.AA`, { keys })), [0, 'ERR_JWKS_NO_MATCHING_KEY'], `${name}: no such kid`);
    // A prepared verifier imports every key for every algorithm, once.
    const prepared = await imports(() => api.createVerifier({ key: { keys } }));
    assert.equal(prepared[0], 18, `${name}: prepared`);
    assert.equal(platform.calls.live, 18, `${name}: only the prepared verifier's keys are held`);
  }
});

test('imported keys are kept for later calls: concurrent one-shot calls import each key once per scheme; past IMPORT_CACHE_SIZE the least recently used goes', async () => {
  const subtle = globalThis.crypto.subtle;
  const original = subtle.importKey;
  let imports = 0;
  subtle.importKey = function (...args) {
    imports++;
    return original.apply(this, args);
  };
  try {
    const web = counting(webPlatform());
    const api = bind(coreGlue, web);
    // 200 concurrent calls over three keys, forged and genuine interleaved.
    const pairs = ['a', 'b', 'c'].map((kid) => ({ kid, ...KEYS.ES256() }));
    const keys = pairs.map(({ kid, publicKey }) => ({ ...publicKey.export({ format: 'jwk' }), kid }));
    const signed = ({ kid, privateKey }, payload) => {
      const input = `${b64({ alg: 'ES256', kid })}.${b64(payload)}`;
      return `${input}.${nodeSign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    };
    const jobs = Array.from({ length: 200 }, (_, i) => {
      const t = signed(pairs[i % 3], { i, exp: 4102444800 });
      const forged = i % 4 === 0 ? `${t.split('.')[0]}.${b64({ i, admin: true })}.${t.split('.')[2]}` : t;
      return api.verifyAsync(forged, { keys }).then((r) => r.payload.i, (e) => e.code).then((got) => [i, got]);
    });
    for (const [i, got] of await Promise.all(jobs)) assert.equal(got, i % 4 === 0 ? SIGNATURE_FAILED : i, `token ${i}`);
    assert.equal(imports, 3, 'one import per key');
    assert.equal(web.calls.importKey, 200, 'the core asked on every call');
    assert.equal(web.calls.live, 0, 'no call holds a key after it');

    // One RSA key, two schemes: an import each, and neither stands in for the other.
    const rsa = KEYS.RS256();
    const jwk = rsa.publicKey.export({ format: 'jwk' });
    const rs = token('RS256', rsa.privateKey);
    const ps = token('PS256', rsa.privateKey, { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    const crossed = Object.entries(crossSchemeTokens(rsa.privateKey));
    for (let round = 0; round < 2; round++) {
      assert.equal((await api.verifyAsync(rs, jwk)).payload.sub, 'u');
      assert.equal((await api.verifyAsync(ps, jwk)).payload.sub, 'u');
      for (const [what, forged] of crossed) assert.equal((await outcomeAsync(() => api.verifyAsync(forged, jwk))).code, SIGNATURE_FAILED, what);
    }
    assert.equal(imports, 7, 'once per scheme: RS256, PS256, RS384, PS512');

    // Node: one KeyObject per key, whatever the scheme; same answers.
    const node = counting(nodePlatform());
    const nodeApi = bind(coreGlue, node);
    for (let round = 0; round < 2; round++) {
      assert.equal(nodeApi.verify(rs, jwk).payload.sub, 'u');
      assert.equal(nodeApi.verify(ps, jwk).payload.sub, 'u');
      for (const [what, forged] of crossed) assert.equal(outcome(() => nodeApi.verify(forged, jwk)).code, SIGNATURE_FAILED, what);
    }
    assert.equal(node.imported, 1);

    // Bounded: one key more than it keeps pushes out the least recently used.
    const many = Array.from({ length: IMPORT_CACHE_SIZE + 1 }, (_, i) => ({ kid: `m${i}`, ...KEYS.ES256() }));
    const fresh = bind(coreGlue, webPlatform());
    const once = async (p) => (await fresh.verifyAsync(signed(p, { sub: p.kid }), p.publicKey.export({ format: 'jwk' }))).payload.sub;
    const before = imports;
    for (const p of many) assert.equal(await once(p), p.kid);
    assert.equal(imports - before, IMPORT_CACHE_SIZE + 1);
    assert.equal(await once(many.at(-1)), many.at(-1).kid);
    assert.equal(imports - before, IMPORT_CACHE_SIZE + 1, 'the newest is kept');
    assert.equal(await once(many[0]), many[0].kid);
    assert.equal(imports - before, IMPORT_CACHE_SIZE + 2, 'the oldest was not');
  } finally {
    subtle.importKey = original;
  }
});

test("an identity provider's JWKS and tokens (signed by jose) verify in the HMAC-only build", async () => {
  const keys = [];
  const tokens = [];
  for (const alg of ['RS256', 'ES256', 'PS256']) {
    const { privateKey, publicKey } = pairFor(alg);
    keys.push({ ...(await jose.exportJWK(publicKey)), kid: `k-${alg}`, alg, use: 'sig' });
    tokens.push(await new jose.SignJWT({ sub: alg, scope: 'read' }).setProtectedHeader({ alg, kid: `k-${alg}` })
      .setIssuer('https://idp.example').setAudience('api').setExpirationTime('10m').sign(privateKey));
  }
  const options = { issuer: 'https://idp.example', audience: 'api', algorithms: ['RS256', 'ES256', 'PS256'] };
  const web = bind(coreGlue, webPlatform());
  const sync = entry.createVerifier({ key: { keys }, ...options });
  const async = web.createVerifier({ key: { keys }, ...options });
  for (const t of tokens) {
    const sub = JSON.parse(Buffer.from(t.split('.')[1], 'base64url')).sub;
    assert.equal(sync.verify(t).payload.sub, sub);
    assert.equal((await async.verifyAsync(t)).payload.sub, sub);
    assert.equal(entry.verify(t, { keys }, options).payload.sub, sub);
  }
  // The audience is still checked, and a forgery is still a forgery.
  assert.equal(outcome(() => entry.verify(tokens[0], { keys }, { ...options, audience: 'other' })).code, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  const [h, , s] = tokens[1].split('.');
  const forged = `${h}.${b64({ sub: 'admin', iss: 'https://idp.example', aud: 'api', exp: 4102444800 })}.${s}`;
  assert.equal(outcome(() => sync.verify(forged)).code, SIGNATURE_FAILED);
  assert.equal((await outcomeAsync(() => async.verifyAsync(forged))).code, SIGNATURE_FAILED);
});

test('an EC point off its curve is refused by node:crypto and by WebCrypto: ERR_JWK_INVALID, never a pass', async () => {
  const { privateKey, publicKey } = KEYS.ES256();
  const jwk = publicKey.export({ format: 'jwk' });
  const y = Buffer.from(jwk.y, 'base64url');
  y[31] ^= 1;
  const offCurve = { ...jwk, y: y.toString('base64url') };
  const good = token('ES256', privateKey, { dsaEncoding: 'ieee-p1363' });
  // The full build's own check says so too.
  assert.equal(outcome(() => reference.verify(good, offCurve)).code, 'ERR_JWK_INVALID');
  const node = bind(coreGlue, nodePlatform());
  assert.throws(() => node.createVerifier({ key: offCurve }), { code: 'ERR_JWK_INVALID', message: /refused the key for ES256/ });
  assert.equal(outcome(() => node.verify(good, offCurve)).code, 'ERR_JWK_INVALID');
  const web = bind(coreGlue, webPlatform());
  // One-shot, as the first use of the key: WebCrypto's refusal comes after
  // the wasm call, and the verification that follows knows of it.
  const other = KEYS.ES256().publicKey.export({ format: 'jwk' });
  const otherY = Buffer.from(other.y, 'base64url');
  otherY[0] ^= 1;
  const otherOffCurve = { ...other, y: otherY.toString('base64url') };
  assert.equal((await outcomeAsync(() => web.verifyAsync(good, otherOffCurve))).code, 'ERR_JWK_INVALID');
  const v = web.createVerifier({ key: offCurve });
  for (let i = 0; i < 2; i++) {
    assert.equal((await outcomeAsync(() => v.verifyAsync(good))).code, 'ERR_JWK_INVALID', `verifyAsync ${i}`);
  }
  assert.equal(outcome(() => v.verify(good)).code, 'ERR_JWK_INVALID');
  assert.equal((await outcomeAsync(() => web.verifyAsync(good, offCurve))).code, 'ERR_JWK_INVALID');
  // Many refused keys at once (more than the platform remembers), each
  // with a genuine token interleaved: every bad key is refused, every good
  // token passes.
  const jobs = [];
  for (let i = 0; i < 80; i++) {
    const bad = Buffer.from(jwk.x, 'base64url');
    bad[i % 32] ^= 1 + (i >> 5);
    jobs.push(outcomeAsync(() => web.verifyAsync(good, { ...jwk, x: bad.toString('base64url') })).then((r) => assert.equal(r.code, 'ERR_JWK_INVALID', `key ${i}`)));
    jobs.push(outcomeAsync(() => web.verifyAsync(good, jwk)).then((r) => assert.equal(r.ok?.sub, 'u', `token ${i}`)));
  }
  await Promise.all(jobs);
});

test('a WebCrypto verify that throws (Deno finds an off-curve point only there) is a refused key for that token alone, never a pass', async () => {
  const { privateKey, publicKey } = KEYS.ES256();
  const jwk = publicKey.export({ format: 'jwk' });
  const good = token('ES256', privateKey, { dsaEncoding: 'ieee-p1363' });
  const [h, , s] = good.split('.');
  const forged = `${h}.${b64({ sub: 'admin', exp: 4102444800 })}.${s}`;
  const core = bind(coreGlue, webPlatform());
  const full = bind(fullGlue, webPlatform());
  const v = core.createVerifier({ key: jwk, algorithms: ['ES256'] });
  const subtle = globalThis.crypto.subtle;
  const original = subtle.verify;
  subtle.verify = async () => {
    throw new TypeError('Invalid key format');
  };
  try {
    for (const t of [good, forged]) {
      assert.equal((await outcomeAsync(() => v.verifyAsync(t))).code, 'ERR_JWK_INVALID');
      assert.equal((await outcomeAsync(() => core.verifyAsync(t, jwk, { algorithms: ['ES256'] }))).code, 'ERR_JWK_INVALID');
    }
    // The full build answers with its own arithmetic instead.
    assert.equal((await outcomeAsync(() => full.verifyAsync(good, jwk, { algorithms: ['ES256'] }))).ok.sub, 'u');
    assert.equal((await outcomeAsync(() => full.verifyAsync(forged, jwk, { algorithms: ['ES256'] }))).code, SIGNATURE_FAILED);
  } finally {
    subtle.verify = original;
  }
  // One throw does not mark a working key refused.
  assert.equal((await v.verifyAsync(good)).payload.sub, 'u');
  assert.equal((await outcomeAsync(() => v.verifyAsync(forged))).code, SIGNATURE_FAILED);
});

test('what the HMAC-only build leaves to ferrojwt/full is a clear error: private keys, PEM, Ed25519, signing', () => {
  const rsa = KEYS.RS256();
  const ed = KEYS.EdDSA();
  const rsToken = token('RS256', rsa.privateKey);
  const edToken = token('EdDSA', ed.privateKey);
  const secret = 'a secret of at least thirty-two bytes!!';
  const cases = [
    [() => entry.verify(rsToken, rsa.privateKey.export({ format: 'jwk' })), NOT_SUPPORTED, /private keys sign in ferrojwt\/full/],
    [() => entry.verify(rsToken, rsa.publicKey.export({ format: 'pem', type: 'spki' })), 'ERR_JWK_INVALID', /PEM keys are read by ferrojwt\/full/],
    [() => entry.verify(edToken, ed.publicKey.export({ format: 'jwk' })), 'ERR_JWK_INVALID', /OKP \(Ed25519\) keys are in ferrojwt\/full/],
    [() => entry.sign({}, rsa.publicKey.export({ format: 'jwk' })), NOT_SUPPORTED, /ferrojwt\/full signs/],
    [() => entry.sign({}, secret, { alg: 'RS256' }), NOT_SUPPORTED, /HS256, HS384 and HS512 only/],
    [() => entry.verify(rsToken, secret), 'ERR_JOSE_ALG_NOT_ALLOWED', /RS256/],
  ];
  for (const [f, code, message] of cases) assert.throws(f, { code, message }, String(f));
  // HMAC is unchanged, and never reaches the platform.
  const platform = counting(nodePlatform());
  const core = bind(coreGlue, platform);
  assert.equal(core.verify(core.sign({ sub: 'h' }, secret), secret).payload.sub, 'h');
  assert.deepEqual([platform.calls.importKey, platform.calls.verify], [0, 0]);
});

test('weak RSA keys are refused before any platform sees them, with the full build\'s reasons', () => {
  const platform = counting(nodePlatform());
  const core = bind(coreGlue, platform);
  const weak = JSON.parse(readFileSync(new URL('../vectors/weak-rsa.json', import.meta.url), 'utf8')).weak;
  for (const name of Object.keys(weak)) {
    const { n, e } = weak[name].jwk;
    const key = { kty: 'RSA', n, e };
    const want = outcome(() => reference.createVerifier({ key, algorithms: ['RS256'] }));
    assert.equal(want.code, 'ERR_JWK_INVALID', name);
    assert.deepEqual(outcome(() => core.createVerifier({ key, algorithms: ['RS256'] })), want, name);
  }
  assert.equal(platform.calls.importKey, 0);
});

test('verifyAsync in the HMAC-only build: many concurrent calls, forged and genuine interleaved, each get their own answer', async () => {
  const platform = webPlatform();
  const web = bind(coreGlue, platform);
  const pairs = ['RS256', 'ES256', 'PS256', 'ES384'].map((alg) => ({ alg, ...KEYS[alg]() }));
  const verifier = web.createVerifier({
    key: { keys: pairs.map(({ alg, publicKey }) => ({ ...publicKey.export({ format: 'jwk' }), kid: alg, alg })) },
    algorithms: pairs.map(({ alg }) => alg),
  });
  const signed = (alg, privateKey, payload) => {
    const opts = alg.startsWith('PS') ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : alg.startsWith('ES') ? { dsaEncoding: 'ieee-p1363' } : {};
    const input = `${b64({ alg, kid: alg })}.${b64(payload)}`;
    return `${input}.${nodeSign(HASH[alg] ?? 'sha384', Buffer.from(input), { key: privateKey, ...opts }).toString('base64url')}`;
  };
  const jobs = [];
  for (let i = 0; i < 200; i++) {
    const { alg, privateKey } = pairs[i % pairs.length];
    const t = signed(alg, privateKey, { i, exp: i % 5 === 0 ? 1 : 4102444800 });
    const forged = i % 3 === 0;
    const tok = forged ? `${t.slice(0, t.indexOf('.'))}.${b64({ i, admin: true, exp: 4102444800 })}.${t.split('.')[2]}` : t;
    const want = forged ? SIGNATURE_FAILED : i % 5 === 0 ? 'ERR_JWT_EXPIRED' : null;
    // Half prepared, half one-shot.
    const run = i % 2 === 0 ? verifier.verifyAsync(tok) : web.verifyAsync(tok, { keys: [{ ...pairs[i % pairs.length].publicKey.export({ format: 'jwk' }), kid: alg }] }, { algorithms: [alg] });
    jobs.push(run.then((r) => ({ i, want, got: null, payload: r.payload }), (e) => ({ i, want, got: e.code })));
  }
  for (const r of await Promise.all(jobs)) {
    assert.equal(r.got, r.want, `token ${r.i}`);
    if (r.want === null) assert.equal(r.payload.i, r.i);
  }
  verifier.free();
  assert.equal(platform.size, 0, 'every key handle released');
});
