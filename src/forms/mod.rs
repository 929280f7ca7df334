//! What a learner does to the pipeline: submit orders (the lab's web form or its
//! `POST` JSON), submit many, send EventBridge events as the console's "Send events"
//! does, or send SQS messages directly. Invalid JSON is flagged and changes nothing.
//!
//! `Forms` is the container: it reads where orders go in and what Send events offers,
//! and turns the forms' intents into messages. The forms themselves are pure.

mod order_form;
mod order_json;
mod send_events;
mod submit_many;

use sim_core::view::{EntryView, SendEventsView};
use sim_core::Action;
use yew::prelude::*;

use crate::controls::notice::inline_notice;
use crate::sim_provider::SimProps;
use crate::state::Msg;
use order_form::OrderForm;
use order_json::OrderJson;
use send_events::SendEvents;
use submit_many::SubmitMany;

#[function_component(Forms)]
pub fn forms(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let on_action = use_callback(sim.dispatcher(), |a: Action, d| {
        d.dispatch(Msg::Apply(Box::new(a)))
    });
    // Any edit in the forms (input events bubble here) retires the note on the last send.
    let oninput = use_callback(sim.dispatcher(), |_: InputEvent, d| {
        d.dispatch(Msg::FormEdited)
    });
    let Some(entry) = sim.view(EntryView::of).flatten() else {
        return html! {};
    };
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
    let order = if entry.form().is_some() {
        html! { <OrderForm {entry} {lang} on_action={on_action.clone()} /> }
    } else {
        html! { <OrderJson {entry} {lang} on_action={on_action.clone()} /> }
    };
    // What each form's last action did, or why it was refused, under that form.
    let said = |actions: &[&str]| inline_notice(&sim.notice, actions, lang);
    html! {
        <div class="actions" {oninput}>
            { order }
            { said(&["HttpRequest", "SendMessage"]) }
            <SubmitMany {lang} on_submit={on_many} />
            { said(&["Schedule"]) }
            if let Some(view) = send_events {
                <SendEvents {view} {lang} {on_action} />
                { said(&["PutEvents"]) }
            }
        </div>
    }
}
