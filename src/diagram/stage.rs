//! The presenter's stage: the same architecture laid out for a projector. On the page
//! a long pipeline (lab 000 has nine columns) shrinks to fit the window, and its
//! labels with it (8 px at 1280×720). On the stage the boxes are larger, each DLQ
//! sits beside its queue, and the columns fold into bands read top to bottom like
//! lines of text, chosen so the whole diagram fits a 1280×720 screen (less the
//! presenter's bar and explanation) at the largest scale. Pure: tested natively.

use std::collections::BTreeMap;

#[cfg(test)]
use sim_core::view::Link;
use sim_core::view::{ResourceKind, Topology};
use sim_core::Scenario;

use super::layout::{column_of, rows_in_order, Graph, Node};
use super::node::{hangs_chips, STAGE_CHIPS_HANG};

pub const STAGE_W: f64 = 210.0;
pub const STAGE_H: f64 = 92.0;
pub(super) const COL_GAP: f64 = 34.0;
/// Extra room left of a column a DLQ feeds (its alarm): the arrows from the queues to
/// their consumers climb the gutter there, and with this room they climb it clear of
/// the DLQ's arrowhead, which otherwise sat on a queue's line (lab 003's rehearsal).
const DLQ_ARROW_ROOM: f64 = 28.0;
/// Room under each box for its in-flight chips (`STAGE_CHIPS_HANG`, node.rs) and,
/// below them, an arrow that leaves the next row's box by its top (arrows.rs).
const ROW_GAP: f64 = 28.0;
const BAND_GAP: f64 = 44.0;
const MARGIN: f64 = 12.0;
/// Above the first row: room for an arrow over it.
const MARGIN_TOP: f64 = 8.0;
/// The diagram's share of a 1280×720 screen in presenter mode (CSS pixels).
const SCREEN_W: f64 = 1280.0;
const SCREEN_H: f64 = 590.0;
const LARGE_ENOUGH: f64 = 1.1;
/// Above this many columns, bands are chosen greedily rather than by trying every fold.
const MAX_EXHAUSTIVE: usize = 14;

/// One column of the page's layout: its boxes top to bottom, each with the DLQ that
/// goes beside it (if any).
struct Column {
    rows: Vec<(String, Option<String>)>,
    /// Whether its last box (or that box's DLQ) hangs in-flight chips under it.
    last_hangs_chips: bool,
    /// Whether a DLQ feeds one of its boxes (an alarm that watches it).
    dlq_fed: bool,
}

impl Column {
    fn width(&self) -> usize {
        1 + usize::from(self.rows.iter().any(|(_, d)| d.is_some()))
    }
}

/// The room a band leaves between its columns beyond `COL_GAP`: `DLQ_ARROW_ROOM` left
/// of each column a DLQ feeds, but the band's first.
fn extra_gaps(columns: &[Column], band: &[usize]) -> f64 {
    band.iter().skip(1).map(|&c| extra_gap(&columns[c])).sum()
}

fn extra_gap(col: &Column) -> f64 {
    if col.dlq_fed {
        DLQ_ARROW_ROOM
    } else {
        0.0
    }
}

/// Room under a band for the chips of a queue in its lowest row, so they stay clear of
/// the arrows between bands and of the diagram's edge.
fn below_band(columns: &[Column], band: &[usize], rows: usize) -> f64 {
    let hangs = band
        .iter()
        .any(|&c| columns[c].rows.len() == rows && columns[c].last_hangs_chips);
    if hangs {
        STAGE_CHIPS_HANG
    } else {
        0.0
    }
}

fn span(n: usize, size: f64, gap: f64) -> f64 {
    n as f64 * size + n.saturating_sub(1) as f64 * gap
}

/// Width and height of the diagram when `columns` are cut into bands at `cuts`.
fn size(columns: &[Column], bands: &[Vec<usize>]) -> (f64, f64) {
    let mut w: f64 = 0.0;
    let mut h = MARGIN_TOP + MARGIN + span(bands.len(), 0.0, BAND_GAP);
    for band in bands {
        let cols: usize = band.iter().map(|&c| columns[c].width()).sum();
        let rows = band
            .iter()
            .map(|&c| columns[c].rows.len())
            .max()
            .unwrap_or(1);
        w = w.max(span(cols, STAGE_W, COL_GAP) + extra_gaps(columns, band));
        h += span(rows, STAGE_H, ROW_GAP) + below_band(columns, band, rows);
    }
    (w + MARGIN * 2.0, h)
}

/// How large the diagram shows on the presenter's screen, up to a scale that is
/// large enough (names at about 25 px): beyond it, fewer bands read better.
fn scale(columns: &[Column], bands: &[Vec<usize>]) -> f64 {
    let (w, h) = size(columns, bands);
    (SCREEN_W / w).min(SCREEN_H / h).min(LARGE_ENOUGH)
}

/// The fold with the largest scale (fewer bands on a tie): every way of cutting the
/// columns, or greedily when there are too many to try.
fn best_bands(columns: &[Column]) -> Vec<Vec<usize>> {
    let n = columns.len();
    let cut = |mask: u32| {
        let mut bands = vec![vec![]];
        for c in 0..n {
            if c > 0 && mask & (1 << (c - 1)) != 0 {
                bands.push(vec![]);
            }
            if let Some(b) = bands.last_mut() {
                b.push(c);
            }
        }
        bands
    };
    if n <= 1 {
        return vec![(0..n).collect()];
    }
    if n > MAX_EXHAUSTIVE {
        return greedy(columns);
    }
    let mut best = cut(0);
    let mut best_scale = scale(columns, &best);
    for mask in 1..(1u32 << (n - 1)) {
        let bands = cut(mask);
        let s = scale(columns, &bands);
        if s > best_scale + 1e-9 || (s > best_scale - 1e-9 && bands.len() < best.len()) {
            best = bands;
            best_scale = s;
        }
    }
    best
}

/// At most six boxes a band.
fn greedy(columns: &[Column]) -> Vec<Vec<usize>> {
    let mut bands: Vec<Vec<usize>> = vec![vec![]];
    let mut used = 0;
    for (c, col) in columns.iter().enumerate() {
        if used + col.width() > 6 && used > 0 {
            bands.push(vec![]);
            used = 0;
        }
        used += col.width();
        if let Some(b) = bands.last_mut() {
            b.push(c);
        }
    }
    bands
}

/// The page's columns, each DLQ moved beside the queue that feeds it.
fn columns_of(topology: &Topology) -> (BTreeMap<String, ResourceKind>, Vec<Column>) {
    let kinds: BTreeMap<String, ResourceKind> = topology
        .resources
        .iter()
        .map(|r| (r.name.clone(), r.kind))
        .collect();
    let is_dlq = |n: &str| kinds.get(n) == Some(&ResourceKind::Dlq);
    let order: Vec<String> = topology.resources.iter().map(|r| r.name.clone()).collect();
    let links = &topology.links;
    let depth = column_of(&order, links, &is_dlq);
    let mut by_column: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for n in rows_in_order(&order, links, &depth, &is_dlq) {
        by_column
            .entry(depth.get(&n).copied().unwrap_or(0))
            .or_default()
            .push(n);
    }
    let beside = |q: &str, col: &[String]| {
        links
            .iter()
            .find(|e| e.redrive && e.from == q && is_dlq(&e.to) && col.contains(&e.to))
            .map(|e| e.to.clone())
    };
    let columns = by_column
        .values()
        .map(|names| {
            let placed: Vec<String> = names.iter().filter_map(|n| beside(n, names)).collect();
            let rows: Vec<(String, Option<String>)> = names
                .iter()
                .filter(|n| !placed.contains(n))
                .map(|n| (n.clone(), beside(n, names)))
                .collect();
            let hangs = |n: &String| kinds.get(n).is_some_and(|&k| hangs_chips(k));
            let last_hangs_chips =
                rows.last()
                    .is_some_and(|(n, dlq): &(String, Option<String>)| {
                        hangs(n) || dlq.as_ref().is_some_and(hangs)
                    });
            let dlq_fed = rows.iter().any(|(n, _)| {
                links
                    .iter()
                    .any(|e| &e.to == n && !e.redrive && is_dlq(&e.from))
            });
            Column {
                rows,
                last_hangs_chips,
                dlq_fed,
            }
        })
        .collect();
    (kinds, columns)
}

impl Graph {
    /// The presenter's layout of a scenario.
    pub fn stage_from_scenario(s: &Scenario) -> Graph {
        Graph::stage_from_topology(Topology::of(s))
    }

    pub fn stage_from_topology(topology: Topology) -> Graph {
        let (kinds, columns) = columns_of(&topology);
        let bands = best_bands(&columns);
        let (width, height) = size(&columns, &bands);
        let mut nodes = Vec::new();
        let mut top = MARGIN_TOP;
        for (b, band) in bands.iter().enumerate() {
            let rows = band
                .iter()
                .map(|&c| columns[c].rows.len())
                .max()
                .unwrap_or(1);
            let band_h = span(rows, STAGE_H, ROW_GAP);
            let cols: usize = band.iter().map(|&c| columns[c].width()).sum();
            // Each band centred across the widest one.
            let mut x = (width - span(cols, STAGE_W, COL_GAP) - extra_gaps(&columns, band)) / 2.0;
            for (i, &c) in band.iter().enumerate() {
                let col = &columns[c];
                if i > 0 {
                    x += extra_gap(col);
                }
                let col_top = top + (band_h - span(col.rows.len(), STAGE_H, ROW_GAP)) / 2.0;
                for (i, (name, dlq)) in col.rows.iter().enumerate() {
                    let y = col_top + i as f64 * (STAGE_H + ROW_GAP);
                    let at = |name: &str, x: f64| {
                        kinds.get(name).map(|&kind| Node {
                            name: name.to_string(),
                            kind,
                            x,
                            y,
                            w: STAGE_W,
                            h: STAGE_H,
                            band: b as u32,
                        })
                    };
                    nodes.extend(at(name, x));
                    if let Some(d) = dlq {
                        nodes.extend(at(d, x + STAGE_W + COL_GAP));
                    }
                }
                x += span(col.width(), STAGE_W, COL_GAP) + COL_GAP;
            }
            top += band_h + below_band(&columns, band, rows) + BAND_GAP;
        }
        Graph {
            nodes,
            edges: topology.links,
            width,
            height,
            stage: true,
        }
    }
}

/// The links of a graph whose ends are both drawn (for tests).
#[cfg(test)]
fn drawn(g: &Graph) -> impl Iterator<Item = &Link> {
    g.edges
        .iter()
        .filter(|e| g.node(&e.from).is_some() && g.node(&e.to).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stages() -> Vec<(&'static str, Graph, Graph)> {
        sim_core::scenario::BUILTIN
            .iter()
            .filter_map(|(id, _)| {
                let s = sim_core::scenario::builtin(id)?.ok()?;
                Some((
                    *id,
                    Graph::from_scenario(&s),
                    Graph::stage_from_scenario(&s),
                ))
            })
            .collect()
    }

    /// The name labels' size on a 1280×720 screen, as CSS draws them (see style.css:
    /// `.diagram--stage .node__name`, 24 units).
    const NAME_FONT: f64 = 24.0;

    #[test]
    fn every_resource_is_on_the_stage_without_overlaps_and_large_enough() {
        for (id, page, stage) in stages() {
            assert_eq!(page.nodes.len(), stage.nodes.len(), "{id}");
            for (i, a) in stage.nodes.iter().enumerate() {
                assert!(
                    a.x >= 0.0 && a.x + a.w <= stage.width,
                    "{id}: {} outside",
                    a.name
                );
                assert!(
                    a.y >= 0.0 && a.y + a.h <= stage.height,
                    "{id}: {} outside",
                    a.name
                );
                for b in &stage.nodes[i + 1..] {
                    let apart = (a.x - b.x).abs() >= a.w || (a.y - b.y).abs() >= a.h;
                    assert!(apart, "{id}: {} overlaps {}", a.name, b.name);
                }
            }
            let px = NAME_FONT * (SCREEN_W / stage.width).min(SCREEN_H / stage.height);
            assert!(px >= 18.0, "{id}: names at {px:.1} px on 1280×720");
            assert_eq!(drawn(&stage).count(), drawn(&page).count(), "{id}");
        }
    }

    #[test]
    fn each_dlq_sits_beside_its_queue() {
        for (id, _, stage) in stages() {
            for e in stage.edges.iter().filter(|e| e.redrive) {
                let (Some(q), Some(d)) = (stage.node(&e.from), stage.node(&e.to)) else {
                    continue;
                };
                if d.kind == ResourceKind::Dlq {
                    assert!(
                        d.y == q.y && d.x > q.x,
                        "{id}: {} not beside {}",
                        d.name,
                        q.name
                    );
                }
            }
        }
    }

    #[test]
    fn arrows_cross_no_box() {
        for (id, _, stage) in stages() {
            for e in drawn(&stage) {
                let (Some(a), Some(b)) = (stage.node(&e.from), stage.node(&e.to)) else {
                    continue;
                };
                let route = super::super::arrows::curve(&stage, e).expect("both drawn");
                for i in 0..=400 {
                    let (x, y) = super::super::arrows::bezier(&route, i as f64 / 400.0);
                    assert!(
                        x >= 0.0 && x <= stage.width && y >= 0.0 && y <= stage.height,
                        "{id}: {} → {} leaves the stage at ({x:.0}, {y:.0})",
                        e.from,
                        e.to
                    );
                    for n in stage
                        .nodes
                        .iter()
                        .filter(|n| n.name != a.name && n.name != b.name)
                    {
                        let inside = x > n.x + 1.0
                            && x < n.x + n.w - 1.0
                            && y > n.y + 1.0
                            && y < n.bottom() - 1.0;
                        assert!(!inside, "{id}: {} → {} crosses {}", a.name, b.name, n.name);
                    }
                }
            }
        }
    }

    /// A queue's chips hang from its box into the gap below: no arrow runs through
    /// them and they keep clear of the next row, so they read as that queue's (in lab
    /// 000 they used to touch the box below and sit on its arrow).
    #[test]
    fn in_flight_chips_cross_no_arrow_and_touch_no_other_box() {
        use crate::diagram::node::{chip_slots, chip_w, CHIP_H};
        for (id, _, stage) in stages() {
            let queues = stage
                .nodes
                .iter()
                .filter(|n| matches!(n.kind, ResourceKind::Queue | ResourceKind::Dlq));
            for q in queues {
                let (xs, y, zoom) = chip_slots(q, true, 4);
                let (Some(first), Some(last)) = (xs.first(), xs.last()) else {
                    panic!("{id}: no chip fits under {}", q.name);
                };
                let (x0, x1) = (q.x + first, q.x + last + chip_w(zoom) * zoom);
                let (y0, y1) = (q.y + q.h, q.y + y + CHIP_H * zoom);
                assert!(x1 <= q.x + q.w, "{id}: {}'s chips overflow its box", q.name);
                assert!(y1 <= stage.height, "{id}: {}'s chips are cut off", q.name);
                for n in stage.nodes.iter().filter(|n| n.name != q.name) {
                    let clear_below = n.y >= y1 + 6.0 || n.bottom() <= y0;
                    let clear_beside = n.x >= x1 || n.x + n.w <= x0;
                    assert!(
                        clear_below || clear_beside,
                        "{id}: {}'s chips touch {}",
                        q.name,
                        n.name
                    );
                }
                for e in drawn(&stage) {
                    let route = super::super::arrows::curve(&stage, e).expect("both drawn");
                    for i in 0..=400 {
                        let (x, y) = super::super::arrows::bezier(&route, i as f64 / 400.0);
                        let inside = x > x0 - 1.0 && x < x1 + 1.0 && y > y0 && y < y1 + 2.0;
                        assert!(
                            !inside,
                            "{id}: {} → {} runs through {}'s chips at ({:.0}, {:.0})",
                            e.from,
                            e.to,
                            q.name,
                            x - q.x,
                            y - q.y - q.h
                        );
                    }
                }
            }
        }
    }

    /// Two arrows into different boxes never run up or down one line: in lab 003,
    /// payments-queue's and inventory-queue's arrows to their processors shared the
    /// gutter and a learner could not tell which queue feeds which.
    #[test]
    fn arrows_to_different_boxes_share_no_vertical_line() {
        for (id, _, stage) in stages() {
            let verticals: Vec<(&Link, f64, f64, f64)> = drawn(&stage)
                .flat_map(|e| {
                    let route = super::super::arrows::curve(&stage, e).expect("both drawn");
                    route
                        .into_iter()
                        .filter(|s| s[0] == s[1] && s[2] == s[3] && (s[0].0 - s[3].0).abs() < 0.1)
                        .map(|s| (e, s[0].0, s[0].1.min(s[3].1), s[0].1.max(s[3].1)))
                        .collect::<Vec<_>>()
                })
                .collect();
            for (i, (e, x, top, bottom)) in verticals.iter().enumerate() {
                for (f, x2, top2, bottom2) in &verticals[i + 1..] {
                    // Collinear runs with less than two corners' room between them
                    // read as one line (negative when they overlap).
                    let gap = top.max(*top2) - bottom.min(*bottom2);
                    let shared =
                        e.to != f.to && e.from != f.from && (x - x2).abs() < 3.0 && gap < 25.0;
                    assert!(
                        !shared,
                        "{id}: {} → {} and {} → {} share the line x = {x:.0}",
                        e.from, e.to, f.from, f.to
                    );
                }
            }
        }
    }

    /// A DLQ's arrow to its alarm ends clear of every other arrow: in lab 003's
    /// rehearsal, payments-dlq-alarm's arrowhead sat on inventory-queue's line to its
    /// processor, and read as if that queue fed the alarm.
    #[test]
    fn a_dlq_arrowhead_touches_no_other_arrow() {
        const HEAD: f64 = 14.0;
        const CLEAR: f64 = 8.0;
        for (id, _, stage) in stages() {
            let heads = drawn(&stage).filter_map(|e| {
                let (a, b) = (stage.node(&e.from)?, stage.node(&e.to)?);
                (a.kind == ResourceKind::Dlq && !e.redrive && a.band == b.band).then_some(b)
            });
            for b in heads {
                let (tip_x, tip_y) = (b.x, b.y + b.h / 2.0);
                for f in drawn(&stage).filter(|f| f.to != b.name) {
                    let route = super::super::arrows::curve(&stage, f).expect("both drawn");
                    for i in 0..=800 {
                        let (x, y) = super::super::arrows::bezier(&route, i as f64 / 800.0);
                        let dx = (tip_x - HEAD - x).max(x - tip_x).max(0.0);
                        let near = (dx * dx + (y - tip_y).powi(2)).sqrt() < CLEAR;
                        assert!(
                            !near,
                            "{id}: {} → {} runs at ({x:.0}, {y:.0}), on the arrowhead into {}",
                            f.from, f.to, b.name
                        );
                    }
                }
            }
        }
    }

    /// Lab 004's OrderWorkerFunction writes to the Orders table right above it, in the
    /// band before: the arrow goes straight up into the table. Round into the table's
    /// side, it shared CreateOrderFunction's arrowhead and the room could not tell who
    /// wrote (the rehearsal).
    #[test]
    fn a_box_right_under_another_band_feeds_it_straight_up() {
        let s = sim_core::scenario::builtin("lab004-pipes-fanout")
            .and_then(Result::ok)
            .expect("a built-in scenario");
        let stage = Graph::stage_from_scenario(&s);
        let e = drawn(&stage)
            .find(|e| e.from == "OrderWorkerFunction" && e.to == "Orders")
            .expect("the worker writes to the table");
        let route = super::super::arrows::curve(&stage, e).expect("both drawn");
        let (worker, table) = (
            stage.node("OrderWorkerFunction").expect("drawn"),
            stage.node("Orders").expect("drawn"),
        );
        assert!(worker.band > table.band);
        assert_eq!(route.len(), 1, "one straight line");
        let [start, .., end] = route[0];
        assert_eq!(start.0, end.0, "vertical");
        assert_eq!((start.1, end.1), (worker.y, table.bottom()));
    }

    #[test]
    fn long_names_break_after_a_hyphen_into_even_lines() {
        use crate::diagram::node::split_name;
        let split = |n: &str| split_name(n, 13);
        assert_eq!(split("pedidos-api"), ("pedidos-api".into(), None));
        assert_eq!(
            split("pedidos-pendentes-queue"),
            ("pedidos-".into(), Some("pendentes-queue".into()))
        );
        assert_eq!(
            split("equipe-pedidos@example.com"),
            ("equipe-pedidos@".into(), Some("example.com".into()))
        );
        assert_eq!(
            split("OrderWorkerFunction"),
            ("OrderWorker".into(), Some("Function".into()))
        );
    }

    #[test]
    fn lab_000_folds_into_two_bands() {
        let (_, _, stage) = stages()
            .into_iter()
            .find(|(id, _, _)| *id == "lab000-pedidos")
            .expect("lab 000 is built in");
        let bands = stage.nodes.iter().map(|n| n.band).max().unwrap_or(0) + 1;
        assert_eq!(bands, 2);
        let px = NAME_FONT * (SCREEN_W / stage.width).min(SCREEN_H / stage.height);
        println!(
            "lab 000 stage {:.0}×{:.0}, names at {px:.1} px",
            stage.width, stage.height
        );
    }
}
