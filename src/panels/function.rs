//! A Lambda function: its configuration, metrics, fault switches and its CloudWatch
//! log stream.

use super::chart::MetricChart;
use super::function_slow::SlowCall;
use super::function_test::FunctionTest;
use super::function_timeout::TimeoutSetting;
use super::json_view::JsonView;
use super::role::RolePanel;
use super::stream_trigger::StreamTriggerForm;
use sim_core::action::FaultKind;
use sim_core::view::{FunctionView, LogLine};
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::forms::number::{number_text, parse_number};
use crate::i18n::{plural, t, Key, Lang, Plural};

#[derive(Properties, PartialEq)]
pub struct FunctionPanelProps {
    pub view: FunctionView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
    /// What the last policy change did, shown under the role's policies.
    #[prop_or_default]
    pub role_notice: Html,
    /// What Lambda refused of a configuration change, shown under its field.
    #[prop_or_default]
    pub config_notice: Html,
}

fn stats(v: &FunctionView, lang: Lang) -> Html {
    let m = &v.metrics;
    html! {
        <div class="stats">
            <div class="stat"><span class="stat__n">{ m.invocations }</span><span>{ plural(lang, Plural::StatInvocations, m.invocations) }</span></div>
            <div class="stat"><span class="stat__n" id="fn-errors">{ m.errors }</span><span>{ plural(lang, Plural::StatErrors, m.errors) }</span></div>
            <div class="stat"><span class="stat__n">{ m.throttles }</span><span>{ plural(lang, Plural::StatThrottles, m.throttles) }</span></div>
            if m.failed_batch_items > 0 {
                <div class="stat" id="fn-failed-items"><span class="stat__n">{ m.failed_batch_items }</span><span>{ plural(lang, Plural::StatFailedItems, m.failed_batch_items) }</span></div>
            }
            <div class="stat"><span class="stat__n">{ m.concurrent_executions }</span><span>{ t(lang, Key::Running2) }</span></div>
        </div>
    }
}

/// One CloudWatch log line: errors and the platform's START/END/REPORT marked, and,
/// where the lines of several execution environments meet, which stream it is in
/// (`aws logs tail` prints each line's stream too).
pub fn log_line(l: &LogLine, epoch_ms: u64, streams: &[String]) -> Html {
    let line = &l.text;
    let error = line.starts_with("[ERROR]");
    let platform =
        line.starts_with("START") || line.starts_with("END") || line.starts_with("REPORT");
    let stream = (streams.len() > 1).then(|| stream_tag(l.stream, streams));
    html! {
        <div class={classes!("log", error.then_some("log--error"), platform.then_some("log--platform"))}>
            <span class="log__time" translate="no">{ sim_core::time::iso8601_ms(epoch_ms + l.at_ms) }</span>
            { stream.unwrap_or_default() }
            <span class="log__text" translate="no">{ line.clone() }</span>
        </div>
    }
}

/// A log stream's short mark (`#2`), its full name in its title; four colours in turn.
fn stream_tag(stream: u32, streams: &[String]) -> Html {
    let name = streams.get(stream as usize).cloned().unwrap_or_default();
    let class = format!("log__stream log__stream--{}", stream % 4);
    html! { <span {class} title={name} translate="no">{ format!("#{}", stream + 1) }</span> }
}

/// The log group's streams, one per execution environment, as the console lists them.
fn log_streams(v: &FunctionView, lang: Lang) -> Html {
    if v.log_streams.len() < 2 {
        return html! {};
    }
    html! {
        <p class="log-streams" id="log-streams">
            <span class="muted">{ t(lang, Key::LogStreams) }{ ": " }</span>
            { for v.log_streams.iter().enumerate().map(|(i, name)| html! {
                <span class="log-streams__one">{ stream_tag(i as u32, &v.log_streams) }{ " " }<code translate="no">{ name.clone() }</code></span>
            }) }
        </p>
    }
}

/// Configuration > Environment variables, as the console lists them.
fn environment(v: &FunctionView, lang: Lang) -> Html {
    if v.environment.is_empty() {
        return html! {};
    }
    html! {
        <details class="env" id="function-env" open={true}>
            <summary>{ t(lang, Key::EnvVars) }</summary>
            <table class="grid grid--env">
                <thead><tr><th>{ t(lang, Key::EnvKey) }</th><th>{ t(lang, Key::EnvValue) }</th></tr></thead>
                <tbody>
                    { for v.environment.iter().map(|(k, val)| html! {
                        <tr><td translate="no"><code>{ k.clone() }</code></td><td translate="no"><code class="wrap">{ val.clone() }</code></td></tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}

/// Configuration > Triggers: each event source mapping and its settings, its
/// FilterCriteria among them (only the trace told that a trigger filtered).
/// A stream's trigger can have its failure handling edited there.
fn triggers(v: &FunctionView, lang: Lang, on_action: &Callback<Action>) -> Html {
    if v.triggers.is_empty() {
        return html! {};
    }
    html! {
        <details class="env" id="function-triggers">
            <summary>{ t(lang, Key::Triggers) }</summary>
            { for v.triggers.iter().enumerate().map(|(i, (source, config))| html! {
                <div class="trigger" data-trigger={source.clone()}>
                    <p class="trigger__source"><span class="muted">{ t(lang, Key::TriggerSource) }</span>{ " " }<code translate="no">{ source.clone() }</code></p>
                    <JsonView value={config.clone()} />
                    if config.get("StartingPosition").is_some() {
                        <StreamTriggerForm config={config.clone()} index={i} {lang} on_action={on_action.clone()} />
                    }
                </div>
            }) }
        </details>
    }
}

fn logs(v: &FunctionView, lang: Lang) -> Html {
    html! {
        <>
            <h4>{ t(lang, Key::CloudWatchMetrics) }</h4>
            <div class="charts">{ for v.charts.iter().map(|c| html! { <MetricChart view={c.clone()} {lang} /> }) }</div>
            <h4>{ format!("{} · {}", t(lang, Key::Logs), v.log_group) }</h4>
            if v.log_lines.is_empty() {
                <p class="muted">{ t(lang, Key::NoLogs) }</p>
            } else {
                { log_streams(v, lang) }
                <div class="logs" id="function-logs" tabindex="0">
                    { for v.log_lines.iter().map(|l| log_line(l, v.epoch_ms, &v.log_streams)) }
                </div>
            }
        </>
    }
}

fn parse_fraction(text: &str, lang: Lang) -> Option<f64> {
    parse_number(text, lang).filter(|x| (0.0..=1.0).contains(x))
}

/// A percentage, 0–100, as per mille.
fn parse_percent_per_mille(text: &str, lang: Lang) -> Option<u32> {
    parse_number(text, lang)
        .filter(|x| (0.0..=100.0).contains(x))
        .map(|x| (x * 10.0).round() as u32)
}

/// A payment function's success rate, set as SetFunctionConfiguration does.
#[derive(Properties, PartialEq)]
struct SuccessRateProps {
    function_name: String,
    success_per_mille: u32,
    lang: Lang,
    on_action: Callback<Action>,
}

#[function_component(SuccessRate)]
fn success_rate(props: &SuccessRateProps) -> Html {
    let lang = props.lang;
    // In the learner's language: "0,5" typed in Portuguese came back as "0.5".
    let shown = number_text(f64::from(props.success_per_mille) / 10.0, lang);
    let text = use_state(|| shown.clone());
    {
        // Another change (Show me, a rewind) shows the function's rate again.
        let text = text.clone();
        use_effect_with(shown.clone(), move |shown| text.set(shown.clone()));
    }
    let valid = parse_percent_per_mille(&text, lang);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(event_value(&e)))
    };
    let onchange = {
        let (name, current, on_action) = (
            props.function_name.clone(),
            props.success_per_mille,
            props.on_action.clone(),
        );
        Callback::from(
            move |e: Event| match parse_percent_per_mille(&event_value(&e), lang) {
                Some(p) if p != current => on_action.emit(Action::SetFunctionConfiguration {
                    function_name: name.clone(),
                    timeout: None,
                    reserved_concurrent_executions: None,
                    success_per_mille: Some(p),
                }),
                _ => {}
            },
        )
    };
    html! {
        <div class="toggle-row success-rate">
            <label for="success-rate">{ t(lang, Key::SuccessRate) }</label>
            <input class="narrow" id="success-rate" inputmode="decimal" value={(*text).clone()} {oninput} {onchange} aria-invalid={valid.is_none().to_string()} aria-describedby="success-rate-note" />
            // Said beside it, not in a tooltip: beside "fail a fraction of invocations"
            // the walk could not tell which of the two a step meant.
            <span class="muted success-rate__note" id="success-rate-note">{ t(lang, Key::SuccessRateNote) }</span>
            if valid.is_none() { <p class="field__error">{ t(lang, Key::SuccessRateInvalid) }</p> }
        </div>
    }
}

#[function_component(FunctionPanel)]
pub fn function_panel(props: &FunctionPanelProps) -> Html {
    let v = &props.view;
    let lang = props.lang;
    // Written as the learner's language writes a half (the walk read "0.5" in Portuguese).
    let fraction = use_state(|| match lang {
        Lang::Pt => "0,5".to_string(),
        Lang::En => "0.5".to_string(),
    });
    let faults = &v.faults;
    let toggle = |fault: FaultKind, on: bool, id: &'static str, label: String| {
        let (name, fraction) = (v.name.clone(), fraction.clone());
        let onchange = props.on_action.reform(move |_: Event| Action::SetFault {
            function_name: name.clone(),
            fault,
            enabled: !on,
            fraction: (fault == FaultKind::FailFraction)
                .then(|| parse_fraction(&fraction, lang))
                .flatten(),
            seconds: None,
        });
        html! {
            <label class="toggle">
                <input type="checkbox" {id} checked={on} {onchange} />
                <span>{ label }</span>
            </label>
        }
    };
    let on_fraction = {
        let fraction = fraction.clone();
        Callback::from(move |e: InputEvent| fraction.set(event_value(&e)))
    };
    // A new fraction while the switch is on takes effect when the field is left.
    let on_fraction_change = {
        let (name, per_mille) = (v.name.clone(), faults.fail_per_mille);
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let fraction = parse_fraction(&event_value(&e), lang);
            let changed = fraction.is_some_and(|f| (f * 1000.0).round() as u32 != per_mille);
            if per_mille > 0 && changed {
                on_action.emit(Action::SetFault {
                    function_name: name.clone(),
                    fault: FaultKind::FailFraction,
                    enabled: true,
                    fraction,
                    seconds: None,
                });
            }
        })
    };
    let fraction_ok = parse_fraction(&fraction, lang).is_some();
    let reserved = v
        .reserved_concurrency
        .map(|r| r.to_string())
        .unwrap_or_else(|| t(lang, Key::NoneSet).into());
    html! {
        <div class="resource function-panel">
            { stats(v, lang) }
            <p class="muted">{ format!("{} · handler {} · {} {} s · {} {} MB · role {} · {} {reserved}", v.runtime, v.handler, t(lang, Key::FnTimeout), v.timeout_s, t(lang, Key::FnMemory), v.memory_mb, v.role, t(lang, Key::FnReserved)) }</p>
            // Keyed by the value: a rewind or a change elsewhere starts the field afresh.
            <TimeoutSetting key={format!("{}-timeout-{}", v.name, v.timeout_s)} function_name={v.name.clone()} timeout_s={v.timeout_s} triggers={v.sqs_trigger_times.clone()} {lang} on_action={props.on_action.clone()} notice={props.config_notice.clone()} />
            { environment(v, lang) }
            { triggers(v, lang, &props.on_action) }
            <FunctionTest view={v.clone()} {lang} on_action={props.on_action.clone()} />
            <fieldset class="faults">
                <legend>{ t(lang, Key::Faults) }</legend>
                { toggle(FaultKind::Throw, faults.throw, "fault-throw", t(lang, Key::FaultThrow).replace("{error}", &v.forced_error)) }
                { toggle(FaultKind::Timeout, faults.timeout, "fault-timeout", t(lang, Key::FaultTimeout).to_string()) }
                { toggle(FaultKind::Throttle, faults.throttle, "fault-throttle", t(lang, Key::FaultThrottle).to_string()) }
                // With a modelled role, permissions are broken in its policies instead.
                if v.role_policies.is_none() || faults.deny_permission {
                    { toggle(FaultKind::DenyPermission, faults.deny_permission, "fault-deny", t(lang, Key::FaultDeny).to_string()) }
                }
                <div class="toggle-row">
                    { toggle(FaultKind::FailFraction, faults.fail_per_mille > 0, "fault-fraction", t(lang, Key::FaultFraction).to_string()) }
                    <input class="narrow" id="fault-fraction-value" inputmode="decimal" value={(*fraction).clone()} oninput={on_fraction} onchange={on_fraction_change} aria-invalid={(!fraction_ok).to_string()} aria-label={t(lang, Key::FaultFractionValue)} />
                    if faults.fail_per_mille > 0 { <span class="tag">{ format!("{}‰", faults.fail_per_mille) }</span> }
                </div>
                if !fraction_ok { <p class="field__error">{ t(lang, Key::FractionInvalid) }</p> }
                <SlowCall key={format!("{}-slow", v.name)} function_name={v.name.clone()} slow_ms={faults.slow_ms} timeout_s={v.timeout_s} {lang} on_action={props.on_action.clone()} />
                if let Some(p) = v.success_per_mille {
                    <SuccessRate function_name={v.name.clone()} success_per_mille={p} {lang} on_action={props.on_action.clone()} />
                }
            </fieldset>
            { for v.trigger_problems.iter().map(|p| html! {
                <p class="field__error trigger-problem" role="alert"><strong>{ t(lang, Key::TriggerProblem) }{ ": " }</strong><span translate="no">{ p.clone() }</span></p>
            }) }
            if let Some(role) = &v.role_policies {
                <RolePanel view={role.clone()} {lang} on_action={props.on_action.clone()} notice={props.role_notice.clone()} />
            }
            { logs(v, lang) }
        </div>
    }
}
