//! The Lambda console's Test tab: an event JSON to edit, "Test" to invoke the function
//! synchronously (Invoke, RequestResponse), and the result as the console shows it —
//! status, response, duration, request id and the invocation's log lines.

use serde_json::Value;
use sim_core::action::InvocationType;
use sim_core::lambda::test_invoke::{TestDone, TestState};
use sim_core::view::FunctionView;
use sim_core::Action;
use yew::prelude::*;

use super::function::log_line;
use super::json_view::JsonView;
use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct FunctionTestProps {
    pub view: FunctionView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

fn done(d: &TestDone, props: &FunctionTestProps) -> Html {
    let (v, lang) = (&props.view, props.lang);
    let (status, class) = if d.succeeded {
        (t(lang, Key::TestSucceeded), "status--ok")
    } else {
        (t(lang, Key::TestFailed), "status--bad")
    };
    let init = if d.init_ms > 0 {
        format!(" · Init Duration: {}.00 ms", d.init_ms)
    } else {
        String::new()
    };
    html! {
        <>
            <p><span class={classes!("status", class)} id="test-status">{ status }</span></p>
            { for notes(d, lang).into_iter().map(|note| html! { <p class="note test-note">{ note }</p> }) }
            <h5>{ t(lang, Key::TestResponse) }</h5>
            <JsonView value={d.response.clone()} id={Some(AttrValue::from("test-response"))} wrap={true} />
            <p class="muted" translate="no">{ format!("Request ID: {} · Duration: {}.00 ms · Billed Duration: {} ms{init}", d.request_id, d.duration_ms, d.billed_ms()) }</p>
            <h5>{ t(lang, Key::TestLogs) }</h5>
            <div class="logs" id="test-logs" tabindex="0">
                { for v.test_log.iter().map(|l| log_line(l, v.epoch_ms, &[])) }
            </div>
        </>
    }
}

/// What a learner may misread in a result: an exception (Python's words, not the
/// app's), an HTTP error answered by a function that succeeded, accents escaped by
/// json.dumps in the body it returned.
fn notes(d: &TestDone, lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    // A timeout is the sandbox's, not an exception: no traceback to read.
    match (d.succeeded, d.timed_out) {
        (false, true) => notes.push(t(lang, Key::TestTimedOutNote).to_string()),
        (false, false) => notes.push(t(lang, Key::TestRaisedNote).to_string()),
        _ => {}
    }
    if let Some(code) = d.response.get("statusCode").and_then(Value::as_u64) {
        if d.succeeded && code >= 400 {
            notes.push(t(lang, Key::TestHttpErrorNote).replace("{code}", &code.to_string()));
        }
    }
    let body = d.response.get("body").and_then(Value::as_str).unwrap_or("");
    if body.contains("\\u") {
        notes.push(t(lang, Key::TestEscapesNote).to_string());
    }
    notes
}

fn result(props: &FunctionTestProps) -> Html {
    let lang = props.lang;
    let Some(test) = &props.view.last_test else {
        return html! {};
    };
    let body = match &test.state {
        TestState::Running { request_id } => html! {
            <p class="note note--state" id="test-running" role="status">{ t(lang, Key::TestRunning).replace("{id}", request_id) }</p>
        },
        TestState::Throttled => html! {
            <>
                <p><span class="status status--bad" id="test-status">{ t(lang, Key::TestFailed) }</span></p>
                <p class="field__error" translate="no">{ "TooManyRequestsException: Rate Exceeded." }</p>
            </>
        },
        TestState::Done(d) => done(d, props),
    };
    html! {
        <div class="test-result" id="test-result">
            <h5>{ format!("{} · {}", t(lang, Key::TestResult), t(lang, Key::TestStartedAt).replace("{t}", &crate::i18n::when(lang, test.started_ms))) }</h5>
            { body }
        </div>
    }
}

#[function_component(FunctionTest)]
pub fn function_test(props: &FunctionTestProps) -> Html {
    let (v, lang) = (&props.view, props.lang);
    // The panel is keyed by function: the box starts on this function's template.
    let event = use_state(|| serde_json::to_string_pretty(&v.sample_event).unwrap_or_default());
    let parsed = serde_json::from_str::<Value>(&event);
    let error = parsed
        .as_ref()
        .err()
        .map(|e| crate::i18n::json_error(lang, e));
    let onclick = {
        let (name, payload) = (v.name.clone(), parsed.ok());
        props.on_action.reform(move |_: MouseEvent| Action::Invoke {
            function_name: name.clone(),
            invocation_type: InvocationType::RequestResponse,
            payload: payload.clone().unwrap_or_default(),
        })
    };
    let oninput = {
        let event = event.clone();
        Callback::from(move |e: InputEvent| event.set(event_value(&e)))
    };
    html! {
        <details class="card function-test" id="function-test">
            <summary><strong>{ t(lang, Key::TestTitle) }</strong><span class="card__hint">{ format!(" {}", t(lang, Key::TestHint)) }</span></summary>
            <label class="field">
                <span>{ t(lang, Key::TestEventJson) }</span>
                <textarea id="test-event" rows="8" spellcheck="false" value={(*event).clone()} {oninput} aria-invalid={error.is_some().to_string()} />
            </label>
            if let Some(err) = error.clone() { <p class="field__error">{ err }</p> }
            <button id="test-invoke" class="button button--primary" {onclick} disabled={error.is_some()}>{ t(lang, Key::TestButton) }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
            { result(props) }
        </details>
    }
}
