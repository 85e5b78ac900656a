# The two commands: `make serve` and `make test`. Both install whatever is missing first, and
# skip what is already there (a second run installs nothing).
#
# Versions are pinned here and must move together with Cargo.lock (see ../shared/TOOLCHAIN.md).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_BIN     := $(HOME)/.cargo/bin
NODE_BIN      := $(CURDIR)/node_modules/.bin
# node_modules/.bin first: Trunk must find the npm binaryen's wasm-opt (Debian's is too old).
export PATH   := $(NODE_BIN):$(CARGO_BIN):$(PATH)
WASM_TARGET   := wasm32-unknown-unknown
TRUNK_VERSION := 0.21.14
MDBOOK_VERSION := 0.5.4
# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/,"",$$3); print $$3; exit}' Cargo.lock)

.PHONY: help serve build package docs serve-docs test test-native test-wasm test-browser test-e2e lint \
        check-core-purity bench bench-page bench-sites bench-check explore fuzz check screenshots setup setup-rust \
        setup-wasm-bindgen setup-trunk setup-node setup-browser setup-mdbook docs-sites setup-docs-venv

help:
	@echo "make serve   install what is missing, build, serve the app at http://127.0.0.1:8080"
	@echo "make test    install what is missing, then run every test"
	@echo "make bench   criterion benchmarks (figures go to BENCHMARKS.md)"
	@echo "make package the npm package of the widget, in target/package/"
	@echo "make docs    the book with live widgets, in docs/book/ (make serve-docs serves it)"
	@echo "make docs-sites  a MkDocs (Material) and a Sphinx (Furo) site using the package, in target/docs-sites/"
	@echo "make explore / make check   long random and exhaustive safety runs"

# ---------------------------------------------------------------- installs (idempotent)

setup-rust:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' \
	  || rustup target add $(WASM_TARGET)

setup-wasm-bindgen:
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

setup-trunk:
	@if [ "$$(trunk --version 2>/dev/null | awk '{print $$2}')" != "$(TRUNK_VERSION)" ]; then \
	  echo "installing trunk $(TRUNK_VERSION) (a few minutes)"; \
	  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
	    cargo install --locked trunk@$(TRUNK_VERSION) --no-default-features; \
	fi

# mdBook for the book in docs/ (only its search feature: no file watcher or dev server).
setup-mdbook:
	@if [ "$$(mdbook --version 2>/dev/null | awk '{print $$2}')" != "v$(MDBOOK_VERSION)" ]; then \
	  echo "installing mdbook $(MDBOOK_VERSION) (about 2 minutes)"; \
	  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
	    cargo install --locked mdbook --version $(MDBOOK_VERSION) --no-default-features --features search; \
	fi

# MkDocs with the Material theme, and Sphinx with Furo, for `make docs-sites`: a Python virtual
# environment with exactly sites/requirements.txt, from the package registry; installed once
# (about 15 s), again only when the requirements change.
DOCS_VENV := target/docs-venv
setup-docs-venv: $(DOCS_VENV)/.installed
$(DOCS_VENV)/.installed: sites/requirements.txt
	@test -x $(DOCS_VENV)/bin/pip || python3 -m venv $(DOCS_VENV)
	$(DOCS_VENV)/bin/pip install --quiet --disable-pip-version-check -r sites/requirements.txt
	@touch $@

# npm packages exactly as package-lock.json pins them: binaryen (wasm-opt) and playwright-core.
setup-node: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Debian's Chromium and its matching ChromeDriver, for in-browser and end-to-end tests.
setup-browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi

setup: setup-rust setup-wasm-bindgen setup-trunk setup-node

# ---------------------------------------------------------------- the app

# Trunk runs cargo with --offline (Trunk.toml), so dependencies are fetched first.
build: setup
	cargo fetch
	trunk build --release

serve: setup
	cargo fetch
	trunk serve --release

# The book with its live widgets: docs/book/ is a static site, the app and the widget files in
# docs/book/paxos-viz/. mdbook empties docs/book/ first, so the copy comes after it.
docs: build setup-mdbook
	cargo build -q -p mdbook-paxos
	mdbook build docs
	mkdir -p docs/book/paxos-viz
	cp dist/* docs/book/paxos-viz/

# The npm package of the widget: target/package/paxos-viz-<version>.tgz (tools/package.mjs; the
# version is the workspace's, in Cargo.toml).
package: build
	node tools/package.mjs

# Serves docs/book/ at http://127.0.0.1:8081 with the strict Content-Security-Policy it is tested under.
serve-docs: docs
	node tools/serve.mjs docs/book 8081

# ---------------------------------------------------------------- tests

test: lint check-core-purity test-native test-wasm test-browser test-e2e
	@echo "make test: all passed"

lint: setup-rust
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p paxos-viz --target $(WASM_TARGET) --all-targets -- -D warnings
	cargo clippy -p paxos-viz --target $(WASM_TARGET) --no-default-features --bin paxos-viz-multi -- -D warnings
	cargo clippy -p paxos-viz --target $(WASM_TARGET) --no-default-features --features multi-widget --bin paxos-viz-multi-widget -- -D warnings
	cargo clippy -p paxos-viz --target $(WASM_TARGET) --no-default-features --bin paxos-viz-check -- -D warnings
	cargo clippy -p paxos-sim --target $(WASM_TARGET) --lib --tests -- -D warnings

# The protocol crate must stay pure: no web, clock or randomness crates in its dependency tree.
check-core-purity:
	@tree=$$(cargo tree -p paxos-core --edges normal --prefix none); \
	if echo "$$tree" | grep -Eq '^(yew|web-sys|js-sys|wasm-bindgen|gloo|getrandom|rand)'; then \
	  echo "paxos-core depends on a web, clock or randomness crate:"; echo "$$tree"; exit 1; \
	fi; echo "paxos-core is pure"

test-native:
	cargo test --workspace

# The simulator compiled to wasm32, run in Node by wasm-bindgen-test-runner: its traces must be
# byte-identical to the native golden file.
test-wasm: setup-rust setup-wasm-bindgen
	cargo test -p paxos-sim --target $(WASM_TARGET) --test wasm

# Component tests of the page in headless Chromium (wasm-bindgen-test-runner + chromedriver).
test-browser: setup-rust setup-wasm-bindgen setup-browser
	cargo test -p paxos-viz --target $(WASM_TARGET) --test components

# The release build and the book served on loopback, driven by playwright-core in Debian's Chromium.
# Two documentation sites built with the package the way their authors would install it
# (tools/docs-sites.mjs), into target/docs-sites/; tests/e2e/sites.test.mjs checks them.
docs-sites: package setup-docs-venv
	node tools/docs-sites.mjs

test-e2e: build docs package docs-sites setup-browser
	node --test tests/e2e/

# ---------------------------------------------------------------- long runs, not part of `make test`

bench:
	cargo bench -p paxos-sim --bench sim

# Bundle size, time to first render, step latency and scrubbing; embedding bytes and the time
# to 4 interactive widgets on a book page; in headless Chromium.
bench-page: build docs setup-browser
	node tools/measure.mjs
	node tools/measure-widgets.mjs
	node tools/measure-spacetime.mjs

# The MkDocs and Sphinx sites: bytes, requests and time to interactive widgets, 1 and 5 a page.
bench-sites: docs-sites setup-browser
	node tools/measure-sites.mjs

# The checker in the page's Web Worker: states per second and bytes per state, the time to
# each gallery bug, cancel latency and the longest main-thread frame during a check; native
# runs of the same checks alternate with the worker's.
bench-check: build setup-browser
	cargo build --release -p paxos-sim
	node tools/check-speed.mjs --multi --round2

screenshots: build docs setup-browser
	node tools/screenshot.mjs docs/screenshots 03-adopt-accepted-value 13
	node tools/book-shots.mjs docs/screenshots
	node tools/multi-shots.mjs docs/screenshots

explore:
	cargo run --release -p paxos-sim -- explore --seeds 200000 --steps 500
	cargo run --release -p paxos-sim -- explore --protocol multi-paxos --seeds 50000 --steps 600

# A million damaged link fragments (both versions), a million generated scripts and a million
# Multi-Paxos scripts: none may panic.
fuzz:
	cargo run --release -p paxos-sim --example fuzz -- 1000000

check:
	cargo run --release -p paxos-sim -- check --acceptors 3 --proposers 2 --max-round 1
	cargo run --release -p paxos-sim -- check --acceptors 3 --proposers 2 --max-round 2 --drops --crashes 1 --max-states 5000000
	cargo run --release -p paxos-sim -- check --protocol multi-paxos
	cargo run --release -p paxos-sim -- check --protocol multi-paxos --drops --crashes 1 --max-states 5000000
