//! Running a script: one handler per command, each turning the command into actions on the
//! run and printing the events they cause, one compact line each.
//!
//! The network's commands (deliver, drop, crash, partition, step, run, ...) are the same for
//! every protocol and run on a [`Session`] of any [`Scripted`] protocol; `propose` is
//! single-decree Paxos's input, `client` and `elect` Multi-Paxos's.

use super::print::{describe_cluster, describe_multi, multi_status_lines, status_lines};
use super::{Command, NetworkChange, Script, Selector};
use crate::action::{Action, MsgId};
use crate::config::{Config, Network};
use crate::event::Event;
use crate::kernel::{self, ActionError, NetEvent, NetworkConfig, Protocol};
use crate::multi_paxos::{MultiConfig, MultiEvent, MultiInput, MultiPaxos, MultiSim, PaxosEvent};
use crate::single_decree::{Propose, Sim, SingleDecree};
use paxos_core::multi::replica::Note;
use paxos_core::multi::Msg;
use std::any::Any;

/// What the script runner needs of a protocol besides the kernel's seam.
pub trait Scripted: Protocol {
    /// The message's kind, as `kind=` names it.
    fn kind(msg: &Self::Msg) -> &'static str;
    /// The slot a message is about, if any (`slot=`).
    fn slot(_msg: &Self::Msg) -> Option<u32> {
        None
    }
    /// The event's line, or `None` for one the output leaves out.
    fn line(e: &Self::Event) -> Option<String>;
    /// Whether `run`'s summary lists the event.
    fn notable(e: &Self::Event) -> bool;
    /// `status`.
    fn status(sim: &kernel::Sim<Self>) -> Vec<String>;
}

impl Scripted for SingleDecree {
    fn kind(msg: &paxos_core::Message) -> &'static str {
        msg.kind()
    }
    fn line(e: &Event) -> Option<String> {
        // A combined node's messages to itself are delivered at once; their send line says so.
        (!matches!(e, Event::Deliver { local: true, .. })).then(|| e.to_string())
    }
    fn notable(e: &Event) -> bool {
        matches!(
            e,
            Event::Chosen { .. }
                | Event::Learned { .. }
                | Event::ProposerDone { .. }
                | Event::Preempted { .. }
                | Event::Timeout { .. }
                | Event::Violation { .. }
        )
    }
    fn status(sim: &Sim) -> Vec<String> {
        status_lines(sim)
    }
}

impl Scripted for MultiPaxos {
    fn kind(msg: &Msg) -> &'static str {
        msg.kind()
    }
    fn slot(msg: &Msg) -> Option<u32> {
        match msg {
            Msg::Accept { slot, .. } | Msg::Accepted { slot, .. } | Msg::Chosen { slot, .. } => {
                Some(*slot)
            }
            _ => None,
        }
    }
    fn line(e: &MultiEvent) -> Option<String> {
        (!matches!(e, MultiEvent::Net(NetEvent::Deliver { local: true, .. })))
            .then(|| e.to_string())
    }
    fn notable(e: &MultiEvent) -> bool {
        matches!(
            e,
            MultiEvent::Net(NetEvent::Violation { .. })
                | MultiEvent::Paxos(
                    PaxosEvent::Chosen { .. }
                        | PaxosEvent::Replied { .. }
                        | PaxosEvent::Retry { .. }
                        | PaxosEvent::Note {
                            note: Note::Campaign { .. }
                                | Note::Elected { .. }
                                | Note::Deposed { .. },
                            ..
                        }
                )
        )
    }
    fn status(sim: &MultiSim) -> Vec<String> {
        multi_status_lines(sim)
    }
}

/// One run a script drives, with its scratch list of events.
pub struct Session<P: Scripted> {
    sim: kernel::Sim<P>,
    events: Vec<P::Event>,
}

/// A run of either protocol, as the runner drives it: through a trait object made only by
/// the function in [`Runner`]'s `open_single` or `open_multi`, so that a build that never opens
/// one protocol's run (the single-decree page, with [`Runner::single_decree`]; the Multi-Paxos
/// page, with [`Runner::multi_paxos`]) does not link that protocol at all.
trait Drive {
    /// Runs one command on the run.
    fn run(&mut self, command: &Command, out: &mut Vec<String>) -> Result<(), String>;
    fn as_any(&self) -> &dyn Any;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl Drive for Session<MultiPaxos> {
    fn run(&mut self, command: &Command, out: &mut Vec<String>) -> Result<(), String> {
        match command {
            Command::Request { client, op, at } => self.act(
                Action::Input(MultiInput::Request {
                    client: *client,
                    op: *op,
                    at: *at,
                }),
                out,
            ),
            Command::Elect(node) => self.act(Action::Input(MultiInput::Elect { node: *node }), out),
            other => self.common(other, out),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

impl Drive for Session<SingleDecree> {
    fn run(&mut self, command: &Command, out: &mut Vec<String>) -> Result<(), String> {
        match command {
            Command::Propose(node, value) => self.act(
                Action::Input(Propose {
                    node: *node,
                    value: *value,
                }),
                out,
            ),
            other => self.common(other, out),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// Builds the Multi-Paxos run of a `cluster ... protocol=multi-paxos` line.
type OpenMulti = fn(&MultiConfig, u64, &mut Vec<String>) -> Result<Box<dyn Drive>, String>;
/// Builds the single-decree run of a `cluster ...` line.
type OpenSingle = fn(&Config, u64, &mut Vec<String>) -> Result<Box<dyn Drive>, String>;

/// `cluster ...`: a new single-decree run, described in one line (and labelled when unsafe).
fn open_single(
    config: &Config,
    seed: u64,
    out: &mut Vec<String>,
) -> Result<Box<dyn Drive>, String> {
    let sim = Sim::new(*config, seed).map_err(|e| e.0)?;
    out.push(describe_cluster(config, seed));
    if let Some(reason) = sim.view().unsafe_reason {
        out.push(reason);
    }
    Ok(Box::new(Session {
        sim,
        events: Vec::new(),
    }))
}

/// `cluster ... protocol=multi-paxos`: a new run, described.
fn open_multi(
    config: &MultiConfig,
    seed: u64,
    out: &mut Vec<String>,
) -> Result<Box<dyn Drive>, String> {
    let sim = MultiSim::new(*config, seed).map_err(|e| e.0)?;
    out.extend(describe_multi(config, seed));
    Ok(Box::new(Session {
        sim,
        events: Vec::new(),
    }))
}

/// Runs scripts: holds the run a script builds.
pub struct Runner {
    single: Option<Box<dyn Drive>>,
    multi: Option<Box<dyn Drive>>,
    open_single: Option<OpenSingle>,
    open_multi: Option<OpenMulti>,
}

/// A runner for scripts of either protocol.
impl Default for Runner {
    fn default() -> Runner {
        Runner {
            single: None,
            multi: None,
            open_single: Some(open_single),
            open_multi: Some(open_multi),
        }
    }
}

/// The result of running a whole script.
pub struct ScriptRun {
    /// Output lines of each block, in order.
    pub outputs: Vec<Vec<String>>,
    /// The single-decree run the script built (none if it had no such cluster line).
    pub sim: Option<Sim>,
    /// The Multi-Paxos run the script built, if its cluster is one.
    pub multi: Option<MultiSim>,
    /// How many commands failed (each printed an `error:` line).
    pub errors: usize,
}

impl ScriptRun {
    /// True when some invariant was violated.
    pub fn violated(&self) -> bool {
        self.sim
            .as_ref()
            .is_some_and(|s| !s.world().violations().is_empty())
            || self
                .multi
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
        sim: runner.single.take().and_then(into_sim),
        multi: runner.multi.take().and_then(into_sim),
        errors,
    }
}

impl Runner {
    /// A runner for single-decree scripts only: a Multi-Paxos `cluster` line is an error, and
    /// nothing of Multi-Paxos is linked into a program that uses only this.
    pub fn single_decree() -> Runner {
        Runner {
            open_multi: None,
            ..Runner::default()
        }
    }

    /// A runner for Multi-Paxos scripts only: a single-decree `cluster` line is an error, and
    /// nothing of single-decree Paxos is linked into a program that uses only this.
    pub fn multi_paxos() -> Runner {
        Runner {
            open_single: None,
            ..Runner::default()
        }
    }

    /// The single-decree run so far.
    pub fn sim(&self) -> Option<&Sim> {
        sim_of(self.single.as_deref())
    }
    /// The Multi-Paxos run so far.
    pub fn multi_sim(&self) -> Option<&MultiSim> {
        sim_of(self.multi.as_deref())
    }

    /// Runs one command and returns its output lines (an `error: ...` line when it fails).
    pub fn run(&mut self, command: &Command) -> Vec<String> {
        let mut out = Vec::new();
        if let Err(e) = self.run_into(command, &mut out) {
            out.push(format!("error: {e}"));
        }
        out
    }

    /// The cluster and protocol commands here; the network's commands in [`Session::common`].
    fn run_into(&mut self, command: &Command, out: &mut Vec<String>) -> Result<(), String> {
        match command {
            Command::Cluster { config, seed } => match self.open_single {
                Some(open) => {
                    self.single = Some(open(config, *seed, out)?);
                    Ok(())
                }
                None => Err("this page runs multi-paxos scripts only; a single-decree \
                             cluster opens in the single-decree view"
                    .into()),
            },
            Command::MultiCluster { config, seed } => match self.open_multi {
                Some(open) => {
                    self.multi = Some(open(config, *seed, out)?);
                    Ok(())
                }
                None => Err("this page runs single-decree scripts only; a multi-paxos \
                             cluster opens in the Multi-Paxos view"
                    .into()),
            },
            Command::Say(text) => {
                out.push(text.clone());
                Ok(())
            }
            Command::Ask(text) => {
                out.push(format!("ASK {text}"));
                Ok(())
            }
            Command::Propose(..) => match &mut self.single {
                Some(s) => s.run(command, out),
                None => Err("`propose` needs a single-decree cluster".into()),
            },
            Command::Request { .. } => match &mut self.multi {
                Some(m) => m.run(command, out),
                None => Err("`client` needs a multi-paxos cluster".into()),
            },
            Command::Elect(_) => match &mut self.multi {
                Some(m) => m.run(command, out),
                None => Err("`elect` needs a multi-paxos cluster".into()),
            },
            other => match (&mut self.single, &mut self.multi) {
                (Some(s), _) => s.run(other, out),
                (_, Some(m)) => m.run(other, out),
                _ => Err(ActionError::NothingToDo.to_string()),
            },
        }
    }
}

/// The run of a session, if it is one of protocol `P`.
fn sim_of<P: Scripted>(session: Option<&dyn Drive>) -> Option<&kernel::Sim<P>> {
    session?
        .as_any()
        .downcast_ref::<Session<P>>()
        .map(|s| &s.sim)
}

/// The run of a finished session, if it is one of protocol `P`.
fn into_sim<P: Scripted>(session: Box<dyn Drive>) -> Option<kernel::Sim<P>> {
    session
        .into_any()
        .downcast::<Session<P>>()
        .ok()
        .map(|s| s.sim)
}

impl<P: Scripted> Session<P> {
    /// The run so far.
    pub fn sim(&self) -> &kernel::Sim<P> {
        &self.sim
    }

    fn apply(
        &mut self,
        action: Action<P::Input>,
        out: &mut Vec<String>,
    ) -> Result<Action<P::Input>, ActionError> {
        self.events.clear();
        let r = self.sim.apply(action, &mut self.events);
        out.extend(self.events.iter().filter_map(P::line));
        r
    }

    fn select(&self, s: &Selector) -> Result<Vec<MsgId>, String> {
        let msgs = self.sim.world().in_flight();
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
            .filter(|m| s.kind.is_none_or(|k| P::kind(&m.payload) == k))
            .filter(|m| s.slot.is_none_or(|k| P::slot(&m.payload) == Some(k)))
            .map(|m| m.id)
            .collect())
    }

    /// One handler per network command: those that are a single action map to it; the
    /// others have a method of their own.
    fn common(&mut self, command: &Command, out: &mut Vec<String>) -> Result<(), String> {
        match command {
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
                out.extend(P::status(&self.sim));
                Ok(())
            }
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
            Command::Cluster { .. }
            | Command::MultiCluster { .. }
            | Command::Say(_)
            | Command::Ask(_)
            | Command::Propose(..)
            | Command::Request { .. }
            | Command::Elect(_) => Ok(()),
        }
    }

    /// One action, its failure as the command's error.
    fn act(&mut self, action: Action<P::Input>, out: &mut Vec<String>) -> Result<(), String> {
        self.apply(action, out)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// `deliver`, `drop`, `duplicate`: one action per selected message, oldest first.
    fn messages(
        &mut self,
        s: &Selector,
        action: impl Fn(MsgId) -> Action<P::Input>,
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
        while let Some(id) = self.sim.world().in_flight().first().map(|m| m.id) {
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
        self.sim.world().config().network()
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
                    .filter(|e| P::notable(e))
                    .filter_map(P::line),
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
