// The native key table shared by native-node.js and native-web.js: the
// wasm verifier keeps only numeric handles (so the Rust verifier stays Send
// and Sync), and the JS side owns the keys. `collecting` attributes the
// handles made during one wasm call (a verifier's creation) to their owner,
// which releases them when it is freed or collected.

/** @template T */
export function createHandleTable() {
  /** @type {Map<number, T>} */
  const entries = new Map();
  let next = 1;
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
