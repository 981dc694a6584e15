// An opt-in cache of verified tokens for createVerifier (`cache` option):
// a token verified once is answered from memory until the first moment any
// time-bound claim check (exp, nbf, maxTokenAge) could answer differently,
// or until `maxAge` passes. Every other check depends only on the token and
// the verifier, and each verifier has its own cache, so a token verified
// under one verifier never counts for another. Failures are never cached.
// The time window comes from the core's own figures (`WasmVerifier.timing`),
// and its bounds are exclusive, so the cache can only ever send a token back
// to the full check early, never accept it late.

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
  /** @type {Map<string, { result: object, from: number, until: number }>} */
  const entries = new Map();
  const num = (v) => (typeof v === 'number' ? v : undefined);
  return {
    /** The cached result of `token` if it still holds at `now` (seconds). */
    get(token, now) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      if (now > entry.from && now < entry.until) return entry.result;
      entries.delete(token);
      return undefined;
    },
    /**
     * Keeps `result` (just verified at `now`), frozen, for as long as the
     * claims that depend on time would pass: the core refuses
     * `nbf > now + tolerance`, `exp <= now - tolerance` and, with
     * maxTokenAge, `iat` out of `[now - maxTokenAge - tolerance, now + tolerance]`.
     */
    set(token, result, now) {
      const { exp, nbf, iat } = /** @type {{ payload: Record<string, unknown> }} */ (result).payload;
      let from = now - 1;
      let until = now + maxAge;
      if (num(nbf) !== undefined) from = Math.max(from, /** @type {number} */ (nbf) - tolerance);
      if (num(exp) !== undefined) until = Math.min(until, /** @type {number} */ (exp) + tolerance);
      if (!Number.isNaN(maxTokenAge) && num(iat) !== undefined) {
        from = Math.max(from, /** @type {number} */ (iat) - tolerance);
        until = Math.min(until, /** @type {number} */ (iat) + maxTokenAge + tolerance);
      }
      deepFreeze(result);
      if (!(now > from && now < until)) return result;
      if (entries.size >= maxEntries) {
        // Oldest first; expired entries go when they are next asked for.
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(token, { result, from, until });
      return result;
    },
    get size() {
      return entries.size;
    },
  };
}
