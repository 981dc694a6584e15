// ferrojwt/client keeps only tokens it can send: login and refresh answers
// are read up to a bound (a 64 MB body is cut off after a few KiB), tokens
// must have the compact JWS or RFC 6750 b64token shape and fit the library's
// default maxTokenLength, and storage holding anything else reads as logged
// out. A loopback server plays the token endpoints and the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { decode } from 'ferrojwt';
import { createAuthClient, createTokenStore, AuthError } from 'ferrojwt/client';
import { createServer } from 'node:http';

/** verify()/decode()'s default maxTokenLength (pinned against decode() below). */
const MAX = 16 * 1024;
const HUGE = 64 * 1024 * 1024;

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.c2lnbmF0dXJl`;
/** Valid until 2100: used as is. */
const VALID = jwt({ sub: '1', exp: 4102444800 });
/** Expired: the client refreshes before using it. */
const EXPIRED = jwt({ sub: '1', exp: 1 });
/** RFC 6750's own example, and one using the rest of b64token's alphabet. */
const OPAQUE = 'mF_9.B5f-4.1JqM';
const OPAQUE2 = 'Ab~+/09-_.xyz==';

/** Answers a login or refresh cannot accept (each is also tried as a refresh answer). */
const BAD = {
  'CR LF in the access token': { access: `${VALID}\r\nX-Injected: 1`, refresh: 'r1' },
  'a space in the access token': { access: 'Bearer a.b.c', refresh: 'r1' },
  'a non-ASCII access token': { access: `${VALID}é`, refresh: 'r1' },
  'an empty access token': { access: '', refresh: 'r1' },
  'a number for the access token': { access: 42, refresh: 'r1' },
  'a 20 KiB access token': { access: `a.b.${'c'.repeat(20 * 1024 - 4)}`, refresh: 'r1' },
  'an access token one character over the limit': { access: `a.b.${'c'.repeat(MAX - 3)}`, refresh: 'r1' },
  'CR LF in the refresh token (OAuth body)': { access_token: VALID, refresh_token: 'r1\r\nX-Injected: 1' },
  'a number for the refresh token': { access: VALID, refresh: 7 },
  'a 20 KiB refresh token': { access: VALID, refresh: 'r'.repeat(20 * 1024) },
  'no token at all': { detail: 'ok' },
  'a JSON array': [VALID],
};
/** Answers that are kept. */
const GOOD = {
  'a JWT-shaped pair': { access: VALID, refresh: OPAQUE },
  'an opaque b64token pair (OAuth body)': { access_token: OPAQUE, refresh_token: OPAQUE2 },
  'two tokens of exactly the limit': { access: `a.b.${'c'.repeat(MAX - 4)}`, refresh: 'r'.repeat(MAX) },
};

/** path -> Promise of the bytes the server had sent when the connection closed. */
const closed = new Map();

/**
 * A 200 whose body is a 64 MB JSON `{"access":"aaaa…","refresh":"r"}`,
 * written chunk by chunk as the client reads (never more than the socket
 * takes), with or without a Content-Length announcing it.
 */
function huge(declareLength) {
  return (req, res) => {
    const head = Buffer.from('{"access":"');
    const tail = Buffer.from('","refresh":"r"}');
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let filler = HUGE - head.length - tail.length;
    const path = new URL(req.url, 'http://x').pathname;
    closed.set(path, new Promise((resolve) => {
      res.on('close', () => resolve(req.socket.bytesWritten));
    }));
    res.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(HUGE) } : {}) });
    res.write(head);
    const pump = () => {
      while (filler > 0) {
        if (res.destroyed) return;
        const piece = filler >= chunk.length ? chunk : chunk.subarray(0, filler);
        filler -= piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end(tail);
    };
    pump();
  };
}

/**
 * tests/js/helpers/servers.mjs's recordingServer, with room for a 16 KiB
 * token in a header (Node's default maxHeaderSize is 16 KiB for them all).
 */
function recordingServer(routes) {
  const seen = [];
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url, 'http://x').pathname;
      seen.push({ method: req.method, path, authorization: req.headers.authorization ?? null });
      const route = routes[path];
      if (route) return route(req, res);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not found."}');
      return undefined;
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

const json = (value) => (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));

let server;
before(async () => {
  const routes = {
    '/data': json({ ok: true }),
    '/login/huge': huge(false),
    '/refresh/huge': huge(false),
    '/login/huge-length': huge(true),
    '/refresh/huge-length': huge(true),
  };
  for (const [i, answer] of [...Object.values(BAD), ...Object.values(GOOD)].entries()) {
    routes[`/login/${i}`] = json(answer);
    routes[`/refresh/${i}`] = json(answer);
  }
  server = await recordingServer(routes);
});
after(() => server?.close());

const routeOf = (name) => [...Object.keys(BAD), ...Object.keys(GOOD)].indexOf(name);

/**
 * fetch, except that the bodies of login and refresh answers count what the
 * client reads of them (pulled only as the client reads) and whether it
 * cancels them: `reads` gets `{ path, bytes, cancelled }` per answer.
 */
function countingFetch() {
  const reads = [];
  const fn = async (input, init) => {
    const res = await fetch(input, init);
    const path = new URL(res.url).pathname;
    if (!/^\/(login|refresh)\//.test(path) || !res.body) return res;
    const read = { path, bytes: 0, cancelled: false };
    reads.push(read);
    const reader = res.body.getReader();
    const body = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        read.bytes += value.byteLength;
        return controller.enqueue(value);
      },
      cancel(reason) {
        read.cancelled = true;
        return reader.cancel(reason);
      },
    }, { highWaterMark: 0 });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return { fn, reads };
}

/** A client whose login and refresh go to `/login/<route>` and `/refresh/<route>`. */
function clientFor(route, store = createTokenStore(), fetchImpl = undefined) {
  const client = createAuthClient({ baseUrl: server.url, loginUrl: `/login/${route}`, refreshUrl: `/refresh/${route}`, store, fetch: fetchImpl });
  const events = [];
  for (const name of ['change', 'refresh', 'logout']) client.on(name, (value) => events.push([name, value]));
  return { client, store, events };
}

/** What the server saw from `from` on: [path, Authorization]. */
const since = (from) => server.seen.slice(from).map((r) => [r.path, r.authorization]);

/** After a failed login: nothing kept, and auth.fetch works (without a token). */
async function assertLoggedOut({ client, store, events }) {
  assert.equal(store.get(), null);
  assert.equal(client.accessToken, null);
  assert.equal(client.claims, null);
  assert.deepEqual(events, []);
  const from = server.seen.length;
  const res = await client.fetch('/data');
  assert.equal(res.status, 200);
  assert.deepEqual(since(from), [['/data', null]]);
}

/**
 * A stored pair whose access token has expired, then auth.fetch: the
 * refresh answer is refused, so the pair stays as it was, nobody is logged
 * out, and the request goes out with the current token.
 */
async function assertRefreshKeepsPair(route, fetchImpl = undefined) {
  const start = { access: EXPIRED, refresh: 'r0' };
  const store = createTokenStore();
  store.set(start);
  const ctx = clientFor(route, store, fetchImpl);
  const from = server.seen.length;
  const res = await ctx.client.fetch('/data');
  assert.equal(res.status, 200);
  assert.deepEqual(ctx.store.get(), start);
  assert.deepEqual(ctx.events, [], 'no change, refresh or logout event');
  assert.deepEqual(since(from), [[`/refresh/${route}`, null], ['/data', `Bearer ${EXPIRED}`]]);
  // And again: the next request tries the refresh again and still works.
  assert.equal((await ctx.client.fetch('/data')).status, 200);
  assert.deepEqual(ctx.store.get(), start);
  return ctx;
}

test('the client\'s limit is decode()\'s default maxTokenLength', () => {
  assert.throws(() => decode('a'.repeat(MAX + 1)), /longer than maxTokenLength/);
  assert.throws(() => decode('a'.repeat(MAX)), (e) => !/longer than maxTokenLength/.test(e.message));
});

/**
 * What a 64 MB answer cost: the client read at most the bound (two tokens
 * plus 4 KiB) and one chunk more, or nothing when Content-Length gave it
 * away, and cancelled the body; the server got to send what the socket
 * buffers took before the client hung up (about 4 MB here), not 64 MB.
 */
async function assertCutOff(t, path, reads) {
  const sent = await closed.get(path);
  t.diagnostic(`client read ${reads.map((r) => r.bytes).join(' + ')} bytes; server sent ${sent} of ${HUGE} bytes before the client hung up`);
  assert.ok(reads.length > 0 && reads.every((r) => r.path === path && r.cancelled), JSON.stringify(reads));
  const most = path.endsWith('-length') ? 0 : 2 * MAX + 4 * 1024 + 64 * 1024;
  assert.ok(reads.every((r) => r.bytes <= most), `client read ${JSON.stringify(reads)}`);
  assert.ok(sent < HUGE / 4, `the server sent ${sent} bytes before the client hung up`);
}

for (const [path, label] of [['huge', 'streamed (no Content-Length)'], ['huge-length', 'announced by Content-Length']]) {
  test(`login: a 64 MB answer ${label} is refused without reading it`, { timeout: 30_000 }, async (t) => {
    const { fn, reads } = countingFetch();
    const ctx = clientFor(path, undefined, fn);
    await assert.rejects(ctx.client.login({ username: 'u' }), (e) => {
      assert.ok(e instanceof AuthError, `${e.name}: ${e.message}`);
      assert.equal(e.status, 200);
      assert.match(e.message, path === 'huge' ? /too large/ : /too large.*Content-Length/);
      return true;
    });
    await assertCutOff(t, `/login/${path}`, reads);
    await assertLoggedOut(ctx);
  });

  test(`refresh: a 64 MB answer ${label} is refused without reading it; the pair is kept`, { timeout: 30_000 }, async (t) => {
    const { fn, reads } = countingFetch();
    await assertRefreshKeepsPair(path, fn);
    await assertCutOff(t, `/refresh/${path}`, reads);
  });
}

for (const name of Object.keys(BAD)) {
  test(`login: ${name} is refused with an AuthError and nothing is kept`, async () => {
    const ctx = clientFor(routeOf(name));
    await assert.rejects(ctx.client.login({ username: 'u' }), (e) => {
      assert.ok(e instanceof AuthError, `${e.name}: ${e.message}`);
      assert.equal(e.status, 200);
      assert.match(e.message, /^login answer refused: (the body is not a JSON object|it holds no access token|its (access|refresh) token is not a compact JWS or RFC 6750 b64token)/);
      assert.equal(e.body, undefined, 'a 2xx body (it may hold tokens) is not attached');
      return true;
    });
    await assertLoggedOut(ctx);
  });

  test(`refresh: ${name} is refused, the pair is kept, no logout`, async () => {
    await assertRefreshKeepsPair(routeOf(name));
  });
}

for (const [name, answer] of Object.entries(GOOD)) {
  test(`login: ${name} is kept and sent`, async () => {
    const { client, store } = clientFor(routeOf(name));
    const expected = { access: answer.access ?? answer.access_token, refresh: answer.refresh ?? answer.refresh_token };
    assert.deepEqual(await client.login({ username: 'u' }), expected);
    assert.deepEqual(store.get(), expected);
    const from = server.seen.length;
    assert.equal((await client.fetch('/data')).status, 200);
    assert.deepEqual(since(from), [['/data', `Bearer ${expected.access}`]]);
  });

  test(`refresh: ${name} replaces the pair`, async () => {
    const store = createTokenStore();
    store.set({ access: EXPIRED, refresh: 'r0' });
    const ctx = clientFor(routeOf(name), store);
    const expected = { access: answer.access ?? answer.access_token, refresh: answer.refresh ?? answer.refresh_token };
    const from = server.seen.length;
    assert.equal((await ctx.client.fetch('/data')).status, 200);
    assert.deepEqual(ctx.store.get(), expected);
    assert.deepEqual(ctx.events.map(([event]) => event), ['change', 'refresh']);
    assert.deepEqual(since(from), [[`/refresh/${routeOf(name)}`, null], ['/data', `Bearer ${expected.access}`]]);
  });
}

test('storage holding a token of the wrong shape reads as logged out', async () => {
  const data = new Map();
  const like = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
  const store = createTokenStore({ storage: like });
  const client = createAuthClient({ baseUrl: server.url, store });
  for (const pair of [
    { access: `${VALID}\r\nX-Injected: 1`, refresh: 'r0' },
    { access: VALID, refresh: 'r0\r\n' },
    { access: 'a.b c' },
    { access: `${VALID}é` },
    { access: `a.b.${'c'.repeat(MAX - 3)}` },
    { access: VALID, refresh: 'r'.repeat(MAX + 1) },
  ]) {
    data.set('ferrojwt.tokens', JSON.stringify(pair));
    assert.equal(store.get(), null, JSON.stringify(pair).slice(0, 80));
    assert.equal(client.accessToken, null);
    assert.equal(client.claims, null);
    const from = server.seen.length;
    assert.equal((await client.fetch('/data')).status, 200);
    assert.deepEqual(since(from), [['/data', null]]);
  }
  // The same shapes are what storage gives back when they are right.
  data.set('ferrojwt.tokens', JSON.stringify({ access: VALID, refresh: OPAQUE2 }));
  assert.deepEqual(store.get(), { access: VALID, refresh: OPAQUE2 });
  assert.equal(client.accessToken, VALID);
});

test('store.set() refuses a pair of the wrong shape with a TypeError and writes nothing', () => {
  const data = new Map();
  const like = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
  const store = createTokenStore({ storage: like });
  const seen = [];
  store.subscribe((p) => seen.push(p));
  for (const pair of [
    { access: `${VALID}\r\nX-Injected: 1` },
    { access: VALID, refresh: 'r\n' },
    { access: 'a b' },
    { access: 'é' },
    { access: '' },
    { access: 'a'.repeat(MAX + 1) },
    { access: VALID, refresh: null },
    { access: 5 },
    null,
  ]) {
    assert.throws(() => store.set(pair), TypeError, JSON.stringify(pair)?.slice(0, 80));
  }
  assert.equal(data.size, 0);
  assert.deepEqual(seen, []);
  store.set({ access: OPAQUE, refresh: OPAQUE2 });
  assert.deepEqual(store.get(), { access: OPAQUE, refresh: OPAQUE2 });
});

test('a custom TokenStore that hands out a token of the wrong shape: auth.fetch sends no token and does not throw', async () => {
  const custom = { get: () => ({ access: `${VALID}\r\nX-Injected: 1` }), set() {}, clear() {}, subscribe: () => () => {}, key: 'custom', shared: false };
  const client = createAuthClient({ baseUrl: server.url, store: custom });
  const from = server.seen.length;
  assert.equal((await client.fetch('/data')).status, 200);
  assert.deepEqual(since(from), [['/data', null]]);
});

test('a scheme that is not an HTTP token is refused when the client is created', () => {
  assert.throws(() => createAuthClient({ baseUrl: server.url, scheme: 'Bearer\r\nX-Injected: 1' }), TypeError);
  assert.throws(() => createAuthClient({ baseUrl: server.url, scheme: '' }), TypeError);
  assert.doesNotThrow(() => createAuthClient({ baseUrl: server.url, scheme: 'JWT' }));
});
