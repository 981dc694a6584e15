// The example worker in workerd (Miniflare, over a real loopback port):
// simplejwt's endpoints, bodies and statuses, rotation and blacklist,
// `authenticate` on every kind of bad token, and jose interop both ways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { startDemo, DEMO_SECRET } from '../../scripts/demo-server.mjs';
import { fetchAnswer } from './helpers/fetching.mjs';

const secret = new TextEncoder().encode(DEMO_SECRET);
let demo;
let short; // a second worker whose access tokens live 2 s (valid >= 1 s after issue)
before(async () => {
  demo = await startDemo({ port: 0 });
  short = await startDemo({ port: 0, bindings: { ACCESS_TOKEN_LIFETIME: '2', REFRESH_TOKEN_LIFETIME: '2h' } });
});
after(async () => {
  await demo?.dispose();
  await short?.dispose();
});

async function call(method, path, { body, token, headers = {}, raw, base = demo.url } = {}) {
  const h = { ...headers };
  if (body !== undefined) h['content-type'] ??= 'application/json';
  if (token) h.authorization = `Bearer ${token}`;
  return fetchAnswer(`${base}${path}`, { method, headers: h, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
}

const login = (username = 'alice', password = `${username}-demo-password`, base) => call('POST', '/api/token/', { body: { username, password }, base });

test('POST /api/token/ issues simplejwt-shaped access and refresh tokens', async () => {
  const { status, data, headers } = await login();
  assert.equal(status, 200);
  assert.equal(headers.get('cache-control'), 'no-store');
  const access = jose.decodeJwt(data.access);
  const refresh = jose.decodeJwt(data.refresh);
  assert.equal(access.token_type, 'access');
  assert.equal(refresh.token_type, 'refresh');
  assert.equal(access.user_id, 1);
  assert.equal(access.role, 'admin');
  assert.equal(access.exp - access.iat, 300, 'access lives 5 minutes');
  assert.equal(refresh.exp - refresh.iat, 86400, 'refresh lives 1 day');
  assert.match(access.jti, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(access.jti, refresh.jti);
  assert.deepEqual(jose.decodeProtectedHeader(data.access), { alg: 'HS256', typ: 'JWT' });
});

test('POST /api/token/ refuses bad credentials and inactive users with simplejwt\'s body', async () => {
  for (const [u, p] of [['alice', 'wrong'], ['nobody', 'x'], ['carol', 'carol-demo-password'], ['__proto__', 'x'], ['constructor', 'x']]) {
    const { status, data } = await login(u, p);
    assert.equal(status, 401, u);
    assert.deepEqual(data, { detail: 'No active account found with the given credentials' });
  }
});

test('fields are trimmed as the CharField of DRF trims them: " bob " logs in as bob; a blank field is a 400', async () => {
  const { status, data } = await login(' bob ', ' bob-demo-password\n', short.url);
  assert.equal(status, 200);
  assert.equal(jose.decodeJwt(data.access).user_id, 2);
  const blank = await call('POST', '/api/token/', { body: { username: '   ', password: 'x' }, base: short.url });
  assert.deepEqual([blank.status, blank.data], [400, { username: ['This field may not be blank.'] }]);
});

test('bad input: 400 with a clear JSON message, 415 for another content type, 413 when oversized, 405/404 elsewhere', async () => {
  let r = await call('POST', '/api/token/', { raw: '{"username":', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.match(r.data.detail, /JSON parse error/);
  r = await call('POST', '/api/token/', { raw: 'username=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.deepEqual([r.status, r.data], [415, { detail: 'Unsupported media type "application/x-www-form-urlencoded" in request.' }]);
  r = await call('POST', '/api/token/', { raw: '[1]', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await call('POST', '/api/token/', { body: {} });
  assert.deepEqual(r, { ...r, status: 400, data: { username: ['This field is required.'], password: ['This field is required.'] } });
  r = await call('POST', '/api/token/', { body: { username: 5, password: '' } });
  assert.deepEqual(r.data, { username: ['Not a valid string.'], password: ['This field may not be blank.'] });
  r = await call('POST', '/api/token/refresh/', { body: {} });
  assert.deepEqual(r.data, { refresh: ['This field is required.'] });
  r = await call('POST', '/api/token/verify/', { body: { token: 7 } });
  assert.deepEqual(r.data, { token: ['Not a valid string.'] });
  r = await call('POST', '/api/token/', { raw: JSON.stringify({ username: 'a'.repeat(20_000), password: 'x' }), headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 413);
  r = await call('GET', '/api/token/');
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'POST');
  assert.deepEqual(r.data, { detail: 'Method "GET" not allowed.' });
  r = await call('GET', '/api/nothing/');
  assert.deepEqual([r.status, r.data], [404, { detail: 'Not found.' }]);
  r = await call('POST', '/api/token/', { raw: '\xff\xfe', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
});

test('answers given before the body is read never break the next request on a kept-alive connection', async () => {
  const body = 'x'.repeat(4000);
  for (let i = 0; i < 40; i++) {
    const early = await call('POST', '/api/token/', { raw: body, headers: { 'content-type': 'text/plain' } });
    assert.equal(early.status, 415);
    const wrongMethod = await call('PUT', '/api/me/', { raw: body, headers: { 'content-type': 'application/json' } });
    assert.equal(wrongMethod.status, 405);
    const next = await call('POST', '/api/token/', { body: { username: 'bob' } });
    assert.equal(next.status, 400);
  }
});

test('GET /api/me/ and /api/admin/ with a valid access token; 403 without the role', async () => {
  const alice = (await login()).data;
  let r = await call('GET', '/api/me/', { token: alice.access });
  assert.equal(r.status, 200);
  assert.equal(r.data.username, 'alice');
  assert.equal(r.data.user_id, 1);
  r = await call('GET', '/api/admin/', { token: alice.access });
  assert.equal(r.status, 200);
  const bob = (await login('bob')).data;
  r = await call('GET', '/api/me/', { token: bob.access });
  assert.equal(r.data.username, 'bob');
  r = await call('GET', '/api/admin/', { token: bob.access });
  assert.deepEqual([r.status, r.data], [403, { detail: 'You do not have permission to perform this action.' }]);
});

test('authenticate: missing, foreign, malformed, tampered, wrong-alg, wrong-type and expired tokens', async () => {
  const alice = (await login()).data;
  const invalid = { detail: 'Given token not valid for any token type', code: 'token_not_valid', messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid' }] };
  const expired = { ...invalid, messages: [{ ...invalid.messages[0], message: 'Token is expired' }] };
  const plain = 'Bearer realm="api"';
  const withError = 'Bearer realm="api", error="invalid_token"';

  const cases = [
    [{}, 401, { detail: 'Authentication credentials were not provided.' }, plain],
    [{ headers: { authorization: `Basic ${btoa('alice:x')}` } }, 401, { detail: 'Authentication credentials were not provided.' }, plain],
    [{ headers: { authorization: 'Bearer' } }, 401, { detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' }, plain],
    [{ headers: { authorization: `Bearer ${alice.access} extra` } }, 401, { detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' }, plain],
    [{ token: `${alice.access.slice(0, -4)}AAAA` }, 401, invalid, withError],
    [{ token: 'garbage' }, 401, invalid, withError],
    [{ token: alice.refresh }, 401, invalid, withError],
    [{ token: await new jose.SignJWT({ token_type: 'access', user_id: 1, jti: 'x' }).setProtectedHeader({ alg: 'HS512' }).setExpirationTime('5m').sign(new Uint8Array(64).fill(1)) }, 401, invalid, withError],
    [{ token: `${btoa('{"alg":"none"}').replace(/=/g, '')}.${btoa(JSON.stringify({ token_type: 'access', user_id: 1, jti: 'x', exp: 4102444800 })).replace(/=/g, '')}.` }, 401, invalid, withError],
    [{ token: await new jose.SignJWT({ token_type: 'access', user_id: 1, jti: 'x' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(secret) }, 401, expired, withError],
  ];
  for (const [opts, status, body, challenge] of cases) {
    const r = await call('GET', '/api/me/', opts);
    assert.equal(r.status, status, JSON.stringify(opts).slice(0, 80));
    assert.deepEqual(r.data, body);
    assert.equal(r.headers.get('www-authenticate'), challenge);
  }
});

test('an inactive user\'s still-valid access token is refused as simplejwt refuses it', async () => {
  const carol = await new jose.SignJWT({ token_type: 'access', user_id: 3, role: 'user' })
    .setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m').setJti('c1').sign(secret);
  const r = await call('GET', '/api/me/', { token: carol });
  assert.deepEqual([r.status, r.data], [401, { detail: 'User is inactive', code: 'user_inactive' }]);
  const bad = await call('POST', '/api/token/', { body: { username: 'alice', password: 'nope' } });
  assert.equal(bad.headers.get('www-authenticate'), 'Bearer realm="api"');
});

test('refresh rotates: the new pair works, the old refresh token is blacklisted', async () => {
  const first = (await login('bob')).data;
  const r1 = await call('POST', '/api/token/refresh/', { body: { refresh: first.refresh } });
  assert.equal(r1.status, 200);
  assert.notEqual(r1.data.refresh, first.refresh);
  assert.equal((await call('GET', '/api/me/', { token: r1.data.access })).data.username, 'bob');
  const r2 = await call('POST', '/api/token/refresh/', { body: { refresh: r1.data.refresh } });
  assert.equal(r2.status, 200, 'the rotated refresh token works once');
  const again = await call('POST', '/api/token/refresh/', { body: { refresh: first.refresh } });
  assert.deepEqual([again.status, again.data], [401, { detail: 'Token is blacklisted', code: 'token_not_valid' }]);
  const verifyOld = await call('POST', '/api/token/verify/', { body: { token: first.refresh } });
  // simplejwt's TokenVerifySerializer raises a ValidationError for it: a 400.
  assert.deepEqual([verifyOld.status, verifyOld.data], [400, { non_field_errors: ['Token is blacklisted'] }]);
  // The replay revoked the family (tests/js/worker-refresh-race.test.mjs has more).
  const afterReplay = await call('POST', '/api/token/refresh/', { body: { refresh: r2.data.refresh } });
  assert.deepEqual([afterReplay.status, afterReplay.data], [401, { detail: 'Token family is blacklisted', code: 'token_not_valid' }]);
  const wrongType = await call('POST', '/api/token/refresh/', { body: { refresh: r2.data.access } });
  assert.deepEqual([wrongType.status, wrongType.data], [401, { detail: 'Token is invalid', code: 'token_not_valid' }]);
});

test('POST /api/token/verify/ answers {} or token_not_valid', async () => {
  const alice = (await login()).data;
  assert.deepEqual(await call('POST', '/api/token/verify/', { body: { token: alice.access } }).then((r) => [r.status, r.data]), [200, {}]);
  assert.deepEqual(await call('POST', '/api/token/verify/', { body: { token: alice.refresh } }).then((r) => [r.status, r.data]), [200, {}]);
  const bad = await call('POST', '/api/token/verify/', { body: { token: `${alice.access}x` } });
  assert.deepEqual([bad.status, bad.data], [401, { detail: 'Token is invalid', code: 'token_not_valid' }]);
});

test('lifetimes are configurable; an expired access token is refreshed with the refresh token', async () => {
  const pair = (await login('alice', undefined, short.url)).data;
  const claims = jose.decodeJwt(pair.access);
  assert.equal(claims.exp - claims.iat, 2);
  assert.equal(jose.decodeJwt(pair.refresh).exp - claims.iat, 7200);
  await new Promise((r) => setTimeout(r, 2100));
  const r = await call('GET', '/api/me/', { token: pair.access, base: short.url });
  assert.equal(r.status, 401);
  assert.equal(r.data.messages[0].message, 'Token is expired');
  const fresh = await call('POST', '/api/token/refresh/', { body: { refresh: pair.refresh }, base: short.url });
  assert.equal(fresh.status, 200);
  assert.equal((await call('GET', '/api/me/', { token: fresh.data.access, base: short.url })).status, 200);
});

test('jose interop: worker tokens verify in jose; jose tokens pass the worker', async () => {
  const { access } = (await login()).data;
  const { payload } = await jose.jwtVerify(access, secret, { algorithms: ['HS256'] });
  assert.equal(payload.user_id, 1);
  const theirs = await new jose.SignJWT({ token_type: 'access', user_id: 2, role: 'user' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('5m').setJti('from-jose').sign(secret);
  const r = await call('GET', '/api/me/', { token: theirs });
  assert.deepEqual([r.status, r.data.username, r.data.token.jti], [200, 'bob', 'from-jose']);
});

test('the page is served from the same origin', async () => {
  const res = await fetch(`${demo.url}/`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /ferrojwt/);
  const pkg = await fetch(`${demo.url}/vendor/ferrojwt/wasm/ferrojwt_bg.wasm`);
  assert.equal(pkg.status, 200);
});
