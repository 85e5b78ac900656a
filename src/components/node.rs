//! One node card in the cluster drawing.

use crate::layout::{ballot_class, NodeBox};
use paxos_core::{NodeId, Phase, ValueSource};
use paxos_sim::NodeView;
use yew::prelude::*;

/// Props of [`NodeCard`].
#[derive(Properties, PartialEq, Clone)]
pub struct NodeProps {
    /// What to show.
    pub node: NodeView,
    /// Where.
    pub bx: NodeBox,
    /// Selected in the inspector.
    #[prop_or_default]
    pub selected: bool,
    /// Part of the quorum that chose the value.
    #[prop_or_default]
    pub in_quorum: bool,
    /// Involved in a safety violation.
    #[prop_or_default]
    pub violating: bool,
    /// Clicked.
    #[prop_or_default]
    pub onselect: Callback<NodeId>,
    /// Highlighted: under the pointer or the focus here or in the space-time diagram.
    #[prop_or_default]
    pub highlighted: bool,
    /// The pointer or the focus came (`Some`) or left (`None`).
    #[prop_or_default]
    pub onhover: Callback<Option<NodeId>>,
}

/// `2.p1:A`, the form of `data-accepted`.
pub fn accepted_attr(node: &NodeView) -> String {
    node.accepted
        .map(|(b, v)| format!("{b}:{v}"))
        .unwrap_or_default()
}

fn dash<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

/// The text lines of a card, after its title: what each role knows.
pub fn card_lines(node: &NodeView) -> Vec<(String, Option<&'static str>)> {
    let mut lines: Vec<(String, Option<&'static str>)> = Vec::new();
    if let Some(p) = &node.proposer {
        let phase = if node.up {
            p.phase.to_string()
        } else {
            "down".into()
        };
        lines.push((format!("ballot {} · {phase}", dash(p.ballot)), None));
        let counts = match p.phase {
            Phase::Accepting | Phase::Done => {
                format!("accepted {}/{}", p.accepts.len(), p.accept_quorum)
            }
            _ => format!("promises {}/{}", p.promises.len(), p.promise_quorum),
        };
        lines.push((counts, None));
        let value = match p.value {
            Some((v, ValueSource::Own)) => format!("value {v} (own)"),
            Some((v, ValueSource::Adopted { from, ballot })) => {
                format!("value {v} ← {from}@{ballot}")
            }
            None => "value —".into(),
        };
        let class = match p.value {
            Some((_, ValueSource::Adopted { .. })) => Some("adopted"),
            _ => None,
        };
        lines.push((value, class));
    }
    if node.role == "acceptor" || node.role == "node" {
        lines.push((format!("promised {}", dash(node.promised)), None));
        let acc = node.accepted.map(|(b, v)| format!("{b} = {v}"));
        lines.push((format!("accepted {}", dash(acc)), None));
    }
    if node.role == "learner" || node.role == "node" {
        let learned = node.learned.map(|(_, v)| v);
        lines.push((
            format!("learned {}", dash(learned)),
            learned.map(|_| "learned"),
        ));
    }
    lines
}

/// A node: name, role, up or crashed, and what it knows.
#[function_component(NodeCard)]
pub fn node_card(p: &NodeProps) -> Html {
    let n = &p.node;
    let b = p.bx;
    let (x, y) = (b.x - b.w / 2.0, b.y - b.h / 2.0);
    let onclick = {
        let cb = p.onselect.clone();
        let id = n.id;
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(id)
        })
    };
    let onkeydown = {
        let cb = p.onselect.clone();
        let id = n.id;
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                cb.emit(id)
            }
        })
    };
    let id = n.id;
    let hover = super::hover_listeners(&p.onhover, id);
    let mut class = classes!("node", format!("role-{}", n.role));
    if p.highlighted {
        class.push("lit");
    }
    if !n.up {
        class.push("crashed");
    }
    if p.selected {
        class.push("selected");
    }
    if p.in_quorum {
        class.push("quorum");
    }
    if p.violating {
        class.push("violating");
    }
    let accent = n
        .proposer
        .as_ref()
        .and_then(|pv| pv.ballot)
        .or(n.promised)
        .map(ballot_class);
    let role_label = match n.role {
        "node" => "NODE".to_string(),
        r => r.to_ascii_uppercase(),
    };
    let status = if n.up { "" } else { "CRASHED" };
    // Its name says its state as the card shows it, in the card's words and order (a screen
    // reader's user and a sighted one can name it alike: WCAG 2.5.3), then whether it is up:
    // "a2, acceptor, promised 2.p1, accepted 1.p2 = B, up".
    let lines: Vec<String> = card_lines(n).into_iter().map(|(l, _)| l).collect();
    let label = format!(
        "{}, {}{}, {}{}",
        n.id,
        n.role,
        if n.up { "" } else { ", crashed" },
        lines.join(", "),
        if n.up { ", up" } else { "" }
    );
    html! {
        <g data-testid={format!("node-{}", n.id)}
           data-role={n.role}
           data-state={if n.up { "up" } else { "crashed" }}
           data-promised={n.promised.map(|b| b.to_string()).unwrap_or_default()}
           data-accepted={accepted_attr(n)}
           data-highlight={p.highlighted.then_some("true")}
           onmouseenter={hover.enter} onmouseleave={hover.leave} onfocus={hover.focus} onblur={hover.blur}
           class={class} {onclick} {onkeydown}
           tabindex="0" role="button" aria-label={label}>
            <rect class="card" x={format!("{:.1}", x)} y={format!("{:.1}", y)} width={format!("{:.1}", b.w)} height={format!("{:.1}", b.h)} rx="10" />
            <rect class={classes!("accent", accent)} x={format!("{:.1}", x)} y={format!("{:.1}", y)} width="7" height={format!("{:.1}", b.h)} rx="3" />
            // The spaces between the texts are not drawn: they keep the card's words apart
            // for anything that reads its text (its name above says the same, in order).
            <text class="name" x={format!("{:.1}", x + 16.0)} y={format!("{:.1}", y + 29.0)}>{ n.id.to_string() }</text>{ " " }
            <text class="role" x={format!("{:.1}", x + b.w - 12.0)} y={format!("{:.1}", y + 26.0)} text-anchor="end">{ role_label }</text>{ " " }
            if !n.up {
                <text class="down" x={format!("{:.1}", x + b.w - 12.0)} y={format!("{:.1}", y + 44.0)} text-anchor="end">{ status }</text>{ " " }
            }
            { for card_lines(n).into_iter().enumerate().map(|(i, (line, cls))| html! {
                <><text class={classes!("line", cls)} x={format!("{:.1}", x + 16.0)} y={format!("{:.1}", y + 56.0 + 21.0 * i as f64)}>{ line }</text>{ " " }</>
            }) }
        </g>
    }
}
