//! One message in flight: an arrow from sender to receiver with its label.

use crate::layout::{ballot_class, Arrow};
use paxos_sim::{Envelope, MsgId};
use yew::prelude::*;

/// Props of [`MessageArrow`].
#[derive(Properties, PartialEq, Clone)]
pub struct MessageProps {
    /// The message.
    pub msg: Envelope,
    /// Where it is drawn.
    pub arrow: Arrow,
    /// Its label, e.g. `#4 Promise 2.p1 acc=1.p2:A`.
    pub label: String,
    /// Selected in the inspector.
    #[prop_or_default]
    pub selected: bool,
    /// Sent (or copied) by the last step: fade it in.
    #[prop_or_default]
    pub fresh: bool,
    /// Clicked.
    #[prop_or_default]
    pub onselect: Callback<MsgId>,
    /// Highlighted: under the pointer or the focus here or in the space-time diagram.
    #[prop_or_default]
    pub highlighted: bool,
    /// The pointer or the focus came (`Some`) or left (`None`).
    #[prop_or_default]
    pub onhover: Callback<Option<MsgId>>,
}

/// The short label drawn on an arrow: the compact form without the Accept's reason, which
/// the inspector shows.
pub fn label(msg: &Envelope) -> String {
    let full = msg.payload.to_string();
    match full.find(" (") {
        Some(i) if matches!(msg.payload, paxos_core::Message::Accept { .. }) => {
            full[..i].to_string()
        }
        _ => full,
    }
}

/// What an arrow in flight is drawn with, in both protocols' drawings: its shaft, a small
/// triangle at the receiver's end, and its label in a pill.
pub fn arrow_shapes(a: &Arrow, label: &str) -> Html {
    let (x1, y1) = a.from;
    let ((bx, by), head) = head_between(a.from, a.to);
    let r = a.label;
    html! {
        <>
        <line class="shaft" x1={format!("{x1:.1}")} y1={format!("{y1:.1}")} x2={format!("{bx:.1}")} y2={format!("{by:.1}")} />
        <polygon class="head" points={head} />
        <rect class="pill" x={format!("{:.1}", r.x)} y={format!("{:.1}", r.y)} width={format!("{:.1}", r.w)} height={format!("{:.0}", r.h)} rx="6" />
        // The baseline a fifth below the middle centres the label's capitals in its pill.
        <text class="pill-text" x={format!("{:.1}", r.x + r.w / 2.0)} y={format!("{:.1}", r.y + r.h * 0.69)} text-anchor="middle">{ label.to_string() }</text>
        </>
    }
}

/// Where the shaft of a line from `from` to `to` ends, and its head's triangle at `to` (an
/// arrow in flight, and the space-time diagram's message lines).
pub fn head_between((x1, y1): (f64, f64), (x2, y2): (f64, f64)) -> ((f64, f64), String) {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let (bx, by) = (x2 - ux * 12.0, y2 - uy * 12.0);
    let head = format!(
        "{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
        x2,
        y2,
        bx - uy * 5.5,
        by + ux * 5.5,
        bx + uy * 5.5,
        by - ux * 5.5
    );
    ((bx, by), head)
}

/// The arrow, its head and its label.
#[function_component(MessageArrow)]
pub fn message_arrow(p: &MessageProps) -> Html {
    let m = &p.msg;
    let onclick = {
        let cb = p.onselect.clone();
        let id = m.id;
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(id)
        })
    };
    let onkeydown = {
        let cb = p.onselect.clone();
        let id = m.id;
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                cb.emit(id)
            }
        })
    };
    let mut class = classes!(
        "msg",
        format!("kind-{}", m.payload.kind().to_ascii_lowercase()),
        ballot_class(m.payload.ballot())
    );
    if p.selected {
        class.push("selected");
    }
    if p.highlighted {
        class.push("lit");
    }
    let id = m.id;
    let hover = super::hover_listeners(&p.onhover, id);
    if p.fresh {
        class.push("fresh");
    }
    let aria = format!("message #{}: {} from {} to {}", m.id, p.label, m.from, m.to);
    html! {
        <g data-testid={format!("msg-{}", m.id)}
           data-kind={m.payload.kind()}
           data-from={m.from.to_string()}
           data-to={m.to.to_string()}
           data-ballot={m.payload.ballot().to_string()}
           data-highlight={p.highlighted.then_some("true")}
           onmouseenter={hover.enter} onmouseleave={hover.leave} onfocus={hover.focus} onblur={hover.blur}
           class={class} {onclick} {onkeydown}
           tabindex="0" role="button" aria-label={aria}>
            { arrow_shapes(&p.arrow, &p.label) }
        </g>
    }
}
