// What an app pays: our wasm + glue + JS, beside esbuild bundles (minified,
// browser) of the other libraries' entry points. Raw, gzip -9, brotli 11.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

async function bundle(code) {
  const out = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: 'js' }, bundle: true, minify: true, format: 'esm',
    platform: 'browser', target: 'es2022', write: false, external: ['*.wasm'], logLevel: 'silent',
  });
  return out.outputFiles[0].contents;
}

export async function sizeRows() {
  const wasm = readFileSync(`${ROOT}pkg/wasm/ferrojwt_bg.wasm`);
  const ours = await bundle(`export { verify, sign, decode, createVerifier } from 'ferrojwt';`);
  const fullWasm = readFileSync(`${ROOT}pkg/wasm/ferrojwt_full_bg.wasm`);
  const oursFull = await bundle(`export { verify, sign, decode, createVerifier } from 'ferrojwt/full';`);
  const rows = [
    { what: 'ferrojwt: wasm', ...sizes(wasm) },
    { what: 'ferrojwt: JS (glue + API, bundled)', ...sizes(ours) },
    { what: 'ferrojwt: total', ...sizes(Buffer.concat([wasm, Buffer.from(ours)])) },
    { what: 'ferrojwt/full: wasm (all algorithms)', ...sizes(fullWasm) },
    { what: 'ferrojwt/full: total', ...sizes(Buffer.concat([fullWasm, Buffer.from(oursFull)])) },
    { what: 'jose: jwtVerify (bundled)', ...sizes(await bundle(`export { jwtVerify } from 'jose';`)) },
    { what: 'jose: decodeJwt (bundled)', ...sizes(await bundle(`export { decodeJwt } from 'jose';`)) },
    { what: 'jwt-decode (bundled)', ...sizes(await bundle(`export { jwtDecode } from 'jwt-decode';`)) },
    { what: '@tsndr/cloudflare-worker-jwt (bundled)', ...sizes(await bundle(`export { default } from '@tsndr/cloudflare-worker-jwt';`)) },
  ];
  return rows;
}
