//! The trace as a panel or a report reads it: the newest entries that pass a filter,
//! grouped into the categories a learner filters by.

use crate::trace::{TraceEntry, TraceEntryRef, TraceKind};
use crate::Simulation;

/// The kinds of change a learner filters the trace by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceCategory {
    All,
    Messages,
    Invocations,
    Failures,
    Events,
    Data,
}

use TraceKind as K;

const MESSAGES: &[TraceKind] = &[
    K::MessageSent,
    K::MessageDelayed,
    K::MessageDuplicate,
    K::MessageVisible,
    K::MessageReceived,
    K::MessageDeleted,
    K::MessageNotDeleted,
    K::MessageMovedToDlq,
    K::MessageExpired,
    K::QueuePurged,
    K::VisibilityChanged,
    K::RedriveStarted,
    K::RedriveMoved,
    K::RedriveFinished,
    K::RedriveCancelled,
    K::TriggerFiltered,
];
const INVOCATIONS: &[TraceKind] = &[
    K::InvocationStarted,
    K::InvocationSucceeded,
    K::InvocationFailed,
    K::BatchItemFailures,
    K::InvocationTimedOut,
    K::InvocationThrottled,
    K::AsyncRetryScheduled,
    K::AsyncEventDropped,
    K::DestinationDelivered,
    K::TriggerFiltered,
    K::HttpRequest,
    K::HttpResponse,
];
const FAILURES: &[TraceKind] = &[
    K::InvocationFailed,
    K::BatchItemFailures,
    K::InvocationTimedOut,
    K::InvocationThrottled,
    K::MessageMovedToDlq,
    K::AsyncEventDropped,
    K::ConditionalCheckFailed,
    K::StreamBatchRetry,
    K::TargetFailed,
    K::TargetSentToDlq,
    K::TargetRetryScheduled,
    K::EventRejected,
    K::ActionRejected,
    K::AlarmStateChanged,
    K::AccessDenied,
];
const EVENTS: &[TraceKind] = &[
    K::EventPut,
    K::EventRejected,
    K::RuleMatched,
    K::NoRuleMatched,
    K::TargetDelivered,
    K::TargetRetryScheduled,
    K::TargetFailed,
    K::TargetSentToDlq,
    K::SnsPublished,
    K::SnsDelivered,
    K::SnsFilteredOut,
    K::EmailSent,
    K::PipeFiltered,
    K::PipeDelivered,
    K::AlarmStateChanged,
    K::ObjectCreated,
];
const DATA: &[TraceKind] = &[
    K::ItemWritten,
    K::ItemDeleted,
    K::ConditionalCheckFailed,
    K::StreamRecord,
    K::StreamBatchRetry,
];

impl TraceCategory {
    pub fn includes(self, kind: TraceKind) -> bool {
        let kinds = match self {
            TraceCategory::All => return true,
            TraceCategory::Messages => MESSAGES,
            TraceCategory::Invocations => INVOCATIONS,
            TraceCategory::Failures => FAILURES,
            TraceCategory::Events => EVENTS,
            TraceCategory::Data => DATA,
        };
        kinds.contains(&kind)
    }

    /// Whether the world has a resource whose entries this category gathers: the FIFO
    /// walk met "EventBridge, SNS, Pipes" and "DynamoDB" filters in a queue-only lab.
    pub fn applies(self, sim: &Simulation) -> bool {
        match self {
            TraceCategory::Messages => !sim.queues().is_empty(),
            // A bus without rules too: a function's PutEvents to it, or to a misspelled
            // one, is an entry.
            TraceCategory::Events => {
                !(sim.scenario().buses.is_empty()
                    && sim.rules().is_empty()
                    && sim.topics().is_empty()
                    && sim.pipes().is_empty()
                    && sim.alarms().is_empty()
                    && sim.buckets().is_empty())
            }
            TraceCategory::Data => !sim.tables().is_empty(),
            TraceCategory::All | TraceCategory::Invocations | TraceCategory::Failures => true,
        }
    }
}

const EVERY_CATEGORY: [TraceCategory; 6] = [
    TraceCategory::All,
    TraceCategory::Messages,
    TraceCategory::Invocations,
    TraceCategory::Failures,
    TraceCategory::Events,
    TraceCategory::Data,
];

#[derive(Clone, Debug, PartialEq)]
pub struct TraceView {
    /// Entries recorded since the start, counting those the bound dropped.
    pub total: u64,
    pub hash: u64,
    /// Newest first.
    pub rows: Vec<TraceEntry>,
    /// The categories this world has entries for (`TraceCategory::applies`).
    pub categories: Vec<TraceCategory>,
}

impl TraceView {
    /// The newest `limit` entries that `keep` accepts.
    pub fn of(sim: &Simulation, keep: impl Fn(&TraceEntryRef) -> bool, limit: usize) -> TraceView {
        let trace = sim.trace();
        TraceView {
            total: trace.total(),
            hash: trace.hash(),
            rows: trace
                .entries()
                .rev()
                .filter(|e| keep(e))
                .take(limit)
                .map(|e| e.to_entry())
                .collect(),
            categories: EVERY_CATEGORY
                .into_iter()
                .filter(|c| c.applies(sim))
                .collect(),
        }
    }
}

/// Every entry about one order, oldest first.
pub fn order_timeline(sim: &Simulation, order_id: &str) -> Vec<TraceEntry> {
    sim.trace()
        .entries()
        .filter(|e| e.order_id == Some(order_id))
        .map(|e| e.to_entry())
        .collect()
}
