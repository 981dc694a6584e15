// JSON responses and request bodies, with DRF's wording where DRF has one.
// Bodies are bounded in size (MAX_BODY_BYTES) and in time (the var
// REQUEST_BODY_TIMEOUT, see bodyDeadline), so no client can hold a request
// open or make the worker buffer more than that.

export const MAX_BODY_BYTES = 16 * 1024;
/** Past this, a body is not drained before answering: the connection is closed instead. */
const DRAIN_LIMIT = 1024 * 1024;
/** Seconds a request body may take to arrive when REQUEST_BODY_TIMEOUT is not set. */
export const DEFAULT_BODY_TIMEOUT = 10;

export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

export function methodNotAllowed(method, allowed) {
  return json({ detail: `Method "${method}" not allowed.` }, 405, { allow: allowed.join(', ') });
}

/** Each request's deadline for its body (ms since the epoch), set by bodyDeadline. */
const deadlines = new WeakMap();

/**
 * Starts the clock on `request`'s body: every read of it (readJsonObject,
 * drain) gives up once REQUEST_BODY_TIMEOUT seconds (default 10) have
 * passed, so a client that stalls or drips its body cannot hold the request.
 * @param {Request} request
 * @param {Record<string, unknown>} env
 */
export function bodyDeadline(request, env) {
  const configured = Number(env.REQUEST_BODY_TIMEOUT ?? DEFAULT_BODY_TIMEOUT);
  const seconds = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_BODY_TIMEOUT;
  deadlines.set(request, Date.now() + seconds * 1000);
}

const EXPIRED = Symbol('expired');

/**
 * Reads a request body, keeping the first `keep` bytes and discarding the
 * rest, up to DRAIN_LIMIT (then it stops reading) or the body's deadline.
 * Reading to the end matters: answering before the body is read can reset a
 * kept-alive connection, and the client then sees a network error instead
 * of our answer.
 * @returns {Promise<{ chunks: Uint8Array[], size: number, timedOut: boolean }>}
 */
async function readBounded(request, keep) {
  const chunks = [];
  let size = 0;
  if (!request.body || request.bodyUsed) return { chunks, size, timedOut: false };
  const deadline = deadlines.get(request) ?? Date.now() + DEFAULT_BODY_TIMEOUT * 1000;
  const reader = request.body.getReader();
  let timer;
  const expired = new Promise((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), EXPIRED);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), expired]);
      if (next === EXPIRED) {
        reader.cancel().catch(() => {});
        return { chunks, size, timedOut: true };
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > DRAIN_LIMIT) {
        await reader.cancel();
        break;
      }
      if (size <= keep) chunks.push(next.value);
    }
  } catch {
    // the client went away
  } finally {
    clearTimeout(timer);
  }
  return { chunks, size, timedOut: false };
}

/** The declared Content-Length, or null. */
function declaredLength(request) {
  const header = request.headers.get('content-length');
  return header === null || !/^\d+$/.test(header) ? null : Number(header);
}

/**
 * Discards what is left of a request body (see readBounded); a body declared
 * larger than MAX_BODY_BYTES was refused unread and is not waited for.
 */
export async function drain(request) {
  if ((declaredLength(request) ?? 0) > MAX_BODY_BYTES) return;
  await readBounded(request, 0);
}

/**
 * Reads a JSON object body as DRF's JSONParser does. Returns `{ body }` or
 * `{ error: Response }`: 415 for another content type (DRF's
 * UnsupportedMediaType), 413 past MAX_BODY_BYTES (at once when the
 * Content-Length says so), 408 when the body does not arrive in time (as
 * nginx answers a client_body_timeout), 400 for invalid JSON. An empty body
 * is empty data, `{}`, as in DRF (the fields are then "required").
 * @param {Request} request
 */
export async function readJsonObject(request) {
  const header = request.headers.get('content-type');
  const type = (header ?? '').split(';')[0].trim().toLowerCase();
  if ((declaredLength(request) ?? 0) > MAX_BODY_BYTES) return { error: tooLarge() };
  // DRF picks no parser for an empty body: it is empty data, whatever the type.
  if (type !== 'application/json') {
    if (request.body === null || declaredLength(request) === 0) return { body: {} };
    if (header !== null) return { error: unsupported(header) };
  }
  const { chunks, size, timedOut } = await readBounded(request, MAX_BODY_BYTES);
  if (timedOut) return { error: json({ detail: 'The request body did not arrive in time.' }, 408) };
  if (size > MAX_BODY_BYTES) return { error: tooLarge() };
  if (size === 0) return { body: {} };
  if (header === null) return { error: unsupported('') };
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

/** DRF's UnsupportedMediaType, naming the Content-Type header as sent. */
function unsupported(contentType) {
  return json({ detail: `Unsupported media type "${contentType}" in request.` }, 415);
}

function tooLarge() {
  return json({ detail: `Request body too large (limit ${MAX_BODY_BYTES} bytes).` }, 413);
}

/**
 * DRF-style field errors: `{ field: ["This field is required."] }`.
 * @param {Record<string, unknown>} body
 * @param {string[]} fields required string fields, trimmed in place as DRF cleans them
 * @returns {Response | null}
 */
export function requireStrings(body, fields) {
  const errors = {};
  for (const f of fields) {
    if (body[f] === undefined || body[f] === null) errors[f] = ['This field is required.'];
    else if (typeof body[f] !== 'string') errors[f] = ['Not a valid string.'];
    else {
      // As DRF's CharField (trim_whitespace=True, simplejwt's fields included):
      // the value the view uses is trimmed, so " alice " is alice.
      body[f] = body[f].trim();
      if (body[f] === '') errors[f] = ['This field may not be blank.'];
    }
  }
  return Object.keys(errors).length ? json(errors, 400) : null;
}
