//! Submit N orders, spread over sim time as a burst of clients would send them.

use yew::prelude::*;

use super::entry::{nth_order, request, EntryProps};
use crate::dom::event_value;
use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;
use crate::state::Msg;

#[function_component(SubmitMany)]
pub fn submit_many(props: &EntryProps) -> Html {
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
