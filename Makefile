# ferrojwt: `make test` and `make demo` work on a fresh machine; both run an
# idempotent setup first (see scripts/setup.sh).

.PHONY: all setup build test test-rust test-js test-fuzz lint demo users bench load fuzz screenshots clean

all: build

setup:
	@bash scripts/setup.sh

build: setup
	@bash scripts/build.sh

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --features public-key -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features wasm-package -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features wasm-package,public-key -- -D warnings

test-rust:
	cargo test
	cargo test --features public-key

# The JS tests include the runtimes users have (Node, Chromium, Firefox ESR,
# workerd via Miniflare and `wrangler dev`, Deno, Bun, Vite 6 and 8), the
# README programs and tsc --checkJs; no tool may download a browser or send metrics.
# One file at a time, each with a wall-clock limit (TEST_FILE_TIMEOUT, seconds):
# a hung file fails with its name and stack (scripts/test-js.mjs). FILES picks files.
test-js:
	PUPPETEER_SKIP_DOWNLOAD=1 WRANGLER_SEND_METRICS=false node --experimental-websocket scripts/test-js.mjs $(FILES)

# Short fuzz runs (20 s per target) from the committed seeds; `make fuzz`
# runs longer (FUZZ_SECONDS, default 60 per target).
test-fuzz:
	FUZZ_SECONDS=20 bash scripts/fuzz.sh

test: build lint test-rust test-js test-fuzz

fuzz: setup
	bash scripts/fuzz.sh

demo: build
	node scripts/demo.mjs

# Imports users into the local D1 database `make demo` serves: Django's
# `manage.py dumpdata auth.user` output or a [{username, password, role}] list.
# REPLACE=1 makes the file the whole user table. See examples/worker/README.md.
users: setup
	@test -n "$(FILE)" || { echo 'usage: make users FILE=<dumpdata.json | users.json> [REPLACE=1]'; exit 2; }
	node scripts/import-users.mjs "$(FILE)" $(if $(REPLACE),--replace)

bench: build
	node bench/index.mjs

load: build
	node bench/load.mjs

screenshots: build
	node scripts/screenshots.mjs


clean:
	cargo clean
	rm -rf pkg/wasm node_modules
