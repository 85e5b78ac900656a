//! Promise kept: an acceptor never accepts a ballot below one it promised.
//!
//! The ghost record remembers the highest ballot each acceptor ever promised, across crashes,
//! so an acceptor that "forgets" its promise (the `forget-promise` bug) is still caught.

use super::{Ghost, Violation};
use crate::event::Event;
use paxos_core::Membership;

/// Checks one event, and records promises as they are made.
pub fn check(
    ghost: &mut Ghost,
    members: &Membership,
    step: u64,
    event: &Event,
) -> Option<Violation> {
    match event {
        Event::Promised {
            acceptor, ballot, ..
        } => {
            let i = members.acceptor_index(*acceptor)? as usize;
            let slot = ghost.promised_ever.get_mut(i)?;
            if slot.is_none_or(|p| p < *ballot) {
                *slot = Some(*ballot);
            }
            None
        }
        Event::Voted {
            acceptor, ballot, ..
        } => {
            let i = members.acceptor_index(*acceptor)? as usize;
            let promised = (*ghost.promised_ever.get(i)?)?;
            (promised > *ballot).then_some(Violation::PromiseKept {
                step,
                acceptor: *acceptor,
                promised,
                accepted: *ballot,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paxos_core::{Ballot, NodeId, Value};

    #[test]
    fn accepting_below_an_earlier_promise_is_caught() {
        let members = Membership::separate(2, 3, 0);
        let mut ghost = Ghost::new(3);
        let a2 = NodeId::acceptor(2);
        let low = Ballot::new(1, NodeId::proposer(1));
        let high = Ballot::new(1, NodeId::proposer(2));
        let promise = Event::Promised {
            acceptor: a2,
            ballot: high,
            accepted: None,
        };
        assert_eq!(check(&mut ghost, &members, 1, &promise), None);
        let vote = |ballot| Event::Voted {
            acceptor: a2,
            ballot,
            value: Value::new("A").unwrap(),
        };
        assert_eq!(check(&mut ghost, &members, 2, &vote(high)), None);
        let v = check(&mut ghost, &members, 3, &vote(low)).unwrap();
        assert_eq!(
            v.to_string(),
            "promise-kept at step 3: a2 accepted 1.p1 after promising 1.p2"
        );
        // Other acceptors are unaffected.
        let other = Event::Voted {
            acceptor: NodeId::acceptor(1),
            ballot: low,
            value: Value::new("A").unwrap(),
        };
        assert_eq!(check(&mut ghost, &members, 4, &other), None);
    }
}
