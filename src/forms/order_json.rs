//! Submit one order as JSON: the request body for the scenario's API, or a message
//! body for its queue (a FIFO queue's with its message group and deduplication ids,
//! as in the SQS console). Text that is not JSON is flagged where it is typed and can
//! still be sent, as AWS takes any text as a body: what follows is the function's code.

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
    /// The order id in a body and the orders table that already holds it, if it does.
    pub already_in_table: Callback<Value, Option<(String, String)>>,
}

#[function_component(OrderJson)]
pub fn order_json(props: &OrderJsonProps) -> Html {
    let (entry, lang) = (&props.entry, props.lang);
    let body = use_state(|| serde_json::to_string_pretty(&entry.first_body()).unwrap_or_default());
    let parsed = serde_json::from_str::<Value>(&body);
    let body_error = parsed
        .as_ref()
        .err()
        .map(|e| crate::i18n::json_error(lang, e));
    let (title, target) = match &entry.target {
        EntryTarget::Queue { queue, .. } => ("SendMessage".to_string(), queue.clone()),
        EntryTarget::Api { path, .. } => (
            t(lang, Key::RequestBody).to_string(),
            format!("POST {path}"),
        ),
    };
    let group_id = use_state(String::new);
    let dedup_id = use_state(String::new);
    let onclick = {
        let (body, entry, on_action) = (body.clone(), entry.clone(), props.on_action.clone());
        let (group_id, dedup_id) = (group_id.clone(), dedup_id.clone());
        Callback::from(move |_: MouseEvent| {
            // Sent as typed (the student walk's indented body was sent compacted, with
            // another MD5OfBody than the console's), JSON or not: SQS and API Gateway
            // take any text (the SQS guide's malformed message could not be sent).
            let typed = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
            let text = Value::String(body.to_string());
            on_action.emit(entry.request_with(text, typed(&group_id), typed(&dedup_id)));
        })
    };
    let oninput = {
        let body = body.clone();
        Callback::from(move |e: InputEvent| body.set(event_value(&e)))
    };
    let already = parsed
        .as_ref()
        .ok()
        .and_then(|body| props.already_in_table.emit(body.clone()));
    let fifo_ids = match &entry.target {
        EntryTarget::Queue {
            fifo: true,
            content_based_deduplication,
            ..
        } => {
            // The group the body would go in, shown until the learner types another;
            // text that is not JSON goes where Send puts it (the scenario's default).
            let default_group = entry
                .default_group_id(parsed.as_ref().unwrap_or(&Value::Null))
                .map(|g| t(lang, Key::GroupIdFromBody).replace("{group}", &g))
                .unwrap_or_default();
            let dedup_placeholder = t(
                lang,
                if *content_based_deduplication {
                    Key::DedupIdContentBased
                } else {
                    Key::DedupIdRequired
                },
            );
            html! {
                <FifoIds {lang} {group_id} {dedup_id} {default_group} dedup_placeholder={dedup_placeholder.to_string()} />
            }
        }
        _ => html! {},
    };
    html! {
        <div class="card" id="order-form">
            <h3 class="card__title">{ t(lang, Key::SubmitOrder) }<span class="card__hint">{ format!(" {target}") }</span></h3>
            <label class="field">
                <span>{ title }</span>
                <textarea id="order-json" rows="7" spellcheck="false" value={(*body).clone()} {oninput} aria-invalid={body_error.is_some().to_string()} />
            </label>
            if let Some(err) = body_error.clone() {
                // Amber, not red: it is not refused (the walk read red as blocking).
                <p class="field__warning">{ format!("{err}. {}", t(lang, Key::NotJsonStillSent)) }</p>
            }
            if let Some((id, table)) = already {
                <p class="field__warning" id="order-already">{ t(lang, Key::OrderAlreadyInTable).replace("{id}", &id).replace("{table}", &table) }</p>
            }
            { fifo_ids }
            <button id="order-submit" class="button button--primary" {onclick}>{ t(lang, Key::Send) }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FifoIdsProps {
    lang: Lang,
    group_id: UseStateHandle<String>,
    dedup_id: UseStateHandle<String>,
    default_group: String,
    dedup_placeholder: String,
}

/// A FIFO queue's "Message group ID" and "Message deduplication ID" (empty: the
/// scenario's group for the body, and content-based deduplication), each placeholder
/// saying what an empty field sends (the SQS guide walk read the grey group id as an
/// example).
#[function_component(FifoIds)]
fn fifo_ids(props: &FifoIdsProps) -> Html {
    let lang = props.lang;
    let input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(event_value(&e)))
    };
    html! {
        <>
            <label class="field">
                <span>{ t(lang, Key::MessageGroupIdLabel) }</span>
                <input id="order-group-id" maxlength="128" spellcheck="false" value={(*props.group_id).clone()}
                    placeholder={props.default_group.clone()} oninput={input(&props.group_id)} />
            </label>
            <label class="field">
                <span>{ t(lang, Key::MessageDedupIdLabel) }</span>
                <input id="order-dedup-id" maxlength="128" spellcheck="false" value={(*props.dedup_id).clone()}
                    placeholder={props.dedup_placeholder.clone()} oninput={input(&props.dedup_id)} />
            </label>
            <p class="card__hint">{ t(lang, Key::FifoIdsHint) }</p>
        </>
    }
}
