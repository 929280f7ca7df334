//! Time: the sim clock, play and pause, step to the next event, skips, speed, reset.

use sim_core::view::Clock;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{plural, t, Key, Lang, Plural};
use crate::state::{Msg, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct TimeProps {
    pub clock: Clock,
    pub playing: bool,
    /// Why a breakpoint stopped the clock, when one did: said beside it (the badge
    /// only said "paused", and the reason was a screen down at 1280×720).
    #[prop_or_default]
    pub halted: Option<Key>,
    pub speed: u32,
    /// The event a step far ahead would go to, asked about and waiting for a second step.
    #[prop_or_default]
    pub far_step_to: Option<u64>,
    pub lang: Lang,
    pub on_action: Callback<Msg>,
}

#[function_component(TimeControls)]
pub fn time_controls(props: &TimeProps) -> Html {
    let lang = props.lang;
    let Clock {
        now_ms,
        next_event_ms,
        events_run,
        ..
    } = props.clock;
    let send = |m: fn() -> Msg| props.on_action.reform(move |_: MouseEvent| m());
    let skip = |sim_ms: u64| {
        props
            .on_action
            .reform(move |_: MouseEvent| Msg::Skip { sim_ms })
    };
    let on_speed = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            if let Ok(x) = event_value(&e).parse() {
                on_action.emit(Msg::SetSpeed(x));
            }
        })
    };
    html! {
        <div class="time">
            <div class="time__clock" aria-live="off">
                <span class="time__label">{ t(lang, Key::SimTime) }</span>
                <span id="sim-clock" class="time__value">{ crate::i18n::when(lang, now_ms) }</span>
                if let Some(why) = props.halted {
                    <span id="time-halted" class="badge badge--bad" role="status">{ t(lang, why) }</span>
                } else {
                    <span class={classes!("badge", if props.playing { "badge--ok" } else { "badge--muted" })}>
                        { if props.playing { t(lang, Key::Running) } else { t(lang, Key::Paused) } }
                    </span>
                }
            </div>
            <div class="time__buttons">
                if props.playing {
                    <button id="pause" class="button button--primary" onclick={send(|| Msg::Pause)}>{ "❚❚ " }{ t(lang, Key::Pause) }</button>
                } else {
                    <button id="play" class="button button--primary" onclick={send(|| Msg::Play)}>{ "▶ " }{ t(lang, Key::Play) }</button>
                }
                <button id="step" class="button" onclick={send(|| Msg::Step)} disabled={next_event_ms.is_none()} title={t(lang, Key::StepNext)}>{ "▸| " }{ t(lang, Key::StepNext) }</button>
            </div>
            <div class="time__buttons">
                <button id="skip-10s" class="button button--small" onclick={skip(10_000)}>{ "+10 s" }</button>
                <button id="skip-1m" class="button button--small" onclick={skip(60_000)}>{ "+1 min" }</button>
                <button id="skip-5m" class="button button--small" onclick={skip(300_000)}>{ "+5 min" }</button>
                <label class="field field--inline">
                    <span>{ t(lang, Key::Speed) }</span>
                    <select id="speed" onchange={on_speed}>
                        { for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={*s == props.speed}>{ format!("{s}×") }</option> }) }
                    </select>
                </label>
                <button id="reset" class="button button--small" onclick={send(|| Msg::Reset)}>{ "↺ " }{ t(lang, Key::Reset) }</button>
            </div>
            if let Some(at) = props.far_step_to {
                <p id="far-step" class="note note--ask" role="status">{ far_step_text(lang, &props.clock, at) }</p>
            }
            <p class="time__next">
                { match next_event_ms {
                    Some(at) => {
                        // A time on the sim clock, and how far ahead of now it is.
                        let wait = match at.saturating_sub(now_ms) {
                            0 => t(lang, Key::Now).to_string(),
                            ms => t(lang, Key::InTime).replace("{in}", &crate::i18n::when(lang, ms)),
                        };
                        let next = t(lang, Key::NextEventAt)
                            .replace("{at}", &crate::i18n::when(lang, at))
                            .replace("{wait}", &wait);
                        // A retention days away said as what it is: "96 h" alone puzzled
                        // the Portuguese walk.
                        let what = props.clock.next_event_expires_in.as_deref().map(|queue| {
                            t(lang, Key::FarStepExpiry).replace("{queue}", queue)
                        });
                        format!("{next}{} · {}", what.unwrap_or_default(), plural(lang, Plural::EventsRunN, events_run))
                    }
                    None => t(lang, Key::NothingScheduled).to_string(),
                } }
            </p>
        </div>
    }
}

/// What a step far ahead would do, asked before it goes (the page and the stage say it).
/// What the event does is said only when the step goes to it: played back from an
/// earlier moment, the step may go to a recorded action before it (the review).
pub fn far_step_text(lang: Lang, clock: &Clock, at_ms: u64) -> String {
    let what = clock
        .next_event_expires_in
        .as_deref()
        .filter(|_| clock.next_event_ms == Some(at_ms))
        .map(|queue| t(lang, Key::FarStepExpiry).replace("{queue}", queue))
        .unwrap_or_default();
    t(lang, Key::FarStep)
        .replace(
            "{wait}",
            &crate::i18n::when(lang, at_ms.saturating_sub(clock.now_ms)),
        )
        .replace("{at}", &crate::i18n::when(lang, at_ms))
        .replace("{what}", &what)
}
