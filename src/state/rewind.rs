//! Rewind: snapshots of the world (a clone continues exactly as the original would)
//! taken as time passes and after every action, so any earlier moment is a clone
//! plus a short run. Moving back and forth changes nothing; acting, playing or
//! skipping from an earlier moment forks: the recorded future is dropped.

use std::rc::Rc;

use sim_core::trace::TraceKind;
use sim_core::{SimTime, Simulation};

use super::app_state::AppState;
use super::presenter::StageSaid;

/// A snapshot at least this often while time runs…
pub const SNAPSHOT_EVERY_MS: SimTime = 10_000;
/// …but at most this often in wall time: at 1,000× a frame covers more than 10 s of
/// sim time, and cloning the world every frame would cost more than the frame.
pub const SNAPSHOT_WALL_MS: f64 = 250.0;
/// Marks of one kind closer than this to the previous one are not added (a busy run
/// moves messages to a DLQ every few ms; the timeline is a few hundred pixels).
pub const MARK_SPACING_MS: SimTime = 5_000;
/// Marks kept; past this the older half is thinned, as snapshots are.
pub const MAX_MARKS: usize = 400;
/// Snapshots kept; past this the older half is thinned to every other one, so a
/// long run keeps coarser steps far back and fine ones near now.
pub const MAX_SNAPSHOTS: usize = 128;
/// The trace entries and log lines all snapshots may hold together (a full world's
/// trace is 20,000 entries): a busy run keeps fewer, coarser snapshots rather than
/// filling the browser's memory.
pub const WEIGHT_BUDGET: usize = 300_000;

/// A moment the timeline marks: a move to a DLQ, a failed invocation, an alarm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Dlq,
    Error,
    Alarm,
}

/// The world at one moment, and how much of the session's journal it holds.
#[derive(Clone)]
struct Snapshot {
    at_ms: SimTime,
    world: Rc<Simulation>,
    /// Trace entries and log lines: what it costs to keep.
    weight: usize,
    /// Journal records already applied to it. Records after these are replayed on
    /// the way to a later moment: a guide step's Show me applies its actions and
    /// skips minutes in one go with one snapshot at its end, and thinning drops the
    /// snapshots taken after actions (a rewind from them lost G's ten orders).
    records: usize,
}

#[derive(Clone, Default)]
pub struct Timeline {
    /// Oldest first.
    snapshots: Vec<Snapshot>,
    /// The latest moment reached before any rewind.
    pub furthest_ms: SimTime,
    /// Set while the world shows an earlier moment than `furthest_ms`.
    pub rewound_to: Option<SimTime>,
    /// While rewound, the journal index of the next recorded action to replay: those
    /// before it are in the world (a stop at an action's instant leaves it for the
    /// next move, so the stop is seen before the fix made at it).
    replay_next: usize,
    pub marks: Vec<(SimTime, MarkKind)>,
    /// Trace entries already looked at for marks.
    marked_seq: u64,
    /// The page's wall clock at the last timed snapshot.
    last_snapshot_wall_ms: Option<f64>,
}

impl Timeline {
    #[cfg(test)]
    pub fn snapshot_count(&self) -> usize {
        self.snapshots.len()
    }

    fn push(&mut self, at_ms: SimTime, world: &Simulation, records: usize) {
        if self.snapshots.last().is_some_and(|s| s.at_ms == at_ms) {
            self.snapshots.pop(); // the newer state at the same instant wins
        }
        let weight = world.trace().entries().len()
            + world
                .logs()
                .values()
                .map(|g| g.lines().count())
                .sum::<usize>();
        self.snapshots.push(Snapshot {
            at_ms,
            world: Rc::new(world.clone()),
            weight,
            records,
        });
        while self.snapshots.len() > 2
            && (self.snapshots.len() > MAX_SNAPSHOTS || self.weight() > WEIGHT_BUDGET)
        {
            self.thin();
        }
    }

    fn weight(&self) -> usize {
        self.snapshots.iter().map(|s| s.weight).sum()
    }

    fn thin(&mut self) {
        let before = self.snapshots.len();
        thin_older_half(&mut self.snapshots);
        if self.snapshots.len() == before && before > 2 {
            self.snapshots.remove(1); // three left: the middle one goes
        }
    }

    fn due(&self, now_ms: SimTime, wall_ms: f64) -> bool {
        let sim_due = self
            .snapshots
            .last()
            .is_none_or(|s| now_ms >= s.at_ms + SNAPSHOT_EVERY_MS);
        let wall_due = self
            .last_snapshot_wall_ms
            .is_none_or(|w| wall_ms >= w + SNAPSHOT_WALL_MS);
        sim_due && wall_due
    }

    fn collect_marks(&mut self, world: &Simulation) {
        for e in world.trace().since(self.marked_seq) {
            let kind = match e.kind {
                TraceKind::MessageMovedToDlq => MarkKind::Dlq,
                TraceKind::InvocationFailed | TraceKind::InvocationTimedOut => MarkKind::Error,
                // Into ALARM only: an INSUFFICIENT_DATA → OK at the first minute was
                // marked like the alarm firing (walk).
                TraceKind::AlarmStateChanged if e.text.contains("→ ALARM") => MarkKind::Alarm,
                _ => continue,
            };
            let near = self
                .marks
                .iter()
                .rev()
                .find(|(_, k)| *k == kind)
                .is_some_and(|(t, _)| e.at_ms < t + MARK_SPACING_MS);
            if !near {
                self.marks.push((e.at_ms, kind));
            }
        }
        self.marked_seq = world.trace().total();
        if self.marks.len() > MAX_MARKS {
            thin_older_half(&mut self.marks);
        }
    }

    /// The earliest moment the timeline can show: where the page was opened, reset or
    /// restored (thinning keeps the first snapshot).
    pub fn first_ms(&self) -> Option<SimTime> {
        self.snapshots.first().map(|s| s.at_ms)
    }

    /// The newest snapshot at or before `t`, and the journal records it holds.
    fn base_for(&self, t: SimTime) -> Option<(Rc<Simulation>, usize)> {
        self.snapshots
            .iter()
            .rev()
            .find(|s| s.at_ms <= t)
            .map(|s| (s.world.clone(), s.records))
    }

    /// Drops what lies after `t`: the future the learner left.
    fn cut_after(&mut self, t: SimTime) {
        self.snapshots.retain(|s| s.at_ms <= t);
        self.marks.retain(|(at, _)| *at <= t);
        self.furthest_ms = t;
        self.rewound_to = None;
    }
}

/// Drops every other item of the older half (the first one stays): far back gets
/// coarser, near now stays fine.
fn thin_older_half<T>(items: &mut Vec<T>) {
    let half = items.len() / 2;
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        i > half || i % 2 == 1
    });
}

impl AppState {
    /// Takes a snapshot when one is due (always after an action), and notes marks.
    pub(super) fn capture(&mut self, after_action: bool) {
        if self.timeline.borrow().rewound_to.is_some() {
            return;
        }
        let (timeline, wall_ms) = (self.timeline.clone(), self.wall_ms);
        let records = self.journal.len();
        self.view(|w| {
            let mut tl = timeline.borrow_mut();
            let now = w.now_ms();
            if after_action || tl.due(now, wall_ms) {
                tl.push(now, w, records);
                tl.last_snapshot_wall_ms = Some(wall_ms);
            }
            tl.furthest_ms = tl.furthest_ms.max(now);
            tl.collect_marks(w);
        });
    }

    /// Shows the world as it was at `t` (clamped to what was reached).
    pub(super) fn rewind_to(&mut self, t: SimTime) {
        // What Show me or F did is history now: a step redone by hand must not say
        // it, nor a fault the world no longer has.
        if !matches!(self.stage_said, Some(StageSaid::Break(..))) {
            self.stage_said = None;
        }
        let (base, t, furthest) = {
            let tl = self.timeline.borrow();
            let t = t.min(tl.furthest_ms);
            (tl.base_for(t), t, tl.furthest_ms)
        };
        let Some((base, records)) = base else {
            return;
        };
        let mut world = (*base).clone();
        // The journal is in time order: the records after the snapshot's, up to `t`.
        let later = &self.journal[records.min(self.journal.len())..];
        let later = &later[..later.partition_point(|r| r.at_ms <= t)];
        super::session::replay(&mut world, later, t);
        let total = world.trace().total();
        if let Ok(mut w) = self.world.try_borrow_mut() {
            *w = Some(world);
        }
        {
            let mut tl = self.timeline.borrow_mut();
            tl.rewound_to = (t < furthest).then_some(t);
            tl.replay_next = self.journal.partition_point(|r| r.at_ms <= t);
        }
        self.playing = false;
        self.halted = None;
        self.tokens.clear();
        self.explained = None; // the stage says what was newest then
        self.seen_trace = total;
    }

    /// While rewound, the time of the recorded future's next action: a move forward
    /// stops there so the action comes back at its time.
    pub(super) fn next_recorded_ms(&self) -> Option<SimTime> {
        let tl = self.timeline.borrow();
        tl.rewound_to?;
        self.journal.get(tl.replay_next).map(|r| r.at_ms)
    }

    /// After the clock moved on while rewound: the recorded actions it reached are
    /// applied as a restored session's are, so playing on from an earlier moment
    /// replays what happened (the instructor walk lost a fix and a redrive to one
    /// step). Those at the instant of a stop wait for the next move. Back at the
    /// furthest moment with every action replayed, the timeline records again.
    pub(super) fn replay_recorded(&mut self) {
        if self.timeline.borrow().rewound_to.is_none() {
            return;
        }
        let Some(now) = self.view(|w| w.now_ms()) else {
            return;
        };
        let start = self.timeline.borrow().replay_next.min(self.journal.len());
        let halted = self.halted.is_some();
        let due = self.journal[start..]
            .iter()
            .take_while(|r| r.at_ms < now || (r.at_ms == now && !halted))
            .count();
        let journal = self.journal.clone();
        if due > 0 {
            self.view_mut(|w| super::session::replay(w, &journal[start..start + due], now));
        }
        let mut tl = self.timeline.borrow_mut();
        tl.replay_next = start + due;
        let done = now >= tl.furthest_ms && tl.replay_next == journal.len();
        tl.rewound_to = (!done).then_some(now);
    }

    /// Before an action (`apply`, `schedule`): from an earlier moment, the recorded
    /// future goes (actions after it leave the session).
    pub(super) fn fork_if_rewound(&mut self) {
        let Some(t) = self.timeline.borrow().rewound_to else {
            return;
        };
        // Cut where replay stands, not by time: a record at the instant of a stop has
        // not come back yet, and the session keeps only what the world holds.
        let kept = self.timeline.borrow().replay_next;
        Rc::make_mut(&mut self.journal).truncate(kept);
        self.generated = super::session::scheduled_count(&self.journal);
        self.timeline.borrow_mut().cut_after(t);
        // The fork's own entries are marked (those of the erased future were counted).
        if let Some(total) = self.view(|w| w.trace().total()) {
            self.timeline.borrow_mut().marked_seq = total;
        }
        // So do the guide steps done in it: the actions that did them are gone.
        self.guide_done_at_ms.retain(|&at_ms| at_ms <= t);
        // A teaching moment from the erased future goes with it, and may teach again.
        if let Some(m) = self.moment.take_if(|m| m.entry.at_ms > t) {
            self.moments_seen.retain(|k| *k != m.kind);
        }
    }
}
