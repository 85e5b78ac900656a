//! # The space-time diagram of a run
//!
//! The cluster drawing shows one instant. A space-time (sequence) diagram shows the order of
//! things, the way distributed-systems papers draw runs (Lamport's "Time, Clocks, and the
//! Ordering of Events", 1978): one vertical lane per node, time running down one row per step,
//! and each message a line from the step it was sent, on its sender's lane, to the step it was
//! delivered, on its receiver's. What the cluster view cannot show at a glance is then plain:
//! which Promise arrived before which Accept, which message was lost, what was still in
//! flight when a value was chosen.
//!
//! This module is the diagram's model, with no drawing in it: [`Diagram::build`] reads a run's
//! events (the same ones golden files print) into lanes, message [`Line`]s, crashed
//! [`Span`]s, partitions and [`Mark`]s for values chosen and learned; [`Geometry`] turns steps
//! and lanes into coordinates, and [`Diagram::segments`] gives the lines to draw in a window
//! of steps, so that a page draws only what is on screen. A diagram is built once for a whole
//! history and read at any cursor (`now`): a message delivered after the cursor is in flight
//! at it.
//!
//! Two more views of the same run live here: [`changes`], what each node's fields were before
//! and after one step (`a2 promised 1.p1 -> 2.p1`), and [`shiviz`], the run as a log that
//! ShiViz (Beschastnikh et al., "Debugging distributed systems", CACM 2016) opens as is, each
//! event with a vector clock.
//!
//! A protocol says what its events mean to the diagram through [`crate::Protocol::seen`];
//! both protocols do, so this module knows neither.

use crate::action::MsgId;
use crate::kernel::{DropReason, Envelope, Protocol, World};
pub use crate::kernel::{Mark, MarkKind, Seen};
use paxos_core::{Ballot, NodeId};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How a message's line ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// It reached its receiver.
    Delivered,
    /// It was lost, for this reason.
    Lost(DropReason),
}

/// What has become of a message at a given step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// It reached its receiver.
    Delivered,
    /// It was lost.
    Lost,
    /// It is still in the network.
    InFlight,
}

impl Fate {
    /// `delivered`, `lost`, `in-flight`: the page's `data-fate`.
    pub fn as_str(self) -> &'static str {
        match self {
            Fate::Delivered => "delivered",
            Fate::Lost => "lost",
            Fate::InFlight => "in-flight",
        }
    }
}

/// One message, from its send to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The message's id.
    pub id: MsgId,
    /// Its sender.
    pub from: NodeId,
    /// Its receiver.
    pub to: NodeId,
    /// The step it was sent (for a copy: the step it was made).
    pub sent: u64,
    /// The step it ended, and how; `None` while it is in flight at the end of the history.
    pub end: Option<(u64, End)>,
    /// The message it is a copy of.
    pub copy_of: Option<MsgId>,
    /// The compact form the cluster's arrows use: `Promise 2.p1 acc=1.p2:B`.
    pub label: String,
    /// Its ballot, for its colour.
    pub ballot: Option<Ballot>,
}

impl Line {
    /// What has become of it at step `now`; `None` before it was sent.
    pub fn fate_at(&self, now: u64) -> Option<Fate> {
        if self.sent > now {
            return None;
        }
        Some(match self.end {
            Some((step, End::Delivered)) if step <= now => Fate::Delivered,
            Some((step, End::Lost(_))) if step <= now => Fate::Lost,
            _ => Fate::InFlight,
        })
    }

    /// The step its line reaches at step `now`: where it ended, or `now` while in flight.
    pub fn end_at(&self, now: u64) -> u64 {
        match self.end {
            Some((step, _)) if step <= now => step,
            _ => now.max(self.sent),
        }
    }
}

/// A node down, from its crash to its recovery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The node.
    pub node: NodeId,
    /// The step it crashed.
    pub from: u64,
    /// The step it recovered; `None` if it is still down at the end of the history.
    pub to: Option<u64>,
}

/// The network cut into groups, from the cut to the heal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cut {
    /// The groups.
    pub groups: Vec<Vec<NodeId>>,
    /// The step of the cut.
    pub from: u64,
    /// The step it healed; `None` if it lasts to the end of the history.
    pub to: Option<u64>,
}

/// A whole run, as the diagram draws it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagram {
    /// One lane per node, left to right, in the cluster's display order.
    pub lanes: Vec<NodeId>,
    /// Every message that travelled, by id (that is, in sending order).
    pub lines: Vec<Line>,
    /// Crashed spans.
    pub crashes: Vec<Span>,
    /// Partitions.
    pub cuts: Vec<Cut>,
    /// Values chosen and learned.
    pub marks: Vec<Mark>,
    /// The last step of the history.
    pub last_step: u64,
}

impl Diagram {
    /// The diagram of a run of `lanes` whose events, each with the step it happened at, are
    /// `events` (as [`crate::kernel::Sim::events_between`] gives them), `last_step` long.
    pub fn build<P: Protocol>(
        lanes: Vec<NodeId>,
        events: &[(u64, P::Event)],
        last_step: u64,
    ) -> Diagram
    where
        P::Msg: std::fmt::Display,
    {
        let mut d = Diagram {
            lanes,
            last_step,
            ..Diagram::default()
        };
        // Messages are numbered in the order they are sent (a copy too, when it is made), so
        // `lines` is in id order as it grows and a line is found by binary search.
        for (step, event) in events {
            let step = *step;
            match P::seen(event) {
                Some(Seen::Send(m)) => d.lines.push(line::<P>(m, step, None)),
                Some(Seen::Deliver(m)) => d.end(m.id, step, End::Delivered),
                Some(Seen::Drop(m, reason)) => d.end(m.id, step, End::Lost(reason)),
                Some(Seen::Duplicate(m, copy)) => {
                    let mut l = line::<P>(m, step, Some(m.id));
                    l.id = copy;
                    d.lines.push(l);
                }
                Some(Seen::Crash(node)) => d.crashes.push(Span {
                    node,
                    from: step,
                    to: None,
                }),
                Some(Seen::Recover(node)) => {
                    if let Some(s) = d
                        .crashes
                        .iter_mut()
                        .rev()
                        .find(|s| s.node == node && s.to.is_none())
                    {
                        s.to = Some(step);
                    }
                }
                Some(Seen::Partition(groups)) => {
                    close_cut(&mut d.cuts, step);
                    d.cuts.push(Cut {
                        groups: groups.to_vec(),
                        from: step,
                        to: None,
                    });
                }
                Some(Seen::Heal) => close_cut(&mut d.cuts, step),
                Some(Seen::Mark(mark)) => d.marks.push(Mark { step, ..mark }),
                Some(Seen::Local { .. }) | None => {}
            }
        }
        debug_assert!(d.lines.windows(2).all(|w| w[0].id < w[1].id));
        d
    }

    /// Ends message `id`'s line at `step`.
    fn end(&mut self, id: MsgId, step: u64, how: End) {
        if let Ok(i) = self.lines.binary_search_by_key(&id, |l| l.id) {
            self.lines[i].end = Some((step, how));
        }
    }

    /// The lane of `node`, if it has one.
    pub fn lane(&self, node: NodeId) -> Option<usize> {
        self.lanes.iter().position(|&n| n == node)
    }

    /// The line of message `id`.
    pub fn line(&self, id: MsgId) -> Option<&Line> {
        self.lines
            .binary_search_by_key(&id, |l| l.id)
            .ok()
            .map(|i| &self.lines[i])
    }

    /// The lines to draw at step `now` that cross the window of steps `from..=to`, as
    /// coordinates: only messages sent by `now`, each reaching at most `now`. A page with a
    /// long history draws only these.
    pub fn segments(&self, g: &Geometry, now: u64, from: u64, to: u64) -> Vec<Segment> {
        self.lines
            .iter()
            .filter(|l| l.sent <= to && l.end_at(now) >= from)
            .filter_map(|l| self.segment(g, l, now))
            .collect()
    }

    fn segment(&self, g: &Geometry, l: &Line, now: u64) -> Option<Segment> {
        let fate = l.fate_at(now)?;
        let end = l.end_at(now);
        let x_of = |n: NodeId| g.x(self.lane(n).unwrap_or(0));
        let (x_from, x_to) = (x_of(l.from), x_of(l.to));
        let (x1, y1) = match l.copy_of.and_then(|o| self.line(o)) {
            // A copy forks from its original's line, as drawn at `now`, at the step it was
            // made.
            Some(o) => match self.segment(g, o, now) {
                Some(os) if os.y2 > os.y1 => {
                    let t = ((g.y(l.sent) - os.y1) / (os.y2 - os.y1)).clamp(0.0, 1.0);
                    (os.x1 + (os.x2 - os.x1) * t, g.y(l.sent))
                }
                _ => (x_from, g.y(l.sent)),
            },
            None => (x_from, g.y(l.sent)),
        };
        let reach = match fate {
            Fate::Delivered => 1.0,
            Fate::Lost => LOST_REACH,
            Fate::InFlight => IN_FLIGHT_REACH,
        };
        Some(Segment {
            id: l.id,
            x1,
            y1,
            x2: x_from + (x_to - x_from) * reach,
            y2: g.y(end),
            fate,
            end_step: end,
        })
    }
}

/// How far across towards its receiver a lost message's line goes before its cross.
pub const LOST_REACH: f64 = 0.6;
/// How far across an in-flight message's dashed line reaches at the cursor.
pub const IN_FLIGHT_REACH: f64 = 0.5;

fn line<P: Protocol>(m: &Envelope<P::Msg>, step: u64, copy_of: Option<MsgId>) -> Line
where
    P::Msg: std::fmt::Display,
{
    Line {
        id: m.id,
        from: m.from,
        to: m.to,
        sent: step,
        end: None,
        copy_of,
        label: m.payload.to_string(),
        ballot: P::msg_ballot(&m.payload),
    }
}

fn close_cut(cuts: &mut [Cut], step: u64) {
    if let Some(c) = cuts.last_mut().filter(|c| c.to.is_none()) {
        c.to = Some(step);
    }
}

/// Where lanes and steps are drawn: lane `k` at `left + k * lane`, step `s` at
/// `top + s * row`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    /// The x of the first lane.
    pub left: f64,
    /// The distance between lanes.
    pub lane: f64,
    /// The y of step 0.
    pub top: f64,
    /// The height of one step.
    pub row: f64,
}

impl Default for Geometry {
    fn default() -> Geometry {
        Geometry {
            left: 60.0,
            lane: 90.0,
            top: 36.0,
            row: 24.0,
        }
    }
}

impl Geometry {
    /// The x of lane `k`.
    pub fn x(&self, k: usize) -> f64 {
        self.left + k as f64 * self.lane
    }
    /// The y of step `s`.
    pub fn y(&self, s: u64) -> f64 {
        self.top + s as f64 * self.row
    }
    /// The step nearest to `y` (for a click on the diagram), at least 0.
    pub fn step_at(&self, y: f64) -> u64 {
        ((y - self.top) / self.row).round().max(0.0) as u64
    }
}

/// One message's line as drawn: from `(x1, y1)` to `(x2, y2)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// The message.
    pub id: MsgId,
    /// Where it starts: its sender's lane at its send (a copy: on its original's line).
    pub x1: f64,
    /// See `x1`.
    pub y1: f64,
    /// Where it ends: its receiver's lane when delivered; part of the way when lost (a cross
    /// goes there) or still in flight (dashed, at the cursor).
    pub x2: f64,
    /// See `x2`.
    pub y2: f64,
    /// What has become of it.
    pub fate: Fate,
    /// The step its line reaches.
    pub end_step: u64,
}

/// One field of one node that a step changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The node.
    pub node: NodeId,
    /// The field, as the inspector names it (`promised`, `phase`, `slot 2`).
    pub field: String,
    /// Before the step (`-`: unset).
    pub before: String,
    /// After it.
    pub after: String,
}

impl std::fmt::Display for Change {
    /// `a2 promised 1.p1 -> 2.p1`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {} -> {}",
            self.node, self.field, self.before, self.after
        )
    }
}

/// A node's fields as the inspector names and shows them, for [`changes`].
pub type Fields = (NodeId, Vec<(String, String)>);

/// Every field that differs between `before` and `after` (the same nodes, at two steps), node
/// by node in `after`'s order, fields in each node's order; a field present on one side only
/// shows `-` on the other.
pub fn changes(before: &[Fields], after: &[Fields]) -> Vec<Change> {
    let mut out = Vec::new();
    for (node, fields) in after {
        let old: &[(String, String)] = before
            .iter()
            .find(|(n, _)| n == node)
            .map(|(_, f)| f.as_slice())
            .unwrap_or(&[]);
        let get = |fs: &[(String, String)], k: &str| {
            fs.iter()
                .find(|(name, _)| name == k)
                .map(|(_, v)| v.clone())
        };
        for (name, value) in fields {
            let was = get(old, name).unwrap_or_else(|| "-".into());
            if &was != value {
                out.push(Change {
                    node: *node,
                    field: name.clone(),
                    before: was,
                    after: value.clone(),
                });
            }
        }
        for (name, value) in old {
            if get(fields, name).is_none() && value != "-" {
                out.push(Change {
                    node: *node,
                    field: name.clone(),
                    before: value.clone(),
                    after: "-".into(),
                });
            }
        }
    }
    out
}

/// The regular expression ShiViz parses each event with: the host and its vector clock on
/// one line, the event's description on the next.
pub const SHIVIZ_PARSER: &str = r"(?<host>\S*) (?<clock>{.*})\n(?<event>.*)";

/// The run as a ShiViz log: the parser line ([`SHIVIZ_PARSER`]), an empty line (ShiViz's
/// delimiter between executions: there is one), then two lines per event, `host {clock}` and
/// the event in the golden files' words.
///
/// The events are each node's sends, deliveries, crashes, recoveries, learnings and own
/// actions ([`Seen::Local`]). Each node's own entry in its clock ticks by one on every event
/// at it; a delivery first takes, entry by entry, the larger of the receiver's clock and the
/// clock its message was sent with (a copy carries its original's). That is Mattern's and
/// Fidge's vector clock, which ShiViz checks before it draws. Lost messages and choices
/// (which no node sees) are not events of any node.
pub fn shiviz<P: Protocol>(lanes: &[NodeId], events: &[(u64, P::Event)]) -> String
where
    P::Event: std::fmt::Display,
{
    let mut out = String::new();
    out.push_str(SHIVIZ_PARSER);
    out.push_str("\n\n");
    let mut clocks: BTreeMap<NodeId, BTreeMap<NodeId, u64>> = BTreeMap::new();
    let mut sent: BTreeMap<MsgId, BTreeMap<NodeId, u64>> = BTreeMap::new();
    let emit = |out: &mut String, node: NodeId, clock: &BTreeMap<NodeId, u64>, text: &str| {
        let entries: Vec<String> = lanes
            .iter()
            .filter_map(|n| clock.get(n).map(|t| format!("\"{n}\":{t}")))
            .collect();
        let _ = writeln!(out, "{node} {{{}}}", entries.join(","));
        let _ = writeln!(out, "{}", text.replace('\n', " "));
    };
    for (step, event) in events {
        let text = format!("step {step}: {event}");
        let node = match P::seen(event) {
            Some(Seen::Send(m)) => {
                let c = tick(&mut clocks, m.from);
                sent.insert(m.id, c.clone());
                emit(&mut out, m.from, &c, &text);
                continue;
            }
            Some(Seen::Duplicate(m, copy)) => {
                if let Some(c) = sent.get(&m.id).cloned() {
                    sent.insert(copy, c);
                }
                continue;
            }
            Some(Seen::Deliver(m)) => {
                let own = clocks.entry(m.to).or_default();
                for (n, t) in sent.get(&m.id).into_iter().flatten() {
                    let e = own.entry(*n).or_insert(0);
                    *e = (*e).max(*t);
                }
                m.to
            }
            Some(Seen::Crash(n) | Seen::Recover(n)) => n,
            Some(Seen::Mark(Mark {
                node: Some(n),
                kind: MarkKind::Learned,
                ..
            })) => n,
            Some(Seen::Local { node, .. }) => node,
            _ => continue,
        };
        let c = tick(&mut clocks, node);
        emit(&mut out, node, &c, &text);
    }
    out
}

fn tick(
    clocks: &mut BTreeMap<NodeId, BTreeMap<NodeId, u64>>,
    node: NodeId,
) -> BTreeMap<NodeId, u64> {
    let c = clocks.entry(node).or_default();
    *c.entry(node).or_insert(0) += 1;
    c.clone()
}

impl<P: Protocol> crate::kernel::Sim<P> {
    /// One lane per node, in display order.
    fn lanes(&self) -> Vec<NodeId> {
        self.world().nodes().iter().map(P::id).collect()
    }

    /// The diagram of the whole history (also the steps after the cursor, for redo).
    pub fn diagram(&self) -> Diagram
    where
        P::Msg: std::fmt::Display,
    {
        let events = self.events_between(0, self.len());
        Diagram::build::<P>(self.lanes(), &events, self.len() as u64)
    }

    /// The whole history as a ShiViz log ([`shiviz`]).
    pub fn shiviz(&self) -> String
    where
        P::Event: std::fmt::Display,
    {
        shiviz::<P>(&self.lanes(), &self.events_between(0, self.len()))
    }

    /// What step `step` (1-based: the action that led to it) changed in each node, field by
    /// field, as `fields` names a world's fields; empty for step 0 or beyond the history.
    fn changes_with(&self, step: usize, fields: impl Fn(&World<P>) -> Vec<Fields>) -> Vec<Change> {
        self.worlds_around(step)
            .map(|(a, b)| changes(&fields(&a), &fields(&b)))
            .unwrap_or_default()
    }
}

impl crate::Sim {
    /// What step `step` (1-based: the action that led to it) changed in each node, field by
    /// field; empty for step 0 or beyond the history.
    pub fn changes_at(&self, step: usize) -> Vec<Change> {
        self.changes_with(step, |w| w.view().fields())
    }
}

impl crate::multi_paxos::MultiSim {
    /// What step `step` changed in each replica, acceptor and client, field by field.
    pub fn changes_at(&self, step: usize) -> Vec<Change> {
        self.changes_with(step, |w| w.view().fields())
    }
}
