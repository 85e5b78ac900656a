//! `paxos-sim`: run scenario scripts, explore random schedules, check small clusters
//! exhaustively.
//!
//! ```text
//! paxos-sim run FILE.txt [--trace OUT.json]
//! paxos-sim explore --seeds N --steps S [--loss P] [--dup P] [--crash P] [--first-seed N]
//!                   [--acceptors A --proposers P --learners L] [--bug NAME] [--quorum Q1,Q2]
//! paxos-sim check --acceptors 3 --proposers 2 --max-round R [--learners L] [--drops]
//!                 [--dups N] [--crashes N] [--bug NAME] [--quorum Q1,Q2] [--max-states N]
//!                 [--phase1 a1+a2,a3+a4 --phase2 a1+a3,a2+a4]
//! paxos-sim explore --protocol multi-paxos --seeds N --steps S [--replicas R] [--acceptors A] [--bug NAME]
//! paxos-sim check --protocol multi-paxos [--replicas R] [--acceptors A] [--max-round R] [--drops] [--dups N]
//!                 [--crashes N] [--retries N] [--bug NAME] [--max-states N] [--breadth]
//!                 [--commands "c1 put x 1 at n2; c1 get x at n1"]
//! ```
//!
//! Exit status: 0 when all is well, 1 when a run violates an invariant, 2 on bad input.

use paxos_core::multi::replica::MultiBugs;
use paxos_core::{Bugs, QuorumSets, SetList};
use paxos_sim::explore::{self, CheckOptions, Faults};
use paxos_sim::kernel::check::{Order, Report};
use paxos_sim::multi_paxos::check::{self as multi_check, MultiCheckOptions};
use paxos_sim::multi_paxos::random as multi_random;
use paxos_sim::multi_paxos::MultiConfig;
use paxos_sim::script::{self, Script};
use paxos_sim::Protocol;
use paxos_sim::{Config, Prob, QuorumSizes, Rng, Trace};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage:
  paxos-sim run FILE.txt [--trace OUT.json]
  paxos-sim explore --seeds N --steps S [--loss P] [--dup P] [--crash P] [--first-seed N]
                    [--acceptors A --proposers P --learners L] [--bug NAME] [--quorum Q1,Q2]
  paxos-sim check --acceptors 3 --proposers 2 --max-round R [--learners L] [--drops]
                  [--dups N] [--crashes N] [--repropose] [--bug NAME] [--quorum Q1,Q2]
                  [--phase1 a1+a2,a3+a4 --phase2 a1+a3,a2+a4] [--max-states N] [--symmetry]
                  [--prune] [--por]
  paxos-sim explore --protocol multi-paxos --seeds N --steps S [--replicas R] [--acceptors A] [--bug NAME]
  paxos-sim check --protocol multi-paxos [--replicas R] [--acceptors A] [--max-round R] [--drops] [--dups N]
                  [--crashes N] [--retries N] [--bug NAME] [--max-states N] [--breadth] [--symmetry]
                  [--commands \"c1 put x 1 at n2; c1 get x at n1\"]

Protocols: single-decree (the default), multi-paxos. Single-decree bugs: forget-promise,
ignore-promises, accept-below-promise, reuse-ballot, count-across-ballots, lying-acceptor.
Multi-Paxos bugs: ignore-reports, skip-recovery, local-reads. --repropose: a proposer that
recovered from a crash is asked once more, for a new value. --symmetry: states that differ only
by a renaming of the acceptors count once (same verdicts and counterexample lengths, fewer
states; for Multi-Paxos, of the standalone acceptors, so with --acceptors 2 or more). --prune: messages that can no longer change anything (stale Promises, Accepteds and
Nacks, and Prepares and Accepts an acceptor can only refuse) are forgotten (same verdicts and
counterexample lengths, fewer states). --por: partial-order reduction; once no proposer will
send again, one acceptor's (or learner's) actions at a time are tried (same verdicts, fewer
states; the counterexample need not be the shortest; no reduction while a crash or a copy may
be spent). --phase1 and --phase2 list each phase's quorums instead of sizes: quorums
separated by commas, each its acceptors joined by + (a grid's rows and columns, say);
--symmetry then reduces nothing, since the quorums name acceptors. --commands: the clients'
commands of a Multi-Paxos check (1 to 4, each a script's client line without the word client;
each is sent once, at any moment).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("explore") => explore_cmd(&args[1..]),
        Some("check") => check_cmd(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(true)
        }
        _ => Err(format!("expected a command\n{USAGE}")),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(msg) => {
            eprintln!("paxos-sim: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Flags of the form `--name value` or `--switch`.
struct Flags {
    pairs: Vec<(String, Option<String>)>,
    positional: Vec<String>,
}

impl Flags {
    fn parse(args: &[String], switches: &[&str], known: &[&str]) -> Result<Flags, String> {
        let mut pairs = Vec::new();
        let mut positional = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                if switches.contains(&name) {
                    pairs.push((name.to_string(), None));
                } else if known.contains(&name) {
                    let v = it.next().ok_or(format!("--{name} needs a value"))?;
                    pairs.push((name.to_string(), Some(v.clone())));
                } else {
                    return Err(format!("unknown option --{name}\n{USAGE}"));
                }
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Flags { pairs, positional })
    }

    fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(n, _)| n == name)
    }

    fn get<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.pairs.iter().rev().find(|(n, _)| n == name) {
            Some((_, Some(v))) => v
                .parse()
                .map_err(|_| format!("--{name}: `{v}` is not a valid value")),
            _ => Ok(default),
        }
    }

    fn bugs(&self) -> Result<Bugs, String> {
        let mut bugs = Bugs::default();
        for (n, v) in &self.pairs {
            if n == "bug" {
                for name in v.as_deref().unwrap_or("").split(',') {
                    if !bugs.enable(name) {
                        return Err(format!(
                            "--bug: unknown bug `{name}`; known: {}",
                            Bugs::ALL.join(", ")
                        ));
                    }
                }
            }
        }
        Ok(bugs)
    }

    /// `--phase1 a1+a2,a3+a4 --phase2 a1+a3,a2+a4`: quorums listed outright, both or neither.
    fn quorum_sets(&self) -> Result<Option<QuorumSets>, String> {
        let list = |name: &str| -> Result<Option<SetList>, String> {
            match self.get::<String>(name, String::new()) {
                Ok(text) if !text.is_empty() => text
                    .parse::<SetList>()
                    .map(Some)
                    .map_err(|e| format!("--{name}: {e}")),
                _ => Ok(None),
            }
        };
        match (list("phase1")?, list("phase2")?) {
            (Some(phase1), Some(phase2)) => Ok(Some(QuorumSets { phase1, phase2 })),
            (None, None) => Ok(None),
            _ => Err("--phase1 and --phase2 go together: give both phases' quorums".into()),
        }
    }

    fn quorum(&self) -> Result<Option<QuorumSizes>, String> {
        let Some(q) = self
            .get::<String>("quorum", String::new())
            .ok()
            .filter(|q| !q.is_empty())
        else {
            return Ok(None);
        };
        let (a, b) = q.split_once(',').unwrap_or((&q, &q));
        let parse = |s: &str| {
            s.parse::<u8>()
                .map_err(|_| format!("--quorum: `{q}` is not N or N1,N2"))
        };
        Ok(Some(QuorumSizes {
            phase1: parse(a)?,
            phase2: parse(b)?,
        }))
    }
}

fn run(args: &[String]) -> Result<bool, String> {
    let flags = Flags::parse(args, &[], &["trace"])?;
    let [file] = flags.positional.as_slice() else {
        return Err(format!("run needs one script file\n{USAGE}"));
    };
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let parsed = Script::parse(&text).map_err(|e| format!("{file}:\n{e}"))?;
    let result = script::run_script(&parsed);
    for (block, out) in parsed.blocks().zip(&result.outputs) {
        println!("{}\n----", block.text);
        for line in out {
            println!("{line}");
        }
        println!();
    }
    if let Some(path) = flags
        .pairs
        .iter()
        .find(|(n, _)| n == "trace")
        .and_then(|(_, v)| v.clone())
    {
        let json = match (&result.sim, &result.multi) {
            (Some(sim), _) => Trace::record(sim).to_json(),
            (_, Some(sim)) => paxos_sim::MultiTrace::record(sim).to_json(),
            _ => return Err("the script builds no cluster, so there is no trace to write".into()),
        };
        std::fs::write(&path, json).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(!result.violated())
}

/// The `--protocol` flag's value: true for Multi-Paxos.
fn multi(args: &[String]) -> Result<bool, String> {
    let Some(i) = args.iter().position(|a| a == "--protocol") else {
        return Ok(false);
    };
    match args.get(i + 1).map(String::as_str) {
        Some("single-decree") => Ok(false),
        Some("multi-paxos") => Ok(true),
        Some(other) => Err(format!(
            "--protocol: unknown protocol `{other}`; known: single-decree, multi-paxos"
        )),
        None => Err("--protocol needs a value".into()),
    }
}

/// The args without `--protocol NAME`.
fn without_protocol(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--protocol" {
            it.next();
        } else {
            out.push(a.clone());
        }
    }
    out
}

fn multi_bugs(flags: &Flags) -> Result<MultiBugs, String> {
    let mut bugs = MultiBugs::default();
    for (name, value) in &flags.pairs {
        if name != "bug" {
            continue;
        }
        for b in value.as_deref().unwrap_or("").split(',') {
            if !bugs.enable(b) {
                return Err(format!(
                    "--bug: unknown bug `{b}`; known: {}",
                    MultiBugs::ALL.join(", ")
                ));
            }
        }
    }
    Ok(bugs)
}

fn multi_explore(args: &[String]) -> Result<bool, String> {
    let flags = Flags::parse(
        args,
        &[],
        &[
            "seeds",
            "steps",
            "first-seed",
            "replicas",
            "acceptors",
            "clients",
            "bug",
        ],
    )?;
    let seeds: u64 = flags.get("seeds", 1000)?;
    let steps: usize = flags.get("steps", 600)?;
    let first: u64 = flags.get("first-seed", 0)?;
    let faults = Faults::default();
    let config = MultiConfig {
        network: paxos_sim::Network {
            loss: faults.loss,
            dup: faults.dup,
            reorder: true,
        },
        timeout: 30,
        client_timeout: 40,
        bugs: multi_bugs(&flags)?,
        acceptors: flags.get("acceptors", 0)?,
        ..MultiConfig::new(flags.get("replicas", 3)?, flags.get("clients", 2)?)
    };
    config.validate().map_err(|e| e.0)?;
    let start = Instant::now();
    let (mut actions, mut committed, mut replies, mut bad) = (0, 0, 0, 0);
    let mut first_bad = None;
    for seed in first..first + seeds {
        let r = multi_random::random_run(config, seed, steps, &faults);
        actions += r.actions.len();
        committed += r.committed;
        replies += r.replies;
        if !r.violations.is_empty() {
            bad += 1;
            first_bad.get_or_insert(r);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "runs {seeds}, actions {actions}, commands committed {committed}, replies {replies}, runs with violations {bad}, {:.0} actions/s",
        actions as f64 / secs.max(1e-9)
    );
    if let Some(r) = first_bad {
        println!("first violation (seed {}): {}", r.seed, r.violations[0]);
        println!("replay with `paxos-sim run`:\n");
        print!(
            "{}",
            script::multi_script_for(&r.config, r.seed, &r.actions)
        );
        return Ok(false);
    }
    Ok(true)
}

fn multi_check(args: &[String]) -> Result<bool, String> {
    let flags = Flags::parse(
        args,
        &["drops", "breadth", "symmetry"],
        &[
            "replicas",
            "acceptors",
            "max-round",
            "dups",
            "crashes",
            "retries",
            "bug",
            "max-states",
            "commands",
        ],
    )?;
    let defaults = MultiCheckOptions::default();
    let replicas = flags.get("replicas", defaults.replicas)?;
    let commands = match flags.get::<String>("commands", String::new()) {
        Ok(text) if !text.is_empty() => {
            script::parse_commands(replicas, &text).map_err(|e| format!("--commands: {e}"))?
        }
        _ => defaults.commands.clone(),
    };
    let opts = MultiCheckOptions {
        replicas,
        commands,
        acceptors: flags.get("acceptors", defaults.acceptors)?,
        max_round: flags.get("max-round", defaults.max_round)?,
        client_retries: flags.get("retries", 0)?,
        drops: flags.has("drops"),
        duplicates: flags.get("dups", 0)?,
        crashes: flags.get("crashes", 0)?,
        bugs: multi_bugs(&flags)?,
        max_states: flags.get("max-states", defaults.max_states)?,
        order: if flags.has("breadth") {
            Order::Breadth
        } else {
            Order::Depth
        },
        symmetry: flags.has("symmetry"),
        ..defaults
    };
    opts.config().validate().map_err(|e| e.0)?;
    let start = Instant::now();
    let report = multi_check::check(&opts);
    let secs = start.elapsed().as_secs_f64();
    print_counts(&report, secs);
    match report.violation {
        Some((v, path)) => {
            println!("violation: {v}");
            println!(
                "counterexample ({} actions), replay with `paxos-sim run`:\n",
                path.len()
            );
            print!("{}", script::multi_script_for(&opts.config(), 0, &path));
            Ok(false)
        }
        None => {
            print_no_violation(&report);
            Ok(true)
        }
    }
}

fn print_counts<P: Protocol>(report: &Report<P>, secs: f64) {
    let (states, transitions, depth) = (report.unique_states, report.transitions, report.max_depth);
    println!(
        "unique states {states}, transitions {transitions}, max depth {depth}, {:.0} states/s, {secs:.2} s{}",
        states as f64 / secs.max(1e-9),
        if report.complete {
            ""
        } else {
            " (stopped at --max-states: incomplete)"
        }
    );
}

/// The verdict of a check that found nothing, saying exactly what was shown: only a complete
/// one proves anything.
fn print_no_violation<P: Protocol>(report: &Report<P>) {
    println!(
        "{}",
        no_violation(report.complete, report.unique_states, report.por)
    );
}

use paxos_sim::check_job::no_violation;

fn explore_cmd(args: &[String]) -> Result<bool, String> {
    if multi(args)? {
        return multi_explore(&without_protocol(args));
    }
    let args = &without_protocol(args);
    let flags = Flags::parse(
        args,
        &[],
        &[
            "seeds",
            "steps",
            "loss",
            "dup",
            "crash",
            "first-seed",
            "acceptors",
            "proposers",
            "learners",
            "bug",
            "quorum",
        ],
    )?;
    let seeds: u64 = flags.get("seeds", 1000)?;
    let steps: usize = flags.get("steps", 300)?;
    let first: u64 = flags.get("first-seed", 0)?;
    let faults = Faults {
        loss: flags.get("loss", Prob::from_f64(0.1)?)?,
        dup: flags.get("dup", Prob::from_f64(0.05)?)?,
        crash: flags.get("crash", Prob::from_f64(0.01)?)?,
        ..Faults::default()
    };
    let fixed = flags.has("acceptors") || flags.has("proposers") || flags.has("learners");
    let bugs = flags.bugs()?;
    let quorum = flags.quorum()?;
    let start = Instant::now();
    let (mut total_steps, mut violations, mut chosen) = (0usize, 0usize, 0usize);
    let mut first_bad: Option<explore::RandomRun> = None;
    for seed in first..first + seeds {
        let mut config = if fixed {
            let mut c = Config::separate(
                flags.get("proposers", 2)?,
                flags.get("acceptors", 3)?,
                flags.get("learners", 1)?,
            );
            c.network.loss = faults.loss;
            c.network.dup = faults.dup;
            c
        } else {
            explore::random_config(&mut Rng::new(seed), &faults)
        };
        config.bugs = bugs;
        if quorum.is_some() {
            config.quorum = quorum;
        }
        config.validate().map_err(|e| e.0)?;
        let r = explore::random_run(config, seed, steps, &faults);
        total_steps += r.actions.len();
        chosen += r.chosen as usize;
        if !r.violations.is_empty() {
            violations += 1;
            first_bad.get_or_insert(r);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "runs {seeds}, steps {total_steps}, chosen in {chosen} runs, runs with violations {violations}, {:.0} steps/s",
        total_steps as f64 / secs.max(1e-9)
    );
    if let Some(r) = first_bad {
        println!("first violation (seed {}): {}", r.seed, r.violations[0]);
        println!("replay it with `paxos-sim run` on this script:\n");
        print!("{}", script::script_for(&r.config, r.seed, &r.actions));
        return Ok(false);
    }
    Ok(true)
}

fn check_cmd(args: &[String]) -> Result<bool, String> {
    if multi(args)? {
        return multi_check(&without_protocol(args));
    }
    let args = &without_protocol(args);
    let flags = Flags::parse(
        args,
        &["drops", "repropose", "symmetry", "prune", "por"],
        &[
            "acceptors",
            "proposers",
            "learners",
            "max-round",
            "dups",
            "crashes",
            "bug",
            "quorum",
            "phase1",
            "phase2",
            "max-states",
        ],
    )?;
    let opts = CheckOptions {
        acceptors: flags.get("acceptors", 3)?,
        proposers: flags.get("proposers", 2)?,
        learners: flags.get("learners", 0)?,
        max_round: flags.get("max-round", 2)?,
        drops: flags.has("drops"),
        duplicates: flags.get("dups", 0)?,
        crashes: flags.get("crashes", 0)?,
        repropose: flags.has("repropose"),
        symmetry: flags.has("symmetry"),
        prune: flags.has("prune"),
        por: flags.has("por"),
        quorum: flags.quorum()?,
        quorum_sets: flags.quorum_sets()?,
        bugs: flags.bugs()?,
        max_states: flags.get("max-states", 5_000_000)?,
    };
    opts.config().validate().map_err(|e| e.0)?;
    let start = Instant::now();
    let report = explore::check(&opts);
    let secs = start.elapsed().as_secs_f64();
    print_counts(&report, secs);
    match report.violation {
        Some((v, path)) => {
            println!("violation: {v}");
            println!(
                "{} ({} actions), replay with `paxos-sim run`:\n",
                if report.por {
                    "a counterexample, not always the shortest with --por"
                } else {
                    "shortest counterexample"
                },
                path.len()
            );
            print!("{}", script::script_for(&opts.config(), 0, &path));
            Ok(false)
        }
        None => {
            print_no_violation(&report);
            Ok(true)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_verdict_says_what_was_shown() {
        assert_eq!(
            super::no_violation(true, 864_062, false),
            "no violation in all 864062 reachable states"
        );
        assert_eq!(
            super::no_violation(false, 1000, false),
            "no violation in the first 1000 states (stopped at the cap)"
        );
    }
}
