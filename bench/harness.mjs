// Timing for the benchmarks: warm up, then several timed runs; the median
// run's rate is reported. Works in Node and in browsers.

const now = () => performance.now();

/**
 * @param {() => unknown} fn a synchronous operation
 * @param {{ ms?: number, runs?: number }} [opts]
 * @returns {number} operations per second (median of runs)
 */
export function rateSync(fn, { ms = 400, runs = 5 } = {}) {
  for (const end = now() + ms / 2; now() < end;) for (let i = 0; i < 100; i++) fn();
  const rates = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    const start = now();
    const end = start + ms;
    while (now() < end) {
      for (let i = 0; i < 100; i++) fn();
      n += 100;
    }
    rates.push(n / ((now() - start) / 1000));
  }
  return median(rates);
}

/**
 * @param {() => Promise<unknown>} fn an asynchronous operation (awaited one at a time)
 */
export async function rateAsync(fn, { ms = 400, runs = 5 } = {}) {
  for (const end = now() + ms / 2; now() < end;) for (let i = 0; i < 20; i++) await fn();
  const rates = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    const start = now();
    const end = start + ms;
    while (now() < end) {
      for (let i = 0; i < 20; i++) await fn();
      n += 20;
    }
    rates.push(n / ((now() - start) / 1000));
  }
  return median(rates);
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
