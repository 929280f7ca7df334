//! A queue as the SQS console shows it, plus what the console cannot: every message's
//! state, receive count and visibility countdown, read without receiving it.

use std::collections::BTreeMap;

use serde_json::Value;
use sim_core::sqs::RedrivePolicy;
use sim_core::view::{MessageStatus, MessageView, PolledMessage, QueueView};
use sim_core::Action;
use yew::prelude::*;

use super::chart::MetricChart;
use super::json_view::{body_html, JsonView};
use super::why::{why_long, why_short, why_sign};
use crate::dom::event_value;
use crate::i18n::{plural, t, Key, Lang, Plural};

#[derive(Properties, PartialEq)]
pub struct QueuePanelProps {
    pub view: QueueView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
    /// What the last Delete did: said under the message it was clicked for.
    #[prop_or_default]
    pub delete_notice: Html,
    /// What the last SetQueueAttributes did: said under the settings.
    #[prop_or_default]
    pub settings_notice: Html,
}

/// Which control of a kind was clicked last (a polled message's Delete, by message
/// id; a setting's SetQueueAttributes, by attribute), and what its action did: said
/// under that control, where the learner clicked.
#[derive(Clone, PartialEq)]
struct Said<K: PartialEq + 'static> {
    clicked: UseStateHandle<Option<K>>,
    notice: Html,
}

impl<K: PartialEq + 'static> Said<K> {
    fn under(&self, control: &K) -> Html {
        match self.clicked.as_ref() == Some(control) {
            true => self.notice.clone(),
            false => Html::default(),
        }
    }
}

fn message(m: &MessageView, visibility_timeout_s: u64, lang: Lang) -> Html {
    let (state, label) = match m.status {
        MessageStatus::InFlight => ("in-flight", t(lang, Key::StatInFlight)),
        MessageStatus::Delayed => ("delayed", t(lang, Key::StatDelayed)),
        MessageStatus::Available => ("available", t(lang, Key::StatAvailable)),
    };
    let vis_ms = visibility_timeout_s.max(1) * 1000;
    // The bar is the visibility timeout left: a delayed message has never been visible
    // and has no bar, and its countdown says "delay" (the re-walk read "visible again"
    // on a message DelaySeconds held, the two things we teach apart).
    let delayed = m.status == MessageStatus::Delayed;
    let pct = m
        .visible_in_ms
        .filter(|_| !delayed)
        .map(|c| (c as f64 / vis_ms as f64 * 100.0).clamp(0.0, 100.0));
    let visible_in = if delayed {
        Key::VisibleAfterDelayIn
    } else {
        Key::VisibleIn
    };
    html! {
        // Keyed by id: a message received or deleted must not leave its open body to the next.
        <li key={m.message_id.clone()} class={classes!("message", format!("message--{state}"))}>
            <div class="message__head">
                // Each id named: two bare UUIDs read as a riddle (the pt-BR walk).
                if let Some(order) = &m.order_id {
                    <span class="message__label">{ t(lang, Key::MessageOrderLabel) }</span>
                    <strong class="message__order">{ order.clone() }</strong>
                }
                <span class="message__label">{ "MessageId" }</span>
                <code>{ m.message_id.clone() }</code>
                if let Some(g) = &m.message_group_id {
                    <span class="message__label">{ "MessageGroupId" }</span>
                    <code class="message__group">{ g.clone() }</code>
                }
                <span class="tag">{ label }</span>
                <span class="tag tag--rc">{ format!("{} {}", t(lang, Key::ReceiveCount), m.receive_count) }</span>
                if let Some(c) = m.visible_in_ms { <span class="tag">{ format!("{} {}", t(lang, visible_in), crate::i18n::when(lang, c)) }</span> }
                if let Some(g) = &m.held_by_group { <span class="tag tag--held">{ t(lang, Key::HeldByGroup).replace("{group}", g) }</span> }
                if let Some(src) = &m.dead_letter_source_queue { <span class="tag tag--dlq">{ format!("{} {src}", t(lang, Key::From)) }</span> }
            </div>
            if let Some(why) = &m.why {
                <details class="note note--why"><summary>{ format!("{} {}", why_sign(why), why_short(lang, why)) }</summary>{ why_long(lang, why) }</details>
            }
            if let Some(p) = pct { <div class="countdown"><div class="countdown__bar" style={format!("width:{p:.1}%")}></div></div> }
            <details><summary>{ t(lang, Key::Body) }</summary>{ body_html(&m.body) }</details>
            // A peek, not a receive: a never-received message shows ApproximateReceiveCount
            // "0", which no ReceiveMessage returns (the SQS guide walk).
            <details><summary>{ t(lang, Key::PeekedJson) }</summary><p class="muted">{ t(lang, Key::PeekedCount) }</p><JsonView value={m.json.clone()} /></details>
        </li>
    }
}

/// A redrive task's status: AWS's word, after its meaning in Portuguese.
fn redrive_status(status: &str, lang: Lang) -> String {
    let key = match status {
        "RUNNING" => Key::RedriveRunning,
        "COMPLETED" => Key::RedriveCompleted,
        "CANCELLING" => Key::RedriveCancelling,
        "CANCELLED" => Key::RedriveCancelled,
        "FAILED" => Key::RedriveFailed,
        other => return other.to_string(),
    };
    t(lang, key).to_string()
}

fn stats(v: &QueueView, lang: Lang) -> Html {
    html! {
        <div class="stats">
            <div class="stat"><span class="stat__n" id="q-available">{ v.available }</span><span>{ plural(lang, Plural::StatAvailable, v.available) }</span></div>
            <div class="stat"><span class="stat__n" id="q-inflight">{ v.in_flight }</span><span>{ plural(lang, Plural::StatInFlight, v.in_flight) }</span></div>
            <div class="stat"><span class="stat__n" id="q-delayed">{ v.delayed }</span><span>{ plural(lang, Plural::StatDelayed, v.delayed) }</span></div>
            if v.is_dlq { <div class="stat stat--dlq"><span>{ t(lang, Key::Dlq) }</span></div> }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PurgeProps {
    queue_name: String,
    lang: Lang,
    on_action: Callback<Action>,
}

/// Purge, confirmed as the SQS console asks: by typing "purge". Deleting every message
/// cannot be undone, and in front of a class one click is too easy.
#[function_component(PurgeButton)]
fn purge_button(props: &PurgeProps) -> Html {
    let lang = props.lang;
    let confirming = use_state(|| false);
    let typed = use_state(String::new);
    let open = {
        let (confirming, typed) = (confirming.clone(), typed.clone());
        Callback::from(move |_: MouseEvent| {
            typed.set(String::new());
            confirming.set(true);
        })
    };
    let close = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| typed.set(event_value(&e)))
    };
    let ready = typed.trim() == "purge";
    let purge = {
        let (name, on_action, confirming) = (
            props.queue_name.clone(),
            props.on_action.clone(),
            confirming.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            on_action.emit(Action::PurgeQueue {
                queue_name: name.clone(),
            });
        })
    };
    html! {
        <>
            <button id="purge" class="button button--danger" onclick={open} aria-expanded={confirming.to_string()}>{ t(lang, Key::Purge) }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
            if *confirming {
                <div class="purge-confirm" role="group" aria-labelledby="purge-confirm-label">
                    <label id="purge-confirm-label" for="purge-confirm-text">{ t(lang, Key::PurgeConfirm) }</label>
                    <input id="purge-confirm-text" class="narrow" value={(*typed).clone()} {oninput} autocomplete="off" placeholder="purge" />
                    <button id="purge-confirm" class="button button--danger" onclick={purge} disabled={!ready}>{ t(lang, Key::Purge) }</button>
                    <button id="purge-cancel" class="button" onclick={close}>{ t(lang, Key::PurgeCancel) }</button>
                </div>
            }
        </>
    }
}

/// What the last purge did, as the console says it once it is done (the counts only
/// fell to 0, unsaid: the student walk); within its minute, when the next is taken.
fn purge_note(v: &QueueView, lang: Lang) -> Html {
    let now_ms = v.now_ms;
    let Some((at_ms, deleted)) = v.last_purge.filter(|(at, _)| *at <= now_ms) else {
        return html! {};
    };
    let when = crate::i18n::when(lang, at_ms);
    let done = plural(lang, Plural::PurgedN, deleted).replace("{when}", &when);
    let next_ms = at_ms + sim_core::sqs::PURGE_INTERVAL_MS;
    html! {
        <p class="note" id="purge-note" role="status">
            { done }
            if now_ms < next_ms { { " " }{ t(lang, Key::PurgeAgainAt).replace("{when}", &crate::i18n::when(lang, next_ms)) } }
        </p>
    }
}

/// Poll, purge and (on a DLQ) start or cancel a redrive: each changes state.
fn buttons(v: &QueueView, lang: Lang, on_action: &Callback<Action>) -> Html {
    let act = |a: Action| on_action.reform(move |_: MouseEvent| a.clone());
    let name = v.name.clone();
    let poll = act(Action::ReceiveMessage {
        queue_name: name.clone(),
        max_number_of_messages: 10,
        visibility_timeout: None,
        wait_time_seconds: Some(20),
    });
    let redrive = act(Action::StartMessageMoveTask {
        source_queue: name.clone(),
        destination_queue: None,
        max_number_of_messages_per_second: None,
    });
    let name_for_purge = name.clone();
    let cancel = act(Action::CancelMessageMoveTask { source_queue: name });
    let running = v.move_task.as_ref().is_some_and(|t| t.status == "RUNNING");
    html! {
        <div class="buttons">
            <button id="poll" class="button" onclick={poll} title={t(lang, poll_warning(v))}>{ t(lang, Key::PollForMessages) }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
            <PurgeButton queue_name={name_for_purge} {lang} on_action={on_action.clone()} />
            if v.is_dlq {
                <button id="redrive" class="button button--primary" onclick={redrive}>{ t(lang, Key::StartRedrive) }</button>
                <button id="redrive-cancel" class="button" onclick={cancel} disabled={!running}>{ t(lang, Key::CancelRedrive) }</button>
            }
        </div>
    }
}

/// One message the console's poll received: its id, body and a Delete (DeleteMessage
/// with the receipt handle that poll got), or "deleted" once it is gone from the queue.
fn polled(
    v: &QueueView,
    polled: &PolledMessage,
    lang: Lang,
    on_action: &Callback<Action>,
    deleting: &Said<String>,
) -> Html {
    let (m, order) = (&polled.json, polled.order_id.as_deref());
    let text = |k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (id, receipt) = (text("MessageId"), text("ReceiptHandle"));
    let present = v.messages.iter().any(|x| x.message_id == id);
    let delete = on_action.reform({
        let (queue_name, receipt_handle) = (v.name.clone(), receipt.clone());
        let (clicked, id) = (deleting.clicked.clone(), id.clone());
        move |_: MouseEvent| {
            clicked.set(Some(id.clone()));
            Action::DeleteMessage {
                queue_name: queue_name.clone(),
                receipt_handle: receipt_handle.clone(),
            }
        }
    });
    let said = deleting.under(&id);
    html! {
        <li key={id.clone()} class="message polled" data-message={id.clone()}>
            <div class="message__head">
                if let Some(order) = order {
                    <span class="message__label">{ t(lang, Key::MessageOrderLabel) }</span>
                    <strong class="message__order">{ order.to_string() }</strong>
                }
                <span class="message__label">{ "MessageId" }</span>
                <code>{ id }</code>
                if present {
                    <button class="button button--small button--danger polled__delete" onclick={delete}>{ t(lang, Key::DeleteMessage) }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
                } else {
                    <span class="tag">{ t(lang, Key::Deleted) }</span>
                }
            </div>
            { said }
            <details><summary>{ t(lang, Key::Body) }</summary>{ body_html(&text("Body")) }</details>
            <details><summary>{ t(lang, Key::MessageJson) }</summary><JsonView value={m.clone()} /></details>
        </li>
    }
}

fn last_poll(
    v: &QueueView,
    lang: Lang,
    on_action: &Callback<Action>,
    deleting: &Said<String>,
) -> Html {
    let Some(p) = &v.last_poll else {
        return html! {};
    };
    html! {
        <div class="poll" id="last-poll">
            <h4>{ format!("{} · {}", t(lang, Key::LastPoll), crate::i18n::when(lang, p.at_ms)) }</h4>
            if !p.answered {
                <p class="muted">{ t(lang, Key::Waiting) }</p>
            } else if p.messages.is_empty() {
                <p class="muted">{ t(lang, Key::NoMessages) }</p>
            } else {
                <ul class="messages" id="polled-messages">
                    { for p.messages.iter().map(|m| polled(v, m, lang, on_action, deleting)) }
                </ul>
            }
        </div>
    }
}

/// What a console poll changes: the receive count always, maxReceiveCount only where
/// the queue has a redrive policy (a DLQ usually has none).
fn poll_warning(v: &QueueView) -> Key {
    if v.attributes.get("RedrivePolicy").is_some() {
        Key::PollWarning
    } else {
        Key::PollWarningNoRedrive
    }
}

#[derive(Properties, PartialEq)]
struct SecondsSettingProps {
    queue_name: String,
    /// The attribute's AWS name ("VisibilityTimeout").
    attribute: &'static str,
    /// The field's id and its button's.
    ids: (&'static str, &'static str),
    now_s: u64,
    lang: Lang,
    on_action: Callback<Action>,
    /// Which setting's button was clicked last, and what SetQueueAttributes did: said
    /// under that setting's row, not under the last row (the re-walk read a
    /// VisibilityTimeout refusal under maxReceiveCount).
    said: Said<&'static str>,
}

/// A queue setting in seconds, changed with SetQueueAttributes. The field starts on
/// this queue's value (keyed by queue, attribute and value, so a rewind resets it);
/// SQS's refusal says the range.
#[function_component(SecondsSetting)]
fn seconds_setting(props: &SecondsSettingProps) -> Html {
    let typed = use_state(|| props.now_s.to_string());
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| typed.set(event_value(&e)))
    };
    let apply = {
        let (typed, attribute) = (typed.clone(), props.attribute);
        let (queue_name, clicked) = (props.queue_name.clone(), props.said.clicked.clone());
        props.on_action.reform(move |_: MouseEvent| {
            clicked.set(Some(attribute));
            let value = Value::String(typed.trim().to_string());
            Action::SetQueueAttributes {
                queue_name: queue_name.clone(),
                attributes: BTreeMap::from([(attribute.to_string(), value)]),
            }
        })
    };
    let (field, button) = props.ids;
    html! {
        <>
        <div class="card card--row">
            <label class="field field--inline">
                <span>{ format!("{} (s)", props.attribute) }</span>
                <input id={field} class="narrow" inputmode="numeric" value={(*typed).clone()} {oninput} />
            </label>
            <button id={button} class="button button--small" onclick={apply}>{ "SetQueueAttributes" }<span class="tag tag--state">{ t(props.lang, Key::ChangesState) }</span></button>
            <span class="muted">{ format!("{} {} s", t(props.lang, Key::Now), props.now_s) }</span>
        </div>
        { props.said.under(&props.attribute) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RedrivePolicyProps {
    queue_name: String,
    policy: RedrivePolicy,
    lang: Lang,
    on_action: Callback<Action>,
    said: Said<&'static str>,
}

/// The queue's maxReceiveCount, changed live (SetQueueAttributes with the whole
/// RedrivePolicy, as the console's Dead-letter queue section saves it): the instructor
/// walk's "and with 5?" meant editing a template.
#[function_component(RedrivePolicyForm)]
fn redrive_policy_form(props: &RedrivePolicyProps) -> Html {
    let lang = props.lang;
    let typed = use_state(|| props.policy.max_receive_count.to_string());
    let invalid = use_state(|| false);
    let on_input = {
        let (typed, invalid) = (typed.clone(), invalid.clone());
        Callback::from(move |e: InputEvent| {
            typed.set(event_value(&e));
            invalid.set(false);
        })
    };
    let apply = {
        let (typed, invalid) = (typed.clone(), invalid.clone());
        let (queue_name, arn) = (
            props.queue_name.clone(),
            props.policy.dead_letter_target_arn.clone(),
        );
        let (on_action, clicked) = (props.on_action.clone(), props.said.clicked.clone());
        Callback::from(move |_: MouseEvent| {
            clicked.set(Some("RedrivePolicy"));
            // Not a count SQS takes: said here, in one sentence for text and for a
            // number out of range, and nothing is sent (serde's words would be).
            let count = typed.trim().parse::<u32>().ok();
            let Some(count) = count.filter(|c| (1..=1000).contains(c)) else {
                invalid.set(true);
                return;
            };
            let policy =
                serde_json::json!({ "deadLetterTargetArn": arn, "maxReceiveCount": count });
            on_action.emit(Action::SetQueueAttributes {
                queue_name: queue_name.clone(),
                attributes: BTreeMap::from([(
                    "RedrivePolicy".to_string(),
                    Value::String(policy.to_string()),
                )]),
            });
        })
    };
    let dlq = sim_core::sqs::queue_name_from_arn(&props.policy.dead_letter_target_arn).to_string();
    html! {
        <>
            <div class="card card--row" id="redrive-policy">
                // The attribute's own name: "maxReceiveCount … then to" read as a riddle.
                <label class="field field--inline">
                    <span>{ "RedrivePolicy: maxReceiveCount" }</span>
                    <input id="max-receive-count" class="narrow" inputmode="numeric" value={(*typed).clone()} oninput={on_input} aria-invalid={invalid.to_string()} />
                </label>
                <span class="muted" translate="no">{ format!("→ {dlq}") }</span>
                <button id="max-receive-count-apply" class="button button--small" onclick={apply}>{ "SetQueueAttributes" }<span class="tag tag--state">{ t(lang, Key::ChangesState) }</span></button>
                <span class="muted">{ format!("{} {}", t(lang, Key::Now), props.policy.max_receive_count) }</span>
            </div>
            if *invalid { <p class="field__error" role="alert" id="max-receive-count-error">{ t(lang, Key::MaxReceiveCountInvalid) }</p> }
            else { { props.said.under(&"RedrivePolicy") } }
        </>
    }
}

#[function_component(QueuePanel)]
pub fn queue_panel(props: &QueuePanelProps) -> Html {
    let v = &props.view;
    let lang = props.lang;
    let said = Said {
        clicked: use_state(|| None::<&'static str>),
        notice: props.settings_notice.clone(),
    };
    let deleting = Said {
        clicked: use_state(|| None::<String>),
        notice: props.delete_notice.clone(),
    };
    html! {
        <div class="resource queue-panel" data-queue={v.name.clone()}>
            { stats(v, lang) }
            <p class="muted queue-url">{ "URL: " }<code id="queue-url" translate="no">{ v.url.clone() }</code></p>
            { buttons(v, lang, &props.on_action) }
            { purge_note(v, lang) }
            <p class="note note--state">{ t(lang, poll_warning(v)) }</p>
            <SecondsSetting key={format!("{}-visibility-{}", v.name, v.visibility_timeout_s)} queue_name={v.name.clone()} attribute="VisibilityTimeout" ids={("visibility-timeout", "visibility-apply")} now_s={v.visibility_timeout_s} {lang} on_action={props.on_action.clone()} said={said.clone()} />
            // The queue's own delay, which ApproximateNumberOfMessagesDelayed counts (a
            // FIFO queue takes it too, though not a per-message one): the FIFO walk
            // had no way to try it.
            <SecondsSetting key={format!("{}-delay-{}", v.name, v.delay_seconds)} queue_name={v.name.clone()} attribute="DelaySeconds" ids={("delay-seconds", "delay-seconds-apply")} now_s={v.delay_seconds} {lang} on_action={props.on_action.clone()} said={said.clone()} />
            if let Some(policy) = &v.redrive_policy {
                // Keyed by the count too: a rewind or a change elsewhere starts it afresh.
                <RedrivePolicyForm key={format!("{}-{}", v.name, policy.max_receive_count)} queue_name={v.name.clone()} policy={policy.clone()} {lang} on_action={props.on_action.clone()} said={said.clone()} />
            }
            if let Some(task) = &v.move_task {
                <p class="note" id="redrive-status">{ format!("{} {}: {}", t(lang, Key::RedriveStatus), redrive_status(task.status, lang), plural(lang, Plural::RedriveMoved, task.approximate_number_of_messages_to_move).replace("{moved}", &task.approximate_number_of_messages_moved.to_string())) }</p>
                // "0 of 0" right after a poll: the polled messages are hidden, say so.
                if task.approximate_number_of_messages_to_move == 0 && v.in_flight > 0 {
                    <p class="note note--state" id="redrive-why" role="status">{ plural(lang, Plural::InFlightInDlq, v.in_flight) }</p>
                }
            }
            { last_poll(v, lang, &props.on_action, &deleting) }
            <h4 id="queue-peek">{ t(lang, Key::Peek) }</h4>
            <p class="note note--look">{ t(lang, Key::PeekNote) }</p>
            if v.messages.is_empty() {
                <p class="muted">{ t(lang, Key::NoMessages) }</p>
            } else {
                <ul class="messages" id="queue-messages">
                    { for v.messages.iter().map(|m| message(m, v.visibility_timeout_s, lang)) }
                </ul>
            }
            <h4>{ t(lang, Key::CloudWatchMetrics) }</h4>
            <div class="charts">{ for v.charts.iter().map(|c| html! { <MetricChart view={c.clone()} {lang} /> }) }</div>
            <details><summary>{ "GetQueueAttributes (All)" }</summary><JsonView value={v.attributes.clone()} /></details>
            <details><summary>{ t(lang, Key::SqsMetrics) }</summary><JsonView value={v.metrics.clone()} /></details>
        </div>
    }
}
