// ferrojwt/hono: authenticate() as Hono middleware.
//
// Hono is not imported: a middleware is only `(c, next) => ...`, so this
// module costs nothing beyond ferrojwt/worker's authenticate and works with
// any Hono 4 the app brings. A refused request is answered with the
// response authenticate() shapes (simplejwt's 401/403 bodies, RFC 6750
// challenges, 503 when a remote key set is unavailable), returned from the
// middleware as Hono expects; later middleware (CORS, logging) still sees it.

import { readByName } from './options.js';
import { authenticate } from './worker.js';

/** Option names of jwtAuth; `verifier` is required. */
const OPTIONS = ['verifier', 'require', 'scheme', 'realm'];

/**
 * @typedef {{ header: Record<string, unknown>, payload: Record<string, unknown> }} Decoded
 * @typedef {{ verify(token: string): Decoded | Promise<Decoded> }} AnyVerifier
 *   a prepared verifier (synchronous) or a remote key set's (a promise)
 * @typedef {{ verifier: AnyVerifier, require?: ((claims: Record<string, unknown>) => boolean) | Record<string, unknown>,
 *             scheme?: string, realm?: string }} JwtAuthOptions
 *   `require`, `scheme` and `realm` as authenticate() reads them
 */

/**
 * Reads jwtAuth's options as the rest of the package does: a name it does
 * not know, or one present as `undefined` (`require: config.role` with the
 * setting missing), is a TypeError, so no typo switches a check off.
 * @param {unknown} options
 * @returns {JwtAuthOptions}
 */
function readJwtAuthOptions(options) {
  if (options === undefined) throw new TypeError('jwtAuth needs options: { verifier }');
  const read = readByName(options, OPTIONS);
  const verifier = /** @type {{ verify?: unknown } | null} */ (read.verifier);
  if (verifier === null || typeof verifier !== 'object' || typeof verifier.verify !== 'function') {
    throw new TypeError('jwtAuth: options.verifier must be a verifier, from createVerifier() or a remote key set\'s createVerifier()');
  }
  return /** @type {JwtAuthOptions} */ (read);
}

/**
 * As authenticate() tells a remote verifier's answer from a prepared one's.
 * @template T
 * @param {T | PromiseLike<T>} value
 * @returns {value is PromiseLike<T>}
 */
function isThenable(value) {
  return typeof (/** @type {{ then?: unknown } | null | undefined} */ (value))?.then === 'function';
}

/**
 * Hono middleware: verifies `Authorization: Bearer <token>` with `verifier`
 * and puts the claims at `c.get('jwtPayload')` (where hono/jwt puts them)
 * and the token's protected header at `c.get('jwtHeader')`; otherwise
 * answers with authenticate()'s 401, 403 or 503.
 *
 * @param {JwtAuthOptions} options
 * @returns {(c: { req: { raw: Request }, set(name: string, value: unknown): void }, next: () => Promise<void>) => Promise<Response | void>}
 */
export function jwtAuth(options) {
  const { verifier, ...authOptions } = readJwtAuthOptions(options);
  return async function jwtAuthMiddleware(c, next) {
    // authenticate() hands back the claims only; the header is kept on the
    // way through, from a synchronous verifier and a remote one alike.
    /** @type {Record<string, unknown> | undefined} */
    let header;
    /** @param {Decoded} decoded */
    const keep = (decoded) => {
      header = decoded.header;
      return decoded;
    };
    const capturing = {
      /** @param {string} token */
      verify(token) {
        // The verifier's own `verify`, always: a wrapper that adds a check to
        // `verify` may carry the wrapped verifier's `verifyAsync` along
        // (review finding). For WebCrypto's native checks at the edge, pass
        // `{ verify: (t) => v.verifyAsync(t) }`; remote key sets do so already.
        const outcome = verifier.verify(token);
        return isThenable(outcome) ? outcome.then(keep) : keep(outcome);
      },
    };
    const result = await authenticate(c.req.raw, capturing, authOptions);
    if (!result.ok) return result.response;
    c.set('jwtPayload', result.claims);
    c.set('jwtHeader', header);
    await next();
    return undefined;
  };
}
