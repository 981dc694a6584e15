#!/usr/bin/env bash
# cargo (wasm32) -> wasm-bindgen -> wasm-opt, into pkg/wasm/.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=pkg/wasm
RAW=target/wasm32-unknown-unknown/release/ferrojwt.wasm
mkdir -p "$OUT"

# The package's entries (pkg/entry/), one per runtime and build, from one
# export list. Each loads its wasm the way its runtime can, then binds the
# API (src/api.js) to it. They are written, not hand-kept: a module that
# binds after a sibling's top-level await runs before that await ends, so
# the binding cannot live in a shared module imported beside the loader.
node --input-type=module - <<'EOF'
import { writeFileSync } from 'node:fs';

/** The public API of `ferrojwt`; `ferrojwt/full` adds the public-key helpers. */
const API = ['decode', 'decodeHeader', 'sign', 'verify', 'createSigner', 'createVerifier', 'generateSecret'];
const BUILDS = [
  { prefix: '', wasm: 'ferrojwt', names: API, about: '' },
  { prefix: 'full-', wasm: 'ferrojwt_full', names: [...API, 'generateKeyPair', 'exportPublicJwk'],
    about: '// ferrojwt/full: every algorithm (HMAC, RSA, RSA-PSS, ECDSA, EdDSA).\n' },
];
/** Per runtime: why it loads this way, what it imports (if anything), and how it instantiates `file`. */
const LOADERS = {
  node: {
    about: `// Node and Bun: compile the wasm synchronously from the file beside the glue,
// so the API is ready (and synchronous) as soon as the import resolves.`,
    imports: () => "import { readFileSync } from 'node:fs';",
    init: (file) => `glue.initSync({ module: readFileSync(new URL('${file}', import.meta.url)) });`,
  },
  deno: {
    about: `// Deno: a source-phase import hands over the compiled WebAssembly.Module as
// part of the module graph, so no file is read and no --allow-read is needed.`,
    imports: (file) => `import source wasmModule from '${file}';`,
    init: () => 'glue.initSync({ module: wasmModule });',
  },
  workerd: {
    about: `// Cloudflare Workers / workerd: a \`.wasm\` import is a compiled
// WebAssembly.Module (wrangler and Miniflare's CompiledWasm rule), which
// instantiates synchronously with no fetch.`,
    imports: (file) => `import wasmModule from '${file}';`,
    init: () => 'glue.initSync({ module: wasmModule });',
  },
  browser: {
    about: `// Browsers and bundlers: fetch and compile the wasm with top-level await,
// so importing this module is all the setup a page needs. Bundlers (Vite,
// esbuild, webpack 5) see the \`new URL(..., import.meta.url)\` and ship the file.`,
    init: (file) => `await glue.default({ module_or_path: new URL('${file}', import.meta.url) });`,
  },
};

for (const build of BUILDS) {
  const file = `../wasm/${build.wasm}_bg.wasm`;
  for (const [runtime, loader] of Object.entries(LOADERS)) {
    const lines = [
      '// Written by scripts/build.sh from its one export list: edit it there.',
      `${build.about}${loader.about}`,
      ...(loader.imports ? [loader.imports(file)] : []),
      `import * as glue from '../wasm/${build.wasm}.js';`,
      "import { bind } from '../src/api.js';",
      '',
      loader.init(file),
      '',
      "export { JwtError } from '../src/errors.js';",
      `export const { ${build.names.join(', ')} } = bind(glue);`,
    ];
    writeFileSync(`pkg/entry/${build.prefix}${runtime}.js`, `${lines.join('\n')}\n`);
  }
}
EOF

# One wasm per entry: `ferrojwt` (HMAC only: what `ferrojwt` loads) and
# `ferrojwt_full` (every algorithm: `ferrojwt/full`), so an HS256 user never
# downloads RSA and elliptic-curve code.
package() { # <cargo features> <output name> [extra wasm-opt flags]
  cargo build --release --lib --target wasm32-unknown-unknown --features "$1"
  # --weak-refs: objects the user forgets to free() are freed by a FinalizationRegistry.
  wasm-bindgen "$RAW" --out-dir "$OUT" --out-name "$2" --target web \
    --weak-refs --no-typescript --remove-name-section --remove-producers-section
  node_modules/.bin/wasm-opt "$OUT/$2_bg.wasm" -Oz "${@:3}" --strip-debug --strip-producers \
    -o "$OUT/$2_bg.wasm"
  # The generated glue is not meant to be read: ship it minified (17 -> 7 KB).
  node_modules/.bin/esbuild "$OUT/$2.js" --minify --format=esm --log-level=warning \
    --outfile="$OUT/$2.min.js" && mv "$OUT/$2.min.js" "$OUT/$2.js"
}

package wasm-package ferrojwt --converge
# --converge on the full build: 20 s more for 0.3 % smaller (measured), skipped.
package wasm-package,public-key ferrojwt_full

# The package ships the licences the crate names (the root files are the originals).
cp LICENSE-MIT LICENSE-APACHE pkg/

node scripts/size.mjs
