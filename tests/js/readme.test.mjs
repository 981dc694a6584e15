// Every program in README.md and pkg/README.md runs, in the runtime its
// fence names, against the packed tarball installed as a user installs it.
// Whatever blocks the READMEs hold when this runs are the tests:
//
//   ```js node        a Node program: exits 0
//   ```js node-server a Node program that serves HTTP: answered as a worker is (below);
//                     it may listen on any port (the test moves it to a free one)
//   ```js worker      a module worker (or a Hono app as `export default app`), bundled as
//                     wrangler does and run in workerd: some path it names answers 401
//                     without a token and 200 with a valid one, and nothing answers 5xx
//   ```html browser   a page (served beside node_modules/): loads in Chromium with no error
//   ```jsx react      a React app in files, each headed `// name.js`, the last exporting its
//                     component: react-dom renders that into a page, built with Vite 8
//                     (automatic JSX, no React plugin) and served on one origin with the
//                     demo worker's /api/; in Chromium its "Log in" button logs in as the
//                     user the block names, the page greets that user with the user id from
//                     the token's claims, "Log out" brings "Log in" back, and no error shows
//   ```js vite6-config  used by runtimes-vite.test.mjs for its Vite 6 app
//   ```js fragment    not a program (a sketch of a call): not run
//
// A js, jsx, ts or html block without one of these fails, so a new README
// program cannot go untested. Workers and servers get JWT_SECRET in their
// environment, and any URL they fetch answers with a JWKS holding the
// RS256 key the test signs with; tokens carry the issuer and audience the
// block names and the claims README examples require.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { keyPair } from './helpers/signatures.mjs';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { Miniflare } from 'miniflare';
import { sign } from 'ferrojwt';
import { codeBlocks } from './helpers/markdown.mjs';
import { installPacked } from './helpers/packed.mjs';
import { launchChromium, serveDir } from './helpers/browser.mjs';
import { reverseProxy } from './helpers/reverse-proxy.mjs';
import { startServer } from './helpers/processes.mjs';
import { bundleWorker } from '../../scripts/bundle-worker.mjs';
import { startDemo } from '../../scripts/demo-server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READMES = ['README.md', 'pkg/README.md'];
const PROGRAM_LANGS = new Set(['js', 'mjs', 'jsx', 'ts', 'tsx', 'html']);
const NOT_RUN_HERE = new Set(['fragment', 'vite6-config']);
const JWT_SECRET = 'readme-test-secret-of-at-least-32-bytes';
const RSA = keyPair('rsa', { modulusLength: 2048 });
const DEMO_USERS = JSON.parse(readFileSync(join(ROOT, 'examples', 'worker', 'demo-users.json'), 'utf8'));
const JWKS = { keys: [{ ...RSA.publicKey.export({ format: 'jwk' }), kid: 'readme', alg: 'RS256', use: 'sig' }] };

const blocks = READMES.flatMap((file) => codeBlocks(join(ROOT, file)))
  .filter((b) => PROGRAM_LANGS.has(b.lang))
  .map((b) => ({ ...b, name: `${b.file.slice(ROOT.length)}:${b.line}` }));

let dir;
let chromium;
before(() => {
  dir = installPacked();
  // The consumer also gets the other packages the programs import (hono, ...),
  // at the workspace's versions, as a user would install them.
  const programs = [...blocks.map((b) => b.code), reactEntry('App.jsx', 'App')];
  const wanted = new Set(programs.flatMap(importsOf).filter((s) => s !== 'ferrojwt'));
  const versions = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies;
  const installable = [...wanted].filter((name) => versions[name]).map((name) => `${name}@${versions[name]}`);
  if (installable.length > 0) {
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', ...installable], { cwd: dir });
  }
});
after(async () => {
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The packages a block imports (their names, not deep paths). */
function importsOf(code) {
  const names = [...code.matchAll(/\bfrom\s+['"]([^'"./][^'"]*)['"]|\bimport\s*\(\s*['"]([^'"./][^'"]*)['"]/g)]
    .map((m) => m[1] ?? m[2]);
  return names.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]));
}

/** A file name in the consumer project for this block. */
function fileFor(block, ext) {
  return `readme-${block.name.replace(/[^\w]+/g, '-')}${ext}`;
}

/** Tokens for the block: HS256 with JWT_SECRET, and RS256 with the key of the served JWKS. */
async function tokensFor(code) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: '42', user_id: 7, role: 'admin', token_type: 'access', iat: now, exp: now + 300 };
  const issuer = /\bissuer:\s*['"]([^'"]+)['"]/.exec(code)?.[1];
  const audience = /\baudience:\s*['"]([^'"]+)['"]/.exec(code)?.[1];
  if (issuer) claims.iss = issuer;
  if (audience) claims.aud = audience;
  return {
    HS256: sign(claims, JWT_SECRET),
    RS256: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'readme' }).sign(RSA.privateKey),
  };
}

/** Paths a server block names ('/api/me/', ...), and '/'. */
function pathsIn(code) {
  const named = [...code.matchAll(/['"`](\/[\w\-./]*)['"`]/g)].map((m) => m[1]);
  return [...new Set(['/', ...named])];
}

/**
 * Some path answers 401 (with WWW-Authenticate) without a token and 200 with
 * one of the tokens; no request gets a 5xx.
 * @param {(path: string, headers: Record<string, string>) => Promise<Response>} request
 */
async function expectAuthenticatedApi(code, request) {
  const tokens = await tokensFor(code);
  const seen = [];
  const statuses = [];
  let protectedPath = null;
  for (const path of pathsIn(code)) {
    const anonymous = await request(path, {});
    await anonymous.arrayBuffer();
    statuses.push(anonymous.status);
    const answers = [];
    for (const [alg, token] of Object.entries(tokens)) {
      const res = await request(path, { authorization: `Bearer ${token}` });
      statuses.push(res.status);
      answers.push(`${alg} ${res.status} ${(await res.text()).slice(0, 120)}`);
      if (anonymous.status === 401 && res.status === 200) protectedPath ??= path;
    }
    seen.push(`${path}: anonymous ${anonymous.status} ${anonymous.headers.get('www-authenticate') ?? ''}; ${answers.join('; ')}`);
    if (anonymous.status === 401) assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer /);
  }
  assert.ok(statuses.every((status) => status < 500), seen.join('\n'));
  assert.ok(protectedPath, `no path answered 401 without a token and 200 with one:\n${seen.join('\n')}`);
}

/** The JWKS the test signs with, for any URL a worker or server fetches. */
function jwksResponse() {
  return Response.json(JWKS, { headers: { 'cache-control': 'max-age=600' } });
}

async function browser() {
  chromium ??= await launchChromium();
  return chromium;
}

/**
 * Opens `url` in Chromium and lets `drive` act on the page; resolves to the
 * page's errors (uncaught and console) from load to the end of `drive`.
 * @param {string} url
 * @param {(page: import('playwright-core').Page) => Promise<void>} [drive]
 */
async function pageErrors(url, drive = async () => {}) {
  const page = await (await browser()).context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(url, { waitUntil: 'networkidle' });
    await drive(page);
    return errors;
  } catch (e) {
    // What the page threw is usually why `drive` did not see what it waited for.
    if (errors.length > 0) e.message += `\npage errors:\n${errors.join('\n')}`;
    throw e;
  } finally {
    await page.close();
  }
}

/** Waits until the text of `selector` includes `text`; the error names the text it had. */
async function untilText(page, selector, text) {
  try {
    await page.waitForFunction(([s, t]) => document.querySelector(s)?.textContent.includes(t), [selector, text], { timeout: 15_000 });
  } catch {
    assert.fail(`${selector} never showed ${JSON.stringify(text)}; it shows ${JSON.stringify(await page.textContent(selector))}`);
  }
}

/**
 * The entry of a React block's app: react-dom renders `component`, exported
 * by `./file`, into #root.
 */
function reactEntry(file, component) {
  return `import { createRoot } from 'react-dom/client';
import { ${component} } from './${file}';

createRoot(document.getElementById('root')).render(<${component} />);
`;
}

const RUN = {
  node(block) {
    const file = fileFor(block, '.mjs');
    writeFileSync(join(dir, file), block.code);
    execFileSync(process.execPath, [file], { cwd: dir, env: { ...process.env, JWT_SECRET }, timeout: 60_000, stdio: 'pipe' });
  },

  async 'node-server'(block) {
    const file = fileFor(block, '.mjs');
    writeFileSync(join(dir, file), block.code);
    const server = await startServer(process.execPath, ['--import', join(ROOT, 'tests/js/helpers/listen-anywhere.mjs'), file], {
      cwd: dir, env: { JWT_SECRET }, ready: /listening on (http:\/\/\S+)/,
    });
    try {
      await expectAuthenticatedApi(block.code, (path, headers) => fetch(new URL(path, server.match[1]), { headers }));
    } finally {
      await server.stop();
    }
  },

  async worker(block) {
    const file = fileFor(block, '.js');
    writeFileSync(join(dir, file), block.code);
    const bundle = await bundleWorker(join(dir, file), join(dir, `${file}.dist`));
    const mf = new Miniflare({
      ...bundle, compatibilityDate: '2026-04-01', bindings: { JWT_SECRET }, outboundService: jwksResponse,
    });
    try {
      await expectAuthenticatedApi(block.code, (path, headers) => mf.dispatchFetch(`http://localhost${path}`, { headers }));
    } finally {
      await mf.dispose();
    }
  },

  async browser(block) {
    const file = fileFor(block, '.html');
    writeFileSync(join(dir, file), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">\n${block.code}\n`);
    const server = await serveDir(dir);
    try {
      assert.deepEqual(await pageErrors(`${server.url}/${file}`), []);
    } finally {
      await server.close();
    }
  },

  async react(block) {
    const files = splitFiles(block.code);
    assert.ok(files.size > 0, 'files headed `// name.js`');
    const app = join(dir, fileFor(block, ''));
    const local = (code) => [...code.matchAll(/\bfrom\s+['"]\.\/([^'"]+)['"]/g)].map((m) => m[1]);
    for (const [name, code] of files) {
      mkdirSync(dirname(join(app, name)), { recursive: true });
      writeFileSync(join(app, name), code);
      for (const dep of local(code)) assert.ok(files.has(dep), `${name} imports ./${dep}, which the block does not hold`);
    }
    // The last file is the app: it exports the component and, through its
    // imports, reaches every other file, so each one runs.
    const [root, rootCode] = [...files].at(-1);
    const component = /\bexport\s+(?:function|const)\s+([A-Z]\w*)/.exec(rootCode)?.[1];
    assert.ok(component, `${root} exports a component (a capitalised function)`);
    const reached = new Set();
    const reach = (name) => {
      if (reached.has(name)) return;
      reached.add(name);
      local(files.get(name)).forEach(reach);
    };
    reach(root);
    assert.deepEqual([...files.keys()].filter((name) => !reached.has(name)), [], `files that ${root} does not reach`);
    const username = /\busername:\s*['"]([^'"]+)['"]/.exec(block.code)?.[1];
    const user = DEMO_USERS[username];
    assert.ok(user, `the block logs in as a demo user (${Object.keys(DEMO_USERS).join(', ')}), not ${username}`);

    writeFileSync(join(app, 'readme-main.jsx'), reactEntry(root, component));
    writeFileSync(join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><div id="root"></div><script type="module" src="./readme-main.jsx"></script>\n');
    // Oxc, Vite 8's compiler, already defaults to React's automatic runtime;
    // said here as an app without @vitejs/plugin-react says it.
    writeFileSync(join(app, 'vite.config.js'), "export default { oxc: { jsx: { runtime: 'automatic' } } };\n");
    const api = await startDemo({ port: 0 });
    const built = await serveDir(join(app, 'dist'));
    const site = await reverseProxy({ '/api/': api.url, '/': built.url });
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
        cwd: app, env: { ...process.env, VITE_API_URL: site.url }, stdio: 'pipe',
      });
      const errors = await pageErrors(`${site.url}/`, async (page) => {
        await untilText(page, '#root', 'Log in');
        await page.getByRole('button', { name: 'Log in' }).click();
        await untilText(page, '#root', `Hello ${username}`);
        assert.match(await page.textContent('#root'), new RegExp(`\\buser ${user.user_id}\\b`), 'the user id from the claims');
        await page.getByRole('button', { name: 'Log out' }).click();
        await untilText(page, '#root', 'Log in');
      });
      assert.deepEqual(errors, []);
    } finally {
      await site.close();
      await built.close();
      await api.dispose();
    }
  },
};

/** A block's files: each starts at a `// name.ext` line. */
function splitFiles(code) {
  const files = new Map();
  let current = null;
  for (const line of code.split('\n')) {
    const head = /^\/\/ ([\w.-]+\.(?:js|jsx|mjs|ts|tsx))\s*$/.exec(line);
    if (head) {
      current = head[1];
      files.set(current, '');
    } else if (current) {
      files.set(current, `${files.get(current)}${line}\n`);
    }
  }
  return files;
}

test('the READMEs hold programs, each marked with the runtime it runs in', () => {
  assert.ok(blocks.length > 0);
  for (const b of blocks) {
    const kinds = b.markers.filter((m) => RUN[m] || NOT_RUN_HERE.has(m));
    assert.equal(kinds.length, 1, `${b.name}: mark the fence with one of ${[...Object.keys(RUN), ...NOT_RUN_HERE].join(', ')} (has: ${b.markers.join(' ') || 'nothing'})`);
  }
});

for (const block of blocks) {
  const kind = block.markers.find((m) => RUN[m]);
  if (!kind) continue;
  test(`${block.name} runs (${block.lang} ${kind})`, () => RUN[kind](block));
}
