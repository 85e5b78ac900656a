//! Random fault schedules for Multi-Paxos: clients sending puts, gets and conditional writes at
//! random times, the seeded scheduler losing, duplicating and reordering messages, replicas
//! crashing and recovering, partitions forming and healing, timers firing early. Everything
//! comes from the seed, so a failing seed replays as a plain list of actions.

use super::{
    MultiAction, MultiConfig, MultiEvent, MultiInput, MultiViolation, MultiWorld, PaxosEvent,
};
use crate::action::Action;
use crate::config::Network;
use crate::explore::Faults;
use crate::rng::Rng;
use paxos_core::multi::replica::Note;
use paxos_core::multi::store::Applied;
use paxos_core::multi::{Command, Op};
use paxos_core::{NodeId, NodeKind, Value};

/// One random run's outcome.
#[derive(Clone, Debug)]
pub struct MultiRandomRun {
    /// The cluster.
    pub config: MultiConfig,
    /// The seed of both the schedule and the world's scheduler.
    pub seed: u64,
    /// Every action as it resolved (no `Step`), so the run replays as a plain script.
    pub actions: Vec<MultiAction>,
    /// Violations found (the run stops at the first action that has any).
    pub violations: Vec<MultiViolation>,
    /// Client commands chosen (slots holding a request, not a no-op).
    pub committed: usize,
    /// Calls that returned to their client.
    pub replies: usize,
    /// Slots applied that held a request already applied from another slot (a retry that
    /// was chosen twice): applied once, answered again.
    pub applied_twice: usize,
}

/// A random operation on keys `x`, `y` with values `1`..`3`.
pub fn random_op(rng: &mut Rng) -> Op {
    let word = |s: &str| Value::new(s).unwrap_or_else(|_| unreachable!());
    let key = word(["x", "y"][rng.below(2) as usize]);
    let value = word(["1", "2", "3"][rng.below(3) as usize]);
    match rng.below(3) {
        0 => Op::Put { key, value },
        1 => Op::Get { key },
        _ => Op::Cas {
            key,
            expect: value,
            new: word("9"),
        },
    }
}

/// Runs `steps` random actions on `config`, then lets the network go quiet (no more loss,
/// faults healed) so that what can finish finishes; all decided by `seed`.
pub fn random_run(config: MultiConfig, seed: u64, steps: usize, faults: &Faults) -> MultiRandomRun {
    let mut result = MultiRandomRun {
        config,
        seed,
        actions: Vec::new(),
        violations: Vec::new(),
        committed: 0,
        replies: 0,
        applied_twice: 0,
    };
    let Ok(mut world) = MultiWorld::new(config, seed) else {
        return result;
    };
    // The schedule has its own stream so that it does not disturb the world's scheduler.
    let mut rng = Rng::new(seed ^ 0x5EED_0F5C_4ED0_1E00);
    let replicas: Vec<NodeId> = (1..=config.replicas).map(NodeId::node).collect();
    // The nodes that crash and are partitioned: replicas, and standalone acceptors if any.
    let servers: Vec<NodeId> = replicas
        .iter()
        .copied()
        .chain((1..=config.acceptors).map(NodeId::acceptor))
        .collect();
    let clients: Vec<NodeId> = (1..=config.clients).map(NodeId::client).collect();
    let mut events = Vec::new();
    let mut apply = |world: &mut MultiWorld, action: MultiAction, out: &mut MultiRandomRun| {
        events.clear();
        match world.apply(&action, &mut events) {
            Ok(resolved) => {
                out.actions.push(resolved);
                out.replies += events
                    .iter()
                    .filter(|e| matches!(e, MultiEvent::Paxos(PaxosEvent::Replied { .. })))
                    .count();
                out.applied_twice += events
                    .iter()
                    .filter(|e| {
                        matches!(
                            e,
                            MultiEvent::Paxos(PaxosEvent::Note {
                                note: Note::Applied {
                                    applied: Applied::Duplicate { .. },
                                    ..
                                },
                                ..
                            })
                        )
                    })
                    .count();
                true
            }
            Err(_) => false,
        }
    };
    for _ in 0..steps {
        let roll = rng.below(1000);
        let action = if roll < 40 && !clients.is_empty() {
            Action::Input(MultiInput::Request {
                client: clients[rng.below(clients.len() as u64) as usize],
                op: random_op(&mut rng),
                at: replicas[rng.below(replicas.len() as u64) as usize],
            })
        } else if rng.chance(faults.early_timeout) {
            let node = replicas[rng.below(replicas.len() as u64) as usize];
            Action::Input(MultiInput::Elect { node })
        } else if rng.chance(faults.crash) {
            let node = servers[rng.below(servers.len() as u64) as usize];
            // Crashes leave a majority of the voters up, and (with separate roles) a replica.
            let kind = node.kind;
            let group: Vec<NodeId> = servers.iter().copied().filter(|n| n.kind == kind).collect();
            let down = group
                .iter()
                .filter(|n| world.node(**n).is_some_and(|x| !x.up))
                .count();
            let most = match (config.acceptors, kind) {
                (0, _) | (_, NodeKind::Acceptor) => (group.len() - 1) / 2,
                _ => group.len() - 1,
            };
            match world.node(node) {
                Some(n) if n.up && down < most => Action::Crash { node },
                Some(n) if !n.up => Action::Recover { node },
                _ => Action::Step,
            }
        } else if rng.chance(faults.partition)
            || (world.partition().is_some() && (0..9).any(|_| rng.chance(faults.partition)))
        {
            if world.partition().is_some() {
                Action::Heal
            } else {
                let mut shuffled = servers.clone();
                for i in (1..shuffled.len()).rev() {
                    shuffled.swap(i, rng.below(i as u64 + 1) as usize);
                }
                let cut = 1 + rng.below(shuffled.len().max(2) as u64 - 1) as usize;
                Action::Partition {
                    groups: vec![shuffled[..cut.min(shuffled.len())].to_vec()],
                }
            }
        } else {
            Action::Step
        };
        apply(&mut world, action, &mut result);
        if !world.violations().is_empty() {
            break;
        }
    }
    // The quiet end: faults healed, nothing lost; what is in flight and every timer runs out.
    if world.violations().is_empty() {
        let quiet = Network {
            loss: crate::config::Prob::ZERO,
            dup: crate::config::Prob::ZERO,
            reorder: config.network.reorder,
        };
        apply(&mut world, Action::Network { network: quiet }, &mut result);
        if world.partition().is_some() {
            apply(&mut world, Action::Heal, &mut result);
        }
        for &node in &servers {
            if world.node(node).is_some_and(|n| !n.up) {
                apply(&mut world, Action::Recover { node }, &mut result);
            }
        }
        for _ in 0..steps * 4 {
            if !apply(&mut world, Action::Step, &mut result) || !world.violations().is_empty() {
                break;
            }
        }
    }
    let ghost = world.ghost();
    result.violations = world.violations().to_vec();
    result.committed = ghost
        .chosen
        .values()
        .filter(|(_, c)| *c != Command::Noop)
        .count();
    result
}
