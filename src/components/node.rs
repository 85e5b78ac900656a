//! One node card in the cluster drawing.

use crate::layout::{ballot_class, fit, wording, NodeBox, Wording};
use paxos_core::{NodeId, NodeKind, Phase, ValueSource};
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
    /// Drawn at its size on screen ([`crate::layout::Geometry::fitted`]).
    #[prop_or_default]
    pub fitted: bool,
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
    worded_lines(node, Wording::Full)
}

/// [`card_lines`] in a [`Wording`]: a narrow card says the same values in fewer words (an
/// acceptor's `P 2.p1` is `promised 2.p1`; the drawing's legend says so), one a line.
pub fn worded_lines(node: &NodeView, wording: Wording) -> Vec<(String, Option<&'static str>)> {
    let mut lines: Vec<(String, Option<&'static str>)> = Vec::new();
    if let Some(p) = &node.proposer {
        let phase = if node.up {
            p.phase.to_string()
        } else {
            "down".into()
        };
        match wording {
            Wording::Full => lines.push((format!("ballot {} · {phase}", dash(p.ballot)), None)),
            Wording::Short => lines.push((format!("{} · {phase}", dash(p.ballot)), None)),
            Wording::Tiny => {
                lines.push((format!("ballot {}", dash(p.ballot)), None));
                lines.push((phase, None));
            }
        }
        let counts = match p.phase {
            Phase::Accepting | Phase::Done => {
                format!("accepted {}/{}", p.accepts.len(), p.accept_quorum)
            }
            _ => format!("promises {}/{}", p.promises.len(), p.promise_quorum),
        };
        lines.push((counts, None));
        let word = if wording == Wording::Tiny {
            ""
        } else {
            "value "
        };
        let value = match p.value {
            Some((v, ValueSource::Own)) => format!("{word}{v} (own)"),
            Some((v, ValueSource::Adopted { from, ballot })) => {
                format!("{word}{v} ← {from}@{ballot}")
            }
            None => format!("{word}—"),
        };
        let class = match p.value {
            Some((_, ValueSource::Adopted { .. })) => Some("adopted"),
            _ => None,
        };
        lines.push((value, class));
    }
    if node.role == "acceptor" || node.role == "node" {
        if wording == Wording::Tiny {
            lines.push((format!("P {}", dash(node.promised)), None));
            lines.push((format!("A {}", dash(node.accepted.map(|(b, _)| b))), None));
            let value = node.accepted.map(|(_, v)| format!("= {v}"));
            lines.push((value.unwrap_or_default(), None));
        } else {
            lines.push((format!("promised {}", dash(node.promised)), None));
            let acc = node.accepted.map(|(b, v)| format!("{b} = {v}"));
            lines.push((format!("accepted {}", dash(acc)), None));
        }
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
    let kind = n.id.kind;
    let worded = wording(kind, b.w, p.fitted);
    let shown: Vec<(String, Option<&'static str>)> = worded_lines(n, worded)
        .into_iter()
        .filter(|(line, _)| !line.is_empty())
        .collect();
    // Where the texts go: the desktop card's places, or the fitted card's (smaller text, in
    // CSS pixels, so the rows are closer).
    let (name_y, role_y, down_y, line_y, line_h) = if p.fitted {
        (
            y + 20.0,
            y + 18.0,
            y + 18.0,
            y + fit::NAME_H + 11.0,
            fit::LINE_H,
        )
    } else {
        (y + 29.0, y + 26.0, y + 44.0, y + 56.0, 21.0)
    };
    let text_x = if p.fitted { x + fit::TEXT_X } else { x + 16.0 };
    let right = if p.fitted {
        x + b.w - 8.0
    } else {
        x + b.w - 12.0
    };
    // A tiny card has no room for its role (its row and the legend say it) and marks a crash
    // with a cross; a fitted card says CRASHED where the role was.
    let show_role = !(p.fitted && (worded == Wording::Tiny || !n.up));
    let status = match (p.fitted, worded, kind) {
        (true, Wording::Tiny, NodeKind::Acceptor) if !n.up => "✕",
        _ => status,
    };
    // Its name says its state as the card shows it, in the card's words and order (a screen
    // reader's user and a sighted one can name it alike: WCAG 2.5.3), then whether it is up:
    // "a2, acceptor, promised 2.p1, accepted 1.p2 = B, up".
    let lines: Vec<String> = card_lines(n).into_iter().map(|(l, _)| l).collect();
    let full = format!(
        "{}, {}{}, {}{}",
        n.id,
        n.role,
        if n.up { "" } else { ", crashed" },
        lines.join(", "),
        if n.up { ", up" } else { "" }
    );
    // A narrow card shows fewer words (`P 2.p1`), and a fitted crashed card drops its role:
    // its name starts with what it shows, in order, so that the words a voice-control user
    // reads off the card are in it, and then says it in full.
    let label = if worded == Wording::Full && show_role {
        full
    } else {
        let mut seen = vec![n.id.to_string()];
        if show_role {
            seen.push(n.role.to_string());
        }
        if !n.up {
            seen.push(status.to_lowercase());
        }
        seen.extend(shown.iter().map(|(l, _)| l.clone()));
        format!("{}: {full}", seen.join(" "))
    };
    let accent_w = if p.fitted { "5" } else { "7" };
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
            <rect class={classes!("accent", accent)} x={format!("{:.1}", x)} y={format!("{:.1}", y)} width={accent_w} height={format!("{:.1}", b.h)} rx="3" />
            // The spaces between the texts are not drawn: they keep the card's words apart
            // for anything that reads its text (its name above says the same, in order).
            <text class="name" x={format!("{:.1}", text_x)} y={format!("{:.1}", name_y)}>{ n.id.to_string() }</text>{ " " }
            if show_role {
                <text class="role" x={format!("{:.1}", right)} y={format!("{:.1}", role_y)} text-anchor="end">{ role_label }</text>{ " " }
            }
            if !n.up {
                <text class="down" x={format!("{:.1}", right)} y={format!("{:.1}", down_y)} text-anchor="end">{ status }</text>{ " " }
            }
            { for shown.into_iter().enumerate().map(|(i, (line, cls))| html! {
                <><text class={classes!("line", cls)} x={format!("{:.1}", text_x)} y={format!("{:.1}", line_y + line_h * i as f64)}>{ line }</text>{ " " }</>
            }) }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{arrows, Geometry};
    use crate::scenarios::Scenario;

    /// A phone's, a tablet's and a laptop's drawing box, and two in between.
    const WIDTHS: [f64; 6] = [300.0, 336.0, 370.0, 520.0, 748.0, 980.0];

    /// At every step of every built-in scenario, in boxes from a 320-px phone's to a laptop's:
    /// every card's lines fit inside the card at 12 px, the cards lie inside the drawing and
    /// apart, and every label lies inside the drawing (nothing to scroll sideways to).
    #[test]
    fn fitted_cards_hold_their_lines_and_the_drawing_holds_everything() {
        for s in Scenario::all() {
            let mut sim = paxos_sim::lecture::play(s.text).unwrap().sim;
            let members = *sim.world().members();
            let steps = sim.len();
            for &width in &WIDTHS {
                let g = Geometry::fitted(&members, width, 465.0);
                assert!(g.fitted && g.width <= width.max(300.0), "{}", s.name);
                crate::layout::tests::assert_cards_inside_and_apart(&g, s.name);
                for step in (0..=steps).step_by(3) {
                    assert!(sim.goto(step));
                    let view = sim.view();
                    for n in &view.nodes {
                        let b = g.node(n.id).unwrap();
                        let w = wording(n.id.kind, b.w, true);
                        for (line, _) in worded_lines(n, w) {
                            let need = line.chars().count() as f64 * fit::CH + fit::TEXT_X;
                            assert!(
                                need <= b.w,
                                "{} at {width} px, step {step}: {:?} ({need:.0} px) in {} of {:.0} px",
                                s.name,
                                line,
                                n.id,
                                b.w
                            );
                        }
                    }
                    let labels: Vec<String> = view
                        .messages
                        .iter()
                        .map(|m| format!("#{} {}", m.id, crate::components::message::label(m)))
                        .collect();
                    for a in arrows(&g, &view.messages, &labels) {
                        let r = a.label;
                        assert!(
                            r.x >= 0.0 && r.x + r.w <= g.width || r.w > g.width - 4.0,
                            "{} at {width} px: label of #{} at {r:?}",
                            s.name,
                            a.id
                        );
                    }
                }
            }
        }
    }

    /// The narrow phone's row of five acceptors is one row of tiny cards, their words in the
    /// legend; a laptop's box has the desktop wording.
    #[test]
    fn a_phone_gets_tiny_acceptors_and_a_laptop_full_ones() {
        let m = paxos_core::Membership::separate(2, 5, 2);
        let phone = Geometry::fitted(&m, 336.0, 405.0);
        let acceptors: Vec<_> = phone
            .nodes
            .iter()
            .filter(|n| n.id.kind == NodeKind::Acceptor)
            .collect();
        assert_eq!(acceptors.len(), 5);
        assert!(acceptors.iter().all(|a| a.y == acceptors[0].y), "one row");
        assert_eq!(
            wording(NodeKind::Acceptor, acceptors[0].w, true),
            Wording::Tiny
        );
        let laptop = Geometry::fitted(&m, 778.0, 465.0);
        for n in &laptop.nodes {
            assert_eq!(wording(n.id.kind, n.w, true), Wording::Full, "{n:?}");
        }
        // Seven acceptors on a phone wrap onto a second row instead of shrinking past legible.
        let seven = Geometry::fitted(&paxos_core::Membership::separate(1, 7, 1), 336.0, 405.0);
        let rows: std::collections::BTreeSet<i64> = seven
            .nodes
            .iter()
            .filter(|n| n.id.kind == NodeKind::Acceptor)
            .map(|n| n.y as i64)
            .collect();
        assert_eq!(rows.len(), 2, "{seven:?}");
    }

    /// A widget beside a docs site's prose (780 x 270 CSS px of drawing) holds three acceptors'
    /// columns at full size with their full wording; five do not fit its height, and a box too
    /// narrow for the bands between columns gets none (the widget then draws the fitted rows).
    #[test]
    fn a_wide_widget_gets_full_size_columns_where_they_fit() {
        let m = paxos_core::Membership::separate(2, 3, 1);
        let g = Geometry::fitted_columns(&m, 780.0, 270.0).expect("columns fit");
        crate::layout::tests::assert_cards_inside_and_apart(&g, "2x3x1 in 780x270");
        assert_eq!(g.height, 270.0);
        let xs: std::collections::BTreeSet<i64> = g.nodes.iter().map(|n| n.x as i64).collect();
        assert_eq!(xs.len(), 3, "three columns: {g:?}");
        for n in &g.nodes {
            assert_eq!(wording(n.id.kind, n.w, true), Wording::Full, "{n:?}");
        }
        let five = paxos_core::Membership::separate(2, 5, 2);
        assert_eq!(Geometry::fitted_columns(&five, 780.0, 270.0), None);
        assert_eq!(Geometry::fitted_columns(&m, 560.0, 270.0), None);
        // A book's widget with a caption has 221 px of drawing: the acceptors' column closes
        // up (4 px between cards, not 10) rather than the whole drawing turning into rows.
        let short = Geometry::fitted_columns(&m, 722.0, 221.0).expect("columns close up");
        crate::layout::tests::assert_cards_inside_and_apart(&short, "2x3x1 in 722x221");
        let mut ys: Vec<f64> = short
            .nodes
            .iter()
            .filter(|n| n.id.kind == NodeKind::Acceptor)
            .map(|n| n.y)
            .collect();
        ys.sort_by(f64::total_cmp);
        assert_eq!(ys[1] - ys[0], 68.0 + 4.0, "{short:?}");
        assert_eq!(Geometry::fitted_columns(&m, 722.0, 215.0), None);
    }
}
