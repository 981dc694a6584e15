// Token stores for ferrojwt/client: where the access/refresh pair lives.
// Memory by default; Web Storage or anything with getItem/setItem/removeItem
// on request. What comes back from storage is checked: corrupt or foreign
// data, or a token the client could not send (see token-shape.js), reads as
// "logged out", it is never thrown at the app.

import { isTokenShape, TOKEN_SHAPE } from './token-shape.js';

const DEFAULT_KEY = 'ferrojwt.tokens';

/** A Storage-like object kept in memory. */
function memoryStorage() {
  const map = new Map();
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  };
}

function resolveStorage(storage) {
  if (storage === undefined || storage === 'memory') return { area: memoryStorage(), web: false };
  if (storage === 'localStorage' || storage === 'sessionStorage') {
    let area;
    try {
      area = globalThis[storage];
    } catch {
      area = undefined; // access can throw where storage is blocked
    }
    if (!area) throw new TypeError(`${storage} is not available here: use storage: 'memory' or a StorageLike object`);
    return { area, web: storage === 'localStorage' };
  }
  if (storage && typeof storage.getItem === 'function' && typeof storage.setItem === 'function' && typeof storage.removeItem === 'function') {
    return { area: storage, web: false };
  }
  throw new TypeError("storage must be 'memory', 'localStorage', 'sessionStorage' or an object with getItem/setItem/removeItem");
}

/**
 * `{ access, refresh? }` when both tokens have the shape of
 * {@link isTokenShape} (a JWT or an opaque RFC 6750 token), else null.
 * @param {unknown} access
 * @param {unknown} refresh
 * @returns {{ access: string, refresh?: string } | null}
 */
function checkedPair(access, refresh) {
  if (!isTokenShape(access)) return null;
  if (refresh === undefined) return { access };
  return isTokenShape(refresh) ? { access, refresh } : null;
}

/**
 * The stored text as a pair, or null for anything that is not one: text
 * that is not JSON, JSON that is not `{ access, refresh? }`, or a token that
 * could not be sent in a header (CR/LF, spaces, non-ASCII, empty, too long).
 * @param {unknown} text
 * @returns {{ access: string, refresh?: string } | null}
 */
export function parsePair(text) {
  if (typeof text !== 'string') return null;
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    return null; // corrupt
  }
  return v !== null && typeof v === 'object' ? checkedPair(v.access, v.refresh) : null;
}

/**
 * @param {{ storage?: 'memory' | 'localStorage' | 'sessionStorage' | { getItem(k: string): string | null, setItem(k: string, v: string): void, removeItem(k: string): void }, key?: string }} [options]
 */
export function createTokenStore(options = {}) {
  const key = options.key ?? DEFAULT_KEY;
  if (typeof key !== 'string' || key === '') throw new TypeError('key must be a non-empty string');
  const { area, web } = resolveStorage(options.storage);
  const listeners = new Set();
  /** @type {(() => void) | null} */
  let detach = null;

  function read() {
    try {
      return parsePair(area.getItem(key));
    } catch {
      return null;
    }
  }

  function notify(pair) {
    for (const fn of [...listeners]) {
      try {
        fn(pair);
      } catch (e) {
        queueMicrotask(() => { throw e; }); // a listener's bug must not stop the others
      }
    }
  }

  // localStorage changes made by other tabs arrive as `storage` events.
  function onStorage(event) {
    if (event.key !== null && event.key !== key) return;
    if (event.storageArea && event.storageArea !== area) return;
    notify(read());
  }

  return {
    /** The stored pair, or null. */
    get: read,
    /**
     * Stores a pair: `{ access, refresh? }`, each token of the shape of
     * isTokenShape() (else a TypeError, and nothing is written).
     */
    set(pair) {
      const value = pair !== null && typeof pair === 'object' ? checkedPair(pair.access, pair.refresh) : null;
      if (!value) throw new TypeError(`set() takes { access, refresh? }, each ${TOKEN_SHAPE}`);
      area.setItem(key, JSON.stringify(value));
      notify(value);
    },
    /** Forgets the pair. */
    clear() {
      area.removeItem(key);
      notify(null);
    },
    /**
     * Calls `fn(pair | null)` on every change, here or (for localStorage) in
     * another tab of the same origin.
     * @returns {() => void} unsubscribe
     */
    subscribe(fn) {
      if (typeof fn !== 'function') throw new TypeError('subscribe takes a function');
      listeners.add(fn);
      if (web && !detach && typeof globalThis.addEventListener === 'function') {
        globalThis.addEventListener('storage', onStorage);
        detach = () => globalThis.removeEventListener('storage', onStorage);
      }
      return () => {
        listeners.delete(fn);
        if (listeners.size === 0 && detach) {
          detach();
          detach = null;
        }
      };
    },
    /** The storage key (the Web Locks name is derived from it). */
    key,
    /** Whether other tabs see this store (localStorage): refreshes then take a cross-tab lock. */
    shared: web,
  };
}
