// ferrojwt/client: the front-end half of JWT authentication. Logs in,
// keeps the pair in a token store, attaches the access token only to
// trusted origins, refreshes once for all concurrent callers (and, with Web
// Locks, for all tabs), retries once after a 401, and logs out when the
// refresh token is refused. It keeps only tokens it can send: login and
// refresh answers are read up to a bound, and their tokens must have the
// shape token-shape.js describes.

import { decode } from 'ferrojwt';
import { createTokenStore } from './store.js';
import { isSecureTransport } from './transport.js';
import { MAX_TOKEN_LENGTH, TOKEN_SHAPE, isTokenShape } from './token-shape.js';

export { createTokenStore };

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
    this.detail = body?.detail ?? body?.error_description;
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The most bytes read from a login or refresh answer (or from a 401 when
 * looking for `token_not_valid`): two tokens of the longest kept length plus
 * 4 KiB for the JSON around them (names, `token_type`, `expires_in`, `scope`...).
 */
const MAX_BODY_BYTES = 2 * MAX_TOKEN_LENGTH + 4 * 1024;

/** RFC 9110 `token`: what an auth-scheme name may hold. */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The response's JSON body, read up to MAX_BODY_BYTES: a longer body is
 * not read further (its stream is cancelled, which closes the connection),
 * nor at all when its Content-Length says it is too long.
 * @param {Response} response
 * @returns {Promise<{ body?: any, tooLarge?: string }>} `body` is
 *   undefined for an empty, unreadable or non-JSON body; `tooLarge` says why
 *   the body was not read
 */
async function readJson(response) {
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
function pairFrom(body, previousRefresh) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { problem: 'the body is not a JSON object' };
  const access = body.access ?? body.access_token;
  const refresh = body.refresh ?? body.refresh_token ?? previousRefresh;
  if (access === undefined) return { problem: 'it holds no access token' };
  if (!isTokenShape(access)) return { problem: `its access token is not ${TOKEN_SHAPE}` };
  if (refresh !== undefined && !isTokenShape(refresh)) return { problem: `its refresh token is not ${TOKEN_SHAPE}` };
  return { pair: refresh === undefined ? { access } : { access, refresh } };
}

/**
 * @param {object} [options] see client.d.ts
 */
export function createAuthClient(options = {}) {
  const store = options.store ?? createTokenStore();
  const scheme = options.scheme ?? 'Bearer';
  const refreshMargin = options.refreshMargin ?? 30;
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  if (typeof refreshMargin !== 'number' || !(refreshMargin >= 0)) throw new TypeError('refreshMargin must be a number of seconds >= 0');
  if (typeof scheme !== 'string' || !HTTP_TOKEN.test(scheme)) throw new TypeError('scheme must be an HTTP auth-scheme name such as Bearer');

  const pageOrigin = globalThis.location?.origin && globalThis.location.origin !== 'null' ? globalThis.location.origin : undefined;
  if (!options.baseUrl && !pageOrigin) throw new TypeError('baseUrl is required outside a web page');
  const base = new URL(options.baseUrl ?? pageOrigin, pageOrigin);
  const origins = new Set((options.origins ?? [base.origin]).map((o) => new URL(o).origin));
  const loginUrl = new URL(options.loginUrl ?? '/api/token/', base);
  const refreshUrl = new URL(options.refreshUrl ?? '/api/token/refresh/', base);

  /** Only these origins, and never plain http to a host that is not loopback. */
  function trusted(url) {
    return origins.has(url.origin) && isSecureTransport(url, allowInsecureHttp);
  }
  for (const url of [loginUrl, refreshUrl]) {
    if (!trusted(url)) throw new TypeError(`${url.href} is not on a trusted origin (add it to origins; use https)`);
  }

  // Browsers strip Authorization on cross-origin redirects (Fetch spec) and
  // hide redirect targets from `redirect: 'manual'`; elsewhere we follow
  // redirects ourselves so that the token only ever goes to trusted origins.
  const browserFetch = typeof globalThis.document !== 'undefined' || typeof globalThis.WorkerGlobalScope !== 'undefined';

  const shared = store.shared === true;
  const listeners = { change: new Set(), refresh: new Set(), logout: new Set() };
  function emit(event, value) {
    for (const fn of [...listeners[event]]) {
      try {
        fn(value);
      } catch (e) {
        queueMicrotask(() => { throw e; });
      }
    }
  }

  let ownChange = false;
  function write(pair) {
    ownChange = true;
    try {
      if (pair) store.set(pair);
      else store.clear();
    } finally {
      ownChange = false;
    }
  }
  // Changes from other tabs (localStorage) or other holders of the store.
  store.subscribe((pair) => {
    emit('change', pair);
    if (pair === null && !ownChange) emit('logout', { reason: 'elsewhere' });
  });

  function logout(reason) {
    const had = store.get() !== null;
    write(null);
    if (had || reason === 'user') emit('logout', { reason });
  }

  /**
   * Whether to refresh before using `access`. A margin as long as the
   * token's whole lifetime would refresh on every request, so it is then
   * cut to half the lifetime. An opaque (non-JWT) token is never refreshed
   * early: the 401 path handles it.
   */
  function expiresSoon(access) {
    let claims;
    try {
      claims = decode(access).payload;
    } catch {
      return false;
    }
    const { exp, iat } = claims;
    if (typeof exp !== 'number') return false;
    const lifetime = typeof iat === 'number' ? exp - iat : Infinity;
    const margin = refreshMargin < lifetime ? refreshMargin : lifetime / 2;
    return exp - margin <= Date.now() / 1000;
  }

  async function post(url, body) {
    return fetchImpl(new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      // A redirect would re-send credentials or the refresh token elsewhere.
      redirect: 'error',
    }));
  }

  /** One refresh at a time: per client by a shared promise, per origin by a Web Lock. */
  let inFlight = null;
  function refreshFrom(staleAccess) {
    inFlight ??= runRefresh(staleAccess).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function runRefresh(staleAccess) {
    const locked = async () => {
      // Another tab may have refreshed while we waited for the lock, and a
      // rotated refresh token works once: re-read the store first.
      const current = store.get();
      if (current && current.access !== staleAccess && !expiresSoon(current.access)) return current;
      if (!current?.refresh) {
        logout('no_refresh_token');
        throw new AuthError('no refresh token', { status: 0 });
      }
      const res = await post(refreshUrl, { refresh: current.refresh });
      const { body, tooLarge } = await readJson(res);
      // A login, logout or another tab's refresh while the request was out
      // wins: never write over it or log it out.
      const changed = () => store.get()?.refresh !== current.refresh;
      if (res.ok) {
        const got = tooLarge ? { problem: tooLarge } : pairFrom(body, current.refresh);
        if (got.pair) {
          if (changed()) return usable();
          write(got.pair);
          emit('refresh', got.pair);
          return got.pair;
        }
        // A 2xx the client cannot use is the server's fault, not a refusal
        // of the refresh token: keep the pair, do not log out. (The body is
        // not attached to the error: it may hold tokens.)
        throw new AuthError(`refresh answer refused: ${got.problem}`, { status: res.status });
      }
      const refused = res.status === 400 || res.status === 401 || res.status === 403;
      if (refused) {
        // Another tab may have rotated this refresh token a moment ago and
        // its write not have reached us yet (see storeChange).
        await storeChange(staleAccess, shared ? 1000 : 0);
        if (changed()) return usable();
        logout('refresh_failed');
      }
      throw new AuthError(body?.detail ?? `refresh failed (${res.status})`, { status: res.status, body });
    };

    /** The stored pair someone else just wrote, if any. */
    function usable() {
      const now = store.get();
      if (now?.access) return now;
      throw new AuthError('logged out during the refresh', { status: 0 });
    }

    const locks = globalThis.navigator?.locks;
    // Only a store other tabs share (localStorage) needs the cross-tab lock.
    if (!shared || typeof locks?.request !== 'function') return locked();
    const name = `ferrojwt:refresh:${store.key}`;
    // `ifAvailable` tells, atomically, whether another tab holds the lock,
    // that is, is refreshing now. If so, wait for the lock and then for its
    // write to reach this tab: Chromium syncs localStorage between renderers
    // asynchronously, so the write can land a moment after the lock is free.
    return locks.request(name, { ifAvailable: true }, (lock) => {
      if (lock) return locked();
      return locks.request(name, async () => {
        await storeChange(staleAccess, 1000);
        return locked();
      });
    });
  }

  /** Resolves when the stored access token is no longer `stale`, or after `ms`. */
  function storeChange(stale, ms) {
    if (ms <= 0 || store.get()?.access !== stale) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const off = store.subscribe((pair) => {
        if (pair?.access !== stale) done();
      });
    });
  }

  /** The request with our token when its URL is trusted (the caller's own headers are kept). */
  function authorize(request, access, redirect) {
    // isTokenShape: a custom TokenStore may hand out anything.
    if (!isTokenShape(access) || !trusted(new URL(request.url))) return redirect ? new Request(request, { redirect }) : request;
    const headers = new Headers(request.headers);
    headers.set('authorization', `${scheme} ${access}`);
    return new Request(request, redirect ? { headers, redirect } : { headers });
  }

  async function send(request, access) {
    if (browserFetch || request.redirect !== 'follow') return fetchImpl(authorize(request, access));
    let current = request;
    for (let hop = 0; hop < 20; hop++) {
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
        for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name);
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
  }

  /** A 401 that says the token was refused (simplejwt's code or RFC 6750's challenge). */
  async function tokenNotValid(res) {
    if (res.status !== 401) return false;
    if (res.url && !trusted(new URL(res.url))) return false;
    if (/error="?invalid_token/i.test(res.headers.get('www-authenticate') ?? '')) return true;
    const { body } = await readJson(res.clone());
    return body?.code === 'token_not_valid';
  }

  return {
    /** POSTs `credentials` as JSON to loginUrl and stores the pair it returns. */
    async login(credentials) {
      if (credentials === null || typeof credentials !== 'object') throw new TypeError('login takes an object of credentials');
      const res = await post(loginUrl, credentials);
      const { body, tooLarge } = await readJson(res);
      if (!res.ok) throw new AuthError(body?.detail ?? body?.error_description ?? `login failed (${res.status})`, { status: res.status, body });
      const got = tooLarge ? { problem: tooLarge } : pairFrom(body);
      // The body is not attached to the error: it may hold tokens.
      if (!got.pair) throw new AuthError(`login answer refused: ${got.problem}`, { status: res.status });
      write(got.pair);
      return got.pair;
    },

    /** Forgets the tokens (event `logout` with reason `user`). */
    logout() {
      logout('user');
    },

    /**
     * `fetch` that attaches the access token to trusted origins, refreshes
     * it before it expires, and retries once after a `token_not_valid` 401.
     */
    async fetch(input, init) {
      const request = new Request(typeof input === 'string' || input instanceof URL ? new URL(input, base) : input, init);
      if (!trusted(new URL(request.url))) return send(request, null);
      let pair = store.get();
      if (pair && expiresSoon(pair.access) && pair.refresh) {
        try {
          pair = await refreshFrom(pair.access);
        } catch {
          pair = store.get(); // refused: logged out; network trouble: try what we have
        }
      }
      const retry = pair ? request.clone() : null;
      const res = await send(request, pair?.access);
      if (!pair || !(await tokenNotValid(res))) return res;
      let fresh;
      try {
        fresh = await refreshFrom(pair.access);
      } catch {
        return res;
      }
      await res.body?.cancel(); // the caller gets the retry's response
      return send(retry, fresh.access);
    },

    /** The stored access token, or null. */
    get accessToken() {
      return store.get()?.access ?? null;
    },

    /** The access token's claims, decoded but not verified (the server verifies). */
    get claims() {
      const access = store.get()?.access;
      if (!access) return null;
      try {
        return decode(access).payload;
      } catch {
        return null;
      }
    },

    /**
     * @param {'change' | 'refresh' | 'logout'} event
     * @param {(value: any) => void} fn
     * @returns {() => void} unsubscribe
     */
    on(event, fn) {
      if (!Object.hasOwn(listeners, event)) throw new TypeError(`unknown event "${event}": use change, refresh or logout`);
      if (typeof fn !== 'function') throw new TypeError('on() takes a function');
      listeners[event].add(fn);
      return () => listeners[event].delete(fn);
    },
  };
}
