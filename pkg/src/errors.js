// The one error class of the package. Codes are jose's, so `err.code`
// handlers written for jose keep working after a switch.

import { ARGUMENT_ERROR, ERROR_SEPARATOR } from './abi.js';

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
 * Turns the wasm side's encoded error (fields as abi.js states them) into a
 * thrown value. Argument errors become `TypeError`s, as from any JS API.
 * @param {string} encoded
 * @returns {Error}
 */
export function decodeError(encoded) {
  const a = encoded.indexOf(ERROR_SEPARATOR);
  const b = encoded.indexOf(ERROR_SEPARATOR, a + 1);
  const c = encoded.indexOf(ERROR_SEPARATOR, b + 1);
  const z = encoded.lastIndexOf(ERROR_SEPARATOR);
  const code = encoded.slice(1, a);
  const message = encoded.slice(c + 1, z);
  if (code === ARGUMENT_ERROR) return new TypeError(message);
  const claim = encoded.slice(a + 1, b) || undefined;
  const reason = /** @type {ClaimReason | undefined} */ (encoded.slice(b + 1, c) || undefined);
  const payloadJson = encoded.slice(z + 1);
  const payload = payloadJson ? JSON.parse(payloadJson) : undefined;
  return new JwtError(code || 'ERR_JOSE_GENERIC', message, { claim, reason, payload });
}
