// The one error ferrojwt/client throws on purpose.

/** A login or refresh the server refused (or answered with no tokens). */
export class AuthError extends Error {
  /**
   * @param {string} message
   * @param {{ status: number, body?: unknown }} details
   */
  constructor(message, { status, body }) {
    super(message);
    this.name = 'AuthError';
    /** The HTTP status (0 when no request was made). */
    this.status = status;
    /** The server's JSON body, if any. */
    this.body = body;
    /** The server's `detail` (DRF) or `error_description` (OAuth), if any. */
    this.detail = /** @type {any} */ (body)?.detail ?? /** @type {any} */ (body)?.error_description;
  }
}
