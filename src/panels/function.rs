//! A Lambda function: its configuration, metrics, fault switches and its CloudWatch
//! log stream.

use sim_core::action::FaultKind;
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct FunctionPanelProps {
    pub name: String,
}

#[function_component(FunctionPanel)]
pub fn function_panel(props: &FunctionPanelProps) -> Html {
    let ctx = use_sim();
    let fraction = use_state(|| "0.5".to_string());
    let Some(ctx) = ctx else { return html! {} };
    let lang = ctx.lang;
    let sim = ctx.sim.borrow();
    let Some(f) = sim.function(&props.name) else {
        return html! {};
    };
    let faults = f.faults.clone();
    let toggle = |fault: FaultKind, on: bool, id: &'static str, label: Key| {
        let (ctx, name, fraction) = (ctx.clone(), props.name.clone(), fraction.clone());
        let onchange = Callback::from(move |_: Event| {
            let fr = if fault == FaultKind::FailFraction {
                fraction.trim().parse::<f64>().ok()
            } else {
                None
            };
            ctx.dispatch(Msg::Apply(Box::new(Action::SetFault {
                function_name: name.clone(),
                fault,
                enabled: !on,
                fraction: fr,
            })));
        });
        html! {
            <label class="toggle">
                <input type="checkbox" {id} checked={on} {onchange} />
                <span>{ t(lang, label) }</span>
            </label>
        }
    };
    let on_fraction = {
        let fraction = fraction.clone();
        Callback::from(move |e: InputEvent| fraction.set(event_value(&e)))
    };
    let fraction_ok = fraction
        .trim()
        .parse::<f64>()
        .is_ok_and(|x| (0.0..=1.0).contains(&x));
    let group = format!("/aws/lambda/{}", props.name);
    let lines: Vec<(u64, String)> = sim
        .logs()
        .get(&group)
        .map(|g| g.lines().cloned().collect())
        .unwrap_or_default();
    let epoch = sim.epoch_ms();
    let c = &f.config;
    html! {
        <div class="resource function-panel">
            <div class="stats">
                <div class="stat"><span class="stat__n">{ f.metrics.invocations }</span><span>{ t(lang, Key::Invocations) }</span></div>
                <div class="stat"><span class="stat__n" id="fn-errors">{ f.metrics.errors }</span><span>{ t(lang, Key::Errors) }</span></div>
                <div class="stat"><span class="stat__n">{ f.metrics.throttles }</span><span>{ t(lang, Key::Throttles) }</span></div>
                <div class="stat"><span class="stat__n">{ f.metrics.concurrent_executions }</span><span>{ t(lang, Key::Running2) }</span></div>
            </div>
            <p class="muted">{ format!("{} · Timeout {} s · Memory {} MB · role {} · reserved concurrency {}", c.runtime, c.timeout, c.memory_size, c.role_name(), c.reserved_concurrent_executions.map(|r| r.to_string()).unwrap_or_else(|| "none".into())) }</p>
            <fieldset class="faults">
                <legend>{ t(lang, Key::Faults) }</legend>
                { toggle(FaultKind::Throw, faults.throw, "fault-throw", Key::FaultThrow) }
                { toggle(FaultKind::Timeout, faults.timeout, "fault-timeout", Key::FaultTimeout) }
                { toggle(FaultKind::Throttle, faults.throttle, "fault-throttle", Key::FaultThrottle) }
                { toggle(FaultKind::DenyPermission, faults.deny_permission, "fault-deny", Key::FaultDeny) }
                <div class="toggle-row">
                    { toggle(FaultKind::FailFraction, faults.fail_per_mille > 0, "fault-fraction", Key::FaultFraction) }
                    <input class="narrow" id="fault-fraction-value" value={(*fraction).clone()} oninput={on_fraction} aria-invalid={(!fraction_ok).to_string()} aria-label="fraction 0 to 1" />
                    if faults.fail_per_mille > 0 { <span class="tag">{ format!("{}‰", faults.fail_per_mille) }</span> }
                </div>
                if !fraction_ok { <p class="field__error">{ t(lang, Key::FractionInvalid) }</p> }
            </fieldset>
            <h4>{ format!("{} · {group}", t(lang, Key::Logs)) }</h4>
            if lines.is_empty() {
                <p class="muted">{ t(lang, Key::NoLogs) }</p>
            } else {
                <div class="logs" id="function-logs" tabindex="0">
                    { for lines.iter().rev().take(200).rev().map(|(at, line)| html! {
                        <div class={classes!("log", line.starts_with("[ERROR]").then_some("log--error"), (line.starts_with("START") || line.starts_with("END") || line.starts_with("REPORT")).then_some("log--platform"))}>
                            <span class="log__time">{ sim_core::time::iso8601_ms(epoch + at) }</span>
                            <span class="log__text">{ line.clone() }</span>
                        </div>
                    }) }
                </div>
            }
        </div>
    }
}
