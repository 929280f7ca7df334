//! The reducer: one message in, the next state out. The world runs here, a bounded
//! number of events per frame.

use std::rc::Rc;

use yew::prelude::*;

use super::app_state::{Notice, SimState, MAX_EVENTS_PER_TICK};
use super::msg::Msg;

impl Reducible for SimState {
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
                    let sim_dt = (wall_dt_ms.clamp(0.0, 250.0) * s.speed as f64) as u64;
                    let mut sim = s.sim.borrow_mut();
                    let until = sim.now_ms() + sim_dt;
                    let mut budget = MAX_EVENTS_PER_TICK;
                    while budget > 0 && sim.next_event_time().is_some_and(|t| t <= until) {
                        sim.step();
                        budget -= 1;
                    }
                    if budget > 0 {
                        sim.run_until(until);
                    }
                } else if s.tokens.is_empty() {
                    // Nothing moves: keep the old state so nothing re-renders.
                    return self;
                }
            }
            Msg::Play => s.playing = true,
            Msg::Pause => s.playing = false,
            Msg::Step => {
                let mut sim = s.sim.borrow_mut();
                if let Some(t) = sim.next_event_time() {
                    // Run everything that happens at that instant.
                    sim.run_until(t);
                }
            }
            Msg::Skip { sim_ms } => {
                let mut sim = s.sim.borrow_mut();
                let until = sim.now_ms() + sim_ms;
                sim.run_until(until);
            }
            Msg::SetSpeed(x) => s.speed = x.clamp(1, 1000),
            Msg::Load { scenario_id, seed } => {
                let fresh = SimState::new(&scenario_id, seed, s.lang, s.reduce_motion);
                return Rc::new(SimState {
                    version: s.version + 1,
                    wall_ms: s.wall_ms,
                    speed: s.speed,
                    ..fresh
                });
            }
            Msg::Apply(action) => s.apply(*action),
            Msg::Schedule(steps) => {
                let n = steps.len();
                s.sim.borrow_mut().add_script(steps);
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
