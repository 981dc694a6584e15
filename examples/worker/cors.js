// CORS for front ends on other origins, as django-cors-headers answers:
// CORS_ALLOWED_ORIGINS lists them ("https://app.example.com, http://localhost:5173",
// or "*" for any). Credentials are never allowed: the tokens travel in the
// Authorization header, not in cookies. A page served by this worker (same
// origin) needs none of it; by default the list is empty.

/** What a cross-origin front end may send and read. */
const ALLOW_METHODS = 'GET, HEAD, POST, OPTIONS';
const ALLOW_HEADERS = 'authorization, content-type';
// WWW-Authenticate tells ferrojwt/client an access token was refused; Retry-After
// says when a throttled login may try again.
const EXPOSE_HEADERS = 'WWW-Authenticate, Retry-After';
const MAX_AGE = '86400';

const parsed = new WeakMap();

/**
 * The configured origins, read once per isolate.
 * @returns {Set<string>} origins, or a set holding "*"
 */
function allowedOrigins(env) {
  let origins = parsed.get(env);
  if (origins) return origins;
  origins = new Set();
  for (const entry of String(env.CORS_ALLOWED_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean)) {
    if (entry === '*') {
      origins.add('*');
      continue;
    }
    let origin;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = 'null';
    }
    if (origin === 'null' || origin !== entry.replace(/\/$/, '').toLowerCase()) {
      throw new Error(`CORS_ALLOWED_ORIGINS: ${JSON.stringify(entry)} is not an origin such as "https://app.example.com"`);
    }
    origins.add(origin);
  }
  parsed.set(env, origins);
  return origins;
}

/**
 * The CORS headers for an answer to `request`: none for a request with no
 * Origin or an origin not listed (the browser then keeps the answer from the
 * page). `Vary: Origin` whenever the answer depends on the origin.
 * @returns {Record<string, string>}
 */
export function corsHeaders(request, env) {
  const origins = allowedOrigins(env);
  if (origins.size === 0) return {};
  const vary = origins.has('*') ? {} : { vary: 'Origin' };
  const origin = request.headers.get('origin');
  if (origin === null || !(origins.has('*') || origins.has(origin))) return vary;
  return { ...vary, 'access-control-allow-origin': origins.has('*') ? '*' : origin, 'access-control-expose-headers': EXPOSE_HEADERS };
}

/** A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method. */
export function isPreflight(request) {
  return request.method === 'OPTIONS' && request.headers.has('origin') && request.headers.has('access-control-request-method');
}

/**
 * The answer to a preflight: 200 with no body (as django-cors-headers
 * answers), carrying the permissions only for a listed origin.
 */
export function preflight(request, env) {
  const headers = corsHeaders(request, env);
  if (headers['access-control-allow-origin']) {
    delete headers['access-control-expose-headers'];
    Object.assign(headers, {
      'access-control-allow-methods': ALLOW_METHODS,
      'access-control-allow-headers': ALLOW_HEADERS,
      'access-control-max-age': MAX_AGE,
    });
  }
  return new Response(null, { status: 200, headers: { ...headers, 'content-length': '0' } });
}
