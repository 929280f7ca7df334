//! The reducer, natively: no browser, no wall clock. Every built-in scenario would do;
//! these use the default one and read names from its world.

use std::rc::Rc;

use sim_core::view::EntryView;
use sim_core::Action;
use yew::prelude::*;

use super::{default_scenario, AppState, Msg};
use crate::i18n::Lang;

fn state() -> Rc<AppState> {
    Rc::new(AppState::new(default_scenario(), 1, Lang::En, false))
}

fn now_ms(s: &AppState) -> u64 {
    s.view(|w| w.now_ms()).unwrap_or(u64::MAX)
}

fn purge(queue: &str) -> Msg {
    Msg::Apply(Box::new(Action::PurgeQueue {
        queue_name: queue.into(),
    }))
}

fn tick(wall_now_ms: f64, wall_dt_ms: f64) -> Msg {
    Msg::Tick {
        wall_now_ms,
        wall_dt_ms,
    }
}

#[test]
fn an_unknown_scenario_falls_back_to_the_default() {
    let s = Rc::new(AppState::new("no-such-scenario", 1, Lang::En, false));
    assert_eq!(s.scenario_id, default_scenario());
    assert!(s.view(|w| !w.queues().is_empty()).unwrap_or(false));
    assert!(!s.graph.nodes.is_empty());
}

#[test]
fn a_paused_tick_with_nothing_moving_keeps_the_same_state() {
    let s = state();
    let next = s.clone().reduce(tick(1000.0, 33.0));
    assert!(Rc::ptr_eq(&s, &next), "nothing re-renders");
}

#[test]
fn playing_ticks_advance_sim_time_by_speed_and_cap_long_frames() {
    let s = state().reduce(Msg::Play).reduce(tick(100.0, 100.0));
    assert_eq!(now_ms(&s), 1_000, "100 ms at 10×");
    // A background tab's 10 s frame counts as 250 ms.
    let s = s.reduce(tick(10_100.0, 10_000.0));
    assert_eq!(now_ms(&s), 3_500);
}

#[test]
fn skip_moves_the_clock_and_reset_starts_over_with_the_same_setup() {
    let s = state().reduce(Msg::SetSpeed(5_000));
    assert_eq!(s.speed, 1_000, "speed is clamped");
    let s = s.reduce(Msg::Skip { sim_ms: 60_000 });
    assert_eq!(now_ms(&s), 60_000);
    let first = s.graph.nodes.first().map(|n| n.name.clone());
    let s = s.reduce(Msg::Select(first)).reduce(Msg::Reset);
    assert_eq!(now_ms(&s), 0);
    assert_eq!((s.scenario_id.as_str(), s.seed), (default_scenario(), 1));
    assert_eq!(s.selected, None);
    assert_eq!(s.speed, 1_000, "the speed carries over");
}

#[test]
fn a_refused_action_says_why_and_an_accepted_one_says_what() {
    let s = state().reduce(purge("no-such-queue"));
    let n = s.notice.clone().unwrap_or_else(|| panic!("a notice"));
    assert!(!n.ok);
    assert!(n.text.starts_with("PurgeQueue: "), "{}", n.text);
    let queue = s
        .view(|w| w.queues().first().map(|q| q.name().to_string()))
        .flatten()
        .unwrap_or_default();
    let s = s.reduce(purge(&queue));
    assert_eq!(s.notice.as_ref().map(|n| n.ok), Some(true));
    let s = s.reduce(Msg::Dismiss);
    assert_eq!(s.notice, None);
}

/// The scenario's first order, sent through its entry point, and `sim_ms` later.
fn first_order(s: Rc<AppState>, sim_ms: u64) -> Rc<AppState> {
    let order = s
        .view(|w| EntryView::of(w).map(|e| e.request(e.first_body())))
        .flatten()
        .unwrap_or_else(|| panic!("an entry point"));
    s.reduce(Msg::Apply(Box::new(order)))
        .reduce(Msg::Skip { sim_ms })
}

#[test]
fn moves_between_drawn_resources_become_tokens_that_expire() {
    let s = first_order(state().reduce(tick(0.0, 0.0)), 10_000);
    assert!(!s.tokens.is_empty());
    let drawn = |n: &str| s.graph.node(n).is_some();
    assert!(s.tokens.iter().all(|t| drawn(&t.from) && drawn(&t.to)));
    let s = s.reduce(tick(5_000.0, 33.0));
    assert!(s.tokens.is_empty(), "arrived after TOKEN_MS");
}

/// A step taken while paused starts its dots at the step. They were born at the last
/// re-render's wall time, minutes back after a pause, so they had arrived before the
/// next frame and never moved (the instructor walk, stepping with →).
#[test]
fn a_step_while_paused_starts_its_dots_now() {
    let s = first_order(state().reduce(tick(0.0, 0.0)), 0);
    let mut s = s.reduce(tick(2_000.0, 33.0));
    assert!(s.tokens.is_empty(), "the order's dots arrived");
    // Idle frames while paused change nothing (and keep the old state).
    let idle = s.clone().reduce(tick(60_000.0, 33.0));
    assert!(Rc::ptr_eq(&idle, &s));
    for _ in 0..50 {
        s = s.reduce(Msg::Step);
        if !s.tokens.is_empty() {
            break;
        }
    }
    assert!(!s.tokens.is_empty(), "a step moved something");
    assert!(
        s.tokens.iter().all(|t| t.born_wall_ms >= 60_000.0),
        "{:?}",
        s.tokens
    );
}

#[test]
fn an_api_request_and_a_stream_batch_travel_their_arrows_into_the_function() {
    let s = Rc::new(AppState::new("lab004-streams", 1, Lang::En, false)).reduce(tick(0.0, 0.0));
    let s = first_order(s, 2_000);
    let hops: Vec<(&str, &str)> = s
        .tokens
        .iter()
        .map(|t| (t.from.as_str(), t.to.as_str()))
        .collect();
    assert!(
        hops.contains(&("orders-api", "CreateOrderFunction")),
        "{hops:?}"
    );
    assert!(
        hops.contains(&("Orders", "ProcessOrderFunction")),
        "{hops:?}"
    );
}

fn hash(s: &AppState) -> u64 {
    s.view(|w| w.trace().hash()).unwrap_or(0)
}

/// A learner's run: ticks at full speed with a small event budget, a fault, an
/// order, a burst, skips; then the session it saved.
fn a_learners_run() -> Rc<AppState> {
    let s = state();
    let (entry, function) = s
        .view(|w| {
            let e = EntryView::of(w)?;
            Some((e.clone(), w.functions().first()?.name().to_string()))
        })
        .flatten()
        .unwrap_or_else(|| panic!("an entry and a function"));
    let fault = Action::SetFault {
        function_name: function,
        fault: sim_core::action::FaultKind::Throw,
        enabled: true,
        fraction: None,
        seconds: None,
    };
    let mut s = s.reduce(Msg::SetSpeed(1000)).reduce(Msg::Play);
    let mut wall = 0.0;
    for i in 0..40 {
        wall += 33.0;
        s = s.reduce(tick(wall, 33.0));
        match i {
            3 => s = s.reduce(Msg::Apply(Box::new(fault.clone()))),
            5 => s = s.reduce(Msg::Apply(Box::new(entry.request(entry.first_body())))),
            9 => {
                let burst = entry.burst(100, 5, now_ms(&s));
                s = s.reduce(Msg::Schedule(burst));
            }
            12 => s = s.reduce(purge("no-such-queue")),
            _ => {}
        }
    }
    s.reduce(Msg::Pause).reduce(Msg::Skip { sim_ms: 300_000 })
}

#[test]
fn a_saved_session_replays_to_the_same_trace() {
    let s = a_learners_run();
    let session = s.session().unwrap_or_else(|| panic!("a session"));
    assert_eq!(session.records.len(), 4, "every action, refused ones too");
    let text = session.to_json();
    let read = crate::session::Session::parse(&text, &super::scenario_ids())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let restored = AppState::restored(&read, false);
    assert_eq!(now_ms(&restored), now_ms(&s));
    assert_eq!(hash(&restored), hash(&s));
    assert_eq!(restored.reproduces(&read), Some(true));
    assert_eq!(restored.generated, 5);
}

#[test]
fn the_address_or_the_saved_session_decides_the_first_state() {
    use super::UrlSetup;
    let s = a_learners_run();
    let saved = s.session();
    let fresh_url = UrlSetup::default();
    let restored = AppState::start(&fresh_url, saved.clone(), Lang::Pt, false);
    assert_eq!(
        hash(&restored),
        hash(&s),
        "no setup in the address: the session"
    );
    assert_eq!(restored.lang, Lang::En, "the session's language");
    let other = UrlSetup {
        seed: Some(2),
        ..UrlSetup::default()
    };
    let fresh = AppState::start(&other, saved, Lang::Pt, false);
    assert_eq!(
        (fresh.seed, now_ms(&fresh), fresh.lang),
        (2, 0, Lang::Pt),
        "another seed: fresh, in the browser's language"
    );
}

#[test]
fn reset_and_a_seed_change_ask_before_wiping_actions() {
    let s = a_learners_run();
    let asked = s.clone().reduce(Msg::Reset);
    assert_eq!(asked.pending_wipe, Some(super::Wipe::Reset));
    assert_eq!(hash(&asked), hash(&s), "nothing wiped yet");
    let kept = asked.reduce(Msg::CancelWipe);
    assert_eq!((kept.pending_wipe.clone(), kept.journal.len()), (None, 4));
    let load = Msg::Load {
        scenario_id: default_scenario().into(),
        seed: 9,
    };
    let wiped = kept.reduce(load).reduce(Msg::ConfirmWipe);
    assert_eq!((wiped.seed, wiped.journal.len(), now_ms(&wiped)), (9, 0, 0));
    let fresh = wiped.reduce(Msg::Reset);
    assert_eq!(fresh.pending_wipe, None, "nothing to lose: no question");
}

/// "If you use an old ReceiptHandle, the request will succeed, but the message might not
/// be deleted" (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html):
/// the console's Delete with an earlier poll's handle succeeds, and the notice says the
/// message was not deleted, in the learner's language.
#[test]
fn a_delete_with_an_earlier_receipt_handle_says_the_message_was_not_deleted() {
    for (lang, says) in [(Lang::En, "not deleted"), (Lang::Pt, "não foi excluída")] {
        let s = Rc::new(AppState::new(default_scenario(), 1, lang, false));
        // A queue nothing consumes: a DLQ.
        let queue = s
            .view(|w| {
                let dlqs: Vec<String> = w
                    .queues()
                    .iter()
                    .filter_map(|q| q.settings.dead_letter_queue_name().map(str::to_string))
                    .collect();
                dlqs.first().cloned()
            })
            .flatten()
            .unwrap_or_else(|| panic!("a DLQ"));
        let send = Action::SendMessage {
            queue_name: queue.clone(),
            message_body: serde_json::json!({ "n": 1 }),
            delay_seconds: None,
            message_group_id: None,
            message_deduplication_id: None,
            message_attributes: Default::default(),
        };
        // Hidden for 0 s: visible again at once, so the second poll gets it back.
        let poll = Action::ReceiveMessage {
            queue_name: queue.clone(),
            max_number_of_messages: 1,
            visibility_timeout: Some(0),
            wait_time_seconds: Some(1),
        };
        let receipt = |s: &AppState| {
            s.view(|w| {
                w.console_polls().last().and_then(|p| {
                    p.messages.first()?["ReceiptHandle"]
                        .as_str()
                        .map(str::to_string)
                })
            })
            .flatten()
            .unwrap_or_else(|| panic!("a polled message"))
        };
        let s = s
            .reduce(Msg::Apply(Box::new(send)))
            .reduce(Msg::Apply(Box::new(poll.clone())));
        let first = receipt(&s);
        let s = s.reduce(Msg::Apply(Box::new(poll)));
        assert_ne!(receipt(&s), first);
        let s = s.reduce(Msg::Apply(Box::new(Action::DeleteMessage {
            queue_name: queue.clone(),
            receipt_handle: first,
        })));
        let n = s.notice.clone().unwrap_or_else(|| panic!("a notice"));
        assert!(n.ok, "the call succeeded");
        assert!(n.text.starts_with("DeleteMessage: "), "{}", n.text);
        assert!(n.text.contains(says), "{}", n.text);
        let left = s.view(|w| w.queue(&queue).map(|q| q.len())).flatten();
        assert_eq!(left, Some(1), "the message is still in the queue");
        // The trace's line says why, in the learner's language too.
        let line = s
            .view(|w| {
                let kept = sim_core::trace::TraceKind::MessageNotDeleted;
                w.trace()
                    .entries()
                    .find(|e| e.kind == kept)
                    .map(|e| e.text.to_string())
            })
            .flatten()
            .unwrap_or_else(|| panic!("a MessageNotDeleted entry"));
        assert!(line.contains("is still in the queue"), "{line}");
        let pt = crate::i18n::sim_text(Lang::Pt, &line);
        assert!(pt.contains("continua na fila"), "{pt}");
    }
}

#[test]
fn the_paused_note_goes_when_time_moves_or_the_form_changes() {
    let order = state()
        .view(|w| EntryView::of(w).map(|e| e.request(e.first_body())))
        .flatten()
        .unwrap_or_else(|| panic!("an entry point"));
    let paused = |s: &AppState| s.notice.as_ref().is_some_and(|n| n.is_paused_note());
    let s = state().reduce(Msg::Apply(Box::new(order.clone())));
    assert!(paused(&s), "{:?}", s.notice);
    let same = s.clone().reduce(Msg::Select(None));
    assert!(paused(&same), "selecting a node moves no time");
    let s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    assert_eq!(s.notice, None, "time moved");
    let s = s.reduce(Msg::Apply(Box::new(order)));
    assert!(paused(&s));
    let s = s.reduce(Msg::FormEdited);
    assert_eq!(s.notice, None, "the form changed");
    let v = s.version;
    assert_eq!(
        s.reduce(Msg::FormEdited).version,
        v,
        "nothing to retire: no render"
    );
}

/// PutEvents answers 200 with FailedEntryCount: an entry without Source put nothing
/// on the bus, and the form said "Sent, but time is paused" (the lab 000 walk).
#[test]
fn put_events_with_every_entry_refused_is_a_refusal() {
    use sim_core::services::de::FromJson;
    let put = |entries: serde_json::Value| {
        let a =
            Action::from_json(&serde_json::json!({ "Action": "PutEvents", "Entries": entries }))
                .unwrap_or_else(|e| panic!("{e:?}"));
        Msg::Apply(Box::new(a))
    };
    let bad = serde_json::json!({ "Source": "", "DetailType": "CancelarPedido", "Detail": "{}", "EventBusName": "pedidos-event-bus" });
    let good = serde_json::json!({ "Source": "lab.aula4.operacoes", "DetailType": "CancelarPedido", "Detail": "{}", "EventBusName": "pedidos-event-bus" });
    let s = state().reduce(put(serde_json::json!([bad.clone()])));
    let n = s.notice.clone().unwrap_or_else(|| panic!("a notice"));
    assert!(!n.ok, "{n:?}");
    assert!(
        n.text.contains("Source is a required argument"),
        "{}",
        n.text
    );
    // Named once ("PutEvents: PutEvents entry refused", the student walk).
    assert!(
        n.text.starts_with("PutEvents entry refused: "),
        "{}",
        n.text
    );
    let s = state().reduce(put(serde_json::json!([good, bad])));
    let n = s.notice.clone().unwrap_or_else(|| panic!("a notice"));
    assert!(n.ok && n.text.contains("FailedEntryCount 1"), "{n:?}");
    // Not the paused note: time moving does not take it away (it went with the
    // first tick, before the learner could read it).
    let s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    assert_eq!(s.notice, Some(n));
}

/// An event no rule matches is accepted and goes nowhere, silently in AWS: the form
/// says so (the Portuguese walk sent detail-type "cancelarPedido" and waited).
#[test]
fn put_events_that_no_rule_matches_says_it_goes_nowhere() {
    use sim_core::services::de::FromJson;
    let put = |detail_type: &str| {
        let entry = serde_json::json!({ "Source": "lab.aula4.operacoes", "DetailType": detail_type,
            "Detail": "{}", "EventBusName": "pedidos-event-bus" });
        let a =
            Action::from_json(&serde_json::json!({ "Action": "PutEvents", "Entries": [entry] }))
                .unwrap_or_else(|e| panic!("{e:?}"));
        Msg::Apply(Box::new(a))
    };
    let s = state().reduce(put("cancelarPedido"));
    let n = s.notice.clone().unwrap_or_else(|| panic!("a notice"));
    assert!(n.ok, "accepted: {n:?}");
    assert!(
        n.text
            .contains("no rule on pedidos-event-bus matched 1 event"),
        "{}",
        n.text
    );
    let s = state().reduce(put("CancelarPedido"));
    assert!(s
        .notice
        .as_ref()
        .is_none_or(|n| !n.text.contains("no rule")));
}

/// A bad policy name is IAM's ValidationError, told in the learner's language (the
/// lab 000 walk read "MalformedPolicyDocument" and looked for a JSON error).
#[test]
fn a_bad_policy_name_is_said_in_portuguese() {
    let s = Rc::new(AppState::new(default_scenario(), 1, Lang::Pt, false));
    let s = s.reduce(Msg::Apply(Box::new(Action::PutRolePolicy {
        role_name: "lambda-altera-cancela-role".into(),
        policy_name: "Política€".into(),
        policy_document: r#"{"Version": "2012-10-17", "Statement": []}"#.into(),
    })));
    let n = s.notice.clone().unwrap_or_else(|| panic!("a notice"));
    assert!(!n.ok);
    assert!(
        n.text
            .starts_with("PutRolePolicy: ValidationError: o nome da política")
            && n.text.contains("Política€"),
        "{}",
        n.text
    );
}

/// SendMessageBatch answers each entry: a FIFO entry without MessageGroupId is Failed,
/// the others are sent, and the batch form says so (as PutEvents's FailedEntryCount).
#[test]
fn a_batch_with_a_failed_entry_says_failed_and_sends_the_rest() {
    let s = Rc::new(AppState::new("sqs-fifo-pedidos", 1, Lang::En, false));
    let entries = |with_group: bool| {
        let mut second = serde_json::json!({ "Id": "1", "MessageBody": "{\"order_id\": \"B\"}" });
        if with_group {
            second["MessageGroupId"] = "g".into();
        }
        vec![
            serde_json::json!({ "Id": "0", "MessageBody": "{\"order_id\": \"A\"}", "MessageGroupId": "g" }),
            second,
        ]
    };
    let batch = |with_group| {
        let a = serde_json::json!({
            "Action": "SendMessageBatch",
            "QueueName": "pedidos-ecommerce.fifo",
            "Entries": entries(with_group),
        });
        Msg::Apply(Box::new(
            serde_json::from_value(a).unwrap_or_else(|e| panic!("{e}")),
        ))
    };
    let s = s.reduce(batch(false));
    let n = s.notice.clone().unwrap_or_else(|| panic!("a notice"));
    assert!(
        n.ok && n
            .text
            .starts_with("SendMessageBatch: Successful 1, Failed 1: batch entry 1 failed:"),
        "{n:?}"
    );
    assert!(n.text.contains("MessageGroupId"), "{}", n.text);
    // Every entry sent: the answer, and that time is paused. Sent again within five
    // minutes: Successful, and said to be duplicates (a walk's second send read "Sent").
    let s = Rc::new(AppState::new("sqs-fifo-pedidos", 1, Lang::En, false)).reduce(batch(true));
    let n = s.notice.clone().unwrap_or_else(|| panic!("a notice"));
    assert!(
        n.ok && n
            .text
            .starts_with("SendMessageBatch: Successful 2, Failed 0. Sent"),
        "{n:?}"
    );
    let n = s
        .reduce(batch(true))
        .notice
        .clone()
        .unwrap_or_else(|| panic!("a notice"));
    assert!(
        n.text
            .contains("Successful 2, Failed 0 (2 of the Successful had a deduplication ID"),
        "{n:?}"
    );
}

/// A session file or link brings its speed (a lab's "set the speed to 1×"); one
/// without keeps the page's.
#[test]
fn a_restored_session_brings_its_speed() {
    let saved = state()
        .reduce(Msg::SetSpeed(1))
        .session()
        .expect("a session");
    assert_eq!(saved.speed, Some(1));
    let page = state().reduce(Msg::SetSpeed(100));
    let restored = page.clone().reduce(Msg::Restore(Box::new(saved.clone())));
    assert_eq!(restored.speed, 1);
    let older = crate::session::Session {
        speed: None,
        ..saved
    };
    assert_eq!(page.reduce(Msg::Restore(Box::new(older))).speed, 100);
}

/// A console poll on a paused clock that has nothing yet says it waits for time (the
/// student walk watched "waiting for messages…" and nothing else).
#[test]
fn a_waiting_poll_on_a_paused_clock_says_it_waits_for_time() {
    let s = state();
    let queue = s
        .view(|w| w.queues().first().map(|q| q.name().to_string()))
        .flatten()
        .unwrap_or_else(|| panic!("a queue"));
    let poll = Msg::Apply(Box::new(Action::ReceiveMessage {
        queue_name: queue,
        max_number_of_messages: 10,
        visibility_timeout: None,
        wait_time_seconds: Some(20),
    }));
    let waiting = s.reduce(poll);
    let said = waiting.notice.as_ref().map(|n| n.text.clone());
    assert_eq!(
        said.as_deref(),
        Some(crate::i18n::t(Lang::En, crate::i18n::Key::PausedPoll))
    );
}
