//! The one animation driver: a 30 fps interval that only dispatches `Tick` with the
//! wall time. Everything time-related in the simulation flows from here.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::state::Msg;

const FRAME_MS: u32 = 33;

#[derive(Properties, PartialEq)]
pub struct DriverProps {
    /// Where ticks go: the reducer's dispatcher, the same for the page's whole life.
    pub on_tick: Callback<Msg>,
}

#[function_component(Driver)]
pub fn driver(props: &DriverProps) -> Html {
    let on_tick = props.on_tick.clone();
    use_effect_with((), move |_| {
        let mut last = js_sys::Date::now();
        let interval = Interval::new(FRAME_MS, move || {
            let now = js_sys::Date::now();
            on_tick.emit(Msg::Tick {
                wall_now_ms: now,
                wall_dt_ms: now - last,
            });
            last = now;
        });
        move || drop(interval)
    });
    html! {}
}
