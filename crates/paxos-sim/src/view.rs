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

/// `-` for nothing, else the value's own form.
pub(crate) fn or_dash<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map_or_else(|| "-".to_string(), |x| x.to_string())
}

/// Names joined by commas, `-` for none.
pub(crate) fn names(ids: &[NodeId]) -> String {
    if ids.is_empty() {
        return "-".into();
    }
    ids.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

impl NodeView {
    /// Its fields as the inspector names and shows them, for the changes a step made
    /// (`spacetime::changes`): `promised 2.p1`, `phase accepting`, `promises a1,a3`.
    /// A role's fields appear only on nodes with that role.
    pub fn fields(&self) -> Vec<(String, String)> {
        let mut f = vec![(
            "up".to_string(),
            if self.up { "up" } else { "down" }.to_string(),
        )];
        let mut add = |k: &str, v: String| f.push((k.to_string(), v));
        if let Some(g) = self.group {
            add("group", (g + 1).to_string());
        }
        if matches!(self.role, "acceptor" | "node") {
            add("promised", or_dash(self.promised));
            add(
                "accepted",
                or_dash(self.accepted.map(|(b, v)| format!("{b} = {v}"))),
            );
        }
        if let Some(p) = &self.proposer {
            add("phase", p.phase.to_string());
            add("ballot", or_dash(p.ballot));
            add("promises", names(&p.promises));
            add("accepts", names(&p.accepts));
            add(
                "value",
                or_dash(p.value.map(|(v, why)| format!("{v} ({why})"))),
            );
            add("pre-empted by", or_dash(p.preempted_by));
            add("timer", or_dash(p.timer.map(|t| format!("at step {t}"))));
        }
        if matches!(self.role, "learner" | "node") {
            add(
                "learned",
                or_dash(self.learned.map(|(b, v)| format!("{v} at {b}"))),
            );
        }
        f
    }
}

impl View {
    /// Every node's [`NodeView::fields`].
    pub fn fields(&self) -> Vec<(NodeId, Vec<(String, String)>)> {
        self.nodes.iter().map(|n| (n.id, n.fields())).collect()
    }
}
