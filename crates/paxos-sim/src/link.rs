//! Shareable links: a whole run in a URL fragment.
//!
//! A link holds everything needed to rebuild the exact state: the config, the seed, every
//! action, the step on screen, and optionally the scenario it came from and the lecture beat.
//! It is a compact binary encoding (LEB128 numbers, runs of `step` collapsed into one entry)
//! in unpadded base64url, behind a version prefix: `v1.<base64url>`. A 200-step run with hand
//! actions stays well under 2,000 characters.
//!
//! Decoding never panics and never runs long: the text is bounded before anything is decoded,
//! every number is range-checked, and the action count is capped, so a corrupted, truncated or
//! hostile fragment gets a clear [`LinkError`] instead.

use crate::action::Action;
use crate::config::{Config, Network, Prob, QuorumSizes};
use crate::kernel::{self, Protocol, ReplayFailure};
use crate::multi_paxos::{MultiAction, MultiConfig, MultiInput, MultiSim};
use crate::single_decree::{Propose, Sim};
use paxos_core::multi::Op;
use paxos_core::{Bugs, Layout, NodeId, NodeKind, QuorumSets, SetList, Value, MAX_QUORUM_SETS};
use std::fmt;

/// The version prefix of links this code writes.
pub const PREFIX: &str = "v1.";
/// Longest fragment accepted, in characters.
pub const MAX_LINK_CHARS: usize = 200_000;
/// Most actions a link may hold.
pub const MAX_LINK_ACTIONS: usize = 100_000;

/// What a link describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The cluster.
    pub config: Config,
    /// The scheduler's seed.
    pub seed: u64,
    /// Every action of the run.
    pub actions: Vec<crate::single_decree::Action>,
    /// The step on screen.
    pub step: usize,
    /// The built-in scenario the run came from, if any.
    pub scenario: Option<String>,
    /// The lecture beat on screen, if in lecture mode.
    pub beat: Option<usize>,
}

/// Why a link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Longer than [`MAX_LINK_CHARS`].
    TooLong(usize),
    /// Not a link of a version this code reads.
    Version(String),
    /// Not base64url.
    Encoding(usize),
    /// The bytes end too early, or a field is out of range.
    Malformed(String),
    /// The run does not replay.
    Replay(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::TooLong(n) => write!(f, "the link is {n} characters long; the limit is {MAX_LINK_CHARS}"),
            LinkError::Version(v) => write!(f, "this link is not one this page can open (it starts with `{v}`; expected `{PREFIX}`)"),
            LinkError::Encoding(at) => write!(f, "the link is damaged: character {} is not allowed", at + 1),
            LinkError::Malformed(why) => write!(f, "the link is damaged: {why}"),
            LinkError::Replay(why) => write!(f, "the link's run does not replay: {why}"),
        }
    }
}

impl std::error::Error for LinkError {}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn b64_decode(text: &str) -> Result<Vec<u8>, LinkError> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (i, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return Err(LinkError::Encoding(i)),
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

struct Writer(Vec<u8>);

impl Writer {
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }
    fn num(&mut self, mut n: u64) {
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    fn text(&mut self, s: &str) {
        self.num(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn node(&mut self, id: NodeId) {
        // Two bits of kind, six of index. Clients share kind 3 with combined nodes, above index
        // 32, which no node can have (at most 9): version-1 links stay as they were.
        let (kind, index) = match id.kind {
            NodeKind::Proposer => (0, id.index),
            NodeKind::Acceptor => (1, id.index),
            NodeKind::Learner => (2, id.index),
            NodeKind::Node => (3, id.index),
            NodeKind::Client => (3, 32 | id.index),
        };
        self.byte(kind << 6 | (index & 63));
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn bad(&self, what: &str) -> LinkError {
        LinkError::Malformed(format!("{what} at byte {}", self.at))
    }
    fn byte(&mut self, what: &str) -> Result<u8, LinkError> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| LinkError::Malformed(format!("it ends early, in {what}")))?;
        self.at += 1;
        Ok(b)
    }
    fn num(&mut self, what: &str) -> Result<u64, LinkError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte(what)?;
            n |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                if shift == 63 && b > 1 {
                    break;
                }
                return Ok(n);
            }
        }
        Err(self.bad(&format!("{what} is too large")))
    }
    fn small(&mut self, what: &str, max: u64) -> Result<u64, LinkError> {
        let n = self.num(what)?;
        if n > max {
            return Err(self.bad(&format!("{what} {n} is out of range")));
        }
        Ok(n)
    }
    fn prob(&mut self, what: &str) -> Result<Prob, LinkError> {
        let n = self.small(what, Prob::ONE as u64)?;
        Prob::from_ppm(n as u32).ok_or_else(|| self.bad(what))
    }
    fn text(&mut self, what: &str, max: usize) -> Result<String, LinkError> {
        let len = self.small(what, max as u64)? as usize;
        let end = self
            .at
            .checked_add(len)
            .filter(|e| *e <= self.bytes.len())
            .ok_or_else(|| LinkError::Malformed(format!("it ends early, in {what}")))?;
        let s = std::str::from_utf8(&self.bytes[self.at..end])
            .map_err(|_| self.bad(&format!("{what} is not text")))?;
        self.at = end;
        Ok(s.to_string())
    }
    fn value(&mut self, what: &str) -> Result<Value, LinkError> {
        let text = self.text(what, Value::MAX_LEN)?;
        Value::new(&text).map_err(|e| LinkError::Malformed(e.to_string()))
    }
    fn node(&mut self) -> Result<NodeId, LinkError> {
        let b = self.byte("a node name")?;
        let (kind, index) = match b >> 6 {
            0 => (NodeKind::Proposer, b & 63),
            1 => (NodeKind::Acceptor, b & 63),
            2 => (NodeKind::Learner, b & 63),
            _ if b & 32 != 0 => (NodeKind::Client, b & 31),
            _ => (NodeKind::Node, b & 63),
        };
        if index == 0 {
            return Err(self.bad("a node name"));
        }
        Ok(NodeId::new(kind, index))
    }
}

/// The text of a link after its `#` and `prefix`, as bytes, checking its length and version.
fn body(fragment: &str, prefix: &str) -> Result<Vec<u8>, LinkError> {
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
    if text.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(text.len()));
    }
    let Some(body) = text.strip_prefix(prefix) else {
        let shown: String = text.chars().take(12).collect();
        return Err(LinkError::Version(shown));
    };
    b64_decode(body).map_err(|e| match e {
        LinkError::Encoding(i) => LinkError::Encoding(i + prefix.len()),
        other => other,
    })
}

/// What every link holds after its config.
struct Run<I> {
    seed: u64,
    actions: Vec<Action<I>>,
    step: usize,
    scenario: Option<String>,
    beat: Option<usize>,
}

fn write_run<I: InputCodec>(
    w: &mut Writer,
    seed: u64,
    step: usize,
    scenario: Option<&str>,
    beat: Option<usize>,
    actions: &[Action<I>],
) {
    w.num(seed);
    w.num(step as u64);
    w.text(scenario.unwrap_or(""));
    w.num(beat.map_or(0, |b| b as u64 + 1));
    write_actions(actions, w);
}

/// Reads what [`write_run`] wrote, to the end of the link.
fn read_run<I: InputCodec>(r: &mut Reader<'_>) -> Result<Run<I>, LinkError> {
    let seed = r.num("the seed")?;
    let step = r.small("the step", MAX_LINK_ACTIONS as u64)? as usize;
    let scenario = Some(r.text("the scenario name", 64)?).filter(|s| !s.is_empty());
    let beat = match r.small("the beat", 100_000)? {
        0 => None,
        b => Some(b as usize - 1),
    };
    let actions = read_actions(r)?;
    if r.at != r.bytes.len() {
        return Err(r.bad("unexpected data"));
    }
    if step > actions.len() {
        return Err(LinkError::Malformed(format!(
            "step {step} is beyond the run's {} actions",
            actions.len()
        )));
    }
    Ok(Run {
        seed,
        actions,
        step,
        scenario,
        beat,
    })
}

/// Rebuilds a run from a link, with the cursor at its step.
fn replay<P: Protocol>(
    config: P::Config,
    seed: u64,
    actions: &[Action<P::Input>],
    step: usize,
) -> Result<kernel::Sim<P>, LinkError> {
    let mut sim = kernel::Sim::<P>::replay(config, seed, actions).map_err(|e| {
        LinkError::Replay(match e {
            ReplayFailure::Config(c) => c.0,
            ReplayFailure::Action(a) => a.to_string(),
        })
    })?;
    sim.goto(step);
    Ok(sim)
}

/// A protocol's client input in a link: its own tag byte and fields.
trait InputCodec: Sized {
    /// Writes the tag and the fields.
    fn write(&self, w: &mut Writer);
    /// Reads the fields of the input tagged `tag`, or `None` for a tag that is not this
    /// protocol's.
    fn read(tag: u8, r: &mut Reader<'_>) -> Result<Option<Self>, LinkError>;
}

impl InputCodec for Propose {
    fn write(&self, w: &mut Writer) {
        w.byte(PROPOSE);
        w.node(self.node);
        w.text(self.value.as_str());
    }
    fn read(tag: u8, r: &mut Reader<'_>) -> Result<Option<Propose>, LinkError> {
        if tag != PROPOSE {
            return Ok(None);
        }
        let node = r.node()?;
        let value = r.value("a value")?;
        Ok(Some(Propose { node, value }))
    }
}

impl InputCodec for MultiInput {
    fn write(&self, w: &mut Writer) {
        match self {
            MultiInput::Request { client, op, at } => {
                w.byte(REQUEST);
                w.node(*client);
                match op {
                    Op::Put { key, value } => {
                        w.byte(0);
                        w.text(key.as_str());
                        w.text(value.as_str());
                    }
                    Op::Get { key } => {
                        w.byte(1);
                        w.text(key.as_str());
                    }
                    Op::Cas { key, expect, new } => {
                        w.byte(2);
                        w.text(key.as_str());
                        w.text(expect.as_str());
                        w.text(new.as_str());
                    }
                }
                w.node(*at);
            }
            MultiInput::Elect { node } => {
                w.byte(ELECT);
                w.node(*node);
            }
        }
    }
    fn read(tag: u8, r: &mut Reader<'_>) -> Result<Option<MultiInput>, LinkError> {
        Ok(Some(match tag {
            REQUEST => {
                let client = r.node()?;
                let op = match r.byte("an operation")? {
                    0 => Op::Put {
                        key: r.value("a key")?,
                        value: r.value("a value")?,
                    },
                    1 => Op::Get {
                        key: r.value("a key")?,
                    },
                    2 => Op::Cas {
                        key: r.value("a key")?,
                        expect: r.value("a value")?,
                        new: r.value("a value")?,
                    },
                    _ => return Err(r.bad("an operation")),
                };
                let at = r.node()?;
                MultiInput::Request { client, op, at }
            }
            ELECT => MultiInput::Elect { node: r.node()? },
            _ => return Ok(None),
        }))
    }
}

/// The action count, then the actions; runs of steps count once.
fn write_actions<I: InputCodec>(actions: &[Action<I>], w: &mut Writer) {
    let mut entries = Writer(Vec::new());
    let mut count = 0u64;
    let mut i = 0;
    while i < actions.len() {
        count += 1;
        match &actions[i] {
            Action::Step => {
                let run = actions[i..]
                    .iter()
                    .take_while(|a| matches!(a, Action::Step))
                    .count();
                entries.byte(STEPS);
                entries.num(run as u64);
                i += run;
                continue;
            }
            Action::Deliver { id } => {
                entries.byte(DELIVER);
                entries.num(*id as u64);
            }
            Action::Drop { id } => {
                entries.byte(DROP);
                entries.num(*id as u64);
            }
            Action::Duplicate { id } => {
                entries.byte(DUPLICATE);
                entries.num(*id as u64);
            }
            Action::Crash { node } => {
                entries.byte(CRASH);
                entries.node(*node);
            }
            Action::Recover { node } => {
                entries.byte(RECOVER);
                entries.node(*node);
            }
            Action::Input(input) => input.write(&mut entries),
            Action::Timeout { node } => {
                entries.byte(TIMEOUT);
                entries.node(*node);
            }
            Action::Partition { groups } => {
                entries.byte(PARTITION);
                entries.num(groups.len() as u64);
                for g in groups {
                    entries.num(g.len() as u64);
                    for n in g {
                        entries.node(*n);
                    }
                }
            }
            Action::Heal => entries.byte(HEAL),
            Action::Network { network } => {
                entries.byte(NETWORK);
                entries.num(network.loss.ppm() as u64);
                entries.num(network.dup.ppm() as u64);
                entries.byte(network.reorder as u8);
            }
            Action::Reseed { seed } => {
                entries.byte(RESEED);
                entries.num(*seed);
            }
        }
        i += 1;
    }
    w.num(count);
    w.0.extend_from_slice(&entries.0);
}

/// Reads what [`write_actions`] wrote, checking every field.
fn read_actions<I: InputCodec>(r: &mut Reader<'_>) -> Result<Vec<Action<I>>, LinkError> {
    let count = r.small("the number of actions", MAX_LINK_ACTIONS as u64)?;
    let mut actions = Vec::new();
    for _ in 0..count {
        let tag = r.byte("an action")?;
        let id = |r: &mut Reader| r.small("a message id", u32::MAX as u64).map(|n| n as u32);
        let action = match tag {
            DELIVER => Action::Deliver { id: id(r)? },
            DROP => Action::Drop { id: id(r)? },
            DUPLICATE => Action::Duplicate { id: id(r)? },
            CRASH => Action::Crash { node: r.node()? },
            RECOVER => Action::Recover { node: r.node()? },
            TIMEOUT => Action::Timeout { node: r.node()? },
            PARTITION => {
                let n = r.small("the number of groups", 16)?;
                let mut groups = Vec::new();
                for _ in 0..n {
                    let k = r.small("a group's size", 16)?;
                    groups.push((0..k).map(|_| r.node()).collect::<Result<Vec<_>, _>>()?);
                }
                Action::Partition { groups }
            }
            HEAL => Action::Heal,
            STEPS => {
                let run = r.small("a run of steps", MAX_LINK_ACTIONS as u64)? as usize;
                if run == 0 || actions.len() + run > MAX_LINK_ACTIONS {
                    return Err(r.bad("a run of steps"));
                }
                actions.extend((1..run).map(|_| Action::Step));
                Action::Step
            }
            NETWORK => Action::Network {
                network: Network {
                    loss: r.prob("the loss")?,
                    dup: r.prob("the duplication")?,
                    reorder: r.byte("the reordering")? != 0,
                },
            },
            RESEED => Action::Reseed {
                seed: r.num("a seed")?,
            },
            _ => match I::read(tag, r)? {
                Some(input) => Action::Input(input),
                None => return Err(r.bad(&format!("unknown action {tag}"))),
            },
        };
        actions.push(action);
    }
    Ok(actions)
}

// Action tags. `STEPS` is a run of consecutive `step` actions; `PROPOSE` is single-decree
// Paxos's input, `REQUEST` and `ELECT` Multi-Paxos's.
const DELIVER: u8 = 0;
const DROP: u8 = 1;
const DUPLICATE: u8 = 2;
const CRASH: u8 = 3;
const RECOVER: u8 = 4;
const PROPOSE: u8 = 5;
const TIMEOUT: u8 = 6;
const PARTITION: u8 = 7;
const HEAL: u8 = 8;
const STEPS: u8 = 9;
const NETWORK: u8 = 10;
const RESEED: u8 = 11;
const REQUEST: u8 = 12;
const ELECT: u8 = 13;

impl Link {
    /// The link of a run, at its current step.
    pub fn of(sim: &Sim) -> Link {
        Link {
            config: *sim.config(),
            seed: sim.seed(),
            actions: sim.actions().to_vec(),
            step: sim.step(),
            scenario: None,
            beat: None,
        }
    }

    /// The fragment text, `v1.` and base64url.
    pub fn encode(&self) -> String {
        let mut w = Writer(Vec::new());
        let c = &self.config;
        w.byte(match c.layout {
            Layout::Separate => 0,
            Layout::Combined => 1,
        });
        w.byte(c.proposers);
        w.byte(c.acceptors);
        w.byte(c.learners);
        match (c.quorum, c.quorum_sets) {
            (Some(q), _) => {
                w.byte(1);
                w.byte(q.phase1);
                w.byte(q.phase2);
            }
            // Quorums listed outright: each phase's count, then its sets as numbers. Links
            // without them are byte for byte what they were before listed quorums existed.
            (None, Some(sets)) => {
                w.byte(2);
                for list in [sets.phase1, sets.phase2] {
                    w.byte(list.as_slice().len() as u8);
                    for &set in list.as_slice() {
                        w.num(set as u64);
                    }
                }
            }
            (None, None) => w.byte(0),
        }
        w.num(c.network.loss.ppm() as u64);
        w.num(c.network.dup.ppm() as u64);
        w.byte(c.network.reorder as u8);
        w.num(c.timeout);
        w.num(c.backoff);
        w.byte(c.bugs.bits());
        write_run(
            &mut w,
            self.seed,
            self.step,
            self.scenario.as_deref(),
            self.beat,
            &self.actions,
        );
        format!("{PREFIX}{}", b64_encode(&w.0))
    }

    /// Reads a fragment (with or without its leading `#`), checking every field. The run is
    /// not replayed: see [`Link::open`].
    pub fn decode(fragment: &str) -> Result<Link, LinkError> {
        let bytes = body(fragment, PREFIX)?;
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
        };
        let layout = match r.byte("the layout")? {
            0 => Layout::Separate,
            1 => Layout::Combined,
            _ => return Err(r.bad("the layout")),
        };
        let proposers = r.byte("the proposers")?;
        let acceptors = r.byte("the acceptors")?;
        let learners = r.byte("the learners")?;
        let (quorum, quorum_sets) = match r.byte("the quorum")? {
            0 => (None, None),
            1 => (
                Some(QuorumSizes {
                    phase1: r.byte("the quorum")?,
                    phase2: r.byte("the quorum")?,
                }),
                None,
            ),
            2 => {
                let mut list = || -> Result<SetList, LinkError> {
                    let n = r.byte("the quorum sets")? as usize;
                    if n > MAX_QUORUM_SETS {
                        return Err(r.bad("the quorum sets"));
                    }
                    let mut sets = Vec::with_capacity(n);
                    for _ in 0..n {
                        sets.push(r.small("a quorum set", u16::MAX as u64)? as u16);
                    }
                    SetList::new(&sets).map_err(|_| r.bad("the quorum sets"))
                };
                let phase1 = list()?;
                let phase2 = list()?;
                (None, Some(QuorumSets { phase1, phase2 }))
            }
            _ => return Err(r.bad("the quorum")),
        };
        let network = Network {
            loss: r.prob("the loss")?,
            dup: r.prob("the duplication")?,
            reorder: r.byte("the reordering")? != 0,
        };
        let timeout = r.small("the timeout", 1_000_000)?;
        let backoff = r.small("the backoff", 1_000_000)?;
        let bug_bits = r.byte("the bugs")?;
        let bugs = Bugs::from_bits(bug_bits).ok_or_else(|| r.bad("the bugs"))?;
        let config = Config {
            layout,
            proposers,
            acceptors,
            learners,
            quorum,
            quorum_sets,
            network,
            timeout,
            backoff,
            bugs,
        };
        config
            .validate()
            .map_err(|e| LinkError::Malformed(format!("its cluster is invalid: {e}")))?;
        let Run {
            seed,
            actions,
            step,
            scenario,
            beat,
        } = read_run(&mut r)?;
        Ok(Link {
            config,
            seed,
            actions,
            step,
            scenario,
            beat,
        })
    }

    /// Rebuilds the run, with the cursor at the link's step.
    pub fn open(&self) -> Result<Sim, LinkError> {
        replay(self.config, self.seed, &self.actions, self.step)
    }
}

/// The version prefix of links that name their protocol (every protocol but single-decree
/// Paxos, whose links stay `v1.`, so that links shared before Multi-Paxos keep opening and
/// new ones read the same).
pub const PREFIX_V2: &str = "v2.";
/// The protocol byte of a `v2.` link: Multi-Paxos on combined replicas.
const MULTI_PAXOS: u8 = 1;
/// The protocol byte of Multi-Paxos with standalone acceptors, whose number follows the
/// clients' (a separate value, so that every link written before it reads as it did).
const MULTI_PAXOS_SEPARATE: u8 = 2;

/// A Multi-Paxos run in a link: `v2.`, then base64url of the protocol byte, the config, and
/// the same fields as a `v1.` link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultiLink {
    /// The cluster.
    pub config: MultiConfig,
    /// The scheduler's seed.
    pub seed: u64,
    /// Every action of the run.
    pub actions: Vec<MultiAction>,
    /// The step on screen.
    pub step: usize,
    /// The built-in scenario the run came from, if any.
    pub scenario: Option<String>,
    /// The lecture beat on screen, if in lecture mode.
    pub beat: Option<usize>,
}

impl MultiLink {
    /// The link of a run, at its current step.
    pub fn of(sim: &MultiSim) -> MultiLink {
        MultiLink {
            config: *sim.config(),
            seed: sim.seed(),
            actions: sim.actions().to_vec(),
            step: sim.step(),
            scenario: None,
            beat: None,
        }
    }

    /// The fragment text, `v2.` and base64url.
    pub fn encode(&self) -> String {
        let mut w = Writer(Vec::new());
        let c = &self.config;
        w.byte(if c.acceptors == 0 {
            MULTI_PAXOS
        } else {
            MULTI_PAXOS_SEPARATE
        });
        w.byte(c.replicas);
        w.byte(c.clients);
        if c.acceptors > 0 {
            w.byte(c.acceptors);
        }
        w.num(c.network.loss.ppm() as u64);
        w.num(c.network.dup.ppm() as u64);
        w.byte(c.network.reorder as u8);
        w.num(c.timeout);
        w.num(c.client_timeout);
        w.byte(
            c.bugs.ignore_reports as u8
                | (c.bugs.skip_recovery as u8) << 1
                | (c.bugs.local_reads as u8) << 2,
        );
        write_run(
            &mut w,
            self.seed,
            self.step,
            self.scenario.as_deref(),
            self.beat,
            &self.actions,
        );
        format!("{PREFIX_V2}{}", b64_encode(&w.0))
    }

    /// Reads a `v2.` Multi-Paxos fragment, checking every field. The run is not replayed.
    pub fn decode(fragment: &str) -> Result<MultiLink, LinkError> {
        let bytes = body(fragment, PREFIX_V2)?;
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
        };
        let separate = match r.byte("the protocol")? {
            MULTI_PAXOS => false,
            MULTI_PAXOS_SEPARATE => true,
            other => return Err(r.bad(&format!("protocol {other} is not one this page knows"))),
        };
        let replicas = r.byte("the replicas")?;
        let clients = r.byte("the clients")?;
        let acceptors = match separate {
            true => match r.byte("the acceptors")? {
                0 => return Err(r.bad("the acceptors (a separate-roles cluster has at least one)")),
                k => k,
            },
            false => 0,
        };
        let network = Network {
            loss: r.prob("the loss")?,
            dup: r.prob("the duplication")?,
            reorder: r.byte("the reordering")? != 0,
        };
        let timeout = r.small("the timeout", 1_000_000)?;
        let client_timeout = r.small("the client timeout", 1_000_000)?;
        let bits = r.byte("the bugs")?;
        if bits > 7 {
            return Err(r.bad("the bugs"));
        }
        let config = MultiConfig {
            replicas,
            clients,
            acceptors,
            network,
            timeout,
            client_timeout,
            bugs: paxos_core::multi::replica::MultiBugs {
                ignore_reports: bits & 1 != 0,
                skip_recovery: bits & 2 != 0,
                local_reads: bits & 4 != 0,
            },
        };
        config
            .validate()
            .map_err(|e| LinkError::Malformed(format!("its cluster is invalid: {e}")))?;
        let Run {
            seed,
            actions,
            step,
            scenario,
            beat,
        } = read_run(&mut r)?;
        Ok(MultiLink {
            config,
            seed,
            actions,
            step,
            scenario,
            beat,
        })
    }

    /// Rebuilds the run, with the cursor at the link's step.
    pub fn open(&self) -> Result<MultiSim, LinkError> {
        replay(self.config, self.seed, &self.actions, self.step)
    }
}

/// A run of either protocol, opened from a link of either version.
pub enum AnyLink {
    /// A `v1.` single-decree link.
    Single(Link),
    /// A `v2.` Multi-Paxos link.
    Multi(MultiLink),
}

impl AnyLink {
    /// Reads a fragment of any version this code knows.
    pub fn decode(fragment: &str) -> Result<AnyLink, LinkError> {
        let text = fragment.strip_prefix('#').unwrap_or(fragment);
        if text.starts_with(PREFIX_V2) {
            MultiLink::decode(text).map(AnyLink::Multi)
        } else {
            Link::decode(text).map(AnyLink::Single)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for n in 0..40 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(b64_decode(&b64_encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(b64_encode(b"Man"), "TWFu");
        assert_eq!(b64_encode(b"Ma"), "TWE");
        assert_eq!(b64_decode("TWFu!"), Err(LinkError::Encoding(4)));
    }
}
