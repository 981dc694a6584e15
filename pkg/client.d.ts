// Types for `ferrojwt/client`.
import type { JwtPayload } from './index.js';

/**
 * The tokens the client keeps. Each one is 1 to 16384 characters (the
 * library's default `maxTokenLength`) of RFC 6750's `b64token` shape,
 * `[A-Za-z0-9-._~+/]+=*`: a compact JWS (three base64url segments joined
 * by dots) or an opaque OAuth token. Nothing else can be sent in an
 * `Authorization` header as is, so nothing else is kept.
 */
export interface TokenPair {
  access: string;
  refresh?: string;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TokenStore {
  /**
   * The stored pair; corrupt or foreign data, or a token not of the
   * {@link TokenPair} shape (CR/LF, spaces, non-ASCII, empty, too long), reads as null.
   */
  get(): TokenPair | null;
  /** Throws a TypeError, and stores nothing, for a token not of the {@link TokenPair} shape. */
  set(pair: TokenPair): void;
  clear(): void;
  /** Called on every change, here or (localStorage) in another tab. */
  subscribe(fn: (pair: TokenPair | null) => void): () => void;
  readonly key: string;
  /** Whether other tabs see this store (localStorage); refreshes then take a cross-tab Web Lock. */
  readonly shared: boolean;
}

export function createTokenStore(options?: {
  /** Default `'memory'`. */
  storage?: 'memory' | 'localStorage' | 'sessionStorage' | StorageLike;
  /** Default `'ferrojwt.tokens'`. */
  key?: string;
}): TokenStore;

/**
 * A refused login or refresh, or an answer the client cannot use: a 2xx
 * whose body is over 36 KiB (two tokens plus 4 KiB; not read further), is
 * not JSON, or holds no token or one not of the {@link TokenPair} shape.
 */
export class AuthError extends Error {
  constructor(message: string, details: { status: number; body?: unknown });
  readonly name: 'AuthError';
  /** HTTP status; 0 when no request was made. */
  readonly status: number;
  /** The server's JSON body; not set for a 2xx answer (it may hold tokens). */
  readonly body: unknown;
  /** `detail` (DRF) or `error_description` (OAuth). */
  readonly detail?: string;
}

export type LogoutReason = 'user' | 'refresh_failed' | 'no_refresh_token' | 'elsewhere';

export interface AuthClientOptions {
  store?: TokenStore;
  /** Where loginUrl, refreshUrl and logoutUrl resolve; default the page's origin. */
  baseUrl?: string;
  /** Only these origins ever receive the token; default baseUrl's origin. */
  origins?: string[];
  /** Default `'/api/token/'` (djangorestframework-simplejwt). */
  loginUrl?: string;
  /** Default `'/api/token/refresh/'`. */
  refreshUrl?: string;
  /**
   * Where logout() POSTs `{ refresh }` to revoke the refresh token: default
   * `'/api/token/blacklist/'` (simplejwt's TokenBlacklistView); `false` to
   * revoke nothing on the server. Like loginUrl and refreshUrl, it must be on
   * a trusted origin, else createAuthClient throws a TypeError.
   */
  logoutUrl?: string | false;
  /** Default `'Bearer'`; must be an HTTP token (RFC 9110), else createAuthClient throws a TypeError. */
  scheme?: string;
  /** Seconds before `exp` to refresh proactively; default 30. */
  refreshMargin?: number;
  /** Allow plain http to hosts that are not loopback (never do this in production). */
  allowInsecureHttp?: boolean;
  fetch?: typeof fetch;
}

export interface AuthClient {
  /**
   * POSTs the credentials as JSON and stores the pair (simplejwt or OAuth
   * body). Rejects with AuthError, storing nothing, when the server refuses
   * or its answer is unusable (see AuthError).
   */
  login(credentials: object): Promise<TokenPair>;
  /**
   * Sends the stored refresh token to logoutUrl, then at once forgets the
   * tokens and emits `logout` with reason `user`; resolves when the server
   * answered (at most 5 seconds). Never rejects: the tokens are forgotten even
   * when the server is down, refuses or does not answer in time (the refresh
   * token then stays valid on the server until it expires). The request is
   * sent with `keepalive`, so it outlives a page closed right after. A login
   * made while the call was out is kept.
   */
  logout(): Promise<void>;
  /**
   * Attaches the token (trusted origins only), refreshes, retries once on a
   * `token_not_valid` 401. A refresh the server refuses (400, 401, 403) logs
   * out; one it answers with a 2xx the client cannot use (see AuthError)
   * keeps the current pair, does not log out, and the request goes out with
   * the current token.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  readonly accessToken: string | null;
  /**
   * The access token's payload, read but not verified (the server verifies);
   * null when logged out, or when the token is not one `decode` would accept
   * (an opaque token, or a malformed one). Reading it loads no wasm.
   */
  readonly claims: JwtPayload | null;
  on(event: 'change', fn: (pair: TokenPair | null) => void): () => void;
  on(event: 'refresh', fn: (pair: TokenPair) => void): () => void;
  on(event: 'logout', fn: (info: { reason: LogoutReason }) => void): () => void;
}

export function createAuthClient(options?: AuthClientOptions): AuthClient;
