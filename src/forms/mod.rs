//! What a learner does to the pipeline: submit orders (the lab's web form or its
//! `POST` JSON), submit many, send EventBridge events as the console's "Send events"
//! does, or send SQS messages directly. Invalid JSON is flagged and changes nothing.

use serde_json::{json, Value};
use sim_core::lambda::Behavior;
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};
use crate::sim_provider::use_sim;
use crate::state::{Msg, SimContext};

#[derive(Clone, PartialEq)]
enum Entry {
    /// Lab 004's web form.
    Form { api: String, path: String },
    /// A JSON body for `POST` (lab 000's /pedidos, lab 003's /orders).
    Json {
        api: String,
        path: String,
        template: Value,
    },
    /// No API: SendMessage straight to a queue.
    Queue { queue: String, fifo: bool },
}

fn entry_point(ctx: &SimContext) -> Option<Entry> {
    let sim = ctx.sim.borrow();
    let scenario = sim.scenario();
    if let Some(api) = scenario.apis.first() {
        let route = api.routes.first()?;
        let path = route
            .route_key
            .split_once(' ')
            .map(|x| x.1)
            .unwrap_or("/")
            .to_string();
        let behavior = scenario
            .functions
            .iter()
            .find(|f| f.function_name == route.function_name)
            .map(|f| f.behavior.clone());
        return Some(match behavior {
            Some(Behavior::CreateOrder { .. }) => Entry::Form {
                api: api.name.clone(),
                path,
            },
            Some(Behavior::RecebePedido { .. }) => Entry::Json {
                api: api.name.clone(),
                path,
                template: json!({ "pedidoId": "apiP001", "clienteId": "clienteAPI-001", "itens": [{ "item": "Produto X API", "qtd": 1 }] }),
            },
            _ => Entry::Json {
                api: api.name.clone(),
                path,
                template: json!({ "orderId": "ord-001", "customerEmail": "customer@example.com", "amount": 120, "items": [{ "sku": "SKU-1", "qty": 1 }] }),
            },
        });
    }
    let q = scenario.queues.iter().find(|q| {
        !scenario
            .queues
            .iter()
            .any(|o| o.dead_letter_queue_name() == Some(q.queue_name.as_str()))
    })?;
    Some(Entry::Queue {
        queue: q.queue_name.clone(),
        fifo: q.fifo_queue,
    })
}

/// The n-th generated order for this entry point, with a fresh id.
fn nth_order(entry: &Entry, n: u64) -> Value {
    match entry {
        Entry::Form { .. } => json!({
            "orderId": format!("web-{n:04}"), "customerName": format!("Customer {n}"), "product": "Wireless Headphones",
            "amount": 100 + (n % 50) * 10, "notes": "",
        }),
        Entry::Json { template, .. } => {
            let mut v = template.clone();
            if v.get("pedidoId").is_some() {
                v["pedidoId"] = json!(format!("apiP{n:03}"));
                v["clienteId"] = json!(format!("clienteAPI-{n:03}"));
            } else {
                v["orderId"] = json!(format!("ord-{n:03}"));
            }
            v
        }
        Entry::Queue { .. } => {
            json!({ "order_id": format!("PED-{n:03}"), "customer_id": format!("cliente-{}", n % 3), "total": 100 + n })
        }
    }
}

fn request(entry: &Entry, body: Value) -> Action {
    match entry {
        Entry::Form { api, path } | Entry::Json { api, path, .. } => Action::HttpRequest {
            api: api.clone(),
            method: "POST".into(),
            path: path.clone(),
            body: Some(body),
            headers: Default::default(),
        },
        Entry::Queue { queue, fifo } => Action::SendMessage {
            queue_name: queue.clone(),
            message_group_id: fifo.then(|| {
                format!(
                    "order-{}",
                    body.get("customer_id")
                        .and_then(Value::as_str)
                        .unwrap_or("default")
                )
            }),
            message_body: body,
            delay_seconds: None,
            message_deduplication_id: None,
            message_attributes: Default::default(),
        },
    }
}

#[function_component(Actions)]
pub fn actions() -> Html {
    let Some(ctx) = use_sim() else {
        return html! {};
    };
    let Some(entry) = entry_point(&ctx) else {
        return html! {};
    };
    let has_bus = !ctx.sim.borrow().rules().is_empty();
    html! {
        <div class="actions">
            <OrderEntry entry={EntryProp(entry.clone())} />
            <SubmitMany entry={EntryProp(entry)} />
            if has_bus {
                <SendEvents />
            }
        </div>
    }
}

#[derive(Clone, PartialEq)]
pub struct EntryProp(Entry);

#[derive(Properties, PartialEq)]
struct EntryProps {
    entry: EntryProp,
}

#[function_component(OrderEntry)]
fn order_entry(props: &EntryProps) -> Html {
    let entry = props.entry.0.clone();
    let ctx = use_sim();
    let customer = use_state(|| "Alice".to_string());
    let product = use_state(|| "Wireless Headphones".to_string());
    let amount = use_state(|| "1499".to_string());
    let notes = use_state(String::new);
    let body = use_state(|| match &entry {
        Entry::Json { template, .. } => serde_json::to_string_pretty(template).unwrap_or_default(),
        _ => serde_json::to_string_pretty(&nth_order(&entry, 1)).unwrap_or_default(),
    });
    let Some(ctx) = ctx else { return html! {} };
    let lang = ctx.lang;
    let bind = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| s.set(event_value(&e)))
    };
    let body_error = serde_json::from_str::<Value>(&body)
        .err()
        .map(|e| format!("{}: {e}", t(lang, Key::InvalidJson)));
    match &entry {
        Entry::Form { api, path } => {
            let amount_ok = amount
                .trim()
                .parse::<f64>()
                .is_ok_and(|a| a.is_finite() && a >= 0.0);
            let onsubmit = {
                let (ctx, api, path) = (ctx.clone(), api.clone(), path.clone());
                let (customer, product, amount, notes) = (
                    customer.clone(),
                    product.clone(),
                    amount.clone(),
                    notes.clone(),
                );
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let amount: Value = amount
                        .trim()
                        .parse::<f64>()
                        .map(|a| json!(a))
                        .unwrap_or(Value::Null);
                    let body = json!({ "customerName": *customer, "product": *product, "amount": amount, "notes": *notes });
                    ctx.dispatch(Msg::Apply(Box::new(Action::HttpRequest {
                        api: api.clone(),
                        method: "POST".into(),
                        path: path.clone(),
                        body: Some(body),
                        headers: Default::default(),
                    })));
                })
            };
            html! {
                <form id="order-form" class="card" {onsubmit}>
                    <h3 class="card__title">{ t(lang, Key::SubmitOrder) }<span class="card__hint">{ format!(" POST {path}") }</span></h3>
                    <label class="field"><span>{ t(lang, Key::Customer) }</span><input id="order-customer" value={(*customer).clone()} oninput={bind(&customer)} required=true /></label>
                    <label class="field"><span>{ t(lang, Key::Product) }</span><input id="order-product" value={(*product).clone()} oninput={bind(&product)} required=true /></label>
                    <label class="field">
                        <span>{ t(lang, Key::Amount) }</span>
                        <input id="order-amount" inputmode="decimal" value={(*amount).clone()} oninput={bind(&amount)} aria-invalid={(!amount_ok).to_string()} />
                    </label>
                    if !amount_ok { <p class="field__error">{ t(lang, Key::AmountInvalid) }</p> }
                    <label class="field"><span>{ t(lang, Key::Notes) }</span><input id="order-notes" value={(*notes).clone()} oninput={bind(&notes)} /></label>
                    <p class="card__hint">{ t(lang, Key::NotesHint) }</p>
                    <button id="order-submit" class="button button--primary" type="submit" disabled={!amount_ok}>{ t(lang, Key::Send) }</button>
                </form>
            }
        }
        other => {
            let (title, target) = match other {
                Entry::Queue { queue, .. } => ("SendMessage".to_string(), queue.clone()),
                Entry::Json { path, .. } | Entry::Form { path, .. } => (
                    t(lang, Key::RequestBody).to_string(),
                    format!("POST {path}"),
                ),
            };
            let onclick = {
                let (ctx, body, entry) = (ctx.clone(), body.clone(), other.clone());
                Callback::from(move |_: MouseEvent| {
                    if let Ok(v) = serde_json::from_str::<Value>(&body) {
                        ctx.dispatch(Msg::Apply(Box::new(request(&entry, v))));
                    }
                })
            };
            html! {
                <div class="card">
                    <h3 class="card__title">{ t(lang, Key::SubmitOrder) }<span class="card__hint">{ format!(" {target}") }</span></h3>
                    <label class="field">
                        <span>{ title }</span>
                        <textarea id="order-json" rows="7" spellcheck="false" value={(*body).clone()} oninput={bind(&body)} aria-invalid={body_error.is_some().to_string()} />
                    </label>
                    if let Some(err) = body_error.clone() { <p class="field__error">{ err }</p> }
                    <button id="order-submit" class="button button--primary" {onclick} disabled={body_error.is_some()}>{ t(lang, Key::Send) }</button>
                </div>
            }
        }
    }
}

#[function_component(SubmitMany)]
fn submit_many(props: &EntryProps) -> Html {
    let entry = props.entry.0.clone();
    let ctx = use_sim();
    let count = use_state(|| "10".to_string());
    let Some(ctx) = ctx else { return html! {} };
    let lang = ctx.lang;
    let n = count
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=1000).contains(n));
    let onclick = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(n) = n else { return };
            // Ids continue from the orders already generated, so every run is unique;
            // one order every 20 ms of sim time, as a burst of clients would send them.
            let start = ctx.generated + 100;
            let now = ctx.sim.borrow().now_ms();
            let steps = (0..n)
                .map(|i| sim_core::ScriptStep {
                    at_ms: now + i * 20,
                    action: request(&entry, nth_order(&entry, start + i)),
                })
                .collect();
            ctx.dispatch(Msg::Generated(n));
            ctx.dispatch(Msg::Schedule(steps));
        })
    };
    let oninput = {
        let count = count.clone();
        Callback::from(move |e: InputEvent| count.set(event_value(&e)))
    };
    html! {
        <div class="card card--row">
            <label class="field field--inline">
                <span>{ t(lang, Key::HowMany) }</span>
                <input id="many-count" type="number" min="1" max="1000" value={(*count).clone()} {oninput} aria-invalid={n.is_none().to_string()} />
            </label>
            <button id="many-submit" class="button" {onclick} disabled={n.is_none()}>{ t(lang, Key::SubmitMany) }</button>
            if n.is_none() { <p class="field__error">{ "1 to 1000" }</p> }
        </div>
    }
}

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
fn send_events() -> Html {
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
