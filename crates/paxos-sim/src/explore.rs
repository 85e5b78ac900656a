//! Looking for bugs: random schedules with faults, and exhaustive exploration of small
//! clusters.
//!
//! - [`random_run`] drives one cluster through a random schedule: proposals at random times,
//!   the seeded scheduler with loss and duplication, and crashes, recoveries, partitions and
//!   early timeouts thrown in. Everything comes from the seed, so a failing seed replays.
//! - [`check`] explores every reachable state of a small cluster, breadth first, deduplicating
//!   states by a hash of what matters for the future (see [`World::hash_logical`]). Proposals,
//!   deliveries and timeouts are always explored; drops, duplicates and crashes on request;
//!   ballots are bounded by a maximum round so the space is finite. On a violation it returns
//!   the shortest path to it, which [`crate::script::script_for`] turns into a script.

use crate::config::{Config, Network, Prob, QuorumSizes};
use crate::invariants::Violation;
use crate::kernel::check::{Order, Space};
use crate::rng::Rng;
use crate::single_decree::{Action, Propose};
use crate::single_decree::{SingleDecree, World};
use paxos_core::{Bugs, Layout, Message, NodeId, NodeKind, Phase, QuorumSets, Value};
use serde::{Deserialize, Serialize};

/// The values proposers propose in generated runs: p1 proposes A, p2 B, and so on.
pub fn value_for(proposer_index: usize) -> Value {
    const NAMES: [&str; 9] = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];
    Value::new(NAMES[proposer_index % NAMES.len()]).unwrap_or_else(|_| unreachable!())
}

/// How hostile random runs are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Faults {
    /// Network loss under the scheduler.
    pub loss: Prob,
    /// Network duplication under the scheduler.
    pub dup: Prob,
    /// Per step, the chance of a crash or recovery.
    pub crash: Prob,
    /// Per step, the chance of a partition or heal.
    pub partition: Prob,
    /// Per step, the chance that a waiting proposer's timer fires early.
    pub early_timeout: Prob,
}

impl Default for Faults {
    fn default() -> Self {
        let p = |ppm| Prob::from_ppm(ppm).unwrap_or(Prob::ZERO);
        Faults {
            loss: p(100_000),
            dup: p(50_000),
            crash: p(10_000),
            partition: p(5_000),
            early_timeout: p(20_000),
        }
    }
}

/// One random run's outcome.
#[derive(Clone, Debug)]
pub struct RandomRun {
    /// The cluster.
    pub config: Config,
    /// The seed of both the schedule and the world's scheduler.
    pub seed: u64,
    /// Every action as it resolved (no `Step`), so the run replays as a plain script.
    pub actions: Vec<Action>,
    /// Violations found (the run stops at the first action that has any).
    pub violations: Vec<Violation>,
    /// Whether some value was chosen.
    pub chosen: bool,
}

/// A random cluster config, for property tests over many shapes of cluster.
pub fn random_config(rng: &mut Rng, faults: &Faults) -> Config {
    let mut config = if rng.below(4) == 0 {
        Config::combined(1 + rng.below(Config::MAX_ACCEPTORS as u64) as u8)
    } else {
        Config::separate(
            1 + rng.below(Config::MAX_PROPOSERS as u64) as u8,
            1 + rng.below(Config::MAX_ACCEPTORS as u64) as u8,
            rng.below(Config::MAX_LEARNERS as u64 + 1) as u8,
        )
    };
    config.network = Network {
        loss: faults.loss,
        dup: faults.dup,
        reorder: rng.below(5) != 0,
    };
    config.timeout = 20 + rng.below(60);
    config.backoff = rng.below(30);
    config
}

/// Runs `steps` random actions on `config`, all decided by `seed`.
pub fn random_run(config: Config, seed: u64, steps: usize, faults: &Faults) -> RandomRun {
    let mut result = RandomRun {
        config,
        seed,
        actions: Vec::new(),
        violations: Vec::new(),
        chosen: false,
    };
    let Ok(mut world) = World::new(config, seed) else {
        return result;
    };
    // The schedule has its own stream so that it does not disturb the world's scheduler.
    let mut rng = Rng::new(seed ^ 0x5EED_0F5C_4ED0_1E00);
    let proposers: Vec<NodeId> = world.members().proposer_ids().collect();
    let nodes: Vec<NodeId> = world.nodes().iter().map(|n| n.id).collect();
    let mut propose_at: Vec<u64> = proposers.iter().map(|_| rng.below(20)).collect();
    let mut events = Vec::new();
    for step in 0..steps as u64 {
        let mut action = Action::Step;
        if let Some(i) = propose_at.iter().position(|&t| t <= step) {
            propose_at[i] = u64::MAX;
            action = Action::Input(Propose {
                node: proposers[i],
                value: value_for(i),
            });
        } else if rng.chance(faults.crash) {
            let n = nodes[rng.below(nodes.len() as u64) as usize];
            let up = world.node(n).is_some_and(|x| x.up);
            action = if up {
                Action::Crash { node: n }
            } else {
                Action::Recover { node: n }
            };
        } else if rng.chance(faults.partition)
            // Partitions heal ten times faster than they form, so runs are not mostly cut.
            || (world.partition().is_some() && (0..9).any(|_| rng.chance(faults.partition)))
        {
            action = if world.partition().is_some() {
                Action::Heal
            } else {
                let cut = 1 + rng.below(nodes.len().max(2) as u64 - 1) as usize;
                let mut shuffled = nodes.clone();
                for i in (1..shuffled.len()).rev() {
                    shuffled.swap(i, rng.below(i as u64 + 1) as usize);
                }
                Action::Partition {
                    groups: vec![shuffled[..cut.min(shuffled.len())].to_vec()],
                }
            };
        } else if rng.chance(faults.early_timeout) {
            let p = proposers[rng.below(proposers.len() as u64) as usize];
            action = Action::Timeout { node: p };
        }
        events.clear();
        let resolved = match world.apply(&action, &mut events) {
            Ok(a) => a,
            Err(_) if action != Action::Step => continue,
            Err(_) => {
                // Nothing to do: bring a crashed node back, heal, or stop when all is quiet.
                let recover = nodes
                    .iter()
                    .find(|n| world.node(**n).is_some_and(|x| !x.up))
                    .map(|&node| Action::Recover { node });
                let fix = recover.or(world.partition().map(|_| Action::Heal));
                match fix {
                    Some(a) => match world.apply(&a, &mut events) {
                        Ok(a) => a,
                        Err(_) => break,
                    },
                    None if propose_at.iter().all(|&t| t == u64::MAX) => break,
                    None => continue,
                }
            }
        };
        // A client whose proposer crashed asks again once it is back.
        if let Action::Recover { node } = resolved {
            if let Some(i) = proposers.iter().position(|p| *p == node) {
                propose_at[i] = step + 1 + rng.below(10);
            }
        }
        result.actions.push(resolved);
        if !world.violations().is_empty() {
            break;
        }
    }
    result.violations = world.violations().to_vec();
    result.chosen = world.ghost().first_chosen().is_some();
    result
}

/// What to explore exhaustively. Plain data, so that the page can send it to the checker's Web
/// Worker as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct CheckOptions {
    /// Acceptors (separate layout).
    pub acceptors: u8,
    /// Proposers; proposer i proposes [`value_for`]`(i)` once, at any point.
    pub proposers: u8,
    /// Learners.
    pub learners: u8,
    /// Highest round any ballot may use.
    pub max_round: u32,
    /// Explore losing each message in flight.
    pub drops: bool,
    /// Explore duplicating each message in flight, at most this many times in a run.
    pub duplicates: u8,
    /// Most crashes in one run (recoveries are free).
    pub crashes: u8,
    /// A proposer that recovered from a crash with nothing to do is asked once more, for a new
    /// value (proposer i asks for [`value_for`]`(proposers + i)`), as its client retries.
    pub repropose: bool,
    /// Quorum sizes other than majorities.
    pub quorum: Option<QuorumSizes>,
    /// Quorums listed outright (a grid, sets picked by hand), instead of sizes; no symmetry
    /// reduction applies to them (they name acceptors).
    pub quorum_sets: Option<QuorumSets>,
    /// Deliberately broken variants.
    pub bugs: Bugs,
    /// Stop after this many unique states (the report then says it is incomplete).
    pub max_states: usize,
    /// Symmetry reduction over the interchangeable acceptors ([`Space::symmetry`]).
    pub symmetry: bool,
    /// Dead-message pruning ([`Space::prune`]): stale Promises, Accepteds and Nacks, and the
    /// Prepares and Accepts an acceptor can only refuse, are forgotten.
    pub prune: bool,
    /// Partial-order reduction ([`Space::por`]): once no proposer will send again, one
    /// acceptor's (or learner's) actions at a time are tried. Same verdicts; the
    /// counterexample need not be the shortest.
    pub por: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            acceptors: 3,
            proposers: 2,
            learners: 0,
            max_round: 2,
            drops: false,
            duplicates: 0,
            crashes: 0,
            repropose: false,
            quorum: None,
            quorum_sets: None,
            bugs: Bugs::default(),
            max_states: 5_000_000,
            symmetry: false,
            prune: false,
            por: false,
        }
    }
}

impl CheckOptions {
    /// The cluster explored.
    pub fn config(&self) -> Config {
        let mut c = Config::separate(self.proposers, self.acceptors, self.learners);
        c.quorum = self.quorum;
        c.quorum_sets = self.quorum_sets;
        c.bugs = self.bugs;
        c.layout = Layout::Separate;
        c
    }
}

/// What an exhaustive check of single-decree Paxos found.
pub type CheckReport = crate::kernel::check::Report<SingleDecree>;

/// Explores every reachable state of the cluster described by `opts`, breadth first.
pub fn check(opts: &CheckOptions) -> CheckReport {
    check_in_slices(opts, usize::MAX, |_| true)
}

/// The same check, in slices of `budget` states: after each, `progress` sees the report so
/// far and says whether to go on (false cancels; the report then says it is incomplete).
pub fn check_in_slices(
    opts: &CheckOptions,
    budget: usize,
    mut progress: impl FnMut(&CheckReport) -> bool,
) -> CheckReport {
    match start(opts) {
        Some(world) => with_space(opts, |space| {
            crate::kernel::check::sliced(world, space, budget, &mut progress)
        }),
        None => CheckReport::empty(),
    }
}

/// The world a check of `opts` starts from; `None` when `opts` describe no valid cluster.
pub fn start(opts: &CheckOptions) -> Option<World> {
    World::new(opts.config(), 0).ok()
}

/// Calls `f` with the space `opts` describe: each proposer proposes its value once, at any
/// point; timeouts stop at the maximum round; faults as asked.
pub fn with_space<R>(opts: &CheckOptions, f: impl FnOnce(&Space<'_, SingleDecree>) -> R) -> R {
    let proposers = opts.proposers as usize;
    let ids = |i: usize| NodeId::proposer(i as u8 + 1);
    let once = (0..proposers)
        .map(|i| Propose {
            node: ids(i),
            value: value_for(i),
        })
        .collect();
    let max_round = opts.max_round;
    let allow = |world: &World, a: &Action| match a {
        Action::Timeout { node } => world
            .node(*node)
            .and_then(|n| n.proposer)
            .is_some_and(|p| p.next_round() <= max_round),
        _ => true,
    };
    // A recovered proposer is idle and has lost its value: its client asks it again, once, for
    // a new value (the ghost remembers what was asked, so each is asked at most once).
    let repropose = |world: &World| {
        if !opts.repropose {
            return Vec::new();
        }
        (0..proposers)
            .filter(|&i| {
                let proposed = &world.ghost().proposed;
                let again = value_for(proposers + i);
                proposed.contains(&value_for(i))
                    && !proposed.contains(&again)
                    && world.node(ids(i)).is_some_and(|n| {
                        n.up && n.proposer.is_some_and(|p| p.own_value().is_none())
                    })
            })
            .map(|i| {
                Action::Input(Propose {
                    node: ids(i),
                    value: value_for(proposers + i),
                })
            })
            .collect()
    };
    // An acceptor is on its own once no proposer will send again: each has been asked for its
    // value (and, with re-proposals, cannot be asked again), is up, is not collecting Promises
    // (which would end in Accepts) and can start no further ballot within the rounds allowed.
    // Whatever order the rest arrives in, acceptors then answer what they hold independently.
    //
    // With learners, one more thing: a learner's Learned is judged against what is chosen at
    // that moment, so an acceptor that may still accept (an Accept waits for it) can change
    // what a learner's next step is found to do (with a broken learner that learns too early,
    // learner consistency holds in one order and not in the other). Such an acceptor is not on
    // its own; a learner is, once no Accept is left anywhere.
    let proposers_quiet = |world: &World| {
        (0..proposers).all(|i| {
            let proposed = &world.ghost().proposed;
            world.node(ids(i)).is_some_and(|n| {
                n.up && n.proposer.is_some_and(|p| {
                    let asked = proposed.contains(&value_for(i))
                        && (!opts.repropose
                            || p.own_value().is_some()
                            || proposed.contains(&value_for(proposers + i)));
                    let quiet = match p.phase() {
                        Phase::Preparing => false,
                        Phase::Idle | Phase::Done => true,
                        Phase::Accepting | Phase::Backoff => p.next_round() > max_round,
                    };
                    asked && quiet
                })
            })
        })
    };
    let accept_waits = |world: &World, to: Option<NodeId>| {
        world
            .in_flight()
            .iter()
            .any(|m| to.is_none_or(|to| m.to == to) && matches!(m.payload, Message::Accept { .. }))
    };
    let alone = |world: &World, node: NodeId| {
        world.members().layout() == Layout::Separate
            && match node.kind {
                NodeKind::Acceptor => opts.learners == 0 || !accept_waits(world, Some(node)),
                NodeKind::Learner => !accept_waits(world, None),
                _ => false,
            }
            && proposers_quiet(world)
    };
    let space = Space {
        once,
        more: &repropose,
        allow: &allow,
        drops: opts.drops,
        fifo: false,
        duplicates: opts.duplicates,
        crashes: opts.crashes,
        max_states: opts.max_states,
        order: Order::Breadth,
        symmetry: opts.symmetry,
        prune: opts.prune,
        por: opts.por,
        alone: &alone,
    };
    f(&space)
}
