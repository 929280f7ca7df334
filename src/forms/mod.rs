//! What a learner does to the pipeline: submit orders (the lab's web form or its
//! `POST` JSON), submit many, send EventBridge events as the console's "Send events"
//! does, or send SQS messages directly. Invalid JSON is flagged and changes nothing.
//!
//! `Forms` is the container: it reads where orders go in and what Send events offers,
//! and turns the forms' intents into messages. The forms themselves are pure.

pub mod number;
mod order_form;
mod order_json;
mod send_batch;
mod send_events;
mod submit_many;

use serde_json::Value;
use sim_core::view::{order_already_in_table, EntryTarget, EntryView, SendEventsView};
use sim_core::{Action, Simulation};
use yew::prelude::*;

use crate::controls::notice::inline_notice;
use crate::i18n::{t, Key, Lang};
use crate::sim_provider::SimProps;
use crate::state::Msg;
use order_form::OrderForm;
use order_json::OrderJson;
use send_batch::SendBatch;
use send_events::SendEvents;
use submit_many::SubmitMany;

#[function_component(Forms)]
pub fn forms(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let on_action = use_callback(sim.dispatcher(), |a: Action, d| {
        d.dispatch(Msg::Apply(Box::new(a)))
    });
    // The order form's latest request: its API, when it was sent and its body.
    let mine = use_state(|| None::<Sent>);
    // Any edit in the forms (input events bubble here) retires the note on the last send.
    let oninput = use_callback(sim.dispatcher(), |_: InputEvent, d| {
        d.dispatch(Msg::FormEdited)
    });
    let Some(entry) = sim.view(EntryView::of).flatten() else {
        return html! {};
    };
    let on_order = {
        let (sim, mine, on_action) = (sim.clone(), mine.clone(), on_action.clone());
        Callback::from(move |a: Action| {
            if let Action::HttpRequest { api, body, .. } = &a {
                mine.set(Some(Sent {
                    api: api.clone(),
                    sent_ms: sim.view(|w| w.now_ms()).unwrap_or(0),
                    body: body.clone(),
                }));
            }
            on_action.emit(a);
        })
    };
    let response = (*mine)
        .as_ref()
        .and_then(|m| sim.view(|w| answer(w, m)).flatten())
        .map(|(status, body)| response_box(status, &body, lang))
        .unwrap_or_default();
    let on_many = {
        let (sim, entry) = (sim.clone(), entry.clone());
        Callback::from(move |n: u64| {
            // Ids continue from the orders already generated, so every run is unique.
            let first = sim.generated + 100;
            let now_ms = sim.view(|w| w.now_ms()).unwrap_or(0);
            sim.dispatch(Msg::Schedule(entry.burst(first, n, now_ms)));
        })
    };
    let send_events = sim
        .view(|w| SendEventsView::of(w, sim.selected_order.clone()))
        .flatten();
    // A queue's orders can also go as one SendMessageBatch, as seed 002's producer sends them.
    let batch_entry = matches!(entry.target, EntryTarget::Queue { .. }).then(|| entry.clone());
    let order = if entry.form().is_some() {
        let draft = sim.order_draft.clone();
        let on_draft = Callback::from(move |body| *draft.borrow_mut() = body);
        html! { <OrderForm {entry} {lang} on_action={on_order} {on_draft} /> }
    } else {
        let already_in_table = {
            let sim = sim.clone();
            Callback::from(move |body: serde_json::Value| {
                sim.view(|w| order_already_in_table(w, &body)).flatten()
            })
        };
        html! { <OrderJson {entry} {lang} on_action={on_order} {already_in_table} /> }
    };
    // What each form's last action did, or why it was refused, under that form.
    let said = |actions: &[&str]| inline_notice(&sim.notice, actions, lang);
    let batch = batch_entry.map(|entry| {
        html! {
            <>
                <SendBatch {entry} {lang} on_action={on_action.clone()} />
                { said(&["SendMessageBatch"]) }
            </>
        }
    });
    // The guide's step done with Send events finds that form first, beside it. Moved
    // by the layout, not in the tree: moved in the tree, Yew would build the form anew
    // and lose what the learner typed (and the focus) whenever a step ticked.
    let events_first = sim
        .view(|w| current_step_sends_events(w, sim.guide_step()))
        .unwrap_or(false);
    let class = classes!("actions__events", events_first.then_some("is-first"));
    html! {
        <div class="actions" {oninput}>
            <div class="actions__order">
                { order }
                { said(&["HttpRequest", "SendMessage"]) }
                { response }
                <SubmitMany {lang} on_submit={on_many} />
                { said(&["Schedule"]) }
                { batch }
            </div>
            if let Some(view) = send_events {
                <div {class}>
                    <SendEvents {view} {lang} {on_action} />
                    { said(&["PutEvents"]) }
                </div>
            }
        </div>
    }
}

fn current_step_sends_events(w: &Simulation, done: usize) -> bool {
    let guide = w.scenario().guide.as_ref();
    guide
        .and_then(|g| g.steps.get(done))
        .is_some_and(|s| s.sends_events())
}

/// An order the form POSTed.
#[derive(Clone, PartialEq)]
struct Sent {
    api: String,
    sent_ms: u64,
    body: Option<Value>,
}

/// The API's answer to that request, once it exists (not while time is paused before
/// the integration ran): its status code and body.
fn answer(w: &Simulation, sent: &Sent) -> Option<(u16, String)> {
    // The JSON form sends its text as typed; other forms send a document.
    let same_body = |text: &Option<String>| match &sent.body {
        Some(Value::String(typed)) => text.as_deref() == Some(typed.as_str()),
        body => {
            let got = text
                .as_deref()
                .and_then(|t| serde_json::from_str::<Value>(t).ok());
            got.as_ref() == body.as_ref()
        }
    };
    let x = w
        .http_exchanges()
        .filter(|x| x.api == sent.api && x.sent_ms == sent.sent_ms && same_body(&x.request_body))
        .last()?;
    Some((x.status_code?, x.response_body.clone().unwrap_or_default()))
}

/// The response under the form, as text (the body is whatever the function returned).
fn response_box(status: u16, body: &str, lang: Lang) -> Html {
    let class = if (200..300).contains(&status) {
        "http-response"
    } else {
        "http-response http-response--error"
    };
    html! {
        <div {class} id="order-response" role="status">
            <span class="http-response__label">{ format!("{} · HTTP {status}", t(lang, Key::Response)) }</span>
            <pre class="code code--small code--wrap" tabindex="0">{ body.to_string() }</pre>
        </div>
    }
}
