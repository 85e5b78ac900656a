//! Reading a script: a small lexer (words with their columns) and a line parser with one
//! handler per command. Every error carries its line and column; node names are checked
//! against the script's `cluster` line.

use super::{
    Block, Command, Item, NetworkChange, ParseError, ParseErrors, Script, Selector,
    MAX_SCRIPT_BYTES, MAX_STEPS,
};
use crate::action::MsgId;
use crate::config::{Config, Prob, QuorumSizes};
use crate::multi_paxos::MultiConfig;
use paxos_core::multi::Op;
use paxos_core::{Layout, Membership, NodeId, NodeKind, QuorumSets, SetList, Value};

/// Who is in the script's cluster, as its `cluster` line says: node names are checked
/// against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Single-decree Paxos: proposers, acceptors, learners (or combined nodes).
    Single(Membership),
    /// Multi-Paxos: replicas `n1..`, standalone acceptors `a1..` (separate roles only) and
    /// clients `c1..`.
    Multi {
        /// Replicas.
        replicas: u8,
        /// Standalone acceptors.
        acceptors: u8,
        /// Clients.
        clients: u8,
    },
}

/// The message kinds of single-decree Paxos and of Multi-Paxos, as `kind=` names them.
const SINGLE_KINDS: [&str; 5] = ["Prepare", "Promise", "Accept", "Accepted", "Nack"];
const MULTI_KINDS: [&str; 9] = [
    "Request", "Reply", "Prepare", "Promise", "Accept", "Accepted", "Nack", "CatchUp", "Chosen",
];

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
    shape: Option<Shape>,
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
        let known = match self.shape {
            None => true,
            Some(Shape::Single(m)) => m.contains(id),
            Some(Shape::Multi {
                replicas,
                acceptors,
                clients,
            }) => match id.kind {
                NodeKind::Node => (1..=replicas).contains(&id.index),
                NodeKind::Acceptor => (1..=acceptors).contains(&id.index),
                NodeKind::Client => (1..=clients).contains(&id.index),
                _ => false,
            },
        };
        if !known {
            return Err(self.err(column, format!("there is no node {id} in this cluster")));
        }
        Ok(id)
    }

    fn proposer(&self, text: &str, column: usize) -> PResult<NodeId> {
        let id = self.node(text, column)?;
        match self.shape {
            Some(Shape::Single(m)) if !m.roles(id).proposer => {
                Err(self.err(column, format!("{id} is not a proposer")))
            }
            Some(Shape::Multi { .. }) => Err(self.err(
                self.toks[0].column,
                "`propose` is for single-decree Paxos; in a multi-paxos cluster a client sends \
                 commands (`client c1 put x 1 at n1`)",
            )),
            _ => Ok(id),
        }
    }

    /// A node of the given kind (`n` replica or `c` client) in a Multi-Paxos cluster.
    fn multi_node(&self, text: &str, column: usize, kind: NodeKind) -> PResult<NodeId> {
        let id = self.node(text, column)?;
        if !matches!(self.shape, Some(Shape::Multi { .. })) {
            return Err(self.err(
                self.toks[0].column,
                format!(
                    "`{}` is for multi-paxos clusters (`cluster nodes=3 protocol=multi-paxos`)",
                    self.toks[0].text
                ),
            ));
        }
        if id.kind != kind {
            let what = if kind == NodeKind::Client {
                "a client such as c1"
            } else {
                "a replica such as n1"
            };
            return Err(self.err(column, format!("{id} is not {what}")));
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
                        let kinds: &[&'static str] = match self.shape {
                            Some(Shape::Multi { .. }) => &MULTI_KINDS,
                            _ => &SINGLE_KINDS,
                        };
                        s.kind = Some(
                            kinds
                                .iter()
                                .copied()
                                .find(|k| k.eq_ignore_ascii_case(v))
                                .ok_or_else(|| {
                                    let (last, rest) = kinds.split_last().unwrap_or((&"", &[]));
                                    self.err(
                                        c,
                                        format!("`{v}` is not {} or {last}", rest.join(", ")),
                                    )
                                })?,
                        )
                    }
                    "slot" if matches!(self.shape, Some(Shape::Multi { .. })) => {
                        s.slot = Some(self.number(v, c, "a slot number")?)
                    }
                    _ => {
                        return Err(self.err(
                            t.column,
                            match self.shape {
                                Some(Shape::Multi { .. }) => format!(
                                    "unknown selector `{k}`; use from=, to=, kind= or slot="
                                ),
                                _ => format!("unknown selector `{k}`; use from=, to= or kind="),
                            },
                        ))
                    }
                }
            } else {
                let id: MsgId =
                    self.number(t.text.trim_start_matches('#'), t.column, "a message id")?;
                s.ids.push(id);
            }
        }
        let filtered = s.from.is_some() || s.to.is_some() || s.kind.is_some() || s.slot.is_some();
        if s.all && (!s.ids.is_empty() || filtered) {
            return Err(self.err(
                args[0].column,
                "`all` cannot be combined with other selectors",
            ));
        }
        if !s.ids.is_empty() && filtered {
            return Err(self.err(
                args[0].column,
                "message ids cannot be combined with from=, to=, kind= or slot=",
            ));
        }
        Ok(s)
    }

    fn cluster(&self) -> PResult<Command> {
        let kvs = self.key_values()?;
        if let Some((_, v, c)) = kvs.iter().find(|(k, _, _)| *k == "protocol") {
            match *v {
                "multi-paxos" => return self.multi_cluster(&kvs),
                "single-decree" => {}
                _ => {
                    return Err(self.err(
                        c + "protocol=".len(),
                        format!("unknown protocol `{v}`; known: single-decree, multi-paxos"),
                    ))
                }
            }
        }
        let mut config = Config::default();
        let mut seed = 0u64;
        let mut nodes: Option<u8> = None;
        let mut layout: Option<Layout> = None;
        let mut net = NetworkChange::default();
        let mut quorum: Option<(QuorumSizes, usize)> = None;
        let mut sets: [Option<(SetList, usize)>; 2] = [None, None];
        for (k, v, c) in kvs {
            let vc = c + k.len() + 1;
            match k {
                "protocol" => {}
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
                "phase1" | "phase2" => {
                    sets[usize::from(k == "phase2")] =
                        Some((v.parse::<SetList>().map_err(|e| self.err(vc, e.0))?, vc));
                }
                "bug" => {
                    for name in v.split(',') {
                        if !config.bugs.enable(name) {
                            return Err(self.err(
                                vc,
                                format!(
                                    "unknown bug `{name}`; known: {}",
                                    paxos_core::Bugs::ALL.join(", ")
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
        match sets {
            [Some((phase1, c)), Some((phase2, _))] => {
                config.quorum_sets = Some(QuorumSets { phase1, phase2 });
                config.validate().map_err(|e| self.err(c, e.0))?;
            }
            [Some((_, c)), None] | [None, Some((_, c))] => {
                return Err(self.err(
                    c,
                    "quorum sets need both phase1= and phase2= (e.g. phase1=a1+a2,a3+a4 phase2=a1+a3,a2+a4)",
                ))
            }
            [None, None] => {}
        }
        config
            .validate()
            .map_err(|e| self.err(self.toks[0].column, e.0))?;
        Ok(Command::Cluster { config, seed })
    }

    /// `cluster nodes=3 clients=2 protocol=multi-paxos [acceptors=N] [seed=N] [timeout=N]
    /// [client-timeout=N] [loss=P] [dup=P] [reorder=on|off] [bug=NAME,...]`
    fn multi_cluster(&self, kvs: &[(&str, &str, usize)]) -> PResult<Command> {
        let mut config = MultiConfig::new(3, 1);
        let mut seed = 0u64;
        let mut net = NetworkChange::default();
        for &(k, v, c) in kvs {
            let vc = c + k.len() + 1;
            match k {
                "protocol" => {}
                "nodes" | "replicas" => {
                    config.replicas = self.number(v, vc, "a number of replicas")?
                }
                "clients" => config.clients = self.number(v, vc, "a number of clients")?,
                "acceptors" => config.acceptors = self.number(v, vc, "a number of acceptors")?,
                "seed" => seed = self.number(v, vc, "a seed (a whole number)")?,
                "timeout" => config.timeout = self.number(v, vc, "a number of steps")?,
                "client-timeout" => {
                    config.client_timeout = self.number(v, vc, "a number of steps")?
                }
                "bug" => {
                    for name in v.split(',') {
                        if !config.bugs.enable(name) {
                            return Err(self.err(
                                vc,
                                format!(
                                    "unknown bug `{name}`; known: {}",
                                    paxos_core::multi::replica::MultiBugs::ALL.join(", ")
                                ),
                            ));
                        }
                    }
                }
                _ => {
                    if !self.network_key(&mut net, k, v, vc)? {
                        return Err(
                            self.err(c, format!("unknown option `{k}` for a multi-paxos cluster"))
                        );
                    }
                }
            }
        }
        config.network = net.apply(config.network);
        config
            .validate()
            .map_err(|e| self.err(self.toks[0].column, e.0))?;
        Ok(Command::MultiCluster { config, seed })
    }

    /// `client c1 put x 1 at n1`, `client c1 get x at n2`, `client c1 cas x 1 2 at n3`
    fn request(&self) -> PResult<Command> {
        const USAGE: &str = "usage: client <client> put <key> <value> | get <key> | cas <key> \
                             <expected> <new> at <replica>";
        let args = &self.toks[1..];
        let word = |i: usize| -> PResult<Value> {
            let t = args
                .get(i)
                .ok_or_else(|| self.err(self.toks[0].column, USAGE))?;
            Value::new(t.text).map_err(|e| self.err(t.column, e.to_string()))
        };
        let first = args
            .first()
            .ok_or_else(|| self.err(self.toks[0].column, USAGE))?;
        let client = self.multi_node(first.text, first.column, NodeKind::Client)?;
        let verb = args
            .get(1)
            .ok_or_else(|| self.err(self.toks[0].column, USAGE))?;
        let (op, used) = match verb.text {
            "put" => (
                Op::Put {
                    key: word(2)?,
                    value: word(3)?,
                },
                4,
            ),
            "get" => (Op::Get { key: word(2)? }, 3),
            "cas" => (
                Op::Cas {
                    key: word(2)?,
                    expect: word(3)?,
                    new: word(4)?,
                },
                5,
            ),
            other => return Err(self.err(verb.column, format!("`{other}` is not put, get or cas"))),
        };
        match (args.get(used), args.get(used + 1), args.get(used + 2)) {
            (Some(at), Some(replica), None) if at.text == "at" => {
                let at = self.multi_node(replica.text, replica.column, NodeKind::Node)?;
                Ok(Command::Request { client, op, at })
            }
            (Some(t), _, _) => Err(self.err(t.column, USAGE)),
            _ => Err(self.err(self.toks[0].column, USAGE)),
        }
    }

    /// Reads one command line: the first word picks the handler.
    fn command(&self, raw: &str) -> PResult<Command> {
        let word = &self.toks[0];
        let needs_cluster = !matches!(word.text, "cluster" | "say" | "ask");
        if needs_cluster && self.shape.is_none() {
            return Err(self.err(
                word.column,
                "no cluster yet: start the script with a `cluster` line",
            ));
        }
        match word.text {
            "cluster" => {
                if self.shape.is_some() {
                    return Err(self.err(word.column, "a script has only one `cluster` line"));
                }
                self.cluster()
            }
            "propose" => self.propose(),
            "client" => self.request(),
            "elect" => {
                let a = self.args(1, "elect <replica>")?;
                Ok(Command::Elect(self.multi_node(
                    a[0].text,
                    a[0].column,
                    NodeKind::Node,
                )?))
            }
            "deliver" => Ok(Command::Deliver(self.selector()?)),
            "drop" => Ok(Command::Drop(self.selector()?)),
            "duplicate" => Ok(Command::Duplicate(self.selector()?)),
            "crash" => Ok(Command::Crash(self.one_node()?)),
            "recover" => Ok(Command::Recover(self.one_node()?)),
            "timeout" => {
                let a = self.args(1, "timeout <proposer>")?;
                Ok(Command::Timeout(match self.shape {
                    Some(Shape::Multi { .. }) => self.node(a[0].text, a[0].column)?,
                    _ => self.proposer(a[0].text, a[0].column)?,
                }))
            }
            "partition" => self.partition(raw),
            "heal" => self.bare(Command::Heal),
            "step" => self.step(),
            "run" => self.run(),
            "network" => self.network(),
            "reseed" => {
                let a = self.args(1, "reseed <seed>")?;
                Ok(Command::Reseed(self.number(
                    a[0].text,
                    a[0].column,
                    "a seed (a whole number)",
                )?))
            }
            "stabilize" => self.bare(Command::Stabilize),
            "status" => self.bare(Command::Status),
            "say" => Ok(Command::Say(self.quoted(raw)?)),
            "ask" => Ok(Command::Ask(self.quoted(raw)?)),
            other => Err(self.err(
                word.column,
                format!("unknown command `{other}`; see the list in docs or the scenarios/ folder"),
            )),
        }
    }

    /// `propose p1 A`
    fn propose(&self) -> PResult<Command> {
        let a = self.args(2, "propose <proposer> <value>")?;
        let node = self.proposer(a[0].text, a[0].column)?;
        let value = Value::new(a[1].text).map_err(|e| self.err(a[1].column, e.to_string()))?;
        Ok(Command::Propose(node, value))
    }

    /// `crash a2`, `recover a2`: the one node named.
    fn one_node(&self) -> PResult<NodeId> {
        let a = self.args(1, &format!("{} <node>", self.toks[0].text))?;
        self.node(a[0].text, a[0].column)
    }

    /// `heal`, `stabilize`, `status`: a command word alone.
    fn bare(&self, command: Command) -> PResult<Command> {
        self.args(0, self.toks[0].text)?;
        Ok(command)
    }

    /// `partition p1,a1 | a2,a3`
    fn partition(&self, raw: &str) -> PResult<Command> {
        let word = &self.toks[0];
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
        Ok(Command::Partition(groups))
    }

    /// `step [n]`
    fn step(&self) -> PResult<Command> {
        let n = match self.toks.len() {
            1 => 1,
            2 => self.count(&self.toks[1])?,
            _ => return Err(self.err(self.toks[2].column, "usage: step [n]")),
        };
        Ok(Command::Step(n))
    }

    /// `run steps=N [loss=P] [dup=P] [reorder=on|off] [seed=N]`
    fn run(&self) -> PResult<Command> {
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
                self.toks[0].column,
                "usage: run steps=N [loss=P] [dup=P] [reorder=on|off] [seed=N]",
            )
        })?;
        Ok(Command::Run {
            steps,
            network,
            seed,
        })
    }

    /// `network [loss=P] [dup=P] [reorder=on|off]`
    fn network(&self) -> PResult<Command> {
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
                self.toks[0].column,
                "usage: network [loss=P] [dup=P] [reorder=on|off]",
            ));
        }
        Ok(Command::Network(change))
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
    partition_in(text, Shape::Single(*members), "p1,a1 | a2,a3")
}

/// The groups of a Multi-Paxos partition typed into the page (`n1,c1 | n2,n3`): the same
/// syntax and checks as a script's `partition` line, for a cluster of `replicas` replicas,
/// `acceptors` standalone acceptors and `clients` clients.
pub fn parse_multi_partition(
    text: &str,
    replicas: u8,
    acceptors: u8,
    clients: u8,
) -> Result<Vec<Vec<NodeId>>, ParseError> {
    let shape = Shape::Multi {
        replicas,
        acceptors,
        clients,
    };
    partition_in(text, shape, "n1,c1 | n2,n3")
}

fn partition_in(text: &str, shape: Shape, example: &str) -> Result<Vec<Vec<NodeId>>, ParseError> {
    const PREFIX: &str = "partition ";
    let line = format!("{PREFIX}{text}");
    let parser = LineParser {
        line: 1,
        toks: tokens(&line),
        shape: Some(shape),
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
            message: format!("expected groups such as {example}"),
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
        let mut shape: Option<Shape> = None;
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
                shape,
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
                    match &command {
                        Command::Cluster { config, .. } => {
                            shape = Some(Shape::Single(config.members()))
                        }
                        Command::MultiCluster { config, .. } => {
                            shape = Some(Shape::Multi {
                                replicas: config.replicas,
                                acceptors: config.acceptors,
                                clients: config.clients,
                            })
                        }
                        _ => {}
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
}
