// createRemoteKeySet: a JWKS fetched from an identity provider's URL, cached,
// refetched when a token matches no key of the cached set (at most once per
// cooldown), and bounded in time and size so that a slow or hostile endpoint
// cannot hang a request. Verification itself stays synchronous and local:
// the set is prepared once per fetch with ferrojwt/full's createVerifier.

import { JwtError } from './errors.js';
import { VERIFY_OPTIONS, readOptions } from './options.js';
import { isSecureTransport } from './transport.js';

/** ferrojwt/full, loaded on first use so that importing ferrojwt/worker stays light. */
let fullModule = null;
function loadFull() {
  fullModule ??= import('ferrojwt/full');
  return fullModule;
}

function positive(value, name) {
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
 * @param {string | URL} url the JWKS endpoint (https, or http on loopback)
 * @param {{ cacheMaxAge?: number, cooldown?: number, timeout?: number, maxBytes?: number,
 *           headers?: Record<string, string>, fetch?: typeof fetch, allowInsecureHttp?: boolean }} [options]
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
  } = options;
  positive(cacheMaxAge, 'cacheMaxAge');
  positive(cooldown, 'cooldown');
  positive(timeout, 'timeout');
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new TypeError('options.maxBytes must be a positive whole number');
  if (typeof fetchImpl !== 'function') throw new TypeError('options.fetch must be a function');
  if (!isSecureTransport(target, allowInsecureHttp)) {
    throw new TypeError('the JWKS URL must be https (http only on loopback or with allowInsecureHttp)');
  }

  /** @type {{ keys: object[], fetchedAt: number, version: number } | null} */
  let current = null;
  let inFlight = null;
  let lastAttempt = -Infinity;
  let lastError = null;
  let version = 0;
  const now = () => Date.now() / 1000;

  async function fetchSet() {
    lastAttempt = now();
    let response;
    try {
      response = await fetchImpl(target.href, {
        headers: { accept: 'application/json', ...headers },
        redirect: 'error',
        signal: AbortSignal.timeout(timeout * 1000),
      });
      if (!response.ok) {
        throw new JwtError('ERR_JWKS_INVALID', `the JWKS endpoint answered ${response.status}`);
      }
      const text = await readBounded(response, maxBytes);
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        throw new JwtError('ERR_JWKS_INVALID', 'the JWKS response is not JSON');
      }
      if (body === null || typeof body !== 'object' || !Array.isArray(body.keys)) {
        throw new JwtError('ERR_JWKS_INVALID', 'the JWKS response is not {"keys": [...]}');
      }
      // Prepared once here: a malformed set fails now, not per token.
      const full = await loadFull();
      full.createVerifier({ key: body }).free();
      version += 1;
      current = {
        keys: body.keys,
        fetchedAt: now(),
        version,
      };
      lastError = null;
      return current;
    } catch (error) {
      lastError = error?.name === 'TimeoutError' || error?.name === 'AbortError'
        ? new JwtError('ERR_JWKS_TIMEOUT', `the JWKS endpoint did not answer within ${timeout} s`)
        : error instanceof JwtError ? error
          : new JwtError('ERR_JWKS_INVALID', `the JWKS could not be fetched: ${error?.message ?? error}`);
      throw lastError;
    } finally {
      await response?.body?.cancel().catch(() => {});
    }
  }

  /** One fetch at a time, however many requests wait on it. */
  function refresh() {
    inFlight ??= fetchSet().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  const coolingDown = () => now() - lastAttempt < cooldown && !inFlight;

  /** The cached set, fetched when there is none or it is stale. */
  async function currentSet() {
    if (current === null) {
      // Nothing cached: after a failure, fail fast until the cooldown ends.
      if (coolingDown() && lastError) throw lastError;
      return refresh();
    }
    if (now() - current.fetchedAt < cacheMaxAge || coolingDown()) return current;
    // A stale set beats no set while the endpoint is down.
    return refresh().catch(() => current);
  }

  /**
   * A fresher set after a token matched no key (say, the issuer rotated),
   * or null within the cooldown of the last fetch.
   */
  function setForUnknownKey() {
    return coolingDown() ? null : refresh();
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
      // Read now, as written: a bad option fails here, not at the first token.
      const options = readOptions(verifyOptions, VERIFY_OPTIONS);
      let prepared = null; // { version, verifier }
      return {
        async verify(token) {
          const full = await loadFull();
          const verifierFor = (set) => {
            if (prepared?.version !== set.version) {
              prepared?.verifier.free();
              prepared = { version: set.version, verifier: full.createVerifier({ ...options, key: { keys: set.keys } }) };
            }
            return prepared.verifier;
          };
          // The token is read once, by the verifier: its kid only matters
          // when no key matched, which is when a refetch can help.
          const set = await currentSet();
          try {
            return verifierFor(set).verify(token);
          } catch (error) {
            if (error?.code !== 'ERR_JWKS_NO_MATCHING_KEY') throw error;
            const fresher = await setForUnknownKey();
            if (fresher === null || fresher.version === set.version) throw error;
            return verifierFor(fresher).verify(token);
          }
        },
      };
    },
    /** The current key set, fetched if needed. */
    async keys() {
      return { keys: (await currentSet()).keys };
    },
    /** Fetches the key set now (e.g. at start-up), whatever the cache holds. */
    reload() {
      return refresh().then((s) => ({ keys: s.keys }));
    },
  };
}
