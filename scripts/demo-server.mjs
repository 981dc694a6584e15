// Starts the demo in workerd (through Miniflare): the example worker with
// simplejwt's endpoints plus the www/ page, the built package served to the
// page at /vendor/ferrojwt/.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions as workerOptionsOf } from 'wrangler';
import { bundleWorker } from './bundle-worker.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The worker's wrangler configuration: the one place its bindings are declared. */
export const WRANGLER_CONFIG = join(ROOT, 'examples', 'worker', 'wrangler.jsonc');
/** Demo-only secret (32 bytes, as HS256 requires). Never use it for real. */
export const DEMO_SECRET = 'demo-secret-do-not-use-in-prod!!';
/** The demo users' passwords; examples/worker/demo-users.json holds only their hashes. */
export const DEMO_CREDENTIALS = [
  { username: 'alice', password: 'alice-demo-password', note: 'role admin' },
  { username: 'bob', password: 'bob-demo-password', note: 'role user' },
  { username: 'carol', password: 'carol-demo-password', note: 'inactive: cannot log in' },
];

/**
 * @param {{ port?: number, host?: string, bindings?: Record<string, unknown>, extraSite?: Record<string, string> }} [opts]
 *   port 0 picks a free one; bindings override the demo's (e.g. token lifetimes);
 *   extraSite adds files to the served site (test pages)
 * @returns {Promise<{ url: string, mf: Miniflare, dispose(): Promise<void> }>}
 */
export async function startDemo({ port = 8787, host = '127.0.0.1', bindings = {}, extraSite = {} } = {}) {
  mkdirSync(join(ROOT, 'target'), { recursive: true });
  const out = mkdtempSync(join(ROOT, 'target', 'demo-'));
  const site = join(out, 'site');
  mkdirSync(site, { recursive: true });
  cpSync(join(ROOT, 'www'), site, { recursive: true });
  for (const part of ['entry', 'src', 'wasm', 'package.json']) {
    cpSync(join(ROOT, 'pkg', part), join(site, 'vendor', 'ferrojwt', part), { recursive: true });
  }
  for (const [name, content] of Object.entries(extraSite)) writeFileSync(join(site, name), content);
  const bundle = await bundleWorker(join(ROOT, 'examples', 'worker', 'index.js'), join(out, 'worker'));
  // Bindings, compatibility date and flags as wrangler.jsonc declares them
  // (local storage for D1, KV and Durable Objects), with the demo's secret.
  const { workerOptions } = workerOptionsOf(WRANGLER_CONFIG);
  const mf = new Miniflare({
    ...workerOptions,
    ...bundle,
    bindings: {
      ...workerOptions.bindings,
      JWT_SECRET: DEMO_SECRET,
      USERS: readFileSync(join(ROOT, 'examples', 'worker', 'demo-users.json'), 'utf8'),
      ...bindings,
    },
    assets: { directory: site, binding: 'ASSETS', routerConfig: { has_user_worker: true } },
    host,
    port,
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  return {
    url,
    mf,
    async dispose() {
      await mf.dispose();
      rmSync(out, { recursive: true, force: true });
    },
  };
}
