//! An EventBridge rule: its pattern, targets, metrics and a "test this event" box that
//! explains which field matched and which did not.

use serde_json::Value;
use sim_core::action::TargetFaultKind;
use sim_core::eventbridge::EventPattern;
use sim_core::view::{RuleView, TargetView};
use sim_core::Action;
use yew::prelude::*;

use super::json_view::JsonView;
use crate::dom::event_value;
use crate::i18n::{sim_text, t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct RulePanelProps {
    pub view: RuleView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

/// Whether the typed event matches the rule's pattern, and why, field by field.
fn explanation(pattern: &Value, test: &str, lang: Lang) -> Html {
    let event = match serde_json::from_str::<Value>(test) {
        Err(e) => {
            return html! { <p class="field__error">{ crate::i18n::json_error(lang, &e) }</p> }
        }
        Ok(event) => event,
    };
    let pattern = match pattern {
        Value::String(s) => EventPattern::parse(s),
        v => EventPattern::from_json(v),
    };
    match pattern {
        Err(e) => html! { <p class="field__error">{ e.to_string() }</p> },
        Ok(p) => {
            let ex = p.explain(&event);
            html! {
                <div class={classes!("explain", if ex.matched { "explain--yes" } else { "explain--no" })} id="rule-explain">
                    <strong>{ if ex.matched { t(lang, Key::Matched) } else { t(lang, Key::NotMatched) } }</strong>
                    <ul>{ for ex.lines.iter().map(|l| html! { <li>{ sim_text(lang, l) }</li> }) }</ul>
                </div>
            }
        }
    }
}

/// One target with its fault switches (deny EventBridge, throttle).
fn target(rule: &RuleView, tg: &TargetView, lang: Lang, on_action: &Callback<Action>) -> Html {
    let fault = |kind: TargetFaultKind, on: bool, label: &'static str| {
        let (name, bus, id) = (
            rule.name.clone(),
            rule.event_bus_name.clone(),
            tg.id.clone(),
        );
        let onchange = on_action.reform(move |_: Event| Action::SetTargetFault {
            rule_name: name.clone(),
            event_bus_name: Some(bus.clone()),
            target_id: id.clone(),
            fault: kind,
            enabled: !on,
        });
        html! { <label class="toggle"><input type="checkbox" checked={on} {onchange} /><span>{ label }</span></label> }
    };
    html! {
        <li class="target">
            <code>{ tg.arn.clone() }</code>
            if let Some(d) = &tg.dead_letter_queue { <span class="tag">{ format!("DLQ {d}") }</span> }
            { fault(TargetFaultKind::DenyPermission, tg.faults.deny_permission, t(lang, Key::DenyEventBridge)) }
            { fault(TargetFaultKind::Throttle, tg.faults.throttle, t(lang, Key::ThrottleTarget)) }
        </li>
    }
}

#[function_component(RulePanel)]
pub fn rule_panel(props: &RulePanelProps) -> Html {
    let rule = &props.view;
    let lang = props.lang;
    // The test box starts on a sample of the events this rule expects (keyed by rule).
    let test = use_state(|| serde_json::to_string_pretty(&rule.sample_event).unwrap_or_default());
    let toggle_rule = {
        let (name, bus, enabled) = (rule.name.clone(), rule.event_bus_name.clone(), rule.enabled);
        props
            .on_action
            .reform(move |_: Event| Action::SetRuleState {
                rule_name: name.clone(),
                event_bus_name: Some(bus.clone()),
                enabled: !enabled,
            })
    };
    let on_test = {
        let test = test.clone();
        Callback::from(move |e: InputEvent| test.set(event_value(&e)))
    };
    let m = &rule.metrics;
    html! {
        <div class="resource rule-panel">
            <label class="toggle"><input type="checkbox" id="rule-enabled" checked={rule.enabled} onchange={toggle_rule} /><span>{ if rule.enabled { "ENABLED" } else { "DISABLED" } }</span></label>
            <p class="muted">{ format!("{} · MatchedEvents {} · Invocations {} · FailedInvocations {} · InvocationsSentToDlq {}", rule.arn, m.matched_events, m.invocations, m.failed_invocations, m.invocations_sent_to_dlq) }</p>
            <h4>{ t(lang, Key::Pattern) }</h4>
            <JsonView value={rule.event_pattern.clone()} />
            <h4>{ t(lang, Key::Targets) }</h4>
            <ul class="plain">{ for rule.targets.iter().map(|tg| target(rule, tg, lang, &props.on_action)) }</ul>
            <h4>{ t(lang, Key::TestEvent) }</h4>
            <textarea id="rule-test-event" aria-label={t(lang, Key::TestEvent)} rows="8" spellcheck="false" value={(*test).clone()} oninput={on_test} />
            { explanation(&rule.event_pattern, &test, lang) }
        </div>
    }
}
