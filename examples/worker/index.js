// The demo edge worker: djangorestframework-simplejwt's endpoints on
// workerd / Cloudflare Workers, with ferrojwt, plus the www/ page.
//
//   POST /api/token/          {username, password} -> {access, refresh}
//   POST /api/token/refresh/  {refresh}            -> {access, refresh} (rotated; the old one is blacklisted)
//   POST /api/token/verify/   {token}              -> {}
//   GET  /api/me/             any valid access token
//   GET  /api/admin/          an access token with role "admin"
//
// Bindings: JWT_SECRET (>= 32 bytes), USERS (JSON: username -> { password:
// Django PBKDF2 hash, user_id, role, is_active }), BLACKLIST (KV namespace),
// ACCESS_TOKEN_LIFETIME / REFRESH_TOKEN_LIFETIME (seconds or spans such as
// "5m"; defaults 5m and 1d), ASSETS (the static page).
import { JwtError } from 'ferrojwt';
import { authenticate, permissionDenied, tokenNotValid } from 'ferrojwt/worker';
import { drain, json, methodNotAllowed, readJsonObject, requireStrings } from './http.js';
import { checkPassword } from './passwords.js';
import { blacklist, isBlacklisted, issuePair, tokenKit } from './tokens.js';

const NO_ACCOUNT = 'No active account found with the given credentials';

const parsedUsers = new WeakMap();

/** The USERS binding (a JSON string or object), parsed once per isolate. */
function users(env) {
  let table = parsedUsers.get(env);
  if (!table) {
    const raw = env.USERS;
    const parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
    table = parsed && typeof parsed === 'object' ? parsed : {};
    parsedUsers.set(env, table);
  }
  return table;
}

function findUser(env, predicate) {
  return Object.entries(users(env)).find(([name, u]) => u && predicate(name, u));
}

async function obtainPair(request, env) {
  const { body, error } = await readJsonObject(request);
  if (error) return error;
  const invalid = requireStrings(body, ['username', 'password']);
  if (invalid) return invalid;
  const entry = Object.hasOwn(users(env), body.username) ? users(env)[body.username] : undefined;
  const ok = await checkPassword(body.password, entry?.password);
  if (!ok || !entry || entry.is_active === false) return json({ detail: NO_ACCOUNT }, 401, CHALLENGE);
  return json(issuePair(tokenKit(env), entry));
}

const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };

/** simplejwt's 401 for a refresh or verify body token ("Token is invalid"/"expired"/"blacklisted"). */
function bodyTokenError(message) {
  return json({ detail: message, code: 'token_not_valid' }, 401, CHALLENGE);
}

function describe(e) {
  return e instanceof JwtError && e.code === 'ERR_JWT_EXPIRED' ? 'Token is expired' : 'Token is invalid';
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
  if (await isBlacklisted(env, claims.jti)) return bodyTokenError('Token is blacklisted');
  const found = findUser(env, (_, u) => u.user_id === claims.user_id && u.is_active !== false);
  if (!found) return bodyTokenError('Token is invalid');
  // Rotation (simplejwt's ROTATE_REFRESH_TOKENS + BLACKLIST_AFTER_ROTATION).
  await blacklist(env, claims.jti, claims.exp);
  return json(issuePair(kit, found[1]));
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
  if (claims.token_type === 'refresh' && (await isBlacklisted(env, claims.jti))) {
    return bodyTokenError('Token is blacklisted');
  }
  return json({});
}

function me(request, env, role) {
  const auth = authenticate(request, tokenKit(env).verifyAccess, role ? { require: { role } } : {});
  if (!auth.ok) return auth.response;
  const found = findUser(env, (_, u) => u.user_id === auth.claims.user_id);
  if (!found) return tokenNotValid(null);
  const [username, user] = found;
  // As simplejwt's JWTAuthentication: the user must still be active, and a
  // role taken away since the token was issued counts now.
  if (user.is_active === false) return json({ detail: 'User is inactive', code: 'user_inactive' }, 401, CHALLENGE);
  if (role && user.role !== role) return permissionDenied();
  return json({ user_id: user.user_id, username, role: user.role ?? null, token: { exp: auth.claims.exp, jti: auth.claims.jti } });
}

const ROUTES = {
  '/api/token/': { POST: obtainPair },
  '/api/token/refresh/': { POST: refreshPair },
  '/api/token/verify/': { POST: verifyToken },
  '/api/me/': { GET: (req, env) => me(req, env) },
  '/api/admin/': { GET: (req, env) => me(req, env, 'admin') },
};

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith('/api/')) {
      return env.ASSETS ? env.ASSETS.fetch(request) : json({ detail: 'Not found.' }, 404);
    }
    try {
      return await route(request, env, pathname);
    } catch (e) {
      // No request may make the worker throw; configuration errors land here.
      console.error(e);
      return json({ detail: 'Internal server error.' }, 500);
    } finally {
      await drain(request);
    }
  },
};

async function route(request, env, pathname) {
  const routes = Object.hasOwn(ROUTES, pathname) ? ROUTES[pathname] : undefined;
  if (!routes) return json({ detail: 'Not found.' }, 404);
  const handler = Object.hasOwn(routes, request.method) ? routes[request.method] : undefined;
  if (!handler) return methodNotAllowed(request.method, Object.keys(routes));
  return handler(request, env);
}
