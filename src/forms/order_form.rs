//! Submit one order through the lab's web form: customer, product, amount and notes,
//! POSTed as the form's page would.

use serde_json::{json, Value};
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct OrderFormProps {
    pub api: String,
    pub path: String,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

fn bind(s: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = s.clone();
    Callback::from(move |e: InputEvent| s.set(event_value(&e)))
}

#[function_component(OrderForm)]
pub fn order_form(props: &OrderFormProps) -> Html {
    let lang = props.lang;
    let customer = use_state(|| "Alice".to_string());
    let product = use_state(|| "Wireless Headphones".to_string());
    let amount = use_state(|| "1499".to_string());
    let notes = use_state(String::new);
    let amount_ok = amount
        .trim()
        .parse::<f64>()
        .is_ok_and(|a| a.is_finite() && a >= 0.0);
    let onsubmit = {
        let (api, path) = (props.api.clone(), props.path.clone());
        let (customer, product, amount, notes) = (
            customer.clone(),
            product.clone(),
            amount.clone(),
            notes.clone(),
        );
        let on_action = props.on_action.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let amount: Value = amount
                .trim()
                .parse::<f64>()
                .map(|a| json!(a))
                .unwrap_or(Value::Null);
            let body = json!({ "customerName": *customer, "product": *product, "amount": amount, "notes": *notes });
            on_action.emit(Action::HttpRequest {
                api: api.clone(),
                method: "POST".into(),
                path: path.clone(),
                body: Some(body),
                headers: Default::default(),
            });
        })
    };
    html! {
        <form id="order-form" class="card" {onsubmit}>
            <h3 class="card__title">{ t(lang, Key::SubmitOrder) }<span class="card__hint">{ format!(" POST {}", props.path) }</span></h3>
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
