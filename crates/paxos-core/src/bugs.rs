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
        v
    }

    /// Script name of [`Bugs::forget_promise_on_crash`].
    pub const FORGET_PROMISE: &'static str = "forget-promise";
    /// Script name of [`Bugs::ignore_promised_values`].
    pub const IGNORE_PROMISES: &'static str = "ignore-promises";

    /// Switches on the bug with script name `name`; false when there is no such bug.
    pub fn enable(&mut self, name: &str) -> bool {
        match name {
            Bugs::FORGET_PROMISE => self.forget_promise_on_crash = true,
            Bugs::IGNORE_PROMISES => self.ignore_promised_values = true,
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
