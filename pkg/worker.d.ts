// Types for `ferrojwt/worker`.
import type { Decoded, JwtPayload, KeySet, VerifyOptions } from './index.js';

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

/** A verifier whose keys come from a remote key set: `verify` may have to fetch them first. */
export interface RemoteVerifier {
  verify(token: string): Promise<Decoded>;
}

/**
 * Reads `Authorization`, verifies the token, returns the claims or a ready
 * 401/403 response shaped like simplejwt's (503 `jwks_unavailable` when a
 * remote key set cannot be fetched). With a remote verifier it returns a promise.
 */
export function authenticate(request: Request, verifier: TokenVerifier, options?: AuthenticateOptions): AuthResult;
export function authenticate(request: Request, verifier: RemoteVerifier, options?: AuthenticateOptions): Promise<AuthResult>;

export interface RemoteKeySetOptions {
  /** Seconds a fetched set is used before it is fetched again; default 600. */
  cacheMaxAge?: number;
  /** Minimum seconds between fetches for tokens that match no key (unknown `kid`s) or after a failure; default 30. */
  cooldown?: number;
  /** Seconds a fetch may take, body included; default 5 (then `ERR_JWKS_TIMEOUT`). */
  timeout?: number;
  /** Largest accepted response body; default 512 KiB. */
  maxBytes?: number;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Allow http:// to hosts other than loopback. Default false. */
  allowInsecureHttp?: boolean;
}

export interface RemoteKeySet {
  /** A verifier with these options (no `key`: the remote set is the key). */
  createVerifier(options?: VerifyOptions): RemoteVerifier;
  /** The current set, fetched if needed. */
  keys(): Promise<KeySet>;
  /** Fetches the set now. */
  reload(): Promise<KeySet>;
}

/** A JWKS from `url` (https), cached and refetched when a token matches no key (an unknown `kid`), at most once per cooldown. Loads ferrojwt/full on first use. */
export function createRemoteKeySet(url: string | URL, options?: RemoteKeySetOptions): RemoteKeySet;
/** Whether the claims meet the requirement. */
export function hasClaims(claims: JwtPayload, requirement: ClaimRequirement): boolean;
/** simplejwt's 401 for an invalid or expired token. */
export function tokenNotValid(error: unknown, options?: { scheme?: string; realm?: string }): Response;
/** DRF's 403. */
export function permissionDenied(): Response;
