//! Robustness drivers: feed the parsers of user input (scenario scripts and link fragments)
//! long streams of damaged and random input. Each driver returns how many inputs it tried and
//! how many were rejected; the only failure is a panic, which the caller's test would see.
//! The tests run a few thousand inputs; `make fuzz` runs a million of each.

use crate::link::AnyLink;
use crate::rng::Rng;
use crate::script::{run_script, Script};

/// Inputs tried and inputs rejected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Inputs fed.
    pub tried: u64,
    /// Inputs refused with an error (the rest were accepted).
    pub rejected: u64,
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Damages valid links (`samples`) `n` times: truncation, changed characters, inserted
/// characters, or random bytes; decodes each and, when it decodes, replays it.
pub fn links(samples: &[String], n: u64, seed: u64) -> Tally {
    let mut rng = Rng::new(seed);
    let mut t = Tally::default();
    for _ in 0..n {
        let base = samples[rng.below(samples.len() as u64) as usize].as_bytes();
        let mut b = base.to_vec();
        let body = 3.min(b.len());
        match rng.below(4) {
            0 => b.truncate(rng.below(b.len() as u64 + 1) as usize),
            1 if b.len() > body => {
                for _ in 0..1 + rng.below(3) {
                    let i = body + rng.below((b.len() - body) as u64) as usize;
                    b[i] = ALPHABET[rng.below(64) as usize];
                }
            }
            2 if b.len() > body => {
                let i = body + rng.below((b.len() - body) as u64) as usize;
                let extra: Vec<u8> = (0..rng.below(20))
                    .map(|_| ALPHABET[rng.below(64) as usize])
                    .collect();
                b.splice(i..i, extra);
            }
            _ => b = (0..rng.below(200)).map(|_| rng.below(256) as u8).collect(),
        }
        let text = String::from_utf8_lossy(&b);
        t.tried += 1;
        let opened = match AnyLink::decode(&text) {
            Ok(AnyLink::Single(link)) => link.open().is_ok(),
            Ok(AnyLink::Multi(link)) => link.open().is_ok(),
            Err(_) => false,
        };
        if !opened {
            t.rejected += 1;
        }
    }
    t
}

const WORDS: [&str; 46] = [
    "cluster",
    "propose",
    "deliver",
    "drop",
    "duplicate",
    "crash",
    "recover",
    "timeout",
    "partition",
    "heal",
    "step",
    "run",
    "network",
    "reseed",
    "stabilize",
    "status",
    "say",
    "p1",
    "a2",
    "n3",
    "l1",
    "all",
    "from=p1",
    "to=a1",
    "kind=Promise",
    "|",
    ",",
    "\"",
    "=",
    "steps=5",
    "loss=0.5",
    "nodes=3",
    "layout=combined",
    "1",
    "99",
    "----",
    "#",
    "\n",
    " ",
    "quorum=1,3",
    "bug=forget-promise",
    "seed=18446744073709551615",
    "é",
    "\\",
    "acceptors=9",
    "dup=1",
];

/// Builds `n` scripts from script words, random characters and random bytes; parses each and
/// runs the ones that parse.
pub fn scripts(n: u64, seed: u64) -> Tally {
    let mut rng = Rng::new(seed);
    let mut t = Tally::default();
    for _ in 0..n {
        let mut text = String::new();
        if rng.below(8) == 0 {
            let bytes: Vec<u8> = (0..rng.below(120)).map(|_| rng.below(256) as u8).collect();
            text = String::from_utf8_lossy(&bytes).into_owned();
        } else {
            for _ in 0..rng.below(25) {
                if rng.below(10) == 0 {
                    text.push(char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'));
                } else {
                    text.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
                    text.push(if rng.below(3) == 0 { '\n' } else { ' ' });
                }
            }
        }
        t.tried += 1;
        match Script::parse(&text) {
            Ok(s) => {
                // Cap what a random script may ask for, so a million of them stay quick.
                if s.blocks().all(|b| !matches!(b.command, crate::script::Command::Run { steps, .. } | crate::script::Command::Step(steps) if steps > 1000)) {
                    let _ = run_script(&s);
                }
            }
            Err(_) => t.rejected += 1,
        }
    }
    t
}

/// Words of Multi-Paxos scripts, for [`multi_scripts`].
const MULTI_WORDS: [&str; 42] = [
    "a1",
    "a4",
    "client",
    "c1",
    "c2",
    "c9",
    "put",
    "get",
    "cas",
    "x",
    "y",
    "1",
    "2",
    "at",
    "n1",
    "n2",
    "n4",
    "elect",
    "timeout",
    "deliver",
    "drop",
    "duplicate",
    "crash",
    "recover",
    "partition",
    "heal",
    "step",
    "run",
    "steps=20",
    "stabilize",
    "status",
    "kind=Accept",
    "kind=CatchUp",
    "slot=1",
    "slot=99",
    "all",
    "from=n1",
    "to=c1",
    "|",
    ",",
    "\n",
    "propose",
];

/// Whole Multi-Paxos command lines, for [`multi_scripts`].
const MULTI_LINES: [&str; 18] = [
    "crash a2",
    "recover a2",
    "client c1 put x 1 at n1",
    "client c2 get x at n2",
    "client c1 cas x 1 2 at n3",
    "elect n2",
    "elect n1",
    "deliver all",
    "deliver kind=Accept slot=1",
    "stabilize",
    "run steps=50",
    "crash n2",
    "recover n2",
    "timeout c1",
    "partition n1 | n2,n3",
    "heal",
    "drop to=n3",
    "duplicate from=n1",
];

/// Like [`scripts`], for Multi-Paxos: each script starts with a random Multi-Paxos `cluster`
/// line (sometimes a malformed one), then random words of Multi-Paxos commands.
pub fn multi_scripts(n: u64, seed: u64) -> Tally {
    const CLUSTERS: [&str; 8] = [
        "cluster nodes=2 acceptors=3 clients=2 protocol=multi-paxos reorder=on loss=0.2",
        "cluster nodes=3 acceptors=8 protocol=multi-paxos",
        "cluster nodes=3 clients=2 protocol=multi-paxos",
        "cluster nodes=5 clients=1 protocol=multi-paxos loss=0.3 dup=0.2 reorder=on",
        "cluster nodes=1 clients=0 protocol=multi-paxos",
        "cluster nodes=3 clients=2 protocol=multi-paxos bug=local-reads,skip-recovery",
        "cluster nodes=8 protocol=multi-paxos",
        "cluster protocol=multi-paxos clients=4 timeout=0",
    ];
    let mut rng = Rng::new(seed);
    let mut t = Tally::default();
    for _ in 0..n {
        let mut text = String::from(CLUSTERS[rng.below(CLUSTERS.len() as u64) as usize]);
        text.push('\n');
        // Mostly whole commands, so that the runner is exercised; some lines of random words
        // and characters, so that the parser is.
        for _ in 0..rng.below(20) {
            if rng.below(4) != 0 {
                text.push_str(MULTI_LINES[rng.below(MULTI_LINES.len() as u64) as usize]);
                text.push('\n');
                continue;
            }
            for _ in 0..1 + rng.below(6) {
                if rng.below(12) == 0 {
                    text.push(char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'));
                } else {
                    text.push_str(MULTI_WORDS[rng.below(MULTI_WORDS.len() as u64) as usize]);
                    text.push(' ');
                }
            }
            text.push('\n');
        }
        t.tried += 1;
        match Script::parse(&text) {
            Ok(s) => {
                let _ = run_script(&s);
            }
            Err(_) => t.rejected += 1,
        }
    }
    t
}
