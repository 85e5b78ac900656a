//! The acceptor: the memory of Paxos.
//!
//! An acceptor keeps two things on stable storage, so both survive a crash:
//! - `promised`, the highest ballot it is bound to: one it promised (by answering a Prepare) or
//!   one it accepted;
//! - `accepted`, the highest-ballot proposal it has accepted.
//!
//! Its two rules, from Paxos Made Simple (section 2.2) in the form of Lamport's TLA+
//! specification of that paper:
//! - **Promise rule.** On `Prepare(b)` with `b` above every ballot it is bound to, it promises
//!   `b` and reports the highest-numbered proposal it has accepted. A lower `b` gets a `Nack`
//!   naming the ballot that binds it (the paper's optional optimisation: plain Paxos stays
//!   silent). A Prepare for the very ballot it is bound to gets no answer: either it promised
//!   that ballot before (the Promise was sent then), or it accepted a proposal in that ballot,
//!   which binds it as a promise does (the TLA+ spec's `m.bal > maxBal[a]`).
//! - **Accept rule.** On `Accept(b, v)` it accepts unless it has promised a ballot above `b`.
//!   Accepting also raises `promised` to `b`, so it can never later accept anything lower.
//!   On accepting it tells the ballot's proposer and every learner with `Accepted(b, v)`.

use crate::bugs::Bugs;
use crate::ids::{Ballot, NodeId};
use crate::membership::Membership;
use crate::message::{Message, Outbox, Outgoing};
use crate::value::Value;

/// What an acceptor did with a Prepare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrepareOutcome {
    /// It promised the ballot and sent a Promise carrying its accepted proposal (if any).
    Promised,
    /// The ballot was below its promise; it sent a Nack.
    Refused {
        /// The promise that refused it.
        promised: Ballot,
    },
    /// The Prepare repeated the ballot it had already promised; nothing was sent.
    AlreadyPromised,
}

/// What an acceptor did with an Accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptOutcome {
    /// It accepted and sent Accepted to the proposer and the learners.
    Accepted,
    /// It had promised a higher ballot; it sent a Nack.
    Refused {
        /// The promise that refused it.
        promised: Ballot,
    },
}

/// The promise rule on its own: what an acceptor bound to `promised` does with a Prepare for
/// `ballot`. `Promised` means it must promise now. The single-decree acceptor and Multi-Paxos's
/// per-slot acceptor both follow it, so the rule is written once.
pub(crate) fn prepare_rule(promised: Option<Ballot>, ballot: Ballot) -> PrepareOutcome {
    match promised {
        Some(p) if p > ballot => PrepareOutcome::Refused { promised: p },
        Some(p) if p == ballot => PrepareOutcome::AlreadyPromised,
        _ => PrepareOutcome::Promised,
    }
}

/// The accept rule on its own: an Accept for `ballot` is refused exactly when the acceptor is
/// bound to a higher ballot.
pub(crate) fn accept_rule(promised: Option<Ballot>, ballot: Ballot) -> AcceptOutcome {
    match promised {
        Some(p) if p > ballot => AcceptOutcome::Refused { promised: p },
        _ => AcceptOutcome::Accepted,
    }
}

/// One acceptor's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Acceptor {
    pub(crate) id: NodeId,
    pub(crate) members: Membership,
    pub(crate) forget_promise_on_crash: bool,
    pub(crate) accept_below_promise: bool,
    /// The Byzantine acceptor of [`Bugs::lying_acceptor`]: its Promises hide what it accepted.
    pub(crate) lies: bool,
    /// Durable: the highest ballot promised or accepted.
    pub(crate) promised: Option<Ballot>,
    /// Durable: the highest-ballot proposal accepted.
    pub(crate) accepted: Option<(Ballot, Value)>,
}

impl Acceptor {
    /// A fresh acceptor that has promised and accepted nothing. `bugs` may break it on purpose.
    pub fn new(id: NodeId, members: Membership, bugs: Bugs) -> Acceptor {
        Acceptor {
            id,
            members,
            forget_promise_on_crash: bugs.forget_promise_on_crash,
            accept_below_promise: bugs.accept_below_promise,
            lies: bugs.lying_acceptor && members.acceptor_index(id) == Some(0),
            promised: None,
            accepted: None,
        }
    }

    /// This acceptor's name.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The highest ballot promised or accepted, if any.
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }

    /// The highest-ballot proposal accepted, if any.
    pub fn accepted(&self) -> Option<(Ballot, Value)> {
        self.accepted
    }

    /// Handles `Prepare(ballot)` from proposer `from` (the promise rule).
    pub fn on_prepare(&mut self, from: NodeId, ballot: Ballot, out: &mut Outbox) -> PrepareOutcome {
        let outcome = prepare_rule(self.promised, ballot);
        match outcome {
            PrepareOutcome::Refused { promised } => out.push(Outgoing {
                to: from,
                msg: Message::Nack { ballot, promised },
            }),
            PrepareOutcome::AlreadyPromised => {}
            PrepareOutcome::Promised => {
                self.promised = Some(ballot);
                out.push(Outgoing {
                    to: from,
                    msg: Message::Promise {
                        ballot,
                        last_accepted: if self.lies { None } else { self.accepted },
                    },
                });
            }
        }
        outcome
    }

    /// Handles `Accept(ballot, value)` from proposer `from` (the accept rule).
    pub fn on_accept(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        value: Value,
        out: &mut Outbox,
    ) -> AcceptOutcome {
        let rule = match self.accept_below_promise {
            true => AcceptOutcome::Accepted,
            false => accept_rule(self.promised, ballot),
        };
        if let AcceptOutcome::Refused { promised } = rule {
            out.push(Outgoing {
                to: from,
                msg: Message::Nack { ballot, promised },
            });
            return AcceptOutcome::Refused { promised };
        }
        // The broken variant may accept below its promise; its promise never goes down.
        self.promised = self.promised.max(Some(ballot));
        self.accepted = Some((ballot, value));
        let msg = Message::Accepted { ballot, value };
        out.push(Outgoing { to: from, msg });
        for learner in self.members.learner_ids() {
            if learner != from {
                out.push(Outgoing { to: learner, msg });
            }
        }
        AcceptOutcome::Accepted
    }

    /// A crash: durable state survives, unless the `forget-promise` bug is on.
    pub fn crash(&mut self) {
        if self.forget_promise_on_crash {
            self.promised = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Acceptor, Ballot, Ballot, Value) {
        let members = Membership::separate(2, 3, 1);
        let a = Acceptor::new(NodeId::acceptor(1), members, Bugs::default());
        let low = Ballot::new(1, NodeId::proposer(1));
        let high = Ballot::new(1, NodeId::proposer(2));
        (a, low, high, Value::new("A").unwrap())
    }

    fn lines(out: &Outbox) -> Vec<String> {
        out.iter()
            .map(|o| format!("-> {} {}", o.to, o.msg))
            .collect()
    }

    #[test]
    fn promises_a_fresh_ballot_and_reports_nothing_accepted() {
        let (mut a, low, _, _) = setup();
        let mut out = Outbox::new();
        assert_eq!(
            a.on_prepare(low.proposer, low, &mut out),
            PrepareOutcome::Promised
        );
        assert_eq!(lines(&out), ["-> p1 Promise 1.p1 acc=-"]);
        assert_eq!(a.promised(), Some(low));
    }

    #[test]
    fn refuses_a_lower_prepare_with_a_nack_and_ignores_a_repeat() {
        let (mut a, low, high, _) = setup();
        let mut out = Outbox::new();
        a.on_prepare(high.proposer, high, &mut out);
        out.clear();
        assert_eq!(
            a.on_prepare(low.proposer, low, &mut out),
            PrepareOutcome::Refused { promised: high }
        );
        assert_eq!(lines(&out), ["-> p1 Nack 1.p1 < 1.p2"]);
        out.clear();
        assert_eq!(
            a.on_prepare(high.proposer, high, &mut out),
            PrepareOutcome::AlreadyPromised
        );
        assert!(out.is_empty());
        assert_eq!(a.promised(), Some(high));
    }

    #[test]
    fn accepts_at_or_above_its_promise_and_tells_proposer_and_learners() {
        let (mut a, low, high, v) = setup();
        let mut out = Outbox::new();
        a.on_prepare(low.proposer, low, &mut out);
        out.clear();
        assert_eq!(
            a.on_accept(low.proposer, low, v, &mut out),
            AcceptOutcome::Accepted
        );
        assert_eq!(
            lines(&out),
            ["-> p1 Accepted 1.p1 = A", "-> l1 Accepted 1.p1 = A"]
        );
        assert_eq!(a.accepted(), Some((low, v)));
        out.clear();
        // An Accept above the promise is accepted too, and raises the promise.
        let b = Value::new("B").unwrap();
        a.on_accept(high.proposer, high, b, &mut out);
        assert_eq!(a.promised(), Some(high));
        assert_eq!(a.accepted(), Some((high, b)));
        // The next Promise reports the highest accepted proposal.
        out.clear();
        let higher = Ballot::new(2, NodeId::proposer(1));
        a.on_prepare(higher.proposer, higher, &mut out);
        assert_eq!(lines(&out), ["-> p1 Promise 2.p1 acc=1.p2:B"]);
    }

    #[test]
    fn refuses_an_accept_below_its_promise() {
        let (mut a, low, high, v) = setup();
        let mut out = Outbox::new();
        a.on_prepare(high.proposer, high, &mut out);
        out.clear();
        assert_eq!(
            a.on_accept(low.proposer, low, v, &mut out),
            AcceptOutcome::Refused { promised: high }
        );
        assert_eq!(lines(&out), ["-> p1 Nack 1.p1 < 1.p2"]);
        assert_eq!(a.accepted(), None);
    }

    #[test]
    fn state_survives_a_crash_unless_the_bug_is_on() {
        let (mut a, low, _, v) = setup();
        let mut out = Outbox::new();
        a.on_accept(low.proposer, low, v, &mut out);
        a.crash();
        assert_eq!(a.promised(), Some(low));
        assert_eq!(a.accepted(), Some((low, v)));

        let bugs = Bugs {
            forget_promise_on_crash: true,
            ..Bugs::default()
        };
        let mut broken = Acceptor::new(NodeId::acceptor(1), Membership::separate(1, 3, 0), bugs);
        broken.on_prepare(low.proposer, low, &mut out);
        broken.crash();
        assert_eq!(broken.promised(), None);
    }

    #[test]
    fn the_broken_acceptors_accept_below_their_promise_or_lie_in_promises() {
        let (_, low, high, v) = setup();
        let members = Membership::separate(2, 3, 0);
        let mut out = Outbox::new();
        let bugs = Bugs {
            accept_below_promise: true,
            ..Bugs::default()
        };
        let mut a = Acceptor::new(NodeId::acceptor(1), members, bugs);
        a.on_prepare(high.proposer, high, &mut out);
        assert_eq!(
            a.on_accept(low.proposer, low, v, &mut out),
            AcceptOutcome::Accepted
        );
        assert_eq!((a.accepted(), a.promised()), (Some((low, v)), Some(high)));

        // Only a1 lies; a2 with the same switch tells the truth.
        let bugs = Bugs {
            lying_acceptor: true,
            ..Bugs::default()
        };
        for (index, reports) in [(1, "acc=-"), (2, "acc=1.p1:A")] {
            let mut a = Acceptor::new(NodeId::acceptor(index), members, bugs);
            a.on_accept(low.proposer, low, v, &mut out);
            out.clear();
            a.on_prepare(high.proposer, high, &mut out);
            assert_eq!(lines(&out), [format!("-> p2 Promise 1.p2 {reports}")]);
        }
    }

    #[test]
    fn combined_nodes_are_told_once() {
        let members = Membership::combined(3);
        let mut a = Acceptor::new(NodeId::node(2), members, Bugs::default());
        let b = Ballot::new(1, NodeId::node(1));
        let mut out = Outbox::new();
        a.on_accept(NodeId::node(1), b, Value::new("A").unwrap(), &mut out);
        assert_eq!(
            lines(&out),
            [
                "-> n1 Accepted 1.n1 = A",
                "-> n2 Accepted 1.n1 = A",
                "-> n3 Accepted 1.n1 = A"
            ]
        );
    }
}
