//! Safety invariants, checked after every action.
//!
//! The simulator keeps a *ghost* record that no agent could know: every promise ever made,
//! every vote ever cast, every value ever proposed, every quorum that ever formed. Each
//! invariant is one module that looks at the events of the last action against that record and
//! returns a typed [`Violation`] naming the step and the nodes involved:
//!
//! - [`agreement`]: at most one value is ever chosen;
//! - [`validity`]: a chosen value was proposed by some client;
//! - [`promise_kept`]: no acceptor accepts a ballot below one it promised;
//! - [`learner_consistency`]: every learned value is the chosen one.

pub mod agreement;
pub mod learner_consistency;
pub mod promise_kept;
pub mod validity;

use crate::event::Event;
pub use crate::violation::{ChosenRecord, Violation};
use paxos_core::{acceptors_in, Ballot, Membership, NodeId, Quorums, Value};

/// What the simulator knows that no agent does. Part of the world state, so that it travels
/// with checkpoints and the explorer's states.
#[derive(Debug, Default, PartialEq, Eq, Hash)]
pub struct Ghost {
    /// Every value a client asked a proposer to propose.
    pub proposed: Vec<Value>,
    /// Per acceptor (by index), the highest ballot it ever promised in answer to a Prepare.
    pub promised_ever: Vec<Option<Ballot>>,
    /// Every (ballot, value) ever accepted, with the acceptors (as bits) that accepted it.
    pub votes: Vec<(Ballot, Value, u16)>,
    /// The first quorum that formed: "the chosen value". Later quorums are checked against it
    /// as they form (see [`agreement`]) and not kept, so the record stays small.
    pub first: Option<ChosenRecord>,
}

/// Written out so that `clone_from` reuses the record's buffers, as the explorer's scratch
/// world needs.
impl Clone for Ghost {
    fn clone(&self) -> Ghost {
        let mut copy = Ghost::default();
        copy.clone_from(self);
        copy
    }

    fn clone_from(&mut self, source: &Ghost) {
        let Ghost {
            proposed,
            promised_ever,
            votes,
            first,
        } = self;
        proposed.clone_from(&source.proposed);
        promised_ever.clone_from(&source.promised_ever);
        votes.clone_from(&source.votes);
        first.clone_from(&source.first);
    }
}

impl Ghost {
    /// An empty record for `acceptors` acceptors.
    pub fn new(acceptors: u8) -> Ghost {
        Ghost {
            promised_ever: vec![None; acceptors as usize],
            ..Ghost::default()
        }
    }

    /// Records that acceptor number `index` accepted `(ballot, value)`. Returns the new quorum
    /// when this vote completes a phase-2 quorum for that ballot for the first time.
    pub fn record_vote(
        &mut self,
        members: &Membership,
        quorums: &Quorums,
        index: u8,
        ballot: Ballot,
        value: Value,
        step: u64,
    ) -> Option<ChosenRecord> {
        let bit = 1u16 << index;
        let pos = match self
            .votes
            .iter()
            .position(|(b, v, _)| *b == ballot && *v == value)
        {
            Some(p) => p,
            None => {
                self.votes.push((ballot, value, 0));
                self.votes.len() - 1
            }
        };
        let before = self.votes[pos].2;
        let after = before | bit;
        self.votes[pos].2 = after;
        if quorums.phase2_reached(before) || !quorums.phase2_reached(after) {
            return None;
        }
        let record = ChosenRecord {
            ballot,
            value,
            quorum: acceptors_in(members, after).collect(),
            step,
        };
        if self.first.is_none() {
            self.first = Some(record.clone());
        }
        Some(record)
    }

    /// Appends the record's compact form (see [`paxos_core::pack`]).
    pub fn pack(&self, out: &mut Vec<u8>) {
        use paxos_core::pack::{pack_slice, Pack};
        let Ghost {
            proposed,
            promised_ever,
            votes,
            first,
        } = self;
        pack_slice(proposed, out);
        pack_slice(promised_ever, out);
        pack_slice(votes, out);
        first.is_some().pack(out);
        if let Some(c) = first {
            c.ballot.pack(out);
            c.value.pack(out);
            pack_slice(&c.quorum, out);
            c.step.pack(out);
        }
    }

    /// Reads what [`Ghost::pack`] wrote into this record, reusing its buffers.
    pub fn unpack(&mut self, input: &mut &[u8]) -> Option<()> {
        use paxos_core::pack::{unpack_vec, Pack};
        unpack_vec(&mut self.proposed, input)?;
        unpack_vec(&mut self.promised_ever, input)?;
        unpack_vec(&mut self.votes, input)?;
        if bool::unpack(input)? {
            let (ballot, value) = (Ballot::unpack(input)?, Value::unpack(input)?);
            let c = self.first.get_or_insert_with(|| ChosenRecord {
                ballot,
                value,
                quorum: Vec::new(),
                step: 0,
            });
            c.ballot = ballot;
            c.value = value;
            unpack_vec(&mut c.quorum, input)?;
            c.step = u64::unpack(input)?;
        } else {
            self.first = None;
        }
        Some(())
    }

    /// Roughly how many heap bytes the record uses.
    pub fn approx_heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.proposed.capacity() * size_of::<Value>()
            + self.promised_ever.capacity() * size_of::<Option<Ballot>>()
            + self.votes.capacity() * size_of::<(Ballot, Value, u16)>()
            + self
                .first
                .as_ref()
                .map_or(0, |c| c.quorum.capacity() * size_of::<NodeId>())
    }

    /// The chosen value: the first quorum's.
    pub fn first_chosen(&self) -> Option<&ChosenRecord> {
        self.first.as_ref()
    }

    /// Forgets the votes of ballots that can get no more votes: acceptors vote only when an
    /// Accept arrives, so a ballot with no Accept in flight whose proposer is not about to send
    /// one (`live` lists the ballots that still may) is settled. Keeps long histories small.
    pub fn prune_votes(&mut self, live: &[Ballot]) {
        self.votes.retain(|(b, _, _)| live.contains(b));
    }
}

impl ChosenRecord {
    /// The record a [`Event::Chosen`] at `step` describes; `None` for any other event.
    pub fn from_event(event: &Event, step: u64) -> Option<ChosenRecord> {
        match event {
            Event::Chosen {
                ballot,
                value,
                quorum,
            } => Some(ChosenRecord {
                ballot: *ballot,
                value: *value,
                quorum: quorum.clone(),
                step,
            }),
            _ => None,
        }
    }
}

/// Runs every invariant over the events of one action, in order, updating the ghost record of
/// promises as it goes. Returns the violations found.
pub fn check(
    ghost: &mut Ghost,
    members: &Membership,
    step: u64,
    events: &[Event],
) -> Vec<Violation> {
    let mut found = Vec::new();
    for event in events {
        found.extend(promise_kept::check(ghost, members, step, event));
        found.extend(agreement::check(ghost, step, event));
        found.extend(validity::check(ghost, step, event));
        found.extend(learner_consistency::check(ghost, step, event));
    }
    found
}
