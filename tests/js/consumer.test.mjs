// The packed tarball, installed into a fresh project, works with the same
// import line in Node, in Chromium (<script type="module"> and a Vite
// build), in workerd, and type-checks with TypeScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { build as viteBuild } from 'vite';
import { installPacked } from './helpers/packed.mjs';
import { CLI_PROGRAM, EXPECTED, EXPECTED_NODE, IMPORT_MAP_PAGE, PAGE_PROGRAM, WORKER_PROGRAM } from './helpers/program.mjs';
import { launchChromium, serveDir } from './helpers/browser.mjs';
import { bundleWorker } from '../../scripts/bundle-worker.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Serves `root`, opens its index.html in Chromium, and checks the program's result. */
async function expectPageResult(root) {
  const server = await serveDir(root);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 15_000 });
    assert.deepEqual(await page.evaluate(() => window.__result), EXPECTED);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
}

let dir;
before(() => {
  dir = installPacked();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('Node: the installed tarball signs and verifies', () => {
  writeFileSync(join(dir, 'node.mjs'), CLI_PROGRAM);
  const out = execFileSync(process.execPath, ['node.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), EXPECTED_NODE);
  // The tarball holds what it must, and nothing from the build tree.
  const list = execFileSync('tar', ['-tzf', execFileSync('sh', ['-c', 'ls *.tgz'], { cwd: dir, encoding: 'utf8' }).trim()], { cwd: dir, encoding: 'utf8' });
  for (const f of ['package/wasm/ferrojwt_bg.wasm', 'package/wasm/ferrojwt.js', 'package/index.d.ts', 'package/entry/node.js',
    'package/wasm/ferrojwt_full_bg.wasm', 'package/wasm/ferrojwt_full.js', 'package/full.d.ts', 'package/entry/full-node.js']) {
    assert.ok(list.includes(f), `${f} in tarball`);
  }
});

test('Chromium: the same import in a <script type="module"> page', async () => {
  writeFileSync(join(dir, 'index.html'), IMPORT_MAP_PAGE);
  await expectPageResult(dir);
});

test('workerd: the same import in a module worker, bundled as wrangler does', async () => {
  writeFileSync(join(dir, 'worker.js'), WORKER_PROGRAM);
  const bundle = await bundleWorker(join(dir, 'worker.js'), join(dir, 'dist'));
  const mf = new Miniflare({ ...bundle, compatibilityDate: '2026-04-01' });
  try {
    const res = await mf.dispatchFetch('http://localhost/');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), EXPECTED);
  } finally {
    await mf.dispose();
  }
});

test('Chromium: the same import in an app built by Vite', async () => {
  const app = join(dir, 'vite-app');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="./main.js"></script></head><body></body></html>');
  writeFileSync(join(app, 'main.js'), PAGE_PROGRAM);
  await viteBuild({ root: app, logLevel: 'silent', configFile: false, build: { outDir: join(app, 'dist') } });
  await expectPageResult(join(app, 'dist'));
});

test('TypeScript: the shipped types check a typical program and reject misuse', () => {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false, types: [] },
    files: ['typed.ts'],
  }));
  writeFileSync(join(dir, 'typed.ts'), `
import { sign, verify, decode, createVerifier, createSigner, generateSecret, JwtError, type JwtPayload, type VerifyOptions } from 'ferrojwt';
import { authenticate, hasClaims } from 'ferrojwt/worker';
import * as full from 'ferrojwt/full';
const pair = full.generateKeyPair('ES256', { kid: 'k' });
const esToken: string = full.sign({ a: 1 }, pair.privateKey, { alg: 'ES256' });
full.verify(esToken, { keys: [full.exportPublicJwk(pair.privateKey)] }, { algorithms: ['ES256', 'EdDSA'] });
// @ts-expect-error: not a public-key algorithm
full.generateKeyPair('HS256');
import { createAuthClient, createTokenStore, AuthError, type TokenPair } from 'ferrojwt/client';
const client = createAuthClient({ baseUrl: 'https://api.example.com', store: createTokenStore({ storage: 'memory' }), refreshMargin: 60 });
client.on('logout', ({ reason }) => { const r: string = reason; void r; });
client.login({ username: 'a', password: 'b' }).then((p: TokenPair) => p.refresh).catch((e) => { if (e instanceof AuthError) { const s: number = e.status; void s; } });
const res: Promise<Response> = client.fetch('/api/me/', { method: 'GET' });
void res;
// @ts-expect-error: only three events exist
client.on('expired', () => {});
const auth = authenticate(new Request('http://x/'), createVerifier({ key: 'k'.repeat(32) }), { require: { role: 'admin' } });
if (auth.ok) { const id: unknown = auth.claims.user_id; void id; } else { const res: Response = auth.response; void res; }
hasClaims({ scope: 'a b' }, (c) => c.scope === 'a b');
const secret: Uint8Array = generateSecret('HS512');
const token: string = sign({ sub: 'a' }, secret, { alg: 'HS512', expiresIn: '15m', audience: ['x'], jwtId: true, header: { x5t: 'y' } });
const options: VerifyOptions = { algorithms: ['HS512'], audience: 'x', clockTolerance: '5s', claims: { token_type: 'access' }, now: new Date() };
const { header, payload } = verify(token, { keys: [{ kty: 'oct', k: 'abc', kid: '1' }] }, options);
const alg: string = header.alg;
const exp: number | undefined = payload.exp;
const claims: JwtPayload = decode(token).payload;
const v = createVerifier({ key: 'secret', issuer: ['a', 'b'] });
v.verify(token);
v.free();
createSigner({ key: secret, alg: 'HS256' }).sign({ a: 1 });
try { verify(token, secret); } catch (e) { if (e instanceof JwtError) { const c: string = e.code; const r = e.reason; void c; void r; } }
// @ts-expect-error: alg is one of the HMAC algorithms
sign({}, secret, { alg: 'none' });
// @ts-expect-error: the token is a string
verify(42, secret);
// @ts-expect-error: unknown option names are errors at runtime, and in types
verify(token, secret, { audiance: 'x' });
void alg; void exp; void claims;
`);
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', dir], { encoding: 'utf8' });
});
