//! The simulated world: every agent, the network between them, and the scheduler.
//!
//! [`World::apply`] is the only way the world changes. It takes one [`Action`], runs the
//! agents' pure handlers from `paxos-core`, turns what they want sent into numbered messages in
//! flight, records every [`Event`], and checks the invariants. The world owns the one seeded
//! [`Rng`]; it is used only by the scheduler (the `Step` action) and for proposers' backoffs, so
//! the same config, seed and actions give the same run, natively and in wasm.
//!
//! Network semantics: messages in flight form a list ordered by id; any of them may be
//! delivered next (by hand, or by the scheduler when `reorder` is on); a message to a crashed
//! node is lost on arrival; a message across a partition is lost when sent, and messages
//! already in flight across a new partition are lost when it forms. A combined node's message
//! to itself never enters the network: it is delivered at once, after the handler that sent it.

use crate::action::{Action, MsgId};
use crate::config::{Config, ConfigError};
use crate::event::{DropReason, Envelope, Event};
use crate::invariants::{self, Ghost, Violation};
use crate::rng::Rng;
use paxos_core::{
    AcceptOutcome, AcceptedOutcome, Agent, Ballot, Handled, LearnOutcome, Membership, Message,
    NackOutcome, NodeId, NodeKind, Outbox, PrepareOutcome, PromiseOutcome, ProposerConfig, Quorums,
    Value,
};
use std::collections::VecDeque;
use std::fmt;
use std::hash::{Hash, Hasher};

/// Steps between prunings of the ghost record's settled votes.
const PRUNE_EVERY: u64 = 64;

/// One agent (or combined node) and whether it is running: the core's [`Agent`].
pub type Node = Agent;

/// Why an action could not be applied. The world is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// No message with this id is in flight.
    NoSuchMessage(MsgId),
    /// No node with this name is in the cluster.
    NoSuchNode(NodeId),
    /// The node has no proposer role.
    NotAProposer(NodeId),
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

/// The value accepted in `ballot`, if the acceptor's `accepted` proposal is from that ballot.
/// Accepting raises an acceptor's promise to the accepted ballot, so when the ballot that binds
/// an acceptor is one it accepted, the event says so: its reason is then its vote, not a Promise.
fn accepted_in(accepted: Option<(Ballot, Value)>, ballot: Ballot) -> Option<Value> {
    accepted.filter(|(b, _)| *b == ballot).map(|(_, v)| v)
}

/// The whole simulated state at one step.
#[derive(Clone, Debug)]
pub struct World {
    config: Config,
    members: Membership,
    quorums: Quorums,
    step: u64,
    rng: Rng,
    next_id: MsgId,
    nodes: Vec<Node>,
    in_flight: Vec<Envelope>,
    /// Partition group of each node (same order as `nodes`); all zero when whole.
    group: Vec<u8>,
    partitioned: bool,
    ghost: Ghost,
    violations: Vec<Violation>,
    /// Scratch space reused between actions (always empty between actions).
    local: VecDeque<Envelope>,
    outbox: Outbox,
}

impl PartialEq for World {
    /// Two worlds are equal when everything that matters for the future and for display is:
    /// scratch buffers are ignored.
    fn eq(&self, other: &World) -> bool {
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

impl World {
    /// A fresh world: every agent up with empty state, nothing in flight, step 0.
    pub fn new(config: Config, seed: u64) -> Result<World, ConfigError> {
        config.validate()?;
        let members = config.members();
        let quorums = config.quorums()?;
        let proposer_config = ProposerConfig {
            retry_timeout: config.timeout,
            bugs: config.bugs,
        };
        let nodes: Vec<Node> = members
            .node_ids()
            .into_iter()
            .map(|id| Agent::new(id, members, quorums, proposer_config, config.bugs))
            .collect();
        Ok(World {
            config,
            members,
            quorums,
            step: 0,
            rng: Rng::new(seed),
            next_id: 1,
            group: vec![0; nodes.len()],
            nodes,
            in_flight: Vec::new(),
            partitioned: false,
            ghost: Ghost::new(config.acceptors),
            violations: Vec::new(),
            local: VecDeque::new(),
            outbox: Outbox::new(),
        })
    }

    /// The config it was built from (with the network settings now in force).
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// Who is in the cluster.
    pub fn members(&self) -> &Membership {
        &self.members
    }
    /// The quorum rule.
    pub fn quorums(&self) -> &Quorums {
        &self.quorums
    }
    /// How many actions have been applied.
    pub fn step(&self) -> u64 {
        self.step
    }
    /// Every agent, in display order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }
    /// Messages in flight, by id.
    pub fn in_flight(&self) -> &[Envelope] {
        &self.in_flight
    }
    /// The ghost record (what was ever promised, accepted, chosen).
    pub fn ghost(&self) -> &Ghost {
        &self.ghost
    }
    /// Every invariant violation so far.
    pub fn violations(&self) -> &[Violation] {
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
            groups[*g as usize].push(node.id);
        }
        groups.retain(|g| !g.is_empty());
        groups
    }

    /// The position of `id` in [`World::nodes`], if it is in the cluster.
    pub fn node_index(&self, id: NodeId) -> Option<usize> {
        if !self.members.contains(id) {
            return None;
        }
        let i = id.index as usize - 1;
        Some(match id.kind {
            NodeKind::Proposer | NodeKind::Node => i,
            NodeKind::Acceptor => self.members.proposers() as usize + i,
            NodeKind::Learner => (self.members.proposers() + self.members.acceptors()) as usize + i,
            NodeKind::Client => return None,
        })
    }

    /// The node named `id`.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
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

    fn proposer_index(&self, id: NodeId) -> Result<usize, ActionError> {
        let i = self.node_index(id).ok_or(ActionError::NoSuchNode(id))?;
        if self.nodes[i].proposer.is_none() {
            return Err(ActionError::NotAProposer(id));
        }
        if !self.nodes[i].up {
            return Err(ActionError::NodeDown(id));
        }
        Ok(i)
    }

    /// Applies one action, appending what happened to `events`. `Step` is resolved by the
    /// scheduler; the concrete action it became is returned (for any other action, the action
    /// itself). On error nothing changes and nothing is appended.
    pub fn apply(
        &mut self,
        action: &Action,
        events: &mut Vec<Event>,
    ) -> Result<Action, ActionError> {
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
        let found = invariants::check(&mut self.ghost, &self.members, now, &events[start..]);
        for violation in found {
            events.push(Event::Violation {
                violation: violation.clone(),
            });
            self.violations.push(violation);
        }
        if now.is_multiple_of(PRUNE_EVERY) {
            self.prune_votes();
        }
        Ok(action)
    }

    /// Drops the ghost votes of ballots that can get no more votes (see
    /// [`Ghost::prune_votes`]). Runs at fixed steps, so replays and checkpoints agree.
    fn prune_votes(&mut self) {
        let mut live: Vec<paxos_core::Ballot> = self
            .in_flight
            .iter()
            .filter(|m| matches!(m.payload, Message::Accept { .. }))
            .map(|m| m.payload.ballot())
            .collect();
        live.extend(self.nodes.iter().filter_map(|n| {
            let p = n.proposer.as_ref()?;
            (p.phase() == paxos_core::Phase::Preparing).then(|| p.ballot())?
        }));
        self.ghost.prune_votes(&live);
    }

    fn validate(&self, action: &Action) -> Result<(), ActionError> {
        match action {
            Action::Deliver { id } | Action::Drop { id } | Action::Duplicate { id } => {
                self.message_pos(*id).map(|_| ())
            }
            Action::Crash { node } => {
                let i = self
                    .node_index(*node)
                    .ok_or(ActionError::NoSuchNode(*node))?;
                if self.nodes[i].up {
                    Ok(())
                } else {
                    Err(ActionError::NodeDown(*node))
                }
            }
            Action::Recover { node } => {
                let i = self
                    .node_index(*node)
                    .ok_or(ActionError::NoSuchNode(*node))?;
                if self.nodes[i].up {
                    Err(ActionError::NodeUp(*node))
                } else {
                    Ok(())
                }
            }
            Action::Propose { node, .. } => self.proposer_index(*node).map(|_| ()),
            Action::Timeout { node } => {
                let i = self.proposer_index(*node)?;
                match &self.nodes[i].proposer {
                    Some(p) if p.timer().is_some() => Ok(()),
                    _ => Err(ActionError::NothingToRetry(*node)),
                }
            }
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
    fn schedule(&mut self, now: u64) -> Option<Action> {
        let timers = || {
            self.nodes
                .iter()
                .filter(|n| n.up)
                .filter_map(|n| Some((n.proposer.as_ref()?.timer()?, n.id)))
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
        let msg = if !self.config.network.reorder {
            if let Some(&node) = due.first() {
                return Some(Action::Timeout { node });
            }
            self.in_flight[0]
        } else {
            let k = self.rng.below((msgs + due.len()) as u64) as usize;
            if k >= msgs {
                return Some(Action::Timeout {
                    node: due[k - msgs],
                });
            }
            self.in_flight[k]
        };
        let id = msg.id;
        let net = self.config.network;
        Some(if self.rng.chance(net.loss) {
            Action::Drop { id }
        } else if self.rng.chance(net.dup) {
            Action::Duplicate { id }
        } else {
            Action::Deliver { id }
        })
    }

    fn execute(&mut self, action: &Action, by_scheduler: bool, now: u64, events: &mut Vec<Event>) {
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
                events.push(Event::Drop { msg, reason });
            }
            Action::Duplicate { id } => {
                let Ok(pos) = self.message_pos(*id) else {
                    return;
                };
                let msg = self.in_flight[pos];
                let copy = Envelope {
                    id: self.next_id,
                    sent_step: now,
                    ..msg
                };
                self.next_id += 1;
                self.in_flight.push(copy);
                events.push(Event::Duplicate { msg, copy: copy.id });
            }
            Action::Crash { node } => {
                let Some(i) = self.node_index(*node) else {
                    return;
                };
                self.nodes[i].crash();
                events.push(Event::Crash { node: *node });
            }
            Action::Recover { node } => {
                let Some(i) = self.node_index(*node) else {
                    return;
                };
                self.nodes[i].recover();
                events.push(Event::Recover { node: *node });
            }
            Action::Propose { node, value } => {
                let Some(i) = self.node_index(*node) else {
                    return;
                };
                let mut out = std::mem::take(&mut self.outbox);
                let Some(p) = &mut self.nodes[i].proposer else {
                    return;
                };
                let ballot = p.propose(now, *value, &mut out);
                if !self.ghost.proposed.contains(value) {
                    self.ghost.proposed.push(*value);
                }
                events.push(Event::Propose {
                    node: *node,
                    value: *value,
                    ballot,
                });
                self.send_all(*node, &mut out, now, events);
                self.outbox = out;
            }
            Action::Timeout { node } => {
                let Some(i) = self.node_index(*node) else {
                    return;
                };
                let mut out = std::mem::take(&mut self.outbox);
                let Some(p) = &mut self.nodes[i].proposer else {
                    return;
                };
                if let Some(ballot) = p.on_timeout(now, &mut out) {
                    events.push(Event::Timeout {
                        node: *node,
                        ballot,
                    });
                }
                self.send_all(*node, &mut out, now, events);
                self.outbox = out;
            }
            Action::Partition { groups } => {
                let Ok(group) = self.partition_groups(groups) else {
                    return;
                };
                self.group = group;
                self.partitioned = true;
                events.push(Event::Partition {
                    groups: self.groups(),
                });
                let (cut, kept): (Vec<Envelope>, Vec<Envelope>) = self
                    .in_flight
                    .iter()
                    .partition(|m| self.separated(m.from, m.to));
                self.in_flight = kept;
                for msg in cut {
                    events.push(Event::Drop {
                        msg,
                        reason: DropReason::Partition,
                    });
                }
            }
            Action::Heal => {
                self.group.iter_mut().for_each(|g| *g = 0);
                self.partitioned = false;
                events.push(Event::Heal);
            }
            Action::Network { network } => {
                self.config.network = *network;
                events.push(Event::Network { network: *network });
            }
            Action::Reseed { seed } => {
                self.rng = Rng::new(*seed);
                events.push(Event::Reseed { seed: *seed });
            }
            Action::Step => {}
        }
    }

    fn send_all(&mut self, from: NodeId, out: &mut Outbox, now: u64, events: &mut Vec<Event>) {
        for o in out.drain(..) {
            let msg = Envelope {
                id: self.next_id,
                from,
                to: o.to,
                payload: o.msg,
                sent_step: now,
            };
            self.next_id += 1;
            let local = o.to == from;
            events.push(Event::Send { msg, local });
            if local {
                self.local.push_back(msg);
            } else if self.separated(from, o.to) {
                events.push(Event::Drop {
                    msg,
                    reason: DropReason::Partition,
                });
            } else {
                self.in_flight.push(msg);
            }
        }
    }

    fn drain_local(&mut self, now: u64, events: &mut Vec<Event>) {
        while let Some(msg) = self.local.pop_front() {
            self.deliver(msg, true, now, events);
        }
    }

    /// Hands `msg` to its receiver's roles and sends what they answer.
    fn deliver(&mut self, msg: Envelope, local: bool, now: u64, events: &mut Vec<Event>) {
        let Some(i) = self.node_index(msg.to) else {
            return;
        };
        if !self.nodes[i].up {
            events.push(Event::Drop {
                msg,
                reason: DropReason::ReceiverDown,
            });
            return;
        }
        events.push(Event::Deliver { msg, local });
        let mut out = std::mem::take(&mut self.outbox);
        let node = &mut self.nodes[i];
        let me = node.id;
        let (rng, max) = (&mut self.rng, self.config.backoff);
        let backoff = || if max == 0 { 0 } else { 1 + rng.below(max) };
        let handled = node.on_message(now, msg.from, msg.payload, &mut out, backoff);
        let used = handled.used();
        self.report(me, msg.payload, handled, now, events);
        if !used {
            events.push(Event::Ignored {
                node: me,
                msg: msg.id,
            });
        }
        self.send_all(me, &mut out, now, events);
        self.outbox = out;
    }

    /// The events of what the agent `me` did with `payload`, and the ghost record's view of
    /// it: a vote may complete a quorum, which is the moment a value is chosen.
    #[inline]
    fn report(
        &mut self,
        me: NodeId,
        payload: Message,
        handled: Handled,
        now: u64,
        events: &mut Vec<Event>,
    ) {
        let ballot = payload.ballot();
        match handled {
            Handled::Prepare { outcome, accepted } => events.push(match outcome {
                PrepareOutcome::Promised => Event::Promised {
                    acceptor: me,
                    ballot,
                    accepted,
                },
                PrepareOutcome::Refused { promised } => Event::Refused {
                    acceptor: me,
                    ballot,
                    promised,
                    accepted: accepted_in(accepted, promised),
                },
                PrepareOutcome::AlreadyPromised => Event::AlreadyPromised {
                    acceptor: me,
                    ballot,
                    accepted: accepted_in(accepted, ballot),
                },
            }),
            Handled::Accept { outcome, accepted } => match outcome {
                AcceptOutcome::Accepted => {
                    let Message::Accept { value, .. } = payload else {
                        return;
                    };
                    events.push(Event::Voted {
                        acceptor: me,
                        ballot,
                        value,
                    });
                    let index = self.members.acceptor_index(me).unwrap_or(0);
                    if let Some(c) = self.ghost.record_vote(
                        &self.members,
                        &self.quorums,
                        index,
                        ballot,
                        value,
                        now,
                    ) {
                        events.push(Event::Chosen {
                            ballot: c.ballot,
                            value: c.value,
                            quorum: c.quorum,
                        });
                    }
                }
                AcceptOutcome::Refused { promised } => events.push(Event::Refused {
                    acceptor: me,
                    ballot,
                    promised,
                    accepted: accepted_in(accepted, promised),
                }),
            },
            Handled::Promise { outcome, count } => {
                if outcome != PromiseOutcome::Ignored {
                    events.push(Event::PromiseCounted {
                        proposer: me,
                        ballot,
                        count,
                        quorum: self.quorums.phase1(),
                    });
                }
                if let PromiseOutcome::QuorumReached { value, source } = outcome {
                    events.push(Event::Proposing {
                        proposer: me,
                        ballot,
                        value,
                        source,
                    });
                }
            }
            Handled::Accepted { proposer, learner } => {
                if let Some((outcome, count)) = proposer {
                    if outcome != AcceptedOutcome::Ignored {
                        events.push(Event::AcceptedCounted {
                            proposer: me,
                            ballot,
                            count,
                            quorum: self.quorums.phase2(),
                        });
                    }
                    if let AcceptedOutcome::Done { value } = outcome {
                        events.push(Event::ProposerDone {
                            proposer: me,
                            ballot,
                            value,
                        });
                    }
                }
                if let Some(LearnOutcome::Learned { value, ballot }) = learner {
                    events.push(Event::Learned {
                        learner: me,
                        ballot,
                        value,
                    });
                }
            }
            Handled::Nack(NackOutcome::Preempted { by, retry_at }) => {
                events.push(Event::Preempted {
                    proposer: me,
                    ballot,
                    by,
                    retry_at,
                });
            }
            Handled::Nack(_) | Handled::NoRole => {}
        }
    }

    /// Every action possible now that needs no outside input, in this fixed order:
    /// 1. `Deliver` of each message in flight, by ascending id;
    /// 2. `Drop` of each, by ascending id;
    /// 3. `Duplicate` of each, by ascending id;
    /// 4. `Timeout` of each running proposer that has a timer, in node order;
    /// 5. `Crash` of each running node, in node order;
    /// 6. `Recover` of each crashed node, in node order.
    ///
    /// `Propose`, `Partition`, `Heal`, `Network`, `Reseed` need arguments from outside and
    /// `Step` is the scheduler's pick among these, so none of them is listed. "The k-th enabled
    /// action" means the same thing in links, explorer paths and tests.
    pub fn enabled_actions(&self) -> Vec<Action> {
        let ids = || self.in_flight.iter().map(|m| m.id);
        let mut v: Vec<Action> = ids().map(|id| Action::Deliver { id }).collect();
        v.extend(ids().map(|id| Action::Drop { id }));
        v.extend(ids().map(|id| Action::Duplicate { id }));
        v.extend(
            self.nodes
                .iter()
                .filter(|n| n.up && n.proposer.is_some_and(|p| p.timer().is_some()))
                .map(|n| Action::Timeout { node: n.id }),
        );
        v.extend(
            self.nodes
                .iter()
                .filter(|n| n.up)
                .map(|n| Action::Crash { node: n.id }),
        );
        v.extend(
            self.nodes
                .iter()
                .filter(|n| !n.up)
                .map(|n| Action::Recover { node: n.id }),
        );
        v
    }

    /// Roughly how many bytes this world occupies, heap included (for memory figures).
    pub fn approx_bytes(&self) -> usize {
        use std::mem::size_of;
        let learners: usize = self
            .nodes
            .iter()
            .filter_map(|n| n.learner.as_ref())
            .map(|l| l.tally_capacity() * size_of::<(paxos_core::Ballot, paxos_core::Value, u16)>())
            .sum();
        size_of::<World>()
            + self.nodes.capacity() * size_of::<Node>()
            + learners
            + self.in_flight.capacity() * size_of::<Envelope>()
            + self.group.capacity()
            + self.ghost.approx_heap_bytes()
            + self.violations.capacity() * size_of::<Violation>()
    }

    /// Hashes the state as far as the future and the invariants are concerned: agent states,
    /// the multiset of messages in flight (ignoring their ids and send steps), the partition and
    /// the ghost record (ignoring steps). Message ids, timer deadlines, the step counter and the
    /// RNG are left out, so runs that reach the same situation by different paths meet.
    pub fn hash_logical<H: Hasher>(&self, h: &mut H) {
        for n in &self.nodes {
            n.hash_logical(h);
        }
        // Multisets are hashed as the wrapping sum of their elements' hashes: equal for any
        // order, and no sorting or allocation on this hot path of the model checker.
        fn element<T: Hash>(x: &T) -> u64 {
            let mut h = crate::hash::FxHasher::default();
            x.hash(&mut h);
            h.finish()
        }
        let msgs = self.in_flight.iter().fold(0u64, |acc, m| {
            acc.wrapping_add(element(&(m.from, m.to, m.payload)))
        });
        h.write_u64(msgs);
        h.write_usize(self.in_flight.len());
        self.group.hash(h);
        let votes = self
            .ghost
            .votes
            .iter()
            .fold(0u64, |acc, v| acc.wrapping_add(element(v)));
        h.write_u64(votes);
        self.ghost.promised_ever.hash(h);
        // Only the first chosen value matters for the invariants, not which ballot chose it.
        self.ghost.first.as_ref().map(|c| c.value).hash(h);
        self.violations.len().hash(h);
    }
}
