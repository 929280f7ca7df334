//! The architecture as an SVG diagram laid out from the scenario. Each node shows its
//! live numbers; dots travel the arrows as the trace records messages moving. Pure:
//! everything it draws comes in through Props.

use std::rc::Rc;

use sim_core::view::{Link, NodeStats, ResourceKind};
use yew::prelude::*;

use super::arrows::{bezier, curve, path, Segment};
use super::layout::Graph;
use super::node::NodeBox;
use crate::i18n::{t, Key, Lang};
use crate::state::{Token, TOKEN_MS};

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub graph: Rc<Graph>,
    /// One per node of `graph`, in the same order.
    pub stats: Vec<NodeStats>,
    pub tokens: Vec<Token>,
    pub selected: Option<String>,
    pub wall_ms: f64,
    /// Tokens are drawn where they arrive, without travelling.
    pub reduce_motion: bool,
    /// The scenario's name: the diagram's accessible name.
    pub title: String,
    pub lang: Lang,
    /// The presenter's stage: `graph` is the stage layout, drawn to fill the screen.
    #[prop_or_default]
    pub stage: bool,
    /// On the page, `graph` is the stage layout too (its bands fit the column beside
    /// the controls at a legible size), drawn at the page's size.
    #[prop_or_default]
    pub bands: bool,
    pub on_select: Callback<String>,
    /// A box double-clicked on the stage: its panel over the stage.
    #[prop_or_default]
    pub on_open: Callback<String>,
}

/// Every arrow's way with its two ends, worked out once per layout: the diagram is
/// redrawn every frame, and every token in flight follows one of them.
struct Routes(Vec<(String, String, Vec<Segment>)>);

impl Routes {
    fn of(g: &Graph) -> Routes {
        Routes(
            g.edges
                .iter()
                .filter_map(|e| Some((e.from.clone(), e.to.clone(), curve(g, e)?)))
                .collect(),
        )
    }

    fn get(&self, from: &str, to: &str) -> Option<&[Segment]> {
        self.0
            .iter()
            .find(|(a, b, _)| a == from && b == to)
            .map(|(_, _, p)| p.as_slice())
    }
}

fn token(
    g: &Graph,
    routes: &Routes,
    tk: &Token,
    wall_ms: f64,
    reduce_motion: bool,
) -> Option<Html> {
    let progress = if reduce_motion {
        1.0
    } else {
        ((wall_ms - tk.born_wall_ms) / TOKEN_MS).clamp(0.0, 1.0)
    };
    // A token going against a drawn arrow travels it backwards: a redrive goes back
    // along its DLQ's dotted arrow (it had found its own way round, through the boxes
    // below). One between two boxes without a drawn arrow still travels between them.
    let unrouted;
    let (p, progress) = match (routes.get(&tk.from, &tk.to), routes.get(&tk.to, &tk.from)) {
        (Some(p), _) => (p, progress),
        (None, Some(back)) => (back, 1.0 - progress),
        (None, None) => {
            let link = Link {
                from: tk.from.clone(),
                to: tk.to.clone(),
                redrive: false,
            };
            unrouted = curve(g, &link)?;
            (unrouted.as_slice(), progress)
        }
    };
    let (x, y) = bezier(p, progress);
    let kind = serde_json::to_value(tk.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let class = classes!("token", format!("token--{kind}"));
    Some(html! { <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="5" {class} /> })
}

/// What the dots and chips mean: only what this diagram can show (lab 004's stream
/// stage has no queue, so no receive count, visibility timeout or DLQ).
pub(super) fn legend(lang: Lang, graph: &Graph) -> Html {
    let has = |kind: ResourceKind| graph.nodes.iter().any(|n| n.kind == kind);
    let (queues, dlqs, tables) = (
        has(ResourceKind::Queue) || has(ResourceKind::Dlq),
        has(ResourceKind::Dlq),
        has(ResourceKind::Table),
    );
    html! {
        <p class="diagram__legend">
            // Named like the timeline's marks just above: the two lists both said
            // "moved to a DLQ" and read as one list saying it twice (the student walk).
            <span class="muted">{ t(lang, Key::DiagramMarks) }</span>
            <span class="legend legend--sent">{ format!("● {}", t(lang, Key::LegendSent)) }</span>
            <span class="legend legend--received">{ format!("● {}", t(lang, Key::LegendReceived)) }</span>
            if dlqs { <span class="legend legend--dlq">{ format!("● {}", t(lang, Key::LegendDlq)) }</span> }
            if tables { <span class="legend legend--written">{ format!("● {}", t(lang, Key::LegendWritten)) }</span> }
            if queues {
                // The chip, then what it says ("rc rc N: …" read as a stutter).
                <span class="legend"><span class="legend__chip legend__chip--first">{ "rc N" }</span>{ t(lang, Key::LegendRc) }</span>
                <span class="legend"><span class="legend__chip legend__chip--again">{ "rc" }</span>{ t(lang, Key::LegendRcAgain) }</span>
                <span class="legend"><span class="legend__chip legend__chip--first legend__chip--visible">{ "rc" }</span>{ t(lang, Key::LegendRcVisible) }</span>
            }
            if dlqs { <span class="legend"><span class="legend__chip legend__chip--last">{ "rc" }</span>{ t(lang, Key::LegendRcLast) }</span> }
            if has(ResourceKind::Alarm) {
                <span class="legend"><svg class="legend__watch" width="26" height="8" aria-hidden="true"><line x1="2" y1="4" x2="24" y2="4" class="edge edge--watch" /></svg>{ t(lang, Key::LegendWatch) }</span>
            }
        </p>
    }
}

#[function_component(DiagramView)]
pub fn diagram_view(props: &DiagramProps) -> Html {
    let g = &props.graph;
    let routes = use_memo(props.graph.clone(), |g| Routes::of(g));
    // The stage's boxes and type, on the stage or in its bands on the page.
    let large = props.stage || props.bands;
    let edges = g.edges.iter().filter_map(|e| {
        let d = path(routes.get(&e.from, &e.to)?);
        // An alarm watches a metric: no message travels that arrow, so it is dotted
        // (the walks read DLQ → alarm, bundled beside queue → worker, as a message flow).
        let watch = g.node(&e.to).is_some_and(|n| n.kind == ResourceKind::Alarm);
        let class = classes!(
            "edge",
            e.redrive.then_some("edge--redrive"),
            watch.then_some("edge--watch")
        );
        Some(html! { <path {d} class={class} marker-end="url(#arrow)" /> })
    });
    let nodes = g.nodes.iter().zip(&props.stats).map(|(n, stats)| {
        let selected = props.selected.as_deref() == Some(n.name.as_str());
        html! {
            <NodeBox key={n.name.clone()} node={n.clone()} stats={stats.clone()} {selected} lang={props.lang} stage={large} on_select={props.on_select.clone()} on_open={props.stage.then(|| props.on_open.clone())} />
        }
    });
    let tokens = props
        .tokens
        .iter()
        .filter_map(|tk| token(g, &routes, tk, props.wall_ms, props.reduce_motion));
    let view = format!("0 0 {:.0} {:.0}", g.width, g.height + 40.0);
    // On the stage the diagram fills what the screen leaves it (style.css).
    // The bands' type is drawn large already: at most at its own size.
    let most = if props.bands { 1.0 } else { 1.35 };
    let style = (!props.stage).then(|| {
        format!(
            "max-width:{:.0}px;min-width:{:.0}px",
            g.width * most,
            g.width.min(720.0)
        )
    });
    // On the page the bands keep room under the last row for an arrow that loops
    // back below it (lab 004's stream), clear of the legend.
    let view = if large {
        let below = if props.bands { 16.0 } else { 0.0 };
        format!("0 0 {:.0} {:.0}", g.width, g.height + below)
    } else {
        view
    };
    let class = classes!(
        "diagram",
        props.stage.then_some("diagram--stage"),
        props.bands.then_some("diagram--bands")
    );
    // On the stage a click picks a box for F or R but leaves the focus where it was,
    // so the next Space still plays and pauses (the box kept the focus and took Space,
    // the instructor walk found). The stage's bar does the same; Tab still reaches both.
    let onmousedown = props
        .stage
        .then(|| Callback::from(|e: MouseEvent| e.prevent_default()));
    html! {
        <div class="diagram-wrap">
            <svg {class} viewBox={view} preserveAspectRatio={if props.stage { "xMidYMid meet" } else { "xMidYMin meet" }} {style} role="group" aria-label={props.title.clone()} {onmousedown}>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
                    </marker>
                </defs>
                // Each list in its own group, the nodes keyed by name: a node's element
                // (its focus, its listeners) stays that node's whatever the lists around
                // it do between frames.
                <g class="edges">{ for edges }</g>
                <g class="nodes">{ for nodes }</g>
                <g class="tokens">{ for tokens }</g>
            </svg>
        </div>
    }
}
