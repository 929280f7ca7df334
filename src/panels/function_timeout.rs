//! A function's Timeout, changed as the console's Configuration > General configuration
//! saves it (UpdateFunctionConfiguration). Lab 000 sets it to 60 seconds; raised above
//! an SQS trigger's visibility timeout, a message comes back while an invocation still
//! works on it, and the panel says so.

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
    /// Each SQS trigger's queue and its visibility timeout, in seconds.
    pub trigger_visibility_timeouts_s: Vec<(String, u64)>,
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
pub fn shorter_visibility(timeout_s: u64, triggers: &[(String, u64)]) -> Vec<(String, u64)> {
    triggers
        .iter()
        .filter(|(_, visibility_s)| *visibility_s < timeout_s)
        .cloned()
        .collect()
}

/// The triggers whose queue hides a message for at least `timeout_s`, as Lambda
/// requires, but for less than the six times AWS recommends ("The extra time allows
/// for Lambda to retry if your function is throttled while processing a previous
/// batch", services-sqs-configure). Lab 000's 60 s and 70 s are such a pair.
pub fn under_six_times(timeout_s: u64, triggers: &[(String, u64)]) -> Vec<(String, u64)> {
    triggers
        .iter()
        .filter(|(_, visibility_s)| (timeout_s..timeout_s * 6).contains(visibility_s))
        .cloned()
        .collect()
}

#[function_component(TimeoutSetting)]
pub fn timeout_setting(props: &TimeoutSettingProps) -> Html {
    let lang = props.lang;
    let typed = use_state(|| props.timeout_s.to_string());
    let invalid = use_state(|| false);
    let clicked = use_state(|| false);
    let on_input = {
        let (typed, invalid) = (typed.clone(), invalid.clone());
        Callback::from(move |e: InputEvent| {
            typed.set(event_value(&e));
            invalid.set(false);
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
    let warnings = shorter_visibility(props.timeout_s, &props.trigger_visibility_timeouts_s);
    let advice = under_six_times(props.timeout_s, &props.trigger_visibility_timeouts_s);
    html! {
        <>
            <div class="card card--row">
                <label class="field field--inline">
                    <span>{ format!("{} (s)", t(lang, Key::FnTimeout)) }</span>
                    <input id="function-timeout" class="narrow" inputmode="numeric" value={(*typed).clone()} oninput={on_input} aria-invalid={invalid.to_string()} />
                </label>
                <button id="function-timeout-apply" class="button button--small" onclick={apply}>{ "UpdateFunctionConfiguration" }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
                <span class="muted">{ format!("{} {} s", t(lang, Key::Now), props.timeout_s) }</span>
            </div>
            if *invalid { <p class="field__error" role="alert" id="function-timeout-error">{ t(lang, Key::TimeoutInvalid) }</p> }
            else if *clicked { { props.notice.clone() } }
            { for warnings.iter().map(|(queue, visibility_s)| html! {
                <p class="note note--warn timeout-warning">{ t(lang, Key::TimeoutOverVisibility)
                    .replace("{timeout}", &props.timeout_s.to_string())
                    .replace("{queue}", queue)
                    .replace("{visibility}", &visibility_s.to_string()) }</p>
            }) }
            { for advice.iter().map(|(queue, visibility_s)| html! {
                <p class="muted timeout-advice">{ t(lang, Key::TimeoutUnderSixTimes)
                    .replace("{queue}", queue)
                    .replace("{visibility}", &visibility_s.to_string())
                    .replace("{six}", &(props.timeout_s * 6).to_string()) }</p>
            }) }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let triggers = vec![("a".to_string(), 30), ("b".to_string(), 60)];
        assert_eq!(shorter_visibility(30, &triggers), vec![]);
        assert_eq!(
            shorter_visibility(60, &triggers),
            vec![("a".to_string(), 30)]
        );
        assert_eq!(shorter_visibility(61, &triggers).len(), 2);
    }

    #[test]
    fn a_visibility_timeout_under_six_times_the_timeout_is_named_once_it_is_long_enough() {
        let triggers = vec![("q".to_string(), 70)];
        assert_eq!(under_six_times(60, &triggers), triggers, "lab 000's pair");
        assert_eq!(under_six_times(12, &triggers), triggers, "70 s < 72 s");
        assert_eq!(under_six_times(11, &triggers), vec![], "70 s ≥ 66 s");
        assert_eq!(under_six_times(10, &triggers), vec![], "70 s ≥ 6 × 10 s");
        assert_eq!(
            under_six_times(71, &triggers),
            vec![],
            "too short: the warning says so"
        );
    }
}
