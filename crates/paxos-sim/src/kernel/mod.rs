//! # The kernel: one simulator for any protocol
//!
//! Everything in a simulated run that is not a protocol rule lives here, once: the network of
//! numbered messages in flight (loss, duplication, reordering, partitions), crash and recovery,
//! the seeded scheduler, invariant plumbing, the history with checkpoints ([`Sim`]) and the
//! fixed order of [`World::enabled_actions`] that links, explorer paths and tests rely on.
//!
//! A protocol plugs in through [`Protocol`]: its nodes, messages, client inputs, timers,
//! events, ghost record and invariants. Its handlers are sans-IO, as in `paxos-core`: they get a
//! [`Cx`] to write messages, events and ghost facts into, and the kernel does the rest (numbers
//! the messages, puts them in flight or drops them at a partition, delivers a node's messages to
//! itself at once, checks the invariants). Single-decree Paxos ([`crate::single_decree`]) and
//! Multi-Paxos are the two adapters; a third protocol is one more adapter, with no change here.
//!
//! The kernel owns the one seeded [`Rng`]: the scheduler draws from it, and a handler may (for
//! a backoff) through [`Cx::rng`]. Nothing else is random, so the same config, seed and actions
//! give the same run, natively and in wasm.

pub mod check;
mod history;
mod net;
mod seen;
mod world;

pub use history::{Branch, ReplayError, ReplayFailure, Sim, CHECKPOINT_EVERY};
pub use net::{DropReason, Envelope, NetEvent};
pub use seen::{Mark, MarkKind, Seen};
pub use world::{multiset, ActionError, World};

use crate::config::{ConfigError, Network};
use crate::rng::Rng;
use paxos_core::{AcceptorRenaming, NodeId};
use std::fmt;
use std::hash::{Hash, Hasher};

/// A message a handler wants sent: its receiver and the message. The core's outbox entries
/// implement it, so handlers keep writing to the core's own outbox type.
pub trait Outgoing<M> {
    /// The receiver.
    fn to(&self) -> NodeId;
    /// The message.
    fn into_msg(self) -> M;
}

/// The part of a protocol's config the kernel reads and the `network` action changes.
pub trait NetworkConfig {
    /// The network settings in force.
    fn network(&self) -> Network;
    /// Changes them.
    fn set_network(&mut self, network: Network);
}

/// What a handler may touch besides its own node: the sans-IO output buffer.
pub struct Cx<'a, P: Protocol> {
    /// The step being applied.
    pub now: u64,
    /// Messages to send, in order.
    pub out: &'a mut Vec<P::Out>,
    /// What happened, in order.
    pub events: &'a mut Vec<P::Event>,
    /// The ghost record: what no node knows (votes ever cast, quorums formed, client history).
    pub ghost: &'a mut P::Ghost,
    /// The world's seeded stream, for backoffs.
    pub rng: &'a mut Rng,
}

/// A world at step 0, as [`Protocol::build`] makes it from a config.
pub struct Start<P: Protocol> {
    /// The cluster's fixed shape.
    pub protocol: P,
    /// Every node, in display order.
    pub nodes: Vec<P::Node>,
    /// The empty ghost record.
    pub ghost: P::Ghost,
}

/// One protocol, as the kernel sees it. `self` is the cluster's fixed shape (who is in it, its
/// quorums), built once from the config.
pub trait Protocol: Clone + fmt::Debug + Sized + 'static {
    /// The cluster's config, as traces and links carry it.
    type Config: Clone + fmt::Debug + PartialEq + NetworkConfig;
    /// One node's whole state, durable and volatile.
    type Node: Clone + fmt::Debug + PartialEq;
    /// A wire message.
    type Msg: Clone + fmt::Debug + PartialEq + Eq + Hash;
    /// An outbox entry of the core's handlers.
    type Out: Outgoing<Self::Msg> + Clone + fmt::Debug;
    /// A client's input: what [`crate::action::Action::Input`] carries.
    type Input: Clone + fmt::Debug + PartialEq + Eq + Hash + fmt::Display;
    /// What happened: the kernel's [`NetEvent`]s and the protocol's own.
    type Event: Clone + fmt::Debug + From<NetEvent<Self::Msg, Self::Violation>>;
    /// A broken invariant.
    type Violation: Clone + fmt::Debug + PartialEq + Eq;
    /// What the invariants need to know that no node does.
    type Ghost: Clone + fmt::Debug + PartialEq;

    /// The cluster's shape, its nodes in display order (all up, empty), and an empty ghost
    /// record; or why the config is refused.
    fn build(config: &Self::Config) -> Result<Start<Self>, ConfigError>;
    /// The position of node `id` in the node list, if it is in the cluster.
    fn node_index(&self, id: NodeId) -> Option<usize>;
    /// A node's name.
    fn id(node: &Self::Node) -> NodeId;
    /// False while crashed.
    fn is_up(node: &Self::Node) -> bool;
    /// The step at which the node's timer fires, if it has one pending.
    fn timer(node: &Self::Node) -> Option<u64>;

    /// The index of the node that takes `input`, or why it cannot now.
    fn check_input(&self, world: &World<Self>, input: &Self::Input) -> Result<usize, ActionError>;
    /// The index of `node`, or why its timer cannot fire now.
    fn check_timeout(&self, world: &World<Self>, node: NodeId) -> Result<usize, ActionError>;
    /// `node` takes a client's input.
    fn on_input(&self, node: &mut Self::Node, cx: &mut Cx<'_, Self>, input: &Self::Input);
    /// `node`'s timer fires.
    fn on_timer(&self, node: &mut Self::Node, cx: &mut Cx<'_, Self>);
    /// `node` receives `msg` from `from`. Returns false when it had no use for it (the kernel
    /// then records [`NetEvent::Ignored`]).
    fn on_message(
        &self,
        node: &mut Self::Node,
        cx: &mut Cx<'_, Self>,
        from: NodeId,
        msg: &Self::Msg,
    ) -> bool;
    /// `node` crashes: it keeps only what is durable.
    fn crash(node: &mut Self::Node);
    /// `node` restarts from what it kept.
    fn recover(node: &mut Self::Node);

    /// Runs every invariant over the events of one action (`step`), updating the ghost record.
    fn check(
        &self,
        ghost: &mut Self::Ghost,
        step: u64,
        events: &[Self::Event],
    ) -> Vec<Self::Violation>;
    /// Called after every action with the state it left, to keep the ghost record small.
    /// Must depend only on the state, so that replays and checkpoints agree.
    fn tidy(
        &self,
        _ghost: &mut Self::Ghost,
        _nodes: &[Self::Node],
        _in_flight: &[Envelope<Self::Msg>],
        _step: u64,
    ) {
    }

    /// Hashes what of `node` matters for its future (not timer deadlines), for the explorer.
    fn hash_node<H: Hasher>(node: &Self::Node, h: &mut H);
    /// Hashes what of the ghost record the invariants still need, for the explorer.
    fn hash_ghost<H: Hasher>(ghost: &Self::Ghost, h: &mut H);
    /// Roughly how many bytes the nodes and the ghost record occupy, heap included.
    fn approx_bytes(nodes: &[Self::Node], ghost: &Self::Ghost) -> usize;

    /// How many interchangeable acceptors a world of `config` has, for symmetry reduction
    /// (see [`paxos_core::AcceptorRenaming`]): 0 when renaming them would change what the
    /// world does (the default).
    fn symmetric_acceptors(_config: &Self::Config) -> u8 {
        0
    }
    /// [`Protocol::hash_node`] as if the acceptors were renamed by `r`; only protocols with
    /// [`Protocol::symmetric_acceptors`] need it.
    fn hash_node_renamed<H: Hasher>(node: &Self::Node, h: &mut H, _r: &AcceptorRenaming) {
        Self::hash_node(node, h)
    }
    /// [`Protocol::hash_ghost`] as if the acceptors were renamed by `r`.
    fn hash_ghost_renamed<H: Hasher>(ghost: &Self::Ghost, h: &mut H, _r: &AcceptorRenaming) {
        Self::hash_ghost(ghost, h)
    }
    /// The message as if the acceptors were renamed by `r`.
    fn msg_renamed(msg: &Self::Msg, _r: &AcceptorRenaming) -> Self::Msg {
        msg.clone()
    }

    /// Whether the message `msg` in flight can no longer change anything: delivered now or at
    /// any later point it is ignored, or refused with an answer that is itself ignored, and no
    /// invariant reads its delivery. The explorer, asked to ([`check::Space::prune`]), removes
    /// such messages from the states it keeps, so that the order in which dead messages would
    /// arrive does not multiply them. The default: no message is ever dead.
    fn dead(&self, _nodes: &[Self::Node], _msg: &Envelope<Self::Msg>) -> bool {
        false
    }

    /// What `event` means to the space-time diagram (see [`Seen`]): a message sent,
    /// delivered, lost or copied, a crash, a partition, a value chosen or learned, a node's
    /// own action; `None` for what it does not draw (the default: nothing).
    fn seen(_event: &Self::Event) -> Option<Seen<'_, Self::Msg>> {
        None
    }
    /// A message's ballot, which colours its line; `None` for messages without one.
    fn msg_ballot(_msg: &Self::Msg) -> Option<paxos_core::Ballot> {
        None
    }

    /// Whether this protocol's states have a compact byte form ([`Protocol::pack_state`]),
    /// which the explorer then keeps its frontier in (see [`World::pack`]). Without it the
    /// frontier holds whole worlds.
    const PACKS: bool = false;
    /// Whether a depth-first check packs its frontier too (when [`Protocol::PACKS`]). Depth
    /// first, the frontier is only the states beside one path, so packing saves little memory,
    /// and unpacking every state it expands costs what rebuilding its collections costs.
    const PACKS_DEPTH_FIRST: bool = true;
    /// Appends what of the nodes and the ghost record can change, compactly.
    fn pack_state(_nodes: &[Self::Node], _ghost: &Self::Ghost, _out: &mut Vec<u8>) {}
    /// Overwrites the nodes and the ghost record of a world of the same cluster with what
    /// [`Protocol::pack_state`] wrote; `None` if the bytes are not its.
    fn unpack_state(
        _nodes: &mut [Self::Node],
        _ghost: &mut Self::Ghost,
        _input: &mut &[u8],
    ) -> Option<()> {
        None
    }
    /// Appends a message's compact form.
    fn pack_msg(_msg: &Self::Msg, _out: &mut Vec<u8>) {}
    /// Reads what [`Protocol::pack_msg`] wrote.
    fn unpack_msg(_input: &mut &[u8]) -> Option<Self::Msg> {
        None
    }
}
