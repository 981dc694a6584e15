// JSON responses and request bodies, with DRF's wording where DRF has one.

export const MAX_BODY_BYTES = 16 * 1024;
const DRAIN_LIMIT = 1024 * 1024;

export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

export function methodNotAllowed(method, allowed) {
  return json({ detail: `Method "${method}" not allowed.` }, 405, { allow: allowed.join(', ') });
}

/**
 * Reads and discards what is left of a request body (up to DRAIN_LIMIT):
 * answering before the body is read can reset a kept-alive connection,
 * which the client then sees as a network error instead of our answer.
 * @param {Request} request
 */
export async function drain(request) {
  if (!request.body || request.bodyUsed) return;
  const reader = request.body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > DRAIN_LIMIT) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // the client went away: nothing to drain
  }
}

/**
 * Reads a JSON object body. Returns `{ body }` or `{ error: Response }`:
 * 400 for another content type or invalid JSON, 413 past MAX_BODY_BYTES.
 * @param {Request} request
 */
export async function readJsonObject(request) {
  const type = (request.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    return { error: json({ detail: `Unsupported media type "${type || 'none'}" in request: send application/json.` }, 400) };
  }
  // Keep at most MAX_BODY_BYTES. Past that, read on and discard up to
  // DRAIN_LIMIT so that the client sees the 413 rather than a reset
  // connection; beyond it, stop reading (a lying or absent length cannot
  // make us buffer more than MAX_BODY_BYTES).
  const declared = Number(request.headers.get('content-length'));
  if (declared > DRAIN_LIMIT) return { error: tooLarge() };
  const reader = request.body?.getReader();
  const chunks = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > DRAIN_LIMIT) {
        await reader.cancel();
        break;
      }
      if (size <= MAX_BODY_BYTES) chunks.push(value);
    }
  }
  if (size > MAX_BODY_BYTES) return { error: tooLarge() };
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  let body;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { error: json({ detail: 'JSON parse error: the body is not valid UTF-8 JSON.' }, 400) };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { error: json({ detail: 'Invalid data. Expected a JSON object.' }, 400) };
  }
  return { body };
}

function tooLarge() {
  return json({ detail: `Request body too large (limit ${MAX_BODY_BYTES} bytes).` }, 413);
}

/**
 * DRF-style field errors: `{ field: ["This field is required."] }`.
 * @param {Record<string, unknown>} body
 * @param {string[]} fields required string fields
 * @returns {Response | null}
 */
export function requireStrings(body, fields) {
  const errors = {};
  for (const f of fields) {
    if (body[f] === undefined || body[f] === null) errors[f] = ['This field is required.'];
    else if (typeof body[f] !== 'string') errors[f] = ['Not a valid string.'];
    else if (body[f] === '') errors[f] = ['This field may not be blank.'];
  }
  return Object.keys(errors).length ? json(errors, 400) : null;
}
