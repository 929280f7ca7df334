//! What a learner does to the pipeline: submit orders (the lab's web form or its
//! `POST` JSON), submit many, send EventBridge events as the console's "Send events"
//! does, or send SQS messages directly. Invalid JSON is flagged and changes nothing.

mod entry;
mod order_entry;
mod send_events;
mod submit_many;

use yew::prelude::*;

use crate::sim_provider::use_sim;
use entry::{entry_point, EntryProp};
use order_entry::OrderEntry;
use send_events::SendEvents;
use submit_many::SubmitMany;

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
