//! The arrows' geometry: a cubic Bézier from one node's edge to another's, and the
//! point a token has reached along it. Pure.

use sim_core::view::Link;

use super::layout::{Graph, Node};

/// The bottom of a band's lowest box, or the top of its highest.
fn band_edge(g: &Graph, band: u32, bottom: bool) -> Option<f64> {
    let ys = g.nodes.iter().filter(|n| n.band == band);
    if bottom {
        ys.map(Node::bottom).reduce(f64::max)
    } else {
        ys.map(|n| n.y).reduce(f64::min)
    }
}

/// Between two bands of the stage: down (or up) into the gap between them, across,
/// and into the other box.
fn across_bands(g: &Graph, a: &Node, b: &Node) -> [(f64, f64); 4] {
    if b.band > a.band {
        let gap = match (band_edge(g, a.band, true), band_edge(g, a.band + 1, false)) {
            (Some(low), Some(next)) => (low + next) / 2.0,
            _ => a.bottom() + 20.0,
        };
        [
            (a.cx(), a.bottom()),
            (a.cx(), gap),
            (b.cx(), gap),
            (b.cx(), b.y),
        ]
    } else {
        let gap = match (band_edge(g, a.band, false), band_edge(g, a.band - 1, true)) {
            (Some(high), Some(prev)) => (high + prev) / 2.0,
            _ => a.y - 20.0,
        };
        [
            (a.cx(), a.y),
            (a.cx(), gap),
            (b.cx(), gap),
            (b.cx(), b.bottom()),
        ]
    }
}

/// Where an arrow starts and ends, and its control points.
pub fn curve(g: &Graph, e: &Link) -> Option<[(f64, f64); 4]> {
    let (a, b) = (g.node(&e.from)?, g.node(&e.to)?);
    Some(if a.band != b.band {
        across_bands(g, a, b)
    } else if (a.x - b.x).abs() < 1.0 {
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
        let (x1, y1, x2, y2) = (a.cx(), a.bottom(), b.cx(), b.bottom());
        let lowest = g
            .nodes
            .iter()
            .filter(|n| n.band == a.band && n.x >= b.x && n.x <= a.x)
            .map(Node::bottom)
            .fold(y1.max(y2), f64::max);
        let low = lowest + 22.0;
        [(x1, y1), (x1, low), (x2, low), (x2, y2)]
    })
}

/// The SVG path of a curve.
pub fn path(p: &[(f64, f64); 4]) -> String {
    format!(
        "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
        p[0].0, p[0].1, p[1].0, p[1].1, p[2].0, p[2].1, p[3].0, p[3].1
    )
}

/// The point at `t` (0 to 1) along a curve.
pub fn bezier(p: &[(f64, f64); 4], t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * p[0].0 + b * p[1].0 + c * p[2].0 + d * p[3].0,
        a * p[0].1 + b * p[1].1 + c * p[2].1 + d * p[3].1,
    )
}
