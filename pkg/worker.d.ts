// Types for `ferrojwt/worker`.
//
// `createRemoteKeySet` is no longer here: it moved to `ferrojwt/jwks`
//   import { createRemoteKeySet } from 'ferrojwt/jwks';
// with the same options and verifier. `ferrojwt/worker` keeps no re-export of
// it, because any import of it (even a lazy one) makes bundlers ship the
// JWKS fetcher in every worker; `authenticate` below takes its verifier all
// the same.
import type { Decoded, JwtPayload } from './index.js';

/** Anything with `verify`, typically `createVerifier({ key, claims: { token_type: 'access' } })`. */
export interface TokenVerifier {
  verify(token: string): Decoded;
}

/** A predicate, or claims that must hold (equal, contained in an array claim, or listed in `scope`). */
export type ClaimRequirement = ((claims: JwtPayload) => boolean) | Record<string, unknown>;

export interface AuthenticateOptions {
  /** The Authorization scheme; default `'Bearer'`. */
  scheme?: string;
  /** The `realm` of `WWW-Authenticate`; default `'api'`. */
  realm?: string;
  /** Claims the caller must have; otherwise a 403. */
  require?: ClaimRequirement;
}

export type AuthResult = { ok: true; claims: JwtPayload } | { ok: false; response: Response };

/** A verifier whose keys come from a remote key set (`ferrojwt/jwks`): `verify` may have to fetch them first. */
export interface RemoteVerifier {
  verify(token: string): Promise<Decoded>;
  /** The same as `verify` (remote key sets check public-key signatures with WebCrypto outside Node). */
  verifyAsync?(token: string): Promise<Decoded>;
}

/**
 * Reads `Authorization`, verifies the token, returns the claims or a ready
 * 401/403 response shaped like simplejwt's (503 `jwks_unavailable` when a
 * remote key set cannot be fetched). With a remote verifier it returns a promise.
 */
export function authenticate(request: Request, verifier: TokenVerifier, options?: AuthenticateOptions): AuthResult;
export function authenticate(request: Request, verifier: RemoteVerifier, options?: AuthenticateOptions): Promise<AuthResult>;

/** Whether the claims meet the requirement. */
export function hasClaims(claims: JwtPayload, requirement: ClaimRequirement): boolean;
/** simplejwt's 401 for an invalid or expired token. */
export function tokenNotValid(error: unknown, options?: { scheme?: string; realm?: string }): Response;
/** DRF's 403. */
export function permissionDenied(): Response;
