//! The trace: every state change with its one-line explanation, newest first.

use sim_core::trace::TraceKind;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;

/// The kinds of change a learner filters the trace by.
#[derive(Clone, Copy, PartialEq)]
enum Category {
    All,
    Messages,
    Invocations,
    Failures,
    Events,
    Data,
}

const CATEGORIES: [(Category, &str, Key); 6] = [
    (Category::All, "all", Key::CatAll),
    (Category::Messages, "messages", Key::CatMessages),
    (Category::Invocations, "invocations", Key::CatInvocations),
    (Category::Failures, "failures", Key::CatFailures),
    (Category::Events, "events", Key::CatEvents),
    (Category::Data, "data", Key::CatData),
];

fn in_category(kind: TraceKind, c: Category) -> bool {
    use TraceKind::*;
    match c {
        Category::All => true,
        Category::Messages => matches!(
            kind,
            MessageSent
                | MessageDelayed
                | MessageDuplicate
                | MessageVisible
                | MessageReceived
                | MessageDeleted
                | MessageMovedToDlq
                | MessageExpired
                | QueuePurged
                | VisibilityChanged
                | RedriveStarted
                | RedriveMoved
                | RedriveFinished
                | RedriveCancelled
        ),
        Category::Invocations => matches!(
            kind,
            InvocationStarted
                | InvocationSucceeded
                | InvocationFailed
                | InvocationTimedOut
                | InvocationThrottled
                | AsyncRetryScheduled
                | AsyncEventDropped
                | DestinationDelivered
                | HttpRequest
                | HttpResponse
        ),
        Category::Failures => matches!(
            kind,
            InvocationFailed
                | InvocationTimedOut
                | InvocationThrottled
                | MessageMovedToDlq
                | AsyncEventDropped
                | ConditionalCheckFailed
                | StreamBatchRetry
                | TargetFailed
                | TargetSentToDlq
                | TargetRetryScheduled
                | EventRejected
                | ActionRejected
        ),
        Category::Events => matches!(
            kind,
            EventPut
                | EventRejected
                | RuleMatched
                | TargetDelivered
                | TargetRetryScheduled
                | TargetFailed
                | TargetSentToDlq
                | SnsPublished
                | SnsDelivered
                | SnsFilteredOut
                | EmailSent
                | PipeFiltered
                | PipeDelivered
        ),
        Category::Data => matches!(
            kind,
            ItemWritten | ItemDeleted | ConditionalCheckFailed | StreamRecord | StreamBatchRetry
        ),
    }
}

#[function_component(TracePanel)]
pub fn trace_panel() -> Html {
    let ctx = use_sim();
    let filter = use_state(String::new);
    let category = use_state(|| Category::All);
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
        .filter(|e| {
            in_category(e.kind, *category)
                && (needle.is_empty() || e.line().to_lowercase().contains(&needle))
        })
        .take(300)
        .cloned()
        .collect();
    html! {
                <div class="trace">
            <div class="buttons" role="group" aria-label={t(lang, Key::Filter)}>
                { for CATEGORIES.iter().map(|(c, id, key)| {
                    let onclick = {
                        let category = category.clone();
                        let c = *c;
                        Callback::from(move |_: MouseEvent| category.set(c))
                    };
                    html! { <button id={format!("trace-cat-{id}")} class={classes!("button", "button--small", (*category == *c).then_some("button--primary"))} aria-pressed={(*category == *c).to_string()} {onclick}>{ t(lang, *key) }</button> }
                }) }
            </div>
            <label class="field field--inline">
                <span>{ t(lang, Key::Filter) }</span>
                <input id="trace-filter" value={(*filter).clone()} {oninput} placeholder="queue, order id, MessageMovedToDlq…" />
            </label>
            <p class="muted">{ format!("{} entries · {} ", sim.trace().total(), t(lang, Key::TraceHash)) }<code id="trace-hash">{ format!("{:016x}", sim.trace().hash()) }</code></p>
            <ol class="trace-list" id="trace-list" tabindex="0">
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
