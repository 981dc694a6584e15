#!/usr/bin/env bash
# Runs each cargo-fuzz target (fuzz/) for N seconds: `make fuzz` (60 s each by
# default, `make fuzz FUZZ_SECONDS=600` for long runs) and a short run inside
# `make test`. Each target starts from its committed seeds (fuzz/seeds/) plus
# whatever earlier runs on this machine found (target/fuzz-corpus/, kept out
# of git). A crash fails the run and leaves its input in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${FUZZ_SECONDS:-60}"
TARGETS="${FUZZ_TARGETS:-decode verify keys options}"

# cargo-fuzz passes nightly-only flags (-Zsanitizer, sancov). The stable
# toolchain accepts them with RUSTC_BOOTSTRAP=1, so no second toolchain is
# needed; a machine with nightly uses it.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  FUZZ=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  FUZZ=(cargo fuzz)
fi

"${FUZZ[@]}" build --fuzz-dir fuzz
for t in $TARGETS; do
  corpus="target/fuzz-corpus/$t"
  mkdir -p "$corpus"
  cp -n fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null || true
  echo "[fuzz] $t for ${SECONDS_EACH}s"
  "${FUZZ[@]}" run --fuzz-dir fuzz "$t" "$corpus" -- \
    -max_total_time="$SECONDS_EACH" -max_len=4096 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    2> "target/fuzz-$t.log" || { tail -40 "target/fuzz-$t.log"; exit 1; }
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^Done' "target/fuzz-$t.log" | sed "s/^/[fuzz] $t: /"
done
