//! SQS queues, standard and FIFO: settings under AWS's attribute names, messages with
//! their system attributes, visibility as a deadline on each message (as elasticmq
//! does), FIFO message groups and the 5-minute deduplication window.
//! Moves between queues (DLQ, redrive) are the world's job: they touch two queues.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

mod contents;

use crate::error::{SimError, SimResult};
use crate::kernel::time::SimTime;
use crate::limits::sqs as lim;
use crate::services::de::{self, read, req, FromJson, Res};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedrivePolicy {
    /// The DLQ, by ARN or by queue name.
    #[serde(rename = "deadLetterTargetArn")]
    pub dead_letter_target_arn: String,
    #[serde(rename = "maxReceiveCount")]
    pub max_receive_count: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RedrivePermission {
    AllowAll,
    DenyAll,
    ByQueue,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RedriveAllowPolicy {
    #[serde(rename = "redrivePermission")]
    pub redrive_permission: RedrivePermission,
    #[serde(rename = "sourceQueueArns")]
    pub source_queue_arns: Vec<String>,
}

impl FromJson for RedriveAllowPolicy {
    fn from_json(v: &Value) -> Res<Self> {
        const PERMISSIONS: [RedrivePermission; 3] = [
            RedrivePermission::AllowAll,
            RedrivePermission::DenyAll,
            RedrivePermission::ByQueue,
        ];
        let permission = |x: &Value| -> Res<RedrivePermission> {
            Ok(PERMISSIONS[de::unit_variant(x, &["allowAll", "denyAll", "byQueue"])?])
        };
        read!(v, "struct RedriveAllowPolicy", true, "",
            "redrivePermission" redrive_permission permission,
            "sourceQueueArns" source_queue_arns de::strings,
        );
        Ok(RedriveAllowPolicy {
            redrive_permission: req(redrive_permission, "redrivePermission")?,
            source_queue_arns: source_queue_arns.unwrap_or_default(),
        })
    }
}

/// A queue's settings, named as SQS names its attributes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueueSettings {
    pub queue_name: String,
    pub visibility_timeout: u64,
    pub delay_seconds: u64,
    pub message_retention_period: u64,
    pub maximum_message_size: u64,
    pub receive_message_wait_time_seconds: u64,
    pub redrive_policy: Option<RedrivePolicy>,
    pub redrive_allow_policy: Option<RedriveAllowPolicy>,
    pub fifo_queue: bool,
    pub content_based_deduplication: bool,
}

impl FromJson for QueueSettings {
    fn from_json(v: &Value) -> Res<Self> {
        // SetQueueAttributes reads RedrivePolicy with its derived code: share it.
        let redrive = |x: &Value| -> Res<RedrivePolicy> { serde_json::from_value(x.clone()) };
        read!(v, "struct QueueSettings", true, "",
            "QueueName" queue_name de::string,
            "VisibilityTimeout" visibility_timeout de::u64,
            "DelaySeconds" delay_seconds de::u64,
            "MessageRetentionPeriod" message_retention_period de::u64,
            "MaximumMessageSize" maximum_message_size de::u64,
            "ReceiveMessageWaitTimeSeconds" receive_message_wait_time_seconds de::u64,
            "RedrivePolicy" redrive_policy |x| de::opt(x, redrive),
            "RedriveAllowPolicy" redrive_allow_policy |x| de::opt(x, de::parse),
            "FifoQueue" fifo_queue de::boolean,
            "ContentBasedDeduplication" content_based_deduplication de::boolean,
        );
        Ok(QueueSettings {
            queue_name: req(queue_name, "QueueName")?,
            visibility_timeout: visibility_timeout.unwrap_or_else(default_visibility),
            delay_seconds: delay_seconds.unwrap_or_default(),
            message_retention_period: message_retention_period.unwrap_or_else(default_retention),
            maximum_message_size: maximum_message_size.unwrap_or_else(default_max_size),
            receive_message_wait_time_seconds: receive_message_wait_time_seconds
                .unwrap_or_default(),
            redrive_policy: redrive_policy.flatten(),
            redrive_allow_policy: redrive_allow_policy.flatten(),
            fifo_queue: fifo_queue.unwrap_or_default(),
            content_based_deduplication: content_based_deduplication.unwrap_or_default(),
        })
    }
}

fn default_visibility() -> u64 {
    lim::VISIBILITY_TIMEOUT_DEFAULT_S
}
fn default_retention() -> u64 {
    lim::RETENTION_DEFAULT_S
}
fn default_max_size() -> u64 {
    lim::MAX_MESSAGE_SIZE_DEFAULT_BYTES
}

/// A queue attribute's range, as its refusals say it.
fn attribute_range(name: &str) -> &'static str {
    match name {
        "VisibilityTimeout" => "0 to 43200 seconds",
        "DelaySeconds" => "0 to 900 seconds",
        "MessageRetentionPeriod" => "60 to 1209600 seconds (14 days)",
        "MaximumMessageSize" => "1024 to 1048576 bytes",
        "ReceiveMessageWaitTimeSeconds" => "0 to 20 seconds",
        "RedrivePolicy.maxReceiveCount" => "1 to 1000",
        _ => "its range",
    }
}

/// A queue attribute out of its range (a whole number, negative or too large included).
pub fn invalid_attr(name: &str, value: impl std::fmt::Display) -> SimError {
    let range = attribute_range(name);
    SimError::new(
        "InvalidAttributeValue",
        format!("Invalid value for the parameter {name}: {value} is outside {range}."),
    )
}

impl QueueSettings {
    pub fn new(name: &str) -> Self {
        QueueSettings {
            queue_name: name.to_string(),
            visibility_timeout: default_visibility(),
            delay_seconds: 0,
            message_retention_period: default_retention(),
            maximum_message_size: default_max_size(),
            receive_message_wait_time_seconds: 0,
            redrive_policy: None,
            redrive_allow_policy: None,
            fifo_queue: name.ends_with(".fifo"),
            content_based_deduplication: false,
        }
    }

    /// Checks every attribute against SQS's ranges, with SQS's error names.
    pub fn validate(&self) -> SimResult<()> {
        let n = &self.queue_name;
        let valid_name = !n.is_empty()
            && n.len() <= 80
            && n.trim_end_matches(".fifo")
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_name {
            return Err(SimError::new(
                "InvalidParameterValue",
                format!("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length (queue name '{n}')"),
            ));
        }
        if self.fifo_queue != n.ends_with(".fifo") {
            return Err(SimError::new(
                "InvalidParameterValue",
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix",
            ));
        }
        if self.content_based_deduplication && !self.fifo_queue {
            return Err(SimError::new(
                "InvalidAttributeName",
                "ContentBasedDeduplication is only valid for FIFO queues",
            ));
        }
        if self.visibility_timeout > lim::VISIBILITY_TIMEOUT_MAX_S {
            return Err(invalid_attr("VisibilityTimeout", self.visibility_timeout));
        }
        if self.delay_seconds > lim::DELAY_SECONDS_MAX {
            return Err(invalid_attr("DelaySeconds", self.delay_seconds));
        }
        if !(lim::RETENTION_MIN_S..=lim::RETENTION_MAX_S).contains(&self.message_retention_period) {
            return Err(invalid_attr(
                "MessageRetentionPeriod",
                self.message_retention_period,
            ));
        }
        if !(lim::MAX_MESSAGE_SIZE_MIN_BYTES..=lim::MAX_MESSAGE_SIZE_MAX_BYTES)
            .contains(&self.maximum_message_size)
        {
            return Err(invalid_attr(
                "MaximumMessageSize",
                self.maximum_message_size,
            ));
        }
        if self.receive_message_wait_time_seconds > lim::WAIT_TIME_MAX_S {
            return Err(invalid_attr(
                "ReceiveMessageWaitTimeSeconds",
                self.receive_message_wait_time_seconds,
            ));
        }
        if let Some(rap) = &self.redrive_allow_policy {
            let n = rap.source_queue_arns.len();
            if rap.redrive_permission == RedrivePermission::ByQueue && !(1..=10).contains(&n) {
                return Err(SimError::new(
                    "InvalidAttributeValue",
                    "Invalid value for the parameter RedriveAllowPolicy: byQueue needs 1 to 10 sourceQueueArns.",
                ));
            }
        }
        if let Some(rp) = &self.redrive_policy {
            if !(1..=lim::MAX_RECEIVE_COUNT_MAX).contains(&rp.max_receive_count) {
                return Err(invalid_attr(
                    "RedrivePolicy.maxReceiveCount",
                    rp.max_receive_count as u64,
                ));
            }
        }
        Ok(())
    }

    pub fn dead_letter_queue_name(&self) -> Option<&str> {
        self.redrive_policy
            .as_ref()
            .map(|rp| queue_name_from_arn(&rp.dead_letter_target_arn))
    }
}

impl RedriveAllowPolicy {
    /// Whether `source` may use the queue with this policy as its dead-letter queue.
    pub fn allows(&self, source: &str) -> bool {
        match self.redrive_permission {
            RedrivePermission::AllowAll => true,
            RedrivePermission::DenyAll => false,
            RedrivePermission::ByQueue => self
                .source_queue_arns
                .iter()
                .any(|a| queue_name_from_arn(a) == source),
        }
    }
}

/// Refuses a RedrivePolicy that the dead-letter queue's RedriveAllowPolicy forbids.
pub fn check_redrive_allowed(source: &str, dlq: &QueueSettings) -> SimResult<()> {
    match &dlq.redrive_allow_policy {
        Some(p) if !p.allows(source) => Err(SimError::new(
            "InvalidParameterValue",
            format!(
                "Value for parameter RedrivePolicy is invalid. Reason: the RedriveAllowPolicy of {} does not allow {source} to use it as a dead-letter queue.",
                dlq.queue_name
            ),
        )),
        _ => Ok(()),
    }
}

/// A batch entry's Id: "up to 80 characters ... alphanumeric characters, hyphens (-),
/// and underscores (_)" (SendMessageBatchRequestEntry, Amazon SQS API Reference).
pub fn check_batch_entry_id(id: &str) -> SimResult<()> {
    let valid = !id.is_empty()
        && id.len() <= 80
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        return Ok(());
    }
    Err(SimError::new(
        "AWS.SimpleQueueService.InvalidBatchEntryId",
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
    ))
}

/// A MessageGroupId or MessageDeduplicationId: "up to 128 alphanumeric characters (a-z,
/// A-Z, 0-9) and punctuation (!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~)" (SendMessage, Amazon
/// SQS API Reference: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
pub(crate) fn check_fifo_token(parameter: &str, value: Option<&str>) -> SimResult<()> {
    let Some(value) = value else {
        return Ok(());
    };
    let valid = (1..=128).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c.is_ascii_punctuation());
    if valid {
        return Ok(());
    }
    Err(SimError::new(
        "InvalidParameterValue",
        format!("Value {value} for parameter {parameter} is invalid. Reason: {parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length."),
    ))
}

/// A redrive's destination when its messages came from more than one queue.
const EACH_SOURCE: &str = "each message's source queue";

/// `arn:aws:sqs:us-east-1:123456789012:orders` → `orders`; a bare name stays as it is.
/// MaximumBatchingWindowInSeconds for an SQS poller, a Lambda mapping's or a pipe's:
/// a batch short of BatchSize waits, from the first poll that found it short, until
/// the window ends ("the maximum amount of time to gather records before invoking the
/// function", Lambda's services-sqs-parameters; PipeSourceSqsQueueParameters alike).
#[derive(Clone, Debug, Default)]
pub struct BatchingWindow {
    started_ms: Option<SimTime>,
}

impl BatchingWindow {
    /// When to poll again while a short batch waits; None: receive now, and the next
    /// short batch starts a window of its own.
    pub fn wait_until(
        &mut self,
        now_ms: SimTime,
        window_s: u64,
        visible: u64,
        batch_size: u32,
    ) -> Option<SimTime> {
        let window_ms = window_s.saturating_mul(1000);
        if window_ms > 0 && visible < u64::from(batch_size) {
            let started = *self.started_ms.get_or_insert(now_ms);
            if now_ms < started + window_ms {
                return Some(started + window_ms);
            }
        }
        self.started_ms = None;
        None
    }

    /// What the window gathered has gone (purged, expired, moved): the next message
    /// starts a window of its own.
    pub fn forget(&mut self) {
        self.started_ms = None;
    }
}

pub fn queue_name_from_arn(arn_or_name: &str) -> &str {
    if arn_or_name.starts_with("arn:") {
        arn_or_name.rsplit(':').next().unwrap_or(arn_or_name)
    } else {
        arn_or_name
    }
}

pub fn queue_arn(region: &str, name: &str) -> String {
    format!("arn:aws:sqs:{region}:{}:{name}", crate::ACCOUNT_ID)
}

pub fn queue_url(region: &str, name: &str) -> String {
    format!(
        "https://sqs.{region}.amazonaws.com/{}/{name}",
        crate::ACCOUNT_ID
    )
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MessageAttribute {
    #[serde(rename = "DataType")]
    pub data_type: String,
    #[serde(rename = "StringValue")]
    pub string_value: String,
}

impl FromJson for MessageAttribute {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct MessageAttribute", false, "",
            "DataType" data_type de::string,
            "StringValue" string_value de::string,
        );
        Ok(MessageAttribute {
            data_type: req(data_type, "DataType")?,
            string_value: req(string_value, "StringValue")?,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum MessageState {
    Delayed {
        until_ms: SimTime,
    },
    Visible,
    InFlight {
        until_ms: SimTime,
        received_ms: SimTime,
        receipt_handle: String,
    },
}

#[derive(Clone, Debug)]
pub struct Message {
    pub message_id: String,
    pub body: String,
    pub attributes: BTreeMap<String, MessageAttribute>,
    /// SentTimestamp: when it first entered SQS. A DLQ move keeps it.
    pub sent_ms: SimTime,
    /// When it entered this queue: its send, or its move to this dead-letter queue.
    /// ApproximateAgeOfOldestMessage counts from it, and so does a FIFO queue's
    /// retention (a standard queue's counts from `sent_ms`).
    pub enqueued_ms: SimTime,
    pub first_receive_ms: Option<SimTime>,
    pub receive_count: u32,
    pub state: MessageState,
    /// Bumped on every receive and visibility change: stale timers are ignored.
    pub visibility_generation: u32,
    /// MessageGroupId, MessageDeduplicationId and SequenceNumber: on a FIFO queue only.
    pub fifo: Option<Box<FifoFields>>,
    /// DeadLetterQueueSourceArn, set when SQS moved it here from a source queue
    /// (shared by every message moved from that queue).
    pub dead_letter_source: Option<Rc<str>>,
    /// Shared by every message of the same sender.
    pub sender_id: Rc<str>,
    /// The order this message is about, when the body names one (for the trace).
    pub order_id: Option<String>,
    /// Receipt handles no longer current: none until its visibility timeout first runs
    /// out, and none in a DLQ.
    pub old_receipts: Option<Box<OldReceipts>>,
}

/// A FIFO queue's message's own attributes. Boxed in `Message`: most messages in a
/// run are on standard queues, and a DLQ can hold tens of thousands.
#[derive(Clone, Debug, PartialEq)]
pub struct FifoFields {
    pub group_id: String,
    pub deduplication_id: String,
    pub sequence_number: u64,
}

/// The receipt handles a message was given before its current one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OldReceipts {
    /// The handle of its last receive once its visibility timeout ran out: on a
    /// standard queue it still deletes the message, until the next receive.
    pub expired: Option<String>,
    /// The handles of its receives before the latest, oldest first (at most
    /// `EARLIER_RECEIPTS_KEPT`): DeleteMessage with one of them succeeds without
    /// deleting on a standard queue, and is refused as expired on a FIFO queue.
    pub earlier: Vec<String>,
}

/// How many superseded receipt handles a message remembers. An older one is refused
/// as never issued. Ours, not AWS's: it keeps a message that is received again and
/// again (no DLQ) from growing without bound.
pub const EARLIER_RECEIPTS_KEPT: usize = 32;

/// What a DeleteMessage's receipt handle names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptFor {
    /// The handle of the message's latest receive: the message is deleted.
    Latest(u64),
    /// On a standard queue, the handle of a receive before the latest: "If you use an
    /// old ReceiptHandle, the request will succeed, but the message might not be
    /// deleted". EventLab does not delete it.
    Earlier(u64),
}

impl Message {
    pub fn group_id(&self) -> Option<&str> {
        self.fifo.as_ref().map(|f| f.group_id.as_str())
    }

    pub fn deduplication_id(&self) -> Option<&str> {
        self.fifo.as_ref().map(|f| f.deduplication_id.as_str())
    }

    pub fn sequence_number(&self) -> Option<u64> {
        self.fifo.as_ref().map(|f| f.sequence_number)
    }

    pub fn expired_receipt_handle(&self) -> Option<&str> {
        self.old_receipts.as_ref()?.expired.as_deref()
    }

    /// Whether `handle` is one this message was given before its current one.
    pub fn had_receipt_handle(&self, handle: &str) -> bool {
        self.old_receipts.as_ref().is_some_and(|old| {
            old.expired.as_deref() == Some(handle) || old.earlier.iter().any(|h| h == handle)
        })
    }

    /// MD5OfBody, computed when read: most messages never show it.
    pub fn md5_of_body(&self) -> String {
        crate::kernel::md5::md5_hex(self.body.as_bytes())
    }

    /// The message as ReceiveMessage returns it, with every system attribute. One not
    /// received yet has no ReceiptHandle nor ApproximateFirstReceiveTimestamp: they are
    /// left out, not null or "" (ReceiveMessage never returns those).
    pub fn to_json(&self, epoch_ms: u64) -> Value {
        let mut attrs = json!({
            "SenderId": &*self.sender_id,
            "SentTimestamp": (epoch_ms + self.sent_ms).to_string(),
            "ApproximateReceiveCount": self.receive_count.to_string(),
        });
        if let Some(t) = self.first_receive_ms {
            attrs["ApproximateFirstReceiveTimestamp"] = json!((epoch_ms + t).to_string());
        }
        if let Some(f) = &self.fifo {
            attrs["MessageGroupId"] = json!(f.group_id);
            attrs["MessageDeduplicationId"] = json!(f.deduplication_id);
            attrs["SequenceNumber"] = json!(format!("{:020}", f.sequence_number));
        }
        if let Some(src) = self.dead_letter_source.as_deref() {
            attrs["DeadLetterQueueSourceArn"] = json!(src);
        }
        let mut message = json!({ "MessageId": self.message_id });
        if let MessageState::InFlight { receipt_handle, .. } = &self.state {
            message["ReceiptHandle"] = json!(receipt_handle);
        }
        message["MD5OfBody"] = json!(self.md5_of_body());
        if let Some(md5) = contents::md5_of_message_attributes(&self.attributes) {
            message["MD5OfMessageAttributes"] = json!(md5);
        }
        message["Body"] = json!(self.body);
        message["Attributes"] = attrs;
        message["MessageAttributes"] = json!(self.attributes);
        message
    }
}

/// Cumulative AWS/SQS metrics (sums since the start).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueueMetrics {
    pub number_of_messages_sent: u64,
    pub number_of_messages_received: u64,
    pub number_of_messages_deleted: u64,
    pub number_of_empty_receives: u64,
    pub sent_message_size: u64,
    /// FIFO queues only (None on a standard queue): sends dropped as duplicates within
    /// the 5-minute window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_of_deduplicated_sent_messages: Option<u64>,
    /// The current CloudWatch minute's smallest and largest message, bytes.
    #[serde(skip)]
    pub minute_message_size: crate::services::cloudwatch::MinuteRange,
    /// Not AWS metrics: where messages that left without a delete went.
    #[serde(skip)]
    pub moved_to_dlq: u64,
    #[serde(skip)]
    pub moved_in: u64,
    #[serde(skip)]
    pub redriven_out: u64,
    #[serde(skip)]
    pub expired: u64,
    #[serde(skip)]
    pub purged: u64,
}

/// A message move task (StartMessageMoveTask, the console's "Start DLQ redrive").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MoveTask {
    pub task_handle: String,
    /// None: back to each message's source queue.
    pub destination: Option<String>,
    pub max_per_second: u32,
    pub approximate_number_of_messages_to_move: u64,
    pub approximate_number_of_messages_moved: u64,
    pub status: &'static str,
}

/// How long after a PurgeQueue the next one is refused (PurgeQueueInProgress).
pub const PURGE_INTERVAL_MS: SimTime = 60_000;

#[derive(Clone, Debug)]
pub struct Queue {
    pub settings: QueueSettings,
    pub region: &'static str,
    pub created_ms: SimTime,
    pub last_modified_ms: SimTime,
    /// Every message still in the queue, by arrival order.
    /// Shared with the Lambda batches that received them: a batch holds the message
    /// as it was received (a later change copies it first, `Rc::make_mut`).
    messages: BTreeMap<u64, Rc<Message>>,
    visible: BTreeSet<u64>,
    /// How many messages are delayed (kept, not counted, because the diagram asks every frame).
    delayed: u64,
    next_key: u64,
    next_sequence_number: u64,
    /// FIFO: deduplication id → when its 5-minute window ends, and the same ids in
    /// the order their windows end (time only moves forward, so that is send order).
    dedup: BTreeMap<String, SimTime>,
    dedup_expiry: std::collections::VecDeque<(SimTime, String)>,
    /// FIFO: message groups with a message in flight, and how many.
    groups_in_flight: BTreeMap<String, u32>,
    /// FIFO: each message group's messages, oldest first (so a receive looks at
    /// groups, not at every message).
    group_keys: BTreeMap<String, BTreeSet<u64>>,
    pub metrics: QueueMetrics,
    pub move_task: Option<MoveTask>,
    /// When the last PurgeQueue was accepted: one is allowed every 60 seconds.
    last_purge_ms: Option<SimTime>,
    /// How many messages the last PurgeQueue deleted (the console says so).
    last_purge_deleted: u64,
}

/// A message's size as SQS counts it against MaximumMessageSize: the body's bytes and
/// each attribute's name, type and value ("Name, Type, and Value are part of the
/// message size restriction").
pub fn message_size(body: &str, attributes: &BTreeMap<String, MessageAttribute>) -> u64 {
    body.len() as u64
        + attributes
            .iter()
            .map(|(k, v)| (k.len() + v.data_type.len() + v.string_value.len()) as u64)
            .sum::<u64>()
}

pub struct SendRequest {
    pub body: String,
    pub attributes: BTreeMap<String, MessageAttribute>,
    pub delay_seconds: Option<u64>,
    pub group_id: Option<String>,
    pub deduplication_id: Option<String>,
    pub message_id: String,
    pub sender_id: Rc<str>,
    pub order_id: Option<String>,
}

pub enum SendOutcome {
    Accepted {
        key: u64,
        message_id: String,
        delayed_until_ms: Option<SimTime>,
    },
    /// FIFO: a duplicate inside the window is accepted and not delivered.
    Duplicate { message_id: String },
}

impl Queue {
    pub fn new(settings: QueueSettings, now_ms: SimTime, region: &'static str) -> Self {
        let metrics = QueueMetrics {
            number_of_deduplicated_sent_messages: settings.fifo_queue.then_some(0),
            ..QueueMetrics::default()
        };
        Queue {
            settings,
            region,
            created_ms: now_ms,
            last_modified_ms: now_ms,
            messages: BTreeMap::new(),
            visible: BTreeSet::new(),
            delayed: 0,
            next_key: 0,
            next_sequence_number: 10_000_000_000_000_000_000u64 / 1_000,
            dedup: BTreeMap::new(),
            dedup_expiry: std::collections::VecDeque::new(),
            groups_in_flight: BTreeMap::new(),
            group_keys: BTreeMap::new(),
            metrics,
            move_task: None,
            last_purge_ms: None,
            last_purge_deleted: 0,
        }
    }

    pub fn name(&self) -> &str {
        &self.settings.queue_name
    }

    pub fn arn(&self) -> String {
        queue_arn(self.region, self.name())
    }

    pub fn url(&self) -> String {
        queue_url(self.region, self.name())
    }

    pub fn is_fifo(&self) -> bool {
        self.settings.fifo_queue
    }

    /// Validates and enqueues. Errors are SQS's.
    pub fn send(&mut self, now_ms: SimTime, req: SendRequest) -> SimResult<SendOutcome> {
        let size = message_size(&req.body, &req.attributes);
        if req.body.is_empty() {
            return Err(SimError::new(
                "MissingParameter",
                "The request must contain the parameter MessageBody.",
            ));
        }
        contents::check_body(&req.body)?;
        if size > self.settings.maximum_message_size {
            return Err(SimError::new(
                "InvalidParameterValue",
                format!(
                    "One or more parameters are invalid. Reason: Message must be shorter than {} bytes.",
                    self.settings.maximum_message_size
                ),
            ));
        }
        if req.attributes.len() > 10 {
            return Err(SimError::new(
                "InvalidParameterValue",
                format!(
                    "Number of message attributes [{}] exceeds the allowed maximum [10].",
                    req.attributes.len()
                ),
            ));
        }
        contents::check_attributes(&req.attributes)?;
        let mut dedup_id = None;
        if self.is_fifo() {
            if req.group_id.as_deref().is_none_or(str::is_empty) {
                return Err(SimError::new(
                    "MissingParameter",
                    "The request must contain the parameter MessageGroupId.",
                ));
            }
            check_fifo_token("MessageGroupId", req.group_id.as_deref())?;
            check_fifo_token("MessageDeduplicationId", req.deduplication_id.as_deref())?;
            if let Some(d) = req.delay_seconds {
                if d > 0 {
                    return Err(SimError::new(
                        "InvalidParameterValue",
                        format!("Value {d} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type."),
                    ));
                }
            }
            dedup_id = match (&req.deduplication_id, self.settings.content_based_deduplication) {
                (Some(d), _) => Some(d.clone()),
                (None, true) => Some(crate::kernel::sha256::sha256_hex(req.body.as_bytes())),
                (None, false) => {
                    return Err(SimError::new(
                        "InvalidParameterValue",
                        "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
                    ))
                }
            };
            let id = dedup_id.as_deref().unwrap_or_default();
            while self
                .dedup_expiry
                .front()
                .is_some_and(|(until, _)| *until <= now_ms)
            {
                if let Some((_, old)) = self.dedup_expiry.pop_front() {
                    self.dedup.remove(&old);
                }
            }
            if self.dedup.contains_key(id) {
                if let Some(n) = &mut self.metrics.number_of_deduplicated_sent_messages {
                    *n += 1;
                }
                return Ok(SendOutcome::Duplicate {
                    message_id: req.message_id,
                });
            }
            let until = now_ms + lim::FIFO_DEDUP_WINDOW_MS;
            self.dedup.insert(id.to_string(), until);
            self.dedup_expiry.push_back((until, id.to_string()));
        } else if let Some(d) = &req.deduplication_id {
            // "MessageDeduplicationId: This parameter applies only to FIFO queues": a
            // standard queue refuses it (SendMessage, API Reference).
            return Err(SimError::new(
                "InvalidParameterValue",
                format!("Value {d} for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type."),
            ));
        } else if let Some(d) = req.delay_seconds {
            if d > lim::DELAY_SECONDS_MAX {
                return Err(SimError::new(
                    "InvalidParameterValue",
                    format!("Value {d} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900."),
                ));
            }
        }
        let delay_s = req.delay_seconds.unwrap_or(self.settings.delay_seconds);
        let fifo = match (req.group_id, dedup_id) {
            (Some(group_id), Some(deduplication_id)) if self.is_fifo() => {
                self.next_sequence_number += 1;
                Some(Box::new(FifoFields {
                    group_id,
                    deduplication_id,
                    sequence_number: self.next_sequence_number,
                }))
            }
            _ => None,
        };
        let state = if delay_s > 0 {
            MessageState::Delayed {
                until_ms: now_ms + delay_s * 1000,
            }
        } else {
            MessageState::Visible
        };
        let message = Message {
            message_id: req.message_id.clone(),
            body: req.body,
            attributes: req.attributes,
            sent_ms: now_ms,
            enqueued_ms: now_ms,
            first_receive_ms: None,
            receive_count: 0,
            state,
            visibility_generation: 0,
            fifo,
            dead_letter_source: None,
            sender_id: req.sender_id,
            order_id: req.order_id,
            old_receipts: None,
        };
        self.metrics.number_of_messages_sent += 1;
        self.metrics.sent_message_size += size;
        self.metrics.minute_message_size.record(size);
        let delayed_until_ms = match message.state {
            MessageState::Delayed { until_ms } => Some(until_ms),
            _ => None,
        };
        let key = self.insert(message);
        Ok(SendOutcome::Accepted {
            key,
            message_id: req.message_id,
            delayed_until_ms,
        })
    }

    /// Puts a message in as it is (sends, DLQ moves, redrives).
    pub fn insert(&mut self, message: Message) -> u64 {
        let key = self.next_key;
        self.next_key += 1;
        if let Some(g) = message.group_id() {
            self.group_keys
                .entry(g.to_string())
                .or_default()
                .insert(key);
        }
        match &message.state {
            MessageState::Visible => {
                self.visible.insert(key);
            }
            MessageState::InFlight { .. } => {
                if let Some(g) = message.group_id() {
                    *self.groups_in_flight.entry(g.to_string()).or_insert(0) += 1;
                }
            }
            MessageState::Delayed { .. } => self.delayed += 1,
        }
        self.messages.insert(key, Rc::new(message));
        key
    }

    /// Takes a message out of the queue entirely (delete, DLQ move, expiry, redrive).
    pub fn take(&mut self, key: u64) -> Option<Rc<Message>> {
        let m = self.messages.remove(&key)?;
        self.visible.remove(&key);
        if matches!(m.state, MessageState::Delayed { .. }) {
            self.delayed -= 1;
        }
        if let Some(g) = m.group_id() {
            if let Some(keys) = self.group_keys.get_mut(g) {
                keys.remove(&key);
                if keys.is_empty() {
                    self.group_keys.remove(g);
                }
            }
        }
        if let (MessageState::InFlight { .. }, Some(g)) = (&m.state, m.group_id()) {
            self.release_group(g);
        }
        Some(m)
    }

    fn release_group(&mut self, g: &str) {
        if let Some(n) = self.groups_in_flight.get_mut(g) {
            *n -= 1;
            if *n == 0 {
                self.groups_in_flight.remove(g);
            }
        }
    }

    pub fn get(&self, key: u64) -> Option<&Message> {
        self.messages.get(&key).map(|m| &**m)
    }

    /// The message itself, shared (a Lambda batch holds it without a copy).
    pub fn get_shared(&self, key: u64) -> Option<Rc<Message>> {
        self.messages.get(&key).cloned()
    }

    pub fn messages(&self) -> impl Iterator<Item = (u64, &Message)> {
        self.messages.iter().map(|(k, m)| (*k, &**m))
    }

    /// When SQS deletes `m`: the queue's MessageRetentionPeriod as it is now, from the
    /// send (a FIFO queue: from when the message entered it, so a FIFO DLQ counts from
    /// the move). A changed period applies to the messages already here: "Changes made
    /// to the MessageRetentionPeriod attribute … will impact existing messages in the
    /// queue" (SetQueueAttributes, API Reference, whose example is a reduction; a
    /// raised one keeping them longer is our reading).
    pub fn expires_at_ms(&self, m: &Message) -> SimTime {
        let from_ms = if self.is_fifo() {
            m.enqueued_ms
        } else {
            m.sent_ms
        };
        from_ms + self.settings.message_retention_period * 1000
    }

    /// A FIFO queue's new DelaySeconds, applied to the messages it still delays: "For
    /// FIFO queues, the per-queue delay setting is retroactive—changing the setting
    /// affects the delay of messages already in the queue" (SQS Developer Guide,
    /// sqs-delay-queues; a standard queue's is not). Returns each one's new end, to
    /// schedule; one already past becomes visible at `now_ms`.
    pub fn retime_fifo_delays(&mut self, now_ms: SimTime) -> Vec<(u64, SimTime)> {
        if !self.is_fifo() {
            return Vec::new();
        }
        let delay_ms = self.settings.delay_seconds * 1000;
        let mut due = Vec::new();
        for (key, m) in self.messages.iter_mut() {
            if let MessageState::Delayed { .. } = m.state {
                let until_ms = (m.enqueued_ms + delay_ms).max(now_ms);
                Rc::make_mut(m).state = MessageState::Delayed { until_ms };
                due.push((*key, until_ms));
            }
        }
        due
    }

    /// Up to `limit` receivable messages, oldest first; FIFO skips groups that have a
    /// message in flight, and never returns a group's later message before its earlier.
    pub fn candidates(&self, limit: usize) -> Vec<u64> {
        let mut out = Vec::new();
        if !self.is_fifo() {
            out.extend(self.visible.iter().take(limit).copied());
            return out;
        }
        // Each group not blocked by a message in flight offers its leading run of
        // available messages (a delayed one holds back the rest of its group). SQS
        // "returns as many messages with the same message group ID as possible", then
        // other groups': the group whose head is oldest gives its whole run first.
        // https://repost.aws/knowledge-center/sqs-fifo-messages-not-returned
        // Both maps are sorted by group: one walk along both tells the groups in
        // flight, without a search per group.
        let mut in_flight = self.groups_in_flight.keys().peekable();
        // A run is not empty when its group's first message is available; the runs
        // are read only when taken, not collected for every group.
        let mut runs: Vec<(u64, &BTreeSet<u64>)> = self
            .group_keys
            .iter()
            .filter(|(g, _)| {
                while in_flight.next_if(|f| f < g).is_some() {}
                in_flight.peek() != Some(g)
            })
            .filter_map(|(_, keys)| {
                let first = *keys.first()?;
                self.visible.contains(&first).then_some((first, keys))
            })
            .collect();
        runs.sort_unstable_by_key(|(first, _)| *first);
        for (_, keys) in runs {
            let room = limit - out.len();
            let run = keys.iter().take_while(|k| self.visible.contains(k));
            out.extend(run.take(room).copied());
            if out.len() == limit {
                break;
            }
        }
        out
    }

    /// Marks a message received: hidden for `visibility_ms`, receive count up.
    pub fn mark_received(
        &mut self,
        key: u64,
        now_ms: SimTime,
        visibility_ms: u64,
        receipt_handle: String,
    ) -> Option<&Message> {
        let m = self.messages.get_mut(&key).map(Rc::make_mut)?;
        debug_assert_eq!(m.state, MessageState::Visible);
        self.visible.remove(&key);
        m.receive_count += 1;
        // The last receive's handle is superseded: it now names an earlier receive.
        if let Some(old) = m.old_receipts.as_deref_mut() {
            if let Some(h) = old.expired.take() {
                if old.earlier.len() == EARLIER_RECEIPTS_KEPT {
                    old.earlier.remove(0);
                }
                old.earlier.push(h);
            }
        }
        m.first_receive_ms.get_or_insert(now_ms);
        m.visibility_generation += 1;
        m.state = MessageState::InFlight {
            until_ms: now_ms + visibility_ms,
            received_ms: now_ms,
            receipt_handle,
        };
        if let Some(g) = m.group_id().map(str::to_string) {
            *self.groups_in_flight.entry(g).or_insert(0) += 1;
        }
        self.metrics.number_of_messages_received += 1;
        self.messages.get(&key).map(|m| &**m)
    }

    /// Whether `make_visible` will do anything at `at_ms`: the message is still here,
    /// delayed until then (a FIFO delay raised since is later), or in flight under this
    /// generation (not deleted, not received again, not moved to a DLQ).
    pub fn will_become_visible(&self, key: u64, generation: u32, at_ms: SimTime) -> bool {
        self.messages.get(&key).is_some_and(|m| match m.state {
            MessageState::InFlight { .. } => m.visibility_generation == generation,
            MessageState::Delayed { until_ms } => until_ms <= at_ms,
            MessageState::Visible => false,
        })
    }

    /// Visibility timeout or delay over: the message can be received again.
    /// `generation` guards against timers made stale by a later receive or change.
    pub fn make_visible(&mut self, key: u64, generation: u32, now_ms: SimTime) -> bool {
        let Some(m) = self.messages.get_mut(&key).map(Rc::make_mut) else {
            return false;
        };
        let due = match m.state {
            MessageState::InFlight { until_ms, .. } => {
                m.visibility_generation == generation && until_ms <= now_ms
            }
            MessageState::Delayed { until_ms } => until_ms <= now_ms,
            MessageState::Visible => false,
        };
        if !due {
            return false;
        }
        let was_in_flight = matches!(m.state, MessageState::InFlight { .. });
        if !was_in_flight {
            self.delayed -= 1;
        }
        if let MessageState::InFlight { receipt_handle, .. } =
            std::mem::replace(&mut m.state, MessageState::Visible)
        {
            m.old_receipts.get_or_insert_default().expired = Some(receipt_handle);
        }
        let group = m.group_id().map(str::to_string);
        self.visible.insert(key);
        if was_in_flight {
            if let Some(g) = group {
                self.release_group(&g);
            }
        }
        true
    }

    /// Finds the message a receipt handle belongs to.
    /// "Even if the message is locked by another reader due to the visibility timeout
    /// setting, it is still deleted": on a standard queue the latest receipt handle
    /// still names the message after its visibility timeout, until the next receive
    /// (<https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html>).
    pub fn key_for_receipt(&self, receipt_handle: &str) -> Option<u64> {
        let fifo = self.is_fifo();
        self.messages.iter().find_map(|(k, m)| match &m.state {
            MessageState::InFlight {
                receipt_handle: r, ..
            } if r == receipt_handle => Some(*k),
            _ if !fifo && m.expired_receipt_handle() == Some(receipt_handle) => Some(*k),
            _ => None,
        })
    }

    /// What DeleteMessage does with a receipt handle
    /// (<https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html>):
    /// - the latest receive's handle deletes, in flight or (standard queue) after its
    ///   visibility timeout;
    /// - a standard queue's older handle "will succeed, but the message might not be
    ///   deleted": `Earlier`, and the world does not delete it;
    /// - on a FIFO queue "a receipt handle expires after a visibility timeout period"
    ///   (<https://repost.aws/knowledge-center/sqs-receipt-handle-error>): any handle
    ///   whose timeout ran out is refused with InvalidParameterValue;
    /// - a handle this queue never issued is `ReceiptHandleIsInvalid`.
    ///
    /// Changes nothing.
    pub fn receipt_for_delete(&self, receipt_handle: &str) -> SimResult<ReceiptFor> {
        if let Some(key) = self.key_for_receipt(receipt_handle) {
            return Ok(ReceiptFor::Latest(key));
        }
        let issued = |m: &Message| m.had_receipt_handle(receipt_handle);
        let Some(key) = self
            .messages
            .iter()
            .find_map(|(k, m)| issued(m).then_some(*k))
        else {
            return Err(SimError::new(
                "ReceiptHandleIsInvalid",
                format!(
                    "The input receipt handle \"{receipt_handle}\" is not a valid receipt handle."
                ),
            ));
        };
        if self.is_fifo() {
            return Err(SimError::new(
                "InvalidParameterValue",
                format!("Value {receipt_handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired."),
            ));
        }
        Ok(ReceiptFor::Earlier(key))
    }

    /// ChangeMessageVisibility: restarts the timer from now, capped at 12 h from the receive.
    pub fn change_visibility(
        &mut self,
        key: u64,
        now_ms: SimTime,
        timeout_s: u64,
    ) -> SimResult<(u32, SimTime)> {
        if timeout_s > lim::VISIBILITY_TIMEOUT_MAX_S {
            return Err(invalid_attr("VisibilityTimeout", timeout_s));
        }
        let m = self
            .messages
            .get_mut(&key)
            .map(Rc::make_mut)
            .ok_or_else(|| {
                SimError::new(
                    "ReceiptHandleIsInvalid",
                    "The input receipt handle is invalid.",
                )
            })?;
        match &mut m.state {
            MessageState::InFlight {
                until_ms,
                received_ms,
                ..
            } => {
                let cap = *received_ms + lim::VISIBILITY_CAP_FROM_RECEIVE_MS;
                let want = now_ms + timeout_s * 1000;
                if want > cap {
                    return Err(SimError::new(
                        "InvalidParameterValue",
                        format!("Value {timeout_s} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]"),
                    ));
                }
                *until_ms = want;
                m.visibility_generation += 1;
                Ok((m.visibility_generation, want))
            }
            _ => Err(SimError::new(
                "MessageNotInflight",
                "The message referred to isn't in flight.",
            )),
        }
    }

    /// PurgeQueue: deletes every message. A second purge within 60 seconds of the last is
    /// refused, as AWS does ("the time it can take to delete the messages").
    pub fn purge(&mut self, now_ms: SimTime) -> SimResult<u64> {
        if let Some(last) = self
            .last_purge_ms
            .filter(|t| now_ms < t + PURGE_INTERVAL_MS)
        {
            return Err(SimError::new(
                "AWS.SimpleQueueService.PurgeQueueInProgress",
                format!(
                    "Only one PurgeQueue operation on {} is allowed every 60 seconds (the last was {} s ago).",
                    self.name(),
                    (now_ms - last) / 1000
                ),
            ));
        }
        self.last_purge_ms = Some(now_ms);
        let n = self.messages.len() as u64;
        self.last_purge_deleted = n;
        self.messages.clear();
        self.visible.clear();
        self.delayed = 0;
        self.groups_in_flight.clear();
        self.group_keys.clear();
        self.metrics.purged += n;
        Ok(n)
    }

    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// The last PurgeQueue: when, and how many messages it deleted.
    pub fn last_purge(&self) -> Option<(SimTime, u64)> {
        self.last_purge_ms.map(|t| (t, self.last_purge_deleted))
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// ApproximateNumberOfMessages (visible), …NotVisible (in flight), …Delayed.
    pub fn counts(&self) -> (u64, u64, u64) {
        let visible = self.visible.len() as u64;
        let delayed = self.delayed;
        (
            visible,
            self.messages.len() as u64 - visible - delayed,
            delayed,
        )
    }

    /// Where a redrive without a destination sends this DLQ's visible messages: their
    /// source queue by name when they all came from one ("jobs-dlq → jobs"), else
    /// "each message's source queue" (several sources, a message sent to the DLQ
    /// directly, or none visible). A trace entry's `to` names one node.
    pub fn dead_letter_source_names(&self) -> String {
        let mut source = None;
        for (_, m) in self.messages() {
            if !matches!(m.state, MessageState::Visible) {
                continue;
            }
            let name = m.dead_letter_source.as_deref().map(queue_name_from_arn);
            match (source, name) {
                (_, None) => return EACH_SOURCE.into(),
                (None, Some(n)) => source = Some(n),
                (Some(s), Some(n)) if s != n => return EACH_SOURCE.into(),
                _ => {}
            }
        }
        source.map_or_else(|| EACH_SOURCE.into(), str::to_string)
    }

    /// Whether a message of this FIFO group is in flight: the group's next message
    /// waits for it, visible as it is.
    pub fn group_in_flight(&self, group_id: &str) -> bool {
        self.groups_in_flight.contains_key(group_id)
    }

    /// FIFO: visible messages that wait behind an in-flight one of their group, read
    /// from the group locks (nothing allocated: the diagram asks every frame).
    pub fn waiting_for_group(&self) -> u64 {
        self.groups_in_flight
            .keys()
            .filter_map(|g| self.group_keys.get(g))
            .flatten()
            .filter(|k| self.visible.contains(k))
            .count() as u64
    }

    /// FIFO: how many message groups have a message in flight.
    pub fn groups_with_in_flight_messages(&self) -> u64 {
        self.groups_in_flight.len() as u64
    }

    pub fn has_visible(&self) -> bool {
        !self.visible.is_empty()
    }

    /// The queue's attributes as GetQueueAttributes(All) returns them.
    pub fn attributes_json(&self, epoch_ms: u64) -> Value {
        let (visible, not_visible, delayed) = self.counts();
        let s = &self.settings;
        let mut a = json!({
            "QueueArn": self.arn(),
            "ApproximateNumberOfMessages": visible.to_string(),
            "ApproximateNumberOfMessagesNotVisible": not_visible.to_string(),
            "ApproximateNumberOfMessagesDelayed": delayed.to_string(),
            "CreatedTimestamp": ((epoch_ms + self.created_ms) / 1000).to_string(),
            "LastModifiedTimestamp": ((epoch_ms + self.last_modified_ms) / 1000).to_string(),
            "VisibilityTimeout": s.visibility_timeout.to_string(),
            "MaximumMessageSize": s.maximum_message_size.to_string(),
            "MessageRetentionPeriod": s.message_retention_period.to_string(),
            "DelaySeconds": s.delay_seconds.to_string(),
            "ReceiveMessageWaitTimeSeconds": s.receive_message_wait_time_seconds.to_string(),
        });
        if s.fifo_queue {
            a["FifoQueue"] = json!("true");
            a["ContentBasedDeduplication"] = json!(s.content_based_deduplication.to_string());
            // The defaults: deduplication across the queue, throughput per queue (no
            // high-throughput mode), as SetQueueAttributes documents them.
            a["DeduplicationScope"] = json!("queue");
            a["FifoThroughputLimit"] = json!("perQueue");
        }
        if let Some(rp) = &s.redrive_policy {
            a["RedrivePolicy"] = json!(json!({
                "deadLetterTargetArn": queue_arn(self.region, queue_name_from_arn(&rp.dead_letter_target_arn)),
                "maxReceiveCount": rp.max_receive_count,
            })
            .to_string());
        }
        if let Some(rap) = &s.redrive_allow_policy {
            a["RedriveAllowPolicy"] = json!(serde_json::to_string(rap).unwrap_or_default());
        }
        a
    }

    /// Checks the queue's bookkeeping: every message in exactly one state, the visible
    /// set and the FIFO group locks agreeing with the messages. Used by the invariants.
    pub fn check_consistency(&self) -> Result<(), String> {
        let delayed = self
            .messages
            .values()
            .filter(|m| matches!(m.state, MessageState::Delayed { .. }))
            .count() as u64;
        if delayed != self.delayed {
            return Err(format!(
                "{}: {} delayed messages counted, {delayed} delayed",
                self.name(),
                self.delayed
            ));
        }
        let mut groups: BTreeMap<&str, u32> = BTreeMap::new();
        for (k, m) in &self.messages {
            let in_visible = self.visible.contains(k);
            if in_visible != (m.state == MessageState::Visible) {
                return Err(format!(
                    "{}: message {} visible-set mismatch",
                    self.name(),
                    m.message_id
                ));
            }
            if let (MessageState::InFlight { .. }, Some(g)) = (&m.state, m.group_id()) {
                *groups.entry(g).or_insert(0) += 1;
            }
        }
        if self.visible.iter().any(|k| !self.messages.contains_key(k)) {
            return Err(format!(
                "{}: visible set names a missing message",
                self.name()
            ));
        }
        let want: BTreeMap<&str, u32> = self
            .groups_in_flight
            .iter()
            .map(|(g, n)| (g.as_str(), *n))
            .collect();
        if groups != want {
            return Err(format!(
                "{}: FIFO group locks disagree with messages in flight",
                self.name()
            ));
        }
        Ok(())
    }
}

/// Builds a JSON object from owned values (`json!` would re-serialise nested values).
pub(crate) fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut m = serde_json::Map::with_capacity(N);
    for (k, v) in pairs {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

impl Message {
    /// The message as a Lambda SQS event's `Records[]` entry.
    pub fn lambda_record(&self, queue_arn: &str, epoch_ms: u64) -> Value {
        let s = |x: String| Value::String(x);
        let mut attributes = obj([
            ("ApproximateReceiveCount", s(self.receive_count.to_string())),
            ("SentTimestamp", s((epoch_ms + self.sent_ms).to_string())),
            ("SenderId", s(self.sender_id.to_string())),
            (
                "ApproximateFirstReceiveTimestamp",
                s(self
                    .first_receive_ms
                    .map(|t| (epoch_ms + t).to_string())
                    .unwrap_or_default()),
            ),
        ]);
        if let (Some(f), Value::Object(a)) = (&self.fifo, &mut attributes) {
            a.insert("MessageGroupId".into(), s(f.group_id.clone()));
            a.insert(
                "MessageDeduplicationId".into(),
                s(f.deduplication_id.clone()),
            );
            a.insert(
                "SequenceNumber".into(),
                s(format!("{:020}", f.sequence_number)),
            );
        }
        let message_attributes: serde_json::Map<String, Value> = self
            .attributes
            .iter()
            .map(|(k, a)| {
                let v = obj([
                    ("stringValue", s(a.string_value.clone())),
                    ("stringListValues", Value::Array(Vec::new())),
                    ("binaryListValues", Value::Array(Vec::new())),
                    ("dataType", s(a.data_type.clone())),
                ]);
                (k.clone(), v)
            })
            .collect();
        let receipt = match &self.state {
            MessageState::InFlight { receipt_handle, .. } => receipt_handle.clone(),
            _ => String::new(),
        };
        obj([
            ("messageId", s(self.message_id.clone())),
            ("receiptHandle", s(receipt)),
            ("body", s(self.body.clone())),
            ("attributes", attributes),
            ("messageAttributes", Value::Object(message_attributes)),
            ("md5OfBody", s(self.md5_of_body())),
            ("eventSource", s("aws:sqs".into())),
            ("eventSourceARN", s(queue_arn.to_string())),
            ("awsRegion", s(crate::region::of_arn(queue_arn).into())),
        ])
    }
}

/// A poll made from the console: what it returned, once it returned.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ConsolePoll {
    pub queue: String,
    /// When the poll was made.
    pub at_ms: SimTime,
    /// When it returned: at once if messages were there, else when one arrived or
    /// the long-poll wait ran out. None while it is still waiting.
    pub answered_ms: Option<SimTime>,
    pub messages: Vec<Value>,
    pub(crate) max: u32,
    pub(crate) visibility_s: Option<u64>,
}

/// The SQS service of one world: queues (each with its own random stream, so adding
/// a queue reshuffles nothing else) and the console's polls.
#[derive(Clone, Debug, Default)]
pub struct Sqs {
    pub queues: Vec<Queue>,
    pub queue_rngs: Vec<crate::kernel::rng::Rng>,
    /// The console's polls, by id; the oldest answered ones are dropped.
    pub console_polls: BTreeMap<u64, ConsolePoll>,
    pub next_console_poll: u64,
    /// When two consumers read one queue (a pipe and a Lambda trigger), which one's
    /// long poll returns first is a matter of chance on AWS: a few ms drawn from here.
    pub poll_jitter_rng: Option<crate::kernel::rng::Rng>,
    /// Texts many messages repeat, held once (a long run keeps one copy, not one
    /// a message): SenderId by sender, DeadLetterQueueSourceArn by source queue.
    sender_ids: BTreeMap<String, Rc<str>>,
    source_arns: BTreeMap<String, Rc<str>>,
}

impl Sqs {
    /// The SenderId of messages `sender` sends.
    pub fn sender_id(&mut self, sender: &str) -> Rc<str> {
        shared(&mut self.sender_ids, sender, || {
            "AROAEXAMPLEROLEID:".to_string() + sender
        })
    }

    /// The DeadLetterQueueSourceArn of messages moved from queue `source`.
    pub fn source_arn(&mut self, region: &str, source: &str) -> Rc<str> {
        shared(&mut self.source_arns, source, || queue_arn(region, source))
    }
}

/// The shared text for `key` in `texts`, made by `make` the first time.
fn shared(
    texts: &mut BTreeMap<String, Rc<str>>,
    key: &str,
    make: impl FnOnce() -> String,
) -> Rc<str> {
    if let Some(t) = texts.get(key) {
        return Rc::clone(t);
    }
    let t: Rc<str> = make().into();
    texts.insert(key.to_string(), Rc::clone(&t));
    t
}

pub fn state_name(s: &MessageState) -> &'static str {
    match s {
        MessageState::Visible => "available",
        MessageState::InFlight { .. } => "in flight",
        MessageState::Delayed { .. } => "delayed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(body: &str) -> SendRequest {
        SendRequest {
            body: body.into(),
            attributes: BTreeMap::new(),
            delay_seconds: None,
            group_id: None,
            deduplication_id: None,
            message_id: format!("id-{body}"),
            sender_id: "AIDA".into(),
            order_id: None,
        }
    }

    #[test]
    fn settings_out_of_range_are_refused_with_aws_names() {
        type Mutation = fn(&mut QueueSettings);
        let cases: &[(Mutation, &str)] = &[
            (|s| s.visibility_timeout = 43_201, "VisibilityTimeout"),
            (|s| s.delay_seconds = 901, "DelaySeconds"),
            (
                |s| s.message_retention_period = 59,
                "MessageRetentionPeriod",
            ),
            (
                |s| s.message_retention_period = 1_209_601,
                "MessageRetentionPeriod",
            ),
            (|s| s.maximum_message_size = 1_023, "MaximumMessageSize"),
            (
                |s| s.receive_message_wait_time_seconds = 21,
                "ReceiveMessageWaitTimeSeconds",
            ),
            (
                |s| {
                    s.redrive_policy = Some(RedrivePolicy {
                        dead_letter_target_arn: "d".into(),
                        max_receive_count: 0,
                    })
                },
                "maxReceiveCount",
            ),
        ];
        for (mutate, attr) in cases {
            let mut s = QueueSettings::new("q");
            mutate(&mut s);
            let e = s.validate().unwrap_err();
            assert_eq!(e.code, "InvalidAttributeValue");
            assert!(e.message.contains(attr), "{attr}: {}", e.message);
        }
        assert!(QueueSettings::new("q").validate().is_ok());
        assert!(QueueSettings::new("bad name!").validate().is_err());
        let mut s = QueueSettings::new("q");
        s.content_based_deduplication = true;
        assert!(
            s.validate().is_err(),
            "content-based deduplication needs FIFO"
        );
    }

    /// The queue panel's "Message JSON": a message no one has received has no receipt
    /// handle nor first receive yet, and the JSON leaves them out (it showed
    /// `"ReceiptHandle": null` and `"ApproximateFirstReceiveTimestamp": ""`, which
    /// ReceiveMessage never returns: the student walk).
    #[test]
    fn a_message_never_received_shows_no_receipt_handle_nor_first_receive() {
        let mut q = Queue::new(QueueSettings::new("q"), 0, "us-east-1");
        q.send(0, req("a")).unwrap();
        let key = q.messages().next().unwrap().0;
        let fresh = q.get(key).unwrap().to_json(0);
        assert!(fresh.get("ReceiptHandle").is_none(), "{fresh}");
        assert!(fresh["Attributes"]
            .get("ApproximateFirstReceiveTimestamp")
            .is_none());
        assert_eq!(fresh["Attributes"]["ApproximateReceiveCount"], "0");
        q.mark_received(key, 5, 30_000, "AQEBhandle".into());
        let received = q.get(key).unwrap().to_json(1_000);
        assert_eq!(received["ReceiptHandle"], "AQEBhandle");
        assert_eq!(
            received["Attributes"]["ApproximateFirstReceiveTimestamp"],
            "1005"
        );
    }

    /// What GetQueueAttributes (All) and ReceiveMessage show that the FIFO walk missed:
    /// a FIFO queue's DeduplicationScope and FifoThroughputLimit, and
    /// MD5OfMessageAttributes on a message with attributes. (SqsManagedSseEnabled is left
    /// out: a template may turn SSE-SQS off or use KMS, and neither is modelled.)
    #[test]
    fn attributes_and_messages_show_what_aws_returns() {
        let mut s = QueueSettings::new("q.fifo");
        s.fifo_queue = true;
        s.content_based_deduplication = true;
        let mut q = Queue::new(s, 0, "us-east-1");
        let a = q.attributes_json(0);
        assert_eq!(a["DeduplicationScope"], "queue");
        assert_eq!(a["FifoThroughputLimit"], "perQueue");
        let standard = Queue::new(QueueSettings::new("s"), 0, "us-east-1").attributes_json(0);
        assert!(standard.get("DeduplicationScope").is_none());
        let attributes = BTreeMap::from([(
            "attribName1".to_string(),
            MessageAttribute {
                data_type: "String".into(),
                string_value: "attribValue 1".into(),
            },
        )]);
        let sent = SendRequest {
            group_id: Some("g".into()),
            attributes,
            ..req("a")
        };
        assert!(q.send(0, sent).is_ok());
        let plain = SendRequest {
            group_id: Some("g".into()),
            ..req("b")
        };
        assert!(q.send(0, plain).is_ok());
        let json: Vec<Value> = q.messages().map(|(_, m)| m.to_json(0)).collect();
        assert_eq!(
            json[0]["MD5OfMessageAttributes"],
            "19e27d4e946b072f3f58da80d94fd778"
        );
        assert!(json[1].get("MD5OfMessageAttributes").is_none());
    }

    #[test]
    fn fifo_needs_group_and_dedups_within_five_minutes() {
        let mut s = QueueSettings::new("q.fifo");
        s.content_based_deduplication = true;
        let mut q = Queue::new(s, 0, "us-east-1");
        assert_eq!(
            q.send(0, req("a")).err().map(|e| e.code),
            Some("MissingParameter")
        );
        let with_group = |b: &str| SendRequest {
            group_id: Some("g".into()),
            ..req(b)
        };
        assert!(matches!(
            q.send(0, with_group("a")),
            Ok(SendOutcome::Accepted { .. })
        ));
        assert!(matches!(
            q.send(299_999, with_group("a")),
            Ok(SendOutcome::Duplicate { .. })
        ));
        assert!(matches!(
            q.send(300_000, with_group("a")),
            Ok(SendOutcome::Accepted { .. })
        ));
        let m = q.messages().next().unwrap().1;
        assert_eq!(
            m.deduplication_id(),
            Some(crate::kernel::sha256::sha256_hex(b"a").as_str())
        );
        let mut explicit = Queue::new(QueueSettings::new("e.fifo"), 0, "us-east-1");
        let e = explicit.send(0, with_group("x")).err().unwrap();
        assert!(e.message.contains("ContentBasedDeduplication"));
    }

    /// MessageGroupId and MessageDeduplicationId: 1 to 128 alphanumeric or punctuation
    /// characters (API_SendMessage.html); a refused send changes nothing.
    #[test]
    fn fifo_ids_are_alphanumeric_or_punctuation_up_to_128() {
        let mut q = Queue::new(QueueSettings::new("e.fifo"), 0, "us-east-1");
        let send = |q: &mut Queue, group: &str, dedup: &str| {
            let r = SendRequest {
                group_id: Some(group.into()),
                deduplication_id: Some(dedup.into()),
                ..req("a")
            };
            q.send(0, r).map(|_| ()).map_err(|e| (e.code, e.message))
        };
        let longest = "x".repeat(128);
        assert!(send(&mut q, "order-CUST-1", "order-ORD-001-1733(){}~!").is_ok());
        assert!(send(&mut q, &longest, &longest).is_ok());
        for (group, dedup, parameter) in [
            ("has space", "d", "MessageGroupId"),
            ("pedido-ção", "d", "MessageGroupId"),
            (&"x".repeat(129), "d", "MessageGroupId"),
            ("g", "", "MessageDeduplicationId"),
            ("g", "tab\there", "MessageDeduplicationId"),
        ] {
            let (code, message) = send(&mut q, group, dedup).unwrap_err();
            assert_eq!(code, "InvalidParameterValue");
            assert!(
                message.contains(&format!("for parameter {parameter} is invalid")),
                "{message}"
            );
        }
        assert_eq!(
            q.messages().count(),
            2,
            "refused sends leave the queue as it was"
        );
    }

    #[test]
    fn fifo_group_in_flight_blocks_only_its_group() {
        let mut s = QueueSettings::new("q.fifo");
        s.content_based_deduplication = true;
        let mut q = Queue::new(s, 0, "us-east-1");
        for (g, b) in [("a", "1"), ("a", "2"), ("b", "3")] {
            q.send(
                0,
                SendRequest {
                    group_id: Some(g.into()),
                    ..req(b)
                },
            )
            .unwrap();
        }
        assert_eq!(q.candidates(10), vec![0, 1, 2]);
        q.mark_received(0, 0, 30_000, "r0".into());
        assert_eq!(
            q.candidates(10),
            vec![2],
            "group a is blocked while 1 is in flight"
        );
        q.take(0);
        assert_eq!(q.candidates(10), vec![1, 2]);
        q.check_consistency().unwrap();
    }

    #[test]
    fn visibility_generation_ignores_stale_timers() {
        let mut q = Queue::new(QueueSettings::new("q"), 0, "us-east-1");
        q.send(0, req("a")).unwrap();
        q.mark_received(0, 0, 30_000, "r".into());
        let (generation, until) = q.change_visibility(0, 10_000, 60).unwrap();
        assert_eq!(until, 70_000);
        assert!(
            !q.make_visible(0, generation - 1, 30_000),
            "the old timer is stale"
        );
        assert!(!q.make_visible(0, generation, 69_999));
        assert!(q.make_visible(0, generation, 70_000));
        assert_eq!(q.counts(), (1, 0, 0));
        assert_eq!(q.get(0).unwrap().receive_count, 1);
        assert!(q.change_visibility(0, 70_000, 5).is_err(), "not in flight");
    }

    /// Receives `n` times, each receive's visibility timeout running out: `r0`…`r{n-1}`.
    fn received_again_and_again(q: &mut Queue, n: u32) {
        for i in 0..n {
            let now = u64::from(i) * 1_000;
            q.mark_received(0, now, 1_000, format!("r{i}"));
            let generation = q.get(0).unwrap().visibility_generation;
            assert!(q.make_visible(0, generation, now + 1_000));
        }
    }

    #[test]
    fn earlier_receipt_handles_are_remembered_up_to_a_bound() {
        let mut q = Queue::new(QueueSettings::new("q"), 0, "us-east-1");
        q.send(0, req("a")).unwrap();
        let n = EARLIER_RECEIPTS_KEPT as u32 + 8;
        received_again_and_again(&mut q, n);
        let last = format!("r{}", n - 1);
        assert_eq!(q.receipt_for_delete(&last), Ok(ReceiptFor::Latest(0)));
        // r0…r38 were superseded; the last EARLIER_RECEIPTS_KEPT of them, r7…r38, are kept.
        assert_eq!(q.receipt_for_delete("r7"), Ok(ReceiptFor::Earlier(0)));
        let e = q.receipt_for_delete("r6").unwrap_err();
        assert_eq!(e.code, "ReceiptHandleIsInvalid", "older than the bound");
        assert_eq!(
            q.get(0)
                .unwrap()
                .old_receipts
                .as_ref()
                .map_or(0, |old| old.earlier.len()),
            EARLIER_RECEIPTS_KEPT
        );
        let mut s = QueueSettings::new("q.fifo");
        s.content_based_deduplication = true;
        let mut fifo = Queue::new(s, 0, "us-east-1");
        fifo.send(
            0,
            SendRequest {
                group_id: Some("g".into()),
                ..req("a")
            },
        )
        .unwrap();
        received_again_and_again(&mut fifo, 3);
        for h in ["r0", "r2"] {
            let e = fifo.receipt_for_delete(h).unwrap_err();
            assert_eq!(e.code, "InvalidParameterValue", "{h} has expired");
        }
        fifo.check_consistency().unwrap();
    }

    #[test]
    fn size_limit_and_delay_are_enforced() {
        let mut s = QueueSettings::new("q");
        s.maximum_message_size = 1024;
        let mut q = Queue::new(s, 0, "us-east-1");
        assert!(q.send(0, req(&"x".repeat(1025))).is_err());
        let r = q
            .send(
                0,
                SendRequest {
                    delay_seconds: Some(5),
                    ..req("a")
                },
            )
            .unwrap();
        assert!(matches!(
            r,
            SendOutcome::Accepted {
                delayed_until_ms: Some(5_000),
                ..
            }
        ));
        assert_eq!(q.counts(), (0, 0, 1));
        assert!(q
            .send(
                0,
                SendRequest {
                    delay_seconds: Some(901),
                    ..req("b")
                }
            )
            .is_err());
    }
}
