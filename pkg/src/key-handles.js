// The native key table shared by native-node.js and native-web.js: the
// wasm verifier keeps only numeric handles (so the Rust verifier stays Send
// and Sync), and the JS side owns the keys. `collecting` attributes the
// handles made during one wasm call (a verifier's creation) to their owner,
// which releases them when it is freed or collected.

/**
 * Handles are numbered across every table, so a handle of one platform is
 * never another platform's key (the core hands a handle back only to a
 * platform with the same id, and every JS platform has the same one).
 */
let next = 1;

/** @template T */
export function createHandleTable() {
  /** @type {Map<number, T>} */
  const entries = new Map();
  /** @type {number[] | null} */
  let made = null;
  return {
    /** @param {T} entry @returns {number} its handle (never 0) */
    add(entry) {
      const handle = next++;
      entries.set(handle, entry);
      made?.push(handle);
      return handle;
    },
    /** @param {number} handle */
    get(handle) {
      return entries.get(handle);
    },
    /**
     * `f()` and the handles made while it ran.
     * @template R
     * @param {() => R} f
     * @returns {[R, number[]]}
     */
    collecting(f) {
      const mine = [];
      made = mine;
      try {
        return [f(), mine];
      } catch (e) {
        // A verifier that failed to build owns nothing.
        for (const h of mine) entries.delete(h);
        throw e;
      } finally {
        made = null;
      }
    },
    /** @param {readonly number[]} handles */
    release(handles) {
      for (const h of handles) entries.delete(h);
    },
    get size() {
      return entries.size;
    },
  };
}
