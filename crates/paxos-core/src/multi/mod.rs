//! # Multi-Paxos: a replicated log of commands, applied to a key-value store
//!
//! Single-decree Paxos chooses one value. A replicated service needs a *sequence* of them: one
//! Paxos instance per position (*slot*) of a log, every replica applying the chosen commands
//! in slot order to the same state machine (Paxos Made Simple, section 3; van Renesse and
//! Altinbuken, *Paxos Made Moderately Complex*). The rules per slot are the ones of
//! single-decree Paxos; what is new is how they are shared across slots:
//!
//! - **One phase 1 for all slots.** A leader sends one `Prepare(b, from)` for every slot from
//!   `from` on. An acceptor keeps a single promised ballot for all slots, and its `Promise`
//!   reports every proposal it has accepted in those slots.
//! - **Recovery.** From a quorum of promises the new leader re-proposes, slot by slot, the
//!   command of the highest-numbered accepted proposal, and fills every gap below the highest
//!   reported slot with a no-op ([`recovery`]). Only then does it put new commands in fresh
//!   slots. After that, each command costs one phase-2 round trip: `Accept` and `Accepted`.
//! - **Applying.** A slot is chosen when a quorum accepted the same ballot and command in it.
//!   Replicas apply chosen slots strictly in order, skip no-ops, and apply each client request
//!   at most once, even if a retry put it into two slots ([`store`]).
//!
//! This module holds the pieces that carry those rules, each a plain state machine like the
//! single-decree agents: [`acceptor::SlotAcceptor`], [`recovery::recover`],
//! [`store::KvStore`], the [`replica::Replica`] that combines them with a leader and a learner
//! (the combined layout deployed systems use), and the [`client::Client`] that sends requests
//! and retries them. The roles can also be separate: replicas that lead, learn and apply, and
//! standalone [`acceptor::AcceptorNode`]s `a1..` that only vote (the layout of Paxos Made
//! Simple); a replica built with [`replica::Replica::with_acceptors`] sends its Prepares and
//! Accepts to them and counts their quorums.

pub mod acceptor;
pub mod client;
pub mod note;
mod pack;
pub mod recovery;
pub mod replica;
pub mod store;

use crate::ids::{Ballot, NodeId};
use crate::value::Value;
use std::fmt;

/// A position in the replicated log, from 1.
pub type Slot = u32;

/// Makes `dst` equal to `src`, cloning only when they differ.
///
/// For the explorer: it copies the state it expands into a scratch world once per action it
/// tries, and that world differs from the last one in a node or two. A `BTreeMap`'s
/// `clone_from` allocates every node afresh even when nothing changed (the standard library
/// does not reuse them), and Multi-Paxos states hold a dozen small maps; comparing first is a
/// few word compares where cloning was a trip to the allocator, which in wasm is dearer still.
/// A `Vec` of plain values needs no guard: its own `clone_from` reuses its buffer.
#[inline]
pub fn clone_if_changed<T: Clone + PartialEq>(dst: &mut T, src: &T) {
    if dst != src {
        dst.clone_from(src);
    }
}

/// What a client asks the key-value store to do. Keys and values are short words ([`Value`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "op", rename_all = "lowercase"))]
pub enum Op {
    /// Set `key` to `value`.
    Put {
        /// The key.
        key: Value,
        /// Its new value.
        value: Value,
    },
    /// Read `key`.
    Get {
        /// The key.
        key: Value,
    },
    /// Set `key` to `new` if it holds `expect` now (a conditional write).
    Cas {
        /// The key.
        key: Value,
        /// The value it must hold for the write to happen.
        expect: Value,
        /// Its new value.
        new: Value,
    },
}

/// `put x 1`, `get x`, `cas x 1 2`
impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Put { key, value } => write!(f, "put {key} {value}"),
            Op::Get { key } => write!(f, "get {key}"),
            Op::Cas { key, expect, new } => write!(f, "cas {key} {expect} {new}"),
        }
    }
}

/// One client request: who sent it, its number (a client numbers its requests 1, 2, ... and
/// resends a request with the same number when it retries), and the operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Request {
    /// The client (`c1`).
    pub client: NodeId,
    /// The request's number at that client.
    pub id: u32,
    /// What it asks for.
    pub op: Op,
}

/// `c1#2 put x 1`
impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{} {}", self.client, self.id, self.op)
    }
}

/// What a log slot holds: a client's request, or a no-op a new leader put in a gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "command", rename_all = "lowercase"))]
pub enum Command {
    /// A gap filled by a leader: applying it changes nothing.
    Noop,
    /// A client's request.
    Client(Request),
}

/// `noop`, or the request (`c1#2 put x 1`)
impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Noop => f.write_str("noop"),
            Command::Client(r) => write!(f, "{r}"),
        }
    }
}

/// The result of applying a request, which its reply carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "outcome", content = "value", rename_all = "lowercase")
)]
pub enum Outcome {
    /// A `put` was applied.
    Stored,
    /// A `get`'s answer: the key's value, if it has one.
    Read(Option<Value>),
    /// A `cas`: whether it wrote, and the value the key held before.
    Swapped {
        /// True when the key held the expected value and now holds the new one.
        done: bool,
        /// The value before the operation.
        was: Option<Value>,
    },
}

/// `stored`, `read 1` or `read -`, `swapped` or `not swapped (was 3)`
impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let opt = |v: &Option<Value>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
        match self {
            Outcome::Stored => f.write_str("stored"),
            Outcome::Read(v) => write!(f, "read {}", opt(v)),
            Outcome::Swapped { done: true, .. } => f.write_str("swapped"),
            Outcome::Swapped { done: false, was } => write!(f, "not swapped (was {})", opt(was)),
        }
    }
}

/// A proposal an acceptor accepted in one slot, as its Promise reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SlotVote {
    /// The slot.
    pub slot: Slot,
    /// The ballot it accepted in.
    pub ballot: Ballot,
    /// The command.
    pub command: Command,
}

/// The messages of Multi-Paxos between replicas (and, for `Request` and `Reply`, clients).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "lowercase"))]
pub enum Msg {
    /// Client to replica: please run this request.
    Request(Request),
    /// Replica to client: the request with this number was applied, with this result.
    Reply {
        /// The request's number.
        id: u32,
        /// The result.
        outcome: Outcome,
    },
    /// Leader to acceptors, phase 1a for every slot from `from` on: promise not to accept
    /// anything numbered below `ballot`, in any of those slots.
    Prepare {
        /// The leader's ballot.
        ballot: Ballot,
        /// The first slot the leader does not know to be chosen.
        from: Slot,
    },
    /// Acceptor to leader, phase 1b: the promise, and every proposal accepted from slot `from`
    /// on (the highest-numbered one per slot, which is the only one an acceptor keeps).
    Promise {
        /// The promised ballot.
        ballot: Ballot,
        /// Its accepted proposals, by slot.
        accepted: Vec<SlotVote>,
    },
    /// Leader to acceptors, phase 2a for one slot.
    Accept {
        /// The leader's ballot.
        ballot: Ballot,
        /// The slot.
        slot: Slot,
        /// The command proposed for it.
        command: Command,
    },
    /// Acceptor to the leader and every replica's learner, phase 2b: accepted in one slot.
    Accepted {
        /// The ballot.
        ballot: Ballot,
        /// The slot.
        slot: Slot,
        /// The command.
        command: Command,
    },
    /// Acceptor to leader: `ballot` is below the ballot this acceptor is bound to (the same
    /// optional optimisation as in single-decree Paxos).
    Nack {
        /// The refused ballot.
        ballot: Ballot,
        /// The higher ballot that binds the acceptor.
        promised: Ballot,
    },
    /// A replica that missed slots asks another for what is chosen from slot `from` on.
    CatchUp {
        /// The first slot it has not applied.
        from: Slot,
    },
    /// Replica to replica: this slot is chosen with this command (the answer to `CatchUp`).
    Chosen {
        /// The slot.
        slot: Slot,
        /// Its chosen command.
        command: Command,
    },
}

impl Msg {
    /// The message's name: `Request`, `Reply`, `Prepare`, `Promise`, `Accept`, `Accepted`,
    /// `Nack`, `CatchUp`, `Chosen`.
    pub fn kind(&self) -> &'static str {
        match self {
            Msg::Request(_) => "Request",
            Msg::Reply { .. } => "Reply",
            Msg::Prepare { .. } => "Prepare",
            Msg::Promise { .. } => "Promise",
            Msg::Accept { .. } => "Accept",
            Msg::Accepted { .. } => "Accepted",
            Msg::Nack { .. } => "Nack",
            Msg::CatchUp { .. } => "CatchUp",
            Msg::Chosen { .. } => "Chosen",
        }
    }
}

/// One compact line per message, as golden files print them:
/// `Prepare 2.n1 from=3`, `Promise 2.n1 acc=[3:1.n2:c1#1 put x 1]`, `Accept 2.n1 #3 = noop`.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Msg::Request(r) => write!(f, "Request {r}"),
            Msg::Reply { id, outcome } => write!(f, "Reply #{id} {outcome}"),
            Msg::Prepare { ballot, from } => write!(f, "Prepare {ballot} from={from}"),
            Msg::Promise { ballot, accepted } => {
                write!(f, "Promise {ballot} acc=[")?;
                for (i, v) in accepted.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}:{}:{}", v.slot, v.ballot, v.command)?;
                }
                f.write_str("]")
            }
            Msg::Accept {
                ballot,
                slot,
                command,
            } => write!(f, "Accept {ballot} slot {slot} = {command}"),
            Msg::Accepted {
                ballot,
                slot,
                command,
            } => write!(f, "Accepted {ballot} slot {slot} = {command}"),
            Msg::Nack { ballot, promised } => write!(f, "Nack {ballot} < {promised}"),
            Msg::CatchUp { from } => write!(f, "CatchUp from={from}"),
            Msg::Chosen { slot, command } => write!(f, "Chosen slot {slot} = {command}"),
        }
    }
}

/// A message a Multi-Paxos state machine wants sent, and to whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Out {
    /// The receiver.
    pub to: NodeId,
    /// The message.
    pub msg: Msg,
}

/// Where Multi-Paxos state machines put the messages they want sent; the caller drains it.
pub type Outbox = Vec<Out>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_print_as_one_compact_line() {
        let v = |s| Value::new(s).unwrap();
        let b = |r| Ballot::new(r, NodeId::node(1));
        let put = Request {
            client: NodeId::client(1),
            id: 2,
            op: Op::Put {
                key: v("x"),
                value: v("1"),
            },
        };
        assert_eq!(put.to_string(), "c1#2 put x 1");
        let promise = Msg::Promise {
            ballot: b(2),
            accepted: vec![
                SlotVote {
                    slot: 1,
                    ballot: b(1),
                    command: Command::Client(put),
                },
                SlotVote {
                    slot: 2,
                    ballot: b(1),
                    command: Command::Noop,
                },
            ],
        };
        assert_eq!(
            promise.to_string(),
            "Promise 2.n1 acc=[1:1.n1:c1#2 put x 1, 2:1.n1:noop]"
        );
        let accept = Msg::Accept {
            ballot: b(2),
            slot: 3,
            command: Command::Noop,
        };
        assert_eq!(accept.to_string(), "Accept 2.n1 slot 3 = noop");
        assert_eq!(
            Msg::Reply {
                id: 2,
                outcome: Outcome::Swapped {
                    done: false,
                    was: Some(v("3"))
                }
            }
            .to_string(),
            "Reply #2 not swapped (was 3)"
        );
        let cas = Op::Cas {
            key: v("x"),
            expect: v("1"),
            new: v("2"),
        };
        assert_eq!(cas.to_string(), "cas x 1 2");
        assert_eq!(
            Msg::Prepare {
                ballot: b(2),
                from: 3
            }
            .kind(),
            "Prepare"
        );
    }
}
