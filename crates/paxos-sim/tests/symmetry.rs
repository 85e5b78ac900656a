//! Symmetry reduction over interchangeable acceptors: the same verdicts and the same length of
//! shortest counterexample as without it, on small clusters, with fewer states; and it is off
//! where renaming would change the world (a1 the lying acceptor).

use paxos_core::Bugs;
use paxos_sim::config::QuorumSizes;
use paxos_sim::explore::{self, CheckOptions};

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
        let (plain, reduced) = both(opts);
        assert!(plain.complete && reduced.complete, "{name}");
        let found =
            |r: &explore::CheckReport| r.violation.as_ref().map(|(v, path)| (v.name(), path.len()));
        assert_eq!(found(&plain), found(&reduced), "{name}");
        // The same depth is reached, with fewer states (each class counted once).
        if plain.violation.is_none() {
            assert_eq!(plain.max_depth, reduced.max_depth, "{name}");
        }
        assert!(
            reduced.unique_states < plain.unique_states,
            "{name}: {} states with symmetry, {} without",
            reduced.unique_states,
            plain.unique_states
        );
        // A reduced counterexample is a real run: it replays to the same violation.
        if let Some((v, path)) = &reduced.violation {
            let script = paxos_sim::script::script_for(&opts.config(), 0, path);
            let run =
                paxos_sim::script::run_script(&paxos_sim::script::Script::parse(&script).unwrap());
            assert_eq!(
                run.sim.unwrap().world().violations().first(),
                Some(v),
                "{name}"
            );
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
