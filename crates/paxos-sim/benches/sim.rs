//! Simulator figures (recorded in BENCHMARKS.md):
//! - deliveries per second, 5 acceptors and 2 proposers, under the seeded scheduler;
//! - `goto` across a 100,000-step history, and the memory per step of history;
//! - exhaustive check speed, unique states per second, for 3 acceptors x 2 proposers;
//! - Multi-Paxos replicas (the core alone, FIFO network): deliveries per second with a stable
//!   leader and clients issuing commands, 3 and 5 replicas; messages per committed command,
//!   steady and with a leader change every 10 commands (printed once).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use paxos_core::multi::replica::{Replica, ReplicaConfig};
use paxos_core::multi::{Msg, Op, Out, Outbox, Request};
use paxos_core::{NodeId, NodeKind, Value};
use paxos_sim::explore::{self, CheckOptions};
use paxos_sim::{Action, Config, Rng, Sim, World};
use std::hint::black_box;

/// One contest between p1 and p2 on 5 acceptors and a learner, run by the scheduler until the
/// network is quiet. Returns the number of deliveries.
fn contest(seed: u64) -> u64 {
    let mut world = World::new(Config::separate(2, 5, 1), seed).unwrap();
    let mut events = Vec::with_capacity(64);
    for (p, v) in [(1, "A"), (2, "B")] {
        let action = Action::Input(paxos_sim::Propose {
            node: NodeId::proposer(p),
            value: Value::new(v).unwrap(),
        });
        world.apply(&action, &mut events).unwrap();
    }
    let mut deliveries = 0;
    loop {
        events.clear();
        match world.apply(&Action::Step, &mut events) {
            Ok(Action::Deliver { .. }) => deliveries += 1,
            Ok(_) => {}
            Err(_) => break,
        }
        // Stop once the contest is decided and everything has settled.
        if world.step() > 10_000 {
            break;
        }
    }
    black_box(&world);
    deliveries
}

fn throughput(c: &mut Criterion) {
    let seeds = 0..100u64;
    let deliveries: u64 = seeds.clone().map(contest).sum();
    let mut g = c.benchmark_group("throughput");
    g.throughput(Throughput::Elements(deliveries));
    g.bench_function("deliveries_5_acceptors_2_proposers", |b| {
        b.iter(|| seeds.clone().map(contest).sum::<u64>())
    });
    g.finish();
}

fn long_history(steps: usize) -> Sim {
    let mut config = Config::separate(2, 5, 1);
    config.network.loss = paxos_sim::Prob::from_f64(0.05).unwrap();
    let mut sim = Sim::new(config, 1).unwrap();
    let mut events = Vec::new();
    let mut n = 0u32;
    while sim.len() < steps {
        events.clear();
        if sim.apply(Action::Step, &mut events).is_err() {
            n += 1;
            let node = NodeId::proposer(1 + (n % 2) as u8);
            // Clients propose from a small set of values, as in the scenarios.
            let value = Value::new(["A", "B", "C", "D"][(n % 4) as usize]).unwrap();
            sim.apply(
                Action::Input(paxos_sim::Propose { node, value }),
                &mut events,
            )
            .unwrap();
        }
    }
    sim
}

fn time_travel(c: &mut Criterion) {
    let mut sim = long_history(100_000);
    eprintln!(
        "history of {} steps: about {} bytes in all, {:.1} bytes per step",
        sim.len(),
        sim.approx_bytes(),
        sim.approx_bytes() as f64 / sim.len() as f64
    );
    let mut rng = Rng::new(9);
    let len = sim.len() as u64;
    c.bench_function("goto_random_step_in_100k_history", |b| {
        b.iter(|| {
            let target = rng.below(len + 1) as usize;
            black_box(sim.goto(target));
        })
    });
    c.bench_function("step_back_one_in_100k_history", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                let t = 1 + rng.below(len) as usize;
                sim.goto(t);
                let start = std::time::Instant::now();
                black_box(sim.goto(t - 1));
                total += start.elapsed();
            }
            total
        })
    });
}

fn exhaustive(c: &mut Criterion) {
    let opts = CheckOptions {
        acceptors: 3,
        proposers: 2,
        max_round: 1,
        ..CheckOptions::default()
    };
    let states = explore::check(&opts).unique_states as u64;
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    g.throughput(Throughput::Elements(states));
    g.bench_function("unique_states_3_acceptors_2_proposers_round_1", |b| {
        b.iter(|| explore::check(&opts).unique_states)
    });
    g.finish();
}

/// `commands` puts by one client through `n` replicas over a FIFO network, with a new leader
/// every `change_every` commands (0: never). Returns (deliveries, commands applied by n1).
fn multi_run(n: u8, commands: u32, change_every: u32) -> (u64, u32) {
    let config = ReplicaConfig {
        retry_timeout: 1_000,
        ..ReplicaConfig::default()
    };
    let mut replicas: Vec<Replica> = (1..=n)
        .map(|i| Replica::new(NodeId::node(i), n, config))
        .collect();
    let mut queue: std::collections::VecDeque<(NodeId, Out)> = Default::default();
    let (mut deliveries, mut now) = (0u64, 0u64);
    let client = NodeId::client(1);
    let mut notes = Vec::new();
    for id in 1..=commands {
        if change_every > 0 && id > 1 && id % change_every == 1 {
            let next = ((id / change_every) % n as u32) as usize;
            let mut out = Outbox::new();
            replicas[next].campaign(now, &mut out, &mut notes);
            let from = replicas[next].id();
            queue.extend(out.into_iter().map(|o| (from, o)));
        }
        let leader = replicas
            .iter()
            .position(|r| r.role() == paxos_core::multi::replica::Role::Leader)
            .unwrap_or(0);
        let op = Op::Put {
            key: Value::new("k").unwrap(),
            value: Value::new("v").unwrap(),
        };
        queue.push_back((
            client,
            Out {
                to: replicas[leader].id(),
                msg: Msg::Request(Request { client, id, op }),
            },
        ));
        while let Some((from, o)) = queue.pop_front() {
            deliveries += 1;
            now += 1;
            if o.to.kind == NodeKind::Client {
                continue;
            }
            let mut out = Outbox::new();
            notes.clear();
            replicas[o.to.index as usize - 1].on_message(now, from, o.msg, &mut out, &mut notes);
            let me = o.to;
            queue.extend(out.into_iter().map(|o| (me, o)));
        }
    }
    black_box(&replicas);
    (deliveries, replicas[0].store().applied())
}

fn multi_paxos(c: &mut Criterion) {
    for (n, change) in [(3, 0), (5, 0), (3, 10), (5, 10)] {
        let (d, applied) = multi_run(n, 200, change);
        println!(
            "multi-paxos {n} replicas, leader change every {change}: {d} messages for {applied} slots, {:.1} per slot",
            d as f64 / applied as f64
        );
    }
    let mut g = c.benchmark_group("multi_paxos");
    for n in [3u8, 5] {
        let (d, _) = multi_run(n, 200, 0);
        g.throughput(Throughput::Elements(d));
        g.bench_function(format!("deliveries_{n}_replicas_200_commands"), |b| {
            b.iter(|| multi_run(n, 200, 0))
        });
    }
    g.finish();
}

criterion_group!(benches, throughput, time_travel, exhaustive, multi_paxos);
criterion_main!(benches);
