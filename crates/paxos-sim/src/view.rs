//! A plain snapshot of the world for drawing: everything the page shows, nothing it must
//! compute. Built by [`World::view`].

use crate::config::Network;
use crate::event::Envelope;
use crate::invariants::{ChosenRecord, Violation};
use crate::single_decree::{Sim, World};
use paxos_core::{acceptors_in, Ballot, NodeId, Phase, Value, ValueSource};
use serde::Serialize;

/// What a proposer is doing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProposerView {
    /// Where it is in its attempt.
    pub phase: Phase,
    /// Its current ballot.
    pub ballot: Option<Ballot>,
    /// The value its client asked for.
    pub own_value: Option<Value>,
    /// Acceptors that promised its ballot.
    pub promises: Vec<NodeId>,
    /// Promises it needs.
    pub promise_quorum: u8,
    /// Acceptors that accepted its ballot.
    pub accepts: Vec<NodeId>,
    /// Acceptances that choose.
    pub accept_quorum: u8,
    /// The value it will propose (or did propose) for this ballot and why.
    pub value: Option<(Value, ValueSource)>,
    /// The ballot that pre-empted it, while it backs off.
    pub preempted_by: Option<Ballot>,
    /// The step at which its timer fires.
    pub timer: Option<u64>,
}

/// One agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeView {
    /// Its name.
    pub id: NodeId,
    /// `proposer`, `acceptor`, `learner`, or `node` (combined).
    pub role: &'static str,
    /// False while crashed.
    pub up: bool,
    /// Its partition group (0-based), while the network is partitioned.
    pub group: Option<u8>,
    /// Acceptor: highest ballot promised or accepted.
    pub promised: Option<Ballot>,
    /// Acceptor: highest-ballot proposal accepted.
    pub accepted: Option<(Ballot, Value)>,
    /// Proposer state, if it is a proposer.
    pub proposer: Option<ProposerView>,
    /// Learner: what it learned.
    pub learned: Option<(Ballot, Value)>,
}

/// Everything on screen at one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct View {
    /// Actions applied so far.
    pub step: u64,
    /// Every agent, in display order.
    pub nodes: Vec<NodeView>,
    /// Messages in flight, by id.
    pub messages: Vec<Envelope>,
    /// The chosen value and the quorum that chose it (the first quorum that formed).
    pub chosen: Option<ChosenRecord>,
    /// Invariant violations so far.
    pub violations: Vec<Violation>,
    /// Promises a proposer needs.
    pub phase1_quorum: u8,
    /// Acceptances that choose a value.
    pub phase2_quorum: u8,
    /// Why this run is unsafe (small quorums or a broken variant), if it is.
    pub unsafe_reason: Option<String>,
    /// The network settings in force.
    pub network: Network,
}

impl Sim {
    /// A snapshot of the world at the cursor.
    pub fn view(&self) -> View {
        self.world().view()
    }
}

impl World {
    /// A snapshot for drawing.
    pub fn view(&self) -> View {
        let members = *self.members();
        let q = *self.quorums();
        let partition = self.partition();
        let group_of = |id: NodeId| {
            partition
                .as_ref()
                .and_then(|gs| gs.iter().position(|g| g.contains(&id)).map(|g| g as u8))
        };
        let nodes = self
            .nodes()
            .iter()
            .map(|n| {
                let roles = members.roles(n.id);
                let role = match (roles.proposer, roles.acceptor, roles.learner) {
                    (true, true, _) => "node",
                    (true, false, _) => "proposer",
                    (false, true, _) => "acceptor",
                    _ => "learner",
                };
                NodeView {
                    id: n.id,
                    role,
                    up: n.up,
                    group: group_of(n.id),
                    promised: n.acceptor.and_then(|a| a.promised()),
                    accepted: n.acceptor.and_then(|a| a.accepted()),
                    proposer: n.proposer.map(|p| ProposerView {
                        phase: p.phase(),
                        ballot: p.ballot(),
                        own_value: p.own_value(),
                        promises: acceptors_in(&members, p.promises()).collect(),
                        promise_quorum: q.phase1(),
                        accepts: acceptors_in(&members, p.accepts()).collect(),
                        accept_quorum: q.phase2(),
                        value: p.intended(),
                        preempted_by: p.preempted_by(),
                        timer: p.timer(),
                    }),
                    learned: n.learner.as_ref().and_then(|l| l.learned()),
                }
            })
            .collect();
        let config = self.config();
        let mut reasons = Vec::new();
        if !q.is_safe() {
            reasons.push(format!(
                "quorums of {} (phase 1) and {} (phase 2) out of {} need not intersect",
                q.phase1(),
                q.phase2(),
                q.acceptors()
            ));
        }
        if !config.bugs.none() {
            reasons.push(format!("broken variant {}", config.bugs.names().join(",")));
        }
        View {
            step: self.step(),
            nodes,
            messages: self.in_flight().to_vec(),
            chosen: self.ghost().first_chosen().cloned(),
            violations: self.violations().to_vec(),
            phase1_quorum: q.phase1(),
            phase2_quorum: q.phase2(),
            unsafe_reason: (!reasons.is_empty()).then(|| format!("UNSAFE: {}", reasons.join("; "))),
            network: config.network,
        }
    }
}
