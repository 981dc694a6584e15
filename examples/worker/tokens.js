// Token pairs as djangorestframework-simplejwt issues them: claims
// `token_type`, `exp`, `iat`, `jti`, `user_id` (plus `role` on access
// tokens here), HS256 with the worker's secret, refresh rotation with a
// blacklist of used refresh tokens in a KV namespace.
import { createSigner, createVerifier } from 'ferrojwt';

const cache = new WeakMap();

/**
 * Signers and verifiers for an environment, prepared once per isolate.
 * @param {Record<string, unknown>} env
 */
export function tokenKit(env) {
  let kit = cache.get(env);
  if (kit) return kit;
  const secret = env.JWT_SECRET;
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new Error('JWT_SECRET must be set to at least 32 bytes (see examples/worker/README.md)');
  }
  const accessLifetime = lifetime(env.ACCESS_TOKEN_LIFETIME, '5m');
  const refreshLifetime = lifetime(env.REFRESH_TOKEN_LIFETIME, '1d');
  kit = {
    access: createSigner({ key: secret, expiresIn: accessLifetime, jwtId: true }),
    refresh: createSigner({ key: secret, expiresIn: refreshLifetime, jwtId: true }),
    verifyAccess: createVerifier({ key: secret, algorithms: ['HS256'], claims: { token_type: 'access' }, requiredClaims: ['exp', 'jti', 'user_id'] }),
    verifyRefresh: createVerifier({ key: secret, algorithms: ['HS256'], claims: { token_type: 'refresh' }, requiredClaims: ['exp', 'jti', 'user_id'] }),
    verifyAny: createVerifier({ key: secret, algorithms: ['HS256'], requiredClaims: ['token_type', 'exp', 'jti'] }),
  };
  cache.set(env, kit);
  return kit;
}

function lifetime(value, fallback) {
  if (value === undefined || value === '') return fallback;
  return /^\d+$/.test(String(value)) ? Number(value) : String(value);
}

/** A new access + refresh pair for `user`. */
export function issuePair(kit, user) {
  return {
    access: kit.access.sign({ token_type: 'access', user_id: user.user_id, role: user.role ?? null }),
    refresh: kit.refresh.sign({ token_type: 'refresh', user_id: user.user_id }),
  };
}

// Without a KV binding (a misconfigured deployment), rotation still holds
// within one isolate.
const memoryBlacklist = new Map();

/** Whether a refresh token's `jti` was already used. */
export async function isBlacklisted(env, jti) {
  if (env.BLACKLIST) return (await env.BLACKLIST.get(`jti:${jti}`)) !== null;
  return memoryBlacklist.has(jti);
}

/** Marks a refresh token used until it would expire anyway. */
export async function blacklist(env, jti, exp) {
  const ttl = Math.max(60, Math.ceil(exp - Date.now() / 1000) + 60); // KV's minimum TTL is 60 s
  if (env.BLACKLIST) {
    await env.BLACKLIST.put(`jti:${jti}`, '1', { expirationTtl: ttl });
    return;
  }
  const now = Date.now() / 1000;
  for (const [old, until] of memoryBlacklist) if (until < now) memoryBlacklist.delete(old);
  memoryBlacklist.set(jti, exp);
}
