// Prints what a browser pays for the package's wasm and glue: raw, gzip -9
// and brotli (quality 11) sizes. `--json` prints them as JSON.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = new URL('../pkg/wasm/', import.meta.url);
const sizes = {};
for (const [name, file] of [
  ['wasm', 'ferrojwt_bg.wasm'],
  ['glue', 'ferrojwt.js'],
  ['fullWasm', 'ferrojwt_full_bg.wasm'],
  ['fullGlue', 'ferrojwt_full.js'],
]) {
  const bytes = readFileSync(new URL(file, dir));
  sizes[name] = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
sizes.total = Object.fromEntries(['raw', 'gzip', 'brotli'].map((k) => [k, sizes.wasm[k] + sizes.glue[k]]));
sizes.fullTotal = Object.fromEntries(['raw', 'gzip', 'brotli'].map((k) => [k, sizes.fullWasm[k] + sizes.fullGlue[k]]));
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(sizes));
} else {
  for (const [name, s] of Object.entries(sizes)) {
    console.log(`[size] ${name.padEnd(9)} ${s.raw} B raw, ${s.gzip} B gzip, ${s.brotli} B brotli`);
  }
}
