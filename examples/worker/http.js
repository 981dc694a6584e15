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
 * Reads a request body, keeping the first `keep` bytes and discarding the
 * rest, up to DRAIN_LIMIT (then it stops reading). Reading to the end
 * matters: answering before the body is read can reset a kept-alive
 * connection, and the client then sees a network error instead of our answer.
 * @returns {Promise<{ chunks: Uint8Array[], size: number }>}
 */
async function readBounded(request, keep) {
  const chunks = [];
  let size = 0;
  if (!request.body || request.bodyUsed) return { chunks, size };
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > DRAIN_LIMIT) {
        await reader.cancel();
        break;
      }
      if (size <= keep) chunks.push(value);
    }
  } catch {
    // the client went away
  }
  return { chunks, size };
}

/** Discards what is left of a request body (see readBounded). */
export async function drain(request) {
  await readBounded(request, 0);
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
  // A lying or absent Content-Length cannot make us buffer more than MAX_BODY_BYTES.
  const declared = Number(request.headers.get('content-length'));
  if (declared > DRAIN_LIMIT) return { error: tooLarge() };
  const { chunks, size } = await readBounded(request, MAX_BODY_BYTES);
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
