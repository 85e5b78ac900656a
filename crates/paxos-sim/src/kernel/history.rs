//! A run with its whole history, and time travel through it.
//!
//! A run is `(config, seed, actions)`. [`Sim`] keeps the actions, the world at the current
//! step, and a checkpoint of the world every [`CHECKPOINT_EVERY`] steps. [`Sim::goto`] jumps to
//! any step by restoring the nearest checkpoint at or before it and replaying the few actions
//! after it, so scrubbing a long history is fast and memory stays small (one action per step,
//! plus one world per checkpoint).
//!
//! Acting in the past starts a new future. The old one is not lost: it is kept as a
//! [`Branch`], and [`Sim::switch_branch`] goes back to it, cursor where it was left. A run (a
//! link, a trace) is always one branch, the one on screen; the others are this session's
//! memory.

use super::world::{ActionError, World};
use super::Protocol;
use crate::action::Action;
use crate::config::ConfigError;
use std::fmt;

/// Steps between checkpoints.
pub const CHECKPOINT_EVERY: usize = 512;

/// A run and a cursor into it.
#[derive(Clone, Debug)]
pub struct Sim<P: Protocol> {
    seed: u64,
    /// Every action of the run, including those after the cursor (for redo).
    actions: Vec<Action<P::Input>>,
    /// `checkpoints[k]` is the world after `k * CHECKPOINT_EVERY` actions.
    checkpoints: Vec<World<P>>,
    world: World<P>,
    /// The branches not on screen, each with its number and the step its cursor was left at.
    others: Vec<Kept<P>>,
    /// The number of the branch on screen.
    branch: usize,
    /// The next branch's number.
    next_branch: usize,
}

/// A branch not on screen: its number, where its cursor was left, and its actions.
#[derive(Clone, Debug)]
struct Kept<P: Protocol> {
    number: usize,
    at: usize,
    actions: Vec<Action<P::Input>>,
}

/// One branch of a history, as a list of branches shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Branch {
    /// Its number: 0 for the first run, then in the order branches were made.
    pub number: usize,
    /// How many actions it has.
    pub len: usize,
    /// How many of its first actions it shares with the branch on screen: the step at which
    /// they fork (its length, for the branch on screen).
    pub fork: usize,
    /// Whether it is the branch on screen.
    pub current: bool,
}

/// Why a history could not be replayed (an action that applied once no longer does: only
/// possible with a hand-made or corrupted action list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayError {
    /// 0-based index of the failing action.
    pub index: usize,
    /// The action, in its script form.
    pub action: String,
    /// Why it failed.
    pub error: ActionError,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "action {} (`{}`) does not apply: {}",
            self.index + 1,
            self.action,
            self.error
        )
    }
}

impl std::error::Error for ReplayError {}

impl<P: Protocol> Sim<P> {
    /// A new run at step 0.
    pub fn new(config: P::Config, seed: u64) -> Result<Sim<P>, ConfigError> {
        let world = World::new(config, seed)?;
        Ok(Sim {
            seed,
            actions: Vec::new(),
            checkpoints: vec![world.clone()],
            world,
            others: Vec::new(),
            branch: 0,
            next_branch: 1,
        })
    }

    /// A run rebuilt from its actions, with the cursor at the end.
    pub fn replay(
        config: P::Config,
        seed: u64,
        actions: &[Action<P::Input>],
    ) -> Result<Sim<P>, ReplayFailure> {
        let mut sim = Sim::new(config, seed).map_err(ReplayFailure::Config)?;
        let mut events = Vec::new();
        for (index, action) in actions.iter().enumerate() {
            events.clear();
            sim.apply(action.clone(), &mut events).map_err(|error| {
                ReplayFailure::Action(ReplayError {
                    index,
                    action: action.to_string(),
                    error,
                })
            })?;
        }
        Ok(sim)
    }

    /// The config the run started from.
    pub fn config(&self) -> &P::Config {
        self.checkpoints[0].config()
    }
    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// The world at the cursor.
    pub fn world(&self) -> &World<P> {
        &self.world
    }
    /// The step at the cursor.
    pub fn step(&self) -> usize {
        self.world.step() as usize
    }
    /// The number of actions in the history (the last step).
    pub fn len(&self) -> usize {
        self.actions.len()
    }
    /// True before any action.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
    /// The whole history of actions (also those after the cursor).
    pub fn actions(&self) -> &[Action<P::Input>] {
        &self.actions
    }
    /// Roughly how many bytes the whole history occupies: the action list plus every
    /// checkpoint and the current world.
    pub fn approx_bytes(&self) -> usize {
        let actions = self.actions.capacity() * std::mem::size_of::<Action<P::Input>>()
            + self
                .actions
                .iter()
                .map(|a| match a {
                    Action::Partition { groups } => groups
                        .iter()
                        .map(|g| 24 + g.capacity() * std::mem::size_of::<paxos_core::NodeId>())
                        .sum(),
                    _ => 0,
                })
                .sum::<usize>();
        actions
            + self
                .checkpoints
                .iter()
                .map(World::<P>::approx_bytes)
                .sum::<usize>()
            + self.world.approx_bytes()
    }

    /// Applies `action` at the cursor and returns what it resolved to (`Step` becomes the
    /// scheduler's pick). If the cursor is not at the end, the history after it is discarded
    /// first (a new branch). The history keeps the action as given, `Step` included, because
    /// replaying it must consume the seeded RNG exactly as the first time did.
    pub fn apply(
        &mut self,
        action: Action<P::Input>,
        events: &mut Vec<P::Event>,
    ) -> Result<Action<P::Input>, ActionError> {
        // `World::apply` changes nothing when it fails, so no copy is needed to roll back.
        let resolved = self.world.apply(&action, events)?;
        let step = self.step();
        if self.actions.len() >= step {
            // A new future: keep the old one as a branch of its own.
            self.others.push(Kept {
                number: self.branch,
                at: step - 1,
                actions: self.actions.clone(),
            });
            self.branch = self.next_branch;
            self.next_branch += 1;
        }
        self.actions.truncate(step - 1);
        self.checkpoints.truncate((step - 1) / CHECKPOINT_EVERY + 1);
        self.actions.push(action);
        self.checkpoint();
        Ok(resolved)
    }

    fn checkpoint(&mut self) {
        let step = self.step();
        if step.is_multiple_of(CHECKPOINT_EVERY)
            && self.checkpoints.len() == step / CHECKPOINT_EVERY
        {
            self.checkpoints.push(self.world.clone());
        }
    }

    /// Moves the cursor to `step` (0 ..= len), forwards or backwards. Returns false, changing
    /// nothing, when `step` is beyond the history.
    pub fn goto(&mut self, step: usize) -> bool {
        if step > self.actions.len() {
            return false;
        }
        let here = self.step();
        if step < here || step - here > CHECKPOINT_EVERY {
            let k = (step / CHECKPOINT_EVERY).min(self.checkpoints.len() - 1);
            self.world = self.checkpoints[k].clone();
        }
        let mut events = Vec::new();
        while self.step() < step {
            events.clear();
            let i = self.step();
            // These actions applied before from this very state, so they apply again.
            if self.world.apply(&self.actions[i], &mut events).is_err() {
                return false;
            }
            self.checkpoint();
        }
        true
    }

    /// Redoes the next recorded action (the cursor must be before the end), appending its
    /// events: one step forward without replaying from a checkpoint. Returns false at the end
    /// of the history.
    pub fn forward(&mut self, events: &mut Vec<P::Event>) -> bool {
        let i = self.step();
        let Some(action) = self.actions.get(i) else {
            return false;
        };
        // This action applied before from this very state, so it applies again.
        if self.world.apply(action, events).is_err() {
            return false;
        }
        self.checkpoint();
        true
    }

    /// The world after `step` actions, rebuilt from the nearest checkpoint, leaving the cursor
    /// where it is; `None` beyond the history.
    pub fn world_at(&self, step: usize) -> Option<World<P>> {
        if step > self.actions.len() {
            return None;
        }
        if step == self.step() {
            return Some(self.world.clone());
        }
        self.replayed(step, step, |_, _| {})
    }

    /// The worlds before and after step `step` (1-based: the action that led to it), from one
    /// replay; `None` for step 0 or beyond the history.
    pub fn worlds_around(&self, step: usize) -> Option<(World<P>, World<P>)> {
        let before = self.world_at(step.checked_sub(1)?)?;
        let mut after = before.clone();
        // This action applied before from this very state, so it applies again.
        after
            .apply(self.actions.get(step - 1)?, &mut Vec::new())
            .ok()?;
        Some((before, after))
    }

    /// Replays from the checkpoint at or before step `from` up to step `to`, showing `each`
    /// every step's number (0-based action index) and events; the world it reaches, or `None`
    /// if an action no longer applies.
    fn replayed(
        &self,
        from: usize,
        to: usize,
        mut each: impl FnMut(usize, &mut Vec<P::Event>),
    ) -> Option<World<P>> {
        let to = to.min(self.actions.len());
        let k = (from / CHECKPOINT_EVERY).min(self.checkpoints.len() - 1);
        let mut world = self.checkpoints[k].clone();
        let mut events = Vec::new();
        while (world.step() as usize) < to {
            events.clear();
            let i = world.step() as usize;
            // These actions applied before from this very state, so they apply again.
            world.apply(&self.actions[i], &mut events).ok()?;
            each(i, &mut events);
        }
        Some(world)
    }

    /// Every branch of this history, by number: the one on screen and those kept when acting
    /// in the past started a new future.
    pub fn branches(&self) -> Vec<Branch> {
        let mut out: Vec<Branch> = self
            .others
            .iter()
            .map(|k| Branch {
                number: k.number,
                len: k.actions.len(),
                fork: shared_prefix(&self.actions, &k.actions),
                current: false,
            })
            .collect();
        out.push(Branch {
            number: self.branch,
            len: self.actions.len(),
            fork: self.actions.len(),
            current: true,
        });
        out.sort_by_key(|b| b.number);
        out
    }

    /// The number of the branch on screen.
    pub fn branch(&self) -> usize {
        self.branch
    }

    /// Puts branch `number` on screen, its cursor where it was left; the branch that was on
    /// screen is kept, cursor and all. Returns false, changing nothing, if there is no such
    /// branch (or it is the one on screen).
    pub fn switch_branch(&mut self, number: usize) -> bool {
        let Some(i) = self.others.iter().position(|k| k.number == number) else {
            return false;
        };
        let kept = self.others.remove(i);
        let fork = shared_prefix(&self.actions, &kept.actions);
        self.others.push(Kept {
            number: self.branch,
            at: self.step(),
            actions: std::mem::replace(&mut self.actions, kept.actions),
        });
        self.branch = number;
        // Checkpoints up to the fork hold for both branches; later ones are rebuilt.
        self.checkpoints.truncate(fork / CHECKPOINT_EVERY + 1);
        let k = self.checkpoints.len() - 1;
        self.world = self.checkpoints[k].clone();
        if !self.goto(kept.at.min(self.actions.len())) {
            // Every kept action applied once from this very state, so this is unreachable;
            // stay at the last checkpoint rather than fail.
            self.world = self.checkpoints[k].clone();
        }
        true
    }

    /// The events of every step from `from` (exclusive) to `to` (inclusive), each with its
    /// step number, replayed from the nearest checkpoint. Leaves the cursor where it was.
    pub fn events_between(&self, from: usize, to: usize) -> Vec<(u64, P::Event)> {
        let mut out = Vec::new();
        self.replayed(from, to, |i, events| {
            if i >= from {
                out.extend(events.drain(..).map(|e| (i as u64 + 1, e)));
            }
        });
        out
    }
}

/// Why a run could not be rebuilt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayFailure {
    /// The config is invalid.
    Config(ConfigError),
    /// An action does not apply.
    Action(ReplayError),
}

impl fmt::Display for ReplayFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayFailure::Config(e) => write!(f, "bad config: {e}"),
            ReplayFailure::Action(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ReplayFailure {}

/// How many first actions two branches share: the step at which they fork.
fn shared_prefix<A: PartialEq>(a: &[A], b: &[A]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}
