//! Renaming acceptors, for symmetry reduction in model checkers.
//!
//! With quorums chosen by size, acceptors `a1..an` of the separate layout are interchangeable:
//! swap the names of `a1` and `a2` everywhere (their states, the bits that stand for them in a
//! proposer's or learner's tallies, the names on messages) and the result behaves exactly like
//! the original, with the names swapped. A checker may then explore one state of each class of
//! renamed states. [`AcceptorRenaming`] is one such renaming; the `hash_renamed` methods of
//! [`crate::Agent`] and [`crate::Message`] feed a state into a hasher as if renamed, without
//! building the renamed copy.

use crate::ids::{NodeId, NodeKind};

/// A permutation of acceptors: acceptor number `i` (from 0) is called `to[i]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AcceptorRenaming {
    to: [u8; 16],
    n: u8,
}

impl AcceptorRenaming {
    /// The renaming that sends acceptor `i` to `perm[i]`; `None` unless `perm` is a
    /// permutation of `0..perm.len()` (at most 16 acceptors).
    pub fn new(perm: &[u8]) -> Option<AcceptorRenaming> {
        if perm.len() > 16 {
            return None;
        }
        let mut seen = 0u32;
        let mut to = [0u8; 16];
        for (i, &p) in perm.iter().enumerate() {
            if p as usize >= perm.len() || seen & (1 << p) != 0 {
                return None;
            }
            seen |= 1 << p;
            to[i] = p;
        }
        Some(AcceptorRenaming {
            to,
            n: perm.len() as u8,
        })
    }

    /// The renaming that changes no name.
    pub fn identity() -> AcceptorRenaming {
        AcceptorRenaming { to: [0; 16], n: 0 }
    }

    /// Not a renaming but a forgetting: every acceptor becomes `a1`, every set of acceptors
    /// `{a1}`. What it hashes to is the same under every renaming, which the explorer uses to
    /// describe an acceptor's situation without the names of the others.
    pub fn anonymous() -> AcceptorRenaming {
        AcceptorRenaming { to: [0; 16], n: 16 }
    }

    /// Every renaming of `n` acceptors (n! of them, the identity first).
    pub fn all(n: u8) -> Vec<AcceptorRenaming> {
        fn permute(prefix: &mut Vec<u8>, n: u8, out: &mut Vec<AcceptorRenaming>) {
            if prefix.len() == n as usize {
                out.extend(AcceptorRenaming::new(prefix));
                return;
            }
            for i in 0..n {
                if !prefix.contains(&i) {
                    prefix.push(i);
                    permute(prefix, n, out);
                    prefix.pop();
                }
            }
        }
        let mut out = Vec::new();
        permute(&mut Vec::new(), n, &mut out);
        out
    }

    /// The new name of acceptor number `i` (from 0).
    pub fn index(&self, i: u8) -> u8 {
        if i < self.n {
            self.to[i as usize]
        } else {
            i
        }
    }

    /// A node's new name: acceptors `a<i>` are renamed, every other node keeps its name.
    pub fn id(&self, id: NodeId) -> NodeId {
        match id.kind {
            NodeKind::Acceptor if id.index >= 1 => NodeId::acceptor(self.index(id.index - 1) + 1),
            _ => id,
        }
    }

    /// A set of acceptors as bits (bit i: acceptor i), renamed.
    pub fn bits(&self, bits: u16) -> u16 {
        // Only the set bits: this runs for every renaming of every state the explorer hashes.
        let (mut rest, mut out) = (bits, 0u16);
        while rest != 0 {
            let i = rest.trailing_zeros() as u8;
            out |= 1 << self.index(i);
            rest &= rest - 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renaming_moves_names_and_bits_and_nothing_else() {
        assert_eq!(AcceptorRenaming::all(3).len(), 6);
        assert_eq!(AcceptorRenaming::new(&[0, 0]), None);
        assert_eq!(AcceptorRenaming::new(&[0, 2]), None);
        let swap = AcceptorRenaming::new(&[1, 0, 2]).unwrap();
        assert_eq!(swap.id(NodeId::acceptor(1)), NodeId::acceptor(2));
        assert_eq!(swap.id(NodeId::acceptor(3)), NodeId::acceptor(3));
        assert_eq!(swap.id(NodeId::proposer(1)), NodeId::proposer(1));
        assert_eq!(swap.bits(0b001), 0b010);
        assert_eq!(swap.bits(0b101), 0b110);
        let identity = AcceptorRenaming::all(3)[0];
        assert_eq!(identity.bits(0b110), 0b110);
        let none = AcceptorRenaming::identity();
        assert_eq!(none.bits(0b1011), 0b1011);
        assert_eq!(none.id(NodeId::acceptor(4)), NodeId::acceptor(4));
    }
}
