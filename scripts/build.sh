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
node_modules/.bin/wasm-opt "$OUT/jwt_wasm_bg.wasm" -Oz --strip-debug --strip-producers \
  -o "$OUT/jwt_wasm_bg.wasm"

wasm_raw=$(stat -c %s "$OUT/jwt_wasm_bg.wasm")
wasm_gz=$(gzip -9c "$OUT/jwt_wasm_bg.wasm" | wc -c)
js_raw=$(stat -c %s "$OUT/jwt_wasm.js")
js_gz=$(gzip -9c "$OUT/jwt_wasm.js" | wc -c)
printf '[build] wasm %s B (gzip %s B), glue %s B (gzip %s B)\n' "$wasm_raw" "$wasm_gz" "$js_raw" "$js_gz"
