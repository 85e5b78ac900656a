//! The determinism check, compiled for wasm32 and run by wasm-bindgen-test-runner (in Node):
//! the traces must equal the golden file that the native test also checks.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn wasm_traces_match_the_native_golden_file() {
    let traces = common::fixture_traces();
    assert!(traces.len() > 10_000);
    assert!(
        traces == common::GOLDEN,
        "wasm traces differ from the native golden file"
    );
}

#[wasm_bindgen_test]
fn wasm_multi_paxos_traces_match_the_native_golden_file() {
    let traces = common::multi_fixture_traces();
    assert!(traces.len() > 10_000);
    assert!(
        traces == common::MULTI_GOLDEN,
        "wasm Multi-Paxos traces differ from the native golden file"
    );
}

#[wasm_bindgen_test]
fn wasm_safety_smoke_test() {
    let faults = paxos_sim::explore::Faults::default();
    for seed in 0..200 {
        let config = paxos_sim::explore::random_config(&mut paxos_sim::Rng::new(seed), &faults);
        let run = paxos_sim::explore::random_run(config, seed, 300, &faults);
        assert!(run.violations.is_empty());
    }
}
