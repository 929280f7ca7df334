//! The architecture as an SVG diagram laid out from the scenario. Each node shows its
//! live numbers (queues: available, in flight with each message's receive count and
//! visibility countdown, delayed; functions: running, errors, faults); dots travel
//! the arrows as the trace records messages moving. Click or press Enter to inspect.

use sim_core::sqs::MessageState;
use yew::prelude::*;

use super::layout::{Edge, Graph, Node, NodeKind, NODE_H, NODE_W};
use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;
use crate::state::{Msg, SimContext, SimState, TOKEN_MS};

fn kind_label(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Api => "API Gateway",
        NodeKind::Function => "Lambda",
        NodeKind::Queue => "SQS queue",
        NodeKind::Dlq => "SQS DLQ",
        NodeKind::Table => "DynamoDB",
        NodeKind::Bus => "EventBridge bus",
        NodeKind::Rule => "EventBridge rule",
        NodeKind::Topic => "SNS topic",
        NodeKind::Pipe => "EventBridge Pipe",
        NodeKind::Email => "E-mail",
    }
}

/// Where an arrow starts and ends, and its control points.
fn curve(g: &Graph, e: &Edge) -> Option<[(f64, f64); 4]> {
    let (a, b) = (g.node(&e.from)?, g.node(&e.to)?);
    Some(if (a.x - b.x).abs() < 1.0 {
        // Same column (queue → its DLQ): straight down.
        let (x, y1, y2) = (a.x + NODE_W / 2.0, a.y + NODE_H, b.y);
        [(x, y1), (x, y1 + 10.0), (x, y2 - 10.0), (x, y2)]
    } else if b.x > a.x {
        let (x1, y1, x2, y2) = (a.x + NODE_W, a.y + NODE_H / 2.0, b.x, b.y + NODE_H / 2.0);
        let dx = (x2 - x1) / 2.0;
        [(x1, y1), (x1 + dx, y1), (x2 - dx, y2), (x2, y2)]
    } else {
        // Back to an earlier column (a worker writing the table it was fed from): loop
        // under everything in between.
        let (x1, y1, x2, y2) = (
            a.x + NODE_W / 2.0,
            a.y + NODE_H,
            b.x + NODE_W / 2.0,
            b.y + NODE_H,
        );
        let lowest = g
            .nodes
            .iter()
            .filter(|n| n.x >= b.x && n.x <= a.x)
            .map(|n| n.y + NODE_H)
            .fold(y1.max(y2), f64::max);
        let low = lowest + 22.0;
        [(x1, y1), (x1, low), (x2, low), (x2, y2)]
    })
}

fn bezier(p: &[(f64, f64); 4], t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * p[0].0 + b * p[1].0 + c * p[2].0 + d * p[3].0,
        a * p[0].1 + b * p[1].1 + c * p[2].1 + d * p[3].1,
    )
}

/// A line of node text, whole: one longer than `fits` characters is squeezed into the
/// box (SVG textLength) rather than cut, so the full name stays readable and accessible.
fn fitted(class: &'static str, y: f64, text: &str, fits: usize) -> Html {
    let width = NODE_W - 16.0;
    if text.chars().count() <= fits {
        html! { <text {class} x="8" y={y.to_string()}>{ text.to_string() }</text> }
    } else {
        html! { <text {class} x="8" y={y.to_string()} textLength={width.to_string()} lengthAdjust="spacingAndGlyphs">{ text.to_string() }</text> }
    }
}

struct Live {
    stat: String,
    alert: bool,
    chips: Vec<(u32, f64)>,
    faulty: bool,
}

fn live(state: &SimState, n: &Node) -> Live {
    let sim = state.sim.borrow();
    let now = sim.now_ms();
    let w = |k: Key| t(state.lang, k);
    let mut l = Live {
        stat: String::new(),
        alert: false,
        chips: Vec::new(),
        faulty: false,
    };
    match n.kind {
        NodeKind::Queue | NodeKind::Dlq => {
            if let Some(q) = sim.queue(&n.name) {
                let (v, f, d) = q.counts();
                l.stat = if d > 0 {
                    format!(
                        "{v} · {f} {} · {d} {}",
                        w(Key::StatInFlight),
                        w(Key::StatDelayed)
                    )
                } else {
                    format!(
                        "{v} {} · {f} {}",
                        w(Key::StatAvailable),
                        w(Key::StatInFlight)
                    )
                };
                l.alert = n.kind == NodeKind::Dlq && !q.is_empty();
                let vis_ms = q.settings.visibility_timeout.max(1) * 1000;
                for (_, m) in q
                    .messages()
                    .filter(|(_, m)| matches!(m.state, MessageState::InFlight { .. }))
                    .take(4)
                {
                    if let MessageState::InFlight { until_ms, .. } = m.state {
                        let left = until_ms.saturating_sub(now) as f64 / vis_ms as f64;
                        l.chips.push((m.receive_count, left.clamp(0.0, 1.0)));
                    }
                }
            }
        }
        NodeKind::Function => {
            if let Some(f) = sim.function(&n.name) {
                l.stat = format!(
                    "{} {} · {} {}",
                    f.metrics.concurrent_executions,
                    w(Key::StatRunning),
                    f.metrics.errors,
                    w(Key::StatErrors)
                );
                l.faulty = f.faults.any();
                l.alert = f.faults.any();
            }
        }
        NodeKind::Table => {
            if let Some(t) = sim.table(&n.name) {
                l.stat = format!("{} {}", t.len(), w(Key::StatItems));
            }
        }
        NodeKind::Rule => {
            if let Some(r) = sim.rules().iter().find(|r| r.config.name == n.name) {
                l.stat = if r.enabled {
                    format!("{} {}", w(Key::StatMatched), r.metrics.matched_events)
                } else {
                    "DISABLED".into()
                };
                l.faulty = r
                    .targets
                    .iter()
                    .any(|t| t.faults.deny_permission || t.faults.throttle);
                l.alert = l.faulty;
            }
        }
        NodeKind::Api => {
            l.stat = format!(
                "{} {}",
                sim.http_exchanges().filter(|x| x.api == n.name).count(),
                w(Key::StatRequests)
            )
        }
        NodeKind::Topic => {
            l.stat = sim
                .topics()
                .iter()
                .find(|t| t.config.topic_name == n.name)
                .map(|tp| format!("{} {}", tp.published, w(Key::StatPublished)))
                .unwrap_or_default()
        }
        NodeKind::Email => {
            l.stat = format!(
                "{} {}",
                sim.inbox().filter(|m| m.to == n.name).count(),
                w(Key::StatEmails)
            )
        }
        NodeKind::Pipe => {
            if let Some(p) = sim.pipes().iter().find(|p| p.config.name == n.name) {
                l.stat = format!(
                    "{} {} · {} {}",
                    p.delivered,
                    w(Key::StatSent),
                    p.filtered_out,
                    w(Key::StatFilteredOut)
                );
            }
        }
        NodeKind::Bus => l.stat = "EventBridge".into(),
    }
    l
}

fn select(ctx: &SimContext, name: String) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = {
        let (ctx, name) = (ctx.clone(), name.clone());
        Callback::from(move |_| ctx.dispatch(Msg::Select(Some(name.clone()))))
    };
    let key = {
        let ctx = ctx.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                ctx.dispatch(Msg::Select(Some(name.clone())));
            }
        })
    };
    (click, key)
}

#[function_component(Diagram)]
pub fn diagram() -> Html {
    let Some(ctx) = use_sim() else {
        return html! {};
    };
    let g = ctx.graph.clone();
    let edges = g.edges.iter().filter_map(|e| {
        let p = curve(&g, e)?;
        let d = format!(
            "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
            p[0].0, p[0].1, p[1].0, p[1].1, p[2].0, p[2].1, p[3].0, p[3].1
        );
        let class = classes!("edge", e.redrive.then_some("edge--redrive"));
        Some(html! { <path {d} class={class} marker-end="url(#arrow)" /> })
    });
    let nodes = g.nodes.iter().map(|n| {
        let l = live(&ctx, n);
        let selected = ctx.selected.as_deref() == Some(n.name.as_str());
        let class = classes!("node", format!("node--{}", n.kind.css()), selected.then_some("is-selected"), l.alert.then_some("has-alert"));
        let (onclick, onkeydown) = select(&ctx, n.name.clone());
                // The accessible name holds exactly the text the node shows (WCAG "label in
        // name"); the " " between the SVG text lines is invisible but keeps them apart.
        let fault = if l.faulty { " ⚠" } else { "" };
        let chip_text: String = l.chips.iter().map(|(rc, _)| format!(" rc {rc}")).collect();
        let label = format!("{}{fault} {} {}{chip_text}", kind_label(n.kind), n.name, l.stat);
        let chips = l.chips.iter().enumerate().map(|(i, (rc, left))| {
            let x = 4.0 + i as f64 * 32.0;
            html! {
                <g class={classes!("chip", format!("chip--rc{}", (*rc).min(4)))} transform={format!("translate({x:.1},{:.1})", NODE_H + 3.0)}>
                    <rect width="30" height="13" rx="3" />
                    <rect class="chip__timer" y="11" height="2" width={format!("{:.1}", 30.0 * left)} />
                    <text x="15" y="9.5" text-anchor="middle">{ format!("rc {rc}") }</text>{ " " }
                </g>
            }
        });
        html! {
            <g {class} transform={format!("translate({:.1},{:.1})", n.x, n.y)} tabindex="0" role="button" aria-label={label.clone()} aria-pressed={selected.to_string()} {onclick} {onkeydown} data-node={n.name.clone()}>
                <rect class="node__box" width={NODE_W.to_string()} height={NODE_H.to_string()} rx="7" />
                                <text class="node__kind" x="8" y="14">{ kind_label(n.kind) }{ fault }</text>{ " " }
                { fitted("node__name", 31.0, &n.name, 20) }{ " " }
                { fitted("node__stat", 46.0, &l.stat, 32) }{ " " }
                { for chips }
            </g>
        }
    });
    let tokens = ctx.tokens.iter().filter_map(|t| {
        let e = Edge {
            from: t.from.clone(),
            to: t.to.clone(),
            redrive: false,
        };
        let p = curve(&g, &e)?;
        let progress = if ctx.reduce_motion {
            1.0
        } else {
            ((ctx.wall_ms - t.born_wall_ms) / TOKEN_MS).clamp(0.0, 1.0)
        };
        let (x, y) = bezier(&p, progress);
        let class = classes!(
            "token",
            format!(
                "token--{}",
                serde_json::to_value(t.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            )
        );
        Some(html! { <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="5" {class} /> })
    });
    let view = format!("0 0 {:.0} {:.0}", g.width, g.height + 40.0);
    html! {
        <div class="diagram-wrap">
            <svg class="diagram" viewBox={view} preserveAspectRatio="xMidYMin meet" style={format!("max-width:{:.0}px;min-width:{:.0}px", g.width * 1.35, g.width.min(720.0))} role="group" aria-label={ctx.sim.borrow().scenario().name.clone()}>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
                    </marker>
                </defs>
                { for edges }
                { for nodes }
                { for tokens }
            </svg>
            <p class="diagram__legend">
                <span class="legend legend--sent">{ format!("● {}", t(ctx.lang, Key::LegendSent)) }</span>
                <span class="legend legend--received">{ format!("● {}", t(ctx.lang, Key::LegendReceived)) }</span>
                <span class="legend legend--dlq">{ format!("● {}", t(ctx.lang, Key::LegendDlq)) }</span>
                <span class="legend">{ t(ctx.lang, Key::LegendRc) }</span>
            </p>
        </div>
    }
}
