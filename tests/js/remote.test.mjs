// createRemoteKeySet (ferrojwt/worker) against JWKS endpoints on loopback:
// caching, rotation, unknown kids and the cooldown, timeouts, oversized and
// malformed answers, and authenticate() with a remote verifier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import * as full from 'ferrojwt/full';
import { createRemoteKeySet, authenticate } from 'ferrojwt/worker';

/** A JWKS endpoint whose answer the test changes; counts its requests. */
async function jwksServer() {
  const state = { keys: [], hits: 0, mode: 'ok' };
  const server = createServer((req, res) => {
    state.hits += 1;
    if (state.mode === 'hang') return; // never answers
    if (state.mode === 'slow-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys":['); // and never finishes
      return;
    }
    if (state.mode === 'huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [], pad: 'x'.repeat(600 * 1024) }));
      return;
    }
    if (state.mode === 'error') return void res.writeHead(500).end('oops');
    if (state.mode === 'not-json') return void res.writeHead(200).end('<html>');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    state,
    url: `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

const pair = (kid, alg = 'ES256') => full.generateKeyPair(alg, { kid });
const token = (p, claims = {}) => full.sign({ sub: 'u1', ...claims }, p.privateKey, { expiresIn: '5m' });

test('fetches once, caches, and verifies tokens of every key in the set', async () => {
  const srv = await jwksServer();
  try {
    const a = pair('a');
    const b = pair('b', 'EdDSA');
    srv.state.keys = [a.publicKey, b.publicKey];
    const jwks = createRemoteKeySet(srv.url);
    const verifier = jwks.createVerifier({ algorithms: ['ES256', 'EdDSA'] });
    const results = await Promise.all([token(a), token(b), token(a)].map((t) => verifier.verify(t)));
    assert.deepEqual(results.map((r) => r.header.kid), ['a', 'b', 'a']);
    assert.equal(srv.state.hits, 1, 'concurrent first requests share one fetch');
    for (let i = 0; i < 20; i++) await verifier.verify(token(b));
    assert.equal(srv.state.hits, 1);
    assert.equal((await jwks.keys()).keys.length, 2);
  } finally {
    await srv.close();
  }
});

test('rotation: an unknown kid refetches the set, at most once per cooldown', async () => {
  const srv = await jwksServer();
  try {
    const old = pair('2025');
    srv.state.keys = [old.publicKey];
    const verifier = createRemoteKeySet(srv.url, { cooldown: 1.5 }).createVerifier();
    await verifier.verify(token(old));
    // The issuer rotates: the new key appears in the set. Within the
    // cooldown of the last fetch the cached set answers; after it, the
    // unknown kid triggers one refetch.
    const next = pair('2026');
    srv.state.keys = [old.publicKey, next.publicKey];
    await assert.rejects(verifier.verify(token(next)), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    assert.equal(srv.state.hits, 1);
    await new Promise((r) => setTimeout(r, 1600));
    assert.equal((await verifier.verify(token(next))).header.kid, '2026');
    assert.equal(srv.state.hits, 2);
    // A kid no one publishes: one refetch per cooldown, then fail fast.
    // (The cooldown is long enough that a stalled machine cannot end it
    // between two steps of this test.)
    const stranger = pair('nobody');
    await new Promise((r) => setTimeout(r, 1600));
    for (let i = 0; i < 5; i++) {
      await assert.rejects(verifier.verify(token(stranger)), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    }
    assert.equal(srv.state.hits, 3, 'five unknown-kid tokens cost one fetch');
    // Known keys keep working meanwhile without fetching.
    await verifier.verify(token(old));
    assert.equal(srv.state.hits, 3);
  } finally {
    await srv.close();
  }
});

test('cacheMaxAge: a stale set is refetched; while the endpoint is down the stale set is used', async () => {
  const srv = await jwksServer();
  try {
    const k = pair('k');
    srv.state.keys = [k.publicKey];
    const verifier = createRemoteKeySet(srv.url, { cacheMaxAge: 0.2, cooldown: 0 }).createVerifier();
    await verifier.verify(token(k));
    await new Promise((r) => setTimeout(r, 300));
    await verifier.verify(token(k));
    assert.equal(srv.state.hits, 2);
    srv.state.mode = 'error';
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await verifier.verify(token(k))).payload.sub, 'u1');
    assert.equal(srv.state.hits, 3);
  } finally {
    await srv.close();
  }
});

test('a hanging endpoint, a body that never ends, a huge or broken answer: bounded errors', async () => {
  const srv = await jwksServer();
  try {
    const k = pair('k');
    for (const [mode, code] of [['hang', 'ERR_JWKS_TIMEOUT'], ['slow-body', 'ERR_JWKS_TIMEOUT'], ['huge', 'ERR_JWKS_INVALID'], ['error', 'ERR_JWKS_INVALID'], ['not-json', 'ERR_JWKS_INVALID']]) {
      srv.state.mode = mode;
      const verifier = createRemoteKeySet(srv.url, { timeout: 0.3, cooldown: 60 }).createVerifier();
      const started = Date.now();
      await assert.rejects(verifier.verify(token(k)), { code }, mode);
      assert.ok(Date.now() - started < 2000, `${mode} took ${Date.now() - started} ms`);
      // Within the cooldown a failed endpoint is not asked again: fail fast.
      const hits = srv.state.hits;
      await assert.rejects(verifier.verify(token(k)), { code }, mode);
      assert.equal(srv.state.hits, hits, mode);
    }
    // A set with a malformed key list is refused as a whole.
    srv.state.mode = 'ok';
    srv.state.keys = 'not a list';
    await assert.rejects(createRemoteKeySet(srv.url).createVerifier().verify(token(k)), { code: 'ERR_JWKS_INVALID' });
  } finally {
    await srv.close();
  }
});

test('options are checked; plain http is only for loopback', () => {
  assert.throws(() => createRemoteKeySet('http://idp.example.com/jwks.json'), TypeError);
  assert.doesNotThrow(() => createRemoteKeySet('http://idp.example.com/jwks.json', { allowInsecureHttp: true }));
  assert.throws(() => createRemoteKeySet('https://idp.example.com/jwks', { timeout: -1 }), TypeError);
  assert.throws(() => createRemoteKeySet('not a url'), TypeError);
  assert.throws(() => createRemoteKeySet('https://idp.example.com/jwks').createVerifier({ key: 'x' }), TypeError);
});

test('authenticate() with a remote verifier: claims, simplejwt 401s, and 503 when the keys are unavailable', async () => {
  const srv = await jwksServer();
  try {
    const k = pair('k', 'RS256');
    srv.state.keys = [k.publicKey];
    const verifier = createRemoteKeySet(srv.url, { timeout: 0.3 }).createVerifier({ algorithms: ['RS256'], issuer: 'idp' });
    const req = (t) => new Request('https://api.example.com/me', { headers: { authorization: `Bearer ${t}` } });
    const good = await authenticate(req(token(k, { iss: 'idp', role: 'admin' })), verifier, { require: { role: 'admin' } });
    assert.equal(good.ok, true);
    assert.equal(good.claims.sub, 'u1');
    const wrongIssuer = await authenticate(req(token(k, { iss: 'other' })), verifier);
    assert.equal(wrongIssuer.response.status, 401);
    assert.equal((await wrongIssuer.response.json()).code, 'token_not_valid');
    const garbage = await authenticate(req('x.y.z'), verifier);
    assert.equal(garbage.response.status, 401);
    // The endpoint goes silent and a token names a new key: 503, not 401.
    srv.state.mode = 'hang';
    const down = await authenticate(req(token(pair('new', 'RS256'), { iss: 'idp' })), createRemoteKeySet(srv.url, { timeout: 0.3 }).createVerifier());
    assert.equal(down.response.status, 503);
    assert.equal((await down.response.json()).code, 'jwks_unavailable');
    // Without a header nothing is fetched.
    const none = await authenticate(new Request('https://api.example.com/me'), verifier);
    assert.equal(none.response.status, 401);
  } finally {
    await srv.close();
  }
});
