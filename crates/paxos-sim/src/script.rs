//! Scenario scripts: the one text format for golden tests, lecture scripts and page presets.
//!
//! In the style of etcd's raft interaction tests, a script is a list of blocks: a command line,
//! a `----` line, then the expected output, one compact line per event, ended by a blank line.
//! Lines starting with `#` between blocks are comments. Running a script compares each
//! command's output with its block; with `REWRITE=1` the test suite rewrites the outputs
//! instead, and the change is reviewed as a diff. The expected output may be left out (no
//! `----`), as the page's script editor does.
//!
//! Commands, each with an example:
//!
//! | command | example | what it does |
//! |---|---|---|
//! | `cluster` | `cluster acceptors=3 proposers=2 learners=1 seed=7` | builds the cluster; must come first. Also `cluster nodes=3 layout=combined`. Options: `seed=N`, `loss=P`, `dup=P`, `reorder=on\|off`, `timeout=N`, `backoff=N`, `quorum=N` or `quorum=P1,P2` (unsafe sizes are labelled), `bug=forget-promise,ignore-promises` |
//! | `propose` | `propose p1 A` | a client asks proposer p1 to propose value A |
//! | `deliver` | `deliver 3 5`, `deliver all`, `deliver to=a2`, `deliver from=p1 to=a1 kind=Prepare` | delivers the selected messages in flight, oldest first |
//! | `drop` | `drop 4`, `drop all`, `drop to=a3` | loses the selected messages |
//! | `duplicate` | `duplicate from=p1` | adds a copy of each selected message |
//! | `crash` | `crash a2` | crashes a node |
//! | `recover` | `recover a2` | restarts a crashed node from its durable state |
//! | `timeout` | `timeout p2` | fires proposer p2's timer: it retries with a higher ballot |
//! | `partition` | `partition p1,a1 \| a2,a3,p2` | cuts the network into groups (unlisted nodes form one more group) |
//! | `heal` | `heal` | removes the partition |
//! | `step` | `step 5` | lets the seeded scheduler take 5 steps (1 if no number) |
//! | `run` | `run steps=200 loss=0.1 dup=0.05 seed=7` | changes the network (and seed) if given, then takes up to 200 scheduler steps, printing a summary: counts, then the timeouts, pre-emptions, choices and learnings it saw |
//! | `network` | `network loss=0.1 dup=0 reorder=off` | changes how the scheduler treats messages |
//! | `reseed` | `reseed 7` | restarts the scheduler's random stream |
//! | `stabilize` | `stabilize` | delivers the oldest message until none is in flight |
//! | `status` | `status` | prints every node's state and the chosen value |
//! | `say` | `say "p1 now has a quorum"` | narration, printed as is (captions in lecture mode); starts a lecture beat |
//! | `ask` | `ask "Which value will p2 propose?"` | a question for the audience, printed as is; starts a "predict" beat that pauses before its actions |
//!
//! Message selectors combine: `deliver from=p1 to=a1` delivers the messages from p1 to a1.
//! Selections are taken when the command starts: messages sent while it runs are not included.

use crate::action::{Action, MsgId};
use crate::config::{Config, Network, Prob, QuorumSizes};
use crate::event::Event;
use crate::history::Sim;
use crate::world::ActionError;
use paxos_core::{Layout, Membership, NodeId, Value};
use std::fmt;

/// A problem in a script, with its place (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// Every problem found in a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseErrors(pub Vec<ParseError>);

impl fmt::Display for ParseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseErrors {}

/// Which messages a `deliver`, `drop` or `duplicate` applies to.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Selector {
    /// Explicit ids (`deliver 3 5`).
    pub ids: Vec<MsgId>,
    /// `all`.
    pub all: bool,
    /// `from=p1`.
    pub from: Option<NodeId>,
    /// `to=a2`.
    pub to: Option<NodeId>,
    /// `kind=Promise`.
    pub kind: Option<&'static str>,
}

/// One parsed command.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `cluster ...`
    Cluster {
        /// The cluster.
        config: Config,
        /// The scheduler seed.
        seed: u64,
    },
    /// `propose p1 A`
    Propose(NodeId, Value),
    /// `deliver ...`
    Deliver(Selector),
    /// `drop ...`
    Drop(Selector),
    /// `duplicate ...`
    Duplicate(Selector),
    /// `crash a2`
    Crash(NodeId),
    /// `recover a2`
    Recover(NodeId),
    /// `timeout p2`
    Timeout(NodeId),
    /// `partition p1,a1 | a2,a3`
    Partition(Vec<Vec<NodeId>>),
    /// `heal`
    Heal,
    /// `step [n]`
    Step(u32),
    /// `run steps=N [loss=P] [dup=P] [reorder=on|off] [seed=N]`
    Run {
        /// Most scheduler steps to take.
        steps: u32,
        /// Network changes, if any.
        network: NetworkChange,
        /// New seed, if any.
        seed: Option<u64>,
    },
    /// `network [loss=P] [dup=P] [reorder=on|off]`
    Network(NetworkChange),
    /// `reseed N`
    Reseed(u64),
    /// `stabilize`
    Stabilize,
    /// `status`
    Status,
    /// `say "..."`
    Say(String),
    /// `ask "..."`
    Ask(String),
}

/// Changes to the network settings; fields left `None` keep their value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct NetworkChange {
    /// New loss probability.
    pub loss: Option<Prob>,
    /// New duplication probability.
    pub dup: Option<Prob>,
    /// New reordering switch.
    pub reorder: Option<bool>,
}

impl NetworkChange {
    fn is_empty(&self) -> bool {
        *self == NetworkChange::default()
    }
    fn apply(&self, mut n: Network) -> Network {
        n.loss = self.loss.unwrap_or(n.loss);
        n.dup = self.dup.unwrap_or(n.dup);
        n.reorder = self.reorder.unwrap_or(n.reorder);
        n
    }
}

/// A command with its place and, in golden files, its expected output.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// 1-based line of the command.
    pub line: usize,
    /// The command line as written.
    pub text: String,
    /// The parsed command.
    pub command: Command,
    /// The expected output lines, if the script records them.
    pub expected: Option<Vec<String>>,
}

/// A piece of a script: a command block, or lines kept as they are (comments, blank lines).
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A comment or blank line.
    Text(String),
    /// A command.
    Block(Block),
}

/// A parsed script.
#[derive(Clone, Debug, PartialEq)]
pub struct Script {
    /// Its pieces, in order.
    pub items: Vec<Item>,
}

/// Longest script accepted, in bytes.
pub const MAX_SCRIPT_BYTES: usize = 1 << 20;
/// Most steps one `step` or `run` command may ask for.
pub const MAX_STEPS: u32 = 1_000_000;

struct Token<'a> {
    text: &'a str,
    column: usize,
}

fn tokens(line: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Token {
                    text: &line[s..i],
                    column: line[..s].chars().count() + 1,
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(Token {
            text: &line[s..],
            column: line[..s].chars().count() + 1,
        });
    }
    out
}

struct LineParser<'a> {
    line: usize,
    toks: Vec<Token<'a>>,
    members: Option<Membership>,
}

type PResult<T> = Result<T, ParseError>;

impl<'a> LineParser<'a> {
    fn err(&self, column: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            line: self.line,
            column,
            message: message.into(),
        }
    }

    fn node(&self, text: &str, column: usize) -> PResult<NodeId> {
        let id: NodeId = text.parse().map_err(|e| self.err(column, format!("{e}")))?;
        if let Some(m) = &self.members {
            if !m.contains(id) {
                return Err(self.err(column, format!("there is no node {id} in this cluster")));
            }
        }
        Ok(id)
    }

    fn proposer(&self, text: &str, column: usize) -> PResult<NodeId> {
        let id = self.node(text, column)?;
        if let Some(m) = &self.members {
            if !m.roles(id).proposer {
                return Err(self.err(column, format!("{id} is not a proposer")));
            }
        }
        Ok(id)
    }

    fn number<T: std::str::FromStr>(&self, text: &str, column: usize, what: &str) -> PResult<T> {
        text.parse()
            .map_err(|_| self.err(column, format!("`{text}` is not {what}")))
    }

    /// Exactly `n` arguments after the command word.
    fn args(&self, n: usize, usage: &str) -> PResult<&[Token<'a>]> {
        let args = &self.toks[1..];
        if args.len() != n {
            let column = args.get(n).map(|t| t.column).unwrap_or(self.toks[0].column);
            return Err(self.err(column, format!("usage: {usage}")));
        }
        Ok(args)
    }

    fn key_values(&self) -> PResult<Vec<(&'a str, &'a str, usize)>> {
        self.toks[1..]
            .iter()
            .map(|t| match t.text.split_once('=') {
                Some((k, v)) if !k.is_empty() => Ok((k, v, t.column)),
                _ => Err(self.err(t.column, format!("expected key=value, found `{}`", t.text))),
            })
            .collect()
    }

    fn on_off(&self, v: &str, column: usize) -> PResult<bool> {
        match v {
            "on" | "true" | "yes" => Ok(true),
            "off" | "false" | "no" => Ok(false),
            _ => Err(self.err(column, format!("`{v}` is not on or off"))),
        }
    }

    fn prob(&self, v: &str, column: usize) -> PResult<Prob> {
        v.parse().map_err(|e: String| self.err(column, e))
    }

    fn network_key(&self, change: &mut NetworkChange, k: &str, v: &str, c: usize) -> PResult<bool> {
        match k {
            "loss" => change.loss = Some(self.prob(v, c)?),
            "dup" => change.dup = Some(self.prob(v, c)?),
            "reorder" => change.reorder = Some(self.on_off(v, c)?),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn selector(&self) -> PResult<Selector> {
        let mut s = Selector::default();
        let args = &self.toks[1..];
        if args.is_empty() {
            return Err(self.err(
                self.toks[0].column,
                format!(
                    "usage: {} <ids> | all | from=<node> to=<node> kind=<message>",
                    self.toks[0].text
                ),
            ));
        }
        for t in args {
            if t.text == "all" {
                s.all = true;
            } else if let Some((k, v)) = t.text.split_once('=') {
                let c = t.column + k.len() + 1;
                match k {
                    "from" => s.from = Some(self.node(v, c)?),
                    "to" => s.to = Some(self.node(v, c)?),
                    "kind" => {
                        s.kind = Some(
                            ["Prepare", "Promise", "Accept", "Accepted", "Nack"]
                                .into_iter()
                                .find(|k| k.eq_ignore_ascii_case(v))
                                .ok_or_else(|| {
                                    self.err(
                                        c,
                                        format!(
                                        "`{v}` is not Prepare, Promise, Accept, Accepted or Nack"
                                    ),
                                    )
                                })?,
                        )
                    }
                    _ => {
                        return Err(self.err(
                            t.column,
                            format!("unknown selector `{k}`; use from=, to= or kind="),
                        ))
                    }
                }
            } else {
                let id: MsgId =
                    self.number(t.text.trim_start_matches('#'), t.column, "a message id")?;
                s.ids.push(id);
            }
        }
        if s.all && (!s.ids.is_empty() || s.from.is_some() || s.to.is_some() || s.kind.is_some()) {
            return Err(self.err(
                args[0].column,
                "`all` cannot be combined with other selectors",
            ));
        }
        if !s.ids.is_empty() && (s.from.is_some() || s.to.is_some() || s.kind.is_some()) {
            return Err(self.err(
                args[0].column,
                "message ids cannot be combined with from=, to= or kind=",
            ));
        }
        Ok(s)
    }

    fn cluster(&self) -> PResult<Command> {
        let mut config = Config::default();
        let mut seed = 0u64;
        let mut nodes: Option<u8> = None;
        let mut layout: Option<Layout> = None;
        let mut net = NetworkChange::default();
        let mut quorum: Option<(QuorumSizes, usize)> = None;
        for (k, v, c) in self.key_values()? {
            let vc = c + k.len() + 1;
            match k {
                "acceptors" => config.acceptors = self.number(v, vc, "a number of acceptors")?,
                "proposers" => config.proposers = self.number(v, vc, "a number of proposers")?,
                "learners" => config.learners = self.number(v, vc, "a number of learners")?,
                "nodes" => nodes = Some(self.number(v, vc, "a number of nodes")?),
                "seed" => seed = self.number(v, vc, "a seed (a whole number)")?,
                "timeout" => config.timeout = self.number(v, vc, "a number of steps")?,
                "backoff" => config.backoff = self.number(v, vc, "a number of steps")?,
                "layout" => {
                    layout = Some(match v {
                        "separate" => Layout::Separate,
                        "combined" => Layout::Combined,
                        _ => return Err(self.err(vc, format!("`{v}` is not separate or combined"))),
                    })
                }
                "quorum" => {
                    let (p1, p2) = v.split_once(',').unwrap_or((v, v));
                    quorum = Some((
                        QuorumSizes {
                            phase1: self.number(p1, vc, "a quorum size")?,
                            phase2: self.number(p2, vc, "a quorum size")?,
                        },
                        vc,
                    ));
                }
                "bug" => {
                    for name in v.split(',') {
                        if !config.bugs.enable(name) {
                            return Err(self.err(
                                vc,
                                format!(
                                    "unknown bug `{name}`; known: forget-promise, ignore-promises"
                                ),
                            ));
                        }
                    }
                }
                _ => {
                    if !self.network_key(&mut net, k, v, vc)? {
                        return Err(self.err(c, format!("unknown cluster option `{k}`")));
                    }
                }
            }
        }
        if nodes.is_some() || layout == Some(Layout::Combined) {
            if layout == Some(Layout::Separate) {
                return Err(self.err(self.toks[0].column, "nodes= goes with layout=combined"));
            }
            let n = nodes.unwrap_or(config.acceptors);
            config = Config {
                layout: Layout::Combined,
                proposers: n,
                acceptors: n,
                learners: n,
                ..config
            };
        }
        config.network = net.apply(config.network);
        if let Some((q, c)) = quorum {
            config.quorum = Some(q);
            config.validate().map_err(|e| self.err(c, e.0))?;
        }
        config
            .validate()
            .map_err(|e| self.err(self.toks[0].column, e.0))?;
        Ok(Command::Cluster { config, seed })
    }

    fn command(&self, raw: &str) -> PResult<Command> {
        let word = &self.toks[0];
        let needs_cluster = !matches!(word.text, "cluster" | "say" | "ask");
        if needs_cluster && self.members.is_none() {
            return Err(self.err(
                word.column,
                "no cluster yet: start the script with a `cluster` line",
            ));
        }
        Ok(match word.text {
            "cluster" => {
                if self.members.is_some() {
                    return Err(self.err(word.column, "a script has only one `cluster` line"));
                }
                self.cluster()?
            }
            "propose" => {
                let a = self.args(2, "propose <proposer> <value>")?;
                let node = self.proposer(a[0].text, a[0].column)?;
                let value =
                    Value::new(a[1].text).map_err(|e| self.err(a[1].column, e.to_string()))?;
                Command::Propose(node, value)
            }
            "deliver" => Command::Deliver(self.selector()?),
            "drop" => Command::Drop(self.selector()?),
            "duplicate" => Command::Duplicate(self.selector()?),
            "crash" | "recover" => {
                let a = self.args(1, &format!("{} <node>", word.text))?;
                let node = self.node(a[0].text, a[0].column)?;
                if word.text == "crash" {
                    Command::Crash(node)
                } else {
                    Command::Recover(node)
                }
            }
            "timeout" => {
                let a = self.args(1, "timeout <proposer>")?;
                Command::Timeout(self.proposer(a[0].text, a[0].column)?)
            }
            "partition" => {
                if self.toks.len() < 2 {
                    return Err(self.err(word.column, "usage: partition p1,a1 | a2,a3"));
                }
                let start = self.toks[1].column;
                let rest: String = raw.chars().skip(start - 1).collect();
                let mut groups = Vec::new();
                let mut col = start;
                for part in rest.split('|') {
                    let mut group = Vec::new();
                    let mut c = col;
                    for name in part.split(',') {
                        let lead = name.len() - name.trim_start().len();
                        let name_t = name.trim();
                        if name_t.is_empty() {
                            return Err(self.err(c, "empty name in partition group"));
                        }
                        group.push(self.node(name_t, c + lead)?);
                        c += name.chars().count() + 1;
                    }
                    groups.push(group);
                    col += part.chars().count() + 1;
                }
                if groups.len() < 2 && groups.iter().map(|g| g.len()).sum::<usize>() == 0 {
                    return Err(self.err(start, "a partition needs at least one group"));
                }
                Command::Partition(groups)
            }
            "heal" => {
                self.args(0, "heal")?;
                Command::Heal
            }
            "step" => {
                let n = match self.toks.len() {
                    1 => 1,
                    2 => self.count(&self.toks[1])?,
                    _ => return Err(self.err(self.toks[2].column, "usage: step [n]")),
                };
                Command::Step(n)
            }
            "run" => {
                let mut steps = None;
                let mut network = NetworkChange::default();
                let mut seed = None;
                for (k, v, c) in self.key_values()? {
                    let vc = c + k.len() + 1;
                    match k {
                        "steps" => {
                            steps = Some(self.count(&Token {
                                text: v,
                                column: vc,
                            })?)
                        }
                        "seed" => seed = Some(self.number(v, vc, "a seed (a whole number)")?),
                        _ => {
                            if !self.network_key(&mut network, k, v, vc)? {
                                return Err(self.err(c, format!("unknown run option `{k}`")));
                            }
                        }
                    }
                }
                let steps = steps.ok_or_else(|| {
                    self.err(
                        word.column,
                        "usage: run steps=N [loss=P] [dup=P] [reorder=on|off] [seed=N]",
                    )
                })?;
                Command::Run {
                    steps,
                    network,
                    seed,
                }
            }
            "network" => {
                let mut change = NetworkChange::default();
                for (k, v, c) in self.key_values()? {
                    if !self.network_key(&mut change, k, v, c + k.len() + 1)? {
                        return Err(self.err(
                            c,
                            format!("unknown network option `{k}`; use loss=, dup=, reorder="),
                        ));
                    }
                }
                if change.is_empty() {
                    return Err(self.err(
                        word.column,
                        "usage: network [loss=P] [dup=P] [reorder=on|off]",
                    ));
                }
                Command::Network(change)
            }
            "reseed" => {
                let a = self.args(1, "reseed <seed>")?;
                Command::Reseed(self.number(a[0].text, a[0].column, "a seed (a whole number)")?)
            }
            "stabilize" => {
                self.args(0, "stabilize")?;
                Command::Stabilize
            }
            "status" => {
                self.args(0, "status")?;
                Command::Status
            }
            "say" => Command::Say(self.quoted(raw)?),
            "ask" => Command::Ask(self.quoted(raw)?),
            other => {
                return Err(self.err(
                    word.column,
                    format!(
                        "unknown command `{other}`; see the list in docs or the scenarios/ folder"
                    ),
                ))
            }
        })
    }

    fn count(&self, t: &Token<'_>) -> PResult<u32> {
        let n: u32 = self.number(t.text, t.column, "a number of steps")?;
        if n > MAX_STEPS {
            return Err(self.err(t.column, format!("at most {MAX_STEPS} steps at a time")));
        }
        Ok(n)
    }

    /// The `"..."` argument of `say`, with `\"` and `\\` escapes.
    fn quoted(&self, raw: &str) -> PResult<String> {
        let start_col = self.toks.get(1).map(|t| t.column).ok_or_else(|| {
            self.err(
                self.toks[0].column,
                format!("usage: {} \"text\"", self.toks[0].text),
            )
        })?;
        let rest: Vec<char> = raw.chars().skip(start_col - 1).collect();
        if rest.first() != Some(&'"') {
            return Err(self.err(
                start_col,
                format!(
                    "the text of `{}` must be in double quotes",
                    self.toks[0].text
                ),
            ));
        }
        let mut text = String::new();
        let mut i = 1;
        while i < rest.len() {
            match rest[i] {
                '\\' if i + 1 < rest.len() => {
                    text.push(rest[i + 1]);
                    i += 2;
                }
                '"' => {
                    if rest[i + 1..].iter().any(|c| !c.is_whitespace()) {
                        return Err(
                            self.err(start_col + i + 1, "unexpected text after the closing quote")
                        );
                    }
                    return Ok(text);
                }
                c => {
                    text.push(c);
                    i += 1;
                }
            }
        }
        Err(self.err(start_col, "the quote is not closed"))
    }
}

/// Reads partition groups written as in the `partition` command, `p1,a1 | a2,a3`, checking
/// the names against `members`. Columns in errors count from the start of `text`.
pub fn parse_partition(text: &str, members: &Membership) -> Result<Vec<Vec<NodeId>>, ParseError> {
    const PREFIX: &str = "partition ";
    let line = format!("{PREFIX}{text}");
    let parser = LineParser {
        line: 1,
        toks: tokens(&line),
        members: Some(*members),
    };
    let shift = |mut e: ParseError| {
        e.column = e.column.saturating_sub(PREFIX.len()).max(1);
        e
    };
    match parser.command(&line).map_err(shift)? {
        Command::Partition(groups) => Ok(groups),
        _ => Err(ParseError {
            line: 1,
            column: 1,
            message: "expected groups such as p1,a1 | a2,a3".into(),
        }),
    }
}

impl Script {
    /// Parses a script. Every error is reported, each with its line and column; node names are
    /// checked against the script's cluster.
    pub fn parse(text: &str) -> Result<Script, ParseErrors> {
        if text.len() > MAX_SCRIPT_BYTES {
            return Err(ParseErrors(vec![ParseError {
                line: 1,
                column: 1,
                message: format!(
                    "script is {} bytes; the limit is {MAX_SCRIPT_BYTES}",
                    text.len()
                ),
            }]));
        }
        let lines: Vec<&str> = text.lines().collect();
        let mut items = Vec::new();
        let mut errors = Vec::new();
        let mut members: Option<Membership> = None;
        let mut i = 0;
        while i < lines.len() {
            let raw = lines[i];
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                items.push(Item::Text(raw.to_string()));
                i += 1;
                continue;
            }
            if trimmed == "----" {
                errors.push(ParseError {
                    line: i + 1,
                    column: 1,
                    message: "`----` without a command above it".into(),
                });
                i += 1;
                continue;
            }
            let parser = LineParser {
                line: i + 1,
                toks: tokens(raw),
                members,
            };
            let command = parser.command(raw);
            let line = i + 1;
            i += 1;
            let mut expected = None;
            if i < lines.len() && lines[i].trim() == "----" {
                let mut out = Vec::new();
                i += 1;
                while i < lines.len() && !lines[i].trim().is_empty() {
                    out.push(lines[i].to_string());
                    i += 1;
                }
                expected = Some(out);
            }
            match command {
                Ok(command) => {
                    if let Command::Cluster { config, .. } = &command {
                        members = Some(config.members());
                    }
                    items.push(Item::Block(Block {
                        line,
                        text: raw.trim_end().to_string(),
                        command,
                        expected,
                    }));
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(Script { items })
        } else {
            Err(ParseErrors(errors))
        }
    }

    /// The command blocks, in order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.items.iter().filter_map(|i| match i {
            Item::Block(b) => Some(b),
            Item::Text(_) => None,
        })
    }

    /// The script with each block's expected output replaced by `outputs` (one per block, in
    /// order), comments and blank lines kept: the `REWRITE=1` form of golden files.
    pub fn rewrite(&self, outputs: &[Vec<String>]) -> String {
        let mut s = String::new();
        let mut k = 0;
        let n = self.items.len();
        for (idx, item) in self.items.iter().enumerate() {
            match item {
                Item::Text(t) => {
                    s.push_str(t);
                    s.push('\n');
                }
                Item::Block(b) => {
                    s.push_str(&b.text);
                    s.push_str("\n----\n");
                    for line in outputs.get(k).into_iter().flatten() {
                        s.push_str(line);
                        s.push('\n');
                    }
                    k += 1;
                    // A blank line ends the output; keep exactly one.
                    let next_blank = matches!(self.items.get(idx + 1), Some(Item::Text(t)) if t.trim().is_empty());
                    if !next_blank && idx + 1 < n {
                        s.push('\n');
                    }
                }
            }
        }
        s
    }
}

/// Runs scripts: holds the run a script builds.
#[derive(Default)]
pub struct Runner {
    sim: Option<Sim>,
    events: Vec<Event>,
}

/// The result of running a whole script.
pub struct ScriptRun {
    /// Output lines of each block, in order.
    pub outputs: Vec<Vec<String>>,
    /// The run the script built (none if it had no cluster line).
    pub sim: Option<Sim>,
    /// How many commands failed (each printed an `error:` line).
    pub errors: usize,
}

impl ScriptRun {
    /// True when some invariant was violated.
    pub fn violated(&self) -> bool {
        self.sim
            .as_ref()
            .is_some_and(|s| !s.world().violations().is_empty())
    }
}

/// Runs every block of `script`.
pub fn run_script(script: &Script) -> ScriptRun {
    let mut runner = Runner::default();
    let mut outputs = Vec::new();
    let mut errors = 0;
    for block in script.blocks() {
        let out = runner.run(&block.command);
        errors += out.iter().filter(|l| l.starts_with("error: ")).count();
        outputs.push(out);
    }
    ScriptRun {
        outputs,
        sim: runner.sim,
        errors,
    }
}

fn show(e: &Event) -> Option<String> {
    // A combined node's messages to itself are delivered at once; their send line says so.
    (!matches!(e, Event::Deliver { local: true, .. })).then(|| e.to_string())
}

impl Runner {
    /// The run so far.
    pub fn sim(&self) -> Option<&Sim> {
        self.sim.as_ref()
    }

    fn apply(&mut self, action: Action, out: &mut Vec<String>) -> Result<Action, ActionError> {
        let Some(sim) = self.sim.as_mut() else {
            return Err(ActionError::NothingToDo);
        };
        self.events.clear();
        let r = sim.apply(action, &mut self.events);
        out.extend(self.events.iter().filter_map(show));
        r
    }

    fn select(&self, s: &Selector) -> Result<Vec<MsgId>, String> {
        let Some(sim) = &self.sim else {
            return Ok(Vec::new());
        };
        let msgs = sim.world().in_flight();
        if !s.ids.is_empty() {
            for id in &s.ids {
                if !msgs.iter().any(|m| m.id == *id) {
                    return Err(format!("no message #{id} is in flight"));
                }
            }
            return Ok(s.ids.clone());
        }
        Ok(msgs
            .iter()
            .filter(|m| s.from.is_none_or(|f| m.from == f))
            .filter(|m| s.to.is_none_or(|t| m.to == t))
            .filter(|m| s.kind.is_none_or(|k| m.payload.kind() == k))
            .map(|m| m.id)
            .collect())
    }

    /// Runs one command and returns its output lines (an `error: ...` line when it fails).
    pub fn run(&mut self, command: &Command) -> Vec<String> {
        let mut out = Vec::new();
        if let Err(e) = self.run_into(command, &mut out) {
            out.push(format!("error: {e}"));
        }
        out
    }

    fn run_into(&mut self, command: &Command, out: &mut Vec<String>) -> Result<(), String> {
        let err = |e: ActionError| e.to_string();
        match command {
            Command::Cluster { config, seed } => {
                let sim = Sim::new(*config, *seed).map_err(|e| e.0)?;
                out.push(describe_cluster(config, *seed));
                if let Some(reason) = sim.view().unsafe_reason {
                    out.push(reason);
                }
                self.sim = Some(sim);
            }
            Command::Say(text) => out.push(text.clone()),
            Command::Ask(text) => out.push(format!("ASK {text}")),
            Command::Propose(node, value) => {
                self.apply(
                    Action::Propose {
                        node: *node,
                        value: *value,
                    },
                    out,
                )
                .map_err(err)?;
            }
            Command::Deliver(s) | Command::Drop(s) | Command::Duplicate(s) => {
                let ids = self.select(s)?;
                if ids.is_empty() {
                    out.push("no message matches".into());
                }
                for id in ids {
                    let action = match command {
                        Command::Deliver(_) => Action::Deliver { id },
                        Command::Drop(_) => Action::Drop { id },
                        _ => Action::Duplicate { id },
                    };
                    self.apply(action, out).map_err(err)?;
                }
            }
            Command::Crash(node) => {
                self.apply(Action::Crash { node: *node }, out)
                    .map_err(err)?;
            }
            Command::Recover(node) => {
                self.apply(Action::Recover { node: *node }, out)
                    .map_err(err)?;
            }
            Command::Timeout(node) => {
                self.apply(Action::Timeout { node: *node }, out)
                    .map_err(err)?;
            }
            Command::Partition(groups) => {
                self.apply(
                    Action::Partition {
                        groups: groups.clone(),
                    },
                    out,
                )
                .map_err(err)?;
            }
            Command::Heal => {
                self.apply(Action::Heal, out).map_err(err)?;
            }
            Command::Step(n) => {
                for _ in 0..*n {
                    match self.apply(Action::Step, out) {
                        Ok(_) => {}
                        Err(ActionError::NothingToDo) => {
                            out.push("nothing to do".into());
                            break;
                        }
                        Err(e) => return Err(e.to_string()),
                    }
                }
            }
            Command::Network(change) => {
                let network = change.apply(self.network());
                self.apply(Action::Network { network }, out).map_err(err)?;
            }
            Command::Reseed(seed) => {
                self.apply(Action::Reseed { seed: *seed }, out)
                    .map_err(err)?;
            }
            Command::Run {
                steps,
                network,
                seed,
            } => self.run_steps(*steps, network, *seed, out)?,
            Command::Stabilize => {
                let mut n = 0;
                while let Some(id) = self
                    .sim
                    .as_ref()
                    .and_then(|s| s.world().in_flight().first().map(|m| m.id))
                {
                    if n == 100_000 {
                        return Err("still not stable after 100000 deliveries".into());
                    }
                    self.apply(Action::Deliver { id }, out).map_err(err)?;
                    n += 1;
                }
                if n == 0 {
                    out.push("nothing in flight".into());
                }
            }
            Command::Status => {
                if let Some(sim) = &self.sim {
                    out.extend(status_lines(sim));
                }
            }
        }
        Ok(())
    }

    fn network(&self) -> Network {
        self.sim
            .as_ref()
            .map(|s| s.world().config().network)
            .unwrap_or_default()
    }

    fn run_steps(
        &mut self,
        steps: u32,
        change: &NetworkChange,
        seed: Option<u64>,
        out: &mut Vec<String>,
    ) -> Result<(), String> {
        if !change.is_empty() {
            let network = change.apply(self.network());
            self.apply(Action::Network { network }, out)
                .map_err(|e| e.to_string())?;
        }
        if let Some(seed) = seed {
            self.apply(Action::Reseed { seed }, out)
                .map_err(|e| e.to_string())?;
        }
        let (mut taken, mut delivered, mut lost, mut duplicated, mut timeouts) = (0, 0, 0, 0, 0);
        let mut notable = Vec::new();
        let mut quiet = false;
        for _ in 0..steps {
            let mut lines = Vec::new();
            match self.apply(Action::Step, &mut lines) {
                Ok(resolved) => {
                    taken += 1;
                    match resolved {
                        Action::Deliver { .. } => delivered += 1,
                        Action::Drop { .. } => lost += 1,
                        Action::Duplicate { .. } => duplicated += 1,
                        Action::Timeout { .. } => timeouts += 1,
                        _ => {}
                    }
                }
                Err(ActionError::NothingToDo) => {
                    quiet = true;
                    break;
                }
                Err(e) => return Err(e.to_string()),
            }
            notable.extend(
                self.events
                    .iter()
                    .filter(|e| {
                        matches!(
                            e,
                            Event::Chosen { .. }
                                | Event::Learned { .. }
                                | Event::ProposerDone { .. }
                                | Event::Preempted { .. }
                                | Event::Timeout { .. }
                                | Event::Violation { .. }
                        )
                    })
                    .map(|e| e.to_string()),
            );
        }
        out.push(format!(
            "ran {taken} steps: {delivered} delivered, {lost} lost, {duplicated} duplicated, {timeouts} timeouts{}",
            if quiet { "; then nothing to do" } else { "" }
        ));
        out.extend(notable);
        Ok(())
    }
}

/// `cluster p1,p2 a1,a2,a3 l1; quorum majority of 3 (2); network loss=0 dup=0 reorder=on; seed 0`
pub fn describe_cluster(config: &Config, seed: u64) -> String {
    let m = config.members();
    let list = |ids: Vec<NodeId>| {
        ids.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let who = match m.layout() {
        Layout::Combined => format!("combined {}", list(m.acceptor_ids().collect())),
        Layout::Separate => {
            let mut parts = vec![
                list(m.proposer_ids().collect()),
                list(m.acceptor_ids().collect()),
            ];
            if m.learners() > 0 {
                parts.push(list(m.learner_ids().collect()));
            }
            parts.join(" ")
        }
    };
    let quorums = config
        .quorums()
        .map(|q| q.to_string())
        .unwrap_or_else(|e| e.0);
    format!(
        "cluster {who}; quorum {quorums}; network {}; timeout {} backoff {}; seed {seed}",
        config.network, config.timeout, config.backoff
    )
}

/// One line per node, then the messages in flight and the chosen value.
pub fn status_lines(sim: &Sim) -> Vec<String> {
    let view = sim.view();
    let mut out = Vec::new();
    let opt = |b: Option<String>| b.unwrap_or_else(|| "-".into());
    for n in &view.nodes {
        let mut parts = vec![
            n.id.to_string(),
            if n.up { "up".into() } else { "crashed".into() },
        ];
        if let Some(p) = &n.proposer {
            let mut s = format!(
                "{} ballot={}",
                p.phase,
                opt(p.ballot.map(|b| b.to_string()))
            );
            if p.ballot.is_some() {
                s += &format!(
                    " promises={}/{} accepted={}/{}",
                    p.promises.len(),
                    p.promise_quorum,
                    p.accepts.len(),
                    p.accept_quorum
                );
            }
            if let Some((v, src)) = p.value {
                s += &format!(" value={v} ({src})");
            }
            parts.push(s);
        }
        if n.role == "acceptor" || n.role == "node" {
            parts.push(format!(
                "promised={} accepted={}",
                opt(n.promised.map(|b| b.to_string())),
                opt(n.accepted.map(|(b, v)| format!("{b}:{v}")))
            ));
        }
        if n.role == "learner" || n.role == "node" {
            parts.push(format!(
                "learned={}",
                opt(n.learned.map(|(_, v)| v.to_string()))
            ));
        }
        out.push(parts.join(" "));
    }
    let flight: Vec<String> = view.messages.iter().map(|m| format!("#{}", m.id)).collect();
    out.push(format!(
        "in flight: {}",
        if flight.is_empty() {
            "none".into()
        } else {
            flight.join(" ")
        }
    ));
    out.push(match &view.chosen {
        Some(c) => format!(
            "chosen: {} at {} by {}",
            c.value,
            c.ballot,
            c.quorum
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
        None => "chosen: none".into(),
    });
    out
}

/// Turns a run's actions into a script that replays it: a `cluster` line, then one command per
/// action. `Step` actions should be resolved first (see [`crate::explore`]) so that the script
/// reads as what happened.
pub fn script_for(config: &Config, seed: u64, actions: &[Action]) -> String {
    let mut s = cluster_line(config, seed);
    s.push('\n');
    for a in actions {
        s.push_str(&a.to_string());
        s.push('\n');
    }
    s
}

/// The `cluster` command that builds `config` with `seed`.
pub fn cluster_line(config: &Config, seed: u64) -> String {
    let mut s = match config.layout {
        Layout::Combined => format!("cluster nodes={} layout=combined", config.acceptors),
        Layout::Separate => format!(
            "cluster acceptors={} proposers={} learners={}",
            config.acceptors, config.proposers, config.learners
        ),
    };
    s += &format!(" seed={seed}");
    let d = Config::default();
    if config.network != d.network {
        s += &format!(" {}", config.network);
    }
    if config.timeout != d.timeout {
        s += &format!(" timeout={}", config.timeout);
    }
    if config.backoff != d.backoff {
        s += &format!(" backoff={}", config.backoff);
    }
    if let Some(q) = config.quorum {
        s += &format!(" quorum={},{}", q.phase1, q.phase2);
    }
    if !config.bugs.none() {
        s += &format!(" bug={}", config.bugs.names().join(","));
    }
    s
}
