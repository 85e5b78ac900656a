//! The explorer keeps the states it has yet to expand packed into bytes (`World::pack`); this
//! holds that form to what it must be: a world packed and unpacked into a fresh world of the
//! same cluster is equal to the original, whatever the run did to it (crashes, partitions,
//! losses, copies, retries, chosen values), and bytes that are not a packed world are refused
//! without a panic. The explorer's state counts staying what they were before packing
//! (tests/symmetry.rs, tests/incremental.rs and the CLI's 864,062) hold the rest.

use paxos_sim::explore::{self, random_config, random_run, CheckOptions, Faults};
use paxos_sim::kernel::check::{Order, Space};
use paxos_sim::rng::Rng;
use paxos_sim::single_decree::World;

#[test]
fn every_world_of_random_runs_with_faults_survives_packing() {
    let faults = Faults::default();
    let (mut worlds, mut bytes_total, mut whole_total) = (0usize, 0usize, 0usize);
    let mut shapes = std::collections::HashSet::new();
    for seed in 0..200u64 {
        let mut rng = Rng::new(seed);
        let config = random_config(&mut rng, &faults);
        let run = random_run(config, seed, 150, &faults);
        let mut world = World::new(config, seed).expect("a valid random config");
        let mut events = Vec::new();
        for action in &run.actions {
            world.apply(action, &mut events).expect("the run replays");
            if !world.violations().is_empty() {
                break;
            }
            let mut bytes = Vec::new();
            world.pack(&mut bytes);
            let mut back = World::new(config, seed).unwrap();
            assert_eq!(back.unpack(&bytes), Some(()), "seed {seed}");
            assert_eq!(back, world, "seed {seed}, after {action}");
            worlds += 1;
            bytes_total += bytes.len();
            whole_total += world.approx_bytes();
            shapes.insert((
                world.in_flight().len().min(4),
                world.partition().is_some(),
                world.nodes().iter().any(|n| !n.up),
                world.ghost().first.is_some(),
            ));
            // Cut short, the bytes are refused; never a panic.
            for cut in [0, bytes.len() / 2, bytes.len() - 1] {
                let mut w = World::new(config, seed).unwrap();
                assert_eq!(w.unpack(&bytes[..cut]), None, "seed {seed}, cut at {cut}");
            }
        }
    }
    // The runs must have reached the situations packing has to carry.
    assert!(worlds > 10_000, "only {worlds} worlds");
    for (partitioned, crashed, chosen) in [
        (true, false, false),
        (false, true, false),
        (false, false, true),
    ] {
        assert!(
            shapes
                .iter()
                .any(|s| (!partitioned || s.1) && (!crashed || s.2) && (!chosen || s.3)),
            "no world that is partitioned {partitioned}, crashed {crashed}, chosen {chosen}"
        );
    }
    // The point of packing: a fraction of the world's size in memory.
    let (packed, whole) = (bytes_total / worlds, whole_total / worlds);
    assert!(
        packed * 4 < whole,
        "a packed world averages {packed} bytes, a whole one {whole}"
    );
}

#[test]
fn depth_first_and_breadth_first_see_the_same_space_from_the_packed_frontier() {
    // The packed frontier is read from its back depth first and from its front breadth first.
    let opts = CheckOptions {
        acceptors: 2,
        max_round: 1,
        crashes: 1,
        ..CheckOptions::default()
    };
    let start = || explore::start(&opts).expect("a valid config");
    let run = |order| {
        explore::with_space(&opts, |space| {
            let space = Space {
                order,
                once: space.once.clone(),
                ..*space
            };
            paxos_sim::kernel::check::check(start(), &space)
        })
    };
    let (bfs, dfs) = (run(Order::Breadth), run(Order::Depth));
    assert!(bfs.complete && dfs.complete && bfs.violation.is_none());
    assert!(bfs.unique_states > 824, "crashes add states");
    assert_eq!(dfs.unique_states, bfs.unique_states);
    assert_eq!(dfs.transitions, bfs.transitions);
    assert!(
        dfs.max_depth >= bfs.max_depth,
        "depth first finds states by longer paths"
    );
}

/// Multi-Paxos states are packed too (breadth first): every world of random runs of both
/// layouts, with losses, copies, crashes, partitions and elections, packs and unpacks into a
/// fresh world of the same cluster as an equal world, with the same fingerprint; cut short, its
/// bytes are refused.
#[test]
fn every_multi_paxos_world_of_random_runs_survives_packing() {
    use paxos_sim::multi_paxos::random::random_run as multi_run;
    use paxos_sim::multi_paxos::{MultiConfig, MultiWorld};
    use std::hash::Hasher;
    let fingerprint = |w: &MultiWorld| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        w.hash_logical(&mut h);
        h.finish()
    };
    let faults = Faults::default();
    let (mut worlds, mut bytes_total, mut whole_total, mut leaders) = (0usize, 0, 0, 0);
    for seed in 0..80u64 {
        let config = MultiConfig {
            acceptors: if seed % 2 == 0 { 0 } else { 3 },
            network: paxos_sim::Network {
                loss: faults.loss,
                dup: faults.dup,
                reorder: true,
            },
            timeout: 30,
            client_timeout: 40,
            ..MultiConfig::new(3, 2)
        };
        let run = multi_run(config, seed, 300, &faults);
        let mut world = MultiWorld::new(config, seed).expect("a valid config");
        let mut events = Vec::new();
        for action in &run.actions {
            events.clear();
            world.apply(action, &mut events).expect("the run replays");
            if !world.violations().is_empty() {
                break;
            }
            let mut bytes = Vec::new();
            world.pack(&mut bytes);
            // A run may change the network's settings (an action); packing leaves the config
            // out, as the explorer never changes it, so the fresh world takes the current one.
            let mut back = MultiWorld::new(*world.config(), seed).unwrap();
            assert_eq!(back.unpack(&bytes), Some(()), "seed {seed}");
            assert!(back == world, "seed {seed}, after {action}");
            assert_eq!(fingerprint(&back), fingerprint(&world), "seed {seed}");
            worlds += 1;
            bytes_total += bytes.len();
            whole_total += world.approx_bytes();
            leaders += world
                .nodes()
                .iter()
                .filter_map(|n| n.replica())
                .filter(|r| r.role() == paxos_core::multi::replica::Role::Leader)
                .count();
            for cut in [0, bytes.len() / 2, bytes.len() - 1] {
                let mut w = MultiWorld::new(*world.config(), seed).unwrap();
                assert_eq!(w.unpack(&bytes[..cut]), None, "seed {seed}, cut at {cut}");
            }
        }
    }
    assert!(worlds > 10_000, "only {worlds} worlds");
    assert!(leaders > 1_000, "the runs rarely had a leader: {leaders}");
    let (packed, whole) = (bytes_total / worlds, whole_total / worlds);
    println!("Multi-Paxos: a packed world averages {packed} bytes, a whole one {whole}");
    assert!(packed < whole, "packed {packed} bytes, whole {whole}");
}
