//! The orders table, in the style of DynamoDB's "Explore items", and the timeline of
//! everything that touched the selected order.

use serde_json::Value;
use yew::prelude::*;

use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;
use crate::state::Msg;

/// Items per page, as the DynamoDB console shows them.
const PAGE_SIZE: usize = 50;

#[derive(Properties, PartialEq)]
pub struct OrdersProps {
    /// The table to show; the scenario's first table when none.
    #[prop_or_default]
    pub table: Option<AttrValue>,
}

/// Status in words and colour: green done, red failed, grey cancelled, amber pending.
pub fn status_class(status: &str) -> &'static str {
    match status {
        "COMPLETED" | "PEDIDO_PROCESSADO" => "status--ok",
        "FAILED" => "status--bad",
        "CANCELADO" => "status--muted",
        "ALTERADO" => "status--info",
        "PENDING" => "status--warn",
        _ => "status--info",
    }
}

fn cell(v: Option<&Value>) -> String {
    match v {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[function_component(OrdersPanel)]
pub fn orders_panel(props: &OrdersProps) -> Html {
    let ctx = use_sim();
    let page = use_state(|| 0usize);
    let Some(ctx) = ctx else {
        return html! {};
    };
    let lang = ctx.lang;
    let sim = ctx.sim.borrow();
    let table = match &props.table {
        Some(name) => sim.table(name),
        None => sim.tables().first(),
    };
    let Some(table) = table else {
        return html! { <p class="muted">{ t(lang, Key::NoTable) }</p> };
    };
    // One page at a time, as the console's "Explore items" pages them.
    let total = table.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let current = (*page).min(pages - 1);
    let items: Vec<Value> = table
        .scan()
        .skip(current * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(sim_core::dynamodb::item_to_plain)
        .collect();
    let turn = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };
    let key = table.hash_key.clone();
    let status_key = ["status", "statusPedido"]
        .into_iter()
        .find(|k| items.iter().any(|i| i.get(*k).is_some()))
        .map(str::to_string);
    let mut columns: Vec<String> = Vec::new();
    for i in &items {
        if let Some(o) = i.as_object() {
            for k in o.keys() {
                if *k != key && Some(k) != status_key.as_ref() && !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    columns.truncate(6);
    let selected = ctx.selected_order.clone();
    let rows = items.iter().map(|i| {
        let id = cell(i.get(&key));
        let status = status_key.as_ref().map(|k| cell(i.get(k))).unwrap_or_default();
        let is_sel = selected.as_deref() == Some(id.as_str());
        let onclick = {
            let (ctx, id) = (ctx.clone(), id.clone());
            Callback::from(move |_: MouseEvent| ctx.dispatch(Msg::SelectOrder(if is_sel { None } else { Some(id.clone()) })))
        };
        html! {
            <tr class={classes!(is_sel.then_some("is-selected"))} data-order={id.clone()}>
                <td><button class="linklike" {onclick} aria-pressed={is_sel.to_string()}>{ id.clone() }</button></td>
                if status_key.is_some() { <td><span class={classes!("status", status_class(&status))} data-status={status.clone()}>{ status.clone() }</span></td> }
                { for columns.iter().map(|c| html! { <td><span class="wrap">{ cell(i.get(c)) }</span></td> }) }
            </tr>
        }
    });
    let timeline = selected.as_ref().map(|id| {
        let entries: Vec<_> = sim.trace().entries().filter(|e| e.order_id.as_deref() == Some(id.as_str())).collect();
        html! {
            <div class="timeline" id="order-timeline">
                <h4>{ format!("{} · {id}", t(lang, Key::Timeline)) }</h4>
                <ol>
                    { for entries.iter().map(|e| html! {
                        <li class={classes!("trace-row", format!("kind--{}", serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()))}>
                            <span class="trace-row__time">{ sim_core::time::human_ms(e.at_ms) }</span>
                            <span class="trace-row__where">{ match &e.to { Some(to) => format!("{} → {to}", e.resource), None => e.resource.clone() } }</span>
                            <span class="trace-row__text">{ e.text.clone() }</span>
                        </li>
                    }) }
                </ol>
            </div>
        }
    });
    html! {
        <div class="orders">
                        <div class="pager">
                <span class="muted">{ format!("{} · {} · {} {} · {}–{}", t(lang, Key::ExploreItems), table.name, total, t(lang, Key::StatItems), (current * PAGE_SIZE + 1).min(total), (current * PAGE_SIZE + items.len())) }</span>
                if pages > 1 {
                    <button id="orders-prev" class="button button--small" onclick={turn(current.saturating_sub(1))} disabled={current == 0}>{ "‹" }</button>
                    <span class="muted">{ format!("{} / {pages}", current + 1) }</span>
                    <button id="orders-next" class="button button--small" onclick={turn(current + 1)} disabled={current + 1 >= pages}>{ "›" }</button>
                }
            </div>
            if items.is_empty() {
                <p class="muted">{ t(lang, Key::NoItems) }</p>
            } else {
                <div class="grid-wrap">
                    <table class="grid" id="orders-table">
                        <thead><tr>
                            <th>{ format!("{key} (String)") }</th>
                            if let Some(s) = status_key.clone() { <th>{ s }</th> }
                            { for columns.iter().map(|c| html! { <th>{ c.clone() }</th> }) }
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
            { timeline.unwrap_or_default() }
        </div>
    }
}
