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

#[test]
fn moves_between_drawn_resources_become_tokens_that_expire() {
    let s = state().reduce(tick(0.0, 0.0));
    let order = s
        .view(|w| EntryView::of(w).map(|e| e.request(e.first_body())))
        .flatten()
        .unwrap_or_else(|| panic!("an entry point"));
    let s = s
        .reduce(Msg::Apply(Box::new(order)))
        .reduce(Msg::Skip { sim_ms: 10_000 });
    assert!(!s.tokens.is_empty());
    let drawn = |n: &str| s.graph.node(n).is_some();
    assert!(s.tokens.iter().all(|t| drawn(&t.from) && drawn(&t.to)));
    let s = s.reduce(tick(5_000.0, 33.0));
    assert!(s.tokens.is_empty(), "arrived after TOKEN_MS");
}
