//! Running a script: one handler per command, each turning the command into actions on the
//! run and printing the events they cause, one compact line each.

use super::print::{describe_cluster, status_lines};
use super::{Command, NetworkChange, Script, Selector};
use crate::action::MsgId;
use crate::config::{Config, Network};
use crate::event::Event;
use crate::kernel::ActionError;
use crate::single_decree::Sim;
use crate::single_decree::{Action, Propose};

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

    /// One handler per command: those that are a single action map to it; the others have a
    /// method of their own.
    fn run_into(&mut self, command: &Command, out: &mut Vec<String>) -> Result<(), String> {
        match command {
            Command::Cluster { config, seed } => self.cluster(config, *seed, out),
            Command::Say(text) => {
                out.push(text.clone());
                Ok(())
            }
            Command::Ask(text) => {
                out.push(format!("ASK {text}"));
                Ok(())
            }
            Command::Deliver(s) => self.messages(s, |id| Action::Deliver { id }, out),
            Command::Drop(s) => self.messages(s, |id| Action::Drop { id }, out),
            Command::Duplicate(s) => self.messages(s, |id| Action::Duplicate { id }, out),
            Command::Step(n) => self.step(*n, out),
            Command::Network(change) => {
                let network = change.apply(self.network());
                self.act(Action::Network { network }, out)
            }
            Command::Run {
                steps,
                network,
                seed,
            } => self.run_steps(*steps, network, *seed, out),
            Command::Stabilize => self.stabilize(out),
            Command::Status => {
                if let Some(sim) = &self.sim {
                    out.extend(status_lines(sim));
                }
                Ok(())
            }
            Command::Propose(node, value) => self.act(
                Action::Input(Propose {
                    node: *node,
                    value: *value,
                }),
                out,
            ),
            Command::Crash(node) => self.act(Action::Crash { node: *node }, out),
            Command::Recover(node) => self.act(Action::Recover { node: *node }, out),
            Command::Timeout(node) => self.act(Action::Timeout { node: *node }, out),
            Command::Partition(groups) => self.act(
                Action::Partition {
                    groups: groups.clone(),
                },
                out,
            ),
            Command::Heal => self.act(Action::Heal, out),
            Command::Reseed(seed) => self.act(Action::Reseed { seed: *seed }, out),
        }
    }

    /// One action, its failure as the command's error.
    fn act(&mut self, action: Action, out: &mut Vec<String>) -> Result<(), String> {
        self.apply(action, out)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// `cluster ...`: a new run, described in one line (and labelled when unsafe).
    fn cluster(&mut self, config: &Config, seed: u64, out: &mut Vec<String>) -> Result<(), String> {
        let sim = Sim::new(*config, seed).map_err(|e| e.0)?;
        out.push(describe_cluster(config, seed));
        if let Some(reason) = sim.view().unsafe_reason {
            out.push(reason);
        }
        self.sim = Some(sim);
        Ok(())
    }

    /// `deliver`, `drop`, `duplicate`: one action per selected message, oldest first.
    fn messages(
        &mut self,
        s: &Selector,
        action: impl Fn(MsgId) -> Action,
        out: &mut Vec<String>,
    ) -> Result<(), String> {
        let ids = self.select(s)?;
        if ids.is_empty() {
            out.push("no message matches".into());
        }
        for id in ids {
            self.act(action(id), out)?;
        }
        Ok(())
    }

    /// `step [n]`: up to `n` scheduler steps; stops early when nothing can happen.
    fn step(&mut self, n: u32, out: &mut Vec<String>) -> Result<(), String> {
        for _ in 0..n {
            match self.apply(Action::Step, out) {
                Ok(_) => {}
                Err(ActionError::NothingToDo) => {
                    out.push("nothing to do".into());
                    break;
                }
                Err(e) => return Err(e.to_string()),
            }
        }
        Ok(())
    }

    /// `stabilize`: delivers the oldest message until none is in flight.
    fn stabilize(&mut self, out: &mut Vec<String>) -> Result<(), String> {
        let mut n = 0;
        while let Some(id) = self
            .sim
            .as_ref()
            .and_then(|s| s.world().in_flight().first().map(|m| m.id))
        {
            if n == 100_000 {
                return Err("still not stable after 100000 deliveries".into());
            }
            self.act(Action::Deliver { id }, out)?;
            n += 1;
        }
        if n == 0 {
            out.push("nothing in flight".into());
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
