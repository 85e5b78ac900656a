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
use paxos_core::{AcceptorRenaming, NodeId, NodeKind};
use std::collections::{HashSet, VecDeque};
use std::hash::Hash;
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
    /// Whether [`Space::allow`] delivers each channel's messages in the order they were sent
    /// (FIFO): the order of the messages waiting on a channel is then part of the state, and
    /// states whose channels hold the same messages in different orders are told apart.
    /// Without it the messages in flight are a bag: any of them may arrive next.
    pub fifo: bool,
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
    /// Dead-message pruning: messages that can no longer change anything
    /// ([`Protocol::dead`]) are removed from every state. Verdicts and the length of the
    /// shortest counterexample are the same as without it (delivering a dead message changes
    /// nothing); the number of states is smaller.
    pub prune: bool,
    /// Partial-order reduction: in a state where some node's actions form a persistent set
    /// ([`Space::alone`] says which may), only that node's actions are tried (see
    /// [`persistent`]). Every state with nothing left to do is still reached, so a violation
    /// that stays once it happens (all of ours do) is still found; but the counterexample need
    /// not be the shortest, and the number of states is not that of the whole space.
    pub por: bool,
    /// For partial-order reduction: whether, in this world, node `n` is on its own: no other
    /// node can ever again send it a message or otherwise change it or what its actions do,
    /// and nothing it does changes what another node's actions do (it only adds messages),
    /// nor what the invariants find they do. An acceptor is, once every proposer is past
    /// sending (no Prepare or Accept to come), unless a learner may still learn while it
    /// accepts (a Learned is judged against what is chosen at that moment).
    pub alone: Alone<'a, P>,
}

/// Whether a node's actions form a persistent set in a world ([`Space::alone`]).
pub type Alone<'a, P> = &'a dyn Fn(&World<P>, NodeId) -> bool;

/// A [`Space::alone`] for protocols without partial-order reduction: no node ever is.
pub fn never_alone<P: Protocol>(_: &World<P>, _: NodeId) -> bool {
    false
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
    /// Whether partial-order reduction ([`Space::por`]) chose the states explored: a complete
    /// check then shows that no reachable state breaks an invariant, but did not visit them
    /// all, and a counterexample need not be the shortest.
    pub por: bool,
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
            por: false,
        }
    }
}

/// The explorer's bookkeeping for one state besides its world: the inputs used on its path
/// (bits of [`Space::once`]), the budgets spent, its number and its depth.
#[derive(Clone, Copy, Debug, Default)]
struct Meta {
    used: u8,
    crashes: u8,
    dups: u8,
    index: u32,
    depth: u32,
}

impl Meta {
    const BYTES: usize = 11;

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[self.used, self.crashes, self.dups]);
        out.extend_from_slice(&self.index.to_le_bytes());
        out.extend_from_slice(&self.depth.to_le_bytes());
    }

    fn read(b: &[u8]) -> Meta {
        let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Meta {
            used: b[0],
            crashes: b[1],
            dups: b[2],
            index: word(3),
            depth: word(7),
        }
    }

    /// The bookkeeping of the state that `action` (input number `input` of [`Space::once`],
    /// if it is one) leads to; its index is set once it turns out to be new.
    fn after<I>(&self, action: &Action<I>, input: Option<usize>) -> Meta {
        let mut next = Meta {
            index: 0,
            depth: self.depth + 1,
            ..*self
        };
        match (action, input) {
            (_, Some(i)) => next.used |= 1 << i,
            (Action::Crash { .. }, _) => next.crashes += 1,
            (Action::Duplicate { .. }, _) => next.dups += 1,
            _ => {}
        }
        next
    }
}

/// The states waiting to be expanded.
enum Store<P: Protocol> {
    /// Whole worlds, for a protocol without a packed form.
    Worlds(VecDeque<(Meta, World<P>)>),
    /// Packed worlds ([`World::pack`]) one after another in fixed-size chunks, each framed by
    /// its length on both sides so that it can be taken from either end:
    /// `[len][meta][world][len]`. An entry never spans two chunks.
    Packed(Chunks),
}

/// The packed frontier's buffer: chunks of [`Chunks::CHUNK`] bytes rather than one growing
/// vector. One vector doubles: at a gigabyte of waiting states it asked for two more while
/// still holding the first, past the 4 GB a wasm page may have, and the worker died
/// (RuntimeError: unreachable) at 4.4 million states of a 2 x 3 grid. Chunks grow by one
/// chunk at a time, and the front chunk, once read, is reused at the back.
struct Chunks {
    chunks: VecDeque<Vec<u8>>,
    /// Where the oldest entry of the front chunk starts.
    head: usize,
    len: usize,
    /// A read chunk kept for the next one needed.
    spare: Option<Vec<u8>>,
}

impl Chunks {
    /// Bytes per chunk: big enough that chunk changes are rare, small enough that the slack
    /// of the last one does not matter.
    const CHUNK: usize = 1 << 22;

    fn new() -> Chunks {
        Chunks {
            chunks: VecDeque::new(),
            head: 0,
            len: 0,
            spare: None,
        }
    }

    /// Appends one entry, framed: `entry` is the meta and the packed world.
    fn push(&mut self, entry: &[u8]) {
        let need = entry.len() + 8;
        if self
            .chunks
            .back()
            .is_none_or(|c| c.capacity() - c.len() < need)
        {
            let chunk = match self.spare.take() {
                Some(c) if c.capacity() >= need => c,
                _ => Vec::with_capacity(Chunks::CHUNK.max(need)),
            };
            self.chunks.push_back(chunk);
        }
        let chunk = self.chunks.back_mut().unwrap_or_else(|| unreachable!());
        let n = (entry.len() as u32).to_le_bytes();
        chunk.extend_from_slice(&n);
        chunk.extend_from_slice(entry);
        chunk.extend_from_slice(&n);
        self.len += 1;
    }

    /// Takes the oldest (breadth first) or newest (depth first) entry into `bytes`.
    fn pop(&mut self, order: Order, bytes: &mut Vec<u8>) -> bool {
        let word =
            |d: &[u8], i: usize| u32::from_le_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]]) as usize;
        if self.len == 0 {
            return false;
        }
        bytes.clear();
        let emptied = match order {
            Order::Breadth => {
                let Some(front) = self.chunks.front() else {
                    return false;
                };
                let n = word(front, self.head);
                let from = self.head + 4;
                bytes.extend_from_slice(&front[from..from + n]);
                self.head = from + n + 4;
                self.head == front.len()
            }
            Order::Depth => {
                let Some(back) = self.chunks.back_mut() else {
                    return false;
                };
                let end = back.len() - 4;
                let n = word(back, end);
                bytes.extend_from_slice(&back[end - n..end]);
                back.truncate(end - n - 4);
                // The back chunk is also the front one when it is the only one.
                back.len() == if self.chunks.len() == 1 { self.head } else { 0 }
            }
        };
        self.len -= 1;
        if emptied {
            let chunk = match order {
                Order::Breadth => self.chunks.pop_front(),
                Order::Depth => self.chunks.pop_back(),
            };
            if self.chunks.is_empty() || order == Order::Breadth {
                self.head = 0;
            }
            if let Some(mut c) = chunk {
                c.clear();
                self.spare = Some(c);
            }
        }
        true
    }

    fn capacity(&self) -> usize {
        self.chunks.iter().map(Vec::capacity).sum::<usize>()
            + self.spare.as_ref().map_or(0, Vec::capacity)
    }
}

impl<P: Protocol> Store<P> {
    fn len(&self) -> usize {
        match self {
            Store::Worlds(q) => q.len(),
            Store::Packed(c) => c.len,
        }
    }

    /// Packs `world` at the back (only for a packed store), through `scratch`.
    fn push_packed(&mut self, meta: Meta, world: &World<P>, scratch: &mut Vec<u8>) {
        let Store::Packed(chunks) = self else {
            return;
        };
        scratch.clear();
        meta.write(scratch);
        world.pack(scratch);
        chunks.push(scratch);
    }

    /// Takes the next state in `order`: a whole world, or its bytes copied into `bytes`.
    fn pop(&mut self, order: Order, bytes: &mut Vec<u8>) -> Option<(Meta, Option<World<P>>)> {
        match self {
            Store::Worlds(q) => {
                let (meta, world) = match order {
                    Order::Breadth => q.pop_front(),
                    Order::Depth => q.pop_back(),
                }?;
                Some((meta, Some(world)))
            }
            Store::Packed(chunks) => chunks.pop(order, bytes).then(|| (Meta::read(bytes), None)),
        }
    }

    fn approx_bytes(&self) -> usize {
        match self {
            Store::Worlds(q) => q
                .iter()
                .map(|(_, w)| std::mem::size_of::<Meta>() + w.approx_bytes())
                .sum(),
            Store::Packed(chunks) => chunks.capacity(),
        }
    }
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

/// What symmetry reduction needs, set up once per check: where the interchangeable acceptors
/// `a1..an` are among the nodes, and where each sits in the nodes' order by name (which a
/// renaming permutes).
#[derive(Default)]
struct Symmetry {
    /// `acceptors[i]`: the position of acceptor `a(i+1)` among the nodes; empty when off.
    acceptors: Vec<usize>,
    /// The positions of the nodes in the order of their names.
    by_name: Vec<usize>,
    /// `slots[i]`: where acceptor `a(i+1)` comes in `by_name`.
    slots: Vec<usize>,
}

/// How many expanded worlds [`Checker`] keeps for their buffers. One is enough in steady
/// state (each expansion frees one and each new state takes one); a few more absorb runs of
/// states with no new successor.
const MAX_SPARE: usize = 16;

/// How many renamings of acceptors with equal profiles a fingerprint tries at most.
const MAX_TIES: usize = 24;

/// The acceptor index of `id` (0 for `a1`), if it is one of the `n` interchangeable acceptors.
fn acceptor_index(id: NodeId, n: usize) -> Option<usize> {
    let i = (id.index as usize).checked_sub(1)?;
    (id.kind == NodeKind::Acceptor && i < n).then_some(i)
}

/// The next permutation of `xs` in lexicographic order, or false (and `xs` sorted back) after
/// the last.
fn next_permutation(xs: &mut [u8]) -> bool {
    let Some(i) = xs.windows(2).rposition(|w| w[0] < w[1]) else {
        xs.reverse();
        return false;
    };
    let j = xs.iter().rposition(|&x| x > xs[i]).unwrap_or(i);
    xs.swap(i, j);
    xs[i + 1..].reverse();
    true
}

/// A state's fingerprint: its logical hash and the explorer's budgets; with symmetry, the same
/// for every state of a class of states that differ only by a renaming of the acceptors.
///
/// The canonical renaming is found without trying all n! of them. Each acceptor gets a
/// profile that no renaming changes: a hash of its own state and of the messages it sends and
/// receives, with every acceptor they name left unnamed ([`AcceptorRenaming::anonymous`]). Renaming the acceptors in
/// the order of their profiles gives every state of a class the same renamed state, except
/// where profiles tie; then every order of the tied acceptors is tried (up to [`MAX_TIES`])
/// and the smallest hash wins. Tied profiles almost always mean acceptors in truly
/// interchangeable situations, where every order gives the same hash. Two states only ever
/// share a fingerprint when a renaming of one is the other (up to hash collisions), so the
/// reduction is sound whatever the profiles; they decide only how much it reduces.
fn fingerprint<P: Protocol>(world: &World<P>, meta: &Meta, symmetry: &Symmetry, fifo: bool) -> u64 {
    let budgets = |mut h: FxHasher| {
        h.write_u8(meta.used);
        h.write_u8(meta.crashes);
        h.write_u8(meta.dups);
        h.finish()
    };
    let n = symmetry.acceptors.len();
    let nodes = symmetry.by_name.len();
    if n == 0 || n > 16 || nodes > 32 || nodes != world.nodes().len() {
        let mut h = FxHasher::default();
        world.hash_logical_fifo(&mut h, fifo);
        return budgets(h);
    }
    let anonymous = AcceptorRenaming::anonymous();
    let mut profile = [0u64; 16];
    for (p, &i) in profile.iter_mut().zip(&symmetry.acceptors) {
        let mut h = FxHasher::default();
        P::hash_node_renamed(&world.nodes()[i], &mut h, &anonymous);
        *p = h.finish();
    }
    for m in world.in_flight() {
        let mut add = |end: NodeId, other: NodeId, dir: u8| {
            if let Some(i) = acceptor_index(end, n) {
                let mut h = FxHasher::default();
                let payload = P::msg_renamed(&m.payload, &anonymous);
                (dir, anonymous.id(other), payload).hash(&mut h);
                profile[i] = profile[i].wrapping_add(h.finish());
            }
        };
        add(m.from, m.to, 0);
        add(m.to, m.from, 1);
    }
    // sorted[k]: the acceptor renamed to index k.
    let mut sorted = [0u8; 16];
    for (k, s) in sorted.iter_mut().enumerate().take(n) {
        *s = k as u8;
    }
    sorted[..n].sort_by_key(|&i| profile[i as usize]);
    // The groups of tied profiles, as ranges of `sorted` (at most n/2 of them).
    let mut ties = [(0usize, 0usize); 8];
    let mut groups = 0;
    let mut start = 0;
    for k in 1..=n {
        if k == n || profile[sorted[k] as usize] != profile[sorted[start] as usize] {
            if k - start > 1 {
                ties[groups] = (start, k);
                groups += 1;
            }
            start = k;
        }
    }
    let mut best = u64::MAX;
    let mut order = [0usize; 32];
    order[..nodes].copy_from_slice(&symmetry.by_name);
    for _ in 0..MAX_TIES {
        let mut to = [0u8; 16];
        for (k, &i) in sorted.iter().enumerate().take(n) {
            to[i as usize] = k as u8;
            order[symmetry.slots[k]] = symmetry.acceptors[i as usize];
        }
        if let Some(r) = AcceptorRenaming::new(&to[..n]) {
            let mut h = FxHasher::default();
            world.hash_renamed(&mut h, &r, &order[..nodes], fifo);
            best = best.min(budgets(h));
        }
        // The next order of the tied acceptors, as an odometer over the groups of ties.
        let mut carried = true;
        for &(a, b) in &ties[..groups] {
            if next_permutation(&mut sorted[a..b]) {
                carried = false;
                break;
            }
        }
        if carried {
            break;
        }
    }
    best
}

/// Every action the explorer tries from `world`, in its fixed order, each with the number of
/// its [`Space::once`] input if it is one. A state's parent link names its action by its
/// position in this list, so the list must depend only on the world and its bookkeeping.
fn candidates<P: Protocol>(
    space: &Space<'_, P>,
    world: &World<P>,
    meta: &Meta,
    actions: &mut Candidates<P>,
) {
    actions.clear();
    actions.extend(
        space
            .once
            .iter()
            .enumerate()
            .filter(|(i, _)| meta.used & (1 << i) == 0)
            .map(|(i, input)| (Action::Input(input.clone()), Some(i))),
    );
    actions.extend((space.more)(world).into_iter().map(|a| (a, None)));
    let from = actions.len();
    world.enabled_actions_into(actions, |a| (a, None));
    let mut k = from;
    // Keep, in order, the enabled actions the budgets and the space allow.
    for i in from..actions.len() {
        let keep = match &actions[i].0 {
            Action::Drop { .. } => space.drops,
            Action::Duplicate { .. } => meta.dups < space.duplicates,
            Action::Crash { .. } => meta.crashes < space.crashes,
            _ => true,
        } && (space.allow)(world, &actions[i].0);
        if keep {
            actions.swap(k, i);
            k += 1;
        }
    }
    actions.truncate(k);
}

/// The node an action changes, where it is one node's action: the receiver of the message it
/// delivers, loses or copies, or the node that crashes, recovers or times out.
fn acts_on<P: Protocol>(world: &World<P>, action: &Action<P::Input>) -> Option<NodeId> {
    match action {
        Action::Deliver { id } | Action::Drop { id } | Action::Duplicate { id } => {
            let flight = world.in_flight();
            let i = flight.binary_search_by_key(id, |m| m.id).ok()?;
            Some(flight[i].to)
        }
        Action::Crash { node } | Action::Recover { node } | Action::Timeout { node } => Some(*node),
        _ => None,
    }
}

/// Partial-order reduction: marks in `keep` which of `actions` (a state's candidates) to
/// try, and returns false when all of them must be.
///
/// The set kept is a *persistent set* (Godefroid, 1996): every action of one node `n` that is
/// on its own ([`Space::alone`]), the one with fewest candidates. Whatever the other nodes do
/// first, none of it gives `n` a new action or changes what `n`'s actions do, and none of
/// `n`'s changes what theirs do, so trying the others first only reaches, in another order,
/// the states that trying `n`'s first reaches too. This space has no cycles (every action
/// consumes a message, spends a budget or moves a proposer on), so searching only persistent
/// sets still reaches every state where nothing is left to do, with the violations it
/// carries; a violation is never undone, so one reachable anywhere is reachable there.
///
/// "On its own" is the strong condition: an acceptor that may still receive a Prepare is not,
/// because receiving the Prepare before or after a pending Accept gives different states.
/// So the reduction bites once the proposers have sent all they will send: the many orders
/// in which the last Prepares, Accepts and answers arrive. "What their actions do" includes
/// what the invariants make of them: a learner's Learned is judged against the value chosen
/// at that moment, so an acceptor that may still accept is not on its own while a learner may
/// still learn (the test that found this is `tests/por.rs`, a learner that counts Accepteds
/// across ballots).
///
/// Budgets are shared by every node (a crash anywhere spends the one crash budget), so while
/// a crash or a copy may still be spent every action is tried.
fn persistent<P: Protocol>(
    space: &Space<'_, P>,
    world: &World<P>,
    meta: &Meta,
    actions: &Candidates<P>,
    keep: &mut Vec<bool>,
) -> bool {
    if !space.por || meta.crashes < space.crashes || meta.dups < space.duplicates {
        return false;
    }
    // (node, whether it is on its own, its candidates), asking `alone` once per node; a
    // cluster has a few dozen.
    let mut counts: Vec<(NodeId, bool, usize)> = Vec::new();
    for (action, _) in actions {
        if let Some(n) = acts_on(world, action) {
            match counts.iter_mut().find(|(m, _, _)| *m == n) {
                Some((_, _, c)) => *c += 1,
                None => counts.push((n, (space.alone)(world, n), 1)),
            }
        }
    }
    let Some(&(chosen, _, count)) = counts
        .iter()
        .filter(|(_, alone, _)| *alone)
        .min_by_key(|&&(n, _, c)| (c, n))
    else {
        return false;
    };
    if count == actions.len() {
        return false;
    }
    keep.clear();
    keep.extend(
        actions
            .iter()
            .map(|(a, _)| acts_on(world, a) == Some(chosen)),
    );
    true
}

/// The actions tried from one state, each with its [`Space::once`] input's number.
type Candidates<P> = Vec<(Action<<P as Protocol>::Input>, Option<usize>)>;

/// An exhaustive check in progress. [`Checker::run`] explores up to a budget of states and
/// returns, so that its caller (a progress bar, a Web Worker that must answer "cancel") can
/// report and resume; the states are visited in the same order whatever the budgets, so a check
/// run in slices finds what one run in one go finds: the same states, the same counts and the
/// same shortest counterexample.
///
/// Memory, per state found: its fingerprint in the visited set, and a link to the state it was
/// reached from with the position of the action that reached it (six bytes; a counterexample
/// is rebuilt by replaying those positions from the start). Per state still to expand: its
/// world, packed into a few hundred bytes when the protocol has a packed form
/// ([`Protocol::PACKS`]; depth first only if [`Protocol::PACKS_DEPTH_FIRST`]), whole
/// otherwise.
pub struct Checker<P: Protocol> {
    store: Store<P>,
    seen: HashSet<u64, Fingerprints>,
    /// parent[i]: the state that state i was first reached from (the root is its own).
    parent: Vec<u32>,
    /// via[i]: the position, in [`candidates`] of the parent, of the action that reached i.
    via: Vec<u16>,
    report: Report<P>,
    done: bool,
    events: Vec<P::Event>,
    /// The starting world, for rebuilding counterexamples.
    root: World<P>,
    /// The state being expanded, and a world to apply each of its actions to.
    current: World<P>,
    scratch: World<P>,
    /// Worlds done with (expanded states), kept for their buffers: a new state of a protocol
    /// without a packed form is stored as the scratch world itself, and a spare takes its place,
    /// so that copying the next state into the scratch world reuses buffers instead of
    /// allocating a whole world per action tried.
    spare: Vec<World<P>>,
    /// The packed bytes of the state being expanded.
    bytes: Vec<u8>,
    /// A new state's packed bytes, before they go to the frontier.
    pack_buf: Vec<u8>,
    /// The actions tried from it (a buffer kept between states).
    actions: Candidates<P>,
    /// Which of them partial-order reduction keeps (a buffer kept between states).
    keep: Vec<bool>,
    /// Whether the first call to [`Checker::run`] has set up the space's symmetry.
    started: bool,
    /// With symmetry reduction, the renamings of the interchangeable acceptors.
    symmetry: Symmetry,
}

impl<P: Protocol> Checker<P> {
    /// A check that starts from `world`, before it has explored anything.
    pub fn new(world: World<P>) -> Checker<P> {
        let root = Meta::default();
        let mut seen: HashSet<u64, Fingerprints> = HashSet::with_hasher(Fingerprints);
        // Without the space's FIFO setting yet: `run` fingerprints the root again first.
        seen.insert(fingerprint(&world, &root, &Symmetry::default(), false));
        // Whole worlds until the first `run` knows the order (see `Checker::run`).
        let store = Store::Worlds(VecDeque::from([(root, world.clone())]));
        Checker {
            store,
            seen,
            parent: vec![0],
            via: vec![0],
            report: Report {
                unique_states: 1,
                transitions: 0,
                max_depth: 0,
                complete: true,
                violation: None,
                per_depth: vec![1],
                por: false,
            },
            done: false,
            events: Vec::new(),
            current: world.clone(),
            scratch: world.clone(),
            spare: Vec::new(),
            root: world,
            bytes: Vec::new(),
            pack_buf: Vec::new(),
            actions: Vec::new(),
            keep: Vec::new(),
            started: false,
            symmetry: Symmetry::default(),
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
        self.store.len()
    }

    /// Stops the check where it is: the report says it is incomplete (unless it was done).
    pub fn cancel(&mut self) {
        if !self.done {
            self.report.complete = false;
            self.done = true;
        }
    }

    /// An estimate of the memory the check holds, in bytes: the visited set and the parent
    /// links exactly (by capacity), the frontier by its buffer's capacity when packed, by
    /// [`World::approx_bytes`] otherwise.
    pub fn approx_bytes(&self) -> usize {
        use std::mem::size_of;
        // hashbrown stores one control byte per bucket beside each key.
        let seen = self.seen.capacity() * (size_of::<u64>() + 1);
        let parents = self.parent.capacity() * size_of::<u32>() + self.via.capacity() * 2;
        seen + parents + self.store.approx_bytes()
    }

    /// Expands up to `budget` states of `space` (the same space on every call); returns
    /// whether the check is done.
    pub fn run(&mut self, space: &Space<'_, P>, budget: usize) -> bool {
        if !self.started {
            self.started = true;
            self.report.por = space.por;
            if P::PACKS && (space.order == Order::Breadth || P::PACKS_DEPTH_FIRST) {
                if let Store::Worlds(worlds) = &mut self.store {
                    let waiting: Vec<_> = worlds.drain(..).collect();
                    self.store = Store::Packed(Chunks::new());
                    for (meta, world) in waiting {
                        self.store.push_packed(meta, &world, &mut self.pack_buf);
                    }
                }
            }
            let n = P::symmetric_acceptors(self.root.config());
            if space.symmetry && (2..=16).contains(&n) {
                let acceptors: Option<Vec<usize>> = (1..=n)
                    .map(|i| self.root.node_index(paxos_core::NodeId::acceptor(i)))
                    .collect();
                if let Some(acceptors) = acceptors {
                    let by_name = self.root.order_by_name();
                    let slots = acceptors
                        .iter()
                        .map(|a| by_name.iter().position(|p| p == a).unwrap_or(0))
                        .collect();
                    self.symmetry = Symmetry {
                        acceptors,
                        by_name,
                        slots,
                    };
                }
            }
            // The root's fingerprint as this space takes them (symmetry, channel order).
            self.seen.clear();
            self.seen.insert(fingerprint(
                &self.root,
                &Meta::default(),
                &self.symmetry,
                space.fifo,
            ));
        }
        for _ in 0..budget {
            if self.done {
                break;
            }
            match self.store.pop(space.order, &mut self.bytes) {
                Some((meta, world)) => {
                    match world {
                        Some(w) => {
                            let done = std::mem::replace(&mut self.current, w);
                            if self.spare.len() < MAX_SPARE {
                                self.spare.push(done);
                            }
                        }
                        None => {
                            if self.current.unpack(&self.bytes[Meta::BYTES..]).is_none() {
                                // Our own bytes: only a bug in a packed form gets here.
                                debug_assert!(false, "a packed state did not unpack");
                                self.cancel();
                                break;
                            }
                        }
                    }
                    self.expand(space, meta);
                }
                None => self.done = true,
            }
        }
        if self.store.len() == 0 {
            self.done = true;
        }
        self.report.unique_states = self.seen.len();
        self.done
    }

    fn expand(&mut self, space: &Space<'_, P>, state: Meta) {
        self.report.max_depth = self.report.max_depth.max(state.depth as usize);
        let mut actions = std::mem::take(&mut self.actions);
        candidates(space, &self.current, &state, &mut actions);
        let reduced = persistent(space, &self.current, &state, &actions, &mut self.keep);
        for (k, (action, input)) in actions.drain(..).enumerate() {
            // The position stays that in the whole list: the parent link replays from it.
            if reduced && !self.keep[k] {
                continue;
            }
            // `clone_from` reuses the scratch world's buffers: no allocation per action.
            self.scratch.clone_from(&self.current);
            let next = &mut self.scratch;
            self.events.clear();
            if next.apply(&action, &mut self.events).is_err() {
                continue;
            }
            if space.prune {
                next.forget_dead_messages();
            }
            self.report.transitions += 1;
            let mut meta = state.after(&action, input);
            if !self
                .seen
                .insert(fingerprint(next, &meta, &self.symmetry, space.fifo))
            {
                continue;
            }
            meta.index = self.parent.len() as u32;
            self.parent.push(state.index);
            self.via.push(k as u16);
            let depth = meta.depth as usize;
            let report = &mut self.report;
            if report.per_depth.len() <= depth {
                report.per_depth.resize(depth + 1, 0);
            }
            report.per_depth[depth] += 1;
            if let Some(v) = next.violations().first().cloned() {
                report.max_depth = report.max_depth.max(depth);
                let path = self.path_to(space, meta.index);
                self.report.violation = Some((v, path));
                self.done = true;
                break;
            }
            if self.seen.len() >= space.max_states {
                report.complete = false;
                self.done = true;
                break;
            }
            match &mut self.store {
                Store::Packed(_) => self
                    .store
                    .push_packed(meta, &self.scratch, &mut self.pack_buf),
                Store::Worlds(worlds) => {
                    // Any world will do as the next scratch: it is overwritten before use.
                    let spare = match self.spare.pop() {
                        Some(w) => w,
                        None => self.current.clone(),
                    };
                    worlds.push_back((meta, std::mem::replace(&mut self.scratch, spare)));
                }
            }
        }
        self.actions = actions;
    }

    /// The actions from the starting world to state `index`, rebuilt by replaying the
    /// positions its parent links name.
    fn path_to(&self, space: &Space<'_, P>, index: u32) -> Path<P> {
        let mut chain = Vec::new();
        let mut i = index as usize;
        while i != 0 {
            chain.push(self.via[i] as usize);
            i = self.parent[i] as usize;
        }
        chain.reverse();
        let mut world = self.root.clone();
        let mut meta = Meta::default();
        let mut events = Vec::new();
        let mut path = Vec::with_capacity(chain.len());
        let mut actions = Vec::new();
        for k in chain {
            candidates(space, &world, &meta, &mut actions);
            let Some((action, input)) = actions.get(k).cloned() else {
                break;
            };
            events.clear();
            let _ = world.apply(&action, &mut events);
            if space.prune {
                world.forget_dead_messages();
            }
            meta = meta.after(&action, input);
            path.push(action);
        }
        path
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

#[cfg(test)]
mod tests {
    use super::{next_permutation, Chunks, Order};

    /// Entries of 1 byte to more than a chunk, over many chunks, come back whole and in order:
    /// oldest first breadth first, newest first depth first, and pushes between pops too.
    #[test]
    fn the_chunked_frontier_gives_back_every_entry_in_order() {
        let entry = |i: usize| -> Vec<u8> {
            let n = match i % 7 {
                0 => Chunks::CHUNK + 3,
                k => 1 + k * 40_000,
            };
            (0..n).map(|j| (i * 31 + j) as u8).collect()
        };
        let mut bytes = Vec::new();
        for order in [Order::Breadth, Order::Depth] {
            let mut c = Chunks::new();
            let mut model = std::collections::VecDeque::new();
            for round in 0..3 {
                for i in 0..200 {
                    let e = entry(round * 1000 + i);
                    c.push(&e);
                    model.push_back(e);
                }
                assert!(c.chunks.len() > 3, "the entries span chunks");
                for _ in 0..150 {
                    assert!(c.pop(order, &mut bytes));
                    let want = match order {
                        Order::Breadth => model.pop_front(),
                        Order::Depth => model.pop_back(),
                    };
                    assert_eq!(Some(&bytes), want.as_ref(), "{order:?}");
                }
                assert_eq!(c.len, model.len());
            }
            while c.pop(order, &mut bytes) {
                let want = match order {
                    Order::Breadth => model.pop_front(),
                    Order::Depth => model.pop_back(),
                };
                assert_eq!(Some(&bytes), want.as_ref(), "{order:?}");
            }
            assert!(model.is_empty() && c.len == 0 && c.chunks.is_empty());
            // Only the one chunk kept for reuse is held once everything is read.
            assert!(c.capacity() <= Chunks::CHUNK + 16);
        }
    }

    #[test]
    fn next_permutation_walks_every_order_once_and_ends_sorted() {
        let mut xs = [0u8, 1, 2, 3];
        let mut seen = std::collections::HashSet::new();
        seen.insert(xs);
        while next_permutation(&mut xs) {
            assert!(seen.insert(xs), "{xs:?} twice");
        }
        assert_eq!(seen.len(), 24);
        assert_eq!(xs, [0, 1, 2, 3]);
        let mut one = [7u8];
        assert!(!next_permutation(&mut one));
    }
}
