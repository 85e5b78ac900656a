//! Writing scripts and their outputs: the one-line cluster description, `status`, the
//! `REWRITE=1` form of a golden file, and a script that replays a run.

use super::{Item, Script};
use crate::config::Config;
use crate::multi_paxos::{MultiAction, MultiConfig, MultiSim, Part};
use crate::single_decree::Action;
use crate::single_decree::Sim;
use paxos_core::{Layout, NodeId};

impl Script {
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
    if let Some(sets) = config.quorum_sets {
        s += &format!(" phase1={} phase2={}", sets.phase1, sets.phase2);
    }
    if !config.bugs.none() {
        s += &format!(" bug={}", config.bugs.names().join(","));
    }
    s
}

/// `cluster n1,n2,n3 clients c1; multi-paxos, quorum majority of 3 (2); network ...;
/// timeout 40 client-timeout 60; seed 0`, and an `UNSAFE:` line for a broken variant.
pub fn describe_multi(config: &MultiConfig, seed: u64) -> Vec<String> {
    let names = |ids: Vec<NodeId>| {
        ids.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut replicas = names((1..=config.replicas).map(NodeId::node).collect());
    let (layout, voters) = match config.acceptors {
        0 => ("", config.replicas),
        k => {
            replicas += &format!(
                " acceptors {}",
                names((1..=k).map(NodeId::acceptor).collect())
            );
            (" separate roles,", k)
        }
    };
    let clients = match config.clients {
        0 => "no clients".to_string(),
        n => format!("clients {}", names((1..=n).map(NodeId::client).collect())),
    };
    let mut out = vec![format!(
        "cluster {replicas} {clients}; multi-paxos,{layout} quorum majority of {voters} ({}); network {}; timeout {} client-timeout {}; seed {seed}",
        voters / 2 + 1,
        config.network,
        config.timeout,
        config.client_timeout
    )];
    let bugs = multi_bug_names(config);
    if !bugs.is_empty() {
        out.push(format!("UNSAFE: broken variant {}", bugs.join(",")));
    }
    out
}

fn multi_bug_names(config: &MultiConfig) -> Vec<&'static str> {
    config.bugs.names()
}

/// One line per replica (role, ballot, promise, log, store) and client, then the messages in
/// flight and the chosen log.
pub fn multi_status_lines(sim: &MultiSim) -> Vec<String> {
    let world = sim.world();
    let mut out = Vec::new();
    let opt = |b: Option<String>| b.unwrap_or_else(|| "-".into());
    for n in world.nodes() {
        let up = if n.up { "up" } else { "crashed" };
        match &n.part {
            Part::Replica(r) => {
                let log: Vec<String> = r
                    .chosen()
                    .iter()
                    .map(|(slot, c)| format!("{slot}:{c}"))
                    .collect();
                let store: Vec<String> = r
                    .store()
                    .entries()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                // With separate roles a replica has no vote, so no promise to show.
                let promised = match r.acceptors() {
                    0 => format!(
                        " promised={}",
                        opt(r.acceptor().promised().map(|b| b.to_string()))
                    ),
                    _ => String::new(),
                };
                out.push(format!(
                    "{} {up} {} ballot={} leader={}{promised} learned=[{}] applied={} store={{{}}}",
                    r.id(),
                    r.role(),
                    opt(r.ballot().map(|b| b.to_string())),
                    opt(r.leader().map(|l| l.to_string())),
                    log.join(", "),
                    r.store().applied(),
                    store.join(" ")
                ));
            }
            Part::Acceptor(a) => {
                let votes: Vec<String> = a
                    .state()
                    .votes()
                    .map(|v| format!("{}:{}:{}", v.slot, v.ballot, v.command))
                    .collect();
                out.push(format!(
                    "{} {up} acceptor promised={} accepted=[{}]",
                    a.id(),
                    opt(a.state().promised().map(|b| b.to_string())),
                    votes.join(", ")
                ));
            }
            Part::Client(c) => out.push(match c.outstanding() {
                Some((r, at)) => format!("{} {up} waiting for {r} (sent to {at})", c.id()),
                None => format!("{} {up} idle", c.id()),
            }),
        }
    }
    let flight: Vec<String> = world
        .in_flight()
        .iter()
        .map(|m| format!("#{}", m.id))
        .collect();
    out.push(format!(
        "in flight: {}",
        if flight.is_empty() {
            "none".into()
        } else {
            flight.join(" ")
        }
    ));
    let chosen: Vec<String> = world
        .ghost()
        .chosen
        .iter()
        .map(|(slot, (_, c))| format!("{slot}:{c}"))
        .collect();
    out.push(if chosen.is_empty() {
        "chosen: none".into()
    } else {
        format!("chosen: {}", chosen.join(", "))
    });
    out
}

/// The `cluster` command that builds a Multi-Paxos `config` with `seed`.
pub fn multi_cluster_line(config: &MultiConfig, seed: u64) -> String {
    let mut s = format!(
        "cluster nodes={} clients={} protocol=multi-paxos seed={seed}",
        config.replicas, config.clients
    );
    if config.acceptors > 0 {
        s += &format!(" acceptors={}", config.acceptors);
    }
    let d = MultiConfig::new(config.replicas, config.clients);
    if config.network != d.network {
        s += &format!(" {}", config.network);
    }
    if config.timeout != d.timeout {
        s += &format!(" timeout={}", config.timeout);
    }
    if config.client_timeout != d.client_timeout {
        s += &format!(" client-timeout={}", config.client_timeout);
    }
    let bugs = multi_bug_names(config);
    if !bugs.is_empty() {
        s += &format!(" bug={}", bugs.join(","));
    }
    s
}

/// A script that replays a Multi-Paxos run: its `cluster` line, then one command per action.
pub fn multi_script_for(config: &MultiConfig, seed: u64, actions: &[MultiAction]) -> String {
    let mut s = multi_cluster_line(config, seed);
    s.push('\n');
    for a in actions {
        s.push_str(&a.to_string());
        s.push('\n');
    }
    s
}
