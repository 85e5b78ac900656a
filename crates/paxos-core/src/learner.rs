//! The learner: finds out which value was chosen.
//!
//! A value is chosen when a phase-2 quorum of acceptors has accepted the same ballot. The
//! learner hears `Accepted(b, v)` from acceptors and tallies them per ballot; once one ballot
//! reaches a quorum it has learned `v`. The learned value is kept on stable storage; the
//! tallies are volatile, lost on a crash, and kept for the [`Learner::MAX_TALLIES`] highest
//! ballots only.

use crate::ids::{Ballot, NodeId};
use crate::membership::Membership;
use crate::quorum::Quorums;
use crate::value::Value;

/// What an Accepted did at a learner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LearnOutcome {
    /// Counted towards `ballot`'s quorum; `count` acceptors so far.
    Counted {
        /// Distinct acceptors that reported this ballot.
        count: u8,
    },
    /// This report completed a quorum: the learner now knows `value` is chosen.
    Learned {
        /// The learned value.
        value: Value,
        /// The ballot a quorum accepted.
        ballot: Ballot,
    },
    /// A quorum already agreed on this value; nothing new.
    AlreadyKnown,
}

/// One learner's state.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Learner {
    pub(crate) id: NodeId,
    pub(crate) members: Membership,
    pub(crate) quorums: Quorums,
    /// Volatile: per ballot, the value and the acceptors (as bits) that reported it.
    pub(crate) tallies: Vec<(Ballot, Value, u16)>,
    /// Durable: what it learned, and at which ballot.
    pub(crate) learned: Option<(Ballot, Value)>,
    /// [`crate::Bugs::count_across_ballots`]: votes for a value add up whatever their ballot.
    pub(crate) across_ballots: bool,
}

/// Written out so that `clone_from` reuses the tallies' buffer: the model checker copies a
/// state into the same scratch world for every action it tries.
impl Clone for Learner {
    fn clone(&self) -> Learner {
        let Learner {
            id,
            members,
            quorums,
            tallies,
            learned,
            across_ballots,
        } = self;
        Learner {
            id: *id,
            members: *members,
            quorums: *quorums,
            tallies: tallies.clone(),
            learned: *learned,
            across_ballots: *across_ballots,
        }
    }

    fn clone_from(&mut self, source: &Learner) {
        let Learner {
            id,
            members,
            quorums,
            tallies,
            learned,
            across_ballots,
        } = self;
        *id = source.id;
        *members = source.members;
        *quorums = source.quorums;
        tallies.clone_from(&source.tallies);
        *learned = source.learned;
        *across_ballots = source.across_ballots;
    }
}

impl Learner {
    /// How many ballots a learner tallies at once; older ones are forgotten first.
    pub const MAX_TALLIES: usize = 8;

    /// A learner that knows nothing yet.
    pub fn new(id: NodeId, members: Membership, quorums: Quorums) -> Learner {
        Learner {
            id,
            members,
            quorums,
            tallies: Vec::new(),
            learned: None,
            across_ballots: false,
        }
    }

    /// The same learner, broken by `bugs` on purpose where they concern learners.
    pub fn with_bugs(self, bugs: crate::Bugs) -> Learner {
        Learner {
            across_ballots: bugs.count_across_ballots,
            ..self
        }
    }

    /// This learner's name.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The value learned, with the ballot a quorum accepted.
    pub fn learned(&self) -> Option<(Ballot, Value)> {
        self.learned
    }

    /// How many ballot tallies its buffer can hold without growing (for memory figures).
    pub fn tally_capacity(&self) -> usize {
        self.tallies.capacity()
    }

    /// Handles `Accepted(ballot, value)` from acceptor `from`.
    pub fn on_accepted(&mut self, from: NodeId, ballot: Ballot, value: Value) -> LearnOutcome {
        let Some(index) = self.members.acceptor_index(from) else {
            return LearnOutcome::AlreadyKnown;
        };
        let bit = 1u16 << index;
        let votes = match self
            .tallies
            .iter_mut()
            .find(|(b, v, _)| (*b == ballot || self.across_ballots) && *v == value)
        {
            Some(entry) => {
                entry.2 |= bit;
                entry.2
            }
            None => {
                // Keep tallies for the most recent ballots only, as a real learner would
                // collect garbage; reports for a long-superseded ballot then start afresh.
                if self.tallies.len() == Learner::MAX_TALLIES {
                    if let Some(lowest) = (0..self.tallies.len()).min_by_key(|&i| self.tallies[i].0)
                    {
                        self.tallies.swap_remove(lowest);
                    }
                }
                self.tallies.push((ballot, value, bit));
                bit
            }
        };
        if !self.quorums.phase2_reached(votes) {
            return LearnOutcome::Counted {
                count: votes.count_ones() as u8,
            };
        }
        // In correct Paxos every quorum carries the same value; with a deliberately broken
        // variant a different one can appear, and the learner reports it so the checkers see it.
        match self.learned {
            Some((_, known)) if known == value => LearnOutcome::AlreadyKnown,
            _ => {
                self.learned = Some((ballot, value));
                LearnOutcome::Learned { value, ballot }
            }
        }
    }

    /// Feeds this learner into `h` as derived `Hash` does, with its acceptors renamed by `r`.
    pub fn hash_renamed<H: std::hash::Hasher>(&self, h: &mut H, r: &crate::AcceptorRenaming) {
        use std::hash::Hash;
        self.id.hash(h);
        self.tallies.len().hash(h);
        for (b, v, bits) in &self.tallies {
            (b, v, r.bits(*bits)).hash(h);
        }
        (self.learned, self.across_ballots).hash(h);
    }

    /// A crash: the tallies are lost, the learned value is kept.
    pub fn crash(&mut self) {
        self.tallies.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_once_a_quorum_reports_the_same_ballot() {
        let members = Membership::separate(2, 3, 1);
        let mut l = Learner::new(NodeId::learner(1), members, Quorums::majority(3));
        let b1 = Ballot::new(1, NodeId::proposer(1));
        let b2 = Ballot::new(1, NodeId::proposer(2));
        let a = Value::new("A").unwrap();
        let (a1, a2, a3) = (
            NodeId::acceptor(1),
            NodeId::acceptor(2),
            NodeId::acceptor(3),
        );
        assert_eq!(l.on_accepted(a1, b1, a), LearnOutcome::Counted { count: 1 });
        // Reports for different ballots do not add up, and duplicates count once.
        assert_eq!(l.on_accepted(a2, b2, a), LearnOutcome::Counted { count: 1 });
        assert_eq!(l.on_accepted(a1, b1, a), LearnOutcome::Counted { count: 1 });
        assert_eq!(
            l.on_accepted(a3, b1, a),
            LearnOutcome::Learned {
                value: a,
                ballot: b1
            }
        );
        assert_eq!(l.learned(), Some((b1, a)));
        assert_eq!(l.on_accepted(a3, b2, a), LearnOutcome::AlreadyKnown);
        l.crash();
        assert_eq!(l.learned(), Some((b1, a)));
        assert_eq!(
            l.on_accepted(NodeId::proposer(1), b1, a),
            LearnOutcome::AlreadyKnown
        );
    }

    #[test]
    fn the_broken_learner_adds_up_votes_from_different_ballots() {
        let members = Membership::separate(2, 3, 1);
        let bugs = crate::Bugs {
            count_across_ballots: true,
            ..crate::Bugs::default()
        };
        let mut l = Learner::new(NodeId::learner(1), members, Quorums::majority(3)).with_bugs(bugs);
        let b1 = Ballot::new(1, NodeId::proposer(1));
        let b2 = Ballot::new(1, NodeId::proposer(2));
        let a = Value::new("A").unwrap();
        l.on_accepted(NodeId::acceptor(1), b1, a);
        assert_eq!(
            l.on_accepted(NodeId::acceptor(2), b2, a),
            LearnOutcome::Learned {
                value: a,
                ballot: b2
            }
        );
    }

    #[test]
    fn only_the_highest_ballots_are_tallied() {
        let members = Membership::separate(1, 3, 1);
        let mut l = Learner::new(NodeId::learner(1), members, Quorums::majority(3));
        let a = Value::new("A").unwrap();
        let b = |r| Ballot::new(r, NodeId::proposer(1));
        for r in 1..=20 {
            l.on_accepted(NodeId::acceptor(1), b(r), a);
        }
        // Round 20 is still tallied: a second report completes its quorum.
        assert_eq!(
            l.on_accepted(NodeId::acceptor(2), b(20), a),
            LearnOutcome::Learned {
                value: a,
                ballot: b(20)
            }
        );
        // Round 1 was forgotten: a second report starts a new tally of one.
        let mut fresh = l.clone();
        fresh.learned = None;
        assert_eq!(
            fresh.on_accepted(NodeId::acceptor(2), b(1), a),
            LearnOutcome::Counted { count: 1 }
        );
    }
}
