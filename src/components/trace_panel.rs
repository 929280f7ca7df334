//! The trace: every state change with its one-line explanation, newest first.

use yew::prelude::*;

use super::{event_value, use_sim};
use crate::i18n::{t, Key};

#[function_component(TracePanel)]
pub fn trace_panel() -> Html {
    let ctx = use_sim();
    let filter = use_state(String::new);
    let Some(ctx) = ctx else { return html! {} };
    let lang = ctx.lang;
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| filter.set(event_value(&e)))
    };
    let sim = ctx.sim.borrow();
    let needle = filter.to_lowercase();
    let rows: Vec<_> = sim
        .trace()
        .entries()
        .rev()
        .filter(|e| needle.is_empty() || e.line().to_lowercase().contains(&needle))
        .take(300)
        .cloned()
        .collect();
    html! {
        <div class="trace">
            <label class="field field--inline">
                <span>{ t(lang, Key::Filter) }</span>
                <input id="trace-filter" value={(*filter).clone()} {oninput} placeholder="queue, order id, MessageMovedToDlq…" />
            </label>
            <p class="muted">{ format!("{} entries · {} ", sim.trace().total(), t(lang, Key::TraceHash)) }<code id="trace-hash">{ format!("{:016x}", sim.trace().hash()) }</code></p>
            <ol class="trace-list" id="trace-list">
                { for rows.iter().map(|e| html! {
                    <li class={classes!("trace-row", format!("kind--{}", serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()))}>
                        <span class="trace-row__time">{ sim_core::time::human_ms(e.at_ms) }</span>
                        <span class="trace-row__kind">{ format!("{:?}", e.kind) }</span>
                        <span class="trace-row__where">{ match &e.to { Some(to) => format!("{} → {to}", e.resource), None => e.resource.clone() } }</span>
                        <span class="trace-row__text">{ e.text.clone() }</span>
                    </li>
                }) }
            </ol>
        </div>
    }
}
