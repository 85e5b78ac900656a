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
}
