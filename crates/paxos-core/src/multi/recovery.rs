//! What a new leader proposes in the slots its predecessors may have used.
//!
//! A leader with a quorum of promises for ballot `b` from slot `first` on must, in every slot
//! at or after `first`, re-propose the command of the highest-numbered proposal any promise
//! reports there: that is the single-decree rule, slot by slot, and it is what keeps a command
//! that may have been chosen in its slot. Slots below the highest reported one that no promise
//! mentions are gaps: nothing can have been chosen there at a ballot below `b` (a quorum has
//! promised `b` and accepted nothing there), so the leader fills them with a no-op rather than
//! leave a hole that would stop every replica from applying the slots after it. Slots above
//! the highest reported one are free for new commands.

use super::{Command, Slot, SlotVote};
use crate::ids::{Ballot, NodeId};

/// Why a recovered slot gets the command it gets (the page shows this for each slot).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "source", rename_all = "lowercase"))]
pub enum Source {
    /// The highest-numbered proposal reported for the slot, by this acceptor, at this ballot.
    Adopted {
        /// The acceptor whose promise reported it (the lowest-numbered of equal reports).
        from: NodeId,
        /// The ballot it was accepted at.
        ballot: Ballot,
    },
    /// No promise reported anything in the slot: a gap, filled with a no-op.
    Gap,
}

/// One slot a new leader re-proposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Recovered {
    /// The slot.
    pub slot: Slot,
    /// The command to propose in it.
    pub command: Command,
    /// Why that command.
    pub source: Source,
}

/// The slots from `first` up to the highest reported one, each with the command a leader must
/// propose there, given the proposals its promises reported (`(acceptor, its reports)`).
/// Reports below `first` are ignored (the leader knows those slots are chosen).
pub fn recover<'a>(
    first: Slot,
    promises: impl IntoIterator<Item = (NodeId, &'a [SlotVote])>,
) -> Vec<Recovered> {
    let mut best: Vec<Option<(Ballot, NodeId, Command)>> = Vec::new();
    for (from, votes) in promises {
        for v in votes.iter().filter(|v| v.slot >= first) {
            let i = (v.slot - first) as usize;
            if best.len() <= i {
                best.resize(i + 1, None);
            }
            let better = match best[i] {
                None => true,
                Some((b, f, _)) => v.ballot > b || (v.ballot == b && from < f),
            };
            if better {
                best[i] = Some((v.ballot, from, v.command));
            }
        }
    }
    best.into_iter()
        .enumerate()
        .map(|(i, b)| {
            let slot = first + i as Slot;
            match b {
                Some((ballot, from, command)) => Recovered {
                    slot,
                    command,
                    source: Source::Adopted { from, ballot },
                },
                None => Recovered {
                    slot,
                    command: Command::Noop,
                    source: Source::Gap,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multi::{Op, Request};
    use crate::value::Value;

    fn b(r: u32, n: u8) -> Ballot {
        Ballot::new(r, NodeId::node(n))
    }
    fn get(id: u32) -> Command {
        Command::Client(Request {
            client: NodeId::client(1),
            id,
            op: Op::Get {
                key: Value::new("x").unwrap(),
            },
        })
    }
    fn vote(slot: Slot, ballot: Ballot, command: Command) -> SlotVote {
        SlotVote {
            slot,
            ballot,
            command,
        }
    }

    #[test]
    fn the_highest_report_wins_each_slot_and_gaps_become_noops() {
        let n = NodeId::node;
        let from_n2 = [vote(2, b(1, 1), get(1)), vote(4, b(1, 1), get(3))];
        let from_n3 = [vote(2, b(2, 3), get(2)), vote(1, b(1, 1), get(9))];
        let r = recover(2, [(n(2), &from_n2[..]), (n(3), &from_n3[..])]);
        let shown: Vec<String> = r
            .iter()
            .map(|r| match r.source {
                Source::Adopted { from, ballot } => {
                    format!("{}: {} from {from}@{ballot}", r.slot, r.command)
                }
                Source::Gap => format!("{}: {} (gap)", r.slot, r.command),
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                // 2.n3 beats 1.n1 in slot 2, though n2 reported first.
                "2: c1#2 get x from n3@2.n3",
                // Nobody reported slot 3, below the highest reported slot 4: a no-op.
                "3: noop (gap)",
                "4: c1#3 get x from n2@1.n1",
            ]
        );
        // Slot 1 is below `first`: the leader knows it is chosen, and ignores the report.
        assert!(r.iter().all(|r| r.slot >= 2));
    }

    #[test]
    fn nothing_reported_means_nothing_to_recover() {
        assert_eq!(recover(5, [(NodeId::node(1), &[][..])]), vec![]);
        // Equal reports (the same proposal at two acceptors) name the lowest acceptor.
        let v = [vote(1, b(1, 1), get(1))];
        let r = recover(1, [(NodeId::node(3), &v[..]), (NodeId::node(2), &v[..])]);
        assert_eq!(
            r[0].source,
            Source::Adopted {
                from: NodeId::node(2),
                ballot: b(1, 1)
            }
        );
    }
}
