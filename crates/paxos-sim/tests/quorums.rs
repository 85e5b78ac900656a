//! Flexible quorums, checked exhaustively: Paxos needs every phase-1 quorum to meet every
//! phase-2 quorum, and nothing more (Howard, Malkhi and Spiegelman, *Flexible Paxos*, 2016).
//! Quorums by size and quorums listed outright ([`QuorumSets`]: a grid, sets picked by hand)
//! must agree with that: clean when they intersect, a violation (a real run) when a pair misses.

use paxos_core::{QuorumSets, SetList};
use paxos_sim::config::QuorumSizes;
use paxos_sim::explore::{self, CheckOptions, CheckReport};
use paxos_sim::link::Link;
use paxos_sim::script::{run_script, script_for, Script};

mod replay;
use replay::assert_replays;

fn sizes(phase1: u8, phase2: u8) -> Option<QuorumSizes> {
    Some(QuorumSizes { phase1, phase2 })
}

fn listed(phase1: &str, phase2: &str) -> Option<QuorumSets> {
    Some(QuorumSets {
        phase1: phase1.parse::<SetList>().unwrap(),
        phase2: phase2.parse::<SetList>().unwrap(),
    })
}

/// Every set of `size` acceptors out of `n`, listed.
fn every_set(n: u8, size: u8) -> SetList {
    let sets: Vec<u16> = (0u16..1 << n)
        .filter(|s| s.count_ones() == size as u32)
        .collect();
    SetList::new(&sets).unwrap()
}

fn base() -> CheckOptions {
    CheckOptions {
        acceptors: 3,
        proposers: 2,
        max_round: 1,
        prune: true,
        max_states: 3_000_000,
        ..CheckOptions::default()
    }
}

fn verdict(r: &CheckReport) -> Option<&'static str> {
    r.violation.as_ref().map(|(v, _)| v.name())
}

fn length(r: &CheckReport) -> Option<usize> {
    r.violation.as_ref().map(|(_, path)| path.len())
}

#[test]
fn safe_flexible_quorums_check_clean_and_unsafe_ones_do_not() {
    let cases = [
        // Majorities, and the flexible sizes Flexible Paxos allows: 3 + 2 > 4.
        ("majorities of 3", base(), true),
        (
            "4 acceptors, phase 1 of 3, phase 2 of 2",
            CheckOptions {
                acceptors: 4,
                quorum: sizes(3, 2),
                symmetry: true,
                ..base()
            },
            true,
        ),
        // 2 + 2 is not above 4: two quorums can miss each other.
        (
            "4 acceptors, 2 and 2",
            CheckOptions {
                acceptors: 4,
                quorum: sizes(2, 2),
                symmetry: true,
                ..base()
            },
            false,
        ),
        (
            "3 acceptors, 2 and 1",
            CheckOptions {
                quorum: sizes(2, 1),
                ..base()
            },
            false,
        ),
        // Listed: a1 is in every quorum of both phases, so every pair meets in a1.
        (
            "a1 in every quorum",
            CheckOptions {
                quorum_sets: listed("a1+a2,a1+a3", "a1"),
                ..base()
            },
            true,
        ),
        // a1+a2 for phase 1 and a3 for phase 2 share nobody.
        (
            "a phase-1 quorum that misses a phase-2 quorum",
            CheckOptions {
                quorum_sets: listed("a1+a2,a2+a3", "a3,a1+a2"),
                ..base()
            },
            false,
        ),
        // A 2 x 2 grid: rows for phase 1, columns for phase 2, two acceptors each, half the
        // cluster where majorities need three; and the same rows used for both phases.
        (
            "2 x 2 grid, rows and columns",
            CheckOptions {
                acceptors: 4,
                quorum_sets: Some(QuorumSets::grid(2, 2).unwrap()),
                por: true,
                max_states: 5_000_000,
                ..base()
            },
            true,
        ),
        (
            "2 x 2 grid, rows for both phases",
            CheckOptions {
                acceptors: 4,
                quorum_sets: listed("a1+a2,a3+a4", "a1+a2,a3+a4"),
                ..base()
            },
            false,
        ),
    ];
    for (name, opts, safe) in cases {
        assert_eq!(opts.config().quorums().unwrap().is_safe(), safe, "{name}");
        let r = explore::check(&opts);
        assert!(r.complete, "{name}: stopped at {} states", r.unique_states);
        if safe {
            assert_eq!(verdict(&r), None, "{name}");
        } else {
            assert_eq!(verdict(&r), Some("agreement"), "{name}");
            assert_replays(name, &opts, &r);
        }
    }
}

#[test]
fn listing_every_set_of_a_size_is_the_rule_by_size() {
    // The same rule written two ways explores the same space: same states, same verdict, same
    // shortest counterexample. Symmetry is off for both (listed quorums have none).
    for (n, q1, q2, por) in [(3, 2, 2, false), (3, 2, 1, false), (4, 3, 2, true)] {
        let by_size = CheckOptions {
            acceptors: n,
            quorum: sizes(q1, q2),
            por,
            max_states: 5_000_000,
            ..base()
        };
        let by_list = CheckOptions {
            quorum: None,
            quorum_sets: Some(QuorumSets {
                phase1: every_set(n, q1),
                phase2: every_set(n, q2),
            }),
            ..by_size
        };
        let (a, b) = (explore::check(&by_size), explore::check(&by_list));
        let name = format!("{n} acceptors, {q1}/{q2}");
        assert!(a.complete && b.complete, "{name}");
        assert_eq!(a.unique_states, b.unique_states, "{name}");
        assert_eq!(verdict(&a), verdict(&b), "{name}");
        assert_eq!(length(&a), length(&b), "{name}");
    }
}

#[test]
fn symmetry_is_off_for_listed_quorums() {
    // With the rows of a grid, a1 and a3 are not interchangeable (a1 shares a row with a2, a3
    // with a4): asking for symmetry must not merge their states, so the count is the count
    // without it.
    let opts = CheckOptions {
        acceptors: 4,
        quorum_sets: listed("a1+a2,a3+a4", "a1+a2,a3+a4"),
        ..base()
    };
    let plain = explore::check(&opts);
    let asked = explore::check(&CheckOptions {
        symmetry: true,
        ..opts
    });
    assert_eq!(plain.unique_states, asked.unique_states);
    assert_eq!(length(&plain), length(&asked));
}

#[test]
fn listed_quorums_travel_in_scripts_and_links() {
    let opts = CheckOptions {
        acceptors: 4,
        quorum_sets: listed("a1+a2,a3+a4", "a1+a2,a3+a4"),
        ..base()
    };
    let r = explore::check(&opts);
    let (_, path) = r.violation.expect("rows for both phases miss each other");
    // The script names the quorums, and running it gives the same cluster.
    let script = script_for(&opts.config(), 0, &path);
    assert!(
        script.starts_with(
            "cluster acceptors=4 proposers=2 learners=0 seed=0 phase1=a1+a2,a3+a4 phase2=a1+a2,a3+a4"
        ),
        "{script}"
    );
    let sim = run_script(&Script::parse(&script).unwrap()).sim.unwrap();
    assert_eq!(sim.config().quorum_sets, opts.config().quorum_sets);
    let config = *sim.config();
    // A link of that run opens to the same cluster and the same step.
    let link = Link::of(&sim);
    let opened = Link::decode(&link.encode()).unwrap();
    assert_eq!(opened.config, config);
    assert_eq!(opened.actions, link.actions);
    // Mistakes are named where they are.
    let err = |text: &str| Script::parse(text).unwrap_err().to_string();
    assert!(
        err("cluster acceptors=4 phase1=a1+a2").contains("need both phase1= and phase2="),
        "{}",
        err("cluster acceptors=4 phase1=a1+a2")
    );
    assert!(
        err("cluster acceptors=3 phase1=a1+a4 phase2=a1").contains("beyond the 3 acceptors"),
        "{}",
        err("cluster acceptors=3 phase1=a1+a4 phase2=a1")
    );
    assert!(
        err("cluster acceptors=3 phase1=a1+x phase2=a1").contains("`x` in quorum `a1+x`"),
        "{}",
        err("cluster acceptors=3 phase1=a1+x phase2=a1")
    );
    assert!(
        err("cluster acceptors=3 quorum=2 phase1=a1 phase2=a1").contains("not both"),
        "{}",
        err("cluster acceptors=3 quorum=2 phase1=a1 phase2=a1")
    );
}
