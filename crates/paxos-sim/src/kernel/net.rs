//! The network's vocabulary, the same for every protocol: a message in flight with its id
//! ([`Envelope`]), why one was lost ([`DropReason`]), and the events the kernel itself records
//! ([`NetEvent`]): sends, deliveries, losses, copies, crashes, partitions, settings, and
//! invariant violations. A protocol's event type includes these (see
//! [`super::Protocol::Event`]), so one log holds both in the order they happened.

use crate::action::{write_groups, MsgId};
use crate::config::Network;
use paxos_core::NodeId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A message in the network: who sent it to whom, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Envelope<M> {
    /// Stable number, in sending order.
    pub id: MsgId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The protocol message.
    pub payload: M,
    /// The step at which it was sent.
    pub sent_step: u64,
}

/// `#4 a1 -> p1 Promise 1.p1 acc=-`
impl<M: fmt::Display> fmt::Display for Envelope<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "#{} {} -> {} {}",
            self.id, self.from, self.to, self.payload
        )
    }
}

/// Why a message was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// Someone dropped it by hand (or a script did).
    ByHand,
    /// The scheduler lost it (network loss probability).
    Lost,
    /// Sender and receiver are on different sides of a partition.
    Partition,
    /// Its receiver was down when it arrived.
    ReceiverDown,
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DropReason::ByHand => "dropped",
            DropReason::Lost => "lost",
            DropReason::Partition => "partition",
            DropReason::ReceiverDown => "receiver down",
        })
    }
}

/// What the kernel records, whatever the protocol: `M` is the protocol's message, `V` its
/// violation. Serialised with an `event` tag, as every event in a trace is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum NetEvent<M, V> {
    /// A message was sent (`local`: to the sender itself, delivered at once).
    Send {
        /// The message.
        msg: Envelope<M>,
        /// True for a node's message to itself.
        local: bool,
    },
    /// A message reached its receiver.
    Deliver {
        /// The message.
        msg: Envelope<M>,
        /// True for a node's message to itself.
        local: bool,
    },
    /// A message was lost.
    Drop {
        /// The message.
        msg: Envelope<M>,
        /// Why.
        reason: DropReason,
    },
    /// A copy of a message joined the network.
    Duplicate {
        /// The original.
        msg: Envelope<M>,
        /// The copy's id.
        copy: MsgId,
    },
    /// A node crashed.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// A node recovered.
    Recover {
        /// The node.
        node: NodeId,
    },
    /// The network was cut into groups.
    Partition {
        /// Every node, in its group.
        groups: Vec<Vec<NodeId>>,
    },
    /// The partition was removed.
    Heal,
    /// The scheduler's network settings changed.
    Network {
        /// The new settings.
        network: Network,
    },
    /// The scheduler's random stream restarted.
    Reseed {
        /// The new seed.
        seed: u64,
    },
    /// A message arrived that its receiver had no use for (stale ballot, finished phase).
    Ignored {
        /// The receiver.
        node: NodeId,
        /// The message.
        msg: MsgId,
    },
    /// An invariant failed.
    Violation {
        /// What failed.
        violation: V,
    },
}

/// One compact line per event, as golden files print it.
impl<M: fmt::Display, V: fmt::Display> fmt::Display for NetEvent<M, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetEvent::Send { msg, local: false } => write!(f, "{msg}"),
            NetEvent::Send { msg, local: true } => write!(f, "{msg} (local)"),
            NetEvent::Deliver { msg, .. } => write!(f, "deliver {msg}"),
            NetEvent::Drop { msg, reason } => write!(f, "drop {msg} ({reason})"),
            NetEvent::Duplicate { msg, copy } => write!(f, "duplicate #{} as #{copy}", msg.id),
            NetEvent::Crash { node } => write!(f, "{node} crashed"),
            NetEvent::Recover { node } => write!(f, "{node} recovered"),
            NetEvent::Partition { groups } => {
                f.write_str("partition ")?;
                write_groups(f, groups)
            }
            NetEvent::Heal => f.write_str("heal"),
            NetEvent::Network { network } => write!(f, "network {network}"),
            NetEvent::Reseed { seed } => write!(f, "reseed {seed}"),
            NetEvent::Ignored { node, msg } => write!(f, "{node} ignores #{msg}"),
            NetEvent::Violation { violation } => write!(f, "VIOLATION {violation}"),
        }
    }
}
