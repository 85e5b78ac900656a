//! The gallery of broken Paxos: every variant is found by its check, its counterexample
//! replays to the same violation, and its captions say nothing the run contradicts. With the
//! bug switched off, the same bounds check clean (to the end where a test can wait for it).

use paxos_sim::check_job::{CheckJob, CheckRequest};
use paxos_sim::gallery;
use paxos_sim::lecture::check_captions;
use paxos_sim::script::{run_script, Script};

fn verdict(request: &CheckRequest) -> paxos_sim::check_job::Verdict {
    let job = CheckJob::new(request).unwrap();
    job.finish(4096)
        .verdict
        .expect("a finished job has a verdict")
}

#[test]
fn every_variant_is_found_and_its_counterexample_replays_to_the_same_violation() {
    let all = gallery::all();
    assert!(all.len() >= 9, "{} variants", all.len());
    let multi = all
        .iter()
        .filter(|v| matches!(v.request, CheckRequest::MultiPaxos(_)))
        .count();
    assert!(multi >= 2, "{multi} Multi-Paxos variants");
    assert_eq!(all.iter().filter(|v| v.byzantine).count(), 1);
    for v in &all {
        let verdict = verdict(&v.request);
        let found = verdict
            .violation
            .unwrap_or_else(|| panic!("{}: nothing found ({})", v.name, verdict.summary));
        assert_eq!(found.invariant, v.invariant, "{}: {}", v.name, found.text);
        let run = run_script(&Script::parse(&found.script).unwrap());
        assert_eq!(run.errors, 0, "{}", v.name);
        let text = match (&run.sim, &run.multi) {
            (Some(sim), _) => {
                assert_eq!(sim.world().step() as usize, found.steps, "{}", v.name);
                sim.world().violations()[0].to_string()
            }
            (_, Some(sim)) => {
                assert_eq!(sim.world().step() as usize, found.steps, "{}", v.name);
                sim.world().violations()[0].to_string()
            }
            _ => panic!("{}: the script built no run", v.name),
        };
        assert_eq!(text, found.text, "{}", v.name);
        // A caption after every action, and one before the first.
        let says = found
            .script
            .lines()
            .filter(|l| l.starts_with("say "))
            .count();
        assert_eq!(says, found.steps + 1, "{}", v.name);
        assert!(
            found.script.contains("breaks")
                || found.script.contains("That is the bug")
                || found.script.contains("lies"),
            "{}: no caption names the broken rule:\n{}",
            v.name,
            found.script
        );
        // The generated captions say nothing the run contradicts (single-decree captions
        // are what the caption checker reads).
        if run.sim.is_some() {
            let check = check_captions(&found.script).unwrap();
            assert!(
                check.claims > 0 && check.problems.is_empty(),
                "{}: {:?}",
                v.name,
                check.problems
            );
        }
    }
}

#[test]
fn with_the_bug_switched_off_the_same_bounds_check_clean() {
    // Several variants share their bounds once the bug is off: each distinct space once.
    let mut seen: Vec<CheckRequest> = Vec::new();
    for v in gallery::all() {
        // A crash, a learner or a log multiplies the interleavings beyond what a test should
        // wait for, and the plain 3x2 space (864,062 states) is checked to the end by
        // tests/safety.rs: these are checked as far as a cap.
        let fixed = match v.request.clone() {
            CheckRequest::SingleDecree(mut o) => {
                o.bugs = Default::default();
                o.quorum = None;
                o.max_states = 50_000;
                CheckRequest::SingleDecree(o)
            }
            CheckRequest::MultiPaxos(mut o) => {
                o.bugs = Default::default();
                o.max_states = 20_000;
                CheckRequest::MultiPaxos(o)
            }
        };
        if seen.contains(&fixed) {
            continue;
        }
        let verdict = verdict(&fixed);
        assert_eq!(verdict.violation, None, "{}", v.name);
        // Either the whole space (dead-message pruning shrinks some below the cap) or as far
        // as the cap: thousands of states either way.
        let cap = match &fixed {
            CheckRequest::SingleDecree(o) => o.max_states,
            CheckRequest::MultiPaxos(o) => o.max_states,
        };
        assert!(
            verdict.states > 5_000 && (verdict.complete || verdict.states == cap),
            "{}: {}",
            v.name,
            verdict.summary
        );
        seen.push(fixed);
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
}

#[test]
#[ignore]
fn print_the_gallery_scripts() {
    for v in gallery::all() {
        let found = verdict(&v.request).violation.unwrap();
        println!("== {}\n{}", v.name, found.script);
    }
}
