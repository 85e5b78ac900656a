//! The safety checkers, and proof that they can fail.
//!
//! - Random schedules with faults over many cluster shapes never violate an invariant.
//! - The exhaustive check of 3 acceptors x 2 proposers finds no violation.
//! - Three deliberately broken variants (an acceptor that forgets its promise on a crash, a
//!   proposer that ignores accepted values in promises, quorums smaller than a majority) are
//!   caught by both the random search and the exhaustive check, and each counterexample,
//!   written as a script, replays to the same violation.

use paxos_core::Bugs;
use paxos_sim::explore::{self, CheckOptions, Faults};
use paxos_sim::script::{run_script, script_for, Script};
use paxos_sim::{Config, QuorumSizes, Rng};

const SCHEDULES: u64 = 10_000;
const STEPS: usize = 300;

#[test]
fn ten_thousand_random_schedules_with_faults_never_violate_safety() {
    let faults = Faults::default();
    let (mut chosen, mut steps) = (0, 0);
    for seed in 0..SCHEDULES {
        let config = explore::random_config(&mut Rng::new(seed), &faults);
        let run = explore::random_run(config, seed, STEPS, &faults);
        assert!(
            run.violations.is_empty(),
            "seed {seed}: {}\nreplay:\n{}",
            run.violations[0],
            script_for(&run.config, seed, &run.actions)
        );
        chosen += run.chosen as u64;
        steps += run.actions.len();
    }
    // The schedules must exercise the protocol, not just fail to start: most of them choose.
    assert!(
        chosen > SCHEDULES / 2,
        "only {chosen} of {SCHEDULES} runs chose a value"
    );
    assert!(
        steps > SCHEDULES as usize * 100,
        "only {steps} steps in all"
    );
}

/// Replays a counterexample script and returns the names of the invariants it violates.
fn replay_violations(script: &str) -> Vec<&'static str> {
    let parsed = Script::parse(script)
        .unwrap_or_else(|e| panic!("counterexample does not parse: {e}\n{script}"));
    let run = run_script(&parsed);
    assert_eq!(
        run.errors, 0,
        "counterexample does not replay cleanly:\n{script}"
    );
    let sim = run.sim.expect("counterexample builds a cluster");
    sim.world().violations().iter().map(|v| v.name()).collect()
}

/// A deliberately broken variant, and how many crashes the exhaustive check needs to show it.
struct Variant {
    name: &'static str,
    bugs: Bugs,
    quorum: Option<QuorumSizes>,
    crashes: u8,
}

fn variants() -> Vec<Variant> {
    vec![
        Variant {
            name: "forget-promise",
            bugs: Bugs {
                forget_promise_on_crash: true,
                ..Bugs::default()
            },
            quorum: None,
            crashes: 1,
        },
        Variant {
            name: "ignore-promises",
            bugs: Bugs {
                ignore_promised_values: true,
                ..Bugs::default()
            },
            quorum: None,
            crashes: 0,
        },
        Variant {
            name: "quorum of 1",
            bugs: Bugs::default(),
            quorum: Some(QuorumSizes {
                phase1: 1,
                phase2: 1,
            }),
            crashes: 0,
        },
    ]
}

#[test]
fn random_search_catches_each_broken_variant_and_its_counterexample_replays() {
    let faults = Faults::default();
    for Variant {
        name, bugs, quorum, ..
    } in variants()
    {
        let found = (0..20_000u64).find_map(|seed| {
            // Three acceptors and two proposers, with the variant switched on.
            let mut config = Config::separate(2, 3, 1);
            config.network.loss = faults.loss;
            config.network.dup = faults.dup;
            config.bugs = bugs;
            config.quorum = quorum;
            let run = explore::random_run(config, seed, STEPS, &faults);
            (!run.violations.is_empty()).then_some(run)
        });
        let run = found.unwrap_or_else(|| panic!("{name}: no violation in 20000 random runs"));
        let expected = run.violations[0].name();
        let script = script_for(&run.config, run.seed, &run.actions);
        let replayed = replay_violations(&script);
        assert!(
            replayed.contains(&expected),
            "{name}: the run violated {expected}, its replay {replayed:?}\n{script}"
        );
    }
}

#[test]
fn exhaustive_check_catches_each_broken_variant_and_its_counterexample_replays() {
    for Variant {
        name,
        bugs,
        quorum,
        crashes,
    } in variants()
    {
        let opts = CheckOptions {
            max_round: 1,
            crashes,
            bugs,
            quorum,
            ..CheckOptions::default()
        };
        let report = explore::check(&opts);
        let (violation, path) = report
            .violation
            .unwrap_or_else(|| panic!("{name}: exhaustive check found no violation"));
        let script = script_for(&opts.config(), 0, &path);
        let replayed = replay_violations(&script);
        assert!(
            replayed.contains(&violation.name()),
            "{name}: found {violation}, replay gave {replayed:?}\n{script}"
        );
        // Breadth first: the counterexample is the shortest, and short.
        assert!(
            path.len() <= 16,
            "{name}: counterexample of {} actions",
            path.len()
        );
    }
}

#[test]
fn exhaustive_check_of_three_acceptors_and_two_proposers_finds_no_violation() {
    let report = explore::check(&CheckOptions {
        acceptors: 3,
        proposers: 2,
        max_round: 1,
        ..CheckOptions::default()
    });
    assert!(report.violation.is_none(), "{:?}", report.violation);
    assert!(report.complete);
    // Guard against a checker that explores nothing: every interleaving of two competing
    // proposals is a large space.
    assert!(
        report.unique_states > 500_000,
        "only {} states",
        report.unique_states
    );
    assert!(report.max_depth >= 20);
}

#[test]
fn exhaustive_check_with_retries_drops_and_a_crash_finds_no_violation() {
    // A second, different slice of the space: one proposer may retry (round 2), messages may
    // be lost and one node may crash. Bounded by states, so it stays quick.
    let report = explore::check(&CheckOptions {
        acceptors: 3,
        proposers: 2,
        max_round: 2,
        drops: true,
        crashes: 1,
        max_states: 400_000,
        ..CheckOptions::default()
    });
    assert!(report.violation.is_none(), "{:?}", report.violation);
    assert!(report.unique_states >= 400_000);
}
