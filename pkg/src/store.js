// Token stores for jwt-wasm/client: where the access/refresh pair lives.
// Memory by default; Web Storage or anything with getItem/setItem/removeItem
// on request. What comes back from storage is checked: corrupt or foreign
// data reads as "logged out", it is never thrown at the app.

const DEFAULT_KEY = 'jwt-wasm.tokens';

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

/** The stored text as a pair, or null for anything that is not one. */
export function parsePair(text) {
  if (typeof text !== 'string') return null;
  try {
    const v = JSON.parse(text);
    // Any non-empty access token: OAuth servers may issue opaque ones.
    if (v && typeof v === 'object' && typeof v.access === 'string' && v.access !== ''
      && (v.refresh === undefined || typeof v.refresh === 'string')) {
      return v.refresh === undefined ? { access: v.access } : { access: v.access, refresh: v.refresh };
    }
  } catch {
    // fall through: corrupt
  }
  return null;
}

/**
 * @param {{ storage?: 'memory' | 'localStorage' | 'sessionStorage' | { getItem(k: string): string | null, setItem(k: string, v: string): void, removeItem(k: string): void }, key?: string }} [options]
 */
export function createTokenStore(options = {}) {
  const key = options.key ?? DEFAULT_KEY;
  if (typeof key !== 'string' || key === '') throw new TypeError('key must be a non-empty string');
  const { area, web } = resolveStorage(options.storage);
  const listeners = new Set();
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
    /** Stores a pair: `{ access, refresh? }`. */
    set(pair) {
      if (!pair || typeof pair.access !== 'string' || pair.access === '' || (pair.refresh !== undefined && typeof pair.refresh !== 'string')) {
        throw new TypeError('set() takes { access: string, refresh?: string }');
      }
      const value = pair.refresh === undefined ? { access: pair.access } : { access: pair.access, refresh: pair.refresh };
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
