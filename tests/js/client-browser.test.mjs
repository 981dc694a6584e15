// ferrojwt/client in headless Chromium: localStorage persistence, two tabs
// in sync, two tabs refreshing once between them against a server that
// rotates and blacklists refresh tokens, and no token to a second origin,
// directly or through a redirect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../../scripts/demo-server.mjs';
import { launchChromium } from './helpers/browser.mjs';
import { recordingServer } from './helpers/servers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The demo serves its pages under a Content-Security-Policy with no inline
// script: the test page's module is a file, importing the package by path.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="/client-test.js"></script></head><body></body></html>`;
const PAGE_SCRIPT = `import { createAuthClient, createTokenStore } from '/vendor/ferrojwt/src/client.js';
const params = new URLSearchParams(location.search);
const store = createTokenStore({ storage: params.get('storage') || 'localStorage' });
window.client = createAuthClient({ store, refreshMargin: Number(params.get('margin') || 0) });
window.store = store;
window.events = [];
client.on('change', (p) => events.push(['change', p ? 'pair' : null]));
client.on('logout', (e) => events.push(['logout', e.reason]));
client.on('refresh', () => events.push(['refresh']));
window.call = async (url) => {
  try { const r = await client.fetch(url); return r.status; } catch (e) { return String(e.name); }
};
document.body.dataset.ready = 'true';
`;

let api;
let browser;
before(async () => {
  // Access tokens live 4 s: valid for at least 3 s after issue, so a fresh
  // token cannot expire between a refresh and the request that follows it.
  api = await startDemo({ port: 0, bindings: { ACCESS_TOKEN_LIFETIME: '4', REFRESH_TOKEN_LIFETIME: '1h' }, extraSite: { 'client-test.html': PAGE, 'client-test.js': PAGE_SCRIPT } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await api?.dispose();
});

async function open(url) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 15_000 });
  page.errors = errors;
  return page;
}

const login = (page, username = 'bob') => page.evaluate((u) => client.login({ username: u, password: `${u}-demo-password` }).then(() => true), username);

test('localStorage keeps the session across a reload', async () => {
  const page = await open(`${api.url}/client-test.html`);
  await login(page);
  const token = await page.evaluate(() => client.accessToken);
  assert.match(token, /^eyJ/);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  assert.equal(await page.evaluate(() => client.accessToken), token);
  assert.equal(await page.evaluate(() => client.claims.user_id), 2);
  await page.evaluate(() => client.logout());
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  assert.equal(await page.evaluate(() => client.accessToken), null);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('sessionStorage keeps the session across a reload of the same tab only', async () => {
  const page = await open(`${api.url}/client-test.html?storage=sessionStorage`);
  await login(page);
  const token = await page.evaluate(() => client.accessToken);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  assert.equal(await page.evaluate(() => client.accessToken), token);
  const other = await open(`${api.url}/client-test.html?storage=sessionStorage`);
  assert.equal(await other.evaluate(() => client.accessToken), null, 'another tab has its own session storage');
  await page.close();
  await other.close();
});

test('two pages of one origin stay in sync on login and logout', async () => {
  const a = await open(`${api.url}/client-test.html`);
  const b = await open(`${api.url}/client-test.html`);
  await login(a);
  await b.waitForFunction(() => client.accessToken !== null);
  assert.deepEqual(await b.evaluate(() => events), [['change', 'pair']]);
  await a.evaluate(() => client.logout());
  await b.waitForFunction(() => events.some((e) => e[0] === 'logout'));
  assert.deepEqual(await b.evaluate(() => events.at(-1)), ['logout', 'elsewhere']);
  assert.equal(await b.evaluate(() => client.accessToken), null);
  assert.deepEqual(await a.evaluate(() => events.at(-1)), ['logout', 'user']);
  await a.close();
  await b.close();
});

test('two pages whose access tokens expire at once refresh exactly once between them', async () => {
  const a = await open(`${api.url}/client-test.html`);
  const b = await open(`${api.url}/client-test.html`);
  const refreshes = [];
  const onRequest = (req) => {
    if (new URL(req.url()).pathname === '/api/token/refresh/') refreshes.push(req.url());
  };
  browser.context.on('request', onRequest);
  try {
    await login(a);
    await b.waitForFunction(() => client.accessToken !== null);
    await new Promise((r) => setTimeout(r, 4100)); // both pages now hold an expired access token
    const [sa, sb] = await Promise.all([a.evaluate(() => call('/api/me/')), b.evaluate(() => call('/api/me/'))]);
    assert.deepEqual([sa, sb], [200, 200]);
    assert.equal(refreshes.length, 1, 'one refresh for both pages (a rotated refresh token works once)');
    assert.equal(await a.evaluate(() => client.accessToken), await b.evaluate(() => client.accessToken));
    assert.ok(!(await b.evaluate(() => events.some((e) => e[0] === 'logout'))));
  } finally {
    browser.context.off('request', onRequest);
    await a.close();
    await b.close();
  }
});

test('no token to a second origin, directly or through a redirect (two loopback ports)', async () => {
  const second = await recordingServer({ '/capture': (req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok') });
  // The page's own origin: serves the package and a redirect to the second origin.
  const site = mkdtempSync(join(tmpdir(), 'ferrojwt-site-'));
  for (const part of ['entry', 'src', 'wasm', 'package.json']) cpSync(join(ROOT, 'pkg', part), join(site, 'vendor', 'ferrojwt', part), { recursive: true });
  writeFileSync(join(site, 'client-test.html'), PAGE);
  writeFileSync(join(site, 'client-test.js'), PAGE_SCRIPT);
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
  const first = await recordingServer({
    '/redirect': (req, res) => res.writeHead(302, { location: `${second.url}/capture` }).end(),
    '/own': (req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
  }, (req, res) => {
    try {
      const file = join(site, new URL(req.url, 'http://x').pathname);
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
      return true;
    } catch {
      return false;
    }
  });
  try {
    const page = await open(`${first.url}/client-test.html?storage=memory`);
    // Any token will do: only what each server receives matters here.
    await page.evaluate(() => store.set({ access: 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln' }));
    assert.equal(await page.evaluate(() => call('/own')), 200);
    await page.evaluate((u) => call(`${u}/capture`), second.url);
    await page.evaluate(() => call('/redirect'));
    assert.equal(first.seen.find((r) => r.path === '/own').authorization, 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln');
    assert.equal(first.seen.find((r) => r.path === '/redirect').authorization?.split(' ')[0], 'Bearer');
    const captured = second.seen.filter((r) => r.path === '/capture');
    assert.equal(captured.length, 2, 'the second origin got the direct request and the redirected one');
    assert.ok(captured.every((r) => r.authorization === null), JSON.stringify(captured));
    await page.close();
  } finally {
    await first.close();
    await second.close();
    rmSync(site, { recursive: true, force: true });
  }
});
