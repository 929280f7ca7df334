//! The orders table, in the style of DynamoDB's "Explore items", and the timeline of
//! everything that touched the selected order.

use sim_core::scenario::console::StatusColour;
use sim_core::trace::TraceEntry;
use sim_core::view::{OrderRow, OrdersView};
use yew::prelude::*;

use super::why::{why_long, why_short, why_sign};
use crate::i18n::{plural, sim_text, t, Key, Lang, Plural};

/// What the learner does here: turn a page, or select an order (None: unselect).
#[derive(Clone, Debug, PartialEq)]
pub enum OrdersAction {
    Page(usize),
    Select(Option<String>),
}

#[derive(Properties, PartialEq)]
pub struct OrdersProps {
    /// None when the scenario has no such table.
    pub view: Option<OrdersView>,
    pub lang: Lang,
    pub on_action: Callback<OrdersAction>,
}

/// Status in words and colour (the scenario says which status is which colour).
fn status_class(colour: StatusColour) -> &'static str {
    match colour {
        StatusColour::Green => "status--ok",
        StatusColour::Red => "status--bad",
        StatusColour::Grey => "status--muted",
        StatusColour::Blue => "status--info",
        StatusColour::Amber => "status--warn",
    }
}

fn kind_class(e: &TraceEntry) -> String {
    let kind = serde_json::to_value(e.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("kind--{kind}")
}

/// One attribute's cell. An ISO 8601 timestamp (`2025-05-13T19:00:00.269Z`), a
/// secondary column, is set smaller and may break after its date, not inside a number.
fn cell(c: &str) -> Html {
    let b = c.as_bytes();
    let iso = b.len() >= 19
        && b[..10].iter().enumerate().all(|(i, x)| match i {
            4 | 7 => *x == b'-',
            _ => x.is_ascii_digit(),
        })
        && b[10] == b'T'
        && b[13] == b':';
    if let (true, Some(date), Some(time)) = (iso, c.get(..11), c.get(11..)) {
        return html! { <td class="cell--time"><span class="wrap">{ date }<wbr />{ time }</span></td> };
    }
    html! { <td><span class="wrap">{ c.to_string() }</span></td> }
}

fn row(v: &OrdersView, r: &OrderRow, lang: Lang, on_action: &Callback<OrdersAction>) -> Html {
    let is_sel = v.selected.as_deref() == Some(r.id.as_str());
    let onclick = {
        let id = r.id.clone();
        on_action.reform(move |_: MouseEvent| OrdersAction::Select((!is_sel).then(|| id.clone())))
    };
    html! {
        <tr class={classes!(is_sel.then_some("is-selected"))} data-order={r.id.clone()}>
            <td><button class="linklike" {onclick} aria-pressed={is_sel.to_string()}>{ r.id.clone() }</button></td>
            if v.status_attribute.is_some() {
                <td>
                    <span class={classes!("status", status_class(r.colour))} data-status={r.status.clone()}>{ r.status.clone() }</span>
                    if let Some(why) = &r.why { <span class="why-short">{ format!("{} {}", why_sign(why), why_short(lang, why)) }</span> }
                </td>
            }
            { for r.cells.iter().map(|c| cell(c)) }
        </tr>
    }
}

fn timeline(v: &OrdersView, lang: Lang) -> Html {
    let Some(id) = &v.selected else {
        return html! {};
    };
    let why = v
        .rows
        .iter()
        .find(|r| &r.id == id)
        .and_then(|r| r.why.as_ref());
    html! {
        <div class="timeline" id="order-timeline">
            <h4>{ format!("{} · {id}", t(lang, Key::Timeline)) }</h4>
            if let Some(why) = why { <p class="note note--why" id="order-why" role="note">{ why_long(lang, why) }</p> }
            <ol>
                { for v.timeline.iter().map(|e| html! {
                    <li class={classes!("trace-row", kind_class(e))}>
                        <span class="trace-row__time">{ crate::i18n::when(lang, e.at_ms) }</span>
                        <span class="trace-row__where" translate="no">{ crate::i18n::flow_text(lang, &e.flow()) }</span>
                        <span class="trace-row__text">{ sim_text(lang, &e.text) }</span>
                    </li>
                }) }
            </ol>
        </div>
    }
}

fn pager(v: &OrdersView, lang: Lang, on_action: &Callback<OrdersAction>) -> Html {
    let turn = |to: usize| on_action.reform(move |_: MouseEvent| OrdersAction::Page(to));
    let summary = format!(
        "{} · {} · {} · {}–{}",
        t(lang, Key::ExploreItems),
        v.table,
        plural(lang, Plural::Items, v.total as u64),
        v.first_item(),
        v.last_item()
    );
    html! {
        <div class="pager">
            <span class="muted">{ summary }</span>
            if v.pages > 1 {
                <button id="orders-prev" class="button button--small" onclick={turn(v.page.saturating_sub(1))} disabled={v.page == 0}>{ "‹" }</button>
                <span class="muted">{ format!("{} / {}", v.page + 1, v.pages) }</span>
                <button id="orders-next" class="button button--small" onclick={turn(v.page + 1)} disabled={v.page + 1 >= v.pages}>{ "›" }</button>
            }
        </div>
    }
}

/// Whether the element is wider inside than it shows: measured after each render, so
/// a table that outgrew its panel says so in words (a walk at 1280 px missed the
/// failedAt column: the edge's shadow was the only sign).
#[hook]
fn use_overflows(node: NodeRef) -> bool {
    let overflows = use_state(|| false);
    {
        let overflows = overflows.clone();
        use_effect(move || {
            if let Some(el) = node.cast::<web_sys::Element>() {
                let now = el.scroll_width() > el.client_width() + 1;
                if *overflows != now {
                    overflows.set(now);
                }
            }
        });
    }
    *overflows
}

#[function_component(OrdersPanel)]
pub fn orders_panel(props: &OrdersProps) -> Html {
    let lang = props.lang;
    let wrap = use_node_ref();
    let overflows = use_overflows(wrap.clone());
    let Some(v) = &props.view else {
        return html! { <p class="muted">{ t(lang, Key::NoTable) }</p> };
    };
    html! {
        <div class="orders">
            { pager(v, lang, &props.on_action) }
            if v.rows.is_empty() {
                <p class="muted">{ t(lang, Key::NoItems) }</p>
            } else {
                if overflows { <p class="muted scroll-hint" id="orders-scroll-hint">{ t(lang, Key::ScrollForColumns) }</p> }
                <div class="grid-wrap" ref={wrap}>
                    <table class="grid" id="orders-table">
                        <thead><tr>
                            <th>{ format!("{} (String)", v.key) }</th>
                            if let Some(s) = &v.status_attribute { <th>{ s.clone() }</th> }
                            { for v.columns.iter().map(|c| html! { <th>{ c.clone() }</th> }) }
                        </tr></thead>
                        <tbody>{ for v.rows.iter().map(|r| row(v, r, lang, &props.on_action)) }</tbody>
                    </table>
                </div>
                if v.hidden_columns > 0 {
                    <p class="muted">{ t(lang, Key::HiddenColumns).replace("{n}", &v.hidden_columns.to_string()) }</p>
                }
            }
            <p class="muted queue-url">{ "ARN: " }<code id="table-arn" translate="no">{ v.arn.clone() }</code></p>
            <p class="muted queue-url" id="table-stream">
                if let Some((view, arn)) = &v.stream {
                    { t(lang, Key::TableStreamOn).replace("{view}", view) }{ " " }<code translate="no">{ arn.clone() }</code>
                } else {
                    { t(lang, Key::TableStreamOff) }
                }
            </p>
            { timeline(v, lang) }
        </div>
    }
}
