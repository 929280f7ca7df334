//! Submit one order through a web form in front of the API: customer, product, amount
//! and notes, POSTed as the form's page would. The scenario says which attribute each
//! field fills, what it starts with, and any hint.

use serde_json::Value;
use sim_core::scenario::console::OrderForm as FormConfig;
use sim_core::view::{EntryTarget, EntryView};
use sim_core::Action;
use yew::prelude::*;

use super::number::{groups_as_the_other_language, parse_number};
use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct OrderFormProps {
    /// An API entry with a form (`EntryView::form`).
    pub entry: EntryView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
    /// What a submit would send now, after each edit (None while the amount is not a
    /// number).
    #[prop_or_default]
    pub on_draft: Callback<Option<Value>>,
}

fn bind(s: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = s.clone();
    Callback::from(move |e: InputEvent| s.set(event_value(&e)))
}

/// The amount a learner typed, as their language writes numbers ("15.000" is fifteen
/// thousand in Portuguese), if it is one an order can carry.
///
/// Thousands grouped as the other language groups them ("15,000" in Portuguese) are
/// not read: a price never has three decimals, and sent as 15 it passed unnoticed.
fn amount_of(text: &str, lang: Lang) -> Option<f64> {
    if groups_as_the_other_language(text, lang) {
        return None;
    }
    parse_number(text, lang).filter(|a| *a >= 0.0)
}

/// Why the amount is refused: grouped the other language's way, or not a number.
fn amount_error(text: &str, lang: Lang) -> String {
    // A negative amount is refused whatever its grouping: no suggestion to fix it by.
    if !groups_as_the_other_language(text, lang) || text.trim().starts_with('-') {
        return t(lang, Key::AmountInvalid).to_string();
    }
    let their_group = match lang {
        Lang::Pt => ',',
        Lang::En => '.',
    };
    t(lang, Key::AmountGroupedOtherWay)
        .replace("{text}", text.trim())
        .replace("{plain}", &text.trim().replace(their_group, ""))
}

/// The body, in the fields' order, with the amount as a number (null if unreadable).
fn body(form: &FormConfig, values: [&str; 4], lang: Lang) -> Value {
    let [customer, product, amount, notes] = values;
    form.body(customer, product, amount_of(amount, lang), notes)
}

#[function_component(OrderForm)]
pub fn order_form(props: &OrderFormProps) -> Html {
    let lang = props.lang;
    let form = props.entry.form().cloned().unwrap_or_default();
    let customer = use_state(|| form.customer.default.clone());
    let product = use_state(|| form.product.default.clone());
    let amount = use_state(|| form.amount.default.clone());
    let notes = use_state(|| form.notes.default.clone());
    let amount_ok = amount_of(&amount, lang).is_some();
    {
        let values = [&customer, &product, &amount, &notes].map(|s| (**s).clone());
        let (form, on_draft) = (form.clone(), props.on_draft.clone());
        use_effect_with((values, lang), move |(values, lang)| {
            let draft = amount_of(&values[2], *lang).map(|_| {
                let [c, p, a, n] = values.each_ref().map(String::as_str);
                body(&form, [c, p, a, n], *lang)
            });
            on_draft.emit(draft);
        });
    }
    let onsubmit = {
        let (entry, form) = (props.entry.clone(), form.clone());
        let fields = [&customer, &product, &amount, &notes].map(|s| (*s).clone());
        let on_action = props.on_action.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let values = [&fields[0], &fields[1], &fields[2], &fields[3]].map(|s| s.as_str());
            on_action.emit(entry.request(body(&form, values, lang)));
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
            if !amount_ok { <p class="field__error" id="order-amount-error">{ amount_error(&amount, lang) }</p> }
            <label class="field"><span>{ t(lang, Key::Notes) }</span><input id="order-notes" value={(*notes).clone()} oninput={bind(&notes)} /></label>
            if let Some(hint) = notes_hint { <p class="card__hint">{ hint }</p> }
            <button id="order-submit" class="button button--primary" type="submit" disabled={!amount_ok}>{ t(lang, Key::Send) }</button>
        </form>
    }
}
