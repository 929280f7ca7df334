//! Submit one order through a web form in front of the API: customer, product, amount
//! and notes, POSTed as the form's page would. The scenario says which attribute each
//! field fills, what it starts with, and any hint.

use serde_json::Map;
use serde_json::{json, Value};
use sim_core::scenario::console::OrderForm as FormConfig;
use sim_core::view::{EntryTarget, EntryView};
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct OrderFormProps {
    /// An API entry with a form (`EntryView::form`).
    pub entry: EntryView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

fn bind(s: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = s.clone();
    Callback::from(move |e: InputEvent| s.set(event_value(&e)))
}

/// The body, in the fields' order, with the amount as a number (null if unreadable).
fn body(form: &FormConfig, values: [&str; 4]) -> Value {
    let [customer, product, amount, notes] = values;
    let amount: Value = amount
        .trim()
        .parse::<f64>()
        .map(|a| json!(a))
        .unwrap_or(Value::Null);
    let mut o = Map::new();
    o.insert(form.customer.attribute.clone(), json!(customer));
    o.insert(form.product.attribute.clone(), json!(product));
    o.insert(form.amount.attribute.clone(), amount);
    o.insert(form.notes.attribute.clone(), json!(notes));
    Value::Object(o)
}

#[function_component(OrderForm)]
pub fn order_form(props: &OrderFormProps) -> Html {
    let lang = props.lang;
    let form = props.entry.form().cloned().unwrap_or_default();
    let customer = use_state(|| form.customer.default.clone());
    let product = use_state(|| form.product.default.clone());
    let amount = use_state(|| form.amount.default.clone());
    let notes = use_state(|| form.notes.default.clone());
    let amount_ok = amount
        .trim()
        .parse::<f64>()
        .is_ok_and(|a| a.is_finite() && a >= 0.0);
    let onsubmit = {
        let (entry, form) = (props.entry.clone(), form.clone());
        let fields = [&customer, &product, &amount, &notes].map(|s| (*s).clone());
        let on_action = props.on_action.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let values = [&fields[0], &fields[1], &fields[2], &fields[3]].map(|s| s.as_str());
            on_action.emit(entry.request(body(&form, values)));
        })
    };
    let path = match &props.entry.target {
        EntryTarget::Api { path, .. } => path.clone(),
        EntryTarget::Queue { .. } => String::new(),
    };
    let notes_hint = form
        .notes
        .hint
        .as_ref()
        .map(|h| h.get(lang.param()).to_string());
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
            if let Some(hint) = notes_hint { <p class="card__hint">{ hint }</p> }
            <button id="order-submit" class="button button--primary" type="submit" disabled={!amount_ok}>{ t(lang, Key::Send) }</button>
        </form>
    }
}
