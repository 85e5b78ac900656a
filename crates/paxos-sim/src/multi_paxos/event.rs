//! What happens in a Multi-Paxos run: the kernel's network events and the protocol's own.

use super::invariants::MultiViolation;
use crate::kernel::NetEvent;
use paxos_core::multi::replica::Note;
use paxos_core::multi::{Command, Msg, Outcome, Request, Slot};
use paxos_core::{Ballot, NodeId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One thing that happened in a Multi-Paxos run. In JSON every event is one object tagged by
/// `event`, whether the kernel or the protocol recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MultiEvent {
    /// A network event: send, deliver, drop, duplicate, crash, partition, ...
    Net(NetEvent<Msg, MultiViolation>),
    /// A client's or a replica's own event, or a slot chosen.
    Paxos(PaxosEvent),
}

/// What clients and replicas did, and what only the simulator sees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum PaxosEvent {
    /// A client sent a new request.
    Sent {
        /// The client.
        client: NodeId,
        /// The request.
        request: Request,
        /// The replica it went to.
        to: NodeId,
    },
    /// A client's timer fired: it resent its request, to the next replica.
    Retry {
        /// The client.
        client: NodeId,
        /// The request (same number as before).
        request: Request,
        /// The replica it went to now.
        to: NodeId,
    },
    /// A client took the reply to its outstanding request: the call returned.
    Replied {
        /// The client.
        client: NodeId,
        /// The request.
        request: Request,
        /// Its result.
        outcome: Outcome,
    },
    /// A replica's own account of what it did (campaigned, promised, accepted, learned,
    /// applied, forwarded, ...).
    Note {
        /// The replica.
        node: NodeId,
        /// What it did.
        note: Note,
    },
    /// A quorum of acceptors has accepted the same ballot and command in a slot: the command is
    /// chosen there. The simulator's view; no replica knows it at this moment.
    Chosen {
        /// The slot.
        slot: Slot,
        /// The ballot.
        ballot: Ballot,
        /// The command.
        command: Command,
        /// The replicas whose acceptors accepted it.
        quorum: Vec<NodeId>,
    },
}

impl From<NetEvent<Msg, MultiViolation>> for MultiEvent {
    #[inline]
    fn from(e: NetEvent<Msg, MultiViolation>) -> MultiEvent {
        MultiEvent::Net(e)
    }
}

impl From<PaxosEvent> for MultiEvent {
    #[inline]
    fn from(e: PaxosEvent) -> MultiEvent {
        MultiEvent::Paxos(e)
    }
}

impl MultiEvent {
    /// The violation, if this event reports one.
    pub fn violation(&self) -> Option<&MultiViolation> {
        match self {
            MultiEvent::Net(NetEvent::Violation { violation }) => Some(violation),
            _ => None,
        }
    }
}

/// One compact line per event, as golden files print it.
impl fmt::Display for MultiEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultiEvent::Net(e) => e.fmt(f),
            MultiEvent::Paxos(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for PaxosEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaxosEvent::Sent {
                client,
                request,
                to,
            } => {
                write!(f, "{client} sends {request} to {to}")
            }
            PaxosEvent::Retry {
                client,
                request,
                to,
            } => {
                write!(f, "{client} timed out; resends {request} to {to}")
            }
            PaxosEvent::Replied {
                client,
                request,
                outcome,
            } => write!(f, "{client} gets {request} -> {outcome}"),
            PaxosEvent::Note { node, note } => write!(f, "{node} {note}"),
            PaxosEvent::Chosen {
                slot,
                ballot,
                command,
                quorum,
            } => {
                let names: Vec<String> = quorum.iter().map(|n| n.to_string()).collect();
                write!(
                    f,
                    "CHOSEN slot {slot} = {command} at {ballot} by {}",
                    names.join(",")
                )
            }
        }
    }
}
