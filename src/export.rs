//! The drawing as a standalone SVG file, for slides: the same layout and the same text as the
//! page, with concrete colours (the light theme) instead of the page's CSS variables, so it
//! opens anywhere. PNG export rasterises this SVG in the browser (see `app.rs`).

use crate::components::message::label;
use crate::components::node::card_lines;
use crate::layout::{arrows, ballot_color, Geometry, LABEL_H};
use paxos_sim::View;
use std::fmt::Write;

/// Text for XML or HTML, in an element or a double-quoted attribute.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The cluster drawing of `view` as an SVG document.
pub fn svg(view: &View, geom: &Geometry) -> String {
    const SANS: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";
    const MONO: &str = "DejaVu Sans Mono, Menlo, Consolas, monospace";
    let (w, h) = (geom.width, geom.height);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}">"#
    );
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let quorum = view
        .chosen
        .as_ref()
        .map(|c| c.quorum.clone())
        .unwrap_or_default();
    for n in &view.nodes {
        let Some(b) = geom.node(n.id) else { continue };
        let (x, y) = (b.x - b.w / 2.0, b.y - b.h / 2.0);
        let stroke = if quorum.contains(&n.id) {
            "#067a4b"
        } else {
            "#9aa4af"
        };
        let fill = if n.up { "#ffffff" } else { "#eceef0" };
        let dash = if n.up {
            ""
        } else {
            r#" stroke-dasharray="7 5""#
        };
        let accent = n
            .proposer
            .as_ref()
            .and_then(|p| p.ballot)
            .or(n.promised)
            .map(ballot_color)
            .unwrap_or("#5f6b78");
        let _ = writeln!(
            s,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" rx="10" fill="{fill}" stroke="{stroke}" stroke-width="2"{dash}/>"#,
            b.w, b.h
        );
        let _ = writeln!(
            s,
            r#"<rect x="{x:.1}" y="{y:.1}" width="7" height="{:.1}" rx="3" fill="{accent}"/>"#,
            b.h
        );
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-family="{SANS}" font-size="24" font-weight="700" fill="#1c232b">{}</text>"##,
            x + 16.0,
            y + 29.0,
            n.id
        );
        let role = if n.up {
            n.role.to_ascii_uppercase()
        } else {
            format!("{} · CRASHED", n.role.to_ascii_uppercase())
        };
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-family="{SANS}" font-size="12" font-weight="700" fill="#5f6b78">{}</text>"##,
            x + b.w - 12.0,
            y + 26.0,
            esc(&role)
        );
        for (i, (line, class)) in card_lines(n).into_iter().enumerate() {
            let color = match class {
                Some("adopted") => "#0b63a8",
                Some("learned") => "#067a4b",
                _ => "#1c232b",
            };
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-family="{MONO}" font-size="15" fill="{color}">{}</text>"#,
                x + 16.0,
                y + 56.0 + 21.0 * i as f64,
                esc(&line)
            );
        }
    }
    let labels: Vec<String> = view
        .messages
        .iter()
        .map(|m| format!("#{} {}", m.id, label(m)))
        .collect();
    for ((m, a), l) in view
        .messages
        .iter()
        .zip(arrows(geom, &view.messages, &labels))
        .zip(&labels)
    {
        let c = ballot_color(m.payload.ballot());
        let ((x1, y1), (x2, y2)) = (a.from, a.to);
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / len, dy / len);
        let (bx, by) = (x2 - ux * 12.0, y2 - uy * 12.0);
        let _ = writeln!(
            s,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{bx:.1}" y2="{by:.1}" stroke="{c}" stroke-width="2.5"/>"#
        );
        let _ = writeln!(
            s,
            r#"<polygon points="{x2:.1},{y2:.1} {:.1},{:.1} {:.1},{:.1}" fill="{c}"/>"#,
            bx - uy * 5.5,
            by + ux * 5.5,
            bx + uy * 5.5,
            by - ux * 5.5
        );
        let r = a.label;
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{LABEL_H}" rx="6" fill="#ffffff" stroke="{c}" stroke-width="2"/>"##,
            r.x, r.y, r.w
        );
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-family="{MONO}" font-size="14" font-weight="600" fill="#1c232b">{}</text>"##,
            r.x + r.w / 2.0,
            r.y + LABEL_H / 2.0 + 5.0,
            esc(l)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// The space-time diagram of a run up to step `now` as an SVG document, and its size: every
/// row from the start (the page draws only those on screen), a lane per node, the lines with
/// their fates, crashes, partitions and the moments a value was chosen and learned, each line
/// labelled where its label covers no other.
pub fn spacetime_svg(d: &paxos_sim::spacetime::Diagram, now: u64) -> (String, f64, f64) {
    use crate::components::spacetime::{label_anchor, label_text, place_labels};
    use paxos_sim::spacetime::{Fate, Geometry as StGeometry, MarkKind};
    const SANS: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";
    const MONO: &str = "DejaVu Sans Mono, Menlo, Consolas, monospace";
    let g = StGeometry {
        left: 52.0,
        lane: 120.0,
        top: 44.0,
        row: 26.0,
    };
    let w = 2.0 * g.left + d.lanes.len().saturating_sub(1) as f64 * g.lane;
    let h = g.y(now) + g.row;
    let x_of = |n| g.x(d.lane(n).unwrap_or(0));
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}">"#
    );
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    const GROUPS: [&str; 4] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"];
    for c in d.cuts.iter().filter(|c| c.from <= now) {
        let (y1, y2) = (g.y(c.from), g.y(c.to.unwrap_or(now).min(now)));
        for (gi, group) in c.groups.iter().enumerate() {
            for &n in group {
                let _ = writeln!(
                    s,
                    r#"<rect x="{:.1}" y="{y1:.1}" width="{:.1}" height="{:.1}" rx="6" fill="none" stroke="{}" stroke-width="1.5" stroke-dasharray="6 4"/>"#,
                    x_of(n) - g.lane / 2.0 + 6.0,
                    g.lane - 12.0,
                    (y2 - y1).max(2.0),
                    GROUPS[gi % 4]
                );
            }
        }
    }
    for step in (0..=now).filter(|k| k % 5 == 0) {
        let y = g.y(step);
        let _ = writeln!(
            s,
            r##"<line x1="0" x2="{w:.0}" y1="{y:.1}" y2="{y:.1}" stroke="#d1d5db" stroke-width="1"/><text x="6" y="{:.1}" font-family="{MONO}" font-size="11" fill="#6b7280">{step}</text>"##,
            y + 4.0
        );
    }
    for (k, &n) in d.lanes.iter().enumerate() {
        let x = g.x(k);
        let _ = writeln!(
            s,
            r##"<text x="{x:.1}" y="24" text-anchor="middle" font-family="{SANS}" font-size="13" font-weight="600" fill="#111827">{}</text><line x1="{x:.1}" x2="{x:.1}" y1="{:.1}" y2="{h:.1}" stroke="#d1d5db" stroke-width="2"/>"##,
            esc(&n.to_string()),
            g.top - 8.0
        );
        for c in d.crashes.iter().filter(|c| c.node == n && c.from <= now) {
            let (y1, y2) = (g.y(c.from), g.y(c.to.unwrap_or(now).min(now)));
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{y1:.1}" width="14" height="{:.1}" rx="3" fill="#e5e7eb" stroke="#b91c1c" stroke-width="1.5" stroke-dasharray="3 3"/>"##,
                x - 7.0,
                (y2 - y1).max(2.0)
            );
        }
    }
    for m in d.marks.iter().filter(|m| m.step <= now) {
        let y = g.y(m.step);
        match m.kind {
            MarkKind::Chosen => {
                let xs: Vec<f64> = m.quorum.iter().map(|&n| x_of(n)).collect();
                for &x in &xs {
                    let _ = writeln!(
                        s,
                        r##"<rect x="{:.1}" y="{:.1}" width="12" height="12" fill="#067a4b" transform="rotate(45 {x:.1} {y:.1})"/>"##,
                        x - 6.0,
                        y - 6.0
                    );
                }
                let right = xs.iter().cloned().fold(g.left, f64::max);
                let _ = writeln!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" font-family="{SANS}" font-size="11" font-weight="600" fill="#067a4b">{}</text>"##,
                    right + 10.0,
                    y + 4.0,
                    esc(&m.label)
                );
            }
            MarkKind::Learned => {
                let x = m.node.map(x_of).unwrap_or(g.left);
                let _ = writeln!(
                    s,
                    r##"<circle cx="{x:.1}" cy="{y:.1}" r="6" fill="#ffffff" stroke="#067a4b" stroke-width="3"/>"##
                );
            }
        }
    }
    let segments = d.segments(&g, now, 0, now);
    let lines: Vec<_> = segments
        .iter()
        .filter_map(|seg| Some((seg, d.line(seg.id)?)))
        .collect();
    let wanted: Vec<_> = lines
        .iter()
        .map(|(seg, l)| {
            let (x, y) = label_anchor(seg);
            (x, y, label_text(l).chars().count(), false)
        })
        .collect();
    let at = place_labels(&wanted, w, 1.0);
    for ((seg, l), at) in lines.iter().zip(at) {
        let color = l
            .ballot
            .map(crate::layout::ballot_color)
            .unwrap_or("#6b7280");
        let dash = match (seg.fate, l.copy_of) {
            (Fate::InFlight, _) => r#" stroke-dasharray="6 4""#,
            (_, Some(_)) => r#" stroke-dasharray="2 3""#,
            _ => "",
        };
        let opacity = if seg.fate == Fate::Lost {
            r#" opacity="0.55""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{color}" stroke-width="1.8"{dash}{opacity}/>"#,
            seg.x1, seg.y1, seg.x2, seg.y2
        );
        match seg.fate {
            Fate::Delivered => {
                let (_, head) =
                    crate::components::message::head_between((seg.x1, seg.y1), (seg.x2, seg.y2));
                let _ = writeln!(s, r#"<polygon points="{head}" fill="{color}"/>"#);
            }
            Fate::Lost => {
                let (x, y) = (seg.x2, seg.y2);
                let _ = writeln!(
                    s,
                    r##"<path d="M{:.1} {:.1} L{:.1} {:.1} M{:.1} {:.1} L{:.1} {:.1}" stroke="#b91c1c" stroke-width="2.5" fill="none"/>"##,
                    x - 5.0,
                    y - 5.0,
                    x + 5.0,
                    y + 5.0,
                    x - 5.0,
                    y + 5.0,
                    x + 5.0,
                    y - 5.0
                );
            }
            Fate::InFlight => {}
        }
        if let Some((x, y)) = at {
            let _ = writeln!(
                s,
                r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" font-family="{MONO}" font-size="10.5" fill="#111827" stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>"##,
                y - 3.0,
                esc(&label_text(l))
            );
        }
    }
    let y = g.y(now);
    let _ = writeln!(
        s,
        r##"<line x1="0" x2="{w:.0}" y1="{y:.1}" y2="{y:.1}" stroke="#0b5cad" stroke-width="2"/>"##
    );
    s.push_str("</svg>\n");
    (s, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Model, Msg};

    #[test]
    fn the_export_draws_every_node_and_message_with_concrete_colours() {
        let mut m = Model::scenario("03-adopt-accepted-value").unwrap();
        m.update(Msg::Goto(13));
        let view = m.view();
        let geom = Geometry::new(m.sim.world().members());
        let out = svg(&view, &geom);
        assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(out.trim_end().ends_with("</svg>"));
        assert!(!out.contains("var("), "no CSS variables");
        for n in &view.nodes {
            assert!(out.contains(&format!(">{}</text>", n.id)), "{}", n.id);
        }
        for msg in &view.messages {
            assert!(
                out.contains(&format!(">#{} ", msg.id)),
                "message {}",
                msg.id
            );
        }
        assert!(out.contains("value A ← a2@1.p1"));
        // Every element that opens also closes: the file is well-formed enough for any viewer.
        assert_eq!(out.matches("<text").count(), out.matches("</text>").count());
        assert!(esc("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn the_diagram_export_draws_every_row_line_and_fate() {
        let mut m = Model::scenario("06-lost-and-duplicated-messages").unwrap();
        m.update(Msg::Last);
        let d = m.diagram();
        let (out, w, h) = spacetime_svg(&d, 21);
        assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(!out.contains("var("), "no CSS variables");
        assert_eq!((w, h), (2.0 * 52.0 + 4.0 * 120.0, 44.0 + 22.0 * 26.0));
        // One shaft per message sent, a cross per lost one, a head per delivered one.
        let sent = d.lines.iter().filter(|l| l.sent <= 21).count();
        assert_eq!(sent, 18);
        assert_eq!(out.matches(r#"stroke-width="1.8""#).count(), sent);
        let lost = d
            .lines
            .iter()
            .filter(|l| l.fate_at(21) == Some(paxos_sim::spacetime::Fate::Lost))
            .count();
        assert!(lost >= 3, "{lost}");
        assert_eq!(out.matches("<path d=").count(), lost);
        assert_eq!(out.matches("<polygon").count(), sent - lost);
        for n in ["p1", "a1", "a2", "a3", "l1"] {
            assert!(out.contains(&format!(">{n}</text>")), "{n}");
        }
        assert!(out.contains(">A chosen at 1.p1</text>"), "the chosen mark");
        assert!(out.contains(">#1 Prepare 1.p1</text>"), "a label");
        assert_eq!(out.matches("<text").count(), out.matches("</text>").count());
        // Earlier, only what had happened: no chosen mark, fewer lines, a shorter picture.
        let (early, _, h5) = spacetime_svg(&d, 5);
        assert!(!early.contains("chosen"));
        assert!(h5 < h);
        assert!(early.matches(r#"stroke-width="1.8""#).count() < sent);
    }

    #[test]
    fn a_multi_paxos_diagram_exports_its_crash() {
        let mut m = crate::multi::MultiModel::scenario("02-leader-crash-recovery").unwrap();
        m.update(crate::multi::MultiMsg::Last);
        let (out, _, _) = spacetime_svg(&m.diagram(), m.sim.len() as u64);
        assert_eq!(
            out.matches(r#"stroke-dasharray="3 3""#).count(),
            1,
            "n1's crash"
        );
        assert!(out.contains(">c3</text>"));
        assert!(out.contains("chosen"));
    }
}
