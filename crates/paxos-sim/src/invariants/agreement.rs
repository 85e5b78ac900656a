//! Agreement: at most one value is ever chosen.
//!
//! Every time a quorum forms (a [`Event::Chosen`]), its value must equal the value of the first
//! quorum that ever formed. Different ballots may be chosen, but only with the same value: that
//! is exactly what the proposer's value-choosing rule guarantees.

use super::{ChosenRecord, Ghost, Violation};
use crate::event::Event;

/// Checks one event.
pub fn check(ghost: &Ghost, step: u64, event: &Event) -> Option<Violation> {
    let second = ChosenRecord::from_event(event, step)?;
    let first = ghost.first_chosen()?;
    (first.value != second.value).then(|| Violation::Agreement {
        step,
        first: first.clone(),
        second,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use paxos_core::{Ballot, NodeId, Value};

    fn record(round: u32, value: &str) -> ChosenRecord {
        ChosenRecord {
            ballot: Ballot::new(round, NodeId::proposer(1)),
            value: Value::new(value).unwrap(),
            quorum: vec![NodeId::acceptor(1), NodeId::acceptor(2)],
            step: round as u64,
        }
    }

    fn chosen_event(r: &ChosenRecord) -> Event {
        Event::Chosen {
            ballot: r.ballot,
            value: r.value,
            quorum: r.quorum.clone(),
        }
    }

    #[test]
    fn same_value_twice_is_fine_a_different_one_is_not() {
        let mut ghost = Ghost::new(3);
        ghost.first = Some(record(1, "A"));
        assert_eq!(check(&ghost, 1, &chosen_event(&record(1, "A"))), None);
        assert_eq!(check(&ghost, 2, &chosen_event(&record(2, "A"))), None);
        let v = check(&ghost, 9, &chosen_event(&record(3, "B"))).unwrap();
        assert_eq!(v.step(), 9);
        assert_eq!(
            v.to_string(),
            "agreement at step 9: A chosen at 1.p1 by a1,a2 (step 1), then B chosen at 3.p1 by a1,a2"
        );
    }
}
