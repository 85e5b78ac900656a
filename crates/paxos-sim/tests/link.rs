//! Shareable links: a run encoded in a URL fragment reopens at the same state; damaged or
//! hostile fragments get a clear error and never panic.

use paxos_core::{NodeId, Value};
use paxos_sim::link::{Link, LinkError, MAX_LINK_CHARS};
use paxos_sim::script::{run_script, Script};
use paxos_sim::{Action, Config, Rng, Sim};

fn scenario(name: &str) -> Sim {
    let path = format!("{}/../../scenarios/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    run_script(&Script::parse(&std::fs::read_to_string(path).unwrap()).unwrap())
        .sim
        .unwrap()
}

/// A run with many kinds of hand actions and 200 actions in all.
fn hand_made_run() -> Sim {
    let mut config = Config::separate(2, 5, 1);
    config.network.loss = paxos_sim::Prob::from_f64(0.1).unwrap();
    let mut sim = Sim::new(config, 42).unwrap();
    let mut ev = Vec::new();
    let v = |s| Value::new(s).unwrap();
    sim.apply(
        Action::Input(paxos_sim::Propose {
            node: NodeId::proposer(1),
            value: v("A"),
        }),
        &mut ev,
    )
    .unwrap();
    sim.apply(
        Action::Input(paxos_sim::Propose {
            node: NodeId::proposer(2),
            value: v("x=1"),
        }),
        &mut ev,
    )
    .unwrap();
    sim.apply(Action::Drop { id: 2 }, &mut ev).unwrap();
    sim.apply(Action::Duplicate { id: 3 }, &mut ev).unwrap();
    sim.apply(
        Action::Crash {
            node: NodeId::acceptor(4),
        },
        &mut ev,
    )
    .unwrap();
    sim.apply(
        Action::Partition {
            groups: vec![vec![NodeId::proposer(2), NodeId::acceptor(5)]],
        },
        &mut ev,
    )
    .unwrap();
    let mut rng = Rng::new(3);
    while sim.len() < 200 {
        let r = rng.below(10);
        let a = if r == 0 && sim.world().partition().is_some() {
            Action::Heal
        } else if r == 1 {
            Action::Recover {
                node: NodeId::acceptor(4),
            }
        } else if r == 2 {
            Action::Input(paxos_sim::Propose {
                node: NodeId::proposer(1 + rng.below(2) as u8),
                value: v("B"),
            })
        } else if let Some(m) = sim.world().in_flight().first().filter(|_| r == 3) {
            Action::Deliver { id: m.id }
        } else {
            Action::Step
        };
        let _ = sim.apply(a, &mut ev);
    }
    sim
}

#[test]
fn a_link_reopens_the_same_state_at_the_same_step() {
    let mut runs = vec![hand_made_run()];
    for name in [
        "02-higher-ballot-preempts",
        "07-dueling-proposers",
        "09-partition-heals",
        "10-combined-nodes",
        "unsafe-forgetful-acceptor",
    ] {
        runs.push(scenario(name));
    }
    for mut sim in runs {
        for k in [0, 1, sim.len() / 3, sim.len()] {
            sim.goto(k);
            let link = Link {
                scenario: Some("07-dueling-proposers".into()),
                beat: Some(3),
                ..Link::of(&sim)
            };
            let text = link.encode();
            assert!(text.starts_with("v1."));
            let back = Link::decode(&format!("#{text}")).unwrap();
            assert_eq!(back, link);
            let reopened = back.open().unwrap();
            assert_eq!(reopened.step(), k);
            assert_eq!(reopened.view(), sim.view(), "at step {k}");
            assert_eq!(reopened.actions(), sim.actions());
        }
    }
}

#[test]
fn a_two_hundred_step_run_with_hand_actions_stays_short() {
    let sim = hand_made_run();
    assert_eq!(sim.len(), 200);
    let text = Link::of(&sim).encode();
    assert!(text.len() < 2_000, "{} characters", text.len());
    assert!(
        text.len() < 600,
        "runs of steps should collapse: {} characters",
        text.len()
    );
}

/// A link made of these bytes (base64url, independently of the code under test).
fn raw(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bits: String = bytes.iter().map(|b| format!("{b:08b}")).collect();
    let chars: String = bits
        .as_bytes()
        .chunks(6)
        .map(|c| {
            let s = format!("{:0<6}", std::str::from_utf8(c).unwrap());
            A[usize::from_str_radix(&s, 2).unwrap()] as char
        })
        .collect();
    format!("v1.{chars}")
}

fn err(text: &str) -> String {
    Link::decode(text)
        .map(|l| format!("decoded: {l:?}"))
        .unwrap_or_else(|e| e.to_string())
}

#[test]
fn damaged_and_hostile_fragments_get_clear_errors() {
    let good = Link::of(&hand_made_run()).encode();
    assert_eq!(
        err("v7.AAAA"),
        "this link is not one this page can open (it starts with `v7.AAAA`; expected `v1.`)"
    );
    assert_eq!(
        err(""),
        "this link is not one this page can open (it starts with ``; expected `v1.`)"
    );
    assert_eq!(
        err("v1.AB*C"),
        "the link is damaged: character 6 is not allowed"
    );
    assert!(
        err(&good[..good.len() / 2]).starts_with("the link is damaged: it ends early"),
        "{}",
        err(&good[..good.len() / 2])
    );
    assert!(err(&format!("{good}AAAA")).starts_with("the link is damaged: unexpected data"));
    // Numbers too large for any field: a loss of 2^70 parts per million, then of two million.
    let mut bytes = vec![0, 1, 3, 0, 0];
    bytes.extend([0xFF; 10]);
    bytes.push(0x7F);
    assert!(
        err(&raw(&bytes)).contains("the loss is too large"),
        "{}",
        err(&raw(&bytes))
    );
    let bytes = [0, 1, 3, 0, 0, 0x80, 0x89, 0x7A];
    assert!(
        err(&raw(&bytes)).contains("the loss 2000000 is out of range"),
        "{}",
        err(&raw(&bytes))
    );
    let huge = format!("v1.{}", "A".repeat(MAX_LINK_CHARS));
    assert_eq!(
        Link::decode(&huge),
        Err(LinkError::TooLong(MAX_LINK_CHARS + 3))
    );
    // A cluster the page cannot build.
    let mut link = Link::of(&hand_made_run());
    link.config.acceptors = 40;
    assert!(err(&link.encode()).contains("acceptors must be between 1 and 9, not 40"));
    // A run that does not replay.
    let mut link = Link::of(&hand_made_run());
    link.actions.insert(0, Action::Deliver { id: 77 });
    link.step = 0;
    let e = Link::decode(&link.encode()).unwrap().open().unwrap_err();
    assert_eq!(e.to_string(), "the link's run does not replay: action 1 (`deliver 77`) does not apply: no message #77 is in flight");
    // A step beyond the run.
    let mut link = Link::of(&hand_made_run());
    link.step = 5_000;
    assert!(err(&link.encode()).contains("step 5000 is beyond the run's 200 actions"));
}

#[test]
fn twenty_thousand_damaged_links_never_panic() {
    let multi = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/multi-paxos/05-retry-in-two-slots.txt"
    ))
    .unwrap();
    let multi = paxos_sim::script::run_script(&paxos_sim::script::Script::parse(&multi).unwrap())
        .multi
        .unwrap();
    let separate = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/multi-paxos/08-separate-roles.txt"
    ))
    .unwrap();
    let separate =
        paxos_sim::script::run_script(&paxos_sim::script::Script::parse(&separate).unwrap())
            .multi
            .unwrap();
    let samples = vec![
        Link::of(&hand_made_run()).encode(),
        Link::of(&scenario("10-combined-nodes")).encode(),
        paxos_sim::link::MultiLink::of(&multi).encode(),
        paxos_sim::link::MultiLink::of(&separate).encode(),
    ];
    let t = paxos_sim::fuzz::links(&samples, 20_000, 1);
    assert_eq!(t.tried, 20_000);
    assert!(
        t.rejected > 15_000,
        "only {} of 20000 damaged links were rejected",
        t.rejected
    );
}

/// Every Multi-Paxos scenario's run survives a `v2.` link: the same actions, the same step,
/// the same world; and every truncation or corruption of such a link gets an error, not a
/// panic.
#[test]
fn multi_paxos_links_round_trip_and_refuse_damage() {
    use paxos_sim::link::{AnyLink, MultiLink};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/multi-paxos");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 8);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut sim =
            paxos_sim::script::run_script(&paxos_sim::script::Script::parse(&text).unwrap())
                .multi
                .unwrap();
        sim.goto(sim.len() / 2);
        let mut link = MultiLink::of(&sim);
        link.scenario = Some("05-retry-in-two-slots".into());
        link.beat = Some(3);
        let fragment = link.encode();
        assert!(fragment.starts_with("v2."), "{fragment}");
        assert!(
            fragment.len() < 2_000,
            "{}: {} characters",
            path.display(),
            fragment.len()
        );
        let back = MultiLink::decode(&format!("#{fragment}")).unwrap();
        assert_eq!(back, link);
        let opened = back.open().unwrap();
        assert_eq!(opened.step(), sim.step());
        assert_eq!(opened.world(), sim.world(), "{}", path.display());
        assert!(matches!(AnyLink::decode(&fragment), Ok(AnyLink::Multi(_))));
        // A single-decree page refuses it by its version, not by a garbled reading.
        assert!(matches!(
            paxos_sim::Link::decode(&fragment),
            Err(paxos_sim::LinkError::Version(_))
        ));
        for cut in 3..fragment.len() {
            let _ = MultiLink::decode(&fragment[..cut]).map(|l| l.open());
        }
        let bytes = fragment.as_bytes();
        for i in 3..bytes.len() {
            for c in [b'A', b'z', b'_', b'9'] {
                let mut b = bytes.to_vec();
                b[i] = c;
                let s = String::from_utf8(b).unwrap();
                let _ = MultiLink::decode(&s).map(|l| l.open());
            }
        }
    }
    assert_eq!(
        MultiLink::decode("v2.Aw").unwrap_err().to_string(),
        "the link is damaged: protocol 3 is not one this page knows at byte 1"
    );
    // Separate roles take protocol byte 2 and one more byte, the acceptors, which may not be 0.
    let separate = MultiLink::of(
        &paxos_sim::multi_paxos::MultiSim::new(
            paxos_sim::multi_paxos::MultiConfig {
                acceptors: 3,
                ..paxos_sim::multi_paxos::MultiConfig::new(2, 1)
            },
            0,
        )
        .unwrap(),
    );
    let fragment = separate.encode();
    assert_eq!(&fragment[..5], "v2.Ag", "{fragment}");
    assert_eq!(MultiLink::decode(&fragment).unwrap().config.acceptors, 3);
    assert_eq!(
        MultiLink::decode("v2.AgIBAA").unwrap_err().to_string(),
        "the link is damaged: the acceptors (a separate-roles cluster has at least one) at byte 4"
    );
    let single =
        paxos_sim::Link::of(&paxos_sim::Sim::new(paxos_sim::Config::default(), 3).unwrap())
            .encode();
    assert!(matches!(AnyLink::decode(&single), Ok(AnyLink::Single(_))));
}
