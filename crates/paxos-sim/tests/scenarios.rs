//! Golden scenarios: every script in `scenarios/` must replay to exactly its recorded output.
//!
//! Run with `REWRITE=1` to regenerate the outputs instead, then review the diff.

use paxos_sim::script::{run_script, Script};
use std::path::PathBuf;

fn scenario_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_scenario_replays_to_its_recorded_output() {
    let rewrite = std::env::var_os("REWRITE").is_some();
    let files = scenario_files();
    assert!(
        files.len() >= 10,
        "expected at least 10 scenarios, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let script = Script::parse(&text).unwrap_or_else(|e| panic!("{name}:\n{e}"));
        let run = run_script(&script);
        if rewrite {
            std::fs::write(path, script.rewrite(&run.outputs)).unwrap();
            continue;
        }
        for (block, actual) in script.blocks().zip(&run.outputs) {
            let expected = block.expected.clone().unwrap_or_default();
            if &expected != actual {
                failures.push(format!(
                    "{name}:{}: `{}`\n--- expected\n{}\n--- actual\n{}",
                    block.line,
                    block.text,
                    expected.join("\n"),
                    actual.join("\n")
                ));
                break;
            }
        }
        // Scenarios run safe Paxos unless they say otherwise, and safe Paxos never violates.
        let sim = run
            .sim
            .as_ref()
            .unwrap_or_else(|| panic!("{name} builds no cluster"));
        if !sim.config().is_unsafe() {
            assert!(
                sim.world().violations().is_empty(),
                "{name}: safe configuration violated an invariant: {:?}",
                sim.world().violations()
            );
        }
        assert_eq!(run.errors, 0, "{name}: a command failed");
    }
    assert!(
        failures.is_empty(),
        "{} scenario(s) differ (REWRITE=1 regenerates):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn unsafe_scenarios_are_labelled_and_do_break() {
    for path in scenario_files() {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if !name.starts_with("unsafe-") {
            continue;
        }
        let script = Script::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let run = run_script(&script);
        assert!(
            run.outputs[0].iter().any(|l| l.starts_with("UNSAFE")),
            "{name} is not labelled UNSAFE"
        );
        assert!(run.violated(), "{name} should demonstrate a violation");
    }
}
