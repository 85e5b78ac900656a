//! The five messages of single-decree Paxos.
//!
//! Phase 1 is `Prepare` / `Promise`, phase 2 is `Accept` / `Accepted`; `Nack` is the
//! optimisation Paxos Made Simple suggests at the end of its section 2.2 so that a proposer
//! learns it was pre-empted instead of waiting for a timeout. It is optional: plain Paxos stays
//! silent, and correctness does not depend on it.

use crate::ids::{Ballot, NodeId};
use crate::value::Value;
use std::fmt;

/// Where the value of a proposer's `Accept` came from. This is the heart of Paxos, so every
/// `Accept` carries it and the page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "lowercase"))]
pub enum ValueSource {
    /// No promise in the quorum reported an accepted proposal, so the proposer was free to
    /// propose the value its client asked for.
    Own,
    /// Some promise reported an accepted proposal; the proposer must propose the value of the
    /// highest-ballot one, which acceptor `from` reported as accepted at `ballot`.
    Adopted {
        /// The acceptor whose Promise carried the highest accepted proposal.
        from: NodeId,
        /// The ballot at which that acceptor had accepted the value.
        ballot: Ballot,
    },
}

impl fmt::Display for ValueSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueSource::Own => f.write_str("own"),
            ValueSource::Adopted { from, ballot } => write!(f, "adopted from {from}@{ballot}"),
        }
    }
}

/// A message between agents. Which agent sent it and to whom is the network's business (see
/// the simulator's envelopes); the message itself carries only what the protocol needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type"))]
pub enum Message {
    /// Phase 1a, proposer to acceptors: "promise me not to accept anything below `ballot`, and
    /// tell me the highest proposal you have accepted".
    Prepare {
        /// The ballot the proposer wants to use.
        ballot: Ballot,
    },
    /// Phase 1b, acceptor to proposer: the promise asked for by `Prepare(ballot)`.
    Promise {
        /// The ballot being promised (the one from the Prepare).
        ballot: Ballot,
        /// The highest-ballot proposal this acceptor has accepted, if any. A proposer that
        /// collects a quorum of promises must adopt the value of the highest of these.
        last_accepted: Option<(Ballot, Value)>,
    },
    /// Phase 2a, proposer to acceptors: "accept `value` at `ballot`".
    Accept {
        /// The ballot for which the proposer holds a quorum of promises.
        ballot: Ballot,
        /// The value proposed: adopted from the promises, or the proposer's own.
        value: Value,
        /// Why this value: not used by acceptors, carried so that observers (the page, trace
        /// readers) can see the rule that picked it.
        source: ValueSource,
    },
    /// Phase 2b, acceptor to the ballot's proposer and to every learner: "I accepted `value`
    /// at `ballot`". A value is chosen once a quorum of acceptors accepted the same ballot.
    Accepted {
        /// The ballot accepted.
        ballot: Ballot,
        /// The value accepted with it.
        value: Value,
    },
    /// Acceptor to proposer: your `ballot` is below the ballot I am bound to (one I promised, or
    /// one I accepted, which binds me just as a promise does), so I will not promise or accept
    /// it. Optional (Paxos Made Simple, end of section 2.2): plain Paxos stays silent, and the
    /// proposer finds out by timing out; with a Nack it can retry with a higher round at once.
    Nack {
        /// The ballot that was refused.
        ballot: Ballot,
        /// The higher ballot the acceptor is bound by.
        promised: Ballot,
    },
}

impl ValueSource {
    /// The same source with its acceptor renamed by `r`.
    pub fn renamed(self, r: &crate::AcceptorRenaming) -> ValueSource {
        self.renamed_by(|id| r.id(id))
    }

    /// The same source with its acceptor's name mapped by `name`.
    pub fn renamed_by(self, name: impl Fn(NodeId) -> NodeId) -> ValueSource {
        match self {
            ValueSource::Own => ValueSource::Own,
            ValueSource::Adopted { from, ballot } => ValueSource::Adopted {
                from: name(from),
                ballot,
            },
        }
    }
}

impl Message {
    /// The same message with the acceptor it names (an Accept's adopted value's source)
    /// renamed by `r`; no other message names an acceptor.
    pub fn renamed(self, r: &crate::AcceptorRenaming) -> Message {
        match self {
            Message::Accept {
                ballot,
                value,
                source,
            } => Message::Accept {
                ballot,
                value,
                source: source.renamed(r),
            },
            other => other,
        }
    }

    /// The ballot the message is about (the refused one, for a Nack).
    pub fn ballot(&self) -> Ballot {
        match *self {
            Message::Prepare { ballot }
            | Message::Promise { ballot, .. }
            | Message::Accept { ballot, .. }
            | Message::Accepted { ballot, .. }
            | Message::Nack { ballot, .. } => ballot,
        }
    }

    /// The message's name from the paper: `Prepare`, `Promise`, `Accept`, `Accepted`, `Nack`.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Prepare { .. } => "Prepare",
            Message::Promise { .. } => "Promise",
            Message::Accept { .. } => "Accept",
            Message::Accepted { .. } => "Accepted",
            Message::Nack { .. } => "Nack",
        }
    }
}

/// The compact form used in golden files and arrow labels: `Prepare 2.p1`,
/// `Promise 2.p1 acc=1.p2:A` (or `acc=-`), `Accept 2.p1 = A (own)`, `Accepted 2.p1 = A`,
/// `Nack 2.p1 < 3.p2`.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Prepare { ballot } => write!(f, "Prepare {ballot}"),
            Message::Promise {
                ballot,
                last_accepted: Some((b, v)),
            } => write!(f, "Promise {ballot} acc={b}:{v}"),
            Message::Promise {
                ballot,
                last_accepted: None,
            } => write!(f, "Promise {ballot} acc=-"),
            Message::Accept {
                ballot,
                value,
                source,
            } => write!(f, "Accept {ballot} = {value} ({source})"),
            Message::Accepted { ballot, value } => write!(f, "Accepted {ballot} = {value}"),
            Message::Nack { ballot, promised } => write!(f, "Nack {ballot} < {promised}"),
        }
    }
}

/// A message a handler wants sent, drained by whoever runs the agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// The receiving agent.
    pub to: NodeId,
    /// What to send.
    pub msg: Message,
}

/// Where handlers put the messages they want sent. The caller drains it after each call; the
/// agents never touch a network themselves (the "sans-IO" style of quinn-proto).
pub type Outbox = Vec<Outgoing>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_forms() {
        let b = Ballot::new(2, NodeId::proposer(1));
        let old = Ballot::new(1, NodeId::proposer(2));
        let a = Value::new("A").unwrap();
        let cases = [
            (Message::Prepare { ballot: b }, "Prepare 2.p1"),
            (
                Message::Promise {
                    ballot: b,
                    last_accepted: Some((old, a)),
                },
                "Promise 2.p1 acc=1.p2:A",
            ),
            (
                Message::Promise {
                    ballot: b,
                    last_accepted: None,
                },
                "Promise 2.p1 acc=-",
            ),
            (
                Message::Accept {
                    ballot: b,
                    value: a,
                    source: ValueSource::Adopted {
                        from: NodeId::acceptor(2),
                        ballot: old,
                    },
                },
                "Accept 2.p1 = A (adopted from a2@1.p2)",
            ),
            (
                Message::Accepted {
                    ballot: b,
                    value: a,
                },
                "Accepted 2.p1 = A",
            ),
            (
                Message::Nack {
                    ballot: old,
                    promised: b,
                },
                "Nack 1.p2 < 2.p1",
            ),
        ];
        for (m, s) in cases {
            assert_eq!(m.to_string(), s);
        }
    }
}
