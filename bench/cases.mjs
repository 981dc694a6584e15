// The benchmark rows, shared by the Node, Chromium and workerd runs. Each
// row is one operation of one library on one token; `libs` holds whichever
// libraries the runtime can load (fast-jwt and jsonwebtoken are Node-only).
// Every peer runs in its fastest documented configuration: algorithms
// pinned, keys prepared as each documents (fast-jwt: a Buffer secret and
// `algorithms`/`algorithm` set; jose: an imported CryptoKey).

const SECRET_256 = 'bench-secret-of-at-least-32-bytes!';
const SECRET_512 = 'bench-secret-of-at-least-64-bytes-for-HS512-bench-secret-padding!';

export function payloads() {
  const small = { token_type: 'access', exp: 4102444800, iat: 1700000000, jti: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', user_id: 42 };
  const large = {
    ...small,
    iss: 'https://auth.example.com/realms/main',
    aud: ['api', 'web', 'mobile'],
    sub: 'f3b9c2de-4a1b-4c8e-9d2f-6a7b8c9d0e1f',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    roles: Array.from({ length: 12 }, (_, i) => `role-${i}`),
    scope: 'read:users write:users read:orders write:orders read:billing admin:audit',
    tenant: { id: 'tenant-1234', plan: 'enterprise', region: 'eu-west-1', features: ['a', 'b', 'c', 'd', 'e', 'f'] },
    prefs: { locale: 'en-GB', tz: 'Europe/London', theme: 'dark', beta: true },
  };
  return { small, large };
}

/**
 * @param {object} libs { jwtwasm, jwtwasmFull, jose, fastjwt?, jsonwebtoken?, jwtDecode, tsndr }
 * @returns {Promise<{ op: string, token: string, lib: string, label?: string, kind: 'sync' | 'async', fn: Function }[]>}
 */
export async function makeCases(libs) {
  const { jwtwasm, jwtwasmFull, jose, fastjwt, jsonwebtoken, jwtDecode, tsndr } = libs;
  const buf256 = fastjwt ? Buffer.from(SECRET_256) : null;
  const buf512 = fastjwt ? Buffer.from(SECRET_512) : null;
  const enc = new TextEncoder();
  const rows = [];
  const { small, large } = payloads();
  const key256 = enc.encode(SECRET_256);
  const key512 = enc.encode(SECRET_512);
  const joseKey256 = await jose.importJWK({ kty: 'oct', k: b64url(key256) }, 'HS256');
  const joseKey512 = await jose.importJWK({ kty: 'oct', k: b64url(key512) }, 'HS512');

  for (const [tokenName, payload] of [['small', small], ['1 KB claims', large]]) {
    const token = jwtwasm.sign(payload, SECRET_256, { iat: false });
    const token512 = jwtwasm.sign(payload, SECRET_512, { alg: 'HS512', iat: false });
    const row = (op, lib, kind, fn, label) => rows.push({ op, token: tokenName, lib, label, kind, fn, size: token.length });

    // decode
    row('decode', 'ferrojwt', 'sync', () => jwtwasm.decode(token));
    row('decode', 'jose', 'sync', () => jose.decodeJwt(token), 'decodeJwt');
    row('decode', 'jwt-decode', 'sync', () => jwtDecode.jwtDecode(token));
    row('decode', 'tsndr', 'sync', () => tsndr.default.decode(token));
    if (jsonwebtoken) row('decode', 'jsonwebtoken', 'sync', () => jsonwebtoken.decode(token));
    if (fastjwt) {
      const d = fastjwt.createDecoder();
      row('decode', 'fast-jwt', 'sync', () => d(token));
    }

    // HS256 verify, one-shot (key given as a secret each call)
    row('HS256 verify, one-shot', 'ferrojwt', 'sync', () => jwtwasm.verify(token, SECRET_256));
    row('HS256 verify, one-shot', 'jose', 'async', () => jose.jwtVerify(token, key256));
    row('HS256 verify, one-shot', 'tsndr', 'async', () => tsndr.default.verify(token, SECRET_256, { throwError: true }));
    if (jsonwebtoken) row('HS256 verify, one-shot', 'jsonwebtoken', 'sync', () => jsonwebtoken.verify(token, SECRET_256));
    if (fastjwt) row('HS256 verify, one-shot', 'fast-jwt', 'sync', () => fastjwt.createVerifier({ key: buf256, algorithms: ['HS256'], cache: false })(token));

    // HS256 verify, prepared
    const ours = jwtwasm.createVerifier({ key: SECRET_256 });
    row('HS256 verify, prepared', 'ferrojwt', 'sync', () => ours.verify(token), 'createVerifier');
    row('HS256 verify, prepared', 'jose', 'async', () => jose.jwtVerify(token, joseKey256, { algorithms: ['HS256'] }), 'imported key');
    if (fastjwt) {
      const v = fastjwt.createVerifier({ key: buf256, algorithms: ['HS256'], cache: false });
      row('HS256 verify, prepared', 'fast-jwt', 'sync', () => v(token), 'cache off');
    }

    // HS256 verify with each library's cache of verified tokens on. Each
    // call gets a new string, as each request brings one: the same string
    // object again would have its hash cached by V8 (14M ops/s measured).
    const fresh = () => `${token} `.slice(0, -1);
    const oursCached = jwtwasm.createVerifier({ key: SECRET_256, cache: true });
    row('HS256 verify, cache on', 'ferrojwt', 'sync', () => oursCached.verify(fresh()), 'cache: true');
    if (fastjwt) {
      const cached = fastjwt.createVerifier({ key: buf256, algorithms: ['HS256'], cache: true });
      row('HS256 verify, cache on', 'fast-jwt', 'sync', () => cached(fresh()), 'cache: true');
    }

    // HS512 verify, prepared
    const ours512 = jwtwasm.createVerifier({ key: SECRET_512 });
    row('HS512 verify, prepared', 'ferrojwt', 'sync', () => ours512.verify(token512));
    row('HS512 verify, prepared', 'jose', 'async', () => jose.jwtVerify(token512, joseKey512, { algorithms: ['HS512'] }));
    if (fastjwt) {
      const v = fastjwt.createVerifier({ key: buf512, algorithms: ['HS512'], cache: false });
      row('HS512 verify, prepared', 'fast-jwt', 'sync', () => v(token512), 'cache off');
    }

    // HS256 sign
    row('HS256 sign, one-shot', 'ferrojwt', 'sync', () => jwtwasm.sign(payload, SECRET_256, { iat: false }));
    row('HS256 sign, one-shot', 'jose', 'async', () => new jose.SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key256));
    row('HS256 sign, one-shot', 'tsndr', 'async', () => tsndr.default.sign(payload, SECRET_256));
    if (jsonwebtoken) row('HS256 sign, one-shot', 'jsonwebtoken', 'sync', () => jsonwebtoken.sign(payload, SECRET_256, { noTimestamp: true }));
    if (fastjwt) row('HS256 sign, one-shot', 'fast-jwt', 'sync', () => fastjwt.createSigner({ key: buf256, algorithm: 'HS256', noTimestamp: true })(payload));
    const signer = jwtwasm.createSigner({ key: SECRET_256, iat: false });
    row('HS256 sign, prepared', 'ferrojwt', 'sync', () => signer.sign(payload), 'createSigner');
    row('HS256 sign, prepared', 'jose', 'async', () => new jose.SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(joseKey256), 'imported key');
    if (fastjwt) {
      const s = fastjwt.createSigner({ key: buf256, algorithm: 'HS256', noTimestamp: true });
      row('HS256 sign, prepared', 'fast-jwt', 'sync', () => s(payload));
    }
  }
  await publicKeyRows(rows, libs, payloads());
  return rows;
}

/**
 * Public-key verify, both token sizes: ferrojwt/full's native path (Node:
 * node:crypto inside the synchronous `verify`; elsewhere WebCrypto through
 * `verifyAsync`, with the synchronous wasm arithmetic beside it) and
 * ferrojwt's (the same native path with no public-key wasm; not EdDSA)
 * against jose with a CryptoKey and fast-jwt / jsonwebtoken with the PEM.
 */
async function publicKeyRows(rows, libs, { small, large }) {
  const { jwtwasm, jwtwasmFull, jose, fastjwt, jsonwebtoken, nativeSync } = libs;
  for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA']) {
    const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
    const jwk = await jose.exportJWK(publicKey);
    const pem = await jose.exportSPKI(publicKey);
    const ours = jwtwasmFull.createVerifier({ key: jwk, algorithms: [alg] });
    const core = alg === 'EdDSA' ? null : jwtwasm.createVerifier({ key: jwk, algorithms: [alg] });
    const fast = fastjwt?.createVerifier({ key: pem, algorithms: [alg], cache: false });
    for (const [tokenName, payload] of [['small', small], ['1 KB claims', large]]) {
      const token = await new jose.SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(privateKey);
      const op = `${alg} verify, prepared`;
      const row = (lib, kind, fn, label) => rows.push({ op, token: tokenName, lib, label, kind, fn, size: token.length });
      if (nativeSync) {
        row('ferrojwt', 'sync', () => ours.verify(token), 'ferrojwt/full, node:crypto');
        if (core) row('ferrojwt core', 'sync', () => core.verify(token), 'no public-key wasm, node:crypto');
      } else {
        row('ferrojwt', 'async', () => ours.verifyAsync(token), 'ferrojwt/full verifyAsync, WebCrypto');
        if (core) row('ferrojwt core', 'async', () => core.verifyAsync(token), 'no public-key wasm, verifyAsync, WebCrypto');
        row('ferrojwt sync', 'sync', () => ours.verify(token), 'wasm arithmetic');
      }
      row('jose', 'async', () => jose.jwtVerify(token, publicKey, { algorithms: [alg] }), 'CryptoKey');
      if (fast) row('fast-jwt', 'sync', () => fast(token), 'cache off');
      if (jsonwebtoken && alg !== 'EdDSA') row('jsonwebtoken', 'sync', () => jsonwebtoken.verify(token, pem, { algorithms: [alg] }));
      if (alg === 'RS256' && tokenName === 'small') oneShotRows(rows, libs, { token, jwk, pem, alg });
    }
  }
}

/**
 * RS256 verify, one-shot: the public JWK (as an identity provider publishes
 * it, without `alg`) given on each call, as by an app with no prepared
 * verifier. jose is passed the same JWK object, whose import it caches.
 */
function oneShotRows(rows, { jwtwasm, jose, fastjwt, nativeSync }, { token, jwk, pem, alg }) {
  const op = `${alg} verify, one-shot JWK`;
  const row = (lib, kind, fn, label) => rows.push({ op, token: 'small', lib, label, kind, fn, size: token.length });
  if (nativeSync) row('ferrojwt', 'sync', () => jwtwasm.verify(token, jwk), 'ferrojwt, node:crypto');
  else row('ferrojwt', 'async', () => jwtwasm.verifyAsync(token, jwk), 'ferrojwt verifyAsync, WebCrypto');
  row('jose', 'async', () => jose.jwtVerify(token, jwk, { algorithms: [alg] }), 'JWK object');
  if (fastjwt) row('fast-jwt', 'sync', () => fastjwt.createVerifier({ key: pem, algorithms: [alg], cache: false })(token), 'createVerifier per call');
}

function b64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Runs every row; returns plain results. */
export async function runCases(rows, { rateSync, rateAsync }, opts) {
  const out = [];
  for (const r of rows) {
    const opsPerSec = await (r.kind === 'sync' ? rateSync(r.fn, opts) : rateAsync(r.fn, opts));
    out.push({ op: r.op, token: r.token, lib: r.lib, label: r.label ?? null, opsPerSec: Math.round(opsPerSec), nsPerOp: Math.round(1e9 / opsPerSec), tokenChars: r.size });
  }
  return out;
}
