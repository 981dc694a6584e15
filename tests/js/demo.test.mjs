// The demo page (`make demo`) in Chromium against the worker in workerd:
// the debugger (RFC 7519 token, secrets, re-signing, warnings, sharing) and
// the playground (login, Bearer header in the log, automatic refresh of an
// expired access token, 403, logout clearing the chosen storage), at desktop
// and phone width, under the page's Content-Security-Policy; and the same
// page in Firefox ESR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../scripts/demo-server.mjs';
import { launchChromium } from './helpers/browser.mjs';
import { launchFirefox } from './helpers/firefox.mjs';
import * as jose from 'jose';
import { pairFor } from './helpers/signatures.mjs';

// RFC 7519 section 3.1 (= RFC 7515 A.1) and its key.
const RFC_TOKEN = 'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_KEY = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow';

let demo;
let browser;
before(async () => {
  // Access tokens live 3 s here so that the test sees one expire.
  demo = await startDemo({ port: 0, bindings: { ACCESS_TOKEN_LIFETIME: '3' } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await demo?.dispose();
});

async function open(path = '/', width = 1200) {
  const page = await browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  // The page runs under its Content-Security-Policy: a violation is an error.
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && page.errors.push(m.text()));
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${demo.url}${path}`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 15_000 });
  return page;
}

const text = (page, sel) => page.textContent(sel);

test('debugger: the RFC 7519 example decodes; wrong secret invalid, right secret verifies the signature', async () => {
  const page = await open();
  await page.fill('#token', RFC_TOKEN);
  const payload = await page.inputValue('#payload');
  assert.match(payload, /"iss": "joe"/);
  assert.match(payload, /"http:\/\/example.com\/is_root": true/);
  assert.match(await page.inputValue('#header'), /"typ": "JWT"/);
  await page.selectOption('#encoding', 'base64url');
  await page.fill('#secret', RFC_KEY.replace('A', 'B'));
  assert.equal(await text(page, '#sig-badge'), 'invalid');
  assert.equal(await text(page, '#badge'), 'invalid');
  await page.fill('#secret', RFC_KEY);
  assert.equal(await text(page, '#sig-badge'), 'valid');
  assert.equal(await text(page, '#badge'), 'expired', 'its exp is in 2011');
  assert.match(await text(page, '#timeline'), /expires \(exp\): 2011-03-22T18:43:00Z/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('debugger: RS256 and ES256 tokens verify with a pasted PEM or JWK; a key pair can be generated to re-sign', async () => {
  const { privateKey, publicKey } = pairFor('RS256');
  const rs = await new jose.SignJWT({ sub: 'rs', exp: 4102444800 }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
  const page = await open();
  await page.fill('#token', rs);
  assert.equal(await page.inputValue('#alg'), 'RS256');
  assert.equal(await page.inputValue('#encoding'), 'key', 'a public-key token asks for a key');
  await page.fill('#secret', await jose.exportSPKI(publicKey));
  await page.waitForFunction(() => document.querySelector('#badge').textContent === 'valid', null, { timeout: 10_000 });
  assert.equal(await text(page, '#sig-badge'), 'valid');
  // Another RSA key: the signature fails.
  const other = pairFor('RS256');
  await page.fill('#secret', JSON.stringify(await jose.exportJWK(other.publicKey)));
  assert.equal(await text(page, '#sig-badge'), 'invalid');
  // Ask for ES256 in the header and generate: a P-256 pair re-signs the token.
  await page.fill('#header', '{"alg":"ES256","typ":"JWT"}');
  await page.click('#generate');
  await page.waitForFunction(() => document.querySelector('#secret').value.includes('"crv": "P-256"'), null, { timeout: 10_000 });
  assert.equal(await text(page, '#badge'), 'valid');
  const es = await page.inputValue('#token');
  const jwk = JSON.parse(await page.inputValue('#secret'));
  const { d, ...pub } = jwk;
  assert.ok(d);
  const { payload } = await jose.jwtVerify(es, await jose.importJWK(pub, 'ES256'));
  assert.equal(payload.sub, 'rs');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('debugger: editing the payload or header re-signs live; malformed input shows where it failed', async () => {
  const page = await open();
  const before = await page.inputValue('#token');
  await page.fill('#payload', '{"sub":"edited","exp":4102444800}');
  const after = await page.inputValue('#token');
  assert.notEqual(after, before);
  assert.equal(await text(page, '#badge'), 'valid');
  assert.match(await page.inputValue('#header'), /HS256/);
  await page.fill('#header', '{"alg":"HS512","typ":"JWT","kid":"k1"}');
  await page.click('#generate'); // a 64-byte secret for HS512, re-signs
  assert.equal(await page.inputValue('#alg'), 'HS512');
  assert.equal(await text(page, '#badge'), 'valid');
  const token = await page.inputValue('#token');
  assert.equal(JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).kid, 'k1');
  await page.fill('#token', `${token.split('.')[0]}.@@@.sig`);
  assert.match(await text(page, '#decode-error'), /ERR_JWS_INVALID: .* \(in the payload\)/);
  assert.equal(await page.locator('.seg-bad').count(), 1);
  await page.fill('#token', 'abc');
  assert.match(await text(page, '#decode-error'), /ERR_JWS_INVALID/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('debugger: a reviewer\'s warnings and sharing through the URL fragment', async () => {
  const page = await open();
  assert.match(await text(page, '#warnings'), /well-known weak secrets/);
  await page.fill('#secret', 'short');
  assert.match(await text(page, '#warnings'), /The secret is 5 bytes; HS256 needs at least 32/);
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"password":"hunter2","iat":1}').toString('base64url')}.`;
  await page.fill('#token', none);
  const warnings = await text(page, '#warnings');
  assert.match(warnings, /alg "none"/);
  assert.match(warnings, /No "exp"/);
  assert.match(warnings, /look sensitive: password/);
  await page.fill('#token', `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"iat":1,"exp":99999999}').toString('base64url')}.eA`);
  assert.match(await text(page, '#warnings'), /Very long lifetime/);
  await page.click('#share');
  const url = new URL(page.url());
  assert.equal(url.search, '', 'never the query string');
  assert.match(url.hash, /^#token=eyJ/);
  const shared = await open(`/${url.hash}`);
  assert.equal(await shared.inputValue('#token'), url.hash.slice('#token='.length));
  await shared.close();
  await page.close();
});

test('playground: log in, call /api/me/ with the Bearer token, 403 for bob, refresh after expiry, logout revokes and clears storage', async () => {
  const page = await open();
  await page.check('input[name="storage"][value="localStorage"]');
  await page.click('#login button[type="submit"]');
  await page.waitForFunction(() => /POST \/api\/token\/ → 200/.test(document.querySelector('#log').textContent));
  assert.match(await text(page, '#access'), /"token_type": "access"/);
  assert.match(await text(page, '#refresh'), /"token_type": "refresh"/);
  assert.ok(await page.evaluate(() => localStorage.getItem('ferrojwt.demo.tokens') !== null));
  await page.click('#call-me');
  await page.waitForFunction(() => /GET \/api\/me\/ → 200/.test(document.querySelector('#log').textContent));
  const first = await page.locator('#log li').first().textContent();
  assert.match(first, /Authorization: Bearer eyJ/);
  assert.match(first, /"username":"alice"/);
  // The access token expires (3 s here); the next call refreshes it first.
  const occurrences = (needle) => page.evaluate((n) => document.querySelector('#log').textContent.split(n).length - 1, needle);
  const refreshesBefore = await occurrences('POST /api/token/refresh/ → 200');
  const callsBefore = await occurrences('GET /api/me/ → 200');
  await page.waitForTimeout(3100);
  await page.click('#call-me');
  await page.waitForFunction(([n, c]) => document.querySelector('#log').textContent.split(n).length - 1 > c, ['GET /api/me/ → 200', callsBefore]);
  assert.ok((await occurrences('POST /api/token/refresh/ → 200')) > refreshesBefore, 'the expired token was refreshed first');
  assert.match(await text(page, '#log'), /token refreshed/);
  await page.click('#logout');
  // logout() sends the revocation, forgets the tokens at once, then awaits
  // the server's answer (client/auth-client.js): the "logged out" event may
  // come before the blacklist call's answer is logged (it did once under load).
  await page.waitForFunction(() => /logged out \(user\)/.test(document.querySelector('#log').textContent));
  await page.waitForFunction(() => /POST \/api\/token\/blacklist\/ → 200/.test(document.querySelector('#log').textContent));
  assert.equal(await page.evaluate(() => localStorage.getItem('ferrojwt.demo.tokens')), null);
  assert.equal(await text(page, '#access'), '(none)');
  await page.fill('#username', 'bob');
  await page.fill('#password', 'bob-demo-password');
  await page.click('#login button[type="submit"]');
  await page.waitForFunction(() => /"user_id": 2/.test(document.querySelector('#access').textContent));
  await page.click('#call-admin');
  await page.waitForFunction(() => /GET \/api\/admin\/ → 403/.test(document.querySelector('#log').textContent));
  assert.match(await text(page, '#log'), /You do not have permission/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** How much wider than the screen the page is (0: it fits), and the widest culprits. */
const overflowOf = (page) => page.evaluate(() => {
  const screen = document.documentElement.clientWidth;
  const wider = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > screen + 0.5);
  return { screen, overflow: document.documentElement.scrollWidth - screen, wider: wider.slice(0, 3).map((e) => e.id || e.tagName.toLowerCase()) };
});

test('usable at phone width: 390 px (and 320 px) with no sideways scroll, controls reachable by keyboard', async () => {
  for (const width of [390, 320]) {
    const page = await open('/', width);
    const fit = await overflowOf(page);
    assert.equal(fit.screen, width, 'headless Chromium draws no scrollbar');
    assert.deepEqual(fit, { screen: width, overflow: 0, wider: [] }, `${width} px`);
    // With a key's longer controls and a log of requests too.
    await page.selectOption('#encoding', 'key');
    await page.click('#login button[type="submit"]');
    await page.waitForFunction(() => /POST \/api\/token\/ → 200/.test(document.querySelector('#log').textContent));
    assert.deepEqual(await overflowOf(page), { screen: width, overflow: 0, wider: [] }, `${width} px, logged in`);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
  const page = await open('/', 390);
  // Every control has an accessible name.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim())).map((e) => e.id || e.outerHTML));
  assert.deepEqual(unnamed, []);
  await page.focus('#token');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement.id), 'token');
  await page.close();
});

test('Firefox ESR: the page runs under its CSP at 390 px: decodes, verifies, logs in and calls the API', async (t) => {
  const firefox = await launchFirefox();
  try {
    t.diagnostic(await firefox.version());
    const page = await firefox.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.setViewport({ width: 390, height: 900 });
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    assert.deepEqual(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no sideways scroll');
    await page.evaluate((token) => {
      const box = document.querySelector('#token');
      box.value = token;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }, RFC_TOKEN);
    await page.select('#encoding', 'base64url');
    await page.evaluate((key) => {
      const box = document.querySelector('#secret');
      box.value = key;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }, RFC_KEY);
    await page.waitForFunction(() => document.querySelector('#sig-badge').textContent === 'valid', { timeout: 10_000 });
    await page.click('#login button[type="submit"]');
    await page.waitForFunction(() => /POST \/api\/token\/ → 200/.test(document.querySelector('#log').textContent), { timeout: 10_000 });
    await page.click('#call-me');
    await page.waitForFunction(() => /GET \/api\/me\/ → 200/.test(document.querySelector('#log').textContent), { timeout: 10_000 });
    assert.deepEqual(errors, []);
  } finally {
    await firefox.close();
  }
});
