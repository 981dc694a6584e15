// `make screenshots`: pictures of the demo page's two parts at desktop and
// phone width, written to docs/ for the README. Runs the real demo (workerd)
// in headless Chromium.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDemo } from './demo-server.mjs';
import { launchChromium } from '../tests/js/helpers/browser.mjs';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));
mkdirSync(DOCS, { recursive: true });
const demo = await startDemo({ port: 0 });
const browser = await launchChromium();
try {
  for (const [name, width] of [['desktop', 1200], ['phone', 390]]) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    await page.fill('#payload', JSON.stringify({ sub: 'user-42', name: 'Ada', email: 'ada@example.com', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 }, null, 2));
    await page.locator('#debugger').screenshot({ path: `${DOCS}debugger-${name}.png` });
    await page.click('#login button[type="submit"]');
    await page.waitForFunction(() => /POST \/api\/token\/ → 200/.test(document.querySelector('#log').textContent));
    await page.click('#call-me');
    await page.waitForFunction(() => /GET \/api\/me\/ → 200/.test(document.querySelector('#log').textContent));
    await page.click('#call-admin');
    await page.waitForFunction(() => /GET \/api\/admin\/ → 200/.test(document.querySelector('#log').textContent));
    await page.locator('#playground').screenshot({ path: `${DOCS}playground-${name}.png` });
    await page.close();
    console.log(`docs/debugger-${name}.png, docs/playground-${name}.png`);
  }
} finally {
  await browser.close();
  await demo.dispose();
}
