//! The acceptor of Multi-Paxos: one promise for every slot, one accepted proposal per slot.
//!
//! Everything it holds is durable (it survives a crash), as in single-decree Paxos:
//! - `promised`, the highest ballot it is bound to, in all slots at once;
//! - per slot, the highest-ballot proposal it has accepted there.
//!
//! Its rules are the single-decree rules with a slot attached. `Prepare(b, from)` above its
//! promise is promised and answered with every accepted proposal in slots `from` and up. An
//! `Accept(b, slot, c)` not below its promise is accepted, raises the promise to `b`, and is
//! reported with `Accepted` to the leader and to every replica's learner. Anything below the
//! promise gets a `Nack`.
//!
//! The same state machine serves both layouts: inside each [`Replica`](super::replica::Replica)
//! (combined, as deployed), or as a standalone [`AcceptorNode`] `a1..` when the roles are
//! separate, the way Paxos Made Simple describes them. Either way [`SlotAcceptor::prepare`] and
//! [`SlotAcceptor::accept`] apply the rules and say what they did in the same [`Note`]s.

use super::note::Note;
use super::{clone_if_changed, Command, Msg, Out, Outbox, Slot, SlotVote};
use crate::acceptor::{accept_rule, prepare_rule, AcceptOutcome, PrepareOutcome};
use crate::ids::{Ballot, NodeId};
use crate::renaming::AcceptorRenaming;
use std::collections::BTreeMap;

/// One replica's acceptor state.
#[derive(Debug, Default, PartialEq, Eq, Hash)]
pub struct SlotAcceptor {
    /// Durable: the highest ballot promised or accepted, for every slot.
    promised: Option<Ballot>,
    /// Durable: per slot, the highest-ballot proposal accepted.
    accepted: BTreeMap<Slot, (Ballot, Command)>,
}

/// Written out so that `clone_from` leaves an unchanged map alone ([`clone_if_changed`]).
impl Clone for SlotAcceptor {
    fn clone(&self) -> SlotAcceptor {
        SlotAcceptor {
            promised: self.promised,
            accepted: self.accepted.clone(),
        }
    }
    fn clone_from(&mut self, source: &SlotAcceptor) {
        self.promised = source.promised;
        clone_if_changed(&mut self.accepted, &source.accepted);
    }
}

impl crate::pack::Pack for SlotAcceptor {
    fn pack(&self, out: &mut Vec<u8>) {
        self.promised.pack(out);
        self.accepted.pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<SlotAcceptor> {
        Some(SlotAcceptor {
            promised: Option::<Ballot>::unpack(input)?,
            accepted: BTreeMap::unpack(input)?,
        })
    }
}

impl SlotAcceptor {
    /// An acceptor that has promised and accepted nothing.
    pub fn new() -> SlotAcceptor {
        SlotAcceptor::default()
    }

    /// The highest ballot it is bound to.
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }

    /// What it accepted in `slot`, if anything.
    pub fn accepted(&self, slot: Slot) -> Option<(Ballot, Command)> {
        self.accepted.get(&slot).copied()
    }

    /// Every slot it accepted something in, in slot order.
    pub fn votes(&self) -> impl Iterator<Item = SlotVote> + '_ {
        self.accepted
            .iter()
            .map(|(&slot, &(ballot, command))| SlotVote {
                slot,
                ballot,
                command,
            })
    }

    /// Handles `Prepare(ballot, from)` from leader `leader`.
    pub fn on_prepare(
        &mut self,
        leader: NodeId,
        ballot: Ballot,
        from: Slot,
        out: &mut Outbox,
    ) -> PrepareOutcome {
        let outcome = prepare_rule(self.promised, ballot);
        match outcome {
            PrepareOutcome::Refused { promised } => out.push(Out {
                to: leader,
                msg: Msg::Nack { ballot, promised },
            }),
            PrepareOutcome::AlreadyPromised => {}
            PrepareOutcome::Promised => {
                self.promised = Some(ballot);
                let accepted = self.votes().filter(|v| v.slot >= from).collect();
                out.push(Out {
                    to: leader,
                    msg: Msg::Promise { ballot, accepted },
                });
            }
        }
        outcome
    }

    /// Handles `Accept(ballot, slot, command)` from leader `leader`; an accepted proposal is
    /// reported to the leader and to each of `replicas` (the learners), the leader once.
    pub fn on_accept(
        &mut self,
        leader: NodeId,
        ballot: Ballot,
        slot: Slot,
        command: Command,
        replicas: impl IntoIterator<Item = NodeId>,
        out: &mut Outbox,
    ) -> AcceptOutcome {
        if let AcceptOutcome::Refused { promised } = accept_rule(self.promised, ballot) {
            out.push(Out {
                to: leader,
                msg: Msg::Nack { ballot, promised },
            });
            return AcceptOutcome::Refused { promised };
        }
        self.promised = Some(ballot);
        self.accepted.insert(slot, (ballot, command));
        let msg = Msg::Accepted {
            ballot,
            slot,
            command,
        };
        out.push(Out {
            to: leader,
            msg: msg.clone(),
        });
        for r in replicas.into_iter().filter(|r| *r != leader) {
            out.push(Out {
                to: r,
                msg: msg.clone(),
            });
        }
        AcceptOutcome::Accepted
    }

    /// [`SlotAcceptor::on_prepare`], with its note. Returns the ballot it promised, which its
    /// holder then takes as its leader's.
    pub fn prepare(
        &mut self,
        leader: NodeId,
        ballot: Ballot,
        from: Slot,
        out: &mut Outbox,
        notes: &mut Vec<Note>,
    ) -> Option<Ballot> {
        match self.on_prepare(leader, ballot, from, out) {
            PrepareOutcome::Promised => {
                let reported = self.votes().filter(|v| v.slot >= from).count();
                notes.push(Note::Promised { ballot, reported });
                Some(ballot)
            }
            PrepareOutcome::Refused { promised } => {
                notes.push(Note::Refused { ballot, promised });
                None
            }
            PrepareOutcome::AlreadyPromised => {
                notes.push(Note::AlreadyPromised { ballot });
                None
            }
        }
    }

    /// [`SlotAcceptor::on_accept`], with its note. Returns the ballot it accepted.
    #[allow(clippy::too_many_arguments)]
    pub fn accept(
        &mut self,
        leader: NodeId,
        ballot: Ballot,
        slot: Slot,
        command: Command,
        learners: impl IntoIterator<Item = NodeId>,
        out: &mut Outbox,
        notes: &mut Vec<Note>,
    ) -> Option<Ballot> {
        match self.on_accept(leader, ballot, slot, command, learners, out) {
            AcceptOutcome::Accepted => {
                notes.push(Note::Voted {
                    ballot,
                    slot,
                    command,
                });
                Some(ballot)
            }
            AcceptOutcome::Refused { promised } => {
                notes.push(Note::Refused { ballot, promised });
                None
            }
        }
    }
}

/// A standalone acceptor `a<i>`, for clusters whose roles are separate: replicas `n1..` lead,
/// learn and apply; acceptors `a1..` only vote. Everything it holds is durable, so a crash
/// changes nothing but that it stops answering until it recovers.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct AcceptorNode {
    id: NodeId,
    learners: u8,
    state: SlotAcceptor,
}

impl Clone for AcceptorNode {
    fn clone(&self) -> AcceptorNode {
        AcceptorNode {
            id: self.id,
            learners: self.learners,
            state: self.state.clone(),
        }
    }
    fn clone_from(&mut self, source: &AcceptorNode) {
        self.id = source.id;
        self.learners = source.learners;
        self.state.clone_from(&source.state);
    }
}

impl AcceptorNode {
    /// Appends what of it can change (its votes), for the model checker's frontier.
    pub fn pack_state(&self, out: &mut Vec<u8>) {
        crate::pack::Pack::pack(&self.state, out);
    }

    /// Reads what [`AcceptorNode::pack_state`] wrote into this acceptor.
    pub fn unpack_state(&mut self, input: &mut &[u8]) -> Option<()> {
        self.state = crate::pack::Pack::unpack(input)?;
        Some(())
    }

    /// Its `Hash` as if the acceptors were renamed by `r` (its state names no acceptor, only its
    /// own name changes), for symmetry reduction.
    pub fn hash_renamed<H: std::hash::Hasher>(&self, h: &mut H, r: &AcceptorRenaming) {
        use std::hash::Hash;
        (r.id(self.id), self.learners, &self.state).hash(h);
    }

    /// Acceptor `id`, reporting its votes to replicas `n1..n<learners>`.
    pub fn new(id: NodeId, learners: u8) -> AcceptorNode {
        AcceptorNode {
            id,
            learners,
            state: SlotAcceptor::new(),
        }
    }

    /// Its name.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// Its promise and votes.
    pub fn state(&self) -> &SlotAcceptor {
        &self.state
    }

    /// Handles a message from `from`: a `Prepare` or an `Accept` (anything else is not for an
    /// acceptor, and is ignored without a note).
    pub fn on_message(&mut self, from: NodeId, msg: &Msg, out: &mut Outbox, notes: &mut Vec<Note>) {
        match *msg {
            Msg::Prepare { ballot, from: slot } => {
                self.state.prepare(from, ballot, slot, out, notes);
            }
            Msg::Accept {
                ballot,
                slot,
                command,
            } => {
                let learners = (1..=self.learners).map(NodeId::node);
                self.state
                    .accept(from, ballot, slot, command, learners, out, notes);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multi::{Op, Request};
    use crate::value::Value;

    fn b(r: u32, n: u8) -> Ballot {
        Ballot::new(r, NodeId::node(n))
    }
    fn put(id: u32) -> Command {
        Command::Client(Request {
            client: NodeId::client(1),
            id,
            op: Op::Put {
                key: Value::new("x").unwrap(),
                value: Value::new("1").unwrap(),
            },
        })
    }
    fn lines(out: &Outbox) -> Vec<String> {
        out.iter()
            .map(|o| format!("-> {} {}", o.to, o.msg))
            .collect()
    }
    fn replicas() -> Vec<NodeId> {
        (1..=3).map(NodeId::node).collect()
    }

    #[test]
    fn one_promise_covers_every_slot_from_the_leaders_first() {
        let mut a = SlotAcceptor::new();
        let mut out = Outbox::new();
        let n1 = NodeId::node(1);
        assert_eq!(
            a.on_prepare(n1, b(1, 1), 1, &mut out),
            PrepareOutcome::Promised
        );
        for slot in 1..=3 {
            a.on_accept(n1, b(1, 1), slot, put(slot), replicas(), &mut out);
        }
        out.clear();
        // A new leader that knows slot 1 is chosen asks from slot 2 on.
        let n2 = NodeId::node(2);
        assert_eq!(
            a.on_prepare(n2, b(2, 2), 2, &mut out),
            PrepareOutcome::Promised
        );
        assert_eq!(
            lines(&out),
            vec!["-> n2 Promise 2.n2 acc=[2:1.n1:c1#2 put x 1, 3:1.n1:c1#3 put x 1]"]
        );
        out.clear();
        // The old leader's Accept in a fresh slot is refused: the promise covers every slot.
        assert_eq!(
            a.on_accept(n1, b(1, 1), 4, put(4), replicas(), &mut out),
            AcceptOutcome::Refused { promised: b(2, 2) }
        );
        assert_eq!(lines(&out), vec!["-> n1 Nack 1.n1 < 2.n2"]);
        assert_eq!(a.accepted(4), None);
        // A repeated Prepare gets no second answer; a lower one a Nack.
        out.clear();
        assert_eq!(
            a.on_prepare(n2, b(2, 2), 2, &mut out),
            PrepareOutcome::AlreadyPromised
        );
        assert!(out.is_empty());
        assert_eq!(
            a.on_prepare(n1, b(1, 1), 1, &mut out),
            PrepareOutcome::Refused { promised: b(2, 2) }
        );
    }

    #[test]
    fn an_accept_is_reported_to_the_leader_and_every_learner_once() {
        let mut a = SlotAcceptor::new();
        let mut out = Outbox::new();
        let n2 = NodeId::node(2);
        assert_eq!(
            a.on_accept(n2, b(1, 2), 1, Command::Noop, replicas(), &mut out),
            AcceptOutcome::Accepted
        );
        assert_eq!(
            lines(&out),
            vec![
                "-> n2 Accepted 1.n2 slot 1 = noop",
                "-> n1 Accepted 1.n2 slot 1 = noop",
                "-> n3 Accepted 1.n2 slot 1 = noop",
            ]
        );
        // Accepting raised the promise, so a lower Prepare is refused.
        out.clear();
        assert_eq!(
            a.on_prepare(NodeId::node(1), b(1, 1), 1, &mut out),
            PrepareOutcome::Refused { promised: b(1, 2) }
        );
        // A higher ballot replaces the slot's proposal; the acceptor keeps the highest only.
        a.on_accept(NodeId::node(3), b(2, 3), 1, put(1), replicas(), &mut out);
        assert_eq!(a.accepted(1), Some((b(2, 3), put(1))));
        assert_eq!(a.votes().count(), 1);
    }

    #[test]
    fn a_standalone_acceptor_votes_reports_to_every_replica_and_says_what_it_did() {
        let mut a = AcceptorNode::new(NodeId::acceptor(2), 2);
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        let n1 = NodeId::node(1);
        a.on_message(
            n1,
            &Msg::Prepare {
                ballot: b(1, 1),
                from: 1,
            },
            &mut out,
            &mut notes,
        );
        a.on_message(
            n1,
            &Msg::Accept {
                ballot: b(1, 1),
                slot: 1,
                command: Command::Noop,
            },
            &mut out,
            &mut notes,
        );
        // Not for an acceptor: no answer, no note.
        a.on_message(n1, &Msg::CatchUp { from: 1 }, &mut out, &mut notes);
        let n2 = NodeId::node(2);
        a.on_message(
            n2,
            &Msg::Prepare {
                ballot: b(1, 1),
                from: 1,
            },
            &mut out,
            &mut notes,
        );
        assert_eq!(
            lines(&out),
            vec![
                "-> n1 Promise 1.n1 acc=[]",
                "-> n1 Accepted 1.n1 slot 1 = noop",
                "-> n2 Accepted 1.n1 slot 1 = noop",
            ]
        );
        let notes: Vec<String> = notes.iter().map(|n| n.to_string()).collect();
        assert_eq!(
            notes,
            vec![
                "promises 1.n1; reports 0 accepted slot(s)",
                "accepts 1.n1 slot 1 = noop",
                "already promised 1.n1; no reply",
            ]
        );
        assert_eq!(a.id().to_string(), "a2");
    }
}
