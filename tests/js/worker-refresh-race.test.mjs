// Single-use refresh tokens in the example worker (workerd, over a real
// loopback port): many concurrent refreshes of one token let exactly one
// through; a used token presented again revokes its whole family (RFC 9700
// section 4.14.2); POST /api/token/blacklist/ as simplejwt's
// TokenBlacklistView; and ferrojwt/client's logout() calling it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { createAuthClient, createTokenStore } from 'ferrojwt/client';
import { startDemo, DEMO_SECRET } from '../../scripts/demo-server.mjs';
import { recordingServer } from './helpers/servers.mjs';
import { countingFetch, fetchAnswer } from './helpers/fetching.mjs';

const secret = new TextEncoder().encode(DEMO_SECRET);
const BLACKLISTED = { detail: 'Token is blacklisted', code: 'token_not_valid' };
const FAMILY_BLACKLISTED = { detail: 'Token family is blacklisted', code: 'token_not_valid' };
/** simplejwt's TokenVerifySerializer raises a ValidationError for a blacklisted refresh token. */
const VERIFY_BLACKLISTED = { non_field_errors: ['Token is blacklisted'] };

let demo;
before(async () => {
  demo = await startDemo({ port: 0 });
});
after(async () => {
  await demo?.dispose();
});

function post(path, body, base = demo.url) {
  return fetchAnswer(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const login = async (username = 'alice') => {
  const r = await post('/api/token/', { username, password: `${username}-demo-password` });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data;
};
const refresh = (token) => post('/api/token/refresh/', { refresh: token });
const verify = (token) => post('/api/token/verify/', { token });
const blacklist = (token) => post('/api/token/blacklist/', { refresh: token });
const answer = (r) => [r.status, r.data];

for (const callers of [20, 50]) {
  test(`${callers} concurrent refreshes of one refresh token: exactly one succeeds, in each of 20 rounds`, { timeout: 120_000 }, async (t) => {
    const winners = [];
    const otherAnswers = new Set();
    let childRefused = 0;
    for (let round = 0; round < 20; round++) {
      const { refresh: token } = await login();
      const results = await Promise.all(Array.from({ length: callers }, () => refresh(token)));
      const won = results.filter((r) => r.status === 200);
      winners.push(won.length);
      for (const r of results) if (r.status !== 200) otherAnswers.add(JSON.stringify(answer(r)));
      // The losers presented a used token: reuse, so the family is revoked,
      // the winner's new refresh token included.
      if (won.length === 1 && (await refresh(won[0].data.refresh)).status === 401) childRefused++;
    }
    t.diagnostic(`${callers} callers: successes per round ${winners.join(' ')}`);
    assert.deepEqual(winners, Array(20).fill(1), 'one success per round');
    assert.deepEqual([...otherAnswers], [JSON.stringify([401, BLACKLISTED])], 'every other caller is told the token is blacklisted');
    assert.equal(childRefused, 20, 'the winner\'s child token is refused after the replays');
  });
}

test('a replayed refresh token revokes its family: the child and its descendants are refused', async () => {
  const root = await login('bob');
  const r1 = await refresh(root.refresh);
  assert.equal(r1.status, 200);
  const r2 = await refresh(r1.data.refresh);
  assert.equal(r2.status, 200);
  const { family_id: family } = jose.decodeJwt(root.refresh);
  assert.equal(typeof family, 'string');
  assert.equal(jose.decodeJwt(r2.data.refresh).family_id, family, 'rotation keeps the family');
  assert.equal(jose.decodeJwt(r2.data.access).family_id, undefined, 'access tokens carry no family');

  const otherDevice = await login('bob');
  assert.deepEqual(answer(await refresh(root.refresh)), [401, BLACKLISTED], 'the replay is refused');
  const replayed = await refresh(r2.data.refresh);
  assert.deepEqual(answer(replayed), [401, FAMILY_BLACKLISTED], 'the newest token of the family is refused too');
  assert.equal(replayed.headers.get('www-authenticate'), 'Bearer realm="api"');
  assert.deepEqual(answer(await refresh(r1.data.refresh)), [401, BLACKLISTED]);
  assert.deepEqual(answer(await verify(r2.data.refresh)), [401, FAMILY_BLACKLISTED]);
  assert.deepEqual(answer(await verify(root.refresh)), [400, VERIFY_BLACKLISTED]);
  assert.deepEqual(answer(await blacklist(r2.data.refresh)), [401, FAMILY_BLACKLISTED]);
  // Another login of the same user is another family: untouched.
  assert.equal((await verify(otherDevice.refresh)).status, 200);
  assert.equal((await refresh(otherDevice.refresh)).status, 200);
});

test('POST /api/token/blacklist/ answers as simplejwt\'s TokenBlacklistView and revokes the family', async () => {
  let r = await post('/api/token/blacklist/', {});
  assert.deepEqual(answer(r), [400, { refresh: ['This field is required.'] }]);
  r = await blacklist('garbage');
  assert.deepEqual(answer(r), [401, { detail: 'Token is invalid', code: 'token_not_valid' }]);
  assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="api"');
  const pair = await login('bob');
  assert.deepEqual(answer(await blacklist(pair.access)), [401, { detail: 'Token is invalid', code: 'token_not_valid' }], 'an access token is not a refresh token');
  const expired = await new jose.SignJWT({ token_type: 'refresh', user_id: 2, family_id: 'f1' })
    .setProtectedHeader({ alg: 'HS256' }).setJti('f1').setIssuedAt().setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(secret);
  assert.deepEqual(answer(await blacklist(expired)), [401, { detail: 'Token is expired', code: 'token_not_valid' }]);
  const noFamily = await new jose.SignJWT({ token_type: 'refresh', user_id: 2 })
    .setProtectedHeader({ alg: 'HS256' }).setJti('nf').setIssuedAt().setExpirationTime('1h').sign(secret);
  assert.deepEqual(answer(await blacklist(noFamily)), [401, { detail: 'Token is invalid', code: 'token_not_valid' }], 'a token without a family (issued before families) is refused');
  assert.deepEqual(answer(await refresh(noFamily)), [401, { detail: 'Token is invalid', code: 'token_not_valid' }]);

  r = await blacklist(pair.refresh);
  assert.deepEqual(answer(r), [200, {}]);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.deepEqual(answer(await refresh(pair.refresh)), [401, BLACKLISTED]);
  assert.deepEqual(answer(await blacklist(pair.refresh)), [401, BLACKLISTED]);
  assert.deepEqual(answer(await verify(pair.refresh)), [400, VERIFY_BLACKLISTED]);
  assert.deepEqual(answer(await verify(pair.access)), [200, {}], 'access tokens stay valid until they expire, as with simplejwt');

  // Logging out with a token already rotated away revokes the current one too.
  const first = await login('bob');
  const next = await refresh(first.refresh);
  assert.deepEqual(answer(await blacklist(first.refresh)), [401, BLACKLISTED]);
  assert.deepEqual(answer(await refresh(next.data.refresh)), [401, FAMILY_BLACKLISTED]);

  const get = await fetch(`${demo.url}/api/token/blacklist/`);
  assert.deepEqual([get.status, get.headers.get('allow'), await get.json()], [405, 'POST', { detail: 'Method "GET" not allowed.' }]);
});

test('20 concurrent logouts and refreshes of one token: the family ends revoked whoever wins', async () => {
  const { refresh: token } = await login('bob');
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? blacklist(token) : refresh(token))));
  assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => r.status).join(' '));
  for (const r of results.filter((x) => x.status === 200 && x.data.refresh)) {
    assert.equal((await refresh(r.data.refresh)).status, 401, 'a pair minted in the race is refused after the race');
  }
});

const credentials = { username: 'bob', password: 'bob-demo-password' };

test('client.logout() revokes the refresh token at /api/token/blacklist/, then clears the store', async () => {
  const { fn, counts } = countingFetch();
  const client = createAuthClient({ baseUrl: demo.url, fetch: fn });
  const events = [];
  client.on('logout', (e) => events.push(e));
  const pair = await client.login(credentials);
  const result = client.logout();
  assert.ok(result instanceof Promise);
  assert.equal(await result, undefined);
  assert.equal(counts['/api/token/blacklist/'], 1);
  assert.equal(client.accessToken, null);
  assert.deepEqual(events, [{ reason: 'user' }]);
  assert.deepEqual(answer(await refresh(pair.refresh)), [401, BLACKLISTED], 'the refresh token no longer works');
  // Logged out already: nothing to revoke, nothing sent.
  await client.logout();
  assert.equal(counts['/api/token/blacklist/'], 1);
  assert.deepEqual(events.at(-1), { reason: 'user' });
});

test('client.logout() with logoutUrl: false sends nothing; a logoutUrl on another origin is refused', async () => {
  const { fn, counts } = countingFetch();
  const client = createAuthClient({ baseUrl: demo.url, fetch: fn, logoutUrl: false });
  const pair = await client.login(credentials);
  await client.logout();
  assert.equal(counts['/api/token/blacklist/'], undefined);
  assert.equal(client.accessToken, null);
  assert.equal((await refresh(pair.refresh)).status, 200, 'not revoked');
  assert.throws(() => createAuthClient({ baseUrl: demo.url, logoutUrl: 'https://elsewhere.example/logout' }), TypeError);
  const sent = [];
  const store = createTokenStore();
  store.set({ access: 'a.b.c', refresh: 'r.r.r' });
  const custom = createAuthClient({ baseUrl: 'https://api.example.test', logoutUrl: '/auth/logout', store, fetch: async (req) => {
    sent.push([req.method, req.url, req.headers.get('authorization'), await req.json()]);
    return new Response('{}');
  } });
  await custom.logout();
  assert.deepEqual(sent, [['POST', 'https://api.example.test/auth/logout', null, { refresh: 'r.r.r' }]]);
  assert.equal(store.get(), null);
});

test('client.logout() clears the store when the server is down, refuses, or never answers', { timeout: 30_000 }, async () => {
  // Down: the connection is refused.
  const gone = await startDemo({ port: 0 });
  const down = createAuthClient({ baseUrl: gone.url });
  await down.login(credentials);
  await gone.dispose();
  const events = [];
  down.on('logout', (e) => events.push(e));
  await down.logout();
  assert.equal(down.accessToken, null);
  assert.deepEqual(events, [{ reason: 'user' }]);

  // Refused (404: no such endpoint) and hanging servers.
  const held = [];
  const server = await recordingServer({
    '/api/token/': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access: 'a.b.c', refresh: 'r.r.r' })),
    '/hang/': (req, res) => held.push(res),
  });
  try {
    const refusing = createAuthClient({ baseUrl: server.url });
    await refusing.login({});
    await refusing.logout();
    assert.equal(refusing.accessToken, null);
    // Never answers: logout() gives up after its bound (5 s; a logout that
    // waited forever would hit this test's timeout).
    const hanging = createAuthClient({ baseUrl: server.url, logoutUrl: '/hang/' });
    await hanging.login({});
    const leaving = hanging.logout();
    // Forgotten at once, not after the server answers: a tab closed or a
    // fetch made meanwhile must not find the tokens.
    assert.equal(hanging.accessToken, null);
    await leaving;
    assert.equal(hanging.accessToken, null);
    assert.equal(server.seen.filter((r) => r.path === '/hang/').length, 1);
  } finally {
    for (const res of held) res.destroy();
    await server.close();
  }
});

test('client.logout() does not clear a login made while the revocation was out', async () => {
  let release;
  const gate = new Promise((r) => { release = r; });
  const store = createTokenStore();
  const client = createAuthClient({ baseUrl: demo.url, store, fetch: async (input, init) => {
    const req = new Request(input, init);
    if (new URL(req.url).pathname === '/api/token/blacklist/') await gate;
    return fetch(req);
  } });
  await client.login(credentials);
  const leaving = client.logout();
  const again = await client.login(credentials);
  release();
  await leaving;
  assert.deepEqual(store.get(), again, 'the new session is kept');
  assert.equal((await refresh(again.refresh)).status, 200);
});
