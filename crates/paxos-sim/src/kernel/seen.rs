//! What a protocol's events mean to the space-time diagram ([`crate::spacetime`]), in the
//! kernel's vocabulary: a protocol maps its events to these ([`super::Protocol::seen`]), so
//! the diagram is drawn the same way for every protocol.

use super::{DropReason, Envelope};
use crate::action::MsgId;
use paxos_core::NodeId;

/// What one event means to the diagram, borrowed from the event.
#[derive(Debug)]
pub enum Seen<'a, M> {
    /// A message left its sender (not a node's message to itself, which never travels).
    Send(&'a Envelope<M>),
    /// A message reached its receiver.
    Deliver(&'a Envelope<M>),
    /// A message was lost.
    Drop(&'a Envelope<M>, DropReason),
    /// A copy of a message (the envelope) joined the network under a new id.
    Duplicate(&'a Envelope<M>, MsgId),
    /// A node crashed.
    Crash(NodeId),
    /// A node recovered.
    Recover(NodeId),
    /// The network was cut into these groups.
    Partition(&'a [Vec<NodeId>]),
    /// The partition was removed.
    Heal,
    /// A moment to mark: a value (or a slot's command) chosen, or learned by a node.
    Mark(Mark),
    /// Something a node did by itself, not on receiving a message (a proposer starting a
    /// ballot, a timer firing, a client sending a request): an event of its own in a ShiViz
    /// log.
    Local {
        /// The node.
        node: NodeId,
        /// What it did, in the golden files' words.
        text: String,
    },
}

/// A moment marked on the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The step.
    pub step: u64,
    /// What happened.
    pub kind: MarkKind,
    /// The lane it is on: a learner's for [`MarkKind::Learned`]; none for
    /// [`MarkKind::Chosen`], which no single node sees (it spans the quorum's lanes).
    pub node: Option<NodeId>,
    /// The quorum whose acceptances chose it (for [`MarkKind::Chosen`]).
    pub quorum: Vec<NodeId>,
    /// `A at 1.p1`, `slot 2: put x 1`.
    pub label: String,
}

impl Mark {
    /// A value (or a slot's command) chosen by `quorum`; the step is filled in when the
    /// diagram is built.
    pub fn chosen(quorum: Vec<NodeId>, label: String) -> Mark {
        Mark {
            step: 0,
            kind: MarkKind::Chosen,
            node: None,
            quorum,
            label,
        }
    }

    /// What `node` learned.
    pub fn learned(node: NodeId, label: String) -> Mark {
        Mark {
            step: 0,
            kind: MarkKind::Learned,
            node: Some(node),
            quorum: Vec::new(),
            label,
        }
    }
}

impl<M, V> super::NetEvent<M, V> {
    /// What the kernel's own event means to the diagram: the network's and the nodes' up and
    /// down (a node's message to itself never travels, so it is not drawn; a violation is not
    /// a diagram event).
    pub fn seen(&self) -> Option<Seen<'_, M>> {
        use super::NetEvent;
        Some(match self {
            NetEvent::Send { msg, local: false } => Seen::Send(msg),
            NetEvent::Deliver { msg, local: false } => Seen::Deliver(msg),
            NetEvent::Drop { msg, reason } => Seen::Drop(msg, *reason),
            NetEvent::Duplicate { msg, copy } => Seen::Duplicate(msg, *copy),
            NetEvent::Crash { node } => Seen::Crash(*node),
            NetEvent::Recover { node } => Seen::Recover(*node),
            NetEvent::Partition { groups } => Seen::Partition(groups),
            NetEvent::Heal => Seen::Heal,
            _ => return None,
        })
    }
}

/// Which kind of moment a [`Mark`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A quorum accepted the same proposal: chosen, whether or not anyone knows it yet.
    Chosen,
    /// A learner (or a replica) learned what was chosen.
    Learned,
}
