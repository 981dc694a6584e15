// One small program for every runtime the package is tried in: sign, verify,
// decode, a failure, an ES256 round trip through `ferrojwt/full`,
// `verifyAsync` (EdDSA, ES256, a forgery) with a count of the WebCrypto
// checks it made: browsers, Deno and workerd check natively there, Node and
// Bun in process (node:crypto, inside `verify`); and an identity provider's
// RS256 and ES256 tokens verified by `ferrojwt` itself, which has no
// public-key arithmetic: the platform's crypto or an error, never a guess
// (an EC point off its curve: each platform's import refuses it).
// `run()` returns plain JSON, so each runtime's answer compares with EXPECTED.

export const IMPORT = "import { sign, verify, verifyAsync, decode, createVerifier, generateSecret, JwtError } from 'ferrojwt';\nimport * as full from 'ferrojwt/full';";

/** An identity provider's RS256 public JWK and a token it signed (node:crypto, 2048 bits; no exp). */
const IDP = {"jwk": {"kty": "RSA", "n": "vwO7GXkGplaR-mmjtl32RvUZEIjasyAHibq7Qaf0F68VZ22mBvFStj0NZsgGKYX73HaiLyavq7uS1uGeK2q-9QYK4pJbEkiiNo_IM6PZlPdD-qttB-Q6uKh2Zp1IgBIsMeX8zIBtYWlFSK_KwI0pSgFZXHKuS5o2t-BHiEHpYo37tqoKAszKTcdrBAsFu4TOd3uCuLFmOui8hX3toyFAtFUHuQxlB8LSyhaf83LPuWEwdpO8qS6IZNM068UVPlOxrC-qJi6zdmJ3-vXSxM6aBZRVK7_01CiCoglQsdmwP5cEpRBPV6te8t9JqhQhGLPir1p1-9SLH7ZAlwYOq5dpIQ", "e": "AQAB", "kid": "r", "alg": "RS256"}, "token": "eyJhbGciOiJSUzI1NiIsImtpZCI6InIiLCJ0eXAiOiJKV1QifQ.eyJuIjo0LCJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlIn0.LmaR8oPnJDa2x3B3vqmq-pRJe9zxyT1lOgqTaqq4vWdQb3fdwLxiWrVIxVGmD6HAabRVcJHaQyeXyod75ckzXyI3SmvvqgfB-wwE_7VGAjd1xYcYuXwY0rmiO4rXsQoQGUWJY30oqvCKkjMGjZtlHjcCyG5e5A6kGe-hBTXpiXPvw4xz1L7RVyZs9zP7e24c_CDBW3j2xLTxl18rWRgnnIxRC9oat_tj1B7ur3twAuIUYrHo4coqiZkjJfAXZYwuwLR_9nqVGDmKazOxIUrs6xKmFmyJeVbHjuLPOnvbFydyHLv3PH4_8AQRdK6xMX9eq3_cpDxeTWxoGJPt3uo3dg"};

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
  const idp = ${JSON.stringify(IDP)};
  const idpVerifier = createVerifier({ key: { keys: [idp.jwk] }, issuer: 'https://idp.example', algorithms: ['RS256'] });
  const before = webChecks;
  const rsAsync = await idpVerifier.verifyAsync(idp.token);
  const esCore = await verifyAsync(full.sign({ n: 5 }, pair.privateKey), pair.publicKey);
  let idpForged = null;
  try { await idpVerifier.verifyAsync(idp.token.replace(/\\.[^.]+\\./, '.' + btoa('{"n":9,"iss":"https://idp.example"}').replace(/=+$/, '') + '.')); } catch (e) { idpForged = e.code; }
  let idpSync;
  try { idpSync = idpVerifier.verify(idp.token).payload.n; } catch (e) { idpSync = e.code; }
  const idpChecks = webChecks - before;
  // The same ES256 key with its point moved off the curve: each platform's import refuses it.
  const b64 = (t) => atob(t.replace(/-/g, '+').replace(/_/g, '/'));
  const y = b64(pair.publicKey.y);
  const offY = btoa(y.slice(0, -1) + String.fromCharCode(y.charCodeAt(y.length - 1) ^ 1)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  let offCurve = null;
  try { await verifyAsync(full.sign({ n: 6 }, pair.privateKey), { ...pair.publicKey, y: offY }); } catch (e) { offCurve = e.code; }
  if (subtle) subtle.verify = original;
  const caching = createVerifier({ key: secret, cache: true });
  const first = caching.verify(token);
  const cached = first === caching.verify(token) && Object.isFrozen(first.payload);
  return { sub: payload.sub, userId: payload.user_id, lifetime: payload.exp - payload.iat, decoded: decode(token).payload.iss, code, es256: [es.header.alg, es.payload.n],
    cached, verifyAsync: [edAsync.payload.n, esAsync.payload.n, forged], asyncVia: webChecks >= 3 ? 'WebCrypto' : webChecks === 0 ? 'in process' : webChecks + ' WebCrypto checks',
    idp: [rsAsync.payload.n, esCore.payload.n, idpForged, idpSync], offCurve, idpVia: idpChecks === 3 ? 'WebCrypto' : idpChecks === 0 ? 'in process' : idpChecks + ' WebCrypto checks' };
`;

/** What run() answers where verifyAsync checks with WebCrypto (browsers, Deno, workerd). */
export const EXPECTED = { sub: 'user-1', userId: 7, lifetime: 300, decoded: 'consumer', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', es256: ['ES256', 1],
  cached: true, verifyAsync: [2, 3, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'], asyncVia: 'WebCrypto',
  // WebCrypto answers only asynchronously: the synchronous verify says so.
  idp: [4, 5, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'ERR_JOSE_NOT_SUPPORTED'], offCurve: 'ERR_JWK_INVALID', idpVia: 'WebCrypto' };
/** What run() answers in Node and Bun, where verify itself uses node:crypto. */
export const EXPECTED_NODE = { ...EXPECTED, asyncVia: 'in process', idp: [4, 5, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 4], idpVia: 'in process' };

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
