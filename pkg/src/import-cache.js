// The platform keys already imported, by the public JWK text the core hands
// over. A one-shot `verify(token, jwk)` hands the platform the same key on
// every call, and importing it was most of that call's time (WebCrypto's
// importKey in workerd and Chromium; bench/: "RS256 verify, one-shot JWK").
// The text is the key's whole identity (the core writes it from the vetted
// public members alone), so a hit is the very key asked for, and every key
// here is public. Bounded: the least recently used goes first.

/** How many imported keys a platform keeps. */
export const IMPORT_CACHE_SIZE = 64;

/** @template T */
export function createImportCache(limit = IMPORT_CACHE_SIZE) {
  /** @type {Map<string, T>} */
  const entries = new Map();
  return {
    /**
     * The key imported as `id`, now the most recently used; or undefined.
     * @param {string} id
     */
    get(id) {
      const value = entries.get(id);
      if (value !== undefined) {
        entries.delete(id);
        entries.set(id, value);
      }
      return value;
    },
    /**
     * @param {string} id
     * @param {T} value
     */
    set(id, value) {
      entries.set(id, value);
      if (entries.size > limit) entries.delete(/** @type {string} */ (entries.keys().next().value));
    },
    /**
     * The key kept as `id`, else the one `make()` imports now, kept unless
     * it is undefined (a key the platform would not take).
     * @param {string} id
     * @param {() => T | undefined} make
     * @returns {T | undefined}
     */
    take(id, make) {
      let value = this.get(id);
      if (value === undefined) {
        value = make();
        if (value !== undefined) this.set(id, value);
      }
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}
