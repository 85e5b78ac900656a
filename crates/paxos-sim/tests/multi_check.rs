//! The exhaustive check of Multi-Paxos: three replicas, a client's two commands (a put at n2,
//! then a get at n1), elections by n1 and n2 (ballots up to round 2, so a leader can be
//! deposed), every order of deliveries on FIFO channels. The clean protocol has no violation
//! in any of those states; each broken leader's counterexample is found and replays.

use paxos_core::multi::replica::MultiBugs;
use paxos_sim::kernel::check::Order;
use paxos_sim::multi_paxos::check::{check, MultiCheckOptions};
use paxos_sim::multi_paxos::MultiSim;

#[test]
fn every_state_of_three_replicas_two_commands_and_a_leader_change_is_safe() {
    let opts = MultiCheckOptions::default();
    let report = check(&opts);
    assert!(report.violation.is_none(), "{:?}", report.violation);
    assert!(
        report.complete,
        "stopped at {} states",
        report.unique_states
    );
    println!(
        "{} states, {} transitions, depth {}",
        report.unique_states, report.transitions, report.max_depth
    );
    // Guard against a checker that explores nothing: two commands through a leader change
    // are millions of interleavings.
    assert!(
        report.unique_states > 1_000_000,
        "only {} states",
        report.unique_states
    );
    assert!(report.max_depth >= 40, "depth {}", report.max_depth);
}

#[test]
fn every_broken_leader_is_found_and_its_counterexample_replays() {
    let cases = [
        (
            MultiBugs {
                ignore_reports: true,
                ..MultiBugs::default()
            },
            "agreement",
        ),
        (
            MultiBugs {
                skip_recovery: true,
                ..MultiBugs::default()
            },
            "agreement",
        ),
        (
            MultiBugs {
                local_reads: true,
                ..MultiBugs::default()
            },
            "linearizability",
        ),
    ];
    for (bugs, name) in cases {
        // Breadth first: the counterexample is a shortest one, which scenarios can narrate.
        let opts = MultiCheckOptions {
            bugs,
            order: Order::Breadth,
            ..MultiCheckOptions::default()
        };
        let report = check(&opts);
        let (v, path) = report
            .violation
            .unwrap_or_else(|| panic!("{bugs:?}: no violation found"));
        println!(
            "{bugs:?}: {v} after {} actions, {} states",
            path.len(),
            report.unique_states
        );
        assert_eq!(v.name(), name, "{bugs:?}: {v}");
        let sim = MultiSim::replay(opts.config(), 0, &path).expect("the path replays");
        assert_eq!(sim.world().violations().first(), Some(&v));
    }
}

/// Separate roles: two replicas that lead and learn, three standalone acceptors that vote. One
/// client's put at n2 (which campaigns for it) and an election by n1 that may depose n2 at any
/// point, ballots up to round 2: every state is safe, and the broken leader that ignores what
/// promises report is caught here too.
#[test]
fn separate_roles_two_replicas_three_acceptors_a_leader_change_is_safe() {
    let defaults = MultiCheckOptions::default();
    let opts = MultiCheckOptions {
        replicas: 2,
        acceptors: 3,
        commands: defaults.commands[..1].to_vec(),
        candidates: vec![paxos_core::NodeId::node(1)],
        ..defaults
    };
    let report = check(&opts);
    assert!(report.violation.is_none(), "{:?}", report.violation);
    assert!(report.complete, "stopped at {}", report.unique_states);
    println!(
        "separate roles: {} states, {} transitions, depth {}",
        report.unique_states, report.transitions, report.max_depth
    );
    assert!(
        report.unique_states > 10_000,
        "only {} states",
        report.unique_states
    );
    let broken = MultiCheckOptions {
        bugs: MultiBugs {
            ignore_reports: true,
            ..MultiBugs::default()
        },
        order: Order::Breadth,
        ..opts
    };
    let report = check(&broken);
    let (v, path) = report.violation.expect("ignore-reports is caught");
    println!(
        "separate roles, ignore-reports: {v} after {} actions",
        path.len()
    );
    assert_eq!(v.name(), "agreement", "{v}");
    let sim = MultiSim::replay(broken.config(), 0, &path).expect("the path replays");
    assert_eq!(sim.world().violations().first(), Some(&v));
}

/// Channels are FIFO in these checks (`MultiCheckOptions::fifo`), so the order of the messages
/// waiting on one channel is part of the state: which of them may arrive next depends on it.
/// A fingerprint that took the messages in flight as a bag merged states whose channels held
/// the same messages in different orders, and explored the future of whichever was reached
/// first: breadth first and depth first then saw different spaces (the default check: 4,351,085
/// and 4,346,147 states, where 6,295,388 are reachable). Both orders must see the same space,
/// with and without symmetry reduction.
#[test]
fn breadth_first_and_depth_first_see_the_same_space_over_fifo_channels() {
    let defaults = MultiCheckOptions::default();
    let cases = [
        (
            "3 replicas, two commands, round 1",
            MultiCheckOptions {
                max_round: 1,
                ..defaults.clone()
            },
        ),
        (
            "2 replicas, 3 acceptors, one command, round 1",
            MultiCheckOptions {
                replicas: 2,
                acceptors: 3,
                commands: defaults.commands[..1].to_vec(),
                candidates: vec![paxos_core::NodeId::node(1)],
                max_round: 1,
                ..defaults.clone()
            },
        ),
    ];
    for (name, opts) in cases {
        for symmetry in [false, true] {
            let run = |order| {
                check(&MultiCheckOptions {
                    order,
                    symmetry,
                    ..opts.clone()
                })
            };
            let (bfs, dfs) = (run(Order::Breadth), run(Order::Depth));
            println!(
                "{name}, symmetry {symmetry}: {} states breadth first, {} depth first",
                bfs.unique_states, dfs.unique_states
            );
            assert!(bfs.complete && dfs.complete, "{name}");
            assert!(bfs.violation.is_none() && dfs.violation.is_none(), "{name}");
            assert_eq!(
                bfs.unique_states, dfs.unique_states,
                "{name}, symmetry {symmetry}"
            );
            assert_eq!(
                bfs.transitions, dfs.transitions,
                "{name}, symmetry {symmetry}"
            );
        }
    }
}

#[test]
fn the_commands_of_a_check_read_as_script_lines_and_print_back() {
    use paxos_sim::script::{commands_text, parse_commands};
    let default = MultiCheckOptions::default().commands;
    let text = commands_text(&default);
    assert_eq!(text, "c1 put x 1 at n2; c1 get x at n1");
    assert_eq!(parse_commands(3, &text).unwrap(), default);
    // New lines separate commands too; cas reads.
    let two = parse_commands(3, "c1 cas x 1 2 at n3\n c2 get x at n1 ").unwrap();
    assert_eq!(commands_text(&two), "c1 cas x 1 2 at n3; c2 get x at n1");
    // Mistakes name the command and what is wrong.
    let err = parse_commands(3, "c1 put x 1 at n2; c1 take x at n1").unwrap_err();
    assert!(err.starts_with("command 2 (`c1 take x at n1`): "), "{err}");
    assert!(err.contains("`take` is not put, get or cas"), "{err}");
    let err = parse_commands(3, "c1 get x at n4").unwrap_err();
    assert!(err.starts_with("command 1 (`c1 get x at n4`): "), "{err}");
    assert!(parse_commands(3, " ; ")
        .unwrap_err()
        .contains("give 1 to 4 commands"));
    assert!(parse_commands(
        3,
        "c1 get x at n1;c1 get x at n1;c1 get x at n1;c1 get x at n1;c1 get x at n1"
    )
    .unwrap_err()
    .contains("not 5"));
}
