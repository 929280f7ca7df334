//! The reducer, natively: no browser, no wall clock.

use std::rc::Rc;

use sim_core::Action;
use yew::prelude::*;

use super::{AppState, Msg, DEFAULT_SCENARIO};
use crate::i18n::Lang;

fn state(id: &str) -> Rc<AppState> {
    Rc::new(AppState::new(id, 1, Lang::En, false))
}

fn now_ms(s: &AppState) -> u64 {
    s.view(|w| w.now_ms()).unwrap_or(u64::MAX)
}

fn purge(queue: &str) -> Msg {
    Msg::Apply(Box::new(Action::PurgeQueue {
        queue_name: queue.into(),
    }))
}

#[test]
fn an_unknown_scenario_falls_back_to_the_default() {
    let s = state("no-such-lab");
    assert_eq!(s.scenario_id, DEFAULT_SCENARIO);
    assert!(s.view(|w| !w.queues().is_empty()).unwrap_or(false));
}

#[test]
fn a_paused_tick_with_nothing_moving_keeps_the_same_state() {
    let s = state("lab004-orders");
    let next = s.clone().reduce(Msg::Tick {
        wall_now_ms: 1000.0,
        wall_dt_ms: 33.0,
    });
    assert!(Rc::ptr_eq(&s, &next), "nothing re-renders");
}

#[test]
fn playing_ticks_advance_sim_time_by_speed_and_cap_long_frames() {
    let s = state("lab004-orders").reduce(Msg::Play);
    let s = s.reduce(Msg::Tick {
        wall_now_ms: 100.0,
        wall_dt_ms: 100.0,
    });
    assert_eq!(now_ms(&s), 1_000, "100 ms at 10×");
    // A background tab's 10 s frame counts as 250 ms.
    let s = s.reduce(Msg::Tick {
        wall_now_ms: 10_100.0,
        wall_dt_ms: 10_000.0,
    });
    assert_eq!(now_ms(&s), 3_500);
}

#[test]
fn skip_moves_the_clock_and_reset_starts_over_with_the_same_setup() {
    let s = state("lab000-pedidos").reduce(Msg::SetSpeed(5_000));
    assert_eq!(s.speed, 1_000, "speed is clamped");
    let s = s.reduce(Msg::Skip { sim_ms: 60_000 });
    assert_eq!(now_ms(&s), 60_000);
    let s = s.reduce(Msg::Select(Some("pedidos-api".into())));
    let s = s.reduce(Msg::Reset);
    assert_eq!(now_ms(&s), 0);
    assert_eq!((s.scenario_id.as_str(), s.seed), ("lab000-pedidos", 1));
    assert_eq!(s.selected, None);
    assert_eq!(s.speed, 1_000, "the speed carries over");
}

#[test]
fn a_refused_action_says_why_and_an_accepted_one_says_what() {
    let s = state("lab004-orders").reduce(purge("no-such-queue"));
    let n = s.notice.clone().unwrap_or_else(|| panic!("a notice"));
    assert!(!n.ok);
    assert!(n.text.starts_with("PurgeQueue: "), "{}", n.text);
    let s = s.reduce(purge("order-processing-queue"));
    assert_eq!(s.notice.as_ref().map(|n| n.ok), Some(true));
    let s = s.reduce(Msg::Dismiss);
    assert_eq!(s.notice, None);
}

#[test]
fn moves_between_drawn_resources_become_tokens_that_expire() {
    let s = state("lab004-orders").reduce(Msg::Tick {
        wall_now_ms: 0.0,
        wall_dt_ms: 0.0,
    });
    let send = Msg::Apply(Box::new(Action::HttpRequest {
        api: "orders-api".into(),
        method: "POST".into(),
        path: "/orders".into(),
        body: Some(serde_json::json!({ "customerName": "A", "product": "P", "amount": 1 })),
        headers: Default::default(),
    }));
    let s = s.reduce(send).reduce(Msg::Skip { sim_ms: 10_000 });
    assert!(!s.tokens.is_empty());
    let drawn = |n: &str| s.graph.node(n).is_some();
    assert!(s.tokens.iter().all(|t| drawn(&t.from) && drawn(&t.to)));
    let s = s.reduce(Msg::Tick {
        wall_now_ms: 5_000.0,
        wall_dt_ms: 33.0,
    });
    assert!(s.tokens.is_empty(), "arrived after TOKEN_MS");
}
