//! Submit one order: the lab's web form, or a JSON body for its API or queue.

use serde_json::{json, Value};
use sim_core::Action;
use yew::prelude::*;

use super::entry::{nth_order, request, Entry, EntryProps};
use crate::dom::event_value;
use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;
use crate::state::Msg;

#[function_component(OrderEntry)]
pub fn order_entry(props: &EntryProps) -> Html {
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
