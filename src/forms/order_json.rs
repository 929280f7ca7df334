//! Submit one order as JSON: the request body for the scenario's API, or a message
//! body for its queue. Invalid JSON is flagged where it is typed and sends nothing.

use serde_json::Value;
use sim_core::view::{EntryTarget, EntryView};
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct OrderJsonProps {
    pub entry: EntryView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

#[function_component(OrderJson)]
pub fn order_json(props: &OrderJsonProps) -> Html {
    let (entry, lang) = (&props.entry, props.lang);
    let body = use_state(|| serde_json::to_string_pretty(&entry.first_body()).unwrap_or_default());
    let body_error = serde_json::from_str::<Value>(&body)
        .err()
        .map(|e| crate::i18n::json_error(lang, &e));
    let (title, target) = match &entry.target {
        EntryTarget::Queue { queue, .. } => ("SendMessage".to_string(), queue.clone()),
        EntryTarget::Api { path, .. } => (
            t(lang, Key::RequestBody).to_string(),
            format!("POST {path}"),
        ),
    };
    let onclick = {
        let (body, entry, on_action) = (body.clone(), entry.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(v) = serde_json::from_str::<Value>(&body) {
                on_action.emit(entry.request(v));
            }
        })
    };
    let oninput = {
        let body = body.clone();
        Callback::from(move |e: InputEvent| body.set(event_value(&e)))
    };
    html! {
        <div class="card">
            <h3 class="card__title">{ t(lang, Key::SubmitOrder) }<span class="card__hint">{ format!(" {target}") }</span></h3>
            <label class="field">
                <span>{ title }</span>
                <textarea id="order-json" rows="7" spellcheck="false" value={(*body).clone()} {oninput} aria-invalid={body_error.is_some().to_string()} />
            </label>
            if let Some(err) = body_error.clone() { <p class="field__error">{ err }</p> }
            <button id="order-submit" class="button button--primary" {onclick} disabled={body_error.is_some()}>{ t(lang, Key::Send) }</button>
        </div>
    }
}
