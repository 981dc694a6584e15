// Public-key tokens for the tests of native verification: keys per
// algorithm, tokens signed by node:crypto, and every variant of a token that
// some library gets wrong, and a platform that counts its calls
// (tests/js/native.test.mjs, platform-keys.test.mjs).
import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';

export const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const P256_N = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');

/**
 * A fresh key pair from node:crypto, as KeyObjects made from its PEM. Node 20
 * can deadlock on the KeyObjects generateKeyPairSync returns: they share a
 * lock with the generation job, whose destructor takes it, so a GC that
 * destroys the job while an export (to a JWK, say) holds the lock never
 * returns (main thread in ~KeyGenJob under ExportJWKRsaKey, a futex wait;
 * a CI run hung 80 minutes there, and a loop of these tests hung at its
 * 258th pair). Keys read from PEM share nothing with the job.
 * @param {'rsa' | 'ec' | 'ed25519'} type
 * @param {object} [options]
 */
export function keyPair(type, options = {}) {
  const pem = generateKeyPairSync(/** @type {any} */ (type), {
    ...options,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey: createPublicKey(pem.publicKey), privateKey: createPrivateKey(pem.privateKey) };
}

/**
 * A fresh key pair for a JWS algorithm (see `keyPair`); jose takes these
 * KeyObjects in Node. Its own generateKeyPair goes through generateKeyPair
 * and has the same deadlock.
 * @param {string} alg
 */
export function pairFor(alg) {
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return keyPair('rsa', { modulusLength: 2048 });
  if (alg === 'EdDSA') return keyPair('ed25519');
  const namedCurve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg];
  if (namedCurve === undefined) throw new TypeError(`no key pair for ${alg}`);
  return keyPair('ec', { namedCurve });
}

export const KEYS = Object.fromEntries(['RS256', 'PS256', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'].map((alg) => [alg, () => pairFor(alg)]));
export const HASH = { RS256: 'sha256', PS256: 'sha256', PS512: 'sha512', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null };

/** A token over `payload` whose signature node:crypto makes with `options`. */
export function token(alg, privateKey, options = {}, payload = { sub: 'u', exp: 4102444800 }) {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  const key = { key: privateKey, ...options };
  return `${input}.${nodeSign(HASH[alg], Buffer.from(input), key).toString('base64url')}`;
}

/** Every variant of a token that some library gets wrong, by algorithm. */
export function variants(alg, privateKey) {
  const pss = { padding: constants.RSA_PKCS1_PSS_PADDING };
  const ec = { dsaEncoding: 'ieee-p1363' };
  const base = alg.startsWith('PS') ? { ...pss, saltLength: alg === 'PS256' ? 32 : 64 } : alg.startsWith('ES') ? ec : {};
  const good = token(alg, privateKey, base);
  const [h, p, s] = good.split('.');
  const sig = Buffer.from(s, 'base64url');
  const out = {
    good,
    'flipped bit': `${h}.${p}.${Buffer.from(sig.map((b, i) => (i === 3 ? b ^ 1 : b))).toString('base64url')}`,
    'signature one byte short': `${h}.${p}.${sig.subarray(1).toString('base64url')}`,
    'signature one byte long': `${h}.${p}.${Buffer.concat([Buffer.from([0]), sig]).toString('base64url')}`,
    'empty signature': `${h}.${p}.`,
    'other payload': `${h}.${b64({ sub: 'admin', exp: 4102444800 })}.${s}`,
    // A forgery whose claims also fail must still be a signature failure.
    'other payload, expired': `${h}.${b64({ sub: 'admin', exp: 1 })}.${s}`,
    expired: token(alg, privateKey, base, { sub: 'u', exp: 1 }),
  };
  if (alg.startsWith('PS')) {
    out['PSS salt of 0'] = token(alg, privateKey, { ...pss, saltLength: 0 });
    out['PKCS#1 v1.5 padding'] = token(alg, privateKey, {});
  }
  if (alg.startsWith('ES')) out['DER signature'] = token(alg, privateKey, {});
  if (alg === 'ES256') {
    const r = sig.subarray(0, 32);
    const high = (P256_N - BigInt(`0x${sig.subarray(32).toString('hex')}`)).toString(16).padStart(64, '0');
    out['high-S signature'] = `${h}.${p}.${Buffer.concat([r, Buffer.from(high, 'hex')]).toString('base64url')}`;
  }
  return out;
}

/**
 * Tokens whose header names one RSA scheme and whose signature, over that
 * very header and payload, is made under another: PKCS#1 v1.5 under PS256,
 * PSS under RS256, SHA-256 under RS384 and PS512. Each verifies only where a
 * key readied for one scheme stands in for another's.
 */
export function crossSchemeTokens(privateKey) {
  const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  const signedAs = (alg, options) => {
    const input = `${b64({ alg, typ: 'JWT' })}.${b64({ sub: 'u', exp: 4102444800 })}`;
    return `${input}.${nodeSign('sha256', Buffer.from(input), { key: privateKey, ...options }).toString('base64url')}`;
  };
  return {
    'PS256 header, PKCS#1 v1.5 signature': signedAs('PS256', {}),
    'RS256 header, PSS signature': signedAs('RS256', pss),
    'RS384 header, SHA-256 signature': signedAs('RS384', {}),
    'PS512 header, SHA-256 PSS signature': signedAs('PS512', pss),
  };
}

export const outcome = (f) => {
  try {
    return { ok: f().payload };
  } catch (e) {
    return { code: e.code ?? e.name, message: e.message };
  }
};
export const outcomeAsync = async (f) => {
  try {
    return { ok: (await f()).payload };
  } catch (e) {
    return { code: e.code ?? e.name, message: e.message };
  }
};

/**
 * A platform (nodePlatform() or webPlatform()) that counts what the core
 * asks of it; `calls.live` is its key table's size.
 */
export function counting(inner) {
  const calls = { importKey: 0, verify: 0 };
  Object.defineProperty(calls, 'live', { get: () => inner.size });
  // Inheriting (not spreading) keeps getters such as webPlatform's `busy` live.
  return Object.assign(Object.create(inner), {
    calls,
    importKey(jwk, alg) {
      calls.importKey++;
      return inner.importKey(jwk, alg);
    },
    verify(h, input, sig) {
      calls.verify++;
      return inner.verify(h, input, sig);
    },
  });
}
