//! Multi-Paxos's safety properties, checked after every action against a ghost record that no
//! replica could keep: every vote cast in every slot, the first quorum per slot, every promise,
//! the stores replicas reached, and the clients' history.
//!
//! - **Per-slot agreement**: at most one command is chosen in any slot.
//! - **Validity**: every chosen command is a no-op or a request some client sent.
//! - **Log consistency**: a replica learns and applies in each slot only the command chosen
//!   there, and replicas that applied the same number of slots hold equal stores.
//! - **Promise kept**: no acceptor accepts, in any slot, a ballot below one it promised.
//! - **At most once**: between two crashes, a replica executes each request at most once (a
//!   request that landed in two slots changes the store once).
//! - **Linearizability**: what the clients saw, with the real order of their calls, is what a
//!   single sequential key-value store could have answered ([`crate::linearizability`]).

use super::event::{MultiEvent, PaxosEvent};
use crate::kernel::NetEvent;
use crate::linearizability::{self, Call, NotLinearizable, Store};

/// Calls in the history before it is compacted at a quiescent point.
pub const COMPACT_AT: usize = 16;
use paxos_core::multi::replica::Note;
use paxos_core::multi::store::{Applied, KvStore};
use paxos_core::multi::{clone_if_changed, Command, Outcome, Request, Slot};
use paxos_core::{AcceptorRenaming, Ballot, NodeId, NodeKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::{Hash, Hasher};

/// A broken Multi-Paxos safety property, with the step of the action that broke it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "invariant", rename_all = "snake_case")]
pub enum MultiViolation {
    /// Two different commands were chosen in one slot.
    Agreement {
        /// The step of the second quorum.
        step: u64,
        /// The slot.
        slot: Slot,
        /// The command chosen first, and its ballot.
        first: (Ballot, Command),
        /// The different command chosen later, and its ballot.
        second: (Ballot, Command),
    },
    /// A command was chosen that no client sent.
    Validity {
        /// The step.
        step: u64,
        /// The slot.
        slot: Slot,
        /// The command.
        command: Command,
    },
    /// A replica learned or applied, in a slot, a command other than the one chosen there.
    LogConsistency {
        /// The step.
        step: u64,
        /// The replica.
        replica: NodeId,
        /// The slot.
        slot: Slot,
        /// What it learned or applied.
        command: Command,
        /// What is chosen in that slot (`None`: nothing yet).
        chosen: Option<Command>,
    },
    /// Two replicas applied the same number of slots but hold different stores.
    StoresDiffer {
        /// The step.
        step: u64,
        /// The replica whose store differs from the first one to apply as many slots.
        replica: NodeId,
        /// How many slots both applied.
        applied: Slot,
    },
    /// An acceptor accepted a ballot below one it had promised.
    PromiseKept {
        /// The step.
        step: u64,
        /// The replica whose acceptor it is, or the standalone acceptor.
        replica: NodeId,
        /// The promise it had made.
        promised: Ballot,
        /// The lower ballot it accepted.
        accepted: Ballot,
        /// The slot it accepted in.
        slot: Slot,
    },
    /// A replica executed a request twice without crashing in between.
    AtMostOnce {
        /// The step.
        step: u64,
        /// The replica.
        replica: NodeId,
        /// The request.
        request: Request,
    },
    /// No sequential store explains what the clients saw.
    Linearizability {
        /// The step of the reply that made the history impossible.
        step: u64,
        /// Calls in the history.
        calls: usize,
        /// The longest prefix of an order the search could build, as the calls' text.
        longest: Vec<String>,
    },
}

impl MultiViolation {
    /// The step at which it happened.
    pub fn step(&self) -> u64 {
        match self {
            MultiViolation::Agreement { step, .. }
            | MultiViolation::Validity { step, .. }
            | MultiViolation::LogConsistency { step, .. }
            | MultiViolation::StoresDiffer { step, .. }
            | MultiViolation::PromiseKept { step, .. }
            | MultiViolation::AtMostOnce { step, .. }
            | MultiViolation::Linearizability { step, .. } => *step,
        }
    }

    /// The property's name: `agreement`, `validity`, `log consistency`, `stores differ`,
    /// `promise kept`, `at most once`, `linearizability`.
    pub fn name(&self) -> &'static str {
        match self {
            MultiViolation::Agreement { .. } => "agreement",
            MultiViolation::Validity { .. } => "validity",
            MultiViolation::LogConsistency { .. } => "log consistency",
            MultiViolation::StoresDiffer { .. } => "stores differ",
            MultiViolation::PromiseKept { .. } => "promise kept",
            MultiViolation::AtMostOnce { .. } => "at most once",
            MultiViolation::Linearizability { .. } => "linearizability",
        }
    }
}

impl fmt::Display for MultiViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultiViolation::Agreement {
                step,
                slot,
                first,
                second,
            } => write!(
                f,
                "agreement (step {step}): slot {slot} chose {} at {} and then {} at {}",
                first.1, first.0, second.1, second.0
            ),
            MultiViolation::Validity {
                step,
                slot,
                command,
            } => write!(
                f,
                "validity (step {step}): slot {slot} chose {command}, which no client sent"
            ),
            MultiViolation::LogConsistency {
                step,
                replica,
                slot,
                command,
                chosen,
            } => match chosen {
                Some(c) => write!(
                    f,
                    "log consistency (step {step}): {replica} has {command} in slot {slot}, where {c} is chosen"
                ),
                None => write!(
                    f,
                    "log consistency (step {step}): {replica} has {command} in slot {slot}, where nothing is chosen"
                ),
            },
            MultiViolation::StoresDiffer {
                step,
                replica,
                applied,
            } => write!(
                f,
                "log consistency (step {step}): {replica} applied {applied} slots but its store differs"
            ),
            MultiViolation::PromiseKept {
                step,
                replica,
                promised,
                accepted,
                slot,
            } => write!(
                f,
                "promise kept (step {step}): {replica} accepted {accepted} in slot {slot} after promising {promised}"
            ),
            MultiViolation::AtMostOnce {
                step,
                replica,
                request,
            } => write!(
                f,
                "at most once (step {step}): {replica} executed {request} twice"
            ),
            MultiViolation::Linearizability {
                step,
                calls,
                longest,
            } => write!(
                f,
                "linearizability (step {step}): no sequential store explains the {calls} calls; the longest order found is [{}]",
                longest.join("; ")
            ),
        }
    }
}

/// What the simulator knows that no replica does. Part of the world state, so that it travels
/// with checkpoints and the explorer's states.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MultiGhost {
    replicas: u8,
    /// Standalone acceptors (0: the replicas' own acceptors vote).
    acceptors: u8,
    /// Every request a client sent, in sending order.
    pub sent: Vec<Request>,
    /// Every (slot, ballot, command) ever accepted, with the acceptors (as bits) that did.
    pub votes: Vec<(Slot, Ballot, Command, u16)>,
    /// Per slot, the first quorum's command and ballot: "the chosen command".
    pub chosen: BTreeMap<Slot, (Ballot, Command)>,
    /// Per voter (replica or standalone acceptor), the highest ballot it ever promised.
    pub promised_ever: Vec<Option<Ballot>>,
    /// A digest of the store of the first replica to apply each number of slots.
    pub stores: BTreeMap<Slot, u64>,
    /// Store digests recorded by this action's handlers, checked by [`check`].
    pending_stores: Vec<(NodeId, Slot, u64)>,
    /// Per replica, the requests it executed since it last crashed.
    pub executed: Vec<BTreeSet<(NodeId, u32)>>,
    /// Every client call since the last quiescent point (see [`MultiGhost::bases`]). Its times
    /// are positions in the sequence of invocations and returns, not steps, so that histories
    /// with the same real-time order are equal.
    pub calls: Vec<Call>,
    /// The stores a sequential store may hold at the last quiescent point: a moment when every
    /// call had returned and [`COMPACT_AT`] or more had accumulated. Every later call comes
    /// after every earlier one, so the earlier ones are replaced by these stores, and a long
    /// history is checked in pieces the search can handle.
    pub bases: Vec<Store>,
    clock: u64,
}

/// Written out so that `clone_from` reuses the buffers of plain values and copies the maps
/// and sets only when they differ: the explorer copies the ghost into a scratch world for every
/// action it tries (see [`clone_if_changed`]).
impl Clone for MultiGhost {
    fn clone(&self) -> MultiGhost {
        MultiGhost {
            replicas: self.replicas,
            acceptors: self.acceptors,
            sent: self.sent.clone(),
            votes: self.votes.clone(),
            chosen: self.chosen.clone(),
            promised_ever: self.promised_ever.clone(),
            stores: self.stores.clone(),
            pending_stores: self.pending_stores.clone(),
            executed: self.executed.clone(),
            calls: self.calls.clone(),
            bases: self.bases.clone(),
            clock: self.clock,
        }
    }

    fn clone_from(&mut self, source: &MultiGhost) {
        let MultiGhost {
            replicas,
            acceptors,
            sent,
            votes,
            chosen,
            promised_ever,
            stores,
            pending_stores,
            executed,
            calls,
            bases,
            clock,
        } = self;
        *replicas = source.replicas;
        *acceptors = source.acceptors;
        sent.clone_from(&source.sent);
        votes.clone_from(&source.votes);
        clone_if_changed(chosen, &source.chosen);
        promised_ever.clone_from(&source.promised_ever);
        clone_if_changed(stores, &source.stores);
        pending_stores.clone_from(&source.pending_stores);
        clone_if_changed(executed, &source.executed);
        calls.clone_from(&source.calls);
        clone_if_changed(bases, &source.bases);
        *clock = source.clock;
    }
}

fn digest(store: &KvStore) -> u64 {
    let mut h = crate::hash::FxHasher::default();
    store.hash(&mut h);
    h.finish()
}

impl MultiGhost {
    /// An empty record for `replicas` replicas and `acceptors` standalone acceptors (0: the
    /// replicas vote).
    pub fn new(replicas: u8, acceptors: u8) -> MultiGhost {
        MultiGhost {
            replicas,
            acceptors,
            promised_ever: vec![None; if acceptors == 0 { replicas } else { acceptors } as usize],
            executed: vec![BTreeSet::new(); replicas as usize],
            bases: vec![Store::new()],
            ..MultiGhost::default()
        }
    }

    /// The kind and number of the nodes whose votes count.
    fn voters(&self) -> (NodeKind, u8) {
        match self.acceptors {
            0 => (NodeKind::Node, self.replicas),
            k => (NodeKind::Acceptor, k),
        }
    }

    /// Where voter `node`'s promise is kept, if it is a voter.
    fn voter(&self, node: NodeId) -> Option<usize> {
        let (kind, n) = self.voters();
        (node.kind == kind && (1..=n).contains(&node.index)).then(|| node.index as usize - 1)
    }

    fn quorum(&self) -> u32 {
        self.voters().1 as u32 / 2 + 1
    }

    /// Records that voter `me` (a replica's acceptor, or a standalone one) accepted `command` at
    /// `ballot` in `slot`. Returns
    /// the [`PaxosEvent::Chosen`] when this vote completes a quorum for that proposal.
    pub fn record_vote(
        &mut self,
        me: NodeId,
        slot: Slot,
        ballot: Ballot,
        command: Command,
    ) -> Option<PaxosEvent> {
        let bit = 1u16 << (me.index.saturating_sub(1) & 15);
        let pos = match self
            .votes
            .iter()
            .position(|(s, b, c, _)| *s == slot && *b == ballot && *c == command)
        {
            Some(p) => p,
            None => {
                self.votes.push((slot, ballot, command, 0));
                self.votes.len() - 1
            }
        };
        let before = self.votes[pos].3;
        let after = before | bit;
        self.votes[pos].3 = after;
        let q = self.quorum();
        if before.count_ones() >= q || after.count_ones() < q {
            return None;
        }
        let (kind, n) = self.voters();
        let quorum = (1..=n)
            .filter(|i| after & (1 << (i - 1)) != 0)
            .map(|i| NodeId::new(kind, i))
            .collect();
        Some(PaxosEvent::Chosen {
            slot,
            ballot,
            command,
            quorum,
        })
    }

    /// Records the store replica `me` holds after applying slots.
    pub fn record_store(&mut self, me: NodeId, store: &KvStore) {
        self.pending_stores
            .push((me, store.applied(), digest(store)));
    }

    /// A client sent `request`: a call begins.
    pub fn invoked(&mut self, request: Request) {
        self.clock += 1;
        if !self.sent.contains(&request) {
            self.sent.push(request);
        }
        self.calls.push(Call {
            client: request.client,
            op: request.op,
            invoked: self.clock,
            returned: None,
        });
    }

    /// A client took the reply to `request`: its call returns.
    pub fn returned(&mut self, request: Request, outcome: Outcome) {
        self.clock += 1;
        // A client has one call outstanding: its last one.
        if let Some(call) = self
            .calls
            .iter_mut()
            .rev()
            .find(|c| c.client == request.client)
        {
            call.returned = Some((self.clock, outcome));
        }
    }

    /// Hashes what the invariants still need, for the explorer (no steps).
    pub fn hash_logical<H: Hasher>(&self, h: &mut H) {
        self.hash_renamed(h, &AcceptorRenaming::identity());
    }

    /// [`MultiGhost::hash_logical`] as if the standalone acceptors were renamed by `r`: their
    /// bits in the votes, and the order of their highest promises. Only meaningful with
    /// standalone acceptors (the only voters a checker renames).
    pub fn hash_renamed<H: Hasher>(&self, h: &mut H, r: &AcceptorRenaming) {
        self.sent.hash(h);
        h.write_u64(crate::kernel::multiset(
            self.votes
                .iter()
                .map(|(s, b, c, bits)| (s, b, c, r.bits(*bits))),
        ));
        for (slot, (_, command)) in &self.chosen {
            (slot, command).hash(h);
        }
        // Voter i's promise goes where its new name puts it (at most 16 voters: on the stack).
        let n = self.promised_ever.len().min(16);
        let mut promised = [None; 16];
        for (i, p) in self.promised_ever.iter().take(n).enumerate() {
            if let Some(slot) = promised[..n].get_mut(r.index(i as u8) as usize) {
                *slot = *p;
            }
        }
        promised[..n].hash(h);
        self.stores.hash(h);
        self.executed.hash(h);
        for c in &self.calls {
            (c.client, c.op, c.invoked, c.returned).hash(h);
        }
        self.bases.hash(h);
    }

    /// Appends what of the record can change, for the model checker's frontier (the cluster's
    /// shape is that of the record it is read back into).
    pub fn pack(&self, out: &mut Vec<u8>) {
        use paxos_core::pack::{pack_slice, Pack};
        pack_slice(&self.sent, out);
        self.votes.len().pack(out);
        for (slot, ballot, command, bits) in &self.votes {
            (*slot, *ballot, *command).pack(out);
            bits.pack(out);
        }
        self.chosen.pack(out);
        pack_slice(&self.promised_ever, out);
        self.stores.pack(out);
        pack_slice(&self.pending_stores, out);
        pack_slice(&self.executed, out);
        self.calls.len().pack(out);
        for c in &self.calls {
            (c.client, c.op, c.invoked).pack(out);
            c.returned.pack(out);
        }
        pack_slice(&self.bases, out);
        self.clock.pack(out);
    }

    /// Reads what [`MultiGhost::pack`] wrote into this record (one of the same cluster).
    pub fn unpack(&mut self, input: &mut &[u8]) -> Option<()> {
        use paxos_core::pack::{unpack_vec, Pack};
        unpack_vec(&mut self.sent, input)?;
        let n = usize::unpack(input)?;
        self.votes.clear();
        for _ in 0..n {
            let (slot, ballot, command) = Pack::unpack(input)?;
            self.votes
                .push((slot, ballot, command, u16::unpack(input)?));
        }
        self.chosen = Pack::unpack(input)?;
        unpack_vec(&mut self.promised_ever, input)?;
        self.stores = Pack::unpack(input)?;
        unpack_vec(&mut self.pending_stores, input)?;
        unpack_vec(&mut self.executed, input)?;
        let n = usize::unpack(input)?;
        self.calls.clear();
        for _ in 0..n {
            let (client, op, invoked) = Pack::unpack(input)?;
            self.calls.push(Call {
                client,
                op,
                invoked,
                returned: Pack::unpack(input)?,
            });
        }
        unpack_vec(&mut self.bases, input)?;
        self.clock = u64::unpack(input)?;
        Some(())
    }

    /// Roughly how many heap bytes the record uses.
    pub fn approx_heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.sent.capacity() * size_of::<Request>()
            + self.votes.capacity() * size_of::<(Slot, Ballot, Command, u16)>()
            + self.chosen.len() * (size_of::<(Slot, (Ballot, Command))>() + 16)
            + self.promised_ever.capacity() * size_of::<Option<Ballot>>()
            + self.stores.len() * 32
            + self.executed.iter().map(|e| e.len() * 24).sum::<usize>()
            + self.calls.capacity() * size_of::<Call>()
            + self.bases.iter().map(|b| 48 + b.len() * 64).sum::<usize>()
    }
}

fn command_of(applied: &Applied) -> Command {
    match applied {
        Applied::Noop => Command::Noop,
        Applied::Executed { request, .. } | Applied::Duplicate { request, .. } => {
            Command::Client(*request)
        }
    }
}

/// Runs every invariant over the events of one action, in order, updating the ghost record.
pub fn check(ghost: &mut MultiGhost, step: u64, events: &[MultiEvent]) -> Vec<MultiViolation> {
    let mut found = Vec::new();
    let replica = |n: NodeId| n.index.saturating_sub(1) as usize;
    for event in events {
        match event {
            MultiEvent::Net(NetEvent::Crash { node }) if node.kind == NodeKind::Node => {
                if let Some(e) = ghost.executed.get_mut(replica(*node)) {
                    e.clear();
                }
            }
            MultiEvent::Paxos(PaxosEvent::Chosen {
                slot,
                ballot,
                command,
                ..
            }) => {
                if let Command::Client(r) = command {
                    if !ghost.sent.contains(r) {
                        found.push(MultiViolation::Validity {
                            step,
                            slot: *slot,
                            command: *command,
                        });
                    }
                }
                match ghost.chosen.get(slot) {
                    Some(first) if first.1 != *command => {
                        found.push(MultiViolation::Agreement {
                            step,
                            slot: *slot,
                            first: *first,
                            second: (*ballot, *command),
                        });
                    }
                    Some(_) => {}
                    None => {
                        ghost.chosen.insert(*slot, (*ballot, *command));
                    }
                }
            }
            MultiEvent::Paxos(PaxosEvent::Note { node, note }) => {
                let i = replica(*node);
                let voter = ghost.voter(*node);
                match note {
                    Note::Promised { ballot, .. } => {
                        if let Some(p) = voter.and_then(|v| ghost.promised_ever.get_mut(v)) {
                            *p = (*p).max(Some(*ballot));
                        }
                    }
                    Note::Voted { ballot, slot, .. } => {
                        if let Some(Some(promised)) = voter.and_then(|v| ghost.promised_ever.get(v))
                        {
                            if *ballot < *promised {
                                found.push(MultiViolation::PromiseKept {
                                    step,
                                    replica: *node,
                                    promised: *promised,
                                    accepted: *ballot,
                                    slot: *slot,
                                });
                            }
                        }
                    }
                    Note::Learned { slot, command } => {
                        let chosen = ghost.chosen.get(slot).map(|c| c.1);
                        if chosen != Some(*command) {
                            found.push(MultiViolation::LogConsistency {
                                step,
                                replica: *node,
                                slot: *slot,
                                command: *command,
                                chosen,
                            });
                        }
                    }
                    Note::Applied { slot, applied } => {
                        let command = command_of(applied);
                        let chosen = ghost.chosen.get(slot).map(|c| c.1);
                        if chosen != Some(command) {
                            found.push(MultiViolation::LogConsistency {
                                step,
                                replica: *node,
                                slot: *slot,
                                command,
                                chosen,
                            });
                        }
                        if let Applied::Executed { request, .. } = applied {
                            let fresh = ghost
                                .executed
                                .get_mut(i)
                                .is_some_and(|e| e.insert((request.client, request.id)));
                            if !fresh {
                                found.push(MultiViolation::AtMostOnce {
                                    step,
                                    replica: *node,
                                    request: *request,
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            MultiEvent::Paxos(PaxosEvent::Replied { .. }) => {
                let verdict = linearizability::check_from(&ghost.calls, &ghost.bases);
                let quiescent = ghost.calls.iter().all(|c| c.returned.is_some());
                if verdict.is_ok() && quiescent && ghost.calls.len() >= COMPACT_AT {
                    if let Ok(bases) = linearizability::final_stores(&ghost.calls, &ghost.bases) {
                        ghost.bases = bases;
                        ghost.calls.clear();
                    }
                }
                if let Err(NotLinearizable::NoOrder { longest }) = verdict {
                    let longest = longest
                        .iter()
                        .filter_map(|&k| ghost.calls.get(k))
                        .map(|c| match c.returned {
                            Some((_, o)) => format!("{} {} -> {o}", c.client, c.op),
                            None => format!("{} {} (no reply)", c.client, c.op),
                        })
                        .collect();
                    found.push(MultiViolation::Linearizability {
                        step,
                        calls: ghost.calls.len(),
                        longest,
                    });
                }
            }
            _ => {}
        }
    }
    for (node, applied, d) in std::mem::take(&mut ghost.pending_stores) {
        match ghost.stores.get(&applied) {
            Some(first) if *first != d => found.push(MultiViolation::StoresDiffer {
                step,
                replica: node,
                applied,
            }),
            Some(_) => {}
            None => {
                ghost.stores.insert(applied, d);
            }
        }
    }
    found
}
