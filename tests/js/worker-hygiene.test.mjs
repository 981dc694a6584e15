// Request hygiene in the example worker (workerd, over a real loopback
// port): a declared oversized body is refused at once, a stalled body is cut
// after REQUEST_BODY_TIMEOUT, other content types get DRF's 415, HEAD works
// on GET views, the page carries a Content-Security-Policy and the other
// security headers, and CORS answers only the origins configured.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startDemo } from '../../scripts/demo-server.mjs';
import { fetchAnswer } from './helpers/fetching.mjs';

const FRONT_END = 'http://127.0.0.1:5173';
let demo;
before(async () => {
  demo = await startDemo({ port: 0, bindings: { REQUEST_BODY_TIMEOUT: '1', CORS_ALLOWED_ORIGINS: `${FRONT_END}, https://app.example.com` } });
});
after(async () => {
  await demo?.dispose();
});

/**
 * Sends `head` (and `part` of a body) on a raw connection and waits up to
 * `waitMs` for the whole answer; `answer` is null when none came.
 */
function rawRequest(head, part = '', waitMs = 8_000) {
  const { hostname, port } = new URL(demo.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const at = text.indexOf('\r\n\r\n');
      if (at < 0) return resolve({ answer: null });
      const [statusLine, ...lines] = text.slice(0, at).split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ answer: { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(at + 4) } });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (d) => {
      text += d;
      const at = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, at))?.[1];
      if (at >= 0 && length !== undefined && text.length - at - 4 >= Number(length)) finish();
    });
    socket.on('close', finish);
    // A server that answers early and closes may reset the connection after
    // its answer arrived (ECONNRESET under load): the answer still counts.
    socket.on('error', (e) => (text.includes('\r\n\r\n') ? finish() : reject(e)));
    socket.write(`${head.replace(/\n/g, '\r\n')}\r\n${part}`);
  });
}

async function call(method, path, { body, headers = {} } = {}) {
  return fetchAnswer(`${demo.url}${path}`, { method, headers, body });
}

test('a declared Content-Length over the limit gets its 413 at once, before any body is sent', async () => {
  for (const length of [16 * 1024 + 1, 1_000_000, 5_000_000_000]) {
    const { answer } = await rawRequest(`POST /api/token/ HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: ${length}\n`, '{"user');
    assert.ok(answer, `an answer without the ${length} bytes`);
    assert.equal(answer.status, 413);
    assert.deepEqual(JSON.parse(answer.body), { detail: 'Request body too large (limit 16384 bytes).' });
  }
  // A client that sends it all still gets the 413 (and the next request works).
  let r = await call('POST', '/api/token/', { body: JSON.stringify({ username: 'a'.repeat(2_000_000), password: 'x' }), headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 413);
  r = await call('POST', '/api/token/', { body: '{}', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
});

test('a body that stalls is cut after REQUEST_BODY_TIMEOUT with 408 (as nginx answers a body timeout)', async () => {
  for (const path of ['/api/token/', '/api/token/refresh/']) {
    const { answer } = await rawRequest(`POST ${path} HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 100\n`, '{"username": "al');
    assert.ok(answer, 'an answer although the body never completes');
    assert.equal(answer.status, 408);
    assert.deepEqual(JSON.parse(answer.body), { detail: 'The request body did not arrive in time.' });
  }
  // Chunked, dripping: the bound is on the whole body, not each chunk.
  const { hostname, port } = new URL(demo.url);
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.on('data', (d) => { text += d; });
  // The server answers and closes while the drip goes on: a write racing the
  // close may be reset (ECONNRESET), which is the expected end, not a failure
  // (it failed one make test run under load); the 408 is asserted below.
  socket.on('error', () => {});
  socket.write('POST /api/token/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
  const drip = setInterval(() => socket.write('1\r\n \r\n'), 200);
  await new Promise((resolve) => { socket.on('close', resolve); setTimeout(resolve, 8_000); });
  clearInterval(drip);
  socket.destroy();
  assert.match(text, /^HTTP\/1\.1 408 /);
});

test('a content type other than JSON is 415 as DRF answers it; no type and no body is empty data', async () => {
  const cases = [
    ['text/plain', 'Unsupported media type "text/plain" in request.'],
    ['text/plain;charset=UTF-8', 'Unsupported media type "text/plain;charset=UTF-8" in request.'],
    ['application/x-www-form-urlencoded', 'Unsupported media type "application/x-www-form-urlencoded" in request.'],
  ];
  for (const [type, detail] of cases) {
    const r = await call('POST', '/api/token/', { body: 'username=alice&password=x', headers: { 'content-type': type } });
    assert.deepEqual([r.status, r.data], [415, { detail }]);
  }
  // No Content-Type with a body: DRF finds no parser for "".
  const { answer } = await rawRequest('POST /api/token/ HTTP/1.1\nHost: x\nContent-Length: 2\n', '{}');
  assert.deepEqual([answer.status, JSON.parse(answer.body)], [415, { detail: 'Unsupported media type "" in request.' }]);
  // No body at all (with or without a JSON type): DRF parses empty data.
  const required = { username: ['This field is required.'], password: ['This field is required.'] };
  assert.deepEqual((await call('POST', '/api/token/')).data, required);
  assert.deepEqual((await call('POST', '/api/token/', { headers: { 'content-type': 'application/json' } })).data, required);
});

test('HEAD works on GET views: the GET answer\'s status and headers, no body', async () => {
  const login = await call('POST', '/api/token/', { body: JSON.stringify({ username: 'bob', password: 'bob-demo-password' }), headers: { 'content-type': 'application/json' } });
  const auth = { authorization: `Bearer ${login.data.access}` };
  let r = await call('HEAD', '/api/me/', { headers: auth });
  assert.deepEqual([r.status, r.text, r.headers.get('content-type')], [200, '', 'application/json']);
  r = await call('HEAD', '/api/admin/', { headers: auth });
  assert.deepEqual([r.status, r.text], [403, '']);
  r = await call('HEAD', '/api/me/');
  assert.deepEqual([r.status, r.text, r.headers.get('www-authenticate')], [401, '', 'Bearer realm="api"']);
  r = await call('POST', '/api/me/', { body: '{}', headers: { 'content-type': 'application/json' } });
  assert.deepEqual([r.status, r.headers.get('allow'), r.data], [405, 'GET, HEAD', { detail: 'Method "POST" not allowed.' }]);
  r = await call('HEAD', '/api/token/');
  assert.deepEqual([r.status, r.headers.get('allow')], [405, 'POST']);
  r = await call('HEAD', '/');
  assert.deepEqual([r.status, r.text], [200, '']);
  assert.match(r.headers.get('content-type'), /^text\/html/);
});

/** A CSP header as a map of directive -> sources. */
const directives = (csp) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...v]) => [name, v]));

test('the page: a Content-Security-Policy with no inline script, frame-ancestors \'none\', nosniff, a Referrer-Policy', async () => {
  const page = await call('GET', '/');
  assert.equal(page.status, 200);
  const csp = directives(page.headers.get('content-security-policy') ?? '');
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(csp.get('object-src') ?? csp.get('default-src'), ["'none'"]);
  assert.ok(csp.get('script-src').includes("'self'"));
  assert.ok(!csp.get('script-src').some((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'"), 'no inline script, no eval');
  assert.ok(csp.get('script-src').includes("'wasm-unsafe-eval'"), 'WebAssembly may compile');
  assert.deepEqual(csp.get('base-uri'), ["'none'"]);
  // Every script in the page is a file (none inline to hash).
  const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length > 0);
  for (const [, attrs, content] of scripts) {
    assert.match(attrs, /\bsrc=/);
    assert.equal(content.trim(), '');
  }
  for (const path of ['/', '/app.js', '/style.css', '/api/me/', '/api/nothing/']) {
    const r = await call(path === '/' ? 'HEAD' : 'GET', path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(r.headers.get('referrer-policy'), 'same-origin', path);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
  }
  const script = await call('GET', '/app.js');
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type'), /javascript/);
});

test('CORS: the configured origins get their headers (no credentials), preflights are answered, other origins get none', async () => {
  const preflight = (origin, method = 'POST', headers = 'content-type') => call('OPTIONS', '/api/token/', {
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
  let r = await preflight(FRONT_END);
  assert.equal(r.status, 200);
  assert.equal(r.text, '');
  assert.equal(r.headers.get('access-control-allow-origin'), FRONT_END);
  assert.match(r.headers.get('access-control-allow-methods'), /\bPOST\b/);
  assert.match(r.headers.get('access-control-allow-headers'), /authorization/);
  assert.match(r.headers.get('access-control-allow-headers'), /content-type/);
  assert.equal(r.headers.get('access-control-allow-credentials'), null);
  assert.match(r.headers.get('vary') ?? '', /origin/i);
  r = await preflight('https://evil.example');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('access-control-allow-origin'), null);
  assert.equal(r.headers.get('access-control-allow-methods'), null);

  const login = await call('POST', '/api/token/', { body: JSON.stringify({ username: 'alice', password: 'alice-demo-password' }), headers: { 'content-type': 'application/json', origin: 'https://app.example.com' } });
  assert.equal(login.status, 200);
  assert.equal(login.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.equal(login.headers.get('access-control-allow-credentials'), null);
  assert.match(login.headers.get('access-control-expose-headers'), /www-authenticate/i);
  for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'null']) {
    r = await call('GET', '/api/me/', { headers: { origin, authorization: `Bearer ${login.data.access}` } });
    assert.equal(r.status, 200, 'CORS is the browser\'s check: the answer is the same');
    assert.equal(r.headers.get('access-control-allow-origin'), null, origin);
  }
  // Without CORS_ALLOWED_ORIGINS (as shipped), no origin gets CORS headers.
  const shipped = await startDemo({ port: 0 });
  try {
    const res = await fetch(`${shipped.url}/api/me/`, { headers: { origin: FRONT_END } });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    await res.arrayBuffer();
  } finally {
    await shipped.dispose();
  }
});
