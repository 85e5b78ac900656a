//! Determinism: the same (config, seed, actions) gives the same trace JSON, byte for byte.
//!
//! The traces are compared with a committed golden file; `tests/wasm.rs` compares the wasm
//! build's traces with the same file, so native and wasm agree with each other.
//! `REWRITE=1` regenerates the golden file (natively).

mod common;

#[test]
fn the_same_run_twice_gives_identical_bytes() {
    let a = common::fixture_traces();
    let b = common::fixture_traces();
    assert_eq!(a, b);
    assert!(
        a.len() > 10_000,
        "the fixtures should produce substantial traces"
    );
}

#[test]
fn traces_match_the_committed_golden_file() {
    let traces = common::fixture_traces();
    if std::env::var_os("REWRITE").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/golden/determinism-traces.json.txt"
        );
        std::fs::write(path, &traces).unwrap();
        return;
    }
    if traces != common::GOLDEN {
        let line = traces
            .lines()
            .zip(common::GOLDEN.lines())
            .position(|(a, b)| a != b)
            .map(|i| i + 1)
            .unwrap_or(0);
        panic!("traces differ from tests/golden/determinism-traces.json.txt from line {line} (REWRITE=1 regenerates)");
    }
}

#[test]
fn multi_paxos_traces_match_their_committed_golden_file() {
    let traces = common::multi_fixture_traces();
    assert_eq!(traces, common::multi_fixture_traces(), "two runs differ");
    assert!(
        traces.len() > 10_000,
        "the fixtures should produce substantial traces"
    );
    if std::env::var_os("REWRITE").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/golden/multi-traces.json.txt"
        );
        std::fs::write(path, &traces).unwrap();
        return;
    }
    if traces != common::MULTI_GOLDEN {
        let line = traces
            .lines()
            .zip(common::MULTI_GOLDEN.lines())
            .position(|(a, b)| a != b)
            .map(|i| i + 1)
            .unwrap_or(0);
        panic!("traces differ from tests/golden/multi-traces.json.txt from line {line} (REWRITE=1 regenerates)");
    }
}
