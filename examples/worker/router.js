// The worker's request pipeline: the page (static assets, with the security
// headers and its Content-Security-Policy), CORS preflights, then the API
// routes (a HEAD served by the GET view), so every answer's headers are
// added in one place and no request can make the worker throw.
import { corsHeaders, isPreflight, preflight } from './cors.js';
import { bodyDeadline, drain, json, methodNotAllowed } from './http.js';
import { PAGE_POLICY, SECURITY_HEADERS } from './security-headers.js';

/**
 * @typedef {(request: Request, env: Record<string, unknown>) => Response | Promise<Response>} Handler
 * @typedef {Record<string, Record<string, Handler>>} Routes path -> method -> handler
 */

/**
 * @param {Request} request
 * @param {Record<string, unknown>} env
 * @param {Routes} routes
 */
export async function serve(request, env, routes) {
  const { pathname } = new URL(request.url);
  if (!pathname.startsWith('/api/')) {
    const page = env.ASSETS ? await env.ASSETS.fetch(request) : json({ detail: 'Not found.' }, 404);
    return withHeaders(page, { ...SECURITY_HEADERS, 'content-security-policy': PAGE_POLICY });
  }
  bodyDeadline(request, env);
  let response;
  try {
    if (isPreflight(request)) return withHeaders(preflight(request, env), SECURITY_HEADERS);
    response = withHeaders(await dispatch(routes, request, env, pathname), corsHeaders(request, env));
  } catch (e) {
    // Configuration errors land here.
    console.error(e);
    response = json({ detail: 'Internal server error.' }, 500);
  } finally {
    await drain(request);
  }
  if (request.method === 'HEAD') response = new Response(null, response);
  return withHeaders(response, SECURITY_HEADERS);
}

/**
 * The handler for the path and method; a HEAD runs the GET view (as Django's
 * View does). 404 and 405 (with Allow) as DRF answers them.
 * @param {Routes} routes
 */
export function dispatch(routes, request, env, pathname) {
  const methods = Object.hasOwn(routes, pathname) ? routes[pathname] : undefined;
  if (!methods) return json({ detail: 'Not found.' }, 404);
  const allowed = Object.keys(methods).flatMap((m) => (m === 'GET' && !Object.hasOwn(methods, 'HEAD') ? ['GET', 'HEAD'] : [m]));
  const method = request.method === 'HEAD' && !Object.hasOwn(methods, 'HEAD') ? 'GET' : request.method;
  const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!handler) return methodNotAllowed(request.method, allowed);
  return handler(request, env);
}

/** `response` with `headers` set (Vary added to, not replaced). */
function withHeaders(response, headers) {
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'vary') out.headers.append(name, value);
    else out.headers.set(name, value);
  }
  return out;
}
