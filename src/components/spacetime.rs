//! The space-time diagram beside the cluster: one lane per node, time running down a row per
//! step, each message a line from its send to its delivery (a cross where it was lost, dashed
//! to the cursor while in flight). Linked to the cluster both ways: what is under the pointer
//! or the focus in either view is highlighted in both ([`StEvent::Hover`]); a click on the
//! diagram moves the run to that step; a click on a message still in flight selects it, and
//! the inspector offers deliver, drop and duplicate as for an arrow.
//!
//! The model (lines, spans, marks, coordinates) is `paxos_sim::spacetime`, the same for both
//! protocols; this draws it, and only the rows on screen, so a history of thousands of steps
//! scrolls as lightly as a short one. Each page turns the diagram's [`StEvent`]s into its own
//! messages.

use crate::state::Selection;
use paxos_core::NodeId;
use paxos_sim::kernel::{Branch, Protocol, Sim};
use paxos_sim::spacetime::{Change, Diagram, Fate, Geometry, Line, MarkKind, Segment};
use paxos_sim::MsgId;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::Element;
use yew::prelude::*;

/// Props of [`SpaceTime`].
#[derive(Properties, PartialEq, Clone)]
pub struct SpaceTimeProps {
    /// The whole history's diagram.
    pub diagram: Rc<Diagram>,
    /// The cursor's step.
    pub now: u64,
    /// The inspector's subject.
    pub selection: Selection,
    /// What is highlighted in both views.
    pub hover: Selection,
    /// What the reader does in the diagram. The page should keep this callback the same from
    /// one drawing to the next (`use_memo`): each line compares it to skip drawing again.
    pub on: Callback<StEvent>,
    /// Label every line (the full-width mode, when the rows on screen are not crowded);
    /// otherwise only the highlighted and the selected one are.
    #[prop_or_default]
    pub labels: bool,
    /// The history's branches: where each other one forks from this is marked.
    #[prop_or_default]
    pub branches: Rc<Vec<Branch>>,
    /// Lecture mode: labels are drawn larger (`www/paxos-viz.css`), so they need more room.
    #[prop_or_default]
    pub lecture: bool,
}

/// How much larger lecture mode draws a line's label (13 px for 10.5).
const LECTURE_SCALE: f64 = 13.0 / 10.5;

/// What the reader does in the diagram, for the page to turn into its own messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StEvent {
    /// The pointer or the focus is on a lane or a line (or left it: `Selection::None`).
    Hover(Selection),
    /// A lane's name, or a message still in flight, was clicked.
    Select(Selection),
    /// A step was clicked, or a line that ended there.
    Goto(usize),
    /// A fork's mark was clicked: put that branch on screen.
    SwitchBranch(usize),
}

/// A page's space-time diagram and the cursor step's changes, each built once and kept until
/// the history (or the step) changes: drawing again on a hover or a scroll rebuilds neither.
#[derive(Default, Debug)]
pub struct DiagramCache {
    /// The history's fingerprint and its diagram.
    diagram: RefCell<Option<(u64, Rc<Diagram>)>>,
    /// The fingerprint and step of the changes, and the changes.
    changes: RefCell<Option<StepChangesCached>>,
}

/// A history's fingerprint, a step, and what that step changed.
type StepChangesCached = (u64, usize, Rc<Vec<Change>>);

/// Clones start empty: a model's copy builds its own.
impl Clone for DiagramCache {
    fn clone(&self) -> DiagramCache {
        DiagramCache::default()
    }
}

impl DiagramCache {
    /// What tells one history from another: seed, config, branch and every action.
    fn fingerprint<P: Protocol>(sim: &Sim<P>) -> u64
    where
        P::Config: std::fmt::Debug,
        P::Input: std::hash::Hash,
    {
        use std::hash::{Hash, Hasher};
        let mut h = paxos_sim::hash::FxHasher::default();
        sim.seed().hash(&mut h);
        format!("{:?}", sim.config()).hash(&mut h);
        sim.branch().hash(&mut h);
        sim.actions().hash(&mut h);
        h.finish()
    }

    /// The diagram of the whole history on screen (the cursor aside).
    pub fn diagram<P: Protocol>(&self, sim: &Sim<P>) -> Rc<Diagram>
    where
        P::Config: std::fmt::Debug,
        P::Input: std::hash::Hash,
        P::Msg: std::fmt::Display,
    {
        let key = Self::fingerprint(sim);
        let mut cache = self.diagram.borrow_mut();
        match &*cache {
            Some((k, d)) if *k == key => d.clone(),
            _ => {
                let d = Rc::new(sim.diagram());
                *cache = Some((key, d.clone()));
                d
            }
        }
    }

    /// What the cursor's step changed, from `changes_at` (each protocol has its own).
    pub fn changes<P: Protocol>(
        &self,
        sim: &Sim<P>,
        changes_at: impl FnOnce(&Sim<P>, usize) -> Vec<Change>,
    ) -> Rc<Vec<Change>>
    where
        P::Config: std::fmt::Debug,
        P::Input: std::hash::Hash,
    {
        let (key, step) = (Self::fingerprint(sim), sim.step());
        let mut cache = self.changes.borrow_mut();
        match &*cache {
            Some((k, s, c)) if *k == key && *s == step => c.clone(),
            _ => {
                let c = Rc::new(changes_at(sim, step));
                *cache = Some((key, step, c.clone()));
                c
            }
        }
    }
}

/// Most lines on screen for every one of them to get its label.
const LABELLED: usize = 40;

/// Room above step 0 and left of the first lane, and the height of one step.
const TOP: f64 = 18.0;
const LEFT: f64 = 52.0;
const NARROW_LEFT: f64 = 40.0;
const ROW: f64 = 26.0;
/// Rows drawn beyond the visible ones, so that a fast scroll shows no gap.
const SLACK: u64 = 6;
/// The drawn window moves in blocks of this many rows: a scroll within a block draws nothing
/// again.
const BLOCK: u64 = 8;

/// The geometry for a container `width` pixels wide: lanes spread across it, within bounds.
/// A narrow box (six Multi-Paxos lanes beside the cluster) gets narrower margins and lanes
/// before it has to scroll sideways.
fn geometry(lanes: usize, width: f64) -> Geometry {
    let gaps = lanes.saturating_sub(1).max(1) as f64;
    let left = if width - 2.0 * LEFT < gaps * 64.0 {
        NARROW_LEFT
    } else {
        LEFT
    };
    Geometry {
        left,
        lane: ((width - 2.0 * left) / gaps).clamp(44.0, 150.0),
        top: TOP,
        row: ROW,
    }
}

/// Width of one character of a line's label (10.5 px monospace), and the label's height.
const LABEL_CHAR: f64 = 6.4;
const LABEL_H: f64 = 13.0;

/// Where each line's label goes, or `None` where it would cover one already placed: the lit
/// and the selected line first, then in sending order. A label stays inside the drawing's
/// `width`.
pub(crate) fn place_labels(
    labels: &[(f64, f64, usize, bool)],
    width: f64,
    scale: f64,
) -> Vec<Option<(f64, f64)>> {
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut out = vec![None; labels.len()];
    let order = (0..labels.len())
        .filter(|&i| labels[i].3)
        .chain((0..labels.len()).filter(|&i| !labels[i].3));
    for i in order {
        let (x, y, chars, _) = labels[i];
        let half = chars as f64 * LABEL_CHAR * scale / 2.0;
        let x = x.clamp(half + 2.0, (width - half - 2.0).max(half + 2.0));
        let b = (x - half - 3.0, y - LABEL_H * scale, x + half + 3.0, y + 1.0);
        if placed
            .iter()
            .any(|p| b.0 < p.2 && p.0 < b.2 && b.1 < p.3 && p.1 < b.3)
        {
            continue;
        }
        placed.push(b);
        out[i] = Some((x, y));
    }
    out
}

/// The arrows' short label: an Accept without its reason (the inspector shows it).
fn short(label: &str) -> &str {
    match label.find(" (") {
        Some(i) if label.starts_with("Accept ") => &label[..i],
        _ => label,
    }
}

/// A line's label as drawn: its id and short label.
pub(crate) fn label_text(l: &Line) -> String {
    format!("#{} {}", l.id, short(&l.label))
}

/// Where a line's label is centred: near the receiving end, where lines that left one sender
/// together have spread out.
pub(crate) fn label_anchor(s: &Segment) -> (f64, f64) {
    (s.x1 + (s.x2 - s.x1) * 0.68, s.y1 + (s.y2 - s.y1) * 0.68)
}

fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// The diagram, scrolling, with its lane names kept in view.
#[function_component(SpaceTime)]
pub fn space_time(p: &SpaceTimeProps) -> Html {
    let scroller = use_node_ref();
    let body = use_node_ref();
    // The visible part of the scroller: (scroll top rounded down to a block, height, width).
    let window = use_state(|| (0.0_f64, 600.0_f64, 520.0_f64));
    let measure = {
        let scroller = scroller.clone();
        let window = window.clone();
        move || {
            if let Some(el) = scroller.cast::<Element>() {
                let block = BLOCK as f64 * ROW;
                let w = (
                    (el.scroll_top() as f64 / block).floor() * block,
                    el.client_height() as f64,
                    el.client_width() as f64,
                );
                if *window != w {
                    window.set(w);
                }
            }
        }
    };
    // Measure when it appears and when the view mode changes its box (the full-width mode is
    // the one with every label), and on every window resize; the state changes only when the
    // numbers do. Not after every drawing: reading the box's size there would force a layout
    // inside every scroll's script.
    {
        let measure = measure.clone();
        use_effect_with(p.labels, move |_| measure());
    }
    {
        let measure = measure.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .map(|w| gloo::events::EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    let d = &p.diagram;
    let (top, height, width) = *window;
    let g = geometry(d.lanes.len(), width);
    // Keep the cursor in view as it moves (stepping, autoplay, a jump).
    {
        let scroller = scroller.clone();
        let y = g.y(p.now);
        use_effect_with(p.now, move |_| {
            if let Some(el) = scroller.cast::<Element>() {
                let (t, h) = (el.scroll_top() as f64, el.client_height() as f64);
                // The past is above the cursor and the rows below it are mostly empty: put it
                // low in the box, so that what led to it stays in view.
                if y < t + 30.0 || y > t + h - 30.0 {
                    el.set_scroll_top((y - h * 0.75).max(0.0) as i32);
                }
            }
        });
    }
    let onscroll = Callback::from(move |_: Event| measure());
    let steps = d.last_step.max(p.now);
    let w = 2.0 * g.left + (d.lanes.len().saturating_sub(1)) as f64 * g.lane;
    let h = g.y(steps) + ROW;
    let from = g.step_at(top).saturating_sub(SLACK);
    let to = g.step_at(top + height) + BLOCK + SLACK;
    let hover = p.hover;
    let on = p.on.clone();
    let hover_cb = |s: Selection| {
        (
            on.reform(move |_: MouseEvent| StEvent::Hover(s)),
            on.reform(|_: MouseEvent| StEvent::Hover(Selection::None)),
        )
    };
    // A click on the diagram's background moves the run to the step under it.
    let onclick = {
        let body = body.clone();
        let on = on.clone();
        let last = d.last_step;
        Callback::from(move |e: MouseEvent| {
            if let Some(el) = body.cast::<Element>() {
                let y = e.client_y() as f64 - el.get_bounding_client_rect().top();
                on.emit(StEvent::Goto(g.step_at(y).min(last) as usize));
            }
        })
    };
    let x_of = |n: NodeId| g.x(d.lane(n).unwrap_or(0));
    // Everything is cut to the rows drawn (see [`clip`]).
    let (ya, yb) = (g.y(from), g.y(to));
    let lanes = d.lanes.iter().enumerate().map(|(k, &n)| {
        let x = g.x(k);
        let lit = hover == Selection::Node(n);
        // What happened up to the cursor: a later crash is not drawn yet.
        let spans = d.crashes.iter().filter(|s| s.node == n && s.from <= p.now).map(|s| {
            let (y1, y2) = clip_span(g.y(s.from), g.y(s.to.unwrap_or(p.now).min(p.now)), ya, yb);
            html! { <rect class="st-crash" x={f(x - 7.0)} y={f(y1)} width="14" height={f((y2 - y1).max(2.0))} rx="3" /> }
        });
        html! {
            <g data-testid={format!("lane-{n}")} data-node={n.to_string()}
               data-highlight={lit.then_some("true")} class={classes!("st-lane", lit.then_some("lit"))}>
                <line class="st-lane-line" x1={f(x)} y1={f(ya.max(TOP - 8.0))} x2={f(x)} y2={f(yb.min(h))} />
                { for spans }
            </g>
        }
    });
    let cuts = d.cuts.iter().filter(|c| c.from <= p.now).flat_map(|c| {
        let (y1, y2) = clip_span(g.y(c.from), g.y(c.to.unwrap_or(p.now).min(p.now)), ya, yb);
        c.groups.iter().enumerate().flat_map(move |(gi, group)| {
            group.iter().map(move |&n| {
                let x = x_of(n);
                html! { <rect class={classes!("st-cut", format!("group-{}", gi % 4))} x={f(x - g.lane / 2.0 + 6.0)} y={f(y1)}
                    width={f(g.lane - 12.0)} height={f((y2 - y1).max(2.0))} rx="6" /> }
            })
        })
    });
    let ticks = (from..=to.min(steps)).filter(|s| s % 5 == 0).map(|s| {
        html! {
            <>
            <line class="st-tick" x1="0" x2={f(w)} y1={f(g.y(s))} y2={f(g.y(s))} />
            <text class="st-step" x="6" y={f(g.y(s) + 4.0)}>{ s }</text>
            </>
        }
    });
    let segments = d.segments(&g, p.now, from, to);
    let all_labels = p.labels && segments.len() <= LABELLED;
    let lines: Vec<_> = segments
        .into_iter()
        .filter_map(|s| {
            let l = d.line(s.id)?;
            let lit = hover == Selection::Message(l.id);
            let selected = p.selection == Selection::Message(l.id);
            Some((clip(s, ya, yb), l, lit, selected))
        })
        .collect();
    // Labels where they are wanted (every line in the full-width mode, else the lit and the
    // selected one) and where they do not cover each other.
    let wanted: Vec<_> = lines
        .iter()
        .map(|((s, _), l, lit, selected)| {
            let (x, y) = label_anchor(s);
            let chars = if all_labels || *lit || *selected {
                label_text(l).chars().count()
            } else {
                0
            };
            (x, y, chars, *lit || *selected)
        })
        .collect();
    let at = place_labels(&wanted, w, if p.lecture { LECTURE_SCALE } else { 1.0 });
    let lines = lines.into_iter().zip(at).zip(wanted).map(
        |((((s, ends_here), l, lit, selected), at), want)| {
            let label_at = at.filter(|_| want.2 > 0);
            html! {
                <StLine key={l.id} seg={s} line={l.clone()} {lit} {selected} {ends_here} {label_at}
                    on={on.clone()} />
            }
        },
    );
    let marks = d.marks.iter().filter(|m| m.step >= from && m.step <= to.min(p.now)).map(|m| {
        let y = g.y(m.step);
        match m.kind {
            MarkKind::Chosen => {
                let xs: Vec<f64> = m.quorum.iter().map(|&n| x_of(n)).collect();
                let right = xs.iter().cloned().fold(f64::MIN, f64::max);
                let left = xs.iter().cloned().fold(f64::MAX, f64::min);
                // The label goes right of the quorum, or left of it when the right is full
                // and the left has more room.
                let need = 6.8 * m.label.chars().count() as f64 + 12.0;
                let (room_right, room_left) = (w - right, left);
                let (lx, anchor) = if room_right >= need || room_right >= room_left {
                    (right + 10.0, "start")
                } else {
                    (left - 10.0, "end")
                };
                html! {
                    <g class="st-chosen" data-testid={format!("st-chosen-{}", m.step)}>
                        <title>{ m.label.clone() }</title>
                        { for xs.iter().map(|&x| html! { <rect class="st-diamond" x={f(x - 6.0)} y={f(y - 6.0)} width="12" height="12" transform={format!("rotate(45 {} {})", f(x), f(y))} /> }) }
                        <text class="st-mark-label" x={f(lx)} y={f(y + 4.0)} text-anchor={anchor}>{ m.label.clone() }</text>
                    </g>
                }
            }
            MarkKind::Learned => {
                let x = m.node.map(x_of).unwrap_or(g.left);
                html! {
                    <g class="st-learned" data-testid={format!("st-learned-{}", m.step)}>
                        <title>{ m.label.clone() }</title>
                        <circle cx={f(x)} cy={f(y)} r="6" />
                    </g>
                }
            }
        }
    });
    // Where another branch leaves this one: a dashed line across, and a label that goes there.
    let forks = p.branches.iter().filter(|b| !b.current && (b.fork as u64) >= from && (b.fork as u64) <= to).map(|b| {
        let (k, y) = (b.number, g.y(b.fork as u64));
        let switch = on.reform(move |e: MouseEvent| {
            e.stop_propagation();
            StEvent::SwitchBranch(k)
        });
        let onkeydown = {
            let on = on.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" {
                    on.emit(StEvent::SwitchBranch(k))
                }
            })
        };
        html! {
            <g class="st-fork" data-testid={format!("st-fork-{k}")} data-step={b.fork.to_string()}
               role="button" tabindex="0" onclick={switch} {onkeydown}
               aria-label={format!("Branch {k} ({} steps) forks from this run at step {}: go to it", b.len, b.fork)}>
                <title>{ format!("Branch {k}, {} steps, forks here: click to go to it", b.len) }</title>
                <line x1={f(g.left - 20.0)} x2={f(w)} y1={f(y)} y2={f(y)} />
                <text x={f(w - 6.0)} y={f(y - 5.0)} text-anchor="end">{ format!("branch {k}: {} steps, leaves here", b.len) }</text>
            </g>
        }
    });
    let names = d.lanes.iter().enumerate().map(|(k, &n)| {
        let lit = hover == Selection::Node(n);
        let (enter, leave) = hover_cb(Selection::Node(n));
        let select = on.reform(move |_: MouseEvent| StEvent::Select(Selection::Node(n)));
        html! {
            <text class={classes!("st-name", lit.then_some("lit"))} x={f(g.x(k))} y="18" text-anchor="middle"
                onmouseenter={enter} onmouseleave={leave} onclick={select}>{ n.to_string() }</text>
        }
    });
    let cursor = g.y(p.now);
    html! {
        <div class="spacetime" data-testid="spacetime" role="group"
             aria-label="Space-time diagram: one lane per node, time running down; click a step to go there">
            <div class="st-scroll" ref={scroller} {onscroll}>
                <svg class="st-head" width={f(w)} height="26" aria-hidden="true">{ for names }</svg>
                <svg class="st-body" ref={body} width={f(w)} height={f(h)} {onclick}
                     data-top={f(g.top)} data-row={f(g.row)}>
                    <rect class="st-bg" x="0" y="0" width={f(w)} height={f(h)} />
                    // Each family one child: spliced together (`for`), they were diffed by
                    // position, and one more tick rewrote every mark and line after it.
                    { cuts.collect::<Html>() }
                    { ticks.collect::<Html>() }
                    { lanes.collect::<Html>() }
                    { marks.collect::<Html>() }
                    { forks.collect::<Html>() }
                    { lines.collect::<Html>() }
                    <line data-testid="st-cursor" data-step={p.now.to_string()} class="st-cursor"
                        x1="0" x2={f(w)} y1={f(cursor)} y2={f(cursor)} />
                </svg>
            </div>
        </div>
    }
}

/// `s` cut to the rows from `ya` to `yb`, and whether its end is among them. A message in
/// flight for a thousand steps is a line fifty thousand pixels long; drawn whole (dashed), the
/// browser would lay its dashes out along all of it on every scroll.
fn clip(mut s: Segment, ya: f64, yb: f64) -> (Segment, bool) {
    let ends_here = s.y2 <= yb;
    if s.y2 > s.y1 {
        let (x1, y1, x2, y2) = (s.x1, s.y1, s.x2, s.y2);
        let at = |y: f64| x1 + (x2 - x1) * (y - y1) / (y2 - y1);
        if s.y1 < ya {
            (s.x1, s.y1) = (at(ya), ya);
        }
        if s.y2 > yb {
            (s.x2, s.y2) = (at(yb), yb);
        }
    }
    (s, ends_here)
}

/// The part of the span from `y1` to `y2` within `ya..yb` (empty if none: `y2 <= y1`).
fn clip_span(y1: f64, y2: f64, ya: f64, yb: f64) -> (f64, f64) {
    (y1.max(ya), y2.min(yb).max(y1.max(ya)))
}

/// Props of [`StLine`].
#[derive(Properties, PartialEq, Clone)]
struct StLineProps {
    seg: Segment,
    line: Line,
    lit: bool,
    selected: bool,
    /// Where its label goes, if it has one.
    label_at: Option<(f64, f64)>,
    /// Whether its end (arrowhead or cross) is drawn: it is within the rows drawn.
    ends_here: bool,
    on: Callback<StEvent>,
}

/// One message's line: a component of its own, so that when the diagram scrolls, the lines
/// that stay on screen (same props) are not drawn again.
#[function_component(StLine)]
fn st_line(p: &StLineProps) -> Html {
    let (s, l) = (&p.seg, &p.line);
    let id = l.id;
    let fate = s.fate;
    let end = s.end_step;
    // In flight: select it, and the inspector offers its fates; otherwise jump to where it
    // ended.
    let act = move || match fate {
        Fate::InFlight => StEvent::Select(Selection::Message(id)),
        _ => StEvent::Goto(end as usize),
    };
    let d = &p.on;
    let onclick = d.reform(move |e: MouseEvent| {
        e.stop_propagation();
        act()
    });
    let onkeydown = {
        let d = d.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                d.emit(act())
            }
        })
    };
    let hover = super::hover_listeners(
        &d.reform(|id: Option<MsgId>| {
            StEvent::Hover(id.map_or(Selection::None, Selection::Message))
        }),
        id,
    );
    let mark = match fate {
        _ if !p.ends_here => Html::default(),
        Fate::Delivered => {
            let (_, head) = super::message::head_between((s.x1, s.y1), (s.x2, s.y2));
            html! { <polygon class="st-head" points={head} /> }
        }
        Fate::Lost => html! {
            <path class="st-cross" d={format!("M{} {} L{} {} M{} {} L{} {}", f(s.x2 - 5.0), f(s.y2 - 5.0), f(s.x2 + 5.0), f(s.y2 + 5.0), f(s.x2 - 5.0), f(s.y2 + 5.0), f(s.x2 + 5.0), f(s.y2 - 5.0))} />
        },
        Fate::InFlight => Html::default(),
    };
    let aria = format!(
        "message #{id}: {} from {} to {}, sent at step {}, {} at step {end}",
        l.label,
        l.from,
        l.to,
        l.sent,
        fate.as_str()
    );
    html! {
        <g data-testid={format!("st-msg-{id}")} data-sent-step={l.sent.to_string()}
           data-fate={fate.as_str()} data-end-step={end.to_string()}
           data-highlight={p.lit.then_some("true")}
           class={classes!("st-msg", format!("fate-{}", fate.as_str()), l.ballot.map(crate::layout::ballot_class),
               p.lit.then_some("lit"), p.selected.then_some("selected"), l.copy_of.map(|_| "copy"))}
           tabindex="0" role="button" aria-label={aria}
           onmouseenter={hover.enter} onmouseleave={hover.leave} onfocus={hover.focus} onblur={hover.blur}
           {onclick} {onkeydown}>
            <line class="st-hit" x1={f(s.x1)} y1={f(s.y1)} x2={f(s.x2)} y2={f(s.y2)} />
            <line class="st-shaft" x1={f(s.x1)} y1={f(s.y1)} x2={f(s.x2)} y2={f(s.y2)} />
            { mark }
            if let Some((lx, ly)) = p.label_at {
                <text class="st-label" x={f(lx)} y={f(ly - 3.0)} text-anchor="middle">{ label_text(l) }</text>
            }
        </g>
    }
}

/// Props of [`StepChanges`].
#[derive(Properties, PartialEq, Clone)]
pub struct StepChangesProps {
    /// The step under the cursor.
    pub step: usize,
    /// What it changed.
    pub changes: Rc<Vec<Change>>,
}

/// What the step under the cursor changed, node by node: `a2 promised 1.p1 → 2.p1`.
#[function_component(StepChanges)]
pub fn step_changes(p: &StepChangesProps) -> Html {
    html! {
        <section class="panel changes" data-testid="changes" data-step={p.step.to_string()}
                 aria-label="What this step changed">
            <h2>{ if p.step == 0 { "Step 0: the start".to_string() } else { format!("What step {} changed", p.step) } }</h2>
            if p.changes.is_empty() {
                <p class="muted">{ if p.step == 0 { "Every node is up, with nothing promised or accepted." } else { "No node's state changed (a message moved, or was ignored)." } }</p>
            } else {
                <ul>
                    { for p.changes.iter().map(|c| html! {
                        <li data-node={c.node.to_string()} data-field={c.field.clone()}>
                            <b>{ c.node.to_string() }</b>{ " " }{ c.field.clone() }{ " " }
                            <span class="before">{ c.before.clone() }</span>{ " → " }<span class="after">{ c.after.clone() }</span>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// Props of [`Branches`].
#[derive(Properties, PartialEq, Clone)]
pub struct BranchesProps {
    /// Every branch of the history.
    pub branches: Rc<Vec<Branch>>,
    /// Switch to branch number `k`.
    pub onswitch: Callback<usize>,
}

/// The branches of the history: acting in the past started a new one and kept the old.
#[function_component(Branches)]
pub fn branches(p: &BranchesProps) -> Html {
    html! {
        <nav class="branches" data-testid="branches" aria-label="Branches of this run">
            <span class="muted">{ "Branches:" }</span>
            { for p.branches.iter().map(|b| {
                let k = b.number;
                let text = if b.current {
                    format!("{k}: on screen, {} steps", b.len)
                } else {
                    format!("{k}: {} steps, forks at step {}", b.len, b.fork)
                };
                html! {
                    <button data-testid={format!("branch-{k}")} data-current={b.current.to_string()}
                        class={classes!(b.current.then_some("current"))} aria-pressed={b.current.to_string()}
                        onclick={p.onswitch.reform(move |_| k)}>{ text }</button>
                }
            }) }
        </nav>
    }
}

/// Props of [`ViewBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct ViewBarProps {
    /// What the stage shows.
    pub mode: crate::state::ViewMode,
    /// Show another.
    pub onset: Callback<crate::state::ViewMode>,
    /// Download the run as a ShiViz log (offered while the diagram is on screen).
    pub onshiviz: Callback<MouseEvent>,
}

/// The stage's views: the cluster, both side by side, the space-time diagram full width.
#[function_component(ViewBar)]
pub fn view_bar(p: &ViewBarProps) -> Html {
    use crate::state::ViewMode;
    let button = |v: ViewMode, text: &'static str, title: &'static str| {
        let current = p.mode == v;
        html! {
            <button data-testid={format!("view-{}", v.name())} aria-pressed={current.to_string()}
                class={classes!(current.then_some("current"))} {title}
                onclick={p.onset.reform(move |_| v)}>{ text }</button>
        }
    };
    html! {
        <div class="views" role="group" aria-label="What the stage shows">
            { button(ViewMode::Cluster, "Cluster", "The cluster at this step") }
            { button(ViewMode::Both, "Both", "The cluster and the space-time diagram side by side") }
            { button(ViewMode::SpaceTime, "Space-time", "The whole run as a space-time diagram, full width") }
            if p.mode.spacetime() {
                <button data-testid="export-shiviz" onclick={p.onshiviz.clone()}
                    title="The run as a ShiViz log (each event with its vector clock), to open at bestchai.bitbucket.io/shiviz">{ "ShiViz log" }</button>
            }
        </div>
    }
}

/// A button's callback that downloads `log()` as a ShiViz log, or says why it could not.
pub fn shiviz_download(
    log: impl Fn() -> String + 'static,
    notify: Callback<String>,
) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        if crate::components::share::download("paxos-run.shiviz.log", "text/plain", &log()).is_err()
        {
            notify.emit("The ShiViz log could not be saved.".into());
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_that_would_cover_one_another_are_left_out_the_lit_one_first() {
        // Three labels at one spot: only one is drawn, and it is the lit one.
        let at = place_labels(
            &[
                (100.0, 50.0, 10, false),
                (104.0, 52.0, 10, true),
                (98.0, 49.0, 10, false),
            ],
            400.0,
            1.0,
        );
        assert_eq!(at.iter().filter(|a| a.is_some()).count(), 1);
        assert!(at[1].is_some());
        // Far apart, all are drawn; one that would stick out of the drawing is moved in.
        let at = place_labels(
            &[
                (10.0, 50.0, 10, false),
                (200.0, 50.0, 10, false),
                (200.0, 120.0, 10, false),
            ],
            400.0,
            1.0,
        );
        assert!(at.iter().all(Option::is_some));
        let (x, _) = at[0].unwrap();
        assert!(x - 10.0 * LABEL_CHAR / 2.0 >= 0.0, "{x}");
        // Labels drawn larger (lecture mode) need more room: two that fit side by side at
        // the normal size collide when larger.
        let pair = [(100.0, 50.0, 10, false), (171.0, 50.0, 10, false)];
        assert!(place_labels(&pair, 400.0, 1.0).iter().all(Option::is_some));
        assert_eq!(
            place_labels(&pair, 400.0, LECTURE_SCALE)
                .iter()
                .filter(|a| a.is_some())
                .count(),
            1
        );
    }

    #[test]
    fn a_narrow_box_gets_narrow_lanes_before_it_scrolls() {
        let wide = geometry(5, 800.0);
        assert_eq!(wide.left, LEFT);
        assert_eq!(
            wide.lane, 150.0,
            "(800 - 104) / 4 lanes is more than the widest lane"
        );
        // Six Multi-Paxos lanes in 330 px: they fit.
        let narrow = geometry(6, 330.0);
        assert_eq!(narrow.left, NARROW_LEFT);
        assert!(
            2.0 * narrow.left + 5.0 * narrow.lane <= 330.0 + 1e-9,
            "{narrow:?}"
        );
        // Nine lanes do not: the lanes stop at 44 px and the diagram scrolls.
        assert_eq!(geometry(9, 330.0).lane, 44.0);
    }
}
