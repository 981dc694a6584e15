// The packed tarball in a Vite app, as a user builds and serves one with
// Vite's own command line: Vite 6 (with the settings README.md gives it) and
// Vite 8 (with none), each as a production build and as a dev server, the
// page run in Chromium. (consumer.test.mjs also builds through Vite 8's API.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPacked } from './helpers/packed.mjs';
import { launchChromium, serveDir } from './helpers/browser.mjs';
import { blockMarked } from './helpers/markdown.mjs';
import { freePort, startServer } from './helpers/processes.mjs';
import { EXPECTED, PAGE_PROGRAM } from './helpers/program.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITE = {
  6: join(ROOT, 'node_modules', 'vite6', 'bin', 'vite.js'),
  8: join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
};
// What a Vite 6 user must configure is README.md's to say: the test uses it as written.
const VITE6_CONFIG = blockMarked(join(ROOT, 'README.md'), 'vite6-config').code;

let dir;
let chromium;
before(async () => {
  dir = installPacked();
  chromium = await launchChromium();
});
after(async () => {
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh app in the consumer project: a page whose module runs the program. */
function makeApp(name, config) {
  const app = join(dir, name);
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="./main.js"></script></head><body></body></html>');
  writeFileSync(join(app, 'main.js'), PAGE_PROGRAM);
  if (config) writeFileSync(join(app, 'vite.config.js'), config);
  return app;
}

/** Opens `url` in Chromium and checks the program's result and that nothing failed. */
async function expectPage(url) {
  const page = await chromium.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20_000 });
    assert.deepEqual(await page.evaluate(() => window.__result), EXPECTED);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
}

async function buildAndServe(version, app, t) {
  const out = execFileSync(process.execPath, [VITE[version], 'build'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  t.diagnostic(out.match(/vite v\S+/)?.[0] ?? `vite ${version}`);
  const server = await serveDir(join(app, 'dist'));
  try {
    await expectPage(`${server.url}/index.html`);
  } finally {
    await server.close();
  }
}

async function devServe(version, app, t) {
  const port = await freePort();
  const server = await startServer(process.execPath, [VITE[version], '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: app, env: { NO_COLOR: '1' }, ready: /Local:\s+(http:\/\/\S+)/,
  });
  try {
    t.diagnostic(server.output().match(/VITE v\S+/)?.[0] ?? `vite ${version}`);
    await expectPage(server.match[1]);
    // The dev server's own errors (a failed pre-bundle) would show here.
    assert.doesNotMatch(server.output(), /error/i);
  } finally {
    await server.stop();
  }
}

test('Vite 6: production build, with the README\'s settings', (t) => buildAndServe(6, makeApp('vite6-build', VITE6_CONFIG), t));
test('Vite 6: dev server, with the README\'s settings', (t) => devServe(6, makeApp('vite6-dev', VITE6_CONFIG), t));
test('Vite 8: production build, with no settings', (t) => buildAndServe(8, makeApp('vite8-build'), t));
test('Vite 8: dev server, with no settings', (t) => devServe(8, makeApp('vite8-dev'), t));
