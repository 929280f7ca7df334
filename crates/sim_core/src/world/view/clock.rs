//! The sim clock as the time controls show it.

use crate::{SimTime, Simulation};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    pub now_ms: SimTime,
    /// When the next scheduled thing happens; None when nothing is scheduled.
    pub next_event_ms: Option<SimTime>,
    pub events_run: u64,
}

impl Clock {
    /// Mutable only because finding the next event drops cancelled ones first.
    pub fn of(sim: &mut Simulation) -> Clock {
        Clock {
            now_ms: sim.now_ms(),
            next_event_ms: sim.next_event_time(),
            events_run: sim.events_run(),
        }
    }
}
