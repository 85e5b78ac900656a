//! Multi-Paxos replicas and clients (`paxos_core::multi`) under random schedules: messages
//! reordered, lost and duplicated, replicas crashing and recovering, timers firing early.
//! After every step the safety properties must hold:
//! - per-slot agreement: no two replicas ever learn different commands for one slot, at any
//!   time (a crashed replica that relearns must relearn the same);
//! - validity: every learned command is a no-op or a request some client sent;
//! - log consistency: replicas that applied the same number of slots hold equal stores;
//! - at most once: between two crashes, a replica executes each request at most once;
//! - and at the end of each run, what the clients saw is linearizable.
//!
//! Until the simulator's kernel runs Multi-Paxos, this drives the core with a small seeded
//! network of its own. Each deliberately broken leader is caught by one of these checks.

use paxos_core::multi::client::Client;
use paxos_core::multi::replica::{MultiBugs, Note, Replica, ReplicaConfig};
use paxos_core::multi::store::Applied;
use paxos_core::multi::{Command, Msg, Op, Out, Outbox, Request, Slot};
use paxos_core::{NodeId, NodeKind, Value};
use paxos_sim::linearizability::{self, Call};
use std::collections::{BTreeMap, BTreeSet};

/// SplitMix64, as the simulator's scheduler uses.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

struct World {
    replicas: Vec<Replica>,
    up: Vec<bool>,
    clients: Vec<Client>,
    flight: Vec<(NodeId, Out)>,
    now: u64,
    /// The first command learned for each slot, by anyone.
    learned: BTreeMap<Slot, Command>,
    sent: BTreeSet<Request>,
    /// Per replica, the requests it executed since its last crash.
    executed: Vec<BTreeSet<(NodeId, u32)>>,
    answered: usize,
    /// Every client call, for the linearizability check.
    calls: Vec<Call>,
}

impl World {
    fn new(n: u8, clients: u8, bugs: MultiBugs) -> World {
        let config = ReplicaConfig {
            retry_timeout: 30,
            bugs,
        };
        World {
            replicas: (1..=n)
                .map(|i| Replica::new(NodeId::node(i), n, config))
                .collect(),
            up: vec![true; n as usize],
            clients: (1..=clients)
                .map(|i| Client::new(NodeId::client(i), n, 40))
                .collect(),
            flight: Vec::new(),
            now: 0,
            learned: BTreeMap::new(),
            sent: BTreeSet::new(),
            executed: vec![BTreeSet::new(); n as usize],
            answered: 0,
            calls: Vec::new(),
        }
    }

    fn post(&mut self, from: NodeId, out: Outbox) {
        for o in out {
            if let Msg::Request(r) = o.msg {
                self.sent.insert(r);
            }
            self.flight.push((from, o));
        }
    }

    fn notes(&mut self, at: usize, notes: Vec<Note>) -> Result<(), String> {
        for n in notes {
            match n {
                Note::Learned { slot, command } => {
                    if let Command::Client(r) = command {
                        if !self.sent.contains(&r) {
                            return Err(format!(
                                "validity: n{} learned {command}, never sent",
                                at + 1
                            ));
                        }
                    }
                    match self.learned.get(&slot) {
                        Some(c) if *c != command => {
                            return Err(format!(
                                "agreement: slot {slot} learned as {c} and as {command} (n{})",
                                at + 1
                            ))
                        }
                        _ => {
                            self.learned.insert(slot, command);
                        }
                    }
                }
                Note::Applied {
                    applied: Applied::Executed { request, .. },
                    ..
                } if !self.executed[at].insert((request.client, request.id)) => {
                    return Err(format!(
                        "at most once: n{} executed {request} twice",
                        at + 1
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn consistent(&self) -> Result<(), String> {
        for a in &self.replicas {
            for b in &self.replicas {
                if a.store().applied() == b.store().applied() && a.store() != b.store() {
                    return Err(format!(
                        "log consistency: {} and {} applied {} slots but differ",
                        a.id(),
                        b.id(),
                        a.store().applied()
                    ));
                }
            }
        }
        Ok(())
    }

    /// Hands one message to its receiver: a client takes its reply (recorded in the history),
    /// a running replica handles it, and the properties are checked.
    fn deliver(&mut self, from: NodeId, o: Out) -> Result<(), String> {
        if o.to.kind == NodeKind::Client {
            let c = o.to.index as usize - 1;
            if let Msg::Reply { id, outcome } = o.msg {
                if let Some((r, outcome)) = self.clients[c].on_reply(id, outcome) {
                    self.answered += 1;
                    // A client has one call outstanding: its last one.
                    if let Some(call) = self.calls.iter_mut().rev().find(|c| c.client == r.client) {
                        call.returned = Some((self.now, outcome));
                    }
                }
            }
            return Ok(());
        }
        let i = o.to.index as usize - 1;
        if !self.up[i] {
            return Ok(());
        }
        let (mut out, mut notes) = (Outbox::new(), Vec::new());
        self.replicas[i].on_message(self.now, from, o.msg, &mut out, &mut notes);
        let id = self.replicas[i].id();
        self.post(id, out);
        self.notes(i, notes)?;
        self.consistent()
    }

    fn step(&mut self, rng: &mut Rng) -> Result<bool, String> {
        self.now += 1;
        let now = self.now;
        let n = self.replicas.len();
        let roll = rng.below(100);
        if roll < 4 {
            // A client with nothing outstanding sends a new request to a random replica.
            let c = rng.below(self.clients.len() as u64) as usize;
            let key = Value::new(["x", "y"][rng.below(2) as usize]).unwrap();
            let val = Value::new(["1", "2", "3"][rng.below(3) as usize]).unwrap();
            let op = match rng.below(3) {
                0 => Op::Put { key, value: val },
                1 => Op::Get { key },
                _ => Op::Cas {
                    key,
                    expect: val,
                    new: Value::new("9").unwrap(),
                },
            };
            let to = NodeId::node(1 + rng.below(n as u64) as u8);
            let mut out = Outbox::new();
            if self.clients[c].send(now, op, to, &mut out).is_ok() {
                let id = self.clients[c].id();
                self.calls.push(Call {
                    client: id,
                    op,
                    invoked: now,
                    returned: None,
                });
                self.post(id, out);
            }
            return Ok(true);
        }
        if roll < 6 {
            // A timer fires early: a replica campaigns or a client retries.
            let mut out = Outbox::new();
            if rng.chance(50) {
                let i = rng.below(n as u64) as usize;
                if self.up[i] {
                    let mut notes = Vec::new();
                    self.replicas[i].campaign(now, &mut out, &mut notes);
                    let id = self.replicas[i].id();
                    self.post(id, out);
                    self.notes(i, notes)?;
                }
            } else {
                let c = rng.below(self.clients.len() as u64) as usize;
                if self.clients[c].on_timeout(now, &mut out).is_some() {
                    let id = self.clients[c].id();
                    self.post(id, out);
                }
            }
            return Ok(true);
        }
        if roll < 7 {
            // A replica crashes or recovers (never more than a minority down).
            let i = rng.below(n as u64) as usize;
            let down = self.up.iter().filter(|u| !**u).count();
            if self.up[i] && down < (n - 1) / 2 {
                self.up[i] = false;
                self.replicas[i].crash();
                self.executed[i].clear();
            } else if !self.up[i] {
                self.up[i] = true;
            }
            return Ok(true);
        }
        if self.flight.is_empty() {
            return Ok(false);
        }
        let k = rng.below(self.flight.len() as u64) as usize;
        let (from, o) = if rng.chance(8) {
            // Duplicated: deliver a copy, keep the original.
            self.flight[k].clone()
        } else {
            self.flight.swap_remove(k)
        };
        if rng.chance(10) {
            return Ok(true); // lost
        }
        self.deliver(from, o)?;
        Ok(true)
    }
}

/// One run of `seed`: 600 random steps, then a quiet network. Returns the commands committed
/// and the replies taken, or the first property that failed.
fn run_one(seed: u64, bugs: MultiBugs) -> Result<(usize, usize), String> {
    let mut rng = Rng(seed);
    let replicas = if seed.is_multiple_of(3) { 5 } else { 3 };
    let mut w = World::new(replicas, 2, bugs);
    for _ in 0..600 {
        w.step(&mut rng)?;
    }
    // Then a quiet network: everything left is delivered, with no more faults.
    let mut guard = 0;
    while let Some((from, o)) = w.flight.pop() {
        guard += 1;
        if guard > 200_000 {
            break;
        }
        w.now += 1;
        w.deliver(from, o)?;
    }
    linearizability::check(&w.calls)
        .map_err(|e| format!("linearizability: {e:?} in {} calls", w.calls.len()))?;
    let committed = w.learned.values().filter(|c| **c != Command::Noop).count();
    Ok((committed, w.answered))
}

#[test]
fn random_schedules_keep_the_log_safe_and_mostly_make_progress() {
    let runs = 10_000;
    let (mut committed, mut answered) = (0usize, 0usize);
    for seed in 0..runs {
        let (c, a) =
            run_one(seed, MultiBugs::default()).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        committed += c;
        answered += a;
    }
    println!("{runs} runs: {committed} commands committed, {answered} replies taken");
    assert!(
        committed > runs as usize * 3,
        "only {committed} commands committed in {runs} runs"
    );
    assert!(
        answered > runs as usize,
        "only {answered} replies in {runs} runs"
    );
}

/// Each broken leader is caught, by the check named, within a few thousand seeds.
#[test]
fn every_broken_leader_is_caught() {
    let cases = [
        (
            MultiBugs {
                ignore_reports: true,
                ..MultiBugs::default()
            },
            "agreement",
        ),
        (
            MultiBugs {
                skip_recovery: true,
                ..MultiBugs::default()
            },
            "agreement",
        ),
        (
            MultiBugs {
                local_reads: true,
                ..MultiBugs::default()
            },
            "linearizability",
        ),
    ];
    for (bugs, check) in cases {
        let found = (0..20_000u64).find_map(|seed| run_one(seed, bugs).err().map(|e| (seed, e)));
        let (seed, e) = found.unwrap_or_else(|| panic!("{bugs:?} was never caught"));
        println!("{bugs:?}: seed {seed}: {e}");
        assert!(
            e.starts_with(check),
            "{bugs:?} caught by another check: {e}"
        );
    }
}

#[test]
fn the_checks_can_fail() {
    let mut w = World::new(3, 1, MultiBugs::default());
    let put = |v: &str| Request {
        client: NodeId::client(1),
        id: 1,
        op: Op::Put {
            key: Value::new("x").unwrap(),
            value: Value::new(v).unwrap(),
        },
    };
    w.sent.insert(put("1"));
    w.sent.insert(put("2"));
    let learned = |v: &str| Note::Learned {
        slot: 1,
        command: Command::Client(put(v)),
    };
    assert_eq!(w.notes(0, vec![learned("1")]), Ok(()));
    let e = w.notes(1, vec![learned("2")]).unwrap_err();
    assert!(e.starts_with("agreement: slot 1"), "{e}");
    let stranger = Note::Learned {
        slot: 2,
        command: Command::Client(Request { id: 9, ..put("1") }),
    };
    assert!(w
        .notes(0, vec![stranger])
        .unwrap_err()
        .starts_with("validity"));
    let twice = Note::Applied {
        slot: 1,
        applied: Applied::Executed {
            request: put("1"),
            outcome: paxos_core::multi::Outcome::Stored,
        },
    };
    assert_eq!(w.notes(2, vec![twice.clone()]), Ok(()));
    assert!(w
        .notes(2, vec![twice])
        .unwrap_err()
        .starts_with("at most once"));
    // Two replicas that applied one slot each, of different commands, are inconsistent.
    let mut a = Outbox::new();
    let (mut n1, mut n2) = (Vec::new(), Vec::new());
    w.replicas[0].on_message(
        0,
        NodeId::node(2),
        Msg::Chosen {
            slot: 1,
            command: Command::Client(put("1")),
        },
        &mut a,
        &mut n1,
    );
    w.replicas[1].on_message(
        0,
        NodeId::node(2),
        Msg::Chosen {
            slot: 1,
            command: Command::Client(put("2")),
        },
        &mut a,
        &mut n2,
    );
    assert!(w.consistent().unwrap_err().starts_with("log consistency"));
}
