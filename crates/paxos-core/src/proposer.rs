//! The proposer: drives one ballot at a time through the two phases.
//!
//! ```text
//!  Idle --propose--> Preparing --quorum of Promises--> Accepting --quorum of Accepted--> Done
//!                      |   ^                              |
//!                 Nack |   | timeout                 Nack |
//!                      v   |                              v
//!                      Backoff <--------------------------+
//! ```
//!
//! - **Phase 1.** Pick a ballot above every round this proposer has used or seen, send
//!   `Prepare(b)` to all acceptors, collect Promises.
//! - **Choosing the value.** With a phase-1 quorum of Promises, propose the value of the
//!   highest-ballot proposal reported in them; only if none reports one may it propose its own
//!   value. The proposer records which rule applied ([`ValueSource`]).
//! - **Phase 2.** Send `Accept(b, v)` to all acceptors; a phase-2 quorum of `Accepted` means
//!   the value is chosen and the proposer is done.
//! - **Pre-emption.** A `Nack` says an acceptor is bound to a higher ballot: the proposer
//!   abandons its ballot and backs off for a while before retrying. The backoff is given by the
//!   caller (it comes from the simulator's seeded RNG), never rolled here. A timeout while
//!   waiting for a quorum also starts a new, higher ballot (messages may have been lost).
//!
//! Time is a parameter: handlers get `now`, and [`Proposer::timer`] says when the proposer next
//! wants [`Proposer::on_timeout`] called. The round counter is durable so that a proposer that
//! crashes and recovers never reuses a ballot; everything else is volatile.

use crate::bugs::Bugs;
use crate::ids::{Ballot, NodeId};
use crate::membership::Membership;
use crate::message::{Message, Outbox, Outgoing, ValueSource};
use crate::quorum::Quorums;
use crate::value::Value;
use std::fmt;

/// Where a proposer is in its current attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Phase {
    /// Nothing to propose.
    Idle,
    /// Phase 1: Prepare sent, collecting Promises.
    Preparing,
    /// Phase 2: Accept sent, collecting Accepted.
    Accepting,
    /// Pre-empted by a higher ballot; waiting for its timer before retrying.
    Backoff,
    /// A quorum accepted its proposal: its value is chosen.
    Done,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Idle => "idle",
            Phase::Preparing => "preparing",
            Phase::Accepting => "accepting",
            Phase::Backoff => "backoff",
            Phase::Done => "done",
        })
    }
}

/// Settings of a proposer that the cluster decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProposerConfig {
    /// How long (in the caller's time units, simulator steps) to wait for a quorum before
    /// retrying with a higher ballot.
    pub retry_timeout: u64,
    /// Deliberately broken behaviour, off for Paxos as written.
    pub bugs: Bugs,
}

/// What a Promise did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromiseOutcome {
    /// Counted towards the quorum; `count` promises so far.
    Counted {
        /// Distinct acceptors that promised the current ballot.
        count: u8,
    },
    /// This promise completed the phase-1 quorum: Accept was sent with this value.
    QuorumReached {
        /// The value proposed.
        value: Value,
        /// Why that value.
        source: ValueSource,
    },
    /// Not for the current ballot in phase 1 (late, duplicated or stale); nothing changed.
    Ignored,
}

/// What an Accepted did at the proposer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptedOutcome {
    /// Counted; `count` acceptances so far.
    Counted {
        /// Distinct acceptors that accepted the current ballot.
        count: u8,
    },
    /// A phase-2 quorum accepted: the value is chosen and the proposer is done.
    Done {
        /// The chosen value.
        value: Value,
    },
    /// Not for the current ballot in phase 2; nothing changed.
    Ignored,
}

/// What a Nack did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NackOutcome {
    /// The current ballot was pre-empted; the proposer backs off until `retry_at`.
    Preempted {
        /// The higher ballot that pre-empted it.
        by: Ballot,
        /// When its timer fires.
        retry_at: u64,
    },
    /// About an old ballot, or the proposer already gave up on it; nothing changed.
    Ignored,
}

/// One proposer's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Proposer {
    pub(crate) id: NodeId,
    pub(crate) members: Membership,
    pub(crate) quorums: Quorums,
    pub(crate) config: ProposerConfig,
    /// Durable: the highest round this proposer has used, so it never reuses a ballot.
    pub(crate) max_round: u32,
    /// Volatile from here on.
    pub(crate) phase: Phase,
    /// Highest round seen in a Nack; the next ballot goes above it.
    pub(crate) seen_round: u32,
    pub(crate) ballot: Option<Ballot>,
    pub(crate) own_value: Option<Value>,
    /// Acceptors that promised `ballot`, as bits.
    pub(crate) promises: u16,
    /// The highest accepted proposal reported by those promises, and who reported it.
    pub(crate) highest_reported: Option<(Ballot, Value, NodeId)>,
    /// Acceptors that accepted `ballot`, as bits.
    pub(crate) accepts: u16,
    pub(crate) proposal: Option<(Value, ValueSource)>,
    pub(crate) preempted_by: Option<Ballot>,
    pub(crate) timer: Option<u64>,
}

impl Proposer {
    /// A fresh, idle proposer.
    pub fn new(
        id: NodeId,
        members: Membership,
        quorums: Quorums,
        config: ProposerConfig,
    ) -> Proposer {
        Proposer {
            id,
            members,
            quorums,
            config,
            max_round: 0,
            phase: Phase::Idle,
            seen_round: 0,
            ballot: None,
            own_value: None,
            promises: 0,
            highest_reported: None,
            accepts: 0,
            proposal: None,
            preempted_by: None,
            timer: None,
        }
    }

    /// This proposer's name.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// Where it is.
    pub fn phase(&self) -> Phase {
        self.phase
    }
    /// Its current (or last) ballot, if it has started one since it last recovered.
    pub fn ballot(&self) -> Option<Ballot> {
        self.ballot
    }
    /// The value its client asked it to propose.
    pub fn own_value(&self) -> Option<Value> {
        self.own_value
    }
    /// Acceptors that promised the current ballot, as bits (bit 0 = first acceptor).
    pub fn promises(&self) -> u16 {
        self.promises
    }
    /// Acceptors that accepted the current ballot, as bits.
    pub fn accepts(&self) -> u16 {
        self.accepts
    }
    /// The highest accepted proposal reported in this ballot's promises so far, with the
    /// acceptor that reported it: the value this proposer will have to adopt.
    pub fn highest_reported(&self) -> Option<(Ballot, Value, NodeId)> {
        self.highest_reported
    }
    /// The value it sent in Accept for the current ballot, and why.
    pub fn proposal(&self) -> Option<(Value, ValueSource)> {
        self.proposal
    }
    /// The value it would propose if phase 1 completed now, and why: what the page shows
    /// while promises come in.
    pub fn intended(&self) -> Option<(Value, ValueSource)> {
        if self.proposal.is_some() {
            return self.proposal;
        }
        self.choose_value()
    }
    /// The ballot that pre-empted it, while backing off.
    pub fn preempted_by(&self) -> Option<Ballot> {
        self.preempted_by
    }
    /// When it wants `on_timeout` called, if it is waiting for anything.
    pub fn timer(&self) -> Option<u64> {
        self.timer
    }
    /// The highest round it has ever used (durable).
    pub fn max_round(&self) -> u32 {
        self.max_round
    }
    /// The round its next ballot would use.
    pub fn next_round(&self) -> u32 {
        self.max_round.max(self.seen_round) + 1
    }

    fn choose_value(&self) -> Option<(Value, ValueSource)> {
        match self.highest_reported {
            Some((ballot, value, from)) if !self.config.bugs.ignore_promised_values => {
                Some((value, ValueSource::Adopted { from, ballot }))
            }
            _ => self.own_value.map(|v| (v, ValueSource::Own)),
        }
    }

    /// A client asks it to propose `value`: it starts a new ballot (abandoning any attempt
    /// under way) and returns that ballot.
    pub fn propose(&mut self, now: u64, value: Value, out: &mut Outbox) -> Ballot {
        self.own_value = Some(value);
        self.start_ballot(now, out)
    }

    fn start_ballot(&mut self, now: u64, out: &mut Outbox) -> Ballot {
        let round = self.next_round();
        let ballot = Ballot::new(round, self.id);
        self.max_round = round;
        self.ballot = Some(ballot);
        self.phase = Phase::Preparing;
        self.promises = 0;
        self.highest_reported = None;
        self.accepts = 0;
        self.proposal = None;
        self.preempted_by = None;
        self.timer = Some(now + self.config.retry_timeout);
        for to in self.members.acceptor_ids() {
            out.push(Outgoing {
                to,
                msg: Message::Prepare { ballot },
            });
        }
        ballot
    }

    fn bit(&self, acceptor: NodeId) -> Option<u16> {
        self.members.acceptor_index(acceptor).map(|i| 1u16 << i)
    }

    /// Handles `Promise(ballot, last_accepted)` from acceptor `from`.
    pub fn on_promise(
        &mut self,
        now: u64,
        from: NodeId,
        ballot: Ballot,
        last_accepted: Option<(Ballot, Value)>,
        out: &mut Outbox,
    ) -> PromiseOutcome {
        let Some(bit) = self.bit(from) else {
            return PromiseOutcome::Ignored;
        };
        if self.phase != Phase::Preparing || Some(ballot) != self.ballot {
            return PromiseOutcome::Ignored;
        }
        self.promises |= bit;
        if let Some((b, v)) = last_accepted {
            if self.highest_reported.is_none_or(|(hb, _, _)| b > hb) {
                self.highest_reported = Some((b, v, from));
            }
        }
        if !self.quorums.phase1_reached(self.promises) {
            return PromiseOutcome::Counted {
                count: self.promises.count_ones() as u8,
            };
        }
        // Phase 1 is complete. `own_value` is always set while preparing, so a value exists.
        let Some((value, source)) = self.choose_value() else {
            return PromiseOutcome::Ignored;
        };
        self.proposal = Some((value, source));
        self.phase = Phase::Accepting;
        self.timer = Some(now + self.config.retry_timeout);
        for to in self.members.acceptor_ids() {
            out.push(Outgoing {
                to,
                msg: Message::Accept {
                    ballot,
                    value,
                    source,
                },
            });
        }
        PromiseOutcome::QuorumReached { value, source }
    }

    /// Handles `Accepted(ballot, value)` from acceptor `from`.
    pub fn on_accepted(&mut self, from: NodeId, ballot: Ballot, value: Value) -> AcceptedOutcome {
        let Some(bit) = self.bit(from) else {
            return AcceptedOutcome::Ignored;
        };
        if self.phase != Phase::Accepting || Some(ballot) != self.ballot {
            return AcceptedOutcome::Ignored;
        }
        self.accepts |= bit;
        if self.quorums.phase2_reached(self.accepts) {
            self.phase = Phase::Done;
            self.timer = None;
            AcceptedOutcome::Done { value }
        } else {
            AcceptedOutcome::Counted {
                count: self.accepts.count_ones() as u8,
            }
        }
    }

    /// Handles `Nack(ballot, promised)`. `backoff` is asked for only when the proposer really
    /// backs off, so the caller's RNG is consumed only then.
    pub fn on_nack(
        &mut self,
        now: u64,
        ballot: Ballot,
        promised: Ballot,
        backoff: impl FnOnce() -> u64,
    ) -> NackOutcome {
        let waiting = matches!(self.phase, Phase::Preparing | Phase::Accepting);
        if !waiting || Some(ballot) != self.ballot || promised <= ballot {
            return NackOutcome::Ignored;
        }
        self.seen_round = self.seen_round.max(promised.round);
        self.phase = Phase::Backoff;
        self.preempted_by = Some(promised);
        let retry_at = now + backoff();
        self.timer = Some(retry_at);
        NackOutcome::Preempted {
            by: promised,
            retry_at,
        }
    }

    /// Its timer fired (or a person fired it): if it is still trying, it starts a new, higher
    /// ballot and returns it; otherwise nothing happens and `None` is returned.
    pub fn on_timeout(&mut self, now: u64, out: &mut Outbox) -> Option<Ballot> {
        match self.phase {
            Phase::Preparing | Phase::Accepting | Phase::Backoff => {
                Some(self.start_ballot(now, out))
            }
            Phase::Idle | Phase::Done => None,
        }
    }

    /// Feeds everything that decides this proposer's future behaviour into `h`, except the
    /// exact time its timer fires (only whether it has one). Model checkers use this to treat
    /// states that differ only in timer deadlines as one state.
    pub fn hash_logical<H: std::hash::Hasher>(&self, h: &mut H) {
        self.hash_with(h, self.promises, self.accepts, |x| x);
    }

    /// [`Proposer::hash_logical`] of the same proposer with its acceptors renamed by `r`.
    pub fn hash_renamed<H: std::hash::Hasher>(&self, h: &mut H, r: &crate::AcceptorRenaming) {
        self.hash_with(h, r.bits(self.promises), r.bits(self.accepts), |id| {
            r.id(id)
        });
    }

    /// The fingerprint of what matters for the future, with the acceptor sets and names given
    /// (renamed or not). The small fields share two words: every field costs a round of the
    /// hasher, and this runs for every state the model checker reaches.
    fn hash_with<H: std::hash::Hasher>(
        &self,
        h: &mut H,
        promises: u16,
        accepts: u16,
        name: impl Fn(NodeId) -> NodeId,
    ) {
        use std::hash::Hash;
        h.write_u64(u64::from(self.max_round) | u64::from(self.seen_round) << 32);
        h.write_u64(
            self.phase as u64
                | u64::from(promises) << 8
                | u64::from(accepts) << 24
                | u64::from(self.timer.is_some()) << 40,
        );
        (
            self.ballot,
            self.own_value,
            self.highest_reported.map(|(b, v, from)| (b, v, name(from))),
            self.proposal.map(|(v, s)| (v, s.renamed_by(&name))),
            self.preempted_by,
        )
            .hash(h);
    }

    /// A crash: everything but the round counter is lost (and that too with the
    /// `reuse-ballot` bug).
    pub fn crash(&mut self) {
        let kept = match self.config.bugs.reuse_ballot_after_crash {
            true => 0,
            false => self.max_round,
        };
        *self = Proposer {
            max_round: kept,
            ..Proposer::new(self.id, self.members, self.quorums, self.config)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P1: NodeId = NodeId::proposer(1);
    const A1: NodeId = NodeId::acceptor(1);
    const A2: NodeId = NodeId::acceptor(2);
    const A3: NodeId = NodeId::acceptor(3);

    fn v(s: &str) -> Value {
        Value::new(s).unwrap()
    }

    fn proposer(bugs: Bugs) -> Proposer {
        Proposer::new(
            P1,
            Membership::separate(2, 3, 1),
            Quorums::majority(3),
            ProposerConfig {
                retry_timeout: 10,
                bugs,
            },
        )
    }

    fn lines(out: &Outbox) -> Vec<String> {
        out.iter()
            .map(|o| format!("-> {} {}", o.to, o.msg))
            .collect()
    }

    #[test]
    fn propose_sends_prepare_to_every_acceptor() {
        let mut p = proposer(Bugs::default());
        let mut out = Outbox::new();
        let b = p.propose(5, v("A"), &mut out);
        assert_eq!(b.to_string(), "1.p1");
        assert_eq!(
            lines(&out),
            [
                "-> a1 Prepare 1.p1",
                "-> a2 Prepare 1.p1",
                "-> a3 Prepare 1.p1"
            ]
        );
        assert_eq!(p.phase(), Phase::Preparing);
        assert_eq!(p.timer(), Some(15));
    }

    #[test]
    fn own_value_when_no_promise_reports_an_accepted_proposal() {
        let mut p = proposer(Bugs::default());
        let mut out = Outbox::new();
        let b = p.propose(0, v("A"), &mut out);
        out.clear();
        assert_eq!(
            p.on_promise(1, A1, b, None, &mut out),
            PromiseOutcome::Counted { count: 1 }
        );
        // A duplicate promise does not count twice.
        assert_eq!(
            p.on_promise(2, A1, b, None, &mut out),
            PromiseOutcome::Counted { count: 1 }
        );
        assert!(out.is_empty());
        assert_eq!(
            p.on_promise(3, A2, b, None, &mut out),
            PromiseOutcome::QuorumReached {
                value: v("A"),
                source: ValueSource::Own
            }
        );
        assert_eq!(
            lines(&out),
            [
                "-> a1 Accept 1.p1 = A (own)",
                "-> a2 Accept 1.p1 = A (own)",
                "-> a3 Accept 1.p1 = A (own)"
            ]
        );
        assert_eq!(p.phase(), Phase::Accepting);
        // A late promise changes nothing.
        out.clear();
        assert_eq!(
            p.on_promise(4, A3, b, None, &mut out),
            PromiseOutcome::Ignored
        );
        assert!(out.is_empty());
    }

    #[test]
    fn adopts_the_value_of_the_highest_accepted_ballot_among_the_promises() {
        let mut p = proposer(Bugs::default());
        let mut out = Outbox::new();
        p.propose(0, v("A"), &mut out);
        let b = p.on_timeout(1, &mut out).unwrap(); // round 2
        out.clear();
        let old = Ballot::new(1, NodeId::proposer(2));
        let older = Ballot::new(1, NodeId::proposer(1));
        p.on_promise(2, A1, b, Some((older, v("C"))), &mut out);
        assert_eq!(
            p.intended(),
            Some((
                v("C"),
                ValueSource::Adopted {
                    from: A1,
                    ballot: older
                }
            ))
        );
        let outcome = p.on_promise(3, A3, b, Some((old, v("B"))), &mut out);
        let source = ValueSource::Adopted {
            from: A3,
            ballot: old,
        };
        assert_eq!(
            outcome,
            PromiseOutcome::QuorumReached {
                value: v("B"),
                source
            }
        );
        assert_eq!(
            lines(&out)[0],
            "-> a1 Accept 2.p1 = B (adopted from a3@1.p2)"
        );
        assert_eq!(p.proposal(), Some((v("B"), source)));
    }

    #[test]
    fn the_broken_variant_ignores_accepted_values() {
        let mut p = proposer(Bugs {
            ignore_promised_values: true,
            ..Bugs::default()
        });
        let mut out = Outbox::new();
        let b = p.propose(0, v("A"), &mut out);
        let old = Ballot::new(0, NodeId::proposer(2));
        p.on_promise(1, A1, b, Some((old, v("B"))), &mut out);
        let outcome = p.on_promise(1, A2, b, None, &mut out);
        assert_eq!(
            outcome,
            PromiseOutcome::QuorumReached {
                value: v("A"),
                source: ValueSource::Own
            }
        );
    }

    #[test]
    fn quorum_of_accepted_means_done() {
        let mut p = proposer(Bugs::default());
        let mut out = Outbox::new();
        let b = p.propose(0, v("A"), &mut out);
        p.on_promise(1, A1, b, None, &mut out);
        p.on_promise(1, A2, b, None, &mut out);
        assert_eq!(
            p.on_accepted(A1, b, v("A")),
            AcceptedOutcome::Counted { count: 1 }
        );
        let other = Ballot::new(9, NodeId::proposer(2));
        assert_eq!(p.on_accepted(A2, other, v("A")), AcceptedOutcome::Ignored);
        assert_eq!(
            p.on_accepted(A3, b, v("A")),
            AcceptedOutcome::Done { value: v("A") }
        );
        assert_eq!(p.phase(), Phase::Done);
        assert_eq!(p.timer(), None);
        assert_eq!(p.on_timeout(99, &mut out), None);
    }

    #[test]
    fn nack_backs_off_then_timeout_retries_above_the_preempting_round() {
        let mut p = proposer(Bugs::default());
        let mut out = Outbox::new();
        let b = p.propose(0, v("A"), &mut out);
        let higher = Ballot::new(4, NodeId::proposer(2));
        // A Nack that does not name a higher ballot, or names another ballot, is ignored.
        assert_eq!(p.on_nack(1, b, b, || unreachable!()), NackOutcome::Ignored);
        assert_eq!(
            p.on_nack(1, Ballot::new(7, P1), higher, || unreachable!()),
            NackOutcome::Ignored
        );
        assert_eq!(
            p.on_nack(3, b, higher, || 7),
            NackOutcome::Preempted {
                by: higher,
                retry_at: 10
            }
        );
        assert_eq!(p.phase(), Phase::Backoff);
        assert_eq!(p.timer(), Some(10));
        // A second Nack for the abandoned ballot does not roll another backoff.
        assert_eq!(
            p.on_nack(4, b, higher, || unreachable!()),
            NackOutcome::Ignored
        );
        out.clear();
        let next = p.on_timeout(10, &mut out).unwrap();
        assert_eq!(next.to_string(), "5.p1");
        assert_eq!(lines(&out)[0], "-> a1 Prepare 5.p1");
    }

    #[test]
    fn a_recovered_proposer_never_reuses_a_ballot() {
        let mut p = proposer(Bugs::default());
        let mut out = Outbox::new();
        p.propose(0, v("A"), &mut out);
        p.on_timeout(1, &mut out);
        p.crash();
        assert_eq!(p.phase(), Phase::Idle);
        assert_eq!(p.ballot(), None);
        assert_eq!(p.own_value(), None);
        assert_eq!(p.timer(), None);
        let b = p.propose(2, v("B"), &mut out);
        assert_eq!(b.to_string(), "3.p1");

        let bugs = Bugs {
            reuse_ballot_after_crash: true,
            ..Bugs::default()
        };
        let mut p = proposer(bugs);
        p.propose(0, v("A"), &mut out);
        p.crash();
        assert_eq!(p.propose(2, v("B"), &mut out).to_string(), "1.p1");
    }
}
