// Reading the server's answers to login and refresh (and a 401's body):
// bounded, and kept only when their tokens have the shape token-shape.js
// describes, so the client never stores a token it could not send.

import { MAX_TOKEN_LENGTH, TOKEN_SHAPE, isTokenShape } from '../token-shape.js';

/**
 * The most bytes read from a login or refresh answer (or from a 401 when
 * looking for `token_not_valid`): two tokens of the longest kept length plus
 * 4 KiB for the JSON around them (names, `token_type`, `expires_in`, `scope`...).
 */
const MAX_BODY_BYTES = 2 * MAX_TOKEN_LENGTH + 4 * 1024;

/**
 * The response's JSON body, read up to MAX_BODY_BYTES: a longer body is
 * not read further (its stream is cancelled, which closes the connection),
 * nor at all when its Content-Length says it is too long.
 * @param {Response} response
 * @returns {Promise<{ body?: any, tooLarge?: string }>} `body` is
 *   undefined for an empty, unreadable or non-JSON body; `tooLarge` says why
 *   the body was not read
 */
export async function readJson(response) {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > MAX_BODY_BYTES) {
    response.body?.cancel().catch(() => {});
    return { tooLarge: `too large (Content-Length ${declared}, over the ${MAX_BODY_BYTES}-byte limit)` };
  }
  if (!response.body) return {};
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        reader.cancel().catch(() => {});
        return { tooLarge: `too large (over the ${MAX_BODY_BYTES}-byte limit)` };
      }
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
    return { body: JSON.parse(text) };
  } catch {
    return {}; // a network error mid-body, or not JSON
  }
}

/**
 * A pair from a simplejwt body (`access`, `refresh`) or an OAuth one
 * (`access_token`, `refresh_token`), each token of the shape isTokenShape()
 * accepts; a body without a refresh token keeps `previousRefresh`.
 * @param {any} body
 * @param {string} [previousRefresh]
 * @returns {{ pair?: { access: string, refresh?: string }, problem?: string }} one or the other
 */
export function pairFrom(body, previousRefresh) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { problem: 'the body is not a JSON object' };
  const access = body.access ?? body.access_token;
  const refresh = body.refresh ?? body.refresh_token ?? previousRefresh;
  if (access === undefined) return { problem: 'it holds no access token' };
  if (!isTokenShape(access)) return { problem: `its access token is not ${TOKEN_SHAPE}` };
  if (refresh !== undefined && !isTokenShape(refresh)) return { problem: `its refresh token is not ${TOKEN_SHAPE}` };
  return { pair: refresh === undefined ? { access } : { access, refresh } };
}
