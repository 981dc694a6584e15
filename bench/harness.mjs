// Timing for the benchmarks: warm up, then several timed runs; the median
// run's rate is reported. Works in Node and in browsers.

const now = () => performance.now();

/** Runs `batch` (which does `size` operations) for ms per run; median ops/s. */
async function rates(batch, size, { ms = 400, runs = 5 } = {}) {
  for (const end = now() + ms / 2; now() < end;) await batch();
  const out = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    const start = now();
    while (now() < start + ms) {
      await batch();
      n += size;
    }
    out.push(n / ((now() - start) / 1000));
  }
  return median(out);
}

/** Operations per second of a synchronous `fn` (100 calls between clock reads). */
export function rateSync(fn, opts) {
  return rates(() => {
    for (let i = 0; i < 100; i++) fn();
  }, 100, opts);
}

/** Operations per second of an asynchronous `fn`, awaited one call at a time. */
export function rateAsync(fn, opts) {
  return rates(async () => {
    for (let i = 0; i < 20; i++) await fn();
  }, 20, opts);
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
