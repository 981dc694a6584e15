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
 * The Workers Cache API (`caches.default`, or a cache from `caches.open`).
 * @param {{ match(url: string): Promise<Response | undefined>, put(url: string, response: Response): Promise<unknown> }} cache
 * @param {string} url the JWKS URL, the entry's key
 * @param {number} keepFor seconds an entry stays (fresh time plus stale time)
 * @returns {SharedCache}
 */
function cacheApiStore(cache, url, keepFor) {
  return {
    async read() {
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
 * @param {string} url
 * @param {number} keepFor
 * @returns {SharedCache}
 */
function kvStore(kv, url, keepFor) {
  const key = KV_PREFIX + url;
  return {
    async read() {
      const raw = await kv.get(key);
      if (typeof raw !== 'string') return null;
      const entry = JSON.parse(raw);
      if (typeof entry?.text !== 'string' || !isFetchedAt(entry.fetchedAt)) return null;
      return { text: entry.text, fetchedAt: entry.fetchedAt };
    },
    async write({ text, fetchedAt }) {
      await kv.put(key, JSON.stringify({ text, fetchedAt }), { expirationTtl: Math.max(KV_MIN_TTL, Math.ceil(keepFor)) });
    },
  };
}

/**
 * The shared store for a remote key set: `kv` when given, else `cache` when
 * given, else `caches.default` where the runtime has it (workerd; not
 * browsers, Deno or Node, whose CacheStorage has no `default`), else none.
 * A store that fails (quota, a workers.dev zone without a cache) only costs
 * a fetch: read errors read as a miss, write errors are ignored.
 * @param {{ url: string, kv?: any, cache?: any, keepFor: number }} options as the caller gave them, checked here
 * @returns {SharedCache | null}
 */
export function sharedCache({ url, kv, cache, keepFor }) {
  /** @type {SharedCache | null} */
  let store = null;
  if (kv !== undefined) {
    if (kv === null || typeof kv.get !== 'function' || typeof kv.put !== 'function') {
      throw new TypeError('options.kv must be a KV namespace (get and put)');
    }
    store = kvStore(kv, url, keepFor);
  } else if (cache !== false) {
    // `default` is workerd's; DOM typings know only CacheStorage's methods.
    const chosen = cache ?? /** @type {any} */ (globalThis).caches?.default;
    if (cache !== undefined && (cache === null || typeof cache.match !== 'function' || typeof cache.put !== 'function')) {
      throw new TypeError('options.cache must be a Cache (e.g. caches.default) or false');
    }
    if (chosen) store = cacheApiStore(chosen, url, keepFor);
  }
  if (store === null) return null;
  return {
    read: () => store.read().catch(() => null),
    write: (entry) => store.write(entry).catch(() => {}),
  };
}
