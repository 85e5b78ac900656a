//! Who is in the cluster, and which roles each agent plays.
//!
//! Two layouts: *separate* agents, as Paxos Made Simple describes them (proposers `p1..`,
//! acceptors `a1..`, learners `l1..`), and *combined* nodes `n1..`, each of which is proposer,
//! acceptor and learner at once, as practical deployments run it. A message from a combined
//! node to itself is delivered locally at once by the simulator.

use crate::ids::{NodeId, NodeKind};
use std::fmt;

/// How roles map onto agents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Layout {
    /// One agent per role: proposers, acceptors and learners are different agents.
    Separate,
    /// Every node plays all three roles.
    Combined,
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layout::Separate => "separate",
            Layout::Combined => "combined",
        })
    }
}

/// The roles one agent plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Roles {
    /// Proposes values and drives ballots.
    pub proposer: bool,
    /// Votes: promises and accepts.
    pub acceptor: bool,
    /// Finds out which value was chosen.
    pub learner: bool,
}

/// The agents of a cluster. Small and `Copy`: handlers keep one to address broadcasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Membership {
    layout: Layout,
    proposers: u8,
    acceptors: u8,
    learners: u8,
}

impl Membership {
    /// Separate agents. Counts are not checked here; the simulator's config validates them.
    pub const fn separate(proposers: u8, acceptors: u8, learners: u8) -> Membership {
        Membership {
            layout: Layout::Separate,
            proposers,
            acceptors,
            learners,
        }
    }

    /// `nodes` combined nodes, each a proposer, an acceptor and a learner.
    pub const fn combined(nodes: u8) -> Membership {
        Membership {
            layout: Layout::Combined,
            proposers: nodes,
            acceptors: nodes,
            learners: nodes,
        }
    }

    /// The layout.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Number of proposers (every node, when combined).
    pub fn proposers(&self) -> u8 {
        self.proposers
    }

    /// Number of acceptors (every node, when combined).
    pub fn acceptors(&self) -> u8 {
        self.acceptors
    }

    /// Number of learners (every node, when combined).
    pub fn learners(&self) -> u8 {
        self.learners
    }

    fn kind(&self, separate: NodeKind) -> NodeKind {
        match self.layout {
            Layout::Separate => separate,
            Layout::Combined => NodeKind::Node,
        }
    }

    /// Acceptors in order: `a1, a2, ..` or `n1, n2, ..`.
    pub fn acceptor_ids(&self) -> impl Iterator<Item = NodeId> {
        let kind = self.kind(NodeKind::Acceptor);
        (1..=self.acceptors).map(move |i| NodeId::new(kind, i))
    }

    /// Proposers in order.
    pub fn proposer_ids(&self) -> impl Iterator<Item = NodeId> {
        let kind = self.kind(NodeKind::Proposer);
        (1..=self.proposers).map(move |i| NodeId::new(kind, i))
    }

    /// Learners in order.
    pub fn learner_ids(&self) -> impl Iterator<Item = NodeId> {
        let kind = self.kind(NodeKind::Learner);
        (1..=self.learners).map(move |i| NodeId::new(kind, i))
    }

    /// Every agent once, in display order: proposers, acceptors, learners (or `n1..`).
    pub fn node_ids(&self) -> Vec<NodeId> {
        match self.layout {
            Layout::Combined => self.acceptor_ids().collect(),
            Layout::Separate => self
                .proposer_ids()
                .chain(self.acceptor_ids())
                .chain(self.learner_ids())
                .collect(),
        }
    }

    /// Whether `id` names an agent of this cluster.
    pub fn contains(&self, id: NodeId) -> bool {
        let roles = self.roles(id);
        roles.proposer || roles.acceptor || roles.learner
    }

    /// The roles `id` plays (none, if it is not in the cluster).
    pub fn roles(&self, id: NodeId) -> Roles {
        let within = |n: u8| id.index >= 1 && id.index <= n;
        match (self.layout, id.kind) {
            (Layout::Combined, NodeKind::Node) if within(self.acceptors) => Roles {
                proposer: true,
                acceptor: true,
                learner: true,
            },
            (Layout::Separate, NodeKind::Proposer) if within(self.proposers) => Roles {
                proposer: true,
                ..Roles::default()
            },
            (Layout::Separate, NodeKind::Acceptor) if within(self.acceptors) => Roles {
                acceptor: true,
                ..Roles::default()
            },
            (Layout::Separate, NodeKind::Learner) if within(self.learners) => Roles {
                learner: true,
                ..Roles::default()
            },
            _ => Roles::default(),
        }
    }

    /// The 0-based position of acceptor `id`, used as its bit in vote sets; `None` when `id`
    /// is not an acceptor.
    pub fn acceptor_index(&self, id: NodeId) -> Option<u8> {
        self.roles(id).acceptor.then(|| id.index - 1)
    }
}

/// A set of acceptors as bits (bit 0 = the first acceptor). Up to 16 acceptors; the simulator
/// allows 9.
pub fn acceptors_in(members: &Membership, votes: u16) -> impl Iterator<Item = NodeId> + '_ {
    members
        .acceptor_ids()
        .enumerate()
        .filter(move |(i, _)| votes & (1 << i) != 0)
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_name_their_agents() {
        let m = Membership::separate(2, 3, 1);
        let names: Vec<String> = m.node_ids().iter().map(|n| n.to_string()).collect();
        assert_eq!(names, ["p1", "p2", "a1", "a2", "a3", "l1"]);
        assert_eq!(m.acceptor_index(NodeId::acceptor(3)), Some(2));
        assert_eq!(m.acceptor_index(NodeId::acceptor(4)), None);
        assert_eq!(m.acceptor_index(NodeId::proposer(1)), None);
        assert!(!m.contains(NodeId::node(1)));

        let c = Membership::combined(3);
        let names: Vec<String> = c.node_ids().iter().map(|n| n.to_string()).collect();
        assert_eq!(names, ["n1", "n2", "n3"]);
        let r = c.roles(NodeId::node(2));
        assert!(r.proposer && r.acceptor && r.learner);
        assert!(!c.contains(NodeId::acceptor(1)));
        let voted: Vec<NodeId> = acceptors_in(&c, 0b101).collect();
        assert_eq!(voted, [NodeId::node(1), NodeId::node(3)]);
    }
}
