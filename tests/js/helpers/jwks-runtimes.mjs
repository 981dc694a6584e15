// The runtimes the remote key set tests run in: ./jwks-worker.js called in
// Node, or bundled as wrangler does and run in workerd through Miniflare
// (each Miniflare instance a fresh workerd process, so a fresh isolate).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../../../scripts/bundle-worker.mjs';
import worker from './jwks-worker.js';

const ENTRY = fileURLToPath(new URL('./jwks-worker.js', import.meta.url));

/** @typedef {{ name: string, call(body: object): Promise<any>, close(): Promise<void> }} Runtime */

/** A KV namespace in memory (get, put with expirationTtl), for Node. */
function memoryKv() {
  const entries = new Map();
  return {
    async get(key) {
      const e = entries.get(key);
      return e && e.expires > Date.now() ? e.value : null;
    },
    async put(key, value, { expirationTtl = Infinity } = {}) {
      entries.set(key, { value: String(value), expires: Date.now() + expirationTtl * 1000 });
    },
  };
}

/** @returns {Runtime} the worker called in this Node process */
export function nodeRuntime() {
  const env = { JWKS_CACHE: memoryKv() };
  return {
    name: 'node',
    async call(body) {
      const res = await worker.fetch(new Request('http://worker/', { method: 'POST', body: JSON.stringify(body) }), env);
      return res.json();
    },
    async close() {},
  };
}

/** The worker bundled once per test process; remove with `rmSync(bundle.modulesRoot)`. */
export async function bundleJwksWorker() {
  const dir = mkdtempSync(join(tmpdir(), 'ferrojwt-jwks-worker-'));
  return bundleWorker(ENTRY, dir);
}

/**
 * @param {Awaited<ReturnType<typeof bundleJwksWorker>>} bundle
 * @param {{ cachePersist?: string, kvPersist?: string }} [persist] directories
 *   that outlive the instance, as a data centre's cache and KV outlive an isolate
 * @returns {Promise<Runtime>} the worker in a fresh workerd
 */
export async function workerdRuntime(bundle, persist = {}) {
  const mf = new Miniflare({
    ...bundle,
    compatibilityDate: '2026-04-01',
    kvNamespaces: ['JWKS_CACHE'],
    ...persist,
  });
  await mf.ready;
  return {
    name: 'workerd',
    async call(body) {
      const res = await mf.dispatchFetch('http://worker/', { method: 'POST', body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`worker answered ${res.status}: ${await res.text()}`);
      return res.json();
    },
    close: () => mf.dispose(),
  };
}

export const removeBundle = (bundle) => rmSync(bundle.modulesRoot, { recursive: true, force: true });
