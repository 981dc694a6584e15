// Builds the demo page into the worker's assets directory (site/, which
// wrangler.jsonc names): www/'s files, its modules bundled into one app.js
// that imports the ferrojwt package by path, and the package's browser
// files under /vendor/ferrojwt/ (taken from the installed package, so the
// page runs the same ferrojwt as the worker). No import map is left in the
// page, so its Content-Security-Policy needs no inline script.
//
// wrangler runs it before `wrangler dev` and `wrangler deploy` (build.command);
// scripts/demo-server.mjs (`make demo`, the tests) calls buildSite(): one way.
//
//   node build-site.mjs [outdir]
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The page's sources (this repository's www/). */
export const WWW = join(HERE, '..', '..', 'www');
/** The assets directory wrangler.jsonc names. */
export const SITE_DIR = join(HERE, 'site');
/** Where the page finds the package. */
const VENDOR = '/vendor/ferrojwt';
/** The package's parts a browser loads (its entries, sources and wasm). */
const VENDOR_PARTS = ['entry', 'src', 'wasm', 'package.json'];

/** The installed `ferrojwt` package's directory, as the worker's bundler resolves it. */
function packageDir() {
  return dirname(createRequire(join(HERE, 'index.js')).resolve('ferrojwt/package.json'));
}

/**
 * Each specifier the page may import (`ferrojwt`, `ferrojwt/client`, ...)
 * mapped to the served path of its browser file, read from the package's
 * own exports map.
 * @param {{ exports: Record<string, string | Record<string, string>> }} pkg
 */
export function vendorPaths(pkg) {
  const paths = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const file = typeof target === 'string' ? target : (target.browser ?? target.default);
    if (typeof file !== 'string' || !file.endsWith('.js')) continue;
    paths[subpath === '.' ? 'ferrojwt' : `ferrojwt/${subpath.slice(2)}`] = `${VENDOR}/${file.replace(/^\.\//, '')}`;
  }
  return paths;
}

/**
 * Writes the page into `outDir` (emptied first).
 * @param {string} [outDir]
 * @returns {Promise<string>} outDir
 */
export async function buildSite(outDir = SITE_DIR) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // The page's static files; its modules go into the bundle below.
  cpSync(WWW, outDir, { recursive: true, filter: (src) => statSync(src).isDirectory() || !src.endsWith('.js') });
  const pkgDir = packageDir();
  const paths = vendorPaths(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')));
  await build({
    entryPoints: [join(WWW, 'app.js')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    plugins: [{
      name: 'ferrojwt-by-path',
      setup(b) {
        b.onResolve({ filter: /^ferrojwt(\/|$)/ }, (args) => (Object.hasOwn(paths, args.path)
          ? { path: paths[args.path], external: true }
          : { errors: [{ text: `ferrojwt exports no browser module "${args.path}"` }] }));
      },
    }],
  });
  for (const part of VENDOR_PARTS) {
    cpSync(join(pkgDir, part), join(outDir, VENDOR, part), { recursive: true, dereference: true });
  }
  return outDir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = await buildSite(process.argv[2] ? resolve(process.argv[2]) : SITE_DIR);
  console.log(`${basename(fileURLToPath(import.meta.url))}: the page is in ${out}`);
}
