//! The trace tab's container: keeps the filter and builds the newest matching entries.

use std::collections::HashMap;

use sim_core::trace::{TraceEntry, TraceEntryRef};
use sim_core::view::{TraceCategory, TraceView};
use yew::prelude::*;

use crate::i18n::Lang;

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
    // Each entry's searchable text, made once: the Portuguese sentence costs tens of
    // microseconds an entry, too much to redo for 10,000 entries on every frame.
    let searchable = use_mut_ref(Searchable::default);
    let keep = |e: &TraceEntryRef| {
        category.includes(e.kind)
            && (needle.is_empty() || searchable.borrow_mut().of(e, sim.lang).contains(&needle))
    };
    if !needle.is_empty() {
        let oldest = sim
            .view(|w| w.trace().entries().next().map(|e| e.seq))
            .flatten();
        searchable.borrow_mut().forget_before(oldest.unwrap_or(0));
    }
    let view = sim
        .view(|w| TraceView::of(w, keep, ROWS_SHOWN))
        .unwrap_or(TraceView {
            total: 0,
            hash: 0,
            rows: Vec::new(),
            categories: Vec::new(),
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

/// What the filter searches in an entry: the core's raw line and what its row shows
/// ("1 min 10 s", the Portuguese sentence), lower-cased, in one language. Kept with
/// the entry it was made from: after a rewind or a reload, the same position in the
/// trace can hold another entry.
#[derive(Default)]
struct Searchable {
    lang: Option<Lang>,
    by_seq: HashMap<u64, (TraceEntry, String)>,
}

impl Searchable {
    fn of(&mut self, e: &TraceEntryRef, lang: Lang) -> &str {
        if self.lang != Some(lang) {
            self.lang = Some(lang);
            self.by_seq.clear();
        }
        let slot = self
            .by_seq
            .entry(e.seq)
            .or_insert_with(|| (e.to_entry(), searchable(e, lang)));
        if slot.0.as_ref() != *e {
            *slot = (e.to_entry(), searchable(e, lang));
        }
        &slot.1
    }

    /// Entries the trace no longer keeps.
    fn forget_before(&mut self, oldest_seq: u64) {
        self.by_seq.retain(|seq, _| *seq >= oldest_seq);
    }
}

fn searchable(e: &TraceEntryRef, lang: Lang) -> String {
    format!(
        "{}\n{} {:?} {} {} {}",
        e.line(),
        crate::i18n::when(lang, e.at_ms),
        e.kind,
        crate::i18n::entry_label(lang, e.kind, e.text),
        crate::i18n::flow_text(lang, &e.flow()),
        crate::i18n::sim_text(lang, e.text)
    )
    .to_lowercase()
    .replace('\u{a0}', " ")
}
