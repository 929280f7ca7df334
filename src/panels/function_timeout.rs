//! A function's Timeout, changed as the console's Configuration > General configuration
//! saves it (UpdateFunctionConfiguration). Lab 000 sets it to 60 seconds; raised above
//! an SQS trigger's visibility timeout, a message comes back while an invocation still
//! works on it, and the panel says so.

use sim_core::view::SqsTriggerTimes;
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

/// Lambda's Timeout range, in seconds (15 minutes at most).
const TIMEOUT_MAX_S: u64 = 900;

#[derive(Properties, PartialEq)]
pub struct TimeoutSettingProps {
    pub function_name: String,
    pub timeout_s: u64,
    /// Each SQS trigger's queue, its visibility timeout and batching window.
    pub triggers: Vec<SqsTriggerTimes>,
    pub lang: Lang,
    pub on_action: Callback<Action>,
    /// What Lambda refused, said under the field.
    #[prop_or_default]
    pub notice: Html,
}

/// A whole number of seconds Lambda takes as a Timeout.
pub fn parse_timeout_s(text: &str) -> Option<u64> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|s| (1..=TIMEOUT_MAX_S).contains(s))
}

/// The triggers whose queue hides a message for less than `timeout_s`.
pub fn shorter_visibility(timeout_s: u64, triggers: &[SqsTriggerTimes]) -> Vec<&SqsTriggerTimes> {
    triggers
        .iter()
        .filter(|x| x.visibility_timeout_s < timeout_s)
        .collect()
}

/// What AWS recommends for a trigger's queue: "set the source queue's visibility
/// timeout to at least six times the timeout that you configure on your function, plus
/// the value of MaximumBatchingWindowInSeconds" (services-sqs-configure).
pub fn recommended_visibility_s(timeout_s: u64, trigger: &SqsTriggerTimes) -> u64 {
    timeout_s * 6 + trigger.batching_window_s
}

/// The triggers whose queue hides a message for at least `timeout_s`, as Lambda
/// requires when a trigger is created, but for less than AWS recommends. Lab 000's
/// 60 s and 70 s are such a pair.
pub fn under_recommended(timeout_s: u64, triggers: &[SqsTriggerTimes]) -> Vec<&SqsTriggerTimes> {
    triggers
        .iter()
        .filter(|x| {
            (timeout_s..recommended_visibility_s(timeout_s, x)).contains(&x.visibility_timeout_s)
        })
        .collect()
}

#[function_component(TimeoutSetting)]
pub fn timeout_setting(props: &TimeoutSettingProps) -> Html {
    let lang = props.lang;
    let typed = use_state(|| props.timeout_s.to_string());
    let invalid = use_state(|| false);
    // Whether the notice below is this field's: F and the success rate change the
    // configuration too.
    let clicked = use_state(|| false);
    let on_input = {
        let (typed, invalid, clicked) = (typed.clone(), invalid.clone(), clicked.clone());
        Callback::from(move |e: InputEvent| {
            typed.set(event_value(&e));
            invalid.set(false);
            clicked.set(false);
        })
    };
    let apply = {
        let (typed, invalid, clicked) = (typed.clone(), invalid.clone(), clicked.clone());
        let (name, on_action) = (props.function_name.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            clicked.set(true);
            // Not a Timeout Lambda takes: said here, and nothing is sent.
            let Some(timeout_s) = parse_timeout_s(&typed) else {
                invalid.set(true);
                return;
            };
            on_action.emit(Action::SetFunctionConfiguration {
                function_name: name.clone(),
                timeout: Some(timeout_s),
                reserved_concurrent_executions: None,
                success_per_mille: None,
            });
        })
    };
    let timeout_s = props.timeout_s;
    let warnings = shorter_visibility(timeout_s, &props.triggers);
    let advice = under_recommended(timeout_s, &props.triggers);
    html! {
        <>
            <div class="card card--row">
                <label class="field field--inline">
                    <span>{ format!("{} (s)", t(lang, Key::FnTimeout)) }</span>
                    <input id="function-timeout" class="narrow" inputmode="numeric" value={(*typed).clone()} oninput={on_input} aria-invalid={invalid.to_string()} />
                </label>
                <button id="function-timeout-apply" class="button button--small" onclick={apply}>{ "UpdateFunctionConfiguration" }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
                <span class="muted">{ format!("{} {} s", t(lang, Key::Now), timeout_s) }</span>
            </div>
            if *invalid { <p class="field__error" role="alert" id="function-timeout-error">{ t(lang, Key::TimeoutInvalid) }</p> }
            else if *clicked { { props.notice.clone() } }
            { for warnings.iter().map(|x| html! {
                <p class="note note--warn timeout-warning">{ t(lang, Key::TimeoutOverVisibility)
                    .replace("{timeout}", &timeout_s.to_string())
                    .replace("{queue}", &x.queue)
                    .replace("{visibility}", &x.visibility_timeout_s.to_string()) }</p>
            }) }
            { for advice.iter().map(|x| html! {
                <p class="muted timeout-advice">{ t(lang, Key::TimeoutUnderSixTimes)
                    .replace("{queue}", &x.queue)
                    .replace("{visibility}", &x.visibility_timeout_s.to_string())
                    .replace("{six}", &recommended_visibility_s(timeout_s, x).to_string()) }</p>
            }) }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trigger(queue: &str, visibility_timeout_s: u64, batching_window_s: u64) -> SqsTriggerTimes {
        SqsTriggerTimes {
            queue: queue.into(),
            visibility_timeout_s,
            batching_window_s,
        }
    }

    #[test]
    fn a_timeout_is_a_whole_number_of_seconds_from_1_to_900() {
        assert_eq!(parse_timeout_s(" 60 "), Some(60));
        assert_eq!(parse_timeout_s("1"), Some(1));
        assert_eq!(parse_timeout_s("900"), Some(900));
        for bad in ["0", "901", "-3", "1.5", "", "sessenta", "٣"] {
            assert_eq!(parse_timeout_s(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_a_queue_that_hides_a_message_for_less_than_the_timeout_is_named() {
        let triggers = [trigger("a", 30, 0), trigger("b", 60, 0)];
        assert!(shorter_visibility(30, &triggers).is_empty());
        assert_eq!(shorter_visibility(60, &triggers), [&triggers[0]]);
        assert_eq!(shorter_visibility(61, &triggers).len(), 2);
    }

    #[test]
    fn a_visibility_timeout_under_six_times_the_timeout_plus_the_window_is_named() {
        let lab000 = [trigger("q", 70, 0)];
        assert_eq!(
            under_recommended(60, &lab000),
            [&lab000[0]],
            "lab 000's pair"
        );
        assert_eq!(under_recommended(12, &lab000).len(), 1, "70 s < 72 s");
        assert!(under_recommended(11, &lab000).is_empty(), "70 s ≥ 66 s");
        assert!(
            under_recommended(71, &lab000).is_empty(),
            "too short: the warning says so"
        );
        // The batching window adds to it: 6 × 11 + 5 = 71 s.
        let windowed = [trigger("q", 70, 5)];
        assert_eq!(under_recommended(11, &windowed).len(), 1);
        assert_eq!(recommended_visibility_s(11, &windowed[0]), 71);
    }
}
