//! The kernel: one clock, one event queue, the id stream and the trace. It knows
//! nothing of AWS services (it imports nothing above it), as dslab-core's state.rs:
//! services own their state and handle their events; the kernel only keeps time.

pub mod md5;
pub mod rng;
pub mod scheduler;
pub mod sha256;
pub mod time;
pub mod trace;

use rng::Rng;
use scheduler::Scheduler;
use time::SimTime;
use trace::{Trace, TraceKind};

/// Bounds that keep a demo left running for hours from growing without limit.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    pub trace_entries: usize,
    pub log_lines_per_group: usize,
    pub http_exchanges: usize,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            trace_entries: 20_000,
            log_lines_per_group: 2_000,
            http_exchanges: 500,
        }
    }
}

/// Clock, scheduler, ids and trace of one world. `E` is the world's event type.
#[derive(Clone)]
pub struct Kernel<E> {
    pub now_ms: SimTime,
    /// The wall-clock instant sim time 0 stands for (ISO times in logs and events).
    pub epoch_ms: u64,
    pub seed: u64,
    pub scheduler: Scheduler<E>,
    pub trace: Trace,
    pub bounds: Bounds,
    /// Ids (message, request): one stream, so ids never depend on resource order.
    pub ids: Rng,
    pub events_run: u64,
}

impl<E> Kernel<E> {
    pub fn new(seed: u64, bounds: Bounds) -> Self {
        Kernel {
            now_ms: 0,
            epoch_ms: time::DEFAULT_EPOCH_MS,
            seed,
            scheduler: Scheduler::default(),
            trace: Trace::new(bounds.trace_entries.max(1)),
            bounds,
            ids: Rng::fork(seed, "ids"),
            events_run: 0,
        }
    }

    /// Schedules `event`; a time in the past means "now" (time never goes back).
    pub fn schedule(&mut self, at_ms: SimTime, event: E) {
        self.scheduler.schedule(at_ms.max(self.now_ms), event);
    }

    /// Takes the next event and moves the clock to its time.
    pub fn pop(&mut self) -> Option<E> {
        let (at_ms, event) = self.scheduler.pop()?;
        debug_assert!(at_ms >= self.now_ms, "time never goes back");
        self.now_ms = at_ms.max(self.now_ms);
        self.events_run += 1;
        Some(event)
    }

    /// The wall-clock ISO time of the current sim time.
    pub fn now_iso(&self) -> String {
        time::iso8601_ms(self.epoch_ms + self.now_ms)
    }

    /// Appends one entry to the trace, stamped with the current time.
    pub fn record(
        &mut self,
        kind: TraceKind,
        resource: &str,
        to: Option<&str>,
        subject: Option<&str>,
        order_id: Option<&str>,
        text: impl crate::kernel::trace::TraceText,
    ) {
        let at_ms = self.now_ms;
        self.trace
            .push_parts(at_ms, kind, resource, to, subject, order_id, text);
    }
}
