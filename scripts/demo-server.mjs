// Starts the demo in workerd (through Miniflare): the example worker with
// simplejwt's endpoints plus the www/ page, built by examples/worker/build-site.mjs
// (the package served to the page at /vendor/ferrojwt/).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions as workerOptionsOf } from 'wrangler';
import { bundleWorker } from './bundle-worker.mjs';
import { buildSite } from '../examples/worker/build-site.mjs';
import { applyMigrations, BINDING, persistRootOf } from './d1-local.mjs';
import { saveUsers } from '../examples/worker/users.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The worker's wrangler configuration: the one place its bindings are declared. */
export const WRANGLER_CONFIG = join(ROOT, 'examples', 'worker', 'wrangler.jsonc');
/**
 * Where `make demo` keeps its state (D1 users, KV, Durable Objects): wrangler's own
 * default for this config, so `make demo`, `make users` and `wrangler dev` share one
 * local database.
 */
export const DEMO_STATE = join(ROOT, 'examples', 'worker', '.wrangler', 'state');
/** Demo-only secret (32 bytes, as HS256 requires). Never use it for real. */
export const DEMO_SECRET = 'demo-secret-do-not-use-in-prod!!';
/** The demo users' passwords; examples/worker/demo-users.json holds only their hashes. */
export const DEMO_CREDENTIALS = [
  { username: 'alice', password: 'alice-demo-password', note: 'role admin' },
  { username: 'bob', password: 'bob-demo-password', note: 'role user' },
  { username: 'carol', password: 'carol-demo-password', note: 'inactive: cannot log in' },
];

/**
 * @param {{ port?: number, host?: string, bindings?: Record<string, unknown>, extraSite?: Record<string, string>, stateDir?: string,
 *   handleStructuredLogs?: (log: { timestamp: number, level: string, message: string }) => void }} [opts]
 *   port 0 picks a free one; bindings override the demo's (e.g. token lifetimes);
 *   extraSite adds files to the served site (test pages); stateDir keeps D1, KV and
 *   Durable Objects there (`make demo`: DEMO_STATE), else they live in memory;
 *   handleStructuredLogs receives the worker's console output (else it is printed)
 * @returns {Promise<{ url: string, mf: Miniflare, users: { count: number, demo: string[] }, dispose(): Promise<void> }>}
 *   users: how many the database holds, and which demo users still have their demo password
 */
export async function startDemo({ port = 8787, host = '127.0.0.1', bindings = {}, extraSite = {}, stateDir, handleStructuredLogs } = {}) {
  mkdirSync(join(ROOT, 'target'), { recursive: true });
  const out = mkdtempSync(join(ROOT, 'target', 'demo-'));
  // The page as `wrangler dev` and `wrangler deploy` build it (build.command).
  const site = await buildSite(join(out, 'site'));
  for (const [name, content] of Object.entries(extraSite)) writeFileSync(join(site, name), content);
  const bundle = await bundleWorker(join(ROOT, 'examples', 'worker', 'index.js'), join(out, 'worker'));
  // Bindings, compatibility date and flags as wrangler.jsonc declares them
  // (local storage for D1, KV and Durable Objects), with the demo's secret.
  // The assets as wrangler.jsonc declares them (the worker runs first), from this build.
  const { workerOptions } = workerOptionsOf(WRANGLER_CONFIG, undefined, { overrides: { assets: { directory: site } } });
  const mf = new Miniflare({
    ...workerOptions,
    ...bundle,
    bindings: {
      ...workerOptions.bindings,
      JWT_SECRET: DEMO_SECRET,
      ...bindings,
    },
    ...(stateDir ? { defaultPersistRoot: persistRootOf(stateDir) } : {}),
    ...(handleStructuredLogs ? { handleStructuredLogs } : {}),
    host,
    port,
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  let users;
  try {
    users = await seedUsers(mf);
  } catch (e) {
    await mf.dispose();
    rmSync(out, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    mf,
    users,
    async dispose() {
      await mf.dispose();
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/**
 * Migrates the worker's D1 database and, while it holds no users, adds the
 * demo users (examples/worker/demo-users.json: hashes only), so `make demo`
 * needs nothing but itself. Users imported with `make users` are kept.
 */
async function seedUsers(mf) {
  const db = await mf.getD1Database(BINDING);
  await applyMigrations(db, WRANGLER_CONFIG);
  const demo = Object.entries(JSON.parse(readFileSync(join(ROOT, 'examples', 'worker', 'demo-users.json'), 'utf8')))
    .map(([username, u]) => ({ username, ...u }));
  if ((await db.prepare('SELECT count(*) AS n FROM users').first()).n === 0) await saveUsers({ DB: db }, demo);
  const { results } = await db.prepare('SELECT username, password FROM users').all();
  const kept = demo.filter((d) => results.some((r) => r.username === d.username && r.password === d.password));
  return { count: results.length, demo: kept.map((d) => d.username) };
}
