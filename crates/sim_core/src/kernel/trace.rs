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
    /// An event on a bus that no rule matched: it goes nowhere.
    NoRuleMatched,
    /// A record none of a Lambda trigger's FilterCriteria matched: an SQS message
    /// deleted, a stream record skipped, without invoking the function.
    TriggerFiltered,
}

impl TraceKind {
    /// Every kind, in declaration order (`ALL[k as usize] == k`, tested).
    pub const ALL: [TraceKind; 53] = [
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
        TraceKind::NoRuleMatched,
        TraceKind::TriggerFiltered,
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

/// One entry, owned: what the app keeps of an entry it has read, and what tests build.
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

/// One entry as the trace holds it: the same fields, borrowed from the trace's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TraceEntryRef<'a> {
    pub seq: u64,
    pub at_ms: SimTime,
    pub kind: TraceKind,
    pub resource: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<&'a str>,
    pub text: &'a str,
}

impl TraceEntry {
    pub fn as_ref(&self) -> TraceEntryRef<'_> {
        TraceEntryRef {
            seq: self.seq,
            at_ms: self.at_ms,
            kind: self.kind,
            resource: &self.resource,
            to: self.to.as_deref(),
            subject: self.subject.as_deref(),
            order_id: self.order_id.as_deref(),
            text: &self.text,
        }
    }

    /// See [`TraceEntryRef::flow`].
    pub fn flow(&self) -> String {
        self.as_ref().flow()
    }

    /// See [`TraceEntryRef::line`].
    pub fn line(&self) -> String {
        self.as_ref().line()
    }
}

impl<'a> TraceEntryRef<'a> {
    pub fn to_entry(&self) -> TraceEntry {
        TraceEntry {
            seq: self.seq,
            at_ms: self.at_ms,
            kind: self.kind,
            resource: self.resource.to_string(),
            to: self.to.map(str::to_string),
            subject: self.subject.map(str::to_string),
            order_id: self.order_id.map(str::to_string),
            text: self.text.to_string(),
        }
    }

    /// Folds every field into `h` (FNV-1a style), without formatting a line.
    fn fold_hash(&self, mut h: u64) -> u64 {
        let mut mix = |bytes: &[u8]| {
            h = (h ^ fnv1a(bytes)).wrapping_mul(0x0000_0100_0000_01b3);
        };
        mix(&self.at_ms.to_le_bytes());
        mix(&[self.kind as u8]);
        mix(self.resource.as_bytes());
        for part in [self.to, self.subject, self.order_id] {
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
        match self.to {
            Some(from) if self.kind == TraceKind::PipeFiltered => {
                format!("{from} → {}", self.resource)
            }
            Some(to) => format!("{} → {to}", self.resource),
            None => self.resource.to_string(),
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
        if let Some(to) = self.to {
            s.push_str(" -> ");
            s.push_str(to);
        }
        if let Some(subject) = self.subject {
            s.push_str(" (");
            s.push_str(subject);
            s.push(')');
        }
        if let Some(order) = self.order_id.filter(|o| Some(*o) != self.subject) {
            s.push_str(" [order ");
            s.push_str(order);
            s.push(']');
        }
        s.push_str(": ");
        s.push_str(self.text);
        s
    }
}

/// Where a held entry's text lives: `chunk` counts every chunk ever opened; the
/// fields follow each other from `start`, each ending at its `ends` offset.
#[derive(Clone, Debug)]
struct Packed {
    seq: u64,
    at_ms: SimTime,
    kind: TraceKind,
    chunk: u64,
    start: u32,
    ends: [u32; 5],
    /// Bit 0: `to` is present, bit 1: `subject`, bit 2: `order_id`.
    present: u8,
}

/// Bytes a text chunk holds before the next entry opens another: entries are written
/// one after another into few large buffers, not five small ones each, so a long run
/// writes memory in order instead of refilling 10,000 entries' scattered buffers
/// (in lab 004's 100,000-order bench that was a quarter of the time, in cache misses).
const CHUNK_BYTES: usize = 64 * 1024;
/// Room kept for an entry's text when choosing its chunk (a longer one still fits:
/// the chunk grows).
const TEXT_ROOM_BYTES: usize = 1024;

#[derive(Clone, Debug)]
pub struct Trace {
    entries: VecDeque<Packed>,
    /// Text of the held entries, oldest chunk first; `chunks[0]` is chunk `first_chunk`.
    chunks: VecDeque<String>,
    first_chunk: u64,
    /// A chunk no entry uses any more, kept to be written again.
    spare: Option<String>,
    capacity: usize,
    total: u64,
    hash: u64,
}

impl Trace {
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a trace keeps at least one entry");
        Trace {
            entries: VecDeque::new(),
            chunks: VecDeque::new(),
            first_chunk: 0,
            spare: None,
            capacity,
            total: 0,
            hash: 0xcbf2_9ce4_8422_2325,
        }
    }

    pub fn push(&mut self, entry: TraceEntry) {
        self.push_parts(
            entry.at_ms,
            entry.kind,
            &entry.resource,
            entry.to.as_deref(),
            entry.subject.as_deref(),
            entry.order_id.as_deref(),
            &entry.text,
        );
    }

    /// Appends an entry built from its parts, its text written straight into the
    /// current chunk.
    #[allow(clippy::too_many_arguments)]
    pub fn push_parts(
        &mut self,
        at_ms: SimTime,
        kind: TraceKind,
        resource: &str,
        to: Option<&str>,
        subject: Option<&str>,
        order_id: Option<&str>,
        text: impl TraceText,
    ) {
        if self.entries.len() == self.capacity {
            self.evict_oldest();
        }
        let parts = [Some(resource), to, subject, order_id];
        let known_bytes: usize = parts.iter().flatten().map(|p| p.len()).sum();
        let chunk = self.chunk_with_room(known_bytes + TEXT_ROOM_BYTES);
        let buffer = self.chunks.back_mut().expect("chunk_with_room opened one");
        let start = buffer.len();
        let mut ends = [0u32; 5];
        let mut present = 0u8;
        for (i, part) in parts.iter().enumerate() {
            if let Some(p) = part {
                buffer.push_str(p);
                present |= (1u8 << i) >> 1;
            }
            ends[i] = offset(buffer.len() - start);
        }
        let text_start = buffer.len();
        text.write_into(buffer);
        ends[4] = offset(buffer.len() - start);
        // Hashed from the parts at hand, not unpacked again from the chunk.
        let written = TraceEntryRef {
            seq: self.total,
            at_ms,
            kind,
            resource,
            to,
            subject,
            order_id,
            text: &buffer[text_start..],
        };
        self.hash = written.fold_hash(self.hash);
        let packed = Packed {
            seq: self.total,
            at_ms,
            kind,
            chunk,
            start: offset(start),
            ends,
            present,
        };
        self.total += 1;
        self.entries.push_back(packed);
    }

    /// The number of the chunk the next entry goes in, opening one (the spare, if
    /// any) when the current one has not `room_bytes` left of `CHUNK_BYTES`. Measured
    /// against `CHUNK_BYTES`, not the String's capacity: a long text that grew a chunk
    /// must not raise the bar for every later one (a review found chunks doubling
    /// without end, 2 GiB for 50 held entries).
    fn chunk_with_room(&mut self, room_bytes: usize) -> u64 {
        let full = self
            .chunks
            .back()
            .is_none_or(|c| c.len() + room_bytes > CHUNK_BYTES);
        if full {
            let mut fresh = self
                .spare
                .take()
                .unwrap_or_else(|| String::with_capacity(CHUNK_BYTES));
            fresh.clear();
            // A spare a long text grew goes back to the usual size.
            fresh.shrink_to(CHUNK_BYTES);
            self.chunks.push_back(fresh);
        }
        self.first_chunk + self.chunks.len() as u64 - 1
    }

    fn evict_oldest(&mut self) {
        self.entries.pop_front();
        let oldest_used = self.entries.front().map_or(u64::MAX, |e| e.chunk);
        while self.first_chunk < oldest_used && self.chunks.len() > 1 {
            self.spare = self.chunks.pop_front();
            self.first_chunk += 1;
        }
    }

    fn unpack<'a>(&'a self, p: &Packed) -> TraceEntryRef<'a> {
        let chunk = &self.chunks[(p.chunk - self.first_chunk) as usize];
        let at = |i: usize| p.start as usize + if i == 0 { 0 } else { p.ends[i - 1] as usize };
        let field = |i: usize| &chunk[at(i)..p.start as usize + p.ends[i] as usize];
        let optional = |i: usize| (p.present & (1 << (i - 1)) != 0).then(|| field(i));
        TraceEntryRef {
            seq: p.seq,
            at_ms: p.at_ms,
            kind: p.kind,
            resource: field(0),
            to: optional(1),
            subject: optional(2),
            order_id: optional(3),
            text: field(4),
        }
    }

    /// Entries still held, oldest first.
    pub fn entries(
        &self,
    ) -> impl DoubleEndedIterator<Item = TraceEntryRef<'_>> + ExactSizeIterator + Clone {
        self.entries.iter().map(|p| self.unpack(p))
    }

    /// Entries with `seq >= from_seq` still held: what the UI has not seen yet.
    pub fn since(&self, from_seq: u64) -> impl Iterator<Item = TraceEntryRef<'_>> {
        let first = self.entries.front().map(|e| e.seq).unwrap_or(self.total);
        let skip = from_seq.saturating_sub(first) as usize;
        self.entries.iter().skip(skip).map(|p| self.unpack(p))
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

/// An offset inside one chunk: a chunk holds at most `CHUNK_BYTES` plus one entry,
/// and an entry's text is a sentence (the longest quote a learner's input, which
/// PutEvents bounds at 1 MiB), far below 4 GiB.
fn offset(bytes: usize) -> u32 {
    debug_assert!(bytes <= u32::MAX as usize, "a trace chunk over 4 GiB");
    u32::try_from(bytes).unwrap_or(u32::MAX)
}

/// What an entry's text is written from. Format arguments are written through one
/// `fmt::write`, not wrapped in a `{}` that runs another around them; texts are
/// copied as they are.
pub trait TraceText {
    fn write_into(self, buffer: &mut String);
}

impl TraceText for std::fmt::Arguments<'_> {
    fn write_into(self, buffer: &mut String) {
        use std::fmt::Write;
        // Writing into a String cannot fail.
        let _ = buffer.write_fmt(self);
    }
}

impl TraceText for &str {
    fn write_into(self, buffer: &mut String) {
        buffer.push_str(self);
    }
}

impl TraceText for &String {
    fn write_into(self, buffer: &mut String) {
        buffer.push_str(self);
    }
}

impl TraceText for String {
    fn write_into(self, buffer: &mut String) {
        buffer.push_str(&self);
    }
}

/// A number as `{}` writes it.
impl TraceText for u64 {
    fn write_into(self, buffer: &mut String) {
        super::time::push_decimal(buffer, self);
    }
}

impl TraceText for super::time::HumanMs {
    fn write_into(self, buffer: &mut String) {
        self.push_to(buffer);
    }
}

/// Parts one after another: `("sent to ", name)`.
macro_rules! trace_text_tuple {
    ($($part:ident),+) => {
        impl<$($part: TraceText),+> TraceText for ($($part,)+) {
            #[allow(non_snake_case)]
            fn write_into(self, buffer: &mut String) {
                let ($($part,)+) = self;
                $($part.write_into(buffer);)+
            }
        }
    };
}
trace_text_tuple!(A, B);
trace_text_tuple!(A, B, C);
trace_text_tuple!(A, B, C, D);

/// Texts one after another.
impl<const N: usize> TraceText for [&str; N] {
    fn write_into(self, buffer: &mut String) {
        for part in self {
            buffer.push_str(part);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_texts_write_what_display_would() {
        let mut s = String::from("x");
        format_args!("{} and {:>4}", "a", 7).write_into(&mut s);
        "; str".write_into(&mut s);
        let owned = String::from("; owned");
        (&owned).write_into(&mut s);
        owned.clone().write_into(&mut s);
        ["; ", "parts", ""].write_into(&mut s);
        assert_eq!(
            s,
            format!("x{} and {:>4}; str; owned; owned; parts", "a", 7)
        );
    }

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
        let held: Vec<_> = a
            .entries()
            .map(|e| (e.seq, e.to, e.order_id, e.text))
            .collect();
        assert_eq!(
            held,
            [
                (3, None, Some("dddd"), "dddd"),
                (4, Some("dest"), Some("e"), "e")
            ]
        );
    }

    #[test]
    fn chunks_are_reused_once_no_held_entry_needs_them() {
        let mut t = Trace::new(50);
        let long = "x".repeat(3000);
        for i in 0..2_000 {
            t.push_parts(i, TraceKind::MessageSent, "q", None, Some("m"), None, &long);
        }
        assert_eq!(t.entries().len(), 50);
        assert!(t
            .entries()
            .all(|e| e.text == long && e.subject == Some("m")));
        assert_eq!(t.entries().next().map(|e| e.seq), Some(1_950));
        // 50 entries of ~3 KB: a few 64 KiB chunks, not one per 20 entries written.
        assert!(t.chunks.len() <= 4, "{} chunks held", t.chunks.len());
    }

    /// Texts of 1 to 4 KiB, some of them overflowing a chunk: the memory held stays
    /// near the held entries' text plus a few chunks (it doubled without end when a
    /// grown chunk's capacity became the bar for the next entries).
    #[test]
    fn chunks_stay_bounded_whatever_the_texts_lengths() {
        let mut t = Trace::new(50);
        let mut rng = crate::kernel::rng::Rng::new(9);
        for i in 0..60_000 {
            let text = "y".repeat(1_000 + rng.below(3_000) as usize);
            t.push_parts(i, TraceKind::MessageSent, "q", None, None, None, &text);
        }
        let held: usize = t.entries().map(|e| e.text.len() + 1).sum();
        let capacity: usize = t
            .chunks
            .iter()
            .chain(t.spare.iter())
            .map(|c| c.capacity())
            .sum();
        assert!(
            capacity <= held + 6 * CHUNK_BYTES,
            "{capacity} bytes of chunks for {held} bytes held"
        );
        assert!(t
            .entries()
            .all(|e| e.text.len() >= 1_000 && e.text.bytes().all(|b| b == b'y')));
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
            TraceKind::TriggerFiltered as usize + 1
        );
        assert_eq!(
            TraceKind::from_name("MessageMovedToDlq"),
            Some(TraceKind::MessageMovedToDlq)
        );
        assert_eq!(TraceKind::from_name("NoSuchKind"), None);
    }
}
