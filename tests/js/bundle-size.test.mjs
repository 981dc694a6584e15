// What each entry costs a Cloudflare Worker: tiny workers built by
// `wrangler deploy --dry-run` (wrangler 4.86.0) against the packed tarball
// installed as a user installs it. The upload size is wrangler's own figure
// ("Total Upload: X KiB / gzip: Y KiB", the gzip of every module uploaded).
// Budget: a worker importing `ferrojwt` and `ferrojwt/worker` uploads at most
// 60 KiB gzip (64 with `ferrojwt/jwks`, verifying an identity provider's
// tokens), and carries no public-key wasm (ferrojwt/full's, 680 KB):
// while ferrojwt/worker still re-exported the remote key sets it uploaded
// 339 KiB gzip (this test, before they moved to ferrojwt/jwks).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { installPacked } from './helpers/packed.mjs';

const WRANGLER = fileURLToPath(new URL('../../node_modules/.bin/wrangler', import.meta.url));
const KIB = 1024;
/** Budgets, gzip: an HMAC worker, and one verifying an identity provider's tokens (it carries the JWKS fetcher too). */
const BUDGETS = { 'ferrojwt + ferrojwt/worker': 60 * KIB, 'ferrojwt/jwks + ferrojwt/worker': 64 * KIB };

/**
 * Each worker uses what it imports (a bundler drops the rest), as a real
 * one would; `env` is read inside `fetch`, the only place it exists.
 */
const WORKERS = {
  'ferrojwt + ferrojwt/worker': `
import { createVerifier } from 'ferrojwt';
import { authenticate } from 'ferrojwt/worker';
let verifier;
export default {
  fetch(request, env) {
    verifier ??= createVerifier({ key: env.JWT_SECRET, claims: { token_type: 'access' } });
    const auth = authenticate(request, verifier);
    return auth.ok ? Response.json(auth.claims) : auth.response;
  },
};`,
  ferrojwt: `
import { sign, verify } from 'ferrojwt';
export default {
  fetch(request, env) {
    const token = sign({ sub: 'a' }, env.JWT_SECRET, { expiresIn: '5m' });
    return Response.json(verify(token, env.JWT_SECRET).payload);
  },
};`,
  'ferrojwt/jwks + ferrojwt/worker': `
import { createRemoteKeySet } from 'ferrojwt/jwks';
import { authenticate } from 'ferrojwt/worker';
let verifier;
export default {
  async fetch(request, env) {
    verifier ??= createRemoteKeySet(env.JWKS_URL, { kv: env.JWKS_CACHE }).createVerifier({ issuer: env.ISSUER });
    const auth = await authenticate(request, verifier);
    return auth.ok ? Response.json(auth.claims) : auth.response;
  },
};`,
  'ferrojwt/full': `
import { sign, verify, generateKeyPair } from 'ferrojwt/full';
export default {
  fetch() {
    const { privateKey, publicKey } = generateKeyPair('ES256', { kid: 'k' });
    return Response.json(verify(sign({ sub: 'a' }, privateKey), { keys: [publicKey] }).payload);
  },
};`,
  'ferrojwt/client': `
import { createAuthClient, createTokenStore } from 'ferrojwt/client';
export default {
  fetch(request, env) {
    const client = createAuthClient({ baseUrl: env.API, store: createTokenStore({ storage: 'memory' }) });
    return client.fetch('/api/me/');
  },
};`,
};

let dir;
let fullWasm;
before(() => {
  dir = installPacked();
  fullWasm = readFileSync(join(dir, 'node_modules', 'ferrojwt', 'wasm', 'ferrojwt_full_bg.wasm'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const built = new Map();
/** Each worker built once per run. */
const wranglerBuild = (name) => {
  if (!built.has(name)) built.set(name, build(name));
  return built.get(name);
};

/**
 * Builds the worker `name` with wrangler.
 * @returns {Promise<{ raw: number, gzip: number, files: Map<string, Buffer> }>}
 *   wrangler's sizes, in bytes, and the files it would upload
 */
async function build(name) {
  const project = join(dir, name.replace(/[^a-z]+/g, '-'));
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'worker.js'), WORKERS[name]);
  writeFileSync(join(project, 'wrangler.json'), JSON.stringify({ name: 'size', main: 'worker.js', compatibility_date: '2026-04-01' }));
  const { stdout } = await promisify(execFile)(WRANGLER, ['deploy', '--dry-run', '--outdir', 'dist'], {
    cwd: project,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const report = stdout.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
  assert.ok(report, `wrangler printed no size:\n${stdout}`);
  const files = new Map();
  for (const file of readdirSync(join(project, 'dist'))) {
    // wrangler uploads the modules; it writes a README and a source map beside them.
    if (file.endsWith('.js') || file.endsWith('.wasm')) files.set(file, readFileSync(join(project, 'dist', file)));
  }
  return { raw: Math.round(Number(report[1]) * KIB), gzip: Math.round(Number(report[2]) * KIB), files };
}

const hasFullWasm = (files) => [...files.values()].some((content) => content.equals(fullWasm));
const kib = (bytes) => `${(bytes / KIB).toFixed(1)} KiB`;

// The second verifies an identity provider's RS256 or ES256 tokens (issue 16;
// it uploaded 298 KiB gzip while ferrojwt/jwks verified with ferrojwt/full).
for (const [name, budget] of Object.entries(BUDGETS)) {
  test(`a worker importing ${name} uploads at most ${kib(budget)} gzip, with no public-key wasm`, async (t) => {
    const { raw, gzip, files } = await wranglerBuild(name);
    t.diagnostic(`${name}: ${kib(raw)} raw, ${kib(gzip)} gzip`);
    assert.equal(hasFullWasm(files), false, `uploads ${[...files.keys()].join(', ')}`);
    for (const [file, content] of files) {
      assert.ok(!file.includes('full') && !content.includes('ferrojwt_full'), `${file} refers to ferrojwt/full`);
    }
    // wrangler's figure is the gzip of the modules it uploads: checked here so
    // that the budget cannot pass on a misread report.
    const ours = gzipSync(Buffer.concat([...files.values()])).byteLength;
    assert.ok(Math.abs(ours - gzip) < 0.05 * gzip, `wrangler says ${gzip} B gzip, the modules gzip to ${ours} B`);
    assert.ok(gzip <= budget, `${kib(gzip)} gzip is over the budget of ${kib(budget)}`);
  });
}

test('the upload size of every entry (the README table); the public-key wasm only where ferrojwt/full is imported', async (t) => {
  const rows = [];
  for (const name of Object.keys(WORKERS)) {
    const { raw, gzip, files } = await wranglerBuild(name);
    rows.push(`| \`${name}\` | ${kib(raw)} | ${kib(gzip)} |`);
    assert.equal(hasFullWasm(files), /full/.test(name), name);
  }
  for (const row of ['| worker importing | upload | gzip |', '| --- | --- | --- |', ...rows]) t.diagnostic(row);
});
