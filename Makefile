# The two commands: `make serve` and `make test`. Both install whatever is missing first, and
# skip what is already there (a second run installs nothing).
#
# Versions are pinned here and must move together with Cargo.lock (see ../shared/TOOLCHAIN.md).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_BIN     := $(HOME)/.cargo/bin
export PATH   := $(CARGO_BIN):$(PATH)
WASM_TARGET   := wasm32-unknown-unknown
# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/,"",$$3); print $$3; exit}' Cargo.lock)

.PHONY: help test test-native test-wasm lint check-core-purity bench explore check \
        setup-rust setup-wasm-bindgen

help:
	@echo "make test    install what is missing, then run every test"
	@echo "make bench   criterion benchmarks (figures go to BENCHMARKS.md)"
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

# ---------------------------------------------------------------- tests

test: lint check-core-purity test-native test-wasm
	@echo "make test: all passed"

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

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

# ---------------------------------------------------------------- long runs, not part of `make test`

bench:
	cargo bench -p paxos-sim --bench sim

explore:
	cargo run --release -p paxos-sim -- explore --seeds 200000 --steps 500

check:
	cargo run --release -p paxos-sim -- check --acceptors 3 --proposers 2 --max-round 1
	cargo run --release -p paxos-sim -- check --acceptors 3 --proposers 2 --max-round 2 --drops --crashes 1 --max-states 5000000
