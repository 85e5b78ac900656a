//! What happened, one event at a time: the language of golden files, the event log and traces.

use crate::action::{write_groups, MsgId};
use crate::violation::Violation;
use paxos_core::{Ballot, Message, NodeId, Value, ValueSource};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A single-decree message in the network.
pub type Envelope = crate::kernel::Envelope<Message>;
pub use crate::kernel::DropReason;

/// One thing that happened. Events come in the order they happened; a trace lists them all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A message was sent (`local`: to the sender itself, delivered at once).
    Send {
        /// The message.
        msg: Envelope,
        /// True for a combined node's message to itself.
        local: bool,
    },
    /// A message reached its receiver.
    Deliver {
        /// The message.
        msg: Envelope,
        /// True for a combined node's message to itself.
        local: bool,
    },
    /// A message was lost.
    Drop {
        /// The message.
        msg: Envelope,
        /// Why.
        reason: DropReason,
    },
    /// A copy of a message joined the network.
    Duplicate {
        /// The original.
        msg: Envelope,
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
    /// A proposer was asked to propose and started a ballot.
    Propose {
        /// The proposer.
        node: NodeId,
        /// Its own value.
        value: Value,
        /// The ballot it started.
        ballot: Ballot,
    },
    /// A proposer's timer fired and it started a higher ballot.
    Timeout {
        /// The proposer.
        node: NodeId,
        /// The new ballot.
        ballot: Ballot,
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
        network: crate::config::Network,
    },
    /// The scheduler's random stream restarted.
    Reseed {
        /// The new seed.
        seed: u64,
    },
    /// An acceptor promised a ballot (the Promise it sent follows).
    Promised {
        /// The acceptor.
        acceptor: NodeId,
        /// The promised ballot.
        ballot: Ballot,
        /// Its accepted proposal, reported in the Promise.
        accepted: Option<(Ballot, Value)>,
    },
    /// An acceptor did not answer a Prepare for the ballot it is already bound to: it promised
    /// that ballot before (the Promise was sent then), or it accepted a proposal in that ballot,
    /// which binds it just as a promise does.
    AlreadyPromised {
        /// The acceptor.
        acceptor: NodeId,
        /// The ballot.
        ballot: Ballot,
        /// The value it accepted in this ballot, when accepting is what bound it (`None`: it
        /// only promised). Traces written before this field existed lack it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        accepted: Option<Value>,
    },
    /// An acceptor refused a ballot below the one it is bound to (a Nack follows).
    Refused {
        /// The acceptor.
        acceptor: NodeId,
        /// The refused ballot.
        ballot: Ballot,
        /// The higher ballot that bound it: one it promised, or one it accepted.
        promised: Ballot,
        /// The value it accepted in `promised`, when accepting is what bound it (`None`: it
        /// only promised). Traces written before this field existed lack it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        accepted: Option<Value>,
    },
    /// An acceptor accepted a proposal.
    Voted {
        /// The acceptor.
        acceptor: NodeId,
        /// The ballot.
        ballot: Ballot,
        /// The value.
        value: Value,
    },
    /// A proposer counted a promise.
    PromiseCounted {
        /// The proposer.
        proposer: NodeId,
        /// Its ballot.
        ballot: Ballot,
        /// Promises so far.
        count: u8,
        /// Promises needed.
        quorum: u8,
    },
    /// A proposer has a quorum of promises and sent Accept with this value.
    Proposing {
        /// The proposer.
        proposer: NodeId,
        /// Its ballot.
        ballot: Ballot,
        /// The value in its Accept.
        value: Value,
        /// Why that value.
        source: ValueSource,
    },
    /// A proposer counted an Accepted.
    AcceptedCounted {
        /// The proposer.
        proposer: NodeId,
        /// Its ballot.
        ballot: Ballot,
        /// Acceptances so far.
        count: u8,
        /// Acceptances needed.
        quorum: u8,
    },
    /// A proposer saw a quorum accept its proposal.
    ProposerDone {
        /// The proposer.
        proposer: NodeId,
        /// Its ballot.
        ballot: Ballot,
        /// The value, now chosen.
        value: Value,
    },
    /// A proposer was pre-empted by a higher ballot and backs off.
    Preempted {
        /// The proposer.
        proposer: NodeId,
        /// Its abandoned ballot.
        ballot: Ballot,
        /// The higher ballot.
        by: Ballot,
        /// The step at which its timer fires.
        retry_at: u64,
    },
    /// A message arrived that its receiver had no use for (stale ballot, finished phase).
    Ignored {
        /// The receiver.
        node: NodeId,
        /// The message.
        msg: MsgId,
    },
    /// A quorum of acceptors has accepted the same ballot: the value is chosen. This is the
    /// global truth, seen by the simulator; no single agent knows it at this moment.
    Chosen {
        /// The ballot.
        ballot: Ballot,
        /// The chosen value.
        value: Value,
        /// The acceptors that accepted it.
        quorum: Vec<NodeId>,
    },
    /// A learner learned a value.
    Learned {
        /// The learner.
        learner: NodeId,
        /// The ballot whose quorum it saw.
        ballot: Ballot,
        /// The value.
        value: Value,
    },
    /// An invariant failed.
    Violation {
        /// What failed.
        violation: Violation,
    },
}

fn join(nodes: &[NodeId]) -> String {
    nodes
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// One compact line per event, as golden files print it.
impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Send { msg, local: false } => write!(f, "{msg}"),
            Event::Send { msg, local: true } => write!(f, "{msg} (local)"),
            Event::Deliver { msg, .. } => write!(f, "deliver {msg}"),
            Event::Drop { msg, reason } => write!(f, "drop {msg} ({reason})"),
            Event::Duplicate { msg, copy } => write!(f, "duplicate #{} as #{copy}", msg.id),
            Event::Crash { node } => write!(f, "{node} crashed"),
            Event::Recover { node } => write!(f, "{node} recovered"),
            Event::Propose {
                node,
                value,
                ballot,
            } => write!(f, "{node} proposes {value} with ballot {ballot}"),
            Event::Timeout { node, ballot } => write!(f, "{node} timed out; retries with {ballot}"),
            Event::Partition { groups } => {
                f.write_str("partition ")?;
                write_groups(f, groups)
            }
            Event::Heal => f.write_str("heal"),
            Event::Network { network } => write!(f, "network {network}"),
            Event::Reseed { seed } => write!(f, "reseed {seed}"),
            Event::Promised {
                acceptor,
                ballot,
                accepted,
            } => match accepted {
                Some((b, v)) => write!(f, "{acceptor} promises {ballot}; had accepted {b} = {v}"),
                None => write!(f, "{acceptor} promises {ballot}"),
            },
            Event::AlreadyPromised {
                acceptor,
                ballot,
                accepted: None,
            } => write!(f, "{acceptor} already promised {ballot}; no reply"),
            Event::AlreadyPromised {
                acceptor,
                ballot,
                accepted: Some(v),
            } => write!(
                f,
                "{acceptor} already accepted {ballot} = {v}, which binds it to {ballot}; no reply"
            ),
            Event::Refused {
                acceptor,
                ballot,
                promised,
                accepted: None,
            } => write!(f, "{acceptor} refuses {ballot}: promised {promised}"),
            Event::Refused {
                acceptor,
                ballot,
                promised,
                accepted: Some(v),
            } => write!(f, "{acceptor} refuses {ballot}: accepted {promised} = {v}"),
            Event::Voted {
                acceptor,
                ballot,
                value,
            } => write!(f, "{acceptor} accepts {ballot} = {value}"),
            Event::PromiseCounted {
                proposer,
                ballot,
                count,
                quorum,
            } => write!(f, "{proposer} has {count}/{quorum} promises for {ballot}"),
            Event::Proposing {
                proposer,
                ballot,
                value,
                source,
            } => write!(
                f,
                "{proposer} has a quorum of promises for {ballot}; proposes {value} ({source})"
            ),
            Event::AcceptedCounted {
                proposer,
                ballot,
                count,
                quorum,
            } => write!(f, "{proposer} has {count}/{quorum} accepted for {ballot}"),
            Event::ProposerDone {
                proposer,
                ballot,
                value,
            } => write!(f, "{proposer} knows {value} is chosen ({ballot})"),
            Event::Preempted {
                proposer,
                ballot,
                by,
                retry_at,
            } => write!(
                f,
                "{proposer} pre-empted: {ballot} < {by}; backs off until step {retry_at}"
            ),
            Event::Ignored { node, msg } => write!(f, "{node} ignores #{msg}"),
            Event::Chosen {
                ballot,
                value,
                quorum,
            } => write!(f, "CHOSEN {value} at {ballot} by {}", join(quorum)),
            Event::Learned {
                learner,
                ballot,
                value,
            } => write!(f, "{learner} learned {value} ({ballot})"),
            Event::Violation { violation } => write!(f, "VIOLATION {violation}"),
        }
    }
}

impl Event {
    /// The event as a sentence for people, as the page's event log shows it, e.g.
    /// "a2 promised 2.p1 to p1; it had accepted 1.p2 = A". `None` for bookkeeping events
    /// that the surrounding sentences already tell (sends, deliveries, local messages).
    pub fn sentence(&self) -> Option<String> {
        Some(match self {
            Event::Send { .. } | Event::Deliver { .. } => return None,
            Event::Drop { msg, reason } => {
                let what = format!("{} {} from {} to {}", msg.payload.kind(), msg.payload.ballot(), msg.from, msg.to);
                match reason {
                    DropReason::ByHand => format!("{what} was dropped"),
                    DropReason::Lost => format!("{what} was lost by the network"),
                    DropReason::Partition => format!("{what} was lost: the partition separates them"),
                    DropReason::ReceiverDown => format!("{what} was lost: {} is crashed", msg.to),
                }
            }
            Event::Duplicate { msg, copy } => format!(
                "{} {} from {} to {} was duplicated (copy #{copy})",
                msg.payload.kind(),
                msg.payload.ballot(),
                msg.from,
                msg.to
            ),
            Event::Crash { node } => format!("{node} crashed; it keeps only what it had stored"),
            Event::Recover { node } => format!("{node} recovered from its stored state"),
            Event::Propose { node, value, ballot } => {
                format!("a client asked {node} to propose {value}; {node} starts ballot {ballot}")
            }
            Event::Timeout { node, ballot } => {
                format!("{node} timed out waiting and retries with the higher ballot {ballot}")
            }
            Event::Partition { groups } => {
                let mut g = String::new();
                let _ = write_groups(&mut g, groups);
                format!("the network is partitioned: {g}")
            }
            Event::Heal => "the partition healed".into(),
            Event::Network { network } => format!("network settings changed: {network}"),
            Event::Reseed { seed } => format!("the scheduler's random seed is now {seed}"),
            Event::Promised {
                acceptor,
                ballot,
                accepted,
            } => match accepted {
                Some((b, v)) => format!(
                    "{acceptor} promised {ballot} to {}; it had accepted {b} = {v}",
                    ballot.proposer
                ),
                None => format!(
                    "{acceptor} promised {ballot} to {}; it had accepted nothing",
                    ballot.proposer
                ),
            },
            Event::AlreadyPromised {
                acceptor,
                ballot,
                accepted,
            } => match accepted {
                None => format!(
                    "{acceptor} did not answer Prepare {ballot}: it had already promised {ballot}, and a promise is sent once"
                ),
                Some(v) => format!(
                    "{acceptor} did not answer Prepare {ballot}: it had already accepted {ballot} = {v}, and accepting a ballot binds an acceptor as a promise does"
                ),
            },
            Event::Refused {
                acceptor,
                ballot,
                promised,
                accepted,
            } => match accepted {
                None => format!(
                    "{acceptor} refused {ballot}: it had promised the higher ballot {promised}"
                ),
                Some(v) => format!(
                    "{acceptor} refused {ballot}: it had accepted {promised} = {v}, a higher ballot, and accepting binds it as a promise does"
                ),
            },
            Event::Voted {
                acceptor,
                ballot,
                value,
            } => format!("{acceptor} accepted {ballot} = {value}"),
            Event::PromiseCounted {
                proposer,
                ballot,
                count,
                quorum,
            } => format!("{proposer} has {count} of the {quorum} promises it needs for {ballot}"),
            Event::Proposing {
                proposer,
                ballot,
                value,
                source,
            } => match source {
                ValueSource::Own => format!(
                    "{proposer} has a quorum of promises for {ballot}; none reported an accepted value, so it proposes its own value {value}"
                ),
                ValueSource::Adopted { from, ballot: b } => format!(
                    "{proposer} has a quorum of promises for {ballot}; it must propose {value}, which {from} had accepted at {b}, the highest ballot reported"
                ),
            },
            Event::AcceptedCounted {
                proposer,
                ballot,
                count,
                quorum,
            } => format!("{proposer} has {count} of the {quorum} acceptances it needs for {ballot}"),
            Event::ProposerDone {
                proposer,
                ballot,
                value,
            } => format!("{proposer} knows {value} is chosen: a quorum accepted {ballot}"),
            Event::Preempted {
                proposer,
                ballot,
                by,
                retry_at,
            } => format!(
                "{proposer} was pre-empted: {ballot} is below {by}; it backs off until step {retry_at}"
            ),
            Event::Ignored { node, msg } => format!("{node} ignored message #{msg}: it no longer needs it"),
            Event::Chosen {
                ballot,
                value,
                quorum,
            } => format!("{value} is chosen: {} accepted {ballot}", join(quorum).replace(',', ", ")),
            Event::Learned {
                learner,
                ballot,
                value,
            } => format!("{learner} learned that {value} is chosen ({ballot})"),
            Event::Violation { violation } => format!("SAFETY VIOLATED: {violation}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paxos_core::NodeId;

    #[test]
    fn sentences_read_as_the_issue_asks() {
        let b = |r, p| Ballot::new(r, NodeId::proposer(p));
        let a = Value::new("A").unwrap();
        let e = Event::Promised {
            acceptor: NodeId::acceptor(2),
            ballot: b(2, 1),
            accepted: Some((b(1, 2), a)),
        };
        assert_eq!(
            e.sentence().unwrap(),
            "a2 promised 2.p1 to p1; it had accepted 1.p2 = A"
        );
        let e = Event::Proposing {
            proposer: NodeId::proposer(1),
            ballot: b(2, 1),
            value: a,
            source: ValueSource::Adopted {
                from: NodeId::acceptor(2),
                ballot: b(1, 2),
            },
        };
        assert!(e
            .sentence()
            .unwrap()
            .contains("it must propose A, which a2 had accepted at 1.p2"));
        let msg = Envelope {
            id: 3,
            from: NodeId::proposer(1),
            to: NodeId::acceptor(3),
            payload: Message::Prepare { ballot: b(1, 1) },
            sent_step: 1,
        };
        assert_eq!(Event::Send { msg, local: false }.sentence(), None);
        assert_eq!(
            Event::Drop {
                msg,
                reason: DropReason::ReceiverDown
            }
            .sentence()
            .unwrap(),
            "Prepare 1.p1 from p1 to a3 was lost: a3 is crashed"
        );
    }
}
