//! One resource on the diagram: its kind, name and live numbers in the learner's
//! language, its in-flight chips, and how it is selected by mouse or keyboard.

use sim_core::view::{NodeStats, ResourceKind};
use yew::prelude::*;

use super::layout::{Node, NODE_H, NODE_W};
use crate::i18n::{t, Key, Lang};

fn kind_label(k: ResourceKind) -> &'static str {
    match k {
        ResourceKind::Api => "API Gateway",
        ResourceKind::Function => "Lambda",
        ResourceKind::Queue => "SQS queue",
        ResourceKind::Dlq => "SQS DLQ",
        ResourceKind::Table => "DynamoDB",
        ResourceKind::Bus => "EventBridge bus",
        ResourceKind::Rule => "EventBridge rule",
        ResourceKind::Topic => "SNS topic",
        ResourceKind::Pipe => "EventBridge Pipe",
        ResourceKind::Email => "E-mail",
    }
}

/// What a node shows beyond its name.
struct Live {
    stat: String,
    alert: bool,
    /// Each in-flight message: receive count, and the fraction of its visibility
    /// timeout still to run.
    chips: Vec<(u32, f64)>,
    faulty: bool,
}

/// The node's numbers in words, short enough for its box.
fn stat_text(stats: &NodeStats, lang: Lang) -> String {
    let w = |k: Key| t(lang, k);
    match stats {
        NodeStats::Queue {
            available: v,
            in_flight: f,
            delayed: d,
            ..
        } => {
            if *d > 0 {
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
            }
        }
        NodeStats::Function {
            running, errors, ..
        } => format!(
            "{running} {} · {errors} {}",
            w(Key::StatRunning),
            w(Key::StatErrors)
        ),
        NodeStats::Table { items } => format!("{items} {}", w(Key::StatItems)),
        NodeStats::Rule {
            enabled: true,
            matched_events,
            ..
        } => format!("{} {matched_events}", w(Key::StatMatched)),
        NodeStats::Rule { enabled: false, .. } => "DISABLED".into(),
        NodeStats::Api { requests } => format!("{requests} {}", w(Key::StatRequests)),
        NodeStats::Topic { published } => format!("{published} {}", w(Key::StatPublished)),
        NodeStats::Email { received } => format!("{received} {}", w(Key::StatEmails)),
        NodeStats::Pipe {
            delivered,
            filtered_out,
        } => format!(
            "{delivered} {} · {filtered_out} {}",
            w(Key::StatSent),
            w(Key::StatFilteredOut)
        ),
        NodeStats::Bus => "EventBridge".into(),
        NodeStats::Missing => String::new(),
    }
}

fn live(kind: ResourceKind, stats: &NodeStats, lang: Lang) -> Live {
    let faulty = match stats {
        NodeStats::Function { faulty, .. } | NodeStats::Rule { faulty, .. } => *faulty,
        _ => false,
    };
    let (alert, chips) = match stats {
        NodeStats::Queue {
            has_messages,
            visibility_timeout_s,
            chips,
            ..
        } => {
            let vis_ms = visibility_timeout_s.max(&1) * 1000;
            let chips = chips
                .iter()
                .map(|c| {
                    let left = c.visible_in_ms as f64 / vis_ms as f64;
                    (c.receive_count, left.clamp(0.0, 1.0))
                })
                .collect();
            (kind == ResourceKind::Dlq && *has_messages, chips)
        }
        _ => (faulty, Vec::new()),
    };
    Live {
        stat: stat_text(stats, lang),
        alert,
        chips,
        faulty,
    }
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

fn chip(i: usize, rc: u32, left: f64) -> Html {
    let x = 4.0 + i as f64 * 32.0;
    html! {
        <g class={classes!("chip", format!("chip--rc{}", rc.min(4)))} transform={format!("translate({x:.1},{:.1})", NODE_H + 3.0)}>
            <rect width="30" height="13" rx="3" />
            <rect class="chip__timer" y="11" height="2" width={format!("{:.1}", 30.0 * left)} />
            <text x="15" y="9.5" text-anchor="middle">{ format!("rc {rc}") }</text>{ " " }
        </g>
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeProps {
    pub node: Node,
    pub stats: NodeStats,
    pub selected: bool,
    pub lang: Lang,
    pub on_select: Callback<String>,
}

#[function_component(NodeBox)]
pub fn node_box(props: &NodeProps) -> Html {
    let n = &props.node;
    let l = live(n.kind, &props.stats, props.lang);
    let class = classes!(
        "node",
        format!("node--{}", n.kind.slug()),
        props.selected.then_some("is-selected"),
        l.alert.then_some("has-alert")
    );
    let onclick = {
        let name = n.name.clone();
        props.on_select.reform(move |_: MouseEvent| name.clone())
    };
    let onkeydown = {
        let (name, on_select) = (n.name.clone(), props.on_select.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_select.emit(name.clone());
            }
        })
    };
    // The accessible name holds exactly the text the node shows (WCAG "label in
    // name"); the " " between the SVG text lines is invisible but keeps them apart.
    let fault = if l.faulty { " ⚠" } else { "" };
    let chip_text: String = l.chips.iter().map(|(rc, _)| format!(" rc {rc}")).collect();
    let label = format!(
        "{}{fault} {} {}{chip_text}",
        kind_label(n.kind),
        n.name,
        l.stat
    );
    html! {
        <g {class} transform={format!("translate({:.1},{:.1})", n.x, n.y)} tabindex="0" role="button" aria-label={label} aria-pressed={props.selected.to_string()} {onclick} {onkeydown} data-node={n.name.clone()}>
            <rect class="node__box" width={NODE_W.to_string()} height={NODE_H.to_string()} rx="7" />
            <text class="node__kind" x="8" y="14">{ kind_label(n.kind) }{ fault }</text>{ " " }
            { fitted("node__name", 31.0, &n.name, 20) }{ " " }
            { fitted("node__stat", 46.0, &l.stat, 32) }{ " " }
            { for l.chips.iter().enumerate().map(|(i, (rc, left))| chip(i, *rc, *left)) }
        </g>
    }
}
