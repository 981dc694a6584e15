// Fetch helpers shared by the tests that talk to the example worker and the
// client: one way to read an answer, one way to count what a client sends.

/**
 * `fetch(url, init)`, with the body read as JSON when it is JSON (else text).
 * @param {string} url
 * @param {RequestInit} [init]
 * @returns {Promise<{ status: number, data: any, text: string, headers: Headers }>}
 */
export async function fetchAnswer(url, init) {
  const res = await fetch(url, init);
  const text = await res.text();
  let data = text;
  try {
    data = JSON.parse(text);
  } catch { /* not JSON */ }
  return { status: res.status, data, text, headers: res.headers };
}

/** A fetch that counts calls per path before passing them on. */
export function countingFetch() {
  /** @type {Record<string, number>} */
  const counts = {};
  /** @type {typeof fetch} */
  const fn = (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    counts[url.pathname] = (counts[url.pathname] ?? 0) + 1;
    return fetch(input, init);
  };
  return { fn, counts };
}
