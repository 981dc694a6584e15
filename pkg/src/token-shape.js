// The tokens ferrojwt/client keeps: only what it can put in an
// `Authorization` header as is. Used for login and refresh answers
// (client.js) and for what comes back from storage (store.js).

import { DEFAULT_MAX_TOKEN_LENGTH } from './options.js';

/**
 * The longest token kept, in characters (a token of the right shape is
 * ASCII, so also in bytes): verify()/decode()'s default `maxTokenLength`, as
 * a longer token would be refused by a server using the library's defaults.
 */
export const MAX_TOKEN_LENGTH = DEFAULT_MAX_TOKEN_LENGTH;

/**
 * RFC 6750 section 2.1 `b64token`:
 * `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
 * No space, control character (CR, LF, NUL...) or non-ASCII character can
 * match, so a matching token never breaks or splits a header.
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Whether `value` is a token the client keeps and sends: a string of 1 to
 * {@link MAX_TOKEN_LENGTH} characters of RFC 6750's `b64token` shape.
 *
 * That covers both kinds of token servers issue:
 * - a compact JWS (a JWT): three base64url segments (`[A-Za-z0-9_-]`)
 *   joined by dots, such as simplejwt's access and refresh tokens;
 * - an opaque OAuth token, which RFC 6750 lets use `b64token` characters.
 *
 * Anything else (empty, not a string, longer than the limit, with a
 * space, CR or LF, any other character outside that set, or `=` other
 * than at the end) is not a token the client can send.
 *
 * @param {unknown} value
 * @returns {value is string}
 */
export function isTokenShape(value) {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN_LENGTH && B64TOKEN.test(value);
}

/** How a token of the wrong shape is described in error messages. */
export const TOKEN_SHAPE = `a compact JWS or RFC 6750 b64token ([A-Za-z0-9-._~+/]+=*) of at most ${MAX_TOKEN_LENGTH} characters`;
