//! A compact byte form of agents' state, for the model checker's frontier.
//!
//! An exhaustive check holds every state it has found but not yet expanded; breadth first,
//! that is a fifth of the whole space at its widest. As Rust values those states are large (a
//! proposer is 144 bytes, most of it settings that never change: its name, the membership,
//! the quorum sizes), so the checker keeps each one as a few bytes instead: [`Pack::pack`]
//! writes what can change, and [`Pack::unpack`] reads it back. Mutable state is written into
//! a node built for the same cluster ([`Proposer::unpack_state`] and friends), so the fixed
//! settings are never written at all.
//!
//! The format is private to one process: numbers are LEB128 varints (a ballot's round fits a
//! byte), there is no version and no framing. Reading returns `None` on bytes it did not
//! write, never panics.

use crate::acceptor::Acceptor;
use crate::agent::Agent;
use crate::ids::{Ballot, NodeId, NodeKind};
use crate::learner::Learner;
use crate::message::{Message, ValueSource};
use crate::proposer::{Phase, Proposer};
use crate::value::Value;

/// A value with a compact byte form.
pub trait Pack: Sized {
    /// Appends this value's bytes to `out`.
    fn pack(&self, out: &mut Vec<u8>);
    /// Reads a value from the front of `input`, advancing it; `None` if the bytes are not
    /// what [`Pack::pack`] writes.
    fn unpack(input: &mut &[u8]) -> Option<Self>;
}

fn byte(input: &mut &[u8]) -> Option<u8> {
    let (&b, rest) = input.split_first()?;
    *input = rest;
    Some(b)
}

impl Pack for u64 {
    fn pack(&self, out: &mut Vec<u8>) {
        let mut v = *self;
        // Most numbers here (rounds, counts, small ids) fit one byte.
        if v < 0x80 {
            out.push(v as u8);
            return;
        }
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn unpack(input: &mut &[u8]) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = byte(input)?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

macro_rules! narrow {
    ($($t:ty),*) => {$(
        impl Pack for $t {
            fn pack(&self, out: &mut Vec<u8>) {
                u64::from(*self).pack(out)
            }
            fn unpack(input: &mut &[u8]) -> Option<$t> {
                <$t>::try_from(u64::unpack(input)?).ok()
            }
        }
    )*};
}
narrow!(u8, u16, u32);

impl Pack for bool {
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn unpack(input: &mut &[u8]) -> Option<bool> {
        match byte(input)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl<T: Pack> Pack for Option<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(x) => {
                out.push(1);
                x.pack(out);
            }
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Option<T>> {
        match byte(input)? {
            0 => Some(None),
            1 => Some(Some(T::unpack(input)?)),
            _ => None,
        }
    }
}

impl<A: Pack, B: Pack> Pack for (A, B) {
    fn pack(&self, out: &mut Vec<u8>) {
        self.0.pack(out);
        self.1.pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<(A, B)> {
        Some((A::unpack(input)?, B::unpack(input)?))
    }
}

impl<A: Pack, B: Pack, C: Pack> Pack for (A, B, C) {
    fn pack(&self, out: &mut Vec<u8>) {
        self.0.pack(out);
        self.1.pack(out);
        self.2.pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<(A, B, C)> {
        Some((A::unpack(input)?, B::unpack(input)?, C::unpack(input)?))
    }
}

/// Writes `items` with their count in front.
pub fn pack_slice<T: Pack>(items: &[T], out: &mut Vec<u8>) {
    items.len().pack(out);
    for x in items {
        x.pack(out);
    }
}

/// Reads what [`pack_slice`] wrote into `into`, reusing its buffer.
pub fn unpack_vec<T: Pack>(into: &mut Vec<T>, input: &mut &[u8]) -> Option<()> {
    let n = usize::unpack(input)?;
    into.clear();
    for _ in 0..n {
        into.push(T::unpack(input)?);
    }
    Some(())
}

impl<T: Pack> Pack for Vec<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        pack_slice(self, out)
    }
    fn unpack(input: &mut &[u8]) -> Option<Vec<T>> {
        let mut v = Vec::new();
        unpack_vec(&mut v, input)?;
        Some(v)
    }
}

impl<K: Pack + Ord, V: Pack> Pack for std::collections::BTreeMap<K, V> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.len().pack(out);
        for (k, v) in self {
            k.pack(out);
            v.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let n = usize::unpack(input)?;
        let mut map = std::collections::BTreeMap::new();
        for _ in 0..n {
            let k = K::unpack(input)?;
            map.insert(k, V::unpack(input)?);
        }
        (map.len() == n).then_some(map)
    }
}

impl<T: Pack + Ord> Pack for std::collections::BTreeSet<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.len().pack(out);
        for x in self {
            x.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let n = usize::unpack(input)?;
        let mut set = std::collections::BTreeSet::new();
        for _ in 0..n {
            set.insert(T::unpack(input)?);
        }
        (set.len() == n).then_some(set)
    }
}

impl Pack for usize {
    fn pack(&self, out: &mut Vec<u8>) {
        (*self as u64).pack(out)
    }
    fn unpack(input: &mut &[u8]) -> Option<usize> {
        usize::try_from(u64::unpack(input)?).ok()
    }
}

impl Pack for NodeId {
    fn pack(&self, out: &mut Vec<u8>) {
        let kind = match self.kind {
            NodeKind::Proposer => 0,
            NodeKind::Acceptor => 1,
            NodeKind::Learner => 2,
            NodeKind::Node => 3,
            NodeKind::Client => 4,
        };
        out.extend_from_slice(&[kind, self.index]);
    }
    fn unpack(input: &mut &[u8]) -> Option<NodeId> {
        let kind = match byte(input)? {
            0 => NodeKind::Proposer,
            1 => NodeKind::Acceptor,
            2 => NodeKind::Learner,
            3 => NodeKind::Node,
            4 => NodeKind::Client,
            _ => return None,
        };
        Some(NodeId::new(kind, byte(input)?))
    }
}

impl Pack for Ballot {
    fn pack(&self, out: &mut Vec<u8>) {
        self.round.pack(out);
        self.proposer.pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Ballot> {
        Some(Ballot::new(u32::unpack(input)?, NodeId::unpack(input)?))
    }
}

impl Pack for Value {
    fn pack(&self, out: &mut Vec<u8>) {
        let bytes = self.raw();
        out.push(bytes.len() as u8);
        out.extend_from_slice(bytes);
    }
    fn unpack(input: &mut &[u8]) -> Option<Value> {
        let n = byte(input)? as usize;
        if input.len() < n {
            return None;
        }
        let (bytes, rest) = input.split_at(n);
        *input = rest;
        Value::from_raw(bytes)
    }
}

impl Pack for ValueSource {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            ValueSource::Own => out.push(0),
            ValueSource::Adopted { from, ballot } => {
                out.push(1);
                from.pack(out);
                ballot.pack(out);
            }
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<ValueSource> {
        match byte(input)? {
            0 => Some(ValueSource::Own),
            1 => Some(ValueSource::Adopted {
                from: NodeId::unpack(input)?,
                ballot: Ballot::unpack(input)?,
            }),
            _ => None,
        }
    }
}

impl Pack for Message {
    fn pack(&self, out: &mut Vec<u8>) {
        match *self {
            Message::Prepare { ballot } => {
                out.push(0);
                ballot.pack(out);
            }
            Message::Promise {
                ballot,
                last_accepted,
            } => {
                out.push(1);
                ballot.pack(out);
                last_accepted.pack(out);
            }
            Message::Accept {
                ballot,
                value,
                source,
            } => {
                out.push(2);
                ballot.pack(out);
                value.pack(out);
                source.pack(out);
            }
            Message::Accepted { ballot, value } => {
                out.push(3);
                ballot.pack(out);
                value.pack(out);
            }
            Message::Nack { ballot, promised } => {
                out.push(4);
                ballot.pack(out);
                promised.pack(out);
            }
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Message> {
        let ballot = |input: &mut &[u8]| Ballot::unpack(input);
        Some(match byte(input)? {
            0 => Message::Prepare {
                ballot: ballot(input)?,
            },
            1 => Message::Promise {
                ballot: ballot(input)?,
                last_accepted: Option::unpack(input)?,
            },
            2 => Message::Accept {
                ballot: ballot(input)?,
                value: Value::unpack(input)?,
                source: ValueSource::unpack(input)?,
            },
            3 => Message::Accepted {
                ballot: ballot(input)?,
                value: Value::unpack(input)?,
            },
            4 => Message::Nack {
                ballot: ballot(input)?,
                promised: ballot(input)?,
            },
            _ => return None,
        })
    }
}

impl Pack for Phase {
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(match self {
            Phase::Idle => 0,
            Phase::Preparing => 1,
            Phase::Accepting => 2,
            Phase::Backoff => 3,
            Phase::Done => 4,
        });
    }
    fn unpack(input: &mut &[u8]) -> Option<Phase> {
        Some(match byte(input)? {
            0 => Phase::Idle,
            1 => Phase::Preparing,
            2 => Phase::Accepting,
            3 => Phase::Backoff,
            4 => Phase::Done,
            _ => return None,
        })
    }
}

impl Agent {
    /// Appends what of this agent can change (whether it is up, and each role's state).
    pub fn pack_state(&self, out: &mut Vec<u8>) {
        self.up.pack(out);
        if let Some(p) = &self.proposer {
            p.pack_state(out);
        }
        if let Some(a) = &self.acceptor {
            a.pack_state(out);
        }
        if let Some(l) = &self.learner {
            l.pack_state(out);
        }
    }

    /// Overwrites this agent's changing state with what [`Agent::pack_state`] wrote for an
    /// agent of the same cluster; its settings stay.
    pub fn unpack_state(&mut self, input: &mut &[u8]) -> Option<()> {
        self.up = bool::unpack(input)?;
        if let Some(p) = &mut self.proposer {
            p.unpack_state(input)?;
        }
        if let Some(a) = &mut self.acceptor {
            a.unpack_state(input)?;
        }
        if let Some(l) = &mut self.learner {
            l.unpack_state(input)?;
        }
        Some(())
    }
}

impl Proposer {
    /// Appends every field that can change; not the name, membership, quorums or settings.
    pub fn pack_state(&self, out: &mut Vec<u8>) {
        // Destructured so that a new field cannot be forgotten here.
        let Proposer {
            id: _,
            members: _,
            quorums: _,
            config: _,
            max_round,
            phase,
            seen_round,
            ballot,
            own_value,
            promises,
            highest_reported,
            accepts,
            proposal,
            preempted_by,
            timer,
        } = self;
        max_round.pack(out);
        phase.pack(out);
        seen_round.pack(out);
        ballot.pack(out);
        own_value.pack(out);
        promises.pack(out);
        highest_reported.pack(out);
        accepts.pack(out);
        proposal.pack(out);
        preempted_by.pack(out);
        timer.pack(out);
    }

    /// Reads what [`Proposer::pack_state`] wrote into this proposer.
    pub fn unpack_state(&mut self, input: &mut &[u8]) -> Option<()> {
        self.max_round = Pack::unpack(input)?;
        self.phase = Pack::unpack(input)?;
        self.seen_round = Pack::unpack(input)?;
        self.ballot = Pack::unpack(input)?;
        self.own_value = Pack::unpack(input)?;
        self.promises = Pack::unpack(input)?;
        self.highest_reported = Pack::unpack(input)?;
        self.accepts = Pack::unpack(input)?;
        self.proposal = Pack::unpack(input)?;
        self.preempted_by = Pack::unpack(input)?;
        self.timer = Pack::unpack(input)?;
        Some(())
    }
}

impl Acceptor {
    /// Appends its promise and its accepted proposal.
    pub fn pack_state(&self, out: &mut Vec<u8>) {
        let Acceptor {
            id: _,
            members: _,
            forget_promise_on_crash: _,
            accept_below_promise: _,
            lies: _,
            promised,
            accepted,
        } = self;
        promised.pack(out);
        accepted.pack(out);
    }

    /// Reads what [`Acceptor::pack_state`] wrote into this acceptor.
    pub fn unpack_state(&mut self, input: &mut &[u8]) -> Option<()> {
        self.promised = Pack::unpack(input)?;
        self.accepted = Pack::unpack(input)?;
        Some(())
    }
}

impl Learner {
    /// Appends its tallies and what it learned.
    pub fn pack_state(&self, out: &mut Vec<u8>) {
        let Learner {
            id: _,
            members: _,
            quorums: _,
            tallies,
            learned,
            across_ballots: _,
        } = self;
        pack_slice(tallies, out);
        learned.pack(out);
    }

    /// Reads what [`Learner::pack_state`] wrote into this learner, reusing its buffer.
    pub fn unpack_state(&mut self, input: &mut &[u8]) -> Option<()> {
        unpack_vec(&mut self.tallies, input)?;
        self.learned = Pack::unpack(input)?;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Bugs, Membership, Outbox, ProposerConfig, Quorums};

    fn round_trip<T: Pack + PartialEq + std::fmt::Debug + Copy>(x: T) {
        let mut out = Vec::new();
        x.pack(&mut out);
        let mut input = out.as_slice();
        assert_eq!(T::unpack(&mut input), Some(x));
        assert!(input.is_empty(), "{x:?} left {} bytes", input.len());
    }

    #[test]
    fn numbers_and_names_round_trip() {
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            round_trip(v);
        }
        round_trip(Some(NodeId::client(3)));
        round_trip(None::<Ballot>);
        round_trip((
            Ballot::new(7, NodeId::node(2)),
            Value::new("x=1").unwrap(),
            5u16,
        ));
        // A byte a varint cannot end on, and a flag that is neither 0 nor 1.
        assert_eq!(u64::unpack(&mut [0xff; 11].as_slice()), None);
        assert_eq!(bool::unpack(&mut [2u8].as_slice()), None);
        assert_eq!(
            u8::unpack(&mut [0x80, 0x02].as_slice()),
            None,
            "256 is no u8"
        );
    }

    #[test]
    fn every_message_round_trips() {
        let b = Ballot::new(2, NodeId::proposer(1));
        let v = Value::new("B").unwrap();
        let messages = [
            Message::Prepare { ballot: b },
            Message::Promise {
                ballot: b,
                last_accepted: Some((b, v)),
            },
            Message::Accept {
                ballot: b,
                value: v,
                source: ValueSource::Adopted {
                    from: NodeId::acceptor(3),
                    ballot: b,
                },
            },
            Message::Accepted {
                ballot: b,
                value: v,
            },
            Message::Nack {
                ballot: b,
                promised: Ballot::new(3, NodeId::proposer(2)),
            },
        ];
        for m in messages {
            round_trip(m);
        }
        assert_eq!(Message::unpack(&mut [9u8].as_slice()), None);
    }

    #[test]
    fn an_agent_in_the_middle_of_a_ballot_round_trips_into_a_fresh_one() {
        let members = Membership::combined(3);
        let quorums = Quorums::majority(3);
        let config = ProposerConfig {
            retry_timeout: 10,
            bugs: Bugs::default(),
        };
        let fresh = || Agent::new(NodeId::node(1), members, quorums, config, Bugs::default());
        let mut n1 = fresh();
        let mut out = Outbox::new();
        n1.proposer
            .as_mut()
            .unwrap()
            .propose(1, Value::new("A").unwrap(), &mut out);
        let b = Ballot::new(1, NodeId::node(1));
        for from in [1, 2] {
            n1.on_message(
                2,
                NodeId::node(from),
                Message::Promise {
                    ballot: b,
                    last_accepted: None,
                },
                &mut out,
                || 1,
            );
        }
        n1.on_message(
            3,
            NodeId::node(2),
            Message::Accepted {
                ballot: b,
                value: Value::new("A").unwrap(),
            },
            &mut out,
            || 1,
        );
        assert_ne!(n1, fresh(), "the agent should have changed");
        let mut bytes = Vec::new();
        n1.pack_state(&mut bytes);
        let mut back = fresh();
        let mut input = bytes.as_slice();
        assert_eq!(back.unpack_state(&mut input), Some(()));
        assert!(input.is_empty());
        assert_eq!(back, n1);
        // Cut short anywhere, the bytes are refused rather than misread.
        for cut in 0..bytes.len() {
            assert_eq!(
                fresh().unpack_state(&mut &bytes[..cut]),
                None,
                "cut at {cut}"
            );
        }
    }
}
