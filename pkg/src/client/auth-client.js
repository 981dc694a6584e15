// createAuthClient: logs in, keeps the pair in a token store, and gives the
// app a `fetch` that attaches the access token to trusted origins
// (origins.js), follows redirects without leaking it (redirects.js),
// refreshes it once for all concurrent callers (refresh.js), retries once
// after a 401, logs out when the refresh token is refused, and revokes the
// refresh token on the server when the user logs out. Its tokens'
// claims are read in plain JS (claims-reader.js): no wasm, no top-level
// await, so importing the client never delays an app's first render.

import { readClaims } from '../claims-reader.js';
import { createTokenStore } from '../store.js';
import { AuthError } from './auth-error.js';
import { pairFrom, readJson } from './answers.js';
import { createEvents } from './events.js';
import { originPolicy } from './origins.js';
import { createSender } from './redirects.js';
import { expiresSoon, singleFlightRefresh } from './refresh.js';

/** RFC 9110 `token`: what an auth-scheme name may hold. */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * How long logout() waits for the server to revoke the refresh token: a
 * server that is down or never answers must not keep the user logged in.
 */
const LOGOUT_TIMEOUT_MS = 5000;

/**
 * @param {import('../../client.js').AuthClientOptions} [options]
 * @returns {import('../../client.js').AuthClient}
 */
export function createAuthClient(options = {}) {
  const store = options.store ?? createTokenStore();
  const scheme = options.scheme ?? 'Bearer';
  const refreshMargin = options.refreshMargin ?? 30;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  if (typeof refreshMargin !== 'number' || !(refreshMargin >= 0)) throw new TypeError('refreshMargin must be a number of seconds >= 0');
  if (typeof scheme !== 'string' || !HTTP_TOKEN.test(scheme)) throw new TypeError('scheme must be an HTTP auth-scheme name such as Bearer');
  const { base, loginUrl, refreshUrl, logoutUrl, trusted, authorize } = originPolicy(options, scheme);
  const send = createSender(fetchImpl, authorize);
  const events = createEvents();

  let ownChange = false;
  /** @param {{ access: string, refresh?: string } | null} pair */
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
    events.emit('change', pair);
    if (pair === null && !ownChange) events.emit('logout', { reason: 'elsewhere' });
  });

  /** @param {import('../../client.js').LogoutReason} reason */
  function logout(reason) {
    const had = store.get() !== null;
    write(null);
    if (had || reason === 'user') events.emit('logout', { reason });
  }

  /**
   * @param {URL} url
   * @param {object} body
   * @param {AbortSignal} [signal]
   * @param {boolean} [keepalive] whether the request may outlive the page
   */
  async function post(url, body, signal, keepalive = false) {
    return fetchImpl(new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      // A redirect would re-send credentials or the refresh token elsewhere.
      redirect: 'error',
      signal,
      keepalive,
    }));
  }

  /**
   * POSTs the refresh token to logoutUrl (simplejwt's TokenBlacklistView),
   * for at most LOGOUT_TIMEOUT_MS. Never rejects: whatever the server does,
   * the caller forgets the tokens next.
   * @param {URL} url
   * @param {string} refresh
   */
  async function revoke(url, refresh) {
    const controller = new AbortController();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    // A race, not the signal alone: a custom fetch may ignore the signal.
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve(undefined);
      }, LOGOUT_TIMEOUT_MS);
    });
    try {
      // keepalive: the revocation outlives a page closed right after logout.
      const res = await Promise.race([post(url, { refresh }, controller.signal, true), timeout]);
      res?.body?.cancel().catch(() => {}); // the answer says nothing the client needs
    } catch {
      // Down, refused or offline: logged out all the same.
    } finally {
      clearTimeout(timer);
    }
  }


  const refreshFrom = singleFlightRefresh({ store, refreshUrl, refreshMargin, post, write, logout, emit: events.emit });

  /**
   * A 401 that says the token was refused (simplejwt's code or RFC 6750's challenge).
   * @param {Response} res
   */
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

    /**
     * Revokes the refresh token at logoutUrl, then forgets the tokens (event
     * `logout` with reason `user`), whether or not the server answered.
     */
    async logout() {
      const refresh = store.get()?.refresh;
      // The revocation is sent first (revoke() calls fetch before it awaits
      // anything), then the tokens are forgotten at once: a tab closed, or a
      // fetch made, while the server answers must not find them.
      const revoking = refresh && logoutUrl ? revoke(logoutUrl, refresh) : undefined;
      logout('user');
      await revoking;
    },

    /**
     * `fetch` that attaches the access token to trusted origins, refreshes
     * it before it expires, and retries once after a `token_not_valid` 401.
     */
    async fetch(input, init) {
      const request = new Request(typeof input === 'string' || input instanceof URL ? new URL(input, base) : input, init);
      if (!trusted(new URL(request.url))) return send(request, null);
      let pair = store.get();
      if (pair && expiresSoon(pair.access, refreshMargin) && pair.refresh) {
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
      return send(/** @type {Request} */ (retry), fresh.access);
    },

    /** The stored access token, or null. */
    get accessToken() {
      return store.get()?.access ?? null;
    },

    /**
     * The access token's claims, read but not verified (the server
     * verifies): null when logged out or when the token is not a JWT that
     * decode() would accept.
     */
    get claims() {
      const access = store.get()?.access;
      return access ? readClaims(access) : null;
    },

    on: events.on,
  };
}
