// The rows of cases.mjs inside workerd (Miniflare), bundled as wrangler does.
// Timing is done from Node, outside the worker: inside workerd,
// performance.now() and Date.now() stand still during pure CPU work (a
// Spectre mitigation; the clock only moves across I/O). So Node times whole
// GET /run requests, each of n calls with n chosen to take ~opts.ms, which
// keeps the request overhead negligible.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../scripts/bundle-worker.mjs';
import { median } from './harness.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function workerdVersion() {
  try {
    const require = createRequire(createRequire(import.meta.url).resolve('miniflare'));
    return `workerd ${JSON.parse(readFileSync(require.resolve('workerd/package.json'), 'utf8')).version}`;
  } catch {
    return 'workerd';
  }
}

/** `only`: a RegExp over `op` to run some rows (quick checks while profiling). */
export async function workerdRun({ ms = 400, runs = 5, only } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ferrojwt-bench-workerd-'));
  let mf;
  try {
    const bundle = await bundleWorker(join(ROOT, 'bench', 'workerd-entry.mjs'), dir);
    mf = new Miniflare({ ...bundle, compatibilityDate: '2026-04-01' });
    const get = async (path) => {
      const res = await mf.dispatchFetch(`http://localhost${path}`);
      const body = await res.text();
      if (!res.ok) throw new Error(`workerd ${path}: ${res.status} ${body}`);
      return body;
    };
    /** Wall time in ms of one request running row i n times. */
    const time = async (i, n) => {
      const start = performance.now();
      await get(`/run?i=${i}&n=${n}`);
      return performance.now() - start;
    };

    const rows = JSON.parse(await get('/list'));
    if (!rows.some((r) => r.lib === 'ferrojwt') || !rows.some((r) => r.lib === 'jose')) {
      throw new Error(`workerd: unexpected row list ${JSON.stringify(rows).slice(0, 200)}`);
    }
    const results = [];
    for (const [i, r] of rows.entries()) {
      if (only && !only.test(r.op)) continue;
      // Calibrate: grow n until one request takes a tenth of ms, then scale to ms.
      let n = 50;
      let t;
      while ((t = await time(i, n)) < ms / 10) n *= 10;
      n = Math.max(1, Math.round((n * ms) / t));
      await time(i, n); // warm-up
      const rates = [];
      for (let k = 0; k < runs; k++) rates.push(n / ((await time(i, n)) / 1000));
      const opsPerSec = median(rates);
      results.push({ op: r.op, token: r.token, lib: r.lib, label: r.label, opsPerSec: Math.round(opsPerSec), nsPerOp: Math.round(1e9 / opsPerSec), tokenChars: r.size });
    }
    return { version: workerdVersion(), results };
  } finally {
    await mf?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
