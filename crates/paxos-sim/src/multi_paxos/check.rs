//! The exhaustive check of a small Multi-Paxos cluster: every interleaving of a few client
//! commands, elections and deliveries, with ballots bounded by a round so the space is finite.

use super::{MultiConfig, MultiInput, MultiPaxos, MultiWorld, Part};
use crate::action::Action;
use crate::kernel::check::{self, Order, Report, Space};
use paxos_core::multi::replica::MultiBugs;
use paxos_core::multi::Op;
use paxos_core::{NodeId, Value};

/// What to explore. Plain data, so that the page can send it to the checker's Web Worker.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct MultiCheckOptions {
    /// Replicas.
    pub replicas: u8,
    /// Standalone acceptors (0: the replicas vote, the combined layout).
    pub acceptors: u8,
    /// The client commands, each sent once at any point: `(client, op, replica)`.
    pub commands: Vec<(NodeId, Op, NodeId)>,
    /// Highest round any ballot may use: elections and campaign timeouts stop there.
    pub max_round: u32,
    /// How often a client may resend a request on timeout.
    pub client_retries: u32,
    /// Explore losing each message in flight.
    pub drops: bool,
    /// Explore duplicating messages, at most this many times in a run.
    pub duplicates: u8,
    /// Most replica crashes in one run.
    pub crashes: u8,
    /// Deliberately broken leaders.
    pub bugs: MultiBugs,
    /// Stop after this many unique states.
    pub max_states: usize,
    /// Replicas that may start an election (`elect`), each once.
    pub candidates: Vec<NodeId>,
    /// Breadth or depth first.
    pub order: Order,
    /// Deliver the messages between two nodes in the order they were sent, as over TCP
    /// (messages on different channels still arrive in any order).
    pub fifo: bool,
    /// Symmetry reduction over the standalone acceptors (with `acceptors` of 2 or more; the
    /// combined layout has none): states that differ only by their names count as one.
    pub symmetry: bool,
}

fn word(s: &str) -> Value {
    Value::new(s).unwrap_or_else(|_| unreachable!())
}

impl Default for MultiCheckOptions {
    /// Three replicas; `c1 put x 1 at n2` and `c2 get x at n1`; ballots up to round 2, so
    /// that a leader can be deposed by a second; no faults but the schedule.
    fn default() -> Self {
        MultiCheckOptions {
            replicas: 3,
            acceptors: 0,
            commands: vec![
                (
                    NodeId::client(1),
                    Op::Put {
                        key: word("x"),
                        value: word("1"),
                    },
                    NodeId::node(2),
                ),
                (
                    NodeId::client(1),
                    Op::Get { key: word("x") },
                    NodeId::node(1),
                ),
            ],
            max_round: 2,
            client_retries: 0,
            drops: false,
            duplicates: 0,
            crashes: 0,
            bugs: MultiBugs::default(),
            max_states: 10_000_000,
            candidates: vec![NodeId::node(1), NodeId::node(2)],
            order: Order::Depth,
            fifo: true,
            symmetry: false,
        }
    }
}

impl MultiCheckOptions {
    /// The cluster explored: one client per command, a FIFO-free network (the explorer picks
    /// every order itself).
    pub fn config(&self) -> MultiConfig {
        let clients = self
            .commands
            .iter()
            .map(|(c, _, _)| c.index)
            .max()
            .unwrap_or(0);
        MultiConfig {
            bugs: self.bugs,
            acceptors: self.acceptors,
            ..MultiConfig::new(self.replicas, clients)
        }
    }
}

/// Explores every reachable state of the cluster described by `opts`, breadth first.
pub fn check(opts: &MultiCheckOptions) -> Report<MultiPaxos> {
    check_in_slices(opts, usize::MAX, |_| true)
}

/// The same check, in slices of `budget` states: after each, `progress` sees the report so
/// far and says whether to go on (false cancels; the report then says it is incomplete).
pub fn check_in_slices(
    opts: &MultiCheckOptions,
    budget: usize,
    mut progress: impl FnMut(&Report<MultiPaxos>) -> bool,
) -> Report<MultiPaxos> {
    match MultiWorld::new(opts.config(), 0) {
        Ok(world) => with_space(opts, |space| {
            check::sliced(world, space, budget, &mut progress)
        }),
        Err(_) => Report::empty(),
    }
}

/// Calls `f` with the space `opts` describe: each command sent once at any point, elections by
/// the candidates, ballots and client retries bounded, faults as asked.
pub fn with_space<R>(opts: &MultiCheckOptions, f: impl FnOnce(&Space<'_, MultiPaxos>) -> R) -> R {
    let once = opts
        .commands
        .iter()
        .map(|&(client, op, at)| MultiInput::Request { client, op, at })
        .collect();
    let max_round = opts.max_round;
    let within = |p: &Part| match p {
        Part::Replica(r) => r.next_round() <= max_round,
        Part::Client(c) => c.retries() < opts.client_retries,
        Part::Acceptor(_) => true,
    };
    // Elections come from `elect` only: a replica's timeout campaigns exactly as `elect` does
    // (taking the requests it forwarded along), so its timer would add paths, not states.
    let more = |w: &MultiWorld| {
        w.nodes()
            .iter()
            .filter(|n| n.up && opts.candidates.contains(&n.id()) && within(&n.part))
            .filter(|n| n.replica().is_some_and(|r| r.ballot().is_none()))
            .map(|n| Action::Input(MultiInput::Elect { node: n.id() }))
            .collect()
    };
    let allow = |w: &MultiWorld, a: &Action<MultiInput>| match a {
        Action::Timeout { node } => w
            .node(*node)
            .is_some_and(|n| n.client().is_some() && within(&n.part)),
        Action::Crash { node } => w.node(*node).is_some_and(|n| n.replica().is_some()),
        Action::Deliver { id } if opts.fifo => {
            let m = w.in_flight().iter().find(|m| m.id == *id);
            m.is_some_and(|m| {
                !w.in_flight()
                    .iter()
                    .any(|o| o.id < m.id && o.from == m.from && o.to == m.to)
            })
        }
        _ => true,
    };
    let space = Space {
        once,
        more: &more,
        allow: &allow,
        drops: opts.drops,
        fifo: opts.fifo,
        duplicates: opts.duplicates,
        crashes: opts.crashes,
        max_states: opts.max_states,
        order: opts.order,
        // Replicas are not interchangeable (commands go to named replicas, and only some may
        // start elections); standalone acceptors are (`MultiPaxos::symmetric_acceptors`).
        symmetry: opts.symmetry,
        prune: false,
        // A replica is proposer, acceptor and learner at once: none is ever on its own.
        por: false,
        alone: &crate::kernel::check::never_alone,
    };
    f(&space)
}
