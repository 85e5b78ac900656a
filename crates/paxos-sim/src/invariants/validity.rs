//! Validity: only a value that some client proposed can be chosen.

use super::{ChosenRecord, Ghost, Violation};
use crate::event::Event;

/// Checks one event.
pub fn check(ghost: &Ghost, step: u64, event: &Event) -> Option<Violation> {
    let chosen = ChosenRecord::from_event(event, step)?;
    (!ghost.proposed.contains(&chosen.value)).then_some(Violation::Validity { step, chosen })
}

#[cfg(test)]
mod tests {
    use super::*;
    use paxos_core::{Ballot, NodeId, Value};

    #[test]
    fn a_value_nobody_proposed_is_a_violation() {
        let mut ghost = Ghost::new(3);
        let a = Value::new("A").unwrap();
        let z = Value::new("Z").unwrap();
        ghost.proposed.push(a);
        let ballot = Ballot::new(1, NodeId::proposer(1));
        let event = |value| Event::Chosen {
            ballot,
            value,
            quorum: vec![NodeId::acceptor(1)],
        };
        assert_eq!(check(&ghost, 3, &event(a)), None);
        let v = check(&ghost, 3, &event(z)).unwrap();
        assert_eq!(v.name(), "validity");
        assert_eq!(v.nodes(), vec![NodeId::acceptor(1)]);
    }
}
