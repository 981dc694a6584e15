// Types for `ferrojwt/jwks`: key sets fetched from an identity provider's JWKS URL.
// It verifies with `ferrojwt` (RS*, PS*, ES* by the platform's native crypto, no
// public-key wasm) unless given `ferrojwt/full`'s `createVerifier`; `ferrojwt/worker`'s
// `authenticate` accepts its verifiers without importing it.
import type { KeySet, Verifier, VerifyOptions } from './index.js';
import type { RemoteVerifier } from './worker.js';

export type { RemoteVerifier };

/** What `createRemoteKeySet` needs of a KV namespace (Cloudflare's `KVNamespace` has it). */
export interface KeySetKV {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<unknown>;
}

/** What `createRemoteKeySet` needs of a Cache API cache (`caches.default`, or one from `caches.open()`). */
export interface KeySetCache {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<unknown>;
}

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
  /**
   * A KV namespace that keeps the fetched set for every isolate (key
   * `ferrojwt:jwks:<url>`), e.g. `env.JWKS_CACHE`. Given, it is used instead
   * of the Cache API. KV writes take up to a minute to reach other locations.
   */
  kv?: KeySetKV;
  /**
   * Where isolates share the fetched set, keyed by the JWKS URL: default
   * `caches.default` where it exists (Cloudflare Workers; note that the
   * Cache API stores nothing on `*.workers.dev` hosts: pass `kv` there),
   * a cache from `caches.open()`, or `false` for none.
   */
  cache?: KeySetCache | false;
  /**
   * What prepares each fetched set: `ferrojwt`'s `createVerifier` (the default:
   * RS*, PS*, ES256/384/512 checked by `node:crypto` or WebCrypto, with no public-key
   * wasm to download) or `ferrojwt/full`'s (adds EdDSA).
   */
  createVerifier?: (options: VerifyOptions & { key: KeySet }) => Verifier;
}

export interface RemoteKeySet {
  /** A verifier with these options (no `key`: the remote set is the key). */
  createVerifier(options?: VerifyOptions): RemoteVerifier;
  /** The current set, fetched if needed. */
  keys(): Promise<KeySet>;
  /** Fetches the set from the endpoint now, whatever any cache holds. */
  reload(): Promise<KeySet>;
}

/**
 * A JWKS from `url` (https; http only on loopback), fetched with redirects
 * refused, bounded in time and size, cached for `cacheMaxAge` in the isolate
 * and in a shared store (`kv`, or the Cache API), and refetched when a token
 * matches no key (an unknown `kid`), at most once per `cooldown`. While the
 * endpoint is down a stale set is used (a shared one for up to a day past
 * `cacheMaxAge`).
 */
export function createRemoteKeySet(url: string | URL, options?: RemoteKeySetOptions): RemoteKeySet;
