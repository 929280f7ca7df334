//! A stream trigger's failure handling, edited as the Lambda console's "Edit trigger"
//! does and saved with UpdateEventSourceMapping: how many times a failing batch is
//! retried before it is skipped (-1: until its records expire, the default that
//! holds the shard), and whether it is split in two first.

use serde_json::Value;
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct StreamTriggerFormProps {
    /// GetEventSourceMapping's answer for the trigger (UUID and the two settings).
    pub config: Value,
    /// Which stream trigger of the function: ids stay unique with two of them.
    pub index: usize,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

/// MaximumRetryAttempts as typed: a whole number from -1 to 10,000.
fn parse_retries(text: &str) -> Option<i64> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| sim_core::lambda::mapping::STREAM_RETRY_ATTEMPTS.contains(n))
}

#[function_component(StreamTriggerForm)]
pub fn stream_trigger_form(props: &StreamTriggerFormProps) -> Html {
    let lang = props.lang;
    let c = &props.config;
    let uuid = c["UUID"].as_str().unwrap_or_default().to_string();
    let saved_retries = c["MaximumRetryAttempts"].as_i64().unwrap_or(-1);
    let saved_bisect = c["BisectBatchOnFunctionError"].as_bool().unwrap_or(false);
    let retries = use_state(|| saved_retries.to_string());
    let bisect = use_state(|| saved_bisect);
    {
        // A save, Show me or a rewind shows the trigger's settings again.
        let (retries, bisect) = (retries.clone(), bisect.clone());
        use_effect_with((saved_retries, saved_bisect), move |(r, b)| {
            retries.set(r.to_string());
            bisect.set(*b);
        });
    }
    let valid = parse_retries(&retries);
    let on_retries = {
        let retries = retries.clone();
        Callback::from(move |e: InputEvent| retries.set(event_value(&e)))
    };
    let on_bisect = {
        let bisect = bisect.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_dyn_into::<web_sys::HtmlInputElement>();
            bisect.set(checked.is_some_and(|i| i.checked()));
        })
    };
    let save = {
        let (retries, bisect, on_action) = (valid, *bisect, props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(n) = retries {
                on_action.emit(Action::UpdateEventSourceMapping {
                    uuid: uuid.clone(),
                    maximum_retry_attempts: Some(n),
                    bisect_batch_on_function_error: Some(bisect),
                });
            }
        })
    };
    let changed = valid != Some(saved_retries) || *bisect != saved_bisect;
    let id = |name: &str| match props.index {
        0 => name.to_string(),
        i => format!("{name}-{i}"),
    };
    html! {
        <fieldset class="trigger-edit">
            <legend>{ t(lang, Key::EsmTitle) }</legend>
            <div class="toggle-row">
                <label for={id("esm-retries")} translate="no">{ "MaximumRetryAttempts" }</label>
                <input class="narrow" id={id("esm-retries")} inputmode="numeric" value={(*retries).clone()} oninput={on_retries} aria-invalid={valid.is_none().to_string()} aria-describedby={id("esm-retries-note")} />
                <span class="muted" id={id("esm-retries-note")}>{ t(lang, Key::EsmRetriesNote) }</span>
            </div>
            if valid.is_none() { <p class="field__error">{ t(lang, Key::EsmRetriesInvalid) }</p> }
            <label class="toggle">
                <input type="checkbox" id={id("esm-bisect")} checked={*bisect} onchange={on_bisect} />
                <span><span translate="no">{ "BisectBatchOnFunctionError" }</span>{ " · " }{ t(lang, Key::EsmBisectNote) }</span>
            </label>
            <div class="button-row">
                <button class="button button--primary" id={id("esm-save")} onclick={save} disabled={valid.is_none() || !changed}>{ t(lang, Key::EsmSave) }</button>
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn retries_are_whole_numbers_from_minus_one_to_ten_thousand() {
        use super::parse_retries as p;
        assert_eq!(p("-1"), Some(-1));
        assert_eq!(p(" 2 "), Some(2));
        assert_eq!(p("10000"), Some(10_000));
        for bad in ["-2", "10001", "1.5", "", "dois"] {
            assert_eq!(p(bad), None, "{bad}");
        }
    }
}
