// Redirect handling for authenticated requests. Browsers strip
// Authorization on cross-origin redirects (Fetch spec) and hide redirect
// targets from `redirect: 'manual'`, so there the browser follows them;
// elsewhere (Node, workers) the client follows them itself, so that the
// token only ever goes to trusted origins.

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The most redirects followed, as browsers do. */
const MAX_HOPS = 20;

/** Headers that describe a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/**
 * A `send(request, access)` that attaches the token with `authorize` to the
 * request and to every redirect it follows.
 * @param {(request: Request) => Promise<Response>} fetchImpl
 * @param {(request: Request, access: string | null | undefined, redirect?: RequestRedirect) => Request} authorize
 */
export function createSender(fetchImpl, authorize) {
  const browserFetch = typeof globalThis.document !== 'undefined' || typeof (/** @type {any} */ (globalThis).WorkerGlobalScope) !== 'undefined';

  /**
   * @param {Request} request
   * @param {string | null | undefined} access
   * @returns {Promise<Response>}
   */
  return async function send(request, access) {
    if (browserFetch || request.redirect !== 'follow') return fetchImpl(authorize(request, access));
    let current = request;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const spare = current.clone(); // a 307/308 re-sends the body
      const res = await fetchImpl(authorize(current, access, 'manual'));
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) return res;
      await res.body?.cancel(); // free the connection
      const next = new URL(location, current.url);
      const headers = new Headers(spare.headers);
      // As the Fetch spec does: no Authorization across origins (ours is
      // added back by authorize() only if the target is trusted).
      if (next.origin !== new URL(current.url).origin) headers.delete('authorization');
      const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && current.method === 'POST');
      if (toGet) {
        for (const name of BODY_HEADERS) headers.delete(name);
      }
      const keepBody = !toGet && current.method !== 'GET' && current.method !== 'HEAD';
      current = new Request(next, {
        method: toGet ? (current.method === 'HEAD' ? 'HEAD' : 'GET') : current.method,
        headers,
        body: keepBody ? await spare.arrayBuffer() : undefined,
        signal: spare.signal,
        redirect: 'follow',
      });
    }
    throw new TypeError('too many redirects');
  };
}
