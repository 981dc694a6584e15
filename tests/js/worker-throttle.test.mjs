// Login throttling in the example worker (workerd, over a real loopback
// port): POST /api/token/ counted per username and per client address in
// Durable Objects, answered as DRF's throttles answer (429, "Request was
// throttled. Expected available in N seconds.", Retry-After), with no effect
// on other users or on authenticated requests. CF-Connecting-IP plays
// clients at other addresses (Miniflare keeps a client's own, as a test
// needs; Cloudflare's edge overwrites it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../scripts/demo-server.mjs';

const THROTTLED = /^Request was throttled\. Expected available in (\d+) seconds?\.$/;

let shipped; // the rates as wrangler.jsonc ships them
let hourly; // rates that do not refill within a test, for exact counts
before(async () => {
  [shipped, hourly] = await Promise.all([
    startDemo({ port: 0 }),
    startDemo({ port: 0, bindings: { LOGIN_THROTTLE_USER: '5/hour', LOGIN_THROTTLE_IP: '20/hour' } }),
  ]);
});
after(async () => {
  await shipped?.dispose();
  await hourly?.dispose();
});

async function login(base, username, password, ip) {
  const headers = { 'content-type': 'application/json' };
  if (ip) headers['cf-connecting-ip'] = ip;
  const res = await fetch(`${base.url}/api/token/`, { method: 'POST', headers, body: JSON.stringify({ username, password }) });
  return { status: res.status, data: await res.json(), retryAfter: res.headers.get('retry-after') };
}

/** A 429 as DRF answers it: the wait in the body and in Retry-After agree. */
function assertThrottled(r, maxWait) {
  assert.equal(r.status, 429);
  const match = THROTTLED.exec(r.data.detail);
  assert.ok(match, r.data.detail);
  assert.deepEqual(Object.keys(r.data), ['detail']);
  assert.equal(r.retryAfter, match[1]);
  assert.ok(Number(match[1]) >= 1 && Number(match[1]) <= maxWait, `wait ${match[1]} s`);
}

test('30 wrong passwords in a row for one user: 429s with Retry-After; another user and /api/me/ are unaffected', async () => {
  const results = [];
  for (let i = 0; i < 30; i++) results.push(await login(shipped, 'bob', `wrong-${i}`));
  // The shipped 5/min lets five guesses through at once, then one per 12 s.
  assert.deepEqual(results.slice(0, 5).map((r) => r.status), [401, 401, 401, 401, 401]);
  const throttled = results.filter((r) => r.status === 429);
  assert.ok(throttled.length >= 20, `${throttled.length} of 30 throttled`);
  for (const r of throttled) assertThrottled(r, 12);
  assert.equal(results.at(-1).status, 429);
  // Same address, another user: logs in; an authenticated request is served.
  const alice = await login(shipped, 'alice', 'alice-demo-password');
  assert.equal(alice.status, 200);
  const me = await fetch(`${shipped.url}/api/me/`, { headers: { authorization: `Bearer ${alice.data.access}` } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).username, 'alice');
  assert.equal((await login(shipped, 'bob', 'wrong-again')).status, 429, 'bob is still throttled');
});

test('50 concurrent wrong passwords for one user: exactly the limit (5) is checked, 45 are throttled', async () => {
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => login(hourly, 'alice', `guess-${i}`, '198.51.100.7')));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 401).length, 5);
  assert.equal(statuses.filter((s) => s === 429).length, 45);
  for (const r of results.filter((x) => x.status === 429)) assertThrottled(r, 720);
  // Now even the right password waits: the bucket bounds guesses, not outcomes.
  assertThrottled(await login(hourly, 'alice', 'alice-demo-password', '198.51.100.8'), 720);
});

test('40 concurrent attempts on 40 usernames from one address: exactly its limit (20) is checked; other addresses are not held back', async () => {
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login(hourly, `spray-${i}`, 'x', '203.0.113.9')));
  assert.equal(results.filter((r) => r.status === 401).length, 20);
  assert.equal(results.filter((r) => r.status === 429).length, 20);
  // The usernames the address was refused for kept their attempts.
  const refused = results.map((r, i) => [r.status, i]).filter(([s]) => s === 429).map(([, i]) => `spray-${i}`);
  for (const name of refused.slice(0, 3)) assert.equal((await login(hourly, name, 'x', '203.0.113.10')).status, 401);
  assert.equal((await login(hourly, 'bob', 'bob-demo-password', '203.0.113.11')).status, 200);
});

test('an IPv6 client counts by its /64', async () => {
  const a = '2001:db8:1:2:aaaa::1';
  const sameBlock = '2001:0db8:0001:0002:ffff:ffff:ffff:fffe';
  for (let i = 0; i < 10; i++) assert.equal((await login(hourly, `v6-${i}`, 'x', i % 2 ? a : sameBlock)).status, 401);
  // 10 of the address's 20 are left; 10 more use them up, then the block is refused.
  const more = await Promise.all(Array.from({ length: 12 }, (_, i) => login(hourly, `v6-more-${i}`, 'x', a)));
  assert.equal(more.filter((r) => r.status === 401).length, 10);
  assertThrottled((await login(hourly, 'v6-last', 'x', sameBlock)), 720);
  assert.equal((await login(hourly, 'v6-last', 'x', '2001:db8:1:3::1')).status, 401, 'the next /64 is another client');
});

test('a login that succeeds gives its attempt back; the rates are configurable and "none" turns one off', async () => {
  for (let i = 0; i < 8; i++) assert.equal((await login(hourly, 'bob', 'bob-demo-password', '192.0.2.1')).status, 200, `login ${i}`);
  const off = await startDemo({ port: 0, bindings: { LOGIN_THROTTLE_USER: 'none', LOGIN_THROTTLE_IP: '2/hour' } });
  try {
    assert.equal((await login(off, 'bob', 'wrong', '192.0.2.2')).status, 401);
    assert.equal((await login(off, 'carol', 'wrong', '192.0.2.2')).status, 401);
    assertThrottled(await login(off, 'alice', 'wrong', '192.0.2.2'), 1800);
    for (let i = 0; i < 6; i++) assert.equal((await login(off, 'bob', 'wrong', `192.0.2.${10 + i}`)).status, 401, 'no per-user bucket');
  } finally {
    await off.dispose();
  }
});
