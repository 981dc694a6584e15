// `make demo`'s server: the worker in workerd signs and verifies at the
// edge, and the page works in Chromium with the package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../scripts/demo-server.mjs';
import { launchChromium } from './helpers/browser.mjs';

let demo;
before(async () => {
  demo = await startDemo({ port: 0 });
});
after(() => demo?.dispose());

test('edge API: a token from /api/demo-token verifies at /api/verify; a tampered one does not', async () => {
  const { token } = await (await fetch(`${demo.url}/api/demo-token`)).json();
  const ok = await fetch(`${demo.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  assert.equal(ok.status, 200);
  const body = await ok.json();
  assert.equal(body.valid, true);
  assert.equal(body.payload.iss, 'jwt-wasm-demo');
  assert.equal(body.payload.exp - body.payload.iat, 300);
  const bad = await fetch(`${demo.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: `${token.slice(0, -3)}AAA` }) });
  assert.equal(bad.status, 401);
  assert.equal((await bad.json()).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  const notJson = await fetch(`${demo.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
  assert.equal(notJson.status, 400);
  const wrongType = await fetch(`${demo.url}/api/verify`, { method: 'POST', body: 'x' });
  assert.equal(wrongType.status, 415);
});

test('page: decodes, verifies, re-signs, and talks to the edge', async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    assert.equal(await page.textContent('#badge'), 'valid');
    assert.match(await page.textContent('#header'), /"alg": "HS256"/);
    await page.fill('#secret', 'a-different-secret-of-32-bytes!!');
    assert.equal(await page.textContent('#badge'), 'invalid');
    await page.fill('#payload', '{"sub":"edited"}');
    await page.click('#sign');
    assert.equal(await page.textContent('#badge'), 'valid');
    await page.fill('#token', 'not-a-token');
    assert.match(await page.textContent('#decode-error'), /ERR_JWS_INVALID/);
    await page.click('#edge-token');
    await page.waitForFunction(() => document.querySelector('#edge-result').textContent.startsWith('200'));
    await page.click('#edge-verify');
    await page.waitForFunction(() => /"valid": true/.test(document.querySelector('#edge-result').textContent));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
