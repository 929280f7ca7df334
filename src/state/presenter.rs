//! Presenter mode's state: the hotkeys (what a key means, and what it does to the
//! world), the breakpoints that pause the clock right after an event, and the
//! explanation the stage shows. Pure: tested natively.

use sim_core::trace::{TraceEntry, TraceEntryRef, TraceKind};
use sim_core::view::{EntryView, NodeStats, ResourceKind};
use sim_core::{Action, Simulation};

use super::app_state::{AppState, SPEEDS};
use crate::diagram::layout::Graph;

/// A step to an event further ahead than this asks first, and a second step goes: one
/// more press on a paused DLQ took a class 96 hours on, to the message's
/// MessageRetentionPeriod, and the message the instructor was about to redrive was gone.
pub const FAR_STEP_MS: sim_core::SimTime = 60 * 60 * 1000;

/// What the clock pauses on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakpoint {
    /// A message moves to a dead-letter queue (an SQS redrive policy, or an
    /// EventBridge target's DLQ).
    Dlq,
    /// An alarm goes into ALARM.
    Alarm,
    /// A Lambda invocation fails, times out or is throttled; a rule target fails.
    Error,
}

impl Breakpoint {
    pub const ALL: [Breakpoint; 3] = [Breakpoint::Dlq, Breakpoint::Alarm, Breakpoint::Error];

    /// Whether this trace entry is what the breakpoint waits for.
    pub fn hit_by(self, e: &TraceEntryRef) -> bool {
        match self {
            Breakpoint::Dlq => matches!(
                e.kind,
                TraceKind::MessageMovedToDlq | TraceKind::TargetSentToDlq
            ),
            Breakpoint::Alarm => {
                e.kind == TraceKind::AlarmStateChanged && e.text.contains("→ ALARM")
            }
            Breakpoint::Error => matches!(
                e.kind,
                TraceKind::InvocationFailed
                    | TraceKind::InvocationTimedOut
                    | TraceKind::InvocationThrottled
                    | TraceKind::TargetFailed
            ),
        }
    }
}

/// Which breakpoints are on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Breakpoints {
    pub dlq: bool,
    pub alarm: bool,
    pub error: bool,
}

impl Breakpoints {
    pub fn is_on(&self, b: Breakpoint) -> bool {
        match b {
            Breakpoint::Dlq => self.dlq,
            Breakpoint::Alarm => self.alarm,
            Breakpoint::Error => self.error,
        }
    }

    pub fn toggle(&mut self, b: Breakpoint) {
        let flag = match b {
            Breakpoint::Dlq => &mut self.dlq,
            Breakpoint::Alarm => &mut self.alarm,
            Breakpoint::Error => &mut self.error,
        };
        *flag = !*flag;
    }

    /// The first breakpoint on that this entry hits.
    pub fn hit(&self, e: &TraceEntryRef) -> Option<Breakpoint> {
        Breakpoint::ALL
            .into_iter()
            .find(|b| self.is_on(*b) && b.hit_by(e))
    }
}

/// The clock stopped at a breakpoint: which one, and the entry that hit it.
#[derive(Clone, Debug, PartialEq)]
pub struct Halt {
    pub breakpoint: Breakpoint,
    pub entry: TraceEntry,
}

/// What the last presenter key did, said on the stage until the next key.
#[derive(Clone, Debug, PartialEq)]
pub enum StageSaid {
    /// The guide step G just did (0-based): the stage hides the guide, and G acted
    /// without saying which step.
    Step(usize),
    /// The stop D, A or E just turned on (true) or off: the instructor walk saw only a
    /// chip change colour.
    Break(Breakpoint, bool),
    /// What F just did: the lab 003 rehearsal read "UpdateFunctionConfiguration
    /// applied" and could not tell the outage from the fix.
    Fault(FaultDid),
    /// R found nothing to redrive in this DLQ, and started nothing: pressed twice, it
    /// started a second, empty redrive ("0 messages to move").
    RedriveEmpty(String),
    /// R found this DLQ's messages all in flight (hidden after a poll), and started
    /// nothing: a redrive moves only visible messages.
    RedriveInFlight(String, u64),
    /// B found no earlier moment to go back to (a reloaded page keeps no timeline
    /// before it; the lab 000 walk pressed B and nothing said why nothing happened).
    NothingBack,
}

/// What F did to a function, for the stage's headline.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultDid {
    pub function_name: String,
    pub what: FaultWhat,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FaultWhat {
    /// Lab 003's payments decline every charge (success rate 0%).
    Declines,
    /// ... and charge again (100%).
    Charges,
    /// The function raises its forced error on every invocation.
    Throws,
    /// It runs its code again.
    Mended,
}

/// What a key does, in the page and on the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hotkey {
    PlayPause,
    Step,
    /// → or N held down (the keyboard's repeat): steps, but never answers a far
    /// step's question (one held key went 96 h on in a blink).
    StepHeld,
    Faster,
    Slower,
    ToggleFault,
    SendOrder,
    Redrive,
    /// The guided lab's next step, shown (its show-me).
    NextStep,
    /// Ten seconds back on the timeline.
    Back,
    Presenter,
    Keys,
    /// The inspector over the stage, on or off.
    Inspect,
    Escape,
    Break(Breakpoint),
}

impl Hotkey {
    /// Whether it acts on the world, and so has something to say on the stage's line.
    /// Not D, A or E: pressed in answer to a note ("Last receive before the DLQ"), it
    /// took the note away (the re-walk); the bar shows the stop lit. (B, below, when
    /// it moves the clock.)
    fn acts(self) -> bool {
        matches!(
            self,
            Hotkey::ToggleFault | Hotkey::SendOrder | Hotkey::Redrive | Hotkey::NextStep
        )
    }

    /// The key (`KeyboardEvent.key`) that means it, if any.
    pub fn from_key(key: &str) -> Option<Hotkey> {
        Some(match key {
            " " | "Spacebar" => Hotkey::PlayPause,
            "ArrowRight" | "n" | "N" => Hotkey::Step,
            "+" | "=" => Hotkey::Faster,
            "-" | "_" => Hotkey::Slower,
            "f" | "F" => Hotkey::ToggleFault,
            "o" | "O" => Hotkey::SendOrder,
            "r" | "R" => Hotkey::Redrive,
            "g" | "G" => Hotkey::NextStep,
            "b" | "B" => Hotkey::Back,
            "p" | "P" => Hotkey::Presenter,
            "?" => Hotkey::Keys,
            "i" | "I" => Hotkey::Inspect,
            "Escape" | "Esc" => Hotkey::Escape,
            "d" | "D" => Hotkey::Break(Breakpoint::Dlq),
            "a" | "A" => Hotkey::Break(Breakpoint::Alarm),
            "e" | "E" => Hotkey::Break(Breakpoint::Error),
            _ => return None,
        })
    }
}

/// The next speed up or down the list, from wherever the speed is.
pub fn speed_step(speed: u32, up: bool) -> u32 {
    if up {
        SPEEDS.iter().copied().find(|s| *s > speed).unwrap_or(speed)
    } else {
        SPEEDS
            .iter()
            .rev()
            .copied()
            .find(|s| *s < speed)
            .unwrap_or(speed)
    }
}

/// The lab's demo: the function that reads the last queue with a DLQ in the pipeline
/// (lab 000: processa-pedidos-lambda), and that queue's DLQ. Read from the diagram, so
/// no lab needs to name it.
pub fn demo_target(g: &Graph) -> Option<(String, String)> {
    let kind = |n: &str| g.node(n).map(|n| n.kind);
    let mut best: Option<(f64, String, String)> = None;
    for e in &g.edges {
        if e.redrive || kind(&e.from) != Some(ResourceKind::Queue) {
            continue;
        }
        let Some(f) = g.node(&e.to).filter(|f| f.kind == ResourceKind::Function) else {
            continue;
        };
        let dlq = g
            .edges
            .iter()
            .find(|d| d.redrive && d.from == e.from && kind(&d.to) == Some(ResourceKind::Dlq));
        if let Some(dlq) = dlq {
            if best.as_ref().is_none_or(|(x, _, _)| f.x > *x) {
                best = Some((f.x, f.name.clone(), dlq.to.clone()));
            }
        }
    }
    best.map(|(_, f, d)| (f, d))
}

/// The function F acts on: the selected one, else one whose forced error is on (so F
/// turns it off again), else the demo's.
pub fn fault_target(w: &Simulation, g: &Graph, selected: Option<&str>) -> Option<String> {
    let is_fn = |n: &str| g.node(n).is_some_and(|n| n.kind == ResourceKind::Function);
    if let Some(s) = selected.filter(|s| is_fn(s)) {
        return Some(s.to_string());
    }
    let broken = |f: &&sim_core::lambda::Function| {
        f.faults.throw || charge_rate(w, &f.config.function_name) == Some(0)
    };
    if let Some(f) = w.functions().iter().find(broken) {
        return Some(f.config.function_name.clone());
    }
    demo_target(g).map(|(f, _)| f).or_else(|| fed_function(g))
}

/// A function that charges payments at a success rate (lab 003's payments-processor):
/// that rate, per mille.
pub fn charge_rate(w: &Simulation, function_name: &str) -> Option<u32> {
    match &*w.function(function_name)?.config.behavior {
        sim_core::lambda::Behavior::ChargePayment { success_per_mille } => Some(*success_per_mille),
        _ => None,
    }
}

/// Without a queue and its DLQ (lab 004's streams stage), the rightmost function a
/// queue or a table's stream feeds: F said "nothing to act on" there, and the lab's
/// failing stream batch could only be shown through G.
fn fed_function(g: &Graph) -> Option<String> {
    let kind = |n: &str| g.node(n).map(|n| n.kind);
    g.edges
        .iter()
        .filter(|e| {
            matches!(
                kind(&e.from),
                Some(ResourceKind::Queue | ResourceKind::Table)
            )
        })
        .filter_map(|e| g.node(&e.to).filter(|f| f.kind == ResourceKind::Function))
        .max_by(|a, b| a.x.total_cmp(&b.x))
        .map(|f| f.name.clone())
}

/// The DLQ R redrives: the selected one, else the one a message last moved to that
/// still holds messages (the stop the class just watched), else the first holding
/// messages, else the demo's.
pub fn redrive_target(w: &Simulation, g: &Graph, selected: Option<&str>) -> Option<String> {
    let dlqs: Vec<&str> = g
        .nodes
        .iter()
        .filter(|n| n.kind == ResourceKind::Dlq)
        .map(|n| n.name.as_str())
        .collect();
    if let Some(s) = selected.filter(|s| dlqs.contains(s)) {
        return Some(s.to_string());
    }
    let holds = |d: &str| queue_counts(w, d).0 > 0;
    let last_moved = w
        .trace()
        .entries()
        .rev()
        .filter(|e| e.kind == TraceKind::MessageMovedToDlq)
        .filter_map(|e| e.to)
        .find(|d| dlqs.contains(d) && holds(d));
    last_moved
        .or_else(|| dlqs.iter().copied().find(|d| holds(d)))
        .map(str::to_string)
        .or_else(|| demo_target(g).map(|(_, d)| d))
}

/// A queue's messages a receive or a redrive could take now, and those in flight.
fn queue_counts(w: &Simulation, queue: &str) -> (u64, u64) {
    match NodeStats::of(w, queue, ResourceKind::Queue) {
        NodeStats::Queue {
            available,
            in_flight,
            ..
        } => (available, in_flight),
        _ => (0, 0),
    }
}

/// Whether an entry is worth a projector (a peek changes nothing: rank 0).
pub(super) fn meaningful(e: &TraceEntryRef) -> bool {
    rank(e) > 0
}

/// The newest entry worth explaining.
pub fn latest_explanation(w: &Simulation) -> Option<TraceEntry> {
    w.trace()
        .entries()
        .rev()
        .find(meaningful)
        .map(|e| e.to_entry())
}

/// How long a line stays on the stage before a less telling one may replace it: at
/// 10× lab 003's fan-out ("rule matched: 3 targets") was gone in a tenth of a second,
/// under the HTTP 201 that followed it.
pub const EXPLAIN_HOLD_WALL_MS: f64 = 1_500.0;

/// The stage's line, since when (wall time) it is up, and the newest line that waited
/// behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    pub entry: TraceEntry,
    rank: u8,
    since_wall_ms: f64,
    /// Written while this line was held: shown once the hold is over, so the stage
    /// does not stay on an older line when nothing newer comes (the instructor
    /// re-walk saw "visible again" stay up after the message was deleted).
    newer: Option<TraceEntry>,
}

impl Explained {
    fn up(entry: TraceEntry, wall_ms: f64) -> Explained {
        Explained {
            rank: rank(&entry.as_ref()),
            entry,
            since_wall_ms: wall_ms,
            newer: None,
        }
    }
}

/// How much an entry teaches: a fan-out, a failure, a redelivery above the routine
/// sends, deletes and responses; a move to a DLQ and an alarm's change above all (at
/// 100× the line's hold is 150 s of the clock, and the move waited behind an older
/// "visible again" for over a minute, beside a DLQ holding the message).
fn rank(e: &TraceEntryRef) -> u8 {
    use TraceKind as K;
    match e.kind {
        K::MessagePeeked => 0,
        K::MessageMovedToDlq | K::AlarmStateChanged => 3,
        K::RuleMatched
        | K::NoRuleMatched
        | K::MessageVisible
        | K::MessageDuplicate
        | K::MessageExpired
        | K::MessageNotDeleted
        | K::BatchItemFailures
        | K::InvocationFailed
        | K::InvocationTimedOut
        | K::InvocationThrottled
        | K::AsyncRetryScheduled
        | K::AsyncEventDropped
        | K::ConditionalCheckFailed
        | K::StreamBatchRetry
        | K::TargetRetryScheduled
        | K::TargetFailed
        | K::TargetSentToDlq
        | K::SnsFilteredOut
        | K::PipeFiltered
        | K::TriggerFiltered
        | K::PipeDelivered
        | K::EventRejected
        | K::AccessDenied
        | K::RedriveStarted
        | K::RedriveFinished
        // The fan-out itself: published to N subscriptions, not the publisher's own
        // success in the same instant (the lab 004 fan-out walk never saw it).
        | K::SnsPublished => 2,
        _ => 1,
    }
}

/// The stage's line after `new` entries were written. The candidate is the most
/// telling entry of the last instant written (the newest of equal rank: a step's
/// fan-out, not its HTTP 201; a skip's last moment, not a redelivery minutes before
/// it), else the line that waited. It replaces the line up if it tells more, if the
/// learner just asked for something (F, O, R, a step or a skip says what it did at
/// once), or once the line was up for `EXPLAIN_HOLD_WALL_MS`; otherwise it waits.
pub(super) fn next_explained<'a>(
    current: Option<Explained>,
    new: impl Iterator<Item = TraceEntryRef<'a>>,
    wall_ms: f64,
    asked: bool,
) -> Option<Explained> {
    let fresh = best_of_last_instant(new);
    let Some(mut current) = current else {
        return fresh.map(|e| Explained::up(e.to_entry(), wall_ms));
    };
    let Some(candidate) = fresh.map(|e| e.to_entry()).or_else(|| current.newer.take()) else {
        return Some(current);
    };
    let expired = wall_ms >= current.since_wall_ms + EXPLAIN_HOLD_WALL_MS;
    if asked || expired || rank(&candidate.as_ref()) > current.rank {
        Some(Explained::up(candidate, wall_ms))
    } else {
        current.newer = Some(candidate);
        Some(current)
    }
}

/// Of entries in time order, the most telling at the last instant (the newest of equal
/// rank); None when none is worth a line. One pass, nothing collected: it runs on
/// every frame's new entries.
fn best_of_last_instant<'a>(
    entries: impl Iterator<Item = TraceEntryRef<'a>>,
) -> Option<TraceEntryRef<'a>> {
    entries.filter(meaningful).fold(None, |best, e| match best {
        Some(b) if b.at_ms == e.at_ms && rank(&b) > rank(&e) => Some(b),
        _ => Some(e),
    })
}

/// Runs the world up to `until_ms` or `budget` events, one event at a time; with a
/// breakpoint on, stops right after the event that hits it (the clock stays there).
pub fn run_watching(
    world: &mut Simulation,
    until_ms: u64,
    budget: u32,
    breakpoints: Breakpoints,
) -> Option<Halt> {
    let mut left = budget;
    while left > 0 && world.next_event_time().is_some_and(|t| t <= until_ms) {
        let before = world.trace().total();
        world.step();
        left -= 1;
        if breakpoints != Breakpoints::default() {
            // The new entries, read from the newest back: the oldest that hits wins.
            let hit = world
                .trace()
                .entries()
                .rev()
                .take_while(|e| e.seq >= before)
                .filter_map(|e| breakpoints.hit(&e).map(|b| (b, e)))
                .last()
                .map(|(b, e)| (b, e.to_entry()));
            if let Some((breakpoint, entry)) = hit {
                return Some(Halt { breakpoint, entry });
            }
        }
    }
    if left > 0 {
        world.run_until(until_ms);
    }
    None
}

/// How long, in sim time, a moment stays on the stage after its event…
const STAGE_MOMENT_MS: u64 = 60_000;
/// …and at least how long in wall-clock time with the clock running, to be read out:
/// three lines, at any speed.
pub(super) const STAGE_MOMENT_WALL_MS: f64 = 12_000.0;

impl AppState {
    /// Whether a breakpoint can happen in this world: a DLQ stop needs a queue with a
    /// redrive policy, a rule target or an SNS subscription with a DLQ; an alarm stop
    /// an alarm (lab 004's stream stage has neither, and its student walk looked for
    /// what they meant). A function's error always can.
    pub fn breakpoint_reachable(&self, b: Breakpoint) -> bool {
        self.view(|w| match b {
            Breakpoint::Dlq => {
                w.queues()
                    .iter()
                    .any(|q| q.settings.redrive_policy.is_some())
                    || w.rules()
                        .iter()
                        .any(|r| r.targets.iter().any(|t| t.dead_letter_queue.is_some()))
                    || w.topics().iter().any(|t| {
                        t.subscriptions
                            .iter()
                            .any(|s| s.config.dead_letter_queue.is_some())
                    })
            }
            Breakpoint::Alarm => !w.alarms().is_empty(),
            Breakpoint::Error => true,
        })
        .unwrap_or(true)
    }

    /// The moment on screen, if any. Rewound to before it, it has not happened yet.
    /// On the stage, not when a breakpoint stopped at this very entry (the explanation
    /// below says it in larger type), nor while paused after that stop (F pressed
    /// there brought the box up while the instructor was on the fix); played on, it
    /// shows (the stop had cost the DLQ demo "Fix the cause, then redrive"),
    /// nor a minute of sim time after its event (the first redelivery's box stayed
    /// through the second and third receives) once it has been up 12 s of running
    /// clock (at 100× that minute passed in 0.6 s), or 12 s at all when the clock
    /// jumped there (G's show-me left "First redelivery" from 1 min up at 5 min). Nor while the line below has something
    /// to say first: a stop, a question, a refusal, an empty step (the box lies over
    /// that line, and over it hid "Paused: a function failed").
    pub fn moment_shown(&self) -> Option<&super::moments::Moment> {
        let now_ms = self.view(|w| w.now_ms()).unwrap_or(0);
        let m = self.moment.as_ref().filter(|m| m.entry.at_ms <= now_ms)?;
        let said_below = self.presenter
            && ((self.halt_said == Some(m.entry.seq) && !self.playing)
                || (now_ms > m.entry.at_ms + STAGE_MOMENT_MS
                    && (m.stage_seen_ms >= STAGE_MOMENT_WALL_MS
                        || self.wall_ms - m.shown_wall_ms >= STAGE_MOMENT_WALL_MS))
                || self.stage_line_first());
        (!said_below).then_some(m)
    }

    /// Counts a running frame's wall-clock ms toward the stage's moment, while it shows.
    pub(super) fn count_stage_moment(&mut self, wall_dt_ms: f64) {
        if self.presenter && self.moment_shown().is_some() {
            if let Some(m) = self.moment.as_mut() {
                m.stage_seen_ms += wall_dt_ms;
            }
        }
    }

    /// What the stage's line below the diagram says before any teaching moment.
    fn stage_line_first(&self) -> bool {
        self.halted.is_some()
            || self.far_step_to().is_some()
            || self.nothing_left
            || self.quiet_step
            || self.notice.as_ref().is_some_and(|n| !n.ok)
    }

    /// The guide step G (or Show me) just did, until the next key.
    pub fn shown_step(&self) -> Option<usize> {
        match self.stage_said {
            Some(StageSaid::Step(i)) => Some(i),
            _ => None,
        }
    }

    /// A hotkey, resolved against the world: which function, which DLQ, which order.
    pub(super) fn hotkey(&mut self, key: Hotkey) {
        self.stage_said = None;
        // What the instructor does now is said on the line below, which a teaching
        // note lies over: a minute-old "First redelivery" hid F and G there (the lab
        // 003 rehearsal). A note the action brings comes up as usual, and so does
        // one a stop held back (played on from the DLQ stop after F, it shows).
        if self.presenter && key.acts() && self.moment_shown().is_some() {
            self.moment = None;
        }
        match key {
            Hotkey::PlayPause => self.set_playing(!self.playing),
            Hotkey::Faster => self.speed = speed_step(self.speed, true),
            Hotkey::Slower => self.speed = speed_step(self.speed, false),
            Hotkey::Presenter => self.set_presenter(!self.presenter),
            Hotkey::Keys => self.keys_open = !self.keys_open,
            Hotkey::Inspect => self.set_inspecting(!self.inspecting),
            Hotkey::Escape if self.keys_open => self.keys_open = false,
            Hotkey::Escape if self.inspecting => self.set_inspecting(false),
            // The note over the diagram goes first: Esc left the stage with it still
            // up, and only its × closed it (the instructor walk).
            Hotkey::Escape if self.moment_shown().is_some() => self.moment = None,
            Hotkey::Escape => self.set_presenter(false),
            // A stop the lab cannot reach is not offered, nor turned on by its key: on,
            // it showed up on the bar though it could never pause (the review).
            Hotkey::Break(b) if !self.breakpoints.is_on(b) && !self.breakpoint_reachable(b) => {}
            Hotkey::Break(b) => {
                self.breakpoints.toggle(b);
                self.stage_said = Some(StageSaid::Break(b, self.breakpoints.is_on(b)));
            }
            Hotkey::Step => self.step(),
            Hotkey::StepHeld => self.step_held(),
            Hotkey::NextStep => {
                let step = self.catch_up_guide();
                self.show_step(step);
                self.stage_said = Some(StageSaid::Step(step));
            }
            Hotkey::Back => {
                let now = self.view(|w| w.now_ms()).unwrap_or(0);
                // No further back than the timeline goes: a page restored at 30 s
                // went nowhere from 35 s, with 30 s right there.
                let first = self.timeline.borrow().first_ms().unwrap_or(0);
                self.rewind_to(now.saturating_sub(10_000).max(first));
                if self.view(|w| w.now_ms()) == Some(now) {
                    self.stage_said = Some(StageSaid::NothingBack);
                } else if self.presenter && self.moment_shown().is_some() {
                    // A note still after its event lay over the timeline B moved and
                    // over its "Back to the latest moment" (the instructor walk). One
                    // rewound past waits for its moment, as a rewind leaves it.
                    self.moment = None;
                }
            }
            Hotkey::ToggleFault => {
                let (graph, selected) = (self.graph.clone(), self.selected.clone());
                let target = self.view(|w| {
                    let f = fault_target(w, &graph, selected.as_deref())?;
                    let thrown = w.function(&f).is_some_and(|x| x.faults.throw);
                    Some((charge_rate(w, &f).filter(|_| !thrown), f, thrown))
                });
                let Some((rate, function_name, thrown)) = target.flatten() else {
                    return;
                };
                let did = FaultDid {
                    function_name: function_name.clone(),
                    // What the function does after the key: a declining one charges.
                    what: match rate {
                        Some(0) => FaultWhat::Charges,
                        Some(_) => FaultWhat::Declines,
                        None if thrown => FaultWhat::Mended,
                        None => FaultWhat::Throws,
                    },
                };
                // Lab 003 breaks its payments by declining every charge, and its guide
                // explains that ("0 errors: the messages fail, not the function"): F
                // does the same, and mends it as step 4 does, at 100% (it threw, and
                // the guide read wrong beside it).
                let action = match rate {
                    Some(rate) => Action::SetFunctionConfiguration {
                        function_name,
                        timeout: None,
                        reserved_concurrent_executions: None,
                        success_per_mille: Some(if rate == 0 { 1000 } else { 0 }),
                    },
                    None => Action::SetFault {
                        function_name,
                        fault: sim_core::action::FaultKind::Throw,
                        enabled: !thrown,
                        fraction: None,
                        seconds: None,
                    },
                };
                self.apply(action);
                if self.notice.as_ref().is_none_or(|n| n.ok) {
                    self.stage_said = Some(StageSaid::Fault(did));
                }
            }
            Hotkey::SendOrder => {
                // As the page's form would send it now (lab 004's: no order id, so each
                // O is a new order; a fixed id was refused the second time), else a new
                // order typed as JSON (super::next_order).
                let journal = self.journal.clone();
                let draft = self.order_draft.borrow().clone();
                // The current step's own ids are fine (O may do that step); later ones not.
                let later = self.guide_step() + 1;
                let reserved = self
                    .view(|w| super::next_order::guide_ids(w.scenario().guide.as_deref(), later))
                    .unwrap_or_default();
                let body = |e: &EntryView| match e.form() {
                    Some(f) => draft.clone().unwrap_or_else(|| f.default_body()),
                    None => super::next_order::json_body(e, &journal, &reserved),
                };
                let order = self
                    .view(|w| EntryView::of(w).map(|e| e.request(body(&e))))
                    .flatten();
                if let Some(a) = order {
                    self.apply(a);
                }
            }
            Hotkey::Redrive => self.redrive(),
        }
    }

    /// The steps the world has done, marked now: the guide card marks them after it
    /// draws, and a G pressed before that did the same step again (five quick G's on
    /// a busy machine, CI).
    ///
    /// Gives the step the card shows as current. Looking back, the marks stay as they
    /// were, but a step whose check already holds there is shown done: G and Show me
    /// do the step after it (after B they did the step before the one shown).
    fn catch_up_guide(&mut self) -> usize {
        let known = self.guide_done();
        let done = self.guide_step_in_world();
        if done > known {
            self.set_guide_progress(done);
        }
        done
    }

    /// R: the DLQ redrive, when the DLQ has visible messages to move; else the stage
    /// says why none was started (R twice started a second, empty redrive).
    fn redrive(&mut self) {
        let (graph, selected) = (self.graph.clone(), self.selected.clone());
        let dlq = self
            .view(|w| redrive_target(w, &graph, selected.as_deref()))
            .flatten();
        let Some(source_queue) = dlq else {
            return;
        };
        let counts = self.view(|w| queue_counts(w, &source_queue));
        self.stage_said = match counts {
            Some((0, 0)) => Some(StageSaid::RedriveEmpty(source_queue)),
            // A poll hid them: a redrive moves only visible messages.
            Some((0, in_flight)) => Some(StageSaid::RedriveInFlight(source_queue, in_flight)),
            _ => {
                self.apply(Action::StartMessageMoveTask {
                    source_queue,
                    destination_queue: None,
                    max_number_of_messages_per_second: None,
                });
                None
            }
        };
    }

    /// Presenter mode on or off; the page never keeps the stage's inspector.
    pub(super) fn set_presenter(&mut self, on: bool) {
        self.presenter = on;
        if !on {
            self.set_inspecting(false);
        }
        // A note about a moment more than a minute of sim time back is not news to the
        // room: it came up on the page, and on the stage it lay over the timeline and
        // the latest event until the clock ran 12 s (the walk entered the stage paused,
        // four minutes after a "First redelivery").
        let now_ms = self.view(|w| w.now_ms()).unwrap_or(0);
        if let Some(m) = self.moment.as_mut().filter(|_| on) {
            if now_ms > m.entry.at_ms + STAGE_MOMENT_MS {
                m.stage_seen_ms = m.stage_seen_ms.max(STAGE_MOMENT_WALL_MS);
            }
        }
    }

    /// The browser left full screen (its own Esc, which the page never sees): an
    /// open key list or inspector closes, as the page's Esc does, and the stage
    /// stays; else the stage goes.
    pub(super) fn left_fullscreen(&mut self) {
        if self.keys_open {
            self.keys_open = false;
        } else if self.inspecting {
            self.set_inspecting(false);
        } else {
            self.set_presenter(false);
        }
    }

    /// The inspector over the stage. Opened with no box chosen at a stop, it shows
    /// what stopped the clock: the DLQ the message moved to, the alarm, the function;
    /// and lets go of it when it closes.
    pub(super) fn set_inspecting(&mut self, on: bool) {
        let open = on && self.presenter;
        if !open {
            if std::mem::take(&mut self.inspect_chose) {
                self.selected = None;
            }
            self.inspecting = false;
            return;
        }
        // Its tabs open on the chosen box each time (a tab clicked before stayed).
        self.inspecting = true;
        self.selections += 1;
        if self.selected.is_some() {
            return;
        }
        let graph = self.graph.clone();
        let resource = match &self.halted {
            Some(halt) => match halt.breakpoint {
                Breakpoint::Dlq => halt
                    .entry
                    .to
                    .clone()
                    .or_else(|| self.view(|w| redrive_target(w, &graph, None)).flatten()),
                Breakpoint::Alarm | Breakpoint::Error => Some(halt.entry.resource.clone()),
            },
            // What the line under the diagram is about, else the demo's DLQ: "Click
            // any resource in the diagram" under an inspector that hides the diagram
            // left the instructor nothing to do (the instructor walk).
            None => self
                .view(|w| {
                    latest_explanation(w)
                        .map(|e| e.resource)
                        .filter(|n| graph.node(n).is_some())
                        .or_else(|| redrive_target(w, &graph, None))
                })
                .flatten(),
        };
        if let Some(name) = resource.filter(|n| graph.node(n).is_some()) {
            self.selected = Some(name);
            self.inspect_chose = true;
        }
    }

    /// Lets sim time run; a skip stops at a breakpoint too.
    /// From an earlier moment, it stops at each recorded action to apply it.
    pub(super) fn skip(&mut self, sim_ms: u64) {
        let breakpoints = self.breakpoints;
        let Some(to_ms) = self.view(|w| w.now_ms() + sim_ms) else {
            return;
        };
        loop {
            let until_ms = self.next_recorded_ms().map_or(to_ms, |r| r.min(to_ms));
            self.halted = self
                .view_mut(|w| run_watching(w, until_ms, u32::MAX, breakpoints))
                .flatten();
            self.replay_recorded();
            if self.halted.is_some() || until_ms >= to_ms {
                break;
            }
        }
        if self.halted.is_some() {
            self.playing = false;
        }
    }

    /// A guided-lab step's show-me (the card's button and G): its actions, and its
    /// waits as skips.
    fn show_step(&mut self, step: usize) {
        let steps = self
            .view(|w| {
                w.scenario()
                    .guide
                    .as_ref()
                    .and_then(|g| g.steps.get(step))
                    .map(|s| s.show_me.clone())
            })
            .flatten()
            .unwrap_or_default();
        for s in steps {
            match s {
                sim_core::scenario::guide::ShowMe::Apply(a) => self.apply(*a),
                sim_core::scenario::guide::ShowMe::Wait { ms } => {
                    self.skip(ms);
                    if self.halted.is_some() {
                        break; // a breakpoint stopped it: the rest waits for the instructor
                    }
                }
            }
        }
    }

    /// The time a far step asked about, while the clock is where it was asked.
    pub fn far_step_to(&self) -> Option<sim_core::SimTime> {
        let (asked_at, to) = self.far_step?;
        (self.view(|w| w.now_ms()) == Some(asked_at)).then_some(to)
    }

    /// Play or pause; playing again leaves the breakpoint's stop behind.
    pub(super) fn set_playing(&mut self, playing: bool) {
        self.playing = playing;
        if playing {
            self.halted = None;
        }
    }

    /// Everything that happens at the next instant, which a breakpoint names as a
    /// play or a skip would: stepping onto the DLQ move said nothing, and one more N
    /// jumped 96 hours to the message's expiry (the instructor walk).
    pub(super) fn step(&mut self) {
        if let Some(far) = self.far_step_unasked() {
            self.ask_far_step(far);
            return;
        }
        self.far_step = None;
        self.step_now();
    }

    /// A held → steps as long as the next event is near, and stops at a far one's
    /// question without answering it.
    pub(super) fn step_held(&mut self) {
        match self.far_step_ahead() {
            Some(far) => self.ask_far_step(far),
            None => self.step_now(),
        }
    }

    /// The next event, when it is further than `FAR_STEP_MS` ahead: (now, its time).
    fn far_step_ahead(&self) -> Option<(sim_core::SimTime, sim_core::SimTime)> {
        let recorded_ms = self.next_recorded_ms();
        let (now, next) = self
            .view(|w| {
                let next = match (w.next_acting_event_time(), recorded_ms) {
                    (Some(e), Some(r)) => e.min(r),
                    (e, r) => e.or(r)?,
                };
                Some((w.now_ms(), next))
            })
            .flatten()?;
        (next.saturating_sub(now) > FAR_STEP_MS).then_some((now, next))
    }

    /// A far next event not asked about yet: a step now would ask, not run.
    pub(super) fn far_step_unasked(&self) -> Option<(sim_core::SimTime, sim_core::SimTime)> {
        self.far_step_ahead()
            .filter(|far| self.far_step != Some(*far))
    }

    /// Asks before a far step, with the clock paused: playing, the clock moved on each
    /// frame and the question was never there to answer.
    fn ask_far_step(&mut self, far: (sim_core::SimTime, sim_core::SimTime)) {
        self.far_step = Some(far);
        self.playing = false;
        self.halted = None;
    }

    fn step_now(&mut self) {
        let breakpoints = self.breakpoints;
        let recorded_ms = self.next_recorded_ms();
        let stepped = self.view_mut(|w| step_to_something_said(w, breakpoints, recorded_ms));
        self.nothing_left = matches!(stepped, Some(Stepped::NothingLeft));
        self.quiet_step = matches!(stepped, Some(Stepped::Quiet));
        self.halted = match stepped {
            Some(Stepped::Halted(h)) => Some(h),
            _ => None,
        };
        self.replay_recorded();
    }
}

/// At most this many events that write no line are run by one step, and at most one
/// further than this past where it began: a lab with alarms evaluates them every
/// minute, most silently, and a step must not leap hours (the review).
const STEP_SILENT_EVENTS_MAX: u32 = 200;
const STEP_SILENT_SPAN_MS: sim_core::SimTime = 60_000;

/// What one step did.
#[derive(Debug)]
enum Stepped {
    /// Ran up to an event worth a line (or as far as it may go).
    Ran,
    /// A breakpoint stopped it.
    Halted(Halt),
    /// No event left that can change anything (after any that wrote no line).
    NothingLeft,
    /// Ran as far as a step goes, and nothing on the way was worth a line (an alarm
    /// evaluated each minute): the stage says so, or the old line looked stuck.
    Quiet,
}

/// Runs the next event that can change something (not a deleted message's timeout),
/// and on through those that write no line worth the stage (an empty poll): the line
/// stood still while the clock moved 20 ms, 6 steps in 29 (the instructor walk). It
/// never crosses a far event that was not asked about, nor `recorded_ms`, where a
/// rewound session's next recorded action comes back.
fn step_to_something_said(
    w: &mut Simulation,
    breakpoints: Breakpoints,
    recorded_ms: Option<sim_core::SimTime>,
) -> Stepped {
    let start_ms = w.now_ms();
    for i in 0..STEP_SILENT_EVENTS_MAX {
        let next = w.next_acting_event_time();
        if let Some(r) = recorded_ms.filter(|r| next.is_none_or(|t| t > *r)) {
            // Never a far one that was not asked about, as for an event below.
            if i > 0 && r.saturating_sub(w.now_ms()) > FAR_STEP_MS {
                return Stepped::Quiet;
            }
            w.run_until(r);
            return Stepped::Ran;
        }
        // Silent events before it ran, but the stage has nothing new to say.
        let Some(t) = next else {
            return Stepped::NothingLeft;
        };
        // Past the span, one more event and no further (a silent invocation end, then
        // the visibility timeout 70 s on: the step shows the timeout); never a far one
        // that was not asked about.
        let last = t.saturating_sub(start_ms) > STEP_SILENT_SPAN_MS;
        if i > 0 && t.saturating_sub(w.now_ms()) > FAR_STEP_MS {
            return Stepped::Quiet;
        }
        if last && i > 0 {
            // Past silent events already: go on only if this one has something to show
            // (an invocation's silent end, then its message visible again 70 s on).
            // Two silent alarm minutes in one step left "next event at 16 min" behind at
            // 17 min (the lab 004 walk): tried on a snapshot, kept only when it says something.
            let mut tried = w.clone();
            let stepped = run_one(&mut tried, t, breakpoints);
            if stepped.is_some() {
                *w = tried;
            }
            return stepped.unwrap_or(Stepped::Quiet);
        }
        if let Some(stepped) = run_one(w, t, breakpoints) {
            return stepped;
        }
        if last {
            return Stepped::Quiet;
        }
    }
    Stepped::Quiet
}

/// Runs the world to `t`: halted by a breakpoint, ran to a line worth the stage, or
/// `None` when it wrote none.
fn run_one(w: &mut Simulation, t: sim_core::SimTime, breakpoints: Breakpoints) -> Option<Stepped> {
    let before = w.trace().total();
    if let Some(halt) = run_watching(w, t, u32::MAX, breakpoints) {
        return Some(Stepped::Halted(halt));
    }
    let said = w
        .trace()
        .entries()
        .rev()
        .take_while(|e| e.seq >= before)
        .any(|e| meaningful(&e));
    said.then_some(Stepped::Ran)
}
