//! The guided lab's container: evaluates the steps' checks on the world, keeps the
//! learner's progress (sticky, saved in this browser per scenario and seed, reset
//! with the session), and turns "show me" into the step's actions and waits.

use sim_core::scenario::guide::ShowMe;
use sim_core::view::GuideView;
use yew::prelude::*;

use crate::panels::guide::GuidePanel;
use crate::sim_provider::SimProps;
use crate::state::Msg;

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
    // A restored session starts from the marks this browser kept for it.
    let stored = {
        let key = key.clone();
        use_state(move || if fresh { 0 } else { load_progress(&key) })
    };
    let view = sim.view(GuideView::of).flatten();
    // Steps complete in order, as their checks come to hold.
    let mut done = if fresh {
        0
    } else {
        sim.guide_done.max(*stored)
    };
    if let Some(v) = &view {
        while done < v.holds.len() && v.holds[done] {
            done += 1;
        }
    }
    {
        let (dispatcher, key, known, stored) = (
            sim.dispatcher(),
            key.clone(),
            sim.guide_done,
            stored.clone(),
        );
        use_effect_with((done, fresh), move |(d, fresh)| {
            // A wiped session wipes its marks too.
            if *fresh && *stored != 0 {
                stored.set(0);
                save_progress(&key, 0);
            }
            if known != *d {
                dispatcher.dispatch(Msg::GuideProgress(*d));
                save_progress(&key, *d);
            }
        });
    }
    let Some(view) = view else {
        return html! {};
    };
    let on_show_me = {
        let dispatcher = sim.dispatcher();
        let steps = view.guide.steps.clone();
        Callback::from(move |i: usize| {
            for s in steps
                .get(i)
                .map(|s| s.show_me.as_slice())
                .unwrap_or_default()
            {
                match s {
                    ShowMe::Apply(a) => dispatcher.dispatch(Msg::Apply(a.clone())),
                    ShowMe::Wait { ms } => dispatcher.dispatch(Msg::Skip { sim_ms: *ms }),
                }
            }
        })
    };
    let current_holds = view.holds.get(done).copied().unwrap_or(false);
    html! {
        <GuidePanel guide={view.guide} completed={done} {current_holds} lang={sim.lang} {on_show_me} />
    }
}
