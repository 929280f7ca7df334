//! Teaching moments: the first time something a learner should notice happens (a
//! redelivery, a move to a DLQ, a partial batch failure, an alarm firing, a refused
//! permission, two consumers on one queue), the app says what happened and why, and
//! links to the trace entry. Read from the trace: the simulation does not know.

use sim_core::trace::{TraceEntry, TraceEntryRef, TraceKind};
use sim_core::view::OrderWhy;
use sim_core::Simulation;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MomentKind {
    FirstRedelivery,
    /// A message visible again while the invocation that received it still runs: a
    /// run longer than the visibility timeout (a Timeout raised above it, the student
    /// walk), and a second invocation receives the same order.
    RedeliveredWhileRunning,
    /// The receive at maxReceiveCount: the next one moves the message to the DLQ.
    LastReceive,
    MovedToDlq,
    PartialBatch,
    AlarmFired,
    AccessDenied,
    CompetingConsumers,
    DuplicateDelivery,
    WholeBatchFailed,
    /// The same, with ReportBatchItemFailures on: an exception fails the batch all the
    /// same (the re-walk read "without ReportBatchItemFailures" beside a trigger that
    /// had it).
    WholeBatchFailedReported,
    /// The first message a redrive moved back: over in a fraction of a second of the
    /// clock, it was gone before the instructor walk could say what had happened.
    Redriven,
    /// A message a redrive brought back, deleted by the function that failed it: the
    /// payoff of the DLQ demo, over in a tenth of a second at 10× and unsaid (the
    /// instructor walk's room saw only "2 items").
    RedriveProcessed,
}

/// The moment on show, with the entry it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub kind: MomentKind,
    pub entry: TraceEntry,
    /// The page's wall clock when it came up.
    pub shown_wall_ms: f64,
    /// Wall-clock ms it has been on the stage while the clock ran: at 100× its minute
    /// of simulated time went by in 0.6 s, unread (the instructor walk).
    pub stage_seen_ms: f64,
}

/// A moment about one happening (a redelivery, a last receive, a partial batch…) goes
/// once the clock is this far past it and it has been up `STALE_WALL_MS`, checked when
/// the trace grows, as `still_holds` is (a quiet world says nothing newer): the SQS
/// guide walk read "First redelivery" at 7 min, after other failures, as news.
const STALE_AFTER_MS: u64 = 5 * 60_000;
/// Long enough to read it, even at 100× (where 5 simulated minutes take 3 s).
const STALE_WALL_MS: f64 = 20_000.0;

/// Whether the moment is old news: see `STALE_AFTER_MS`. A DLQ's message and a fired
/// alarm stay while they hold (`still_holds`).
pub fn is_stale(now_ms: u64, wall_ms: f64, m: &Moment) -> bool {
    let lasting = matches!(m.kind, MomentKind::MovedToDlq | MomentKind::AlarmFired);
    !lasting
        && now_ms >= m.entry.at_ms + STALE_AFTER_MS
        && wall_ms - m.shown_wall_ms >= STALE_WALL_MS
}

/// Whether what the moment points at is still so: a DLQ's message, until the DLQ is
/// empty (redriven or purged); a fired alarm, until it leaves ALARM. The instructor
/// walk saw "Moved to a DLQ … fix the cause and redrive" minutes after the redrive.
pub fn still_holds(w: &Simulation, m: &Moment) -> bool {
    use sim_core::services::cloudwatch::AlarmState;
    if w.now_ms() < m.entry.at_ms {
        return true; // looking back before it (a rewind): it waits there
    }
    match m.kind {
        MomentKind::MovedToDlq => m
            .entry
            .to
            .as_deref()
            .is_none_or(|dlq| w.queue(dlq).is_none_or(|q| !q.is_empty())),
        MomentKind::AlarmFired => w
            .alarm(&m.entry.resource)
            .is_none_or(|a| a.state == AlarmState::ALARM),
        // "The next receive moves it to the DLQ": until it is deleted (the fix came
        // first: the Portuguese walk read that box through two more steps) or moved.
        MomentKind::LastReceive => still_in(w, &m.entry.resource, m.entry.subject.as_deref()),
        // "If the cause was not fixed, it fails again": until it is back in the DLQ
        // (a second, successful redrive stayed under the first one's box). Processed,
        // it stays to be read: that takes the fixed function a fraction of a second.
        MomentKind::Redriven => !m
            .entry
            .subject
            .as_deref()
            .is_some_and(|id| holds_message(w, &m.entry.resource, id)),
        _ => true,
    }
}

/// Whether `queue` still holds the message `message_id` (visible or in flight); true
/// when the entry names no message or the queue is gone.
fn still_in(w: &Simulation, queue: &str, message_id: Option<&str>) -> bool {
    message_id.is_none_or(|id| w.queue(queue).is_none() || holds_message(w, queue, id))
}

fn holds_message(w: &Simulation, queue: &str, message_id: &str) -> bool {
    w.queue(queue)
        .is_some_and(|q| q.messages().any(|(_, m)| m.message_id == message_id))
}

/// Queues read by both a pipe and a Lambda trigger (lab 004 with its pipe).
pub fn shared_queues(w: &Simulation) -> Vec<String> {
    let queue_of_mapping =
        |m: &sim_core::world::SqsMapping| w.queues()[m.queue as usize].name().to_string();
    let triggered: Vec<String> = w.sqs_mappings().iter().map(queue_of_mapping).collect();
    w.pipes()
        .iter()
        .map(|p| p.config.source_queue().to_string())
        .filter(|q| triggered.contains(q))
        .collect()
}

/// What this entry teaches, if anything.
pub fn moment_kind(e: &TraceEntryRef, shared: &[String]) -> Option<MomentKind> {
    match e.kind {
        // The core says when the run that received it still goes on.
        TraceKind::MessageVisible if e.text.starts_with("visibility timeout expired") => Some(
            if e.text
                .contains("while the invocation that received it still runs")
            {
                MomentKind::RedeliveredWhileRunning
            } else {
                MomentKind::FirstRedelivery
            },
        ),
        TraceKind::MessageReceived if is_last_receive(e.text) => Some(MomentKind::LastReceive),
        TraceKind::MessageMovedToDlq => Some(MomentKind::MovedToDlq),
        TraceKind::BatchItemFailures => Some(MomentKind::PartialBatch),
        TraceKind::AlarmStateChanged if e.text.contains("→ ALARM") => {
            Some(MomentKind::AlarmFired)
        }
        TraceKind::AccessDenied => Some(MomentKind::AccessDenied),
        TraceKind::RedriveMoved => Some(MomentKind::Redriven),
        TraceKind::MessageDeleted if e.text.contains("missed the delete") => {
            Some(MomentKind::DuplicateDelivery)
        }
        // The moment the competition costs an order: the pipe deletes one its filter
        // drops, from a queue a Lambda trigger also reads.
        TraceKind::PipeFiltered if e.to.is_some_and(|q| shared.iter().any(|s| s == q)) => {
            Some(MomentKind::CompetingConsumers)
        }
        _ => None,
    }
}

/// The moment this entry makes, if it is one not `seen` yet.
pub fn moment_of(
    w: &Simulation,
    e: &TraceEntryRef,
    shared: &[String],
    seen: &[MomentKind],
) -> Option<MomentKind> {
    let kind = match moment_kind(e, shared) {
        Some(MomentKind::FirstRedelivery)
            if !seen.contains(&MomentKind::FirstRedelivery) && is_surviving_copy(w, e) =>
        {
            None
        }
        // Nothing was deleted, so it is no partial failure (the FIFO guide's consumer
        // fails a batch of one so).
        Some(MomentKind::PartialBatch) if deleted_nothing(e) => None,
        Some(kind) => Some(kind),
        None if seen.contains(&MomentKind::Redriven)
            && !seen.contains(&MomentKind::RedriveProcessed)
            && is_redriven_and_deleted(w, e) =>
        {
            Some(MomentKind::RedriveProcessed)
        }
        None if !seen.contains(&MomentKind::WholeBatchFailed)
            && !seen.contains(&MomentKind::WholeBatchFailedReported) =>
        {
            whole_batch_failed(w, e)
        }
        None => None,
    };
    kind.filter(|k| !seen.contains(k))
}

/// Whether a receive's line says it reached maxReceiveCount ("receive count 3 of
/// maxReceiveCount 3"), on a redelivery: the instructor walk saw the first redelivery
/// explained and the receive before the DLQ not. A maxReceiveCount of 1 or 2 leaves it
/// to the first redelivery's box (every first receive would be "last", or the two
/// boxes would replace each other at once).
fn is_last_receive(text: &str) -> bool {
    let count_after = |label: &str| -> Option<u32> {
        let rest = &text[text.find(label)? + label.len()..];
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        rest[..digits].parse().ok()
    };
    match (
        count_after("receive count "),
        count_after(" of maxReceiveCount "),
    ) {
        (Some(n), Some(max)) => n == max && n >= 3,
        _ => false,
    }
}

/// Whether a BatchItemFailures entry deleted nothing: every message of its batch was
/// reported, or the role may not delete the rest. The core's line says which; only a
/// partial one ends so.
fn deleted_nothing(e: &TraceEntryRef) -> bool {
    !e.text.ends_with("the rest were deleted")
}

/// Whether a message back after its visibility timeout is a stored copy a DeleteMessage
/// missed (lab 003's at-least-once duplicates): the at-least-once moment said so
/// already, and "no one deleted it" would be false. Read from the message's last
/// receive, delete or return before `e`: a copy's is the delete that missed it.
fn is_surviving_copy(w: &Simulation, e: &TraceEntryRef) -> bool {
    if e.kind != TraceKind::MessageVisible || e.subject.is_none() {
        return false;
    }
    let trace = w.trace();
    let first = trace.entries().next().map_or(0, |x| x.seq);
    let before = e.seq.saturating_sub(first) as usize;
    let last_touch = trace.entries().take(before).rev().find(|x| {
        x.subject == e.subject
            && matches!(
                x.kind,
                TraceKind::MessageReceived | TraceKind::MessageDeleted | TraceKind::MessageVisible
            )
    });
    last_touch.is_some_and(|x| {
        x.kind == TraceKind::MessageDeleted && x.text.contains("missed the delete")
    })
}

/// Whether `e` deletes, after its processing, a message a redrive moved back: read from
/// the redrive's line, which names the new MessageId.
fn is_redriven_and_deleted(w: &Simulation, e: &TraceEntryRef) -> bool {
    if e.kind != TraceKind::MessageDeleted
        || e.subject.is_none()
        || !e.text.starts_with("deleted by ")
        || e.text.contains("missed the delete")
    {
        return false;
    }
    // A function's delete after it returned; not the console's.
    let by = e.text.trim_start_matches("deleted by ");
    if !w.functions().iter().any(|f| f.name() == by) {
        return false;
    }
    let trace = w.trace();
    let first = trace.entries().next().map_or(0, |x| x.seq);
    let before = e.seq.saturating_sub(first) as usize;
    // Back to the redrive that made it: a trigger's filter deletes in the function's
    // name without invoking it, and that is no processing (the review).
    for x in trace.entries().take(before).rev() {
        if x.subject != e.subject {
            continue;
        }
        match x.kind {
            TraceKind::TriggerFiltered => return false,
            TraceKind::RedriveMoved => return true,
            _ => {}
        }
    }
    false
}

/// A function raised on an SQS batch of several messages, so the whole batch returns
/// (lab 004's orders sent together, one with FAIL): read from the order notes, which
/// only the world's trace can tell.
pub fn whole_batch_failed(w: &Simulation, e: &TraceEntryRef) -> Option<MomentKind> {
    if e.kind != TraceKind::InvocationFailed || e.to.is_none() {
        return None;
    }
    let reported = |why: &OrderWhy| match why {
        OrderWhy::FailedWithBatch {
            function,
            report_batch_item_failures,
            ..
        } if *function == e.resource => Some(*report_batch_item_failures),
        _ => None,
    };
    let notes = sim_core::view::order_notes(w);
    match notes.values().find_map(reported)? {
        true => Some(MomentKind::WholeBatchFailedReported),
        false => Some(MomentKind::WholeBatchFailed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_happenings_moment_goes_five_simulated_minutes_and_20_s_of_reading_later() {
        let moment = |kind| Moment {
            kind,
            entry: TraceEntry {
                seq: 0,
                at_ms: 60_000,
                kind: TraceKind::MessageVisible,
                resource: "q".into(),
                to: None,
                subject: None,
                order_id: None,
                text: "visibility timeout expired".into(),
            },
            shown_wall_ms: 1_000.0,
            stage_seen_ms: 0.0,
        };
        let redelivery = moment(MomentKind::FirstRedelivery);
        assert!(!is_stale(60_000 + 299_999, 60_000.0, &redelivery));
        assert!(
            !is_stale(60_000 + 300_000, 20_999.0, &redelivery),
            "not yet read"
        );
        assert!(is_stale(60_000 + 300_000, 21_000.0, &redelivery));
        // What still holds stays: a DLQ's message, a fired alarm.
        for kind in [MomentKind::MovedToDlq, MomentKind::AlarmFired] {
            assert!(!is_stale(10 * 60_000 * 60, 1e9, &moment(kind)));
        }
    }

    #[test]
    fn the_last_receive_is_read_from_the_cores_line() {
        let line = |n: u32, max: u32| {
            format!("received by f: receive count {n} of maxReceiveCount {max}; hidden for the 70 s visibility timeout")
        };
        assert!(is_last_receive(&line(3, 3)));
        assert!(is_last_receive(&line(10, 10)));
        assert!(!is_last_receive(&line(2, 3)));
        assert!(
            !is_last_receive(&line(1, 1)),
            "every first receive would be last"
        );
        assert!(!is_last_receive(&line(2, 2)));
        assert!(!is_last_receive(
            "received by f: receive count 3; hidden for the 70 s visibility timeout"
        ));
        assert!(!is_last_receive("receive count  of maxReceiveCount "));
    }

    /// The core's own line for a delete that missed a copy is what the moment reads.
    /// Order o1 sent to the test queue `jobs`.
    fn send_o1() -> sim_core::action::Action {
        sim_core::action::Action::SendMessage {
            queue_name: "jobs".into(),
            message_body: serde_json::json!({ "order_id": "o1" }),
            delay_seconds: None,
            message_group_id: None,
            message_deduplication_id: None,
            message_attributes: Default::default(),
        }
    }

    #[test]
    fn a_missed_delete_is_the_at_least_once_moment() {
        let text = r#"{"Name": "t", "DuplicateDeliveryPerMille": 1000,
            "Queues": [{ "QueueName": "jobs" }],
            "Functions": [{ "FunctionName": "w", "Timeout": 3, "Behavior": { "Type": "consume-orders" } }],
            "EventSourceMappings": [{ "FunctionName": "w", "EventSourceArn": "jobs" }]}"#;
        let scenario = sim_core::Scenario::parse("t.json", text).unwrap();
        let mut sim = Simulation::new(scenario, 1).unwrap();
        sim.apply(send_o1()).unwrap();
        sim.run_until(5_000);
        let kinds: Vec<MomentKind> = sim
            .trace()
            .entries()
            .filter_map(|e| moment_kind(&e, &[]))
            .collect();
        assert!(kinds.contains(&MomentKind::DuplicateDelivery), "{kinds:?}");
        // The copy comes back after its visibility timeout (3 s × 6): that is the
        // at-least-once delivery the learner was just told of, not a message "no one
        // deleted" (seen in the lab 003 walk, where both moments showed).
        sim.run_until(60_000);
        let mut seen = Vec::new();
        for e in sim.trace().entries() {
            if let Some(kind) = moment_of(&sim, &e, &[], &seen) {
                seen.push(kind);
            }
        }
        let copy_back = sim.trace().entries().any(|e| is_surviving_copy(&sim, &e));
        assert!(copy_back, "the copy came back");
        assert!(!seen.contains(&MomentKind::FirstRedelivery), "{seen:?}");
    }

    /// A run longer than the visibility timeout (a Timeout raised above it, the timeout
    /// switch on): its message comes back while it still runs, and the moment says so
    /// rather than "no one deleted it" (the student walk).
    #[test]
    fn a_message_back_while_its_run_goes_on_is_its_own_moment() {
        use sim_core::action::{Action, FaultKind};
        // A 30 s visibility timeout; the timeout switch makes each run last its Timeout.
        let run = |timeout_s: u64| {
            let text = r#"{"Name": "t",
                "Queues": [{ "QueueName": "jobs", "VisibilityTimeout": 30 }],
                "Functions": [{ "FunctionName": "w", "Timeout": 10, "Behavior": { "Type": "consume-orders" } }],
                "EventSourceMappings": [{ "FunctionName": "w", "EventSourceArn": "jobs", "BatchSize": 1 }]}"#;
            let scenario = sim_core::Scenario::parse("t.json", text).unwrap();
            let mut sim = Simulation::new(scenario, 1).unwrap();
            let actions = [
                Action::SetFunctionConfiguration {
                    function_name: "w".into(),
                    timeout: Some(timeout_s),
                    reserved_concurrent_executions: None,
                    success_per_mille: None,
                },
                Action::SetFault {
                    function_name: "w".into(),
                    fault: FaultKind::Timeout,
                    enabled: true,
                    fraction: None,
                    seconds: None,
                },
                send_o1(),
            ];
            for action in actions {
                sim.apply(action).unwrap();
            }
            // Read long after, when the runs are over: the trace says what it was at
            // the time.
            sim.run_until(200_000);
            let mut seen = Vec::new();
            for e in sim.trace().entries() {
                if let Some(kind) = moment_of(&sim, &e, &[], &seen) {
                    seen.push(kind);
                }
            }
            seen
        };
        assert_eq!(run(60), [MomentKind::RedeliveredWhileRunning]);
        // A run back within the visibility timeout: the usual one.
        assert_eq!(run(10), [MomentKind::FirstRedelivery]);
    }

    /// The FIFO guide's consumer reports a batch item failure for a batch of one: no
    /// message of that batch was deleted, so "only those return; the rest were
    /// deleted" would be false (the FIFO walk saw it on step 1). A batch where the
    /// function deleted the others is the partial failure the moment is about.
    #[test]
    fn a_batch_item_failure_is_partial_only_when_something_was_deleted() {
        let (mut whole, mut partial) = (0, 0);
        for seed in 1..=12 {
            let scenario = sim_core::scenario::builtin("sqs-fifo-pedidos")
                .unwrap()
                .unwrap();
            let mut sim = Simulation::new(scenario, seed).unwrap();
            sim.run_until(180_000);
            let entries: Vec<TraceEntry> = sim.trace().entries().map(|e| e.to_entry()).collect();
            for e in entries
                .iter()
                .filter(|e| e.kind == TraceKind::BatchItemFailures)
            {
                let deleted_with_it = entries.iter().any(|x| {
                    x.kind == TraceKind::MessageDeleted
                        && x.at_ms == e.at_ms
                        && x.text == format!("deleted by {}", e.resource)
                });
                let moment = moment_of(&sim, &e.as_ref(), &[], &[]);
                if deleted_with_it {
                    partial += 1;
                    assert_eq!(moment, Some(MomentKind::PartialBatch), "seed {seed}");
                } else {
                    whole += 1;
                    assert_eq!(moment, None, "seed {seed}: {}", e.text);
                }
            }
        }
        assert!(
            whole > 0 && partial > 0,
            "both kinds seen: {whole} whole, {partial} partial"
        );
    }
}
