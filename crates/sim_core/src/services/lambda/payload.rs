//! What an invocation carries. Payloads stay typed while they travel (an API
//! Gateway request, a batch of SQS messages, a batch of stream records); the JSON
//! event AWS would deliver is built by `to_json` only when a handler asks for the
//! whole event.

use std::rc::Rc;

use serde_json::Value;

use crate::apigateway::ProxyRequest;
use crate::dynamodb::{item_to_plain, stream_record_json, StreamRecord, StreamViewType};
use crate::sqs::Message;

#[derive(Clone, Debug)]
pub enum Payload {
    /// Any JSON event: a direct or asynchronous invocation, an EventBridge target.
    Json(Value),
    /// API Gateway's Lambda proxy integration.
    ApiProxy(Box<ProxyRequest>),
    /// An SQS event source mapping's batch: the messages as they were received.
    SqsBatch {
        /// Shared with the queue: the messages as they were when received.
        messages: Vec<Rc<Message>>,
        queue_arn: String,
    },
    /// A DynamoDB stream mapping's batch.
    StreamBatch {
        records: Vec<Rc<StreamRecord>>,
        view: Option<StreamViewType>,
        stream_arn: String,
    },
}

impl Payload {
    /// The event exactly as Lambda would pass it to the handler.
    pub fn to_json(&self, epoch_ms: u64) -> Value {
        match self {
            Payload::Json(v) => v.clone(),
            Payload::ApiProxy(request) => request.to_json(),
            Payload::SqsBatch {
                messages,
                queue_arn,
            } => records_json(
                messages
                    .iter()
                    .map(|m| m.lambda_record(queue_arn, epoch_ms))
                    .collect(),
            ),
            Payload::StreamBatch {
                records,
                view,
                stream_arn,
            } => records_json(
                records
                    .iter()
                    .map(|r| stream_record_json(r, *view, stream_arn, epoch_ms))
                    .collect(),
            ),
        }
    }

    /// `event["Records"]`, record by record (empty when the event has none).
    pub fn records(&self) -> Vec<Record<'_>> {
        match self {
            Payload::Json(v) => v
                .get("Records")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(Record::Json).collect())
                .unwrap_or_default(),
            Payload::ApiProxy(_) => Vec::new(),
            Payload::SqsBatch { messages, .. } => messages.iter().map(|m| Record::Sqs(m)).collect(),
            Payload::StreamBatch { records, .. } => {
                records.iter().map(|r| Record::Stream(r)).collect()
            }
        }
    }

    /// True when the event has a `Records` array (even an empty one).
    pub fn has_records(&self) -> bool {
        match self {
            Payload::Json(v) => v.get("Records").is_some(),
            Payload::ApiProxy(_) => false,
            Payload::SqsBatch { .. } | Payload::StreamBatch { .. } => true,
        }
    }

    /// `event["body"]` when it is a string (an API Gateway proxy event's body).
    pub fn body(&self) -> Option<&str> {
        match self {
            Payload::Json(v) => v.get("body").and_then(Value::as_str),
            Payload::ApiProxy(request) => request.body.as_deref(),
            _ => None,
        }
    }
}

fn records_json(records: Vec<Value>) -> Value {
    let mut m = serde_json::Map::with_capacity(1);
    m.insert("Records".into(), Value::Array(records));
    Value::Object(m)
}

/// One entry of `event["Records"]`.
#[derive(Clone, Copy, Debug)]
pub enum Record<'a> {
    Sqs(&'a Message),
    Stream(&'a StreamRecord),
    Json(&'a Value),
}

impl<'a> Record<'a> {
    /// An SQS record's `body`.
    pub fn body(&self) -> Option<&'a str> {
        match self {
            Record::Sqs(m) => Some(&m.body),
            Record::Stream(_) => None,
            Record::Json(v) => v.get("body").and_then(Value::as_str),
        }
    }

    /// An SQS record's `attributes.ApproximateReceiveCount`.
    pub fn receive_count(&self) -> Option<u32> {
        match self {
            Record::Sqs(m) => Some(m.receive_count),
            Record::Stream(_) => None,
            Record::Json(v) => v
                .pointer("/attributes/ApproximateReceiveCount")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok()),
        }
    }

    /// An SQS record's `messageId`.
    pub fn message_id(&self) -> Option<&'a str> {
        match self {
            Record::Sqs(m) => Some(&m.message_id),
            Record::Stream(_) => None,
            Record::Json(v) => v.get("messageId").and_then(Value::as_str),
        }
    }

    /// A stream record's `eventName` (INSERT, MODIFY, REMOVE).
    pub fn event_name(&self) -> Option<&'a str> {
        match self {
            Record::Stream(r) => Some(r.event_name.as_str()),
            Record::Json(v) => v.get("eventName").and_then(Value::as_str),
            Record::Sqs(_) => None,
        }
    }

    /// A stream record's `dynamodb.NewImage`, as plain JSON (what boto3's
    /// TypeDeserializer gives the lab's code).
    pub fn new_image_plain(&self) -> Option<Value> {
        match self {
            Record::Stream(r) => r.new_image.as_deref().map(item_to_plain),
            Record::Json(v) => v
                .get("dynamodb")
                .and_then(|d| d.get("NewImage"))
                .map(crate::dynamodb::typed_json_to_plain),
            Record::Sqs(_) => None,
        }
    }
}
