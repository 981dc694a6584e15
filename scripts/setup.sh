#!/usr/bin/env bash
# Idempotent setup: installs only what is missing, so `make test` and
# `make demo` work on a fresh machine and cost seconds on a prepared one.
set -euo pipefail
cd "$(dirname "$0")/.."

# The wasm-bindgen CLI must match the crate exactly (pinned with `=` in Cargo.toml).
WB_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)

log() { printf '[setup] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  log "installing wasm-bindgen-cli $WB_VERSION (a few minutes)"
  # --locked can fail when the registry lacks a version its lockfile names.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# cargo-fuzz for the fuzz targets (fuzz/): short runs are part of `make test`.
FUZZ_VERSION=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$FUZZ_VERSION" ]; then
  log "installing cargo-fuzz $FUZZ_VERSION"
  cargo install cargo-fuzz --version "$FUZZ_VERSION" --locked \
    || cargo install cargo-fuzz --version "$FUZZ_VERSION"
fi

# npm ci when node_modules is missing or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  # puppeteer-core drives Debian's Firefox: it must never fetch a browser of its own.
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# Debian's browsers for the browser tests: Chromium (playwright-core) and
# Firefox ESR (puppeteer-core over WebDriver BiDi). No tool downloads its own.
if [ "${FERROJWT_NEED_BROWSER:-1}" = 1 ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian's ${missing[*]} for the browser tests"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
log "ready"
