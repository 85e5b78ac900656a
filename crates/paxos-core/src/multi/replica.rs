//! A Multi-Paxos replica: leader, acceptor, learner and key-value store in one node, as
//! deployed systems run it (the combined layout: `n1`, `n2`, ...).
//!
//! - **Leadership.** A replica that gets a client request and believes in no leader (or that
//!   times out waiting) *campaigns*: it picks a ballot above every one it has seen and sends one
//!   `Prepare(b, from)` for all slots from the first it does not know to be chosen. With a
//!   quorum of promises it is leader: it re-proposes what [`recover`] says for the slots its
//!   predecessors may have used, no-ops in the gaps, and only then puts new requests in fresh
//!   slots, one `Accept` round trip each. A higher ballot (in a Prepare, an Accept or a Nack)
//!   deposes it; it then believes in that ballot's owner.
//! - **Followers.** A replica that believes in another leader forwards a client's request to
//!   it. The leader replies to the client when it applies the request. A follower whose
//!   forwarded request is not applied before its timer fires suspects the leader and
//!   campaigns, taking the request with it.
//! - **Learning.** Every acceptor reports each vote to every replica; a replica that counts a
//!   quorum of votes for the same ballot in a slot has learned that slot's command. It applies
//!   learned slots in order; when it learns a slot past one it is missing, it asks the leader
//!   to catch it up.
//! - **Crash.** The acceptor state and the highest round used are durable; everything else,
//!   the store included, is rebuilt by learning again.

use super::acceptor::SlotAcceptor;
pub use super::note::{Note, Why};
use super::recovery::{recover, Recovered, Source};
use super::store::{Applied, KvStore};
use super::{clone_if_changed, Command, Msg, Op, Out, Outbox, Outcome, Request, Slot, SlotVote};
use crate::ids::{Ballot, NodeId};
use crate::quorum::Quorums;
use crate::renaming::AcceptorRenaming;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Settings of a replica that the cluster decides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ReplicaConfig {
    /// How long a candidate waits for its promises, or a follower for its forwarded requests,
    /// before it campaigns.
    pub retry_timeout: u64,
    /// Deliberately broken variants, for demonstrations and for proving the checkers can fail.
    pub bugs: MultiBugs,
}

/// Switches for known-wrong Multi-Paxos leaders. All off is the protocol as described above.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct MultiBugs {
    /// A new leader does not re-propose the commands its promises report: every slot it
    /// recovers becomes a no-op, overwriting commands that may have been chosen.
    pub ignore_reports: bool,
    /// A new leader puts new commands in the slots it believes empty (those it has no vote and
    /// no learned command for), as if phase 1 had not covered them.
    pub skip_recovery: bool,
    /// A leader answers `get` from its own store at once, without going through the log: a
    /// leader that was deposed without knowing it serves a stale read.
    pub local_reads: bool,
}

impl MultiBugs {
    /// True when no bug is switched on.
    pub fn none(&self) -> bool {
        *self == MultiBugs::default()
    }

    /// Every bug's name, as scripts, the CLI's `--bug` and the Check panel write it.
    pub const ALL: [&'static str; 3] = ["ignore-reports", "skip-recovery", "local-reads"];

    /// The switch named `name` (one of [`MultiBugs::ALL`]).
    fn switch(&mut self, name: &str) -> Option<&mut bool> {
        match name {
            "ignore-reports" => Some(&mut self.ignore_reports),
            "skip-recovery" => Some(&mut self.skip_recovery),
            "local-reads" => Some(&mut self.local_reads),
            _ => None,
        }
    }

    /// Switches on the bug called `name`; false if there is none by that name.
    pub fn enable(&mut self, name: &str) -> bool {
        self.switch(name).map(|on| *on = true).is_some()
    }

    /// The names of the bugs switched on, in the order of [`MultiBugs::ALL`].
    pub fn names(&self) -> Vec<&'static str> {
        let mut copy = *self;
        MultiBugs::ALL
            .into_iter()
            .filter(|name| copy.switch(name).is_some_and(|on| *on))
            .collect()
    }
}

/// What a replica believes its part is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Role {
    /// It follows the leader it believes in (if any).
    Follower,
    /// It runs phase 1 for its ballot.
    Candidate,
    /// Phase 1 is done: it assigns commands to slots.
    Leader,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Follower => "follower",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        })
    }
}

/// One replica's state.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Replica {
    id: NodeId,
    replicas: u8,
    /// Standalone acceptors `a1..` it sends phase 1 and 2 to; 0 in the combined layout, where
    /// the replicas' own acceptors vote.
    acceptors: u8,
    quorums: Quorums,
    config: ReplicaConfig,
    // Durable.
    acceptor: SlotAcceptor,
    max_round: u32,
    // Leadership (volatile).
    seen_round: u32,
    role: Role,
    ballot: Option<Ballot>,
    promises: u16,
    reports: Vec<(NodeId, Vec<SlotVote>)>,
    from_slot: Slot,
    next_slot: Slot,
    proposed: BTreeMap<Slot, Command>,
    pending: Vec<Request>,
    /// Requests it forwarded to the leader and has not seen applied: if its timer fires
    /// first, it suspects the leader, campaigns, and proposes them itself.
    forwarded: Vec<Request>,
    leader: Option<NodeId>,
    timer: Option<u64>,
    recovered: Vec<Recovered>,
    // Learning and applying (volatile: relearned after a crash).
    tallies: BTreeMap<(Slot, Ballot, Command), u16>,
    chosen: BTreeMap<Slot, Command>,
    store: KvStore,
    waiting: BTreeSet<(NodeId, u32)>,
}

/// Written out so that `clone_from` reuses what it can: the explorer copies a replica into a
/// scratch world for every action it tries, and most of the time nothing in it changed.
/// Buffers of plain values are reused; maps, which the standard library would rebuild, are
/// copied only when they differ ([`clone_if_changed`]).
impl Clone for Replica {
    fn clone(&self) -> Replica {
        Replica {
            id: self.id,
            replicas: self.replicas,
            acceptors: self.acceptors,
            quorums: self.quorums,
            config: self.config,
            acceptor: self.acceptor.clone(),
            max_round: self.max_round,
            seen_round: self.seen_round,
            role: self.role,
            ballot: self.ballot,
            promises: self.promises,
            reports: self.reports.clone(),
            from_slot: self.from_slot,
            next_slot: self.next_slot,
            proposed: self.proposed.clone(),
            pending: self.pending.clone(),
            forwarded: self.forwarded.clone(),
            leader: self.leader,
            timer: self.timer,
            recovered: self.recovered.clone(),
            tallies: self.tallies.clone(),
            chosen: self.chosen.clone(),
            store: self.store.clone(),
            waiting: self.waiting.clone(),
        }
    }

    fn clone_from(&mut self, source: &Replica) {
        let Replica {
            id,
            replicas,
            acceptors,
            quorums,
            config,
            acceptor,
            max_round,
            seen_round,
            role,
            ballot,
            promises,
            reports,
            from_slot,
            next_slot,
            proposed,
            pending,
            forwarded,
            leader,
            timer,
            recovered,
            tallies,
            chosen,
            store,
            waiting,
        } = self;
        *id = source.id;
        *replicas = source.replicas;
        *acceptors = source.acceptors;
        *quorums = source.quorums;
        *config = source.config;
        acceptor.clone_from(&source.acceptor);
        *max_round = source.max_round;
        *seen_round = source.seen_round;
        *role = source.role;
        *ballot = source.ballot;
        *promises = source.promises;
        clone_if_changed(reports, &source.reports);
        *from_slot = source.from_slot;
        *next_slot = source.next_slot;
        clone_if_changed(proposed, &source.proposed);
        pending.clone_from(&source.pending);
        forwarded.clone_from(&source.forwarded);
        *leader = source.leader;
        *timer = source.timer;
        recovered.clone_from(&source.recovered);
        clone_if_changed(tallies, &source.tallies);
        clone_if_changed(chosen, &source.chosen);
        store.clone_from(&source.store);
        clone_if_changed(waiting, &source.waiting);
    }
}

impl Replica {
    /// Replica `id` (`n<i>`) of `replicas` combined replicas, with majority quorums.
    pub fn new(id: NodeId, replicas: u8, config: ReplicaConfig) -> Replica {
        Replica::with_acceptors(id, replicas, 0, config)
    }

    /// Replica `id` of `replicas` replicas whose votes come from `acceptors` standalone
    /// acceptors `a1..` (majority quorums of them); with 0 acceptors, the combined layout.
    pub fn with_acceptors(
        id: NodeId,
        replicas: u8,
        acceptors: u8,
        config: ReplicaConfig,
    ) -> Replica {
        Replica {
            id,
            replicas,
            acceptors,
            quorums: Quorums::majority(if acceptors == 0 { replicas } else { acceptors }),
            config,
            acceptor: SlotAcceptor::new(),
            max_round: 0,
            seen_round: 0,
            role: Role::Follower,
            ballot: None,
            promises: 0,
            reports: Vec::new(),
            from_slot: 1,
            next_slot: 1,
            proposed: BTreeMap::new(),
            pending: Vec::new(),
            forwarded: Vec::new(),
            leader: None,
            timer: None,
            recovered: Vec::new(),
            tallies: BTreeMap::new(),
            chosen: BTreeMap::new(),
            store: KvStore::new(),
            waiting: BTreeSet::new(),
        }
    }

    /// Its name.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// What it believes its part is.
    pub fn role(&self) -> Role {
        self.role
    }
    /// Its current (or last) ballot as candidate or leader.
    pub fn ballot(&self) -> Option<Ballot> {
        self.ballot
    }
    /// The leader it believes in.
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    /// Its acceptor.
    pub fn acceptor(&self) -> &SlotAcceptor {
        &self.acceptor
    }
    /// The slots it has learned, with their commands.
    pub fn chosen(&self) -> &BTreeMap<Slot, Command> {
        &self.chosen
    }
    /// Its key-value store.
    pub fn store(&self) -> &KvStore {
        &self.store
    }
    /// The slots its last phase 1 recovered, with the reason for each command.
    pub fn recovered(&self) -> &[Recovered] {
        &self.recovered
    }
    /// When it wants `on_timeout` called, if it is waiting for anything.
    pub fn timer(&self) -> Option<u64> {
        self.timer
    }
    /// The round its next campaign will use: one above every round it used or saw.
    pub fn next_round(&self) -> u32 {
        self.max_round.max(self.seen_round) + 1
    }
    /// The next fresh slot it would assign as leader.
    pub fn next_slot(&self) -> Slot {
        self.next_slot
    }

    /// The voters that promised its current ballot, as candidate or leader.
    pub fn promises(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.voters()
            .filter(|v| self.promises & Replica::bit(*v) != 0)
    }

    /// The commands it proposed at its current ballot, by slot.
    pub fn proposed(&self) -> &BTreeMap<Slot, Command> {
        &self.proposed
    }

    /// Standalone acceptors it uses (0 when its own acceptor votes).
    pub fn acceptors(&self) -> u8 {
        self.acceptors
    }

    /// The nodes whose votes count: every replica's acceptor, or the standalone acceptors.
    fn voters(&self) -> impl Iterator<Item = NodeId> {
        let (n, kind): (u8, fn(u8) -> NodeId) = match self.acceptors {
            0 => (self.replicas, NodeId::node),
            k => (k, NodeId::acceptor),
        };
        (1..=n).map(kind)
    }

    fn bit(id: NodeId) -> u16 {
        1u16 << (id.index.saturating_sub(1) & 15)
    }

    /// Sends `msg` (a Prepare or an Accept) to every voter.
    fn send_all(&self, msg: Msg, out: &mut Outbox) {
        for to in self.voters() {
            out.push(Out {
                to,
                msg: msg.clone(),
            });
        }
    }

    /// The first slot it has not learned.
    fn first_unchosen(&self) -> Slot {
        let mut s = self.store.applied() + 1;
        while self.chosen.contains_key(&s) {
            s += 1;
        }
        s
    }

    /// A higher ballot was seen: it believes in that ballot's owner, and stops leading.
    fn follow(&mut self, by: Ballot, notes: &mut Vec<Note>) {
        self.seen_round = self.seen_round.max(by.round);
        if by.proposer != self.id {
            self.leader = Some(by.proposer);
        }
        if let Some(mine) = self.ballot.filter(|b| *b < by) {
            if self.role != Role::Follower {
                self.role = Role::Follower;
                self.timer = None;
                notes.push(Note::Deposed { ballot: mine, by });
            }
        }
    }

    /// Starts phase 1 with a ballot above every one it has seen; returns that ballot.
    pub fn campaign(&mut self, now: u64, out: &mut Outbox, notes: &mut Vec<Note>) -> Ballot {
        let round = self.max_round.max(self.seen_round) + 1;
        let ballot = Ballot::new(round, self.id);
        self.max_round = round;
        self.ballot = Some(ballot);
        self.role = Role::Candidate;
        self.promises = 0;
        self.reports.clear();
        self.proposed.clear();
        self.from_slot = self.first_unchosen();
        self.timer = Some(now + self.config.retry_timeout);
        // The requests it forwarded to a leader it now suspects: it will propose them itself.
        for r in std::mem::take(&mut self.forwarded) {
            if !self.pending.contains(&r) {
                self.pending.push(r);
                self.waiting.insert((r.client, r.id));
            }
        }
        notes.push(Note::Campaign {
            ballot,
            from: self.from_slot,
        });
        self.send_all(
            Msg::Prepare {
                ballot,
                from: self.from_slot,
            },
            out,
        );
        ballot
    }

    /// Hands `msg` from `from` to the part of the replica it is for.
    pub fn on_message(
        &mut self,
        now: u64,
        from: NodeId,
        msg: Msg,
        out: &mut Outbox,
        notes: &mut Vec<Note>,
    ) {
        match msg {
            Msg::Request(r) => self.on_request(now, r, out, notes),
            // With standalone acceptors, a replica does not vote.
            Msg::Prepare { .. } | Msg::Accept { .. } if self.acceptors > 0 => {}
            Msg::Prepare { ballot, from: slot } => self.on_prepare(from, ballot, slot, out, notes),
            Msg::Promise { ballot, accepted } => {
                self.on_promise(from, ballot, accepted, out, notes)
            }
            Msg::Accept {
                ballot,
                slot,
                command,
            } => self.on_accept(from, ballot, slot, command, out, notes),
            Msg::Accepted {
                ballot,
                slot,
                command,
            } => self.on_accepted(from, ballot, slot, command, out, notes),
            Msg::Nack { ballot, promised } => {
                if self.ballot == Some(ballot) {
                    self.follow(promised, notes);
                    self.hand_over(out, notes);
                }
            }
            Msg::CatchUp { from: slot } => {
                for (&s, &command) in self.chosen.range(slot..) {
                    out.push(Out {
                        to: from,
                        msg: Msg::Chosen { slot: s, command },
                    });
                }
            }
            Msg::Chosen { slot, command } => self.learn(slot, command, out, notes),
            Msg::Reply { .. } => {}
        }
    }

    /// A client's request (from the client, or forwarded by another replica).
    pub fn on_request(&mut self, now: u64, r: Request, out: &mut Outbox, notes: &mut Vec<Note>) {
        if let Some(outcome) = self.store.result_of(r.client, r.id) {
            notes.push(Note::Answered { request: r });
            out.push(Out {
                to: r.client,
                msg: Msg::Reply { id: r.id, outcome },
            });
            return;
        }
        if let (Role::Leader, true, Op::Get { key }) =
            (self.role, self.config.bugs.local_reads, r.op)
        {
            // Broken: a read served from this replica's store, without the log.
            let outcome = Outcome::Read(self.store.get(key));
            notes.push(Note::Answered { request: r });
            out.push(Out {
                to: r.client,
                msg: Msg::Reply { id: r.id, outcome },
            });
            return;
        }
        match self.role {
            Role::Leader => {
                self.waiting.insert((r.client, r.id));
                if !self.has_proposed(r) {
                    self.propose_new(r, out, notes);
                }
            }
            Role::Candidate => {
                self.waiting.insert((r.client, r.id));
                if !self.pending.contains(&r) {
                    self.pending.push(r);
                }
                notes.push(Note::Queued { request: r });
            }
            Role::Follower => match self.leader.filter(|l| *l != self.id) {
                Some(to) => {
                    notes.push(Note::Forwarded { request: r, to });
                    out.push(Out {
                        to,
                        msg: Msg::Request(r),
                    });
                    if !self.forwarded.contains(&r) {
                        self.forwarded.push(r);
                    }
                    if self.timer.is_none() {
                        self.timer = Some(now + self.config.retry_timeout);
                    }
                }
                None => {
                    self.waiting.insert((r.client, r.id));
                    self.pending.push(r);
                    notes.push(Note::Queued { request: r });
                    self.campaign(now, out, notes);
                }
            },
        }
    }

    fn on_prepare(
        &mut self,
        leader: NodeId,
        ballot: Ballot,
        from: Slot,
        out: &mut Outbox,
        notes: &mut Vec<Note>,
    ) {
        if let Some(ballot) = self.acceptor.prepare(leader, ballot, from, out, notes) {
            self.follow(ballot, notes);
        }
    }

    fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: Vec<SlotVote>,
        out: &mut Outbox,
        notes: &mut Vec<Note>,
    ) {
        let bit = Replica::bit(from);
        if self.role != Role::Candidate || self.ballot != Some(ballot) || self.promises & bit != 0 {
            return;
        }
        self.promises |= bit;
        self.reports.push((from, accepted));
        notes.push(Note::PromiseCounted {
            ballot,
            count: self.promises.count_ones() as u8,
            quorum: self.quorums.phase1(),
        });
        if !self.quorums.phase1_reached(self.promises) {
            return;
        }
        // Phase 1 is done: lead, re-propose what may have been chosen, then the queue.
        self.role = Role::Leader;
        self.leader = Some(self.id);
        self.timer = None;
        let mut recovered = recover(
            self.from_slot,
            self.reports.iter().map(|(n, v)| (*n, v.as_slice())),
        );
        if self.config.bugs.ignore_reports {
            for r in &mut recovered {
                r.command = Command::Noop;
                r.source = Source::Gap;
            }
        }
        self.next_slot = self.from_slot + recovered.len() as Slot;
        if self.config.bugs.skip_recovery {
            // Broken: slots this replica knows nothing about are taken as empty, whatever the
            // promises reported there, and fresh commands go into them.
            let (acceptor, chosen) = (&self.acceptor, &self.chosen);
            recovered
                .retain(|r| acceptor.accepted(r.slot).is_some() || chosen.contains_key(&r.slot));
            self.next_slot = self.first_unchosen();
        }
        self.recovered = recovered.clone();
        notes.push(Note::Elected {
            ballot,
            recovered: recovered.clone(),
        });
        for r in recovered {
            self.propose(r.slot, r.command, Why::Recovered(r.source), out, notes);
        }
        for r in std::mem::take(&mut self.pending) {
            let done = self.store.result_of(r.client, r.id).is_some();
            if !done && !self.has_proposed(r) {
                self.propose_new(r, out, notes);
            }
        }
    }

    /// True when this leader already proposed `r` in some slot at its ballot.
    fn has_proposed(&self, r: Request) -> bool {
        self.proposed.values().any(|c| *c == Command::Client(r))
    }

    fn propose_new(&mut self, r: Request, out: &mut Outbox, notes: &mut Vec<Note>) {
        let mut slot = self.next_slot.max(self.first_unchosen());
        if self.config.bugs.skip_recovery {
            // Broken: the first slot it has no vote, no learned command and no proposal for.
            slot = self.first_unchosen();
            while self.proposed.contains_key(&slot) || self.acceptor.accepted(slot).is_some() {
                slot += 1;
            }
        }
        self.next_slot = slot + 1;
        self.propose(slot, Command::Client(r), Why::New, out, notes);
    }

    fn propose(
        &mut self,
        slot: Slot,
        command: Command,
        why: Why,
        out: &mut Outbox,
        notes: &mut Vec<Note>,
    ) {
        let Some(ballot) = self.ballot else { return };
        self.proposed.insert(slot, command);
        notes.push(Note::Proposed { slot, command, why });
        self.send_all(
            Msg::Accept {
                ballot,
                slot,
                command,
            },
            out,
        );
    }

    fn on_accept(
        &mut self,
        leader: NodeId,
        ballot: Ballot,
        slot: Slot,
        command: Command,
        out: &mut Outbox,
        notes: &mut Vec<Note>,
    ) {
        let learners = (1..=self.replicas).map(NodeId::node);
        if let Some(ballot) = self
            .acceptor
            .accept(leader, ballot, slot, command, learners, out, notes)
        {
            self.follow(ballot, notes);
        }
    }

    fn on_accepted(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: Slot,
        command: Command,
        out: &mut Outbox,
        notes: &mut Vec<Note>,
    ) {
        if self.acceptors > 0 && ballot.round > self.seen_round {
            // With separate roles no Prepare or Accept reaches a replica: an acceptor's vote
            // at a higher round is how it hears of a new leader (and that it was deposed).
            self.follow(ballot, notes);
        }
        if self.chosen.contains_key(&slot) || slot <= self.store.applied() {
            return;
        }
        let votes = self.tallies.entry((slot, ballot, command)).or_insert(0);
        let before = *votes;
        *votes |= Replica::bit(from);
        if !self.quorums.phase2_reached(*votes) {
            if *votes != before {
                notes.push(Note::VotesCounted {
                    slot,
                    ballot,
                    count: votes.count_ones() as u8,
                    quorum: self.quorums.phase2(),
                });
            }
            return;
        }
        self.tallies.retain(|(s, _, _), _| *s != slot);
        self.learn(slot, command, out, notes);
        let next = self.store.applied() + 1;
        if slot > next && !self.chosen.contains_key(&next) && ballot.proposer != self.id {
            // A slot before this one is missing here: ask the ballot's leader.
            out.push(Out {
                to: ballot.proposer,
                msg: Msg::CatchUp { from: next },
            });
        }
    }

    fn learn(&mut self, slot: Slot, command: Command, out: &mut Outbox, notes: &mut Vec<Note>) {
        if slot <= self.store.applied() || self.chosen.contains_key(&slot) {
            return;
        }
        self.chosen.insert(slot, command);
        notes.push(Note::Learned { slot, command });
        while let Some(&command) = self.chosen.get(&(self.store.applied() + 1)) {
            let slot = self.store.applied() + 1;
            let Ok(applied) = self.store.apply(slot, command) else {
                break;
            };
            notes.push(Note::Applied { slot, applied });
            if let Applied::Executed { request, outcome }
            | Applied::Duplicate { request, outcome } = applied
            {
                self.forwarded
                    .retain(|f| (f.client, f.id) != (request.client, request.id));
                if self.forwarded.is_empty() && self.role == Role::Follower {
                    self.timer = None;
                }
                if self.waiting.remove(&(request.client, request.id)) {
                    out.push(Out {
                        to: request.client,
                        msg: Msg::Reply {
                            id: request.id,
                            outcome,
                        },
                    });
                }
            }
        }
    }

    /// Deposed with requests waiting: they go to the leader it now believes in.
    fn hand_over(&mut self, out: &mut Outbox, notes: &mut Vec<Note>) {
        let Some(to) = self.leader.filter(|l| *l != self.id) else {
            return;
        };
        for r in std::mem::take(&mut self.pending) {
            self.waiting.remove(&(r.client, r.id));
            notes.push(Note::Forwarded { request: r, to });
            out.push(Out {
                to,
                msg: Msg::Request(r),
            });
        }
    }

    /// Its timer fired: a candidate whose promises did not come, or a follower whose forwarded
    /// requests were not applied (it suspects the leader), campaigns. Returns the new ballot,
    /// or `None` when it was waiting for nothing.
    pub fn on_timeout(
        &mut self,
        now: u64,
        out: &mut Outbox,
        notes: &mut Vec<Note>,
    ) -> Option<Ballot> {
        self.timer?;
        Some(self.campaign(now, out, notes))
    }

    /// Hashes what matters for the replica's future, for a model checker that merges states
    /// reached by different paths: everything but the step at which its timer fires (only
    /// whether one is pending).
    pub fn hash_logical<H: std::hash::Hasher>(&self, h: &mut H) {
        self.hash_with(h, &AcceptorRenaming::identity(), true);
    }

    /// [`Replica::hash_logical`] as if the standalone acceptors `a1..` were renamed by `r`, for
    /// symmetry reduction: their bits in its promise and vote tallies, their names in the
    /// promises it collected. (In the combined layout the voters are replicas, which are never
    /// renamed, and checkers do not rename.)
    ///
    /// It leaves out which acceptor a recovered command was adopted from: [`recover`] names
    /// the lowest-numbered of equal reports, a choice by name that no renaming commutes with,
    /// so two renamings of one state would lead to states that differ in that name alone, and
    /// the reduction's count would depend on the order of the search. The name is only shown
    /// (the page's reason for the slot, a note), never acted on or checked, so forgetting it
    /// merges nothing that behaves differently.
    pub fn hash_renamed<H: std::hash::Hasher>(&self, h: &mut H, r: &AcceptorRenaming) {
        self.hash_with(h, r, false);
    }

    fn hash_with<H: std::hash::Hasher>(&self, h: &mut H, r: &AcceptorRenaming, sources: bool) {
        use std::hash::Hash;
        let Replica {
            id,
            replicas,
            acceptors,
            quorums,
            config,
            acceptor,
            max_round,
            seen_round,
            role,
            ballot,
            promises,
            reports,
            from_slot,
            next_slot,
            proposed,
            pending,
            forwarded,
            leader,
            timer,
            recovered,
            tallies,
            chosen,
            store,
            waiting,
        } = self;
        (
            id, replicas, acceptors, quorums, config, acceptor, max_round, seen_round,
        )
            .hash(h);
        (role, ballot, r.bits(*promises)).hash(h);
        // In the order they arrived, which a renaming keeps.
        h.write_usize(reports.len());
        for (from, votes) in reports {
            (r.id(*from), votes).hash(h);
        }
        (from_slot, next_slot, proposed).hash(h);
        (pending, forwarded, leader, timer.is_some()).hash(h);
        h.write_usize(recovered.len());
        for rec in recovered {
            let source = match rec.source {
                Source::Adopted { from, ballot } => Source::Adopted {
                    from: if sources {
                        r.id(from)
                    } else {
                        NodeId::acceptor(0)
                    },
                    ballot,
                },
                Source::Gap => Source::Gap,
            };
            (rec.slot, rec.command, source).hash(h);
        }
        h.write_usize(tallies.len());
        for (key, bits) in tallies {
            (key, r.bits(*bits)).hash(h);
        }
        (chosen, store, waiting).hash(h);
    }

    /// Appends what of it can change, for the model checker's frontier: everything but its
    /// name, the cluster's shape, its quorums and its settings, which are those of the replica
    /// it is read back into ([`Replica::unpack_state`]).
    pub fn pack_state(&self, out: &mut Vec<u8>) {
        use crate::pack::Pack;
        let Replica {
            id: _,
            replicas: _,
            acceptors: _,
            quorums: _,
            config: _,
            acceptor,
            max_round,
            seen_round,
            role,
            ballot,
            promises,
            reports,
            from_slot,
            next_slot,
            proposed,
            pending,
            forwarded,
            leader,
            timer,
            recovered,
            tallies,
            chosen,
            store,
            waiting,
        } = self;
        acceptor.pack(out);
        (*max_round, *seen_round, *role).pack(out);
        (*ballot, *promises, *from_slot).pack(out);
        reports.len().pack(out);
        for (from, votes) in reports {
            from.pack(out);
            crate::pack::pack_slice(votes, out);
        }
        next_slot.pack(out);
        proposed.pack(out);
        crate::pack::pack_slice(pending, out);
        crate::pack::pack_slice(forwarded, out);
        (*leader, *timer).pack(out);
        crate::pack::pack_slice(recovered, out);
        tallies.pack(out);
        chosen.pack(out);
        store.pack(out);
        waiting.pack(out);
    }

    /// Reads what [`Replica::pack_state`] wrote into this replica (one of the same cluster).
    pub fn unpack_state(&mut self, input: &mut &[u8]) -> Option<()> {
        use crate::pack::{unpack_vec, Pack};
        self.acceptor = Pack::unpack(input)?;
        (self.max_round, self.seen_round, self.role) = Pack::unpack(input)?;
        (self.ballot, self.promises, self.from_slot) = Pack::unpack(input)?;
        let n = usize::unpack(input)?;
        self.reports.clear();
        for _ in 0..n {
            let from = NodeId::unpack(input)?;
            let mut votes = Vec::new();
            unpack_vec(&mut votes, input)?;
            self.reports.push((from, votes));
        }
        self.next_slot = Pack::unpack(input)?;
        self.proposed = Pack::unpack(input)?;
        unpack_vec(&mut self.pending, input)?;
        unpack_vec(&mut self.forwarded, input)?;
        (self.leader, self.timer) = Pack::unpack(input)?;
        unpack_vec(&mut self.recovered, input)?;
        self.tallies = Pack::unpack(input)?;
        self.chosen = Pack::unpack(input)?;
        self.store = Pack::unpack(input)?;
        self.waiting = Pack::unpack(input)?;
        Some(())
    }

    /// A crash: the acceptor's state and the highest round used survive; the rest is
    /// relearned.
    pub fn crash(&mut self) {
        let (acceptor, max_round) = (self.acceptor.clone(), self.max_round);
        *self = Replica {
            acceptor,
            max_round,
            ..Replica::with_acceptors(self.id, self.replicas, self.acceptors, self.config)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;
    use std::collections::VecDeque;

    #[test]
    fn every_multi_bug_name_switches_on_exactly_its_bug_and_reads_back() {
        for name in MultiBugs::ALL {
            let mut b = MultiBugs::default();
            assert!(b.enable(name), "{name}");
            assert_eq!(b.names(), vec![name]);
        }
        let mut b = MultiBugs::default();
        assert!(!b.enable("sloppy"));
        assert!(b.none());
        assert!(b.enable("local-reads") && b.local_reads && !b.ignore_reports);
    }

    /// Replicas (and, with separate roles, standalone acceptors) on a FIFO network, for
    /// watching whole exchanges.
    struct Net {
        replicas: Vec<Replica>,
        acceptors: Vec<super::super::acceptor::AcceptorNode>,
        queue: VecDeque<(NodeId, Out)>,
        replies: Vec<String>,
        log: Vec<String>,
        now: u64,
    }

    impl Net {
        fn new(n: u8) -> Net {
            Net::separate(n, 0)
        }
        /// `n` replicas and `k` standalone acceptors (none: combined replicas).
        fn separate(n: u8, k: u8) -> Net {
            let config = ReplicaConfig {
                retry_timeout: 10,
                bugs: MultiBugs::default(),
            };
            Net {
                replicas: (1..=n)
                    .map(|i| Replica::with_acceptors(NodeId::node(i), n, k, config))
                    .collect(),
                acceptors: (1..=k)
                    .map(|i| super::super::acceptor::AcceptorNode::new(NodeId::acceptor(i), n))
                    .collect(),
                queue: VecDeque::new(),
                replies: Vec::new(),
                log: Vec::new(),
                now: 0,
            }
        }
        fn r(&mut self, i: u8) -> &mut Replica {
            &mut self.replicas[i as usize - 1]
        }
        fn send(&mut self, from: NodeId, out: Outbox) {
            for o in out {
                self.queue.push_back((from, o));
            }
        }
        fn request(&mut self, at: u8, r: Request) {
            self.queue.push_back((
                r.client,
                Out {
                    to: NodeId::node(at),
                    msg: Msg::Request(r),
                },
            ));
        }
        /// Delivers until quiet, dropping what `lost` says; returns how many it delivered.
        fn run(&mut self, lost: impl Fn(NodeId, &Out) -> bool) -> usize {
            let mut n = 0;
            while let Some((from, o)) = self.queue.pop_front() {
                if lost(from, &o) {
                    continue;
                }
                n += 1;
                self.now += 1;
                if o.to.kind == crate::ids::NodeKind::Client {
                    self.replies.push(format!("{} -> {} {}", from, o.to, o.msg));
                    continue;
                }
                let (mut out, mut notes) = (Outbox::new(), Vec::new());
                let now = self.now;
                if o.to.kind == crate::ids::NodeKind::Acceptor {
                    let a = &mut self.acceptors[o.to.index as usize - 1];
                    a.on_message(from, &o.msg, &mut out, &mut notes);
                } else {
                    let r = self.r(o.to.index);
                    r.on_message(now, from, o.msg, &mut out, &mut notes);
                }
                for note in notes {
                    self.log.push(format!("{}: {note:?}", o.to));
                }
                self.send(o.to, out);
            }
            n
        }
    }

    fn put(client: u8, id: u32, key: &str, value: &str) -> Request {
        Request {
            client: NodeId::client(client),
            id,
            op: Op::Put {
                key: Value::new(key).unwrap(),
                value: Value::new(value).unwrap(),
            },
        }
    }

    #[test]
    fn with_separate_roles_replicas_lead_and_learn_and_standalone_acceptors_vote() {
        // Two replicas, three acceptors: quorums are two of a1..a3, whatever the replicas.
        let mut net = Net::separate(2, 3);
        net.request(1, put(1, 1, "x", "1"));
        net.run(|_, _| false);
        assert_eq!(net.r(1).role(), Role::Leader);
        assert_eq!(net.replies, vec!["n1 -> c1 Reply #1 stored"]);
        assert_eq!(net.r(2).store().applied(), 1);
        for a in &net.acceptors {
            assert_eq!(a.state().promised(), Some(Ballot::new(1, NodeId::node(1))));
            assert!(a.state().accepted(1).is_some(), "{}", a.id());
        }
        // The replicas' own acceptors never vote.
        for i in 1..=2 {
            assert_eq!(net.r(i).acceptor().promised(), None);
        }
        // Steady state: request, 3 Accepts, each acceptor's Accepted to both replicas, reply.
        net.log.clear();
        net.request(1, put(1, 2, "y", "2"));
        assert_eq!(net.run(|_, _| false), 1 + 3 + 3 * 2 + 1);
        assert!(
            net.log.iter().any(|l| l.starts_with("a2: Voted")),
            "{:?}",
            net.log
        );
        // Slot 3's Accepteds to n2 are lost, so n2 does not know it is chosen.
        net.request(1, put(1, 3, "x", "4"));
        let n2 = NodeId::node(2);
        net.run(|_, o| o.to == n2 && o.msg.kind() == "Accepted");
        assert_eq!(net.r(2).store().applied(), 2);
        // With a3 unreachable, n2 still gets two promises from slot 3 on, re-proposes the
        // command they report there, and only then puts a new request in slot 4.
        net.log.clear();
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        net.r(2).campaign(100, &mut out, &mut notes);
        net.send(n2, out);
        net.request(2, put(2, 1, "z", "3"));
        let a3 = NodeId::acceptor(3);
        net.run(|from, o| o.to == a3 || from == a3);
        assert_eq!(net.r(2).role(), Role::Leader);
        let recovered: Vec<String> = net
            .r(2)
            .recovered()
            .iter()
            .map(|r| format!("{} {}", r.slot, r.command))
            .collect();
        assert_eq!(recovered, vec!["3 c1#3 put x 4"]);
        assert_eq!(net.replies.last().unwrap(), "n2 -> c2 Reply #1 stored");
        assert_eq!(net.r(1).store().applied(), 4);
        assert_eq!(net.r(2).store().applied(), 4);
        assert_eq!(net.acceptors[2].state().accepted(4), None);
        // A replica ignores a Prepare sent to it: it has no vote here.
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        let b = Ballot::new(9, NodeId::node(2));
        net.r(1).on_message(
            0,
            NodeId::node(2),
            Msg::Prepare { ballot: b, from: 1 },
            &mut out,
            &mut notes,
        );
        assert!(out.is_empty() && notes.is_empty());
    }

    #[test]
    fn a_first_request_elects_a_leader_then_each_command_is_one_round_trip() {
        let mut net = Net::new(3);
        net.request(1, put(1, 1, "x", "1"));
        net.run(|_, _| false);
        assert_eq!(net.r(1).role(), Role::Leader);
        assert_eq!(net.replies, vec!["n1 -> c1 Reply #1 stored"]);
        for i in 1..=3 {
            let r = net.r(i);
            assert_eq!(r.store().applied(), 1, "n{i}");
            assert_eq!(
                r.store().get(Value::new("x").unwrap()),
                Value::new("1").ok()
            );
            assert_eq!(r.leader(), Some(NodeId::node(1)));
        }
        // Steady state: the next request costs Accept to 3, Accepted from 3 to 3, and a Reply.
        net.log.clear();
        net.request(1, put(1, 2, "y", "2"));
        let delivered = net.run(|_, _| false);
        assert_eq!(
            delivered,
            1 + 3 + 9 + 1,
            "request, Accepts, Accepteds, reply"
        );
        assert!(
            net.log.iter().all(|l| !l.contains("Campaign")),
            "{:?}",
            net.log
        );
        assert_eq!(net.replies.last().unwrap(), "n1 -> c1 Reply #2 stored");
        // A follower forwards to the leader it believes in.
        net.log.clear();
        net.request(3, put(2, 1, "z", "3"));
        net.run(|_, _| false);
        assert!(net.log[0].starts_with("n3: Forwarded"), "{:?}", net.log);
        assert_eq!(net.replies.last().unwrap(), "n1 -> c2 Reply #1 stored");
    }

    #[test]
    fn a_new_leader_re_proposes_accepted_slots_and_fills_gaps_with_noops() {
        let mut net = Net::new(3);
        net.request(1, put(1, 1, "x", "1"));
        net.run(|_, _| false);
        // n1 proposes two more slots; only n2 receives the Accept for slot 3, and every
        // Accepted report about slots 2 and 3 is lost.
        net.request(1, put(1, 2, "x", "2"));
        net.request(1, put(1, 3, "x", "3"));
        net.run(|_, o| match &o.msg {
            Msg::Accept { slot: 2, .. } => true,
            Msg::Accept { slot: 3, .. } => o.to != NodeId::node(2),
            Msg::Accepted { slot, .. } => *slot >= 2,
            _ => false,
        });
        assert_eq!(
            net.r(2).acceptor().accepted(3).map(|(_, c)| c),
            Some(Command::Client(put(1, 3, "x", "3")))
        );
        // n3 campaigns: slot 2 is a gap (nobody accepted anything), slot 3 was accepted by n2.
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        net.r(3).campaign(100, &mut out, &mut notes);
        net.send(NodeId::node(3), out);
        net.log.clear();
        net.run(|_, _| false);
        let elected = net.log.iter().find(|l| l.contains("Elected")).unwrap();
        assert!(elected.starts_with("n3: Elected"), "{elected}");
        let recovered: Vec<String> = net
            .r(3)
            .recovered()
            .iter()
            .map(|r| format!("{} {} {:?}", r.slot, r.command, r.source))
            .collect();
        assert_eq!(
            recovered,
            vec![
                "2 noop Gap".to_string(),
                format!(
                    "3 c1#3 put x 3 Adopted {{ from: {:?}, ballot: {:?} }}",
                    NodeId::node(2),
                    Ballot::new(1, NodeId::node(1))
                ),
            ]
        );
        for i in 1..=3 {
            assert_eq!(net.r(i).store().applied(), 3, "n{i} applied slots 1-3");
            assert_eq!(
                net.r(i).store().get(Value::new("x").unwrap()),
                Value::new("3").ok()
            );
        }
        // The old leader was deposed by n3's higher ballot.
        assert!(
            net.log.iter().any(|l| l.starts_with("n1: Deposed")),
            "{:?}",
            net.log
        );
        assert_eq!(net.r(1).leader(), Some(NodeId::node(3)));
    }

    #[test]
    fn a_retry_is_proposed_once_and_answered_from_memory_once_applied() {
        let mut net = Net::new(3);
        net.request(1, put(1, 1, "x", "1"));
        net.run(|_, _| false);
        let cas = Request {
            client: NodeId::client(1),
            id: 2,
            op: Op::Cas {
                key: Value::new("x").unwrap(),
                expect: Value::new("1").unwrap(),
                new: Value::new("2").unwrap(),
            },
        };
        // The retry reaches the leader while the first copy is still in flight: one slot.
        net.request(1, cas);
        net.request(1, cas);
        net.run(|_, o| matches!(o.msg, Msg::Reply { .. }));
        let proposed = net
            .log
            .iter()
            .filter(|l| l.starts_with("n1: Proposed") && l.contains("Cas"))
            .count();
        assert_eq!(proposed, 1, "{:?}", net.log);
        // Its reply was lost; the client asks n2, which applied it too and answers from its
        // store's memory: no new slot, no second execution.
        net.log.clear();
        net.request(2, cas);
        net.run(|_, _| false);
        assert!(
            net.log.iter().any(|l| l.starts_with("n2: Answered")),
            "{:?}",
            net.log
        );
        assert!(
            !net.log.iter().any(|l| l.contains("Proposed")),
            "{:?}",
            net.log
        );
        assert_eq!(net.replies.last().unwrap(), "n2 -> c1 Reply #2 swapped");
        assert_eq!(
            net.r(3).store().get(Value::new("x").unwrap()),
            Value::new("2").ok()
        );
    }

    #[test]
    fn a_crash_keeps_the_acceptor_and_a_lagging_replica_catches_up() {
        let mut net = Net::new(3);
        net.request(1, put(1, 1, "x", "1"));
        net.request(1, put(1, 2, "y", "2"));
        net.run(|_, _| false);
        let votes = net.r(2).acceptor().clone();
        let round = net.r(2).max_round;
        net.r(2).crash();
        assert_eq!(net.r(2).acceptor(), &votes);
        assert_eq!(net.r(2).max_round, round);
        assert_eq!(net.r(2).store().applied(), 0);
        // The next slot's reports reach n2: it has learned slot 3 but misses 1 and 2, so it
        // asks the leader, and then applies all three.
        net.log.clear();
        net.request(1, put(1, 3, "z", "3"));
        net.run(|_, _| false);
        assert!(
            net.log
                .iter()
                .any(|l| l.starts_with("n2: Learned { slot: 1")),
            "{:?}",
            net.log
        );
        assert_eq!(net.r(2).store().applied(), 3);
        let (a, b) = (net.r(2).store().clone(), net.r(3).store().clone());
        assert_eq!(
            a, b,
            "replicas that applied the same slots hold the same store"
        );
    }

    /// What one handler call did: its notes, then the messages it sends, one line each.
    fn lines(notes: &[Note], out: &Outbox) -> Vec<String> {
        notes
            .iter()
            .map(|n| n.to_string())
            .chain(out.iter().map(|o| format!("-> {} {}", o.to, o.msg)))
            .collect()
    }

    #[test]
    fn each_handler_says_exactly_what_it_did() {
        let config = ReplicaConfig {
            retry_timeout: 10,
            bugs: MultiBugs::default(),
        };
        let (n1, n2) = (NodeId::node(1), NodeId::node(2));
        let b1 = Ballot::new(1, n1);
        let mut r = Replica::new(n1, 3, config);
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        let x1 = put(1, 1, "x", "1");
        // A request with no leader known: queue it and campaign.
        r.on_message(0, x1.client, Msg::Request(x1), &mut out, &mut notes);
        assert_eq!(
            lines(&notes, &out),
            vec![
                "queues c1#1 put x 1 until it leads",
                "campaigns with 1.n1 from slot 1",
                "-> n1 Prepare 1.n1 from=1",
                "-> n2 Prepare 1.n1 from=1",
                "-> n3 Prepare 1.n1 from=1",
            ]
        );
        assert_eq!((r.role(), r.timer()), (Role::Candidate, Some(10)));
        // Its own Prepare, then its own Promise and n2's: a quorum.
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        r.on_message(
            1,
            n1,
            Msg::Prepare {
                ballot: b1,
                from: 1,
            },
            &mut out,
            &mut notes,
        );
        assert_eq!(
            lines(&notes, &out),
            vec![
                "promises 1.n1; reports 0 accepted slot(s)",
                "-> n1 Promise 1.n1 acc=[]",
            ]
        );
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        r.on_message(
            2,
            n1,
            Msg::Promise {
                ballot: b1,
                accepted: vec![],
            },
            &mut out,
            &mut notes,
        );
        let vote = SlotVote {
            slot: 1,
            ballot: Ballot::new(1, NodeId::node(3)),
            command: Command::Noop,
        };
        r.on_message(
            3,
            n2,
            Msg::Promise {
                ballot: b1,
                accepted: vec![vote],
            },
            &mut out,
            &mut notes,
        );
        assert_eq!(
            lines(&notes, &out),
            vec![
                "has 1/2 promises for 1.n1",
                "has 2/2 promises for 1.n1",
                "leads with 1.n1; recovered 1 slot(s)",
                "proposes slot 1 = noop (adopted from n2@1.n3)",
                "proposes slot 2 = c1#1 put x 1 (new)",
                "-> n1 Accept 1.n1 slot 1 = noop",
                "-> n2 Accept 1.n1 slot 1 = noop",
                "-> n3 Accept 1.n1 slot 1 = noop",
                "-> n1 Accept 1.n1 slot 2 = c1#1 put x 1",
                "-> n2 Accept 1.n1 slot 2 = c1#1 put x 1",
                "-> n3 Accept 1.n1 slot 2 = c1#1 put x 1",
            ]
        );
        assert_eq!(
            (r.role(), r.timer(), r.next_slot()),
            (Role::Leader, None, 3)
        );
        // Accepted reports: slot 2 learned first, then slot 1; both apply in order, and the
        // client that asked this replica gets its reply.
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        let acc = |slot, command| Msg::Accepted {
            ballot: b1,
            slot,
            command,
        };
        for from in [n1, n2] {
            r.on_message(4, from, acc(2, Command::Client(x1)), &mut out, &mut notes);
        }
        // (A leader does not ask itself to catch up: its own slot 1 is still on its way.)
        assert_eq!(
            lines(&notes, &out),
            vec![
                "has 1/2 votes for slot 2 at 1.n1",
                "learned slot 2 = c1#1 put x 1"
            ]
        );
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        for from in [n1, n2] {
            r.on_message(5, from, acc(1, Command::Noop), &mut out, &mut notes);
        }
        assert_eq!(
            lines(&notes, &out),
            vec![
                "has 1/2 votes for slot 1 at 1.n1",
                "learned slot 1 = noop",
                "applies slot 1: noop",
                "applies slot 2: c1#1 put x 1 -> stored",
                "-> c1 Reply #1 stored",
            ]
        );
        // A Nack for its ballot deposes it.
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        let b3 = Ballot::new(2, NodeId::node(3));
        r.on_message(
            6,
            n2,
            Msg::Nack {
                ballot: b1,
                promised: b3,
            },
            &mut out,
            &mut notes,
        );
        assert_eq!(lines(&notes, &out), vec!["deposed: 1.n1 < 2.n3"]);
        assert_eq!(
            (r.role(), r.leader()),
            (Role::Follower, Some(NodeId::node(3)))
        );
        // As a follower it forwards, and sets a timer to suspect the leader.
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        let x2 = put(1, 2, "x", "2");
        r.on_message(7, x2.client, Msg::Request(x2), &mut out, &mut notes);
        assert_eq!(
            lines(&notes, &out),
            vec!["forwards c1#2 put x 2 to n3", "-> n3 Request c1#2 put x 2"]
        );
        assert_eq!(r.timer(), Some(17));
        // A request already applied is answered from the store; a catch-up is served.
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        r.on_message(8, x1.client, Msg::Request(x1), &mut out, &mut notes);
        r.on_message(8, n2, Msg::CatchUp { from: 2 }, &mut out, &mut notes);
        assert_eq!(
            lines(&notes, &out),
            vec![
                "answers c1#1 put x 1 from its store",
                "-> c1 Reply #1 stored",
                "-> n2 Chosen slot 2 = c1#1 put x 1",
            ]
        );
        // The timer fires: it suspects n3, campaigns above 2.n3, and takes the request along.
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        assert_eq!(
            r.on_timeout(17, &mut out, &mut notes),
            Some(Ballot::new(3, n1))
        );
        assert_eq!(
            lines(&notes, &Outbox::new()),
            vec!["campaigns with 3.n1 from slot 3"]
        );
        assert_eq!(r.pending, vec![x2]);
    }
}
