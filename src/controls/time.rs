use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;
use crate::state::{Msg, SPEEDS};

#[function_component(TimeControls)]
pub fn time_controls() -> Html {
    let Some(ctx) = use_sim() else {
        return html! {};
    };
    let lang = ctx.lang;
    let (now, next, events) = {
        let mut sim = ctx.sim.borrow_mut();
        (sim.now_ms(), sim.next_event_time(), sim.events_run())
    };
    let send = |m: fn() -> Msg| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(m()))
    };
    let skip = |ms: u64| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Msg::Skip { sim_ms: ms }))
    };
    let on_speed = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            if let Ok(x) = event_value(&e).parse() {
                ctx.dispatch(Msg::SetSpeed(x));
            }
        })
    };
    let reset = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| {
            ctx.dispatch(Msg::Load {
                scenario_id: ctx.scenario_id.clone(),
                seed: ctx.seed,
            })
        })
    };
    html! {
        <div class="time">
            <div class="time__clock" aria-live="off">
                <span class="time__label">{ t(lang, Key::SimTime) }</span>
                <span id="sim-clock" class="time__value">{ sim_core::time::human_ms(now) }</span>
                <span class={classes!("badge", if ctx.playing { "badge--ok" } else { "badge--muted" })}>
                    { if ctx.playing { t(lang, Key::Running) } else { t(lang, Key::Paused) } }
                </span>
            </div>
            <div class="time__buttons">
                if ctx.playing {
                    <button id="pause" class="button button--primary" onclick={send(|| Msg::Pause)}>{ "❚❚ " }{ t(lang, Key::Pause) }</button>
                } else {
                    <button id="play" class="button button--primary" onclick={send(|| Msg::Play)}>{ "▶ " }{ t(lang, Key::Play) }</button>
                }
                <button id="step" class="button" onclick={send(|| Msg::Step)} disabled={next.is_none()} title={t(lang, Key::StepNext)}>{ "▸| " }{ t(lang, Key::StepNext) }</button>
            </div>
            <div class="time__buttons">
                <button id="skip-10s" class="button button--small" onclick={skip(10_000)}>{ "+10 s" }</button>
                <button id="skip-1m" class="button button--small" onclick={skip(60_000)}>{ "+1 min" }</button>
                <button id="skip-5m" class="button button--small" onclick={skip(300_000)}>{ "+5 min" }</button>
                <label class="field field--inline">
                    <span>{ t(lang, Key::Speed) }</span>
                    <select id="speed" onchange={on_speed}>
                        { for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={*s == ctx.speed}>{ format!("{s}×") }</option> }) }
                    </select>
                </label>
                <button id="reset" class="button button--small" onclick={reset}>{ "↺ " }{ t(lang, Key::Reset) }</button>
            </div>
            <p class="time__next">
                { match next {
                    Some(at) => format!("{} {} · {events} {}", t(lang, Key::NextEventAt), sim_core::time::human_ms(at), t(lang, Key::EventsRun)),
                    None => t(lang, Key::NothingScheduled).to_string(),
                } }
            </p>
        </div>
    }
}
