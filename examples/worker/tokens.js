// Token pairs as djangorestframework-simplejwt issues them: claims
// `token_type`, `exp`, `iat`, `jti`, `user_id` (plus `role` on access
// tokens here, and `ver`, the user's token version, on both), HS256 with the worker's secret; refresh
// tokens also carry `family_id`, the family they rotate in (families.js).
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
    // Refresh tokens get their `jti` from issuePair: the first names its family.
    refresh: createSigner({ key: secret, expiresIn: refreshLifetime }),
    verifyAccess: createVerifier({ key: secret, algorithms: ['HS256'], claims: { token_type: 'access' }, requiredClaims: ['exp', 'jti', 'user_id'] }),
    verifyRefresh: createVerifier({ key: secret, algorithms: ['HS256'], claims: { token_type: 'refresh' }, requiredClaims: ['exp', 'jti', 'user_id', 'family_id'] }),
    verifyAny: createVerifier({ key: secret, algorithms: ['HS256'], requiredClaims: ['token_type', 'exp', 'jti'] }),
  };
  cache.set(env, kit);
  return kit;
}

function lifetime(value, fallback) {
  if (value === undefined || value === '') return fallback;
  return /^\d+$/.test(String(value)) ? Number(value) : String(value);
}

/**
 * A new access + refresh pair for `user` (a users.js User). Both carry the
 * user's token version as `ver`: raising it (users.js: password change,
 * deactivation, revokeTokens) refuses every token issued before. The
 * refresh token starts a new family (a login) or, given `family`, continues
 * that one (a rotation); a family's first token has `jti` = `family_id`.
 * @param {string} [family]
 */
export function issuePair(kit, user, family) {
  const ver = user.token_version ?? 0;
  const jti = newJwtId();
  return {
    access: kit.access.sign({ token_type: 'access', user_id: user.user_id, role: user.role ?? null, ver }),
    refresh: kit.refresh.sign({ token_type: 'refresh', user_id: user.user_id, ver, jti, family_id: family ?? jti }),
  };
}

/** 128 random bits, base64url: the shape of the signers' own `jwtId: true`. */
function newJwtId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
