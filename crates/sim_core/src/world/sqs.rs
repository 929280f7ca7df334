//! SQS inside the world: sends, receives with the lazy move to the DLQ, visibility
//! timers, retention, purge, DLQ redrive tasks and attribute changes.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;

use crate::action::BatchEntry;
use crate::error::{SimError, SimResult};
use crate::kernel::time::{HumanMs, SimTime};
use crate::kernel::trace::TraceKind;
use crate::limits::sqs as lim;
use crate::sqs::{
    queue_name_from_arn, Message, MessageAttribute, MessageState, MoveTask, ReceiptFor,
    SendOutcome, SendRequest,
};
use crate::world::{body_text, order_id_of, ConsolePoll, Event, Simulation};

impl Simulation {
    /// SendMessage. Returns the MessageId. `sender` is who sent it, for the trace.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn send_message(
        &mut self,
        q: usize,
        body: String,
        attributes: BTreeMap<String, MessageAttribute>,
        delay_seconds: Option<u64>,
        group_id: Option<String>,
        deduplication_id: Option<String>,
        sender: &str,
    ) -> SimResult<String> {
        let order_id = order_id_of(&body);
        self.send_message_of(
            q,
            body,
            attributes,
            delay_seconds,
            group_id,
            deduplication_id,
            sender,
            order_id,
        )
    }

    /// `send_message` when the caller already knows `order_id_of(&body)`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn send_message_of(
        &mut self,
        q: usize,
        body: String,
        attributes: BTreeMap<String, MessageAttribute>,
        delay_seconds: Option<u64>,
        group_id: Option<String>,
        deduplication_id: Option<String>,
        sender: &str,
        order_id: Option<String>,
    ) -> SimResult<String> {
        // A refused send changes nothing, the id stream included: the id is drawn here
        // (the request carries it) and given back if the queue refuses.
        let ids_before = self.kernel.ids.clone();
        let message_id = self.kernel.ids.uuid();
        let req = SendRequest {
            body,
            attributes,
            delay_seconds,
            group_id,
            deduplication_id,
            message_id,
            sender_id: self.sqs.sender_id(sender),
            order_id: order_id.clone(),
        };
        let now = self.kernel.now_ms;
        let sent = self.sqs.queues[q].send(now, req);
        if sent.is_err() {
            self.kernel.ids = ids_before;
        }
        match sent? {
            SendOutcome::Duplicate { message_id } => {
                self.kernel.record(
                    TraceKind::MessageDuplicate,
                    self.sqs.queues[q].name(),
                    None,
                    Some(&message_id),
                    order_id.as_deref(),
                    "same deduplication id within 5 minutes: accepted, not delivered (FIFO exactly-once)",
                );
                Ok(message_id)
            }
            SendOutcome::Accepted {
                key,
                message_id,
                delayed_until_ms,
            } => {
                let name = self.sqs.queues[q].name();
                match delayed_until_ms {
                    Some(until) => self.kernel.record(
                        TraceKind::MessageDelayed,
                        name,
                        None,
                        Some(&message_id),
                        order_id.as_deref(),
                        format_args!(
                            "sent by {sender}; delayed {} (DelaySeconds)",
                            HumanMs(until - now)
                        ),
                    ),
                    None => self.kernel.record(
                        TraceKind::MessageSent,
                        sender,
                        Some(name),
                        Some(&message_id),
                        order_id.as_deref(),
                        ("sent to ", name),
                    ),
                }
                // After the trace line: a waiting long poll may receive it at once.
                self.after_enqueue(q, key);
                Ok(message_id)
            }
        }
    }

    /// Schedules what a newly placed message needs: its delay end, its expiry, a wake-up.
    fn after_enqueue(&mut self, q: usize, key: u64) {
        let Some(m) = self.sqs.queues[q].get(key) else {
            return;
        };
        let expires = self.sqs.queues[q].expires_at_ms(m);
        let state = m.state.clone();
        self.schedule(
            expires,
            Event::MessageExpire {
                queue: q as u32,
                key,
            },
        );
        match state {
            MessageState::Delayed { until_ms } => self.schedule(
                until_ms,
                Event::MessageVisible {
                    queue: q as u32,
                    key,
                    generation: 0,
                },
            ),
            MessageState::Visible => self.wake_consumers(q),
            MessageState::InFlight { .. } => {}
        }
    }

    pub(crate) fn send_message_batch(
        &mut self,
        queue_name: &str,
        entries: Vec<BatchEntry>,
        source: &'static str,
    ) -> SimResult<()> {
        let q = self.queue_index(queue_name)?;
        if entries.is_empty() {
            return Err(SimError::new(
                "AWS.SimpleQueueService.EmptyBatchRequest",
                "There should be at least one SendMessageBatchRequestEntry in the request.",
            ));
        }
        if entries.len() > lim::BATCH_MAX_ENTRIES {
            return Err(SimError::new(
                "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                format!(
                    "Maximum number of entries per request are 10. You have sent {}.",
                    entries.len()
                ),
            ));
        }
        let mut ids = std::collections::BTreeSet::new();
        for e in &entries {
            crate::sqs::check_batch_entry_id(&e.id)?;
            if !ids.insert(e.id.as_str()) {
                return Err(SimError::new(
                    "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
                    format!("Id {} repeated.", e.id),
                ));
            }
        }
        // "The maximum allowed individual message size and the maximum total payload
        // size (the sum of the individual lengths of all of the batched messages) are
        // both 1 MiB": the total is not the queue's MaximumMessageSize, and an
        // entry's attributes count (SendMessageBatch, API Reference).
        let total: u64 = entries
            .iter()
            .map(|e| crate::sqs::message_size(&body_text(&e.message_body), &e.message_attributes))
            .sum();
        // SQS's own words (with the limit of the day: 262144 bytes before 2025).
        let max = crate::limits::sqs::BATCH_PAYLOAD_MAX_BYTES;
        if total > max {
            return Err(SimError::new(
                "AWS.SimpleQueueService.BatchRequestTooLong",
                format!("Batch requests cannot be longer than {max} bytes. You have sent {total} bytes."),
            ));
        }
        // Per-entry failures are reported per entry, as SendMessageBatch does.
        for e in entries {
            if let Err(err) = self.send_message(
                q,
                body_text(&e.message_body),
                e.message_attributes,
                e.delay_seconds,
                e.message_group_id,
                e.message_deduplication_id,
                source,
            ) {
                let name = self.sqs.queues[q].name().to_string();
                self.record(
                    TraceKind::ActionRejected,
                    &name,
                    None,
                    Some(&e.id),
                    None,
                    format_args!("batch entry {} failed: {err}", e.id),
                );
            }
        }
        Ok(())
    }

    /// Receives up to `max` messages for `consumer`. A message that has already been
    /// received maxReceiveCount times is moved to the DLQ here, on this receive attempt
    /// (SQS's move is lazy). Returns the keys now in flight.
    pub(crate) fn receive(
        &mut self,
        q: usize,
        max: u32,
        visibility_s: Option<u64>,
        consumer: &str,
        short_poll: bool,
    ) -> Vec<u64> {
        let now = self.kernel.now_ms;
        let visibility_ms =
            visibility_s.unwrap_or(self.sqs.queues[q].settings.visibility_timeout) * 1000;
        let mut got = Vec::new();
        loop {
            let need = max as usize - got.len();
            if need == 0 {
                break;
            }
            // A FIFO short poll samples every candidate, then keeps `need`: cut first,
            // a missed head would drop its whole group (the receive fills from one
            // group first) and return nothing while another group had messages.
            let fifo_sample = short_poll && self.sqs.queues[q].is_fifo();
            let ask = if fifo_sample { usize::MAX } else { need };
            let mut candidates = self.sqs.queues[q].candidates(ask);
            if short_poll {
                self.short_poll_sample(q, &mut candidates);
                candidates.truncate(need);
            }
            if candidates.is_empty() {
                break;
            }
            let mut moved_any = false;
            for key in candidates {
                let count = self.sqs.queues[q]
                    .get(key)
                    .map(|m| m.receive_count)
                    .unwrap_or(0);
                let over = self.sqs.queues[q]
                    .settings
                    .redrive_policy
                    .as_ref()
                    .is_some_and(|rp| count >= rp.max_receive_count);
                if over {
                    let rp = self.sqs.queues[q].settings.redrive_policy.clone();
                    let rp = rp.expect("checked above");
                    self.move_to_dlq(q, key, &rp.dead_letter_target_arn, rp.max_receive_count);
                    moved_any = true;
                    continue;
                }
                // `AQEB{:016x}{:016x}`, written digit by digit.
                let mut receipt = String::with_capacity(36);
                receipt.push_str("AQEB");
                crate::kernel::rng::push_hex(&mut receipt, self.kernel.ids.next_u64(), 16);
                crate::kernel::rng::push_hex(&mut receipt, self.kernel.ids.next_u64(), 16);
                let max_rc = self.sqs.queues[q]
                    .settings
                    .redrive_policy
                    .as_ref()
                    .map(|rp| rp.max_receive_count);
                let queue = &mut self.sqs.queues[q];
                let Some(m) = queue.mark_received(key, now, visibility_ms, receipt) else {
                    continue;
                };
                let (n, generation) = (m.receive_count, m.visibility_generation);
                let queue = &self.sqs.queues[q];
                let m = queue.get(key).expect("just received");
                self.kernel.record(
                    TraceKind::MessageReceived,
                    queue.name(),
                    Some(consumer),
                    Some(&m.message_id),
                    m.order_id.as_deref(),
                    Received {
                        consumer,
                        count: n,
                        max_receive_count: max_rc,
                        visibility_ms,
                    },
                );
                self.schedule(
                    now + visibility_ms,
                    Event::MessageVisible {
                        queue: q as u32,
                        key,
                        generation,
                    },
                );
                got.push(key);
            }
            if !moved_any {
                break;
            }
        }
        got
    }

    fn move_to_dlq(&mut self, q: usize, key: u64, target: &str, max_receive_count: u32) {
        let Ok(d) = self.queue_index(target) else {
            return;
        };
        let Some(mut m) = self.sqs.queues[q].take(key).map(Rc::unwrap_or_clone) else {
            return;
        };
        let source = self.sqs.queues[q].name().to_string();
        let dlq = self.sqs.queues[d].name().to_string();
        self.sqs.queues[q].metrics.moved_to_dlq += 1;
        m.dead_letter_source = Some(self.sqs.source_arn(self.scenario.region, &source));
        m.state = MessageState::Visible;
        // A receipt handle names a receive from the source queue, not the DLQ (and a
        // DLQ can hold many messages: their handles' memory is freed, not kept).
        m.old_receipts = None;
        // It keeps its MessageId, its receive count and its original SentTimestamp.
        // Its age in the DLQ counts from now; so does its retention in a FIFO DLQ (a
        // standard one counts from the first send), and in a FIFO DLQ its
        // deduplication ID becomes its MessageId.
        // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/setting-up-dead-letter-queue-retention.html
        // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html
        m.enqueued_ms = self.kernel.now_ms;
        if let Some(fifo) = m.fifo.as_mut() {
            fifo.deduplication_id = m.message_id.clone();
        }
        let (id, order, count) = (m.message_id.clone(), m.order_id.clone(), m.receive_count);
        let new_key = self.sqs.queues[d].insert(m);
        self.sqs.queues[d].metrics.moved_in += 1;
        self.record(
            TraceKind::MessageMovedToDlq,
            &source,
            Some(&dlq),
            Some(&id),
            order.as_deref(),
            format_args!(
                "receive count {count} reached maxReceiveCount {max_receive_count}, so the next receive moved it to {dlq}"
            ),
        );
        self.after_enqueue(d, new_key);
    }

    pub(crate) fn on_message_visible(&mut self, q: u32, key: u64, generation: u32) {
        let qi = q as usize;
        let was_delayed = matches!(
            self.sqs.queues[qi].get(key).map(|m| &m.state),
            Some(MessageState::Delayed { .. })
        );
        if !self.sqs.queues[qi].make_visible(key, generation, self.kernel.now_ms) {
            return;
        }
        let still_running = !was_delayed && self.running_with_message(qi, key);
        let queue = &self.sqs.queues[qi];
        let Some(m) = queue.get(key) else {
            return;
        };
        let n = m.receive_count;
        self.kernel.record(
            TraceKind::MessageVisible,
            queue.name(),
            None,
            Some(&m.message_id),
            m.order_id.as_deref(),
            VisibleAgain((!was_delayed).then_some((n, still_running))),
        );
        self.wake_consumers(qi);
    }

    pub(crate) fn on_message_expire(&mut self, q: u32, key: u64) {
        let qi = q as usize;
        let Some(m) = self.sqs.queues[qi].get(key) else {
            return;
        };
        // The period was raised since this expiry was scheduled: the message stays,
        // and the change scheduled its new expiry.
        if self.sqs.queues[qi].expires_at_ms(m) > self.kernel.now_ms {
            return;
        }
        let Some(m) = self.sqs.queues[qi].take(key) else {
            return;
        };
        self.sqs.queues[qi].metrics.expired += 1;
        let name = self.sqs.queues[qi].name().to_string();
        let period = self.sqs.queues[qi].settings.message_retention_period;
        // A FIFO dead-letter queue counts retention from the move (see move_to_dlq).
        let since = if self.sqs.queues[qi].is_fifo() && m.dead_letter_source.is_some() {
            "it was moved to this dead-letter queue"
        } else {
            "it was first sent"
        };
        self.record(
            TraceKind::MessageExpired,
            &name,
            None,
            Some(&m.message_id),
            m.order_id.as_deref(),
            format_args!("MessageRetentionPeriod ({period} s) over since {since}: deleted by SQS"),
        );
    }

    /// Deletes a message after successful processing.
    pub(crate) fn delete_message(&mut self, q: usize, key: u64, by: &str) {
        if self.delete_misses_a_copy(q, key, by) {
            return;
        }
        let Some(m) = self.sqs.queues[q].take(key) else {
            return;
        };
        self.sqs.queues[q].metrics.number_of_messages_deleted += 1;
        self.kernel.record(
            TraceKind::MessageDeleted,
            self.sqs.queues[q].name(),
            None,
            Some(&m.message_id),
            m.order_id.as_deref(),
            ("deleted by ", by),
        );
    }

    /// "On rare occasions, one of the servers that stores a copy of a message might be
    /// unavailable when you receive or delete a message": the copy is not deleted and
    /// the message comes back (SQS Developer Guide, "At-least-once delivery"). Here the
    /// message stays in flight and is received again when its visibility timeout ends.
    fn delete_misses_a_copy(&mut self, q: usize, key: u64, by: &str) -> bool {
        let rate = self.scenario.duplicate_delivery_per_mille;
        if rate == 0 || self.sqs.queues[q].is_fifo() {
            return false;
        }
        if !self.sqs.queue_rngs[q].chance_per_mille(rate) {
            return false;
        }
        let queue = &self.sqs.queues[q];
        let Some((id, order)) = queue
            .get(key)
            .map(|m| (m.message_id.clone(), m.order_id.clone()))
        else {
            return false;
        };
        // Not counted in NumberOfMessagesDeleted: the message is still in the queue.
        let name = queue.name().to_string();
        self.record(
            TraceKind::MessageDeleted,
            &name,
            None,
            Some(&id),
            order.as_deref(),
            format_args!("deleted by {by}, but one stored copy missed the delete: delivered again after its visibility timeout (standard queues are at-least-once)"),
        );
        true
    }

    /// The console's "Poll for messages": a real receive that counts toward maxReceiveCount.
    pub(crate) fn console_receive(
        &mut self,
        queue: &str,
        max: u32,
        visibility: Option<u64>,
        wait: Option<u64>,
    ) -> SimResult<()> {
        let q = self.queue_index(queue)?;
        if !(1..=lim::BATCH_MAX_ENTRIES as u32).contains(&max) {
            return Err(SimError::new(
                "InvalidParameterValue",
                format!("Value {max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."),
            ));
        }
        if let Some(v) = visibility.filter(|v| *v > lim::VISIBILITY_TIMEOUT_MAX_S) {
            return Err(SimError::new("InvalidParameterValue", format!("Value {v} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.")));
        }
        if let Some(w) = wait.filter(|w| *w > lim::WAIT_TIME_MAX_S) {
            return Err(SimError::new("InvalidParameterValue", format!("Value {w} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.")));
        }
        let wait_s = wait.unwrap_or(
            self.sqs.queues[q]
                .settings
                .receive_message_wait_time_seconds,
        );
        let id = self.sqs.next_console_poll;
        self.sqs.next_console_poll += 1;
        self.sqs.console_polls.insert(
            id,
            ConsolePoll {
                queue: self.sqs.queues[q].name().to_string(),
                at_ms: self.kernel.now_ms,
                answered_ms: None,
                messages: Vec::new(),
                max,
                visibility_s: visibility,
            },
        );
        // Short polling (wait 0) samples servers and answers at once; a long poll
        // waits up to WaitTimeSeconds for a message to arrive.
        if !self.try_answer_console_poll(id, wait_s == 0) {
            if wait_s == 0 {
                self.finish_console_poll(id, Vec::new());
            } else {
                self.schedule(
                    self.kernel.now_ms + wait_s * 1000,
                    Event::LongPollEnd { poll: id },
                );
            }
        }
        // Keep the last 20 answered polls.
        while self
            .sqs
            .console_polls
            .values()
            .filter(|p| p.answered_ms.is_some())
            .count()
            > 20
        {
            let Some(oldest) = self
                .sqs
                .console_polls
                .iter()
                .find(|(_, p)| p.answered_ms.is_some())
                .map(|(k, _)| *k)
            else {
                break;
            };
            self.sqs.console_polls.remove(&oldest);
        }
        Ok(())
    }

    /// Short polling asks a sample of the servers: with few messages it can miss some.
    /// On a FIFO queue a missed message holds back the rest of its group in this answer:
    /// "messages are returned in the order they were sent" within a message group
    /// (SQS Developer Guide, "FIFO queue delivery logic").
    fn short_poll_sample(&mut self, q: usize, candidates: &mut Vec<u64>) {
        let queue = &self.sqs.queues[q];
        let rng = &mut self.sqs.queue_rngs[q];
        let mut missed_groups: Vec<&str> = Vec::new();
        candidates.retain(|key| {
            let group = queue.get(*key).and_then(|m| m.group_id());
            if group.is_some_and(|g| missed_groups.contains(&g)) {
                return false;
            }
            let sampled = rng.chance_per_mille(750);
            if let (false, Some(g)) = (sampled, group) {
                missed_groups.push(g);
            }
            sampled
        });
    }

    /// Receives for a waiting console poll. True when it got messages (and is answered).
    fn try_answer_console_poll(&mut self, id: u64, short_poll: bool) -> bool {
        let Some(p) = self.sqs.console_polls.get(&id) else {
            return false;
        };
        if p.answered_ms.is_some() {
            return false;
        }
        let (max, visibility, queue) = (p.max, p.visibility_s, p.queue.clone());
        let Ok(q) = self.queue_index(&queue) else {
            return false;
        };
        let keys = self.receive(q, max, visibility, "console poll", short_poll);
        if keys.is_empty() {
            // A long poll still waiting is not an empty receive (yet).
            return false;
        }
        let epoch = self.kernel.epoch_ms;
        let messages = keys
            .iter()
            .filter_map(|k| self.sqs.queues[q].get(*k))
            .map(|m| m.to_json(epoch))
            .collect();
        self.finish_console_poll(id, messages);
        true
    }

    /// Answers a console poll. NumberOfEmptyReceives counts the ReceiveMessage calls
    /// that returned nothing: a short poll that found nothing, or a long poll whose
    /// wait ran out, never a long poll that a message answered later.
    fn finish_console_poll(&mut self, id: u64, messages: Vec<Value>) {
        let now = self.kernel.now_ms;
        let Some(p) = self.sqs.console_polls.get_mut(&id) else {
            return;
        };
        p.answered_ms = Some(now);
        let empty_on = messages.is_empty().then(|| p.queue.clone());
        p.messages = messages;
        if let Some(Ok(q)) = empty_on.map(|name| self.queue_index(&name)) {
            self.count_empty_receive(q);
        }
    }

    /// A poller's receive (Lambda trigger, pipe) that got nothing counts as empty.
    pub(crate) fn count_empty_receive(&mut self, q: usize) {
        self.sqs.queues[q].metrics.number_of_empty_receives += 1;
    }

    pub(crate) fn on_long_poll_end(&mut self, id: u64) {
        if self
            .sqs
            .console_polls
            .get(&id)
            .is_some_and(|p| p.answered_ms.is_none())
        {
            self.finish_console_poll(id, Vec::new());
        }
    }

    /// Console long polls waiting on this queue get the first look at a new message.
    fn serve_waiting_console_polls(&mut self, q: usize) {
        let name = self.sqs.queues[q].name();
        let waiting: Vec<u64> = self
            .sqs
            .console_polls
            .iter()
            .filter(|(_, p)| p.answered_ms.is_none() && p.queue == name)
            .map(|(k, _)| *k)
            .collect();
        for id in waiting {
            self.try_answer_console_poll(id, false);
        }
    }

    /// DeleteMessage from a learner or a script. An earlier receive's receipt handle
    /// on a standard queue succeeds and deletes nothing (see `Queue::receipt_for_delete`).
    pub(crate) fn delete_by_receipt(&mut self, queue: &str, receipt: &str) -> SimResult<()> {
        let q = self.queue_index(queue)?;
        match self.sqs.queues[q].receipt_for_delete(receipt)? {
            ReceiptFor::Latest(key) => self.delete_message(q, key, "DeleteMessage"),
            ReceiptFor::Earlier(key) => self.record_not_deleted(q, key),
        }
        Ok(())
    }

    /// "If you use an old ReceiptHandle, the request will succeed, but the message might
    /// not be deleted": the learner is told it was not, and where the message is.
    fn record_not_deleted(&mut self, q: usize, key: u64) {
        let queue = &self.sqs.queues[q];
        let Some(m) = queue.get(key) else {
            return;
        };
        let text = if matches!(m.state, MessageState::InFlight { .. }) {
            "DeleteMessage succeeded but deleted nothing: the receipt handle is from an earlier receive, and only the latest receive's handle deletes; the message is in flight and comes back when its visibility timeout expires"
        } else {
            "DeleteMessage succeeded but deleted nothing: the receipt handle is from an earlier receive, and only the latest receive's handle deletes; the message is still in the queue"
        };
        self.kernel.record(
            TraceKind::MessageNotDeleted,
            queue.name(),
            None,
            Some(&m.message_id),
            m.order_id.as_deref(),
            text,
        );
    }

    pub(crate) fn change_visibility(
        &mut self,
        queue: &str,
        receipt: &str,
        timeout_s: u64,
    ) -> SimResult<()> {
        let q = self.queue_index(queue)?;
        let key = self.sqs.queues[q].key_for_receipt(receipt).ok_or_else(|| {
            SimError::new(
                "ReceiptHandleIsInvalid",
                format!("The input receipt handle \"{receipt}\" is not a valid receipt handle."),
            )
        })?;
        let now = self.kernel.now_ms;
        let (generation, until) = self.sqs.queues[q].change_visibility(key, now, timeout_s)?;
        self.schedule(
            until,
            Event::MessageVisible {
                queue: q as u32,
                key,
                generation,
            },
        );
        let (id, order) = self.sqs.queues[q]
            .get(key)
            .map(|m| (m.message_id.clone(), m.order_id.clone()))
            .unwrap_or_default();
        let name = self.sqs.queues[q].name().to_string();
        self.record(
            TraceKind::VisibilityChanged,
            &name,
            None,
            Some(&id),
            order.as_deref(),
            format_args!("ChangeMessageVisibility: hidden for {timeout_s} s from now (the next receive uses the queue's default again)"),
        );
        Ok(())
    }

    pub(crate) fn purge(&mut self, queue: &str) -> SimResult<()> {
        let q = self.queue_index(queue)?;
        let n = self.sqs.queues[q].purge(self.kernel.now_ms)?;
        let name = self.sqs.queues[q].name().to_string();
        self.record(
            TraceKind::QueuePurged,
            &name,
            None,
            None,
            None,
            format_args!("PurgeQueue deleted {n} messages"),
        );
        Ok(())
    }

    /// What a peek shows: every message and its state. Changes nothing, unlike the
    /// console's "Poll for messages", which is a receive.
    pub fn peek(&self, queue: &str) -> SimResult<Vec<Value>> {
        let q = self.queue_index(queue)?;
        let epoch = self.kernel.epoch_ms;
        Ok(self.sqs.queues[q]
            .messages()
            .map(|(_, m)| {
                let mut v = m.to_json(epoch);
                v["State"] = Value::String(crate::sqs::state_name(&m.state).into());
                v
            })
            .collect())
    }

    pub(crate) fn start_move_task(
        &mut self,
        source: &str,
        destination: Option<String>,
        rate: Option<u32>,
    ) -> SimResult<()> {
        let s = self.queue_index(source)?;
        let name = self.sqs.queues[s].name().to_string();
        let is_dlq = self
            .sqs
            .queues
            .iter()
            .any(|q| q.settings.dead_letter_queue_name() == Some(name.as_str()));
        if !is_dlq {
            return Err(SimError::new("InvalidParameterValue", format!("Source queue {name} must be configured as a dead-letter queue of another queue.")));
        }
        if let Some(d) = &destination {
            let d = self.queue_index(d)?;
            if self.sqs.queues[d].is_fifo() != self.sqs.queues[s].is_fifo() {
                return Err(SimError::new("InvalidParameterValue", "The destination queue must be the same type (standard or FIFO) as the source queue."));
            }
        }
        if self.sqs.queues[s]
            .move_task
            .as_ref()
            .is_some_and(|t| t.status == "RUNNING")
        {
            return Err(SimError::new(
                "AWS.SimpleQueueService.UnsupportedOperation",
                format!("There is already a message move task running on {name}."),
            ));
        }
        let rate = rate.unwrap_or(lim::REDRIVE_RATE_MAX_PER_S);
        if !(1..=lim::REDRIVE_RATE_MAX_PER_S).contains(&rate) {
            return Err(SimError::new("InvalidParameterValue", format!("Value {rate} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be between 1 and 500.")));
        }
        let to_move = self.sqs.queues[s].counts().0;
        let handle = format!("eyJ0YXNrSWQiOi{:016x}", self.kernel.ids.next_u64());
        self.sqs.queues[s].move_task = Some(MoveTask {
            task_handle: handle,
            destination: destination.map(|d| queue_name_from_arn(&d).to_string()),
            max_per_second: rate,
            approximate_number_of_messages_to_move: to_move,
            approximate_number_of_messages_moved: 0,
            status: "RUNNING",
        });
        let to = match self.sqs.queues[s]
            .move_task
            .as_ref()
            .and_then(|t| t.destination.clone())
        {
            Some(d) => d,
            None => self.sqs.queues[s].dead_letter_source_names(),
        };
        self.record(
            TraceKind::RedriveStarted,
            &name,
            Some(&to),
            None,
            None,
            format_args!(
                "DLQ redrive started: {to_move} messages to move at up to {rate} per second"
            ),
        );
        self.schedule(self.kernel.now_ms, Event::MoveTaskTick { queue: s as u32 });
        Ok(())
    }

    pub(crate) fn cancel_move_task(&mut self, source: &str) -> SimResult<()> {
        let s = self.queue_index(source)?;
        let name = self.sqs.queues[s].name().to_string();
        match &mut self.sqs.queues[s].move_task {
            Some(t) if t.status == "RUNNING" => {
                t.status = "CANCELLED";
                let moved = t.approximate_number_of_messages_moved;
                self.record(
                    TraceKind::RedriveCancelled,
                    &name,
                    None,
                    None,
                    None,
                    format_args!("DLQ redrive cancelled after moving {moved} messages"),
                );
                Ok(())
            }
            _ => Err(SimError::new(
                "ResourceNotFoundException",
                format!("There is no running message move task on {name}."),
            )),
        }
    }

    pub(crate) fn on_move_task_tick(&mut self, q: u32) {
        let s = q as usize;
        let Some(task) = self.sqs.queues[s].move_task.clone() else {
            return;
        };
        if task.status != "RUNNING" {
            return;
        }
        let interval_ms = (1000 / task.max_per_second as u64).max(10);
        let per_tick = (task.max_per_second as u64 * interval_ms)
            .div_ceil(1000)
            .max(1);
        let mut moved = 0;
        while moved < per_tick
            && task.approximate_number_of_messages_moved + moved
                < task.approximate_number_of_messages_to_move
        {
            let Some(key) = self.sqs.queues[s].candidates(1).first().copied() else {
                break;
            };
            if !self.redrive_one(s, key, task.destination.as_deref()) {
                break;
            }
            moved += 1;
        }
        let name = self.sqs.queues[s].name().to_string();
        let Some(t) = self.sqs.queues[s].move_task.as_mut() else {
            return;
        };
        t.approximate_number_of_messages_moved += moved;
        let done = t.approximate_number_of_messages_moved
            >= t.approximate_number_of_messages_to_move
            || moved < per_tick;
        if done {
            t.status = "COMPLETED";
            let n = t.approximate_number_of_messages_moved;
            self.record(
                TraceKind::RedriveFinished,
                &name,
                None,
                None,
                None,
                format_args!("DLQ redrive completed: {n} messages moved"),
            );
        } else {
            self.schedule(
                self.kernel.now_ms + interval_ms,
                Event::MoveTaskTick { queue: q },
            );
        }
    }

    /// Moves one message out of a DLQ as a new message: new MessageId, new SentTimestamp,
    /// receive count 0.
    fn redrive_one(&mut self, s: usize, key: u64, destination: Option<&str>) -> bool {
        let target = match (
            destination,
            self.sqs.queues[s]
                .get(key)
                .and_then(|m| m.dead_letter_source.clone()),
        ) {
            (Some(d), _) => d.to_string(),
            (None, Some(src)) => queue_name_from_arn(&src).to_string(),
            (None, None) => return false,
        };
        let Ok(d) = self.queue_index(&target) else {
            return false;
        };
        let Some(old) = self.sqs.queues[s].take(key) else {
            return false;
        };
        self.sqs.queues[s].metrics.redriven_out += 1;
        let new_id = self.kernel.ids.uuid();
        let message = Message {
            message_id: new_id.clone(),
            sent_ms: self.kernel.now_ms,
            enqueued_ms: self.kernel.now_ms,
            first_receive_ms: None,
            receive_count: 0,
            state: MessageState::Visible,
            visibility_generation: 0,
            dead_letter_source: None,
            old_receipts: None,
            ..Message::clone(&old)
        };
        let new_key = self.sqs.queues[d].insert(message);
        self.sqs.queues[d].metrics.number_of_messages_sent += 1;
        let (src_name, dst_name) = (
            self.sqs.queues[s].name().to_string(),
            self.sqs.queues[d].name().to_string(),
        );
        self.record(
            TraceKind::RedriveMoved,
            &src_name,
            Some(&dst_name),
            Some(&new_id),
            old.order_id.as_deref(),
            format_args!(
                "redriven to {dst_name} as a new message (was {}): receive count back to 0",
                old.message_id
            ),
        );
        self.after_enqueue(d, new_key);
        true
    }

    pub(crate) fn set_queue_attributes(
        &mut self,
        queue: &str,
        attributes: BTreeMap<String, Value>,
    ) -> SimResult<()> {
        let q = self.queue_index(queue)?;
        let mut s = self.sqs.queues[q].settings.clone();
        let num = |k: &str, v: &Value| -> SimResult<u64> {
            let text = match v {
                Value::Number(n) => n.to_string(),
                Value::String(t) => t.trim().to_string(),
                _ => String::new(),
            };
            // "-0" is 0; a whole number below 0 or past u64 is out of range, and says so
            // with the range (the student walk's -1 was told "must be a whole number").
            if let Ok(n) = text.parse::<i128>() {
                return u64::try_from(n).map_err(|_| crate::sqs::invalid_attr(k, &text));
            }
            let whole = text.strip_prefix('-').unwrap_or(&text);
            if !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) {
                return Err(crate::sqs::invalid_attr(k, &text));
            }
            Err(SimError::new(
                "InvalidAttributeValue",
                format!("Invalid value for the parameter {k}: must be a whole number."),
            ))
        };
        for (k, v) in &attributes {
            match k.as_str() {
                "VisibilityTimeout" => s.visibility_timeout = num(k, v)?,
                "DelaySeconds" => s.delay_seconds = num(k, v)?,
                "MessageRetentionPeriod" => s.message_retention_period = num(k, v)?,
                "MaximumMessageSize" => s.maximum_message_size = num(k, v)?,
                "ReceiveMessageWaitTimeSeconds" => s.receive_message_wait_time_seconds = num(k, v)?,
                "ContentBasedDeduplication" => {
                    s.content_based_deduplication =
                        matches!(v, Value::Bool(true)) || v.as_str() == Some("true")
                }
                "RedrivePolicy" => {
                    let parsed = match v {
                        Value::String(t) if t.is_empty() => None,
                        Value::String(t) => Some(serde_json::from_str(t).map_err(|e| {
                            SimError::new(
                                "InvalidAttributeValue",
                                format!(
                                    "Invalid value for the parameter RedrivePolicy. Reason: {e}"
                                ),
                            )
                        })?),
                        Value::Null => None,
                        other => Some(serde_json::from_value(other.clone()).map_err(|e| {
                            SimError::new(
                                "InvalidAttributeValue",
                                format!(
                                    "Invalid value for the parameter RedrivePolicy. Reason: {e}"
                                ),
                            )
                        })?),
                    };
                    if let Some(rp) = &parsed {
                        let rp: &crate::sqs::RedrivePolicy = rp;
                        let d = self.queue_index(&rp.dead_letter_target_arn).map_err(|_| {
                            SimError::new("InvalidParameterValue", format!("Value {} for parameter RedrivePolicy is invalid. Reason: Dead-letter target does not exist.", rp.dead_letter_target_arn))
                        })?;
                        crate::sqs::check_redrive_allowed(
                            &s.queue_name,
                            &self.sqs.queues[d].settings,
                        )?;
                        if self.sqs.queues[d].is_fifo() != s.fifo_queue {
                            return Err(SimError::new("InvalidParameterValue", "Dead-letter target must be the same type (standard or FIFO) as the source queue."));
                        }
                    }
                    s.redrive_policy = parsed;
                }
                "FifoQueue" => {
                    return Err(SimError::new(
                        "InvalidAttributeName",
                        "FifoQueue cannot be changed after the queue is created.",
                    ))
                }
                other => {
                    return Err(SimError::new(
                        "InvalidAttributeName",
                        format!("Unknown Attribute {other}."),
                    ))
                }
            }
        }
        s.validate()?;
        let name = self.sqs.queues[q].name().to_string();
        let changed: Vec<String> = attributes
            .iter()
            .map(|(k, v)| format!("{k}={}", body_text(v)))
            .collect();
        let before = std::mem::replace(&mut self.sqs.queues[q].settings, s);
        self.sqs.queues[q].last_modified_ms = self.kernel.now_ms;
        self.apply_to_messages_here(q, &before);
        self.record(
            TraceKind::SettingChanged,
            &name,
            None,
            None,
            None,
            format_args!("SetQueueAttributes {}", changed.join(", ")),
        );
        Ok(())
    }

    /// The settings changes that reach the messages already in queue `q`: a changed
    /// MessageRetentionPeriod schedules each one's new expiry (at once for those now
    /// past it), and a FIFO queue's DelaySeconds re-times its delayed ones. The events
    /// scheduled before do nothing when they come. AWS says a retention change "can
    /// take up to 15 minutes"; here it is at once.
    fn apply_to_messages_here(&mut self, q: usize, before: &crate::sqs::QueueSettings) {
        let now = self.kernel.now_ms;
        let queue = &self.sqs.queues[q];
        if queue.settings.message_retention_period != before.message_retention_period {
            let due: Vec<(u64, SimTime)> = queue
                .messages()
                .map(|(key, m)| (key, queue.expires_at_ms(m).max(now)))
                .collect();
            for (key, at) in due {
                let queue = q as u32;
                self.schedule(at, Event::MessageExpire { queue, key });
            }
        }
        if self.sqs.queues[q].settings.delay_seconds != before.delay_seconds {
            for (key, at) in self.sqs.queues[q].retime_fifo_delays(now) {
                let queue = q as u32;
                self.schedule(
                    at,
                    Event::MessageVisible {
                        queue,
                        key,
                        generation: 0,
                    },
                );
            }
        }
    }

    /// Wakes every event source mapping that reads this queue.
    pub(crate) fn wake_consumers(&mut self, q: usize) {
        if !self.sqs.console_polls.is_empty() {
            self.serve_waiting_console_polls(q);
        }
        // One consumer polls after a fixed latency; competing ones each after a
        // latency of their own, so neither always wins.
        let competing = self.wiring.queue_pipes[q].len() + self.wiring.queue_mappings[q].len() > 1;
        for j in 0..self.wiring.queue_pipes[q].len() {
            let i = self.wiring.queue_pipes[q][j];
            if self.pipes.pipes[i as usize].running {
                let at = self.kernel.now_ms + self.poll_latency_ms(competing);
                self.request_pipe_poll(i as usize, at);
            }
        }
        for j in 0..self.wiring.queue_mappings[q].len() {
            let i = self.wiring.queue_mappings[q][j];
            if self.lambda.sqs_mappings[i as usize].config.enabled {
                // Lambda's pollers long-poll: a new message is picked up almost at once.
                let at = self.kernel.now_ms + self.poll_latency_ms(competing);
                self.request_sqs_poll(i as usize, at);
            }
        }
    }

    /// How long a long-polling consumer takes to see a new message.
    fn poll_latency_ms(&mut self, competing: bool) -> SimTime {
        let base = crate::lambda::mapping::POLL_LATENCY_MS;
        match self.sqs.poll_jitter_rng.as_mut().filter(|_| competing) {
            Some(rng) => base + rng.between(0, 2 * base),
            None => base,
        }
    }
}

/// `received by {consumer}: receive count {n}{of_max}; hidden for the {} visibility
/// timeout`, written piece by piece: a line for every receive.
struct Received<'a> {
    consumer: &'a str,
    count: u32,
    max_receive_count: Option<u32>,
    visibility_ms: u64,
}

impl crate::kernel::trace::TraceText for Received<'_> {
    fn write_into(self, buffer: &mut String) {
        use crate::kernel::time::push_decimal;
        buffer.push_str("received by ");
        buffer.push_str(self.consumer);
        buffer.push_str(": receive count ");
        push_decimal(buffer, u64::from(self.count));
        if let Some(x) = self.max_receive_count {
            buffer.push_str(" of maxReceiveCount ");
            push_decimal(buffer, u64::from(x));
        }
        buffer.push_str("; hidden for the ");
        HumanMs(self.visibility_ms).push_to(buffer);
        buffer.push_str(" visibility timeout");
    }
}

/// Why a message is visible again: its delay is over (`None`), or its visibility
/// timeout expired after `receive count` receives, perhaps while the invocation that
/// received it still runs (a run longer than the visibility timeout: another can now
/// receive the same message).
struct VisibleAgain(Option<(u32, bool)>);

impl crate::kernel::trace::TraceText for VisibleAgain {
    fn write_into(self, buffer: &mut String) {
        let (n, still_running) = match self.0 {
            None => return "delay over: now visible".write_into(buffer),
            Some(x) => x,
        };
        buffer.push_str("visibility timeout expired without a delete");
        if still_running {
            buffer.push_str(", while the invocation that received it still runs");
        }
        (": visible again (receive count ", u64::from(n), ")").write_into(buffer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::trace::TraceText;

    // The text `Received` replaced, as it was written.
    /// " of maxReceiveCount N" when the queue has a redrive policy.
    struct OfMax(Option<u32>);

    impl std::fmt::Display for OfMax {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self.0 {
                Some(x) => write!(f, " of maxReceiveCount {x}"),
                None => Ok(()),
            }
        }
    }

    #[test]
    fn received_reads_as_its_format() {
        for (n, max, vis) in [
            (1, Some(3), 30_000),
            (12, None, 250),
            (4_000_000_000, Some(u32::MAX), 3_600_001),
        ] {
            let mut s = String::new();
            Received {
                consumer: "OrderWorkerFunction",
                count: n,
                max_receive_count: max,
                visibility_ms: vis,
            }
            .write_into(&mut s);
            let (consumer, of_max) = ("OrderWorkerFunction", OfMax(max));
            let old = format!("received by {consumer}: receive count {n}{of_max}; hidden for the {} visibility timeout", HumanMs(vis));
            assert_eq!(s, old);
        }
    }

    #[test]
    fn visible_again_reads_as_before() {
        let text = |v: VisibleAgain| {
            let mut s = String::new();
            v.write_into(&mut s);
            s
        };
        assert_eq!(text(VisibleAgain(None)), "delay over: now visible");
        assert_eq!(
            text(VisibleAgain(Some((3, false)))),
            "visibility timeout expired without a delete: visible again (receive count 3)"
        );
        assert_eq!(
            text(VisibleAgain(Some((2, true)))),
            "visibility timeout expired without a delete, while the invocation that received it still runs: visible again (receive count 2)"
        );
    }
}
