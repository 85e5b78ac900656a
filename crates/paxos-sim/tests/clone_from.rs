//! The explorer copies the state it expands into one scratch world per action it tries, with
//! `clone_from`, and the hand-written `clone_from`s of Multi-Paxos (a replica's, a standalone
//! acceptor's, the ghost record's) skip what is already equal and reuse buffers. A field copied
//! from the wrong place, or left behind, would make the explorer expand states that were never
//! reached; this holds `clone_from` to `clone`: a world overwritten with any other world of
//! the same cluster equals that world, in every field the comparison and the fingerprint see.

use paxos_sim::explore::Faults;
use paxos_sim::multi_paxos::random::random_run;
use paxos_sim::multi_paxos::{MultiConfig, MultiWorld};
use paxos_sim::rng::Rng;
use paxos_sim::Network;
use std::hash::Hasher;

fn fingerprint(w: &MultiWorld) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    w.hash_logical(&mut h);
    h.finish()
}

#[test]
fn clone_from_any_other_world_of_the_cluster_equals_a_clone() {
    let faults = Faults::default();
    let (mut pairs, mut differed) = (0usize, 0usize);
    for seed in 0..60u64 {
        // Both layouts: combined replicas, and separate acceptors a1..a3.
        let acceptors = if seed % 2 == 0 { 0 } else { 3 };
        let config = MultiConfig {
            acceptors,
            network: Network {
                loss: faults.loss,
                dup: faults.dup,
                reorder: true,
            },
            timeout: 30,
            client_timeout: 40,
            ..MultiConfig::new(3, 2)
        };
        let run = random_run(config, seed, 300, &faults);
        let mut world = MultiWorld::new(config, seed).expect("a valid config");
        let mut worlds = vec![world.clone()];
        let mut events = Vec::new();
        for action in &run.actions {
            events.clear();
            world.apply(action, &mut events).expect("the run replays");
            worlds.push(world.clone());
        }
        let mut rng = Rng::new(seed);
        for _ in 0..200 {
            let from = &worlds[rng.below(worlds.len() as u64) as usize];
            let mut into = worlds[rng.below(worlds.len() as u64) as usize].clone();
            differed += usize::from(into != *from);
            into.clone_from(from);
            assert!(into == *from, "seed {seed}: clone_from left a difference");
            assert_eq!(fingerprint(&into), fingerprint(from), "seed {seed}");
            assert_eq!(into.nodes(), from.nodes(), "seed {seed}");
            pairs += 1;
        }
    }
    // The pairs must mostly differ, or the copies proved nothing.
    assert!(
        differed * 10 > pairs * 9,
        "{differed} of {pairs} pairs differed"
    );
}
