// Remote key sets across cold workerd isolates. Workers start and drop
// isolates freely, so a key set kept only in module scope is fetched again
// by every new isolate. Here each isolate is a fresh Miniflare instance (a
// new workerd process: module scope starts empty), and the instances share
// persisted cache and KV directories, as the isolates of one location share
// `caches.default` and a KV namespace. The JWKS endpoint counts requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as full from 'ferrojwt/full';
import { jwksServer } from './helpers/jwks-server.mjs';
import { bundleJwksWorker, removeBundle, workerdRuntime } from './helpers/jwks-runtimes.mjs';

const ISOLATES = 20;
const pair = (kid) => full.generateKeyPair('ES256', { kid });
const token = (p) => full.sign({ sub: 'u1' }, p.privateKey, { expiresIn: '5m' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let bundle;
let srv;
let persist;
before(async () => {
  bundle = await bundleJwksWorker();
  srv = await jwksServer();
  persist = mkdtempSync(join(tmpdir(), 'ferrojwt-isolates-'));
});
after(async () => {
  await srv?.close();
  if (bundle) removeBundle(bundle);
  if (persist) rmSync(persist, { recursive: true, force: true });
});

/** One request in a cold isolate: start it, verify `tokens` with the set `set`, stop it. */
async function inColdIsolate(set, tokens) {
  const rt = await workerdRuntime(bundle, { cachePersist: join(persist, 'cache'), kvPersist: join(persist, 'kv') });
  try {
    return await rt.call({ set, tokens });
  } finally {
    await rt.close();
  }
}

const STORES = [['the Cache API (caches.default)', {}], ['a KV namespace', { kv: true }]];

for (const [name, options] of STORES) {
  test(`${ISOLATES} cold isolates within cacheMaxAge fetch the JWKS once, through ${name}`, async (t) => {
    const k = pair('k');
    srv.state.keys = [k.publicKey];
    const path = `/cold-${options.kv ? 'kv' : 'cache'}`;
    for (let i = 0; i < ISOLATES; i++) {
      const [result] = await inColdIsolate({ id: 'idp', url: srv.url(path), options: { ...options, cacheMaxAge: 600 } }, [token(k)]);
      assert.equal(result.kid, 'k', `isolate ${i}`);
    }
    t.diagnostic(`JWKS fetches for ${ISOLATES} cold isolates (${name}): ${srv.state.paths[path]}`);
    assert.equal(srv.state.paths[path], 1);
  });

  test(`rotation across isolates, through ${name}: a cold isolate refetches for an unknown kid once the shared set is older than the cooldown, and shares the new set`, async () => {
    const old = pair('old');
    srv.state.keys = [old.publicKey];
    const path = `/rotation-${options.kv ? 'kv' : 'cache'}`;
    const set = { id: 'idp', url: srv.url(path), options: { ...options, cooldown: 1 } };
    assert.equal((await inColdIsolate(set, [token(old)]))[0].kid, 'old');
    const next = pair('next');
    srv.state.keys = [old.publicKey, next.publicKey];
    await sleep(1100);
    assert.equal((await inColdIsolate(set, [token(next)]))[0].kid, 'next');
    assert.equal(srv.state.paths[path], 2);
    // The next cold isolate reads the rotated set instead of fetching it.
    assert.deepEqual((await inColdIsolate(set, [token(next), token(old)])).map((r) => r.kid), ['next', 'old']);
    assert.equal(srv.state.paths[path], 2);
  });

  test(`stale-if-error across isolates, through ${name}: while the endpoint is down a cold isolate uses the last shared set`, async () => {
    const k = pair('k');
    srv.state.keys = [k.publicKey];
    srv.state.mode = 'ok';
    const path = `/stale-${options.kv ? 'kv' : 'cache'}`;
    const set = { id: 'idp', url: srv.url(path), options: { ...options, cacheMaxAge: 1 } };
    await inColdIsolate(set, [token(k)]);
    srv.state.mode = 'error';
    try {
      await sleep(1100);
      assert.equal((await inColdIsolate(set, [token(k)]))[0].kid, 'k');
      assert.equal(srv.state.paths[path], 2, 'the stale set was refetched first');
    } finally {
      srv.state.mode = 'ok';
    }
  });
}

test(`control: with no shared store, each of ${ISOLATES} cold isolates fetches the JWKS (the module-scope cache alone)`, async (t) => {
  const k = pair('k');
  srv.state.keys = [k.publicKey];
  for (let i = 0; i < ISOLATES; i++) {
    await inColdIsolate({ id: 'idp', url: srv.url('/cold-none'), options: { cache: false, cacheMaxAge: 600 } }, [token(k)]);
  }
  t.diagnostic(`JWKS fetches for ${ISOLATES} cold isolates (no shared store): ${srv.state.paths['/cold-none']}`);
  assert.equal(srv.state.paths['/cold-none'], ISOLATES);
});
