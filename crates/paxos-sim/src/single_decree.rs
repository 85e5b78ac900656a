//! Single-decree Paxos on the kernel: the adapter between [`crate::kernel`] and the agents of
//! `paxos-core` (proposers, acceptors, learners, or combined nodes).
//!
//! The agents' dispatch lives in the core ([`Agent::on_message`]); this module reports what
//! each role did as [`Event`]s and keeps the ghost record of votes, from which it knows the
//! moment a value is chosen: when an Accept completes a phase-2 quorum. The invariants are in
//! [`crate::invariants`], the drawing snapshot in [`crate::view`].

use crate::config::{Config, ConfigError, Network};
use crate::event::Event;
use crate::invariants::{self, Ghost, Violation};
use crate::kernel::{
    self, ActionError, Cx, Envelope, NetEvent, NetworkConfig, Outgoing, Protocol, Start,
};
use crate::kernel::{Mark, Seen};
use paxos_core::{
    AcceptOutcome, AcceptedOutcome, AcceptorRenaming, Agent, Ballot, Handled, Layout, LearnOutcome,
    Membership, Message, NackOutcome, NodeId, NodeKind, Phase, PrepareOutcome, PromiseOutcome,
    ProposerConfig, Quorums, Value,
};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::hash::{Hash, Hasher};

/// Steps between prunings of the ghost record's settled votes.
const PRUNE_EVERY: u64 = 64;

/// Single-decree Paxos's one client input: a client asks proposer `node` to propose `value`,
/// and it starts a new ballot. Script form `propose p1 A`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "action", rename = "propose")]
pub struct Propose {
    /// The proposer.
    pub node: NodeId,
    /// The value.
    pub value: Value,
}

impl fmt::Display for Propose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "propose {} {}", self.node, self.value)
    }
}

impl crate::action::InputTags for Propose {
    const TAGS: &'static [&'static str] = &["propose"];
}

/// An action of a single-decree run.
pub type Action = crate::action::Action<Propose>;
/// A single-decree world.
pub type World = kernel::World<SingleDecree>;
/// A single-decree run with its history.
pub type Sim = kernel::Sim<SingleDecree>;
/// One agent (or combined node) and whether it is running: the core's [`Agent`].
pub type Node = Agent;

/// The value accepted in `ballot`, if the acceptor's `accepted` proposal is from that ballot.
/// Accepting raises an acceptor's promise to the accepted ballot, so when the ballot that binds
/// an acceptor is one it accepted, the event says so: its reason is then its vote, not a Promise.
fn accepted_in(accepted: Option<(Ballot, Value)>, ballot: Ballot) -> Option<Value> {
    accepted.filter(|(b, _)| *b == ballot).map(|(_, v)| v)
}

/// The cluster's fixed shape: who is in it, its quorums, the proposers' settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SingleDecree {
    members: Membership,
    quorums: Quorums,
    backoff: u64,
    /// Whether promises and rounds only ever grow, which [`Protocol::dead`] relies on: not
    /// with the bugs that forget a promise or a round on a crash, or accept below a promise.
    monotone: bool,
}

impl Outgoing<Message> for paxos_core::Outgoing {
    #[inline]
    fn to(&self) -> NodeId {
        self.to
    }
    #[inline]
    fn into_msg(self) -> Message {
        self.msg
    }
}

impl NetworkConfig for Config {
    fn network(&self) -> Network {
        self.network
    }
    fn set_network(&mut self, network: Network) {
        self.network = network;
    }
}

impl From<NetEvent<Message, Violation>> for Event {
    #[inline]
    fn from(e: NetEvent<Message, Violation>) -> Event {
        match e {
            NetEvent::Send { msg, local } => Event::Send { msg, local },
            NetEvent::Deliver { msg, local } => Event::Deliver { msg, local },
            NetEvent::Drop { msg, reason } => Event::Drop { msg, reason },
            NetEvent::Duplicate { msg, copy } => Event::Duplicate { msg, copy },
            NetEvent::Crash { node } => Event::Crash { node },
            NetEvent::Recover { node } => Event::Recover { node },
            NetEvent::Partition { groups } => Event::Partition { groups },
            NetEvent::Heal => Event::Heal,
            NetEvent::Network { network } => Event::Network { network },
            NetEvent::Reseed { seed } => Event::Reseed { seed },
            NetEvent::Ignored { node, msg } => Event::Ignored { node, msg },
            NetEvent::Violation { violation } => Event::Violation { violation },
        }
    }
}

impl SingleDecree {
    /// Who is in the cluster.
    pub fn members(&self) -> &Membership {
        &self.members
    }
    /// The quorum rule.
    pub fn quorums(&self) -> &Quorums {
        &self.quorums
    }

    fn proposer_index(&self, world: &World, id: NodeId) -> Result<usize, ActionError> {
        let i = self.node_index(id).ok_or(ActionError::NoSuchNode(id))?;
        let node = &world.nodes()[i];
        if node.proposer.is_none() {
            return Err(ActionError::NotAProposer(id));
        }
        if !node.up {
            return Err(ActionError::NodeDown(id));
        }
        Ok(i)
    }

    /// The events of what the agent `me` did with `payload`, and the ghost record's view of
    /// it: a vote may complete a quorum, which is the moment a value is chosen.
    #[inline]
    fn report(
        &self,
        ghost: &mut Ghost,
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
                    if let Some(c) =
                        ghost.record_vote(&self.members, &self.quorums, index, ballot, value, now)
                    {
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
}

impl Protocol for SingleDecree {
    type Config = Config;
    type Node = Agent;
    type Msg = Message;
    type Out = paxos_core::Outgoing;
    type Input = Propose;
    type Event = Event;
    type Violation = Violation;
    type Ghost = Ghost;

    fn build(config: &Config) -> Result<Start<SingleDecree>, ConfigError> {
        config.validate()?;
        let members = config.members();
        let quorums = config.quorums()?;
        let proposer_config = ProposerConfig {
            retry_timeout: config.timeout,
            bugs: config.bugs,
        };
        let nodes = members
            .node_ids()
            .into_iter()
            .map(|id| Agent::new(id, members, quorums, proposer_config, config.bugs))
            .collect();
        let bugs = config.bugs;
        let proto = SingleDecree {
            members,
            quorums,
            backoff: config.backoff,
            monotone: !(bugs.forget_promise_on_crash
                || bugs.reuse_ballot_after_crash
                || bugs.accept_below_promise),
        };
        Ok(Start {
            protocol: proto,
            nodes,
            ghost: Ghost::new(config.acceptors),
        })
    }

    #[inline]
    fn node_index(&self, id: NodeId) -> Option<usize> {
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
    #[inline]
    fn id(node: &Agent) -> NodeId {
        node.id
    }
    #[inline]
    fn is_up(node: &Agent) -> bool {
        node.up
    }
    #[inline]
    fn timer(node: &Agent) -> Option<u64> {
        node.proposer.as_ref()?.timer()
    }

    fn check_input(&self, world: &World, input: &Propose) -> Result<usize, ActionError> {
        self.proposer_index(world, input.node)
    }
    fn check_timeout(&self, world: &World, node: NodeId) -> Result<usize, ActionError> {
        let i = self.proposer_index(world, node)?;
        match &world.nodes()[i].proposer {
            Some(p) if p.timer().is_some() => Ok(i),
            _ => Err(ActionError::NothingToRetry(node)),
        }
    }

    fn on_input(&self, node: &mut Agent, cx: &mut Cx<'_, Self>, input: &Propose) {
        let Some(p) = &mut node.proposer else {
            return;
        };
        let ballot = p.propose(cx.now, input.value, cx.out);
        if !cx.ghost.proposed.contains(&input.value) {
            cx.ghost.proposed.push(input.value);
        }
        cx.events.push(Event::Propose {
            node: input.node,
            value: input.value,
            ballot,
        });
    }

    fn on_timer(&self, node: &mut Agent, cx: &mut Cx<'_, Self>) {
        let id = node.id;
        let Some(p) = &mut node.proposer else {
            return;
        };
        if let Some(ballot) = p.on_timeout(cx.now, cx.out) {
            cx.events.push(Event::Timeout { node: id, ballot });
        }
    }

    #[inline]
    fn on_message(
        &self,
        node: &mut Agent,
        cx: &mut Cx<'_, Self>,
        from: NodeId,
        msg: &Message,
    ) -> bool {
        let me = node.id;
        let (rng, max) = (&mut *cx.rng, self.backoff);
        let backoff = || if max == 0 { 0 } else { 1 + rng.below(max) };
        let handled = node.on_message(cx.now, from, *msg, cx.out, backoff);
        let used = handled.used();
        self.report(cx.ghost, me, *msg, handled, cx.now, cx.events);
        used
    }

    fn crash(node: &mut Agent) {
        node.crash();
    }
    fn recover(node: &mut Agent) {
        node.recover();
    }

    fn check(&self, ghost: &mut Ghost, step: u64, events: &[Event]) -> Vec<Violation> {
        invariants::check(ghost, &self.members, step, events)
    }

    /// Drops the ghost votes of ballots that can get no more votes (see
    /// [`Ghost::prune_votes`]). Runs at fixed steps, so replays and checkpoints agree.
    fn tidy(&self, ghost: &mut Ghost, nodes: &[Agent], in_flight: &[Envelope<Message>], step: u64) {
        if !step.is_multiple_of(PRUNE_EVERY) {
            return;
        }
        let mut live: Vec<Ballot> = in_flight
            .iter()
            .filter(|m| matches!(m.payload, Message::Accept { .. }))
            .map(|m| m.payload.ballot())
            .collect();
        live.extend(nodes.iter().filter_map(|n| {
            let p = n.proposer.as_ref()?;
            (p.phase() == Phase::Preparing).then(|| p.ballot())?
        }));
        ghost.prune_votes(&live);
    }

    fn seen(event: &Event) -> Option<Seen<'_, Message>> {
        Some(match event {
            Event::Send { msg, local: false } => Seen::Send(msg),
            Event::Deliver { msg, local: false } => Seen::Deliver(msg),
            Event::Drop { msg, reason } => Seen::Drop(msg, *reason),
            Event::Duplicate { msg, copy } => Seen::Duplicate(msg, *copy),
            Event::Crash { node } => Seen::Crash(*node),
            Event::Recover { node } => Seen::Recover(*node),
            Event::Partition { groups } => Seen::Partition(groups),
            Event::Heal => Seen::Heal,
            Event::Chosen {
                ballot,
                value,
                quorum,
            } => Seen::Mark(Mark::chosen(
                quorum.clone(),
                format!("{value} chosen at {ballot}"),
            )),
            Event::Learned {
                learner,
                ballot,
                value,
            } => Seen::Mark(Mark::learned(
                *learner,
                format!("{learner} learns {value} ({ballot})"),
            )),
            Event::Propose { node, .. } | Event::Timeout { node, .. } => Seen::Local {
                node: *node,
                text: event.to_string(),
            },
            _ => return None,
        })
    }

    fn msg_ballot(msg: &Message) -> Option<Ballot> {
        Some(msg.ballot())
    }

    #[inline]
    fn hash_node<H: Hasher>(node: &Agent, h: &mut H) {
        node.hash_logical(h);
    }

    fn hash_ghost<H: Hasher>(ghost: &Ghost, h: &mut H) {
        h.write_u64(kernel::multiset(ghost.votes.iter()));
        ghost.promised_ever.hash(h);
        // Only the first chosen value matters for the invariants, not which ballot chose it.
        ghost.first.as_ref().map(|c| c.value).hash(h);
    }

    /// Acceptors are interchangeable in the separate layout with quorums by size, unless one
    /// of them is the lying acceptor (a1 lies, a2 does not). Listed quorums name acceptors
    /// (a grid's a1 and a2 share a row, a1 and a3 do not), so with them none is.
    fn symmetric_acceptors(config: &Config) -> u8 {
        match (
            config.layout,
            config.bugs.lying_acceptor,
            config.quorum_sets,
        ) {
            (Layout::Separate, false, None) => config.acceptors,
            _ => 0,
        }
    }

    fn hash_node_renamed<H: Hasher>(node: &Agent, h: &mut H, r: &AcceptorRenaming) {
        node.hash_renamed(h, r);
    }

    fn hash_ghost_renamed<H: Hasher>(ghost: &Ghost, h: &mut H, r: &AcceptorRenaming) {
        h.write_u64(kernel::multiset(
            ghost.votes.iter().map(|(b, v, bits)| (b, v, r.bits(*bits))),
        ));
        // At most 16 acceptors (bits of a u16), so the renamed list fits on the stack: this
        // runs once per renaming of every state the explorer reaches.
        let n = ghost.promised_ever.len().min(16);
        let mut promised = [None; 16];
        for (i, p) in ghost.promised_ever.iter().take(n).enumerate() {
            if let Some(slot) = promised[..n].get_mut(r.index(i as u8) as usize) {
                *slot = *p;
            }
        }
        promised[..n].hash(h);
        ghost.first.as_ref().map(|c| c.value).hash(h);
    }

    fn msg_renamed(msg: &Message, r: &AcceptorRenaming) -> Message {
        msg.renamed(r)
    }

    /// A message about ballot `b` is dead once `b`'s proposer has left `b` for good (it is
    /// past `b`'s round and no longer collecting answers for it: every Promise, Accepted and
    /// Nack for `b` it receives from then on is ignored), and it is one of those, or a Prepare
    /// or an Accept for `b` that its acceptor can only refuse (its promise is above `b` and
    /// never goes down), whose Nack would be ignored too. An Accepted to a learner is never
    /// dead: learners count them.
    fn dead(&self, nodes: &[Agent], m: &Envelope<Message>) -> bool {
        if !self.monotone {
            return false;
        }
        let agent = |id| self.node_index(id).map(|i| &nodes[i]);
        let ballot = m.payload.ballot();
        let proposer = agent(ballot.proposer).and_then(|n| n.proposer);
        let left = |collecting: &[Phase]| {
            proposer.is_some_and(|p| {
                p.max_round() >= ballot.round
                    && !(p.ballot() == Some(ballot) && collecting.contains(&p.phase()))
            })
        };
        let to = agent(m.to);
        match m.payload {
            Message::Promise { .. } => left(&[Phase::Preparing]),
            Message::Nack { .. } => left(&[Phase::Preparing, Phase::Accepting]),
            Message::Accepted { .. } => {
                to.is_some_and(|n| n.learner.is_none()) && left(&[Phase::Accepting])
            }
            Message::Prepare { .. } | Message::Accept { .. } => {
                let refuses = to
                    .and_then(|n| n.acceptor)
                    .is_some_and(|a| a.promised().is_some_and(|p| p > ballot));
                refuses && left(&[Phase::Preparing, Phase::Accepting])
            }
        }
    }

    const PACKS: bool = true;

    fn pack_state(nodes: &[Agent], ghost: &Ghost, out: &mut Vec<u8>) {
        for n in nodes {
            n.pack_state(out);
        }
        ghost.pack(out);
    }

    fn unpack_state(nodes: &mut [Agent], ghost: &mut Ghost, input: &mut &[u8]) -> Option<()> {
        for n in nodes {
            n.unpack_state(input)?;
        }
        ghost.unpack(input)
    }

    fn pack_msg(msg: &Message, out: &mut Vec<u8>) {
        paxos_core::pack::Pack::pack(msg, out)
    }

    fn unpack_msg(input: &mut &[u8]) -> Option<Message> {
        paxos_core::pack::Pack::unpack(input)
    }

    fn approx_bytes(nodes: &[Agent], ghost: &Ghost) -> usize {
        use std::mem::size_of;
        let learners: usize = nodes
            .iter()
            .filter_map(|n| n.learner.as_ref())
            .map(|l| l.tally_capacity() * size_of::<(Ballot, Value, u16)>())
            .sum();
        learners + ghost.approx_heap_bytes()
    }
}

impl World {
    /// Who is in the cluster.
    pub fn members(&self) -> &Membership {
        self.protocol().members()
    }
    /// The quorum rule.
    pub fn quorums(&self) -> &Quorums {
        self.protocol().quorums()
    }
}
