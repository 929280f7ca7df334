//! EventBridge "Send events", as the console's form: bus, source, detail-type and a
//! JSON detail, with presets from the scenario's rules.

use serde_json::{json, Value};
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};
use crate::sim_provider::use_sim;
use crate::state::{Msg, SimContext};

/// Presets from the scenario's rules: the source and detail-type each rule expects.
fn presets(ctx: &SimContext) -> Vec<(String, String, String)> {
    let sim = ctx.sim.borrow();
    sim.rules()
        .iter()
        .filter_map(|r| {
            let p = &r.config.event_pattern;
            let source = p.get("source")?.get(0)?.as_str()?.to_string();
            let dt = p.get("detail-type")?.get(0)?.as_str()?.to_string();
            Some((r.config.event_bus_name.clone(), source, dt))
        })
        .collect()
}

fn preset_detail(detail_type: &str, order: &str) -> Value {
    match detail_type {
        "AlterarPedido" => {
            json!({ "pedidoId": order, "novosItens": [{ "sku": "PROD-ALTERADO-1", "qtd": 1 }, { "sku": "PROD-ALTERADO-2", "qtd": 99 }] })
        }
        "CancelarPedido" | "NovoPedido" => json!({ "pedidoId": order }),
        _ => json!({ "orderId": order, "amount": 120 }),
    }
}

#[function_component(SendEvents)]
pub fn send_events() -> Html {
    let ctx = use_sim();
    // The form starts on the first preset (the Actions component is keyed by scenario).
    let first = ctx.as_ref().and_then(|c| {
        let order = c
            .selected_order
            .clone()
            .unwrap_or_else(|| newest_order(c).unwrap_or_else(|| first_order_id(c)));
        presets(c)
            .into_iter()
            .find(|(_, _, d)| d != "NovoPedido")
            .map(|(b, s, d)| {
                (
                    b,
                    s,
                    serde_json::to_string_pretty(&preset_detail(&d, &order)).unwrap_or_default(),
                    d,
                )
            })
    });
    let (b0, s0, x0, d0) = first.unwrap_or_default();
    let bus = use_state(|| b0);
    let source = use_state(|| s0);
    let detail_type = use_state(|| d0);
    let detail = use_state(|| x0);
    {
        // Selecting an order in the table points the form at it.
        let (detail, detail_type) = (detail.clone(), detail_type.clone());
        let selected = ctx.as_ref().and_then(|c| c.selected_order.clone());
        use_effect_with(selected, move |sel| {
            if let Some(id) = sel {
                detail.set(
                    serde_json::to_string_pretty(&preset_detail(&detail_type, id))
                        .unwrap_or_default(),
                );
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let lang = ctx.lang;
    let presets = presets(&ctx);
    let buses: Vec<String> = ctx.sim.borrow().event_buses().to_vec();
    // The order a preset refers to: the selected one, else the newest in the first table.
    let order = ctx
        .selected_order
        .clone()
        .unwrap_or_else(|| newest_order(&ctx).unwrap_or_else(|| first_order_id(&ctx)));
    let bind = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| s.set(event_value(&e)))
    };
    let on_bus = {
        let bus = bus.clone();
        Callback::from(move |e: Event| bus.set(event_value(&e)))
    };
    let detail_error = serde_json::from_str::<Value>(&detail)
        .err()
        .map(|e| format!("{}: {e}", t(lang, Key::InvalidJson)));
    let preset_buttons = presets
        .iter()
        .filter(|(_, _, d)| d != "NovoPedido")
        .map(|(b, s, d)| {
            let (bus, source, detail_type, detail) = (
                bus.clone(),
                source.clone(),
                detail_type.clone(),
                detail.clone(),
            );
            let (b, s, d, order) = (b.clone(), s.clone(), d.clone(), order.clone());
            let label = match d.as_str() {
                "CancelarPedido" => format!("{} {order}", t(lang, Key::CancelOrder)),
                "AlterarPedido" => format!("{} {order}", t(lang, Key::AlterOrder)),
                _ => d.clone(),
            };
            let onclick = Callback::from(move |_: MouseEvent| {
                bus.set(b.clone());
                source.set(s.clone());
                detail.set(
                    serde_json::to_string_pretty(&preset_detail(&d, &order)).unwrap_or_default(),
                );
                detail_type.set(d.clone());
            });
            html! { <button class="button button--small preset" {onclick}>{ label }</button> }
        });
    let onclick = {
        let (ctx, bus, source, detail_type, detail) = (
            ctx.clone(),
            bus.clone(),
            source.clone(),
            detail_type.clone(),
            detail.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            // The console sends the detail as text: PutEvents itself checks it.
            let action: Result<Action, _> = serde_json::from_value(json!({
                "Action": "PutEvents",
                "Entries": [{ "Source": *source, "DetailType": *detail_type, "Detail": *detail, "EventBusName": *bus }]
            }));
            if let Ok(a) = action {
                ctx.dispatch(Msg::Apply(Box::new(a)));
            }
        })
    };
    html! {
        <div class="card" id="send-events">
            <h3 class="card__title">{ t(lang, Key::SendEvents) }<span class="card__hint">{ " EventBridge PutEvents" }</span></h3>
            <div class="presets">{ for preset_buttons }</div>
            <label class="field">
                <span>{ t(lang, Key::EventBus) }</span>
                <select id="event-bus" onchange={on_bus}>
                    { for buses.iter().map(|b| html! { <option value={b.clone()} selected={*b == *bus}>{ b.clone() }</option> }) }
                </select>
            </label>
            <label class="field"><span>{ t(lang, Key::EventSource) }</span><input id="event-source" value={(*source).clone()} oninput={bind(&source)} /></label>
            <label class="field"><span>{ t(lang, Key::DetailType) }</span><input id="event-detail-type" value={(*detail_type).clone()} oninput={bind(&detail_type)} /></label>
            <label class="field">
                <span>{ t(lang, Key::EventDetail) }</span>
                <textarea id="event-detail" rows="6" spellcheck="false" value={(*detail).clone()} oninput={bind(&detail)} aria-invalid={detail_error.is_some().to_string()} />
            </label>
            if let Some(err) = detail_error.clone() { <p class="field__error">{ err }</p> }
            <button id="event-send" class="button button--primary" {onclick} disabled={detail_error.is_some()}>{ t(lang, Key::Send) }</button>
            <LastPutEvents lang={lang} />
        </div>
    }
}

/// The id the lab's first order has: lab 000's apiP001, or ord-001.
fn first_order_id(ctx: &SimContext) -> String {
    let pedidos = ctx
        .sim
        .borrow()
        .tables()
        .first()
        .is_some_and(|t| t.hash_key == "pedidoId");
    if pedidos {
        "apiP001".into()
    } else {
        "ord-001".into()
    }
}

fn newest_order(ctx: &SimContext) -> Option<String> {
    let sim = ctx.sim.borrow();
    let table = sim.tables().first()?;
    let key = table.hash_key.clone();
    let newest = table
        .scan()
        .filter_map(|i| {
            let id = i.get(&key)?.as_str()?.to_string();
            let when = ["timestampCriacaoEvento", "createdAt"]
                .iter()
                .find_map(|k| i.get(*k).and_then(|v| v.as_str()).map(str::to_string))
                .unwrap_or_default();
            Some((when, id))
        })
        .max();
    newest.map(|(_, id)| id)
}

#[derive(Properties, PartialEq)]
struct LangProps {
    lang: Lang,
}

#[function_component(LastPutEvents)]
fn last_put_events(props: &LangProps) -> Html {
    let _ = props.lang;
    let Some(ctx) = use_sim() else {
        return html! {};
    };
    let sim = ctx.sim.borrow();
    let Some(r) = sim.put_events_results().last() else {
        return html! {};
    };
    let text = serde_json::to_string(
        &json!({ "FailedEntryCount": r.failed_entry_count, "Entries": r.entries }),
    )
    .unwrap_or_default();
    html! { <pre class="code code--small" tabindex="0" id="put-events-result">{ text }</pre> }
}
