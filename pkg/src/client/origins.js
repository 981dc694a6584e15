// Origin policy: where the client's URLs resolve, which origins may ever
// receive the access token (and login, refresh or logout requests), and attaching
// the token to a request only when its URL is one of them. The transport
// rule itself (https, or http to loopback) is transport.js's, shared with
// remote key sets.

import { isSecureTransport } from '../transport.js';
import { isTokenShape } from '../token-shape.js';

/**
 * @param {{ baseUrl?: string, origins?: string[], loginUrl?: string, refreshUrl?: string, logoutUrl?: string | false, allowInsecureHttp?: boolean }} options
 * @param {string} scheme the auth-scheme name put before the token
 */
export function originPolicy(options, scheme) {
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const pageOrigin = globalThis.location?.origin && globalThis.location.origin !== 'null' ? globalThis.location.origin : undefined;
  if (!options.baseUrl && !pageOrigin) throw new TypeError('baseUrl is required outside a web page');
  const base = new URL(/** @type {string} */ (options.baseUrl ?? pageOrigin), pageOrigin);
  const origins = new Set((options.origins ?? [base.origin]).map((o) => new URL(o).origin));
  const loginUrl = new URL(options.loginUrl ?? '/api/token/', base);
  const refreshUrl = new URL(options.refreshUrl ?? '/api/token/refresh/', base);
  // `false`: logout() revokes nothing on the server (it has no such endpoint).
  const logoutUrl = options.logoutUrl === false ? null : new URL(options.logoutUrl ?? '/api/token/blacklist/', base);

  /**
   * Only these origins, and never plain http to a host that is not loopback.
   * @param {URL} url
   */
  function trusted(url) {
    return origins.has(url.origin) && isSecureTransport(url, allowInsecureHttp);
  }
  for (const url of [loginUrl, refreshUrl, logoutUrl]) {
    if (url && !trusted(url)) throw new TypeError(`${url.href} is not on a trusted origin (add it to origins; use https)`);
  }

  /**
   * The request with our token when its URL is trusted (the caller's own
   * headers are kept), with `redirect` set when one is given.
   * @param {Request} request
   * @param {string | null | undefined} access
   * @param {RequestRedirect} [redirect]
   * @returns {Request}
   */
  function authorize(request, access, redirect) {
    // isTokenShape: a custom TokenStore may hand out anything.
    if (!isTokenShape(access) || !trusted(new URL(request.url))) return redirect ? new Request(request, { redirect }) : request;
    const headers = new Headers(request.headers);
    headers.set('authorization', `${scheme} ${access}`);
    return new Request(request, redirect ? { headers, redirect } : { headers });
  }

  return { base, loginUrl, refreshUrl, logoutUrl, trusted, authorize };
}
