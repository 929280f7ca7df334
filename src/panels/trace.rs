//! The trace: every state change with its one-line explanation, newest first,
//! filtered by category and text.

use sim_core::trace::TraceEntry;
use sim_core::view::{TraceCategory, TraceView};
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{plural, sim_text, t, Key, Lang, Plural};

/// The categories' buttons: category, DOM id suffix, label.
const CATEGORIES: [(TraceCategory, &str, Key); 6] = [
    (TraceCategory::All, "all", Key::CatAll),
    (TraceCategory::Messages, "messages", Key::CatMessages),
    (
        TraceCategory::Invocations,
        "invocations",
        Key::CatInvocations,
    ),
    (TraceCategory::Failures, "failures", Key::CatFailures),
    (TraceCategory::Events, "events", Key::CatEvents),
    (TraceCategory::Data, "data", Key::CatData),
];

/// What the learner does here: change the filter.
#[derive(Clone, Debug, PartialEq)]
pub enum TraceAction {
    Category(TraceCategory),
    Text(String),
}

#[derive(Properties, PartialEq)]
pub struct TracePanelProps {
    pub view: TraceView,
    pub category: TraceCategory,
    pub text: String,
    pub lang: Lang,
    pub on_action: Callback<TraceAction>,
    /// An entry to mark (from a teaching moment's link).
    #[prop_or_default]
    pub focus: Option<u64>,
}

fn row(e: &TraceEntry, lang: Lang, focus: Option<u64>) -> Html {
    let kind = serde_json::to_value(e.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    html! {
        <li class={classes!("trace-row", format!("kind--{kind}"), (focus == Some(e.seq)).then_some("is-focus"))} id={format!("trace-{}", e.seq)}>
            <span class="trace-row__time">{ crate::i18n::when(lang, e.at_ms) }</span>
            // In the learner's words; the code's name ("MessageMovedToDlq") on hover.
            <span class="trace-row__kind" title={format!("{:?}", e.kind)}>{ crate::i18n::entry_label(lang, e.kind, &e.text) }</span>
            <span class="trace-row__where" translate="no">{ crate::i18n::flow_text(lang, &e.flow()) }</span>
            <span class="trace-row__text">
                { sim_text(lang, &e.text) }
                // The order it concerns, so one order can be followed down the list.
                if let Some(order) = &e.order_id { { " " }<span class="trace-row__order">{ format!("· {order}") }</span> }
            </span>
        </li>
    }
}

#[function_component(TracePanel)]
pub fn trace_panel(props: &TracePanelProps) -> Html {
    let (v, lang) = (&props.view, props.lang);
    let oninput = props
        .on_action
        .reform(|e: InputEvent| TraceAction::Text(event_value(&e)));
    // Only the categories this lab has entries for (the one chosen stays, whatever).
    let offered = CATEGORIES
        .iter()
        .filter(|(c, ..)| v.categories.contains(c) || *c == props.category);
    let buttons = offered.map(|(c, id, key)| {
        let c = *c;
        let on = props.category == c;
        let onclick = props
            .on_action
            .reform(move |_: MouseEvent| TraceAction::Category(c));
        html! { <button id={format!("trace-cat-{id}")} class={classes!("button", "button--small", on.then_some("button--primary"))} aria-pressed={on.to_string()} {onclick}>{ t(lang, *key) }</button> }
    });
    // Filtered, the list says how many it shows (the newest that match, at most the
    // tab's limit) before the trace's total.
    let filtered = props.category != TraceCategory::All || !props.text.trim().is_empty();
    let shown = if filtered {
        format!("{} · ", plural(lang, Plural::ShownN, v.rows.len() as u64))
    } else {
        String::new()
    };
    let newer_than_focus = props.focus.map_or(0, |seq| {
        v.rows.iter().take_while(|e| e.seq > seq).count() as u64
    });
    let to_newest = Callback::from(|_: MouseEvent| crate::dom::scroll_to_top("trace-list"));
    html! {
        <div class="trace">
            <div class="buttons" role="group" aria-label={t(lang, Key::Filter)}>{ for buttons }</div>
            <label class="field field--inline">
                <span>{ t(lang, Key::Filter) }</span>
                <input id="trace-filter" value={props.text.clone()} {oninput} placeholder={t(lang, Key::TraceFilterHint)} />
            </label>
            <p class="muted" id="trace-count">{ format!("{}{} · {} ", shown, plural(lang, Plural::Entries, v.total), t(lang, Key::TraceHash)) }<code id="trace-hash">{ format!("{:016x}", v.hash) }</code></p>
            // "See in trace" scrolled the list to an entry; newer ones arrive above it,
            // out of view (the student walk thought the retried message was stuck).
            if newer_than_focus > 0 {
                <button id="trace-newer" class="button button--small" onclick={to_newest}>{ plural(lang, Plural::NewerAbove, newer_than_focus) }</button>
            }
            <ol class="trace-list" id="trace-list" tabindex="0">
                { for v.rows.iter().map(|e| row(e, lang, props.focus)) }
            </ol>
        </div>
    }
}
