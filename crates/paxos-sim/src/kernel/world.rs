//! The simulated world of any protocol: its nodes, the network between them, the scheduler.
//!
//! [`World::apply`] is the only way the world changes. It takes one [`Action`], runs the
//! protocol's pure handlers, turns what they want sent into numbered messages in flight, records
//! every event, and checks the invariants. The world owns the one seeded [`Rng`]; it is used
//! only by the scheduler (the `Step` action) and by handlers' backoffs, so the same config, seed
//! and actions give the same run, natively and in wasm.
//!
//! Network semantics: messages in flight form a list ordered by id; any of them may be
//! delivered next (by hand, or by the scheduler when `reorder` is on); a message to a crashed
//! node is lost on arrival; a message across a partition is lost when sent, and messages
//! already in flight across a new partition are lost when it forms. A node's message to itself
//! never enters the network: it is delivered at once, after the handler that sent it.

use super::net::{DropReason, Envelope, NetEvent};
use super::{Cx, NetworkConfig, Outgoing, Protocol, Start};
use crate::action::{Action, MsgId};
use crate::config::ConfigError;
use crate::rng::Rng;
use paxos_core::NodeId;
use std::collections::VecDeque;
use std::fmt;
use std::hash::{Hash, Hasher};

/// Why an action could not be applied. The world is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// No message with this id is in flight.
    NoSuchMessage(MsgId),
    /// No node with this name is in the cluster.
    NoSuchNode(NodeId),
    /// The node has no proposer role.
    NotAProposer(NodeId),
    /// The node is not a client.
    NotAClient(NodeId),
    /// The node is not a replica.
    NotAReplica(NodeId),
    /// The client still waits for the reply to this request.
    Busy(NodeId, String),
    /// The node is crashed and cannot act.
    NodeDown(NodeId),
    /// Recover was asked of a node that is up.
    NodeUp(NodeId),
    /// Timeout was asked of a proposer that is not waiting for anything.
    NothingToRetry(NodeId),
    /// Heal was asked while the network is whole.
    NotPartitioned,
    /// The partition's groups are malformed.
    BadPartition(String),
    /// Step found nothing to do: no message in flight and no timer pending.
    NothingToDo,
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::NoSuchMessage(id) => write!(f, "no message #{id} is in flight"),
            ActionError::NoSuchNode(n) => write!(f, "there is no node {n} in this cluster"),
            ActionError::NotAProposer(n) => write!(f, "{n} is not a proposer"),
            ActionError::NotAClient(n) => write!(f, "{n} is not a client"),
            ActionError::NotAReplica(n) => write!(f, "{n} is not a replica"),
            ActionError::Busy(n, r) => write!(f, "{n} still waits for the reply to {r}"),
            ActionError::NodeDown(n) => write!(f, "{n} is crashed"),
            ActionError::NodeUp(n) => write!(f, "{n} is not crashed"),
            ActionError::NothingToRetry(n) => write!(f, "{n} is not waiting for anything"),
            ActionError::NotPartitioned => f.write_str("the network is not partitioned"),
            ActionError::BadPartition(why) => write!(f, "bad partition: {why}"),
            ActionError::NothingToDo => {
                f.write_str("nothing to do: no message in flight and no timer pending")
            }
        }
    }
}

impl std::error::Error for ActionError {}

/// The whole simulated state at one step.
#[derive(Debug)]
pub struct World<P: Protocol> {
    config: P::Config,
    proto: P,
    step: u64,
    rng: Rng,
    next_id: MsgId,
    nodes: Vec<P::Node>,
    in_flight: Vec<Envelope<P::Msg>>,
    /// Partition group of each node (same order as `nodes`); all zero when whole.
    group: Vec<u8>,
    partitioned: bool,
    ghost: P::Ghost,
    violations: Vec<P::Violation>,
    /// Scratch space reused between actions (always empty between actions).
    local: VecDeque<Envelope<P::Msg>>,
    outbox: Vec<P::Out>,
}

/// Written out so that `clone_from` reuses every buffer: the explorer copies each state it
/// expands into one scratch world per action it tries, and allocating a dozen buffers each
/// time was a third of its running time.
impl<P: Protocol> Clone for World<P> {
    fn clone(&self) -> World<P> {
        World {
            config: self.config.clone(),
            proto: self.proto.clone(),
            step: self.step,
            rng: self.rng,
            next_id: self.next_id,
            nodes: self.nodes.clone(),
            in_flight: self.in_flight.clone(),
            group: self.group.clone(),
            partitioned: self.partitioned,
            ghost: self.ghost.clone(),
            violations: self.violations.clone(),
            local: self.local.clone(),
            outbox: self.outbox.clone(),
        }
    }

    fn clone_from(&mut self, source: &World<P>) {
        let World {
            config,
            proto,
            step,
            rng,
            next_id,
            nodes,
            in_flight,
            group,
            partitioned,
            ghost,
            violations,
            local,
            outbox,
        } = self;
        config.clone_from(&source.config);
        proto.clone_from(&source.proto);
        *step = source.step;
        *rng = source.rng;
        *next_id = source.next_id;
        nodes.clone_from(&source.nodes);
        in_flight.clone_from(&source.in_flight);
        group.clone_from(&source.group);
        *partitioned = source.partitioned;
        ghost.clone_from(&source.ghost);
        violations.clone_from(&source.violations);
        local.clone_from(&source.local);
        outbox.clone_from(&source.outbox);
    }
}

impl<P: Protocol> PartialEq for World<P> {
    /// Two worlds are equal when everything that matters for the future and for display is:
    /// scratch buffers are ignored.
    fn eq(&self, other: &World<P>) -> bool {
        self.config == other.config
            && self.step == other.step
            && self.rng == other.rng
            && self.next_id == other.next_id
            && self.nodes == other.nodes
            && self.in_flight == other.in_flight
            && self.group == other.group
            && self.ghost == other.ghost
            && self.violations == other.violations
    }
}

/// Shorthand for the kernel's events as the protocol's.
type Ev<P> = NetEvent<<P as Protocol>::Msg, <P as Protocol>::Violation>;

impl<P: Protocol> World<P> {
    /// A fresh world: every node up with empty state, nothing in flight, step 0.
    pub fn new(config: P::Config, seed: u64) -> Result<World<P>, ConfigError> {
        let Start {
            protocol: proto,
            nodes,
            ghost,
        } = P::build(&config)?;
        Ok(World {
            config,
            proto,
            step: 0,
            rng: Rng::new(seed),
            next_id: 1,
            group: vec![0; nodes.len()],
            nodes,
            in_flight: Vec::new(),
            partitioned: false,
            ghost,
            violations: Vec::new(),
            local: VecDeque::new(),
            outbox: Vec::new(),
        })
    }

    /// The config it was built from (with the network settings now in force).
    pub fn config(&self) -> &P::Config {
        &self.config
    }
    /// The cluster's fixed shape.
    pub fn protocol(&self) -> &P {
        &self.proto
    }
    /// How many actions have been applied.
    pub fn step(&self) -> u64 {
        self.step
    }
    /// Every node, in display order.
    pub fn nodes(&self) -> &[P::Node] {
        &self.nodes
    }
    /// Messages in flight, by id.
    pub fn in_flight(&self) -> &[Envelope<P::Msg>] {
        &self.in_flight
    }
    /// The ghost record (what no node knows).
    pub fn ghost(&self) -> &P::Ghost {
        &self.ghost
    }
    /// Every invariant violation so far.
    pub fn violations(&self) -> &[P::Violation] {
        &self.violations
    }
    /// The partition as groups of nodes, or `None` when the network is whole.
    pub fn partition(&self) -> Option<Vec<Vec<NodeId>>> {
        self.partitioned.then(|| self.groups())
    }

    fn groups(&self) -> Vec<Vec<NodeId>> {
        let count = self.group.iter().copied().max().unwrap_or(0) as usize + 1;
        let mut groups = vec![Vec::new(); count];
        for (node, g) in self.nodes.iter().zip(&self.group) {
            groups[*g as usize].push(P::id(node));
        }
        groups.retain(|g| !g.is_empty());
        groups
    }

    /// The position of `id` in [`World::nodes`], if it is in the cluster.
    pub fn node_index(&self, id: NodeId) -> Option<usize> {
        self.proto.node_index(id)
    }

    /// The node named `id`.
    pub fn node(&self, id: NodeId) -> Option<&P::Node> {
        self.node_index(id).map(|i| &self.nodes[i])
    }

    fn separated(&self, a: NodeId, b: NodeId) -> bool {
        if !self.partitioned {
            return false;
        }
        match (self.node_index(a), self.node_index(b)) {
            (Some(i), Some(j)) => self.group[i] != self.group[j],
            _ => false,
        }
    }

    fn message_pos(&self, id: MsgId) -> Result<usize, ActionError> {
        self.in_flight
            .binary_search_by_key(&id, |m| m.id)
            .map_err(|_| ActionError::NoSuchMessage(id))
    }

    /// Applies one action, appending what happened to `events`. `Step` is resolved by the
    /// scheduler; the concrete action it became is returned (for any other action, the action
    /// itself). On error nothing changes and nothing is appended.
    pub fn apply(
        &mut self,
        action: &Action<P::Input>,
        events: &mut Vec<P::Event>,
    ) -> Result<Action<P::Input>, ActionError> {
        let now = self.step + 1;
        let (action, by_scheduler) = match action {
            Action::Step => (self.schedule(now).ok_or(ActionError::NothingToDo)?, true),
            other => {
                self.validate(other)?;
                (other.clone(), false)
            }
        };
        let start = events.len();
        self.step = now;
        self.execute(&action, by_scheduler, now, events);
        self.drain_local(now, events);
        let found = self.proto.check(&mut self.ghost, now, &events[start..]);
        for violation in found {
            events.push(
                Ev::<P>::Violation {
                    violation: violation.clone(),
                }
                .into(),
            );
            self.violations.push(violation);
        }
        self.proto
            .tidy(&mut self.ghost, &self.nodes, &self.in_flight, now);
        Ok(action)
    }

    fn validate(&self, action: &Action<P::Input>) -> Result<(), ActionError> {
        match action {
            Action::Deliver { id } | Action::Drop { id } | Action::Duplicate { id } => {
                self.message_pos(*id).map(|_| ())
            }
            Action::Crash { node } => {
                let i = self
                    .node_index(*node)
                    .ok_or(ActionError::NoSuchNode(*node))?;
                if P::is_up(&self.nodes[i]) {
                    Ok(())
                } else {
                    Err(ActionError::NodeDown(*node))
                }
            }
            Action::Recover { node } => {
                let i = self
                    .node_index(*node)
                    .ok_or(ActionError::NoSuchNode(*node))?;
                if P::is_up(&self.nodes[i]) {
                    Err(ActionError::NodeUp(*node))
                } else {
                    Ok(())
                }
            }
            Action::Input(input) => self.proto.check_input(self, input).map(|_| ()),
            Action::Timeout { node } => self.proto.check_timeout(self, *node).map(|_| ()),
            Action::Partition { groups } => self.partition_groups(groups).map(|_| ()),
            Action::Heal => {
                if self.partitioned {
                    Ok(())
                } else {
                    Err(ActionError::NotPartitioned)
                }
            }
            Action::Step | Action::Network { .. } | Action::Reseed { .. } => Ok(()),
        }
    }

    /// The group number of every node for a partition into `groups`; unlisted nodes share one
    /// more group.
    fn partition_groups(&self, groups: &[Vec<NodeId>]) -> Result<Vec<u8>, ActionError> {
        const UNSET: u8 = u8::MAX;
        let mut group = vec![UNSET; self.nodes.len()];
        let mut named = 0u8;
        for g in groups.iter().filter(|g| !g.is_empty()) {
            for id in g {
                let i = self.node_index(*id).ok_or(ActionError::NoSuchNode(*id))?;
                if group[i] != UNSET {
                    return Err(ActionError::BadPartition(format!("{id} is in two groups")));
                }
                group[i] = named;
            }
            named += 1;
        }
        if named == 0 {
            return Err(ActionError::BadPartition("no groups given".into()));
        }
        for g in group.iter_mut().filter(|g| **g == UNSET) {
            *g = named;
        }
        if group.iter().all(|g| *g == group[0]) {
            return Err(ActionError::BadPartition(
                "every node is in one group; that is no partition".into(),
            ));
        }
        Ok(group)
    }

    /// The scheduler: picks a concrete action for `Step`, or `None` when nothing can happen.
    fn schedule(&mut self, now: u64) -> Option<Action<P::Input>> {
        let timers = || {
            self.nodes
                .iter()
                .filter(|n| P::is_up(n))
                .filter_map(|n| Some((P::timer(n)?, P::id(n))))
        };
        let due: Vec<NodeId> = timers()
            .filter(|(t, _)| *t <= now)
            .map(|(_, id)| id)
            .collect();
        let msgs = self.in_flight.len();
        if msgs == 0 && due.is_empty() {
            // Quiet network: jump to the earliest pending timer, if any.
            return timers().min().map(|(_, node)| Action::Timeout { node });
        }
        let net = self.config.network();
        let id = if !net.reorder {
            if let Some(&node) = due.first() {
                return Some(Action::Timeout { node });
            }
            self.in_flight[0].id
        } else {
            let k = self.rng.below((msgs + due.len()) as u64) as usize;
            if k >= msgs {
                return Some(Action::Timeout {
                    node: due[k - msgs],
                });
            }
            self.in_flight[k].id
        };
        Some(if self.rng.chance(net.loss) {
            Action::Drop { id }
        } else if self.rng.chance(net.dup) {
            Action::Duplicate { id }
        } else {
            Action::Deliver { id }
        })
    }

    /// Runs `f` on node `i` with a context whose messages are sent from it afterwards.
    fn with_node(
        &mut self,
        i: usize,
        now: u64,
        events: &mut Vec<P::Event>,
        f: impl FnOnce(&P, &mut P::Node, &mut Cx<'_, P>),
    ) {
        let mut out = std::mem::take(&mut self.outbox);
        let me = P::id(&self.nodes[i]);
        let mut cx = Cx {
            now,
            out: &mut out,
            events,
            ghost: &mut self.ghost,
            rng: &mut self.rng,
        };
        f(&self.proto, &mut self.nodes[i], &mut cx);
        self.send_all(me, &mut out, now, events);
        self.outbox = out;
    }

    fn execute(
        &mut self,
        action: &Action<P::Input>,
        by_scheduler: bool,
        now: u64,
        events: &mut Vec<P::Event>,
    ) {
        match action {
            Action::Deliver { id } => {
                let Ok(pos) = self.message_pos(*id) else {
                    return;
                };
                let msg = self.in_flight.remove(pos);
                self.deliver(msg, false, now, events);
            }
            Action::Drop { id } => {
                let Ok(pos) = self.message_pos(*id) else {
                    return;
                };
                let msg = self.in_flight.remove(pos);
                let reason = if by_scheduler {
                    DropReason::Lost
                } else {
                    DropReason::ByHand
                };
                events.push(Ev::<P>::Drop { msg, reason }.into());
            }
            Action::Duplicate { id } => {
                let Ok(pos) = self.message_pos(*id) else {
                    return;
                };
                let msg = self.in_flight[pos].clone();
                let copy = Envelope {
                    id: self.next_id,
                    sent_step: now,
                    ..msg.clone()
                };
                self.next_id += 1;
                let copy_id = copy.id;
                self.in_flight.push(copy);
                events.push(Ev::<P>::Duplicate { msg, copy: copy_id }.into());
            }
            Action::Crash { node } => {
                let Some(i) = self.node_index(*node) else {
                    return;
                };
                P::crash(&mut self.nodes[i]);
                events.push(Ev::<P>::Crash { node: *node }.into());
            }
            Action::Recover { node } => {
                let Some(i) = self.node_index(*node) else {
                    return;
                };
                P::recover(&mut self.nodes[i]);
                events.push(Ev::<P>::Recover { node: *node }.into());
            }
            Action::Input(input) => {
                let Ok(i) = self.proto.check_input(self, input) else {
                    return;
                };
                self.with_node(i, now, events, |proto, node, cx| {
                    proto.on_input(node, cx, input)
                });
            }
            Action::Timeout { node } => {
                let Some(i) = self.node_index(*node) else {
                    return;
                };
                self.with_node(i, now, events, |proto, node, cx| proto.on_timer(node, cx));
            }
            Action::Partition { groups } => {
                let Ok(group) = self.partition_groups(groups) else {
                    return;
                };
                self.group = group;
                self.partitioned = true;
                events.push(
                    Ev::<P>::Partition {
                        groups: self.groups(),
                    }
                    .into(),
                );
                let (cut, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.in_flight)
                    .into_iter()
                    .partition(|m| self.separated(m.from, m.to));
                self.in_flight = kept;
                for msg in cut {
                    events.push(
                        Ev::<P>::Drop {
                            msg,
                            reason: DropReason::Partition,
                        }
                        .into(),
                    );
                }
            }
            Action::Heal => {
                self.group.iter_mut().for_each(|g| *g = 0);
                self.partitioned = false;
                events.push(Ev::<P>::Heal.into());
            }
            Action::Network { network } => {
                self.config.set_network(*network);
                events.push(Ev::<P>::Network { network: *network }.into());
            }
            Action::Reseed { seed } => {
                self.rng = Rng::new(*seed);
                events.push(Ev::<P>::Reseed { seed: *seed }.into());
            }
            Action::Step => {}
        }
    }

    fn send_all(
        &mut self,
        from: NodeId,
        out: &mut Vec<P::Out>,
        now: u64,
        events: &mut Vec<P::Event>,
    ) {
        for o in out.drain(..) {
            let to = o.to();
            let msg = Envelope {
                id: self.next_id,
                from,
                to,
                payload: o.into_msg(),
                sent_step: now,
            };
            self.next_id += 1;
            let local = to == from;
            events.push(
                Ev::<P>::Send {
                    msg: msg.clone(),
                    local,
                }
                .into(),
            );
            if local {
                self.local.push_back(msg);
            } else if self.separated(from, to) {
                events.push(
                    Ev::<P>::Drop {
                        msg,
                        reason: DropReason::Partition,
                    }
                    .into(),
                );
            } else {
                self.in_flight.push(msg);
            }
        }
    }

    fn drain_local(&mut self, now: u64, events: &mut Vec<P::Event>) {
        while let Some(msg) = self.local.pop_front() {
            self.deliver(msg, true, now, events);
        }
    }

    /// Hands `msg` to its receiver and sends what it answers.
    fn deliver(
        &mut self,
        msg: Envelope<P::Msg>,
        local: bool,
        now: u64,
        events: &mut Vec<P::Event>,
    ) {
        let Some(i) = self.node_index(msg.to) else {
            return;
        };
        if !P::is_up(&self.nodes[i]) {
            events.push(
                Ev::<P>::Drop {
                    msg,
                    reason: DropReason::ReceiverDown,
                }
                .into(),
            );
            return;
        }
        let (from, id, payload) = (msg.from, msg.id, msg.payload.clone());
        events.push(Ev::<P>::Deliver { msg, local }.into());
        let me = P::id(&self.nodes[i]);
        self.with_node(i, now, events, |proto, node, cx| {
            if !proto.on_message(node, cx, from, &payload) {
                cx.events
                    .push(Ev::<P>::Ignored { node: me, msg: id }.into());
            }
        });
    }

    /// Every action possible now that needs no outside input, in this fixed order:
    /// 1. `Deliver` of each message in flight, by ascending id;
    /// 2. `Drop` of each, by ascending id;
    /// 3. `Duplicate` of each, by ascending id;
    /// 4. `Timeout` of each running node that has a timer, in node order;
    /// 5. `Crash` of each running node, in node order;
    /// 6. `Recover` of each crashed node, in node order.
    ///
    /// Inputs, `Partition`, `Heal`, `Network`, `Reseed` need arguments from outside and `Step`
    /// is the scheduler's pick among these, so none of them is listed. "The k-th enabled
    /// action" means the same thing in links, explorer paths and tests.
    pub fn enabled_actions(&self) -> Vec<Action<P::Input>> {
        let mut v = Vec::new();
        self.enabled_actions_into(&mut v, |a| a);
        v
    }

    /// [`World::enabled_actions`], appended to `out` as `wrap` makes them (the explorer keeps
    /// one buffer for every state).
    pub fn enabled_actions_into<T>(&self, out: &mut Vec<T>, wrap: impl Fn(Action<P::Input>) -> T) {
        let ids = || self.in_flight.iter().map(|m| m.id);
        out.extend(ids().map(|id| wrap(Action::Deliver { id })));
        out.extend(ids().map(|id| wrap(Action::Drop { id })));
        out.extend(ids().map(|id| wrap(Action::Duplicate { id })));
        out.extend(
            self.nodes
                .iter()
                .filter(|n| P::is_up(n) && P::timer(n).is_some())
                .map(|n| wrap(Action::Timeout { node: P::id(n) })),
        );
        out.extend(
            self.nodes
                .iter()
                .filter(|n| P::is_up(n))
                .map(|n| wrap(Action::Crash { node: P::id(n) })),
        );
        out.extend(
            self.nodes
                .iter()
                .filter(|n| !P::is_up(n))
                .map(|n| wrap(Action::Recover { node: P::id(n) })),
        );
    }

    /// Removes the messages in flight that [`Protocol::dead`] says can no longer change
    /// anything (the explorer's pruning; the simulator never calls it).
    pub fn forget_dead_messages(&mut self) {
        let (proto, nodes) = (&self.proto, &self.nodes);
        self.in_flight.retain(|m| !proto.dead(nodes, m));
    }

    /// Roughly how many bytes this world occupies, heap included (for memory figures).
    pub fn approx_bytes(&self) -> usize {
        use std::mem::size_of;
        size_of::<World<P>>()
            + self.nodes.capacity() * size_of::<P::Node>()
            + P::approx_bytes(&self.nodes, &self.ghost)
            + self.in_flight.capacity() * size_of::<Envelope<P::Msg>>()
            + self.group.capacity()
            + self.violations.capacity() * size_of::<P::Violation>()
    }

    /// Hashes the state as far as the future and the invariants are concerned: node states,
    /// the multiset of messages in flight (ignoring their ids and send steps), the partition and
    /// the ghost record. Message ids, timer deadlines, the step counter and the RNG are left
    /// out, so runs that reach the same situation by different paths meet.
    pub fn hash_logical<H: Hasher>(&self, h: &mut H) {
        self.hash_logical_fifo(h, false);
    }

    /// [`World::hash_logical`], with each message's place among the messages waiting on its
    /// channel (a sender and a receiver) when `fifo`: a search that delivers each channel's
    /// messages in order ([`super::check::Space::fifo`]) must tell apart channels that hold
    /// the same messages in different orders, since which may arrive next depends on it.
    /// Without `fifo` the messages in flight are a bag: any of them may arrive next.
    pub fn hash_logical_fifo<H: Hasher>(&self, h: &mut H, fifo: bool) {
        for n in &self.nodes {
            P::hash_node(n, h);
        }
        let flight = &self.in_flight;
        h.write_u64(if fifo {
            multiset(
                flight
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (m.from, m.to, place(flight, i), &m.payload)),
            )
        } else {
            multiset(flight.iter().map(|m| (m.from, m.to, &m.payload)))
        });
        h.write_usize(self.in_flight.len());
        self.group.hash(h);
        P::hash_ghost(&self.ghost, h);
        self.violations.len().hash(h);
    }
}

impl<P: Protocol> World<P> {
    /// The positions of the nodes in the order of their names; it depends only on the
    /// cluster, so the explorer computes it once per check.
    pub fn order_by_name(&self) -> Vec<usize> {
        let mut order: Vec<(NodeId, usize)> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (P::id(n), i))
            .collect();
        order.sort_unstable();
        order.into_iter().map(|(_, i)| i).collect()
    }

    /// [`World::hash_logical`] of this world as if its acceptors were renamed by `r`: nodes in
    /// the order of their new names (`order`: [`World::order_by_name`] with the acceptors
    /// permuted by `r`), messages with
    /// their ends renamed, the ghost record renamed. Two worlds that differ only by such a
    /// renaming hash alike under the right pair of renamings, which is what symmetry
    /// reduction needs.
    pub fn hash_renamed<H: Hasher>(
        &self,
        h: &mut H,
        r: &paxos_core::AcceptorRenaming,
        order: &[usize],
        fifo: bool,
    ) {
        for &i in order {
            P::hash_node_renamed(&self.nodes[i], h, r);
            h.write_u8(self.group[i]);
        }
        let flight = &self.in_flight;
        // A message's place in its channel is the same under any renaming.
        h.write_u64(multiset(flight.iter().enumerate().map(|(i, m)| {
            let place = if fifo { place(flight, i) } else { 0 };
            (
                r.id(m.from),
                r.id(m.to),
                place,
                P::msg_renamed(&m.payload, r),
            )
        })));
        h.write_usize(self.in_flight.len());
        P::hash_ghost_renamed(&self.ghost, h, r);
        self.violations.len().hash(h);
    }
}

impl<P: Protocol> World<P> {
    /// Appends this world's compact form, for a protocol that [`Protocol::PACKS`]: everything
    /// that can change in a world the explorer reaches (the step, the RNG, the message ids,
    /// the messages in flight with their ids and send steps, the partition, the nodes and the
    /// ghost record), so that [`World::unpack`] into a world of the same config gives back an
    /// equal world. The config, the cluster's shape and the violations (the explorer stops at
    /// the first) are not written.
    pub fn pack(&self, out: &mut Vec<u8>) {
        use paxos_core::pack::Pack;
        debug_assert!(P::PACKS && self.violations.is_empty() && self.local.is_empty());
        self.step.pack(out);
        self.rng.state().pack(out);
        self.next_id.pack(out);
        self.in_flight.len().pack(out);
        for m in &self.in_flight {
            m.id.pack(out);
            m.from.pack(out);
            m.to.pack(out);
            P::pack_msg(&m.payload, out);
            m.sent_step.pack(out);
        }
        self.partitioned.pack(out);
        if self.partitioned {
            out.extend_from_slice(&self.group);
        }
        P::pack_state(&self.nodes, &self.ghost, out);
    }

    /// Overwrites this world (one of the same config: the explorer's starting world, or any
    /// world it reached) with what [`World::pack`] wrote, reusing its buffers. `None` if the
    /// bytes are not a packed world of this cluster; the world is then unusable.
    pub fn unpack(&mut self, mut input: &[u8]) -> Option<()> {
        use paxos_core::pack::Pack;
        let input = &mut input;
        self.step = u64::unpack(input)?;
        self.rng = Rng::new(u64::unpack(input)?);
        self.next_id = MsgId::unpack(input)?;
        let n = usize::unpack(input)?;
        self.in_flight.clear();
        for _ in 0..n {
            self.in_flight.push(Envelope {
                id: MsgId::unpack(input)?,
                from: NodeId::unpack(input)?,
                to: NodeId::unpack(input)?,
                payload: P::unpack_msg(input)?,
                sent_step: u64::unpack(input)?,
            });
        }
        self.partitioned = bool::unpack(input)?;
        if self.partitioned {
            let n = self.group.len();
            if input.len() < n {
                return None;
            }
            let (group, rest) = input.split_at(n);
            self.group.copy_from_slice(group);
            *input = rest;
        } else {
            self.group.iter_mut().for_each(|g| *g = 0);
        }
        self.violations.clear();
        P::unpack_state(&mut self.nodes, &mut self.ghost, input)?;
        input.is_empty().then_some(())
    }
}

/// How many of the messages before `flight[i]` wait on its channel (the same sender and
/// receiver): its place in the channel's FIFO order.
fn place<M>(flight: &[Envelope<M>], i: usize) -> usize {
    let m = &flight[i];
    flight[..i]
        .iter()
        .filter(|o| o.from == m.from && o.to == m.to)
        .count()
}

/// A multiset's hash: the wrapping sum of its elements' hashes, equal for any order, and no
/// sorting or allocation on this hot path of the model checker.
pub fn multiset<T: Hash>(items: impl Iterator<Item = T>) -> u64 {
    items.fold(0u64, |acc, x| {
        let mut h = crate::hash::FxHasher::default();
        x.hash(&mut h);
        acc.wrapping_add(h.finish())
    })
}
