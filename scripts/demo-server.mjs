// Starts the demo in workerd (through Miniflare): the example worker plus
// the www/ page, with the built package served to the page at /vendor/.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleWorker } from './bundle-worker.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A demo-only secret: 32 bytes, as HS256 requires. Never use it for real. */
export const DEMO_SECRET = 'demo-secret-do-not-use-in-prod!!';

/**
 * @param {{ port?: number, host?: string }} [opts] port 0 picks a free one
 * @returns {Promise<{ url: string, dispose(): Promise<void> }>}
 */
export async function startDemo({ port = 8787, host = '127.0.0.1' } = {}) {
  const out = join(ROOT, 'target', 'demo');
  rmSync(out, { recursive: true, force: true });
  const site = join(out, 'site');
  mkdirSync(site, { recursive: true });
  cpSync(join(ROOT, 'www'), site, { recursive: true });
  for (const part of ['entry', 'src', 'wasm', 'package.json']) {
    cpSync(join(ROOT, 'pkg', part), join(site, 'vendor', 'jwt-wasm', part), { recursive: true });
  }
  const bundle = await bundleWorker(join(ROOT, 'examples', 'worker', 'index.js'), join(out, 'worker'));
  const mf = new Miniflare({
    ...bundle,
    compatibilityDate: '2026-04-01',
    bindings: { DEMO_SECRET },
    assets: { directory: site, binding: 'ASSETS', routerConfig: { has_user_worker: true } },
    host,
    port,
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  return { url, dispose: () => mf.dispose() };
}
