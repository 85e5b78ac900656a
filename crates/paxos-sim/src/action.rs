//! Everything that can happen to the world, as data.
//!
//! A run is `(config, seed, actions)`: replaying the same actions from the same seed gives the
//! same world, bit for bit. Undo, the timeline, shareable links, traces, golden scripts and
//! counterexamples all rest on that.

use crate::config::Network;
use paxos_core::{NodeId, Value};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A message's stable number: messages are numbered 1, 2, 3, ... in the order they are sent.
pub type MsgId = u32;

/// One thing that happens. [`crate::World::apply`] is the only way the world changes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Deliver in-flight message `id` now (lost if its receiver is down).
    Deliver {
        /// The message.
        id: MsgId,
    },
    /// Lose in-flight message `id`.
    Drop {
        /// The message.
        id: MsgId,
    },
    /// Put a copy of in-flight message `id` into the network, with a new id.
    Duplicate {
        /// The message.
        id: MsgId,
    },
    /// Crash `node`: it stops; volatile state is lost, durable state kept.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// Restart crashed `node` from its durable state.
    Recover {
        /// The node.
        node: NodeId,
    },
    /// A client asks proposer `node` to propose `value`: it starts a new ballot.
    Propose {
        /// The proposer.
        node: NodeId,
        /// The value.
        value: Value,
    },
    /// Fire proposer `node`'s timer: it retries with a higher ballot.
    Timeout {
        /// The proposer.
        node: NodeId,
    },
    /// Cut the network into groups; messages between groups are lost. Nodes not listed form
    /// one more group together.
    Partition {
        /// The groups, each a list of nodes.
        groups: Vec<Vec<NodeId>>,
    },
    /// Remove the partition.
    Heal,
    /// Let the seeded scheduler pick one action: deliver, lose or duplicate a message (per the
    /// network settings), or fire a timer that is due.
    Step,
    /// Change how the scheduler treats messages from now on.
    Network {
        /// The new settings.
        network: Network,
    },
    /// Restart the scheduler's random stream from `seed`.
    Reseed {
        /// The new seed.
        seed: u64,
    },
}

/// The script form of an action: `deliver 3`, `crash a2`, `propose p1 A`, `partition p1,a1 |
/// a2,a3`, `step`, `network loss=0.1 dup=0 reorder=on`, `reseed 7`.
impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Deliver { id } => write!(f, "deliver {id}"),
            Action::Drop { id } => write!(f, "drop {id}"),
            Action::Duplicate { id } => write!(f, "duplicate {id}"),
            Action::Crash { node } => write!(f, "crash {node}"),
            Action::Recover { node } => write!(f, "recover {node}"),
            Action::Propose { node, value } => write!(f, "propose {node} {value}"),
            Action::Timeout { node } => write!(f, "timeout {node}"),
            Action::Partition { groups } => {
                f.write_str("partition ")?;
                write_groups(f, groups)
            }
            Action::Heal => f.write_str("heal"),
            Action::Step => f.write_str("step"),
            Action::Network { network } => write!(f, "network {network}"),
            Action::Reseed { seed } => write!(f, "reseed {seed}"),
        }
    }
}

/// Writes groups as `p1,a1 | a2,a3`.
pub fn write_groups(f: &mut impl fmt::Write, groups: &[Vec<NodeId>]) -> fmt::Result {
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            f.write_str(" | ")?;
        }
        for (j, n) in g.iter().enumerate() {
            if j > 0 {
                f.write_char(',')?;
            }
            write!(f, "{n}")?;
        }
    }
    Ok(())
}
