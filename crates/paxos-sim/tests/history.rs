//! Time travel: `goto` lands on exactly the state a fresh replay reaches.

use paxos_core::{NodeId, Value};
use paxos_sim::{Action, Config, Rng, Sim, CHECKPOINT_EVERY};

fn long_run(steps: usize) -> Sim {
    let mut config = Config::separate(2, 5, 1);
    config.network.loss = paxos_sim::Prob::from_f64(0.05).unwrap();
    config.network.dup = paxos_sim::Prob::from_f64(0.05).unwrap();
    let mut sim = Sim::new(config, 3).unwrap();
    let mut ev = Vec::new();
    let mut rng = Rng::new(1);
    let mut n = 0u32;
    while sim.len() < steps {
        ev.clear();
        if sim.apply(Action::Step, &mut ev).is_err() {
            // Start another contest whenever the cluster goes quiet.
            n += 1;
            let p = NodeId::proposer(1 + rng.below(2) as u8);
            let v = Value::new(&format!("v{n}")).unwrap();
            sim.apply(
                Action::Input(paxos_sim::Propose { node: p, value: v }),
                &mut ev,
            )
            .unwrap();
        }
    }
    sim
}

#[test]
fn goto_anywhere_equals_a_fresh_replay() {
    let mut sim = long_run(3 * CHECKPOINT_EVERY + 17);
    let mut rng = Rng::new(5);
    for _ in 0..40 {
        let target = rng.below(sim.len() as u64 + 1) as usize;
        assert!(sim.goto(target));
        assert_eq!(sim.step(), target);
        let fresh = Sim::replay(*sim.config(), sim.seed(), &sim.actions()[..target]).unwrap();
        assert_eq!(sim.view(), fresh.view(), "at step {target}");
        assert_eq!(sim.world(), fresh.world(), "at step {target}");
    }
    assert!(!sim.goto(sim.len() + 1));
}

#[test]
fn acting_in_the_past_discards_the_future() {
    let mut sim = long_run(600);
    assert!(sim.goto(100));
    let mut ev = Vec::new();
    sim.apply(
        Action::Crash {
            node: NodeId::acceptor(1),
        },
        &mut ev,
    )
    .unwrap();
    assert_eq!(sim.len(), 101);
    assert_eq!(sim.step(), 101);
    // The branch replays, and jumping around it stays consistent.
    let fresh = Sim::replay(*sim.config(), sim.seed(), sim.actions()).unwrap();
    assert_eq!(fresh.view(), sim.view());
    sim.goto(0);
    sim.goto(101);
    assert_eq!(fresh.view(), sim.view());
}

#[test]
fn events_between_match_what_apply_reported() {
    let mut sim = Sim::new(Config::default(), 9).unwrap();
    let mut all = Vec::new();
    let mut ev = Vec::new();
    sim.apply(
        Action::Input(paxos_sim::Propose {
            node: NodeId::proposer(1),
            value: Value::new("A").unwrap(),
        }),
        &mut ev,
    )
    .unwrap();
    all.extend(ev.drain(..).map(|e| (1u64, e)));
    while sim.apply(Action::Step, &mut ev).is_ok() {
        let step = sim.step() as u64;
        all.extend(ev.drain(..).map(|e| (step, e)));
    }
    assert_eq!(sim.events_between(0, sim.len()), all);
    let tail: Vec<_> = all.iter().filter(|(s, _)| *s > 5).cloned().collect();
    assert_eq!(sim.events_between(5, sim.len()), tail);
}

#[test]
fn a_failed_action_changes_nothing() {
    let mut sim = long_run(50);
    let before = sim.world().clone();
    let mut ev = Vec::new();
    assert!(sim.apply(Action::Deliver { id: 9999 }, &mut ev).is_err());
    assert!(sim
        .apply(
            Action::Recover {
                node: NodeId::acceptor(1)
            },
            &mut ev
        )
        .is_err());
    assert!(sim
        .apply(
            Action::Crash {
                node: NodeId::acceptor(9)
            },
            &mut ev
        )
        .is_err());
    assert!(ev.is_empty());
    assert_eq!(sim.world(), &before);
    assert_eq!(sim.len(), 50);
}

/// A different action at step `at` of `sim`: a crash of a1 if it is up, else its recovery.
fn other_action(sim: &mut Sim, at: usize) {
    assert!(sim.goto(at));
    let a1 = NodeId::acceptor(1);
    let up = sim.view().nodes.iter().any(|n| n.id == a1 && n.up);
    let action = if up {
        Action::Crash { node: a1 }
    } else {
        Action::Recover { node: a1 }
    };
    sim.apply(action, &mut Vec::new()).unwrap();
}

#[test]
fn acting_in_the_past_keeps_the_old_future_as_a_branch_to_switch_back_to() {
    let mut sim = long_run(40);
    let original = sim.actions().to_vec();
    let end_view = sim.view();
    assert_eq!(sim.branches().len(), 1);
    assert!(
        !sim.switch_branch(0),
        "the branch on screen is not switched to"
    );
    assert!(!sim.switch_branch(7), "no such branch");

    other_action(&mut sim, 12);
    assert_eq!(sim.len(), 13);
    assert_eq!(sim.branch(), 1);
    let b = sim.branches();
    assert_eq!(b.len(), 2);
    assert_eq!(
        (b[0].number, b[0].len, b[0].fork, b[0].current),
        (0, 40, 12, false)
    );
    assert_eq!((b[1].number, b[1].len, b[1].current), (1, 13, true));

    // The new branch goes on; then back to the first, intact, cursor where it was left.
    let mut ev = Vec::new();
    for _ in 0..5 {
        let _ = sim.apply(Action::Step, &mut ev);
    }
    let second = sim.actions().to_vec();
    let second_view = sim.view();
    assert!(sim.switch_branch(0));
    assert_eq!(sim.actions(), &original[..]);
    assert_eq!(sim.step(), 12);
    assert!(sim.goto(40));
    assert_eq!(sim.view(), end_view);
    // And to the second again: as it was, at its end.
    assert!(sim.switch_branch(1));
    assert_eq!(sim.actions(), &second[..]);
    assert_eq!(sim.step(), second.len());
    assert_eq!(sim.view(), second_view);

    // A branch of a branch: three, numbered in the order they were made.
    other_action(&mut sim, 3);
    let numbers: Vec<(usize, bool)> = sim
        .branches()
        .iter()
        .map(|b| (b.number, b.current))
        .collect();
    assert_eq!(numbers, [(0, false), (1, false), (2, true)]);
    assert_eq!(sim.branches()[0].fork, 3);
}

#[test]
fn switching_branches_past_checkpoints_lands_on_a_fresh_replay() {
    let mut sim = long_run(2 * CHECKPOINT_EVERY + 40);
    let original = sim.actions().to_vec();
    other_action(&mut sim, CHECKPOINT_EVERY + 7);
    let mut ev = Vec::new();
    while sim.len() < 2 * CHECKPOINT_EVERY + 100 {
        ev.clear();
        if sim.apply(Action::Step, &mut ev).is_err() {
            break;
        }
    }
    let second = sim.actions().to_vec();
    assert!(sim.switch_branch(0));
    assert_eq!(sim.actions(), &original[..]);
    for target in [0, CHECKPOINT_EVERY + 7, original.len()] {
        assert!(sim.goto(target));
        let fresh = Sim::replay(*sim.config(), sim.seed(), &original[..target]).unwrap();
        assert_eq!(sim.view(), fresh.view(), "branch 0 at step {target}");
    }
    assert!(sim.switch_branch(1));
    assert_eq!(sim.actions(), &second[..]);
    for target in [second.len(), CHECKPOINT_EVERY + 8, 2 * CHECKPOINT_EVERY + 3] {
        if target > second.len() {
            continue;
        }
        assert!(sim.goto(target));
        let fresh = Sim::replay(*sim.config(), sim.seed(), &second[..target]).unwrap();
        assert_eq!(sim.view(), fresh.view(), "branch 1 at step {target}");
    }
}
