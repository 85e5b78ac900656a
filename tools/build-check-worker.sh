#!/bin/sh
# Builds the checker's Web Worker module (src/check_main.rs) into Trunk's staging folder: a
# Trunk post-build hook (Trunk.toml). It is built here rather than by a <link data-trunk
# rel="rust"> because the page's profile, wasm-release, optimises for size, and the checker
# is the one module whose speed matters more than its bytes: with the release profile
# (opt-level 3) it explores about 30 % more states per second than at opt-level z
# (BENCHMARKS.md). No
# download: the wasm-bindgen CLI is the one `make` installs, wasm-opt the npm binaryen's.
set -eu
profile=wasm-worker
out="${TRUNK_STAGING_DIR:-dist}"
cargo build --quiet --profile "$profile" --target wasm32-unknown-unknown \
  --bin paxos-viz-check --no-default-features
wasm="target/wasm32-unknown-unknown/$profile/paxos-viz-check.wasm"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name paxos-viz-check "$wasm"
if command -v wasm-opt >/dev/null 2>&1; then
  wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals "$out/paxos-viz-check_bg.wasm" -o "$out/paxos-viz-check_bg.wasm"
fi
