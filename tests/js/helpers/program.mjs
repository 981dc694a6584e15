// One small program for every runtime the package is tried in: sign, verify,
// decode, a failure, and an ES256 round trip through `ferrojwt/full`.
// `run()` returns plain JSON, so each runtime's answer compares with EXPECTED.

export const IMPORT = "import { sign, verify, decode, generateSecret, JwtError } from 'ferrojwt';\nimport * as full from 'ferrojwt/full';";

export const BODY = `
  const pair = full.generateKeyPair('ES256', { kid: 'k' });
  const es = full.verify(full.sign({ n: 1 }, pair.privateKey), { keys: [pair.publicKey] });
  const secret = generateSecret('HS256');
  const token = sign({ sub: 'user-1', user_id: 7 }, secret, { expiresIn: '5m', issuer: 'consumer' });
  const { payload } = verify(token, secret, { issuer: 'consumer' });
  let code = null;
  try { verify(token, generateSecret()); } catch (e) { code = e instanceof JwtError ? e.code : String(e); }
  return { sub: payload.sub, userId: payload.user_id, lifetime: payload.exp - payload.iat, decoded: decode(token).payload.iss, code, es256: [es.header.alg, es.payload.n] };
`;

export const EXPECTED = { sub: 'user-1', userId: 7, lifetime: 300, decoded: 'consumer', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', es256: ['ES256', 1] };

/** A module that prints run()'s JSON (Node, Deno, Bun). */
export const CLI_PROGRAM = `${IMPORT}\nfunction run() {${BODY}}\nconsole.log(JSON.stringify(run()));\n`;

/** A module for a page: run()'s JSON (or the error) in window.__result. */
export const PAGE_PROGRAM = `${IMPORT}\nfunction run() {${BODY}}\ntry { window.__result = run(); } catch (e) { window.__result = { error: String(e) }; }\n`;

/** A module worker that answers every request with run()'s JSON. */
export const WORKER_PROGRAM = `${IMPORT}\nfunction run() {${BODY}}\nexport default { fetch() { return Response.json(run()); } };\n`;

/** A page that loads the package with an import map (no bundler) and runs the program. */
export const IMPORT_MAP_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "ferrojwt": "/node_modules/ferrojwt/entry/browser.js", "ferrojwt/full": "/node_modules/ferrojwt/entry/full-browser.js" } }</script>
<script type="module">
${PAGE_PROGRAM}</script></head><body></body></html>`;
