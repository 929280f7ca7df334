//! The guided lab's container: evaluates the steps' checks on the world, keeps the
//! learner's progress (sticky, saved in this browser per scenario and seed, reset
//! with the session), and hands "show me" to the reducer (as G does).

use sim_core::view::GuideView;
use yew::prelude::*;

use crate::panels::guide::GuidePanel;
use crate::sim_provider::SimProps;
use crate::state::{Hotkey, Msg};

fn storage_key(scenario: &str, seed: u64) -> String {
    format!("eventlab.guide.{scenario}.{seed}")
}

fn load_progress(key: &str) -> usize {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Storage disabled or full only loses the marks: the checks still show progress.
fn save_progress(key: &str, done: usize) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(key, &done.to_string());
    }
}

#[function_component(GuideCard)]
pub fn guide_card(props: &SimProps) -> Html {
    let sim = &props.sim;
    let key = storage_key(&sim.scenario_id, sim.seed);
    let fresh = sim.journal.is_empty();
    // A restored session starts from the marks this browser kept for it: read once,
    // handed to the state once (after that, the state's count rules: it steps back
    // when the learner acts from a rewound moment).
    let stored = {
        let key = key.clone();
        use_state(move || if fresh { 0 } else { load_progress(&key) })
    };
    // Steps complete in order, as their checks come to hold.
    let from = if fresh {
        0
    } else {
        sim.guide_done().max(*stored)
    };
    let view = sim.view(|w| GuideView::of(w, from)).flatten();
    let done = view.as_ref().map_or(from, |v| v.done);
    {
        let (dispatcher, key, known, stored) = (
            sim.dispatcher(),
            key.clone(),
            sim.guide_done(),
            stored.clone(),
        );
        use_effect_with((done, fresh), move |(d, _)| {
            // Handed over (or a wiped session, which wipes its marks too).
            if *stored != 0 {
                stored.set(0);
            }
            if known != *d {
                dispatcher.dispatch(Msg::GuideProgress(*d));
            }
            save_progress(&key, *d);
        });
    }
    let Some(view) = view else {
        return html! {};
    };
    let translations = sim
        .view(|w| w.scenario().translations.clone())
        .unwrap_or_default();
    let d = sim.dispatcher();
    let on_show_me = Callback::from(move |_: usize| d.dispatch(Msg::Hotkey(Hotkey::NextStep)));
    html! {
        <GuidePanel guide={view.guide} {translations} completed={done} lang={sim.lang} {on_show_me} />
    }
}
