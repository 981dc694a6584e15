// `make demo`'s page in Chromium, against the worker in workerd: the
// debugger decodes, verifies and re-signs; the edge panel logs in and calls
// the API with the Bearer token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../scripts/demo-server.mjs';
import { launchChromium } from './helpers/browser.mjs';

let demo;
before(async () => {
  demo = await startDemo({ port: 0 });
});
after(() => demo?.dispose());

test('page: decodes, verifies, re-signs, logs in at the edge and calls the API', async () => {
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

    await page.click('#login button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('#edge-result').textContent.includes('-> 200'));
    assert.match(await page.inputValue('#token'), /^eyJ/);
    await page.click('#call-me');
    await page.waitForFunction(() => /GET \/api\/me\/ -> 200/.test(document.querySelector('#edge-result').textContent));
    assert.match(await page.textContent('#edge-result'), /"username": "alice"/);
    await page.click('#call-admin');
    await page.waitForFunction(() => /GET \/api\/admin\/ -> 200/.test(document.querySelector('#edge-result').textContent));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
