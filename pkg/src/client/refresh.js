// Single-flight refresh: when to refresh, and one refresh at a time, per
// client by a shared promise and, for a store other tabs share
// (localStorage), per origin by a Web Lock. A rotated refresh token works
// once, so two refreshes racing with it would log the user out.

import { readClaims } from '../claims-reader.js';
import { AuthError } from './auth-error.js';
import { pairFrom, readJson } from './answers.js';

/** @typedef {{ access: string, refresh?: string }} TokenPair */

/**
 * Whether to refresh before using `access`. A margin as long as the token's
 * whole lifetime would refresh on every request, so it is then cut to half
 * the lifetime. An opaque (non-JWT) or malformed token is never refreshed
 * early: the 401 path handles it.
 * @param {string} access
 * @param {number} refreshMargin seconds
 */
export function expiresSoon(access, refreshMargin) {
  const claims = readClaims(access);
  if (!claims) return false;
  const { exp, iat } = claims;
  if (typeof exp !== 'number') return false;
  const lifetime = typeof iat === 'number' ? exp - iat : Infinity;
  const margin = refreshMargin < lifetime ? refreshMargin : lifetime / 2;
  return exp - margin <= Date.now() / 1000;
}

/**
 * Resolves when the stored access token is no longer `stale`, or after `ms`.
 * @param {import('../../client.js').TokenStore} store
 * @param {string} stale
 * @param {number} ms
 * @returns {Promise<void>}
 */
function storeChange(store, stale, ms) {
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

/**
 * `refreshFrom(staleAccess)`: the pair after one refresh shared by every
 * concurrent caller (or the pair someone else just stored). A refresh the
 * server refuses logs out; every failure rejects with an AuthError (or the
 * network's error).
 * @param {{
 *   store: import('../../client.js').TokenStore,
 *   refreshUrl: URL,
 *   refreshMargin: number,
 *   post: (url: URL, body: object) => Promise<Response>,
 *   write: (pair: TokenPair | null) => void,
 *   logout: (reason: 'refresh_failed' | 'no_refresh_token') => void,
 *   emit: (event: 'refresh', pair: TokenPair) => void,
 * }} deps
 * @returns {(staleAccess: string) => Promise<TokenPair>}
 */
export function singleFlightRefresh({ store, refreshUrl, refreshMargin, post, write, logout, emit }) {
  const shared = store.shared === true;
  /** @type {Promise<TokenPair> | null} */
  let inFlight = null;

  /**
   * @param {string} staleAccess
   * @returns {Promise<TokenPair>}
   */
  function runRefresh(staleAccess) {
    const locked = async () => {
      // Another tab may have refreshed while we waited for the lock, and a
      // rotated refresh token works once: re-read the store first.
      const current = store.get();
      if (current && current.access !== staleAccess && !expiresSoon(current.access, refreshMargin)) return current;
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
        await storeChange(store, staleAccess, shared ? 1000 : 0);
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
        await storeChange(store, staleAccess, 1000);
        return locked();
      });
    });
  }

  return function refreshFrom(staleAccess) {
    inFlight ??= runRefresh(staleAccess).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
