# jwt-wasm: `make test` and `make demo` work on a fresh machine; both run an
# idempotent setup first (see scripts/setup.sh).

.PHONY: all setup build test test-rust test-js lint demo bench load screenshots clean

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

test-js:
	node --expose-gc --test --test-reporter=spec tests/js/

test: build lint test-rust test-js

demo: build
	node scripts/demo.mjs

bench: build
	node bench/index.mjs
	node bench/output-format.mjs

load: build
	node bench/load.mjs

screenshots: build
	node scripts/screenshots.mjs


clean:
	cargo clean
	rm -rf pkg/wasm node_modules
