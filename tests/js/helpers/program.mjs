// One small program for every runtime the package is tried in: sign, verify,
// decode, a failure, an ES256 round trip through `ferrojwt/full`, and
// `verifyAsync` (EdDSA, ES256, a forgery) with a count of the WebCrypto
// checks it made: browsers, Deno and workerd check natively there, Node and
// Bun in process (node:crypto, inside `verify`).
// `run()` returns plain JSON, so each runtime's answer compares with EXPECTED.

export const IMPORT = "import { sign, verify, decode, createVerifier, generateSecret, JwtError } from 'ferrojwt';\nimport * as full from 'ferrojwt/full';";

export const BODY = `
  const pair = full.generateKeyPair('ES256', { kid: 'k' });
  const es = full.verify(full.sign({ n: 1 }, pair.privateKey), { keys: [pair.publicKey] });
  const secret = generateSecret('HS256');
  const token = sign({ sub: 'user-1', user_id: 7 }, secret, { expiresIn: '5m', issuer: 'consumer' });
  const { payload } = verify(token, secret, { issuer: 'consumer' });
  let code = null;
  try { verify(token, generateSecret()); } catch (e) { code = e instanceof JwtError ? e.code : String(e); }
  let webChecks = 0;
  const subtle = globalThis.crypto?.subtle;
  const original = subtle?.verify;
  if (subtle) subtle.verify = function (...args) { webChecks++; return original.apply(this, args); };
  const ed = full.generateKeyPair('EdDSA', { kid: 'e' });
  const edToken = full.sign({ n: 2 }, ed.privateKey);
  const edAsync = await full.verifyAsync(edToken, { keys: [ed.publicKey] });
  const esAsync = await full.createVerifier({ key: pair.publicKey }).verifyAsync(full.sign({ n: 3 }, pair.privateKey));
  const [edHeader, , edSignature] = edToken.split('.');
  let forged = null;
  try { await full.verifyAsync(edHeader + '.' + btoa('{"n":9}').replace(/=+$/, '') + '.' + edSignature, { keys: [ed.publicKey] }); } catch (e) { forged = e.code; }
  if (subtle) subtle.verify = original;
  const caching = createVerifier({ key: secret, cache: true });
  const first = caching.verify(token);
  const cached = first === caching.verify(token) && Object.isFrozen(first.payload);
  return { sub: payload.sub, userId: payload.user_id, lifetime: payload.exp - payload.iat, decoded: decode(token).payload.iss, code, es256: [es.header.alg, es.payload.n],
    cached, verifyAsync: [edAsync.payload.n, esAsync.payload.n, forged], asyncVia: webChecks >= 3 ? 'WebCrypto' : webChecks === 0 ? 'in process' : webChecks + ' WebCrypto checks' };
`;

/** What run() answers where verifyAsync checks with WebCrypto (browsers, Deno, workerd). */
export const EXPECTED = { sub: 'user-1', userId: 7, lifetime: 300, decoded: 'consumer', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', es256: ['ES256', 1],
  cached: true, verifyAsync: [2, 3, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'], asyncVia: 'WebCrypto' };
/** What run() answers in Node and Bun, where verify itself uses node:crypto. */
export const EXPECTED_NODE = { ...EXPECTED, asyncVia: 'in process' };

/** A module that prints run()'s JSON (Node, Deno, Bun). */
export const CLI_PROGRAM = `${IMPORT}\nasync function run() {${BODY}}\nconsole.log(JSON.stringify(await run()));\n`;

/** A module for a page: run()'s JSON (or the error) in window.__result. */
export const PAGE_PROGRAM = `${IMPORT}\nasync function run() {${BODY}}\ntry { window.__result = await run(); } catch (e) { window.__result = { error: String(e) }; }\n`;

/** A module worker that answers every request with run()'s JSON. */
export const WORKER_PROGRAM = `${IMPORT}\nasync function run() {${BODY}}\nexport default { async fetch() { return Response.json(await run()); } };\n`;

/** A page that loads the package with an import map (no bundler) and runs the program. */
export const IMPORT_MAP_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "ferrojwt": "/node_modules/ferrojwt/entry/browser.js", "ferrojwt/full": "/node_modules/ferrojwt/entry/full-browser.js" } }</script>
<script type="module">
${PAGE_PROGRAM}</script></head><body></body></html>`;
