//! Where things go on the drawing: node cards, message arrows and their labels. Pure
//! geometry in the SVG's own units (the `viewBox`), so it is tested natively and the drawing
//! scales to any screen.
//!
//! Separate agents sit in three rows: proposers on top, acceptors in the middle, learners at
//! the bottom, which puts phase 1 and phase 2 traffic in the bands between rows. Combined
//! nodes sit on a ring. A message is an arrow from its sender's card to its receiver's card;
//! the two directions between a pair run on parallel lines, and each label is placed along its
//! arrow where it overlaps the fewest other labels and cards.

use paxos_core::{Ballot, Layout, Membership, NodeId, NodeKind};
use paxos_sim::kernel::Envelope;
use paxos_sim::MsgId;

/// A node card: centre and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeBox {
    /// The node.
    pub id: NodeId,
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl NodeBox {
    /// The card's rectangle.
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x - self.w / 2.0,
            y: self.y - self.h / 2.0,
            w: self.w,
            h: self.h,
        }
    }
}

/// An axis-aligned rectangle (top-left corner and size).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The area this rectangle shares with `o`.
    pub fn overlap(&self, o: &Rect) -> f64 {
        let w = (self.x + self.w).min(o.x + o.w) - self.x.max(o.x);
        let h = (self.y + self.h).min(o.y + o.h) - self.y.max(o.y);
        if w > 0.0 && h > 0.0 {
            w * h
        } else {
            0.0
        }
    }
}

/// The whole drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    /// viewBox width.
    pub width: f64,
    /// viewBox height.
    pub height: f64,
    /// Every node card, in node order.
    pub nodes: Vec<NodeBox>,
    /// Laid out at its size on screen ([`Geometry::fitted`]): a unit is a CSS pixel, the text
    /// has the sizes of [`fit`], and narrow cards say less ([`wording`]).
    pub fitted: bool,
}

/// Widest card: proposers and combined nodes, whose lines are longest.
pub const CARD_W: f64 = 236.0;

/// Card width by role: wide enough for the longest line each role shows.
pub fn card_width(kind: NodeKind) -> f64 {
    match kind {
        NodeKind::Proposer | NodeKind::Node => CARD_W,
        NodeKind::Acceptor => 200.0,
        NodeKind::Learner | NodeKind::Client => 176.0,
    }
}
const GAP: f64 = 24.0;

/// Card height by role: proposers show four lines of state, acceptors two, learners one,
/// combined nodes all of them.
pub fn card_height(kind: NodeKind) -> f64 {
    match kind {
        NodeKind::Proposer => 124.0,
        NodeKind::Acceptor => 92.0,
        NodeKind::Learner | NodeKind::Client => 70.0,
        NodeKind::Node => 176.0,
    }
}

impl Geometry {
    /// Lays out the cluster.
    pub fn new(members: &Membership) -> Geometry {
        match members.layout() {
            Layout::Separate => Geometry::rows(members),
            Layout::Combined => Geometry::ring(members),
        }
    }

    /// Proposers, acceptors and learners side by side in columns, messages crossing the bands
    /// between them: for wide, short boxes such as an embedded widget, where rows would leave
    /// the cards small (a 880x270 box draws columns at 0.7 scale, rows at 0.4). Combined
    /// nodes are drawn on a flattened ring.
    pub fn columns(m: &Membership) -> Geometry {
        if m.layout() == Layout::Combined {
            return Geometry::wide_ring(m);
        }
        const MARGIN: f64 = 24.0;
        const BAND: f64 = 250.0; // proposers to acceptors: Prepare, Promise, Accept labels
        const LEARN_BAND: f64 = 190.0; // acceptors to learners: Accepted labels
        const V_GAP: f64 = 22.0;
        let stack = |n: u8, kind| {
            let n = n as f64;
            n * card_height(kind) + (n - 1.0).max(0.0) * V_GAP
        };
        let height = stack(m.proposers(), NodeKind::Proposer)
            .max(stack(m.acceptors(), NodeKind::Acceptor))
            .max(stack(m.learners(), NodeKind::Learner))
            + 2.0 * MARGIN;
        let x_p = MARGIN + card_width(NodeKind::Proposer) / 2.0;
        let x_a = x_p
            + card_width(NodeKind::Proposer) / 2.0
            + BAND
            + card_width(NodeKind::Acceptor) / 2.0;
        let x_l = x_a
            + card_width(NodeKind::Acceptor) / 2.0
            + LEARN_BAND
            + card_width(NodeKind::Learner) / 2.0;
        let mut nodes = Vec::new();
        let mut column = |ids: Vec<NodeId>, x: f64| {
            let k = ids.len() as f64;
            for (i, id) in ids.into_iter().enumerate() {
                let h = card_height(id.kind);
                nodes.push(NodeBox {
                    id,
                    x,
                    y: height / 2.0 + (i as f64 - (k - 1.0) / 2.0) * (h + V_GAP),
                    w: card_width(id.kind),
                    h,
                });
            }
        };
        column(m.proposer_ids().collect(), x_p);
        column(m.acceptor_ids().collect(), x_a);
        let learners: Vec<NodeId> = m.learner_ids().collect();
        let width = if learners.is_empty() {
            x_a + card_width(NodeKind::Acceptor) / 2.0 + MARGIN
        } else {
            x_l + card_width(NodeKind::Learner) / 2.0 + MARGIN
        };
        column(learners, x_l);
        Geometry {
            width,
            height,
            nodes,
            fitted: false,
        }
    }

    fn rows(m: &Membership) -> Geometry {
        let row_width = |n: u8, kind| n as f64 * (card_width(kind) + GAP) + 2.0 * GAP;
        let width = row_width(m.proposers(), NodeKind::Proposer)
            .max(row_width(m.acceptors(), NodeKind::Acceptor))
            .max(row_width(m.learners(), NodeKind::Learner))
            .max(1040.0);
        let band = 200.0; // room for message labels between rows
        let hp = card_height(NodeKind::Proposer);
        let ha = card_height(NodeKind::Acceptor);
        let hl = card_height(NodeKind::Learner);
        let y_p = 24.0 + hp / 2.0;
        let y_a = y_p + hp / 2.0 + band + ha / 2.0;
        let y_l = y_a + ha / 2.0 + band * 0.7 + hl / 2.0;
        let mut nodes = Vec::new();
        let mut row = |ids: Vec<NodeId>, y: f64, h: f64| {
            let k = ids.len() as f64;
            for (i, id) in ids.into_iter().enumerate() {
                nodes.push(NodeBox {
                    id,
                    x: width * (i as f64 + 0.5) / k,
                    y,
                    w: card_width(id.kind),
                    h,
                });
            }
        };
        row(m.proposer_ids().collect(), y_p, hp);
        row(m.acceptor_ids().collect(), y_a, ha);
        let learners: Vec<NodeId> = m.learner_ids().collect();
        let has_learners = !learners.is_empty();
        row(learners, y_l, hl);
        let height = if has_learners {
            y_l + hl / 2.0 + 24.0
        } else {
            y_a + ha / 2.0 + 24.0
        };
        Geometry {
            width,
            height,
            nodes,
            fitted: false,
        }
    }

    fn ring(m: &Membership) -> Geometry {
        match m.acceptors() {
            0..=2 => Geometry::ellipse(m, 1100.0, 460.0),
            3..=7 => Geometry::ellipse(m, 1100.0, 880.0),
            _ => Geometry::ellipse(m, 1240.0, 1000.0),
        }
    }

    /// The ring flattened into an ellipse, for wide, short boxes.
    fn wide_ring(m: &Membership) -> Geometry {
        match m.acceptors() {
            0..=2 => Geometry::ellipse(m, 1320.0, 460.0),
            3..=5 => Geometry::ellipse(m, 1320.0, 560.0),
            6..=7 => Geometry::ellipse(m, 1320.0, 760.0),
            _ => Geometry::ellipse(m, 1440.0, 900.0),
        }
    }

    fn ellipse(m: &Membership, width: f64, height: f64) -> Geometry {
        let n = m.acceptors() as usize;
        let h = card_height(NodeKind::Node);
        let (cx, cy) = (width / 2.0, height / 2.0);
        let (rx, ry) = (
            width / 2.0 - CARD_W / 2.0 - 20.0,
            height / 2.0 - h / 2.0 - 20.0,
        );
        let nodes = m
            .acceptor_ids()
            .enumerate()
            .map(|(i, id)| {
                let (x, y) = match n {
                    1 => (cx, cy),
                    2 => (cx + if i == 0 { -rx * 0.7 } else { rx * 0.7 }, cy),
                    _ => {
                        // Start at the top and go clockwise.
                        let a = -std::f64::consts::FRAC_PI_2
                            + std::f64::consts::TAU * i as f64 / n as f64;
                        (cx + rx * a.cos(), cy + ry * a.sin())
                    }
                };
                NodeBox {
                    id,
                    x,
                    y,
                    w: CARD_W,
                    h,
                }
            })
            .collect();
        Geometry {
            width,
            height,
            nodes,
            fitted: false,
        }
    }

    /// The cluster laid out for a box `width` CSS pixels wide, at one unit a pixel, so that
    /// its text keeps the sizes of [`fit`] (12 px and up) however narrow the box: cards are
    /// as wide as the box allows and say less when narrow ([`wording`]), a role whose cards
    /// do not fit in one row wraps onto a second, and the bands between the rows are as tall
    /// as `height` (the room the page has for the drawing) allows, within bounds that keep
    /// room for the labels. The desktop drawing ([`Geometry::new`]) shrunk into a phone
    /// would have 5 px text; this one is what a phone, a tablet and a laptop draw.
    pub fn fitted(m: &Membership, width: f64, height: f64) -> Geometry {
        let width = width.clamp(fit::MIN_WIDTH, fit::MAX_WIDTH).floor();
        let mut g = match m.layout() {
            Layout::Separate => Geometry::fitted_rows(m, width, height),
            Layout::Combined => Geometry::fitted_ring(m, width),
        };
        if g.has_tiny_cards() {
            // Room for the legend of the tiny cards' letters.
            g.height += fit::LEGEND_H;
        }
        g
    }

    /// [`Geometry::columns`] at a box's own size, `width` by `height` CSS pixels (a widget
    /// beside a docs site's prose): the roles side by side, each a column of cards at full
    /// size, the bands between them as wide as the rest of the box. `None` where the columns
    /// do not fit the box (too narrow for bands, or too many cards for its height): the widget
    /// then draws its desktop columns, scaled to the box.
    pub fn fitted_columns(m: &Membership, width: f64, height: f64) -> Option<Geometry> {
        use fit::MARGIN as M;
        const MIN_BAND: f64 = 120.0;
        if m.layout() == Layout::Combined {
            return None;
        }
        let width = width.clamp(fit::MIN_WIDTH, fit::MAX_WIDTH).floor();
        let roles: Vec<(Vec<NodeId>, NodeKind)> = roles(m)
            .into_iter()
            .filter(|(ids, _)| !ids.is_empty())
            .collect();
        let cards: f64 = roles.iter().map(|(_, k)| fit::max_width(*k)).sum();
        let free = width - 2.0 * M - cards;
        // Phase 1 and 2 cross the first band, only Accepted the second: it gets most room.
        let (band, learn_band) = if roles.len() == 3 {
            (free * 0.62, free * 0.38)
        } else {
            (free, free)
        };
        let stack_with = |(ids, kind): &(Vec<NodeId>, NodeKind), gap: f64| {
            let h = fit::card_height(*kind, Wording::Full);
            ids.len() as f64 * h + (ids.len() as f64 - 1.0) * gap
        };
        if learn_band < MIN_BAND * 0.65 || band < MIN_BAND {
            return None;
        }
        let tallest = |gap: f64| roles.iter().map(|r| stack_with(r, gap)).fold(0.0, f64::max);
        // The cards' usual gap, or a tight one where that is what keeps a short box (a book's
        // widget with its caption: three acceptors in a 221-px drawing) in columns at full
        // size rather than rows that scroll.
        let v_gap = [(10.0, M), (4.0, 2.0)]
            .into_iter()
            .find(|&(gap, margin)| tallest(gap) + 2.0 * margin <= height.floor())
            .map(|(gap, _)| gap)?;
        let stack = |role: &(Vec<NodeId>, NodeKind)| stack_with(role, v_gap);
        let height = height.floor();
        let mut nodes = Vec::new();
        let mut x = M;
        for (r, role) in roles.iter().enumerate() {
            let (ids, kind) = role;
            let (w, h) = (
                fit::max_width(*kind),
                fit::card_height(*kind, Wording::Full),
            );
            let top = (height - stack(role)) / 2.0;
            for (i, &id) in ids.iter().enumerate() {
                nodes.push(NodeBox {
                    id,
                    x: x + w / 2.0,
                    y: top + h / 2.0 + i as f64 * (h + v_gap),
                    w,
                    h,
                });
            }
            x += w + if r == 0 { band } else { learn_band };
        }
        Some(Geometry {
            width,
            height,
            nodes,
            fitted: true,
        })
    }

    fn fitted_rows(m: &Membership, width: f64, room: f64) -> Geometry {
        use fit::{GAP as G, MARGIN as M};
        let roles: Vec<RowsOfRole> = roles(m)
            .into_iter()
            .map(|(ids, kind)| {
                let fits = ((width - 2.0 * M + G) / (fit::min_width(kind) + G)).floor();
                let per_row = (fits.max(1.0) as usize).min(ids.len().max(1));
                let w = ((width - 2.0 * M - (per_row as f64 - 1.0) * G) / per_row as f64)
                    .min(fit::max_width(kind));
                let h = fit::card_height(kind, wording(kind, w, true));
                let rows = ids.len().div_ceil(per_row);
                let block = rows as f64 * h + rows.saturating_sub(1) as f64 * fit::ROW_GAP;
                (ids, (w, h), per_row, block)
            })
            .collect();
        let cards: f64 = roles.iter().map(|r| r.3).sum();
        // A phone scrolls down, not sideways: its bands are tall, so that the labels of a
        // whole round (wide next to the drawing) can stack along their arrows.
        let (min_band, max_band) = if width < 560.0 {
            (230.0, 260.0)
        } else {
            (110.0, 200.0)
        };
        let band = ((room - cards - 2.0 * M) / 1.75).clamp(min_band, max_band);
        let mut nodes = Vec::new();
        let mut y = M;
        for (i, (ids, (w, h), per_row, block)) in roles.iter().enumerate() {
            if ids.is_empty() {
                continue;
            }
            if i > 0 && !nodes.is_empty() {
                y += if i == 2 { band * 0.75 } else { band };
            }
            for (r, row) in ids.chunks(*per_row).enumerate() {
                let k = row.len() as f64;
                let top = y + r as f64 * (h + fit::ROW_GAP);
                for (j, &id) in row.iter().enumerate() {
                    nodes.push(NodeBox {
                        id,
                        // Spread over the width as the desktop rows are, each in its share.
                        x: M + (width - 2.0 * M) * (j as f64 + 0.5) / k,
                        y: top + h / 2.0,
                        w: *w,
                        h: *h,
                    });
                }
            }
            y += block;
        }
        Geometry {
            width,
            height: y + M,
            nodes,
            fitted: true,
        }
    }

    /// Combined nodes on an ellipse as wide as the box, tall enough that no two cards touch.
    fn fitted_ring(m: &Membership, width: f64) -> Geometry {
        use fit::MARGIN as M;
        let w = ((width - 3.0 * M) / 2.0).min(fit::max_width(NodeKind::Node));
        let h = fit::card_height(NodeKind::Node, wording(NodeKind::Node, w, true));
        let ids: Vec<NodeId> = m.acceptor_ids().collect();
        let (nodes, bottom) = ring_in(&ids, 0.0, width, M, (w, h), 90.0);
        Geometry {
            width,
            height: bottom + M,
            nodes,
            fitted: true,
        }
    }

    /// Whether a card says only its values ([`Wording::Tiny`]): the drawing then has a legend
    /// for their letters.
    pub fn has_tiny_cards(&self) -> bool {
        self.fitted
            && self
                .nodes
                .iter()
                .any(|n| wording(n.id.kind, n.w, true) == Wording::Tiny)
    }

    /// The label box of `text` on this drawing's arrows.
    pub fn label_size(&self, text: &str) -> (f64, f64) {
        if self.fitted {
            (
                text.chars().count() as f64 * fit::LABEL_CH + 12.0,
                fit::LABEL_H,
            )
        } else {
            (label_width(text), LABEL_H)
        }
    }

    /// The card of `id`.
    pub fn node(&self, id: NodeId) -> Option<&NodeBox> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// A role's cards in the fitted rows: the nodes, a card's width and height, how many go in a
/// row, and how tall its rows are together.
type RowsOfRole = (Vec<NodeId>, (f64, f64), usize, f64);

/// Proposers, acceptors and learners, each with their role, in the order of the rows (and of
/// the columns).
fn roles(m: &Membership) -> [(Vec<NodeId>, NodeKind); 3] {
    [
        (m.proposer_ids().collect(), NodeKind::Proposer),
        (m.acceptor_ids().collect(), NodeKind::Acceptor),
        (m.learner_ids().collect(), NodeKind::Learner),
    ]
}

/// Cards of `ids`, `card` (width, height) each, on an ellipse from the top clockwise, in the
/// band `left..left + width` from `top` down: as wide as the band, as tall as it takes for no
/// two cards to touch, with `gap` between cards one above the other (room for labels). Where
/// two cards side by side cannot fit the band (six on a phone), they go round in two columns
/// instead, down the right and up the left. Returns the cards and the lowest card's bottom.
pub fn ring_in(
    ids: &[NodeId],
    left: f64,
    width: f64,
    top: f64,
    (w, h): (f64, f64),
    gap: f64,
) -> (Vec<NodeBox>, f64) {
    use fit::MARGIN as M;
    let n = ids.len();
    let cx = left + width / 2.0;
    let angle =
        |i: usize| -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
    // The widest-apart cards touch the margins (three nodes' lower two sit at cos 30°).
    let widest = if n <= 2 {
        1.0
    } else {
        (0..n).map(|i| angle(i).cos().abs()).fold(0.0, f64::max)
    };
    let rx = ((width / 2.0 - w / 2.0 - M) / widest).max(0.0);
    let place = |ry: f64| -> Vec<NodeBox> {
        let cy = top + h / 2.0 + ry;
        ids.iter()
            .enumerate()
            .map(|(i, &id)| {
                let (x, y) = match n {
                    1 => (cx, cy),
                    2 => (cx + if i == 0 { -rx } else { rx }, cy),
                    _ => (cx + rx * angle(i).cos(), cy + ry * angle(i).sin()),
                };
                NodeBox { id, x, y, w, h }
            })
            .collect()
    };
    let apart = |nodes: &[NodeBox]| {
        nodes.iter().enumerate().all(|(i, a)| {
            nodes[i + 1..].iter().all(|b| {
                (a.x - b.x).abs() >= (a.w + b.w) / 2.0 + 2.0 * M
                    || (a.y - b.y).abs() >= (a.h + b.h) / 2.0 + gap
            })
        })
    };
    // Grow the ellipse until the cards are apart (n is a handful: a few dozen tries).
    // At least tall enough that the top card and those below it are a band apart: a ring,
    // not a line, even where the width alone would keep them apart.
    let mut ry = if n <= 2 { 0.0 } else { (h + gap) / 1.5 };
    let mut nodes = place(ry);
    while !apart(&nodes) && ry < 8.0 * h {
        ry += 10.0;
        nodes = place(ry);
    }
    if apart(&nodes) {
        let bottom = nodes.iter().map(|b| b.y + b.h / 2.0).fold(top, f64::max);
        return (nodes, bottom);
    }
    let rows = n.div_ceil(2);
    let step = h + gap;
    let nodes: Vec<NodeBox> = ids
        .iter()
        .enumerate()
        .map(|(i, &id)| {
            let (col, row) = if i < rows {
                (1.0, i)
            } else {
                (-1.0, n - 1 - i)
            };
            NodeBox {
                id,
                x: cx + col * (width / 2.0 - w / 2.0 - M),
                y: top + h / 2.0 + row as f64 * step,
                w,
                h,
            }
        })
        .collect();
    (nodes, top + h + (rows.max(1) - 1) as f64 * step)
}

/// How much a card says: everything, with shorter words, or only its values (a phone's row
/// of five acceptors). Chosen by the card's width, so that no line leaves its card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wording {
    /// The desktop card's lines (`ballot 2.p1 · accepting`).
    Full,
    /// A proposer without the word "ballot" (`2.p1 · accepting`).
    Short,
    /// One value a line (`2.p1`, `accepting`; an acceptor's `P 2.p1`, `A 1.p2`, `= B`).
    Tiny,
}

/// The wording a card of `kind`, `w` wide, has room for ([`Wording::Full`] on the desktop
/// drawing, whose cards are sized for it).
pub fn wording(kind: NodeKind, w: f64, fitted: bool) -> Wording {
    if !fitted {
        return Wording::Full;
    }
    let chars = fit::chars(w);
    let (full, short) = match kind {
        NodeKind::Proposer | NodeKind::Node => (24, 18),
        NodeKind::Acceptor => (18, 18),
        NodeKind::Learner | NodeKind::Client => (11, 11),
    };
    if chars >= full {
        Wording::Full
    } else if chars >= short {
        Wording::Short
    } else {
        Wording::Tiny
    }
}

/// The drawing at its on-screen size ([`Geometry::fitted`]): its text in CSS pixels (the
/// stylesheet's `svg.cluster.fitted` rules have the same sizes) and its cards' bounds.
pub mod fit {
    use super::Wording;
    use paxos_core::NodeKind;

    /// Narrowest box laid out (a 320-px phone less its margins); a narrower one scales down.
    pub const MIN_WIDTH: f64 = 300.0;
    /// Widest: past this the cards stop growing and only the gaps between them do.
    pub const MAX_WIDTH: f64 = 1600.0;
    /// Around the drawing.
    pub const MARGIN: f64 = 6.0;
    /// Between two cards of a row (five tiny acceptors fit a 360-px phone's box).
    pub const GAP: f64 = 6.0;
    /// Between two rows of one role.
    pub const ROW_GAP: f64 = 14.0;
    /// A glyph of a card's lines and of the labels (12 px monospace is 0.6 em wide).
    pub const CH: f64 = 7.2;
    /// A card's line.
    pub const LINE_H: f64 = 16.0;
    /// A card's name row.
    pub const NAME_H: f64 = 28.0;
    /// Left of a card's text: its ballot colour's bar and a gap.
    pub const TEXT_X: f64 = 10.0;
    /// A label's glyph.
    pub const LABEL_CH: f64 = 7.2;
    /// A label's height.
    pub const LABEL_H: f64 = 22.0;
    /// The legend under a drawing with tiny cards.
    pub const LEGEND_H: f64 = 22.0;

    /// How many glyphs of a line fit in a card `w` wide.
    pub fn chars(w: f64) -> usize {
        ((w - TEXT_X - 4.0) / CH).floor().max(0.0) as usize
    }

    /// The narrowest card of a role before its row wraps.
    pub fn min_width(kind: NodeKind) -> f64 {
        match kind {
            NodeKind::Proposer | NodeKind::Node => 100.0,
            NodeKind::Acceptor => 57.0,
            NodeKind::Learner | NodeKind::Client => 96.0,
        }
    }

    /// The widest card of a role: room for its full lines.
    pub fn max_width(kind: NodeKind) -> f64 {
        match kind {
            NodeKind::Proposer | NodeKind::Node => 196.0,
            NodeKind::Acceptor => 156.0,
            NodeKind::Learner | NodeKind::Client => 132.0,
        }
    }

    /// How many lines a card of `kind` shows in `wording`.
    pub fn lines(kind: NodeKind, wording: Wording) -> usize {
        let proposer = if wording == Wording::Tiny { 4 } else { 3 };
        let acceptor = if wording == Wording::Tiny { 3 } else { 2 };
        match kind {
            NodeKind::Proposer => proposer,
            NodeKind::Acceptor => acceptor,
            NodeKind::Learner | NodeKind::Client => 1,
            NodeKind::Node => proposer + acceptor + 1,
        }
    }

    /// A card's height: its name row and its lines.
    pub fn card_height(kind: NodeKind, wording: Wording) -> f64 {
        NAME_H + LINE_H * lines(kind, wording) as f64 + 8.0
    }
}

/// A message arrow with its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// The message.
    pub id: MsgId,
    /// Start (at the sender's card edge).
    pub from: (f64, f64),
    /// End (at the receiver's card edge).
    pub to: (f64, f64),
    /// The label's box.
    pub label: Rect,
}

/// Label height.
pub const LABEL_H: f64 = 26.0;
/// [`LABEL_H`] as an SVG attribute (formatting a float would link the float printer).
pub const LABEL_H_ATTR: &str = "26";

/// Label width for `text` in the drawing's monospace label font (14 units, 0.6 em a glyph).
pub fn label_width(text: &str) -> f64 {
    text.chars().count() as f64 * 8.5 + 16.0
}

/// Where a ray from the centre of `b` towards `(tx, ty)` leaves the card.
fn edge_point(b: &NodeBox, tx: f64, ty: f64) -> (f64, f64) {
    let (dx, dy) = (tx - b.x, ty - b.y);
    let sx = if dx.abs() > 1e-9 {
        (b.w / 2.0 + 4.0) / dx.abs()
    } else {
        f64::INFINITY
    };
    let sy = if dy.abs() > 1e-9 {
        (b.h / 2.0 + 4.0) / dy.abs()
    } else {
        f64::INFINITY
    };
    let s = sx.min(sy).min(1.0);
    (b.x + dx * s, b.y + dy * s)
}

/// Where a drawing's labels went, so that the next layout can keep them there (both
/// protocols' drawings): the cards they were placed around, and each message's pill by
/// message and channel. After a jump to another run, a message with the same number between
/// other nodes is another message, drawn by its own arrow.
#[derive(Clone, Debug, Default)]
pub struct Placement {
    geometry: Option<Geometry>,
    labels: std::collections::HashMap<(MsgId, NodeId, NodeId), Rect>,
}

impl Placement {
    /// The pills `drawn` around the cards of `geometry`.
    pub fn of<'a, M: 'a>(
        geometry: &Geometry,
        drawn: impl IntoIterator<Item = (&'a Envelope<M>, Rect)>,
    ) -> Placement {
        Placement {
            geometry: Some(geometry.clone()),
            labels: drawn
                .into_iter()
                .map(|(m, r)| ((m.id, m.from, m.to), r))
                .collect(),
        }
    }

    /// This placement if it was made around the same cards as `geometry` (else nothing of it
    /// can be kept).
    pub fn on(&self, geometry: &Geometry) -> Option<&Placement> {
        (self.geometry.as_ref() == Some(geometry)).then_some(self)
    }

    /// The cards this placement was made around.
    pub fn geometry(&self) -> Option<&Geometry> {
        self.geometry.as_ref()
    }

    /// Where `m`'s pill was drawn.
    pub fn label<M>(&self, m: &Envelope<M>) -> Option<Rect> {
        self.labels.get(&(m.id, m.from, m.to)).copied()
    }
}

/// Places every message's arrow and label. `labels[i]` is the label text of `msgs[i]`.
/// Any protocol's messages: only the ids and the two ends matter.
pub fn arrows<M>(geom: &Geometry, msgs: &[Envelope<M>], labels: &[String]) -> Vec<Arrow> {
    let sizes: Vec<(f64, f64)> = labels.iter().map(|l| geom.label_size(l)).collect();
    // A fitted drawing's labels are wide next to it: search as far as the Multi-Paxos one.
    arrows_sized(geom, msgs, &sizes, geom.fitted, &[])
}

/// [`arrows`] with each label's box size given: `(width, height)` of `msgs[i]`'s label (a
/// stack of labels, for a channel drawn as one arrow). `wide` searches further along and off
/// each arrow for a free spot (the Multi-Paxos drawing, whose labels are long); without it
/// the placement is the single-decree drawing's.
///
/// `keep[i]`, where given, is where `msgs[i]`'s label was drawn a moment ago (on this same
/// geometry): it stays there if nothing has come to cover it since, even where a spot nearer
/// its arrow has come free, so that a step moves only the labels it must.
pub fn arrows_sized<M>(
    geom: &Geometry,
    msgs: &[Envelope<M>],
    sizes: &[(f64, f64)],
    wide: bool,
    keep: &[Option<Rect>],
) -> Vec<Arrow> {
    let cards: Vec<Rect> = geom.nodes.iter().map(NodeBox::rect).collect();
    let mut placed: Vec<Rect> = Vec::new();
    let mut out = Vec::new();
    for (i, m) in msgs.iter().enumerate() {
        let (Some(a), Some(b)) = (geom.node(m.from), geom.node(m.to)) else {
            continue;
        };
        // The two directions between a pair run on parallel lines, 8 units either side.
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let side = if m.from < m.to { 1.0 } else { -1.0 };
        let (ox, oy) = (-dy / len * 8.0 * side, dx / len * 8.0 * side);
        let from = edge_point(a, b.x + ox, b.y + oy);
        let from = (from.0 + ox, from.1 + oy);
        let to = edge_point(b, a.x + ox, a.y + oy);
        let to = (to.0 + ox, to.1 + oy);
        let (w, lh) = sizes[i];
        // A stack of labels hangs from its first row, which is centred on the spot (a single
        // label is centred on it): a message added to the stack, or the last one's leaving,
        // then moves none of the others.
        let row = lh.min(geom.label_size("").1);
        // Unit normal to the arrow, for sliding a label off its line when the line is busy.
        let (nx, ny) = (-dy / len, dx / len);
        // Kept inside the drawing: a label past its edge would be cut off (or, on a phone,
        // push the page sideways).
        let inside = |v: f64, size: f64, room: f64| v.min(room - size - 2.0).max(2.0);
        let at = |t: f64, off: f64| Rect {
            x: inside(
                from.0 + (to.0 - from.0) * t + nx * off - w / 2.0,
                w,
                geom.width,
            ),
            y: inside(
                from.1 + (to.1 - from.1) * t + ny * off - row / 2.0,
                lh,
                geom.height,
            ),
            w,
            h: lh,
        };
        // Labels start near their sender, so the two directions of a pair do not collide, and
        // move along (and a little off) the arrow to where they cover the least; a small
        // penalty keeps them close to the preferred spot when several are free.
        let mut best = (f64::INFINITY, at(0.35, 0.0));
        // The label's last spot is kept while no label placed before it covers it (the cards
        // are where they were: what it covers of them, it covered when it was chosen).
        if let Some(&Some(r)) = keep.get(i) {
            let r = Rect {
                x: inside(r.x, w, geom.width),
                y: inside(r.y, lh, geom.height),
                w,
                h: lh,
            };
            if placed.iter().all(|p| p.overlap(&r) == 0.0) {
                placed.push(r);
                out.push(Arrow {
                    id: m.id,
                    from,
                    to,
                    label: r,
                });
                continue;
            }
        }
        // A stack of labels (taller than one) may slide further off its arrow, in steps of
        // half its height; a single label keeps the single-decree drawing's steps.
        let (offs, step): (&[f64], f64) = if wide {
            (
                &[0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 4.0, -4.0],
                (lh / 2.0).max(15.0),
            )
        } else {
            (&[0.0, 1.0, -1.0, 2.0, -2.0], 15.0)
        };
        const ALONG: [f64; 13] = [
            0.35, 0.45, 0.25, 0.55, 0.3, 0.4, 0.5, 0.2, 0.6, 0.65, 0.7, 0.75, 0.8,
        ];
        const FURTHER: [f64; 4] = [0.15, 0.85, 0.1, 0.9];
        let along = ALONG.iter().chain(if wide { &FURTHER[..] } else { &[] });
        'search: for &off in offs {
            // The cost of a spot is its cover plus its distance from the preferred one, so a
            // spot no nearer than the best so far cannot beat it (`offs` go outwards): skipping
            // it leaves the choice exactly as the full search makes it, at a fraction of the
            // overlap tests (a busy Multi-Paxos drawing places dozens of labels a step).
            if off.abs() * 12.0 >= best.0 {
                break;
            }
            for &t in along.clone() {
                if (t - 0.35).abs() * 40.0 + off.abs() * 12.0 >= best.0 {
                    continue;
                }
                let r = at(t, off * step * side);
                // Wide: a label hidden under another is worse than one over a card's edge
                // (on a fitted drawing, whose cards are small, as bad).
                let card_weight = if geom.fitted { 4.0 } else { 1.0 };
                let cover: f64 = if wide {
                    placed.iter().map(|p| p.overlap(&r) * 4.0).sum::<f64>()
                        + cards
                            .iter()
                            .map(|p| p.overlap(&r) * card_weight)
                            .sum::<f64>()
                } else {
                    placed.iter().chain(&cards).map(|p| p.overlap(&r)).sum()
                };
                let cost = cover + (t - 0.35).abs() * 40.0 + off.abs() * 12.0;
                if cost < best.0 {
                    best = (cost, r);
                }
                if cover == 0.0 && off == 0.0 && t == 0.35 {
                    break 'search;
                }
            }
        }
        placed.push(best.1);
        out.push(Arrow {
            id: m.id,
            from,
            to,
            label: best.1,
        });
    }
    out
}

/// A colour-blind-safe colour for a ballot (Okabe and Ito's palette, without yellow, which
/// is unreadable on white). Ballots of different proposers in the same round, and successive
/// rounds of one proposer, get different colours.
pub fn ballot_color(ballot: Ballot) -> &'static str {
    PALETTE[ballot_index(ballot)]
}

/// The ballot colours (Okabe-Ito, safe for colour-blind readers). `www/paxos-viz.css` has the
/// same list as the classes `.b0` to `.b5` (a test keeps them equal).
pub const PALETTE: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
];

fn ballot_index(ballot: Ballot) -> usize {
    (ballot.round as usize * 2 + ballot.proposer.index as usize) % PALETTE.len()
}

/// The CSS class that colours a ballot on the page (`b0` to `b5`). The page uses classes, not
/// inline styles, so that it runs under a Content-Security-Policy without `'unsafe-inline'`.
pub fn ballot_class(ballot: Ballot) -> &'static str {
    const CLASSES: [&str; 6] = ["b0", "b1", "b2", "b3", "b4", "b5"];
    CLASSES[ballot_index(ballot)]
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The ballot colours as a reader with each common colour-vision deficiency sees them
    /// (Machado, Oliveira and Fernandes 2009, full severity: protanopia, deuteranopia,
    /// tritanopia), and with none: every pair stays at least 15 apart in CIELAB (ΔE*76; about
    /// 2.3 is the smallest difference people notice, and 10 reads as another colour).
    #[test]
    fn the_ballot_colours_stay_apart_for_colour_blind_readers() {
        const SIMULATIONS: [(&str, [[f64; 3]; 3]); 4] = [
            ("none", [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]),
            (
                "protanopia",
                [
                    [0.152286, 1.052583, -0.204868],
                    [0.114503, 0.786281, 0.099216],
                    [-0.003882, -0.048116, 1.051998],
                ],
            ),
            (
                "deuteranopia",
                [
                    [0.367322, 0.860646, -0.227968],
                    [0.280085, 0.672501, 0.047413],
                    [-0.011820, 0.042940, 0.968881],
                ],
            ),
            (
                "tritanopia",
                [
                    [1.255528, -0.076749, -0.178779],
                    [-0.078411, 0.930809, 0.147602],
                    [0.004733, 0.691367, 0.303900],
                ],
            ),
        ];
        let linear = |hex: &str, i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let lab = |[r, g, b]: [f64; 3]| {
            let (x, y, z) = (
                (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
                0.2126 * r + 0.7152 * g + 0.0722 * b,
                (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
            );
            let f = |t: f64| {
                if t > 0.008856 {
                    t.cbrt()
                } else {
                    7.787 * t + 16.0 / 116.0
                }
            };
            [
                116.0 * f(y) - 16.0,
                500.0 * (f(x) - f(y)),
                200.0 * (f(y) - f(z)),
            ]
        };
        for (name, m) in SIMULATIONS {
            let seen: Vec<[f64; 3]> = PALETTE
                .iter()
                .map(|hex| {
                    let c = [linear(hex, 0), linear(hex, 1), linear(hex, 2)];
                    lab(std::array::from_fn(|r| {
                        (0..3).map(|k| m[r][k] * c[k]).sum::<f64>().clamp(0.0, 1.0)
                    }))
                })
                .collect();
            for a in 0..seen.len() {
                for b in a + 1..seen.len() {
                    let d = (0..3)
                        .map(|k| (seen[a][k] - seen[b][k]).powi(2))
                        .sum::<f64>()
                        .sqrt();
                    assert!(
                        d >= 15.0,
                        "{name}: {} and {} are only {d:.1} apart",
                        PALETTE[a],
                        PALETTE[b]
                    );
                }
            }
        }
    }

    #[test]
    fn the_label_height_attribute_is_the_label_height() {
        assert_eq!(LABEL_H_ATTR.parse::<f64>(), Ok(LABEL_H));
    }

    #[test]
    fn the_stylesheet_has_the_ballot_palette() {
        let css = include_str!("../www/paxos-viz.css");
        for (i, c) in PALETTE.iter().enumerate() {
            let rule = format!(".b{i} {{ --c: {c}; }}");
            assert!(css.contains(&rule), "www/paxos-viz.css lacks `{rule}`");
        }
        let b = Ballot::new(3, NodeId::proposer(1));
        assert_eq!(ballot_class(b), format!("b{}", (3 * 2 + 1) % 6));
        assert_eq!(ballot_color(b), PALETTE[(3 * 2 + 1) % 6]);
    }
    use paxos_core::Message;

    #[test]
    fn rows_and_columns_keep_cards_apart_and_inside() {
        let shapes = [(1, 1, 0), (2, 3, 1), (4, 9, 3)];
        let rows = shapes.map(|(p, a, l)| Geometry::new(&Membership::separate(p, a, l)));
        let columns = shapes.map(|(p, a, l)| Geometry::columns(&Membership::separate(p, a, l)));
        // Columns are the wide, short shape a widget needs.
        assert!(
            columns[1].width / columns[1].height > 2.5,
            "{:?}",
            columns[1]
        );
        assert!(rows[1].width / rows[1].height < 2.0);
        for (g, (p, a, l)) in rows.iter().chain(&columns).zip(shapes.iter().cycle()) {
            assert_eq!(g.nodes.len(), (p + a + l) as usize);
            assert_cards_inside_and_apart(g, &format!("{p}x{a}x{l}"));
        }
        for (p, a, l) in shapes {
            for w in [300.0, 360.0, 600.0, 900.0] {
                let g = Geometry::fitted(&Membership::separate(p, a, l), w, 400.0);
                assert_cards_inside_and_apart(&g, &format!("{p}x{a}x{l} fitted to {w}"));
            }
        }
        for n in 1..=paxos_sim::Config::MAX_ACCEPTORS {
            let m = Membership::combined(n);
            let fitted = [300.0, 360.0, 600.0, 900.0].map(|w| Geometry::fitted(&m, w, 400.0));
            for g in [Geometry::new(&m), Geometry::columns(&m)]
                .iter()
                .chain(&fitted)
            {
                assert_cards_inside_and_apart(g, &format!("{n} combined"));
            }
        }
    }

    /// Every card lies inside the drawing, and no two cards overlap.
    pub(crate) fn assert_cards_inside_and_apart(g: &Geometry, shape: &str) {
        for (i, a) in g.nodes.iter().enumerate() {
            assert!(
                a.x - a.w / 2.0 >= 0.0 && a.x + a.w / 2.0 <= g.width,
                "{shape}: {a:?}"
            );
            assert!(
                a.y - a.h / 2.0 >= 0.0 && a.y + a.h / 2.0 <= g.height,
                "{shape}: {a:?}"
            );
            for b in &g.nodes[i + 1..] {
                assert_eq!(
                    a.rect().overlap(&b.rect()),
                    0.0,
                    "{shape}: {a:?} overlaps {b:?}"
                );
            }
        }
    }

    #[test]
    fn labels_of_a_round_trip_do_not_overlap() {
        let m = Membership::separate(2, 3, 1);
        let g = Geometry::new(&m);
        let b = Ballot::new(1, NodeId::proposer(1));
        let mut msgs = Vec::new();
        for (i, acc) in m.acceptor_ids().enumerate() {
            msgs.push(Envelope {
                id: 2 * i as u32 + 1,
                from: NodeId::proposer(1),
                to: acc,
                payload: Message::Prepare { ballot: b },
                sent_step: 1,
            });
            msgs.push(Envelope {
                id: 2 * i as u32 + 2,
                from: acc,
                to: NodeId::proposer(1),
                payload: Message::Promise {
                    ballot: b,
                    last_accepted: None,
                },
                sent_step: 2,
            });
        }
        let labels: Vec<String> = msgs.iter().map(|m| m.payload.to_string()).collect();
        let arrows = arrows(&g, &msgs, &labels);
        assert_eq!(arrows.len(), 6);
        for (i, a) in arrows.iter().enumerate() {
            for c in &g.nodes {
                assert_eq!(
                    a.label.overlap(&c.rect()),
                    0.0,
                    "label {} covers {}",
                    a.id,
                    c.id
                );
            }
            for o in &arrows[i + 1..] {
                assert_eq!(
                    a.label.overlap(&o.label),
                    0.0,
                    "labels {} and {} overlap",
                    a.id,
                    o.id
                );
            }
        }
    }

    #[test]
    fn ballots_get_distinct_colours() {
        let b = |r, p| ballot_color(Ballot::new(r, NodeId::proposer(p)));
        assert_ne!(b(1, 1), b(1, 2));
        assert_ne!(b(1, 1), b(2, 1));
        assert_ne!(b(2, 1), b(2, 2));
    }
}
