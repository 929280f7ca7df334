//! The architecture diagram's layout: the scenario's topology (core `view::Topology`)
//! placed left to right (API → functions → buses and rules → queues → functions →
//! tables), each DLQ right under its queue. Pure: tested natively.

use std::collections::{BTreeMap, VecDeque};

use sim_core::view::{Link, ResourceKind, Topology};
use sim_core::Scenario;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: String,
    pub kind: ResourceKind,
    pub x: f64,
    pub y: f64,
    /// The box's size: `NODE_W` × `NODE_H` on the page, larger on the stage.
    pub w: f64,
    pub h: f64,
    /// Which band of the diagram it sits in, top to bottom: always 0 on the page;
    /// the presenter's stage folds a long pipeline into bands, like lines of text.
    pub band: u32,
}

impl Node {
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Link>,
    pub width: f64,
    pub height: f64,
    /// The presenter's stage layout: its arrows go around the boxes in their way.
    pub stage: bool,
}

pub const NODE_W: f64 = 150.0;
pub const NODE_H: f64 = 54.0;
const COL_GAP: f64 = 44.0;
const ROW_GAP: f64 = 34.0;
const MARGIN: f64 = 16.0;

impl Graph {
    pub fn node(&self, name: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.name == name)
    }

    pub fn from_scenario(s: &Scenario) -> Graph {
        Graph::from_topology(Topology::of(s))
    }

    pub fn from_topology(topology: Topology) -> Graph {
        let Topology { resources, links } = topology;
        let kinds: BTreeMap<String, ResourceKind> =
            resources.iter().map(|r| (r.name.clone(), r.kind)).collect();
        let is_dlq = |n: &str| kinds.get(n) == Some(&ResourceKind::Dlq);
        let order: Vec<String> = resources.into_iter().map(|r| r.name).collect();
        let depth = column_of(&order, &links, &is_dlq);
        let mut columns: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for n in rows_in_order(&order, &links, &depth, &is_dlq) {
            let c = depth.get(&n).copied().unwrap_or(0);
            columns.entry(c).or_default().push(n);
        }
        let tallest = columns.values().map(Vec::len).max().unwrap_or(1) as f64;
        let height = MARGIN * 2.0 + tallest * NODE_H + (tallest - 1.0).max(0.0) * ROW_GAP;
        let mut nodes = Vec::new();
        for (c, names) in &columns {
            let col_height =
                names.len() as f64 * NODE_H + (names.len() as f64 - 1.0).max(0.0) * ROW_GAP;
            let top = (height - col_height) / 2.0;
            for (i, n) in names.iter().enumerate() {
                let Some(kind) = kinds.get(n).copied() else {
                    continue;
                };
                nodes.push(Node {
                    name: n.clone(),
                    kind,
                    x: MARGIN + *c as f64 * (NODE_W + COL_GAP),
                    y: top + i as f64 * (NODE_H + ROW_GAP),
                    w: NODE_W,
                    h: NODE_H,
                    band: 0,
                });
            }
        }
        let width = MARGIN * 2.0
            + columns.len() as f64 * NODE_W
            + (columns.len() as f64 - 1.0).max(0.0) * COL_GAP;
        Graph {
            nodes,
            edges: links,
            width,
            height,
            stage: false,
        }
    }
}

/// Columns: breadth-first depth from the entry points; DLQs share their queue's column.
pub(super) fn column_of(
    order: &[String],
    links: &[Link],
    is_dlq: &dyn Fn(&str) -> bool,
) -> BTreeMap<String, usize> {
    let mut depth: BTreeMap<String, usize> = BTreeMap::new();
    let roots = order
        .iter()
        .filter(|n| !links.iter().any(|e| &e.to == *n && !e.redrive))
        .filter(|n| !is_dlq(n));
    let mut queue: VecDeque<(String, usize)> = VecDeque::new();
    for r in roots {
        depth.insert(r.clone(), 0);
        queue.push_back((r.clone(), 0));
    }
    while let Some((n, d)) = queue.pop_front() {
        // A DLQ takes its queue's column; what it feeds (an alarm) goes to the right.
        for e in links.iter().filter(|e| e.from == n) {
            let next = if e.redrive { d } else { d + 1 };
            if !depth.contains_key(&e.to) {
                depth.insert(e.to.clone(), next);
                queue.push_back((e.to.clone(), next));
            }
        }
    }
    for n in order {
        if !depth.contains_key(n) {
            let via = links
                .iter()
                .find(|e| &e.to == n && e.redrive)
                .and_then(|e| depth.get(&e.from).copied());
            depth.insert(n.clone(), via.unwrap_or(0));
        }
    }
    depth
}

/// Rows: in discovery order by column, each DLQ right after its source queue.
pub(super) fn rows_in_order(
    order: &[String],
    links: &[Link],
    depth: &BTreeMap<String, usize>,
    is_dlq: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut v: Vec<&String> = order.iter().filter(|n| !is_dlq(n)).collect();
    v.sort_by_key(|n| depth.get(*n).copied().unwrap_or(0));
    let mut out: Vec<String> = Vec::new();
    for n in v {
        out.push(n.clone());
        for e in links.iter().filter(|e| &e.from == n && e.redrive) {
            if !out.contains(&e.to) {
                out.push(e.to.clone());
            }
        }
    }
    for n in order {
        if !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graphs() -> Vec<(&'static str, Graph)> {
        sim_core::scenario::BUILTIN
            .iter()
            .filter_map(|(id, _)| {
                let s = sim_core::scenario::builtin(id)?.ok()?;
                Some((*id, Graph::from_scenario(&s)))
            })
            .collect()
    }

    #[test]
    fn every_scenario_lays_out() {
        assert_eq!(graphs().len(), sim_core::scenario::BUILTIN.len());
    }

    #[test]
    fn entry_points_buses_rules_queues_and_tables_feed_what_is_to_their_right() {
        let feeds = [
            ResourceKind::Api,
            ResourceKind::Bus,
            ResourceKind::Rule,
            ResourceKind::Queue,
            ResourceKind::Table,
        ];
        for (id, g) in graphs() {
            let at = |n: &str| g.node(n).map(|n| (n.x, n.y, n.kind));
            for e in &g.edges {
                let (Some((x1, y1, kind)), Some((x2, y2, _))) = (at(&e.from), at(&e.to)) else {
                    panic!("{id}: {e:?} between undrawn nodes");
                };
                if e.redrive {
                    assert!(
                        x1 == x2 && y2 > y1,
                        "{id}: DLQ {} not under {}",
                        e.to,
                        e.from
                    );
                } else if feeds.contains(&kind) {
                    assert!(x1 < x2, "{id}: {} is not left of {}", e.from, e.to);
                }
            }
        }
    }

    #[test]
    fn every_scenario_lays_out_without_overlaps() {
        for (id, g) in graphs() {
            for (i, a) in g.nodes.iter().enumerate() {
                assert!(
                    a.x + NODE_W <= g.width && a.y + NODE_H <= g.height,
                    "{id}: {} outside",
                    a.name
                );
                for b in &g.nodes[i + 1..] {
                    let apart = (a.x - b.x).abs() >= NODE_W || (a.y - b.y).abs() >= NODE_H;
                    assert!(apart, "{id}: {} overlaps {}", a.name, b.name);
                }
            }
            assert!(!g.edges.is_empty());
        }
    }
}
