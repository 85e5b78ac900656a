//! Partial-order reduction ([`CheckOptions::por`]): once no proposer will send again, the
//! explorer tries one acceptor's actions at a time. It must keep every verdict: a violation
//! found without it is found with it (a real run, replaying to the same violation), a clean
//! space stays clean, with fewer states. And the comparison can fail: the rule that first
//! looked right (every acceptor is always on its own) misses a violation, and the test below
//! shows it does.

use paxos_core::{Bugs, NodeKind, QuorumSets, SetList};
use paxos_sim::config::QuorumSizes;
use paxos_sim::explore::{self, CheckOptions, CheckReport};
use paxos_sim::kernel::check::{self as kernel_check, Space};

mod replay;
use replay::assert_replays;

fn bug(name: &str) -> Bugs {
    let mut b = Bugs::default();
    assert!(b.enable(name), "{name}");
    b
}

fn quorum(phase1: u8, phase2: u8) -> Option<QuorumSizes> {
    Some(QuorumSizes { phase1, phase2 })
}

fn listed(phase1: &str, phase2: &str) -> Option<QuorumSets> {
    Some(QuorumSets {
        phase1: phase1.parse::<SetList>().unwrap(),
        phase2: phase2.parse::<SetList>().unwrap(),
    })
}

fn violation(r: &CheckReport) -> Option<&'static str> {
    r.violation.as_ref().map(|(v, _)| v.name())
}

/// Broken and safe clusters, with every kind of fault the explorer knows.
fn cases() -> Vec<(&'static str, CheckOptions)> {
    let base = CheckOptions {
        acceptors: 3,
        proposers: 2,
        max_round: 1,
        max_states: 3_000_000,
        symmetry: true,
        prune: true,
        ..CheckOptions::default()
    };
    vec![
        ("clean 3x2", base),
        (
            "clean 3x2, no symmetry or pruning",
            CheckOptions {
                symmetry: false,
                prune: false,
                ..base
            },
        ),
        (
            "clean 3x2, drops",
            CheckOptions {
                drops: true,
                ..base
            },
        ),
        (
            "clean 2x2, a learner and drops",
            CheckOptions {
                acceptors: 2,
                learners: 1,
                drops: true,
                ..base
            },
        ),
        (
            "clean 3x1 round 2, a crash, a duplicate, re-proposals",
            CheckOptions {
                proposers: 1,
                max_round: 2,
                crashes: 1,
                duplicates: 1,
                repropose: true,
                ..base
            },
        ),
        (
            "clean 4x2",
            CheckOptions {
                acceptors: 4,
                ..base
            },
        ),
        (
            "clean flexible 4 acceptors, quorums 3/2",
            CheckOptions {
                acceptors: 4,
                quorum: quorum(3, 2),
                ..base
            },
        ),
        (
            "unsafe 4 acceptors, quorums 2/2",
            CheckOptions {
                acceptors: 4,
                quorum: quorum(2, 2),
                ..base
            },
        ),
        (
            "unsafe 3 acceptors, quorums 2/1",
            CheckOptions {
                quorum: quorum(2, 1),
                symmetry: false,
                ..base
            },
        ),
        (
            "clean listed quorums, a1 in every one",
            CheckOptions {
                quorum_sets: listed("a1+a2,a1+a3", "a1"),
                symmetry: false,
                ..base
            },
        ),
        (
            "unsafe listed quorums, a1+a2 misses a3",
            CheckOptions {
                quorum_sets: listed("a1+a2,a2+a3", "a3,a1+a2"),
                symmetry: false,
                ..base
            },
        ),
        (
            "ignore-promises",
            CheckOptions {
                bugs: bug(Bugs::IGNORE_PROMISES),
                ..base
            },
        ),
        (
            "accept-below-promise",
            CheckOptions {
                bugs: bug(Bugs::ACCEPT_BELOW_PROMISE),
                ..base
            },
        ),
        (
            "forget-promise, a crash",
            CheckOptions {
                bugs: bug(Bugs::FORGET_PROMISE),
                crashes: 1,
                ..base
            },
        ),
        (
            "count-across-ballots, a learner",
            CheckOptions {
                bugs: bug(Bugs::COUNT_ACROSS_BALLOTS),
                learners: 1,
                ..base
            },
        ),
        (
            "reuse-ballot, a crash and re-proposals",
            CheckOptions {
                bugs: bug(Bugs::REUSE_BALLOT),
                proposers: 1,
                crashes: 1,
                repropose: true,
                ..base
            },
        ),
        (
            "lying-acceptor",
            CheckOptions {
                bugs: bug(Bugs::LYING_ACCEPTOR),
                ..base
            },
        ),
    ]
}

#[test]
fn verdicts_are_those_without_it_and_clean_spaces_shrink() {
    let mut violations = 0;
    for (name, opts) in cases() {
        let plain = explore::check(&opts);
        let reduced = explore::check(&CheckOptions { por: true, ..opts });
        assert!(plain.complete && reduced.complete, "{name}");
        assert!(!plain.por && reduced.por, "{name}");
        assert_eq!(violation(&plain), violation(&reduced), "{name}");
        if plain.violation.is_none() {
            assert!(
                reduced.unique_states < plain.unique_states,
                "{name}: {} states with the reduction, {} without",
                reduced.unique_states,
                plain.unique_states
            );
        } else {
            violations += 1;
        }
        assert_replays(name, &opts, &reduced);
    }
    // The list is not all clean spaces, where a reduction that tried nothing would pass.
    assert!(violations >= 8, "{violations}");
}

#[test]
fn the_clean_4x2_space_shrinks_at_least_fourfold() {
    // The figure BENCHMARKS.md gives: 218,347 states without, 43,468 with.
    let opts = CheckOptions {
        acceptors: 4,
        proposers: 2,
        max_round: 1,
        symmetry: true,
        prune: true,
        ..CheckOptions::default()
    };
    let plain = explore::check(&opts);
    let reduced = explore::check(&CheckOptions { por: true, ..opts });
    assert!(plain.complete && reduced.complete);
    assert_eq!(plain.unique_states, 218_347);
    assert!(
        reduced.unique_states * 4 < plain.unique_states,
        "{} with, {} without",
        reduced.unique_states,
        plain.unique_states
    );
}

/// The first rule tried: every acceptor is always on its own. It is wrong: a Prepare still to
/// come to an acceptor does not commute with the Accepts already waiting there (delivered
/// first, the Prepare makes the acceptor refuse them).
fn check_with_every_acceptor_alone(opts: &CheckOptions) -> CheckReport {
    let world = explore::start(opts).unwrap();
    explore::with_space(opts, |space| {
        let naive = |_: &paxos_sim::World, n: paxos_core::NodeId| n.kind == NodeKind::Acceptor;
        let space = Space {
            once: space.once.clone(),
            alone: &naive,
            ..*space
        };
        kernel_check::check(world, &space)
    })
}

#[test]
fn the_naive_rule_misses_a_violation_that_the_real_one_finds() {
    let opts = CheckOptions {
        acceptors: 4,
        proposers: 2,
        max_round: 1,
        quorum: quorum(2, 2),
        symmetry: true,
        prune: true,
        por: true,
        ..CheckOptions::default()
    };
    let real = explore::check(&opts);
    assert_eq!(violation(&real), Some("agreement"));
    assert_replays("real rule", &opts, &real);
    let naive = check_with_every_acceptor_alone(&opts);
    assert!(naive.complete);
    assert_eq!(
        violation(&naive),
        None,
        "the naive rule was expected to miss the violation (this test shows the comparison \
         above can fail); if it now finds it, find another configuration it misses"
    );
}
