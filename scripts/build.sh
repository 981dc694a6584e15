#!/usr/bin/env bash
# cargo (wasm32) -> wasm-bindgen -> wasm-opt, into pkg/wasm/.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=pkg/wasm
RAW=target/wasm32-unknown-unknown/release/ferrojwt.wasm
mkdir -p "$OUT"

# The package's entries (pkg/entry/), one per runtime and build, from one
# export list: see scripts/write-entries.mjs.
node scripts/write-entries.mjs

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
