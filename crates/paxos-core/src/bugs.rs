//! Deliberately broken variants of the protocol, for demonstrations and for proving that the
//! checkers can fail. Each one breaks a rule Paxos depends on; a run with any of them switched
//! on is labelled UNSAFE wherever it is shown.

use std::fmt;

/// Switches for known-wrong behaviour. All off is Paxos as the paper states it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct Bugs {
    /// An acceptor keeps its promise only in memory: after a crash it has forgotten which
    /// ballot it promised, and may accept a lower one. (Its accepted proposal survives.)
    pub forget_promise_on_crash: bool,
    /// A proposer ignores the accepted proposals reported in promises and always proposes its
    /// own value, so it can overwrite a value that was already chosen.
    pub ignore_promised_values: bool,
    /// An acceptor accepts every Accept, even one below the ballot it promised: the accept
    /// rule is gone, so a value can be chosen behind a newer proposer's back.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_false"))]
    pub accept_below_promise: bool,
    /// A proposer keeps its round counter only in memory: after a crash it starts again from
    /// round 1 and reuses a ballot it used before, so stale answers to the old incarnation
    /// count for the new one.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_false"))]
    pub reuse_ballot_after_crash: bool,
    /// A learner adds up Accepted messages for the same value across different ballots, as if
    /// votes in different ballots made a quorum.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_false"))]
    pub count_across_ballots: bool,
    /// Not a bug but a broken assumption: acceptor a1 (n1 when combined) is Byzantine and lies
    /// in its Promise, reporting that it accepted nothing when it did.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_false"))]
    pub lying_acceptor: bool,
}

/// The bugs added after traces were first written are left out of a trace when off, so that
/// traces of correct runs read as they always have.
#[cfg(feature = "serde")]
fn is_false(b: &bool) -> bool {
    !*b
}

impl Bugs {
    /// True when no bug is switched on.
    pub fn none(&self) -> bool {
        *self == Bugs::default()
    }

    /// Script names of the bugs switched on: `forget-promise`, `ignore-promises`.
    pub fn names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.forget_promise_on_crash {
            v.push(Bugs::FORGET_PROMISE);
        }
        if self.ignore_promised_values {
            v.push(Bugs::IGNORE_PROMISES);
        }
        if self.accept_below_promise {
            v.push(Bugs::ACCEPT_BELOW_PROMISE);
        }
        if self.reuse_ballot_after_crash {
            v.push(Bugs::REUSE_BALLOT);
        }
        if self.count_across_ballots {
            v.push(Bugs::COUNT_ACROSS_BALLOTS);
        }
        if self.lying_acceptor {
            v.push(Bugs::LYING_ACCEPTOR);
        }
        v
    }

    /// Every bug's script name, in the order [`Bugs::names`] lists them.
    pub const ALL: [&'static str; 6] = [
        Bugs::FORGET_PROMISE,
        Bugs::IGNORE_PROMISES,
        Bugs::ACCEPT_BELOW_PROMISE,
        Bugs::REUSE_BALLOT,
        Bugs::COUNT_ACROSS_BALLOTS,
        Bugs::LYING_ACCEPTOR,
    ];

    /// The bugs as bits, in the order of [`Bugs::ALL`] (for compact links).
    pub fn bits(&self) -> u8 {
        [
            self.forget_promise_on_crash,
            self.ignore_promised_values,
            self.accept_below_promise,
            self.reuse_ballot_after_crash,
            self.count_across_ballots,
            self.lying_acceptor,
        ]
        .iter()
        .enumerate()
        .map(|(i, &on)| (on as u8) << i)
        .sum()
    }

    /// The bugs from [`Bugs::bits`]; `None` when a bit names no bug.
    pub fn from_bits(bits: u8) -> Option<Bugs> {
        if bits >> Bugs::ALL.len() != 0 {
            return None;
        }
        let on = |i: usize| bits & (1 << i) != 0;
        Some(Bugs {
            forget_promise_on_crash: on(0),
            ignore_promised_values: on(1),
            accept_below_promise: on(2),
            reuse_ballot_after_crash: on(3),
            count_across_ballots: on(4),
            lying_acceptor: on(5),
        })
    }

    /// Script name of [`Bugs::forget_promise_on_crash`].
    pub const FORGET_PROMISE: &'static str = "forget-promise";
    /// Script name of [`Bugs::ignore_promised_values`].
    pub const IGNORE_PROMISES: &'static str = "ignore-promises";
    /// Script name of [`Bugs::accept_below_promise`].
    pub const ACCEPT_BELOW_PROMISE: &'static str = "accept-below-promise";
    /// Script name of [`Bugs::reuse_ballot_after_crash`].
    pub const REUSE_BALLOT: &'static str = "reuse-ballot";
    /// Script name of [`Bugs::count_across_ballots`].
    pub const COUNT_ACROSS_BALLOTS: &'static str = "count-across-ballots";
    /// Script name of [`Bugs::lying_acceptor`].
    pub const LYING_ACCEPTOR: &'static str = "lying-acceptor";

    /// Switches on the bug with script name `name`; false when there is no such bug.
    pub fn enable(&mut self, name: &str) -> bool {
        match name {
            Bugs::FORGET_PROMISE => self.forget_promise_on_crash = true,
            Bugs::IGNORE_PROMISES => self.ignore_promised_values = true,
            Bugs::ACCEPT_BELOW_PROMISE => self.accept_below_promise = true,
            Bugs::REUSE_BALLOT => self.reuse_ballot_after_crash = true,
            Bugs::COUNT_ACROSS_BALLOTS => self.count_across_ballots = true,
            Bugs::LYING_ACCEPTOR => self.lying_acceptor = true,
            _ => return false,
        }
        true
    }
}

impl fmt::Display for Bugs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.none() {
            f.write_str("none")
        } else {
            write!(f, "UNSAFE {}", self.names().join(","))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bug_has_a_name_and_a_bit_that_round_trip() {
        for (i, name) in Bugs::ALL.iter().enumerate() {
            let mut b = Bugs::default();
            assert!(b.enable(name), "{name}");
            assert_eq!(b.names(), [*name]);
            assert_eq!(b.bits(), 1 << i);
            assert_eq!(Bugs::from_bits(b.bits()), Some(b));
        }
        assert!(!Bugs::default().enable("no-such-bug"));
        assert_eq!(Bugs::from_bits(1 << Bugs::ALL.len()), None);
        assert_eq!(Bugs::from_bits(0), Some(Bugs::default()));
    }
}
