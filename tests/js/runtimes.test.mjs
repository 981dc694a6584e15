// The packed tarball, installed into a fresh project as a user installs it,
// runs the same program in the runtimes users have beside Node and Chromium
// (consumer.test.mjs): Deno and Bun from their npm packages, Firefox ESR,
// and workerd through `wrangler dev`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPacked } from './helpers/packed.mjs';
import { serveDir } from './helpers/browser.mjs';
import { launchFirefox } from './helpers/firefox.mjs';
import { freePort, startServer } from './helpers/processes.mjs';
import { CLI_PROGRAM, EXPECTED, EXPECTED_NODE, IMPORT_MAP_PAGE, WORKER_PROGRAM } from './helpers/program.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DENO = join(ROOT, 'node_modules', '.bin', 'deno');
// Bun's postinstall puts the binary in place of the bun.exe placeholder;
// where it did not run, the platform package's own copy is the binary.
const BUN = [join(ROOT, 'node_modules', 'bun', 'bin', 'bun.exe'), join(ROOT, 'node_modules', '@oven', 'bun-linux-x64', 'bin', 'bun')]
  .find((bin) => { try { execFileSync(bin, ['--version']); return true; } catch { return false; } });

let dir;
before(() => {
  dir = installPacked();
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `file` with `bin` (no flags beyond `args`) in the consumer project; its printed JSON. */
function runWith(bin, args, file, t) {
  writeFileSync(join(dir, file), CLI_PROGRAM);
  t.diagnostic(execFileSync(bin, ['--version'], { encoding: 'utf8' }).split('\n')[0]);
  const out = execFileSync(bin, [...args, file], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  return JSON.parse(out);
}

test('Deno: the same import runs with no permission flags (the `deno` condition)', (t) => {
  // Without the `deno` condition Deno takes the Node entry, whose
  // readFileSync of the wasm needs --allow-read.
  assert.deepEqual(runWith(DENO, ['run'], 'deno.mjs', t), EXPECTED);
});

test('Bun: the same import runs', (t) => {
  assert.ok(BUN, 'a Bun binary from the npm package');
  assert.deepEqual(runWith(BUN, [], 'bun.mjs', t), EXPECTED_NODE);
});

test('Firefox ESR: the same import in a <script type="module"> page', async (t) => {
  writeFileSync(join(dir, 'firefox.html'), IMPORT_MAP_PAGE);
  const server = await serveDir(dir);
  const browser = await launchFirefox();
  try {
    t.diagnostic(await browser.version());
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/firefox.html`);
    await page.waitForFunction(() => window.__result !== undefined, { timeout: 15_000 });
    assert.deepEqual(await page.evaluate(() => window.__result), EXPECTED);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('workerd: the same import in a module worker served by `wrangler dev`', async (t) => {
  writeFileSync(join(dir, 'worker.js'), WORKER_PROGRAM);
  writeFileSync(join(dir, 'wrangler.toml'), 'name = "consumer"\nmain = "worker.js"\ncompatibility_date = "2026-04-01"\n');
  const [port, inspector] = [await freePort(), await freePort()];
  const server = await startServer(process.execPath, [
    join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev',
    '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(inspector),
  ], { cwd: dir, env: { WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' }, ready: /Ready on (http:\/\/\S+)/ });
  try {
    t.diagnostic(server.output().match(/wrangler \d+\.\d+\.\d+/)?.[0] ?? 'wrangler');
    const res = await fetch(server.match[1]);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), EXPECTED);
  } finally {
    await server.stop();
  }
});
