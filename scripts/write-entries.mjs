// Writes the package's entries (pkg/entry/), one per runtime and build, from one
// export list. Each loads its wasm the way its runtime can, then binds the
// API (src/api.js) to it. They are written, not hand-kept: a module that
// binds after a sibling's top-level await runs before that await ends, so
// the binding cannot live in a shared module imported beside the loader.

import { writeFileSync } from 'node:fs';

/** The public API of `ferrojwt`; `ferrojwt/full` adds the public-key helpers. */
const API = ['decode', 'decodeHeader', 'sign', 'verify', 'verifyAsync', 'createSigner', 'createVerifier', 'generateSecret'];
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
    // Public-key signatures are checked by node:crypto.
    platform: { imports: "import { nodePlatform } from '../src/native-node.js';", make: 'nodePlatform()' },
  },
  deno: {
    about: `// Deno: a source-phase import hands over the compiled WebAssembly.Module as
// part of the module graph, so no file is read and no --allow-read is needed.`,
    imports: (file) => `import source wasmModule from '${file}';`,
    init: () => 'glue.initSync({ module: wasmModule });',
    // verifyAsync checks public-key signatures with WebCrypto.
    platform: { imports: "import { webPlatform } from '../src/native-web.js';", make: 'webPlatform()' },
  },
  workerd: {
    about: `// Cloudflare Workers / workerd: a \`.wasm\` import is a compiled
// WebAssembly.Module (wrangler and Miniflare's CompiledWasm rule), which
// instantiates synchronously with no fetch.`,
    imports: (file) => `import wasmModule from '${file}';`,
    init: () => 'glue.initSync({ module: wasmModule });',
    // verifyAsync checks public-key signatures with WebCrypto.
    platform: { imports: "import { webPlatform } from '../src/native-web.js';", make: 'webPlatform()' },
  },
  browser: {
    about: `// Browsers and bundlers: fetch and compile the wasm with top-level await,
// so importing this module is all the setup a page needs. Bundlers (Vite,
// esbuild, webpack 5) see the \`new URL(..., import.meta.url)\` and ship the file.`,
    init: (file) => `await glue.default({ module_or_path: new URL('${file}', import.meta.url) });`,
    // verifyAsync checks public-key signatures with WebCrypto.
    platform: { imports: "import { webPlatform } from '../src/native-web.js';", make: 'webPlatform()' },
  },
};

for (const build of BUILDS) {
  const file = `../wasm/${build.wasm}_bg.wasm`;
  for (const [runtime, loader] of Object.entries(LOADERS)) {
    const native = loader.platform;
    const lines = [
      '// Written by scripts/write-entries.mjs from its one export list: edit it there.',
      `${build.about}${loader.about}`,
      ...(loader.imports ? [loader.imports(file)] : []),
      native.imports,
      `import * as glue from '../wasm/${build.wasm}.js';`,
      "import { bind } from '../src/api.js';",
      '',
      loader.init(file),
      '',
      "export { JwtError } from '../src/errors.js';",
      `export const { ${build.names.join(', ')} } = bind(glue, ${native.make});`,
    ];
    writeFileSync(new URL(`../pkg/entry/${build.prefix}${runtime}.js`, import.meta.url), `${lines.join('\n')}\n`);
  }
}
