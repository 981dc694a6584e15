// simplejwt's answers about a token sent in a request body (the refresh,
// verify and blacklist views): TokenViewBase turns a TokenError into a 401
// InvalidToken with the view's challenge.
import { JwtError } from 'ferrojwt';
import { json } from './http.js';

/** TokenViewBase's WWW-Authenticate: DRF sends it with every 401 these views give. */
export const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };

/**
 * simplejwt's 401 for a body token: "Token is invalid", "Token is expired",
 * "Token is blacklisted", "Token family is blacklisted".
 * @param {string} message
 */
export function bodyTokenError(message) {
  return json({ detail: message, code: 'token_not_valid' }, 401, CHALLENGE);
}

/**
 * simplejwt's message for a token that failed verification.
 * @param {unknown} e a JwtError
 */
export function describe(e) {
  return e instanceof JwtError && e.code === 'ERR_JWT_EXPIRED' ? 'Token is expired' : 'Token is invalid';
}
