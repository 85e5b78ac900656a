//! Golden Multi-Paxos scenarios: every script in `scenarios/multi-paxos/` must replay to
//! exactly its recorded output. Clean scenarios never violate an invariant; each `unsafe-*`
//! scenario (a broken leader) must. Run with `REWRITE=1` to regenerate, then review the diff.

use paxos_sim::script::{run_script, Script};
use std::path::PathBuf;

#[test]
fn every_multi_paxos_scenario_replays_to_its_recorded_output() {
    let rewrite = std::env::var_os("REWRITE").is_some();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/multi-paxos");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 8,
        "expected at least 8 scenarios, found {}",
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
        assert_eq!(run.errors, 0, "{name}: a command failed");
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
        let sim = run
            .multi
            .as_ref()
            .unwrap_or_else(|| panic!("{name} builds no multi-paxos cluster"));
        let violations = sim.world().violations();
        if name.starts_with("unsafe-") {
            assert!(
                !violations.is_empty(),
                "{name}: the broken leader broke nothing"
            );
        } else {
            assert!(violations.is_empty(), "{name}: {}", violations[0]);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
