// Types for the core entry point of ferrojwt (part 1 of the API).

/** jose's error codes. */
export type JwtErrorCode =
  | 'ERR_JWS_INVALID'
  | 'ERR_JWT_INVALID'
  | 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
  | 'ERR_JOSE_ALG_NOT_ALLOWED'
  | 'ERR_JOSE_NOT_SUPPORTED'
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_CLAIM_VALIDATION_FAILED'
  | 'ERR_JWK_INVALID'
  | 'ERR_JWKS_INVALID'
  | 'ERR_JWKS_TIMEOUT'
  | 'ERR_JWKS_NO_MATCHING_KEY'
  | 'ERR_JWKS_MULTIPLE_MATCHING_KEYS'
  | 'ERR_JOSE_GENERIC';

/** Every failure of the library (argument-type mistakes are `TypeError`s). */
export class JwtError extends Error {
  constructor(code: JwtErrorCode, message: string, details?: { claim?: string; reason?: 'check_failed' | 'missing' | 'invalid'; payload?: JwtPayload });
  readonly name: 'JwtError';
  readonly code: JwtErrorCode;
  /** For claim failures: the claim checked (`exp`, `aud`, `typ`, ...). */
  readonly claim?: string;
  /** For claim failures: why. */
  readonly reason?: 'check_failed' | 'missing' | 'invalid';
  /** For claim failures: the payload (its signature was valid). */
  readonly payload?: JwtPayload;
}

export type HmacAlgorithm = 'HS256' | 'HS384' | 'HS512';
export type Algorithm = HmacAlgorithm | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

/** A span in seconds, or a string such as `'90s'`, `'15m'`, `'2h'`, `'7d'`. */
export type Span = number | string;
/** Seconds since the epoch, or a `Date`. */
export type Time = number | Date;

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
  crit?: string[];
  [name: string]: unknown;
}

export interface JwtPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

export interface Jwk {
  kty: string;
  k?: string;
  alg?: string;
  kid?: string;
  use?: string;
  key_ops?: string[];
  [member: string]: unknown;
}

/**
 * A UTF-8 secret, raw secret bytes, or a JWK: `kty: 'oct'` (a secret), or to verify only, a
 * public `RSA` or `EC` JWK (RS*, PS*, ES256/384/512, checked by `node:crypto` in Node and Bun,
 * by WebCrypto through `verifyAsync` elsewhere; private keys, PEM and Ed25519 are
 * `ferrojwt/full`'s). Public-key material is never a secret: PEM (any case, text or bytes), a
 * JWK as JSON text, an OpenSSH key line and DER keys (raw or base64) are refused with
 * `ERR_JWK_INVALID`.
 */
export type Key = string | Uint8Array | ArrayBuffer | Jwk;
/** A JWK set; the key is chosen by the token's `kid` and `alg`. */
export interface KeySet {
  keys: Jwk[];
}

export interface Decoded {
  header: JwtHeader;
  payload: JwtPayload;
}

export interface SignOptions {
  /** Default: the JWK's `alg`, else `'HS256'`. */
  alg?: HmacAlgorithm;
  /** Default: the JWK's `kid`, if any. */
  kid?: string;
  /** Default `'JWT'`; `null` leaves it out. */
  typ?: string | null;
  /** Extra protected header members (not `alg`, `typ`, `kid`). */
  header?: Record<string, unknown>;
  expiresIn?: Span;
  notBefore?: Span;
  issuer?: string;
  subject?: string;
  audience?: string | string[];
  /** A `jti`, or `true` for 128 random bits. */
  jwtId?: string | true;
  /** Default `true`: the current time (a payload `iat` is kept). `false` leaves it out. */
  iat?: boolean | Time;
  /** The current time, for tests. */
  now?: Time;
  /**
   * Default 16384 (the verify default): a longer token is refused with `ERR_JWS_INVALID`,
   * before the payload crosses into wasm when it alone cannot fit.
   */
  maxTokenLength?: number;
}

/**
 * Options are read by name, inherited members and getters included. An unknown name (own or
 * inherited, enumerable), an option present as `undefined` or `null` (but `typ: null` on sign),
 * and values that are not plain JSON (functions, `toJSON`, class instances, NaN) are `TypeError`s:
 * a setting the caller wrote never silently switches a check off.
 */
export interface VerifyOptions {
  /** Default: every algorithm the key can serve. `'none'` is never allowed. */
  algorithms?: Algorithm[];
  issuer?: string | string[];
  /** One of them must be in the token's `aud`. */
  audience?: string | string[];
  subject?: string;
  /** Expected header `typ` (`application/` prefix and case ignored). */
  typ?: string;
  /** Leeway for `exp`, `nbf`, `iat`. Default 0. */
  clockTolerance?: Span;
  /** Maximum age since `iat` (which becomes required). */
  maxTokenAge?: Span;
  requiredClaims?: string[];
  /** Claims that must be present with exactly these values (RFC 8725 3.12). */
  claims?: Record<string, unknown>;
  now?: Time;
  /** Critical header parameters this application understands. */
  crit?: string[];
  /** Default 16384; longer tokens fail before any parsing. */
  maxTokenLength?: number;
}

export interface Signer {
  sign(payload: object): string;
  /** Frees the wasm memory now; otherwise the garbage collector does. */
  free(): void;
}

export interface Verifier {
  verify(token: string): Decoded;
  /**
   * `verify`, with the same answers; outside Node and Bun, public-key signatures are
   * checked by WebCrypto's native code, which only answers asynchronously (there the
   * synchronous `verify` of this build throws `ERR_JOSE_NOT_SUPPORTED` for them).
   */
  verifyAsync(token: string): Promise<Decoded>;
  /** Frees the wasm memory now; otherwise the garbage collector does. */
  free(): void;
}

/** Decodes without verifying. Never base an authorization decision on it. */
export function decode(token: string, options?: { maxTokenLength?: number }): Decoded;
/** Decodes the protected header without verifying. */
export function decodeHeader(token: string, options?: { maxTokenLength?: number }): JwtHeader;
export function sign(payload: object, key: Key, options?: SignOptions): string;
export function verify(token: string, key: Key | KeySet, options?: VerifyOptions): Decoded;
/** `verify` as a promise: public-key signatures by WebCrypto outside Node and Bun (HMAC runs in wasm either way). */
export function verifyAsync(token: string, key: Key | KeySet, options?: VerifyOptions): Promise<Decoded>;
export function createSigner(options: SignOptions & { key: Key }): Signer;
/**
 * `createVerifier`'s own option: keep verified tokens in memory and answer
 * them without the signature check until a time-bound claim (`exp`, `nbf`,
 * `maxTokenAge`) could answer differently or `maxAge` passes. `true` means
 * `{ maxEntries: 1000, maxAge: 60 }`. Each verifier has its own cache;
 * failures are never kept; results of a caching verifier are frozen.
 */
export type VerifierCache = boolean | {
  /** Entries kept (1 to 1,000,000; the oldest goes first). Default 1000. */
  maxEntries?: number;
  /** Seconds an entry is kept at most (1 to 86,400). Default 60. */
  maxAge?: number;
};

export function createVerifier(options: VerifyOptions & { key: Key | KeySet; cache?: VerifierCache }): Verifier;
/** A new random secret as long as the algorithm's hash (CSPRNG). */
export function generateSecret(alg?: HmacAlgorithm): Uint8Array;
