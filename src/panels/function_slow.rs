//! The "slow downstream call" switch: every invocation first waits N seconds. Longer
//! than the function's Timeout, it times out until the Timeout is raised (lab 000's
//! "Configure Timeout: 60 s"); longer than the queue's visibility timeout, the message
//! comes back while the invocation still runs.

use sim_core::action::FaultKind;
use sim_core::Action;
use yew::prelude::*;

use super::function_timeout::parse_timeout_s;
use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct SlowCallProps {
    pub function_name: String,
    /// The switch's wait now, 0 when it is off.
    pub slow_ms: u64,
    /// The function's Timeout: a wait as long times every invocation out.
    pub timeout_s: u64,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

fn set_slow(function_name: &str, seconds: Option<u64>) -> Action {
    Action::SetFault {
        function_name: function_name.to_string(),
        fault: FaultKind::Slow,
        enabled: seconds.is_some(),
        fraction: None,
        seconds,
    }
}

#[function_component(SlowCall)]
pub fn slow_call(props: &SlowCallProps) -> Html {
    let lang = props.lang;
    let on = props.slow_ms > 0;
    let typed = use_state(|| match props.slow_ms / 1000 {
        0 => "10".to_string(),
        s => s.to_string(),
    });
    {
        // Set elsewhere (a rewind, a restored session, a guide's Show me): the field
        // says the wait the switch has.
        let typed = typed.clone();
        use_effect_with(props.slow_ms, move |ms| {
            if *ms > 0 {
                typed.set((ms / 1000).to_string());
            }
        });
    }
    // The same range as Timeout: a function runs 900 s at most.
    let seconds = parse_timeout_s(&typed);
    let on_toggle = {
        let (name, typed) = (props.function_name.clone(), typed.clone());
        props.on_action.reform(move |_: Event| {
            set_slow(&name, if on { None } else { parse_timeout_s(&typed) })
        })
    };
    let on_input = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| typed.set(event_value(&e)))
    };
    // A new wait while the switch is on takes effect when the field is left.
    let on_change = {
        let (name, slow_ms, on_action) = (
            props.function_name.clone(),
            props.slow_ms,
            props.on_action.clone(),
        );
        Callback::from(move |e: Event| match parse_timeout_s(&event_value(&e)) {
            Some(s) if on && s * 1000 != slow_ms => on_action.emit(set_slow(&name, Some(s))),
            _ => {}
        })
    };
    html! {
        <div class="toggle-row slow-call">
            <label class="toggle">
                <input type="checkbox" id="fault-slow" checked={on} disabled={!on && seconds.is_none()} onchange={on_toggle} />
                <span>{ t(lang, Key::FaultSlow) }</span>
            </label>
            <input class="narrow" id="fault-slow-seconds" inputmode="numeric" value={(*typed).clone()} oninput={on_input} onchange={on_change} aria-invalid={seconds.is_none().to_string()} aria-label={t(lang, Key::FaultSlowSeconds)} />
            <span>{ "s" }</span>
            if on { <span class="tag">{ format!("{} s", props.slow_ms / 1000) }</span> }
            <span class="muted slow-call__note">{ t(lang, Key::FaultSlowNote) }</span>
            // Said for this function's own Timeout, not only in general (the walk set
            // 3 s and 10 s and read no warning).
            if let Some(s) = Some(props.slow_ms / 1000).filter(|s| on && *s >= props.timeout_s) {
                <p class="note note--warn slow-call__warn" id="fault-slow-times-out">{ t(lang, Key::FaultSlowTimesOut).replace("{s}", &s.to_string()).replace("{t}", &props.timeout_s.to_string()) }</p>
            }
            if seconds.is_none() { <p class="field__error">{ t(lang, Key::FaultSlowInvalid) }</p> }
        </div>
    }
}
