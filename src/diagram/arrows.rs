//! The arrows' geometry: a cubic Bézier from one node's edge to another's (on the
//! stage, a few of them end to end between bands), and the point a token has reached
//! along it. Pure.

use sim_core::view::Link;

use super::layout::{Graph, Node};
use super::node::{hangs_chips, CHIP_ROOM_RIGHT, STAGE_CHIPS_HANG};

/// The bottom of a band's lowest box, or the top of its highest.
fn band_edge(g: &Graph, band: u32, bottom: bool) -> Option<f64> {
    let ys = g.nodes.iter().filter(|n| n.band == band);
    if bottom {
        ys.map(Node::bottom).reduce(f64::max)
    } else {
        ys.map(|n| n.y).reduce(f64::min)
    }
}

/// One cubic Bézier: start, two control points, end.
pub type Segment = [(f64, f64); 4];

fn straight(a: (f64, f64), b: (f64, f64)) -> Segment {
    [a, a, b, b]
}

/// The gap an arrow between bands runs along: below `a`'s band going down, above it
/// going up.
fn gap_of(a: &Node, b: &Node) -> u32 {
    if b.band > a.band {
        a.band
    } else {
        a.band.saturating_sub(1)
    }
}

/// An arrow's place among the others that share its way, and how many share it:
/// arrows along one gap, or down one gutter, are drawn side by side, not on one line
/// (where a DLQ's arrow to its alarm read as feeding the worker above the alarm).
fn lane(g: &Graph, a: &Node, b: &Node, shares: impl Fn(&Node, &Node) -> bool) -> (f64, f64) {
    let mut sharing: Vec<(f64, f64, f64)> = g
        .edges
        .iter()
        .filter_map(|e| Some((g.node(&e.from)?, g.node(&e.to)?)))
        .filter(|(x, y)| x.band != y.band && shares(x, y))
        .map(|(x, y)| (x.cx(), y.y, x.y))
        .collect();
    sharing.sort_by(|p, q| p.partial_cmp(q).unwrap_or(std::cmp::Ordering::Equal));
    let me = (a.cx(), b.y, a.y);
    let at = sharing.iter().position(|p| *p == me).unwrap_or(0);
    (at as f64, sharing.len().max(1) as f64)
}

/// Between two bands, from a box straight up or down into one it lies under or over,
/// when their widths overlap and nothing stands between: lab 004's OrderWorkerFunction
/// writing to the Orders table above it went round into the table's side and shared
/// CreateOrderFunction's arrowhead there, and the room could not tell who wrote.
fn straight_across(g: &Graph, a: &Node, b: &Node) -> Option<Vec<Segment>> {
    const INSET: f64 = 20.0;
    let (left, right) = ((a.x).max(b.x) + INSET, (a.x + a.w).min(b.x + b.w) - INSET);
    let (upper, lower) = if b.band < a.band { (b, a) } else { (a, b) };
    if left > right || hangs_chips(upper.kind) {
        return None;
    }
    let x = (left + right) / 2.0;
    let (y1, y2) = if b.band < a.band {
        (a.y, b.bottom())
    } else {
        (a.bottom(), b.y)
    };
    let way = vec![straight((x, y1), (x, y2))];
    (lower.y > upper.bottom() && clear(g, a, b, &way)).then_some(way)
}

/// Between two bands of the stage: out of the box's bottom (top, going up) into the
/// gap between the bands, along the gap to the gutter left of the other box, along
/// the gutter, and into its left side. Nothing is crossed on the way; arrows that
/// share the gap or the gutter keep a few pixels apart.
fn across_bands(g: &Graph, a: &Node, b: &Node) -> Vec<Segment> {
    const R: f64 = 12.0;
    const LANE: f64 = 7.0;
    let down = b.band > a.band;
    let (from_y, gap, room) = if down {
        match (band_edge(g, a.band, true), band_edge(g, a.band + 1, false)) {
            (Some(low), Some(next)) => (a.bottom(), (low + next) / 2.0, next - low),
            _ => (a.bottom(), a.bottom() + 20.0, 40.0),
        }
    } else {
        match (
            band_edge(g, a.band, false),
            band_edge(g, a.band.saturating_sub(1), true),
        ) {
            (Some(high), Some(prev)) => (a.y, (high + prev) / 2.0, high - prev),
            _ => (a.y, a.y - 20.0, 40.0),
        }
    };
    let (gap_lane, gap_lanes) = lane(g, a, b, |x, y| gap_of(x, y) == gap_of(a, b));
    let spacing = LANE.min((room - 2.0 * R) / gap_lanes);
    let gap = gap + (gap_lane - (gap_lanes - 1.0) / 2.0) * spacing.max(0.0);
    let (col_lane, _) = lane(g, a, b, |_, y| (y.x - b.x).abs() < 1.0);
    let sign = if down { 1.0 } else { -1.0 };
    let gutter = b.x - (b.x / 2.0).min(16.0 + col_lane * LANE);
    let mid = b.y + b.h / 2.0;
    let ax = if down { bottom_x(a) } else { a.cx() };
    let r = R * sign;
    vec![
        straight((ax, from_y), (ax, gap - r)),
        [(ax, gap - r), (ax, gap), (gutter, gap), (gutter, gap + r)],
        straight((gutter, gap + r), (gutter, mid - r)),
        [(gutter, mid - r), (gutter, mid), (gutter, mid), (b.x, mid)],
    ]
}

/// Where an arrow leaves or enters a box by its bottom: its middle, or on a queue,
/// right of the in-flight chips that hang from it (node.rs).
fn bottom_x(n: &Node) -> f64 {
    if hangs_chips(n.kind) {
        n.x + n.w - CHIP_ROOM_RIGHT / 2.0
    } else {
        n.cx()
    }
}

/// Whether a way runs through no box but its two ends'.
fn clear(g: &Graph, a: &Node, b: &Node, way: &[Segment]) -> bool {
    (1..60).all(|i| {
        let (x, y) = bezier(way, f64::from(i) / 60.0);
        !g.nodes.iter().any(|n| {
            n.name != a.name
                && n.name != b.name
                && x > n.x + 1.0
                && x < n.x + n.w - 1.0
                && y > n.y + 1.0
                && y < n.bottom() - 1.0
        })
    })
}

/// Around what stands between two boxes (on the stage, a queue's DLQ sits between the
/// queue and its consumer): out of `a`'s top, along the gap above both, into `b`'s top
/// (`above`); or out of `a`'s bottom, along the gap below both, into `b`'s bottom.
fn around(a: &Node, b: &Node, above: bool) -> Vec<Segment> {
    const R: f64 = 10.0;
    let x1 = a.x + a.w - 30.0;
    let (x2, ya, yb, y) = if above {
        // Close over the boxes: the gap above them is where the row above hangs its
        // in-flight chips.
        let top = a.y.min(b.y);
        (b.x + 30.0, a.y, b.y, top - (top / 2.0).min(5.0))
    } else {
        // Below the chips the boxes in between may hang, into `b` right of its own.
        let low = a.bottom().max(b.bottom()) + STAGE_CHIPS_HANG + 8.0;
        (bottom_x(b), a.bottom(), b.bottom(), low)
    };
    vec![
        [(x1, ya), (x1, y), (x1, y), (x1 + R, y)],
        straight((x1 + R, y), (x2 - R, y)),
        [(x2 - R, y), (x2, y), (x2, y), (x2, yb)],
    ]
}

/// Out of `a`'s top (or bottom) into the gap just above (below) its row, along it to
/// the gutter left of `b`'s column, along the gutter, into `b`'s left side. The run
/// along the gap keeps off the height where another box of `b`'s column takes its
/// arrow in, so it does not read as that box's arrow.
fn via_gutter(g: &Graph, a: &Node, b: &Node, above: bool) -> Vec<Segment> {
    const R: f64 = 10.0;
    const DODGE: f64 = 9.0;
    let x1 = a.x + a.w - 30.0;
    let extra = extra_room_left_of(g, b);
    let gx = b.x - 17.0 - gutter_lane(g, b, extra) - extra / 4.0;
    let (ya, y) = if above {
        (a.y, a.y - room_above(g, a, x1, gx))
    } else {
        (a.bottom(), a.bottom() + 14.0)
    };
    let takes_arrow_at = |y: f64| {
        g.nodes.iter().any(|n| {
            n.name != b.name && (n.x - b.x).abs() < 1.0 && (n.y + n.h / 2.0 - y).abs() < DODGE
        })
    };
    let y = if takes_arrow_at(y) {
        y + if above { -DODGE } else { DODGE }
    } else {
        y
    };
    let mid = b.y + b.h / 2.0;
    if (mid - y).abs() < 2.0 * R {
        // Too little height for two corners: along the gap, then an easy S into `b`.
        return vec![
            [(x1, ya), (x1, y), (x1, y), (x1 + R, y)],
            straight((x1 + R, y), (gx - R, y)),
            [(gx - R, y), (gx + 4.0, y), (gx + 4.0, mid), (b.x, mid)],
        ];
    }
    let turn = if mid > y { R } else { -R };
    vec![
        [(x1, ya), (x1, y), (x1, y), (x1 + R, y)],
        straight((x1 + R, y), (gx - R, y)),
        [(gx - R, y), (gx, y), (gx, y), (gx, y + turn)],
        straight((gx, y + turn), (gx, mid - turn)),
        [(gx, mid - turn), (gx, mid), (gx, mid), (b.x, mid)],
    ]
}

/// How far above `a` a run along the gap over its row goes: close over it (5 px) when
/// the row above hangs in-flight chips into that gap, else midway, clear of the
/// boxes' borders (lab 003's run hugged payments-dlq's top and read as its edge).
fn room_above(g: &Graph, a: &Node, x1: f64, x2: f64) -> f64 {
    let above = g
        .nodes
        .iter()
        .filter(|n| n.band == a.band && n.bottom() <= a.y && n.x < x2 && n.x + n.w > x1);
    let lowest = above.clone().map(Node::bottom).reduce(f64::max);
    match lowest {
        Some(low)
            if !above
                .filter(|n| n.bottom() == low)
                .any(|n| hangs_chips(n.kind)) =>
        {
            (a.y - low) / 2.0
        }
        _ => (a.y / 2.0).min(5.0),
    }
}

/// How much wider than usual the gap left of `b` is (stage.rs widens it where a DLQ's
/// arrow comes in): the gutter lines move left by a quarter of it, clear of that
/// arrowhead, and spread wider apart (`gutter_lane`).
fn extra_room_left_of(g: &Graph, b: &Node) -> f64 {
    let left = g
        .nodes
        .iter()
        .filter(|n| n.band == b.band && n.x + n.w <= b.x)
        .map(|n| n.x + n.w)
        .reduce(f64::max);
    left.map_or(0.0, |l| (b.x - l - super::stage::COL_GAP).max(0.0))
}

/// How far left of the usual gutter line the arrow into `b` runs: each box of `b`'s
/// column fed from further left gets its own line, the lowest nearest the column, so
/// in lab 003 payments-queue's and inventory-queue's arrows to their two processors
/// neither share a line nor cross.
fn gutter_lane(g: &Graph, b: &Node, extra_room: f64) -> f64 {
    let mut fed: Vec<&Node> = g
        .edges
        .iter()
        .filter_map(|e| Some((g.node(&e.from)?, g.node(&e.to)?)))
        .filter(|(a, t)| a.band == b.band && (t.x - b.x).abs() < 1.0 && a.x + a.w + 40.0 < t.x)
        .map(|(_, t)| t)
        .collect();
    fed.sort_by(|p, q| q.y.total_cmp(&p.y));
    fed.dedup_by(|p, q| p.name == q.name);
    let lanes = fed.len().max(1);
    let lane = fed.iter().position(|n| n.name == b.name).unwrap_or(0);
    // Wider apart where the gap was widened: 12 px apart, the upper line's corner
    // read as running into the lower line (the rehearsal).
    // Within the gap: the outermost line stays right of the column on its left.
    let room = 14.0 + 0.75 * extra_room;
    let spacing =
        (room / (lanes - 1).max(1) as f64).min(if extra_room > 0.0 { 24.0 } else { 12.0 });
    lane as f64 * spacing
}

/// An arrow's way: one or more cubic Béziers end to end.
pub fn curve(g: &Graph, e: &Link) -> Option<Vec<Segment>> {
    let (a, b) = (g.node(&e.from)?, g.node(&e.to)?);
    if a.band != b.band {
        return Some(straight_across(g, a, b).unwrap_or_else(|| across_bands(g, a, b)));
    }
    let direct = direct(g, a, b);
    if g.stage && b.x > a.x && !clear(g, a, b, &direct) {
        // Over the top into `b`'s top only beside it in its row: into a box a row up,
        // the run lay in the gap between bands, a few pixels under the arrows between
        // them, and lab 004's queue read as fed by the SNS topic (the rehearsal).
        let same_row = (a.y - b.y).abs() < 1.0;
        let ways = [
            same_row.then(|| around(a, b, true)),
            same_row.then(|| around(a, b, false)),
            Some(via_gutter(g, a, b, true)),
            Some(via_gutter(g, a, b, false)),
        ];
        for way in ways.into_iter().flatten() {
            if clear(g, a, b, &way) {
                return Some(way);
            }
        }
    }
    Some(direct)
}

/// Within a band: a forward S-curve, straight down to a DLQ under its queue, or a loop
/// back under everything in between.
fn direct(g: &Graph, a: &Node, b: &Node) -> Vec<Segment> {
    vec![if (a.x - b.x).abs() < 1.0 {
        // Same column (queue → its DLQ): straight down.
        let (x, y1, y2) = (a.cx(), a.bottom(), b.y);
        [(x, y1), (x, y1 + 10.0), (x, y2 - 10.0), (x, y2)]
    } else if b.x > a.x {
        let (x1, y1, x2, y2) = (a.x + a.w, a.y + a.h / 2.0, b.x, b.y + b.h / 2.0);
        let dx = (x2 - x1) / 2.0;
        [(x1, y1), (x1 + dx, y1), (x2 - dx, y2), (x2, y2)]
    } else {
        // Back to an earlier column (a worker writing the table it was fed from): loop
        // under everything in between.
        let (x1, y1, x2, y2) = (bottom_x(a), a.bottom(), bottom_x(b), b.bottom());
        let lowest = g
            .nodes
            .iter()
            .filter(|n| n.band == a.band && n.x >= b.x && n.x <= a.x)
            .map(|n| {
                n.bottom()
                    + if hangs_chips(n.kind) && g.stage {
                        STAGE_CHIPS_HANG
                    } else {
                        0.0
                    }
            })
            .fold(y1.max(y2), f64::max);
        // Inside the drawing: a one-row pipeline (lab 004's first stage) has only the
        // margin below it.
        let low = (lowest + 22.0).min(g.height - 2.0);
        [(x1, y1), (x1, low), (x2, low), (x2, y2)]
    }]
}

/// The SVG path of a curve.
pub fn path(p: &[Segment]) -> String {
    let mut d = String::new();
    for (i, s) in p.iter().enumerate() {
        if i == 0 {
            d.push_str(&format!("M{:.1},{:.1} ", s[0].0, s[0].1));
        }
        d.push_str(&format!(
            "C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} ",
            s[1].0, s[1].1, s[2].0, s[2].1, s[3].0, s[3].1
        ));
    }
    d.trim_end().to_string()
}

/// The point at `t` (0 to 1) along a curve, each segment an equal share.
pub fn bezier(p: &[Segment], t: f64) -> (f64, f64) {
    let Some(last) = p.len().checked_sub(1) else {
        return (0.0, 0.0);
    };
    let at = t.clamp(0.0, 1.0) * p.len() as f64;
    let i = (at.floor() as usize).min(last);
    let (s, t) = (&p[i], at - i as f64);
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * s[0].0 + b * s[1].0 + c * s[2].0 + d * s[3].0,
        a * s[0].1 + b * s[1].1 + c * s[2].1 + d * s[3].1,
    )
}
