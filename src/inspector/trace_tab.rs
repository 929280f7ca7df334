//! The trace tab's container: keeps the filter and builds the newest matching entries.

use sim_core::view::{TraceCategory, TraceView};
use yew::prelude::*;

use crate::panels::trace::{TraceAction, TracePanel};
use crate::sim_provider::SimProps;

/// Entries shown: the newest that match; more would slow every frame.
const ROWS_SHOWN: usize = 300;

#[function_component(TraceTab)]
pub fn trace_tab(props: &SimProps) -> Html {
    let sim = &props.sim;
    let text = use_state(String::new);
    let category = use_state(|| TraceCategory::All);
    let focus = sim.trace_focus;
    {
        // Asked to show one entry: every entry, and that one scrolled into view.
        let (text, category) = (text.clone(), category.clone());
        use_effect_with(focus, move |f| {
            if let Some(seq) = f {
                text.set(String::new());
                category.set(TraceCategory::All);
                crate::dom::bring_into_view(&format!("trace-{seq}"));
            }
        });
    }
    let needle = text.to_lowercase().replace('\u{a0}', " ");
    let lang = sim.lang;
    // What the row shows ("1 min 10 s", the Portuguese sentence) or the core's raw
    // line: the learner types what is on the screen.
    let shown = |e: &sim_core::trace::TraceEntry| {
        format!(
            "{} {:?} {} {}",
            crate::i18n::when(lang, e.at_ms),
            e.kind,
            crate::i18n::sim_text(lang, &e.flow()),
            crate::i18n::sim_text(lang, &e.text)
        )
        .to_lowercase()
        .replace('\u{a0}', " ")
    };
    let keep = |e: &sim_core::trace::TraceEntry| {
        category.includes(e.kind)
            && (needle.is_empty()
                || e.line().to_lowercase().contains(&needle)
                || shown(e).contains(&needle))
    };
    let view = sim
        .view(|w| TraceView::of(w, keep, ROWS_SHOWN))
        .unwrap_or(TraceView {
            total: 0,
            hash: 0,
            rows: Vec::new(),
        });
    let on_action = {
        let (text, category) = (text.clone(), category.clone());
        Callback::from(move |a: TraceAction| match a {
            TraceAction::Category(c) => category.set(c),
            TraceAction::Text(s) => text.set(s),
        })
    };
    html! { <TracePanel {view} category={*category} text={(*text).clone()} lang={sim.lang} {on_action} {focus} /> }
}
