#!/usr/bin/env bash
# cargo (wasm32) -> wasm-bindgen -> wasm-opt, into pkg/wasm/.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=pkg/wasm
RAW=target/wasm32-unknown-unknown/release/jwt_wasm.wasm

cargo build --release --lib --target wasm32-unknown-unknown --features wasm-package
mkdir -p "$OUT"
# --weak-refs: objects the user forgets to free() are freed by a FinalizationRegistry.
wasm-bindgen "$RAW" --out-dir "$OUT" --out-name jwt_wasm --target web \
  --weak-refs --no-typescript --remove-name-section --remove-producers-section
node_modules/.bin/wasm-opt "$OUT/jwt_wasm_bg.wasm" -Oz --converge --strip-debug --strip-producers \
  -o "$OUT/jwt_wasm_bg.wasm"
# The generated glue is not meant to be read: ship it minified (17 -> 7 KB).
node_modules/.bin/esbuild "$OUT/jwt_wasm.js" --minify --format=esm --log-level=warning \
  --outfile="$OUT/jwt_wasm.min.js" && mv "$OUT/jwt_wasm.min.js" "$OUT/jwt_wasm.js"

node scripts/size.mjs
