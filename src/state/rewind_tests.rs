//! Rewind, natively: back to before lab 000's move to the DLQ, the message is in
//! flight again with its earlier receive count; forward again is the same world;
//! acting from the earlier moment forks a different future.

use std::rc::Rc;

use sim_core::action::FaultKind;
use sim_core::sqs::MessageState;
use sim_core::Action;
use yew::prelude::*;

use super::{default_scenario, AppState, Msg};
use crate::i18n::Lang;

fn fault(on: bool) -> Msg {
    Msg::Apply(Box::new(Action::SetFault {
        function_name: "processa-pedidos-lambda".into(),
        fault: FaultKind::Throw,
        enabled: on,
        fraction: None,
        seconds: None,
    }))
}

fn order() -> Msg {
    Msg::Apply(Box::new(Action::HttpRequest {
        api: "pedidos-api".into(),
        method: "POST".into(),
        path: "/pedidos".into(),
        body: Some(
            serde_json::json!({"pedidoId": "apiP001", "clienteId": "c", "itens": [{"item": "x", "qtd": 1}]}),
        ),
        headers: Default::default(),
    }))
}

/// The console's "Start DLQ redrive" on the demo's DLQ.
fn redrive() -> Msg {
    Msg::Apply(Box::new(Action::StartMessageMoveTask {
        source_queue: "pedidos-pendentes-dlq".into(),
        destination_queue: None,
        max_number_of_messages_per_second: None,
    }))
}

fn counts(s: &AppState, queue: &str) -> (u64, u64) {
    s.view(|w| {
        let q = w.queue(queue).unwrap();
        let in_flight = q
            .messages()
            .filter(|(_, m)| matches!(m.state, MessageState::InFlight { .. }))
            .map(|(_, m)| u64::from(m.receive_count))
            .max()
            .unwrap_or(0);
        (q.len() as u64, in_flight)
    })
    .unwrap()
}

fn to_the_dlq() -> Rc<AppState> {
    let mut s = Rc::new(AppState::new(default_scenario(), 1, Lang::En, false));
    for m in [fault(true), order()] {
        s = s.reduce(m);
    }
    for _ in 0..24 {
        s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    }
    assert_eq!(
        counts(&s, "pedidos-pendentes-dlq").0,
        1,
        "in the DLQ after 4 minutes"
    );
    s
}

#[test]
fn rewinding_shows_the_message_in_flight_again_and_forward_is_the_same_world() {
    let s = to_the_dlq();
    let hash = s.view(|w| w.trace().hash()).unwrap();
    let s = s.reduce(Msg::Rewind(100_000));
    assert_eq!(s.view(|w| w.now_ms()), Some(100_000));
    assert_eq!(
        counts(&s, "pedidos-pendentes-dlq").0,
        0,
        "not yet in the DLQ"
    );
    let (len, rc) = counts(&s, "pedidos-pendentes-queue");
    assert_eq!((len, rc), (1, 2), "in flight after its second receive");
    assert!(s.timeline.borrow().rewound_to.is_some());
    assert_eq!(s.journal.len(), 2, "moving back keeps the recorded future");
    let furthest = s.timeline.borrow().furthest_ms;
    let s = s.reduce(Msg::Rewind(furthest));
    assert_eq!(
        s.view(|w| w.trace().hash()),
        Some(hash),
        "forward again: the same trace"
    );
    assert!(s.timeline.borrow().rewound_to.is_none());
}

/// From an earlier moment whose next event is days ahead, a step only asks: the
/// recorded future stays until the second step goes (the review: the question cut it).
#[test]
fn a_far_steps_question_from_an_earlier_moment_keeps_the_recorded_future() {
    let s = to_the_dlq().reduce(Msg::Skip { sim_ms: 600_000 });
    let furthest = s.timeline.borrow().furthest_ms;
    let s = s.reduce(Msg::Rewind(furthest - 300_000));
    assert!(s.timeline.borrow().rewound_to.is_some());
    let s = s.reduce(Msg::Step);
    assert!(
        s.far_step_to().is_some(),
        "the DLQ message's expiry is days ahead"
    );
    assert!(
        s.timeline.borrow().rewound_to.is_some(),
        "a question forks nothing"
    );
    assert_eq!(s.timeline.borrow().furthest_ms, furthest);
    let s = s.reduce(Msg::Step);
    assert!(
        s.timeline.borrow().rewound_to.is_none(),
        "the step that goes passes the furthest moment: recording again"
    );
    assert_eq!(s.journal.len(), 2, "and nothing recorded was lost");
}

/// The fault on and an order at 0 s, the fix at 240 s (the message is in the DLQ by
/// then), and the clock run to 300 s.
fn fixed_at_240_s() -> Rc<AppState> {
    let s = to_the_dlq().reduce(fault(false));
    let s = s.reduce(Msg::Skip { sim_ms: 60_000 });
    assert_eq!(s.view(|w| w.now_ms()), Some(300_000));
    s
}

fn thrown(s: &AppState) -> bool {
    s.view(|w| w.function("processa-pedidos-lambda").unwrap().faults.throw)
        .unwrap()
}

/// The instructor walk went back before the DLQ move, stepped, and lost the fix and the
/// redrive it had recorded later: playing on from an earlier moment replays them.
#[test]
fn skipping_from_an_earlier_moment_replays_the_recorded_actions_at_their_times() {
    let s = fixed_at_240_s();
    let hash = s.view(|w| w.trace().hash());
    let s = s.reduce(Msg::Rewind(100_000));
    assert!(thrown(&s), "the fault is on at 100 s");
    let s = s.reduce(Msg::Skip { sim_ms: 150_000 });
    assert_eq!(s.view(|w| w.now_ms()), Some(250_000));
    assert!(!thrown(&s), "the fix at 240 s came back");
    assert_eq!(s.journal.len(), 3, "nothing recorded was lost");
    assert!(
        s.timeline.borrow().rewound_to.is_some(),
        "still before 300 s"
    );
    let s = s.reduce(Msg::Skip { sim_ms: 50_000 });
    assert_eq!(
        s.view(|w| w.trace().hash()),
        hash,
        "the same world at 300 s"
    );
    assert!(s.timeline.borrow().rewound_to.is_none(), "recording again");
}

/// The fault on, the order sent, and the clock run with the DLQ stop armed until it
/// stops there.
fn at_the_dlq_stop() -> Rc<AppState> {
    use super::presenter::Breakpoint;
    let mut s = Rc::new(AppState::new(default_scenario(), 1, Lang::En, false));
    s = s.reduce(Msg::ToggleBreakpoint(Breakpoint::Dlq));
    for m in [fault(true), order()] {
        s = s.reduce(m);
    }
    while s.halted.is_none() {
        s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    }
    s
}

/// The instructor walk's demo: the DLQ stop, then the fix and the redrive at its
/// instant. Played again from before, the stop is seen first, with the fault still on
/// (the review: the fix and redrive were replayed in the same move, past the stop).
#[test]
fn a_stop_at_a_recorded_actions_instant_is_seen_before_the_action() {
    let s = at_the_dlq_stop();
    let stop_ms = s.view(|w| w.now_ms()).unwrap();
    let s = s.reduce(fault(false));
    let s = s.reduce(redrive());
    let s = s.reduce(Msg::Skip { sim_ms: 60_000 });
    let s = s.reduce(Msg::Rewind(100_000));
    let s = s.reduce(Msg::Skip { sim_ms: 600_000 });
    assert!(s.halted.is_some(), "the DLQ stop again");
    assert_eq!(s.view(|w| w.now_ms()), Some(stop_ms));
    assert!(thrown(&s), "the fix waits for the next move");
    assert_eq!(counts(&s, "pedidos-pendentes-dlq").0, 1);
    let s = s.reduce(Msg::Step);
    assert!(!thrown(&s), "the next move replays the fix");
    assert_eq!(s.journal.len(), 4, "and nothing recorded was lost");
}

/// Acting at that stop, before the fix recorded at its instant came back, forks there:
/// the session keeps only what the world holds (the fix was kept in the journal and
/// never applied, so a reload would have replayed a fix the learner no longer saw).
#[test]
fn acting_at_a_stop_before_its_recorded_action_leaves_that_action_out() {
    let s = at_the_dlq_stop();
    let s = s.reduce(fault(false)).reduce(Msg::Skip { sim_ms: 60_000 });
    let s = s.reduce(Msg::Rewind(100_000));
    let s = s.reduce(Msg::Skip { sim_ms: 600_000 });
    assert!(
        s.halted.is_some() && thrown(&s),
        "at the stop, the fix not yet back"
    );
    let s = s.reduce(redrive());
    assert_eq!(s.journal.len(), 3, "the fault, the order and the redrive");
    assert!(thrown(&s), "the fix is gone with the erased future");
    let session = s.session().unwrap();
    let again = AppState::restored(&session, false);
    assert_eq!(again.reproduces(&session), Some(true));
}

#[test]
fn playing_and_stepping_from_an_earlier_moment_replay_the_recorded_actions() {
    // Played at 1,000×, frame by frame: a frame stops at 240 s for the fix. (A state
    // shares its world with the next: each part starts from a recording of its own.)
    let mut s = fixed_at_240_s()
        .reduce(Msg::Rewind(100_000))
        .reduce(Msg::Play);
    s = s.reduce(Msg::SetSpeed(1000));
    let mut wall_ms = 0.0;
    while s.view(|w| w.now_ms()).unwrap() < 240_000 {
        wall_ms += 16.0;
        s = s.reduce(Msg::Tick {
            wall_now_ms: wall_ms,
            wall_dt_ms: 16.0,
        });
    }
    assert_eq!(
        s.view(|w| w.now_ms()),
        Some(240_000),
        "the frame stopped at the fix"
    );
    assert!(!thrown(&s));
    assert_eq!(s.journal.len(), 3);
    // Stepped: the step stops at the fix too, and goes on from there.
    let mut s = fixed_at_240_s().reduce(Msg::Rewind(230_000));
    assert!(thrown(&s));
    while s.view(|w| w.now_ms()).unwrap() < 240_000 {
        s = s.reduce(Msg::Step);
    }
    assert_eq!(s.view(|w| w.now_ms()), Some(240_000));
    assert!(!thrown(&s), "the step applied the fix");
    assert_eq!(s.journal.len(), 3);
    // Acting still forks: the later records go.
    let s = fixed_at_240_s()
        .reduce(Msg::Rewind(100_000))
        .reduce(order());
    assert_eq!(s.journal.len(), 3, "the two before 100 s and the new order");
    assert!(s.timeline.borrow().rewound_to.is_none());
}

#[test]
fn acting_from_an_earlier_moment_forks_a_new_future() {
    let s = to_the_dlq().reduce(Msg::Rewind(100_000));
    let s = s.reduce(fault(false));
    assert!(s.timeline.borrow().rewound_to.is_none());
    assert_eq!(
        s.journal.len(),
        3,
        "the fix is recorded after the two earlier actions"
    );
    let mut s = s;
    for _ in 0..12 {
        s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    }
    assert_eq!(
        counts(&s, "pedidos-pendentes-dlq").0,
        0,
        "fixed in time: never reaches the DLQ"
    );
    // The forked session replays to the same world.
    let session = s.session().unwrap();
    let again = AppState::restored(&session, false);
    assert_eq!(again.reproduces(&session), Some(true));
}

#[test]
fn a_moment_from_an_erased_future_goes_with_it() {
    use super::moments::MomentKind;
    let s = to_the_dlq();
    let at_ms = s.moment.as_ref().map(|m| m.entry.at_ms).unwrap();
    assert!(at_ms > 100_000);
    // Only looking back keeps it (the line hides while the clock is before it).
    let s = s.reduce(Msg::Rewind(100_000));
    assert!(s.moment.is_some());
    let s = s.reduce(fault(false));
    assert!(s.moment.is_none(), "the new future has not moved anything");
    assert!(!s.moments_seen.contains(&MomentKind::MovedToDlq));
}

#[test]
fn guide_steps_done_in_an_erased_future_are_undone() {
    // Two steps done at the start, one more once the order reached the DLQ.
    let s = Rc::new(AppState::new(default_scenario(), 1, Lang::En, false))
        .reduce(Msg::GuideProgress(2));
    let mut s = s.reduce(fault(true)).reduce(order());
    for _ in 0..24 {
        s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    }
    let s = s.reduce(Msg::GuideProgress(3));
    assert_eq!(s.guide_done_at_ms, vec![0, 0, 240_000]);
    // Looking back shows the steps done by then, and keeps the later mark: the same
    // future is still recorded, and the card's checks there change nothing.
    let s = s.reduce(Msg::Rewind(100_000));
    assert_eq!(s.guide_done(), 2);
    let s = s.reduce(Msg::GuideProgress(3));
    assert_eq!(s.guide_done_at_ms, vec![0, 0, 240_000]);
    let s = s.reduce(Msg::Rewind(240_000));
    assert_eq!(s.guide_done(), 3, "back at the end");
    let s = s.reduce(Msg::Rewind(100_000));
    // Acting there erases the future that did the third step.
    let s = s.reduce(fault(false));
    assert_eq!(s.guide_done_at_ms, vec![0, 0]);
    // A wiped session's card reports 0 steps.
    assert_eq!(s.reduce(Msg::GuideProgress(0)).guide_done(), 0);
}

#[test]
fn an_hour_back_is_one_clone_and_a_short_run() {
    let mut s = Rc::new(AppState::new(default_scenario(), 3, Lang::En, false));
    s = s.reduce(order());
    for _ in 0..360 {
        s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    }
    assert!(s.timeline.borrow().snapshot_count() <= super::rewind::MAX_SNAPSHOTS);
    let s = s.reduce(Msg::Rewind(60_000));
    assert_eq!(s.view(|w| w.now_ms()), Some(60_000));
}

#[test]
fn a_busy_run_keeps_fewer_snapshots_within_the_budget() {
    let mut s = Rc::new(AppState::new(default_scenario(), 5, Lang::En, false));
    for n in 0..40 {
        s = s.reduce(Msg::Apply(Box::new(Action::HttpRequest {
            api: "pedidos-api".into(),
            method: "POST".into(),
            path: "/pedidos".into(),
            body: Some(serde_json::json!({"pedidoId": format!("p{n}"), "clienteId": "c", "itens": [{"item": "x", "qtd": 1}]})),
            headers: Default::default(),
        })));
        s = s.reduce(Msg::Skip { sim_ms: 20_000 });
    }
    let tl = s.timeline.borrow();
    assert!(tl.snapshot_count() >= 2 && tl.snapshot_count() <= super::rewind::MAX_SNAPSHOTS);
}

#[test]
fn teaching_moments_say_the_first_redelivery_the_last_receive_and_the_move_to_the_dlq_once() {
    use super::moments::MomentKind;
    let s = to_the_dlq();
    assert_eq!(
        s.moments_seen,
        vec![
            MomentKind::FirstRedelivery,
            MomentKind::LastReceive,
            MomentKind::MovedToDlq
        ]
    );
    let m = s.moment.clone().unwrap();
    assert_eq!(m.kind, MomentKind::MovedToDlq);
    assert_eq!(m.entry.resource, "pedidos-pendentes-queue");
    let s = s.reduce(Msg::ShowTrace(m.entry.seq));
    assert_eq!(s.trace_focus, Some(m.entry.seq));
    let s = s.reduce(Msg::DismissMoment);
    assert!(s.moment.is_none());
    // Fixed and redriven: the redrive says what it did, then that it worked (the
    // message processed and deleted), which the instructor walk's room never saw.
    let s = s.reduce(fault(false));
    let s = s.reduce(redrive()).reduce(Msg::Skip { sim_ms: 10_000 });
    assert_eq!(
        s.moments_seen[3..],
        [MomentKind::Redriven, MomentKind::RedriveProcessed]
    );
    let m = s.moment.clone().expect("the processed redrive's moment");
    assert_eq!(m.kind, MomentKind::RedriveProcessed);
    assert_eq!(m.entry.resource, "pedidos-pendentes-queue");
    assert_eq!(m.entry.text, "deleted by processa-pedidos-lambda");
}

/// The timeline marks an alarm when it goes to ALARM: lab 003's alarms leave
/// INSUFFICIENT_DATA for OK at their first minute, and that was marked like a firing.
#[test]
fn the_timeline_marks_an_alarm_going_to_alarm_not_its_first_ok() {
    use super::rewind::MarkKind;
    use sim_core::trace::TraceKind;
    let mut s = Rc::new(AppState::new("lab003-order-events", 1, Lang::En, false));
    s = s.reduce(Msg::Skip { sim_ms: 180_000 });
    let changes: Vec<(u64, bool)> = s
        .view(|w| {
            w.trace()
                .since(0)
                .filter(|e| e.kind == TraceKind::AlarmStateChanged)
                .map(|e| (e.at_ms, e.text.contains("→ ALARM")))
                .collect()
        })
        .unwrap();
    assert!(
        !changes.is_empty() && changes.iter().all(|(_, alarm)| !alarm),
        "the alarms left INSUFFICIENT_DATA for OK: {changes:?}"
    );
    let alarm_marks = |s: &AppState| {
        let tl = s.timeline.borrow();
        tl.marks
            .iter()
            .filter(|(_, k)| *k == MarkKind::Alarm)
            .count()
    };
    assert_eq!(alarm_marks(&s), 0);
    // On the stage, F declines every charge and O sends the lab's order: it fails
    // three receives, payments-dlq holds it and its alarm fires.
    for k in ["p", "f", "o"] {
        let h = super::presenter::Hotkey::from_key(k).unwrap();
        s = s.reduce(Msg::Hotkey(h));
    }
    for _ in 0..30 {
        s = s.reduce(Msg::Skip { sim_ms: 20_000 });
    }
    assert_eq!(alarm_marks(&s), 1, "payments-dlq-alarm fired once");
}

#[test]
fn lab004_with_its_pipe_has_a_queue_with_two_consumers() {
    let s = AppState::new("lab004-pipes", 1, Lang::En, false);
    assert_eq!(s.shared_queues.as_slice(), ["order-processing-queue"]);
}

#[test]
fn guide_marks_kept_by_the_browser_come_back_with_their_times() {
    // A session restored at 240 s whose third step was done at 240 s.
    let mut s = Rc::new(AppState::new(default_scenario(), 1, Lang::En, false))
        .reduce(fault(true))
        .reduce(order());
    for _ in 0..24 {
        s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    }
    let s = s.reduce(Msg::GuideRestored(vec![0, 0, 240_000]));
    assert_eq!(s.guide_done_at_ms, vec![0, 0, 240_000]);
    // Acting from 100 s undoes only the step done after it, not all three.
    let s = s.reduce(Msg::Rewind(100_000)).reduce(fault(false));
    assert_eq!(s.guide_done_at_ms, vec![0, 0]);
    // Marks out of order or past the restored clock are brought into line.
    let s = s.reduce(Msg::GuideRestored(vec![50_000, 10_000, 9_000_000]));
    let now_ms = s.view(|w| w.now_ms()).unwrap();
    assert_eq!(s.guide_done_at_ms, vec![50_000, 50_000, now_ms]);
}

/// A guide step's Show me applies its actions and skips minutes in one message, with
/// one snapshot at its end: a rewind into those minutes starts from the snapshot
/// before the actions and replays them (the instructor walk's B after G lost lab
/// 003's ten orders: "matched 20" fell back to "matched 10").
#[test]
fn a_rewind_into_a_show_me_keeps_its_actions() {
    use super::presenter::Hotkey;
    let mut s = Rc::new(AppState::new("lab003-order-events", 1, Lang::En, false));
    // Step 1: one order and 10 s; step 2: ten orders and 2 minutes. (The guide card
    // reports each tick; here the test does.)
    for done in 0..2 {
        s = s.reduce(Msg::GuideProgress(done));
        s = s.reduce(Msg::Hotkey(Hotkey::NextStep));
    }
    let items = |s: &AppState| s.view(|w| w.table("inventory-reservations").unwrap().len());
    assert_eq!(items(&s), Some(11));
    let now = s.view(|w| w.now_ms()).unwrap();
    let hash = s.view(|w| w.trace().hash());
    let back = s.reduce(Msg::Rewind(now - 10_000));
    assert_eq!(items(&back), Some(11), "the ten orders were sent before");
    let forward = back.reduce(Msg::Rewind(now));
    assert_eq!(
        forward.view(|w| w.trace().hash()),
        hash,
        "forward again: the same trace"
    );
}

/// A redrive started at the DLQ stop schedules its moves at that instant; live they
/// wait for time to move. A session saved then was replayed with them already run, and
/// its import said it "replays differently".
#[test]
fn a_session_saved_right_after_a_redrive_at_the_dlq_stop_reproduces() {
    let s = at_the_dlq_stop();
    let s = s.reduce(redrive());
    let session = s.session().unwrap();
    let again = AppState::restored(&session, false);
    assert_eq!(again.reproduces(&session), Some(true));
}

/// Redriven before the fix, the message fails its way back to the DLQ: the redrive's
/// note ("if the cause was not fixed, it fails again") goes when it is back there, and
/// a second redrive no longer sits under the first one's box (the Portuguese walk).
#[test]
fn the_redrive_note_goes_when_its_message_is_back_in_the_dlq() {
    use super::moments::MomentKind;
    let s = to_the_dlq().reduce(Msg::DismissMoment);
    let mut s = s.reduce(redrive()).reduce(Msg::Skip { sim_ms: 1_000 });
    assert_eq!(
        s.moment.as_ref().map(|m| m.kind),
        Some(MomentKind::Redriven)
    );
    let back = |s: &AppState| {
        s.view(|w| {
            w.queue("pedidos-pendentes-dlq")
                .is_some_and(|q| !q.is_empty())
        })
        .unwrap_or(false)
    };
    for _ in 0..60 {
        if back(&s) {
            break;
        }
        s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    }
    assert!(back(&s), "it failed its way back to the DLQ");
    assert!(s
        .moment
        .as_ref()
        .is_none_or(|m| m.kind != MomentKind::Redriven));
}
