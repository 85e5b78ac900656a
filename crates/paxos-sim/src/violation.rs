//! What a broken safety property looks like: plain data that events, traces and the page carry.
//! The checks that produce these live in [`crate::invariants`]; this module depends on neither
//! events nor checks, so that events can carry a violation without a cycle.

use paxos_core::{Ballot, NodeId, Value};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A quorum that accepted one ballot: a value chosen, as the simulator sees it.
#[derive(Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChosenRecord {
    /// The ballot the quorum accepted.
    pub ballot: Ballot,
    /// The value.
    pub value: Value,
    /// The acceptors that accepted it when the quorum formed.
    pub quorum: Vec<NodeId>,
    /// The step at which the quorum formed.
    pub step: u64,
}

/// Written out so that `clone_from` reuses the quorum's buffer, as the explorer's scratch
/// world needs.
impl Clone for ChosenRecord {
    fn clone(&self) -> ChosenRecord {
        ChosenRecord {
            ballot: self.ballot,
            value: self.value,
            quorum: self.quorum.clone(),
            step: self.step,
        }
    }

    fn clone_from(&mut self, source: &ChosenRecord) {
        let ChosenRecord {
            ballot,
            value,
            quorum,
            step,
        } = self;
        *ballot = source.ballot;
        *value = source.value;
        quorum.clone_from(&source.quorum);
        *step = source.step;
    }
}

/// A broken safety property.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "invariant", rename_all = "snake_case")]
pub enum Violation {
    /// Two different values were chosen.
    Agreement {
        /// The step of the second choice.
        step: u64,
        /// The value chosen first.
        first: ChosenRecord,
        /// The different value chosen later.
        second: ChosenRecord,
    },
    /// A value was chosen that no client proposed.
    Validity {
        /// The step.
        step: u64,
        /// The chosen record.
        chosen: ChosenRecord,
    },
    /// An acceptor accepted a ballot below one it had promised.
    PromiseKept {
        /// The step.
        step: u64,
        /// The acceptor.
        acceptor: NodeId,
        /// The promise it had made.
        promised: Ballot,
        /// The lower ballot it accepted.
        accepted: Ballot,
    },
    /// A learner learned something other than the chosen value.
    LearnerConsistency {
        /// The step.
        step: u64,
        /// The learner.
        learner: NodeId,
        /// What it learned.
        learned: Value,
        /// What was chosen first, if anything.
        chosen: Option<Value>,
    },
}

impl Violation {
    /// The step at which it happened.
    pub fn step(&self) -> u64 {
        match self {
            Violation::Agreement { step, .. }
            | Violation::Validity { step, .. }
            | Violation::PromiseKept { step, .. }
            | Violation::LearnerConsistency { step, .. } => *step,
        }
    }

    /// The invariant's short name.
    pub fn name(&self) -> &'static str {
        match self {
            Violation::Agreement { .. } => "agreement",
            Violation::Validity { .. } => "validity",
            Violation::PromiseKept { .. } => "promise-kept",
            Violation::LearnerConsistency { .. } => "learner-consistency",
        }
    }

    /// The nodes involved, for highlighting.
    pub fn nodes(&self) -> Vec<NodeId> {
        match self {
            Violation::Agreement { first, second, .. } => {
                let mut v: Vec<NodeId> =
                    first.quorum.iter().chain(&second.quorum).copied().collect();
                v.sort();
                v.dedup();
                v
            }
            Violation::Validity { chosen, .. } => chosen.quorum.clone(),
            Violation::PromiseKept { acceptor, .. } => vec![*acceptor],
            Violation::LearnerConsistency { learner, .. } => vec![*learner],
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nodes = |q: &[NodeId]| {
            q.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        match self {
            Violation::Agreement {
                step,
                first,
                second,
            } => write!(
                f,
                "agreement at step {step}: {} chosen at {} by {} (step {}), then {} chosen at {} by {}",
                first.value,
                first.ballot,
                nodes(&first.quorum),
                first.step,
                second.value,
                second.ballot,
                nodes(&second.quorum)
            ),
            Violation::Validity { step, chosen } => write!(
                f,
                "validity at step {step}: {} chosen at {} but never proposed",
                chosen.value, chosen.ballot
            ),
            Violation::PromiseKept {
                step,
                acceptor,
                promised,
                accepted,
            } => write!(
                f,
                "promise-kept at step {step}: {acceptor} accepted {accepted} after promising {promised}"
            ),
            Violation::LearnerConsistency {
                step,
                learner,
                learned,
                chosen,
            } => match chosen {
                Some(c) => write!(
                    f,
                    "learner-consistency at step {step}: {learner} learned {learned} but {c} was chosen"
                ),
                None => write!(
                    f,
                    "learner-consistency at step {step}: {learner} learned {learned} but nothing was chosen"
                ),
            },
        }
    }
}
