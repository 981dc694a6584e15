// The demo edge worker: djangorestframework-simplejwt's endpoints on
// workerd / Cloudflare Workers, with ferrojwt, plus the www/ page.
//
//   POST /api/token/          {username, password} -> {access, refresh}
//   POST /api/token/refresh/  {refresh}            -> {access, refresh} (rotated; the old one is blacklisted)
//   POST /api/token/verify/   {token}              -> {}
//   POST /api/token/blacklist/ {refresh}           -> {} (logout: revokes the token's family)
//   GET  /api/me/             any valid access token
//   GET  /api/admin/          an access token with role "admin"
//
// Bindings: JWT_SECRET (>= 32 bytes), DB (D1: the users, see users.js and
// migrations/), REFRESH_FAMILIES (Durable Objects: refresh-token families, see families.js),
// ACCESS_TOKEN_LIFETIME / REFRESH_TOKEN_LIFETIME (seconds or spans such as
// "5m"; defaults 5m and 1d), LOGIN_THROTTLE (Durable Objects: login attempts,
// see throttle.js) with LOGIN_THROTTLE_USER / LOGIN_THROTTLE_IP, REQUEST_BODY_TIMEOUT
// (http.js), CORS_ALLOWED_ORIGINS (cors.js), ASSETS (the page, built by build-site.mjs).
import { JwtError } from 'ferrojwt';
import { authenticate, hasClaims, permissionDenied, tokenNotValid } from 'ferrojwt/worker';
import { json, readJsonObject, requireStrings } from './http.js';
import { blacklistRefresh, rotateRefresh, verifyRefreshState } from './families.js';
import { CHALLENGE, bodyTokenError, describe } from './token-answers.js';
import { serve } from './router.js';
import { admitLogin } from './throttle.js';
import { issuePair, tokenKit } from './tokens.js';
import { checkCredentials, tokenUser } from './users.js';

// The Durable Object class behind REFRESH_FAMILIES: workerd finds it among the entry's exports.
export { RefreshFamily } from './refresh-family.js';
// Behind LOGIN_THROTTLE: the login attempts per username and per client address.
export { LoginThrottle } from './throttle.js';

const NO_ACCOUNT = 'No active account found with the given credentials';

async function obtainPair(request, env) {
  const { body, error } = await readJsonObject(request);
  if (error) return error;
  const invalid = requireStrings(body, ['username', 'password']);
  if (invalid) return invalid;
  // Throttled before the PBKDF2 work (throttle.js); a success gives the attempt back.
  const attempt = await admitLogin(request, env, body.username);
  if (attempt.throttled) return attempt.throttled;
  const user = await checkCredentials(env, body.username, body.password);
  if (!user) return json({ detail: NO_ACCOUNT }, 401, CHALLENGE);
  await attempt.succeeded();
  return json(issuePair(tokenKit(env), user));
}

async function refreshPair(request, env) {
  const { body, error } = await readJsonObject(request);
  if (error) return error;
  const invalid = requireStrings(body, ['refresh']);
  if (invalid) return invalid;
  const kit = tokenKit(env);
  let claims;
  try {
    claims = kit.verifyRefresh.verify(body.refresh).payload;
  } catch (e) {
    if (!(e instanceof JwtError)) throw e;
    return bodyTokenError(describe(e));
  }
  // The user must still be active (simplejwt's TokenRefreshSerializer), and the token
  // not older than their last password change or deactivation (`ver`, see users.js).
  const { user, refused } = await tokenUser(env, claims);
  if (refused === 'user_inactive') return json({ detail: 'No active account found for the given token.', code: 'no_active_account' }, 401, CHALLENGE);
  if (refused) return bodyTokenError('Token is invalid');
  // Rotation (simplejwt's ROTATE_REFRESH_TOKENS + BLACKLIST_AFTER_ROTATION), in
  // one step of the family's Durable Object: only the one refresh that spends
  // the token hands out the new pair; a used token revokes the family.
  const pair = issuePair(kit, user, claims.family_id);
  return (await rotateRefresh(env, claims, pair.refresh)) ?? json(pair);
}

async function verifyToken(request, env) {
  const { body, error } = await readJsonObject(request);
  if (error) return error;
  const invalid = requireStrings(body, ['token']);
  if (invalid) return invalid;
  let claims;
  try {
    claims = tokenKit(env).verifyAny.verify(body.token).payload;
  } catch (e) {
    if (!(e instanceof JwtError)) throw e;
    return bodyTokenError(describe(e));
  }
  // A token revoked by a password change or deactivation (an older `ver`)
  // is not reported valid: it would be refused at every other endpoint.
  if ((await tokenUser(env, claims)).refused) return bodyTokenError('Token is invalid');
  if (claims.token_type === 'refresh') return (await verifyRefreshState(env, claims)) ?? json({});
  return json({});
}

async function me(request, env, role) {
  const auth = authenticate(request, tokenKit(env).verifyAccess);
  if (!auth.ok) return auth.response;
  // As simplejwt's JWTAuthentication.get_user: the user must still exist and be
  // active; a token from before their last password change or deactivation (an
  // older `ver`) is no longer valid.
  const { user, refused } = await tokenUser(env, auth.claims);
  if (refused === 'user_inactive') return json({ detail: 'User is inactive', code: 'user_inactive' }, 401, CHALLENGE);
  if (refused) return tokenNotValid(null);
  // Permission after authentication, as DRF orders them; a role taken away
  // since the token was issued counts now.
  if (role && !(hasClaims(auth.claims, { role }) && user.role === role)) return permissionDenied();
  return json({ user_id: user.user_id, username: user.username, role: user.role, token: { exp: auth.claims.exp, jti: auth.claims.jti } });
}

const ROUTES = {
  '/api/token/': { POST: obtainPair },
  '/api/token/refresh/': { POST: refreshPair },
  '/api/token/verify/': { POST: verifyToken },
  '/api/token/blacklist/': { POST: blacklistRefresh },
  '/api/me/': { GET: (req, env) => me(req, env) },
  '/api/admin/': { GET: (req, env) => me(req, env, 'admin') },
};

export default {
  // router.js: the page with its security headers, CORS, HEAD, body bounds, errors.
  fetch: (request, env) => serve(request, env, ROUTES),
};
