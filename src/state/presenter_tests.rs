//! Presenter mode's reducer, natively: the lab 000 DLQ demo from hotkeys alone, and
//! the breakpoint that stops the clock right after the move.

use std::rc::Rc;

use sim_core::trace::{TraceEntry, TraceKind};
use sim_core::view::{GuideView, NodeStats, ResourceKind};
use yew::prelude::*;

use super::presenter::{demo_target, speed_step, Breakpoint, Hotkey, StageSaid, FAR_STEP_MS};
use super::{AppState, Msg};
use crate::i18n::Lang;

fn lab000() -> Rc<AppState> {
    Rc::new(AppState::new("lab000-pedidos", 1, Lang::En, false))
}

fn key(s: Rc<AppState>, k: &str) -> Rc<AppState> {
    let h = Hotkey::from_key(k).unwrap_or_else(|| panic!("{k:?} is a hotkey"));
    s.reduce(Msg::Hotkey(h))
}

fn queue(s: &AppState, name: &str) -> (u64, u64) {
    match s.view(|w| NodeStats::of(w, name, ResourceKind::Queue)) {
        Some(NodeStats::Queue {
            available,
            in_flight,
            ..
        }) => (available, in_flight),
        _ => panic!("{name} is a queue"),
    }
}

#[test]
fn the_demo_is_read_from_the_diagram() {
    let s = lab000();
    assert_eq!(
        demo_target(&s.graph),
        Some((
            "processa-pedidos-lambda".to_string(),
            "pedidos-pendentes-dlq".to_string()
        ))
    );
}

#[test]
fn speed_keys_walk_the_list_and_stop_at_its_ends() {
    assert_eq!(speed_step(10, true), 30);
    assert_eq!(speed_step(100, true), 300);
    assert_eq!(speed_step(1000, true), 1000);
    assert_eq!(speed_step(10, false), 3);
    assert_eq!(speed_step(3, false), 1);
    assert_eq!(speed_step(1, false), 1);
    assert_eq!(speed_step(42, false), 30);
}

#[test]
fn keys_mean_what_the_list_says() {
    assert_eq!(Hotkey::from_key(" "), Some(Hotkey::PlayPause));
    assert_eq!(Hotkey::from_key("ArrowRight"), Some(Hotkey::Step));
    assert_eq!(Hotkey::from_key("N"), Some(Hotkey::Step));
    assert_eq!(Hotkey::from_key("+"), Some(Hotkey::Faster));
    assert_eq!(Hotkey::from_key("-"), Some(Hotkey::Slower));
    assert_eq!(Hotkey::from_key("?"), Some(Hotkey::Keys));
    assert_eq!(Hotkey::from_key("d"), Some(Hotkey::Break(Breakpoint::Dlq)));
    assert_eq!(Hotkey::from_key("x"), None);
    assert_eq!(Hotkey::from_key("Enter"), None);
}

#[test]
fn p_and_escape_enter_and_leave_presenter_mode_and_the_key_list() {
    let s = key(lab000(), "p");
    assert!(s.presenter);
    let s = key(s, "?");
    assert!(s.keys_open);
    let s = key(s, "Escape");
    assert!(!s.keys_open && s.presenter, "Esc closes the list first");
    let s = key(s, "Escape");
    assert!(!s.presenter);
    assert!(!key(key(s, "P"), "P").presenter);
}

#[test]
fn the_dlq_demo_from_the_keyboard_stops_at_the_move_and_redrives() {
    let mut s = lab000();
    for k in ["p", "f", "o", "d", "+", "+", "+", "+", " "] {
        s = key(s, k);
    }
    assert_eq!(s.speed, 1000);
    let throw = s.view(|w| {
        w.function("processa-pedidos-lambda")
            .is_some_and(|f| f.faults.throw)
    });
    assert_eq!(
        throw,
        Some(true),
        "F forced the error on the demo's function"
    );
    // Play until the breakpoint stops the clock.
    let mut wall = 0.0;
    while s.playing {
        wall += 250.0;
        s = s.reduce(Msg::Tick {
            wall_now_ms: wall,
            wall_dt_ms: 250.0,
        });
        assert!(wall < 60_000.0, "no move to the DLQ in 15 sim minutes");
    }
    let halt = s.halted.clone().expect("stopped by the breakpoint");
    assert_eq!(halt.breakpoint, Breakpoint::Dlq);
    assert_eq!(halt.entry.kind, TraceKind::MessageMovedToDlq);
    assert_eq!(halt.entry.to.as_deref(), Some("pedidos-pendentes-dlq"));
    let moment = s.moment.as_ref().map(|m| m.kind);
    assert_eq!(moment, Some(super::moments::MomentKind::MovedToDlq));
    // Right after that event: the clock is where it happened, and the DLQ holds it.
    assert_eq!(s.view(|w| w.now_ms()), Some(halt.entry.at_ms));
    assert_eq!(queue(&s, "pedidos-pendentes-dlq"), (1, 0));
    // F again fixes the function, and the stage says so (the stop's headline gave
    // way: F and R said nothing while it stayed); R redrives; play on.
    let s = key(s, "f");
    assert!(s.halted.is_none());
    let said = s.view(super::latest_explanation).flatten().map(|e| e.kind);
    assert_eq!(said, Some(TraceKind::FaultChanged));
    let s = key(s, "r");
    assert!(s.notice.as_ref().is_some_and(|n| n.ok), "{:?}", s.notice);
    let s = key(s, " ");
    assert!(s.playing && s.halted.is_none());
    let s = s.reduce(Msg::Skip { sim_ms: 120_000 });
    assert_eq!(queue(&s, "pedidos-pendentes-dlq"), (0, 0));
    // "Moved to a DLQ: fix the cause and redrive" goes once the DLQ is empty.
    let moment = s.moment.as_ref().map(|m| m.kind);
    assert_ne!(moment, Some(super::moments::MomentKind::MovedToDlq));
    assert!(
        s.journal.len() >= 4,
        "the hotkeys' actions are in the session"
    );
}

/// Stepping with N onto the DLQ move stops there as play does: it said nothing, and
/// one more N jumped 96 hours to the message's expiry in the DLQ (instructor walk).
fn a_step_onto_the_dlq_move() -> Rc<AppState> {
    let mut s = lab000();
    for k in ["d", "f", "o"] {
        s = key(s, k);
    }
    for _ in 0..200 {
        s = s.reduce(Msg::Step);
        if s.halted.is_some() {
            break;
        }
    }
    s
}

#[test]
fn a_step_onto_a_breakpoint_says_so() {
    let s = a_step_onto_the_dlq_move();
    let halt = s
        .halted
        .clone()
        .expect("the DLQ breakpoint named the step's move");
    assert_eq!(halt.entry.kind, TraceKind::MessageMovedToDlq);
    assert!(s.view(|w| w.now_ms()).is_some_and(|t| t < 3_600_000));
    assert_eq!(
        queue(&s, "pedidos-pendentes-dlq").0,
        1,
        "still there to redrive"
    );
}

/// I at the DLQ stop opens the inspector over the stage on the DLQ the message moved
/// to (the instructor could not show its body or receive count); Esc closes it
/// before it leaves the stage, and the page never keeps it.
#[test]
fn i_at_the_dlq_stop_inspects_the_dlq_and_esc_closes_it_first() {
    let s = key(a_step_onto_the_dlq_move(), "p");
    assert!(s.presenter && s.selected.is_none());
    let s = key(s, "i");
    assert!(s.inspecting);
    assert_eq!(s.selected.as_deref(), Some("pedidos-pendentes-dlq"));
    let s = key(s, "Escape");
    assert!(
        !s.inspecting && s.presenter,
        "Esc closes the inspector first"
    );
    assert_eq!(
        s.selected, None,
        "the box it chose is let go: the next stop's I shows that stop"
    );
    // The browser's own Esc in full screen (the page never sees it) does the same.
    let s = key(s, "i").reduce(Msg::LeftFullscreen);
    assert!(!s.inspecting && s.presenter && s.selected.is_none());
    let s = s.reduce(Msg::LeftFullscreen);
    assert!(
        !s.presenter,
        "with nothing open, leaving full screen leaves the stage"
    );
    let s = key(s, "p");
    // A chosen box stays chosen; I shows it, and its tab opens each time.
    let s = s.reduce(Msg::Select(Some("processa-pedidos-lambda".into())));
    let before = s.selections;
    let s = key(s, "I");
    assert_eq!(s.selected.as_deref(), Some("processa-pedidos-lambda"));
    assert!(
        s.selections > before,
        "the inspector's tabs go to the chosen box"
    );
    let s = key(s, "Escape");
    assert_eq!(
        s.selected.as_deref(),
        Some("processa-pedidos-lambda"),
        "the learner's choice stays"
    );
    let s = key(s, "i");
    let s = key(s, "p");
    assert!(!s.presenter && !s.inspecting, "leaving the stage closes it");
    assert!(!key(s, "i").inspecting, "the page has its own inspector");
}

/// From the DLQ stop, the next event is the message's MessageRetentionPeriod, 96
/// hours on: the first step says so and waits; the second goes (instructor walk: one
/// key press deleted the message the class was about to redrive).
#[test]
fn a_step_days_ahead_asks_first() {
    let mut s = a_step_onto_the_dlq_move();
    let now = s.view(|w| w.now_ms());
    s = key(s, "n");
    assert_eq!(s.view(|w| w.now_ms()), now, "the first step waits");
    let to = s.far_step_to().expect("the first step asked");
    assert!(to - now.unwrap_or(0) > FAR_STEP_MS);
    let said = s.view(sim_core::view::Clock::of).unwrap_or_default();
    assert_eq!(
        said.next_event_expires_in.as_deref(),
        Some("pedidos-pendentes-dlq")
    );
    // Anything else that acts cancels the question; the next step asks again.
    s = s.reduce(Msg::SetSpeed(100));
    assert_eq!(
        s.far_step_to(),
        Some(to),
        "the speed does not act on the world"
    );
    s = s.reduce(Msg::Skip { sim_ms: 1_000 });
    assert_eq!(s.far_step_to(), None, "time moved: asked again");
    let now = s.view(|w| w.now_ms());
    s = key(s, "n");
    assert_eq!(s.view(|w| w.now_ms()), now);
    s = key(s, "n");
    assert_eq!(s.view(|w| w.now_ms()), Some(to), "the second step goes");
    assert_eq!(queue(&s, "pedidos-pendentes-dlq"), (0, 0), "expired");
    assert_eq!(s.far_step_to(), None);
}

/// Playing, the clock moved every frame and a far step asked again for ever: the
/// question pauses the clock, and the next step goes (the review).
#[test]
fn a_far_step_asked_while_playing_pauses_and_the_next_step_goes() {
    let mut s = a_step_onto_the_dlq_move();
    s = key(s, " ");
    assert!(s.playing);
    s = key(s, "n");
    assert!(!s.playing, "the question pauses the clock");
    let to = s.far_step_to().expect("asked");
    s = s.reduce(Msg::Tick {
        wall_now_ms: 1_000.0,
        wall_dt_ms: 16.0,
    });
    assert_eq!(s.far_step_to(), Some(to), "still asked a frame later");
    s = key(s, "n");
    assert_eq!(s.view(|w| w.now_ms()), Some(to));
}

/// → held down repeats as StepHeld: it steps through near events but stops at a far
/// one's question and never answers it (a held key went 96 h on in a blink).
#[test]
fn a_held_step_never_answers_the_far_question() {
    let mut s = a_step_onto_the_dlq_move();
    let now = s.view(|w| w.now_ms());
    for _ in 0..5 {
        s = s.reduce(Msg::Hotkey(Hotkey::StepHeld));
    }
    assert_eq!(s.view(|w| w.now_ms()), now, "held, it only asked");
    assert!(s.far_step_to().is_some());
    s = key(s, "n");
    assert!(s.view(|w| w.now_ms()) > now, "a fresh press answers");
}

#[test]
fn a_skip_stops_at_a_breakpoint_and_pauses() {
    let mut s = lab000();
    for k in ["f", "o", "e", " "] {
        s = key(s, k);
    }
    let s = s.reduce(Msg::Skip { sim_ms: 600_000 });
    let halt = s
        .halted
        .clone()
        .expect("the error breakpoint stopped the skip");
    assert_eq!(halt.breakpoint, Breakpoint::Error);
    assert_eq!(halt.entry.kind, TraceKind::InvocationFailed);
    assert_eq!(s.view(|w| w.now_ms()), Some(halt.entry.at_ms));
    assert!(!s.playing, "paused there");
    // A step moves the clock on: the stop's reason beside the clock goes.
    assert!(s.reduce(Msg::Step).halted.is_none());
}

fn apply(s: Rc<AppState>, action: serde_json::Value) -> Rc<AppState> {
    let a = serde_json::from_value(action).unwrap_or_else(|e| panic!("an action: {e}"));
    s.reduce(Msg::Apply(Box::new(a)))
}

/// Lab 000 with the demo's order in pedidos-pendentes-dlq: F breaks its function, O
/// sends it, and five minutes pass.
fn demo_order_in_the_dlq() -> Rc<AppState> {
    let mut s = lab000();
    for k in ["f", "o"] {
        s = key(s, k);
    }
    let s = s.reduce(Msg::Skip { sim_ms: 300_000 });
    assert_eq!(queue(&s, "pedidos-pendentes-dlq"), (1, 0));
    s
}

#[test]
fn r_redrives_the_dlq_a_message_last_moved_to() {
    // pedidos-pendentes-dlq gets the demo's order first; then cancela-pedido-dlq gets
    // a cancel that its role can no longer do. R takes the latest stop's DLQ (the
    // instructor's walk saw R redrive the first DLQ while the class watched another).
    let s = demo_order_in_the_dlq();
    let s = apply(
        s,
        serde_json::json!({ "Action": "DeleteRolePolicy", "RoleName": "lambda-altera-cancela-role",
            "PolicyName": "ReadCancelAlterDynamoUpdate" }),
    );
    let s = apply(
        s,
        serde_json::json!({ "Action": "PutEvents", "Entries": [{ "Source": "lab.aula4.operacoes",
            "DetailType": "CancelarPedido", "Detail": "{\"pedidoId\": \"apiP001\"}",
            "EventBusName": "pedidos-event-bus" }] }),
    );
    let s = s.reduce(Msg::Skip { sim_ms: 300_000 });
    assert_eq!(queue(&s, "cancela-pedido-dlq"), (1, 0));
    let s = key(s, "r").reduce(Msg::Skip { sim_ms: 1_000 });
    assert_eq!(queue(&s, "pedidos-pendentes-dlq"), (1, 0), "untouched");
    assert_ne!(queue(&s, "cancela-pedido-dlq"), (1, 0), "redriven");
}

/// R with nothing in the DLQ starts nothing and says so: pressed twice, it started a
/// second, empty redrive ("DLQ redrive started: 0 messages to move").
#[test]
fn r_on_an_empty_dlq_starts_no_redrive_and_says_so() {
    let started = |s: &AppState| {
        s.view(|w| {
            w.trace()
                .entries()
                .filter(|e| e.kind == TraceKind::RedriveStarted)
                .count()
        })
    };
    let s = key(lab000(), "r");
    assert_eq!(started(&s), Some(0), "no message has failed yet");
    assert!(matches!(&s.stage_said, Some(StageSaid::RedriveEmpty(_))));
    let s = demo_order_in_the_dlq();
    // Polled from the console, the message is in flight: R says so, and waits.
    let s = apply(
        s,
        serde_json::json!({ "Action": "ReceiveMessage", "QueueName": "pedidos-pendentes-dlq" }),
    );
    let s = key(s, "r");
    assert_eq!(started(&s), Some(0));
    assert_eq!(
        s.stage_said,
        Some(StageSaid::RedriveInFlight(
            "pedidos-pendentes-dlq".into(),
            1
        ))
    );
    // Visible again after the DLQ's visibility timeout: R redrives it.
    let s = s.reduce(Msg::Skip { sim_ms: 100_000 });
    assert_eq!(queue(&s, "pedidos-pendentes-dlq"), (1, 0));
    let s = key(s, "r").reduce(Msg::Skip { sim_ms: 1_000 });
    assert_eq!(started(&s), Some(1));
    assert_eq!(s.stage_said, None, "it started one");
    let s = key(s, "r");
    assert_eq!(started(&s), Some(1), "none started on the emptied DLQ");
    assert_eq!(
        s.stage_said,
        Some(StageSaid::RedriveEmpty("pedidos-pendentes-dlq".into()))
    );
    let s = key(s, " ");
    assert_eq!(s.stage_said, None, "until the next key");
}

#[test]
fn o_sends_the_forms_order_as_it_starts_so_each_is_a_new_order() {
    // Lab 004's form has no order id: CreateOrderFunction makes one per request. O sent
    // the generated "web-0001" each time, and the second was refused (the instructor
    // walk: ConditionalCheckFailedException, HTTP 502, no DLQ demo).
    let mut s = Rc::new(AppState::new("lab004-orders", 1, Lang::En, false));
    for k in ["o", "o"] {
        s = key(s, k);
    }
    let s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    let items = s.view(|w| w.table("Orders").map(|t| t.len())).flatten();
    assert_eq!(items, Some(2));
}

/// The order_id of every HTTP request in the journal, in order.
fn requested_order_ids(s: &AppState) -> Vec<String> {
    s.journal
        .iter()
        .filter_map(|r| match &r.what {
            crate::session::Recorded::Action(sim_core::Action::HttpRequest { body, .. }) => {
                body.as_ref()?.get("order_id")?.as_str().map(str::to_string)
            }
            _ => None,
        })
        .collect()
}

/// O on a lab whose orders are typed as JSON (lab 003): the editor's first body, then
/// a new generated order each time. Three O's sent order-1 three times, and the room
/// saw "3 requests" beside "1 item". Nor does O send an id a later guide step sends
/// (step 2's order-2 … order-11): that step's orders would be repeats.
#[test]
fn o_sends_a_new_order_each_time() {
    let mut s = Rc::new(AppState::new("lab003-order-events", 1, Lang::En, false));
    for _ in 0..3 {
        s = key(s, "o");
        s = s.reduce(Msg::Skip { sim_ms: 2_000 });
    }
    let reserved = s.view(|w| w.table("inventory-reservations").unwrap().len());
    assert_eq!(reserved, Some(3));
    let ids = requested_order_ids(&s);
    assert_eq!(ids, ["order-1", "order-12", "order-13"]);
}

/// A trace entry of this kind at this time, for the stage line's tests.
fn entry_at(kind: TraceKind, at_ms: u64) -> sim_core::trace::TraceEntry {
    sim_core::trace::TraceEntry {
        seq: 0,
        at_ms,
        kind,
        resource: "r".into(),
        to: None,
        subject: None,
        order_id: None,
        text: format!("{kind:?}"),
    }
}

/// The stage's line keeps a fan-out or a failure up for a while: lab 003's "rule
/// matched: 3 targets" was replaced by the HTTP 201 of the same step, and the room
/// never read it. A routine line waits its turn; what the instructor did shows at once.
#[test]
fn the_stage_line_holds_what_teaches() {
    use super::presenter::{next_explained, EXPLAIN_HOLD_WALL_MS as HOLD};
    use TraceKind as K;
    // (entries written, wall ms, asked, the line then, why)
    let steps: [(&[K], f64, bool, K, &str); 5] = [
        (
            &[K::EventPut, K::RuleMatched, K::HttpResponse],
            0.0,
            true,
            K::RuleMatched,
            "the step's fan-out",
        ),
        (
            &[K::InvocationSucceeded],
            500.0,
            false,
            K::RuleMatched,
            "held",
        ),
        (
            &[K::InvocationSucceeded],
            HOLD + 1.0,
            false,
            K::InvocationSucceeded,
            "its time is up",
        ),
        (
            &[K::FaultChanged],
            HOLD + 2.0,
            true,
            K::FaultChanged,
            "the instructor's key, at once",
        ),
        (
            &[K::InvocationFailed],
            HOLD + 3.0,
            false,
            K::InvocationFailed,
            "a failure tells more",
        ),
    ];
    let mut x = None;
    for (kinds, wall_ms, asked, expected, why) in steps {
        let written: Vec<_> = kinds.iter().map(|k| entry_at(*k, 0)).collect();
        x = next_explained(x, written.iter().map(TraceEntry::as_ref), wall_ms, asked);
        assert_eq!(x.as_ref().map(|x| x.entry.kind), Some(expected), "{why}");
    }
}

/// The FIFO guide's orders go straight into the queue: O counted only API requests and
/// sent ORD-001 three times, which the queue's content-based deduplication dropped.
#[test]
fn o_sends_a_new_order_into_a_queue_too() {
    let mut s = Rc::new(AppState::new("sqs-fifo-pedidos", 1, Lang::En, false));
    for _ in 0..3 {
        s = key(s, "o");
    }
    let ids: Vec<String> = s
        .journal
        .iter()
        .filter_map(|r| match &r.what {
            crate::session::Recorded::Action(sim_core::Action::SendMessage {
                message_body,
                ..
            }) => message_body.get("order_id")?.as_str().map(str::to_string),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], "ORD-001");
    assert!(
        ids[1] != ids[0] && ids[2] != ids[1] && ids[2] != ids[0],
        "{ids:?}"
    );
    let duplicates = s.view(|w| {
        w.trace()
            .entries()
            .filter(|e| e.kind == TraceKind::MessageDuplicate)
            .count()
    });
    assert_eq!(duplicates, Some(0));
}

/// An id the learner already sent (here from the editor) is not sent again by O.
#[test]
fn o_skips_an_order_id_already_sent() {
    let mut s = Rc::new(AppState::new("lab003-order-events", 1, Lang::En, false));
    let typed = sim_core::Action::HttpRequest {
        api: "orders-api".into(),
        method: "POST".into(),
        path: "/orders".into(),
        body: Some(serde_json::json!({"order_id": "order-12", "amount": 5})),
        headers: Default::default(),
    };
    s = s.reduce(Msg::Apply(Box::new(typed)));
    s = key(s, "o"); // order-1: the editor's first body, not sent yet
    s = key(s, "o"); // order-2 … order-11 are the guide's step 2; order-12 was typed
    let ids = requested_order_ids(&s);
    assert_eq!(ids, ["order-12", "order-1", "order-13"]);
}

/// The same with the editor's text as the JSON form sends it, as typed (a string
/// body): the review saw O count it as no order and send order-12 again.
#[test]
fn o_skips_an_order_id_typed_in_the_json_form() {
    let mut s = Rc::new(AppState::new("lab003-order-events", 1, Lang::En, false));
    let text = "{\n  \"order_id\": \"order-12\",\n  \"amount\": 5\n}";
    let typed = sim_core::Action::HttpRequest {
        api: "orders-api".into(),
        method: "POST".into(),
        path: "/orders".into(),
        body: Some(serde_json::Value::String(text.into())),
        headers: Default::default(),
    };
    s = s.reduce(Msg::Apply(Box::new(typed)));
    s = key(s, "o");
    s = key(s, "o");
    // The typed one is a string: the two O's are order-1 and order-13, not order-12.
    assert_eq!(requested_order_ids(&s), ["order-1", "order-13"]);
}

/// Stepping on from a held line shows what each step did (the review saw "rule
/// matched" stay up through six → presses while paused: the wall clock does not move
/// then, so the hold never ran out).
#[test]
fn a_step_shows_what_it_did_whatever_the_stage_held() {
    let mut s = Rc::new(AppState::new("lab003-order-events", 1, Lang::En, false));
    s = key(s, "o");
    let mut seen = Vec::new();
    for _ in 0..8 {
        s = key(s, "n");
        let newest = s.view(super::latest_explanation).flatten();
        let shown = s.explained.as_ref().map(|x| x.entry.clone());
        if let (Some(newest), Some(shown)) = (&newest, &shown) {
            // The best of the step's entries: not necessarily the newest, but of this step.
            assert_eq!(shown.at_ms, newest.at_ms, "{shown:?} vs {newest:?}");
            seen.push(shown.kind);
        }
    }
    assert!(seen.contains(&TraceKind::RuleMatched), "{seen:?}");
    assert!(seen.len() >= 5, "{seen:?}");
}

/// A line held over a newer one gives way to it once the hold is over, even when
/// nothing newer comes; a skip's line is its last moment, not a telling one minutes
/// before (the instructor re-walk saw "visible again (receive count 1)" stay up after
/// G, the message long deleted).
#[test]
fn the_stage_line_does_not_go_stale_behind_a_hold() {
    use super::presenter::{next_explained, EXPLAIN_HOLD_WALL_MS};
    let entry = entry_at;
    let said = |x: &Option<super::presenter::Explained>| x.as_ref().map(|x| x.entry.kind);
    let matched = [entry(TraceKind::RuleMatched, 0)];
    let x = next_explained(None, matched.iter().map(TraceEntry::as_ref), 0.0, false);
    let deleted = [entry(TraceKind::MessageDeleted, 10)];
    let x = next_explained(x, deleted.iter().map(TraceEntry::as_ref), 500.0, false);
    assert_eq!(said(&x), Some(TraceKind::RuleMatched), "held");
    let x = next_explained(x, std::iter::empty(), EXPLAIN_HOLD_WALL_MS + 1.0, false);
    assert_eq!(
        said(&x),
        Some(TraceKind::MessageDeleted),
        "what waited, once the hold is over"
    );
    let skip = [
        entry(TraceKind::MessageVisible, 1_000),
        entry(TraceKind::MessageReceived, 1_020),
        entry(TraceKind::MessageDeleted, 1_400),
    ];
    let x = next_explained(
        x,
        skip.iter().map(TraceEntry::as_ref),
        EXPLAIN_HOLD_WALL_MS + 2.0,
        true,
    );
    assert_eq!(
        said(&x),
        Some(TraceKind::MessageDeleted),
        "the skip's last moment"
    );
}

/// Lab 004's streams stage has no queue with a DLQ: F said "nothing to act on", and
/// the failing stream batch could only be shown through G. It acts on the function
/// the table's stream feeds.
#[test]
fn f_acts_on_the_stream_function_where_there_is_no_dlq() {
    let s = Rc::new(AppState::new("lab004-streams", 1, Lang::En, false));
    let s = key(s, "f");
    let on = s.view(|w| w.function("ProcessOrderFunction").map(|f| f.faults.throw));
    assert_eq!(on, Some(Some(true)));
}

/// G says which step it did: the stage hides the guide, and the room saw only the
/// step's last trace line (instructor walk). Until the next key.
#[test]
fn g_names_its_step_until_the_next_key() {
    let s = key(lab000(), "g");
    assert_eq!(s.shown_step(), Some(0));
    // (The guide card reports the tick; here the test does.)
    let s = key(s.reduce(Msg::GuideProgress(1)), "g");
    assert_eq!(s.shown_step(), Some(1));
    let s = key(s, " ");
    assert_eq!(s.shown_step(), None);
}

/// G goes by the world's steps, not only the card's marks: five quick G's on a busy
/// machine did a step twice, the card not yet having marked it (CI).
#[test]
fn g_pressed_before_the_card_marks_its_step_does_the_next_one() {
    let mut s = Rc::new(AppState::new("lab004-pipes-fanout", 1, Lang::Pt, false));
    let steps = s
        .view(|w| w.scenario().guide.as_ref().map(|g| g.steps.len()))
        .flatten()
        .expect("a guided lab");
    for _ in 0..steps {
        s = key(s, "g");
    }
    // Steps are marked in order as their checks come to hold, as the card does.
    let known = s.guide_done();
    assert_eq!(
        known,
        steps - 1,
        "the first four marked by the G after each"
    );
    let done = s
        .view(|w| GuideView::of(w, known).map(|v| v.done))
        .flatten();
    assert_eq!(done, Some(steps), "and the last one done");
}

/// After B, a step whose check already holds at the earlier moment is shown done, and
/// G does the one after it: the instructor walk's B then Show me sent ORD-001 again
/// (refused as a duplicate) instead of ORD-002 and ORD-003, and the guide stayed on
/// step 2.
#[test]
fn g_after_b_does_the_step_the_card_shows() {
    let s = key(
        Rc::new(AppState::new("sqs-fifo-pedidos", 1, Lang::Pt, false)),
        "g",
    );
    assert_eq!(s.guide_done(), 0, "the card marks step 1; G has not yet");
    let s = key(s.reduce(Msg::GuideProgress(1)), "b");
    assert_eq!(s.guide_done(), 0, "marked at 4 min, after the moment shown");
    let s = key(s, "g");
    assert_eq!(s.stage_said, Some(StageSaid::Step(1)));
    let sent = |id: &str| {
        s.view(|w| {
            w.trace()
                .entries()
                .filter(|e| e.order_id == Some(id) && e.kind == TraceKind::MessageSent)
                .count()
        })
        .unwrap_or(0)
    };
    assert_eq!(
        (sent("ORD-001"), sent("ORD-002"), sent("ORD-003")),
        (1, 1, 1)
    );
}

/// B with nothing earlier says so (the lab 000 walk pressed B on a reloaded page and
/// nothing happened); with something earlier it goes back and says nothing.
#[test]
fn b_with_nothing_earlier_says_so() {
    let s = key(lab000(), "b");
    assert_eq!(s.stage_said, Some(StageSaid::NothingBack));
    let s = key(s.reduce(Msg::Skip { sim_ms: 20_000 }), "b");
    assert_eq!(s.view(|w| w.now_ms()), Some(10_000));
    assert_eq!(s.stage_said, None);
    // A page restored at 30 s starts its timeline there: B at 35 s goes to 30 s, and
    // only then is there nothing earlier (the review).
    let s = s.reduce(Msg::Skip { sim_ms: 20_000 });
    let session = s.session().unwrap_or_else(|| panic!("a session"));
    let restored = Rc::new(AppState::restored(&session, false));
    let s = key(restored.reduce(Msg::Skip { sim_ms: 5_000 }), "b");
    assert_eq!(s.view(|w| w.now_ms()), Some(30_000));
    assert_eq!(s.stage_said, None);
    let s = key(s, "b");
    assert_eq!(s.stage_said, Some(StageSaid::NothingBack));
}

/// What Show me did is forgotten by a rewind from the timeline: a step undone and
/// redone by hand must not be said to be Show me's (the review).
#[test]
fn a_rewind_forgets_which_step_show_me_did() {
    let s = key(lab000(), "g");
    assert_eq!(s.shown_step(), Some(0));
    let s = s.reduce(Msg::Rewind(0));
    assert_eq!(s.shown_step(), None);
}

/// D, A and E say what they turned on or off, until the next key: the instructor
/// walk saw only a chip change colour.
#[test]
fn a_stop_key_says_what_it_turned_on_or_off_until_the_next_key() {
    let s = key(lab000(), "d");
    assert_eq!(s.stage_said, Some(StageSaid::Break(Breakpoint::Dlq, true)));
    let s = key(s, "d");
    assert_eq!(s.stage_said, Some(StageSaid::Break(Breakpoint::Dlq, false)));
    let s = key(s, "e");
    assert_eq!(
        s.stage_said,
        Some(StageSaid::Break(Breakpoint::Error, true))
    );
    let s = key(s, "+");
    assert_eq!(s.stage_said, None);
}

/// Steps with N after `keys` until nothing is left, checking each step wrote a line
/// no earlier step had (a far step's question is answered by the next N); the number
/// of steps.
fn step_until_nothing_left(keys: &[&str]) -> (Rc<AppState>, u32) {
    let mut s = lab000();
    for k in keys {
        s = key(s, k);
    }
    let mut seen = std::collections::HashSet::new();
    let mut steps = 0;
    loop {
        steps += 1;
        assert!(steps < 200, "the order settles");
        s = key(s, "n");
        if s.nothing_left {
            return (s, steps);
        }
        if s.far_step.is_some() {
            continue;
        }
        let newest = s
            .view(super::presenter::latest_explanation)
            .flatten()
            .unwrap_or_else(|| panic!("step {steps} said something"));
        assert!(
            seen.insert(newest.seq),
            "{keys:?}: step {steps} wrote no new line: {newest:?}"
        );
    }
}

/// Each N moves the stage's line on (an event that writes nothing worth a line, such
/// as an empty poll or a failed invocation's end, no longer makes a step that changes
/// nothing visible), and N with nothing left to happen says so (instructor walks: 6 of
/// 29 steps moved the clock 20 ms and left the line as it was; after the last event,
/// N did nothing at all).
#[test]
fn every_step_says_something_new_and_the_last_one_says_nothing_is_left() {
    let (_, steps) = step_until_nothing_left(&["o"]);
    assert!(steps > 3, "the order took several steps ({steps})");
    // The forced error: each receive fails, the visibility timeout (70 s) brings the
    // message back, the fourth receive moves it to the DLQ, its retention ends at 96 h.
    let (s, steps) = step_until_nothing_left(&["f", "o"]);
    assert!(steps > 10, "the failing order took many steps ({steps})");
    let before = s.view(|w| w.now_ms());
    let s = key(s, "n");
    assert!(s.nothing_left, "still nothing left");
    assert_eq!(s.view(|w| w.now_ms()), before, "and the clock stands");
    assert!(!key(s, "+").nothing_left, "any other key clears it");
}

/// Lab 004 evaluates its alarm every minute, mostly writing nothing: a step runs past
/// silent events for a minute past where it began and one event more, never for hours
/// (the review: 200 silent evaluations were 200 minutes in one key).
#[test]
fn a_step_in_a_lab_with_alarms_moves_the_clock_a_minute_at_most_past_its_first_event() {
    let mut s = key(
        Rc::new(AppState::new("lab004-orders", 1, Lang::En, false)),
        "o",
    );
    for step in 0..60 {
        let before = s.view(|w| w.now_ms()).unwrap_or(0);
        let first = s
            .view(|w| w.next_acting_event_time())
            .flatten()
            .unwrap_or(before);
        s = key(s, "n");
        if s.far_step.is_some() || s.nothing_left {
            break;
        }
        let after = s.view(|w| w.now_ms()).unwrap_or(0);
        assert!(
            after <= first.max(before) + 60_000,
            "step {step}: {before} → {after} ms (first event at {first})"
        );
    }
}

/// After lab 004's order settles, its alarm's minute checks still run and write
/// nothing: a step then moves the clock and the stage says nothing new happened (the
/// instructor walk pressed N 25 times under a line from 2 min 0 s and took it for
/// stuck). A step that wrote a line says nothing of the kind.
#[test]
fn a_step_that_meets_only_silent_checks_says_so() {
    let mut s = key(
        Rc::new(AppState::new("lab004-orders", 1, Lang::En, false)),
        "o",
    );
    let mut quiet = 0;
    for _ in 0..60 {
        let before = s.view(|w| w.trace().total()).unwrap_or(0);
        s = key(s, "n");
        if s.far_step.is_some() || s.nothing_left {
            break;
        }
        let said = s
            .view(|w| {
                w.trace()
                    .since(before)
                    .any(|e| super::presenter::meaningful(&e))
            })
            .unwrap_or(false);
        assert!(
            !(said && s.quiet_step),
            "a step that said something is not quiet"
        );
        quiet += u32::from(s.quiet_step);
    }
    assert!(quiet > 0, "some steps met only the alarm's checks");
    assert!(!key(s, "+").quiet_step, "any other key clears it");
}

/// When only the alarm's silent minute checks are left, a step goes to the next one,
/// the time the controls announce ("next event at 16 min 0 s"), and no further: two
/// checks per press took the lab 004 walk from 16 to 17 min, 1 → 3 → 5 min.
#[test]
fn a_quiet_step_stops_at_the_announced_next_event() {
    let mut s = key(
        Rc::new(AppState::new("lab004-orders", 1, Lang::En, false)),
        "o",
    );
    s = s.reduce(Msg::Skip { sim_ms: 5 * 60_000 });
    for _ in 0..5 {
        let next = s.view(|w| w.next_acting_event_time()).flatten();
        s = key(s, "n");
        assert!(s.quiet_step, "only silent checks are left");
        assert_eq!(
            s.view(|w| w.now_ms()),
            next,
            "the step stops at the announced event"
        );
    }
}

/// Lab 003 breaks its payments by declining every charge, and its guide says why
/// payments-processor then shows no errors: F on the stage does the same (it threw,
/// and the guide read wrong beside it), marks the box, and mends it at 100% as step 4
/// does.
#[test]
fn f_on_lab003_declines_every_charge_as_its_guide_does() {
    let mut s = Rc::new(AppState::new("lab003-order-events", 1, Lang::En, false));
    let rate = |s: &AppState| {
        s.view(|w| super::charge_rate(w, "payments-processor"))
            .flatten()
    };
    let faulty = |s: &AppState| match s
        .view(|w| NodeStats::of(w, "payments-processor", ResourceKind::Function))
    {
        Some(NodeStats::Function { faulty, .. }) => faulty,
        _ => panic!("payments-processor is a function"),
    };
    assert_eq!((rate(&s), faulty(&s)), (Some(900), false));
    s = key(s, "p");
    s = key(s, "f");
    assert_eq!((rate(&s), faulty(&s)), (Some(0), true));
    let thrown = s.view(|w| w.function("payments-processor").unwrap().faults.throw);
    assert_eq!(thrown, Some(false), "declined, not thrown");
    s = key(s, "f");
    assert_eq!((rate(&s), faulty(&s)), (Some(1000), false));
}

/// F says on the stage what it did, until the next key: the lab 003 rehearsal read
/// "UpdateFunctionConfiguration applied" for the outage and the fix alike.
#[test]
fn f_says_what_it_did_until_the_next_key() {
    use super::presenter::FaultWhat;
    let what = |s: &AppState| match &s.stage_said {
        Some(StageSaid::Fault(d)) => Some((d.function_name.clone(), d.what)),
        _ => None,
    };
    let mut s = key(
        Rc::new(AppState::new("lab003-order-events", 1, Lang::En, false)),
        "p",
    );
    s = key(s, "f");
    assert_eq!(
        what(&s),
        Some(("payments-processor".into(), FaultWhat::Declines))
    );
    s = key(s, "f");
    assert_eq!(
        what(&s),
        Some(("payments-processor".into(), FaultWhat::Charges))
    );
    s = key(s, " ");
    assert_eq!(what(&s), None);
    let mut s = key(lab000(), "p");
    s = key(s, "f");
    let thrown = ("processa-pedidos-lambda".to_string(), FaultWhat::Throws);
    assert_eq!(what(&s), Some(thrown));
    s = key(s, "f");
    let mended = ("processa-pedidos-lambda".to_string(), FaultWhat::Mended);
    assert_eq!(what(&s), Some(mended));
}

/// I with no stop to go by opens on what the line under the diagram is about, else on
/// the demo's DLQ: "Click any resource in the diagram" under an inspector that hid the
/// diagram left the instructor nothing to do.
#[test]
fn i_without_a_stop_inspects_what_the_stage_line_is_about() {
    let mut s = Rc::new(AppState::new("lab003-order-events", 1, Lang::En, false));
    s = key(s, "p");
    s = key(s, "i");
    assert_eq!(
        s.selected.as_deref(),
        Some("payments-dlq"),
        "nothing happened yet"
    );
    s = key(s, "Escape");
    assert_eq!(s.selected, None, "the box it chose is let go");
    s = key(s, "o");
    for _ in 0..3 {
        s = key(s, "n");
    }
    let about = s
        .view(|w| super::latest_explanation(w).map(|e| e.resource))
        .flatten();
    s = key(s, "i");
    assert!(s.inspecting);
    assert_eq!(s.selected, about);
}

/// The alarm stop comes before the alarm's e-mail: the instructor can say "now watch
/// it notify" (the topic showed "1 published" and the inbox an e-mail at the stop).
#[test]
fn the_alarm_stop_comes_before_its_notification() {
    let mut s = Rc::new(AppState::new("lab003-order-events", 1, Lang::En, false));
    for k in ["p", "f", "o", "a"] {
        s = key(s, k);
    }
    let s = s.reduce(Msg::Skip { sim_ms: 600_000 });
    let halt = s
        .halted
        .clone()
        .expect("the alarm breakpoint stopped the skip");
    assert_eq!(halt.entry.kind, TraceKind::AlarmStateChanged);
    let published = |s: &AppState| {
        s.view(|w| {
            w.trace()
                .entries()
                .filter(|e| e.kind == TraceKind::SnsPublished)
                .count()
        })
    };
    assert_eq!(published(&s), Some(0), "stopped before the e-mail");
    let s = s.reduce(Msg::Step);
    assert_eq!(published(&s), Some(1), "the next step sends it");
}

/// On the stage a teaching moment lies over the line below the diagram: it yields
/// that line to a stop, an empty step or a refusal (over it, it hid "Paused: a
/// function failed"), and shows again once they are gone, within its minute.
#[test]
fn a_moment_on_the_stage_yields_the_line_to_what_it_says_first() {
    let mut s = key(lab000(), "p");
    for k in ["f", "o"] {
        s = key(s, k);
    }
    for _ in 0..400 {
        if s.moment_shown().is_some() {
            break;
        }
        s = s.reduce(Msg::Step);
    }
    let m = s.moment_shown().cloned().expect("a moment on the stage");
    let said_first = |change: &dyn Fn(&mut AppState)| {
        let mut t = (*s).clone();
        change(&mut t);
        t.moment_shown().is_none()
    };
    assert!(said_first(&|t| t.nothing_left = true));
    assert!(said_first(&|t| t.quiet_step = true));
    assert!(said_first(&|t| {
        t.halted = Some(super::presenter::Halt {
            breakpoint: Breakpoint::Error,
            entry: TraceEntry {
                seq: m.entry.seq + 1,
                ..m.entry.clone()
            },
        })
    }));
    assert!(
        !said_first(&|_| {}),
        "nothing to say first: the moment shows"
    );
}

/// Lab 000 on the stage, its function failing, an order sent, playing at 100×.
fn failing_order_on_the_stage_at_100x() -> Rc<AppState> {
    let mut s = key(lab000(), "p");
    for k in ["f", "o"] {
        s = key(s, k);
    }
    s.reduce(Msg::SetSpeed(100)).reduce(Msg::Play)
}

/// The page's frames, 33 ms apart, for at most a minute of wall clock: each call
/// reduces one.
fn frames() -> impl FnMut(Rc<AppState>) -> Rc<AppState> {
    let mut wall = 0.0;
    move |s| {
        wall += 33.0;
        assert!(wall < 60_000.0, "a minute of wall clock at 100×");
        s.reduce(Msg::Tick {
            wall_now_ms: wall,
            wall_dt_ms: 33.0,
        })
    }
}

/// At 100× a moment's minute of simulated time passes in 0.6 s: on the stage it stays
/// until it has been up 12 s of running clock (the instructor walk saw "First
/// redelivery." flash by unread).
#[test]
fn a_moment_on_the_stage_stays_long_enough_to_read_at_any_speed() {
    let mut s = failing_order_on_the_stage_at_100x();
    let mut tick = frames();
    while s.moment_shown().is_none() {
        s = tick(s);
    }
    let first = s.moment_shown().cloned().expect("shown");
    while s.view(|w| w.now_ms()).unwrap() <= first.entry.at_ms + 60_000 {
        s = tick(s);
    }
    let shown = s.moment_shown().expect("still up a simulated minute later");
    assert_eq!(shown.entry.seq, first.entry.seq, "the same moment");
    assert!(shown.stage_seen_ms < super::presenter::STAGE_MOMENT_WALL_MS);
    let mut read = (*s).clone();
    if let Some(m) = read.moment.as_mut() {
        m.stage_seen_ms = super::presenter::STAGE_MOMENT_WALL_MS;
    }
    assert!(
        read.moment_shown().is_none(),
        "read for 12 s and a minute old: gone"
    );
}

/// A key that acts (F, O, R, G; B when it moves the clock: below) takes the stage's
/// line back from a teaching note: a minute-old "First redelivery" hid what F and G
/// did (the lab 003 rehearsal). Space
/// and the stops' D, A and E leave it (D is the answer to "Last receive before the
/// DLQ", and took that note away: the re-walk).
#[test]
fn a_key_that_acts_takes_the_line_back_from_a_note() {
    let mut s = failing_order_on_the_stage_at_100x();
    let mut wall = 0.0;
    while s.moment_shown().is_none() {
        wall += 33.0;
        assert!(wall < 60_000.0, "no moment in a minute of wall clock");
        s = s.reduce(Msg::Tick {
            wall_now_ms: wall,
            wall_dt_ms: 33.0,
        });
    }
    s = key(s, " ");
    assert!(s.moment_shown().is_some(), "Space only pauses");
    for k in ["d", "a", "e"] {
        let after = key(s.clone(), k);
        assert!(after.moment_shown().is_some(), "{k} took the note away");
    }
    for k in ["f", "o", "r", "g"] {
        let after = key(s.clone(), k);
        assert!(after.moment_shown().is_none(), "{k} left the note up");
    }
}

/// Ticks at 100× until a note is up and the clock is `past_ms` beyond its event.
fn a_note_past_its_event(mut s: Rc<AppState>, past_ms: u64) -> Rc<AppState> {
    let mut tick = frames();
    while s.moment.is_none() {
        s = tick(s);
    }
    let at_ms = s.moment.as_ref().unwrap().entry.at_ms;
    while s.view(|w| w.now_ms()).unwrap() <= at_ms + past_ms {
        s = tick(s);
    }
    s.reduce(Msg::Pause)
}

/// B moves the timeline back under a note that lay over it: the walk rewound four
/// times behind "A redriven message was processed" and the room saw neither the
/// timeline move nor "Back to the latest moment".
#[test]
fn b_takes_the_stage_back_from_a_note_it_did_not_rewind_past() {
    let s = a_note_past_its_event(failing_order_on_the_stage_at_100x(), 30_000);
    assert!(s.moment_shown().is_some(), "up 30 s after its event");
    let at_ms = s.moment.as_ref().unwrap().entry.at_ms;
    let back = key(s, "b");
    assert!(back.view(|w| w.now_ms()).unwrap() > at_ms, "still after it");
    assert!(
        back.moment_shown().is_none(),
        "B left the note over the timeline"
    );
    // A note B rewinds past waits for its moment, and shows again when the clock
    // gets back to it (the review: cleared, it never came back).
    let s = a_note_past_its_event(failing_order_on_the_stage_at_100x(), 0);
    let seq = s.moment.as_ref().unwrap().entry.seq;
    let back = key(s, "b");
    assert!(back.moment_shown().is_none(), "not yet happened");
    let mut again = back.reduce(Msg::Play);
    let mut wall = 100_000.0;
    while again.moment_shown().is_none_or(|m| m.entry.seq != seq) {
        wall += 33.0;
        assert!(wall < 160_000.0, "the note came back");
        again = again.reduce(Msg::Tick {
            wall_now_ms: wall,
            wall_dt_ms: 33.0,
        });
    }
}

/// Entering the stage, a note more than a minute of sim time old stays on the page: it
/// lay over the stage's timeline and latest event while the clock stood (the walk
/// pressed P four minutes after a "First redelivery").
#[test]
fn the_stage_opens_without_a_note_a_minute_old() {
    // A failing order played at 100× on the page (each run its own world).
    let page = || {
        let mut page = (*lab000()).clone();
        page.speed = 100;
        key(key(Rc::new(page), "f"), "o").reduce(Msg::Play)
    };
    let s = a_note_past_its_event(page(), 61_000);
    assert!(!s.presenter && s.moment_shown().is_some(), "up on the page");
    assert!(key(s, "p").moment_shown().is_none(), "laid over the stage");
    let fresh = key(a_note_past_its_event(page(), 0), "p");
    assert!(
        fresh.moment_shown().is_some(),
        "a fresh note goes on the stage"
    );
}

/// The DLQ stop says the move in the line below; played on, the move's teaching note
/// ("Fix the cause, then redrive") shows: with the stop on, it never did.
#[test]
fn played_on_from_the_dlq_stop_the_moves_note_shows() {
    let s = key(a_step_onto_the_dlq_move(), "p");
    assert!(s.presenter && s.halted.is_some());
    assert_eq!(
        s.moment.as_ref().map(|m| m.kind),
        Some(super::moments::MomentKind::MovedToDlq)
    );
    assert!(s.moment_shown().is_none(), "the stop says it");
    let fixed = key(s.clone(), "f");
    assert!(
        fixed.moment_shown().is_none(),
        "nor while the instructor is on the fix"
    );
    let played = fixed.reduce(Msg::Play);
    assert_eq!(
        played.moment_shown().map(|m| m.kind),
        Some(super::moments::MomentKind::MovedToDlq)
    );
}

/// At 100× the line's 1.5 s hold is 150 s of simulated time: the move to the DLQ
/// waited behind an older "visible again" for over a minute (the third instructor
/// walk read 2 min 20 s's line at 4 min 40 s, beside a DLQ holding the message). A
/// move to a DLQ and an alarm's change replace any line at once.
#[test]
fn at_100x_the_line_says_the_move_to_the_dlq_when_it_happens() {
    let mut s = failing_order_on_the_stage_at_100x();
    let mut wall = 0.0;
    while s.moment.as_ref().map(|m| m.kind) != Some(super::moments::MomentKind::MovedToDlq) {
        wall += 33.0;
        assert!(wall < 60_000.0, "no move to the DLQ in a minute at 100×");
        s = s.reduce(Msg::Tick {
            wall_now_ms: wall,
            wall_dt_ms: 33.0,
        });
    }
    let line = s.explained.as_ref().map(|x| x.entry.kind);
    assert_eq!(line, Some(TraceKind::MessageMovedToDlq));
}

/// "The next receive moves it to the DLQ" holds only while the message is there: the
/// Portuguese walk fixed the role, the last receive's run succeeded, and the box kept
/// saying it through two more steps. Here the queue is purged under it.
#[test]
fn the_last_receive_note_goes_with_its_message() {
    let mut s = lab000();
    for k in ["f", "o"] {
        s = key(s, k);
    }
    for _ in 0..60 {
        if s.moment.as_ref().map(|m| m.kind) == Some(super::moments::MomentKind::LastReceive) {
            break;
        }
        s = s.reduce(Msg::Skip { sim_ms: 5_000 });
    }
    let m = s.moment.clone().expect("the last receive's note");
    assert_eq!(m.kind, super::moments::MomentKind::LastReceive);
    s = s.reduce(Msg::Apply(Box::new(sim_core::Action::PurgeQueue {
        queue_name: m.entry.resource.clone(),
    })));
    assert!(s.moment.is_none(), "its message is gone: so is the note");
}

/// On the stage, a note whose minute the clock jumped past (G's show-me, a skip) goes
/// once it has been up 12 s of wall clock, running or not: "First redelivery" from
/// 1 min stayed up at 5 min after G (the FIFO instructor walk).
#[test]
fn a_note_the_clock_jumped_past_goes_after_12_s_up() {
    let mut s = key(lab000(), "p");
    for k in ["f", "o"] {
        s = key(s, k);
    }
    while s.moment.is_none() {
        s = s.reduce(Msg::Skip { sim_ms: 5_000 });
    }
    let first = s.moment.clone().unwrap();
    let s = s.reduce(Msg::Skip { sim_ms: 2 * 60_000 });
    let at = |wall_ms: f64| {
        let mut read = (*s).clone();
        read.moment = Some(first.clone());
        read.wall_ms = wall_ms;
        read
    };
    assert!(
        at(first.shown_wall_ms + 5_000.0).moment_shown().is_some(),
        "up 5 s: still there"
    );
    assert!(
        at(first.shown_wall_ms + super::presenter::STAGE_MOMENT_WALL_MS)
            .moment_shown()
            .is_none(),
        "up 12 s, the clock 2 min past it, never running: gone"
    );
}

/// Lab 004's fan-out on the stage: a step shows the publish to the topic's
/// subscriptions, not only ProcessOrderFunction's success at the same instant (the
/// instructor walk stepped through and never saw the fan-out).
#[test]
fn a_step_through_the_fan_out_shows_the_publish() {
    let mut s = key(
        key(
            Rc::new(AppState::new("lab004-pipes-fanout", 1, Lang::En, false)),
            "p",
        ),
        "o",
    );
    let mut kinds = Vec::new();
    for _ in 0..12 {
        s = key(s, "n");
        kinds.extend(s.explained.as_ref().map(|e| e.entry.kind));
    }
    assert!(
        kinds.contains(&sim_core::trace::TraceKind::SnsPublished),
        "{kinds:?}"
    );
}
