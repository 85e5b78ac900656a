//! Symmetry reduction for Multi-Paxos: with separate roles, the standalone acceptors `a1..`
//! are interchangeable, and states that differ only by their names are explored once. Checked
//! here as the single-decree reduction is in tests/symmetry.rs: the same verdicts and the same
//! length of shortest counterexample as without it, broken leaders and not, with fewer states;
//! every counterexample it finds replays; and the combined layout, whose voters are named
//! replicas, is not reduced at all.

use paxos_core::multi::replica::MultiBugs;
use paxos_core::NodeId;
use paxos_sim::kernel::check::{Order, Report};
use paxos_sim::multi_paxos::check::{check, MultiCheckOptions};
use paxos_sim::multi_paxos::{MultiPaxos, MultiSim};

/// Two replicas that lead and learn, three acceptors that vote, one round of ballots (n2
/// campaigns for the put it is sent, n1 may depose it at any point with a higher ballot of the
/// same round), breadth first (shortest counterexamples).
fn separate(commands: usize) -> MultiCheckOptions {
    let defaults = MultiCheckOptions::default();
    MultiCheckOptions {
        replicas: 2,
        acceptors: 3,
        commands: defaults.commands[..commands].to_vec(),
        candidates: vec![NodeId::node(1)],
        max_round: 1,
        order: Order::Breadth,
        max_states: 3_000_000,
        ..defaults
    }
}

fn both(opts: &MultiCheckOptions) -> (Report<MultiPaxos>, Report<MultiPaxos>) {
    let reduced = check(&MultiCheckOptions {
        symmetry: true,
        ..opts.clone()
    });
    (check(opts), reduced)
}

fn bugs(name: &str) -> MultiBugs {
    let mut b = MultiBugs::default();
    assert!(b.enable(name), "{name}");
    b
}

#[test]
fn verdicts_and_shortest_counterexamples_are_those_without_it() {
    let cases = [
        ("clean, one command", separate(1)),
        (
            "clean, one command, no election, a drop at any point",
            MultiCheckOptions {
                drops: true,
                candidates: Vec::new(),
                ..separate(1)
            },
        ),
        (
            "ignore-reports, round 2 (n1 deposes n2 after its put is chosen)",
            MultiCheckOptions {
                bugs: bugs("ignore-reports"),
                max_round: 2,
                ..separate(1)
            },
        ),
        (
            "skip-recovery",
            MultiCheckOptions {
                bugs: bugs("skip-recovery"),
                ..separate(2)
            },
        ),
        (
            "local-reads",
            MultiCheckOptions {
                bugs: bugs("local-reads"),
                ..separate(2)
            },
        ),
    ];
    let (mut violations, mut clean) = (0, 0);
    for (name, opts) in cases {
        let (plain, reduced) = both(&opts);
        println!(
            "{name}: {} states without symmetry, {} with; {:?}",
            plain.unique_states,
            reduced.unique_states,
            plain.violation.as_ref().map(|(v, p)| (v.name(), p.len()))
        );
        assert!(
            plain.complete || plain.violation.is_some(),
            "{name}: capped"
        );
        assert_eq!(
            plain.violation.as_ref().map(|(v, p)| (v.name(), p.len())),
            reduced.violation.as_ref().map(|(v, p)| (v.name(), p.len())),
            "{name}: the verdict or the shortest counterexample's length changed"
        );
        match &reduced.violation {
            Some((v, path)) => {
                violations += 1;
                let sim = MultiSim::replay(opts.config(), 0, path).expect("the path replays");
                assert_eq!(sim.world().violations().first(), Some(v), "{name}");
            }
            None => {
                clean += 1;
                assert!(reduced.complete, "{name}: capped with symmetry");
                // Three acceptors: up to 3! renamings a class; most states have some.
                assert!(
                    reduced.unique_states * 3 < plain.unique_states,
                    "{name}: {} states with symmetry, {} without",
                    reduced.unique_states,
                    plain.unique_states
                );
            }
        }
    }
    // Both kinds of verdict were compared, or the equalities proved little.
    assert_eq!((violations, clean), (3, 2));
}

#[test]
fn the_combined_layout_has_no_interchangeable_acceptors() {
    // Replicas vote there, and commands and elections name replicas: nothing to reduce.
    let opts = MultiCheckOptions {
        commands: MultiCheckOptions::default().commands[..1].to_vec(),
        candidates: vec![NodeId::node(1)],
        max_round: 1,
        ..MultiCheckOptions::default()
    };
    let (plain, reduced) = both(&opts);
    assert!(plain.complete && plain.violation.is_none());
    assert_eq!(plain.unique_states, reduced.unique_states);
}
