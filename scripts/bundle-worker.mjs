// Bundles a module worker the way wrangler does: esbuild with the `workerd`
// export condition, and `.wasm` imports kept as separate CompiledWasm
// modules beside the bundle. Returns Miniflare's `modules` and `modulesRoot`.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * @param {string} entry path of the worker's entry module
 * @param {string} outdir where to write worker.js and the wasm files
 */
export async function bundleWorker(entry, outdir) {
  mkdirSync(outdir, { recursive: true });
  const wasmFiles = [];
  await build({
    entryPoints: [entry],
    outfile: join(outdir, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    // The runtime's own modules (the Durable Object base class), as wrangler leaves them.
    external: ['cloudflare:*'],
    logLevel: 'warning',
    plugins: [{
      name: 'wasm-modules',
      setup(b) {
        b.onResolve({ filter: /\.wasm$/ }, (args) => {
          const file = join(args.resolveDir, args.path);
          wasmFiles.push(file);
          return { path: `./${basename(file)}`, external: true };
        });
      },
    }],
  });
  const modules = [{ type: 'ESModule', path: join(outdir, 'worker.js') }];
  for (const file of new Set(wasmFiles)) {
    const target = join(outdir, basename(file));
    copyFileSync(file, target);
    modules.push({ type: 'CompiledWasm', path: target });
  }
  return { modules, modulesRoot: outdir };
}
