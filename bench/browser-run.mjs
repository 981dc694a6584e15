// The browser-capable rows in headless Chromium (Debian's, via playwright-core).
import { build } from 'esbuild';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, serveDir } from '../tests/js/helpers/browser.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function browserRun(opts) {
  const site = mkdtempSync(join(tmpdir(), 'ferrojwt-bench-'));
  for (const part of ['entry', 'src', 'wasm', 'package.json']) cpSync(join(ROOT, 'pkg', part), join(site, 'vendor', 'ferrojwt', part), { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'bench', 'browser-entry.mjs')], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', outfile: join(site, 'bench.js'), external: ['ferrojwt', 'ferrojwt/full'], logLevel: 'warning',
  });
  writeFileSync(join(site, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "ferrojwt": "/vendor/ferrojwt/entry/browser.js", "ferrojwt/full": "/vendor/ferrojwt/entry/full-browser.js" } }</script>
<script type="module" src="/bench.js"></script>`);
  const server = await serveDir(site);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    const version = await browser.context.browser()?.version?.() ?? 'chromium';
    const out = await page.evaluate((o) => window.runBench(o), opts);
    return { ...out, version };
  } finally {
    await browser.close();
    await server.close();
    rmSync(site, { recursive: true, force: true });
  }
}
