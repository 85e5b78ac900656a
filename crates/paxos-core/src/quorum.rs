//! Quorums: which sets of acceptors are enough.
//!
//! Paxos is safe because any two quorums intersect: an acceptor in both carries the accepted
//! value from one ballot into the next. Precisely, every phase-1 quorum (the promises a proposer
//! waits for) must intersect every phase-2 quorum (the acceptances that choose a value). A
//! majority for both does that. [`Quorums::sizes`] allows other sizes, for demonstrations:
//! when `phase1 + phase2 <= acceptors` two quorums can miss each other and Paxos is unsafe,
//! which [`Quorums::is_safe`] reports and every printed form labels `UNSAFE`.

use std::fmt;

/// The quorum rule of a cluster: a size for phase 1 and one for phase 2, out of `acceptors`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Quorums {
    acceptors: u8,
    phase1: u8,
    phase2: u8,
}

/// Why a quorum rule could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuorumError(pub String);

impl fmt::Display for QuorumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QuorumError {}

impl Quorums {
    /// Majorities of `acceptors` for both phases: the rule of the paper.
    pub fn majority(acceptors: u8) -> Quorums {
        let m = acceptors / 2 + 1;
        Quorums {
            acceptors,
            phase1: m,
            phase2: m,
        }
    }

    /// Explicit sizes, each between 1 and `acceptors`. Sizes whose sum is not above
    /// `acceptors` are accepted (for demonstrations) but [`Quorums::is_safe`] is false.
    pub fn sizes(acceptors: u8, phase1: u8, phase2: u8) -> Result<Quorums, QuorumError> {
        for (name, q) in [("phase-1", phase1), ("phase-2", phase2)] {
            if q == 0 || q > acceptors {
                return Err(QuorumError(format!(
                    "{name} quorum {q} must be between 1 and the {acceptors} acceptors"
                )));
            }
        }
        Ok(Quorums {
            acceptors,
            phase1,
            phase2,
        })
    }

    /// How many promises a proposer needs.
    pub fn phase1(&self) -> u8 {
        self.phase1
    }

    /// How many acceptances choose a value.
    pub fn phase2(&self) -> u8 {
        self.phase2
    }

    /// How many acceptors there are.
    pub fn acceptors(&self) -> u8 {
        self.acceptors
    }

    /// True when the sizes are a majority of the acceptors in both phases.
    pub fn is_majority(&self) -> bool {
        *self == Quorums::majority(self.acceptors)
    }

    /// True when every phase-1 quorum meets every phase-2 quorum, the condition Paxos needs.
    pub fn is_safe(&self) -> bool {
        self.phase1 as u16 + self.phase2 as u16 > self.acceptors as u16
    }

    /// Whether `votes` (a bit set of acceptor indexes, bit 0 = the first acceptor) reaches a
    /// phase-1 quorum.
    pub fn phase1_reached(&self, votes: u16) -> bool {
        votes.count_ones() >= self.phase1 as u32
    }

    /// Whether `votes` reaches a phase-2 quorum.
    pub fn phase2_reached(&self, votes: u16) -> bool {
        votes.count_ones() >= self.phase2 as u32
    }
}

/// `majority of 3 (2)`, or `phase1=2 phase2=2 of 3`, with ` UNSAFE` appended when quorums need
/// not intersect.
impl fmt::Display for Quorums {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_majority() {
            write!(f, "majority of {} ({})", self.acceptors, self.phase1)?;
        } else {
            write!(
                f,
                "phase1={} phase2={} of {}",
                self.phase1, self.phase2, self.acceptors
            )?;
        }
        if !self.is_safe() {
            f.write_str(" UNSAFE")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majorities_intersect_small_quorums_do_not() {
        assert_eq!(Quorums::majority(3).phase1(), 2);
        assert_eq!(Quorums::majority(4).phase1(), 3);
        assert_eq!(Quorums::majority(1).phase2(), 1);
        assert!(Quorums::majority(5).is_safe());
        let small = Quorums::sizes(3, 1, 1).unwrap();
        assert!(!small.is_safe());
        assert_eq!(small.to_string(), "phase1=1 phase2=1 of 3 UNSAFE");
        assert_eq!(Quorums::majority(3).to_string(), "majority of 3 (2)");
        let flexible = Quorums::sizes(4, 3, 2).unwrap();
        assert!(flexible.is_safe());
        assert!(Quorums::sizes(3, 0, 2).is_err());
        assert!(Quorums::sizes(3, 2, 4).is_err());
        assert!(small.phase1_reached(0b100));
        assert!(!Quorums::majority(3).phase2_reached(0b100));
        assert!(Quorums::majority(3).phase2_reached(0b101));
    }
}
