// ferrojwt/worker's pieces in isolation (Node's fetch Request/Response).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifier, sign } from 'ferrojwt';
import { authenticate, hasClaims, permissionDenied, tokenNotValid } from 'ferrojwt/worker';

const SECRET = 'worker-secret-of-at-least-32-by!';
const verifier = createVerifier({ key: SECRET, claims: { token_type: 'access' } });
const req = (authorization) => new Request('http://x/', { headers: authorization === undefined ? {} : { authorization } });

test('authenticate returns the claims of a valid token', () => {
  const token = sign({ token_type: 'access', user_id: 3, scope: 'read write' }, SECRET, { expiresIn: 60 });
  const auth = authenticate(req(`Bearer ${token}`), verifier);
  assert.equal(auth.ok, true);
  assert.equal(auth.claims.user_id, 3);
  // Whitespace runs are one separator, as in Python's str.split().
  assert.equal(authenticate(req(`  Bearer \t ${token} `), verifier).ok, true);
  // A custom scheme.
  assert.equal(authenticate(req(`JWT ${token}`), verifier, { scheme: 'JWT' }).ok, true);
  assert.equal(authenticate(req(`JWT ${token}`), verifier).ok, false);
});

test('require: equal values, array membership, scope lists, predicates; otherwise 403', async () => {
  const claims = { role: 'admin', groups: ['a', 'b'], scope: 'read write' };
  assert.ok(hasClaims(claims, { role: 'admin' }));
  assert.ok(hasClaims(claims, { groups: 'b', scope: 'write' }));
  assert.ok(hasClaims(claims, { scope: ['read', 'write'] }));
  assert.ok(!hasClaims(claims, { scope: 'admin' }));
  assert.ok(!hasClaims(claims, { role: 'user' }));
  assert.ok(!hasClaims(claims, { missing: 'x' }));
  assert.ok(!hasClaims(claims, { constructor: Object }), 'only own claims count');
  assert.ok(hasClaims(claims, (c) => c.groups.length === 2));
  assert.ok(!hasClaims(claims, () => 'yes'), 'only a literal true passes');
  const token = sign({ token_type: 'access', scope: 'read' }, SECRET);
  const denied = authenticate(req(`Bearer ${token}`), verifier, { require: { scope: 'write' } });
  assert.equal(denied.ok, false);
  assert.equal(denied.response.status, 403);
  assert.deepEqual(await denied.response.json(), { detail: 'You do not have permission to perform this action.' });
  assert.equal(permissionDenied().status, 403);
});

test('401 bodies and challenges', async () => {
  let r = authenticate(req(undefined), verifier);
  assert.equal(r.response.status, 401);
  assert.equal(r.response.headers.get('www-authenticate'), 'Bearer realm="api"');
  assert.equal(r.response.headers.get('content-type'), 'application/json');
  r = authenticate(req('Bearer a b'), verifier, { realm: 'shop' });
  assert.equal(r.response.headers.get('www-authenticate'), 'Bearer realm="shop"');
  assert.equal((await r.response.json()).code, 'bad_authorization_header');
  const expired = sign({ token_type: 'access' }, SECRET, { now: 1000, expiresIn: 1 });
  r = authenticate(req(`Bearer ${expired}`), verifier);
  assert.equal(r.response.headers.get('www-authenticate'), 'Bearer realm="api", error="invalid_token"');
  assert.equal((await r.response.json()).messages[0].message, 'Token is expired');
  const refresh = sign({ token_type: 'refresh' }, SECRET);
  r = authenticate(req(`Bearer ${refresh}`), verifier);
  assert.equal((await r.response.json()).messages[0].message, 'Token is invalid');
  assert.equal((await tokenNotValid(null).json()).messages[0].message, 'Token is invalid');
  assert.throws(() => authenticate(req(undefined), null), TypeError);
});

test('an asynchronous verifier (a remote key set\'s) makes authenticate answer with a promise; unavailable keys are a 503', async () => {
  // Any `verify` that returns a promise, as ferrojwt/jwks's verifiers do:
  // authenticate needs nothing from that entry (importing it would put the
  // public-key wasm into every worker bundle).
  const later = (outcome) => ({ verify: async () => outcome() });
  const token = sign({ token_type: 'access', role: 'admin' }, SECRET);
  const good = authenticate(req(`Bearer ${token}`), later(() => verifier.verify(token)), { require: { role: 'admin' } });
  assert.equal(typeof good.then, 'function');
  assert.deepEqual((await good).claims.role, 'admin');
  const failing = (code) => later(() => {
    throw Object.assign(new Error(code), { code });
  });
  for (const code of ['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']) {
    const r = await authenticate(req(`Bearer ${token}`), failing(code));
    assert.equal(r.response.status, 503, code);
    assert.equal(r.response.headers.get('retry-after'), '30');
    assert.deepEqual((await r.response.json()).code, 'jwks_unavailable');
  }
  const unknownKid = await authenticate(req(`Bearer ${token}`), failing('ERR_JWKS_NO_MATCHING_KEY'));
  assert.equal(unknownKid.response.status, 401);
  const denied = await authenticate(req(`Bearer ${token}`), later(() => verifier.verify(token)), { require: { role: 'root' } });
  assert.equal(denied.response.status, 403);
});

test('ferrojwt/worker exports no createRemoteKeySet: it lives in ferrojwt/jwks', async () => {
  const worker = await import('ferrojwt/worker');
  assert.equal('createRemoteKeySet' in worker, false);
  assert.equal(typeof (await import('ferrojwt/jwks')).createRemoteKeySet, 'function');
});
