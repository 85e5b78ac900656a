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
//! | `cluster` | `cluster acceptors=3 proposers=2 learners=1 seed=7` | builds the cluster; must come first. Also `cluster nodes=3 layout=combined`. Options: `seed=N`, `loss=P`, `dup=P`, `reorder=on\|off`, `timeout=N`, `backoff=N`, `quorum=N` or `quorum=P1,P2` (unsafe sizes are labelled), `phase1=a1+a2,a3+a4 phase2=a1+a3,a2+a4` (each phase's quorums listed outright, instead of sizes), `bug=forget-promise,ignore-promises` |
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
//! Multi-Paxos scripts (`scenarios/multi-paxos/`) use the same format; the network commands
//! above work unchanged, and these are theirs:
//!
//! | command | example | what it does |
//! |---|---|---|
//! | `cluster` | `cluster nodes=3 clients=2 protocol=multi-paxos seed=7` | replicas n1.. (1..=7) and clients c1.. (0..=4). Options: `acceptors=N` (separate roles: standalone acceptors a1.. vote, replicas lead, learn and apply; `cluster nodes=2 acceptors=3 protocol=multi-paxos`), `seed=N`, `loss=P`, `dup=P`, `reorder=on\|off`, `timeout=N` (a replica's wait before it campaigns), `client-timeout=N` (a client's wait before it resends), `bug=ignore-reports,skip-recovery,local-reads` |
//! | `client` | `client c1 put x 1 at n1`, `client c2 get x at n2`, `client c1 cas x 1 2 at n3` | client c1 sends a new request to replica n1 (one outstanding request per client) |
//! | `elect` | `elect n2` | replica n2 starts phase 1 now with a higher ballot, for every slot it has not applied |
//! | `timeout` | `timeout c1`, `timeout n2` | fires a client's timer (it resends to the next replica) or a replica's (it campaigns) |
//! | `deliver` | `deliver kind=Accept slot=2`, `deliver kind=CatchUp` | selectors add `slot=N` (Accept, Accepted, Chosen) and the kinds Request, Reply, Prepare, Promise, Accept, Accepted, Nack, CatchUp, Chosen |
//!
//! Message selectors combine: `deliver from=p1 to=a1` delivers the messages from p1 to a1.
//! Selections are taken when the command starts: messages sent while it runs are not included.
//!
//! The code is in three parts: `parse` (the lexer and one parsing handler per command),
//! `run` (one running handler per command) and `print` (cluster lines, `status`, rewriting).

mod parse;
mod print;
mod run;

pub use parse::{parse_multi_partition, parse_partition};
pub use print::{
    cluster_line, describe_cluster, describe_multi, multi_cluster_line, multi_script_for,
    multi_status_lines, script_for, status_lines,
};
pub use run::{run_script, Runner, ScriptRun, Scripted, Session};

use crate::action::MsgId;
use crate::config::{Config, Network, Prob};
use crate::multi_paxos::MultiConfig;
use paxos_core::multi::Op;
use paxos_core::{NodeId, Value};
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
    /// `slot=2` (Multi-Paxos: Accept, Accepted and Chosen messages for that slot).
    pub slot: Option<u32>,
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
    /// `cluster nodes=3 clients=1 protocol=multi-paxos ...`
    MultiCluster {
        /// The cluster.
        config: MultiConfig,
        /// The scheduler seed.
        seed: u64,
    },
    /// `propose p1 A`
    Propose(NodeId, Value),
    /// `client c1 put x 1 at n1` (Multi-Paxos)
    Request {
        /// The client.
        client: NodeId,
        /// What it asks.
        op: Op,
        /// The replica it sends to.
        at: NodeId,
    },
    /// `elect n2` (Multi-Paxos): the replica starts phase 1 with a higher ballot now.
    Elect(NodeId),
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

/// Most client commands a check sends (one client each at most; the page's form and
/// [`parse_commands`] hold to it): a Multi-Paxos check's
/// ([`crate::multi_paxos::check::MultiCheckOptions::commands`]).
pub const MAX_COMMANDS: usize = 4;

/// The client commands of a check, written as a script's `client` lines without the word
/// `client`, separated by `;` or new lines: `c1 put x 1 at n2; c1 get x at n1`. The error
/// says which command is wrong and why, in the script parser's words.
pub fn parse_commands(replicas: u8, text: &str) -> Result<Vec<(NodeId, Op, NodeId)>, String> {
    let lines: Vec<&str> = text
        .split([';', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() || lines.len() > MAX_COMMANDS {
        return Err(format!(
            "give 1 to {MAX_COMMANDS} commands, such as `c1 put x 1 at n1; c2 get x at n2`, not {}",
            lines.len()
        ));
    }
    let mut script =
        format!("cluster nodes={replicas} clients={MAX_COMMANDS} protocol=multi-paxos\n");
    for line in &lines {
        script += &format!("client {line}\n");
    }
    let parsed = Script::parse(&script).map_err(|e| match e.0.first() {
        // Line 1 is the cluster; a column counts `client ` too.
        Some(e) if e.line >= 2 => format!(
            "command {} (`{}`): {}",
            e.line - 1,
            lines.get(e.line - 2).unwrap_or(&""),
            e.message
        ),
        Some(e) => e.message.clone(),
        None => "the commands could not be read".into(),
    })?;
    Ok(parsed
        .items
        .into_iter()
        .filter_map(|item| match item {
            Item::Block(b) => match b.command {
                Command::Request { client, op, at } => Some((client, op, at)),
                _ => None,
            },
            Item::Text(_) => None,
        })
        .collect())
}

/// The commands as [`parse_commands`] reads them: `c1 put x 1 at n2; c1 get x at n1`.
pub fn commands_text(commands: &[(NodeId, Op, NodeId)]) -> String {
    commands
        .iter()
        .map(|(c, op, at)| format!("{c} {op} at {at}"))
        .collect::<Vec<_>>()
        .join("; ")
}
