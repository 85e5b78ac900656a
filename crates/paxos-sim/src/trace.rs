//! Trace JSON: a whole run in one file, for export, import and outside checkers.
//!
//! The format is documented in `docs/trace-format.md`. Besides what is needed to replay the run
//! (config, seed, actions), a trace lists every event with full message contents, so a tool
//! that knows nothing of this code can check the run against the rules of the paper. Import
//! replays the actions and, when events are present, insists they match what the replay
//! produces, so a trace cannot claim a run that did not happen.

//!
//! One format for every protocol ([`TraceOf`]): a Multi-Paxos trace names its protocol in a
//! `protocol` field (`"multi-paxos"`); a trace without one is single-decree Paxos, which is
//! how every trace written before Multi-Paxos reads, and how single-decree traces are still
//! written, byte for byte as before.

use crate::action::{Action, InputTags};
use crate::event::Event;
use crate::invariants::Violation;
use crate::kernel::{self, NetEvent, Protocol, ReplayFailure};
use crate::multi_paxos::{MultiEvent, MultiPaxos, MultiSim, MultiViolation};
use crate::single_decree::{Sim, SingleDecree};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A protocol whose runs can be written as traces.
pub trait Traced:
    Protocol<
    Config: Serialize + DeserializeOwned,
    Input: Serialize + DeserializeOwned + InputTags,
    Event: Serialize + DeserializeOwned + fmt::Display + PartialEq,
    Violation: Serialize + DeserializeOwned,
>
{
    /// The `protocol` field's value; `None` for single-decree Paxos, whose traces have none.
    const NAME: Option<&'static str>;
    /// The violation an event reports, if it is a violation event.
    fn violation(e: &Self::Event) -> Option<&Self::Violation>;
}

impl Traced for SingleDecree {
    const NAME: Option<&'static str> = None;
    fn violation(e: &Event) -> Option<&Violation> {
        match e {
            Event::Violation { violation } => Some(violation),
            _ => None,
        }
    }
}

impl Traced for MultiPaxos {
    const NAME: Option<&'static str> = Some("multi-paxos");
    fn violation(e: &MultiEvent) -> Option<&MultiViolation> {
        match e {
            MultiEvent::Net(NetEvent::Violation { violation }) => Some(violation),
            _ => None,
        }
    }
}

/// The trace format version this code writes and reads.
pub const TRACE_VERSION: u32 = 1;

/// Largest trace accepted on import, in bytes.
pub const MAX_TRACE_BYTES: usize = 64 << 20;

/// An event with the step of the action that caused it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceEvent<E = Event> {
    /// The step (1-based) of the action that caused it.
    pub step: u64,
    /// What happened.
    #[serde(flatten)]
    pub event: E,
}

/// A whole run of protocol `P`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(serialize = "", deserialize = ""))]
pub struct TraceOf<P: Traced> {
    /// Always [`TRACE_VERSION`].
    pub version: u32,
    /// The protocol, for every protocol but single-decree Paxos (`"multi-paxos"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// The cluster.
    pub config: P::Config,
    /// The scheduler's seed.
    pub seed: u64,
    /// Every action, in order, as given (including `step`).
    pub actions: Vec<Action<P::Input>>,
    /// Every event, in order. Optional on import; checked against the replay when present.
    #[serde(default)]
    pub events: Vec<TraceEvent<P::Event>>,
    /// Every invariant violation, in order. Optional on import.
    #[serde(default)]
    pub violations: Vec<P::Violation>,
}

/// A single-decree trace.
pub type Trace = TraceOf<SingleDecree>;
/// A Multi-Paxos trace.
pub type MultiTrace = TraceOf<MultiPaxos>;

/// Why a trace could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceError {
    /// The file is larger than [`MAX_TRACE_BYTES`].
    TooLarge(usize),
    /// Not JSON, or not of the trace's shape.
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde said.
        message: String,
    },
    /// A version this code does not read.
    Version(u32),
    /// The trace is of another protocol than the one asked for, or of one this code does not
    /// know: what the file says (`None`: single-decree).
    Protocol(Option<String>),
    /// The run does not replay.
    Replay(ReplayFailure),
    /// The replay's events differ from the file's.
    EventMismatch {
        /// 0-based index of the first differing event.
        index: usize,
        /// What the file says.
        in_file: String,
        /// What the replay produced.
        replayed: String,
    },
    /// The replay's violations differ from the file's.
    ViolationMismatch,
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceError::TooLarge(n) => write!(
                f,
                "trace is {n} bytes; the limit is {MAX_TRACE_BYTES} bytes"
            ),
            TraceError::Json {
                line,
                column,
                message,
            } => write!(f, "trace JSON, line {line} column {column}: {message}"),
            TraceError::Version(v) => write!(
                f,
                "trace version {v} is not supported (this version reads {TRACE_VERSION})"
            ),
            TraceError::Protocol(p) => write!(
                f,
                "this trace is a run of `{}`, which is not the protocol expected here",
                p.as_deref().unwrap_or("single-decree")
            ),
            TraceError::Replay(e) => write!(f, "trace does not replay: {e}"),
            TraceError::EventMismatch {
                index,
                in_file,
                replayed,
            } => write!(
                f,
                "trace does not replay: event {} is `{in_file}` in the file but `{replayed}` in the replay",
                index + 1
            ),
            TraceError::ViolationMismatch => {
                f.write_str("trace does not replay: its violations differ from the replay's")
            }
        }
    }
}

impl std::error::Error for TraceError {}

/// A JSON error with its place; serde_json appends the place to its message, which is
/// reported separately here.
fn json_error(e: serde_json::Error) -> TraceError {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    TraceError::Json {
        line: e.line(),
        column: e.column(),
        message: message
            .strip_suffix(&suffix)
            .unwrap_or(&message)
            .to_string(),
    }
}

/// Reads the version first, so that a future format gets a version error, not a shape error;
/// returns the trace's protocol (`None`: single-decree).
pub fn check_version(text: &str) -> Result<Option<String>, TraceError> {
    if text.len() > MAX_TRACE_BYTES {
        return Err(TraceError::TooLarge(text.len()));
    }
    #[derive(Deserialize)]
    struct Versioned {
        version: Option<u32>,
        protocol: Option<String>,
    }
    let v: Versioned = serde_json::from_str(text).map_err(json_error)?;
    match v.version {
        Some(TRACE_VERSION) => Ok(v.protocol),
        Some(other) => Err(TraceError::Version(other)),
        None => Err(TraceError::Json {
            line: 1,
            column: 1,
            message: "missing field `version`".into(),
        }),
    }
}

/// Checks that the trace is of protocol `P`.
fn check_protocol<P: Traced>(text: &str) -> Result<(), TraceError> {
    let protocol = check_version(text)?;
    if protocol.as_deref() == P::NAME {
        Ok(())
    } else {
        Err(TraceError::Protocol(protocol))
    }
}

/// Fields that events gained after traces of this version were first written. A file that
/// lacks one is compared without it, so that traces exported earlier still open.
const ADDED_LATER: [(&str, &str); 2] = [("refused", "accepted"), ("already_promised", "accepted")];

/// `replayed` without the fields of [`ADDED_LATER`] that the file's event `in_file` lacks.
fn added_later(
    in_file: Option<&serde_json::Value>,
    mut replayed: serde_json::Value,
) -> serde_json::Value {
    let (Some(serde_json::Value::Object(file)), serde_json::Value::Object(mine)) =
        (in_file, &mut replayed)
    else {
        return replayed;
    };
    let kind = mine
        .get("event")
        .and_then(|k| k.as_str())
        .unwrap_or("")
        .to_string();
    for (event, field) in ADDED_LATER {
        if kind == event && !file.contains_key(field) {
            mine.remove(field);
        }
    }
    replayed
}

impl<P: Traced> TraceOf<P> {
    /// Records a whole run (every action, also those after the sim's cursor).
    pub fn record(sim: &kernel::Sim<P>) -> TraceOf<P> {
        let events = sim
            .events_between(0, sim.len())
            .into_iter()
            .map(|(step, event)| TraceEvent { step, event })
            .collect::<Vec<_>>();
        let violations = events
            .iter()
            .filter_map(|e| P::violation(&e.event).cloned())
            .collect();
        TraceOf {
            version: TRACE_VERSION,
            protocol: P::NAME.map(String::from),
            config: sim.config().clone(),
            seed: sim.seed(),
            actions: sim.actions().to_vec(),
            events,
            violations,
        }
    }

    /// The trace as pretty-printed JSON. The same run always gives the same bytes.
    pub fn to_json(&self) -> String {
        // Serialising plain data into a String cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a trace into typed values, without replaying it (for tools that inspect traces;
    /// [`Trace::import`] is what opens one as a run).
    pub fn from_json(text: &str) -> Result<TraceOf<P>, TraceError> {
        check_protocol::<P>(text)?;
        serde_json::from_str(text).map_err(json_error)
    }

    /// Reads and replays a trace, checking the file's events and violations (when it lists
    /// any) against the replay's. The file's events are compared as plain JSON, so importing
    /// needs no decoder for every event type: that keeps the web page's bundle small.
    pub fn import(text: &str) -> Result<kernel::Sim<P>, TraceError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        #[serde(bound(deserialize = "C: DeserializeOwned, I: DeserializeOwned + InputTags"))]
        struct TraceFile<C, I> {
            #[allow(dead_code)]
            version: u32,
            #[allow(dead_code)]
            #[serde(default)]
            protocol: Option<String>,
            config: C,
            seed: u64,
            actions: Vec<Action<I>>,
            #[serde(default)]
            events: Vec<serde_json::Value>,
            #[serde(default)]
            violations: Vec<serde_json::Value>,
        }
        check_protocol::<P>(text)?;
        let file: TraceFile<P::Config, P::Input> =
            serde_json::from_str(text).map_err(json_error)?;
        let sim = kernel::Sim::<P>::replay(file.config, file.seed, &file.actions)
            .map_err(TraceError::Replay)?;
        if !file.events.is_empty() {
            let replayed = TraceOf::<P>::record(&sim);
            let as_json = |e: &TraceEvent<P::Event>| serde_json::to_value(e).unwrap_or_default();
            let n = file.events.len().max(replayed.events.len());
            for index in 0..n {
                let (a, b) = (file.events.get(index), replayed.events.get(index));
                let b_json = b.map(as_json).map(|b| added_later(a, b));
                if a != b_json.as_ref() {
                    return Err(TraceError::EventMismatch {
                        index,
                        in_file: a.map(|v| v.to_string()).unwrap_or_else(|| "nothing".into()),
                        replayed: b
                            .map(|e| format!("step {}: {}", e.step, e.event))
                            .unwrap_or_else(|| "nothing".into()),
                    });
                }
            }
            if !file.violations.is_empty() {
                let mine: Vec<serde_json::Value> = replayed
                    .violations
                    .iter()
                    .map(|v| serde_json::to_value(v).unwrap_or_default())
                    .collect();
                if mine != file.violations {
                    return Err(TraceError::ViolationMismatch);
                }
            }
        }
        Ok(sim)
    }
}

/// A run of either protocol, as a trace opened without knowing which.
pub enum AnyRun {
    /// Single-decree Paxos.
    Single(Sim),
    /// Multi-Paxos.
    Multi(MultiSim),
}

/// Opens a trace of any protocol this code knows, by its `protocol` field.
pub fn import_any(text: &str) -> Result<AnyRun, TraceError> {
    match check_version(text)?.as_deref() {
        None => Trace::import(text).map(AnyRun::Single),
        Some("multi-paxos") => MultiTrace::import(text).map(AnyRun::Multi),
        Some(other) => Err(TraceError::Protocol(Some(other.to_string()))),
    }
}
