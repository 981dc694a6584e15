// ferrojwt/client in Node against the example worker in workerd (a real
// loopback port) and plain loopback servers for the second origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { createAuthClient, createTokenStore, AuthError } from 'ferrojwt/client';
import { startDemo, DEMO_SECRET } from '../../scripts/demo-server.mjs';
import { recordingServer } from './helpers/servers.mjs';
import { countingFetch } from './helpers/fetching.mjs';

const secret = new TextEncoder().encode(DEMO_SECRET);
let api; // access tokens live 3 s (valid for at least 2 s after issue), so "after expiry" is quick to reach
let other; // a second origin that records what it receives
let oauth; // an OAuth-style token endpoint
before(async () => {
  api = await startDemo({ port: 0, bindings: { ACCESS_TOKEN_LIFETIME: '3', REFRESH_TOKEN_LIFETIME: '1h' } });
  other = await recordingServer({
    '/capture': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    '/redirect-out': (req, res) => res.writeHead(302, { location: `${other.url}/capture` }).end(),
  });
  oauth = await recordingServer({
    '/oauth/token': (req, res) => res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: 'a.b.c', refresh_token: 'r1', token_type: 'Bearer', expires_in: 300 })),
    '/bounce': (req, res) => res.writeHead(307, { location: `${other.url}/capture` }).end(),
  });
});
after(async () => {
  await api?.dispose();
  await other?.close();
  await oauth?.close();
});


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const credentials = { username: 'bob', password: 'bob-demo-password' };

test('login stores the simplejwt pair, emits change, exposes accessToken and claims', async () => {
  const client = createAuthClient({ baseUrl: api.url, refreshMargin: 0 });
  const changes = [];
  client.on('change', (p) => changes.push(p));
  assert.equal(client.accessToken, null);
  const pair = await client.login(credentials);
  assert.equal(client.accessToken, pair.access);
  assert.equal(client.claims.user_id, 2);
  assert.equal(client.claims.token_type, 'access');
  assert.equal(changes.length, 1);
  assert.equal(changes[0].refresh, pair.refresh);
});

test('a failed login rejects with the status and the server\'s detail', async () => {
  const client = createAuthClient({ baseUrl: api.url });
  await assert.rejects(client.login({ username: 'bob', password: 'nope' }), (e) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.status, 401);
    assert.equal(e.detail, 'No active account found with the given credentials');
    assert.deepEqual(e.body, { detail: 'No active account found with the given credentials' });
    return true;
  });
  assert.equal(client.accessToken, null);
});

test('OAuth bodies (access_token, refresh_token) are understood', async () => {
  const client = createAuthClient({ baseUrl: oauth.url, loginUrl: '/oauth/token' });
  assert.deepEqual(await client.login({ grant_type: 'password' }), { access: 'a.b.c', refresh: 'r1' });
});

test('the token goes to the API origin only: not to another origin, not through a redirect to it', async () => {
  const client = createAuthClient({ baseUrl: api.url, origins: [api.url, oauth.url], refreshMargin: 0 });
  await client.login(credentials);
  const me = await client.fetch('/api/me/');
  assert.equal(me.status, 200);
  assert.equal((await me.json()).username, 'bob');
  await client.fetch(`${other.url}/capture`);
  await client.fetch(`${oauth.url}/bounce`); // trusted origin, 307 to the other one
  await client.fetch(new Request(`${oauth.url}/bounce`, { method: 'POST', body: 'x' }));
  const atOther = other.seen.filter((r) => r.path === '/capture');
  assert.equal(atOther.length, 3);
  assert.ok(atOther.every((r) => r.authorization === null), JSON.stringify(atOther));
  assert.ok(oauth.seen.filter((r) => r.path === '/bounce').every((r) => r.authorization?.startsWith('Bearer ')));
  // A caller's own Authorization for another service is left alone.
  await client.fetch(`${other.url}/capture`, { headers: { authorization: 'Basic abc' } });
  assert.equal(other.seen.at(-1).authorization, 'Basic abc');
});

test('redirects are followed by the client itself where fetch is not a browser\'s', async () => {
  // A fetch that follows redirects carrying every header along (as some
  // fetch polyfills do): the client must not rely on fetch to strip the token.
  const naive = async (input, init) => {
    let req = new Request(input, init);
    for (;;) {
      const res = await fetch(new Request(req, { redirect: 'manual' }));
      if (req.redirect === 'manual' || ![301, 302, 303, 307, 308].includes(res.status)) return res;
      req = new Request(new URL(res.headers.get('location'), req.url), { headers: req.headers });
    }
  };
  const store = createTokenStore();
  store.set({ access: await new jose.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(secret) });
  const client = createAuthClient({ baseUrl: oauth.url, store, fetch: naive });
  const before = other.seen.length;
  const res = await client.fetch('/bounce');
  assert.equal(res.status, 200);
  const reached = other.seen.slice(before);
  assert.deepEqual(reached.map((r) => [r.path, r.authorization]), [['/capture', null]]);
});

test('never over plain http to a host that is not loopback, unless allowed', async () => {
  const seen = [];
  const stub = async (req) => {
    seen.push(req.headers.get('authorization'));
    return new Response('{}', { status: 200 });
  };
  const store = createTokenStore();
  store.set({ access: await new jose.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(secret) });
  assert.throws(() => createAuthClient({ baseUrl: 'http://api.example.test', store, fetch: stub }), TypeError);
  const https = createAuthClient({ baseUrl: 'https://api.example.test', origins: ['https://api.example.test', 'http://api.example.test'], store, fetch: stub });
  await https.fetch('http://api.example.test/x');
  await https.fetch('https://api.example.test/x');
  const insecure = createAuthClient({ baseUrl: 'http://api.example.test', store, fetch: stub, allowInsecureHttp: true });
  await insecure.fetch('/x');
  assert.deepEqual(seen.map((h) => h?.split(' ')[0] ?? null), [null, 'Bearer', 'Bearer']);
});

test('proactive refresh within refreshMargin, with rotation stored and a refresh event', async () => {
  const { fn, counts } = countingFetch();
  const client = createAuthClient({ baseUrl: api.url, fetch: fn, refreshMargin: 30 });
  const first = await client.login(credentials);
  const refreshed = [];
  client.on('refresh', (p) => refreshed.push(p));
  // A 30 s margin on a 3 s token would refresh on every request: the client
  // cuts it to half the lifetime, so the token is fresh at first...
  assert.equal((await client.fetch('/api/me/')).status, 200);
  assert.equal(counts['/api/token/refresh/'] ?? 0, 0);
  // ...and refreshed before use once past the margin, while still valid.
  await sleep(1600);
  const res = await client.fetch('/api/me/');
  assert.equal(res.status, 200);
  assert.equal(counts['/api/token/refresh/'], 1, 'refreshed before sending');
  assert.equal(counts['/api/me/'], 2);
  assert.equal(refreshed.length, 1);
  assert.notEqual(refreshed[0].refresh, first.refresh, 'the rotated refresh token is stored');
  assert.equal(client.accessToken, refreshed[0].access);
});

test('10 concurrent requests after expiry cause exactly one refresh', async () => {
  const { fn, counts } = countingFetch();
  const client = createAuthClient({ baseUrl: api.url, fetch: fn, refreshMargin: 0 });
  await client.login(credentials);
  await sleep(3100);
  const results = await Promise.all(Array.from({ length: 10 }, () => client.fetch('/api/me/')));
  assert.deepEqual(results.map((r) => r.status), Array(10).fill(200));
  assert.equal(counts['/api/token/refresh/'], 1);
  assert.equal(counts['/api/me/'], 10);
});

test('a token_not_valid 401 causes one refresh and one retry', async () => {
  const { fn, counts } = countingFetch();
  const client = createAuthClient({ baseUrl: api.url, fetch: fn, refreshMargin: 0 });
  const store = createTokenStore();
  const real = await createAuthClient({ baseUrl: api.url, store }).login(credentials);
  // Locally fine (exp far away) but the server refuses it: wrong key.
  const forged = await new jose.SignJWT({ token_type: 'access', user_id: 2, jti: 'x' }).setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('1h').sign(new Uint8Array(32).fill(7));
  const client2 = createAuthClient({ baseUrl: api.url, fetch: fn, refreshMargin: 0, store });
  store.set({ access: forged, refresh: real.refresh });
  const res = await client2.fetch('/api/me/', { method: 'GET' });
  assert.equal(res.status, 200);
  assert.equal(counts['/api/token/refresh/'], 1);
  assert.equal(counts['/api/me/'], 2);
  // A 401 that is not token_not_valid (no credentials at all) is not retried.
  void client;
  const anon = createAuthClient({ baseUrl: api.url, fetch: fn });
  const before = counts['/api/me/'];
  assert.equal((await anon.fetch('/api/me/')).status, 401);
  assert.equal(counts['/api/me/'], before + 1);
  assert.equal(counts['/api/token/refresh/'], 1);
});

test('a 401 triggers at most one refresh and one retry, even if the retry is refused too', async () => {
  const calls = { data: 0, refresh: 0 };
  const jwt = (n) => `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ exp: 4102444800, n })).toString('base64url')}.sig`;
  const stub = async (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/api/token/refresh/') {
      calls.refresh++;
      return Response.json({ access: jwt(calls.refresh), refresh: `r${calls.refresh}` });
    }
    calls.data++;
    return Response.json({ detail: 'Given token not valid for any token type', code: 'token_not_valid' }, { status: 401 });
  };
  const store = createTokenStore();
  store.set({ access: jwt(0), refresh: 'r0' });
  const client = createAuthClient({ baseUrl: 'https://api.example.test', store, fetch: stub });
  const res = await client.fetch('/data', { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 401);
  assert.deepEqual(calls, { data: 2, refresh: 1 });
  assert.equal(store.get().refresh, 'r1', 'the rotated refresh token is kept');
});

test('opaque tokens, RFC 6750 challenges, refresh errors that are not refusals, redirects on login', async () => {
  let refreshStatus = 200;
  const calls = [];
  const stub = async (req) => {
    const path = new URL(req.url).pathname;
    calls.push([path, req.headers.get('authorization'), req.redirect]);
    if (path === '/token') return Response.json({ access_token: 'opaque-1', refresh_token: 'r1' });
    if (path === '/refresh') return refreshStatus === 200 ? Response.json({ access_token: 'opaque-2' }) : Response.json({ detail: 'slow down' }, { status: refreshStatus });
    if (req.headers.get('authorization') === 'Bearer opaque-2') return Response.json({ ok: true });
    return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
  };
  const client = createAuthClient({ baseUrl: 'https://id.example.test', loginUrl: '/token', refreshUrl: '/refresh', fetch: stub });
  await client.login({ u: 1 });
  assert.equal(client.accessToken, 'opaque-1', 'an opaque access token is kept');
  assert.equal(client.claims, null);
  const res = await client.fetch('/data');
  assert.equal(res.status, 200, 'the invalid_token challenge caused a refresh and a retry');
  assert.deepEqual(calls.map((c) => c[0]), ['/token', '/data', '/refresh', '/data']);
  assert.ok(calls.filter((c) => c[0] !== '/data').every((c) => c[2] === 'error'), 'login and refresh never follow redirects');
  // A rate limit on refresh is not a refusal: no logout.
  refreshStatus = 429;
  const logouts = [];
  client.on('logout', (e) => logouts.push(e));
  const store2 = createTokenStore();
  store2.set({ access: 'opaque-1', refresh: 'r1' });
  const c2 = createAuthClient({ baseUrl: 'https://id.example.test', refreshUrl: '/refresh', store: store2, fetch: stub });
  c2.on('logout', (e) => logouts.push(e));
  assert.equal((await c2.fetch('/data')).status, 401);
  assert.deepEqual(logouts, []);
  assert.equal(store2.get().refresh, 'r1');
});

test('a refused refresh logs out and says why; the request goes out without a token', async () => {
  const client = createAuthClient({ baseUrl: api.url, refreshMargin: 0 });
  const pair = await client.login(credentials);
  const logouts = [];
  client.on('logout', (e) => logouts.push(e));
  // Use the refresh token elsewhere first: rotation blacklists it.
  const stolen = await fetch(`${api.url}/api/token/refresh/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh: pair.refresh }) });
  assert.equal(stolen.status, 200);
  await sleep(3100);
  const res = await client.fetch('/api/me/');
  assert.equal(res.status, 401);
  assert.deepEqual(logouts, [{ reason: 'refresh_failed' }]);
  assert.equal(client.accessToken, null);
  await client.logout();
  assert.deepEqual(logouts.at(-1), { reason: 'user' });
});

test('token stores: memory, StorageLike, corrupt data reads as logged out, subscribe', () => {
  const data = new Map();
  const like = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, v), removeItem: (k) => data.delete(k) };
  const store = createTokenStore({ storage: like, key: 'k' });
  const seen = [];
  const off = store.subscribe((p) => seen.push(p));
  store.set({ access: 'a.b.c', refresh: 'r' });
  assert.deepEqual(JSON.parse(data.get('k')), { access: 'a.b.c', refresh: 'r' });
  assert.deepEqual(createTokenStore({ storage: like, key: 'k' }).get(), { access: 'a.b.c', refresh: 'r' });
  for (const junk of ['{', '"x"', '[]', '{"access":5}', '{"access":""}', '{"access":"a.b.c","refresh":7}', 'null']) {
    data.set('k', junk);
    assert.equal(store.get(), null, junk);
  }
  const throwing = { getItem() { throw new Error('blocked'); }, setItem() {}, removeItem() {} };
  assert.equal(createTokenStore({ storage: throwing }).get(), null);
  store.clear();
  off();
  store.set({ access: 'a.b.c' });
  assert.deepEqual(seen, [{ access: 'a.b.c', refresh: 'r' }, null]);
  assert.throws(() => createTokenStore({ storage: 'localStorage' }), TypeError, 'Node has no localStorage');
  assert.throws(() => createTokenStore({ storage: {} }), TypeError);
  assert.throws(() => store.set({ access: 1 }), TypeError);
});
