//! Multi-Paxos under random fault schedules on the simulator's kernel: messages reordered, lost
//! and duplicated, replicas crashing and recovering, partitions, early elections. After every
//! action the kernel checks the Multi-Paxos invariants (`paxos_sim::multi_paxos::invariants`):
//! per-slot agreement, validity, log consistency, promise kept, at most once, and the
//! linearizability of what the clients saw. Each deliberately broken leader is caught, and its
//! counterexample replays.

use paxos_core::multi::replica::{MultiBugs, Note};
use paxos_core::multi::store::{Applied, KvStore};
use paxos_core::multi::{Command, Op, Outcome, Request};
use paxos_core::{Ballot, NodeId, Value};
use paxos_sim::explore::Faults;
use paxos_sim::kernel::NetEvent;
use paxos_sim::multi_paxos::invariants::{self, MultiGhost};
use paxos_sim::multi_paxos::random::{random_run, MultiRandomRun};
use paxos_sim::multi_paxos::{MultiConfig, MultiEvent, MultiSim, PaxosEvent};
use paxos_sim::Network;

fn config(seed: u64, bugs: MultiBugs) -> MultiConfig {
    let faults = Faults::default();
    let replicas = if seed.is_multiple_of(3) { 5 } else { 3 };
    MultiConfig {
        network: Network {
            loss: faults.loss,
            dup: faults.dup,
            reorder: true,
        },
        timeout: 30,
        client_timeout: 40,
        bugs,
        ..MultiConfig::new(replicas, 2)
    }
}

fn run(seed: u64, bugs: MultiBugs) -> MultiRandomRun {
    random_run(config(seed, bugs), seed, 600, &Faults::default())
}

#[test]
fn random_schedules_keep_the_log_safe_and_mostly_make_progress() {
    let runs = 10_000u64;
    let (mut committed, mut replies, mut busy, mut twice) = (0, 0, 0, 0);
    for seed in 0..runs {
        let r = run(seed, MultiBugs::default());
        assert!(r.violations.is_empty(), "seed {seed}: {}", r.violations[0]);
        committed += r.committed;
        replies += r.replies;
        busy += usize::from(r.committed >= 3);
        twice += r.applied_twice;
    }
    println!(
        "{runs} runs: {committed} commands committed, {replies} replies; {busy} runs committed 3 or more; {twice} slots held a request already applied"
    );
    assert!(
        twice > 0,
        "no retry ever landed in two slots: at most once went untested"
    );
    assert!(
        committed > runs as usize * 3,
        "only {committed} commands committed"
    );
    assert!(replies > runs as usize * 2, "only {replies} replies");
    assert!(
        busy > runs as usize / 2,
        "only {busy} runs committed several commands"
    );
}

/// With separate roles (replicas that lead and learn, standalone acceptors that vote, and
/// acceptors crashing too), the same schedules keep the log safe and make progress.
#[test]
fn separate_roles_keep_the_log_safe_under_the_same_faults() {
    let runs = 3_000u64;
    let (mut committed, mut replies, mut acceptor_crashes) = (0, 0, 0);
    for seed in 0..runs {
        let config = MultiConfig {
            acceptors: if seed.is_multiple_of(2) { 3 } else { 5 },
            ..config(seed, MultiBugs::default())
        };
        let config = MultiConfig {
            replicas: 2 + (seed % 2) as u8,
            ..config
        };
        let r = random_run(config, seed, 600, &Faults::default());
        assert!(r.violations.is_empty(), "seed {seed}: {}", r.violations[0]);
        committed += r.committed;
        replies += r.replies;
        acceptor_crashes += r
            .actions
            .iter()
            .filter(|a| matches!(a, paxos_sim::multi_paxos::MultiAction::Crash { node } if node.kind == paxos_core::NodeKind::Acceptor))
            .count();
    }
    println!(
        "{runs} runs with separate roles: {committed} commands committed, {replies} replies, {acceptor_crashes} acceptor crashes"
    );
    assert!(acceptor_crashes > 0, "no acceptor ever crashed");
    assert!(committed > runs as usize * 3, "only {committed} committed");
    assert!(replies > runs as usize * 2, "only {replies} replies");
}

/// Each broken leader is caught by the property named, within a few thousand seeds, and the
/// run that caught it replays to the same violation.
#[test]
fn every_broken_leader_is_caught_and_replays() {
    let cases = [
        (
            MultiBugs {
                ignore_reports: true,
                ..MultiBugs::default()
            },
            ["agreement", "log consistency"],
        ),
        (
            MultiBugs {
                skip_recovery: true,
                ..MultiBugs::default()
            },
            ["agreement", "log consistency"],
        ),
        (
            MultiBugs {
                local_reads: true,
                ..MultiBugs::default()
            },
            ["linearizability", "linearizability"],
        ),
    ];
    // Combined replicas, then separate roles (three replicas, three standalone acceptors).
    for ((bugs, names), acceptors) in cases.iter().flat_map(|c| [(*c, 0u8), (*c, 3)]) {
        let found = (0..20_000u64)
            .map(|seed| {
                let config = MultiConfig {
                    acceptors,
                    replicas: 3,
                    ..config(seed, bugs)
                };
                match acceptors {
                    0 => run(seed, bugs),
                    _ => random_run(config, seed, 600, &Faults::default()),
                }
            })
            .find(|r| !r.violations.is_empty())
            .unwrap_or_else(|| panic!("{bugs:?} ({acceptors} acceptors) was never caught"));
        let v = &found.violations[0];
        println!("{bugs:?}, {acceptors} acceptors: seed {}: {v}", found.seed);
        assert!(
            names.contains(&v.name()),
            "{bugs:?} caught by {}: {v}",
            v.name()
        );
        let sim = MultiSim::replay(found.config, found.seed, &found.actions)
            .unwrap_or_else(|e| panic!("{bugs:?}: the counterexample does not replay: {e}"));
        assert_eq!(sim.world().violations().first(), Some(v), "{bugs:?}");
    }
}

fn word(s: &str) -> Value {
    Value::new(s).unwrap()
}

fn put(id: u32, v: &str) -> Request {
    Request {
        client: NodeId::client(1),
        id,
        op: Op::Put {
            key: word("x"),
            value: word(v),
        },
    }
}

fn note(node: u8, note: Note) -> MultiEvent {
    PaxosEvent::Note {
        node: NodeId::node(node),
        note,
    }
    .into()
}

fn chosen(slot: u32, round: u32, command: Command) -> MultiEvent {
    PaxosEvent::Chosen {
        slot,
        ballot: Ballot::new(round, NodeId::node(1)),
        command,
        quorum: vec![NodeId::node(1), NodeId::node(2)],
    }
    .into()
}

fn names(ghost: &mut MultiGhost, events: &[MultiEvent]) -> Vec<&'static str> {
    invariants::check(ghost, 1, events)
        .iter()
        .map(|v| v.name())
        .collect()
}

/// Every invariant reports what breaks it, and nothing for what does not.
#[test]
fn each_invariant_can_fail() {
    let mut g = MultiGhost::new(3, 0);
    g.invoked(put(1, "1"));
    g.invoked(put(2, "2"));
    let (one, two) = (Command::Client(put(1, "1")), Command::Client(put(2, "2")));
    assert!(names(&mut g, &[chosen(1, 1, one)]).is_empty());
    assert!(
        names(&mut g, &[chosen(1, 2, one)]).is_empty(),
        "same command again"
    );
    assert_eq!(names(&mut g, &[chosen(1, 2, two)]), ["agreement"]);
    let stranger = Command::Client(Request {
        id: 9,
        ..put(1, "1")
    });
    assert_eq!(names(&mut g, &[chosen(2, 1, stranger)]), ["validity"]);

    let learned = |command| Note::Learned { slot: 1, command };
    assert!(names(&mut g, &[note(2, learned(one))]).is_empty());
    assert_eq!(names(&mut g, &[note(2, learned(two))]), ["log consistency"]);
    let slot9 = Note::Learned {
        slot: 9,
        command: Command::Noop,
    };
    assert_eq!(names(&mut g, &[note(2, slot9)]), ["log consistency"]);

    let executed = Note::Applied {
        slot: 1,
        applied: Applied::Executed {
            request: put(1, "1"),
            outcome: Outcome::Stored,
        },
    };
    assert!(names(&mut g, &[note(3, executed.clone())]).is_empty());
    assert_eq!(
        names(&mut g, &[note(3, executed.clone())]),
        ["at most once"]
    );
    // A crash forgets what the replica executed: re-executing from a relearned log is right.
    let crash: MultiEvent = NetEvent::Crash {
        node: NodeId::node(3),
    }
    .into();
    assert!(names(&mut g, &[crash, note(3, executed)]).is_empty());

    let b = |round| Ballot::new(round, NodeId::node(2));
    let promised = Note::Promised {
        ballot: b(3),
        reported: 0,
    };
    let voted = |round| Note::Voted {
        ballot: b(round),
        slot: 4,
        command: Command::Noop,
    };
    assert!(names(&mut g, &[note(1, promised), note(1, voted(3))]).is_empty());
    assert_eq!(names(&mut g, &[note(1, voted(2))]), ["promise kept"]);

    let (mut a, mut c) = (KvStore::new(), KvStore::new());
    a.apply(1, Command::Client(put(1, "1"))).unwrap();
    c.apply(1, Command::Client(put(1, "5"))).unwrap();
    g.record_store(NodeId::node(1), &a);
    assert!(names(&mut g, &[]).is_empty());
    g.record_store(NodeId::node(2), &a);
    assert!(names(&mut g, &[]).is_empty());
    g.record_store(NodeId::node(3), &c);
    assert_eq!(names(&mut g, &[]), ["stores differ"]);

    // A put that returned, then a get that misses it: no sequential store answers that.
    let mut g = MultiGhost::new(3, 0);
    let get = Request {
        client: NodeId::client(2),
        id: 1,
        op: Op::Get { key: word("x") },
    };
    let replied = |request, outcome| -> MultiEvent {
        PaxosEvent::Replied {
            client: NodeId::client(1),
            request,
            outcome,
        }
        .into()
    };
    g.invoked(put(1, "1"));
    g.returned(put(1, "1"), Outcome::Stored);
    assert!(names(&mut g, &[replied(put(1, "1"), Outcome::Stored)]).is_empty());
    g.invoked(get);
    g.returned(get, Outcome::Read(None));
    assert_eq!(
        names(&mut g, &[replied(get, Outcome::Read(None))]),
        ["linearizability"]
    );
}

/// A history far longer than the search's limit is still checked: at quiescent points it is
/// cut, and what the earlier calls may have left is carried into the next piece. A stale read
/// after 200 calls is caught.
#[test]
fn long_histories_are_checked_in_pieces() {
    let mut g = MultiGhost::new(3, 0);
    let replied = |request: Request, outcome| -> MultiEvent {
        PaxosEvent::Replied {
            client: request.client,
            request,
            outcome,
        }
        .into()
    };
    for id in 1..=200u32 {
        let r = put(id, if id % 2 == 0 { "2" } else { "1" });
        g.invoked(r);
        g.returned(r, Outcome::Stored);
        assert!(
            names(&mut g, &[replied(r, Outcome::Stored)]).is_empty(),
            "call {id}"
        );
    }
    assert!(
        g.calls.len() < invariants::COMPACT_AT,
        "the history was never cut"
    );
    assert!(g.bases.len() == 1, "{:?}", g.bases);
    let get = Request {
        client: NodeId::client(2),
        id: 1,
        op: Op::Get { key: word("x") },
    };
    g.invoked(get);
    g.returned(get, Outcome::Read(Some(word("1"))));
    assert_eq!(
        names(&mut g, &[replied(get, Outcome::Read(Some(word("1"))))]),
        ["linearizability"]
    );
}
