// Public-key tokens for the tests of native verification: keys per
// algorithm, tokens signed by node:crypto, and every variant of a token that
// some library gets wrong, and a platform that counts its calls
// (tests/js/native.test.mjs, platform-keys.test.mjs).
import { constants, generateKeyPairSync, sign as nodeSign } from 'node:crypto';

export const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const P256_N = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');

export const KEYS = {
  RS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  PS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  PS512: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES256: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ES384: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  ES512: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  EdDSA: () => generateKeyPairSync('ed25519'),
};
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
