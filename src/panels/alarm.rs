//! A CloudWatch alarm as the console shows it: its state and the reason CloudWatch
//! wrote, its condition in words, its metric's graph with the threshold and the time
//! in ALARM, its history, and a form that saves a changed alarm (PutMetricAlarm).

use sim_core::services::cloudwatch::{AlarmConfig, AlarmState, Statistic};
use sim_core::view::AlarmView;
use sim_core::Action;
use yew::prelude::*;

use super::chart::MetricChart;
use crate::dom::event_value;
use crate::i18n::{plural, t, Key, Lang, Plural};

#[derive(Properties, PartialEq)]
pub struct AlarmPanelProps {
    pub view: AlarmView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

pub(crate) fn state_class(s: AlarmState) -> &'static str {
    match s {
        AlarmState::OK => "alarm-state alarm-state--ok",
        AlarmState::ALARM => "alarm-state alarm-state--alarm",
        AlarmState::INSUFFICIENT_DATA => "alarm-state alarm-state--insufficient",
    }
}

fn condition(c: &AlarmConfig, lang: Lang) -> String {
    let dim = c
        .dimensions
        .iter()
        .map(|(n, v)| format!("{n} = {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    plural(
        lang,
        Plural::AlarmConditionText,
        u64::from(c.evaluation_periods),
    )
    .replace("{stat}", c.statistic.name())
    .replace("{metric}", &c.metric_name)
    .replace("{dim}", &dim)
    .replace("{op}", c.comparison_operator.name())
    .replace("{threshold}", &c.threshold.to_string())
    .replace("{m}", &c.datapoints_to_alarm.to_string())
    .replace("{period}", &c.period.to_string())
    .replace("{treat}", &treat_text(c, lang))
}

/// The TreatMissingData the alarm was given, and, for AWS/DynamoDB, that it is not obeyed.
fn treat_text(c: &AlarmConfig, lang: Lang) -> String {
    let given = c.treat_missing_data.name();
    if c.treat_missing_data_applied() == c.treat_missing_data {
        return given.to_string();
    }
    t(lang, Key::AlarmDynamoDbIgnoresMissing).replace("{treat}", given)
}

fn history(v: &AlarmView, lang: Lang) -> Html {
    if v.history.is_empty() {
        return html! { <p class="muted">{ t(lang, Key::AlarmNoHistory) }</p> };
    }
    html! {
        <ol class="alarm-history" id="alarm-history">
            { for v.history.iter().map(|h| html! {
                <li>
                    <span class="mono">{ crate::i18n::when(lang, h.at_ms) }</span>{ " " }
                    <span class={state_class(h.old_state)}>{ h.old_state.name() }</span>{ " → " }
                    <span class={state_class(h.new_state)}>{ h.new_state.name() }</span>
                    <div class="muted" translate="no">{ h.reason.clone() }</div>
                </li>
            }) }
        </ol>
    }
}

/// The fields a learner changes; the rest of the alarm stays as it is.
#[derive(Clone, PartialEq)]
pub(crate) struct Draft {
    threshold: String,
    /// The language the threshold is written in: "1.125" is 1125 in Portuguese.
    /// Set when the draft is made and each time the learner types in it, so a
    /// language switch mid-edit does not misread it.
    written_in: Lang,
    comparison: String,
    statistic: String,
    period: String,
    evaluation_periods: String,
    datapoints_to_alarm: String,
    treat_missing_data: String,
}

impl Draft {
    /// A new alarm's start: lab 004's shape (Average ≥ 1 over one minute, missing data
    /// kept), the alarm the labs ask for.
    pub(crate) fn new_alarm(lang: Lang) -> Draft {
        Draft {
            threshold: "1".into(),
            written_in: lang,
            comparison: "GreaterThanOrEqualToThreshold".into(),
            statistic: "Average".into(),
            period: "60".into(),
            evaluation_periods: "1".into(),
            datapoints_to_alarm: "1".into(),
            treat_missing_data: "missing".into(),
        }
    }

    pub(crate) fn of(c: &AlarmConfig, lang: Lang) -> Draft {
        Draft {
            threshold: crate::forms::number::number_text(c.threshold, lang),
            written_in: lang,
            comparison: c.comparison_operator.name().into(),
            statistic: c.statistic.name().into(),
            period: c.period.to_string(),
            evaluation_periods: c.evaluation_periods.to_string(),
            datapoints_to_alarm: c.datapoints_to_alarm.to_string(),
            treat_missing_data: c.treat_missing_data.name().into(),
        }
    }

    /// The alarm as PutMetricAlarm would send it: the JSON goes through the same
    /// reader as a scenario's, so a bad field is refused with its name.
    /// PutMetricAlarm with the draft; Err is the reader's message (a field that is
    /// not a number), said under the form.
    fn action(&self, base: &AlarmConfig, lang: Lang) -> Result<Action, String> {
        self.check(lang)?;
        let mut v = serde_json::to_value(base).unwrap_or_default();
        self.apply(&mut v);
        let alarm = serde_json::json!({ "Action": "PutMetricAlarm", "Alarm": v });
        serde_json::from_value(alarm)
            .map_err(|e| sim_core::scenario::property_error(&e.to_string()))
    }

    /// The fields that must be numbers are, as the learner's language writes them
    /// ("1,5" in Portuguese): said by the field's label, not by the JSON reader.
    pub(crate) fn check(&self, lang: Lang) -> Result<(), String> {
        let bad = |label: Key, text: &str, key: Key| {
            Err(t(lang, key)
                .replace("{field}", t(lang, label))
                .replace("{text}", text.trim()))
        };
        if crate::forms::number::parse_number(&self.threshold, self.written_in).is_none() {
            return bad(Key::AlarmThreshold, &self.threshold, Key::FieldNotNumber);
        }
        for (label, text) in [
            (Key::AlarmPeriod, &self.period),
            (Key::AlarmEvaluationPeriods, &self.evaluation_periods),
            (Key::AlarmDatapoints, &self.datapoints_to_alarm),
        ] {
            if text.trim().parse::<u64>().is_err() {
                return bad(label, text, Key::FieldNotWholeNumber);
            }
        }
        Ok(())
    }

    /// Writes the draft's fields into PutMetricAlarm's JSON (numbers as numbers;
    /// what does not read as one stays text, for the reader to refuse by name).
    pub(crate) fn apply(&self, v: &mut serde_json::Value) {
        let num = |s: &str| {
            crate::forms::number::parse_number(s, self.written_in)
                .and_then(serde_json::Number::from_f64)
                .map_or(
                    serde_json::Value::String(s.to_string()),
                    serde_json::Value::Number,
                )
        };
        let int = |s: &str| {
            s.trim()
                .parse::<u64>()
                .map_or(serde_json::Value::String(s.to_string()), |n| n.into())
        };
        v["Threshold"] = num(&self.threshold);
        v["ComparisonOperator"] = self.comparison.clone().into();
        v["Statistic"] = self.statistic.clone().into();
        v["Period"] = int(&self.period);
        v["EvaluationPeriods"] = int(&self.evaluation_periods);
        v["DatapointsToAlarm"] = int(&self.datapoints_to_alarm);
        v["TreatMissingData"] = self.treat_missing_data.clone().into();
    }
}

pub(crate) fn select(id: &str, value: &str, options: &[&str], on: Callback<String>) -> Html {
    let onchange = Callback::from(move |e: Event| on.emit(event_value(&e)));
    html! {
        <select id={id.to_string()} {onchange}>
            { for options.iter().map(|o| html! { <option value={o.to_string()} selected={*o == value}>{ *o }</option> }) }
        </select>
    }
}

pub(crate) fn input(id: &str, value: &str, on: Callback<String>) -> Html {
    let oninput = Callback::from(move |e: InputEvent| on.emit(event_value(&e)));
    html! { <input id={id.to_string()} class="narrow" value={value.to_string()} {oninput} /> }
}

/// The condition's fields, with ids under `prefix` (`alarm-threshold`, …).
pub(crate) fn fields(prefix: &str, draft: &UseStateHandle<Draft>, lang: Lang) -> Html {
    let set = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |s: String| {
            let mut d = (*draft).clone();
            f(&mut d, s);
            d.written_in = lang;
            draft.set(d);
        })
    };
    let d = &**draft;
    let id = |name: &str| format!("{prefix}-{name}");
    let stats: Vec<&str> = Statistic::ALL.iter().map(|s| s.name()).collect();
    let ops = [
        "GreaterThanOrEqualToThreshold",
        "GreaterThanThreshold",
        "LessThanThreshold",
        "LessThanOrEqualToThreshold",
    ];
    html! {
        <div class="form-grid">
            <label class="field"><span>{ t(lang, Key::AlarmStatistic) }</span>{ select(&id("statistic"), &d.statistic, &stats, set(|d, s| d.statistic = s)) }</label>
            <label class="field field--wide"><span>{ t(lang, Key::AlarmComparison) }</span>{ select(&id("comparison"), &d.comparison, &ops, set(|d, s| d.comparison = s)) }</label>
            <label class="field"><span>{ t(lang, Key::AlarmThreshold) }</span>{ input(&id("threshold"), &d.threshold, set(|d, s| d.threshold = s)) }</label>
            <label class="field"><span>{ t(lang, Key::AlarmPeriod) }</span>{ input(&id("period"), &d.period, set(|d, s| d.period = s)) }</label>
            <label class="field"><span>{ t(lang, Key::AlarmEvaluationPeriods) }</span>{ input(&id("evaluation-periods"), &d.evaluation_periods, set(|d, s| d.evaluation_periods = s)) }</label>
            <label class="field"><span>{ t(lang, Key::AlarmDatapoints) }</span>{ input(&id("datapoints"), &d.datapoints_to_alarm, set(|d, s| d.datapoints_to_alarm = s)) }</label>
            <label class="field"><span>{ t(lang, Key::AlarmTreatMissing) }</span>{ select(&id("treat-missing"), &d.treat_missing_data, &["missing", "notBreaching", "breaching", "ignore"], set(|d, s| d.treat_missing_data = s)) }</label>
        </div>
    }
}

fn editor(
    v: &AlarmView,
    draft: &UseStateHandle<Draft>,
    problem: &UseStateHandle<Option<String>>,
    lang: Lang,
    on_action: &Callback<Action>,
) -> Html {
    let save = {
        let (d, base, problem) = ((**draft).clone(), v.config.clone(), problem.clone());
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| match d.action(&base, lang) {
            Ok(a) => {
                problem.set(None);
                on_action.emit(a);
            }
            Err(e) => problem.set(Some(e)),
        })
    };
    html! {
        <details class="card" id="alarm-editor">
            <summary>{ t(lang, Key::AlarmEdit) }</summary>
            { fields("alarm", draft, lang) }
            <button id="alarm-save" class="button button--primary" onclick={save}>{ t(lang, Key::AlarmSave) }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
            if let Some(p) = &**problem {
                <p class="field__error" role="alert"><strong>{ t(lang, Key::Refused) }{ ": " }</strong>{ p.clone() }</p>
            }
        </details>
    }
}

#[function_component(AlarmPanel)]
pub fn alarm_panel(props: &AlarmPanelProps) -> Html {
    let (v, lang) = (&props.view, props.lang);
    let draft = use_state(|| Draft::of(&v.config, lang));
    let problem = use_state(|| None::<String>);
    let actions = v.config.alarm_actions.join(", ");
    html! {
        <div class="resource alarm-panel" data-alarm={v.config.alarm_name.clone()}>
            <p class="alarm-head">
                <span class="muted">{ t(lang, Key::AlarmState) }{ " " }</span>
                <span id="alarm-state" class={state_class(v.state)}>{ v.state.name() }</span>
                <span class="muted">{ format!(" · {}", crate::i18n::when(lang, v.state_updated_ms)) }</span>
            </p>
            <p><span class="muted">{ t(lang, Key::AlarmReason) }{ ": " }</span><span id="alarm-reason" translate="no">{ v.state_reason.clone() }</span></p>
            <p><span class="muted">{ t(lang, Key::AlarmCondition) }{ ": " }</span>{ condition(&v.config, lang) }</p>
            <p><span class="muted">{ t(lang, Key::AlarmActionsLabel) }{ ": " }</span><code>{ if actions.is_empty() { "—".to_string() } else { actions } }</code></p>
            if let Some(chart) = &v.chart {
                <MetricChart view={chart.clone()} {lang} />
            } else {
                <p class="note note--state">{ t(lang, Key::AlarmNoMetric) }</p>
            }
            if v.config.namespace == "AWS/SQS" {
                <p class="note note--look">{ t(lang, Key::AlarmQuirk) }</p>
            }
            <h4>{ t(lang, Key::AlarmHistory) }</h4>
            { history(v, lang) }
            { editor(v, &draft, &problem, lang, &props.on_action) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::services::de::FromJson;

    fn alarm(namespace: &str, treat: &str) -> AlarmConfig {
        AlarmConfig::from_json(&serde_json::json!({
            "AlarmName": "a", "Namespace": namespace, "MetricName": "m", "Statistic": "Sum",
            "Period": 60, "EvaluationPeriods": 1, "Threshold": 1,
            "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": treat,
        }))
        .unwrap()
    }

    #[test]
    fn a_dynamodb_alarm_says_its_missing_data_is_ignored_whatever_it_was_given() {
        let ddb = treat_text(&alarm("AWS/DynamoDB", "breaching"), Lang::En);
        assert!(ddb.starts_with("breaching (applied as ignore: "), "{ddb}");
        let pt = treat_text(&alarm("AWS/DynamoDB", "breaching"), Lang::Pt);
        assert!(pt.contains("aplicado como ignore"), "{pt}");
        assert_eq!(
            treat_text(&alarm("AWS/DynamoDB", "ignore"), Lang::En),
            "ignore"
        );
        assert_eq!(
            treat_text(&alarm("AWS/SQS", "breaching"), Lang::En),
            "breaching"
        );
    }
}
