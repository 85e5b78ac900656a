//! The two reductions of the explorer's space, symmetry over interchangeable acceptors and
//! dead-message pruning, alone and together: the same verdicts and the same length of shortest
//! counterexample as without them, on small clusters, broken and not, with fewer states; and
//! each is off where it would change the world (a1 the lying acceptor is not interchangeable;
//! the bugs that forget a promise or a round make no message dead).

use paxos_core::Bugs;
use paxos_sim::config::QuorumSizes;
use paxos_sim::explore::{self, CheckOptions};

mod replay;

/// The check of `opts` without and with symmetry reduction.
fn both(opts: CheckOptions) -> (explore::CheckReport, explore::CheckReport) {
    let plain = explore::check(&opts);
    let reduced = explore::check(&CheckOptions {
        symmetry: true,
        ..opts
    });
    (plain, reduced)
}

fn bug(name: &str) -> Bugs {
    let mut b = Bugs::default();
    assert!(b.enable(name), "{name}");
    b
}

#[test]
fn verdicts_and_shortest_counterexamples_are_those_without_it() {
    let base = CheckOptions {
        acceptors: 3,
        proposers: 2,
        max_round: 1,
        max_states: 3_000_000,
        ..CheckOptions::default()
    };
    // The clean 3x2 space is the next test's.
    let cases = [
        (
            "2x2 round 1",
            CheckOptions {
                acceptors: 2,
                ..base
            },
        ),
        (
            "2x1 round 2",
            CheckOptions {
                acceptors: 2,
                proposers: 1,
                max_round: 2,
                ..base
            },
        ),
        (
            "4x1 round 1",
            CheckOptions {
                acceptors: 4,
                proposers: 1,
                ..base
            },
        ),
        (
            "ignore-promises",
            CheckOptions {
                bugs: bug("ignore-promises"),
                ..base
            },
        ),
        (
            "accept-below-promise",
            CheckOptions {
                bugs: bug("accept-below-promise"),
                ..base
            },
        ),
        (
            "forget-promise, a crash",
            CheckOptions {
                bugs: bug("forget-promise"),
                crashes: 1,
                ..base
            },
        ),
        (
            "count-across-ballots, a learner",
            CheckOptions {
                bugs: bug("count-across-ballots"),
                learners: 1,
                ..base
            },
        ),
        (
            "quorums 2 and 1",
            CheckOptions {
                quorum: Some(QuorumSizes {
                    phase1: 2,
                    phase2: 1,
                }),
                ..base
            },
        ),
        (
            "reuse-ballot, a crash and a duplicate",
            CheckOptions {
                bugs: bug("reuse-ballot"),
                proposers: 1,
                crashes: 1,
                duplicates: 1,
                repropose: true,
                ..base
            },
        ),
    ];
    for (name, opts) in cases {
        let plain = explore::check(&opts);
        let found =
            |r: &explore::CheckReport| r.violation.as_ref().map(|(v, path)| (v.name(), path.len()));
        for (how, symmetry, prune) in [
            ("symmetry", true, false),
            ("pruning", false, true),
            ("both", true, true),
        ] {
            let reduced = explore::check(&CheckOptions {
                symmetry,
                prune,
                ..opts
            });
            let name = format!("{name}, {how}");
            assert!(plain.complete && reduced.complete, "{name}");
            assert_eq!(found(&plain), found(&reduced), "{name}");
            // Symmetry reaches the same depth (each class counted once); pruning may reach
            // less deep, as it skips the deliveries of dead messages.
            if plain.violation.is_none() && !prune {
                assert_eq!(plain.max_depth, reduced.max_depth, "{name}");
            }
            let monotone = !(opts.bugs.forget_promise_on_crash
                || opts.bugs.reuse_ballot_after_crash
                || opts.bugs.accept_below_promise);
            if symmetry || (monotone && plain.violation.is_none()) {
                assert!(
                    reduced.unique_states < plain.unique_states,
                    "{name}: {} states reduced, {} without",
                    reduced.unique_states,
                    plain.unique_states
                );
            } else if !monotone {
                assert_eq!(reduced.unique_states, plain.unique_states, "{name}");
            }
            // A reduced counterexample is a real run: it replays to the same violation.
            replay::assert_replays(&name, &opts, &reduced);
        }
    }
}

#[test]
fn the_clean_3x2_space_shrinks_by_nearly_the_six_renamings() {
    let (plain, reduced) = both(CheckOptions {
        acceptors: 3,
        proposers: 2,
        max_round: 1,
        ..CheckOptions::default()
    });
    assert_eq!(plain.unique_states, 864_062);
    assert!(
        reduced.unique_states * 5 < plain.unique_states,
        "{}",
        reduced.unique_states
    );
    assert!(
        reduced.unique_states * 6 >= plain.unique_states,
        "{}",
        reduced.unique_states
    );
}

#[test]
fn a_lying_acceptor_is_not_interchangeable_so_nothing_is_reduced() {
    let (plain, reduced) = both(CheckOptions {
        acceptors: 3,
        proposers: 2,
        max_round: 1,
        bugs: bug("lying-acceptor"),
        ..CheckOptions::default()
    });
    assert_eq!(plain.unique_states, reduced.unique_states);
    assert_eq!(
        plain.violation.map(|(v, p)| (v, p.len())),
        reduced.violation.map(|(v, p)| (v, p.len()))
    );
}

#[test]
fn pruning_dead_messages_shrinks_the_clean_3x2_space_fivefold() {
    let opts = CheckOptions {
        acceptors: 3,
        proposers: 2,
        max_round: 1,
        ..CheckOptions::default()
    };
    let pruned = explore::check(&CheckOptions {
        prune: true,
        ..opts
    });
    let both = explore::check(&CheckOptions {
        prune: true,
        symmetry: true,
        ..opts
    });
    assert!(pruned.complete && pruned.violation.is_none());
    // 864,062 states without (the test above); stale answers and refusals no longer multiply.
    assert_eq!(pruned.unique_states, 165_569);
    assert_eq!(both.unique_states, 28_227);
}
