// The client's events: `change` (the stored pair, here or in another tab),
// `refresh` (a new pair from the server) and `logout` (with its reason).

/** @typedef {'change' | 'refresh' | 'logout'} EventName */

/**
 * Listeners per event. A listener that throws does not stop the others:
 * its error is rethrown in a microtask, where the app's error handling
 * sees it.
 */
export function createEvents() {
  /** @type {Record<EventName, Set<(value: any) => void>>} */
  const listeners = { change: new Set(), refresh: new Set(), logout: new Set() };
  return {
    /**
     * @param {EventName} event
     * @param {unknown} value
     */
    emit(event, value) {
      for (const fn of [...listeners[event]]) {
        try {
          fn(value);
        } catch (e) {
          queueMicrotask(() => { throw e; });
        }
      }
    },
    /**
     * @param {EventName} event
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
