//! Multi-Paxos on the kernel: replicas of a key-value store agreeing on a log of commands,
//! and the clients that use it.
//!
//! The rules are in `paxos_core::multi` ([`Replica`], [`Client`]); this adapter runs them in the
//! kernel's world. Nodes are replicas `n1..` (leader, per-slot acceptor, learner and store in
//! one, as deployed) and clients `c1..`; with separate roles (`acceptors=3` in a script's
//! `cluster` line) standalone acceptors `a1..` vote instead of the replicas' own acceptors. A client's request is an input
//! (`client c1 put x 1 at n1`), and so is `elect n2`, which makes a replica start phase 1 now,
//! as if its suspicion timer had fired. Replicas' and clients' timers are the kernel's timers.
//!
//! What happened is a [`MultiEvent`]: the kernel's network events, each replica's notes (its
//! handlers' own account), the clients' requests, retries and replies, and what only the
//! simulator can see: the moment a quorum of acceptors accepted the same command in a slot,
//! which makes it chosen. The invariants ([`invariants`]) check every action against a ghost
//! record of votes, chosen slots, stores and the clients' history.

pub mod check;
pub mod event;
pub mod invariants;
pub mod random;
pub mod view;

pub use event::{MultiEvent, PaxosEvent};
pub use invariants::{MultiGhost, MultiViolation};
pub use view::MultiView;

use crate::action::InputTags;
use crate::config::{ConfigError, Network};
use crate::kernel::{self, ActionError, Cx, NetworkConfig, Outgoing, Protocol, Start};
use crate::kernel::{Mark, Seen};
use paxos_core::multi::acceptor::AcceptorNode;
use paxos_core::multi::client::Client;
use paxos_core::multi::replica::{MultiBugs, Note, Replica, ReplicaConfig};
use paxos_core::multi::store::KvStore;
use paxos_core::multi::{Msg, Op, Out};
use paxos_core::{AcceptorRenaming, NodeId, NodeKind};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::hash::{Hash, Hasher};

/// A Multi-Paxos cluster: replicas, clients, network and timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultiConfig {
    /// Replicas `n1..` (1..=7).
    pub replicas: u8,
    /// Clients `c1..` (0..=4).
    pub clients: u8,
    /// Standalone acceptors `a1..` (0..=7); 0, the default, is the combined layout, where each
    /// replica's own acceptor votes. Left out of a trace when 0, so that traces of combined
    /// clusters read as they always did.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub acceptors: u8,
    /// Network behaviour under the scheduler.
    #[serde(default)]
    pub network: Network,
    /// Steps a candidate waits for promises, or a follower for a forwarded request, before it
    /// campaigns.
    pub timeout: u64,
    /// Steps a client waits for a reply before it resends to the next replica.
    pub client_timeout: u64,
    /// Deliberately broken leaders (all off by default).
    #[serde(default)]
    pub bugs: MultiBugs,
}

impl MultiConfig {
    /// Most replicas.
    pub const MAX_REPLICAS: u8 = 7;
    /// Most clients.
    pub const MAX_CLIENTS: u8 = 4;

    /// `replicas` replicas and `clients` clients, a reliable FIFO network, default timers.
    pub fn new(replicas: u8, clients: u8) -> MultiConfig {
        MultiConfig {
            replicas,
            clients,
            acceptors: 0,
            network: Network {
                reorder: false,
                ..Network::default()
            },
            timeout: 40,
            client_timeout: 60,
            bugs: MultiBugs::default(),
        }
    }

    /// Checks the sizes.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(1..=Self::MAX_REPLICAS).contains(&self.replicas) {
            return Err(ConfigError(format!(
                "{} replicas: a Multi-Paxos cluster has 1 to {} replicas",
                self.replicas,
                Self::MAX_REPLICAS
            )));
        }
        if self.acceptors > Self::MAX_REPLICAS {
            return Err(ConfigError(format!(
                "{} acceptors: at most {} standalone acceptors (0 for combined replicas)",
                self.acceptors,
                Self::MAX_REPLICAS
            )));
        }
        if self.clients > Self::MAX_CLIENTS {
            return Err(ConfigError(format!(
                "{} clients: at most {} clients",
                self.clients,
                Self::MAX_CLIENTS
            )));
        }
        if self.timeout == 0 || self.client_timeout == 0 {
            return Err(ConfigError("timeouts must be at least 1 step".into()));
        }
        Ok(())
    }
}

impl NetworkConfig for MultiConfig {
    fn network(&self) -> Network {
        self.network
    }
    fn set_network(&mut self, network: Network) {
        self.network = network;
    }
}

/// What a node is.
#[derive(Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// A replica: leader, acceptor, learner and store (boxed: it is ten times a client's size).
    Replica(Box<Replica>),
    /// A standalone acceptor (separate roles only).
    Acceptor(AcceptorNode),
    /// A client of the store.
    Client(Client),
}

/// Written out so that `clone_from` copies a replica into the one already there (its box and
/// buffers reused: see [`Replica`]'s `clone_from`), as the explorer does for every action.
impl Clone for Part {
    fn clone(&self) -> Part {
        match self {
            Part::Replica(r) => Part::Replica(r.clone()),
            Part::Acceptor(a) => Part::Acceptor(a.clone()),
            Part::Client(c) => Part::Client(c.clone()),
        }
    }

    fn clone_from(&mut self, source: &Part) {
        match (self, source) {
            (Part::Replica(r), Part::Replica(s)) => r.clone_from(s),
            (Part::Acceptor(a), Part::Acceptor(s)) => a.clone_from(s),
            (me, source) => *me = source.clone(),
        }
    }
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// One node and whether it runs. A crashed replica keeps only its acceptor's state; a crashed
/// client keeps everything (it is the user's program, paused) and misses its replies.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MultiNode {
    /// False while crashed.
    pub up: bool,
    /// Replica or client.
    pub part: Part,
}

impl Clone for MultiNode {
    fn clone(&self) -> MultiNode {
        MultiNode {
            up: self.up,
            part: self.part.clone(),
        }
    }

    fn clone_from(&mut self, source: &MultiNode) {
        self.up = source.up;
        self.part.clone_from(&source.part);
    }
}

impl MultiNode {
    /// Its name.
    pub fn id(&self) -> NodeId {
        match &self.part {
            Part::Replica(r) => r.id(),
            Part::Acceptor(a) => a.id(),
            Part::Client(c) => c.id(),
        }
    }
    /// The replica, if it is one.
    pub fn replica(&self) -> Option<&Replica> {
        match &self.part {
            Part::Replica(r) => Some(r),
            _ => None,
        }
    }
    /// The client, if it is one.
    pub fn client(&self) -> Option<&Client> {
        match &self.part {
            Part::Client(c) => Some(c),
            _ => None,
        }
    }
    /// The standalone acceptor, if it is one.
    pub fn acceptor(&self) -> Option<&AcceptorNode> {
        match &self.part {
            Part::Acceptor(a) => Some(a),
            _ => None,
        }
    }
}

/// A client's input to a Multi-Paxos run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum MultiInput {
    /// Client `client` sends a new request with `op` to replica `at`:
    /// `client c1 put x 1 at n1`.
    Request {
        /// The client.
        client: NodeId,
        /// What it asks.
        op: Op,
        /// The replica it sends to.
        at: NodeId,
    },
    /// Replica `node` starts phase 1 with a higher ballot now: `elect n2`.
    Elect {
        /// The replica.
        node: NodeId,
    },
}

impl fmt::Display for MultiInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultiInput::Request { client, op, at } => write!(f, "client {client} {op} at {at}"),
            MultiInput::Elect { node } => write!(f, "elect {node}"),
        }
    }
}

/// Read from its fields, as serde's derive would for the tagged form it writes
/// (`{"action":"request","client":"c1","op":{"op":"put","key":"x","value":"1"},"at":"n1"}`),
/// but without the derive's buffering of tagged enums: the Multi-Paxos page reads traces,
/// and that code was a tenth of its trace import.
impl<'de> Deserialize<'de> for MultiInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<MultiInput, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct OpFields {
            op: String,
            key: paxos_core::Value,
            value: Option<paxos_core::Value>,
            expect: Option<paxos_core::Value>,
            new: Option<paxos_core::Value>,
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Fields {
            action: String,
            client: Option<NodeId>,
            op: Option<OpFields>,
            at: Option<NodeId>,
            node: Option<NodeId>,
        }
        fn need<T, E: Error>(v: Option<T>, name: &'static str) -> Result<T, E> {
            v.ok_or_else(|| E::missing_field(name))
        }
        let f = Fields::deserialize(d)?;
        match f.action.as_str() {
            "request" => {
                let o = need(f.op, "op")?;
                let op = match o.op.as_str() {
                    "put" => Op::Put {
                        key: o.key,
                        value: need(o.value, "value")?,
                    },
                    "get" => Op::Get { key: o.key },
                    "cas" => Op::Cas {
                        key: o.key,
                        expect: need(o.expect, "expect")?,
                        new: need(o.new, "new")?,
                    },
                    other => return Err(D::Error::unknown_variant(other, &["put", "get", "cas"])),
                };
                Ok(MultiInput::Request {
                    client: need(f.client, "client")?,
                    op,
                    at: need(f.at, "at")?,
                })
            }
            "elect" => Ok(MultiInput::Elect {
                node: need(f.node, "node")?,
            }),
            other => Err(D::Error::unknown_variant(other, MultiInput::TAGS)),
        }
    }
}

impl InputTags for MultiInput {
    const TAGS: &'static [&'static str] = &["request", "elect"];
}

impl Outgoing<Msg> for Out {
    #[inline]
    fn to(&self) -> NodeId {
        self.to
    }
    #[inline]
    fn into_msg(self) -> Msg {
        self.msg
    }
}

/// An action of a Multi-Paxos run.
pub type MultiAction = crate::action::Action<MultiInput>;
/// A Multi-Paxos world.
pub type MultiWorld = kernel::World<MultiPaxos>;
/// A Multi-Paxos run with its history.
pub type MultiSim = kernel::Sim<MultiPaxos>;

/// The cluster's fixed shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MultiPaxos {
    replicas: u8,
    acceptors: u8,
    clients: u8,
}

impl MultiPaxos {
    /// Replicas in the cluster.
    pub fn replicas(&self) -> u8 {
        self.replicas
    }
    /// Clients in the cluster.
    pub fn clients(&self) -> u8 {
        self.clients
    }
    /// Standalone acceptors in the cluster (0: combined replicas).
    pub fn acceptors(&self) -> u8 {
        self.acceptors
    }

    fn index_of(&self, world: &MultiWorld, id: NodeId) -> Result<usize, ActionError> {
        self.node_index(id)
            .ok_or(ActionError::NoSuchNode(id))
            .and_then(|i| {
                if world.nodes()[i].up {
                    Ok(i)
                } else {
                    Err(ActionError::NodeDown(id))
                }
            })
    }

    /// Turns a node's notes into events, and records what the invariants need: votes (a
    /// quorum of them chooses a slot), and a replica's store after it applied slots.
    fn notes(&self, me: NodeId, store: Option<&KvStore>, cx: &mut Cx<'_, Self>, notes: Vec<Note>) {
        let mut applied = false;
        for note in notes {
            let chosen = match &note {
                Note::Voted {
                    ballot,
                    slot,
                    command,
                } => cx.ghost.record_vote(me, *slot, *ballot, *command),
                _ => None,
            };
            applied |= matches!(note, Note::Applied { .. });
            cx.events.push(PaxosEvent::Note { node: me, note }.into());
            if let Some(c) = chosen {
                cx.events.push(c.into());
            }
        }
        if let (true, Some(store)) = (applied, store) {
            cx.ghost.record_store(me, store);
        }
    }
}

impl Protocol for MultiPaxos {
    type Config = MultiConfig;
    type Node = MultiNode;
    type Msg = Msg;
    type Out = Out;
    type Input = MultiInput;
    type Event = MultiEvent;
    type Violation = MultiViolation;
    type Ghost = MultiGhost;

    fn build(config: &MultiConfig) -> Result<Start<MultiPaxos>, ConfigError> {
        config.validate()?;
        let rc = ReplicaConfig {
            retry_timeout: config.timeout,
            bugs: config.bugs,
        };
        let (n, k) = (config.replicas, config.acceptors);
        let mut nodes: Vec<MultiNode> = (1..=n)
            .map(|i| MultiNode {
                up: true,
                part: Part::Replica(Box::new(Replica::with_acceptors(NodeId::node(i), n, k, rc))),
            })
            .collect();
        nodes.extend((1..=k).map(|i| MultiNode {
            up: true,
            part: Part::Acceptor(AcceptorNode::new(NodeId::acceptor(i), n)),
        }));
        nodes.extend((1..=config.clients).map(|i| MultiNode {
            up: true,
            part: Part::Client(Client::new(NodeId::client(i), n, config.client_timeout)),
        }));
        Ok(Start {
            protocol: MultiPaxos {
                replicas: n,
                acceptors: k,
                clients: config.clients,
            },
            nodes,
            ghost: MultiGhost::new(n, k),
        })
    }

    #[inline]
    fn node_index(&self, id: NodeId) -> Option<usize> {
        let i = id.index as usize;
        match id.kind {
            NodeKind::Node if (1..=self.replicas as usize).contains(&i) => Some(i - 1),
            NodeKind::Acceptor if (1..=self.acceptors as usize).contains(&i) => {
                Some(self.replicas as usize + i - 1)
            }
            NodeKind::Client if (1..=self.clients as usize).contains(&i) => {
                Some(self.replicas as usize + self.acceptors as usize + i - 1)
            }
            _ => None,
        }
    }
    #[inline]
    fn id(node: &MultiNode) -> NodeId {
        node.id()
    }
    #[inline]
    fn is_up(node: &MultiNode) -> bool {
        node.up
    }
    #[inline]
    fn timer(node: &MultiNode) -> Option<u64> {
        match &node.part {
            Part::Replica(r) => r.timer(),
            Part::Acceptor(_) => None,
            Part::Client(c) => c.timer(),
        }
    }

    fn check_input(&self, world: &MultiWorld, input: &MultiInput) -> Result<usize, ActionError> {
        match *input {
            MultiInput::Request { client, at, .. } => {
                let i = self.index_of(world, client)?;
                let Part::Client(c) = &world.nodes()[i].part else {
                    return Err(ActionError::NotAClient(client));
                };
                if self.node_index(at).is_none() || at.kind != NodeKind::Node {
                    return Err(ActionError::NotAReplica(at));
                }
                match c.outstanding() {
                    Some((r, _)) => Err(ActionError::Busy(client, r.to_string())),
                    None => Ok(i),
                }
            }
            MultiInput::Elect { node } => {
                let i = self.index_of(world, node)?;
                match &world.nodes()[i].part {
                    Part::Replica(_) => Ok(i),
                    _ => Err(ActionError::NotAReplica(node)),
                }
            }
        }
    }

    fn check_timeout(&self, world: &MultiWorld, node: NodeId) -> Result<usize, ActionError> {
        let i = self.index_of(world, node)?;
        match Self::timer(&world.nodes()[i]) {
            Some(_) => Ok(i),
            None => Err(ActionError::NothingToRetry(node)),
        }
    }

    fn on_input(&self, node: &mut MultiNode, cx: &mut Cx<'_, Self>, input: &MultiInput) {
        match (&mut node.part, *input) {
            (Part::Client(c), MultiInput::Request { op, at, .. }) => {
                if let Ok(request) = c.send(cx.now, op, at, cx.out) {
                    cx.ghost.invoked(request);
                    cx.events.push(
                        PaxosEvent::Sent {
                            client: request.client,
                            request,
                            to: at,
                        }
                        .into(),
                    );
                }
            }
            (Part::Replica(r), MultiInput::Elect { .. }) => {
                let mut notes = Vec::new();
                r.campaign(cx.now, cx.out, &mut notes);
                self.notes(r.id(), Some(r.store()), cx, notes);
            }
            _ => {}
        }
    }

    fn on_timer(&self, node: &mut MultiNode, cx: &mut Cx<'_, Self>) {
        match &mut node.part {
            Part::Replica(r) => {
                let mut notes = Vec::new();
                r.on_timeout(cx.now, cx.out, &mut notes);
                self.notes(r.id(), Some(r.store()), cx, notes);
            }
            Part::Acceptor(_) => {}
            Part::Client(c) => {
                if let Some((request, to)) = c.on_timeout(cx.now, cx.out) {
                    cx.events.push(
                        PaxosEvent::Retry {
                            client: request.client,
                            request,
                            to,
                        }
                        .into(),
                    );
                }
            }
        }
    }

    fn on_message(
        &self,
        node: &mut MultiNode,
        cx: &mut Cx<'_, Self>,
        from: NodeId,
        msg: &Msg,
    ) -> bool {
        match &mut node.part {
            Part::Replica(r) => {
                let (mut notes, sent) = (Vec::new(), cx.out.len());
                r.on_message(cx.now, from, msg.clone(), cx.out, &mut notes);
                let used = !notes.is_empty() || cx.out.len() > sent;
                self.notes(r.id(), Some(r.store()), cx, notes);
                used
            }
            Part::Acceptor(a) => {
                let (mut notes, sent) = (Vec::new(), cx.out.len());
                a.on_message(from, msg, cx.out, &mut notes);
                let used = !notes.is_empty() || cx.out.len() > sent;
                self.notes(a.id(), None, cx, notes);
                used
            }
            Part::Client(c) => {
                let Msg::Reply { id, outcome } = *msg else {
                    return false;
                };
                let Some((request, outcome)) = c.on_reply(id, outcome) else {
                    return false;
                };
                cx.ghost.returned(request, outcome);
                cx.events.push(
                    PaxosEvent::Replied {
                        client: request.client,
                        request,
                        outcome,
                    }
                    .into(),
                );
                true
            }
        }
    }

    fn crash(node: &mut MultiNode) {
        node.up = false;
        if let Part::Replica(r) = &mut node.part {
            r.crash();
        }
    }
    fn recover(node: &mut MultiNode) {
        node.up = true;
    }

    fn check(
        &self,
        ghost: &mut MultiGhost,
        step: u64,
        events: &[MultiEvent],
    ) -> Vec<MultiViolation> {
        invariants::check(ghost, step, events)
    }

    fn seen(event: &MultiEvent) -> Option<Seen<'_, Msg>> {
        Some(match event {
            MultiEvent::Net(e) => return e.seen(),
            MultiEvent::Paxos(PaxosEvent::Chosen {
                slot,
                command,
                quorum,
                ..
            }) => Seen::Mark(Mark::chosen(
                quorum.clone(),
                format!("slot {slot}: {command} chosen"),
            )),
            MultiEvent::Paxos(PaxosEvent::Note {
                node,
                note: Note::Learned { slot, command },
            }) => Seen::Mark(Mark::learned(
                *node,
                format!("{node} learns slot {slot}: {command}"),
            )),
            MultiEvent::Paxos(PaxosEvent::Note {
                node,
                note: Note::Campaign { .. },
            }) => Seen::Local {
                node: *node,
                text: event.to_string(),
            },
            MultiEvent::Paxos(PaxosEvent::Retry { client, .. }) => Seen::Local {
                node: *client,
                text: event.to_string(),
            },
            _ => return None,
        })
    }

    fn msg_ballot(msg: &Msg) -> Option<paxos_core::Ballot> {
        match msg {
            Msg::Prepare { ballot, .. }
            | Msg::Promise { ballot, .. }
            | Msg::Accept { ballot, .. }
            | Msg::Accepted { ballot, .. }
            | Msg::Nack { ballot, .. } => Some(*ballot),
            _ => None,
        }
    }

    fn hash_node<H: Hasher>(node: &MultiNode, h: &mut H) {
        node.up.hash(h);
        match &node.part {
            Part::Replica(r) => r.hash_logical(h),
            Part::Acceptor(a) => a.hash(h),
            Part::Client(c) => c.hash_logical(h),
        }
    }

    fn hash_ghost<H: Hasher>(ghost: &MultiGhost, h: &mut H) {
        ghost.hash_logical(h);
    }

    /// Standalone acceptors are interchangeable: majority quorums of them, every replica sends
    /// each Prepare and Accept to all of them, and nothing names one in particular (clients
    /// send to replicas, elections start at replicas, only replicas crash in a check). Replicas
    /// are not: commands go to named replicas. So the combined layout has no symmetry.
    fn symmetric_acceptors(config: &MultiConfig) -> u8 {
        config.acceptors
    }

    fn hash_node_renamed<H: Hasher>(node: &MultiNode, h: &mut H, r: &AcceptorRenaming) {
        node.up.hash(h);
        match &node.part {
            Part::Replica(rep) => rep.hash_renamed(h, r),
            Part::Acceptor(a) => a.hash_renamed(h, r),
            Part::Client(c) => c.hash_logical(h),
        }
    }

    fn hash_ghost_renamed<H: Hasher>(ghost: &MultiGhost, h: &mut H, r: &AcceptorRenaming) {
        ghost.hash_renamed(h, r);
    }

    /// Multi-Paxos states are packed too: a breadth-first check holds a level of them, and
    /// whole worlds (a dozen maps a replica) took ~470 bytes a state where packed ones take a
    /// fraction of that.
    const PACKS: bool = true;
    /// Depth first, whole worlds reused through the explorer's spares are faster than
    /// unpacking a replica's maps for every state (34 k against 90 k states a second natively
    /// on the default check), and the frontier is small either way.
    const PACKS_DEPTH_FIRST: bool = false;

    fn pack_state(nodes: &[MultiNode], ghost: &MultiGhost, out: &mut Vec<u8>) {
        use paxos_core::pack::Pack;
        for n in nodes {
            n.up.pack(out);
            match &n.part {
                Part::Replica(r) => r.pack_state(out),
                Part::Acceptor(a) => a.pack_state(out),
                Part::Client(c) => c.pack_state(out),
            }
        }
        ghost.pack(out);
    }

    fn unpack_state(
        nodes: &mut [MultiNode],
        ghost: &mut MultiGhost,
        input: &mut &[u8],
    ) -> Option<()> {
        use paxos_core::pack::Pack;
        for n in nodes {
            n.up = bool::unpack(input)?;
            match &mut n.part {
                Part::Replica(r) => r.unpack_state(input)?,
                Part::Acceptor(a) => a.unpack_state(input)?,
                Part::Client(c) => c.unpack_state(input)?,
            }
        }
        ghost.unpack(input)
    }

    fn pack_msg(msg: &Msg, out: &mut Vec<u8>) {
        paxos_core::pack::Pack::pack(msg, out)
    }

    fn unpack_msg(input: &mut &[u8]) -> Option<Msg> {
        paxos_core::pack::Pack::unpack(input)
    }

    fn approx_bytes(_nodes: &[MultiNode], ghost: &MultiGhost) -> usize {
        ghost.approx_heap_bytes()
    }
}
