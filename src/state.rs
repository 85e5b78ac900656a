//! The page's state and everything that changes it, with no Yew in it: `Model::update` is a
//! plain function of the model and a [`Msg`], tested natively. The Yew reducer in `app.rs`
//! wraps it.

use crate::scenarios::{self, Beat, Scenario};
use paxos_core::{Layout, NodeId, Value};
use paxos_sim::{Action, ActionError, Config, Event, MsgId, Prob, Sim, View};
use std::rc::Rc;

/// What the inspector shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Selection {
    /// Nothing selected.
    #[default]
    None,
    /// A node.
    Node(NodeId),
    /// A message in flight.
    Message(MsgId),
}

/// What the stage shows: the cluster, the space-time diagram, or both side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ViewMode {
    /// The cluster drawing only.
    #[default]
    Cluster,
    /// The cluster and, beside it, the space-time diagram.
    Both,
    /// The space-time diagram, full width.
    SpaceTime,
}

impl ViewMode {
    /// Every mode, in the order a widget's `view` attribute lists them.
    pub const ALL: [ViewMode; 3] = [ViewMode::Cluster, ViewMode::SpaceTime, ViewMode::Both];
    /// `cluster`, `both`, `spacetime`: the names `view=` takes.
    pub fn name(self) -> &'static str {
        match self {
            ViewMode::Cluster => "cluster",
            ViewMode::Both => "both",
            ViewMode::SpaceTime => "spacetime",
        }
    }
    /// The mode of a name, if it is one.
    pub fn parse(s: &str) -> Option<ViewMode> {
        ViewMode::ALL.into_iter().find(|v| v.name() == s)
    }
    /// Whether the cluster drawing is on screen.
    pub fn cluster(self) -> bool {
        self != ViewMode::SpaceTime
    }
    /// Whether the space-time diagram is on screen.
    pub fn spacetime(self) -> bool {
        self != ViewMode::Cluster
    }
}

/// How the cursor last moved, so the page knows what to animate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Move {
    /// Loaded or jumped: draw the state, animate nothing.
    #[default]
    Jump,
    /// One step forward: animate its events.
    Forward,
    /// One step back.
    Back,
}

/// Where the current run came from, so Reset can rebuild it.
#[derive(Clone, Debug, PartialEq)]
pub enum Preset {
    /// A built-in scenario, by file stem.
    Scenario(&'static str),
    /// A cluster from the configuration form; each proposer starts by proposing a value.
    Free(Config, u64),
    /// A run opened from a link or a trace file; Reset goes back to its first step.
    Opened,
    /// A script typed or uploaded into the script editor.
    Script(String),
}

/// Lecture mode: a scenario played beat by beat. `S` is the run a lecturer who takes over
/// forks from (single-decree `Sim` here, `MultiSim` in the Multi-Paxos page).
#[derive(Clone, Debug)]
pub struct Lecture<S = Sim> {
    /// The beats of the scenario.
    pub beats: Vec<Beat>,
    /// The beat on screen.
    pub beat: usize,
    /// For a predict beat: whether its answer has been revealed.
    pub revealed: bool,
    /// The screen is blanked (B).
    pub blank: bool,
    /// The lecturer took over at a beat: the beat, and the scripted run to return to.
    pub fork: Option<(usize, S)>,
}

impl<S> Lecture<S> {
    /// Lecture mode at the first beat of `beats` (at least one).
    pub fn new(beats: Vec<Beat>) -> Lecture<S> {
        Lecture {
            beats,
            beat: 0,
            revealed: false,
            blank: false,
            fork: None,
        }
    }

    /// The step the current beat shows: a predict beat shows its start until revealed.
    pub fn target(&self) -> usize {
        let b = &self.beats[self.beat];
        if b.ask && !self.revealed {
            b.start
        } else {
            b.end
        }
    }

    /// Next: reveals a predict beat's answer, or moves to the next beat. False at the end.
    pub fn advance(&mut self) -> bool {
        if self.beats[self.beat].ask && !self.revealed {
            self.revealed = true;
        } else if self.beat + 1 < self.beats.len() {
            self.beat += 1;
            self.revealed = false;
        } else {
            return false;
        }
        true
    }

    /// Previous: hides a revealed answer, or moves to the previous beat (shown revealed).
    pub fn retreat(&mut self) {
        if self.beats[self.beat].ask && self.revealed {
            self.revealed = false;
        } else if self.beat > 0 {
            self.beat -= 1;
            self.revealed = true;
        }
    }

    /// The caption on screen, with its beat number (from 1), the number of beats, and whether
    /// it is a question not yet revealed.
    pub fn caption(&self) -> (usize, usize, String, bool) {
        let b = &self.beats[self.beat];
        (
            self.beat + 1,
            self.beats.len(),
            b.caption.clone(),
            b.ask && !self.revealed,
        )
    }
}

/// Moves a lecture's run to a beat's `target` step. Moving forward with `animate`, returns
/// the events of the steps crossed, for the drawing to play; otherwise `None` (a jump).
pub fn goto_beat<P: paxos_sim::Protocol>(
    sim: &mut paxos_sim::kernel::Sim<P>,
    target: usize,
    animate: bool,
) -> Option<Vec<P::Event>> {
    let from = sim.step();
    sim.goto(target);
    (animate && target > from).then(|| {
        sim.events_between(from, target)
            .into_iter()
            .map(|(_, e)| e)
            .collect()
    })
}

/// Autoplay speeds, in steps per second.
pub const SPEEDS: [u32; 5] = [1, 2, 4, 8, 16];

/// Everything the user can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// One step forward: replay the next recorded action, or let the scheduler pick.
    Step,
    /// One step back.
    Back,
    /// Jump to the first step.
    First,
    /// Jump to the last step of the history.
    Last,
    /// Jump to a step.
    Goto(usize),
    /// An action taken by hand (deliver, drop, crash, ...). In the past, it starts a new branch.
    Act(Action),
    /// Select a node or message.
    Select(Selection),
    /// The pointer or the focus is on a node or message (in either view), or on nothing: it
    /// is highlighted in both.
    Hover(Selection),
    /// Show the cluster, the space-time diagram, or both.
    SetView(ViewMode),
    /// Put another branch of the history on screen (see [`Sim::branches`]).
    SwitchBranch(usize),
    /// Start or stop autoplay.
    TogglePlay,
    /// Stop autoplay.
    Pause,
    /// An autoplay tick.
    Tick,
    /// Set the autoplay speed (steps per second).
    Speed(u32),
    /// Rebuild the current run from its preset, at its start.
    Reset,
    /// Load a built-in scenario.
    LoadScenario(String),
    /// Load a free run with this cluster.
    LoadConfig(Config, u64),
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Show or hide the "Embed this" dialog.
    ToggleEmbed,
    /// Show or hide the Check panel.
    ToggleCheck,
    /// Open a checker's counterexample (a captioned script), closing the Check panel; with
    /// `play`, play it at once, a step a second.
    OpenCounterexample {
        /// The script.
        script: String,
        /// Start autoplay.
        play: bool,
    },
    /// Close overlays and clear the selection (Escape).
    Escape,
    /// Clear the notice.
    DismissNotice,
    /// Open a shareable link's fragment (from the address bar, or back/forward).
    OpenLink(String),
    /// Open a trace JSON file's text.
    OpenTrace(String),
    /// Say something to the user (e.g. "Link copied").
    Notify(String),
    /// Play a script from the editor (its text).
    LoadScript(String),
    /// Play the current scenario as a lecture, from its first beat.
    EnterLecture,
    /// Leave lecture mode (Esc).
    LeaveLecture,
    /// Next beat (or reveal a predict beat's answer).
    NextBeat,
    /// Previous beat.
    PrevBeat,
    /// Blank the screen, or show it again (B).
    ToggleBlank,
    /// Return from a fork to the beat where it started.
    BackToScript,
}

/// The page's model.
#[derive(Clone)]
pub struct Model {
    /// The run.
    pub sim: Sim,
    /// Where it came from.
    pub preset: Preset,
    /// Scenario captions by step.
    pub captions: Vec<(usize, String)>,
    /// The inspector's subject.
    pub selection: Selection,
    /// Autoplay on.
    pub playing: bool,
    /// Autoplay speed, steps per second.
    pub speed: u32,
    /// A message for the user (an action that could not be taken, a script error).
    pub notice: Option<String>,
    /// Events of the last forward step, for animation.
    pub last_events: Vec<Event>,
    /// How the cursor last moved.
    pub moved: Move,
    /// Help overlay open.
    pub help: bool,
    /// "Embed this" dialog open.
    pub embed: bool,
    /// The Check panel open.
    pub check: bool,
    /// For a checker's counterexample: the step where its invariant breaks, marked on the
    /// timeline.
    pub broken_at: Option<usize>,
    /// Bumped on every change, so that animations restart.
    pub version: u64,
    /// Lecture mode, when on.
    pub lecture: Option<Lecture>,
    /// The event log: sentences of the last [`LOG_STEPS`] steps up to the cursor, by step,
    /// oldest first. Kept up to date incrementally on steps forward, rebuilt on jumps.
    pub log: Vec<(u64, Vec<String>)>,
    /// The step the log was built for.
    log_step: usize,
    /// What is highlighted in both views (under the pointer or the focus).
    pub hover: Selection,
    /// What the stage shows.
    pub view_mode: ViewMode,
    /// The space-time diagram of the history and the cursor step's changes, built when
    /// first asked for and kept until the history moves on.
    st: crate::components::spacetime::DiagramCache,
}

/// Steps of history the event log shows.
pub const LOG_STEPS: usize = 30;

/// The sentences of `events` at `step`, as one log entry (none if nothing is worth saying).
fn log_entry(step: u64, events: &[Event]) -> Option<(u64, Vec<String>)> {
    let lines: Vec<String> = events.iter().filter_map(Event::sentence).collect();
    (!lines.is_empty()).then_some((step, lines))
}

/// The scenario the page opens with.
pub const DEFAULT_SCENARIO: &str = "01-happy-path";

impl Default for Model {
    fn default() -> Self {
        Model::scenario(DEFAULT_SCENARIO).unwrap_or_else(|_| Model::free(Config::default(), 1))
    }
}

/// A page model: a plain function of its messages (`Model` and the Multi-Paxos page's
/// `MultiModel`), which [`crate::shell::Store`] keeps for Yew. An update returns what it asks
/// of the page beyond drawing the new state.
pub trait Reduce {
    /// What it takes.
    type Msg;
    /// What an update asks of the page.
    type Effect: Copy + Default;
    /// Applies one message.
    fn update(&mut self, msg: Self::Msg) -> Self::Effect;
}

/// What the single-decree page must do after an update, besides drawing it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Effect {
    /// The change was meaningful (a new run, a hand action, lecture mode entered or left):
    /// the address bar gets a new history entry for it, so that browser back and forward move
    /// between such changes, not between steps.
    pub new_entry: bool,
    /// The change was a jump along the timeline: the address bar is written once the jumps
    /// stop (a dragged thumb sends one a frame), not while they come.
    pub scrub: bool,
}

impl Reduce for Model {
    type Msg = Msg;
    type Effect = Effect;
    fn update(&mut self, msg: Msg) -> Effect {
        Model::update(self, msg)
    }
}

impl Model {
    /// The space-time diagram of the whole history on screen (the cursor aside), built once
    /// per history.
    pub fn diagram(&self) -> Rc<paxos_sim::spacetime::Diagram> {
        self.st.diagram(&self.sim)
    }

    /// What the step at the cursor did, in the event log's sentences (none at step 0).
    pub fn step_sentences(&self) -> Vec<String> {
        let step = self.sim.step() as u64;
        self.log
            .last()
            .filter(|(s, _)| *s == step)
            .map(|(_, lines)| lines.clone())
            .unwrap_or_default()
    }

    /// What the step at the cursor changed, node by node, worked out once per step.
    pub fn changes(&self) -> Rc<Vec<paxos_sim::spacetime::Change>> {
        self.st.changes(&self.sim, |sim, step| sim.changes_at(step))
    }

    fn with(sim: Sim, preset: Preset, captions: Vec<(usize, String)>) -> Model {
        let mut model = Model {
            sim,
            preset,
            captions,
            selection: Selection::None,
            playing: false,
            speed: 2,
            notice: None,
            last_events: Vec::new(),
            moved: Move::Jump,
            help: false,
            embed: false,
            check: false,
            broken_at: None,
            version: 0,
            lecture: None,
            log: Vec::new(),
            log_step: usize::MAX,
            hover: Selection::None,
            view_mode: ViewMode::default(),
            st: Default::default(),
        };
        model.refresh_log();
        model
    }

    /// Brings the event log up to the cursor: appends the last step's sentences after a single
    /// step forward, and otherwise rebuilds it by replaying the last steps.
    fn refresh_log(&mut self) {
        let step = self.sim.step();
        if step == self.log_step {
            return;
        }
        if self.moved == Move::Forward && step == self.log_step.wrapping_add(1) {
            self.log.extend(log_entry(step as u64, &self.last_events));
        } else {
            let from = step.saturating_sub(LOG_STEPS);
            let mut by_step: Vec<(u64, Vec<Event>)> = Vec::new();
            for (n, e) in self.sim.events_between(from, step) {
                match by_step.last_mut() {
                    Some((m, es)) if *m == n => es.push(e),
                    _ => by_step.push((n, vec![e])),
                }
            }
            self.log = by_step
                .iter()
                .filter_map(|(n, es)| log_entry(*n, es))
                .collect();
        }
        let oldest = step.saturating_sub(LOG_STEPS) as u64;
        self.log.retain(|(n, _)| *n > oldest);
        self.log_step = step;
    }

    /// The run a shareable link describes, at its step; its scenario's captions when it names
    /// one.
    pub fn from_link(fragment: &str) -> Result<Model, String> {
        let link = paxos_sim::Link::decode(fragment).map_err(|e| e.to_string())?;
        let sim = link.open().map_err(|e| e.to_string())?;
        let scenario = link.scenario.as_deref().and_then(Scenario::named);
        let captions = scenario
            .and_then(|s| scenarios::play(s.text).ok())
            .map(|p| p.captions)
            .unwrap_or_default();
        let preset = match scenario {
            Some(s) => Preset::Scenario(s.name),
            None => Preset::Opened,
        };
        let mut model = Model::with(sim, preset, captions);
        if let (Some(beat), Some(_)) = (link.beat, scenario) {
            model.enter_lecture();
            if let Some(l) = &mut model.lecture {
                l.beat = (beat / 2).min(l.beats.len().saturating_sub(1));
                l.revealed = beat % 2 == 1;
            }
            model.show_beat(false);
        }
        model.refresh_log();
        Ok(model)
    }

    /// The shareable link of the current state (the fragment, without `#`).
    pub fn link(&self) -> String {
        let mut link = paxos_sim::Link::of(&self.sim);
        if let Preset::Scenario(name) = self.preset {
            link.scenario = Some(name.to_string());
        }
        if let Some(l) = &self.lecture {
            if l.fork.is_none() {
                link.beat = Some(l.beat * 2 + l.revealed as usize);
            }
        }
        link.encode()
    }

    /// A built-in scenario, at its first step, with its whole history ready to step through.
    pub fn scenario(name: &str) -> Result<Model, String> {
        let s = Scenario::named(name).ok_or_else(|| format!("there is no scenario `{name}`"))?;
        let mut played = scenarios::play(s.text)?;
        played.sim.goto(0);
        Ok(Model::with(
            played.sim,
            Preset::Scenario(s.name),
            played.captions,
        ))
    }

    /// A script from the editor, at its first step, with its captions.
    pub fn script(text: &str) -> Result<Model, String> {
        let mut played = scenarios::play(text)?;
        played.sim.goto(0);
        Ok(Model::with(
            played.sim,
            Preset::Script(text.to_string()),
            played.captions,
        ))
    }

    /// A checker's counterexample (a captioned script, [`paxos_sim::narrate`]), at its first
    /// step, with the step where its invariant breaks.
    pub fn counterexample(text: &str) -> Result<Model, String> {
        let mut played = scenarios::play(text)?;
        let broken_at = played
            .sim
            .world()
            .violations()
            .first()
            .map(|v| v.step() as usize);
        played.sim.goto(0);
        let mut m = Model::with(
            played.sim,
            Preset::Script(text.to_string()),
            played.captions,
        );
        m.broken_at = broken_at;
        Ok(m)
    }

    /// The script text of the current run, when it came from one.
    pub fn script_text(&self) -> Option<String> {
        match &self.preset {
            Preset::Scenario(name) => Scenario::named(name).map(|s| s.text.to_string()),
            Preset::Script(text) => Some(text.clone()),
            _ => None,
        }
    }

    /// A free run: the cluster, and each proposer asked to propose a value (p1 A, p2 B, ...).
    pub fn free(config: Config, seed: u64) -> Model {
        let sim = Sim::new(config, seed)
            .or_else(|_| Sim::new(Config::default(), seed))
            .expect("the default config is valid");
        let mut model = Model::with(sim, Preset::Free(config, seed), Vec::new());
        let proposers: Vec<NodeId> = model.sim.world().members().proposer_ids().collect();
        let mut events = Vec::new();
        for (i, node) in proposers.into_iter().enumerate() {
            let value = paxos_sim::explore::value_for(i);
            // Proposing on a fresh, running proposer cannot fail.
            let _ = model.sim.apply(
                Action::Input(paxos_sim::Propose { node, value }),
                &mut events,
            );
        }
        model.refresh_log();
        model
    }

    /// What is on screen.
    pub fn view(&self) -> View {
        self.sim.view()
    }

    /// The caption for the current step, if the run is a narrated scenario.
    pub fn caption(&self) -> Option<&str> {
        scenarios::caption_at(&self.captions, self.sim.step())
    }

    /// Applies one message, and says what the page must do about it.
    pub fn update(&mut self, msg: Msg) -> Effect {
        // A highlight changes nothing else: no new version, so no animation restarts.
        if let Msg::Hover(s) = msg {
            self.hover = s;
            return Effect::default();
        }
        self.version += 1;
        let scrub = matches!(msg, Msg::Goto(_));
        let mut new_entry = matches!(
            msg,
            Msg::Act(_)
                | Msg::Reset
                | Msg::LoadScenario(_)
                | Msg::LoadConfig(..)
                | Msg::OpenTrace(_)
        );
        match msg {
            // A tick that was already on its way when autoplay stopped does nothing.
            Msg::Tick if !self.playing => {}
            // Autoplay stops at the end of a run that broke an invariant (a counterexample
            // played from the Check panel): what follows would be the scheduler's, not the
            // checker's.
            Msg::Tick
                if self.sim.step() >= self.sim.len()
                    && !self.sim.world().violations().is_empty() =>
            {
                self.playing = false;
            }
            Msg::Step | Msg::Tick => {
                if !self.step_forward() {
                    self.playing = false;
                }
            }
            Msg::Back => {
                let step = self.sim.step();
                if step > 0 {
                    self.sim.goto(step - 1);
                    self.moved = Move::Back;
                    self.last_events.clear();
                }
            }
            Msg::First => self.jump(0),
            Msg::Last => self.jump(self.sim.len()),
            Msg::Goto(step) => self.jump(step.min(self.sim.len())),
            Msg::Act(action) => self.act(action),
            Msg::Select(s) => self.selection = s,
            Msg::Hover(_) => {}
            Msg::SetView(v) => self.view_mode = v,
            Msg::SwitchBranch(k) => {
                if self.sim.switch_branch(k) {
                    self.moved = Move::Jump;
                    self.last_events.clear();
                    self.selection = Selection::None;
                    new_entry = true;
                }
            }
            Msg::TogglePlay => self.playing = !self.playing,
            Msg::Pause => self.playing = false,
            Msg::Speed(s) => self.speed = s.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            Msg::Reset => {
                let speed = self.speed;
                let fresh = match &self.preset {
                    Preset::Scenario(name) => Model::scenario(name),
                    Preset::Free(config, seed) => Ok(Model::free(*config, *seed)),
                    Preset::Opened => {
                        self.jump(0);
                        Err(String::new())
                    }
                    Preset::Script(text) => Model::script(text),
                };
                if let Ok(m) = fresh {
                    *self = Model {
                        speed,
                        version: self.version,
                        ..m
                    };
                }
            }
            Msg::LoadScenario(name) => match Model::scenario(&name) {
                // Lecture mode carries over to the newly chosen scenario.
                Ok(m) if self.lecture.is_some() => {
                    self.replace(m);
                    self.enter_lecture();
                    self.show_beat(false);
                }
                Ok(m) => self.replace(m),
                Err(e) => self.notice = Some(e),
            },
            Msg::LoadConfig(config, seed) => match config.validate() {
                Ok(()) => self.replace(Model::free(config, seed)),
                Err(e) => self.notice = Some(e.0),
            },
            Msg::ToggleHelp => self.help = !self.help,
            Msg::ToggleEmbed => self.embed = !self.embed,
            Msg::Escape => {
                self.help = false;
                self.embed = false;
                self.check = false;
                self.selection = Selection::None;
            }
            Msg::ToggleCheck => self.check = !self.check,
            Msg::OpenCounterexample { script, play } => match Model::counterexample(&script) {
                Ok(m) => {
                    self.replace(m);
                    if play {
                        self.playing = true;
                        self.speed = 1;
                    }
                    new_entry = true;
                }
                Err(e) => self.notice = Some(format!("The counterexample cannot be played: {e}")),
            },
            Msg::DismissNotice => self.notice = None,
            Msg::OpenLink(fragment) => match Model::from_link(&fragment) {
                Ok(m) => self.replace(m),
                Err(e) => {
                    self.replace(Model::default());
                    self.notice = Some(format!(
                        "Could not open the link, so the default scenario is shown: {e}"
                    ));
                }
            },
            Msg::OpenTrace(text) => match paxos_sim::Trace::import(&text) {
                Ok(mut sim) => {
                    sim.goto(0);
                    self.replace(Model::with(sim, Preset::Opened, Vec::new()));
                    self.notice =
                        Some("Trace imported: step through it, or act on it to branch.".into());
                }
                // The current run is untouched.
                Err(e) => self.notice = Some(format!("Could not import the trace: {e}")),
            },
            Msg::Notify(text) => self.notice = Some(text),
            Msg::LoadScript(text) => match Model::script(&text) {
                Ok(m) => self.replace(m),
                // The current run is untouched.
                Err(e) => self.notice = Some(format!("The script cannot be played: {e}")),
            },
            Msg::EnterLecture => {
                self.enter_lecture();
                self.show_beat(false);
                new_entry = true;
            }
            Msg::LeaveLecture => {
                self.lecture = None;
                new_entry = true;
            }
            Msg::NextBeat => self.next_beat(),
            Msg::PrevBeat => {
                if let Some(l) = &mut self.lecture {
                    l.retreat();
                    self.show_beat(false);
                }
            }
            Msg::ToggleBlank => {
                if let Some(l) = &mut self.lecture {
                    l.blank = !l.blank;
                }
            }
            Msg::BackToScript => {
                if let Some(l) = &mut self.lecture {
                    if let Some((beat, script)) = l.fork.take() {
                        l.beat = beat;
                        self.sim = script;
                        new_entry = true;
                        self.show_beat(false);
                    }
                }
            }
        }
        self.refresh_log();
        // A selected message that is no longer in flight cannot be inspected.
        if let Selection::Message(id) = self.selection {
            if !self.sim.world().in_flight().iter().any(|m| m.id == id) {
                self.selection = Selection::None;
            }
        }
        Effect { new_entry, scrub }
    }

    /// Starts lecture mode on the current scenario (nothing happens for other runs).
    fn enter_lecture(&mut self) {
        let Some(Ok(played)) = self.script_text().map(|t| scenarios::play(&t)) else {
            self.notice = Some(
                "Lecture mode plays a scenario or a script: pick one from the menu first.".into(),
            );
            return;
        };
        let mut beats = played.beats;
        if beats.is_empty() {
            // A script without narration is one beat: its whole run, under its summary.
            let summary = match self.preset {
                Preset::Scenario(name) => Scenario::named(name).map(|s| s.summary().to_string()),
                _ => None,
            };
            beats.push(Beat {
                caption: summary.unwrap_or_else(|| "This script has no narration.".into()),
                ask: false,
                start: 0,
                end: played.sim.len(),
                line: 0,
            });
        }
        // Back to the scripted history, in case the run had branched.
        self.sim = played.sim;
        self.selection = Selection::None;
        self.playing = false;
        self.lecture = Some(Lecture::new(beats));
    }

    /// Moves the run to what the current beat shows; animates when moving forward.
    fn show_beat(&mut self, animate: bool) {
        let Some(target) = self.lecture.as_ref().map(Lecture::target) else {
            return;
        };
        match goto_beat(&mut self.sim, target, animate) {
            Some(events) => {
                self.last_events = events;
                self.moved = Move::Forward;
            }
            None => {
                self.last_events.clear();
                self.moved = Move::Jump;
            }
        }
    }

    fn next_beat(&mut self) {
        let Some(l) = &mut self.lecture else { return };
        if l.fork.is_some() {
            // While the lecturer has taken over, "next" is an ordinary step.
            self.step_forward();
            return;
        }
        if l.advance() {
            self.show_beat(true);
        }
    }

    /// The caption on screen in lecture mode, with its beat number and kind.
    pub fn lecture_caption(&self) -> Option<(usize, usize, String, bool)> {
        self.lecture.as_ref().map(Lecture::caption)
    }

    fn replace(&mut self, m: Model) {
        let (speed, version, view_mode) = (self.speed, self.version, self.view_mode);
        *self = Model {
            speed,
            version,
            view_mode,
            ..m
        };
    }

    fn jump(&mut self, step: usize) {
        if step == self.sim.step() + 1 {
            self.step_forward();
            return;
        }
        self.sim.goto(step);
        self.moved = Move::Jump;
        self.last_events.clear();
    }

    /// Redoes the next recorded action, or asks the scheduler for a new one at the end of the
    /// history. Returns false (with a notice) when nothing can happen.
    fn step_forward(&mut self) -> bool {
        let step = self.sim.step();
        if step < self.sim.len() {
            let mut events = Vec::new();
            if self.sim.forward(&mut events) {
                self.last_events = events;
                self.moved = Move::Forward;
                return true;
            }
        }
        let mut events = Vec::new();
        match self.sim.apply(Action::Step, &mut events) {
            Ok(_) => {
                self.last_events = events;
                self.moved = Move::Forward;
                self.notice = None;
                true
            }
            Err(e) => {
                self.notice = Some(match e {
                    ActionError::NothingToDo => {
                        "Nothing more can happen: no message is in flight and no timer is pending. Propose a value on a proposer to continue.".into()
                    }
                    other => other.to_string(),
                });
                false
            }
        }
    }

    fn act(&mut self, action: Action) {
        if let Some(l) = &mut self.lecture {
            if l.fork.is_none() {
                l.fork = Some((l.beat, self.sim.clone()));
            }
        }
        let mut events = Vec::new();
        match self.sim.apply(action, &mut events) {
            Ok(_) => {
                self.last_events = events;
                self.moved = Move::Forward;
                self.notice = None;
            }
            Err(e) => self.notice = Some(e.to_string()),
        }
    }
}

/// The configuration form's fields, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigForm {
    /// Acceptors (or nodes, when combined).
    pub acceptors: String,
    /// Proposers.
    pub proposers: String,
    /// Learners.
    pub learners: String,
    /// `separate` or `combined`.
    pub layout: String,
    /// Scheduler seed.
    pub seed: String,
    /// Message loss, percent.
    pub loss: String,
    /// Duplication, percent.
    pub dup: String,
    /// Reordering on.
    pub reorder: bool,
}

impl Default for ConfigForm {
    fn default() -> Self {
        ConfigForm::from_config(&Config::default(), 1)
    }
}

/// One error per form field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormErrors {
    /// Acceptors field.
    pub acceptors: Option<String>,
    /// Proposers field.
    pub proposers: Option<String>,
    /// Learners field.
    pub learners: Option<String>,
    /// Seed field.
    pub seed: Option<String>,
    /// Loss field.
    pub loss: Option<String>,
    /// Duplication field.
    pub dup: Option<String>,
}

pub(crate) fn whole(text: &str, lo: u8, hi: u8) -> Result<u8, String> {
    match text.trim().parse::<u8>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(format!("Enter a whole number from {lo} to {hi}.")),
    }
}

/// A probability as its settings field shows it: `25`, `12.5`, `0.0001` (from its parts per
/// million, so that 10% reads `10` and not the float `10.000000000000002`).
pub(crate) fn percent_text(p: Prob) -> String {
    let (whole, frac) = (p.ppm() / 10_000, p.ppm() % 10_000);
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:04}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

pub(crate) fn percent(text: &str) -> Result<Prob, String> {
    // Percent to parts per million: digit by digit, with no float parser in the page.
    let bad = || "Enter a percentage from 0 to 100.".to_string();
    let t = text.trim();
    match paxos_sim::config::decimal_times(t.strip_suffix('%').unwrap_or(t).trim(), 10_000) {
        Some((negative, ppm)) if !negative || ppm == 0 => {
            Prob::from_ppm(u32::try_from(ppm).map_err(|_| bad())?).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

impl ConfigForm {
    /// The form filled in from a config.
    pub fn from_config(c: &Config, seed: u64) -> ConfigForm {
        let pct = percent_text;
        ConfigForm {
            acceptors: c.acceptors.to_string(),
            proposers: c.proposers.to_string(),
            learners: c.learners.to_string(),
            layout: c.layout.to_string(),
            seed: seed.to_string(),
            loss: pct(c.network.loss),
            dup: pct(c.network.dup),
            reorder: c.network.reorder,
        }
    }

    /// The config and seed, or a message for every field that is wrong.
    pub fn parse(&self) -> Result<(Config, u64), Box<FormErrors>> {
        let mut errors = FormErrors::default();
        let combined = self.layout == "combined";
        let acceptors = whole(&self.acceptors, 1, Config::MAX_ACCEPTORS)
            .map_err(|e| errors.acceptors = Some(e));
        let proposers = if combined {
            Ok(0)
        } else {
            whole(&self.proposers, 1, Config::MAX_PROPOSERS).map_err(|e| errors.proposers = Some(e))
        };
        let learners = if combined {
            Ok(0)
        } else {
            whole(&self.learners, 0, Config::MAX_LEARNERS).map_err(|e| errors.learners = Some(e))
        };
        let seed = self
            .seed
            .trim()
            .parse::<u64>()
            .map_err(|_| errors.seed = Some("Enter a whole number (0 or more).".into()));
        let loss = percent(&self.loss).map_err(|e| errors.loss = Some(e));
        let dup = percent(&self.dup).map_err(|e| errors.dup = Some(e));
        match (acceptors, proposers, learners, seed, loss, dup) {
            (Ok(a), Ok(p), Ok(l), Ok(seed), Ok(loss), Ok(dup)) => {
                let mut c = if combined {
                    Config::combined(a)
                } else {
                    Config::separate(p, a, l)
                };
                c.network.loss = loss;
                c.network.dup = dup;
                c.network.reorder = self.reorder;
                debug_assert!(
                    c.layout
                        == if combined {
                            Layout::Combined
                        } else {
                            Layout::Separate
                        }
                );
                Ok((c, seed))
            }
            _ => Err(Box::new(errors)),
        }
    }
}

/// Reads a value typed into the inspector's propose field.
pub fn parse_value(text: &str) -> Result<Value, String> {
    Value::new(text.trim()).map_err(|e| format!("{}.", capitalise(&e.to_string())))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepping_through_a_scenario_and_back() {
        let mut m = Model::default();
        assert_eq!(m.sim.step(), 0);
        let len = m.sim.len();
        m.update(Msg::Step);
        assert_eq!(m.sim.step(), 1);
        assert_eq!(m.moved, Move::Forward);
        assert!(m
            .last_events
            .iter()
            .any(|e| matches!(e, Event::Propose { .. })));
        m.update(Msg::Last);
        assert_eq!(m.sim.step(), len);
        let chosen = m.view().chosen.expect("the happy path chooses a value");
        assert_eq!(chosen.value.as_str(), "A");
        m.update(Msg::Back);
        assert_eq!(m.sim.step(), len - 1);
        m.update(Msg::First);
        assert_eq!(m.sim.step(), 0);
        assert!(m.view().chosen.is_none());
        assert_eq!(m.sim.len(), len, "moving around keeps the history");
    }

    #[test]
    fn a_hand_action_in_the_past_starts_a_branch() {
        let mut m = Model::default();
        m.update(Msg::Goto(1));
        let id = m.view().messages[0].id;
        m.update(Msg::Act(Action::Drop { id }));
        assert_eq!(m.sim.len(), 2);
        assert!(m.view().messages.iter().all(|x| x.id != id));
        m.update(Msg::Back);
        assert!(
            m.view().messages.iter().any(|x| x.id == id),
            "stepping back restores it"
        );
    }

    #[test]
    fn percentages_read_as_typed() {
        for (typed, shown) in [
            ("10", "10"),
            ("12.5", "12.5"),
            ("0", "0"),
            ("100", "100"),
            ("0.01", "0.01"),
        ] {
            assert_eq!(percent_text(percent(typed).unwrap()), shown);
        }
    }

    #[test]
    fn errors_become_notices_and_change_nothing() {
        let mut m = Model::default();
        let before = m.sim.len();
        m.update(Msg::Act(Action::Deliver { id: 999 }));
        assert_eq!(m.notice.as_deref(), Some("no message #999 is in flight"));
        assert_eq!(m.sim.len(), before);
        m.update(Msg::LoadScenario("nope".into()));
        assert_eq!(m.notice.as_deref(), Some("there is no scenario `nope`"));
    }

    #[test]
    fn autoplay_stops_when_nothing_can_happen() {
        let mut m = Model::free(Config::separate(1, 3, 1), 4);
        // A tick after a pause is one that was already queued: it does nothing.
        let before = m.sim.step();
        m.update(Msg::Tick);
        assert_eq!(m.sim.step(), before);
        m.update(Msg::TogglePlay);
        for _ in 0..200 {
            m.update(Msg::Tick);
        }
        assert!(!m.playing);
        assert!(m
            .notice
            .as_deref()
            .unwrap()
            .starts_with("Nothing more can happen"));
        assert_eq!(m.view().chosen.unwrap().value.as_str(), "A");
    }

    #[test]
    fn selecting_a_message_that_leaves_clears_the_selection() {
        let mut m = Model::free(Config::default(), 1);
        let id = m.view().messages[0].id;
        m.update(Msg::Select(Selection::Message(id)));
        m.update(Msg::Act(Action::Deliver { id }));
        assert_eq!(m.selection, Selection::None);
    }

    #[test]
    fn only_a_jump_along_the_timeline_waits_for_the_address_bar() {
        let mut m = Model::scenario("07-dueling-proposers").unwrap();
        let jump = m.update(Msg::Goto(9));
        assert_eq!(
            jump,
            Effect {
                new_entry: false,
                scrub: true
            }
        );
        let id = m.view().messages[0].id;
        assert!(!m.update(Msg::Act(Action::Drop { id })).scrub);
        for msg in [Msg::Step, Msg::Back, Msg::Last, Msg::First] {
            assert!(
                !m.update(msg).scrub,
                "only Goto comes from the timeline's thumb"
            );
        }
    }

    #[test]
    fn a_link_reopens_the_same_state_and_a_bad_one_falls_back_with_a_message() {
        let mut m = Model::scenario("07-dueling-proposers").unwrap();
        m.update(Msg::Goto(9));
        let id = m.view().messages[0].id;
        let effect = m.update(Msg::Act(Action::Drop { id }));
        assert!(effect.new_entry, "a hand action is a meaningful change");
        let link = m.link();
        let opened = Model::from_link(&format!("#{link}")).unwrap();
        assert_eq!(opened.view(), m.view());
        assert_eq!(opened.sim.step(), 10);
        assert_eq!(opened.preset, Preset::Scenario("07-dueling-proposers"));
        assert_eq!(opened.caption(), m.caption());
        let mut other = Model::default();
        other.update(Msg::OpenLink(link));
        assert_eq!(other.view(), m.view());
        let effect = other.update(Msg::Step);
        assert!(!effect.new_entry, "a step is not a meaningful change");
        other.update(Msg::OpenLink("v1.garbage!".into()));
        assert!(other
            .notice
            .as_deref()
            .unwrap()
            .starts_with("Could not open the link"));
        assert_eq!(other.preset, Preset::Scenario(DEFAULT_SCENARIO));
    }

    #[test]
    fn traces_import_or_leave_the_run_untouched() {
        let source = Model::scenario("03-adopt-accepted-value").unwrap();
        let json = paxos_sim::Trace::record(&source.sim).to_json();
        let mut m = Model::default();
        m.update(Msg::OpenTrace("{ not json".into()));
        assert!(m
            .notice
            .as_deref()
            .unwrap()
            .starts_with("Could not import the trace: trace JSON, line 1"));
        assert_eq!(m.preset, Preset::Scenario(DEFAULT_SCENARIO));
        m.update(Msg::OpenTrace(json));
        assert_eq!(m.preset, Preset::Opened);
        assert_eq!(m.sim.len(), source.sim.len());
        m.update(Msg::Last);
        assert_eq!(m.view().chosen.unwrap().value.as_str(), "A");
        m.update(Msg::Reset);
        assert_eq!(m.sim.step(), 0);
        assert_eq!(m.sim.len(), source.sim.len(), "Reset keeps an opened run");
    }

    #[test]
    fn a_lecture_plays_beat_by_beat_and_forks_and_returns() {
        let mut m = Model::scenario("03-adopt-accepted-value").unwrap();
        m.update(Msg::EnterLecture);
        let n = m.lecture.as_ref().unwrap().beats.len();
        assert_eq!(m.lecture_caption().unwrap().0, 1);
        for _ in 0..n + 3 {
            m.update(Msg::NextBeat);
        }
        assert_eq!(m.lecture_caption().unwrap().0, n, "stops at the last beat");
        assert_eq!(m.sim.step(), m.sim.len());
        assert_eq!(m.view().chosen.unwrap().value.as_str(), "A");
        m.update(Msg::PrevBeat);
        assert_eq!(m.lecture_caption().unwrap().0, n - 1);
        // The lecturer takes over: a hand action forks; back to the script restores it.
        let scripted_len = m.sim.len();
        let at = m.sim.step();
        let id = m.view().messages[0].id;
        m.update(Msg::Act(Action::Drop { id }));
        assert!(m.lecture.as_ref().unwrap().fork.is_some());
        assert_eq!(m.sim.len(), at + 1);
        m.update(Msg::NextBeat);
        m.update(Msg::BackToScript);
        assert!(m.lecture.as_ref().unwrap().fork.is_none());
        assert_eq!(m.sim.len(), scripted_len);
        assert_eq!(m.sim.step(), at);
        assert_eq!(m.lecture_caption().unwrap().0, n - 1);
        // The link carries the beat.
        let opened = Model::from_link(&m.link()).unwrap();
        assert_eq!(opened.lecture_caption(), m.lecture_caption());
        assert_eq!(opened.view(), m.view());
        m.update(Msg::LeaveLecture);
        assert!(m.lecture.is_none());
        // A scenario without narration plays as one beat.
        let mut quiet = Model::scenario("11-random-run-with-faults").unwrap();
        quiet.update(Msg::EnterLecture);
        assert_eq!(quiet.lecture_caption().unwrap().1, 1);
        quiet.update(Msg::NextBeat);
        assert_eq!(quiet.sim.step(), quiet.sim.len());
    }

    #[test]
    fn a_predict_beat_hides_then_reveals() {
        let mut m = Model::scenario("03-adopt-accepted-value").unwrap();
        m.update(Msg::EnterLecture);
        let l = m.lecture.as_mut().unwrap();
        l.beats[1].ask = true;
        let (start, end) = (l.beats[1].start, l.beats[1].end);
        m.update(Msg::NextBeat);
        assert!(m.lecture_caption().unwrap().3, "the question is shown");
        assert_eq!(m.sim.step(), start, "before its actions");
        m.update(Msg::NextBeat);
        assert!(!m.lecture_caption().unwrap().3);
        assert_eq!(m.sim.step(), end, "revealed");
        m.update(Msg::PrevBeat);
        assert_eq!(m.sim.step(), start, "back hides the answer again");
    }

    #[test]
    fn scripts_from_the_editor_play_or_are_refused_with_their_errors() {
        let mut m = Model::default();
        let before = m.sim.len();
        m.update(Msg::LoadScript("cluster acceptors=3\npropose p9 A".into()));
        assert_eq!(m.notice.as_deref(), Some("The script cannot be played: line 2, column 9: there is no node p9 in this cluster"));
        assert_eq!(m.sim.len(), before, "the current run is untouched");
        m.update(Msg::LoadScript(
            "cluster acceptors=3 proposers=1\nsay \"go\"\npropose p1 Z\nstabilize".into(),
        ));
        assert_eq!(m.notice, None);
        assert_eq!(m.sim.step(), 0);
        assert!(m.sim.len() > 10, "{}", m.sim.len());
        m.update(Msg::Last);
        assert_eq!(m.sim.step(), m.sim.len());
        assert_eq!(m.view().chosen.unwrap().value.as_str(), "Z");
        m.update(Msg::EnterLecture);
        assert_eq!(m.lecture_caption().unwrap().2, "go");
        m.update(Msg::Reset);
        assert!(matches!(m.preset, Preset::Script(_)));
    }

    #[test]
    fn the_incremental_log_equals_a_rebuilt_one() {
        let mut m = Model::scenario("07-dueling-proposers").unwrap();
        let rebuilt = |m: &Model| {
            let mut fresh = m.clone();
            fresh.log_step = usize::MAX;
            fresh.moved = Move::Jump;
            fresh.refresh_log();
            fresh.log
        };
        for _ in 0..45 {
            m.update(Msg::Step);
            assert_eq!(m.log, rebuilt(&m), "at step {}", m.sim.step());
        }
        assert!(
            m.log.first().unwrap().0 > 15,
            "only the last {LOG_STEPS} steps are kept"
        );
        m.update(Msg::Back);
        assert_eq!(m.log, rebuilt(&m));
        m.update(Msg::Goto(3));
        assert_eq!(m.log.last().unwrap().0, 3);
        assert!(m.log[0].1[0].starts_with("a client asked p1 to propose A"));
    }

    #[test]
    fn the_form_reports_every_bad_field() {
        let mut f = ConfigForm::default();
        assert_eq!(f.parse().unwrap().0, Config::default());
        f.acceptors = "10".into();
        f.loss = "abc".into();
        f.seed = "-3".into();
        let e = f.parse().unwrap_err();
        assert_eq!(
            e.acceptors.as_deref(),
            Some("Enter a whole number from 1 to 9.")
        );
        assert_eq!(e.loss.as_deref(), Some("Enter a percentage from 0 to 100."));
        assert!(e.seed.is_some());
        assert!(e.proposers.is_none());
        let f = ConfigForm {
            layout: "combined".into(),
            acceptors: "5".into(),
            loss: "12.5".into(),
            ..ConfigForm::default()
        };
        let (c, _) = f.parse().unwrap();
        assert_eq!(c, {
            let mut x = Config::combined(5);
            x.network.loss = Prob::from_ppm(125_000).unwrap();
            x
        });
        assert_eq!(
            parse_value("A b").unwrap_err(),
            "Value `A b` may only use letters, digits and _ - . + * ! ? / = (no spaces)."
        );
    }

    #[test]
    fn a_hand_action_in_the_past_keeps_a_branch_and_the_diagram_follows_the_branch_on_screen() {
        let mut m = Model::default();
        m.update(Msg::Last);
        let len = m.sim.len();
        let whole = m.diagram();
        assert_eq!(whole.last_step as usize, len);
        // The diagram is built once per history: moving the cursor keeps it.
        m.update(Msg::Goto(1));
        assert!(Rc::ptr_eq(&whole, &m.diagram()));
        let id = m.view().messages[0].id;
        m.update(Msg::Act(Action::Drop { id }));
        let branch = m.diagram();
        assert_eq!(branch.last_step, 2);
        assert_eq!(m.sim.branches().len(), 2);
        // Back to the first run, cursor where it was left, and its diagram again.
        m.update(Msg::SwitchBranch(0));
        assert_eq!((m.sim.step(), m.sim.len()), (1, len));
        assert_eq!(*m.diagram(), *whole);
        // A highlight is not a new version: nothing animates again.
        let v = m.version;
        m.update(Msg::Hover(Selection::Node(NodeId::acceptor(1))));
        assert_eq!(m.version, v);
        assert_eq!(m.hover, Selection::Node(NodeId::acceptor(1)));
        m.update(Msg::SetView(ViewMode::Both));
        assert!(m.view_mode.cluster() && m.view_mode.spacetime());
        assert_eq!(ViewMode::parse("spacetime"), Some(ViewMode::SpaceTime));
        assert_eq!(ViewMode::parse("sideways"), None);
        // The changes of a step are worked out once, and again for another step.
        let c = m.changes();
        assert!(Rc::ptr_eq(&c, &m.changes()));
        assert_eq!(*c, m.sim.changes_at(m.sim.step()));
        m.update(Msg::Step);
        assert_eq!(*m.changes(), m.sim.changes_at(m.sim.step()));
        assert!(!c.is_empty() || !m.changes().is_empty());
        // Another scenario keeps the view the reader chose.
        m.update(Msg::LoadScenario("06-lost-and-duplicated".into()));
        assert_eq!(m.view_mode, ViewMode::Both);
        assert_eq!(m.diagram().last_step as usize, m.sim.len());
    }
}
