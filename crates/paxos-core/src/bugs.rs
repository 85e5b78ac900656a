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

    /// Every switch, in the order of [`Bugs::ALL`]: the one table that ties a bug's name, its
    /// bit and its field together.
    fn switches(&mut self) -> [&mut bool; 6] {
        let Bugs {
            forget_promise_on_crash,
            ignore_promised_values,
            accept_below_promise,
            reuse_ballot_after_crash,
            count_across_ballots,
            lying_acceptor,
        } = self;
        [
            forget_promise_on_crash,
            ignore_promised_values,
            accept_below_promise,
            reuse_ballot_after_crash,
            count_across_ballots,
            lying_acceptor,
        ]
    }

    /// Script names of the bugs switched on, in the order of [`Bugs::ALL`].
    pub fn names(&self) -> Vec<&'static str> {
        let mut copy = *self;
        Bugs::ALL
            .into_iter()
            .zip(copy.switches())
            .filter_map(|(name, on)| on.then_some(name))
            .collect()
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
        let mut copy = *self;
        copy.switches()
            .into_iter()
            .enumerate()
            .map(|(i, on)| u8::from(*on) << i)
            .sum()
    }

    /// The bugs from [`Bugs::bits`]; `None` when a bit names no bug.
    pub fn from_bits(bits: u8) -> Option<Bugs> {
        if bits >> Bugs::ALL.len() != 0 {
            return None;
        }
        let mut bugs = Bugs::default();
        for (i, on) in bugs.switches().into_iter().enumerate() {
            *on = bits & (1 << i) != 0;
        }
        Some(bugs)
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
        let Some(i) = Bugs::ALL.iter().position(|n| *n == name) else {
            return false;
        };
        if let Some(on) = self.switches().into_iter().nth(i) {
            *on = true;
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
        // Each name reaches its own field.
        let on = |name| {
            let mut b = Bugs::default();
            b.enable(name);
            b
        };
        assert!(on("forget-promise").forget_promise_on_crash);
        assert!(on("ignore-promises").ignore_promised_values);
        assert!(on("accept-below-promise").accept_below_promise);
        assert!(on("reuse-ballot").reuse_ballot_after_crash);
        assert!(on("count-across-ballots").count_across_ballots);
        assert!(on("lying-acceptor").lying_acceptor);
        assert_eq!(Bugs::from_bits(1 << Bugs::ALL.len()), None);
        assert_eq!(Bugs::from_bits(0), Some(Bugs::default()));
    }
}
