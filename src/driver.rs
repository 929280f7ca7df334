//! The one animation driver: a 30 fps interval that only dispatches `Tick` with the
//! wall time. Everything time-related in the simulation flows from here.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::state::{Msg, SimContext};

const FRAME_MS: u32 = 33;

#[function_component(Driver)]
pub fn driver() -> Html {
    let ctx = use_context::<SimContext>();
    use_effect_with((), move |_| {
        let mut last = js_sys::Date::now();
        let interval = ctx.map(|ctx| {
            Interval::new(FRAME_MS, move || {
                let now = js_sys::Date::now();
                ctx.dispatch(Msg::Tick {
                    wall_now_ms: now,
                    wall_dt_ms: now - last,
                });
                last = now;
            })
        });
        move || drop(interval)
    });
    html! {}
}
