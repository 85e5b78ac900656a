//! # The Multi-Paxos view of the page
//!
//! A second module, built into its own wasm file (`paxos-viz-multi`, see `src/multi_main.rs`)
//! that the page loads only when a Multi-Paxos run is asked for (a `#v2.` link, or the
//! protocol choice): the single-decree page does not pay for it. Its state is [`MultiModel`],
//! a plain function of a [`MultiMsg`] like `state::Model`, tested natively; [`app`] draws it
//! from [`paxos_sim::multi_paxos::MultiView`] snapshots.
//!
//! It draws the cluster with the messages in flight ([`drawing`]), the replicated log as a
//! grid, leadership, stores and clients ([`app`]), with the testing interface documented in
//! README; lecture mode follows.

pub mod app;
pub mod drawing;
#[cfg(any(feature = "widget", feature = "multi-widget"))]
pub mod widget;

use crate::scenarios::{Beat, Scenario};
use crate::state::{Lecture, Selection, ViewMode};
use paxos_core::multi::Op;
use paxos_core::NodeId;
use paxos_sim::kernel::ActionError;
use paxos_sim::link::MultiLink;
use paxos_sim::multi_paxos::{MultiAction, MultiConfig, MultiEvent, MultiInput, MultiSim};
use paxos_sim::MsgId;

/// The scenario a Multi-Paxos page opens with.
pub const DEFAULT_SCENARIO: &str = "01-steady-state";

/// Everything a person can do in the Multi-Paxos view.
#[derive(Clone, Debug, PartialEq)]
pub enum MultiMsg {
    /// One step forward: the next recorded action, or the scheduler's pick.
    Step,
    /// One step back.
    Back,
    /// The first step.
    First,
    /// The last step of the history.
    Last,
    /// A step of the history.
    Goto(usize),
    /// An action taken by hand; in the past it starts a new branch.
    Act(MultiAction),
    /// A client sends `op` to a replica.
    Request {
        /// The client.
        client: NodeId,
        /// What it asks.
        op: Op,
        /// The replica.
        at: NodeId,
    },
    /// Load a built-in Multi-Paxos scenario.
    LoadScenario(String),
    /// A fresh cluster of this shape.
    LoadConfig(MultiConfig, u64),
    /// Open a `v2.` link's fragment.
    OpenLink(String),
    /// Select a message in flight (or nothing).
    Select(Option<MsgId>),
    /// Open the inspector on a replica or acceptor (or close it).
    Inspect(Option<NodeId>),
    /// Clear the notice.
    DismissNotice,
    /// Back to the start of this run.
    Reset,
    /// Start or stop autoplay.
    TogglePlay,
    /// Stop autoplay.
    Pause,
    /// An autoplay tick: one step, stopping at the end.
    Tick,
    /// Autoplay speed, steps per second.
    Speed(u32),
    /// Play the scenario beat by beat, for a class.
    EnterLecture,
    /// Leave lecture mode.
    LeaveLecture,
    /// The next beat (or the answer of a predict beat).
    NextBeat,
    /// The previous beat.
    PrevBeat,
    /// Blank the screen, or show it again.
    ToggleBlank,
    /// After the lecturer took over: back to the scripted run at the beat it left.
    BackToScript,
    /// Open or close the "Embed this" dialog.
    ToggleEmbed,
    /// Open or close the Check panel.
    ToggleCheck,
    /// Open a checker's counterexample (a captioned script), closing the Check panel; with
    /// `play`, play it at once, a step a second.
    OpenCounterexample {
        /// The script.
        script: String,
        /// Start autoplay.
        play: bool,
    },
    /// Close the dialog, or else clear the selection (Escape).
    Escape,
    /// Show or hide the keyboard help (?).
    ToggleHelp,
    /// Open a trace file's text.
    OpenTrace(String),
    /// Tell the reader something.
    Notify(String),
    /// Highlight a node or a message in the cluster and the space-time diagram alike (or
    /// nothing).
    Hover(Selection),
    /// Show the cluster, the space-time diagram, or both.
    SetView(ViewMode),
    /// Put another branch of the history on screen.
    SwitchBranch(usize),
}

/// The Multi-Paxos page's state.
#[derive(Clone, Debug)]
pub struct MultiModel {
    /// The run, with its history.
    pub sim: MultiSim,
    /// The built-in scenario it came from.
    pub scenario: Option<&'static str>,
    /// The scenario's captions by step.
    pub captions: Vec<(usize, String)>,
    /// The events of the last step taken, for the log.
    pub last_events: Vec<MultiEvent>,
    /// The message selected.
    pub selection: Option<MsgId>,
    /// The replica or acceptor the inspector explains.
    pub inspect: Option<NodeId>,
    /// A message for the reader (an action refused, a link that did not open).
    pub notice: Option<String>,
    /// Bumped by every update: what the address bar follows.
    pub version: u64,
    /// Autoplay on.
    pub playing: bool,
    /// Autoplay speed, steps per second.
    pub speed: u32,
    /// Lecture mode, when on.
    pub lecture: Option<Lecture<MultiSim>>,
    /// The "Embed this" dialog is open.
    pub embed: bool,
    /// The keyboard help is open.
    pub help: bool,
    /// The Check panel is open.
    pub check: bool,
    /// For a checker's counterexample: the step where its invariant breaks.
    pub broken_at: Option<usize>,
    /// What is highlighted in both views.
    pub hover: Selection,
    /// What the stage shows.
    pub view_mode: ViewMode,
    /// The space-time diagram and the cursor step's changes, once per history.
    st: crate::components::spacetime::DiagramCache,
}

impl Default for MultiModel {
    fn default() -> MultiModel {
        MultiModel::scenario(DEFAULT_SCENARIO).unwrap_or_else(|e| {
            let mut m = MultiModel::fresh(MultiConfig::new(3, 2), 0);
            m.notice = Some(e);
            m
        })
    }
}

/// The Multi-Paxos page's address bar follows every change in place (`multi::app`), and
/// waits for a jump along the timeline until the jumps stop.
impl crate::state::Reduce for MultiModel {
    type Msg = MultiMsg;
    type Effect = crate::state::Effect;
    fn update(&mut self, msg: MultiMsg) -> crate::state::Effect {
        let scrub = matches!(msg, MultiMsg::Goto(_));
        MultiModel::update(self, msg);
        crate::state::Effect {
            new_entry: false,
            scrub,
        }
    }
}

impl MultiModel {
    /// A fresh cluster, at step 0.
    pub fn fresh(config: MultiConfig, seed: u64) -> MultiModel {
        let sim = MultiSim::new(config, seed)
            .or_else(|_| MultiSim::new(MultiConfig::new(3, 2), seed))
            .unwrap_or_else(|_| unreachable!("the default cluster is valid"));
        MultiModel::with_sim(sim)
    }

    /// A built-in scenario, at its first step.
    pub fn scenario(name: &str) -> Result<MultiModel, String> {
        let s = Scenario::named_multi(name)
            .ok_or_else(|| format!("there is no Multi-Paxos scenario `{name}`"))?;
        let played = paxos_sim::lecture::play_multi(s.text)?;
        let mut sim = played.sim;
        sim.goto(0);
        Ok(MultiModel {
            scenario: Some(s.name),
            captions: played.captions,
            ..MultiModel::with_sim(sim)
        })
    }

    /// A Multi-Paxos script's run (its `say` lines the captions), at its first step.
    pub fn script(text: &str) -> Result<MultiModel, String> {
        let played = paxos_sim::lecture::play_multi(text)?;
        let mut sim = played.sim;
        sim.goto(0);
        Ok(MultiModel {
            captions: played.captions,
            ..MultiModel::with_sim(sim)
        })
    }

    /// A checker's counterexample (a captioned script), at its first step, with the step where
    /// its invariant breaks.
    pub fn counterexample(text: &str) -> Result<MultiModel, String> {
        let played = paxos_sim::lecture::play_multi(text)?;
        let mut sim = played.sim;
        let broken_at = sim.world().violations().first().map(|v| v.step() as usize);
        sim.goto(0);
        Ok(MultiModel {
            captions: played.captions,
            broken_at,
            ..MultiModel::with_sim(sim)
        })
    }

    /// A model around `sim`, with nothing else set.
    fn with_sim(sim: MultiSim) -> MultiModel {
        MultiModel {
            sim,
            scenario: None,
            captions: Vec::new(),
            last_events: Vec::new(),
            selection: None,
            inspect: None,
            notice: None,
            version: 0,
            playing: false,
            speed: 2,
            lecture: None,
            embed: false,
            help: false,
            check: false,
            broken_at: None,
            hover: Selection::None,
            view_mode: ViewMode::default(),
            st: Default::default(),
        }
    }

    /// The space-time diagram of the whole history on screen, built once per history.
    pub fn diagram(&self) -> std::rc::Rc<paxos_sim::spacetime::Diagram> {
        self.st.diagram(&self.sim)
    }

    /// What the last step taken did, in the event log's sentences (a jump has none).
    pub fn step_sentences(&self) -> Vec<String> {
        self.last_events.iter().map(|e| e.to_string()).collect()
    }

    /// What the step at the cursor changed, node by node, worked out once per step.
    pub fn changes(&self) -> std::rc::Rc<Vec<paxos_sim::spacetime::Change>> {
        self.st.changes(&self.sim, |sim, step| sim.changes_at(step))
    }

    /// The model a `v2.` link describes.
    pub fn from_link(fragment: &str) -> Result<MultiModel, String> {
        let link = MultiLink::decode(fragment).map_err(|e| e.to_string())?;
        let sim = link.open().map_err(|e| e.to_string())?;
        let mut m = MultiModel::with_sim(sim);
        if let Some(name) = &link.scenario {
            if let Ok(s) = MultiModel::scenario(name) {
                m.scenario = s.scenario;
                m.captions = s.captions;
            }
        }
        Ok(m)
    }

    /// The link of what is on screen.
    pub fn link(&self) -> String {
        let mut link = MultiLink::of(&self.sim);
        link.scenario = self.scenario.map(str::to_string);
        link.encode()
    }

    /// The caption in force at the current step.
    pub fn caption(&self) -> Option<&str> {
        paxos_sim::lecture::caption_at(&self.captions, self.sim.step())
    }

    /// Applies one message.
    pub fn update(&mut self, msg: MultiMsg) {
        // A highlight changes nothing else: the address bar need not follow it.
        if let MultiMsg::Hover(s) = msg {
            self.hover = s;
            return;
        }
        self.version += 1;
        match msg {
            MultiMsg::Step => self.step_forward(),
            MultiMsg::Back => {
                let to = self.sim.step().saturating_sub(1);
                self.jump(to);
                // One step back shows (and says) what the step now at the cursor did, as one
                // step forward does.
                if to > 0 {
                    self.last_events = self.sim.events_between(to - 1, to).into_iter().map(|(_, e)| e).collect();
                }
            }
            MultiMsg::First => self.jump(0),
            MultiMsg::Last => self.jump(self.sim.len()),
            MultiMsg::Goto(n) => self.jump(n.min(self.sim.len())),
            MultiMsg::Act(a) => self.act(a),
            MultiMsg::Request { client, op, at } => {
                self.act(MultiAction::Input(MultiInput::Request { client, op, at }))
            }
            MultiMsg::LoadScenario(name) => match MultiModel::scenario(&name) {
                Ok(m) => self.replace(m),
                Err(e) => self.notice = Some(e),
            },
            MultiMsg::LoadConfig(config, seed) => match MultiSim::new(config, seed) {
                Ok(sim) => self.replace(MultiModel::with_sim(sim)),
                Err(e) => self.notice = Some(e.0),
            },
            MultiMsg::OpenLink(fragment) => match MultiModel::from_link(&fragment) {
                Ok(m) => self.replace(m),
                Err(e) => self.notice = Some(format!("That link did not open: {e}")),
            },
            MultiMsg::ToggleEmbed => self.embed = !self.embed,
            MultiMsg::ToggleCheck => self.check = !self.check,
            MultiMsg::OpenCounterexample { script, play } => match MultiModel::counterexample(&script) {
                Ok(m) => {
                    self.replace(m);
                    if play {
                        self.playing = true;
                        self.speed = 1;
                    }
                }
                Err(e) => self.notice = Some(format!("The counterexample cannot be played: {e}")),
            },
            MultiMsg::ToggleHelp => self.help = !self.help,
            MultiMsg::Escape if self.help => self.help = false,
            MultiMsg::Escape if self.embed => self.embed = false,
            MultiMsg::Escape if self.check => self.check = false,
            MultiMsg::Escape if self.selection.is_some() => self.selection = None,
            MultiMsg::Escape => self.inspect = None,
            MultiMsg::Inspect(node) => self.inspect = node,
            MultiMsg::OpenTrace(text) => match paxos_sim::MultiTrace::import(&text) {
                Ok(mut sim) => {
                    sim.goto(0);
                    self.replace(MultiModel::with_sim(sim));
                    self.notice =
                        Some("Trace imported: step through it, or act on it to branch.".into());
                }
                Err(e @ paxos_sim::TraceError::Protocol(_)) => {
                    self.notice = Some(format!(
                        "Could not import the trace: {e}. Choose Single-decree Paxos in Protocol and import it there."
                    ))
                }
                Err(e) => self.notice = Some(format!("Could not import the trace: {e}")),
            },
            MultiMsg::Notify(text) => self.notice = Some(text),
            MultiMsg::Hover(_) => {}
            MultiMsg::SetView(v) => self.view_mode = v,
            MultiMsg::SwitchBranch(k) => {
                if self.sim.switch_branch(k) {
                    self.last_events.clear();
                }
            }
            MultiMsg::Select(s) => self.selection = s,
            MultiMsg::DismissNotice => self.notice = None,
            MultiMsg::Reset => {
                self.playing = false;
                self.jump(0);
            }
            MultiMsg::TogglePlay => self.playing = !self.playing,
            MultiMsg::Pause => self.playing = false,
            MultiMsg::Tick => {
                let before = self.sim.step();
                self.step_forward();
                if self.sim.step() == before {
                    self.playing = false;
                }
            }
            MultiMsg::Speed(s) => self.speed = s.clamp(1, 16),
            MultiMsg::EnterLecture => self.enter_lecture(),
            MultiMsg::LeaveLecture => self.lecture = None,
            MultiMsg::NextBeat => {
                let forked = self.lecture.as_ref().is_some_and(|l| l.fork.is_some());
                if forked {
                    // The lecturer has taken over: "next" is an ordinary step.
                    self.step_forward();
                } else if self.lecture.as_mut().is_some_and(|l| l.advance()) {
                    self.show_beat(true);
                }
            }
            MultiMsg::PrevBeat => {
                if let Some(l) = &mut self.lecture {
                    l.retreat();
                    self.show_beat(false);
                }
            }
            MultiMsg::ToggleBlank => {
                if let Some(l) = &mut self.lecture {
                    l.blank = !l.blank;
                }
            }
            MultiMsg::BackToScript => {
                if let Some((beat, script)) = self.lecture.as_mut().and_then(|l| l.fork.take()) {
                    if let Some(l) = &mut self.lecture {
                        l.beat = beat;
                    }
                    self.sim = script;
                    self.show_beat(false);
                }
            }
        }
        // A selected message that is no longer in flight is no longer selected.
        if let Some(id) = self.selection {
            if !self.sim.world().in_flight().iter().any(|m| m.id == id) {
                self.selection = None;
            }
        }
    }

    fn replace(&mut self, m: MultiModel) {
        let (version, speed, view_mode) = (self.version, self.speed, self.view_mode);
        *self = MultiModel {
            version,
            speed,
            view_mode,
            ..m
        };
    }

    fn jump(&mut self, step: usize) {
        self.sim.goto(step);
        self.last_events.clear();
    }

    fn step_forward(&mut self) {
        let mut events = Vec::new();
        if self.sim.step() < self.sim.len() && self.sim.forward(&mut events) {
            self.last_events = events;
            return;
        }
        match self.sim.apply(MultiAction::Step, &mut events) {
            Ok(_) => {
                self.last_events = events;
                self.notice = None;
            }
            Err(ActionError::NothingToDo) => {
                self.notice = Some(
                    "Nothing more can happen: no message is in flight and no timer is pending. \
                     Send a client command to continue."
                        .into(),
                )
            }
            Err(e) => self.notice = Some(e.to_string()),
        }
    }

    /// Lecture mode on the current scenario: its `say` and `ask` lines are the beats.
    fn enter_lecture(&mut self) {
        let Some(s) = self.scenario.and_then(Scenario::named_multi) else {
            self.notice =
                Some("Lecture mode plays a scenario: pick one from the menu first.".into());
            return;
        };
        let played = match paxos_sim::lecture::play_multi(s.text) {
            Ok(p) => p,
            Err(e) => {
                self.notice = Some(e);
                return;
            }
        };
        let mut beats = played.beats;
        if beats.is_empty() {
            beats.push(Beat {
                caption: s.summary().to_string(),
                ask: false,
                start: 0,
                end: played.sim.len(),
                line: 0,
            });
        }
        // Back to the scripted history, in case the run had branched.
        self.sim = played.sim;
        self.selection = None;
        self.playing = false;
        self.lecture = Some(Lecture::new(beats));
        self.show_beat(false);
    }

    /// Moves the run to what the current beat shows, with the events that got it there.
    fn show_beat(&mut self, animate: bool) {
        let Some(target) = self.lecture.as_ref().map(|l| l.target()) else {
            return;
        };
        self.last_events =
            crate::state::goto_beat(&mut self.sim, target, animate).unwrap_or_default();
    }

    /// The lecture caption on screen: beat (from 1), beats, text, and whether it asks.
    pub fn lecture_caption(&self) -> Option<(usize, usize, String, bool)> {
        self.lecture.as_ref().map(Lecture::caption)
    }

    fn act(&mut self, action: MultiAction) {
        if let Some(l) = &mut self.lecture {
            if l.fork.is_none() {
                l.fork = Some((l.beat, self.sim.clone()));
            }
        }
        let mut events = Vec::new();
        match self.sim.apply(action, &mut events) {
            Ok(_) => {
                self.last_events = events;
                self.notice = None;
            }
            Err(e) => self.notice = Some(e.to_string()),
        }
    }
}

/// What a widget and "Embed this" need of a Multi-Paxos run.
impl crate::embed::Runs for MultiModel {
    fn scenario(name: &str) -> Result<MultiModel, String> {
        MultiModel::scenario(name)
    }
    fn script(text: &str) -> Result<MultiModel, String> {
        MultiModel::script(text)
    }
    fn from_link(fragment: &str) -> Result<MultiModel, String> {
        MultiModel::from_link(fragment)
    }
    fn steps(&self) -> usize {
        self.sim.len()
    }
    fn open(&mut self, step: Option<usize>, speed: u32, playing: bool) {
        if let Some(step) = step {
            self.update(MultiMsg::Goto(step));
        }
        self.speed = speed;
        self.playing = playing;
    }
    fn embedded(&self) -> crate::embed::Embedded {
        let unchanged = self.scenario.is_some_and(|name| {
            MultiModel::scenario(name).is_ok_and(|fresh| fresh.sim.actions() == self.sim.actions())
        });
        let mut link = paxos_sim::link::MultiLink::of(&self.sim);
        link.scenario = self.scenario.map(str::to_string);
        crate::embed::Embedded {
            protocol: crate::embed::Protocol::MultiPaxos,
            scenario: self.scenario,
            unchanged,
            link: link.encode(),
            step: self.sim.step(),
            captions: !self.captions.is_empty(),
            view: self.view_mode,
        }
    }
}

/// The Multi-Paxos cluster settings form's fields, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultiForm {
    /// Replicas `n1..`.
    pub replicas: String,
    /// Standalone acceptors `a1..`; 0 for combined replicas.
    pub acceptors: String,
    /// Clients `c1..`.
    pub clients: String,
    /// Scheduler seed.
    pub seed: String,
    /// Message loss, percent.
    pub loss: String,
    /// Duplication, percent.
    pub dup: String,
    /// Reordering on.
    pub reorder: bool,
}

/// One error per field of [`MultiForm`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MultiFormErrors {
    pub replicas: Option<String>,
    pub acceptors: Option<String>,
    pub clients: Option<String>,
    pub seed: Option<String>,
    pub loss: Option<String>,
    pub dup: Option<String>,
}

impl MultiForm {
    /// The form filled in from a config.
    pub fn from_config(c: &MultiConfig, seed: u64) -> MultiForm {
        let pct = crate::state::percent_text;
        MultiForm {
            replicas: c.replicas.to_string(),
            acceptors: c.acceptors.to_string(),
            clients: c.clients.to_string(),
            seed: seed.to_string(),
            loss: pct(c.network.loss),
            dup: pct(c.network.dup),
            reorder: c.network.reorder,
        }
    }

    /// The config and seed, or a message for every field that is wrong.
    pub fn parse(&self) -> Result<(MultiConfig, u64), Box<MultiFormErrors>> {
        use crate::state::{percent, whole};
        let mut e = MultiFormErrors::default();
        let max = MultiConfig::MAX_REPLICAS;
        let replicas = whole(&self.replicas, 1, max).map_err(|m| e.replicas = Some(m));
        let acceptors = whole(&self.acceptors, 0, max).map_err(|m| e.acceptors = Some(m));
        let clients =
            whole(&self.clients, 0, MultiConfig::MAX_CLIENTS).map_err(|m| e.clients = Some(m));
        let seed = self
            .seed
            .trim()
            .parse::<u64>()
            .map_err(|_| e.seed = Some("Enter a whole number (0 or more).".into()));
        let loss = percent(&self.loss).map_err(|m| e.loss = Some(m));
        let dup = percent(&self.dup).map_err(|m| e.dup = Some(m));
        match (replicas, acceptors, clients, seed, loss, dup) {
            (Ok(r), Ok(a), Ok(c), Ok(seed), Ok(loss), Ok(dup)) => {
                let mut config = MultiConfig::new(r, c);
                config.acceptors = a;
                config.network.loss = loss;
                config.network.dup = dup;
                config.network.reorder = self.reorder;
                Ok((config, seed))
            }
            _ => Err(Box::new(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paxos_core::Value;
    use std::rc::Rc;

    #[test]
    fn one_step_back_says_what_the_step_now_at_the_cursor_did() {
        let mut m = MultiModel::default();
        m.update(MultiMsg::Step);
        m.update(MultiMsg::Step);
        let second = m.step_sentences();
        assert!(!second.is_empty());
        m.update(MultiMsg::Step);
        assert_ne!(m.step_sentences(), second);
        m.update(MultiMsg::Back);
        assert_eq!(m.sim.step(), 2);
        assert_eq!(m.step_sentences(), second);
        m.update(MultiMsg::First);
        assert!(m.step_sentences().is_empty());
    }

    #[test]
    fn the_diagram_follows_the_history_and_the_view_outlives_a_new_scenario() {
        let mut m = MultiModel::default();
        m.update(MultiMsg::Last);
        let whole = m.diagram();
        assert_eq!(whole.last_step as usize, m.sim.len());
        assert!(whole.lines.len() > 10, "a steady-state run sends messages");
        // Moving the cursor keeps the diagram; the step's changes follow the cursor.
        m.update(MultiMsg::Goto(3));
        assert!(Rc::ptr_eq(&whole, &m.diagram()));
        assert_eq!(*m.changes(), m.sim.changes_at(3));
        // A highlight is no new version: the address bar does not follow it.
        let v = m.version;
        m.update(MultiMsg::Hover(Selection::Message(1)));
        assert_eq!((m.version, m.hover), (v, Selection::Message(1)));
        // Acting in the past makes a branch and a new diagram; switching back finds the old.
        let id = m.sim.world().in_flight()[0].id;
        m.update(MultiMsg::Act(MultiAction::Drop { id }));
        assert_eq!(m.diagram().last_step, 4);
        assert_eq!(m.sim.branches().len(), 2);
        m.update(MultiMsg::SwitchBranch(0));
        assert_eq!(m.sim.step(), 3);
        assert_eq!(*m.diagram(), *whole);
        m.update(MultiMsg::SetView(ViewMode::SpaceTime));
        m.update(MultiMsg::LoadScenario("02-leader-crash-recovery".into()));
        assert_eq!(m.view_mode, ViewMode::SpaceTime);
    }

    #[test]
    fn the_settings_form_reads_a_cluster_and_names_every_bad_field() {
        let mut f = MultiForm::from_config(&MultiConfig::new(5, 3), 9);
        assert_eq!((f.replicas.as_str(), f.clients.as_str()), ("5", "3"));
        f.acceptors = "3".into();
        f.loss = "10".into();
        f.reorder = true;
        let (c, seed) = f.parse().unwrap();
        assert_eq!((c.replicas, c.acceptors, c.clients, seed), (5, 3, 3, 9));
        assert!(c.network.reorder && (c.network.loss.as_f64() - 0.1).abs() < 1e-9);
        assert_eq!(MultiForm::from_config(&c, seed), f, "the form round-trips");
        let mut m = MultiModel::default();
        m.update(MultiMsg::LoadConfig(c, seed));
        assert_eq!(m.sim.view().acceptors.len(), 3);
        assert_eq!(m.sim.view().clients.len(), 3);

        let bad = MultiForm {
            replicas: "0".into(),
            acceptors: "8".into(),
            clients: "x".into(),
            seed: "-1".into(),
            loss: "101".into(),
            dup: "lots".into(),
            reorder: false,
        };
        let e = bad.parse().unwrap_err();
        assert_eq!(
            e.replicas.as_deref(),
            Some("Enter a whole number from 1 to 7.")
        );
        assert_eq!(
            e.acceptors.as_deref(),
            Some("Enter a whole number from 0 to 7.")
        );
        assert_eq!(
            e.clients.as_deref(),
            Some("Enter a whole number from 0 to 4.")
        );
        assert!(e.seed.is_some() && e.loss.is_some() && e.dup.is_some());
    }

    #[test]
    fn a_trace_round_trips_and_a_trace_of_the_other_protocol_is_named() {
        let mut m = MultiModel::scenario("02-leader-crash-recovery").unwrap();
        m.update(MultiMsg::Goto(20));
        let json = paxos_sim::MultiTrace::record(&m.sim).to_json();
        let mut back = MultiModel::default();
        back.update(MultiMsg::OpenTrace(json));
        assert_eq!(back.sim.len(), m.sim.len());
        back.update(MultiMsg::Goto(20));
        assert_eq!(back.sim.view(), m.sim.view());
        let single = crate::state::Model::default();
        let other = paxos_sim::Trace::record(&single.sim).to_json();
        back.update(MultiMsg::OpenTrace(other));
        let n = back.notice.clone().unwrap();
        assert!(n.contains("Choose Single-decree Paxos"), "{n}");
        assert_eq!(
            back.sim.len(),
            m.sim.len(),
            "a refused trace changes nothing"
        );
        back.update(MultiMsg::OpenTrace("{".into()));
        assert!(back
            .notice
            .unwrap()
            .starts_with("Could not import the trace: trace JSON"));
    }

    #[test]
    fn every_multi_paxos_scenario_opens_at_its_first_step_and_plays_to_its_end() {
        assert!(Scenario::all_multi().count() >= 8);
        for s in Scenario::all_multi() {
            let mut m = MultiModel::scenario(s.name).unwrap_or_else(|e| panic!("{}: {e}", s.name));
            assert_eq!(m.sim.step(), 0, "{}", s.name);
            m.update(MultiMsg::Last);
            assert_eq!(m.sim.step(), m.sim.len());
            assert!(m.sim.len() > 5, "{}", s.name);
        }
    }

    #[test]
    fn stepping_back_and_acting_in_the_past_starts_a_new_branch() {
        let mut m = MultiModel::default();
        m.update(MultiMsg::Last);
        let len = m.sim.len();
        m.update(MultiMsg::Back);
        assert_eq!(m.sim.step(), len - 1);
        m.update(MultiMsg::Step);
        assert_eq!(m.sim.step(), len, "stepping forward replays the history");
        m.update(MultiMsg::Goto(0));
        let put = Op::Put {
            key: Value::new("k").unwrap(),
            value: Value::new("v").unwrap(),
        };
        m.update(MultiMsg::Request {
            client: NodeId::client(1),
            op: put,
            at: NodeId::node(2),
        });
        assert!(m.notice.is_none(), "{:?}", m.notice);
        assert_eq!(m.sim.step(), 1);
        assert_eq!(m.sim.len(), 1, "the old future is gone");
        assert!(m
            .last_events
            .iter()
            .any(|e| e.to_string().contains("c1 sends c1#1 put k v to n2")));
    }

    #[test]
    fn a_link_reopens_the_same_run_at_the_same_step() {
        let mut m = MultiModel::scenario("02-leader-crash-recovery").unwrap();
        m.update(MultiMsg::Goto(12));
        let link = m.link();
        assert!(link.starts_with("v2."));
        let mut back = MultiModel::default();
        back.update(MultiMsg::OpenLink(format!("#{link}")));
        assert_eq!(back.sim.step(), 12);
        assert_eq!(back.sim.view(), m.sim.view());
        assert_eq!(back.scenario, Some("02-leader-crash-recovery"));
        assert_eq!(back.caption(), m.caption());
        back.update(MultiMsg::OpenLink("#v2.garbage".into()));
        assert!(back
            .notice
            .as_deref()
            .unwrap()
            .starts_with("That link did not open"));
        assert_eq!(back.sim.step(), 12, "a bad link leaves the run alone");
    }

    #[test]
    fn lecture_mode_plays_beats_reveals_predictions_and_returns_from_a_fork() {
        let mut m = MultiModel::scenario("02-leader-crash-recovery").unwrap();
        m.update(MultiMsg::EnterLecture);
        let (k, n, first, _) = m.lecture_caption().unwrap();
        assert_eq!(k, 1);
        assert!(n >= 5, "{n} beats");
        assert_eq!(
            m.sim.len(),
            MultiModel::scenario("02-leader-crash-recovery")
                .unwrap()
                .sim
                .len()
        );
        // Walk to the predict beat: its question shows the state before its actions.
        let mut guard = 0;
        while !m.lecture_caption().unwrap().3 {
            m.update(MultiMsg::NextBeat);
            guard += 1;
            assert!(guard < n, "no predict beat in {first}");
        }
        let before = m.sim.step();
        m.update(MultiMsg::NextBeat);
        assert!(!m.lecture_caption().unwrap().3, "revealed");
        assert!(m.sim.step() > before, "the answer shows the beat's actions");
        assert!(!m.last_events.is_empty(), "and what they did");
        m.update(MultiMsg::PrevBeat);
        assert_eq!(m.sim.step(), before, "back hides the answer");
        // Taking over forks the run; back to the script restores it.
        let scripted = m.sim.len();
        m.update(MultiMsg::Act(MultiAction::Crash {
            node: NodeId::node(2),
        }));
        assert!(m.lecture.as_ref().unwrap().fork.is_some());
        assert_eq!(m.sim.len(), before + 1);
        m.update(MultiMsg::BackToScript);
        assert_eq!(m.sim.len(), scripted);
        assert_eq!(m.sim.step(), before);
        m.update(MultiMsg::ToggleBlank);
        assert!(m.lecture.as_ref().unwrap().blank);
        m.update(MultiMsg::LeaveLecture);
        assert!(m.lecture.is_none());
        // A run that is not a scenario has nothing to lecture on.
        let mut free = MultiModel::fresh(MultiConfig::new(3, 1), 0);
        free.update(MultiMsg::EnterLecture);
        assert!(free.lecture.is_none() && free.notice.is_some());
    }

    #[test]
    fn escape_closes_the_embed_dialog_first_then_the_selection() {
        let mut m = MultiModel::scenario("01-steady-state").unwrap();
        m.update(MultiMsg::Goto(1));
        let id = m.sim.view().messages[0].id;
        m.update(MultiMsg::Select(Some(id)));
        m.update(MultiMsg::ToggleHelp);
        m.update(MultiMsg::ToggleEmbed);
        assert!(m.embed && m.help);
        m.update(MultiMsg::Escape);
        assert!(!m.help && m.embed, "the help is on top");
        m.update(MultiMsg::Escape);
        assert!(!m.embed && m.selection == Some(id));
        m.update(MultiMsg::Inspect(Some(NodeId::node(1))));
        m.update(MultiMsg::Escape);
        assert_eq!(m.selection, None);
        assert_eq!(
            m.inspect,
            Some(NodeId::node(1)),
            "one Escape, one thing closed"
        );
        m.update(MultiMsg::Escape);
        assert_eq!(m.inspect, None);
    }

    #[test]
    fn a_refused_action_says_why() {
        let mut m = MultiModel::default();
        m.update(MultiMsg::Act(MultiAction::Deliver { id: 999 }));
        assert!(m.notice.is_some());
        m.update(MultiMsg::DismissNotice);
        assert!(m.notice.is_none());
        m.update(MultiMsg::LoadScenario("no-such".into()));
        assert_eq!(
            m.notice.as_deref(),
            Some("there is no Multi-Paxos scenario `no-such`")
        );
    }
}
