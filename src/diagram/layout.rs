//! The architecture diagram's model: nodes and arrows read from a scenario, laid out
//! left to right (API → functions → buses and rules → queues → functions → tables),
//! each DLQ right under its queue. Pure: tested natively.

use std::collections::{BTreeMap, VecDeque};

use sim_core::lambda::Behavior;
use sim_core::Scenario;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    Api,
    Function,
    Queue,
    Dlq,
    Table,
    Bus,
    Rule,
    Topic,
    Pipe,
    Email,
}

impl NodeKind {
    pub fn css(self) -> &'static str {
        match self {
            NodeKind::Api => "api",
            NodeKind::Function => "function",
            NodeKind::Queue => "queue",
            NodeKind::Dlq => "dlq",
            NodeKind::Table => "table",
            NodeKind::Bus => "bus",
            NodeKind::Rule => "rule",
            NodeKind::Topic => "topic",
            NodeKind::Pipe => "pipe",
            NodeKind::Email => "email",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: String,
    pub kind: NodeKind,
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// Redrive (queue → DLQ) arrows are drawn dashed.
    pub redrive: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub width: f64,
    pub height: f64,
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
        let mut kinds: BTreeMap<String, NodeKind> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut add = |name: &str, kind: NodeKind, kinds: &mut BTreeMap<String, NodeKind>| {
            if !kinds.contains_key(name) {
                kinds.insert(name.to_string(), kind);
                order.push(name.to_string());
            }
        };
        let dlqs: Vec<String> = s
            .queues
            .iter()
            .filter_map(|q| q.dead_letter_queue_name().map(str::to_string))
            .collect();
        for a in &s.apis {
            add(&a.name, NodeKind::Api, &mut kinds);
        }
        for f in &s.functions {
            add(&f.function_name, NodeKind::Function, &mut kinds);
        }
        for q in &s.queues {
            let kind = if dlqs.contains(&q.queue_name) {
                NodeKind::Dlq
            } else {
                NodeKind::Queue
            };
            add(&q.queue_name, kind, &mut kinds);
        }
        for t in &s.tables {
            add(&t.table_name, NodeKind::Table, &mut kinds);
        }
        for b in &s.buses {
            add(&b.name, NodeKind::Bus, &mut kinds);
        }
        for r in &s.rules {
            add(&r.name, NodeKind::Rule, &mut kinds);
        }
        for t in &s.topics {
            add(&t.topic_name, NodeKind::Topic, &mut kinds);
            for sub in &t.subscriptions {
                if sub.protocol == "email" {
                    add(&sub.endpoint, NodeKind::Email, &mut kinds);
                }
            }
        }
        for p in &s.pipes {
            add(&p.name, NodeKind::Pipe, &mut kinds);
        }

        let mut edges: Vec<Edge> = Vec::new();
        let mut edge = |from: &str, to: &str, redrive: bool| {
            if kinds.contains_key(from)
                && kinds.contains_key(to)
                && !edges.iter().any(|e| e.from == from && e.to == to)
            {
                edges.push(Edge {
                    from: from.into(),
                    to: to.into(),
                    redrive,
                });
            }
        };
        for a in &s.apis {
            for r in &a.routes {
                edge(&a.name, &r.function_name, false);
            }
        }
        for f in &s.functions {
            let name = &f.function_name;
            let (table, queue) = f.behavior.references();
            if let Some(q) = queue {
                edge(name, q, false);
            }
            if let Some(t) = table {
                edge(name, t, false);
            }
            match &f.behavior {
                Behavior::ValidaPedido {
                    event_bus_name,
                    invalid_topic_name,
                    ..
                } => {
                    edge(name, event_bus_name, false);
                    if let Some(t) = invalid_topic_name {
                        edge(name, t, false);
                    }
                }
                Behavior::PublishOrder { event_bus_name, .. } => edge(name, event_bus_name, false),
                _ => {}
            }
            let dc = &f.event_invoke_config.destination_config;
            for d in [dc.on_success.as_ref(), dc.on_failure.as_ref()]
                .into_iter()
                .flatten()
            {
                edge(
                    name,
                    sim_core::sqs::queue_name_from_arn(&d.destination),
                    false,
                );
            }
        }
        for m in &s.mappings {
            edge(m.source_name(), &m.function_name, false);
        }
        for q in &s.queues {
            if let Some(d) = q.dead_letter_queue_name() {
                edge(&q.queue_name, d, true);
            }
        }
        for r in &s.rules {
            edge(&r.event_bus_name, &r.name, false);
            for t in &r.targets {
                if let Ok(k) = s.resolve_target(&t.arn) {
                    edge(&r.name, k.name(), false);
                }
            }
        }
        for t in &s.topics {
            for sub in &t.subscriptions {
                edge(
                    &t.topic_name,
                    sub.endpoint.rsplit(':').next().unwrap_or(&sub.endpoint),
                    false,
                );
            }
        }
        for p in &s.pipes {
            edge(p.source_queue(), &p.name, false);
            if let Ok(k) = s.resolve_target(&p.target) {
                edge(&p.name, k.name(), false);
            }
        }

        // Columns: breadth-first depth from the entry points; DLQs share their queue's column.
        let mut depth: BTreeMap<String, usize> = BTreeMap::new();
        let roots: Vec<String> = order
            .iter()
            .filter(|n| !edges.iter().any(|e| &e.to == *n && !e.redrive))
            .filter(|n| kinds[*n] != NodeKind::Dlq)
            .cloned()
            .collect();
        let mut queue: VecDeque<String> = roots.iter().cloned().collect();
        for r in &roots {
            depth.insert(r.clone(), 0);
        }
        while let Some(n) = queue.pop_front() {
            let d = depth[&n];
            for e in edges.iter().filter(|e| e.from == n && !e.redrive) {
                if !depth.contains_key(&e.to) {
                    depth.insert(e.to.clone(), d + 1);
                    queue.push_back(e.to.clone());
                }
            }
        }
        for n in &order {
            if !depth.contains_key(n) {
                let via = edges
                    .iter()
                    .find(|e| &e.to == n && e.redrive)
                    .and_then(|e| depth.get(&e.from).copied());
                depth.insert(n.clone(), via.unwrap_or(0));
            }
        }
        // Rows: in discovery order, each DLQ right after its source queue.
        let mut columns: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        let placed_order: Vec<String> = {
            let mut v: Vec<String> = order
                .iter()
                .filter(|n| kinds[*n] != NodeKind::Dlq)
                .cloned()
                .collect();
            v.sort_by_key(|n| depth[n]);
            let mut out = Vec::new();
            for n in v {
                out.push(n.clone());
                for e in edges.iter().filter(|e| e.from == n && e.redrive) {
                    if !out.contains(&e.to) {
                        out.push(e.to.clone());
                    }
                }
            }
            for n in &order {
                if !out.contains(n) {
                    out.push(n.clone());
                }
            }
            out
        };
        for n in &placed_order {
            columns.entry(depth[n]).or_default().push(n.clone());
        }
        let tallest = columns.values().map(Vec::len).max().unwrap_or(1) as f64;
        let height = MARGIN * 2.0 + tallest * NODE_H + (tallest - 1.0).max(0.0) * ROW_GAP;
        let mut nodes = Vec::new();
        for (c, names) in &columns {
            let col_height =
                names.len() as f64 * NODE_H + (names.len() as f64 - 1.0).max(0.0) * ROW_GAP;
            let top = (height - col_height) / 2.0;
            for (i, n) in names.iter().enumerate() {
                nodes.push(Node {
                    name: n.clone(),
                    kind: kinds[n],
                    x: MARGIN + *c as f64 * (NODE_W + COL_GAP),
                    y: top + i as f64 * (NODE_H + ROW_GAP),
                });
            }
        }
        let width = MARGIN * 2.0
            + columns.len() as f64 * NODE_W
            + (columns.len() as f64 - 1.0).max(0.0) * COL_GAP;
        Graph {
            nodes,
            edges,
            width,
            height,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(id: &str) -> Graph {
        Graph::from_scenario(&sim_core::scenario::builtin(id).unwrap().unwrap())
    }

    #[test]
    fn lab004_flows_left_to_right_with_the_dlq_under_its_queue() {
        let g = graph("lab004-orders");
        let x = |n: &str| g.node(n).unwrap().x;
        assert!(x("orders-api") < x("CreateOrderFunction"));
        assert!(x("CreateOrderFunction") < x("Orders"));
        assert!(x("Orders") < x("ProcessOrderFunction"));
        assert!(x("ProcessOrderFunction") < x("order-processing-queue"));
        assert!(x("order-processing-queue") < x("OrderWorkerFunction"));
        let (q, d) = (
            g.node("order-processing-queue").unwrap(),
            g.node("order-processing-dlq").unwrap(),
        );
        assert_eq!(q.x, d.x);
        assert!(d.y > q.y);
        assert_eq!(d.kind, NodeKind::Dlq);
        assert!(g.edges.iter().any(|e| e.from == "order-processing-queue"
            && e.to == "order-processing-dlq"
            && e.redrive));
    }

    #[test]
    fn every_scenario_lays_out_without_overlaps() {
        for (id, _) in sim_core::scenario::BUILTIN {
            let g = graph(id);
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

    #[test]
    fn lab000_routes_events_through_rules_to_queues() {
        let g = graph("lab000-pedidos");
        assert!(g
            .edges
            .iter()
            .any(|e| e.from == "pedidos-event-bus" && e.to == "cancela-pedido-rule"));
        assert!(g
            .edges
            .iter()
            .any(|e| e.from == "cancela-pedido-rule" && e.to == "cancela-pedido-queue"));
        let x = |n: &str| g.node(n).unwrap().x;
        assert!(x("pedidos-event-bus") < x("cancela-pedido-rule"));
        assert!(x("cancela-pedido-rule") < x("cancela-pedido-queue"));
        assert!(x("cancela-pedido-queue") < x("cancela-pedido-lambda"));
    }
}
