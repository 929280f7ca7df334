//! Autosave: writes the session to this browser's storage when it changes (at most
//! once a second while time runs) and when the page is left or reloaded, and reports
//! how that went as `Msg::Autosaved`. Renders nothing.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::{browser, storage, Session};
use crate::sim_provider::SimProps;
use crate::state::Msg;

/// While time runs, the session changes every frame: save it this often (wall ms).
const PLAYING_SAVE_EVERY_MS: f64 = 1_000.0;

type Latest = Rc<RefCell<Option<Session>>>;

#[function_component(Autosave)]
pub fn autosave(props: &SimProps) -> Html {
    let sim = &props.sim;
    let latest: Latest = use_mut_ref(|| None);
    let last_saved_wall_ms = use_mut_ref(|| f64::NEG_INFINITY);
    {
        // The last chance: the page is being left or reloaded.
        let latest = latest.clone();
        use_effect_with((), move |_| {
            browser::when_page_hides(move || {
                if let Some(s) = latest.borrow().as_ref() {
                    storage::save(&s.to_json());
                }
            });
        });
    }
    // Nothing has happened on this page yet: the slot already holds what it shows (or
    // an older session the learner may come back to).
    let session = (sim.version > 0).then(|| sim.session()).flatten();
    let changed = session.as_ref().map(|s| {
        (
            s.records.len(),
            s.sim_time_ms,
            s.scenario.clone(),
            s.seed,
            s.lang,
            s.speed,
        )
    });
    {
        let (dispatcher, playing, wall_ms, status) =
            (sim.dispatcher(), sim.playing, sim.wall_ms, sim.autosave);
        use_effect_with(changed, move |_| {
            let Some(session) = session else {
                return;
            };
            let text = session.to_json();
            *latest.borrow_mut() = Some(session);
            let mut last = last_saved_wall_ms.borrow_mut();
            if playing && wall_ms - *last < PLAYING_SAVE_EVERY_MS {
                return;
            }
            *last = wall_ms;
            let now = storage::save(&text);
            if now != status {
                dispatcher.dispatch(Msg::Autosaved(now));
            }
        });
    }
    html! {}
}
