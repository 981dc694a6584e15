// Types for `ferrojwt/hono`. Hono (4.x) is an optional peer dependency:
// these types need it installed, the code does not import it.
import type { MiddlewareHandler } from 'hono';
import type { JwtHeader, JwtPayload } from './index.js';
import type { ClaimRequirement, RemoteVerifier, TokenVerifier } from './worker.js';

/** What jwtAuth sets on the context for the handlers after it. */
export interface JwtAuthVariables {
  /** The verified claims (where hono/jwt puts them). */
  jwtPayload: JwtPayload;
  /** The verified token's protected header (`alg`, `kid`, `typ`, ...). */
  jwtHeader: JwtHeader;
}

export interface JwtAuthOptions {
  /** `createVerifier({ key, claims: { token_type: 'access' } })` from `ferrojwt` or `ferrojwt/full`, or a remote key set's `createVerifier(...)`. */
  verifier: TokenVerifier | RemoteVerifier;
  /** Claims the caller must have; otherwise a 403. */
  require?: ClaimRequirement;
  /** The Authorization scheme; default `'Bearer'`. */
  scheme?: string;
  /** The `realm` of `WWW-Authenticate`; default `'api'`. */
  realm?: string;
}

/**
 * Verifies `Authorization: Bearer <token>`; on success sets `jwtPayload` and
 * `jwtHeader` and calls `next()`, otherwise answers as `authenticate` from
 * `ferrojwt/worker` does: simplejwt's 401 bodies with RFC 6750 challenges,
 * 403 when `require` fails, 503 `jwks_unavailable` when a remote key set
 * cannot be fetched.
 */
export function jwtAuth(options: JwtAuthOptions): MiddlewareHandler<{ Variables: JwtAuthVariables }>;

declare module 'hono' {
  // Members, not `extends JwtAuthVariables`: hono/jwt's own augmentation
  // extends JwtVariables<unknown>, and two bases with different `jwtPayload`
  // types cannot be merged, while a narrower member of the same name can.
  interface ContextVariableMap {
    jwtPayload: JwtPayload;
    jwtHeader: JwtHeader;
  }
}
