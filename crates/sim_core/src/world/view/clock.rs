//! The sim clock as the time controls show it.

use crate::{SimTime, Simulation};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    pub now_ms: SimTime,
    /// When the next thing that can change the world is due (events left behind by
    /// deleted messages are skipped); None when nothing is.
    pub next_event_ms: Option<SimTime>,
    pub events_run: u64,
    /// The queue the next event deletes a message from, when that event is the
    /// message's MessageRetentionPeriod running out.
    pub next_event_expires_in: Option<String>,
}

impl Clock {
    pub fn of(sim: &Simulation) -> Clock {
        let next = sim.next_acting_event();
        Clock {
            now_ms: sim.now_ms(),
            next_event_ms: next.map(|(at_ms, _)| at_ms),
            events_run: sim.events_run(),
            next_event_expires_in: next.and_then(|(_, queue)| queue.map(str::to_string)),
        }
    }
}
