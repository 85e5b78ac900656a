//! The Check panel: the exhaustive checker in the page, the gallery of broken Paxos, and the
//! quorum playground.
//!
//! The checker runs in a Web Worker (`www/check-worker.js`) on a wasm module of its own,
//! `paxos-viz-check`, which the page fetches only when someone first presses a button that
//! checks. The page sends a [`CheckRequest`] and receives [`CheckProgress`] after every slice
//! of about 25 ms, both as plain JS objects (serde-wasm-bindgen). A cancel is a message the
//! worker reads between two slices. When a check finds a violation, its shortest run opens in
//! the main view as an ordinary run, told step by step ([`paxos_sim::narrate`]).

use crate::embed::Protocol;
use paxos_core::{Bugs, QuorumSets, SetList, MAX_QUORUM_SETS};
use paxos_sim::check_job::{CheckProgress, CheckRequest, Verdict};
use paxos_sim::config::QuorumSizes;
use paxos_sim::explore::CheckOptions;
use paxos_sim::gallery::{self, Variant};
use paxos_sim::kernel::check::Order;
use paxos_sim::multi_paxos::check::MultiCheckOptions;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// A counterexample to open in the main view.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    /// Its protocol (the page switches when it is the other one).
    pub protocol: Protocol,
    /// The captioned script.
    pub script: String,
    /// Play it at once, beat by beat (the gallery), or open it at its start.
    pub play: bool,
}

/// Where the Check panel's counterexamples go from a page of `protocol`: its own protocol's
/// to `send` (as the page's message `open` makes of the script and whether to play it), the
/// other protocol's to the other page.
pub fn opener<M: 'static>(
    protocol: Protocol,
    send: Callback<M>,
    open: fn(String, bool) -> M,
) -> Callback<Opened> {
    opener_with(protocol, send, open, super::open_on_other_page)
}

/// [`opener`], with `elsewhere` for the other protocol's counterexamples.
fn opener_with<M: 'static>(
    protocol: Protocol,
    send: Callback<M>,
    open: fn(String, bool) -> M,
    elsewhere: fn(Protocol, &str),
) -> Callback<Opened> {
    Callback::from(move |o: Opened| {
        if o.protocol == protocol {
            send.emit(open(o.script, o.play));
        } else {
            elsewhere(o.protocol, &o.script);
        }
    })
}

/// [`opener`] for a widget: a counterexample of the widget's protocol opens in the widget, one
/// of the other protocol in the full app, in a new tab (never by reloading the page around).
pub fn widget_opener<M: 'static>(
    protocol: Protocol,
    send: Callback<M>,
    open: fn(String, bool) -> M,
) -> Callback<Opened> {
    opener_with(protocol, send, open, super::open_in_app)
}

/// The fields of the Check tab, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckForm {
    /// Which protocol to check.
    pub protocol: Protocol,
    /// Acceptors (single-decree), or standalone acceptors (Multi-Paxos, 0: the replicas vote).
    pub acceptors: String,
    /// Proposers (single-decree).
    pub proposers: String,
    /// Learners (single-decree).
    pub learners: String,
    /// Replicas (Multi-Paxos).
    pub replicas: String,
    /// Highest round of any ballot.
    pub max_round: String,
    /// Phase-1 and phase-2 quorums: sizes ("2"), or quorums listed outright ("a1+a2,a3+a4");
    /// empty for majorities (single-decree).
    pub phase1: String,
    /// See [`CheckForm::phase1`].
    pub phase2: String,
    /// The broken variant's script name, or empty.
    pub bug: String,
    /// Explore losing every message.
    pub drops: bool,
    /// Duplicates per run.
    pub dups: String,
    /// Crashes per run.
    pub crashes: String,
    /// A recovered proposer is asked again (single-decree).
    pub repropose: bool,
    /// The state cap.
    pub cap: String,
    /// Symmetry reduction over the acceptors (for Multi-Paxos, the standalone ones).
    pub symmetry: bool,
    /// Dead-message pruning (single-decree).
    pub prune: bool,
    /// Partial-order reduction (single-decree).
    pub por: bool,
    /// The clients' commands (Multi-Paxos): `c1 put x 1 at n2; c1 get x at n1`. Each takes a
    /// slot of the log, so they bound the slots too (with the no-ops a new leader fills).
    pub commands: String,
    /// Depth first (Multi-Paxos): far less memory, so that big spaces finish; a counterexample
    /// it finds need not be the shortest. Breadth first otherwise.
    pub depth_first: bool,
}

impl CheckForm {
    /// The form's defaults for `protocol`: the configurations the CLI and BENCHMARKS.md use.
    pub fn new(protocol: Protocol) -> CheckForm {
        CheckForm {
            protocol,
            acceptors: if protocol == Protocol::SingleDecree {
                "3"
            } else {
                "0"
            }
            .into(),
            proposers: "2".into(),
            learners: "0".into(),
            replicas: "3".into(),
            max_round: if protocol == Protocol::SingleDecree {
                "1"
            } else {
                "2"
            }
            .into(),
            phase1: String::new(),
            phase2: String::new(),
            bug: String::new(),
            drops: false,
            dups: "0".into(),
            crashes: "0".into(),
            repropose: false,
            cap: "2000000".into(),
            symmetry: true,
            prune: true,
            por: false,
            commands: paxos_sim::script::commands_text(&MultiCheckOptions::default().commands),
            depth_first: false,
        }
    }

    /// The form for checking the cluster of a single-decree run (a widget's): its acceptors,
    /// proposers, learners, quorum sizes and broken variant, at round 1. A combined cluster of
    /// n nodes is checked as n acceptors with two proposers (the checker explores separate
    /// agents only).
    pub fn for_cluster(config: &paxos_sim::config::Config) -> CheckForm {
        let combined = config.layout == paxos_core::Layout::Combined;
        let mut form = CheckForm::new(Protocol::SingleDecree);
        form.acceptors = config.acceptors.to_string();
        form.proposers = if combined {
            config.acceptors.min(2)
        } else {
            config.proposers
        }
        .to_string();
        form.learners = if combined { 0 } else { config.learners }.to_string();
        if let Some(q) = config.quorum {
            form.phase1 = q.phase1.to_string();
            form.phase2 = q.phase2.to_string();
        }
        if let Some(sets) = config.quorum_sets {
            form.phase1 = sets.phase1.to_string();
            form.phase2 = sets.phase2.to_string();
        }
        form.bug = config
            .bugs
            .names()
            .first()
            .map(|b| b.to_string())
            .unwrap_or_default();
        form
    }

    /// The request the form describes, or what is wrong with it, naming the field.
    pub fn request(&self) -> Result<CheckRequest, String> {
        fn number<T: std::str::FromStr>(field: &str, text: &str) -> Result<T, String> {
            text.trim()
                .parse()
                .map_err(|_| format!("{field}: `{}` is not a whole number", text.trim()))
        }
        let cap: usize = number("State cap", &self.cap)?;
        if !(1..=20_000_000).contains(&cap) {
            return Err(format!(
                "State cap: {cap} is out of range; choose 1 to 20000000"
            ));
        }
        let max_round = number("Maximum round", &self.max_round)?;
        if !(1..=4).contains(&max_round) {
            return Err(format!(
                "Maximum round: {max_round} is out of range; choose 1 to 4"
            ));
        }
        let dups = number("Duplicates", &self.dups)?;
        let crashes = number("Crashes", &self.crashes)?;
        match self.protocol {
            Protocol::SingleDecree => {
                let mut bugs = Bugs::default();
                if !self.bug.is_empty() && !bugs.enable(&self.bug) {
                    return Err(format!("Broken variant: no bug called `{}`", self.bug));
                }
                let acceptors: u8 = number("Acceptors", &self.acceptors)?;
                // Each phase's field holds a size ("2") or quorums listed outright
                // ("a1+a2,a3+a4"); both the same kind.
                let (quorum, quorum_sets) = match (self.phase1.trim(), self.phase2.trim()) {
                    ("", "") => (None, None),
                    (a, b) if a.parse::<u8>().is_ok() || b.parse::<u8>().is_ok() => (
                        Some(QuorumSizes {
                            phase1: number("Phase-1 quorum", a)?,
                            phase2: number("Phase-2 quorum", b)?,
                        }),
                        None,
                    ),
                    (a, b) => {
                        let list = |field: &str, text: &str| {
                            text.parse::<SetList>()
                                .map_err(|e| format!("{field}: {e}, or a size such as 2"))
                        };
                        let sets = QuorumSets {
                            phase1: list("Phase-1 quorum", a)?,
                            phase2: list("Phase-2 quorum", b)?,
                        };
                        paxos_core::Quorums::sets(acceptors, sets)
                            .map_err(|e| format!("Quorums: {e}"))?;
                        (None, Some(sets))
                    }
                };
                if let Some(q) = quorum {
                    for (name, size) in [("Phase-1 quorum", q.phase1), ("Phase-2 quorum", q.phase2)]
                    {
                        if size == 0 || size > acceptors {
                            return Err(format!(
                                "{name}: {size} must be between 1 and the {acceptors} acceptors"
                            ));
                        }
                    }
                }
                Ok(CheckRequest::SingleDecree(CheckOptions {
                    acceptors,
                    proposers: number("Proposers", &self.proposers)?,
                    learners: number("Learners", &self.learners)?,
                    max_round,
                    drops: self.drops,
                    duplicates: dups,
                    crashes,
                    repropose: self.repropose,
                    quorum,
                    quorum_sets,
                    bugs,
                    max_states: cap,
                    symmetry: self.symmetry,
                    prune: self.prune,
                    por: self.por,
                }))
            }
            Protocol::MultiPaxos => {
                let replicas = number("Replicas", &self.replicas)?;
                let commands = paxos_sim::script::parse_commands(replicas, &self.commands)
                    .map_err(|e| format!("Client commands: {e}"))?;
                let mut opts = MultiCheckOptions {
                    replicas,
                    commands,
                    acceptors: number("Acceptors", &self.acceptors)?,
                    max_round,
                    drops: self.drops,
                    duplicates: dups,
                    crashes,
                    max_states: cap,
                    order: if self.depth_first {
                        Order::Depth
                    } else {
                        Order::Breadth
                    },
                    symmetry: self.symmetry,
                    ..MultiCheckOptions::default()
                };
                if !self.bug.is_empty() && !opts.bugs.enable(&self.bug) {
                    return Err(format!("Broken variant: no bug called `{}`", self.bug));
                }
                Ok(CheckRequest::MultiPaxos(opts))
            }
        }
    }
}

/// What a quorum system looks like to the playground: for each phase, its minimal quorums as
/// sets of acceptors (bit i: acceptor i+1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuorumSystem {
    /// Acceptors.
    pub acceptors: u8,
    /// Phase-1 quorums.
    pub phase1: Vec<u16>,
    /// Phase-2 quorums.
    pub phase2: Vec<u16>,
}

impl QuorumSystem {
    /// Every set of `size` acceptors out of `n`, in order.
    pub fn of_size(n: u8, size: u8) -> Vec<u16> {
        (0u16..1 << n)
            .filter(|s| s.count_ones() == size as u32)
            .collect()
    }

    /// A quorum system by sizes.
    pub fn sizes(n: u8, phase1: u8, phase2: u8) -> QuorumSystem {
        QuorumSystem {
            acceptors: n,
            phase1: QuorumSystem::of_size(n, phase1),
            phase2: QuorumSystem::of_size(n, phase2),
        }
    }

    /// A grid of `rows` x `cols` acceptors (numbered row by row): a phase-1 quorum is a whole
    /// row, a phase-2 quorum a whole column (Flexible Paxos's grid). A row always crosses a
    /// column, so quorums far below a majority still intersect. The core's [`QuorumSets::grid`]
    /// (what Break it checks) builds them; the playground's grids (at most 3 x 4) are within
    /// its 16 acceptors, and a shape beyond them would draw no quorum.
    pub fn grid(rows: u8, cols: u8) -> QuorumSystem {
        let (phase1, phase2) = QuorumSets::grid(rows, cols)
            .map(|s| (s.phase1.as_slice().to_vec(), s.phase2.as_slice().to_vec()))
            .unwrap_or_default();
        QuorumSystem {
            acceptors: rows * cols,
            phase1,
            phase2,
        }
    }

    /// The first phase-1 quorum and phase-2 quorum that share no acceptor, if any: the pair
    /// that lets two values be chosen.
    pub fn missing_pair(&self) -> Option<(u16, u16)> {
        paxos_core::missing_pair(&self.phase1, &self.phase2)
    }
}

/// How the playground's quorums are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuorumMode {
    /// Every set of a size, for each phase.
    Size,
    /// The rows (phase 1) and columns (phase 2) of a grid.
    Grid,
    /// Sets picked by hand, acceptor by acceptor.
    Sets,
}

impl QuorumMode {
    /// Its name in `data-testid="quorums-<name>"`.
    pub fn name(self) -> &'static str {
        match self {
            QuorumMode::Size => "size",
            QuorumMode::Grid => "grid",
            QuorumMode::Sets => "sets",
        }
    }
}

/// The quorum playground's choices: pure data and its edits, tested without a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Playground {
    /// How quorums are chosen.
    pub mode: QuorumMode,
    /// Acceptors (by size and by hand).
    pub n: u8,
    /// Sizes of phase-1 and phase-2 quorums (by size).
    pub q1: u8,
    /// See `q1`.
    pub q2: u8,
    /// The grid's shape.
    pub rows: u8,
    /// See `rows`.
    pub cols: u8,
    /// Quorums picked by hand, phase 1 then phase 2, each a bit set of acceptors.
    pub sets: [Vec<u16>; 2],
}

impl Default for Playground {
    fn default() -> Playground {
        Playground {
            mode: QuorumMode::Size,
            n: 5,
            q1: 2,
            q2: 3,
            rows: 2,
            cols: 3,
            // By hand starts from the 2 x 2 grid: safe, until a click makes two miss.
            sets: [vec![0b0011, 0b1100], vec![0b0101, 0b1010]],
        }
    }
}

impl Playground {
    /// Most acceptors by size or by hand.
    pub const MAX_N: u8 = 7;

    /// Acceptors in the cluster.
    pub fn acceptors(&self) -> u8 {
        match self.mode {
            QuorumMode::Grid => self.rows * self.cols,
            _ => self.n,
        }
    }

    /// Every minimal quorum of each phase, for the drawing and the intersection test.
    pub fn system(&self) -> QuorumSystem {
        match self.mode {
            QuorumMode::Size => QuorumSystem::sizes(self.n, self.q1, self.q2),
            QuorumMode::Grid => QuorumSystem::grid(self.rows, self.cols),
            QuorumMode::Sets => QuorumSystem {
                acceptors: self.n,
                phase1: self.sets[0].clone(),
                phase2: self.sets[1].clone(),
            },
        }
    }

    /// The quorums as the checker takes them: sizes, or sets listed outright.
    fn quorums(&self) -> (Option<QuorumSizes>, Option<QuorumSets>) {
        let list = |sets: &[u16]| SetList::new(sets).ok();
        match self.mode {
            QuorumMode::Size => (
                Some(QuorumSizes {
                    phase1: self.q1,
                    phase2: self.q2,
                }),
                None,
            ),
            QuorumMode::Grid => (None, QuorumSets::grid(self.rows, self.cols).ok()),
            QuorumMode::Sets => (
                None,
                list(&self.sets[0])
                    .zip(list(&self.sets[1]))
                    .map(|(phase1, phase2)| QuorumSets { phase1, phase2 }),
            ),
        }
    }

    /// The check behind Break it: two proposers, round 1, these quorums; or why there is
    /// none (a grid beyond the nine acceptors a cluster may have).
    ///
    /// Symmetry and pruning keep the shortest counterexample; listed quorums name acceptors,
    /// so symmetry is off for them. Where the quorums intersect there is no counterexample to
    /// find, so partial-order reduction may choose the states too, and 4 of 6 with 3 of 6 (2.3
    /// million states with it) finishes under the cap.
    pub fn break_request(&self) -> Result<CheckOptions, String> {
        let n = self.acceptors();
        if n > paxos_sim::Config::MAX_ACCEPTORS {
            return Err(format!(
                "Break it runs clusters of up to {} acceptors; this grid has {n}.",
                paxos_sim::Config::MAX_ACCEPTORS
            ));
        }
        let (quorum, quorum_sets) = self.quorums();
        if quorum.is_none() && quorum_sets.is_none() {
            // Only sets the edits cannot make (none, or more than the limit) get here: say so
            // rather than check majorities instead.
            return Err(format!(
                "Break it takes 1 to {MAX_QUORUM_SETS} quorums a phase, each of at least one acceptor."
            ));
        }
        let intersect = self.system().missing_pair().is_none();
        Ok(CheckOptions {
            acceptors: n,
            proposers: 2,
            max_round: 1,
            quorum,
            quorum_sets,
            max_states: if intersect { 5_000_000 } else { 2_000_000 },
            symmetry: quorum_sets.is_none(),
            prune: true,
            por: intersect,
            ..CheckOptions::default()
        })
    }

    /// Acceptors by size or by hand: sizes are clamped to them, and quorums picked by hand lose
    /// the acceptors beyond them (a quorum left empty is dropped, a phase left with none gets
    /// every acceptor).
    pub fn set_n(&mut self, n: u8) {
        self.n = n.clamp(2, Playground::MAX_N);
        self.q1 = self.q1.clamp(1, self.n);
        self.q2 = self.q2.clamp(1, self.n);
        let all = (1u16 << self.n) - 1;
        for sets in &mut self.sets {
            for s in sets.iter_mut() {
                *s &= all;
            }
            sets.retain(|&s| s != 0);
            sets.dedup();
            if sets.is_empty() {
                sets.push(all);
            }
        }
    }

    /// Puts acceptor `a` (from 0) in or out of quorum `i` of `phase` (0 or 1). A quorum keeps
    /// at least one acceptor: taking out its last does nothing.
    pub fn toggle(&mut self, phase: usize, i: usize, a: u8) {
        if let Some(s) = self.sets[phase].get_mut(i) {
            let next = *s ^ (1 << a);
            if next != 0 {
                *s = next;
            }
        }
    }

    /// A new quorum for `phase`, of every acceptor (it meets every other quorum, so adding
    /// one never breaks safety by itself), up to [`MAX_QUORUM_SETS`].
    pub fn add(&mut self, phase: usize) {
        if self.sets[phase].len() < MAX_QUORUM_SETS {
            self.sets[phase].push((1u16 << self.n) - 1);
        }
    }

    /// Removes quorum `i` of `phase`, unless it is the phase's only one.
    pub fn remove(&mut self, phase: usize, i: usize) {
        if self.sets[phase].len() > 1 && i < self.sets[phase].len() {
            self.sets[phase].remove(i);
        }
    }
}

/// `{a1, a3}`.
pub fn set_name(set: u16) -> String {
    let names: Vec<String> = (0..16)
        .filter(|i| set & (1 << i) != 0)
        .map(|i| format!("a{}", i + 1))
        .collect();
    format!("{{{}}}", names.join(", "))
}

/// Which part of the panel is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The checker's form, progress and verdict.
    Check,
    /// The gallery of broken Paxos.
    Gallery,
    /// The quorum playground.
    Quorums,
}

/// What a running check was started for.
#[derive(Clone, Debug, PartialEq)]
enum Purpose {
    /// The Check tab's form.
    Form,
    /// A gallery card's Find the bug.
    Gallery(&'static str),
    /// The quorum playground's Break it.
    Break,
}

/// The panel's state.
#[derive(Clone, Debug, PartialEq)]
struct State {
    tab: Tab,
    form: CheckForm,
    /// The running or last check, what it was for, and the protocol it checked.
    purpose: Option<(Purpose, Protocol)>,
    running: bool,
    progress: Option<CheckProgress>,
    elapsed_ms: f64,
    /// The most memory the check held so far.
    peak_bytes: usize,
    error: Option<String>,
    /// When the cancel was asked (performance.now()), to say how long it took.
    cancel_asked: Option<f64>,
    cancel_ms: Option<f64>,
    /// Gallery results by variant: "found in 0.4 s".
    found: Vec<(&'static str, String)>,
    /// The quorum playground.
    quorums: Playground,
}

enum Action {
    Tab(Tab),
    Form(CheckForm),
    Started(Purpose, Protocol),
    Progress(CheckProgress, f64),
    Error(String),
    CancelAsked(f64),
    /// An edit of the quorum playground.
    Quorums(Rc<dyn Fn(&mut Playground)>),
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Tab(t) => s.tab = t,
            Action::Form(f) => s.form = f,
            Action::Started(purpose, protocol) => {
                s.purpose = Some((purpose, protocol));
                s.running = true;
                s.progress = None;
                s.error = None;
                s.cancel_asked = None;
                s.cancel_ms = None;
                s.elapsed_ms = 0.0;
                s.peak_bytes = 0;
            }
            Action::Progress(p, elapsed) => {
                if p.verdict.is_some() {
                    s.running = false;
                    if let Some(asked) = s.cancel_asked.take() {
                        s.cancel_ms = Some(now() - asked);
                    }
                    if let (Some((Purpose::Gallery(name), _)), Some(v)) = (&s.purpose, &p.verdict) {
                        let text = match &v.violation {
                            Some(c) => format!(
                                "Found in {:.2} s: {} after {} steps, among {} states.",
                                elapsed / 1000.0,
                                c.invariant,
                                c.steps,
                                v.states
                            ),
                            None => v.summary.clone(),
                        };
                        s.found.retain(|(n, _)| n != name);
                        s.found.push((name, text));
                    }
                }
                s.peak_bytes = s.peak_bytes.max(p.bytes);
                s.progress = Some(p);
                s.elapsed_ms = elapsed;
            }
            Action::Error(e) => {
                s.running = false;
                s.error = Some(e);
            }
            Action::CancelAsked(at) => s.cancel_asked = Some(at),
            Action::Quorums(edit) => edit(&mut s.quorums),
        }
        Rc::new(s)
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// The closure that receives the worker's messages.
type Handler = wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>;
/// The closure that receives the worker's uncaught errors.
type ErrorHandler = wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>;

thread_local! {
    /// The checker's worker, started the first time a check is asked for and kept for the
    /// page's lifetime (its module is fetched once).
    static WORKER: RefCell<Option<web_sys::Worker>> = const { RefCell::new(None) };
    /// The handler of the worker's messages, kept alive while it is installed.
    static HANDLER: RefCell<Option<Handler>> = const { RefCell::new(None) };
    /// The handler of its uncaught errors, likewise.
    static ERROR_HANDLER: RefCell<Option<ErrorHandler>> = const { RefCell::new(None) };
}

/// Ends the worker after a failure: the next check starts a new one on a fresh module.
fn drop_worker() {
    if let Some(w) = WORKER.with(|w| w.borrow_mut().take()) {
        w.terminate();
    }
}

fn worker() -> Result<web_sys::Worker, String> {
    WORKER.with(|w| {
        if let Some(worker) = w.borrow().as_ref() {
            return Ok(worker.clone());
        }
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let url = format!("{}check-worker.js", crate::shell::app_folder());
        let worker = web_sys::Worker::new_with_options(&url, &options)
            .map_err(|_| "the checker's worker could not be started".to_string())?;
        *w.borrow_mut() = Some(worker.clone());
        Ok(worker)
    })
}

/// The worker's messages, as `check-worker.js` posts them.
#[derive(serde::Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum FromWorker {
    Progress {
        progress: CheckProgress,
        #[serde(rename = "elapsedMs")]
        elapsed_ms: f64,
    },
    Error {
        message: String,
    },
}

/// Starts a check of `request` in the worker; its progress goes to `dispatch`, and a
/// counterexample found for the gallery or the playground opens at once through `onopen`.
fn start(
    request: &CheckRequest,
    purpose: Purpose,
    dispatch: UseReducerDispatcher<State>,
    onopen: Callback<Opened>,
) {
    use wasm_bindgen::JsCast;
    let protocol = match request {
        CheckRequest::SingleDecree(_) => Protocol::SingleDecree,
        CheckRequest::MultiPaxos(_) => Protocol::MultiPaxos,
    };
    let worker = match worker() {
        Ok(w) => w,
        Err(e) => return dispatch.dispatch(Action::Error(e)),
    };
    let auto_open = !matches!(purpose, Purpose::Form);
    dispatch.dispatch(Action::Started(purpose, protocol));
    let d = dispatch.clone();
    let handler = Handler::new(move |e: web_sys::MessageEvent| {
        match serde_wasm_bindgen::from_value::<FromWorker>(e.data()) {
            Ok(FromWorker::Progress {
                progress,
                elapsed_ms,
            }) => {
                let found = progress
                    .verdict
                    .as_ref()
                    .and_then(|v| v.violation.as_ref())
                    .filter(|_| auto_open)
                    .map(|c| c.script.clone());
                d.dispatch(Action::Progress(progress, elapsed_ms));
                if let Some(script) = found {
                    onopen.emit(Opened {
                        protocol,
                        script,
                        play: true,
                    });
                }
            }
            Ok(FromWorker::Error { message }) => {
                // The worker ends itself after a trap; a start refused is rare. Either
                // way the next check gets a new worker.
                drop_worker();
                d.dispatch(Action::Error(message))
            }
            Err(err) => d.dispatch(Action::Error(format!(
                "the checker's worker sent something unexpected: {err}"
            ))),
        }
    });
    worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // An error the worker did not catch (its module failed to load, say): say so rather than
    // show "Checking…" for ever.
    let d = dispatch.clone();
    let on_error = ErrorHandler::new(move |e: web_sys::Event| {
        e.prevent_default();
        drop_worker();
        d.dispatch(Action::Error(
            "the checker's worker failed (its module could not be loaded or run)".into(),
        ));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    ERROR_HANDLER.with(|h| *h.borrow_mut() = Some(on_error));
    HANDLER.with(|h| *h.borrow_mut() = Some(handler));
    let message = serde_wasm_bindgen::to_value(&ToWorker::Start { request });
    match message {
        Ok(m) => {
            if worker.post_message(&m).is_err() {
                dispatch.dispatch(Action::Error("the checker's worker is gone".into()));
            }
        }
        Err(e) => dispatch.dispatch(Action::Error(e.to_string())),
    }
}

/// The page's messages to the worker.
#[derive(serde::Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum ToWorker<'a> {
    Start { request: &'a CheckRequest },
    Cancel,
}

fn cancel(dispatch: &UseReducerDispatcher<State>) {
    dispatch.dispatch(Action::CancelAsked(now()));
    WORKER.with(|w| {
        if let (Some(worker), Ok(m)) = (
            w.borrow().as_ref(),
            serde_wasm_bindgen::to_value(&ToWorker::Cancel),
        ) {
            let _ = worker.post_message(&m);
        }
    });
}

/// Props of [`CheckPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct CheckPanelProps {
    /// The page's protocol: the form's first choice.
    pub protocol: Protocol,
    /// Open a counterexample in the main view.
    pub onopen: Callback<Opened>,
    /// Close the panel.
    pub onclose: Callback<()>,
    /// The form to start from, when not the protocol's defaults (a widget's own cluster).
    #[prop_or_default]
    pub preset: Option<Rc<CheckForm>>,
}

/// The Check panel, a dialog over the page.
#[function_component(CheckPanel)]
pub fn check_panel(p: &CheckPanelProps) -> Html {
    let state = use_reducer(|| State {
        tab: Tab::Check,
        form: p
            .preset
            .as_deref()
            .cloned()
            .unwrap_or_else(|| CheckForm::new(p.protocol)),
        purpose: None,
        running: false,
        progress: None,
        elapsed_ms: 0.0,
        peak_bytes: 0,
        error: None,
        cancel_asked: None,
        cancel_ms: None,
        found: Vec::new(),
        quorums: Playground::default(),
    });
    OPEN.with(|o| *o.borrow_mut() = Some(p.onopen.clone()));
    let dialog = use_node_ref();
    let first = super::use_focus_on_mount();
    let close = p.onclose.reform(|_: MouseEvent| ());
    let d = state.dispatcher();
    let tab = |t: Tab, label: &str, id: &str| {
        let d = d.clone();
        html! {
            <button role="tab" aria-selected={(state.tab == t).to_string()} data-testid={id.to_string()}
                class={classes!("tab", (state.tab == t).then_some("active"))}
                onclick={Callback::from(move |_| d.dispatch(Action::Tab(t)))}>{ label.to_string() }</button>
        }
    };
    let body = match state.tab {
        Tab::Check => check_tab(&state, p),
        Tab::Gallery => gallery_tab(&state, p),
        Tab::Quorums => quorum_tab(&state, p),
    };
    html! {
        <div class="overlay" data-testid="check-panel" role="dialog" aria-modal="true" aria-label="Check every state" onclick={close.clone()}>
            <div class="dialog check" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}
                ref={dialog.clone()} onkeydown={super::keep_tab_inside(dialog)}>
                <div class="check-head">
                    <h2>{ "Check every state" }</h2>
                    <button ref={first} class="icon" aria-label="Close" title="Close (Esc)" onclick={close}>{ "×" }</button>
                </div>
                <div class="tabs" role="tablist">
                    { tab(Tab::Check, "Checker", "check-tab") }
                    { tab(Tab::Gallery, "Gallery of broken Paxos", "gallery-tab") }
                    { tab(Tab::Quorums, "Quorums", "quorums-tab") }
                </div>
                { body }
                { progress_view(&state) }
            </div>
        </div>
    }
}

/// A text field of the form.
fn field(
    state: &UseReducerHandle<State>,
    label: &str,
    id: &str,
    value: &str,
    set: fn(&mut CheckForm, String),
) -> Html {
    let d = state.dispatcher();
    let form = state.form.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        let mut f = form.clone();
        set(&mut f, input.value());
        d.dispatch(Action::Form(f));
    });
    // A quorum field takes a size or quorums listed outright (a1+a2,a3+a4), so not only digits.
    let quorum = id.starts_with("check-phase");
    html! {
        <label class="field">
            <span>{ label.to_string() }</span>
            <input data-testid={id.to_string()} inputmode={if quorum { "text" } else { "numeric" }} size="6"
                placeholder={quorum.then_some("majority")} value={value.to_string()} {oninput} />
        </label>
    }
}

fn checkbox(
    state: &UseReducerHandle<State>,
    label: &str,
    id: &str,
    on: bool,
    set: fn(&mut CheckForm, bool),
) -> Html {
    let d = state.dispatcher();
    let form = state.form.clone();
    let onchange = Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        let mut f = form.clone();
        set(&mut f, input.checked());
        d.dispatch(Action::Form(f));
    });
    html! {
        <label class="check-box">
            <input type="checkbox" data-testid={id.to_string()} checked={on} {onchange} />
            <span>{ label.to_string() }</span>
        </label>
    }
}

fn check_tab(state: &UseReducerHandle<State>, p: &CheckPanelProps) -> Html {
    let f = &state.form;
    let d = state.dispatcher();
    let on_protocol = {
        let (d, form) = (d.clone(), f.clone());
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let protocol = if s.value() == "multi-paxos" {
                Protocol::MultiPaxos
            } else {
                Protocol::SingleDecree
            };
            if protocol != form.protocol {
                d.dispatch(Action::Form(CheckForm::new(protocol)));
            }
        })
    };
    let on_commands = {
        let (d, form) = (d.clone(), f.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut f = form.clone();
            f.commands = input.value();
            d.dispatch(Action::Form(f));
        })
    };
    let on_bug = {
        let (d, form) = (d.clone(), f.clone());
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut f = form.clone();
            f.bug = s.value();
            d.dispatch(Action::Form(f));
        })
    };
    let request = f.request();
    let run = {
        let (d, request, onopen) = (d.clone(), request.clone(), p.onopen.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(r) = &request {
                start(r, Purpose::Form, d.clone(), onopen.clone());
            }
        })
    };
    let single = f.protocol == Protocol::SingleDecree;
    let bugs: Vec<&str> = if single {
        Bugs::ALL.to_vec()
    } else {
        paxos_core::multi::replica::MultiBugs::ALL.to_vec()
    };
    html! {
        <div class="check-tab" role="tabpanel">
            <p class="hint">{ "Tries every order of every message, within these bounds, and every fault you allow: a clean verdict is a proof for this cluster, not a sample." }</p>
            <div class="check-form">
                <label class="field wide">
                    <span>{ "Protocol" }</span>
                    <select data-testid="check-protocol" onchange={on_protocol}>
                        <option value="single-decree" selected={single}>{ "Single-decree Paxos" }</option>
                        <option value="multi-paxos" selected={!single}>{ "Multi-Paxos" }</option>
                    </select>
                </label>
                if single {
                    { field(state, "Acceptors", "check-acceptors", &f.acceptors, |f, v| f.acceptors = v) }
                    { field(state, "Proposers", "check-proposers", &f.proposers, |f, v| f.proposers = v) }
                    { field(state, "Learners", "check-learners", &f.learners, |f, v| f.learners = v) }
                } else {
                    { field(state, "Replicas", "check-replicas", &f.replicas, |f, v| f.replicas = v) }
                    { field(state, "Standalone acceptors", "check-acceptors", &f.acceptors, |f, v| f.acceptors = v) }
                }
                { field(state, "Maximum round", "check-round", &f.max_round, |f, v| f.max_round = v) }
                if single {
                    { field(state, "Phase-1 quorum", "check-phase1", &f.phase1, |f, v| f.phase1 = v) }
                    { field(state, "Phase-2 quorum", "check-phase2", &f.phase2, |f, v| f.phase2 = v) }
                }
                { field(state, "Crashes", "check-crashes", &f.crashes, |f, v| f.crashes = v) }
                { field(state, "Duplicates", "check-dups", &f.dups, |f, v| f.dups = v) }
                { field(state, "State cap", "check-cap", &f.cap, |f, v| f.cap = v) }
                <label class="field wide">
                    <span>{ "Broken variant" }</span>
                    <select data-testid="check-bug" onchange={on_bug}>
                        <option value="" selected={f.bug.is_empty()}>{ "none: Paxos as written" }</option>
                        { for bugs.iter().map(|b| html! { <option value={b.to_string()} selected={f.bug == *b}>{ b.to_string() }</option> }) }
                    </select>
                </label>
                { checkbox(state, "Drop any message", "check-drops", f.drops, |f, v| f.drops = v) }
                { checkbox(state, "Symmetry: acceptors are interchangeable", "check-symmetry", f.symmetry, |f, v| f.symmetry = v) }
                if single {
                    { checkbox(state, "A recovered proposer is asked again", "check-repropose", f.repropose, |f, v| f.repropose = v) }
                    { checkbox(state, "Forget dead messages", "check-prune", f.prune, |f, v| f.prune = v) }
                    { checkbox(state, "Partial-order reduction", "check-por", f.por, |f, v| f.por = v) }
                } else {
                    { checkbox(state, "Depth first (less memory)", "check-depth-first", f.depth_first, |f, v| f.depth_first = v) }
                }
                if !single {
                    <label class="field wide commands">
                        <span>{ "Client commands" }</span>
                        <input data-testid="check-commands" value={f.commands.clone()} oninput={on_commands} spellcheck="false" />
                    </label>
                }
            </div>
            if single {
                <p class="hint">{ "Each proposer proposes its own value (p1 A, p2 B, ...) once, at any moment. Empty quorum sizes mean majorities. With symmetry, states that differ only by a renaming of the acceptors count once: up to six times fewer states for three acceptors. Forgetting dead messages (a Promise, Accepted or Nack for a ballot its proposer has left, a Prepare or Accept an acceptor can only refuse) stops the order of their arrival from multiplying states: five times fewer for three acceptors and two proposers. Neither changes the verdict or the length of the shortest counterexample. Partial-order reduction goes further for big clusters: once no proposer will send again, the acceptors answer what they hold independently, so one acceptor's deliveries at a time are tried instead of every interleaving (a persistent set, Godefroid 1996). The verdict is the same, but a run it finds need not be the shortest." }</p>
            } else {
                <p class="hint">{ "Each client command (a script's client line without the word client; up to four, separated by ;) is sent once, at any moment, and takes a slot of the log; n1 and n2 may each start an election, and a new leader fills the slots it finds empty with no-ops. Breadth first finds the shortest counterexample but keeps a whole level of states in memory; depth first needs far less (its run need not be the shortest), so with the state cap at 10000000 the default cluster's 6.3 million states finish in the page. With standalone acceptors (separate roles) and symmetry, states that differ only by a renaming of the acceptors count once: about six times fewer for three. The replicas are not interchangeable (the commands and elections name them), so the combined layout has nothing to rename." }</p>
            }
            if let Err(e) = &request {
                <p class="error" data-testid="check-error" role="alert">{ e.clone() }</p>
            }
            <div class="row">
                <button class="primary" data-testid="check-run" disabled={request.is_err() || state.running} onclick={run}>{ "Check" }</button>
                { cancel_button(state) }
            </div>
        </div>
    }
}

fn cancel_button(state: &UseReducerHandle<State>) -> Html {
    let d = state.dispatcher();
    html! {
        <button data-testid="check-cancel" disabled={!state.running} onclick={Callback::from(move |_: MouseEvent| cancel(&d))}>{ "Cancel" }</button>
    }
}

/// States, depth, speed, memory and the plot of new states per depth, then the verdict.
fn progress_view(state: &UseReducerHandle<State>) -> Html {
    if let Some(e) = &state.error {
        return html! { <p class="error" data-testid="check-error" role="alert">{ format!("The check could not run: {e}") }</p> };
    }
    let Some(p) = &state.progress else {
        return html! {};
    };
    let secs = state.elapsed_ms / 1000.0;
    let rate = if secs > 0.0 {
        p.states as f64 / secs
    } else {
        0.0
    };
    let mb = state.peak_bytes as f64 / 1_048_576.0;
    let per_state = state.peak_bytes / p.states.max(1);
    let max = p.per_depth.iter().copied().max().unwrap_or(1).max(1) as f64;
    let n = p.per_depth.len().max(1) as f64;
    let bars = p.per_depth.iter().enumerate().map(|(i, &k)| {
        let h = 40.0 * (k as f64 / max);
        let w = 300.0 / n;
        html! {
            <rect x={format!("{:.1}", i as f64 * w)} y={format!("{:.1}", 40.0 - h)} width={format!("{:.1}", (w - 1.0).max(0.5))} height={format!("{h:.1}")}>
                <title>{ format!("depth {i}: {k} new states") }</title>
            </rect>
        }
    });
    let checking = match &state.purpose {
        Some((Purpose::Gallery(name), _)) => format!("Finding the bug of {name}"),
        Some((Purpose::Break, _)) => "Breaking the quorum system".to_string(),
        _ => "Checking".to_string(),
    };
    html! {
        <div class="check-progress" data-testid="check-progress" data-states={p.states.to_string()} data-depth={p.depth.to_string()} aria-live="polite">
            <p>
                <strong>{ if state.running { format!("{checking}…") } else { format!("{checking}: done.") } }</strong>
                { format!(" {} states, depth {}, {} waiting; {:.1} s, {:.0} states/s; memory at most about {mb:.1} MB ({per_state} B per state).", p.states, p.depth, p.frontier, secs, rate) }
            </p>
            <svg class="per-depth" viewBox="0 0 300 40" preserveAspectRatio="none" role="img" aria-label="New states found at each depth">
                { for bars }
            </svg>
            if let Some(ms) = state.cancel_ms {
                <p class="hint" data-testid="check-cancel-time">{ format!("Cancelled {ms:.0} ms after the click.") }</p>
            }
            if let Some(v) = &p.verdict {
                { verdict_view(v, state) }
            }
        </div>
    }
}

fn verdict_view(v: &Verdict, state: &UseReducerHandle<State>) -> Html {
    let violation = v.violation.as_ref();
    let name = violation.map(|c| c.invariant.clone()).unwrap_or_default();
    html! {
        <div class={classes!("verdict", if violation.is_some() { "bad" } else if v.complete { "good" } else { "partial" })}
            data-testid="check-verdict" data-complete={v.complete.to_string()} data-states={v.states.to_string()} data-violation={name}>
            <p><strong>{ capitalised(&v.summary) }</strong></p>
            if let Some(c) = violation {
                <p class="hint">{ format!(
                    "{} {}: {} steps{}. It opens in the main view as an ordinary run, with a caption at each step.",
                    if v.por { "A run that breaks" } else { "The shortest run that breaks" },
                    c.invariant,
                    c.steps,
                    if v.por { " (found with partial-order reduction, so not always the shortest)" } else { "" },
                ) }</p>
                { replay_button(c, state) }
            }
        </div>
    }
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

thread_local! {
    /// Where a counterexample goes: the page's handler, set by the panel's last render.
    static OPEN: RefCell<Option<Callback<Opened>>> = const { RefCell::new(None) };
}

fn replay_button(
    c: &paxos_sim::check_job::Counterexample,
    state: &UseReducerHandle<State>,
) -> Html {
    let protocol = state
        .purpose
        .as_ref()
        .map_or(Protocol::SingleDecree, |(_, p)| *p);
    let script = c.script.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        let opened = Opened {
            protocol,
            script: script.clone(),
            play: false,
        };
        OPEN.with(|o| {
            if let Some(cb) = o.borrow().as_ref() {
                cb.emit(opened);
            }
        });
    });
    html! {
        <button class="primary" data-testid="check-replay" {onclick}>{ "Open the counterexample" }</button>
    }
}

fn gallery_tab(state: &UseReducerHandle<State>, p: &CheckPanelProps) -> Html {
    let card = |v: Variant| {
        let d = state.dispatcher();
        let onopen = p.onopen.clone();
        let request = v.request.clone();
        let name = v.name;
        let find = Callback::from(move |_: MouseEvent| {
            start(&request, Purpose::Gallery(name), d.clone(), onopen.clone());
        });
        let multi = matches!(v.request, CheckRequest::MultiPaxos(_));
        let found = state
            .found
            .iter()
            .find(|(n, _)| *n == v.name)
            .map(|(_, t)| t.clone());
        html! {
            <article class={classes!("card", v.byzantine.then_some("byzantine"))} data-testid={format!("gallery-{}", v.name)}>
                <p class="tag">{ if v.byzantine { "Broken assumption" } else if multi { "Multi-Paxos" } else { "Single-decree" } }</p>
                <h3>{ v.title }</h3>
                <p>{ v.change }</p>
                <p class="rule">{ v.rule }</p>
                <div class="row">
                    <button class="primary" data-testid={format!("gallery-{}-find", v.name)} disabled={state.running} onclick={find}>{ "Find the bug" }</button>
                    if let Some(t) = found {
                        <span class="hint" data-testid={format!("gallery-{}-found", v.name)}>{ t }</span>
                    }
                </div>
            </article>
        }
    };
    html! {
        <div class="gallery" role="tabpanel">
            <p class="hint">{ "Each card changes one rule. Find the bug runs the checker on a small cluster and plays the shortest run that breaks safety, a caption at every step." }</p>
            <div class="cards">
                { for gallery::all().into_iter().map(card) }
            </div>
        </div>
    }
}

fn quorum_tab(state: &UseReducerHandle<State>, p: &CheckPanelProps) -> Html {
    let pg = &state.quorums;
    let system = pg.system();
    let missing = system.missing_pair();
    let d = state.dispatcher();
    let edit = {
        let d = d.clone();
        move |f: Rc<dyn Fn(&mut Playground)>| d.dispatch(Action::Quorums(f))
    };
    let number = |label: &str,
                  id: &str,
                  value: u8,
                  low: u8,
                  high: u8,
                  f: fn(&mut Playground, u8)| {
        let edit = edit.clone();
        let onchange = Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<u8>() {
                let v = v.clamp(low, high);
                edit(Rc::new(move |pg: &mut Playground| f(pg, v)));
            }
        });
        html! {
            <label class="field">
                <span>{ label.to_string() }</span>
                <input type="number" data-testid={id.to_string()} min={low.to_string()} max={high.to_string()} value={value.to_string()} {onchange} />
            </label>
        }
    };
    let mode_button = |m: QuorumMode, label: &str| {
        let edit = edit.clone();
        html! {
            <button class={classes!("tab", (pg.mode == m).then_some("active"))} data-testid={format!("quorums-{}", m.name())}
                aria-pressed={(pg.mode == m).to_string()}
                onclick={Callback::from(move |_| edit(Rc::new(move |pg: &mut Playground| pg.mode = m)))}>{ label.to_string() }</button>
        }
    };
    let request = pg.break_request();
    let break_it = {
        let (d, onopen) = (d.clone(), p.onopen.clone());
        let request = request.clone().ok().map(CheckRequest::SingleDecree);
        Callback::from(move |_: MouseEvent| {
            if let Some(r) = &request {
                start(r, Purpose::Break, d.clone(), onopen.clone())
            }
        })
    };
    let acceptors: Vec<u8> = (0..system.acceptors).collect();
    // A phase's quorums as rows of dots (by size, grid), or of buttons to click (by hand).
    let members = |phase: usize, sets: &[u16], highlight: Option<u16>| {
        let by_hand = pg.mode == QuorumMode::Sets;
        let quorum = |(i, &s): (usize, &u16)| {
            let class = classes!("qset", (Some(s) == highlight).then_some("missing"));
            if !by_hand {
                return html! {
                    <span {class}>
                        { for acceptors.iter().map(|&a| html! {
                            <span class={classes!("dot", (s & (1 << a) != 0).then_some("in"))} title={format!("a{}", a + 1)}></span>
                        }) }
                    </span>
                };
            }
            let toggle = |a: u8| {
                let edit = edit.clone();
                Callback::from(move |_: MouseEvent| {
                    edit(Rc::new(move |pg: &mut Playground| pg.toggle(phase, i, a)))
                })
            };
            let remove = {
                let edit = edit.clone();
                Callback::from(move |_: MouseEvent| {
                    edit(Rc::new(move |pg: &mut Playground| pg.remove(phase, i)))
                })
            };
            html! {
                <span {class} role="group" aria-label={format!("Phase-{} quorum {}: {}", phase + 1, i + 1, set_name(s))}
                    data-testid={format!("quorums-set-{}-{}", phase + 1, i + 1)}>
                    { for acceptors.iter().map(|&a| {
                        let on = s & (1 << a) != 0;
                        html! {
                            <button class={classes!("member", on.then_some("in"))} aria-pressed={on.to_string()}
                                data-testid={format!("quorums-set-{}-{}-a{}", phase + 1, i + 1, a + 1)}
                                onclick={toggle(a)}>{ format!("a{}", a + 1) }</button>
                        }
                    }) }
                    <button class="remove" aria-label={format!("Remove phase-{} quorum {}", phase + 1, i + 1)}
                        disabled={sets.len() == 1} onclick={remove}>{ "\u{00d7}" }</button>
                </span>
            }
        };
        let add = {
            let edit = edit.clone();
            Callback::from(move |_: MouseEvent| {
                edit(Rc::new(move |pg: &mut Playground| pg.add(phase)))
            })
        };
        html! {
            <div class={classes!("quorum-sets", by_hand.then_some("by-hand"))}>
                { for sets.iter().enumerate().take(if by_hand { usize::MAX } else { 12 }).map(quorum) }
                if !by_hand && sets.len() > 12 {
                    <span class="hint">{ format!("and {} more", sets.len() - 12) }</span>
                }
                if by_hand {
                    <button class="add" data-testid={format!("quorums-add-{}", phase + 1)}
                        disabled={sets.len() >= MAX_QUORUM_SETS} onclick={add}>{ format!("Add a phase-{} quorum", phase + 1) }</button>
                }
            </div>
        }
    };
    let (rows, cols) = (pg.rows, pg.cols);
    html! {
        <div class="quorums" data-testid="quorums" role="tabpanel">
            <p class="hint">{ "Paxos needs every phase-1 quorum (the promises a proposer waits for) to share an acceptor with every phase-2 quorum (the acceptances that choose). Nothing else: the two phases may use different sizes, or any sets at all. This is Flexible Paxos (Howard, Malkhi and Spiegelman, 2016)." }</p>
            <div class="row">
                { mode_button(QuorumMode::Size, "By size") }
                { mode_button(QuorumMode::Grid, "A grid") }
                { mode_button(QuorumMode::Sets, "By hand") }
            </div>
            { match pg.mode {
                QuorumMode::Grid => html! {
                    <>
                        <div class="check-form">
                            { number("Rows", "quorums-rows", rows, 1, 3, |pg, v| pg.rows = v) }
                            { number("Columns", "quorums-cols", cols, 1, 4, |pg, v| pg.cols = v) }
                        </div>
                        <p class="hint">{ format!("{} acceptors in {rows} rows of {cols}: a phase-1 quorum is a whole row ({cols} acceptors), a phase-2 quorum a whole column ({rows}). Every row crosses every column, so far fewer than a majority suffice.", rows * cols) }</p>
                    </>
                },
                QuorumMode::Size => html! {
                    <div class="check-form">
                        { number("Acceptors", "quorums-n", pg.n, 2, Playground::MAX_N, Playground::set_n) }
                        { number("Phase-1 quorum", "quorums-q1", pg.q1, 1, pg.n, |pg, v| pg.q1 = v) }
                        { number("Phase-2 quorum", "quorums-q2", pg.q2, 1, pg.n, |pg, v| pg.q2 = v) }
                    </div>
                },
                QuorumMode::Sets => html! {
                    <>
                        <div class="check-form">
                            { number("Acceptors", "quorums-n", pg.n, 2, Playground::MAX_N, Playground::set_n) }
                        </div>
                        <p class="hint">{ format!("Click an acceptor to put it in or take it out of a quorum; each phase may have up to {MAX_QUORUM_SETS} quorums.") }</p>
                    </>
                },
            } }
            <div class="quorum-view">
                <div>
                    <h3>{ format!("Phase-1 quorums ({})", system.phase1.len()) }</h3>
                    { members(0, &system.phase1, missing.map(|m| m.0)) }
                </div>
                <div>
                    <h3>{ format!("Phase-2 quorums ({})", system.phase2.len()) }</h3>
                    { members(1, &system.phase2, missing.map(|m| m.1)) }
                </div>
            </div>
            <div class={classes!("verdict", if missing.is_some() { "bad" } else { "good" })} data-testid="quorums-verdict" data-intersect={missing.is_none().to_string()}
                role="status">
                if let Some((a, b)) = missing {
                    <p>{ format!("These miss each other: phase-1 quorum {} and phase-2 quorum {} share no acceptor. A value chosen by the second can be invisible to a proposer that hears from the first, and Paxos can choose two values.", set_name(a), set_name(b)) }</p>
                } else {
                    <p>{ "Every phase-1 quorum meets every phase-2 quorum: safe. Paxos with these quorums chooses at most one value." }</p>
                }
            </div>
            <div class="row">
                <button class="primary" data-testid="quorums-break" disabled={state.running || request.is_err()} onclick={break_it}>{ "Break it" }</button>
                { cancel_button(state) }
                <span class="hint">{ match (&request, missing) {
                    (Err(why), _) => why.clone(),
                    (Ok(_), Some(_)) => "Runs the checker with two proposers and these quorums, and opens the shortest run that chooses two values.".to_string(),
                    (Ok(r), None) if r.quorum_sets.is_some() => "Runs the checker with two proposers and these quorums over every reachable state (with partial-order reduction; no symmetry, since these quorums name acceptors): it should find nothing, and says so only if it got through them all.".to_string(),
                    (Ok(_), None) => "Runs the checker with two proposers and these quorums over every reachable state (with partial-order reduction, so that six acceptors finish): it should find nothing.".to_string(),
                } }</span>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_widget_s_cluster_becomes_the_form_it_checks() {
        let mut config = paxos_sim::config::Config::separate(2, 3, 0);
        config.quorum = Some(QuorumSizes {
            phase1: 2,
            phase2: 1,
        });
        assert!(config.bugs.enable("ignore-promises"));
        let Ok(CheckRequest::SingleDecree(o)) = CheckForm::for_cluster(&config).request() else {
            panic!("a single-decree request");
        };
        assert_eq!(
            (o.acceptors, o.proposers, o.learners, o.max_round),
            (3, 2, 0, 1)
        );
        assert_eq!(o.quorum, config.quorum);
        assert!(o.bugs.ignore_promised_values && o.symmetry && o.prune);
        // Five combined nodes: five acceptors, two of them proposing.
        let combined = paxos_sim::config::Config::combined(5);
        let Ok(CheckRequest::SingleDecree(o)) = CheckForm::for_cluster(&combined).request() else {
            panic!("a single-decree request");
        };
        assert_eq!((o.acceptors, o.proposers, o.quorum), (5, 2, None));
        assert_eq!(o.bugs, Bugs::default());
        // Quorums listed outright (a counterexample from the playground's By hand) stay listed.
        let mut listed = paxos_sim::config::Config::separate(2, 4, 0);
        listed.quorum_sets = QuorumSets::grid(2, 2).ok();
        let form = CheckForm::for_cluster(&listed);
        assert_eq!(
            (form.phase1.as_str(), form.phase2.as_str()),
            ("a1+a2,a3+a4", "a1+a3,a2+a4")
        );
        let Ok(CheckRequest::SingleDecree(o)) = form.request() else {
            panic!("a single-decree request");
        };
        assert_eq!((o.quorum, o.quorum_sets), (None, listed.quorum_sets));
    }

    #[test]
    fn the_form_becomes_a_request_or_names_the_field_that_is_wrong() {
        let form = CheckForm::new(Protocol::SingleDecree);
        let CheckRequest::SingleDecree(o) = form.request().unwrap() else {
            panic!()
        };
        assert_eq!(
            (o.acceptors, o.proposers, o.max_round, o.quorum),
            (3, 2, 1, None)
        );
        let bad = |f: fn(&mut CheckForm)| {
            let mut form = CheckForm::new(Protocol::SingleDecree);
            f(&mut form);
            form.request().unwrap_err()
        };
        assert_eq!(
            bad(|f| f.acceptors = "three".into()),
            "Acceptors: `three` is not a whole number"
        );
        assert_eq!(
            bad(|f| f.cap = "0".into()),
            "State cap: 0 is out of range; choose 1 to 20000000"
        );
        assert_eq!(
            bad(|f| f.max_round = "9".into()),
            "Maximum round: 9 is out of range; choose 1 to 4"
        );
        assert_eq!(
            bad(|f| {
                f.phase1 = "4".into();
                f.phase2 = "1".into();
            }),
            "Phase-1 quorum: 4 must be between 1 and the 3 acceptors"
        );
        assert_eq!(
            bad(|f| f.bug = "no-such".into()),
            "Broken variant: no bug called `no-such`"
        );
        // Quorums listed outright, in the same two fields.
        let mut listed = CheckForm::new(Protocol::SingleDecree);
        listed.acceptors = "4".into();
        listed.phase1 = "a1+a2,a3+a4".into();
        listed.phase2 = " a1+a3,a2+a4 ".into();
        let CheckRequest::SingleDecree(o) = listed.request().unwrap() else {
            panic!()
        };
        assert_eq!(o.quorum, None);
        assert_eq!(o.quorum_sets, QuorumSets::grid(2, 2).ok());
        assert_eq!(
            bad(|f| {
                f.phase1 = "a1+a2".into();
                f.phase2 = "a1+b".into();
            }),
            "Phase-2 quorum: `b` in quorum `a1+b` is not an acceptor (a1 to a16); write quorums as a1+a2,a3+a4, or a size such as 2"
        );
        assert_eq!(
            bad(|f| {
                f.phase1 = "a1+a4".into();
                f.phase2 = "a1".into();
            }),
            "Quorums: phase-1 quorum a1+a4 names an acceptor beyond the 3 acceptors"
        );
        let mut multi = CheckForm::new(Protocol::MultiPaxos);
        multi.bug = "local-reads".into();
        let CheckRequest::MultiPaxos(o) = multi.request().unwrap() else {
            panic!()
        };
        assert!(o.bugs.local_reads && o.replicas == 3 && o.order == Order::Breadth);
    }

    #[test]
    fn the_playground_finds_the_quorums_that_miss_each_other() {
        // 2 of 5 and 3 of 5 miss: {a1, a2} and {a3, a4, a5}.
        let (a, b) = QuorumSystem::sizes(5, 2, 3).missing_pair().unwrap();
        assert_eq!(
            (set_name(a), set_name(b)),
            ("{a1, a2}".into(), "{a3, a4, a5}".into())
        );
        // Flexible Paxos: 4 of 6 with 3 of 6 always meet, as do majorities and grids.
        assert_eq!(QuorumSystem::sizes(6, 4, 3).missing_pair(), None);
        assert_eq!(QuorumSystem::sizes(5, 3, 3).missing_pair(), None);
        assert_eq!(QuorumSystem::sizes(3, 1, 3).missing_pair(), None);
        let grid = QuorumSystem::grid(2, 3);
        assert_eq!(
            (grid.acceptors, grid.phase1.len(), grid.phase2.len()),
            (6, 2, 3)
        );
        assert_eq!(grid.missing_pair(), None);
        assert_eq!(set_name(grid.phase1[1]), "{a4, a5, a6}");
        assert_eq!(set_name(grid.phase2[0]), "{a1, a4}");
    }

    #[test]
    fn quorums_picked_by_hand_are_edited_and_checked_as_listed() {
        let mut pg = Playground {
            mode: QuorumMode::Sets,
            n: 4,
            ..Playground::default()
        };
        // It starts as the 2 x 2 grid: safe, checked as listed sets without symmetry.
        assert_eq!(pg.system().missing_pair(), None);
        let r = pg.break_request().unwrap();
        assert_eq!(r.quorum_sets, QuorumSets::grid(2, 2).ok());
        assert!(!r.symmetry && r.por && r.quorum.is_none());
        // Phase 2's first quorum {a1, a3} loses a3 and gains a2: {a1, a2} misses the row
        // {a3, a4}.
        pg.toggle(1, 0, 2);
        pg.toggle(1, 0, 1);
        assert_eq!(pg.sets[1][0], 0b0011);
        assert_eq!(pg.system().missing_pair(), Some((0b1100, 0b0011)));
        let r = pg.break_request().unwrap();
        assert!(
            !r.por,
            "a counterexample to find: the shortest one, so no reduction"
        );
        // A quorum keeps its last acceptor; a phase keeps its last quorum.
        pg.toggle(0, 0, 0);
        pg.toggle(0, 0, 1);
        assert_eq!(pg.sets[0][0], 0b0010);
        pg.remove(0, 1);
        pg.remove(0, 0);
        assert_eq!(pg.sets[0], vec![0b0010]);
        // Added quorums hold every acceptor, up to the limit.
        for _ in 0..20 {
            pg.add(0);
        }
        assert_eq!(pg.sets[0].len(), MAX_QUORUM_SETS);
        assert_eq!(pg.sets[0][1], 0b1111);
        // Fewer acceptors: members beyond them go, emptied quorums go, a phase keeps one.
        pg.sets = [vec![0b1000], vec![0b1001, 0b0011]];
        pg.set_n(3);
        assert_eq!(pg.sets, [vec![0b111], vec![0b0001, 0b0011]]);
        // A grid beyond a cluster's nine acceptors cannot be broken, and says why.
        let big = Playground {
            mode: QuorumMode::Grid,
            rows: 3,
            cols: 4,
            ..Playground::default()
        };
        assert!(big
            .break_request()
            .unwrap_err()
            .contains("up to 9 acceptors"));
        let small = Playground {
            mode: QuorumMode::Grid,
            rows: 2,
            cols: 3,
            ..Playground::default()
        };
        assert_eq!(small.break_request().unwrap().acceptors, 6);
        // Sets the edits cannot make are refused, not checked as majorities.
        let broken = Playground {
            mode: QuorumMode::Sets,
            sets: [vec![], vec![0b1]],
            ..Playground::default()
        };
        assert!(broken
            .break_request()
            .unwrap_err()
            .contains("1 to 8 quorums"));
        // By size keeps sizes and symmetry.
        let r = Playground::default().break_request().unwrap();
        assert!(r.symmetry && r.quorum_sets.is_none() && r.quorum.is_some());
    }
}
