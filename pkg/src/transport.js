// Where a token, a refresh token or a key set may travel in clear text:
// one rule for the client (pkg/src/client.js) and remote key sets
// (pkg/src/jwks.js). Plain http only to this machine; https elsewhere.

/**
 * Whether `hostname` (as `URL.hostname` gives it) names this machine:
 * `localhost` and its subdomains (RFC 6761), 127.0.0.0/8, and `[::1]`.
 * @param {string} hostname
 */
export function isLoopback(hostname) {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]'
    || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Whether `url` may carry credentials: https, or http to a loopback host,
 * or any http when the caller allowed it explicitly.
 * @param {URL} url
 * @param {boolean} [allowInsecureHttp]
 */
export function isSecureTransport(url, allowInsecureHttp = false) {
  return url.protocol === 'https:' || (url.protocol === 'http:' && (allowInsecureHttp || isLoopback(url.hostname)));
}
