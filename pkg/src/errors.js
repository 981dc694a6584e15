// The one error class of the package. Codes are jose's, so `err.code`
// handlers written for jose keep working after a switch.

/** @typedef {'check_failed' | 'missing' | 'invalid'} ClaimReason */

export class JwtError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{ claim?: string, reason?: ClaimReason, payload?: object }} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'JwtError';
    /** jose's error code, e.g. `ERR_JWT_EXPIRED`. */
    this.code = code;
    if (details.claim !== undefined) {
      /** The claim a claim check failed on. */
      this.claim = details.claim;
      /** Why: `check_failed`, `missing` or `invalid`. */
      this.reason = details.reason;
    }
    if (details.payload !== undefined) {
      /** The (unverified-by-claims, signature-checked) payload, for claim errors. */
      this.payload = details.payload;
    }
  }
}

/**
 * Turns the wasm side's encoded error (`\0 code \x1f claim \x1f reason \x1f
 * message \x1f payload`) into a thrown value. Argument errors become
 * `TypeError`s, as from any JS API.
 * @param {string} encoded
 * @returns {Error}
 */
export function decodeError(encoded) {
  const a = encoded.indexOf('\x1f');
  const b = encoded.indexOf('\x1f', a + 1);
  const c = encoded.indexOf('\x1f', b + 1);
  const z = encoded.lastIndexOf('\x1f');
  const code = encoded.slice(1, a);
  const message = encoded.slice(c + 1, z);
  if (code === 'TypeError') return new TypeError(message);
  const claim = encoded.slice(a + 1, b) || undefined;
  const reason = /** @type {ClaimReason | undefined} */ (encoded.slice(b + 1, c) || undefined);
  const payloadJson = encoded.slice(z + 1);
  const payload = payloadJson ? JSON.parse(payloadJson) : undefined;
  return new JwtError(code || 'ERR_JOSE_GENERIC', message, { claim, reason, payload });
}
