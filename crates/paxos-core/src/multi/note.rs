//! What a Multi-Paxos node did, in its own words: the notes its handlers return, for event
//! logs, golden files and the invariants. Replicas and standalone acceptors share them, so an
//! acceptor's vote reads the same in either layout.

use super::recovery::{Recovered, Source};
use super::store::Applied;
use super::{Command, Request, Slot};
use crate::ids::{Ballot, NodeId};
use std::fmt;

/// Why a leader proposes a command in a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Why {
    /// A client's request, in a fresh slot.
    New,
    /// Recovered from the promises of phase 1 (adopted, or a no-op for a gap).
    Recovered(Source),
}

/// What happened at a replica, for logs, golden files and invariants.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "note", rename_all = "snake_case"))]
pub enum Note {
    /// It started phase 1 with this ballot, for the slots from `from` on.
    Campaign {
        /// The ballot.
        ballot: Ballot,
        /// The first slot it asked about.
        from: Slot,
    },
    /// Its acceptor promised `ballot` and reported `reported` accepted slots.
    Promised {
        /// The ballot.
        ballot: Ballot,
        /// How many accepted slots its Promise reports.
        reported: usize,
    },
    /// Its acceptor refused `ballot`, bound to the higher `promised`.
    Refused {
        /// The refused ballot.
        ballot: Ballot,
        /// The ballot that binds it.
        promised: Ballot,
    },
    /// Its acceptor ignored a Prepare for the ballot it is already bound to.
    AlreadyPromised {
        /// The ballot.
        ballot: Ballot,
    },
    /// Its acceptor accepted a command in a slot.
    Voted {
        /// The ballot.
        ballot: Ballot,
        /// The slot.
        slot: Slot,
        /// The command.
        command: Command,
    },
    /// As candidate, it counted a promise.
    PromiseCounted {
        /// Its ballot.
        ballot: Ballot,
        /// Promises so far.
        count: u8,
        /// Promises needed.
        quorum: u8,
    },
    /// Its learner counted an Accepted: `count` acceptors of `quorum` accepted `ballot` in
    /// `slot` so far (the slot is not yet learned).
    VotesCounted {
        /// The slot.
        slot: Slot,
        /// The ballot.
        ballot: Ballot,
        /// Acceptances counted so far.
        count: u8,
        /// Acceptances that choose.
        quorum: u8,
    },
    /// Phase 1 is done: it leads with this ballot, and recovered these slots.
    Elected {
        /// Its ballot.
        ballot: Ballot,
        /// The slots it must re-propose, each with its reason.
        recovered: Vec<Recovered>,
    },
    /// As leader, it proposed a command in a slot.
    Proposed {
        /// The slot.
        slot: Slot,
        /// The command.
        command: Command,
        /// Why this command.
        why: Why,
    },
    /// It learned that a slot is chosen.
    Learned {
        /// The slot.
        slot: Slot,
        /// The chosen command.
        command: Command,
    },
    /// It applied a slot to its store.
    Applied {
        /// The slot.
        slot: Slot,
        /// What applying did.
        applied: Applied,
    },
    /// It passed a client's request on to the leader it believes in.
    Forwarded {
        /// The request.
        request: Request,
        /// The leader.
        to: NodeId,
    },
    /// It keeps a request until phase 1 is done.
    Queued {
        /// The request.
        request: Request,
    },
    /// It answered a request it had already applied, from its store's memory.
    Answered {
        /// The request.
        request: Request,
    },
    /// A higher ballot ended its leadership or candidacy.
    Deposed {
        /// Its ballot.
        ballot: Ballot,
        /// The higher ballot.
        by: Ballot,
    },
}

/// `(new)`, `(gap)`, `(adopted from n2@1.n1)`: why a leader proposes what it proposes.
impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::New => f.write_str("(new)"),
            Why::Recovered(Source::Gap) => f.write_str("(gap)"),
            Why::Recovered(Source::Adopted { from, ballot }) => {
                write!(f, "(adopted from {from}@{ballot})")
            }
        }
    }
}

/// One compact line per note, without the replica's name (the caller puts it first):
/// `campaigns with 2.n1 from slot 3`, `proposes slot 3 = noop (gap)`, `applies slot 3: noop`.
impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Campaign { ballot, from } => {
                write!(f, "campaigns with {ballot} from slot {from}")
            }
            Note::Promised { ballot, reported } => {
                write!(f, "promises {ballot}; reports {reported} accepted slot(s)")
            }
            Note::Refused { ballot, promised } => {
                write!(f, "refuses {ballot}: bound to {promised}")
            }
            Note::AlreadyPromised { ballot } => write!(f, "already promised {ballot}; no reply"),
            Note::Voted {
                ballot,
                slot,
                command,
            } => write!(f, "accepts {ballot} slot {slot} = {command}"),
            Note::PromiseCounted {
                ballot,
                count,
                quorum,
            } => write!(f, "has {count}/{quorum} promises for {ballot}"),
            Note::Elected { ballot, recovered } => {
                write!(
                    f,
                    "leads with {ballot}; recovered {} slot(s)",
                    recovered.len()
                )
            }
            Note::Proposed { slot, command, why } => {
                write!(f, "proposes slot {slot} = {command} {why}")
            }
            Note::VotesCounted {
                slot,
                ballot,
                count,
                quorum,
            } => write!(f, "has {count}/{quorum} votes for slot {slot} at {ballot}"),
            Note::Learned { slot, command } => write!(f, "learned slot {slot} = {command}"),
            Note::Applied { slot, applied } => match applied {
                Applied::Noop => write!(f, "applies slot {slot}: noop"),
                Applied::Executed { request, outcome } => {
                    write!(f, "applies slot {slot}: {request} -> {outcome}")
                }
                Applied::Duplicate { request, outcome } => {
                    write!(
                        f,
                        "applies slot {slot}: {request} again -> {outcome} (not re-run)"
                    )
                }
            },
            Note::Forwarded { request, to } => write!(f, "forwards {request} to {to}"),
            Note::Queued { request } => write!(f, "queues {request} until it leads"),
            Note::Answered { request } => write!(f, "answers {request} from its store"),
            Note::Deposed { ballot, by } => write!(f, "deposed: {ballot} < {by}"),
        }
    }
}
