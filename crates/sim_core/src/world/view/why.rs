//! Why an order is where it is, when the reason is a trap the orders table cannot show:
//! its message was taken by a consumer that deleted it without processing it, or it
//! failed with a batch because of another message. Read from the trace, as the order
//! timeline is, so it says what happened and nothing the world did not record.

use std::collections::BTreeMap;

use crate::trace::{TraceEntryRef, TraceKind};
use crate::Simulation;

/// What happened to an order's message that the order's status does not say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderWhy {
    /// A pipe received the message from a queue that a Lambda trigger also polls, its
    /// filter rejected it and the pipe deleted it: the trigger's functions never get
    /// it. SQS gives each message to one consumer; Pipes deletes what its filter drops.
    DeletedByPipeFilter {
        pipe: String,
        queue: String,
        /// The functions whose SQS trigger reads `queue`.
        functions: Vec<String>,
        /// How often those functions had received it first, without deleting it (a
        /// failing worker: the message came back, and this time the pipe got it).
        received_before: u32,
    },
    /// A pipe received the message from a queue a Lambda trigger also polls, its filter
    /// kept it and the pipe delivered it to its target: the trigger's functions, which
    /// set the order's status, never get it.
    TakenByPipe {
        pipe: String,
        queue: String,
        target: String,
        functions: Vec<String>,
        /// As for `DeletedByPipeFilter`.
        received_before: u32,
    },
    /// The message was one of a batch the function failed as a whole (it threw or
    /// timed out on the batch): every message of the batch returns to the queue, the
    /// good ones with the bad, even with ReportBatchItemFailures on (only a returned
    /// batchItemFailures list retries less).
    FailedWithBatch {
        function: String,
        queue: String,
        /// Messages in the failed batch.
        batch_size: u32,
        /// The trigger has ReportBatchItemFailures on: the note must not say the
        /// setting was missing.
        report_batch_item_failures: bool,
        /// The error, as the function raised it.
        error: String,
        /// The dead-letter queue the message was moved to afterwards, if it was.
        moved_to_dlq: Option<String>,
    },
    /// The message failed in its function on its own (a batch of one) until SQS moved
    /// it to the queue's DLQ: the order keeps the status its last write gave it, and
    /// the message waits there for a redrive (a walk saw a FAIL order stay PENDING
    /// with nothing to say why).
    InDlq {
        function: String,
        queue: String,
        dlq: String,
        /// The last error the function raised on it.
        error: String,
        /// How often the trigger received it before the move.
        receives: u32,
    },
}

/// Every order with something to explain, by order id.
pub fn order_notes(sim: &Simulation) -> BTreeMap<String, OrderWhy> {
    let mut reader = Reader::new(sim);
    for e in sim.trace().entries() {
        reader.read(&e);
    }
    reader.notes
}

/// One order's note, if it has one.
pub fn order_note(sim: &Simulation, order_id: &str) -> Option<OrderWhy> {
    order_notes(sim).remove(order_id)
}

/// A message received by a trigger: its id and its order.
type Received = (String, Option<String>);

struct Reader {
    /// Queue → the functions whose SQS trigger reads it.
    triggers: BTreeMap<String, Vec<String>>,
    /// (queue, function) of the triggers with ReportBatchItemFailures on.
    partial_batch_responses: std::collections::BTreeSet<(String, String)>,
    /// Pipe → the queue it reads.
    pipe_sources: BTreeMap<String, String>,
    /// (queue, function) → messages received since that trigger's last invocation.
    receiving: BTreeMap<(String, String), Vec<Received>>,
    /// Request id → its batch.
    batches: BTreeMap<String, Vec<Received>>,
    /// Request id → the error the function raised (or its timeout).
    errors: BTreeMap<String, String>,
    /// Message id → how often a Lambda trigger received it (a redriven message is a new
    /// message, with a new id: its count starts again).
    trigger_receives: BTreeMap<String, u32>,
    /// (pipe, order) → the message the pipe last received for that order.
    pipe_received: BTreeMap<(String, String), String>,
    /// Message id → (function, error) of its last failed batch of one.
    last_failure: BTreeMap<String, (String, String)>,
    /// (DLQ, message id) → order, for each message an `InDlq` note stands on.
    in_dlq: BTreeMap<(String, String), String>,
    notes: BTreeMap<String, OrderWhy>,
}

impl Reader {
    fn new(sim: &Simulation) -> Reader {
        let mut triggers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut partial_batch_responses = std::collections::BTreeSet::new();
        for m in sim.sqs_mappings() {
            let queue = sim.queues()[m.queue as usize].name().to_string();
            let function = sim.functions()[m.function as usize].name().to_string();
            if m.report_batch_item_failures {
                partial_batch_responses.insert((queue.clone(), function.clone()));
            }
            triggers.entry(queue).or_default().push(function);
        }
        let pipe_sources = sim
            .pipes()
            .iter()
            .map(|p| (p.config.name.clone(), p.config.source_queue().to_string()))
            .collect();
        Reader {
            triggers,
            partial_batch_responses,
            pipe_sources,
            receiving: BTreeMap::new(),
            batches: BTreeMap::new(),
            errors: BTreeMap::new(),
            trigger_receives: BTreeMap::new(),
            pipe_received: BTreeMap::new(),
            last_failure: BTreeMap::new(),
            in_dlq: BTreeMap::new(),
            notes: BTreeMap::new(),
        }
    }

    fn is_trigger(&self, queue: &str, function: &str) -> bool {
        self.triggers
            .get(queue)
            .is_some_and(|fs| fs.iter().any(|f| f == function))
    }

    fn read(&mut self, e: &TraceEntryRef) {
        match (e.kind, e.to, e.subject) {
            (TraceKind::MessageReceived, Some(to), Some(msg)) => self.received(e, to, msg),
            (TraceKind::InvocationStarted, Some(to), Some(req)) => {
                let key = (e.resource.to_string(), to.to_string());
                if let Some(batch) = self.receiving.remove(&key) {
                    self.batches.insert(req.to_string(), batch);
                }
            }
            (TraceKind::InvocationFailed | TraceKind::InvocationTimedOut, None, Some(req))
                if self.batches.contains_key(req) =>
            {
                self.errors.insert(req.to_string(), e.text.to_string());
            }
            (TraceKind::InvocationFailed, Some(queue), Some(req)) => {
                self.batch_returned(e.resource, queue, req)
            }
            (TraceKind::InvocationSucceeded, None, Some(req)) => {
                self.batches.remove(req);
            }
            (TraceKind::MessageDeleted, _, msg) => {
                self.clear_batch_note(e.order_id);
                self.left_dlq(|(q, m)| q == e.resource && Some(m.as_str()) == msg);
                if let Some(m) = msg {
                    self.last_failure.remove(m);
                }
            }
            (TraceKind::MessageExpired, _, msg) => {
                self.left_dlq(|(q, m)| q == e.resource && Some(m.as_str()) == msg)
            }
            (TraceKind::MessageMovedToDlq, Some(dlq), _) => self.moved(e, dlq),
            // The redriven copy has a new id: the order's first message in that DLQ left.
            (TraceKind::RedriveMoved, _, _) => {
                let first = self
                    .in_dlq
                    .iter()
                    .find(|((q, _), o)| q == e.resource && Some(o.as_str()) == e.order_id)
                    .map(|(k, _)| k.clone());
                self.left_dlq(|k| Some(k) == first.as_ref());
            }
            (TraceKind::QueuePurged, _, _) => self.left_dlq(|(q, _)| q == e.resource),
            (TraceKind::PipeFiltered, Some(queue), _) => self.filtered(e, queue),
            (TraceKind::PipeDelivered, Some(target), _) => self.taken(e, target),
            _ => {}
        }
    }

    fn received(&mut self, e: &TraceEntryRef, consumer: &str, msg: &str) {
        if self.pipe_sources.contains_key(consumer) {
            if let Some(order) = e.order_id {
                let key = (consumer.to_string(), order.to_string());
                self.pipe_received.insert(key, msg.to_string());
            }
            return;
        }
        let function = consumer;
        if !self.is_trigger(e.resource, function) {
            return;
        }
        if let Some(order) = e.order_id {
            // The trigger on the pipe's queue got it after all (a resend, a redrive):
            // nothing to explain. (The pipe's target's own consumer does not count.)
            if matches!(
                self.notes.get(order),
                Some(OrderWhy::DeletedByPipeFilter { queue, .. } | OrderWhy::TakenByPipe { queue, .. })
                    if *queue == e.resource
            ) {
                self.notes.remove(order);
            }
        }
        *self.trigger_receives.entry(msg.to_string()).or_default() += 1;
        self.receiving
            .entry((e.resource.to_string(), function.to_string()))
            .or_default()
            .push((msg.to_string(), e.order_id.map(str::to_string)));
    }

    /// The whole batch returns when the function raised (or timed out); a batch of
    /// one has nothing to explain beyond its own error, and its order's note from an
    /// earlier batch is no longer why it came back.
    fn batch_returned(&mut self, function: &str, queue: &str, req: &str) {
        let Some(batch) = self.batches.remove(req) else {
            return;
        };
        let Some(error) = self.errors.remove(req) else {
            return;
        };
        if batch.len() < 2 {
            for (msg, order) in &batch {
                self.clear_batch_note(order.as_deref());
                let failure = (function.to_string(), error.clone());
                self.last_failure.insert(msg.clone(), failure);
            }
            return;
        }
        let report_batch_item_failures = self
            .partial_batch_responses
            .contains(&(queue.to_string(), function.to_string()));
        for order in batch.iter().filter_map(|(_, o)| o.as_deref()) {
            self.notes.insert(
                order.to_string(),
                OrderWhy::FailedWithBatch {
                    function: function.to_string(),
                    queue: queue.to_string(),
                    batch_size: batch.len() as u32,
                    report_batch_item_failures,
                    error: error.clone(),
                    moved_to_dlq: None,
                },
            );
        }
    }

    fn clear_batch_note(&mut self, order: Option<&str>) {
        if let Some(order) = order {
            if matches!(
                self.notes.get(order),
                Some(OrderWhy::FailedWithBatch { .. })
            ) {
                self.notes.remove(order);
            }
        }
    }

    fn moved(&mut self, e: &TraceEntryRef, dlq: &str) {
        let (Some(order), Some(msg)) = (e.order_id, e.subject) else {
            return;
        };
        match self.notes.get_mut(order) {
            Some(OrderWhy::FailedWithBatch { moved_to_dlq, .. }) => {
                *moved_to_dlq = Some(dlq.to_string());
            }
            Some(OrderWhy::InDlq { .. }) | None => {
                // Its last failure must be this message's, in a trigger's batch of one.
                let Some((function, error)) = self.last_failure.remove(msg) else {
                    return;
                };
                let why = OrderWhy::InDlq {
                    function,
                    queue: e.resource.to_string(),
                    dlq: dlq.to_string(),
                    error,
                    receives: self.receives(msg),
                };
                self.notes.insert(order.to_string(), why);
                let key = (dlq.to_string(), msg.to_string());
                self.in_dlq.insert(key, order.to_string());
            }
            Some(_) => {}
        }
    }

    /// The DLQ messages `gone` picks left it (deleted, expired, redriven, purged): an
    /// order with none left there loses its `InDlq` note.
    fn left_dlq(&mut self, gone: impl Fn(&(String, String)) -> bool) {
        let mut orders = Vec::new();
        self.in_dlq.retain(|k, order| {
            let keep = !gone(k);
            if !keep {
                orders.push(order.clone());
            }
            keep
        });
        for order in orders {
            if !self.in_dlq.values().any(|o| *o == order)
                && matches!(self.notes.get(&order), Some(OrderWhy::InDlq { .. }))
            {
                self.notes.remove(&order);
            }
        }
    }

    fn taken(&mut self, e: &TraceEntryRef, target: &str) {
        let Some(order) = e.order_id else {
            return;
        };
        let Some(queue) = self.pipe_sources.get(e.resource) else {
            return;
        };
        let Some(functions) = self.triggers.get(queue) else {
            return;
        };
        let key = (e.resource.to_string(), order.to_string());
        let received_before = self.pipe_received.get(&key).map_or(0, |m| self.receives(m));
        self.notes.insert(
            order.to_string(),
            OrderWhy::TakenByPipe {
                pipe: e.resource.to_string(),
                queue: queue.clone(),
                target: target.to_string(),
                functions: functions.clone(),
                received_before,
            },
        );
    }

    fn filtered(&mut self, e: &TraceEntryRef, queue: &str) {
        let (Some(order), Some(functions)) = (e.order_id, self.triggers.get(queue)) else {
            return;
        };
        let received_before = e.subject.map_or(0, |m| self.receives(m));
        self.notes.insert(
            order.to_string(),
            OrderWhy::DeletedByPipeFilter {
                pipe: e.resource.to_string(),
                queue: queue.to_string(),
                functions: functions.clone(),
                received_before,
            },
        );
    }

    /// How often a Lambda trigger received this message before.
    fn receives(&self, message_id: &str) -> u32 {
        self.trigger_receives.get(message_id).copied().unwrap_or(0)
    }
}
