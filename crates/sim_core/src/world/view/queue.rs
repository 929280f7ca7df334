//! A queue as the SQS console shows it, plus every message's state, receive count and
//! visibility countdown, read without receiving it.

use serde_json::Value;

use crate::sqs::{queue_name_from_arn, MessageState, MoveTask};
use crate::{SimTime, Simulation};

/// Messages a view carries: the first ones only, since copying thousands every frame
/// would stall a page.
pub const MESSAGES_SHOWN: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageStatus {
    Available,
    InFlight,
    Delayed,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MessageView {
    pub message_id: String,
    /// The order the body names (orderId, pedidoId or order_id), so a learner can
    /// tell messages apart without opening each body.
    pub order_id: Option<String>,
    pub status: MessageStatus,
    pub receive_count: u32,
    /// Until it is visible again (in flight) or at all (delayed).
    pub visible_in_ms: Option<SimTime>,
    /// The queue SQS moved it from, when this is a DLQ.
    pub dead_letter_source_queue: Option<String>,
    /// A FIFO message's MessageGroupId: the walk could not see which group a message
    /// was in without opening its JSON.
    pub message_group_id: Option<String>,
    /// A FIFO message available but held back: its group has a message in flight,
    /// and a group's messages go one batch at a time.
    pub held_by_group: Option<String>,
    pub body: String,
    /// The message's JSON as it stands: a peek, so ApproximateReceiveCount is the
    /// receives so far (a ReceiveMessage would return one more).
    pub json: Value,
    /// In a DLQ: why the message's order is here when it was not its own fault (it
    /// failed with its batch).
    pub why: Option<super::OrderWhy>,
}

/// The console's last "Poll for messages" on this queue.
#[derive(Clone, Debug, PartialEq)]
pub struct PollView {
    pub at_ms: SimTime,
    /// False while a long poll is still waiting.
    pub answered: bool,
    pub messages: Vec<PolledMessage>,
}

/// A message the console's poll received: as ReceiveMessage returned it, and the order
/// its body names (bare MessageIds gave no hint of what Delete would delete: the SQS
/// guide walk).
#[derive(Clone, Debug, PartialEq)]
pub struct PolledMessage {
    pub json: Value,
    pub order_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct QueueView {
    pub name: String,
    /// The QueueUrl the console shows (and an SDK call names the queue by).
    pub url: String,
    /// Some queue's RedrivePolicy names this one.
    pub is_dlq: bool,
    pub available: u64,
    pub in_flight: u64,
    pub delayed: u64,
    pub visibility_timeout_s: u64,
    /// The queue's DelaySeconds: how long each new message stays delayed.
    pub delay_seconds: u64,
    /// Where this queue sends a message received maxReceiveCount times, if anywhere.
    pub redrive_policy: Option<crate::sqs::RedrivePolicy>,
    pub messages: Vec<MessageView>,
    pub move_task: Option<MoveTask>,
    pub last_poll: Option<PollView>,
    /// The last PurgeQueue: when (sim time) and how many messages it deleted.
    pub last_purge: Option<(SimTime, u64)>,
    /// The sim time this view was taken at.
    pub now_ms: SimTime,
    /// GetQueueAttributes (All).
    pub attributes: Value,
    /// AWS/SQS metrics.
    pub metrics: Value,
    /// Visible and in-flight messages per minute, as CloudWatch graphs them.
    pub charts: Vec<super::MetricChartView>,
}

impl QueueView {
    pub fn of(sim: &Simulation, name: &str) -> Option<QueueView> {
        let q = sim.queue(name)?;
        let (available, in_flight, delayed) = q.counts();
        let is_dlq = sim
            .queues()
            .iter()
            .any(|o| o.settings.dead_letter_queue_name() == Some(name));
        let last_poll = sim
            .console_polls()
            .filter(|p| p.queue == name)
            .last()
            .map(|p| PollView {
                at_ms: p.at_ms,
                answered: p.answered_ms.is_some(),
                messages: p
                    .messages
                    .iter()
                    .map(|m| PolledMessage {
                        json: m.clone(),
                        order_id: m["Body"]
                            .as_str()
                            .and_then(crate::world::order_id::order_id_of),
                    })
                    .collect(),
            });
        // Only a DLQ's messages need the notes, and only when it holds some.
        let mut notes = if is_dlq && !q.is_empty() {
            super::order_notes(sim)
        } else {
            Default::default()
        };
        Some(QueueView {
            url: q.url(),
            name: name.to_string(),
            is_dlq,
            available,
            in_flight,
            delayed,
            visibility_timeout_s: q.settings.visibility_timeout,
            delay_seconds: q.settings.delay_seconds,
            redrive_policy: q.settings.redrive_policy.clone(),
            messages: q
                .messages()
                .take(MESSAGES_SHOWN)
                .map(|(_, m)| {
                    let mut view = message_view(m, sim.now_ms(), sim.epoch_ms());
                    view.held_by_group = held_by_group(q, m);
                    view.why = m.order_id.as_ref().and_then(|o| notes.remove(o));
                    view
                })
                .collect(),
            move_task: q.move_task.clone(),
            last_poll,
            last_purge: q.last_purge(),
            now_ms: sim.now_ms(),
            attributes: q.attributes_json(sim.epoch_ms()),
            metrics: serde_json::to_value(&q.metrics).unwrap_or_default(),
            charts: [
                "ApproximateNumberOfMessagesVisible",
                "ApproximateNumberOfMessagesNotVisible",
            ]
            .iter()
            .filter_map(|m| {
                super::MetricChartView::of(
                    sim,
                    "AWS/SQS",
                    m,
                    name,
                    crate::services::cloudwatch::Statistic::Average,
                )
            })
            .collect(),
        })
    }
}

fn message_view(m: &crate::sqs::Message, now_ms: SimTime, epoch_ms: u64) -> MessageView {
    let (status, visible_in_ms) = match &m.state {
        MessageState::InFlight { until_ms, .. } => (
            MessageStatus::InFlight,
            Some(until_ms.saturating_sub(now_ms)),
        ),
        MessageState::Delayed { until_ms } => (
            MessageStatus::Delayed,
            Some(until_ms.saturating_sub(now_ms)),
        ),
        MessageState::Visible => (MessageStatus::Available, None),
    };
    MessageView {
        message_id: m.message_id.clone(),
        order_id: m.order_id.clone(),
        status,
        receive_count: m.receive_count,
        visible_in_ms,
        dead_letter_source_queue: m
            .dead_letter_source
            .as_deref()
            .map(|arn| queue_name_from_arn(arn).to_string()),
        message_group_id: m.group_id().map(str::to_string),
        held_by_group: None,
        body: m.body.clone(),
        json: m.to_json(epoch_ms),
        why: None,
    }
}

/// The group an available FIFO message waits behind, if it does (the SQS guide walk
/// read ORD-005 "available" for 40 s while ORD-004 of its group was in flight).
fn held_by_group(q: &crate::sqs::Queue, m: &crate::sqs::Message) -> Option<String> {
    let group = m.group_id()?;
    (matches!(m.state, MessageState::Visible) && q.group_in_flight(group))
        .then(|| group.to_string())
}
