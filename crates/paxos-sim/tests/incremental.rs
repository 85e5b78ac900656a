//! The exhaustive checker run in slices, as a page's Web Worker runs it (a budget of states,
//! a progress report, resume or cancel), finds exactly what it finds in one go: the same
//! states, transitions and depth, the same verdict and the same shortest counterexample.

use paxos_core::multi::replica::MultiBugs;
use paxos_core::Bugs;
use paxos_sim::explore::{self, CheckOptions};
use paxos_sim::kernel::check::Order;
use paxos_sim::multi_paxos::check::{self as multi, MultiCheckOptions};

#[test]
fn a_single_decree_check_in_slices_finds_what_one_in_one_go_finds() {
    for opts in [
        // Safe: the whole space of 2 acceptors x 2 proposers at round 1 (824 states; the
        // 3 x 2 space is 864,062, too many to explore five times in a test).
        CheckOptions {
            acceptors: 2,
            max_round: 1,
            ..CheckOptions::default()
        },
        // Broken: a shortest counterexample (found after 667 states).
        CheckOptions {
            acceptors: 2,
            max_round: 1,
            bugs: Bugs {
                ignore_promised_values: true,
                ..Bugs::default()
            },
            ..CheckOptions::default()
        },
    ] {
        let whole = explore::check(&opts);
        assert_eq!(
            whole.violation.is_some(),
            opts.bugs.ignore_promised_values,
            "the broken variant is caught, the safe one is not"
        );
        for budget in [1, 7, 1_000] {
            let mut slices = 0;
            let mut last = 0;
            let sliced = explore::check_in_slices(&opts, budget, |r| {
                slices += 1;
                assert!(r.unique_states >= last, "progress only grows");
                last = r.unique_states;
                true
            });
            assert_eq!(
                (
                    sliced.unique_states,
                    sliced.transitions,
                    sliced.max_depth,
                    sliced.complete
                ),
                (
                    whole.unique_states,
                    whole.transitions,
                    whole.max_depth,
                    whole.complete
                ),
                "budget {budget}"
            );
            assert_eq!(
                sliced
                    .violation
                    .as_ref()
                    .map(|(v, p)| (v.name(), p.clone())),
                whole.violation.as_ref().map(|(v, p)| (v.name(), p.clone())),
                "budget {budget}"
            );
            // Progress comes between slices: a budget larger than the space needs none.
            if budget < whole.unique_states {
                assert!(slices > 0, "budget {budget}: progress was reported");
            }
        }
    }
    let small = explore::check(&CheckOptions {
        acceptors: 2,
        max_round: 1,
        ..CheckOptions::default()
    });
    assert!(small.complete && small.violation.is_none());
    assert_eq!(
        small.unique_states, 824,
        "as `paxos-sim check --acceptors 2` reports"
    );
}

#[test]
fn cancelling_a_check_stops_it_and_says_it_is_incomplete() {
    let opts = CheckOptions {
        acceptors: 2,
        max_round: 1,
        ..CheckOptions::default()
    };
    let mut slices = 0;
    let r = explore::check_in_slices(&opts, 10, |_| {
        slices += 1;
        slices < 3
    });
    assert_eq!(slices, 3);
    assert!(!r.complete, "a cancelled check proves nothing");
    assert!(r.violation.is_none());
    assert!(r.unique_states < explore::check(&opts).unique_states);
}

#[test]
fn a_multi_paxos_check_in_slices_finds_the_same_shortest_counterexample() {
    let opts = MultiCheckOptions {
        bugs: MultiBugs {
            ignore_reports: true,
            ..MultiBugs::default()
        },
        order: Order::Breadth,
        ..MultiCheckOptions::default()
    };
    let whole = multi::check(&opts);
    let sliced = multi::check_in_slices(&opts, 50, |_| true);
    assert_eq!(
        (sliced.unique_states, sliced.transitions, sliced.max_depth),
        (whole.unique_states, whole.transitions, whole.max_depth)
    );
    let (v, path) = sliced.violation.expect("ignore-reports is found");
    let (w, whole_path) = whole.violation.unwrap();
    assert_eq!((v.name(), &path), (w.name(), &whole_path));
}
