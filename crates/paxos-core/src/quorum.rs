//! Quorums: which sets of acceptors are enough.
//!
//! Paxos is safe because any two quorums intersect: an acceptor in both carries the accepted
//! value from one ballot into the next. Precisely, every phase-1 quorum (the promises a proposer
//! waits for) must intersect every phase-2 quorum (the acceptances that choose a value). A
//! majority for both does that. [`Quorums::sizes`] allows other sizes, for demonstrations:
//! when `phase1 + phase2 <= acceptors` two quorums can miss each other and Paxos is unsafe,
//! which [`Quorums::is_safe`] reports and every printed form labels `UNSAFE`.
//!
//! Sizes are not the only way. [`Quorums::sets`] lists each phase's quorums outright
//! ([`QuorumSets`]): a grid whose rows are the phase-1 quorums and whose columns are the phase-2
//! quorums, or any sets a reader clicks together. A phase's quorum is then reached when the
//! votes cover one of its sets, and the rule is safe exactly when every phase-1 set shares an
//! acceptor with every phase-2 set (Howard, Malkhi and Spiegelman, *Flexible Paxos*, 2016).

use std::fmt;

/// The quorum rule of a cluster: a size for phase 1 and one for phase 2, out of `acceptors`,
/// or each phase's quorums listed outright.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Quorums {
    acceptors: u8,
    /// The size of the smallest phase-1 quorum (every one of them without `sets`).
    phase1: u8,
    /// The size of the smallest phase-2 quorum.
    phase2: u8,
    /// The quorums listed outright, instead of every set of the sizes above.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    sets: Option<QuorumSets>,
}

/// Most quorums [`QuorumSets`] lists for one phase: enough for a 3 x 4 grid's rows and
/// columns, or for a reader's hand-made sets, and small enough to keep [`Quorums`] `Copy`.
pub const MAX_QUORUM_SETS: usize = 8;

/// One phase's quorums, each a bit set of acceptor indexes (bit 0 = the first acceptor); a
/// quorum is reached when the votes include every member of one of them. Prints and reads as
/// a list of numbers in JSON.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "Vec<u16>", try_from = "Vec<u16>")
)]
pub struct SetList {
    len: u8,
    sets: [u16; MAX_QUORUM_SETS],
}

impl SetList {
    /// At least one and at most [`MAX_QUORUM_SETS`] sets, none of them empty.
    pub fn new(sets: &[u16]) -> Result<SetList, QuorumError> {
        if sets.is_empty() || sets.len() > MAX_QUORUM_SETS {
            return Err(QuorumError(format!(
                "a phase needs between 1 and {MAX_QUORUM_SETS} quorums, not {}",
                sets.len()
            )));
        }
        if sets.contains(&0) {
            return Err(QuorumError("a quorum needs at least one acceptor".into()));
        }
        let mut list = SetList {
            len: sets.len() as u8,
            sets: [0; MAX_QUORUM_SETS],
        };
        list.sets[..sets.len()].copy_from_slice(sets);
        Ok(list)
    }

    /// The sets, in the order given.
    pub fn as_slice(&self) -> &[u16] {
        &self.sets[..self.len as usize]
    }

    /// Whether `votes` includes every member of one of the sets.
    fn covered_by(&self, votes: u16) -> bool {
        self.as_slice().iter().any(|&s| s & !votes == 0)
    }

    /// The size of the smallest set.
    fn smallest(&self) -> u8 {
        self.as_slice()
            .iter()
            .map(|s| s.count_ones() as u8)
            .min()
            .unwrap_or(0)
    }
}

/// `a1+a2,a3+a4`: quorums separated by commas, each its acceptors joined by `+` (`a3`, or `n3`
/// in a cluster of combined nodes, is the third acceptor).
impl std::str::FromStr for SetList {
    type Err = QuorumError;
    fn from_str(text: &str) -> Result<SetList, QuorumError> {
        let mut sets = Vec::new();
        for quorum in text.split(',') {
            let mut set = 0u16;
            for member in quorum.split('+') {
                let index = member
                    .strip_prefix('a')
                    .or_else(|| member.strip_prefix('n'))
                    .and_then(|k| k.parse::<u8>().ok())
                    .filter(|k| (1..=16).contains(k))
                    .ok_or_else(|| {
                        QuorumError(format!(
                            "`{member}` in quorum `{quorum}` is not an acceptor (a1 to a16); write quorums as a1+a2,a3+a4"
                        ))
                    })?;
                set |= 1 << (index - 1);
            }
            sets.push(set);
        }
        SetList::new(&sets)
    }
}

impl fmt::Display for SetList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.as_slice().iter().map(|&s| set_name(s)).collect();
        f.write_str(&names.join(","))
    }
}

impl fmt::Debug for SetList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.as_slice().iter().map(|s| format!("{s:#b}")))
            .finish()
    }
}

impl From<SetList> for Vec<u16> {
    fn from(l: SetList) -> Vec<u16> {
        l.as_slice().to_vec()
    }
}

impl TryFrom<Vec<u16>> for SetList {
    type Error = QuorumError;
    fn try_from(v: Vec<u16>) -> Result<SetList, QuorumError> {
        SetList::new(&v)
    }
}

/// Each phase's quorums listed outright (see [`Quorums::sets`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct QuorumSets {
    /// The sets of promises a proposer may wait for.
    pub phase1: SetList,
    /// The sets of acceptances that choose a value.
    pub phase2: SetList,
}

impl QuorumSets {
    /// A phase-1 and a phase-2 quorum that share no acceptor, if there is such a pair.
    pub fn missing_pair(&self) -> Option<(u16, u16)> {
        missing_pair(self.phase1.as_slice(), self.phase2.as_slice())
    }

    /// A grid of `rows` x `cols` acceptors, numbered row by row: a phase-1 quorum is a whole
    /// row, a phase-2 quorum a whole column. Every row crosses every column.
    pub fn grid(rows: u8, cols: u8) -> Result<QuorumSets, QuorumError> {
        if rows == 0 || cols == 0 || rows as usize * cols as usize > 16 {
            return Err(QuorumError(format!(
                "a grid of {rows} x {cols} acceptors is not between 1 and 16 acceptors"
            )));
        }
        let at = |r: u8, c: u8| 1u16 << (r * cols + c);
        let row = |r: u8| (0..cols).fold(0, |s, c| s | at(r, c));
        let col = |c: u8| (0..rows).fold(0, |s, r| s | at(r, c));
        Ok(QuorumSets {
            phase1: SetList::new(&(0..rows).map(row).collect::<Vec<_>>())?,
            phase2: SetList::new(&(0..cols).map(col).collect::<Vec<_>>())?,
        })
    }
}

/// The first phase-1 quorum and phase-2 quorum (bit sets of acceptors) that share no acceptor,
/// if any: the pair that lets two values be chosen. For any list of quorums, not only the
/// [`MAX_QUORUM_SETS`] a [`SetList`] holds (the page draws every quorum of a size rule).
pub fn missing_pair(phase1: &[u16], phase2: &[u16]) -> Option<(u16, u16)> {
    phase1
        .iter()
        .find_map(|&a| phase2.iter().find(|&&b| a & b == 0).map(|&b| (a, b)))
}

/// `a1+a2`: a set of acceptors by their names.
pub fn set_name(set: u16) -> String {
    (0..16)
        .filter(|i| set & (1 << i) != 0)
        .map(|i| format!("a{}", i + 1))
        .collect::<Vec<_>>()
        .join("+")
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
            sets: None,
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
            sets: None,
        })
    }

    /// Each phase's quorums listed outright; every set must name acceptors among the first
    /// `acceptors`. Sets that miss each other are accepted (for demonstrations) but
    /// [`Quorums::is_safe`] is false.
    pub fn sets(acceptors: u8, sets: QuorumSets) -> Result<Quorums, QuorumError> {
        let all = if acceptors >= 16 {
            u16::MAX
        } else {
            (1u16 << acceptors) - 1
        };
        for (name, list) in [("phase-1", &sets.phase1), ("phase-2", &sets.phase2)] {
            if let Some(&s) = list.as_slice().iter().find(|&&s| s & !all != 0) {
                return Err(QuorumError(format!(
                    "{name} quorum {} names an acceptor beyond the {acceptors} acceptors",
                    set_name(s)
                )));
            }
        }
        Ok(Quorums {
            acceptors,
            phase1: sets.phase1.smallest(),
            phase2: sets.phase2.smallest(),
            sets: Some(sets),
        })
    }

    /// The quorums listed outright, when they are.
    pub fn listed(&self) -> Option<&QuorumSets> {
        self.sets.as_ref()
    }

    /// How many promises a proposer needs (with listed quorums, the smallest one's size).
    pub fn phase1(&self) -> u8 {
        self.phase1
    }

    /// How many acceptances choose a value (with listed quorums, the smallest one's size).
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
        match &self.sets {
            Some(s) => s.missing_pair().is_none(),
            None => self.phase1 as u16 + self.phase2 as u16 > self.acceptors as u16,
        }
    }

    /// Whether `votes` (a bit set of acceptor indexes, bit 0 = the first acceptor) reaches a
    /// phase-1 quorum.
    pub fn phase1_reached(&self, votes: u16) -> bool {
        match &self.sets {
            Some(s) => s.phase1.covered_by(votes),
            None => votes.count_ones() >= self.phase1 as u32,
        }
    }

    /// Whether `votes` reaches a phase-2 quorum.
    pub fn phase2_reached(&self, votes: u16) -> bool {
        match &self.sets {
            Some(s) => s.phase2.covered_by(votes),
            None => votes.count_ones() >= self.phase2 as u32,
        }
    }
}

/// `majority of 3 (2)`, `phase1=2 phase2=2 of 3`, or `phase1=a1+a2,a3+a4 phase2=a1+a3,a2+a4 of
/// 4`, with ` UNSAFE` appended when quorums need not intersect.
impl fmt::Display for Quorums {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = &self.sets {
            write!(
                f,
                "phase1={} phase2={} of {}",
                s.phase1, s.phase2, self.acceptors
            )?;
        } else if self.is_majority() {
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

    #[test]
    fn listed_quorums_are_reached_by_covering_a_set_and_safe_when_every_pair_meets() {
        // A 2 x 2 grid: rows {a1,a2}, {a3,a4} for phase 1, columns {a1,a3}, {a2,a4} for phase 2.
        let grid = QuorumSets::grid(2, 2).unwrap();
        assert_eq!(grid.phase1.as_slice(), &[0b0011, 0b1100]);
        assert_eq!(grid.phase2.as_slice(), &[0b0101, 0b1010]);
        let q = Quorums::sets(4, grid).unwrap();
        assert!(q.is_safe(), "every row crosses every column");
        assert_eq!((q.phase1(), q.phase2()), (2, 2));
        // Two promises are a quorum only when they are a whole row: sizes alone are not.
        assert!(q.phase1_reached(0b0011));
        assert!(!q.phase1_reached(0b0101));
        assert!(q.phase2_reached(0b0101 | 0b1000));
        assert!(!q.phase2_reached(0b0011));
        assert_eq!(q.to_string(), "phase1=a1+a2,a3+a4 phase2=a1+a3,a2+a4 of 4");
        // Rows for both phases: two rows miss each other.
        let rows = QuorumSets {
            phase1: grid.phase1,
            phase2: grid.phase1,
        };
        assert_eq!(rows.missing_pair(), Some((0b0011, 0b1100)));
        let unsafe_rows = Quorums::sets(4, rows).unwrap();
        assert!(!unsafe_rows.is_safe());
        assert!(unsafe_rows.to_string().ends_with(" UNSAFE"));
        // A set beyond the cluster, an empty set, no set, too many sets: each refused in words.
        let err = Quorums::sets(3, grid).unwrap_err().0;
        assert_eq!(
            err,
            "phase-1 quorum a3+a4 names an acceptor beyond the 3 acceptors"
        );
        assert!(SetList::new(&[0b1, 0]).is_err());
        assert!(SetList::new(&[]).is_err());
        assert!(SetList::new(&[1; MAX_QUORUM_SETS + 1]).is_err());
        assert!(QuorumSets::grid(4, 5).is_err());
        // The written form reads back, and a typo is named.
        assert_eq!("a1+a2,a3+a4".parse::<SetList>().unwrap(), grid.phase1);
        assert_eq!(grid.phase2.to_string(), "a1+a3,a2+a4");
        assert_eq!(
            "a1+b2".parse::<SetList>().unwrap_err().0,
            "`b2` in quorum `a1+b2` is not an acceptor (a1 to a16); write quorums as a1+a2,a3+a4"
        );
    }
}
