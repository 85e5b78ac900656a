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
