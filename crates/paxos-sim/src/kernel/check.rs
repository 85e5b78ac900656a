//! Exhaustive exploration of every reachable state of a small world, breadth first.
//!
//! States are deduplicated by a fingerprint of what matters for the future
//! ([`World::hash_logical`]) plus the explorer's own budget counters, so runs that reach the
//! same situation by different paths are explored once. From each state the explorer tries, in
//! this order: every input of [`Space::once`] not used yet on this path, the protocol's
//! [`Space::more`] actions (for example "replica n2 starts an election"), then the world's
//! [`World::enabled_actions`] that [`Space::allow`] lets through and the budgets permit (drops
//! on request, a number of duplicates, a number of crashes). On a violation it returns the
//! shortest path to it, which replays as a script.

use super::world::World;
use super::Protocol;
use crate::action::Action;
use crate::hash::FxHasher;
use paxos_core::AcceptorRenaming;
use std::collections::{HashSet, VecDeque};
use std::hash::Hasher;

/// A run's actions, as a path from the initial state.
pub type Path<P> = Vec<Action<<P as Protocol>::Input>>;
/// The protocol's extra actions in a state.
pub type More<'a, P> = &'a dyn Fn(&World<P>) -> Path<P>;
/// Whether to try an enabled action in a state.
pub type Allow<'a, P> = &'a dyn Fn(&World<P>, &Action<<P as Protocol>::Input>) -> bool;

/// What the explorer may do besides delivering messages.
pub struct Space<'a, P: Protocol> {
    /// Inputs each used at most once per path, at any point (at most 8).
    pub once: Vec<P::Input>,
    /// Further actions to try in a state, decided by the protocol.
    pub more: More<'a, P>,
    /// Which of the world's enabled actions to try (budgets aside), for bounds such as "no
    /// ballot above round 2".
    pub allow: Allow<'a, P>,
    /// Explore losing each message in flight.
    pub drops: bool,
    /// Explore duplicating messages, at most this many times in a run.
    pub duplicates: u8,
    /// Most crashes in one run (recoveries are free).
    pub crashes: u8,
    /// Stop after this many unique states (the report then says it is incomplete).
    pub max_states: usize,
    /// Breadth first (shortest counterexamples; memory grows with the widest level) or depth
    /// first (memory grows with the longest path only; counterexamples need not be shortest).
    pub order: Order,
    /// Symmetry reduction: states that differ only by a renaming of interchangeable acceptors
    /// ([`Protocol::symmetric_acceptors`]) count as one. Verdicts and the length of the
    /// shortest counterexample are the same as without it; the number of states is smaller.
    pub symmetry: bool,
}

/// The order states are explored in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// Level by level: the first violation found has a shortest path.
    #[default]
    Breadth,
    /// Deepest first: for spaces whose levels are too wide to hold.
    Depth,
}

/// What an exhaustive check found.
#[derive(Clone, Debug)]
pub struct Report<P: Protocol> {
    /// Distinct states reached (including the initial one).
    pub unique_states: usize,
    /// Transitions taken (actions applied), including those reaching known states.
    pub transitions: u64,
    /// Length of the longest shortest path to a state.
    pub max_depth: usize,
    /// False when [`Space::max_states`] stopped the search early.
    pub complete: bool,
    /// The first violation found, with the shortest sequence of actions from the initial state.
    pub violation: Option<(P::Violation, Path<P>)>,
    /// New states found at each depth (index 0: the initial state): the shape of the space as
    /// it grows, for a progress plot. Sums to `unique_states`.
    pub per_depth: Vec<usize>,
}

impl<P: Protocol> Report<P> {
    /// The report of a check that had nothing to explore (no valid starting world).
    pub fn empty() -> Report<P> {
        Report {
            unique_states: 0,
            transitions: 0,
            max_depth: 0,
            complete: true,
            violation: None,
            per_depth: Vec::new(),
        }
    }
}

struct Frontier<P: Protocol> {
    world: World<P>,
    used: u8,
    crashes: u8,
    dups: u8,
    index: u32,
    depth: usize,
}

/// A build-hasher for the visited-state set, whose keys are already well-mixed fingerprints.
#[derive(Default, Clone, Copy)]
struct Fingerprints;

impl std::hash::BuildHasher for Fingerprints {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher::default()
    }
}

/// A state's fingerprint: its logical hash and the explorer's budgets; with `renamings`, the
/// smallest such hash over every renaming of the acceptors, the same for every state of a
/// class of renamed states.
fn fingerprint<P: Protocol>(f: &Frontier<P>, renamings: &[AcceptorRenaming]) -> u64 {
    let budgets = |mut h: FxHasher| {
        h.write_u8(f.used);
        h.write_u8(f.crashes);
        h.write_u8(f.dups);
        h.finish()
    };
    if renamings.is_empty() {
        let mut h = FxHasher::default();
        f.world.hash_logical(&mut h);
        return budgets(h);
    }
    renamings
        .iter()
        .map(|r| {
            let mut h = FxHasher::default();
            f.world.hash_renamed(&mut h, r);
            budgets(h)
        })
        .min()
        .unwrap_or_default()
}

/// An exhaustive check in progress. [`Checker::run`] explores up to a budget of states and
/// returns, so that its caller (a progress bar, a Web Worker that must answer "cancel") can
/// report and resume; the states are visited in the same order whatever the budgets, so a check
/// run in slices finds what one run in one go finds: the same states, the same counts and the
/// same shortest counterexample.
pub struct Checker<P: Protocol> {
    queue: VecDeque<Frontier<P>>,
    seen: HashSet<u64, Fingerprints>,
    /// parents[i] = (parent state index, action that led here); the root points to itself.
    parents: Vec<(u32, Action<P::Input>)>,
    report: Report<P>,
    done: bool,
    events: Vec<P::Event>,
    /// Whether the first call to [`Checker::run`] has set up the space's symmetry.
    started: bool,
    /// With symmetry reduction, every renaming of the interchangeable acceptors.
    renamings: Vec<AcceptorRenaming>,
}

impl<P: Protocol> Checker<P> {
    /// A check that starts from `world`, before it has explored anything.
    pub fn new(world: World<P>) -> Checker<P> {
        let root = Frontier {
            world,
            used: 0,
            crashes: 0,
            dups: 0,
            index: 0,
            depth: 0,
        };
        let mut seen: HashSet<u64, Fingerprints> = HashSet::with_hasher(Fingerprints);
        seen.insert(fingerprint(&root, &[]));
        Checker {
            queue: VecDeque::from([root]),
            seen,
            parents: vec![(0, Action::Heal)],
            report: Report {
                unique_states: 1,
                transitions: 0,
                max_depth: 0,
                complete: true,
                violation: None,
                per_depth: vec![1],
            },
            done: false,
            events: Vec::new(),
            started: false,
            renamings: Vec::new(),
        }
    }

    /// What it has found so far (final once [`Checker::is_done`]).
    pub fn report(&self) -> &Report<P> {
        &self.report
    }

    /// The report, once it is done (or as far as it got).
    pub fn into_report(self) -> Report<P> {
        self.report
    }

    /// True once the space is exhausted, a violation is found, or the state cap is reached.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// States waiting to be expanded.
    pub fn frontier(&self) -> usize {
        self.queue.len()
    }

    /// Stops the check where it is: the report says it is incomplete (unless it was done).
    pub fn cancel(&mut self) {
        if !self.done {
            self.report.complete = false;
            self.done = true;
        }
    }

    /// An estimate of the memory the check holds, in bytes: the visited set and the parent
    /// links exactly (by capacity), the frontier's worlds as [`World::approx_bytes`] sees them.
    pub fn approx_bytes(&self) -> usize {
        use std::mem::size_of;
        // hashbrown stores one control byte per bucket beside each key.
        let seen = self.seen.capacity() * (size_of::<u64>() + 1);
        let parents = self.parents.capacity() * size_of::<(u32, Action<P::Input>)>();
        let frontier: usize = self
            .queue
            .iter()
            .map(|f| size_of::<Frontier<P>>() - size_of::<World<P>>() + f.world.approx_bytes())
            .sum();
        seen + parents + frontier
    }

    /// Expands up to `budget` states of `space` (the same space on every call); returns
    /// whether the check is done.
    pub fn run(&mut self, space: &Space<'_, P>, budget: usize) -> bool {
        if !self.started {
            self.started = true;
            let n = self
                .queue
                .front()
                .map_or(0, |f| P::symmetric_acceptors(f.world.config()));
            // Beyond six acceptors the 5,040 renamings cost more than they save.
            if space.symmetry && (2..=6).contains(&n) {
                self.renamings = AcceptorRenaming::all(n);
                self.seen.clear();
                if let Some(root) = self.queue.front() {
                    self.seen.insert(fingerprint(root, &self.renamings));
                }
            }
        }
        for _ in 0..budget {
            if self.done {
                break;
            }
            let state = match space.order {
                Order::Breadth => self.queue.pop_front(),
                Order::Depth => self.queue.pop_back(),
            };
            match state {
                Some(state) => self.expand(space, state),
                None => self.done = true,
            }
        }
        if self.queue.is_empty() {
            self.done = true;
        }
        self.report.unique_states = self.seen.len();
        self.done
    }

    fn expand(&mut self, space: &Space<'_, P>, state: Frontier<P>) {
        let report = &mut self.report;
        report.max_depth = report.max_depth.max(state.depth);
        let mut actions: Vec<(Action<P::Input>, Option<usize>)> = space
            .once
            .iter()
            .enumerate()
            .filter(|(i, _)| state.used & (1 << i) == 0)
            .map(|(i, input)| (Action::Input(input.clone()), Some(i)))
            .collect();
        actions.extend((space.more)(&state.world).into_iter().map(|a| (a, None)));
        actions.extend(
            state
                .world
                .enabled_actions()
                .into_iter()
                .filter(|a| match a {
                    Action::Drop { .. } => space.drops,
                    Action::Duplicate { .. } => state.dups < space.duplicates,
                    Action::Crash { .. } => state.crashes < space.crashes,
                    _ => true,
                })
                .filter(|a| (space.allow)(&state.world, a))
                .map(|a| (a, None)),
        );
        for (action, input) in actions {
            let mut next = Frontier {
                world: state.world.clone(),
                used: state.used,
                crashes: state.crashes,
                dups: state.dups,
                index: 0,
                depth: state.depth + 1,
            };
            self.events.clear();
            if next.world.apply(&action, &mut self.events).is_err() {
                continue;
            }
            report.transitions += 1;
            match (&action, input) {
                (_, Some(i)) => next.used |= 1 << i,
                (Action::Crash { .. }, _) => next.crashes += 1,
                (Action::Duplicate { .. }, _) => next.dups += 1,
                _ => {}
            }
            if !self.seen.insert(fingerprint(&next, &self.renamings)) {
                continue;
            }
            next.index = self.parents.len() as u32;
            self.parents.push((state.index, action));
            if report.per_depth.len() <= next.depth {
                report.per_depth.resize(next.depth + 1, 0);
            }
            report.per_depth[next.depth] += 1;
            if let Some(v) = next.world.violations().first() {
                let mut path = Vec::new();
                let mut i = next.index;
                while i != 0 {
                    let (p, a) = &self.parents[i as usize];
                    path.push(a.clone());
                    i = *p;
                }
                path.reverse();
                report.max_depth = report.max_depth.max(next.depth);
                report.violation = Some((v.clone(), path));
                self.done = true;
                return;
            }
            if self.seen.len() >= space.max_states {
                report.complete = false;
                self.done = true;
                return;
            }
            self.queue.push_back(next);
        }
    }
}

/// Explores every state reachable from `world` within `space`, in one go.
pub fn check<P: Protocol>(world: World<P>, space: &Space<'_, P>) -> Report<P> {
    sliced(world, space, usize::MAX, &mut |_| true)
}

/// Explores in slices of `budget` states, showing `progress` the report after each; it stops
/// when the check is done or `progress` says false (the report then says it is incomplete).
pub fn sliced<P: Protocol>(
    world: World<P>,
    space: &Space<'_, P>,
    budget: usize,
    progress: &mut dyn FnMut(&Report<P>) -> bool,
) -> Report<P> {
    let mut checker = Checker::new(world);
    while !checker.run(space, budget.max(1)) {
        if !progress(checker.report()) {
            checker.cancel();
            break;
        }
    }
    checker.into_report()
}
