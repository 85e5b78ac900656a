//! What a cluster is made of, and how its network behaves.

use paxos_core::{Bugs, Layout, Membership, QuorumError, QuorumSets, Quorums};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A probability in parts per million, so that runs never depend on floating-point rounding.
/// Written as a decimal (`0.1`) in scripts and trace files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Prob(u32);

impl Prob {
    /// Certainty, in parts per million.
    pub const ONE: u32 = 1_000_000;
    /// Never.
    pub const ZERO: Prob = Prob(0);

    /// From parts per million; `None` above one million.
    pub fn from_ppm(ppm: u32) -> Option<Prob> {
        (ppm <= Prob::ONE).then_some(Prob(ppm))
    }

    /// Parts per million.
    pub fn ppm(self) -> u32 {
        self.0
    }

    /// From a number between 0 and 1, rounded to parts per million.
    pub fn from_f64(p: f64) -> Result<Prob, String> {
        if !p.is_finite() || !(0.0..=1.0).contains(&p) {
            return Err(format!("probability {p} must be between 0 and 1"));
        }
        Ok(Prob((p * Prob::ONE as f64).round() as u32))
    }

    /// As a number between 0 and 1.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / Prob::ONE as f64
    }
}

/// A decimal without exponent (`0.1`, `.25`, `+1`, `-0`) times `unit`, rounded at the digit
/// below one unit: `decimal_times("12.5", 10_000)` is `Some(125_000)`. Read digit by digit
/// rather than as a float, so that the page does not carry the float parser and its tables.
/// Returns the sign (true for `-`) and the magnitude; `None` when `s` is not such a decimal.
pub fn decimal_times(s: &str, unit: u32) -> Option<(bool, u64)> {
    let (negative, t) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
        return None;
    }
    let mut value: u64 = 0;
    for b in whole.bytes() {
        value = (value * 10 + u64::from(b - b'0')).min(u64::from(u32::MAX));
    }
    value = value.saturating_mul(u64::from(unit));
    // The fraction's digits down to one unit, and the next one rounds.
    let (mut part, mut scale, mut rest) = (0u64, u64::from(unit), frac.bytes());
    while scale > 1 {
        scale /= 10;
        part += scale * rest.next().map_or(0, |b| u64::from(b - b'0'));
    }
    if rest.next().is_some_and(|b| b >= b'5') {
        part += 1;
    }
    Some((negative, value.saturating_add(part)))
}

/// A decimal (`0.1`, `.25`, `1`), rounded to parts per million (see [`decimal_times`]).
impl std::str::FromStr for Prob {
    type Err = String;
    fn from_str(s: &str) -> Result<Prob, String> {
        let (negative, ppm) = decimal_times(s, Prob::ONE)
            .ok_or_else(|| format!("`{s}` is not a probability such as 0.1"))?;
        // `-0` is zero, as the float reader had it; anything else below it is out.
        if ppm > u64::from(Prob::ONE) || (negative && ppm > 0) {
            // As the float would print it: no trailing zeros after the point.
            let shown = match s.contains('.') {
                true => s.trim_end_matches('0').trim_end_matches('.'),
                false => s,
            };
            return Err(format!("probability {shown} must be between 0 and 1"));
        }
        Ok(Prob(ppm as u32))
    }
}

/// The shortest decimal: `0`, `0.1`, `0.000001`, `1` (what the float would print, without
/// the float printer).
impl fmt::Display for Prob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / Prob::ONE, self.0 % Prob::ONE);
        if frac == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{frac:06}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

impl Serialize for Prob {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Prob {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Prob, D::Error> {
        Prob::from_f64(f64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// How the simulated network treats messages when the scheduler (the `Step` action) picks.
/// Actions taken by hand (deliver, drop, duplicate) ignore these settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Network {
    /// Chance that a message the scheduler picks is lost instead of delivered.
    pub loss: Prob,
    /// Chance that a message the scheduler picks is duplicated (a copy joins the network).
    pub dup: Prob,
    /// Whether the scheduler picks among all messages in flight (true) or always the oldest.
    pub reorder: bool,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            loss: Prob::ZERO,
            dup: Prob::ZERO,
            reorder: true,
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "loss={} dup={} reorder={}",
            self.loss,
            self.dup,
            if self.reorder { "on" } else { "off" }
        )
    }
}

/// Phase sizes that override the default majority quorums.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QuorumSizes {
    /// Promises a proposer waits for.
    pub phase1: u8,
    /// Acceptances that choose a value.
    pub phase2: u8,
}

/// A cluster: who is in it, its quorums, its network and its timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Config {
    /// Separate agents, or combined nodes.
    pub layout: Layout,
    /// Proposers (separate layout, 1..=4).
    pub proposers: u8,
    /// Acceptors (1..=9), or the number of nodes when combined.
    pub acceptors: u8,
    /// Learners (separate layout, 0..=3).
    pub learners: u8,
    /// Quorum sizes; `None` is majorities, as in the paper.
    #[serde(default)]
    pub quorum: Option<QuorumSizes>,
    /// Quorums listed outright (a grid, or sets picked by hand), instead of sizes: at most one
    /// of `quorum` and `quorum_sets` is given. Left out of a trace when absent, so traces of
    /// clusters without it read and print as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum_sets: Option<QuorumSets>,
    /// Network behaviour under the scheduler.
    #[serde(default)]
    pub network: Network,
    /// Steps a proposer waits for a quorum before it retries with a higher ballot.
    pub timeout: u64,
    /// A pre-empted proposer waits a random 1..=backoff steps before retrying (0: retry at once).
    pub backoff: u64,
    /// Deliberately broken variants (all off by default).
    #[serde(default)]
    pub bugs: Bugs,
}

/// Why a config was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl From<QuorumError> for ConfigError {
    fn from(e: QuorumError) -> Self {
        ConfigError(e.0)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::separate(2, 3, 1)
    }
}

impl Config {
    /// The largest cluster the page can draw legibly.
    pub const MAX_ACCEPTORS: u8 = 9;
    /// Most proposers in the separate layout.
    pub const MAX_PROPOSERS: u8 = 4;
    /// Most learners in the separate layout.
    pub const MAX_LEARNERS: u8 = 3;
    /// Default retry timeout, in steps.
    pub const DEFAULT_TIMEOUT: u64 = 40;
    /// Default largest backoff, in steps.
    pub const DEFAULT_BACKOFF: u64 = 20;

    /// Separate agents with default network and timers.
    pub fn separate(proposers: u8, acceptors: u8, learners: u8) -> Config {
        Config {
            layout: Layout::Separate,
            proposers,
            acceptors,
            learners,
            quorum: None,
            quorum_sets: None,
            network: Network::default(),
            timeout: Config::DEFAULT_TIMEOUT,
            backoff: Config::DEFAULT_BACKOFF,
            bugs: Bugs::default(),
        }
    }

    /// `nodes` combined nodes with default network and timers.
    pub fn combined(nodes: u8) -> Config {
        Config {
            layout: Layout::Combined,
            proposers: nodes,
            learners: nodes,
            ..Config::separate(nodes, nodes, nodes)
        }
    }

    /// Checks every limit; the message says which field is wrong and why.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let range = |name: &str, v: u8, lo: u8, hi: u8| {
            if v < lo || v > hi {
                Err(ConfigError(format!(
                    "{name} must be between {lo} and {hi}, not {v}"
                )))
            } else {
                Ok(())
            }
        };
        match self.layout {
            Layout::Separate => {
                range("acceptors", self.acceptors, 1, Config::MAX_ACCEPTORS)?;
                range("proposers", self.proposers, 1, Config::MAX_PROPOSERS)?;
                range("learners", self.learners, 0, Config::MAX_LEARNERS)?;
            }
            Layout::Combined => {
                range("nodes", self.acceptors, 1, Config::MAX_ACCEPTORS)?;
                if self.proposers != self.acceptors || self.learners != self.acceptors {
                    return Err(ConfigError(
                        "a combined cluster has as many proposers and learners as nodes".into(),
                    ));
                }
            }
        }
        if self.timeout == 0 || self.timeout > 1_000_000 {
            return Err(ConfigError(format!(
                "timeout must be between 1 and 1000000 steps, not {}",
                self.timeout
            )));
        }
        if self.backoff > 1_000_000 {
            return Err(ConfigError(format!(
                "backoff must be at most 1000000 steps, not {}",
                self.backoff
            )));
        }
        self.quorums()?;
        Ok(())
    }

    /// The agents.
    pub fn members(&self) -> Membership {
        match self.layout {
            Layout::Separate => Membership::separate(self.proposers, self.acceptors, self.learners),
            Layout::Combined => Membership::combined(self.acceptors),
        }
    }

    /// The quorum rule.
    pub fn quorums(&self) -> Result<Quorums, QuorumError> {
        match (self.quorum, self.quorum_sets) {
            (None, None) => Ok(Quorums::majority(self.acceptors)),
            (Some(q), None) => Quorums::sizes(self.acceptors, q.phase1, q.phase2),
            (None, Some(s)) => Quorums::sets(self.acceptors, s),
            (Some(_), Some(_)) => Err(QuorumError(
                "give quorum sizes or quorum sets, not both".into(),
            )),
        }
    }

    /// True when quorums may miss each other or a broken variant is switched on: every
    /// display of such a run must say UNSAFE.
    pub fn is_unsafe(&self) -> bool {
        !self.bugs.none() || self.quorums().map(|q| !q.is_safe()).unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_read_and_print_as_the_float_would() {
        for ppm in (0..=Prob::ONE)
            .step_by(997)
            .chain([1, 10, 100_000, 250_000, 999_999, Prob::ONE])
        {
            let p = Prob(ppm);
            let text = p.to_string();
            assert_eq!(text, format!("{}", p.as_f64()), "{ppm}");
            assert_eq!(text.parse::<Prob>(), Ok(p), "{text}");
        }
        for (s, ppm) in [
            (".5", 500_000),
            ("1.0", 1_000_000),
            ("0.0000005", 1),
            ("0.00000049", 0),
            ("00.25", 250_000),
        ] {
            assert_eq!(s.parse::<Prob>(), Ok(Prob(ppm)), "{s}");
        }
        assert_eq!("-0.0".parse::<Prob>(), Ok(Prob(0)));
        assert_eq!("+0.5".parse::<Prob>(), Ok(Prob(500_000)));
        assert_eq!(
            "-0.1".parse::<Prob>(),
            Err("probability -0.1 must be between 0 and 1".into())
        );
        for s in ["", ".", "-", "0.1.2", "1e-3", "x", " 0.1", "NaN", "inf"] {
            assert_eq!(
                s.parse::<Prob>(),
                Err(format!("`{s}` is not a probability such as 0.1")),
                "{s:?}"
            );
        }
        assert_eq!(
            "2".parse::<Prob>(),
            Err("probability 2 must be between 0 and 1".into())
        );
        assert_eq!(
            "1.5".parse::<Prob>(),
            Err("probability 1.5 must be between 0 and 1".into())
        );
        assert!("99999999999".parse::<Prob>().is_err());
    }

    #[test]
    fn limits_are_enforced_with_clear_messages() {
        assert!(Config::default().validate().is_ok());
        assert!(Config::combined(5).validate().is_ok());
        let e = Config::separate(1, 10, 0).validate().unwrap_err();
        assert_eq!(e.0, "acceptors must be between 1 and 9, not 10");
        assert!(Config::separate(0, 3, 0).validate().is_err());
        assert!(Config::separate(5, 3, 0).validate().is_err());
        assert!(Config::separate(1, 3, 4).validate().is_err());
        assert!(Config::combined(0).validate().is_err());
        let mut c = Config {
            quorum: Some(QuorumSizes {
                phase1: 4,
                phase2: 1,
            }),
            ..Config::default()
        };
        assert!(c.validate().is_err());
        c.quorum = Some(QuorumSizes {
            phase1: 1,
            phase2: 1,
        });
        assert!(c.validate().is_ok());
        assert!(c.is_unsafe());
        assert!(!Config::default().is_unsafe());
    }

    #[test]
    fn probabilities_parse_exactly() {
        assert_eq!("0.1".parse::<Prob>().unwrap().ppm(), 100_000);
        assert_eq!("0.05".parse::<Prob>().unwrap().to_string(), "0.05");
        assert!("1.5".parse::<Prob>().is_err());
        assert!("-0".parse::<Prob>().unwrap().ppm() == 0);
        assert!("NaN".parse::<Prob>().is_err());
        assert!("x".parse::<Prob>().is_err());
    }
}
