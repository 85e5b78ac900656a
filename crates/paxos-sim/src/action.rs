//! Everything that can happen to the world, as data.
//!
//! A run is `(config, seed, actions)`: replaying the same actions from the same seed gives the
//! same world, bit for bit. Undo, the timeline, shareable links, traces, golden scripts and
//! counterexamples all rest on that.
//!
//! The network's actions (deliver, drop, duplicate, crash, recover, timeout, partition, heal,
//! step, network settings, reseed) are the same for every protocol; what a client asks of the
//! cluster is the protocol's own [`crate::kernel::Protocol::Input`], carried by
//! [`Action::Input`]. Single-decree Paxos's one input is `propose p1 A`.

use crate::config::Network;
use paxos_core::NodeId;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A message's stable number: messages are numbered 1, 2, 3, ... in the order they are sent.
pub type MsgId = u32;

/// One thing that happens, with `I` the protocol's client input. [`crate::kernel::World::apply`]
/// is the only way the world changes.
///
/// In JSON an action is an object tagged by `action`; an input is tagged by its own name (for
/// example `{"action": "propose", "node": "p1", "value": "A"}`), so traces read the same for
/// every protocol.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action<I> {
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
    /// Fire `node`'s timer (a proposer retries with a higher ballot, a client resends).
    Timeout {
        /// The node.
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
    /// What a client asks of the cluster, in the protocol's own terms.
    #[serde(untagged)]
    Input(I),
}

/// The network's actions' tags, for reading them: [`Action`]'s own variants without the input.
struct NetAction;

/// The fields of each network action, read once its tag is known. Plain structs (they ignore
/// the `action` field) rather than an internally tagged enum: serde's tagged enums buffer
/// every field through a generic content tree, which cost the page 15 KB of wasm.
#[derive(Deserialize)]
struct IdField {
    id: MsgId,
}
#[derive(Deserialize)]
struct NodeField {
    node: NodeId,
}
#[derive(Deserialize)]
struct GroupsField {
    groups: Vec<Vec<NodeId>>,
}
#[derive(Deserialize)]
struct NetworkField {
    network: Network,
}
#[derive(Deserialize)]
struct SeedField {
    seed: u64,
}

impl NetAction {
    const TAGS: [&'static str; 11] = [
        "deliver",
        "drop",
        "duplicate",
        "crash",
        "recover",
        "timeout",
        "partition",
        "heal",
        "step",
        "network",
        "reseed",
    ];

    /// The action tagged `tag` (one of [`NetAction::TAGS`]) with its fields from `v`.
    fn read<I>(tag: &str, v: serde_json::Value) -> Result<Action<I>, serde_json::Error> {
        use serde_json::from_value as read;
        Ok(match tag {
            "deliver" => Action::Deliver {
                id: read::<IdField>(v)?.id,
            },
            "drop" => Action::Drop {
                id: read::<IdField>(v)?.id,
            },
            "duplicate" => Action::Duplicate {
                id: read::<IdField>(v)?.id,
            },
            "crash" => Action::Crash {
                node: read::<NodeField>(v)?.node,
            },
            "recover" => Action::Recover {
                node: read::<NodeField>(v)?.node,
            },
            "timeout" => Action::Timeout {
                node: read::<NodeField>(v)?.node,
            },
            "partition" => Action::Partition {
                groups: read::<GroupsField>(v)?.groups,
            },
            "heal" => Action::Heal,
            "network" => Action::Network {
                network: read::<NetworkField>(v)?.network,
            },
            "reseed" => Action::Reseed {
                seed: read::<SeedField>(v)?.seed,
            },
            "step" => Action::Step,
            other => {
                return Err(serde::de::Error::custom(format!(
                    "unknown network action `{other}`"
                )))
            }
        })
    }
}

/// A protocol's client input, as traces name it.
pub trait InputTags {
    /// The `action` tags of the input's kinds (`propose`; `put`, `get`, `cas`).
    const TAGS: &'static [&'static str];
}

/// Reads the `action` tag first, then the network's action or the protocol's input it names,
/// so that an error inside an input (a value with a space) is reported as itself.
impl<'de, I: DeserializeOwned + InputTags> Deserialize<'de> for Action<I> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let tag = match v.get("action") {
            None => return Err(D::Error::missing_field("action")),
            Some(t) => t.as_str().unwrap_or_default().to_string(),
        };
        if NetAction::TAGS.contains(&tag.as_str()) {
            NetAction::read(&tag, v).map_err(D::Error::custom)
        } else if I::TAGS.contains(&tag.as_str()) {
            serde_json::from_value::<I>(v)
                .map(Action::Input)
                .map_err(D::Error::custom)
        } else {
            let mut known: Vec<&str> = NetAction::TAGS.to_vec();
            known.extend(I::TAGS);
            Err(D::Error::custom(format!(
                "unknown action `{tag}`, expected one of {}",
                known.join(", ")
            )))
        }
    }
}

/// The script form of an action: `deliver 3`, `crash a2`, `propose p1 A`, `partition p1,a1 |
/// a2,a3`, `step`, `network loss=0.1 dup=0 reorder=on`, `reseed 7`.
impl<I: fmt::Display> fmt::Display for Action<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Deliver { id } => write!(f, "deliver {id}"),
            Action::Drop { id } => write!(f, "drop {id}"),
            Action::Duplicate { id } => write!(f, "duplicate {id}"),
            Action::Crash { node } => write!(f, "crash {node}"),
            Action::Recover { node } => write!(f, "recover {node}"),
            Action::Timeout { node } => write!(f, "timeout {node}"),
            Action::Partition { groups } => {
                f.write_str("partition ")?;
                write_groups(f, groups)
            }
            Action::Heal => f.write_str("heal"),
            Action::Step => f.write_str("step"),
            Action::Network { network } => write!(f, "network {network}"),
            Action::Reseed { seed } => write!(f, "reseed {seed}"),
            Action::Input(input) => input.fmt(f),
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
