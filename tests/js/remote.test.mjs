// createRemoteKeySet (ferrojwt/jwks) against JWKS endpoints on loopback, in
// Node and in workerd (each test runs in both, through the same worker
// module, tests/js/helpers/jwks-worker.js): caching and one fetch for many
// concurrent verifies, rotation, unknown kids and the cooldown, stale sets,
// redirects refused, timeouts, oversized and malformed answers, the shared
// store (KV, Cache API), authenticate() with a remote verifier, and
// ferrojwt/full's createVerifier for EdDSA.
// Cold isolates sharing one fetch: tests/js/remote-workerd.test.mjs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as full from 'ferrojwt/full';
import { createVerifier as coreVerifier } from 'ferrojwt';
import { createRemoteKeySet } from 'ferrojwt/jwks';
import { jwksServer } from './helpers/jwks-server.mjs';
import { bundleJwksWorker, nodeRuntime, removeBundle, workerdRuntime } from './helpers/jwks-runtimes.mjs';

const pair = (kid, alg = 'ES256') => full.generateKeyPair(alg, { kid });
const token = (p, claims = {}) => full.sign({ sub: 'u1', ...claims }, p.privateKey, { expiresIn: '5m' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let sets = 0;
/** A key set the worker creates on first use and keeps for the isolate's life. */
const keySet = (url, options = {}, verify = {}) => ({ id: `set-${++sets}`, url, options, verify });

test('options are checked; plain http is only for loopback; unknown options are refused', () => {
  assert.throws(() => createRemoteKeySet('http://idp.example.com/jwks.json'), TypeError);
  assert.doesNotThrow(() => createRemoteKeySet('http://idp.example.com/jwks.json', { allowInsecureHttp: true }));
  assert.throws(() => createRemoteKeySet('https://idp.example.com/jwks', { timeout: -1 }), TypeError);
  assert.throws(() => createRemoteKeySet('not a url'), TypeError);
  assert.throws(() => createRemoteKeySet('https://idp.example.com/jwks').createVerifier({ key: 'x' }), TypeError);
  // A typo must not silently switch the shared cache off.
  assert.throws(() => createRemoteKeySet('https://idp.example.com/jwks', { KV: {} }), /unknown option "KV"/);
  assert.throws(() => createRemoteKeySet('https://idp.example.com/jwks', { kv: {} }), /options.kv/);
  assert.throws(() => createRemoteKeySet('https://idp.example.com/jwks', { cache: {} }), /options.cache/);
  assert.doesNotThrow(() => createRemoteKeySet('https://idp.example.com/jwks', { cache: false }));
});

test("ferrojwt/full's createVerifier adds EdDSA; without it, EdDSA is a clear error, never a silently shorter allowlist", async () => {
  const srv = await jwksServer();
  try {
    const ed = pair('ed', 'EdDSA');
    const rs = pair('rs', 'RS256');
    srv.state.keys = [ed.publicKey, rs.publicKey];
    const withFull = createRemoteKeySet(srv.url('/full'), { createVerifier: full.createVerifier, cache: false })
      .createVerifier({ algorithms: ['EdDSA', 'RS256'] });
    for (const p of [ed, rs]) assert.equal((await withFull.verify(token(p))).header.kid, p.privateKey.kid);
    const core = createRemoteKeySet(srv.url('/core'), { cache: false });
    // Refused when the verifier is made, before any fetch.
    assert.throws(() => core.createVerifier({ algorithms: ['EdDSA', 'RS256'] }), { code: 'ERR_JOSE_NOT_SUPPORTED', message: /EdDSA.*ferrojwt\/full/ });
    assert.equal(srv.state.paths['/core'], undefined);
    const anyAlg = core.createVerifier();
    assert.equal((await anyAlg.verify(token(rs))).header.kid, 'rs');
    await assert.rejects(anyAlg.verify(token(ed)), { code: 'ERR_JOSE_ALG_NOT_ALLOWED', message: /ferrojwt\/full verifies it/ });
    assert.throws(() => createRemoteKeySet(srv.url('/x'), { createVerifier: 'full' }), /options.createVerifier/);
  } finally {
    await srv.close();
  }
});

test('a key set replaced while a verification of the old one is still running is freed only once it ends', async () => {
  const srv = await jwksServer();
  try {
    const a = pair('a');
    const b = pair('b');
    srv.state.keys = [a.publicKey];
    // Verifiers whose verifyAsync takes a while (as a WebCrypto check may),
    // the very first call longest, and which know whether they were freed.
    const made = [];
    let firstCall = true;
    const slow = (options) => {
      const inner = coreVerifier(options);
      const entry = { freed: false, used: false };
      made.push(entry);
      return {
        verify: (t) => inner.verify(t),
        async verifyAsync(t) {
          entry.used = true;
          const wait = firstCall ? 300 : 20;
          firstCall = false;
          await sleep(wait);
          if (entry.freed) throw new Error('a freed verifier was used');
          return inner.verifyAsync(t);
        },
        free() {
          entry.freed = true;
          inner.free();
        },
      };
    };
    const verifier = createRemoteKeySet(srv.url('/slow'), { createVerifier: slow, cache: false, cooldown: 0 }).createVerifier();
    const first = verifier.verify(token(a));
    await sleep(50);
    srv.state.keys = [a.publicKey, b.publicKey];
    // An unknown kid: the set is fetched again and replaced while `first` still runs.
    assert.equal((await verifier.verify(token(b))).header.kid, 'b');
    const [oldSet, newSet] = made.filter((e) => e.used);
    assert.deepEqual([oldSet.freed, newSet.freed], [false, false], 'the old set is still in use');
    assert.equal((await first).header.kid, 'a');
    assert.deepEqual([oldSet.freed, newSet.freed], [true, false], 'freed once its last verification ended');
    // Every verifier made only to check options or a fetched set was freed at once.
    assert.ok(made.filter((e) => !e.used).every((e) => e.freed));
  } finally {
    await srv.close();
  }
});

test('a shared store that fails or holds junk only costs a fetch', async () => {
  const srv = await jwksServer();
  try {
    const k = pair('k');
    srv.state.keys = [k.publicKey];
    const stores = {
      throwing: { get: async () => { throw new Error('KV down'); }, put: async () => { throw new Error('KV down'); } },
      junk: { get: async () => '{"text":"<html>","fetchedAt":1}', put: async () => {} },
      // A valid set claiming to come from the future would stay fresh for ever.
      future: { get: async () => JSON.stringify({ text: JSON.stringify({ keys: [] }), fetchedAt: Date.now() / 1000 + 3600 }), put: async () => {} },
      'not-json': { get: async () => 'garbage', put: async () => {} },
    };
    for (const [name, kv] of Object.entries(stores)) {
      const verifier = createRemoteKeySet(srv.url(`/${name}`), { kv }).createVerifier();
      assert.equal((await verifier.verify(token(k))).header.kid, 'k', name);
      assert.equal(srv.state.paths[`/${name}`], 1, name);
    }
  } finally {
    await srv.close();
  }
});

test('shared entries are keyed by a digest of the URL and how it is fetched, never by the URL (the CDN cache serves that)', async () => {
  const srv = await jwksServer();
  try {
    const k = pair('k');
    srv.state.keys = [k.publicKey];
    const keys = [];
    const cache = {
      entries: new Map(),
      async match(url) { keys.push(url); const e = this.entries.get(url); return e?.clone(); },
      async put(url, response) { keys.push(url); this.entries.set(url, response); },
    };
    const url = srv.url('/keyed');
    for (const options of [{}, { headers: { authorization: 'Bearer tenant-a' } }, { maxBytes: 4096 }]) {
      await createRemoteKeySet(url, { cache, ...options }).createVerifier().verify(token(k));
    }
    assert.ok(keys.length > 0);
    for (const key of keys) assert.match(key, /^https:\/\/ferrojwt\.invalid\/jwks\/[0-9a-f]{64}$/);
    assert.equal(cache.entries.size, 3, 'three ways of fetching one URL: three entries');
    assert.equal(srv.state.paths['/keyed'], 3);
    // The same configuration again shares its entry: no fetch.
    await createRemoteKeySet(url, { cache }).createVerifier().verify(token(k));
    assert.equal(srv.state.paths['/keyed'], 3);
  } finally {
    await srv.close();
  }
});

for (const runtime of ['node', 'workerd']) {
  describe(`in ${runtime}`, () => {
    let rt;
    let bundle;
    let srv;
    before(async () => {
      if (runtime === 'workerd') {
        bundle = await bundleJwksWorker();
        rt = await workerdRuntime(bundle);
      } else {
        rt = nodeRuntime();
      }
    });
    after(async () => {
      await rt?.close();
      if (bundle) removeBundle(bundle);
    });
    before(async () => {
      srv = await jwksServer();
    });
    after(() => srv.close());
    /** A fresh endpoint state for each test. */
    const reset = () => Object.assign(srv.state, { keys: [], mode: 'ok', hits: 0, paths: {} });
    const verify = (set, tokens) => rt.call({ set, tokens });

    test('fetches once, caches, and verifies tokens of every key in the set; concurrent verifies share one fetch', async () => {
      reset();
      const a = pair('a');
      const b = pair('b', 'RS256');
      srv.state.keys = [a.publicKey, b.publicKey];
      const set = keySet(srv.url('/fetch'), {}, { algorithms: ['ES256', 'RS256'] });
      // 40 verifies in one isolate at once, and 5 requests at once.
      const tokens = Array.from({ length: 40 }, (_, i) => token(i % 2 ? b : a));
      const [results, ...others] = await Promise.all([verify(set, tokens), ...Array.from({ length: 5 }, () => verify(set, [token(a)]))]);
      assert.deepEqual(results.map((r) => r.kid), tokens.map((_, i) => (i % 2 ? 'b' : 'a')));
      assert.deepEqual(others.map(([r]) => r.sub), ['u1', 'u1', 'u1', 'u1', 'u1']);
      assert.equal(srv.state.hits, 1, 'concurrent first requests share one fetch');
      for (let i = 0; i < 10; i++) assert.equal((await verify(set, [token(b)]))[0].kid, 'b');
      assert.equal(srv.state.hits, 1);
    });

    test('rotation: an unknown kid refetches the set, at most once per cooldown', async () => {
      reset();
      const old = pair('2025');
      srv.state.keys = [old.publicKey];
      const set = keySet(srv.url('/rotation'), { cooldown: 1.5 });
      assert.equal((await verify(set, [token(old)]))[0].kid, '2025');
      // The issuer rotates: the new key appears in the set. Within the
      // cooldown of the last fetch the cached set answers; after it, the
      // unknown kid triggers one refetch.
      const next = pair('2026');
      srv.state.keys = [old.publicKey, next.publicKey];
      assert.equal((await verify(set, [token(next)]))[0].code, 'ERR_JWKS_NO_MATCHING_KEY');
      assert.equal(srv.state.hits, 1);
      await sleep(1600);
      assert.equal((await verify(set, [token(next)]))[0].kid, '2026');
      assert.equal(srv.state.hits, 2);
      // A kid no one publishes: one refetch per cooldown, then fail fast.
      // (The cooldown is long enough that a stalled machine cannot end it
      // between two steps of this test.)
      const stranger = pair('nobody');
      await sleep(1600);
      for (let i = 0; i < 5; i++) assert.equal((await verify(set, [token(stranger)]))[0].code, 'ERR_JWKS_NO_MATCHING_KEY');
      assert.equal(srv.state.hits, 3, 'five unknown-kid tokens cost one fetch');
      // Known keys keep working meanwhile without fetching.
      assert.equal((await verify(set, [token(old)]))[0].kid, '2025');
      assert.equal(srv.state.hits, 3);
    });

    test('cacheMaxAge: a stale set is refetched; while the endpoint is down the stale set is used', async () => {
      reset();
      const k = pair('k');
      srv.state.keys = [k.publicKey];
      const set = keySet(srv.url('/stale'), { cacheMaxAge: 0.2, cooldown: 0 });
      await verify(set, [token(k)]);
      await sleep(300);
      await verify(set, [token(k)]);
      assert.equal(srv.state.hits, 2);
      srv.state.mode = 'error';
      await sleep(300);
      assert.equal((await verify(set, [token(k)]))[0].sub, 'u1');
      assert.equal(srv.state.hits, 3);
    });

    test('a redirect is refused, never followed', async () => {
      reset();
      const k = pair('k');
      srv.state.keys = [k.publicKey];
      srv.state.mode = 'redirect';
      const [result] = await verify(keySet(srv.url('/redirect')), [token(k)]);
      assert.equal(result.code, 'ERR_JWKS_INVALID');
      assert.match(result.message, /redirect \(302\)/);
      assert.deepEqual(srv.state.paths, { '/redirect': 1 }, 'the redirect target was never asked');
    });

    test('a hanging endpoint, a body that never ends, a huge or broken answer: bounded errors, then fail fast', async () => {
      reset();
      const k = pair('k');
      for (const [mode, code] of [['hang', 'ERR_JWKS_TIMEOUT'], ['slow-body', 'ERR_JWKS_TIMEOUT'], ['huge', 'ERR_JWKS_INVALID'], ['error', 'ERR_JWKS_INVALID'], ['not-json', 'ERR_JWKS_INVALID']]) {
        srv.state.mode = mode;
        const set = keySet(srv.url(`/${mode}`), { timeout: 0.3, cooldown: 60 });
        assert.equal((await verify(set, [token(k)]))[0].code, code, mode);
        // Within the cooldown a failed endpoint is not asked again: fail fast.
        const hits = srv.state.hits;
        assert.equal((await verify(set, [token(k)]))[0].code, code, mode);
        assert.equal(srv.state.hits, hits, mode);
      }
      // The size cap is the caller's to set.
      srv.state.mode = 'ok';
      srv.state.keys = [k.publicKey];
      assert.match((await verify(keySet(srv.url('/small-cap'), { maxBytes: 100 }), [token(k)]))[0].message, /larger than 100 bytes/);
      // A set with a malformed key list is refused as a whole.
      srv.state.keys = 'not a list';
      assert.equal((await verify(keySet(srv.url('/malformed')), [token(k)]))[0].code, 'ERR_JWKS_INVALID');
      // So is a list with a key that is not a JWK: the issuer's fault (503 at the edge), not the token's.
      srv.state.keys = [k.publicKey, 1];
      assert.equal((await verify(keySet(srv.url('/malformed-key')), [token(k)]))[0].code, 'ERR_JWKS_INVALID');
    });

    test('a second key set for the same URL (as another isolate would) reads the shared store instead of fetching', async () => {
      reset();
      const k = pair('k');
      srv.state.keys = [k.publicKey];
      // Node has no caches.default: only a KV namespace is shared there.
      const stores = runtime === 'workerd' ? [['kv', { kv: true }], ['cache-api', {}]] : [['kv', { kv: true }]];
      for (const [name, options] of stores) {
        const url = srv.url(`/shared-${name}`);
        for (let i = 0; i < 3; i++) assert.equal((await verify(keySet(url, options), [token(k)]))[0].kid, 'k', name);
        assert.equal(srv.state.paths[`/shared-${name}`], 1, name);
      }
      // Without a shared store each set fetches its own.
      const url = srv.url('/unshared');
      for (let i = 0; i < 2; i++) await verify(keySet(url, { cache: false }), [token(k)]);
      assert.equal(srv.state.paths['/unshared'], 2);
    });

    test('authenticate() with a remote verifier: claims, simplejwt 401s, and 503 when the keys are unavailable', async () => {
      reset();
      const k = pair('k', 'RS256');
      srv.state.keys = [k.publicKey];
      const set = keySet(srv.url('/auth'), { timeout: 0.3 }, { algorithms: ['RS256'], issuer: 'idp' });
      const good = await rt.call({ set, authenticate: token(k, { iss: 'idp', role: 'admin' }) });
      assert.equal(good.status, 200);
      assert.equal(good.claims.sub, 'u1');
      const wrongIssuer = await rt.call({ set, authenticate: token(k, { iss: 'other' }) });
      assert.equal(wrongIssuer.status, 401);
      assert.equal(wrongIssuer.body.code, 'token_not_valid');
      assert.equal((await rt.call({ set, authenticate: 'x.y.z' })).status, 401);
      // The endpoint goes silent and a token names a new key: 503, not 401.
      srv.state.mode = 'hang';
      const down = await rt.call({ set: keySet(srv.url('/auth-down'), { timeout: 0.3 }), authenticate: token(pair('new', 'RS256'), { iss: 'idp' }) });
      assert.equal(down.status, 503);
      assert.equal(down.body.code, 'jwks_unavailable');
    });
  });
}
