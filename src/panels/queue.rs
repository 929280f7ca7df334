//! A queue as the SQS console shows it, plus what the console cannot: every message's
//! state, receive count and visibility countdown, read without receiving it.

use serde_json::Value;
use sim_core::Action;
use yew::prelude::*;

use super::json_view::{body_html, JsonView};
use crate::dom::event_value;
use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct QueuePanelProps {
    pub name: String,
}

#[function_component(QueuePanel)]
pub fn queue_panel(props: &QueuePanelProps) -> Html {
    let ctx = use_sim();
    let current = ctx
        .as_ref()
        .and_then(|c| {
            c.sim
                .borrow()
                .queue(&props.name)
                .map(|q| q.settings.visibility_timeout)
        })
        .unwrap_or(30);
    let visibility = use_state(|| current.to_string());
    let Some(ctx) = ctx else { return html! {} };
    let lang = ctx.lang;
    let name = props.name.clone();
    let sim = ctx.sim.borrow();
    let Some(q) = sim.queue(&name) else {
        return html! {};
    };
    let now = sim.now_ms();
    let epoch = sim.epoch_ms();
    let (visible, in_flight, delayed) = q.counts();
    let is_dlq = sim
        .queues()
        .iter()
        .any(|o| o.settings.dead_letter_queue_name() == Some(name.as_str()));
    let attrs = q.attributes_json(sim.epoch_ms());
    let act = |a: Action| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Msg::Apply(Box::new(a.clone()))))
    };
    let poll = act(Action::ReceiveMessage {
        queue_name: name.clone(),
        max_number_of_messages: 10,
        visibility_timeout: None,
        wait_time_seconds: Some(20),
    });
    let purge = act(Action::PurgeQueue {
        queue_name: name.clone(),
    });
    let redrive = act(Action::StartMessageMoveTask {
        source_queue: name.clone(),
        destination_queue: None,
        max_number_of_messages_per_second: None,
    });
    let cancel = act(Action::CancelMessageMoveTask {
        source_queue: name.clone(),
    });
    // The first 100 are shown: cloning thousands every frame would stall the page.
    let messages: Vec<_> = q.messages().take(100).map(|(_, m)| m.clone()).collect();
    let vis_s = q.settings.visibility_timeout;
    let last_poll = sim
        .console_polls()
        .filter(|p| p.queue == name)
        .last()
        .cloned();
    let task = q.move_task.clone();
    html! {
        <div class="resource queue-panel" data-queue={name.clone()}>
            <div class="stats">
                <div class="stat"><span class="stat__n" id="q-available">{ visible }</span><span>{ t(lang, Key::MessagesAvailable) }</span></div>
                <div class="stat"><span class="stat__n" id="q-inflight">{ in_flight }</span><span>{ t(lang, Key::MessagesInFlight) }</span></div>
                <div class="stat"><span class="stat__n">{ delayed }</span><span>{ t(lang, Key::MessagesDelayed) }</span></div>
                if is_dlq { <div class="stat stat--dlq"><span>{ t(lang, Key::Dlq) }</span></div> }
            </div>
            <div class="buttons">
                <button id="poll" class="button" onclick={poll} title={t(lang, Key::PollWarning)}>{ t(lang, Key::PollForMessages) }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
                <button id="purge" class="button button--danger" onclick={purge}>{ t(lang, Key::Purge) }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
                if is_dlq {
                    <button id="redrive" class="button button--primary" onclick={redrive}>{ t(lang, Key::StartRedrive) }</button>
                    <button id="redrive-cancel" class="button" onclick={cancel} disabled={task.as_ref().is_none_or(|t| t.status != "RUNNING")}>{ t(lang, Key::CancelRedrive) }</button>
                }
            </div>
            <p class="note note--state">{ t(lang, Key::PollWarning) }</p>
            <div class="card card--row">
                <label class="field field--inline">
                    <span>{ "VisibilityTimeout (s)" }</span>
                    <input id="visibility-timeout" class="narrow" value={(*visibility).clone()} oninput={{
                        let visibility = visibility.clone();
                        Callback::from(move |e: InputEvent| visibility.set(event_value(&e)))
                    }} />
                </label>
                <button id="visibility-apply" class="button button--small" onclick={{
                    let (ctx, name, visibility) = (ctx.clone(), name.clone(), visibility.clone());
                    Callback::from(move |_: MouseEvent| {
                        let mut attributes = std::collections::BTreeMap::new();
                        attributes.insert("VisibilityTimeout".to_string(), Value::String(visibility.trim().to_string()));
                        ctx.dispatch(Msg::Apply(Box::new(Action::SetQueueAttributes { queue_name: name.clone(), attributes })));
                    })
                }}>{ "SetQueueAttributes" }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
                <span class="muted">{ format!("{} {vis_s} s", t(lang, Key::Now)) }</span>
            </div>
            if let Some(task) = task {
                <p class="note" id="redrive-status">{ format!("{} {}: {} {} {} {}", t(lang, Key::RedriveStatus), task.status, task.approximate_number_of_messages_moved, t(lang, Key::Of), task.approximate_number_of_messages_to_move, t(lang, Key::MessagesMoved)) }</p>
            }
            if let Some(p) = last_poll {
                <div class="poll" id="last-poll">
                    <h4>{ format!("{} · {}", t(lang, Key::LastPoll), sim_core::time::human_ms(p.at_ms)) }</h4>
                    if p.answered_ms.is_none() {
                        <p class="muted">{ t(lang, Key::Waiting) }</p>
                    } else if p.messages.is_empty() {
                        <p class="muted">{ t(lang, Key::NoMessages) }</p>
                    } else {
                        <JsonView value={Value::Array(p.messages.clone())} />
                    }
                </div>
            }
            <h4>{ t(lang, Key::Peek) }</h4>
            <p class="note note--look">{ t(lang, Key::PeekNote) }</p>
            if messages.is_empty() {
                <p class="muted">{ t(lang, Key::NoMessages) }</p>
            } else {
                <ul class="messages" id="queue-messages">
                    { for messages.iter().map(|m| {
                        let (state, countdown) = match &m.state {
                            sim_core::sqs::MessageState::InFlight { until_ms, .. } => ("in-flight", Some(until_ms.saturating_sub(now))),
                            sim_core::sqs::MessageState::Delayed { until_ms } => ("delayed", Some(until_ms.saturating_sub(now))),
                            sim_core::sqs::MessageState::Visible => ("available", None),
                        };
                        let pct = countdown.map(|c| (c as f64 / (vis_s.max(1) * 1000) as f64 * 100.0).clamp(0.0, 100.0));
                        html! {
                            <li class={classes!("message", format!("message--{state}"))}>
                                <div class="message__head">
                                    <code>{ m.message_id.clone() }</code>
                                    <span class="tag">{ match state { "in-flight" => t(lang, Key::StatInFlight), "delayed" => t(lang, Key::StatDelayed), _ => t(lang, Key::StatAvailable) } }</span>
                                    <span class="tag tag--rc">{ format!("{} {}", t(lang, Key::ReceiveCount), m.receive_count) }</span>
                                    if let Some(c) = countdown { <span class="tag">{ format!("{} {}", t(lang, Key::VisibleIn), sim_core::time::human_ms(c)) }</span> }
                                    if let Some(src) = &m.dead_letter_source { <span class="tag tag--dlq">{ format!("{} {}", t(lang, Key::From), sim_core::sqs::queue_name_from_arn(src)) }</span> }
                                </div>
                                if let Some(p) = pct { <div class="countdown"><div class="countdown__bar" style={format!("width:{p:.1}%")}></div></div> }
                                <details><summary>{ t(lang, Key::Body) }</summary>{ body_html(&m.body) }</details>
                                <details><summary>{ t(lang, Key::MessageJson) }</summary><JsonView value={m.to_json(epoch)} /></details>
                            </li>
                        }
                    }) }
                </ul>
            }
            <details><summary>{ "GetQueueAttributes (All)" }</summary><JsonView value={attrs} /></details>
            <details><summary>{ "AWS/SQS metrics" }</summary><JsonView value={serde_json::to_value(&q.metrics).unwrap_or_default()} /></details>
        </div>
    }
}
