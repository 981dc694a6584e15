// ferrojwt/hono: jwtAuth in one Hono app served on Node (@hono/node-server)
// and on workerd (Miniflare), both over real loopback ports, with a prepared
// verifier and with a remote key set; its options; and the upload size of a
// minimal Hono worker beside the same worker with hono/jwt, from the packed
// tarball built by wrangler.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Miniflare } from 'miniflare';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { createVerifier, sign } from 'ferrojwt';
import * as full from 'ferrojwt/full';
import { jwtAuth } from 'ferrojwt/hono';
import { bundleWorker } from '../../scripts/bundle-worker.mjs';
import { installPacked } from './helpers/packed.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'hono-test-secret-32-bytes-long!!';

// The app under test, as a user writes it; the same source runs in Node and
// in workerd. `createApp` takes what a worker reads from `env`.
const APP = `
import { Hono } from 'hono';
import { createVerifier } from 'ferrojwt';
import { createRemoteKeySet } from 'ferrojwt/jwks';
import { jwtAuth } from 'ferrojwt/hono';

export function createApp({ secret, jwksUrl, deadJwksUrl }) {
  const verifier = createVerifier({ key: secret, claims: { token_type: 'access' } });
  const remote = createRemoteKeySet(jwksUrl).createVerifier({ algorithms: ['ES256'], claims: { token_type: 'access' } });
  const dead = createRemoteKeySet(deadJwksUrl, { timeout: 3 }).createVerifier();
  const who = (c) => c.json({ payload: c.get('jwtPayload'), header: c.get('jwtHeader') });

  const app = new Hono();
  app.use('/api/*', jwtAuth({ verifier }));
  app.get('/api/me', who);
  app.use('/admin/*', jwtAuth({ verifier, require: { role: 'admin' } }));
  app.get('/admin/stats', who);
  app.use('/remote/*', jwtAuth({ verifier: remote }));
  app.get('/remote/me', who);
  app.use('/down/*', jwtAuth({ verifier: dead }));
  app.get('/down/me', who);
  return app;
}
`;
const WORKER = `
import { createApp } from './app.js';
let app;
export default {
  fetch(request, env, ctx) {
    app ??= createApp({ secret: env.JWT_SECRET, jwksUrl: env.JWKS_URL, deadJwksUrl: env.DEAD_JWKS_URL });
    return app.fetch(request, env, ctx);
  },
};
`;

/** A JWKS endpoint on loopback that counts its requests. */
async function jwksServer(keys) {
  const state = { hits: 0 };
  const server = createServer((req, res) => {
    state.hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    state,
    url: `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`,
    close() {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

/** A loopback URL where nothing listens: the port was just given back. */
async function deadUrl() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}/.well-known/jwks.json`;
}

const idp = full.generateKeyPair('ES256', { kid: 'idp-1' });
const hmac = (claims, options = {}) => sign({ token_type: 'access', ...claims }, SECRET, { expiresIn: '5m', ...options });
const es256 = (claims) => full.sign({ token_type: 'access', ...claims }, idp.privateKey, { expiresIn: '5m' });

const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.' };
const BAD_HEADER = { detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' };
const INVALID = { detail: 'Given token not valid for any token type', code: 'token_not_valid', messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid' }] };
const EXPIRED = { ...INVALID, messages: [{ ...INVALID.messages[0], message: 'Token is expired' }] };
const DENIED = { detail: 'You do not have permission to perform this action.' };
const PLAIN = 'Bearer realm="api"';
const WITH_ERROR = 'Bearer realm="api", error="invalid_token"';

async function call(base, path, authorization) {
  const res = await fetch(`${base}${path}`, { headers: authorization === undefined ? {} : { authorization } });
  return { status: res.status, body: await res.json(), challenge: res.headers.get('www-authenticate'), retryAfter: res.headers.get('retry-after') };
}

/**
 * The same behaviour, whatever runs the app.
 * @param {string} runtime
 * @param {(env: { secret: string, jwksUrl: string, deadJwksUrl: string }) => Promise<{ url: string, close(): Promise<void> }>} start
 */
function behaves(runtime, start) {
  describe(`Hono on ${runtime}`, () => {
    let app;
    let jwks;
    before(async () => {
      jwks = await jwksServer([idp.publicKey]);
      app = await start({ secret: SECRET, jwksUrl: jwks.url, deadJwksUrl: await deadUrl() });
    });
    after(async () => {
      await app?.close();
      await jwks?.close();
    });

    test('a valid token: 200, the claims at c.get("jwtPayload"), the header at c.get("jwtHeader")', async () => {
      const r = await call(app.url, '/api/me', `Bearer ${hmac({ sub: 'alice', user_id: 1 })}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.payload.sub, 'alice');
      assert.equal(r.body.payload.user_id, 1);
      assert.equal(r.body.payload.exp - r.body.payload.iat, 300);
      assert.deepEqual(r.body.header, { alg: 'HS256', typ: 'JWT' });
    });

    test('refusals: simplejwt\'s 401 bodies with RFC 6750 challenges', async () => {
      const cases = [
        ['no header', undefined, NOT_PROVIDED, PLAIN],
        ['another scheme', `Basic ${btoa('alice:pw')}`, NOT_PROVIDED, PLAIN],
        ['no token', 'Bearer', BAD_HEADER, PLAIN],
        ['two tokens', `Bearer ${hmac({})} x`, BAD_HEADER, PLAIN],
        ['expired', `Bearer ${hmac({ sub: 'a' }, { now: Math.floor(Date.now() / 1000) - 3600 })}`, EXPIRED, WITH_ERROR],
        ['bad signature', `Bearer ${sign({ token_type: 'access' }, 'another-secret-of-32-bytes-long!', { expiresIn: '5m' })}`, INVALID, WITH_ERROR],
        ['wrong token_type', `Bearer ${hmac({ token_type: 'refresh' })}`, INVALID, WITH_ERROR],
        ['not a JWT', 'Bearer garbage', INVALID, WITH_ERROR],
      ];
      for (const [name, authorization, body, challenge] of cases) {
        const r = await call(app.url, '/api/me', authorization);
        assert.deepEqual([r.status, r.body, r.challenge], [401, body, challenge], name);
      }
    });

    test('require: claims that fail it get a 403; claims that meet it pass', async () => {
      const denied = await call(app.url, '/admin/stats', `Bearer ${hmac({ sub: 'bob', role: 'user' })}`);
      assert.deepEqual([denied.status, denied.body, denied.challenge], [403, DENIED, null]);
      const allowed = await call(app.url, '/admin/stats', `Bearer ${hmac({ sub: 'alice', role: 'admin' })}`);
      assert.deepEqual([allowed.status, allowed.body.payload.sub], [200, 'alice']);
      // require is checked after the token: a bad token is still a 401.
      assert.equal((await call(app.url, '/admin/stats', 'Bearer garbage')).status, 401);
    });

    test('a remote key set\'s verifier: concurrent first requests share one JWKS fetch', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call(app.url, '/remote/me', `Bearer ${es256({ sub: `u${i}` })}`)));
      assert.deepEqual(results.map((r) => [r.status, r.body.payload.sub]), results.map((_, i) => [200, `u${i}`]));
      assert.deepEqual(results[0].body.header, { alg: 'ES256', typ: 'JWT', kid: 'idp-1' });
      assert.equal(jwks.state.hits, 1);
      const wrongType = await call(app.url, '/remote/me', `Bearer ${es256({ token_type: 'refresh' })}`);
      assert.deepEqual([wrongType.status, wrongType.body, wrongType.challenge], [401, INVALID, WITH_ERROR]);
      const hmacToken = await call(app.url, '/remote/me', `Bearer ${hmac({})}`);
      assert.deepEqual([hmacToken.status, hmacToken.body], [401, INVALID]);
    });

    test('the JWKS endpoint is down: 503 jwks_unavailable, so the client keeps its tokens', async () => {
      const r = await call(app.url, '/down/me', `Bearer ${es256({ sub: 'u' })}`);
      assert.deepEqual([r.status, r.body.code, r.retryAfter, r.challenge], [503, 'jwks_unavailable', '30', null]);
      assert.equal(r.body.detail, 'The key set of the token issuer is unavailable; try again later.');
    });

    test('many concurrent requests: each gets its own claims and header, or its own refusal', async () => {
      const requests = Array.from({ length: 120 }, (_, i) => {
        switch (i % 4) {
          case 0: return { path: '/api/me', auth: `Bearer ${hmac({ sub: `h${i}` })}`, status: 200, sub: `h${i}`, alg: 'HS256' };
          case 1: return { path: '/remote/me', auth: `Bearer ${es256({ sub: `r${i}` })}`, status: 200, sub: `r${i}`, alg: 'ES256' };
          case 2: return { path: '/api/me', auth: `Bearer ${hmac({ token_type: 'refresh' })}`, status: 401 };
          default: return { path: '/admin/stats', auth: `Bearer ${hmac({ sub: `a${i}`, role: 'user' })}`, status: 403 };
        }
      });
      const results = await Promise.all(requests.map((q) => call(app.url, q.path, q.auth)));
      results.forEach((r, i) => {
        const q = requests[i];
        assert.equal(r.status, q.status, `request ${i}`);
        if (q.status === 200) assert.deepEqual([r.body.payload.sub, r.body.header.alg], [q.sub, q.alg], `request ${i}`);
      });
    });
  });
}

let work;
before(() => {
  mkdirSync(join(ROOT, 'target'), { recursive: true });
  // Inside the repository, so that 'hono' and 'ferrojwt' resolve as in an app.
  work = mkdtempSync(join(ROOT, 'target', 'hono-'));
  writeFileSync(join(work, 'app.js'), APP);
  writeFileSync(join(work, 'worker.js'), WORKER);
});
after(() => rmSync(work, { recursive: true, force: true }));

behaves('Node (@hono/node-server)', async (env) => {
  const { createApp } = await import(pathToFileURL(join(work, 'app.js')).href);
  const app = createApp(env);
  const server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(r);
    }),
  };
});

behaves('workerd (Miniflare)', async (env) => {
  const bundle = await bundleWorker(join(work, 'worker.js'), join(work, 'dist'));
  const mf = new Miniflare({
    ...bundle,
    compatibilityDate: '2026-04-01',
    bindings: { JWT_SECRET: env.secret, JWKS_URL: env.jwksUrl, DEAD_JWKS_URL: env.deadJwksUrl },
    host: '127.0.0.1',
    port: 0,
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  return { url, close: () => mf.dispose() };
});

describe('jwtAuth in-process', () => {
  const verifier = createVerifier({ key: SECRET, claims: { token_type: 'access' } });

  test('options are read as the rest of the package reads them: a typo or a missing value is a TypeError', () => {
    assert.throws(() => jwtAuth(), TypeError);
    assert.throws(() => jwtAuth({}), /options.verifier must be a verifier/);
    assert.throws(() => jwtAuth({ verifier: SECRET }), /options.verifier must be a verifier/);
    assert.throws(() => jwtAuth({ verifier, requires: { role: 'admin' } }), /unknown option "requires"/);
    assert.throws(() => jwtAuth({ verifier, require: undefined }), /options.require is undefined/);
    assert.throws(() => jwtAuth(Object.assign(Object.create({ secret: 'x' }), { verifier })), /unknown option "secret"/);
  });

  test('scheme and realm reach the answers; CORS headers of earlier middleware stay on a refusal', async () => {
    const app = new Hono();
    app.use('*', cors({ origin: 'https://app.example' }));
    app.use('/api/*', jwtAuth({ verifier, scheme: 'JWT', realm: 'internal' }));
    app.get('/api/me', (c) => c.json(c.get('jwtPayload')));
    const refused = await app.request('/api/me', { headers: { origin: 'https://app.example', authorization: 'JWT garbage' } });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('www-authenticate'), 'JWT realm="internal", error="invalid_token"');
    // A front end on another origin can read why it was refused.
    assert.equal(refused.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.deepEqual(await refused.json(), INVALID);
    const ok = await app.request('/api/me', { headers: { authorization: `JWT ${hmac({ sub: 'x' })}` } });
    assert.equal((await ok.json()).sub, 'x');
    const bearer = await app.request('/api/me', { headers: { authorization: `Bearer ${hmac({ sub: 'x' })}` } });
    assert.deepEqual([bearer.status, bearer.headers.get('www-authenticate')], [401, 'JWT realm="internal"']);
  });

  test('a verifier that fails for another reason than the token is an error for app.onError, not a 401', async () => {
    const freed = createVerifier({ key: SECRET });
    freed.free();
    const app = new Hono();
    const seen = [];
    app.onError((err, c) => {
      seen.push(err);
      return c.json({ detail: 'server error' }, 500);
    });
    app.use('*', jwtAuth({ verifier: freed }));
    app.get('/', (c) => c.text('never'));
    const res = await app.request('/', { headers: { authorization: `Bearer ${hmac({})}` } });
    assert.equal(res.status, 500);
    assert.equal(seen.length, 1);
  });
});

test('TypeScript: c.get("jwtPayload") and c.get("jwtHeader") are typed, beside hono/jwt too; misuse is an error', () => {
  const dir = join(work, 'typed');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false, types: [] },
    files: ['app.ts'],
  }));
  writeFileSync(join(dir, 'app.ts'), `
import { Hono } from 'hono';
import { jwt } from 'hono/jwt';
import { createVerifier } from 'ferrojwt';
import { createRemoteKeySet } from 'ferrojwt/jwks';
import { jwtAuth, type JwtAuthOptions } from 'ferrojwt/hono';

const app = new Hono();
app.use('/api/*', jwtAuth({ verifier: createVerifier({ key: 'k'.repeat(32) }), require: { role: 'admin' } }));
app.use('/remote/*', jwtAuth({ verifier: createRemoteKeySet('https://idp.example/jwks.json').createVerifier({ algorithms: ['ES256'] }) }));
app.use('/theirs/*', jwt({ secret: 'x', alg: 'HS256' }));
app.get('/api/me', (c) => {
  const sub: string | undefined = c.get('jwtPayload').sub;
  const alg: string = c.get('jwtHeader').alg;
  return c.json({ sub, alg, kid: c.var.jwtHeader.kid });
});
new Hono().use(jwtAuth({ verifier: createVerifier({ key: 'k'.repeat(32) }) })).get('/', (c) => c.text(String(c.var.jwtPayload.exp)));
const options: JwtAuthOptions = { verifier: createVerifier({ key: 'k'.repeat(32) }), scheme: 'Bearer', realm: 'api' };
void options;
// @ts-expect-error: claims are typed, not any
app.get('/n', (c) => c.text((c.get('jwtPayload').sub satisfies number).toFixed()));
// @ts-expect-error: the verifier is required
jwtAuth({});
// @ts-expect-error: a secret is not a verifier
jwtAuth({ verifier: 'secret' });
// @ts-expect-error: unknown option
jwtAuth({ verifier: createVerifier({ key: 'k'.repeat(32) }), requires: { role: 'admin' } });
export default app;
`);
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', dir], { encoding: 'utf8' });
  } catch (error) {
    assert.fail(error.stdout || error.message);
  }
});

// What a Cloudflare upload costs, as wrangler reports it, for a minimal Hono
// worker: without authentication, with ferrojwt/hono, and with hono/jwt.
const WORKERS = {
  bare: `import { Hono } from 'hono';
const app = new Hono();
app.get('/api/me', (c) => c.json({ ok: true }));
export default app;
`,
  ferrojwt: `import { Hono } from 'hono';
import { createVerifier } from 'ferrojwt';
import { jwtAuth } from 'ferrojwt/hono';
const app = new Hono();
let auth;
app.use('/api/*', (c, next) => {
  auth ??= jwtAuth({ verifier: createVerifier({ key: c.env.JWT_SECRET, claims: { token_type: 'access' } }) });
  return auth(c, next);
});
app.get('/api/me', (c) => c.json(c.get('jwtPayload')));
export default app;
`,
  honoJwt: `import { Hono } from 'hono';
import { jwt } from 'hono/jwt';
const app = new Hono();
app.use('/api/*', (c, next) => jwt({ secret: c.env.JWT_SECRET, alg: 'HS256' })(c, next));
app.get('/api/me', (c) => c.json(c.get('jwtPayload')));
export default app;
`,
};

/** `wrangler deploy --dry-run` of `source` in `dir`: wrangler's "gzip:" figure, in KiB. */
function uploadKiB(dir, name, source) {
  const project = join(dir, name);
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'worker.js'), source);
  writeFileSync(join(project, 'wrangler.toml'), `name = "${name.toLowerCase()}"\nmain = "worker.js"\ncompatibility_date = "2026-04-01"\n`);
  const out = execFileSync(join(ROOT, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', join(project, 'dist')], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
  });
  const match = /Total Upload: [\d.]+ KiB \/ gzip: ([\d.]+) KiB/.exec(out);
  assert.ok(match, `wrangler's summary in:\n${out}`);
  return Number(match[1]);
}

test('upload size (wrangler, packed tarball): ferrojwt/hono adds at most 60 KiB gzip to a Hono worker', () => {
  const dir = installPacked();
  try {
    // As a user adds the optional peer: from the npm cache the suite's install filled.
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', 'hono@4.13.19'], { cwd: dir });
    const sizes = Object.fromEntries(Object.entries(WORKERS).map(([name, source]) => [name, uploadKiB(dir, name, source)]));
    console.log(`[size] Hono worker upload, gzip: bare ${sizes.bare} KiB, ferrojwt/hono ${sizes.ferrojwt} KiB, hono/jwt ${sizes.honoJwt} KiB`);
    // The same budget as a worker using ferrojwt and ferrojwt/worker: an
    // HMAC-only app carries the core wasm and never the public-key one.
    assert.ok(sizes.ferrojwt - sizes.bare <= 60, `ferrojwt/hono adds ${(sizes.ferrojwt - sizes.bare).toFixed(2)} KiB gzip`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
