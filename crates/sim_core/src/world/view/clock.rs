//! The sim clock as the time controls show it.

use crate::{SimTime, Simulation};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    pub now_ms: SimTime,
    /// When the next thing that can change the world is due (events left behind by
    /// deleted messages are skipped); None when nothing is.
    pub next_event_ms: Option<SimTime>,
    pub events_run: u64,
}

impl Clock {
    pub fn of(sim: &Simulation) -> Clock {
        Clock {
            now_ms: sim.now_ms(),
            next_event_ms: sim.next_acting_event_time(),
            events_run: sim.events_run(),
        }
    }
}
