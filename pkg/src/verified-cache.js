// An opt-in cache of verified tokens for createVerifier (`cache` option):
// a token verified once is answered from memory until the first moment any
// time-bound claim check (exp, nbf, maxTokenAge) could answer differently,
// or until `maxAge` passes. Every other check depends only on the token and
// the verifier, and each verifier has its own cache, so a token verified
// under one verifier never counts for another. Failures are never cached.
// The tolerance comes from the core's own figures (`WasmVerifier.timing`).
// The claims are read here by JSON.parse, which may round a number with
// more than 17 digits differently from the core's reader, so the window is
// a second narrower on each side and exclusive, and a time claim far from
// any clock (over 1e12) is never cached: the cache can only ever send a
// token back to the full check early, never accept it late.

/** Past this, a time claim is not a time: such tokens are not cached. */
const MAX_TIME = 1e12;
/** Seconds of margin against rounding differences (see above). */
const MARGIN = 1;

/** Defaults of the `cache` option. */
const DEFAULTS = { maxEntries: 1000, maxAge: 60 };
const LIMITS = { maxEntries: 1_000_000, maxAge: 86_400 };

/**
 * The `cache` option as written: `true` (the defaults) or
 * `{ maxEntries?, maxAge? }` (whole entries; seconds); `false` is no cache.
 * @param {unknown} value
 * @returns {{ maxEntries: number, maxAge: number } | null}
 */
export function readCacheOption(value) {
  if (value === undefined || value === false) return null;
  if (value === true) return { ...DEFAULTS };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError('options.cache must be true, false or { maxEntries?, maxAge? }');
  }
  const out = { ...DEFAULTS };
  for (const [name, given] of Object.entries(value)) {
    if (!Object.hasOwn(DEFAULTS, name)) throw new TypeError(`unknown option "cache.${name}" (refused so that a typo cannot switch a check off)`);
    const limit = LIMITS[/** @type {keyof typeof LIMITS} */ (name)];
    if (typeof given !== 'number' || !Number.isInteger(given) || given < 1 || given > limit) {
      throw new TypeError(`options.cache.${name} must be a whole number from 1 to ${limit}`);
    }
    out[/** @type {keyof typeof DEFAULTS} */ (name)] = given;
  }
  return out;
}

/** Freezes `value` and everything in it (results are shared between callers). */
function deepFreeze(value) {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * @param {{ maxEntries: number, maxAge: number }} options
 * @param {ArrayLike<number>} timing the verifier's `[clockTolerance, maxTokenAge, now]` in seconds (NaN: unset)
 */
export function createVerifiedCache({ maxEntries, maxAge }, timing) {
  const tolerance = timing[0];
  const maxTokenAge = timing[1];
  /** @type {Map<string, { result: object, from: number, until: number, dies: number }>} */
  const entries = new Map();
  /** The real clock: `maxAge` runs on it even when the verifier's `now` is fixed. */
  const clock = () => Date.now() / 1000;
  return {
    /** The cached result of `token` if it still holds at `now` (seconds). */
    get(token, now) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      if (now > entry.from && now < entry.until && clock() < entry.dies) return entry.result;
      entries.delete(token);
      return undefined;
    },
    /**
     * Keeps `result` (just verified at `now`), frozen, for as long as the
     * claims that depend on time would pass: the core refuses
     * `nbf > now + tolerance`, `exp <= now - tolerance` and, with
     * maxTokenAge, `iat` out of `[now - maxTokenAge - tolerance, now + tolerance]`.
     * Returns the result, frozen.
     */
    set(token, result, now) {
      deepFreeze(result);
      const { exp, nbf, iat } = /** @type {{ payload: Record<string, unknown> }} */ (result).payload;
      let from = -Infinity;
      let until = Infinity;
      for (const v of [exp, nbf, iat]) {
        if (v !== undefined && (typeof v !== 'number' || !(Math.abs(v) < MAX_TIME))) return result;
      }
      if (typeof nbf === 'number') from = Math.max(from, nbf - tolerance + MARGIN);
      if (typeof exp === 'number') until = Math.min(until, exp + tolerance - MARGIN);
      if (!Number.isNaN(maxTokenAge) && typeof iat === 'number') {
        from = Math.max(from, iat - tolerance + MARGIN);
        until = Math.min(until, iat + maxTokenAge + tolerance - MARGIN);
      }
      if (!(now > from && now < until)) return result;
      if (entries.size >= maxEntries) {
        // Oldest first; expired entries go when they are next asked for.
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(token, { result, from, until, dies: clock() + maxAge });
      return result;
    },
    get size() {
      return entries.size;
    },
  };
}
