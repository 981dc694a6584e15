// ferrojwt/jwks: createRemoteKeySet, a JWKS fetched from an identity
// provider's URL, cached, refetched when a token matches no key of the cached
// set (at most once per cooldown), and bounded in time and size so that a
// slow or hostile endpoint cannot hang a request. Verification itself stays
// local: the set is prepared once per fetch with ferrojwt's createVerifier,
// which verifies RS*, PS* and ES* with the platform's native crypto and
// carries no public-key wasm (issue 16); `options.createVerifier` takes
// ferrojwt/full's instead, for EdDSA.
//
// An entry of its own so that ferrojwt/worker's authenticate takes a remote
// verifier without importing this module (bundlers follow every import).
//
// Where isolates are short-lived (Cloudflare Workers) the fetched set is
// also kept in the Cache API or a KV namespace (./jwks-cache.js), so that a
// cold isolate reads it instead of fetching it again.

import { createVerifier as coreVerifier } from 'ferrojwt';
import { JwtError } from './errors.js';
import { VERIFY_OPTIONS, readByName, readOptions } from './options.js';
import { isSecureTransport } from './transport.js';
import { sharedCache } from './jwks-cache.js';

/** Option names of createRemoteKeySet: any other is refused, so a typo (`KV`) cannot switch the shared cache off. */
const OPTIONS = ['cacheMaxAge', 'cooldown', 'timeout', 'maxBytes', 'headers', 'fetch', 'allowInsecureHttp', 'kv', 'cache', 'createVerifier'];

/**
 * How long a shared entry outlives its freshness (seconds): the window in
 * which a cold isolate can still use the last set while the endpoint is
 * down, as a warm isolate uses the set it holds.
 */
const STALE_IF_ERROR = 24 * 60 * 60;

function seconds(value, name) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`options.${name} must be a number of seconds`);
  }
  return value;
}

/** Reads at most `limit` bytes of the body; more is an invalid key set. */
async function readBounded(response, limit) {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new JwtError('ERR_JWKS_INVALID', `the JWKS response is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * The key set in `text`, checked whole: a malformed set fails here, once,
 * not per token.
 * @param {string} text
 * @param {Prepare} prepare
 * @returns {import('ferrojwt').Jwk[]} its keys
 */
function parseKeySet(text, prepare) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new JwtError('ERR_JWKS_INVALID', 'the JWKS response is not JSON');
  }
  if (body === null || typeof body !== 'object' || !Array.isArray(body.keys)) {
    throw new JwtError('ERR_JWKS_INVALID', 'the JWKS response is not {"keys": [...]}');
  }
  try {
    prepare({ key: body }).free();
  } catch (error) {
    // The issuer's data, not the caller's mistake: an unusable set, never a TypeError.
    throw error instanceof JwtError && error.code.startsWith('ERR_JWKS') ? error
      : new JwtError('ERR_JWKS_INVALID', `the JWKS is not usable: ${/** @type {Thrown} */ (error)?.message ?? error}`);
  }
  return body.keys;
}

/**
 * What a `catch` may hold, read for the members an error usually has.
 * @typedef {{ name?: unknown, message?: unknown, code?: unknown } | null | undefined} Thrown
 */

/**
 * @typedef {{ cacheMaxAge?: number, cooldown?: number, timeout?: number, maxBytes?: number,
 *             headers?: Record<string, string>, fetch?: typeof fetch, allowInsecureHttp?: boolean,
 *             kv?: { get(key: string): Promise<string | null>, put(key: string, value: string, options?: { expirationTtl?: number }): Promise<unknown> },
 *             cache?: { match(url: string): Promise<Response | undefined>, put(url: string, response: Response): Promise<unknown> } | false,
 *             createVerifier?: Prepare }} RemoteKeySetOptions
 *   as jwks.d.ts declares them; readByName reads them as written, and they are checked below
 * @typedef {{ keys: import('ferrojwt').Jwk[], fetchedAt: number, version: number }} HeldSet a fetched set, as this isolate holds it
 * @typedef {(options: import('ferrojwt').VerifyOptions & { key: import('ferrojwt').KeySet }) => import('ferrojwt').Verifier} Prepare
 *   the createVerifier of ferrojwt or ferrojwt/full
 */

/**
 * @param {string | URL} url the JWKS endpoint (https, or http on loopback)
 * @param {RemoteKeySetOptions} [options]
 */
export function createRemoteKeySet(url, options = {}) {
  const target = new URL(url);
  const {
    cacheMaxAge = 600,
    cooldown = 30,
    timeout = 5,
    maxBytes = 512 * 1024,
    headers = {},
    fetch: fetchImpl = globalThis.fetch,
    allowInsecureHttp = false,
    kv,
    cache,
    createVerifier: prepare = coreVerifier,
  } = /** @type {RemoteKeySetOptions} */ (readByName(options, OPTIONS));
  seconds(cacheMaxAge, 'cacheMaxAge');
  seconds(cooldown, 'cooldown');
  seconds(timeout, 'timeout');
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new TypeError('options.maxBytes must be a positive whole number');
  if (typeof fetchImpl !== 'function') throw new TypeError('options.fetch must be a function');
  if (typeof prepare !== 'function') throw new TypeError('options.createVerifier must be the createVerifier of ferrojwt or ferrojwt/full');
  if (!isSecureTransport(target, allowInsecureHttp)) {
    throw new TypeError('the JWKS URL must be https (http only on loopback or with allowInsecureHttp)');
  }
  const shared = sharedCache({ url: target.href, scope: JSON.stringify({ headers, maxBytes }), kv, cache, keepFor: cacheMaxAge + STALE_IF_ERROR });

  /** @type {HeldSet | null} */
  let current = null;
  /** @type {Promise<HeldSet> | null} */
  let inFlight = null;
  let lastAttempt = -Infinity; // of a fetch from the endpoint, by this isolate
  /** @type {unknown} */
  let lastError = null;
  let version = 0;
  const now = () => Date.now() / 1000;
  /** @param {HeldSet} set */
  const age = (set) => now() - set.fetchedAt;

  /**
   * Makes `text`, fetched at `fetchedAt`, the current set.
   * @param {string} text
   * @param {number} fetchedAt
   * @returns {HeldSet}
   */
  function adopt(text, fetchedAt) {
    const keys = parseKeySet(text, prepare);
    version += 1;
    current = { keys, fetchedAt, version };
    return current;
  }

  /** The endpoint's answer, as text; errors are JwtErrors. */
  async function fetchText() {
    lastAttempt = now();
    let response;
    try {
      response = await fetchImpl(target.href, {
        headers: { accept: 'application/json', ...headers },
        // Not 'error': workerd's fetch accepts only 'follow' and 'manual'.
        // A redirect could lead to keys the caller never named, so any 3xx
        // (or a browser's opaque redirect, status 0) is refused below.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeout * 1000),
      });
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        throw new JwtError('ERR_JWKS_INVALID', `the JWKS endpoint answered with a redirect (${response.status || 'opaque'}); redirects are not followed`);
      }
      if (!response.ok) {
        throw new JwtError('ERR_JWKS_INVALID', `the JWKS endpoint answered ${response.status}`);
      }
      return await readBounded(response, maxBytes);
    } catch (error) {
      const thrown = /** @type {Thrown} */ (error);
      throw thrown?.name === 'TimeoutError' || thrown?.name === 'AbortError'
        ? new JwtError('ERR_JWKS_TIMEOUT', `the JWKS endpoint did not answer within ${timeout} s`)
        : error instanceof JwtError ? error
          : new JwtError('ERR_JWKS_INVALID', `the JWKS could not be fetched: ${thrown?.message ?? error}`);
    } finally {
      await response?.body?.cancel().catch(() => {});
    }
  }

  /**
   * A set younger than `wanted` seconds: the shared store's when another
   * isolate fetched one that young, else the endpoint's (then shared).
   * Fails when the endpoint does; the caller decides whether a stale set
   * will do.
   * @param {number} wanted
   * @returns {Promise<HeldSet>}
   */
  async function sync(wanted) {
    const entry = shared && await shared.read();
    if (entry && (current === null || entry.fetchedAt > current.fetchedAt)) {
      try {
        adopt(entry.text, entry.fetchedAt);
      } catch {
        // A damaged shared entry is only a miss: the endpoint is asked.
      }
    }
    if (current !== null && age(current) < wanted) return current;
    try {
      const text = await fetchText();
      const fetchedAt = now();
      const set = adopt(text, fetchedAt);
      lastError = null;
      await shared?.write({ text, fetchedAt });
      return set;
    } catch (error) {
      lastError = error;
      throw error;
    }
  }

  /**
   * One sync at a time, however many requests wait on it.
   * @param {number} wanted
   * @returns {Promise<HeldSet>}
   */
  function refresh(wanted) {
    inFlight ??= sync(wanted).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  /** Whether this isolate asked the endpoint within the cooldown (and is not asking now). */
  const coolingDown = () => now() - lastAttempt < cooldown && !inFlight;

  /** The cached set, fetched when there is none or it is stale. */
  async function currentSet() {
    if (current !== null && (age(current) < cacheMaxAge || coolingDown())) return current;
    // Nothing cached: after a failure, fail fast until the cooldown ends.
    if (current === null && coolingDown() && lastError) throw lastError;
    // A stale set, held or read from the shared store, beats no set while
    // the endpoint is down.
    return refresh(cacheMaxAge).catch((error) => {
      if (current === null) throw error;
      return current;
    });
  }

  /**
   * A fresher set after a token matched no key (say, the issuer rotated),
   * or null while a refetch cannot help: this isolate asked the endpoint
   * within the cooldown, or the set itself (wherever it was fetched) is
   * younger than the cooldown.
   */
  function setForUnknownKey() {
    if (coolingDown() || (current !== null && age(current) < cooldown)) return null;
    return refresh(cooldown);
  }

  return {
    /**
     * A verifier bound to `verifyOptions`; its `verify(token)` returns a
     * Promise (the key set may have to be fetched first).
     * @param {object} [verifyOptions]
     */
    createVerifier(verifyOptions = {}) {
      if (verifyOptions === null || typeof verifyOptions !== 'object') throw new TypeError('options must be an object');
      if ('key' in verifyOptions) throw new TypeError('the remote key set is the key: leave options.key out');
      // Read now, as written: a bad option fails here, not at the first
      // token (the verifier checks what only it knows, such as an
      // algorithm this build does not verify, against an empty set).
      const read = readOptions(verifyOptions, VERIFY_OPTIONS);
      prepare({ ...read, key: { keys: [] } }).free();
      /**
       * The verifier of the current set. One of a set that was replaced is
       * freed once no verification is using it (a WebCrypto check may still
       * be awaited, and a refused key verified again synchronously).
       * @type {{ version: number, verifier: import('ferrojwt').Verifier, running: number, retired: boolean } | null}
       */
      let prepared = null;
      /** @param {HeldSet} set */
      const preparedFor = (set) => {
        if (prepared?.version !== set.version) {
          const old = prepared;
          prepared = { version: set.version, verifier: prepare({ ...read, key: { keys: set.keys } }), running: 0, retired: false };
          if (old !== null) {
            old.retired = true;
            if (old.running === 0) old.verifier.free();
          }
        }
        return prepared;
      };
      /**
       * `token` verified against `set`.
       * @param {HeldSet} set
       * @param {string} token
       */
      const verifyWith = async (set, token) => {
        const entry = preparedFor(set);
        entry.running += 1;
        try {
          // verifyAsync: public-key signatures by WebCrypto outside Node.
          return await entry.verifier.verifyAsync(token);
        } finally {
          entry.running -= 1;
          if (entry.retired && entry.running === 0) entry.verifier.free();
        }
      };
      return {
        /** @param {string} token */
        async verify(token) {
          // The token is read once, by the verifier: its kid only matters
          // when no key matched, which is when a refetch can help.
          const set = await currentSet();
          try {
            return await verifyWith(set, token);
          } catch (error) {
            if (/** @type {Thrown} */ (error)?.code !== 'ERR_JWKS_NO_MATCHING_KEY') throw error;
            const fresher = await setForUnknownKey();
            if (fresher === null || fresher.version === set.version) throw error;
            return verifyWith(fresher, token);
          }
        },
        /** The same as `verify` (which is already asynchronous here). */
        verifyAsync(token) {
          return this.verify(token);
        },
      };
    },
    /** The current key set, fetched if needed. */
    async keys() {
      return { keys: (await currentSet()).keys };
    },
    /** Fetches the key set from the endpoint now (e.g. at start-up), whatever any cache holds. */
    reload() {
      return refresh(0).then((s) => ({ keys: s.keys }));
    },
  };
}
