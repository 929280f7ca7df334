//! The append-only record of every state change. The UI animates it, tests compare
//! it, "why did this happen" panels read it. Bounded: the oldest entries are dropped
//! once `capacity` is reached, but the running hash covers every entry ever written.

use std::collections::VecDeque;

use serde::Serialize;

use super::rng::fnv1a;
use super::time::SimTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TraceKind {
    HttpRequest,
    HttpResponse,
    MessageSent,
    MessageDelayed,
    MessageDuplicate,
    MessageVisible,
    MessageReceived,
    MessageDeleted,
    MessageMovedToDlq,
    MessageExpired,
    MessagePeeked,
    QueuePurged,
    VisibilityChanged,
    RedriveStarted,
    RedriveMoved,
    RedriveFinished,
    RedriveCancelled,
    InvocationStarted,
    InvocationSucceeded,
    InvocationFailed,
    InvocationTimedOut,
    InvocationThrottled,
    AsyncRetryScheduled,
    AsyncEventDropped,
    DestinationDelivered,
    ItemWritten,
    ItemDeleted,
    ConditionalCheckFailed,
    StreamRecord,
    StreamBatchRetry,
    FaultChanged,
    SettingChanged,
    ActionRejected,
    // New kinds go at the end: the trace hash folds in each kind's position.
    EventPut,
    EventRejected,
    RuleMatched,
    TargetDelivered,
    TargetRetryScheduled,
    TargetFailed,
    TargetSentToDlq,
    SnsPublished,
    SnsDelivered,
    SnsFilteredOut,
    EmailSent,
    PipeFiltered,
    PipeDelivered,
    AlarmStateChanged,
    AccessDenied,
    ObjectCreated,
    /// A function succeeded and reported some of its SQS batch as failed
    /// (ReportBatchItemFailures): a partial success, not a failed invocation.
    BatchItemFailures,
    /// A DeleteMessage that succeeded without deleting: the receipt handle was from a
    /// receive before the message's latest (standard queues).
    MessageNotDeleted,
}

impl TraceKind {
    /// Every kind, in declaration order (`ALL[k as usize] == k`, tested).
    pub const ALL: [TraceKind; 51] = [
        TraceKind::HttpRequest,
        TraceKind::HttpResponse,
        TraceKind::MessageSent,
        TraceKind::MessageDelayed,
        TraceKind::MessageDuplicate,
        TraceKind::MessageVisible,
        TraceKind::MessageReceived,
        TraceKind::MessageDeleted,
        TraceKind::MessageMovedToDlq,
        TraceKind::MessageExpired,
        TraceKind::MessagePeeked,
        TraceKind::QueuePurged,
        TraceKind::VisibilityChanged,
        TraceKind::RedriveStarted,
        TraceKind::RedriveMoved,
        TraceKind::RedriveFinished,
        TraceKind::RedriveCancelled,
        TraceKind::InvocationStarted,
        TraceKind::InvocationSucceeded,
        TraceKind::InvocationFailed,
        TraceKind::InvocationTimedOut,
        TraceKind::InvocationThrottled,
        TraceKind::AsyncRetryScheduled,
        TraceKind::AsyncEventDropped,
        TraceKind::DestinationDelivered,
        TraceKind::ItemWritten,
        TraceKind::ItemDeleted,
        TraceKind::ConditionalCheckFailed,
        TraceKind::StreamRecord,
        TraceKind::StreamBatchRetry,
        TraceKind::FaultChanged,
        TraceKind::SettingChanged,
        TraceKind::ActionRejected,
        TraceKind::EventPut,
        TraceKind::EventRejected,
        TraceKind::RuleMatched,
        TraceKind::TargetDelivered,
        TraceKind::TargetRetryScheduled,
        TraceKind::TargetFailed,
        TraceKind::TargetSentToDlq,
        TraceKind::SnsPublished,
        TraceKind::SnsDelivered,
        TraceKind::SnsFilteredOut,
        TraceKind::EmailSent,
        TraceKind::PipeFiltered,
        TraceKind::PipeDelivered,
        TraceKind::AlarmStateChanged,
        TraceKind::AccessDenied,
        TraceKind::ObjectCreated,
        TraceKind::BatchItemFailures,
        TraceKind::MessageNotDeleted,
    ];

    /// The kind named as the code names it (`MessageMovedToDlq`), for data that
    /// refers to kinds (a guide's check).
    pub fn from_name(name: &str) -> Option<TraceKind> {
        TraceKind::ALL
            .iter()
            .copied()
            .find(|k| format!("{k:?}") == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TraceEntry {
    /// Position in the whole trace, counting dropped entries.
    pub seq: u64,
    pub at_ms: SimTime,
    pub kind: TraceKind,
    /// The resource where it happened (queue, function, table, API).
    pub resource: String,
    /// Where something went, when it went somewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The message, request or item it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The order it concerns, when one can be told (orderId, pedidoId, order_id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// One line a learner can read: what happened and why.
    pub text: String,
}

impl TraceEntry {
    /// Folds every field into `h` (FNV-1a style), without formatting a line.
    fn fold_hash(&self, mut h: u64) -> u64 {
        let mut mix = |bytes: &[u8]| {
            h = (h ^ fnv1a(bytes)).wrapping_mul(0x0000_0100_0000_01b3);
        };
        mix(&self.at_ms.to_le_bytes());
        mix(&[self.kind as u8]);
        mix(self.resource.as_bytes());
        for part in [&self.to, &self.subject, &self.order_id] {
            match part {
                Some(s) => mix(s.as_bytes()),
                None => mix(&[0xff]),
            }
        }
        mix(self.text.as_bytes());
        h
    }

    /// Where it happened, as the message went: `order-processing-queue → OrderWorkerFunction`.
    /// A pipe's filtered record names the pipe first (the pipe deleted it) but came from
    /// its source, so it reads source → pipe. For the app; `line` keeps the recorded order.
    pub fn flow(&self) -> String {
        match &self.to {
            Some(from) if self.kind == TraceKind::PipeFiltered => {
                format!("{from} → {}", self.resource)
            }
            Some(to) => format!("{} → {to}", self.resource),
            None => self.resource.clone(),
        }
    }

    /// `[   1m 10.000s] message-visible order-processing-queue …: text`
    pub fn line(&self) -> String {
        let mut s = format!(
            "[{:>14}] {:?} {}",
            super::time::human_ms(self.at_ms),
            self.kind,
            self.resource
        );
        if let Some(to) = &self.to {
            s.push_str(" -> ");
            s.push_str(to);
        }
        if let Some(subject) = &self.subject {
            s.push_str(" (");
            s.push_str(subject);
            s.push(')');
        }
        if let Some(order) = self
            .order_id
            .as_ref()
            .filter(|o| Some(*o) != self.subject.as_ref())
        {
            s.push_str(" [order ");
            s.push_str(order);
            s.push(']');
        }
        s.push_str(": ");
        s.push_str(&self.text);
        s
    }
}

#[derive(Clone, Debug)]
pub struct Trace {
    entries: VecDeque<TraceEntry>,
    capacity: usize,
    total: u64,
    hash: u64,
}

impl Trace {
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a trace keeps at least one entry");
        Trace {
            entries: VecDeque::new(),
            capacity,
            total: 0,
            hash: 0xcbf2_9ce4_8422_2325,
        }
    }

    pub fn push(&mut self, mut entry: TraceEntry) {
        entry.seq = self.total;
        self.total += 1;
        self.hash = entry.fold_hash(self.hash);
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// Appends an entry built from its parts. Once the trace is full, the evicted
    /// entry's buffers are reused, so a long run does not allocate per entry.
    #[allow(clippy::too_many_arguments)]
    pub fn push_parts(
        &mut self,
        at_ms: SimTime,
        kind: TraceKind,
        resource: &str,
        to: Option<&str>,
        subject: Option<&str>,
        order_id: Option<&str>,
        text: impl std::fmt::Display,
    ) {
        let mut entry = if self.entries.len() == self.capacity {
            self.entries.pop_front()
        } else {
            None
        }
        .unwrap_or_else(|| TraceEntry {
            seq: 0,
            at_ms,
            kind,
            resource: String::new(),
            to: None,
            subject: None,
            order_id: None,
            text: String::new(),
        });
        entry.seq = self.total;
        entry.at_ms = at_ms;
        entry.kind = kind;
        copy_into(&mut entry.resource, resource);
        copy_option_into(&mut entry.to, to);
        copy_option_into(&mut entry.subject, subject);
        copy_option_into(&mut entry.order_id, order_id);
        entry.text.clear();
        write_display(&mut entry.text, text);
        self.total += 1;
        self.hash = entry.fold_hash(self.hash);
        self.entries.push_back(entry);
    }

    /// Entries still held, oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &TraceEntry> + ExactSizeIterator {
        self.entries.iter()
    }

    /// Entries with `seq >= from_seq` still held: what the UI has not seen yet.
    pub fn since(&self, from_seq: u64) -> impl Iterator<Item = &TraceEntry> {
        let first = self.entries.front().map(|e| e.seq).unwrap_or(self.total);
        let skip = from_seq.saturating_sub(first) as usize;
        self.entries.iter().skip(skip)
    }

    /// How many entries were ever written.
    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// A hash of every entry ever written, in order: equal hashes, equal traces.
    pub fn hash(&self) -> u64 {
        self.hash
    }
}

/// Writes `value` into `buffer` (which keeps its capacity): no new String per entry.
pub(crate) fn write_display(buffer: &mut String, value: impl std::fmt::Display) {
    use std::fmt::Write;
    // Writing into a String cannot fail.
    let _ = write!(buffer, "{value}");
}

fn copy_into(buffer: &mut String, value: &str) {
    buffer.clear();
    buffer.push_str(value);
}

fn copy_option_into(slot: &mut Option<String>, value: Option<&str>) {
    match (slot.as_mut(), value) {
        (Some(buffer), Some(v)) => copy_into(buffer, v),
        (None, Some(v)) => *slot = Some(v.to_string()),
        (_, None) => *slot = None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> TraceEntry {
        TraceEntry {
            seq: 0,
            at_ms: 5,
            kind: TraceKind::MessageSent,
            resource: "q".into(),
            to: None,
            subject: None,
            order_id: None,
            text: text.into(),
        }
    }

    #[test]
    fn parts_and_whole_entries_hash_alike_when_buffers_are_reused() {
        let mut a = Trace::new(2);
        let mut b = Trace::new(2);
        for (i, t) in ["a", "bb", "c", "dddd", "e"].into_iter().enumerate() {
            let to = (i % 2 == 0).then_some("dest");
            a.push_parts(5, TraceKind::MessageSent, "q", to, None, Some(t), t);
            b.push(TraceEntry {
                to: to.map(str::to_string),
                order_id: Some(t.into()),
                ..entry(t)
            });
        }
        assert_eq!(a.hash(), b.hash());
        assert!(a.entries().eq(b.entries()));
    }

    #[test]
    fn a_flow_reads_as_the_message_went() {
        let sent = TraceEntry {
            to: Some("f".into()),
            ..entry("x")
        };
        assert_eq!(sent.flow(), "q → f");
        assert_eq!(entry("x").flow(), "q");
        // A pipe's filtered message came from its queue (the pipes walk read
        // "HighValueOrderPipe → order-processing-queue" as the pipe sending to it).
        let filtered = TraceEntry {
            kind: TraceKind::PipeFiltered,
            resource: "pipe".into(),
            to: Some("queue".into()),
            ..entry("x")
        };
        assert_eq!(filtered.flow(), "queue → pipe");
    }

    #[test]
    fn bounded_but_hash_covers_everything() {
        let mut a = Trace::new(2);
        let mut b = Trace::new(100);
        for t in ["a", "b", "c"] {
            a.push(entry(t));
            b.push(entry(t));
        }
        assert_eq!(a.entries().len(), 2);
        assert_eq!(a.total(), 3);
        assert_eq!(a.hash(), b.hash());
        assert_eq!(a.entries().next().map(|e| e.seq), Some(1));
        assert_eq!(a.since(2).count(), 1);
        let mut c = Trace::new(2);
        c.push(entry("a"));
        c.push(entry("x"));
        c.push(entry("c"));
        assert_ne!(a.hash(), c.hash());
    }

    #[test]
    fn all_kinds_are_listed_in_order() {
        for (i, k) in TraceKind::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
        }
        assert_eq!(
            TraceKind::ALL.len(),
            TraceKind::MessageNotDeleted as usize + 1
        );
        assert_eq!(
            TraceKind::from_name("MessageMovedToDlq"),
            Some(TraceKind::MessageMovedToDlq)
        );
        assert_eq!(TraceKind::from_name("NoSuchKind"), None);
    }
}
