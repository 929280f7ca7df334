//! The reducer: one message in, the next state out. The world runs here, a bounded
//! number of events per frame.

use std::rc::Rc;

use sim_core::Simulation;
use yew::prelude::*;

use super::app_state::{AppState, Notice};
use super::msg::Msg;

/// At most this many events per frame (≈ 50 ms of engine work in wasm), so a heavy
/// backlog at 1,000× slows the sim clock instead of freezing the page.
const MAX_EVENTS_PER_TICK: u32 = 1_500;
/// A frame longer than this (a background tab) advances time as if it were this long.
const MAX_FRAME_MS: f64 = 250.0;

/// Runs the world up to `until_ms`, or `budget` events, whichever comes first.
fn run_bounded(world: &mut Simulation, until_ms: u64, budget: u32) {
    let mut left = budget;
    while left > 0 && world.next_event_time().is_some_and(|t| t <= until_ms) {
        world.step();
        left -= 1;
    }
    if left > 0 {
        world.run_until(until_ms);
    }
}

impl Reducible for AppState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = self.next();
        match msg {
            Msg::Tick {
                wall_now_ms,
                wall_dt_ms,
            } => {
                s.wall_ms = wall_now_ms;
                if s.playing {
                    let sim_dt_ms = (wall_dt_ms.clamp(0.0, MAX_FRAME_MS) * s.speed as f64) as u64;
                    s.view_mut(|w| {
                        let until_ms = w.now_ms() + sim_dt_ms;
                        run_bounded(w, until_ms, MAX_EVENTS_PER_TICK);
                    });
                } else if s.tokens.is_empty() {
                    // Nothing moves: keep the old state so nothing re-renders.
                    return self;
                }
            }
            Msg::Play => s.playing = true,
            Msg::Pause => s.playing = false,
            Msg::Step => {
                // Everything that happens at the next instant.
                s.view_mut(|w| {
                    if let Some(t) = w.next_event_time() {
                        w.run_until(t);
                    }
                });
            }
            Msg::Skip { sim_ms } => {
                s.view_mut(|w| w.run_until(w.now_ms() + sim_ms));
            }
            Msg::SetSpeed(x) => s.speed = x.clamp(1, 1000),
            Msg::Load { scenario_id, seed } => return Rc::new(s.reloaded(&scenario_id, seed)),
            Msg::Reset => {
                let (id, seed) = (s.scenario_id.clone(), s.seed);
                return Rc::new(s.reloaded(&id, seed));
            }
            Msg::Apply(action) => s.apply(*action),
            Msg::Schedule(steps) => {
                let n = steps.len();
                s.view_mut(|w| w.add_script(steps));
                s.notice = Some(Notice {
                    ok: true,
                    text: format!("{n} actions scheduled"),
                });
            }
            Msg::Generated(n) => s.generated += n,
            Msg::Select(node) => s.selected = node,
            Msg::SelectOrder(o) => s.selected_order = o,
            Msg::SetLang(l) => s.lang = l,
            Msg::Dismiss => s.notice = None,
        }
        s.absorb_trace();
        Rc::new(s)
    }
}

impl AppState {
    /// A fresh world; the language, speed, motion setting and wall clock carry over.
    fn reloaded(&self, scenario_id: &str, seed: u64) -> AppState {
        let fresh = AppState::new(scenario_id, seed, self.lang, self.reduce_motion);
        AppState {
            version: self.version,
            wall_ms: self.wall_ms,
            speed: self.speed,
            ..fresh
        }
    }
}
