//! The cluster drawing: node cards, message arrows, and the animation of the last step.

use super::message::{label, MessageArrow};
use super::node::NodeCard;
use crate::layout::{arrows_sized, Geometry, Placement, Rect};
use crate::state::{Move, Selection};
use paxos_core::{Membership, NodeId};
use paxos_sim::{Event, MsgId, View};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Cluster`].
#[derive(Properties, PartialEq, Clone)]
pub struct ClusterProps {
    /// The snapshot to draw.
    pub view: Rc<View>,
    /// Who is in the cluster.
    pub members: Membership,
    /// The inspector's subject.
    pub selection: Selection,
    /// Events of the last step, animated when it was a step forward.
    pub last_events: Rc<Vec<Event>>,
    /// How the cursor last moved.
    pub moved: Move,
    /// Changes on every update, so animations restart.
    pub version: u64,
    /// A node or message was clicked.
    pub onselect: Callback<Selection>,
    /// What is highlighted in both views.
    #[prop_or_default]
    pub hover: Selection,
    /// The pointer or the focus came to a node or message, or left it.
    #[prop_or_default]
    pub onhover: Callback<Selection>,
    /// Lay the roles out in columns (wide, short boxes: widgets) instead of rows.
    #[prop_or_default]
    pub columns: bool,
    /// Always the desktop drawing, scaled to its box (lecture mode: a projector's text is
    /// larger than any laptop's, and the stage's height, not its width, sets the scale).
    #[prop_or_default]
    pub scaled: bool,
}

/// The room the page leaves the drawing under its controls (`svg.cluster`'s `max-height` is
/// the window's height less this).
const CHROME_H: f64 = 335.0;

/// A widget narrower than this draws the fitted rows (the stylesheet's container query for a
/// narrow widget has the same width).
pub const NARROW_WIDGET: f64 = 560.0;

/// The SVG of the cluster. It scales with its container (viewBox).
#[function_component(Cluster)]
pub fn cluster(p: &ClusterProps) -> Html {
    let svg = use_node_ref();
    let (box_w, window_h, box_h) = super::use_box_size(svg.clone());
    let desktop = use_memo((p.members, p.columns), |&(m, columns)| {
        if columns {
            Geometry::columns(&m)
        } else {
            Geometry::new(&m)
        }
    });
    // On a page: the desktop drawing where it is shown at its full size or larger (its
    // smallest text is 12 units); anywhere smaller, the drawing laid out at the box's own
    // size, whose text stays 12 px and up (a phone, a tablet, a laptop beside the side
    // panels), in the room under the controls. A widget: in a narrow box (a docs site's
    // column on a phone) the fitted rows, scrolling down; in a wider one the fitted columns
    // in the box's height where they fit, else the desktop columns scaled (five acceptors in
    // a short box).
    let room = if p.columns {
        box_h
    } else {
        (window_h - CHROME_H).max(220.0)
    };
    let fitted = !p.scaled
        && box_w > 0.0
        && (p.columns || (box_w / desktop.width).min(room / desktop.height) < 1.0);
    // (The geometry, and whether it is taller than its box: drawn at its own size, it scrolls.)
    let fit = {
        let desktop = desktop.clone();
        let columns = p.columns;
        use_memo(
            (p.members, fitted, box_w as u32, room as u32),
            move |&(m, fitted, w, room)| {
                let (w, room) = (f64::from(w), f64::from(room));
                match (fitted, columns) {
                    (false, _) => ((*desktop).clone(), false),
                    (true, false) => (Geometry::fitted(&m, w, room), false),
                    (true, true) if w < NARROW_WIDGET => (Geometry::fitted(&m, w, 0.0), false),
                    // Where the columns do not fit the box's height, the rows at full size,
                    // scrolling down: the desktop drawing squeezed into a short box would
                    // draw its text at 4-7 px.
                    (true, true) => Geometry::fitted_columns(&m, w, room)
                        .map(|g| (g, false))
                        .unwrap_or_else(|| (Geometry::fitted(&m, w, 0.0), true)),
                }
            },
        )
    };
    let (geom, tall) = (&fit.0, fit.1);
    let view = &p.view;
    let labels: Vec<String> = view
        .messages
        .iter()
        .map(|m| format!("#{} {}", m.id, label(m)))
        .collect();
    // A label stays where it was last drawn while the cards have not moved and nothing
    // placed before it covers that spot: a step moves only the labels it must.
    let before = use_mut_ref(Placement::default);
    let placed = {
        let keep: Vec<Option<Rect>> = match before.borrow().on(geom) {
            Some(b) => view.messages.iter().map(|m| b.label(m)).collect(),
            None => Vec::new(),
        };
        let sizes: Vec<(f64, f64)> = labels.iter().map(|l| geom.label_size(l)).collect();
        let placed = arrows_sized(geom, &view.messages, &sizes, geom.fitted, &keep);
        let drawn = placed
            .iter()
            .filter_map(|a| Some((view.messages.iter().find(|m| m.id == a.id)?, a.label)));
        *before.borrow_mut() = Placement::of(geom, drawn);
        placed
    };
    let forward = p.moved == Move::Forward;
    let fresh: Vec<MsgId> = if forward {
        p.last_events
            .iter()
            .filter_map(|e| match e {
                Event::Send { msg, local: false } => Some(msg.id),
                Event::Duplicate { copy, .. } => Some(*copy),
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    let quorum: Vec<NodeId> = view
        .chosen
        .as_ref()
        .map(|c| c.quorum.clone())
        .unwrap_or_default();
    let violating: Vec<NodeId> = view.violations.iter().flat_map(|v| v.nodes()).collect();
    let select_node = {
        let cb = p.onselect.clone();
        Callback::from(move |id| cb.emit(Selection::Node(id)))
    };
    let select_msg = {
        let cb = p.onselect.clone();
        Callback::from(move |id| cb.emit(Selection::Message(id)))
    };
    let hover_node = p
        .onhover
        .reform(|id: Option<NodeId>| id.map_or(Selection::None, Selection::Node));
    let hover_msg = p
        .onhover
        .reform(|id: Option<MsgId>| id.map_or(Selection::None, Selection::Message));
    let clear = {
        let cb = p.onselect.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Selection::None))
    };
    // What moved in the last step: a delivered message flies into its receiver, a lost one
    // vanishes where it was. Drawn from the envelope, since the message itself is gone.
    let motion = if forward {
        p.last_events
            .iter()
            .filter_map(|e| {
                let (msg, delivered) = match e {
                    Event::Deliver { msg, local: false } => (msg, true),
                    Event::Drop { msg, .. } => (msg, false),
                    _ => return None,
                };
                let (a, b) = (geom.node(msg.from)?, geom.node(msg.to)?);
                let (mx, my) = ((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
                let key = format!("{}-{}", p.version, msg.id);
                Some(if delivered {
                    // Drawn at the receiver, shifted back to the middle; the CSS animation
                    // removes the shift.
                    let (dx, dy) = (b.x - mx, b.y - my);
                    let class = classes!("fly", crate::layout::ballot_class(msg.payload.ballot()));
                    html! {
                        <circle key={key} class={class} cx={format!("{:.1}", b.x)} cy={format!("{:.1}", b.y)} r="8"
                            transform={format!("translate({:.1} {:.1})", -dx, -dy)} />
                    }
                } else {
                    html! {
                        <g key={key} class="vanish">
                            <circle cx={format!("{mx:.1}")} cy={format!("{my:.1}")} r="14" />
                            <text x={format!("{mx:.1}")} y={format!("{:.1}", my + 6.0)} text-anchor="middle">{ "✕" }</text>
                        </g>
                    }
                })
            })
            .collect::<Html>()
    } else {
        Html::default()
    };
    let partition_lines = view.nodes.iter().any(|n| n.group.is_some());
    // A partition group's outline around each card: inside the gap between two cards.
    let pad = if geom.fitted {
        crate::layout::fit::GAP / 2.0 - 0.5
    } else {
        8.0
    };
    // A tiny card says `P 2.p1`: the legend says what the letters are.
    let legend = geom.has_tiny_cards();
    html! {
        <svg ref={svg} class={classes!("cluster", geom.fitted.then_some("fitted"), tall.then_some("tall"))} viewBox={format!("0 0 {:.0} {:.0}", geom.width, geom.height)}
             preserveAspectRatio={if p.columns { "xMidYMid meet" } else { "xMidYMin meet" }} role="group"
             aria-label="The cluster: nodes and the messages in flight between them"
             data-testid="cluster" onclick={clear}>
            // Each list is one child of the drawing (collected, not `for`, which the macro
            // splices into its siblings): a list spliced into one unkeyed list is diffed by
            // position, so a message delivered from the middle rebuilt every arrow after it.
            { view.nodes.iter().filter_map(|n| {
                let bx = *geom.node(n.id)?;
                let group = n.group;
                Some(html! {
                    <>
                    if partition_lines {
                        <rect class={classes!("group", group.map(|g| format!("group-{}", g % 4)))}
                            x={format!("{:.1}", bx.x - bx.w / 2.0 - pad)} y={format!("{:.1}", bx.y - bx.h / 2.0 - pad)}
                            width={format!("{:.1}", bx.w + 2.0 * pad)} height={format!("{:.1}", bx.h + 2.0 * pad)} rx="14" />
                    }
                    <NodeCard key={n.id.to_string()} node={n.clone()} bx={bx}
                        selected={p.selection == Selection::Node(n.id)}
                        in_quorum={quorum.contains(&n.id)}
                        violating={violating.contains(&n.id)}
                        highlighted={p.hover == Selection::Node(n.id)}
                        onhover={hover_node.clone()}
                        fitted={geom.fitted}
                        onselect={select_node.clone()} />
                    </>
                })
            }).collect::<Html>() }
            { view.messages.iter().zip(placed.iter()).zip(labels.iter()).map(|((m, a), l)| html! {
                <MessageArrow key={m.id} msg={*m} arrow={a.clone()} label={l.clone()}
                    selected={p.selection == Selection::Message(m.id)}
                    fresh={fresh.contains(&m.id)}
                    highlighted={p.hover == Selection::Message(m.id)}
                    onhover={hover_msg.clone()}
                    onselect={select_msg.clone()} />
            }).collect::<Html>() }
            { motion }
            if legend {
                <text class="legend" x={format!("{:.0}", crate::layout::fit::MARGIN)} y={format!("{:.0}", geom.height - 7.0)}>
                    { if geom.width < 340.0 { "P promised · A accepted" } else { "P promised · A accepted · tap a card for all it knows" } }
                </text>
            }
        </svg>
    }
}
