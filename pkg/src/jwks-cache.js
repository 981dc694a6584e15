// Where a fetched JWKS outlives the isolate that fetched it. Workers start
// and drop isolates freely, so a key set kept only in module scope is
// fetched again by every cold isolate (20 cold isolates, 20 fetches, in
// tests/js/remote-workerd.test.mjs); kept here, the first fetch serves them
// all (1 fetch). Two stores, one shape: the Workers Cache API, keyed by the
// JWKS URL, and a KV namespace the caller passes.
//
// An entry holds the endpoint's answer verbatim and when it was fetched; the
// reader judges freshness from that time, so one entry serves both a fresh
// read (within cacheMaxAge) and a stale one (when the endpoint is down).
//
// Entries are keyed by a SHA-256 of the URL and of what shapes the answer
// (request headers, size cap), never by the URL itself: caches.default is
// the zone's CDN cache, where an entry under the real URL would be served to
// the zone's visitors of that URL (and a CDN copy of it read as ours), and
// two key sets that fetch one URL differently must not share an entry. Only
// Workers of the same zone (or holders of the KV namespace) can write these
// entries: they are the deployment's own code.

/** @typedef {{ text: string, fetchedAt: number }} SharedEntry the JWKS text and when it was fetched (epoch seconds) */
/** @typedef {{ read(): Promise<SharedEntry | null>, write(entry: SharedEntry): Promise<void> }} SharedCache */

/** The header of a Cache API entry that says when its body was fetched (and that it is ours). */
const FETCHED_AT = 'x-ferrojwt-fetched-at';

/** KV keys are the URL under this prefix, so the namespace can hold other things too. */
const KV_PREFIX = 'ferrojwt:jwks:';

/** KV refuses expirations shorter than this many seconds. */
const KV_MIN_TTL = 60;

/**
 * A fetch time an entry may carry: not in the future (a minute allowed for
 * clocks), so no entry stays fresh for longer than cacheMaxAge.
 * @param {number} value epoch seconds
 */
const isFetchedAt = (value) => Number.isFinite(value) && value > 0 && value <= Date.now() / 1000 + 60;

/**
 * @param {string} text
 * @returns {Promise<string>} its SHA-256, hex
 */
async function sha256Hex(text) {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The Workers Cache API (`caches.default`, or a cache from `caches.open`).
 * @param {{ match(url: string): Promise<Response | undefined>, put(url: string, response: Response): Promise<unknown> }} cache
 * @param {Promise<string>} key the entry's digest (see the top of this file)
 * @param {number} keepFor seconds an entry stays (fresh time plus stale time)
 * @returns {SharedCache}
 */
function cacheApiStore(cache, key, keepFor) {
  return {
    async read() {
      const url = `https://ferrojwt.invalid/jwks/${await key}`;
      const response = await cache.match(url);
      if (!response) return null;
      const fetchedAt = Number(response.headers.get(FETCHED_AT));
      // An entry without our header was put there by someone else's code:
      // its age is unknown, so it is not used.
      if (!isFetchedAt(fetchedAt)) {
        await response.body?.cancel();
        return null;
      }
      return { text: await response.text(), fetchedAt };
    },
    async write({ text, fetchedAt }) {
      const url = `https://ferrojwt.invalid/jwks/${await key}`;
      await cache.put(url, new Response(text, {
        headers: {
          'content-type': 'application/json',
          'cache-control': `max-age=${Math.ceil(keepFor)}`,
          [FETCHED_AT]: String(fetchedAt),
        },
      }));
    },
  };
}

/**
 * A KV namespace (or anything with KV's `get(key)` and `put(key, value, { expirationTtl })`).
 * @param {{ get(key: string): Promise<string | null>, put(key: string, value: string, options?: { expirationTtl?: number }): Promise<unknown> }} kv
 * @param {Promise<string>} digest the entry's key (see the top of this file)
 * @param {number} keepFor
 * @returns {SharedCache}
 */
function kvStore(kv, digest, keepFor) {
  return {
    async read() {
      const raw = await kv.get(KV_PREFIX + (await digest));
      if (typeof raw !== 'string') return null;
      const entry = JSON.parse(raw);
      if (typeof entry?.text !== 'string' || !isFetchedAt(entry.fetchedAt)) return null;
      return { text: entry.text, fetchedAt: entry.fetchedAt };
    },
    async write({ text, fetchedAt }) {
      await kv.put(KV_PREFIX + (await digest), JSON.stringify({ text, fetchedAt }), { expirationTtl: Math.max(KV_MIN_TTL, Math.ceil(keepFor)) });
    },
  };
}

/**
 * The shared store for a remote key set: `kv` when given, else `cache` when
 * given, else `caches.default` where the runtime has it (workerd; not
 * browsers, Deno or Node, whose CacheStorage has no `default`), else none.
 * A store that fails (quota, a workers.dev zone without a cache) only costs
 * a fetch: read errors read as a miss, write errors are ignored.
 * @param {{ url: string, scope: string, kv?: any, cache?: any, keepFor: number }} options as the caller gave them,
 *   checked here; `scope` says what else shapes the answer (headers, size cap)
 * @returns {SharedCache | null}
 */
export function sharedCache({ url, scope, kv, cache, keepFor }) {
  const digest = sha256Hex(`${url}\n${scope}`);
  digest.catch(() => {}); // a failure surfaces at read or write, as a miss
  /** @type {SharedCache | null} */
  let store = null;
  if (kv !== undefined) {
    if (kv === null || typeof kv.get !== 'function' || typeof kv.put !== 'function') {
      throw new TypeError('options.kv must be a KV namespace (get and put)');
    }
    store = kvStore(kv, digest, keepFor);
  } else if (cache !== false) {
    // `default` is workerd's; DOM typings know only CacheStorage's methods.
    const chosen = cache ?? /** @type {any} */ (globalThis).caches?.default;
    if (cache !== undefined && (cache === null || typeof cache.match !== 'function' || typeof cache.put !== 'function')) {
      throw new TypeError('options.cache must be a Cache (e.g. caches.default) or false');
    }
    if (chosen) store = cacheApiStore(chosen, digest, keepFor);
  }
  if (store === null) return null;
  return {
    read: () => store.read().catch(() => null),
    write: (entry) => store.write(entry).catch(() => {}),
  };
}
