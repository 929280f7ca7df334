//! The event queue: a binary heap ordered by `(time, sequence)`, so events at the same
//! time run in the order they were scheduled. Cancellation is by tombstone.

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap};

use super::time::SimTime;

/// Names one scheduled event so it can be cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventId(pub u64);

#[derive(Clone)]
struct Slot<E> {
    at_ms: SimTime,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Slot<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.at_ms, self.seq) == (other.at_ms, other.seq)
    }
}
impl<E> Eq for Slot<E> {}
impl<E> PartialOrd for Slot<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Slot<E> {
    // Reversed: BinaryHeap is a max-heap and we want the earliest first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at_ms, other.seq).cmp(&(self.at_ms, self.seq))
    }
}

#[derive(Clone)]
pub struct Scheduler<E> {
    heap: BinaryHeap<Slot<E>>,
    next_seq: u64,
    cancelled: BTreeSet<u64>,
}

impl<E> Default for Scheduler<E> {
    fn default() -> Self {
        Scheduler {
            heap: BinaryHeap::new(),
            next_seq: 0,
            cancelled: BTreeSet::new(),
        }
    }
}

impl<E> Scheduler<E> {
    pub fn schedule(&mut self, at_ms: SimTime, event: E) -> EventId {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Slot { at_ms, seq, event });
        EventId(seq)
    }

    pub fn cancel(&mut self, id: EventId) {
        if id.0 < self.next_seq {
            self.cancelled.insert(id.0);
        }
    }

    /// The time of the next live event.
    pub fn next_time(&mut self) -> Option<SimTime> {
        self.drop_cancelled_head();
        self.heap.peek().map(|s| s.at_ms)
    }

    /// Removes and returns the next live event.
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        self.drop_cancelled_head();
        self.heap.pop().map(|s| (s.at_ms, s.event))
    }

    /// The time of the earliest scheduled event that `acts` keeps, without running or
    /// removing anything, for a clock that skips events known to do nothing.
    pub fn earliest_where(&self, acts: impl Fn(SimTime, &E) -> bool) -> Option<SimTime> {
        self.earliest_event_where(acts).map(|(at_ms, _)| at_ms)
    }

    /// The earliest scheduled event that `acts` keeps, and its time. The head is the
    /// answer when it acts (the usual case, asked every frame); otherwise every event
    /// is looked at.
    pub fn earliest_event_where(
        &self,
        acts: impl Fn(SimTime, &E) -> bool,
    ) -> Option<(SimTime, &E)> {
        let head = self.heap.peek()?;
        if !self.cancelled.contains(&head.seq) && acts(head.at_ms, &head.event) {
            return Some((head.at_ms, &head.event));
        }
        self.heap
            .iter()
            .filter(|s| !self.cancelled.contains(&s.seq) && acts(s.at_ms, &s.event))
            .min_by_key(|s| (s.at_ms, s.seq))
            .map(|s| (s.at_ms, &s.event))
    }

    pub fn len(&self) -> usize {
        self.heap.len() - self.cancelled.len().min(self.heap.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn drop_cancelled_head(&mut self) {
        while let Some(head) = self.heap.peek() {
            if self.cancelled.remove(&head.seq) {
                self.heap.pop();
            } else {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_time_then_by_scheduling_order() {
        let mut s = Scheduler::default();
        s.schedule(10, "b");
        s.schedule(5, "a");
        s.schedule(10, "c");
        let order: Vec<_> = std::iter::from_fn(|| s.pop()).collect();
        assert_eq!(order, vec![(5, "a"), (10, "b"), (10, "c")]);
    }

    #[test]
    fn earliest_where_skips_what_is_left_out_and_changes_nothing() {
        let mut s = Scheduler::default();
        s.schedule(5, "stale");
        s.schedule(9, "live");
        let cancelled = s.schedule(7, "live");
        s.cancel(cancelled);
        assert_eq!(s.earliest_where(|_, e| *e == "live"), Some(9));
        assert_eq!(s.earliest_where(|_, _| false), None);
        assert_eq!(s.pop(), Some((5, "stale")), "nothing was removed");
    }

    #[test]
    fn cancelled_events_never_run() {
        let mut s = Scheduler::default();
        let a = s.schedule(1, "a");
        s.schedule(2, "b");
        s.cancel(a);
        assert_eq!(s.next_time(), Some(2));
        assert_eq!(s.pop(), Some((2, "b")));
        assert!(s.pop().is_none());
        assert!(s.is_empty());
    }
}
