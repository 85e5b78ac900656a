//! A plain snapshot of a Multi-Paxos world for drawing, like [`crate::View`] for single-decree
//! Paxos: everything the page shows, nothing it must compute. Built by [`MultiWorld::view`].
//!
//! The log is drawn as one row of slots per replica (and, with separate roles, per standalone
//! acceptor), every row the same width, so that a column is one slot across the cluster and
//! agreement, or a broken variant's disagreement, is seen at a glance.
//!
//! The strings the page puts in `data-*` attributes (its testing and embedding interface) are
//! made here too, so that the format lives in one place: commands as `put(x,1)`, `get(x)`,
//! `cas(x,1,2)`, `noop` ([`command_text`]); an accepted proposal as `<ballot>:<command>`
//! ([`SlotView::accepted_text`]); a store as `k=v` pairs sorted by key, joined by `,`
//! ([`ReplicaView::store_text`]).

use super::{MultiSim, MultiViolation, MultiWorld, Part};
use crate::config::Network;
use crate::kernel::Envelope;
use crate::linearizability::Call;
use paxos_core::multi::recovery::Recovered;
use paxos_core::multi::replica::Role;
use paxos_core::multi::{Command, Msg, Op, Outcome, Request, Slot};
use paxos_core::{Ballot, NodeId, Value};
use serde::Serialize;
use std::collections::BTreeMap;

/// One slot of one replica's (or acceptor's) log row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SlotView {
    /// The slot, from 1.
    pub slot: Slot,
    /// What this node's acceptor accepted here: ballot and command (none for a replica with
    /// separate roles: it has no vote).
    pub accepted: Option<(Ballot, Command)>,
    /// What this replica learned is chosen here (a replica row only).
    pub learned: Option<Command>,
    /// True when this replica applied the slot to its store.
    pub applied: bool,
    /// True when the command this cell shows is the one chosen in the slot (a quorum accepted
    /// it), as only the simulator can see: a vote that lost is not marked.
    pub chosen: bool,
    /// The command this cell shows: learned if known, else accepted.
    pub command: Option<Command>,
    /// True when that command is a no-op.
    pub noop: bool,
    /// True when the cell is empty while a later slot of the same row is not: a hole.
    pub gap: bool,
    /// True when the slot is in the phase-1 window of the leader this row belongs to (the
    /// slots its promises made it recover).
    pub recovered: bool,
}

impl SlotView {
    /// `2.n1:put(x,1)`, or empty when nothing is accepted: the `data-accepted` attribute.
    pub fn accepted_text(&self) -> String {
        self.accepted
            .map(|(b, c)| format!("{b}:{}", command_text(&c)))
            .unwrap_or_default()
    }
}

/// Where a replica believes it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Leadership {
    /// Follower, candidate or leader.
    pub role: Role,
    /// Its current (or last) ballot.
    pub ballot: Option<Ballot>,
    /// The leader it believes in.
    pub leader: Option<NodeId>,
    /// The voters that promised its ballot.
    pub promises: Vec<NodeId>,
    /// Promises it needs.
    pub quorum: u8,
    /// It campaigned or led and then saw a higher ballot: it knows it was deposed.
    pub deposed: bool,
    /// It believes it leads, but some acceptor has promised a higher ballot: it is deposed
    /// and does not know it yet (its Accepts will be refused).
    pub stale: bool,
}

/// Why a leader put a command in a recovered slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecoveryView {
    /// The slot.
    pub slot: Slot,
    /// The command it re-proposed.
    pub command: Command,
    /// In words: `the highest-numbered accepted, 1.n2 from n3` or `a no-op: no promise
    /// reported a vote here`.
    pub why: String,
}

/// One replica.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReplicaView {
    /// Its name.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// Its partition group (0-based), while the network is partitioned.
    pub group: Option<u8>,
    /// Leadership as it sees it.
    pub leadership: Leadership,
    /// Its acceptor's promise, for every slot (none with separate roles).
    pub promised: Option<Ballot>,
    /// Its log row, slots 1 to the cluster's log width.
    pub log: Vec<SlotView>,
    /// Slots applied to its store.
    pub applied: Slot,
    /// Its store, sorted by key.
    pub store: Vec<(Value, Value)>,
    /// The key the last applied slot wrote, if it wrote one.
    pub changed: Option<Value>,
    /// As leader, why each recovered slot got its command.
    pub recovery: Vec<RecoveryView>,
    /// Step at which its timer fires.
    pub timer: Option<u64>,
    /// Per client, the last request it executed (its number) and the result it replies with,
    /// to that request and to any retry of it.
    pub replies: Vec<(NodeId, u32, Outcome)>,
}

impl ReplicaView {
    /// `x=1,y=2`: the `data-store` attribute.
    pub fn store_text(&self) -> String {
        self.store
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// One standalone acceptor (separate roles only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AcceptorView {
    /// Its name.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// Its partition group, while partitioned.
    pub group: Option<u8>,
    /// Its promise, for every slot.
    pub promised: Option<Ballot>,
    /// Its votes, slots 1 to the log width.
    pub log: Vec<SlotView>,
}

/// One client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientView {
    /// Its name.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// The request waiting for its reply, and the replica it last went to.
    pub pending: Option<(Request, NodeId)>,
    /// How often that request was resent.
    pub retries: u32,
    /// The last answered request and its answer.
    pub last_reply: Option<(Request, Outcome)>,
    /// Step at which it resends.
    pub timer: Option<u64>,
}

impl ClientView {
    /// `put(x,1)` or empty: the `data-pending` attribute.
    pub fn pending_text(&self) -> String {
        self.pending
            .map(|(r, _)| op_text(&r.op))
            .unwrap_or_default()
    }
    /// `get(x) -> 1`, or empty: the `data-last-reply` attribute.
    pub fn last_reply_text(&self) -> String {
        self.last_reply
            .map(|(r, o)| format!("{} -> {}", op_text(&r.op), outcome_text(&o)))
            .unwrap_or_default()
    }
}

/// The clients' history and its verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryView {
    /// The calls since the last quiescent point (older ones were checked and folded away).
    pub calls: Vec<Call>,
    /// True when older calls were folded away.
    pub folded: bool,
    /// False once no sequential store explains what the clients saw.
    pub linearizable: bool,
}

/// Everything on screen at one step of a Multi-Paxos run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MultiView {
    /// Actions applied so far.
    pub step: u64,
    /// The replicas, `n1..`.
    pub replicas: Vec<ReplicaView>,
    /// The standalone acceptors `a1..` (empty in the combined layout).
    pub acceptors: Vec<AcceptorView>,
    /// The clients, `c1..`.
    pub clients: Vec<ClientView>,
    /// Messages in flight.
    pub messages: Vec<Envelope<Msg>>,
    /// Slots every log row shows: up to the highest slot anyone accepted, learned or
    /// proposed, or that is chosen.
    pub width: Slot,
    /// The chosen log, as the simulator sees it: slot, ballot, command.
    pub chosen: Vec<(Slot, Ballot, Command)>,
    /// Votes that choose.
    pub quorum: u8,
    /// The clients' history.
    pub history: HistoryView,
    /// Invariant violations so far.
    pub violations: Vec<MultiViolation>,
    /// Why this run is unsafe (a broken leader), if it is.
    pub unsafe_reason: Option<String>,
    /// The network settings in force.
    pub network: Network,
}

/// `put(x,1)`, `get(x)`, `cas(x,1,2)`.
pub fn op_text(op: &Op) -> String {
    match op {
        Op::Put { key, value } => format!("put({key},{value})"),
        Op::Get { key } => format!("get({key})"),
        Op::Cas { key, expect, new } => format!("cas({key},{expect},{new})"),
    }
}

/// A command as the page's attributes write it: `noop`, or the operation (`put(x,1)`).
pub fn command_text(c: &Command) -> String {
    match c {
        Command::Noop => "noop".into(),
        Command::Client(r) => op_text(&r.op),
    }
}

/// `stored`, `1` or `-` for a read, `swapped` or `not swapped (was 3)`.
pub fn outcome_text(o: &Outcome) -> String {
    match o {
        Outcome::Read(v) => v.map(|v| v.to_string()).unwrap_or_else(|| "-".into()),
        other => other.to_string(),
    }
}

fn why_text(r: &Recovered) -> String {
    use paxos_core::multi::recovery::Source;
    match r.source {
        Source::Gap => {
            "a no-op: no promise reported a vote here, so nothing can have been chosen".to_string()
        }
        Source::Adopted { from, ballot } => {
            format!("the highest-numbered accepted proposal reported, {ballot} from {from}")
        }
    }
}

impl MultiSim {
    /// A snapshot of the world at the cursor.
    pub fn view(&self) -> MultiView {
        self.world().view()
    }
}

impl MultiWorld {
    /// A snapshot for drawing.
    pub fn view(&self) -> MultiView {
        let partition = self.partition();
        let group_of = |id: NodeId| {
            partition
                .as_ref()
                .and_then(|gs| gs.iter().position(|g| g.contains(&id)).map(|g| g as u8))
        };
        let ghost = self.ghost();
        let config = *self.config();
        let voters = if config.acceptors == 0 {
            config.replicas
        } else {
            config.acceptors
        };
        let quorum = voters / 2 + 1;
        // The highest ballot any voter promised: a leader below it is deposed.
        let highest_promise = self
            .nodes()
            .iter()
            .filter_map(|n| match &n.part {
                Part::Replica(r) if config.acceptors == 0 => r.acceptor().promised(),
                Part::Acceptor(a) => a.state().promised(),
                _ => None,
            })
            .max();
        let mut width = ghost.chosen.keys().last().copied().unwrap_or(0);
        for n in self.nodes() {
            let last = match &n.part {
                Part::Replica(r) => [
                    r.acceptor().votes().last().map(|v| v.slot),
                    r.chosen().keys().last().copied(),
                    r.proposed().keys().last().copied(),
                    Some(r.store().applied()),
                ]
                .into_iter()
                .flatten()
                .max(),
                Part::Acceptor(a) => a.state().votes().last().map(|v| v.slot),
                Part::Client(_) => None,
            };
            width = width.max(last.unwrap_or(0));
        }
        // A cell is marked chosen when what it shows is what the slot chose.
        let chosen_as = |slot: Slot, shown: Option<Command>| {
            ghost
                .chosen
                .get(&slot)
                .is_some_and(|(_, c)| Some(*c) == shown)
        };
        // Fills `gap` for a row: empty cells before the row's last filled one.
        let holes = |log: &mut Vec<SlotView>| {
            let last = log.iter().rposition(|c| c.command.is_some());
            for (i, c) in log.iter_mut().enumerate() {
                c.gap = c.command.is_none() && last.is_some_and(|l| i < l);
            }
        };
        let (mut replicas, mut acceptors, mut clients) = (Vec::new(), Vec::new(), Vec::new());
        for n in self.nodes() {
            match &n.part {
                Part::Replica(r) => {
                    let window: BTreeMap<Slot, &Recovered> = match r.role() {
                        Role::Leader => r.recovered().iter().map(|x| (x.slot, x)).collect(),
                        _ => BTreeMap::new(),
                    };
                    let applied = r.store().applied();
                    let mut log: Vec<SlotView> = (1..=width)
                        .map(|slot| {
                            let accepted = r.acceptor().accepted(slot);
                            let learned = r.chosen().get(&slot).copied();
                            let command = learned.or(accepted.map(|(_, c)| c));
                            SlotView {
                                slot,
                                accepted,
                                learned,
                                applied: slot <= applied,
                                chosen: chosen_as(slot, command),
                                command,
                                noop: command == Some(Command::Noop),
                                gap: false,
                                recovered: window.contains_key(&slot),
                            }
                        })
                        .collect();
                    holes(&mut log);
                    let changed = r.chosen().get(&applied).and_then(|c| match c {
                        Command::Client(req) => {
                            match (req.op, r.store().result_of(req.client, req.id)) {
                                (Op::Put { key, .. }, _) => Some(key),
                                (
                                    Op::Cas { key, .. },
                                    Some(Outcome::Swapped { done: true, .. }),
                                ) => Some(key),
                                _ => None,
                            }
                        }
                        Command::Noop => None,
                    });
                    let ballot = r.ballot();
                    let leadership = Leadership {
                        role: r.role(),
                        ballot,
                        leader: r.leader(),
                        promises: match r.role() {
                            Role::Follower => Vec::new(),
                            _ => r.promises().collect(),
                        },
                        quorum,
                        deposed: r.role() == Role::Follower
                            && ballot.is_some()
                            && r.leader().is_some_and(|l| l != r.id()),
                        stale: r.role() == Role::Leader
                            && n.up
                            && highest_promise.is_some_and(|h| Some(h) > ballot),
                    };
                    replicas.push(ReplicaView {
                        id: r.id(),
                        up: n.up,
                        group: group_of(r.id()),
                        leadership,
                        promised: (config.acceptors == 0)
                            .then(|| r.acceptor().promised())
                            .flatten(),
                        log,
                        applied,
                        store: r.store().entries().collect(),
                        changed,
                        recovery: window
                            .values()
                            .map(|x| RecoveryView {
                                slot: x.slot,
                                command: x.command,
                                why: why_text(x),
                            })
                            .collect(),
                        timer: r.timer(),
                        replies: r.store().sessions().collect(),
                    });
                }
                Part::Acceptor(a) => {
                    let mut log: Vec<SlotView> = (1..=width)
                        .map(|slot| {
                            let accepted = a.state().accepted(slot);
                            let command = accepted.map(|(_, c)| c);
                            SlotView {
                                slot,
                                accepted,
                                learned: None,
                                applied: false,
                                chosen: chosen_as(slot, command),
                                command,
                                noop: command == Some(Command::Noop),
                                gap: false,
                                recovered: false,
                            }
                        })
                        .collect();
                    holes(&mut log);
                    acceptors.push(AcceptorView {
                        id: a.id(),
                        up: n.up,
                        group: group_of(a.id()),
                        promised: a.state().promised(),
                        log,
                    });
                }
                Part::Client(c) => clients.push(ClientView {
                    id: c.id(),
                    up: n.up,
                    pending: c.outstanding(),
                    retries: c.retries(),
                    last_reply: c.last_reply(),
                    timer: c.timer(),
                }),
            }
        }
        let violations = self.violations().to_vec();
        let bugs = config.bugs.names();
        MultiView {
            step: self.step(),
            replicas,
            acceptors,
            clients,
            messages: self.in_flight().to_vec(),
            width,
            chosen: ghost
                .chosen
                .iter()
                .map(|(s, (b, c))| (*s, *b, *c))
                .collect(),
            quorum,
            history: HistoryView {
                calls: ghost.calls.clone(),
                folded: ghost.bases.len() != 1 || !ghost.bases[0].is_empty(),
                linearizable: !violations
                    .iter()
                    .any(|v| matches!(v, MultiViolation::Linearizability { .. })),
            },
            violations,
            unsafe_reason: (!bugs.is_empty())
                .then(|| format!("UNSAFE: broken variant {}", bugs.join(","))),
            network: config.network,
        }
    }
}

/// A log slot as one field for `spacetime::changes`: what was accepted there, and
/// whether it is learned, applied or chosen.
fn slot_fields(log: &[SlotView], f: &mut Vec<(String, String)>) {
    for s in log {
        let mut parts = Vec::new();
        if let Some((b, c)) = s.accepted {
            parts.push(format!("accepted {b}:{}", command_text(&c)));
        }
        if let Some(c) = s.learned {
            parts.push(format!("learned {}", command_text(&c)));
        }
        if s.applied {
            parts.push("applied".into());
        }
        if !parts.is_empty() {
            f.push((format!("slot {}", s.slot), parts.join(", ")));
        }
    }
}

fn up_and_group(up: bool, group: Option<u8>) -> Vec<(String, String)> {
    let mut f = vec![("up".to_string(), if up { "up" } else { "down" }.to_string())];
    if let Some(g) = group {
        f.push(("group".into(), (g + 1).to_string()));
    }
    f
}

impl ReplicaView {
    /// Its fields as the inspector names and shows them: `role`, `ballot`, `promised`, one
    /// `slot N` per slot with something in it, `store`, ...
    pub fn fields(&self) -> Vec<(String, String)> {
        use crate::view::{names, or_dash};
        let mut f = up_and_group(self.up, self.group);
        let l = &self.leadership;
        f.push(("role".into(), l.role.to_string()));
        f.push(("ballot".into(), or_dash(l.ballot)));
        f.push(("leader".into(), or_dash(l.leader)));
        f.push(("promises".into(), names(&l.promises)));
        f.push(("promised".into(), or_dash(self.promised)));
        slot_fields(&self.log, &mut f);
        f.push(("applied up to".into(), self.applied.to_string()));
        let store = self.store_text();
        f.push((
            "store".into(),
            if store.is_empty() { "-".into() } else { store },
        ));
        f.push((
            "timer".into(),
            or_dash(self.timer.map(|t| format!("at step {t}"))),
        ));
        f
    }
}

impl AcceptorView {
    /// Its fields: `promised` and one `slot N` per slot it accepted in.
    pub fn fields(&self) -> Vec<(String, String)> {
        let mut f = up_and_group(self.up, self.group);
        f.push(("promised".into(), crate::view::or_dash(self.promised)));
        slot_fields(&self.log, &mut f);
        f
    }
}

impl ClientView {
    /// Its fields: the request it waits on, its retries and its last reply.
    pub fn fields(&self) -> Vec<(String, String)> {
        let or = |s: String| if s.is_empty() { "-".to_string() } else { s };
        let mut f = up_and_group(self.up, None);
        f.push(("waiting for".into(), or(self.pending_text())));
        f.push(("retries".into(), self.retries.to_string()));
        f.push(("last reply".into(), or(self.last_reply_text())));
        f
    }
}

impl MultiView {
    /// Every node's fields: replicas, acceptors, clients.
    pub fn fields(&self) -> Vec<(NodeId, Vec<(String, String)>)> {
        let replicas = self.replicas.iter().map(|r| (r.id, r.fields()));
        let acceptors = self.acceptors.iter().map(|a| (a.id, a.fields()));
        let clients = self.clients.iter().map(|c| (c.id, c.fields()));
        replicas.chain(acceptors).chain(clients).collect()
    }
}
