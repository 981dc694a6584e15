// The example worker deployable as shipped, with the tools a newcomer runs
// from examples/worker (wrangler 4.86.0, the repository's own, as `npx`
// finds it): `wrangler deploy --dry-run` bundles the worker, its wasm and
// the page (built by wrangler.jsonc's build command); `wrangler d1
// migrations apply --local` then `wrangler dev` serve the API and the page,
// which logs in in Chromium; and a front end on a second loopback origin,
// listed in CORS_ALLOWED_ORIGINS, logs in and calls /api/me/ across origins
// while an origin not listed gets no CORS headers (the browser refuses).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { launchChromium, serveDir } from './helpers/browser.mjs';
import { freePort, startServer } from './helpers/processes.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKER_DIR = join(ROOT, 'examples', 'worker');
const ENV = { WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };
const SECRET = 'worker-deploy-test-secret-0123456789';
const run = (command, args, cwd = WORKER_DIR) => promisify(execFile)(command, args, { cwd, env: { ...process.env, ...ENV }, maxBuffer: 16 * 1024 * 1024 });
/** `npx wrangler ...` from examples/worker, never installing anything. */
const wrangler = (...args) => run('npx', ['--no-install', 'wrangler', ...args]);

let tmp;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ferrojwt-worker-deploy-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test('wrangler deploy --dry-run bundles the worker, its wasm and the page with every binding', async (t) => {
  const out = join(tmp, 'dist');
  const { stdout, stderr } = await wrangler('deploy', '--dry-run', '--outdir', out);
  const log = stdout + stderr;
  assert.match(log, /\[custom build\] Running: node build-site\.mjs/);
  const upload = log.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
  assert.ok(upload, log);
  t.diagnostic(`worker upload: ${upload[1]} KiB, ${upload[2]} KiB gzip; ${log.match(/Read \d+ files from the assets directory/)?.[0]}`);
  for (const binding of ['env.REFRESH_FAMILIES (RefreshFamily)', 'env.LOGIN_THROTTLE (LoginThrottle)', 'env.DB', 'env.ASSETS', 'env.LOGIN_THROTTLE_USER ("5/min")', 'env.LOGIN_THROTTLE_IP ("20/min")']) {
    assert.ok(log.includes(binding), `${binding} in:\n${log}`);
  }
  const files = readdirSync(out);
  assert.ok(files.includes('index.js'), files.join(', '));
  assert.equal(files.filter((f) => f.endsWith('.wasm')).length, 1, 'the worker carries its one wasm module (not the page\'s)');
  const bundle = readFileSync(join(out, 'index.js'), 'utf8');
  assert.match(bundle, /export \{[^}]*\bLoginThrottle\b[^}]*\}/, 'the Durable Object classes are exported');
  assert.match(bundle, /export \{[^}]*\bRefreshFamily\b[^}]*\}/);
  assert.doesNotMatch(bundle, /from ["']ferrojwt/, 'the package is bundled, not left as an import');
  // The page as built for the assets: no inline script, the package by path.
  const site = join(WORKER_DIR, 'site');
  assert.ok(statSync(join(site, 'vendor', 'ferrojwt', 'wasm', 'ferrojwt_bg.wasm')).size > 0);
  assert.doesNotMatch(readFileSync(join(site, 'index.html'), 'utf8'), /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.match(readFileSync(join(site, 'app.js'), 'utf8'), /from "\/vendor\/ferrojwt\/entry\/browser\.js"/);
});

test('wrangler dev serves the page and the API; a second origin listed in CORS_ALLOWED_ORIGINS logs in across origins, another is refused', { timeout: 180_000 }, async (t) => {
  // The newcomer's steps, in a state directory of the test's own.
  const state = join(tmp, 'state');
  const migrated = await wrangler('d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state);
  assert.match(migrated.stdout, /0001_users\.sql/);
  await run(process.execPath, [join(ROOT, 'scripts', 'import-users.mjs'), join(WORKER_DIR, 'demo-users.json'), '--state', state], ROOT);

  const pageDir = join(tmp, 'front-end');
  mkdirSync(pageDir);
  writeFileSync(join(pageDir, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module">
window.callApi = async (api) => {
  try {
    const login = await fetch(api + '/api/token/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: 'alice-demo-password' }) });
    const { access } = await login.json();
    const me = await fetch(api + '/api/me/', { headers: { authorization: 'Bearer ' + access } });
    return { login: login.status, me: me.status, username: (await me.json()).username };
  } catch (e) {
    return { refused: e.name };
  }
};
</script>`);
  const [listed, unlisted] = await Promise.all([serveDir(pageDir), serveDir(pageDir)]);
  const [port, inspector] = [await freePort(), await freePort()];
  const dev = await startServer('npx', [
    '--no-install', 'wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(inspector),
    '--persist-to', state, '--var', `JWT_SECRET:${SECRET}`, '--var', `CORS_ALLOWED_ORIGINS:${listed.url}`,
  ], { cwd: WORKER_DIR, env: ENV, ready: /Ready on (http:\/\/\S+)/, timeout: 90_000 });
  const browser = await launchChromium();
  try {
    const api = dev.match[1];
    t.diagnostic(`wrangler dev on ${api}; front end on ${listed.url}, unlisted ${unlisted.url}`);
    // The page, same origin, with its headers; it logs in through the API.
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && errors.push(m.text()));
    const response = await page.goto(api);
    assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'/);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 20_000 });
    await page.click('#login button[type="submit"]');
    await page.waitForFunction(() => /POST \/api\/token\/ → 200/.test(document.querySelector('#log').textContent), null, { timeout: 15_000 });
    assert.deepEqual(errors, []);
    // The listed origin: preflights answered, login and /api/me/ work.
    const front = await browser.context.newPage();
    await front.goto(`${listed.url}/index.html`);
    await front.waitForFunction(() => typeof window.callApi === 'function');
    assert.deepEqual(await front.evaluate((u) => window.callApi(u), api), { login: 200, me: 200, username: 'alice' });
    // An origin not listed: no CORS headers, so the browser keeps the answers from the page.
    const other = await browser.context.newPage();
    await other.goto(`${unlisted.url}/index.html`);
    await other.waitForFunction(() => typeof window.callApi === 'function');
    assert.deepEqual(await other.evaluate((u) => window.callApi(u), api), { refused: 'TypeError' });
    const direct = await fetch(`${api}/api/me/`, { headers: { origin: unlisted.url } });
    assert.equal(direct.headers.get('access-control-allow-origin'), null);
    await direct.arrayBuffer();
  } catch (e) {
    e.message += `\nwrangler dev output:\n${dev.output().slice(-4000)}`;
    throw e;
  } finally {
    await browser.close();
    await dev.stop();
    await listed.close();
    await unlisted.close();
  }
});
