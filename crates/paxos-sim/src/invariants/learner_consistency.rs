//! Learner consistency: whatever a learner learns is the chosen value.

use super::{Ghost, Violation};
use crate::event::Event;

/// Checks one event.
pub fn check(ghost: &Ghost, step: u64, event: &Event) -> Option<Violation> {
    let Event::Learned { learner, value, .. } = event else {
        return None;
    };
    let chosen = ghost.first_chosen().map(|c| c.value);
    (chosen != Some(*value)).then_some(Violation::LearnerConsistency {
        step,
        learner: *learner,
        learned: *value,
        chosen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invariants::ChosenRecord;
    use paxos_core::{Ballot, NodeId, Value};

    #[test]
    fn learning_anything_but_the_chosen_value_is_caught() {
        let mut ghost = Ghost::new(3);
        let l1 = NodeId::learner(1);
        let ballot = Ballot::new(1, NodeId::proposer(1));
        let learned = |v: &str| Event::Learned {
            learner: l1,
            ballot,
            value: Value::new(v).unwrap(),
        };
        let v = check(&ghost, 1, &learned("A")).unwrap();
        assert_eq!(
            v.to_string(),
            "learner-consistency at step 1: l1 learned A but nothing was chosen"
        );
        ghost.first = Some(ChosenRecord {
            ballot,
            value: Value::new("A").unwrap(),
            quorum: vec![],
            step: 1,
        });
        assert_eq!(check(&ghost, 2, &learned("A")), None);
        assert!(check(&ghost, 2, &learned("B")).is_some());
    }
}
