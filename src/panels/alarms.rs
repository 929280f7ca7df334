//! CloudWatch's Alarms page: every alarm with its state, reason and last change,
//! each opening to its full panel, and a form that creates an alarm
//! (PutMetricAlarm) on any metric the resources publish.

use sim_core::view::{AlarmsView, MetricChoice};
use sim_core::Action;
use yew::prelude::*;

use super::alarm::{fields, state_class, AlarmPanel, Draft};
use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct AlarmsPanelProps {
    pub view: AlarmsView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
    /// What the last alarm change did, said under the form.
    #[prop_or_default]
    pub notice: Html,
    /// The metric (an index in `view.metrics`) the new-alarm form starts on.
    #[prop_or_default]
    pub first_metric: usize,
}

fn metric_label(m: &MetricChoice) -> String {
    format!(
        "{} · {} · {} = {}",
        m.namespace, m.metric_name, m.dimension_name, m.dimension_value
    )
}

/// The metrics grouped by the resource that publishes them (namespace and dimension),
/// in the order the resources first appear, each with its index in `metrics`.
fn by_resource(metrics: &[MetricChoice]) -> Vec<(String, Vec<(usize, &MetricChoice)>)> {
    let mut groups: Vec<(String, Vec<(usize, &MetricChoice)>)> = Vec::new();
    for (i, m) in metrics.iter().enumerate() {
        let key = format!("{} · {}", m.namespace, m.dimension_value);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, items)) => items.push((i, m)),
            None => groups.push((key, vec![(i, m)])),
        }
    }
    groups
}

/// PutMetricAlarm's JSON from the form; Err is the reader's own message.
fn new_alarm_action(
    name: &str,
    metric: Option<&MetricChoice>,
    topic: &str,
    draft: &Draft,
    lang: Lang,
) -> Result<Action, String> {
    let Some(m) = metric else {
        return Err("choose a metric".into());
    };
    draft.check(lang)?;
    let mut v = serde_json::json!({
        "AlarmName": name.trim(),
        "Namespace": m.namespace,
        "MetricName": m.metric_name,
        "Dimensions": [{ "Name": m.dimension_name, "Value": m.dimension_value }],
        "AlarmActions": if topic.is_empty() { vec![] } else { vec![topic.to_string()] },
    });
    draft.apply(&mut v);
    serde_json::from_value(serde_json::json!({ "Action": "PutMetricAlarm", "Alarm": v }))
        .map_err(|e| sim_core::scenario::property_error(&e.to_string()))
}

#[derive(Properties, PartialEq)]
struct NewAlarmProps {
    metrics: Vec<MetricChoice>,
    /// The metric chosen when the form first shows.
    first_metric: usize,
    topics: Vec<String>,
    /// The alarms' names: PutMetricAlarm with one of them replaces that alarm.
    existing: Vec<String>,
    lang: Lang,
    on_action: Callback<Action>,
    /// The form's own refusal (a field that is not a number), owned by the panel:
    /// while it shows, an older refusal of PutMetricAlarm does not.
    problem: UseStateHandle<Option<String>>,
}

#[function_component(NewAlarm)]
fn new_alarm(props: &NewAlarmProps) -> Html {
    let lang = props.lang;
    let name = use_state(String::new);
    let metric = use_state(|| props.first_metric);
    // No action until the learner picks a topic, as in the AWS console: a DLQ's alarm
    // must not e-mail whoever reads the first topic.
    let topic = use_state(String::new);
    let draft = use_state(|| Draft::new_alarm(lang));
    let problem = props.problem.clone();
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(event_value(&e)))
    };
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| metric.set(event_value(&e).parse().unwrap_or(0)))
    };
    let on_topic = {
        let topic = topic.clone();
        Callback::from(move |e: Event| topic.set(event_value(&e)))
    };
    // The name of an alarm sent to PutMetricAlarm, until the alarms list it: then the
    // field empties. Left there it read "an alarm has this name: creating replaces
    // it" at once, as if the create had failed (the Portuguese walk); a refused alarm
    // never shows up, and its name stays to be fixed.
    let sent = use_state(|| None::<String>);
    {
        let (name, sent) = (name.clone(), sent.clone());
        use_effect_with(props.existing.clone(), move |existing| {
            if let Some(s) = (*sent).as_ref().filter(|s| existing.contains(s)) {
                if name.trim() == s.as_str() {
                    name.set(String::new());
                }
                sent.set(None);
            }
        });
    }
    let create = {
        let (name, topic, draft, problem) = (
            (*name).clone(),
            (*topic).clone(),
            (*draft).clone(),
            problem.clone(),
        );
        let chosen = props.metrics.get(*metric).cloned();
        let (on_action, sent) = (props.on_action.clone(), sent.clone());
        Callback::from(move |_: MouseEvent| {
            match new_alarm_action(&name, chosen.as_ref(), &topic, &draft, lang) {
                Ok(a) => {
                    problem.set(None);
                    sent.set(Some(name.trim().to_string()));
                    on_action.emit(a);
                }
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    html! {
        <details class="card" id="alarm-new">
            <summary>{ t(lang, Key::AlarmCreate) }</summary>
            <label class="field"><span>{ t(lang, Key::AlarmNameLabel) }</span>
                <input id="new-alarm-name" value={(*name).clone()} oninput={on_name} spellcheck="false" />
            </label>
            if props.existing.iter().any(|e| *e == name.trim()) {
                <p class="note" id="new-alarm-replaces" role="status">{ t(lang, Key::AlarmNameReplaces) }</p>
            }
            <label class="field"><span>{ t(lang, Key::AlarmMetric) }</span>
                <select id="new-alarm-metric" onchange={on_metric} translate="no">
                    { for by_resource(&props.metrics).into_iter().map(|(group, items)| html! {
                        <optgroup label={group}>
                            { for items.into_iter().map(|(i, m)| html! {
                                <option value={i.to_string()} selected={i == *metric}>{ metric_label(m) }</option>
                            }) }
                        </optgroup>
                    }) }
                </select>
            </label>
            { fields("new-alarm", &draft, lang) }
            <label class="field"><span>{ t(lang, Key::AlarmActionsLabel) }</span>
                <select id="new-alarm-topic" onchange={on_topic} translate="no">
                    <option value="" selected={topic.is_empty()}>{ "—" }</option>
                    { for props.topics.iter().map(|a| html! { <option value={a.clone()} selected={*a == *topic}>{ a.rsplit(':').next().unwrap_or(a).to_string() }</option> }) }
                </select>
            </label>
            <button id="new-alarm-create" class="button button--primary" onclick={create}>{ t(lang, Key::AlarmCreateButton) }</button>
            if let Some(p) = &*problem {
                <p class="field__error" role="alert"><strong>{ t(lang, Key::Refused) }{ ": " }</strong>{ p.clone() }</p>
            }
        </details>
    }
}

#[function_component(AlarmsPanel)]
pub fn alarms_panel(props: &AlarmsPanelProps) -> Html {
    let (v, lang) = (&props.view, props.lang);
    // One alarm open at a time: its panel's ids stay unique.
    let open = use_state(|| None::<String>);
    // Only the latest refusal shows (the lab 000 walk saw a fixed name's refusal
    // under a new one about the threshold).
    let problem = use_state(|| None::<String>);
    {
        let problem = problem.clone();
        use_effect_with(props.notice.clone(), move |_| {
            if problem.is_some() {
                problem.set(None);
            }
        });
    }
    // Any action from the panel is newer than the form's own refusal (a refusal the
    // same as the last one leaves the notice unchanged, so the effect above misses it).
    let acting = {
        let (problem, on_action) = (problem.clone(), props.on_action.clone());
        Callback::from(move |a: Action| {
            problem.set(None);
            on_action.emit(a);
        })
    };
    let row = |a: &sim_core::view::AlarmView| {
        let name = a.config.alarm_name.clone();
        let is_open = open.as_deref() == Some(name.as_str());
        let toggle = {
            let (open, name) = (open.clone(), name.clone());
            Callback::from(move |_: MouseEvent| {
                open.set((open.as_deref() != Some(name.as_str())).then(|| name.clone()))
            })
        };
        html! {
            <div class="card alarm-row" data-alarm-row={name.clone()}>
                <button class="alarm-row__head" aria-expanded={is_open.to_string()} onclick={toggle}>
                    <span class={state_class(a.state)}>{ a.state.name() }</span>{ " " }
                    <strong translate="no">{ name.clone() }</strong>
                    <span class="muted">{ format!(" · {} · {}", a.config.metric_name, crate::i18n::when(lang, a.state_updated_ms)) }</span>
                </button>
                if is_open {
                    <AlarmPanel key={name.clone()} view={a.clone()} {lang} on_action={acting.clone()} />
                }
            </div>
        }
    };
    html! {
        <div class="resource alarms-panel" id="alarms">
            if v.alarms.is_empty() {
                <p class="muted">{ t(lang, Key::AlarmsNone) }</p>
            }
            { for v.alarms.iter().map(row) }
            <NewAlarm metrics={v.metrics.clone()} first_metric={props.first_metric} topics={v.topics.clone()} existing={v.alarms.iter().map(|a| a.config.alarm_name.clone()).collect::<Vec<_>>()} {lang} on_action={props.on_action.clone()} problem={problem.clone()} />
            if problem.is_none() {
                { props.notice.clone() }
            }
        </div>
    }
}
