//! Names of agents and ballots.
//!
//! Every agent has a short printable name: `p1` (proposer), `a2` (acceptor), `l1` (learner) in
//! the separate layout, or `n3` (a combined node playing all three roles). A [`Ballot`] is the
//! number Paxos Made Simple calls a "proposal number": a round plus the proposer that owns it,
//! so two proposers can never pick the same ballot. Ballots print as `<round>.<proposer>`,
//! e.g. `2.p1`, and order by round first, then proposer.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// What kind of agent a [`NodeId`] names; it decides the one-letter prefix of the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    /// `p<i>`: a proposer in the separate layout.
    Proposer,
    /// `a<i>`: an acceptor in the separate layout.
    Acceptor,
    /// `l<i>`: a learner in the separate layout.
    Learner,
    /// `n<i>`: a combined node that is proposer, acceptor and learner at once.
    Node,
    /// `c<i>`: a client of a replicated service (Multi-Paxos); it sends requests and reads
    /// replies, and plays no role in the protocol.
    Client,
}

impl NodeKind {
    /// The one-letter prefix of names of this kind.
    pub fn prefix(self) -> char {
        match self {
            NodeKind::Proposer => 'p',
            NodeKind::Acceptor => 'a',
            NodeKind::Learner => 'l',
            NodeKind::Node => 'n',
            NodeKind::Client => 'c',
        }
    }
}

/// The name of one agent: its kind and its 1-based index (`a2` is the second acceptor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct NodeId {
    /// Proposer, acceptor, learner or combined node.
    pub kind: NodeKind,
    /// 1-based position among the agents of its kind.
    pub index: u8,
}

/// One word: names are hashed in every state fingerprint the model checker takes.
impl Hash for NodeId {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u16(self.word());
    }
}

impl NodeId {
    /// The name as one number, kind and index together (for hashing).
    const fn word(&self) -> u16 {
        (self.kind as u16) << 8 | self.index as u16
    }

    /// A name from its parts; `index` starts at 1.
    pub const fn new(kind: NodeKind, index: u8) -> Self {
        NodeId { kind, index }
    }
    /// Proposer `p<index>`.
    pub const fn proposer(index: u8) -> Self {
        NodeId::new(NodeKind::Proposer, index)
    }
    /// Acceptor `a<index>`.
    pub const fn acceptor(index: u8) -> Self {
        NodeId::new(NodeKind::Acceptor, index)
    }
    /// Learner `l<index>`.
    pub const fn learner(index: u8) -> Self {
        NodeId::new(NodeKind::Learner, index)
    }
    /// Combined node `n<index>`.
    pub const fn node(index: u8) -> Self {
        NodeId::new(NodeKind::Node, index)
    }
    /// Client `c<index>`.
    pub const fn client(index: u8) -> Self {
        NodeId::new(NodeKind::Client, index)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.kind.prefix(), self.index)
    }
}

/// Why a name or ballot could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The text that was given.
    pub input: String,
    /// What was expected instead.
    pub expected: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not {}", self.input, self.expected)
    }
}

impl std::error::Error for ParseError {}

impl FromStr for NodeId {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseError {
            input: s.to_string(),
            expected: "a node name such as p1, a2, l1, n3 or c1",
        };
        let mut chars = s.chars();
        let kind = match chars.next() {
            Some('p') => NodeKind::Proposer,
            Some('a') => NodeKind::Acceptor,
            Some('l') => NodeKind::Learner,
            Some('n') => NodeKind::Node,
            Some('c') => NodeKind::Client,
            _ => return Err(err()),
        };
        let digits = chars.as_str();
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let index: u8 = digits.parse().map_err(|_| err())?;
        if index == 0 {
            return Err(err());
        }
        Ok(NodeId { kind, index })
    }
}

/// A proposal number: round first, then the proposer that owns it.
///
/// The derived order compares `round` and then `proposer`, which is exactly the total order
/// Paxos needs: distinct proposers never share a ballot, and any proposer can always pick a
/// ballot higher than one it has seen by taking a higher round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ballot {
    /// The attempt number, starting at 1; a proposer raises it on every retry.
    pub round: u32,
    /// The proposer that owns this ballot.
    pub proposer: NodeId,
}

/// One word, round and proposer together (see [`NodeId`]'s hash).
impl Hash for Ballot {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(u64::from(self.round) << 16 | u64::from(self.proposer.word()));
    }
}

impl Ballot {
    /// Ballot `round.proposer`.
    pub const fn new(round: u32, proposer: NodeId) -> Self {
        Ballot { round, proposer }
    }
}

impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.round, self.proposer)
    }
}

impl FromStr for Ballot {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseError {
            input: s.to_string(),
            expected: "a ballot such as 2.p1",
        };
        let (round, proposer) = s.split_once('.').ok_or_else(err)?;
        if round.is_empty() || round.len() > 9 || !round.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let round = round.parse().map_err(|_| err())?;
        let proposer = proposer.parse().map_err(|_| err())?;
        Ok(Ballot { round, proposer })
    }
}

/// Serde support: names and ballots travel as their printed form (`"a2"`, `"2.p1"`), which
/// keeps trace files readable by tools that know nothing of this crate.
#[cfg(feature = "serde")]
macro_rules! serde_as_string {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
#[cfg(feature = "serde")]
pub(crate) use serde_as_string;
#[cfg(feature = "serde")]
serde_as_string!(NodeId);
#[cfg(feature = "serde")]
serde_as_string!(Ballot);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_print_and_parse() {
        assert_eq!(NodeId::acceptor(2).to_string(), "a2");
        assert_eq!("n9".parse::<NodeId>().unwrap(), NodeId::node(9));
        assert_eq!("p12".parse::<NodeId>().unwrap(), NodeId::proposer(12));
        for bad in ["", "x1", "a", "a0", "a-1", "a1b", "a123", "A1"] {
            assert!(bad.parse::<NodeId>().is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn ballots_order_by_round_then_proposer() {
        let b = |r, p| Ballot::new(r, NodeId::proposer(p));
        assert!(b(1, 2) < b(2, 1));
        assert!(b(2, 1) < b(2, 2));
        assert_eq!(b(2, 1).to_string(), "2.p1");
        assert_eq!("2.p1".parse::<Ballot>().unwrap(), b(2, 1));
        for bad in ["2", ".p1", "2.", "x.p1", "2.q1", "99999999999.p1"] {
            assert!(bad.parse::<Ballot>().is_err(), "{bad} parsed");
        }
    }
}
