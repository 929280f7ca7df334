//! The hand-written readers of actions and scenario resources (`services::de`) give
//! exactly what serde's derived `Deserialize` gave: the same values, and the same
//! error messages in the same order of checking. `v1` keeps the derived definitions
//! as they were, to compare with, on the shipped scenarios and scripts and on every
//! single (and, at the top level, double) mutation of them.

use std::fmt::{Debug, Display};

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use sim_core::services::de::FromJson;

#[allow(dead_code)]
mod v1 {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::Value;

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct BatchEntry {
        pub id: String,
        pub message_body: Value,
        #[serde(default)]
        pub delay_seconds: Option<u64>,
        #[serde(default)]
        pub message_group_id: Option<String>,
        #[serde(default)]
        pub message_deduplication_id: Option<String>,
        #[serde(default)]
        pub message_attributes: BTreeMap<String, MessageAttribute>,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
    pub enum InvocationType {
        RequestResponse,
        Event,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum FaultKind {
        Throw,
        Timeout,
        Throttle,
        DenyPermission,
        FailFraction,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum TargetFaultKind {
        DenyPermission,
        Throttle,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(tag = "Action", deny_unknown_fields, rename_all_fields = "PascalCase")]
    pub enum Action {
        /// EventBridge's PutEvents (the console's "Send events").
        PutEvents {
            entries: Vec<PutEventsEntry>,
        },
        /// SNS Publish.
        Publish {
            topic_name: String,
            message: Value,
            #[serde(default)]
            subject: Option<String>,
            #[serde(default)]
            message_attributes: BTreeMap<String, MessageAttribute>,
            /// FIFO topics only.
            #[serde(default)]
            message_group_id: Option<String>,
            #[serde(default)]
            message_deduplication_id: Option<String>,
        },
        /// EnableRule / DisableRule.
        SetRuleState {
            rule_name: String,
            #[serde(default)]
            event_bus_name: Option<String>,
            enabled: bool,
        },
        /// Breaks (or fixes) one target of a rule.
        SetTargetFault {
            rule_name: String,
            #[serde(default)]
            event_bus_name: Option<String>,
            target_id: String,
            fault: TargetFaultKind,
            enabled: bool,
        },
        /// An HTTP request to an API route (`curl -X POST …/pedidos`).
        HttpRequest {
            api: String,
            method: String,
            path: String,
            /// A JSON value (sent serialised) or a string (sent as is, even if not JSON).
            #[serde(default)]
            body: Option<Value>,
            #[serde(default)]
            headers: BTreeMap<String, String>,
        },
        SendMessage {
            queue_name: String,
            message_body: Value,
            #[serde(default)]
            delay_seconds: Option<u64>,
            #[serde(default)]
            message_group_id: Option<String>,
            #[serde(default)]
            message_deduplication_id: Option<String>,
            #[serde(default)]
            message_attributes: BTreeMap<String, MessageAttribute>,
        },
        SendMessageBatch {
            queue_name: String,
            entries: Vec<BatchEntry>,
        },
        /// The console's "Poll for messages": a real receive, it counts toward maxReceiveCount.
        ReceiveMessage {
            queue_name: String,
            #[serde(default = "one")]
            max_number_of_messages: u32,
            #[serde(default)]
            visibility_timeout: Option<u64>,
            #[serde(default)]
            wait_time_seconds: Option<u64>,
        },
        DeleteMessage {
            queue_name: String,
            receipt_handle: String,
        },
        ChangeMessageVisibility {
            queue_name: String,
            receipt_handle: String,
            visibility_timeout: u64,
        },
        PurgeQueue {
            queue_name: String,
        },
        /// The console's "Start DLQ redrive".
        StartMessageMoveTask {
            source_queue: String,
            #[serde(default)]
            destination_queue: Option<String>,
            #[serde(default)]
            max_number_of_messages_per_second: Option<u32>,
        },
        CancelMessageMoveTask {
            source_queue: String,
        },
        /// SetQueueAttributes while running (e.g. a shorter visibility timeout).
        SetQueueAttributes {
            queue_name: String,
            attributes: BTreeMap<String, Value>,
        },
        Invoke {
            function_name: String,
            #[serde(default = "request_response")]
            invocation_type: InvocationType,
            #[serde(default)]
            payload: Value,
        },
        /// Flips a fault switch on a function (and back off to fix it).
        SetFault {
            function_name: String,
            fault: FaultKind,
            enabled: bool,
            /// For fail-fraction: the fraction of invocations that fail, 0.0–1.0.
            #[serde(default)]
            fraction: Option<f64>,
        },
        /// Changes a behaviour parameter while running (e.g. the payment success rate).
        SetFunctionConfiguration {
            function_name: String,
            #[serde(default)]
            timeout: Option<u64>,
            #[serde(default)]
            reserved_concurrent_executions: Option<Option<u32>>,
            #[serde(default)]
            success_per_mille: Option<u32>,
        },
    }

    fn one() -> u32 {
        1
    }
    fn request_response() -> InvocationType {
        InvocationType::RequestResponse
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    pub struct MessageAttribute {
        #[serde(rename = "DataType")]
        pub data_type: String,
        #[serde(rename = "StringValue")]
        pub string_value: String,
    }

    /// One entry of PutEvents, as the console's "Send events" form fills it.
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct PutEventsEntry {
        #[serde(default)]
        pub source: Option<String>,
        #[serde(default)]
        pub detail_type: Option<String>,
        /// The detail: a JSON object, or a string holding one (as the API takes it).
        #[serde(default)]
        pub detail: Option<Value>,
        #[serde(default)]
        pub event_bus_name: Option<String>,
        #[serde(default)]
        pub resources: Vec<String>,
    }
}

fn outcome<T: Debug, E: Display>(r: Result<T, E>) -> String {
    match r {
        Ok(v) => format!("ok {v:?}"),
        Err(e) => format!("err {e}"),
    }
}

/// Values of every JSON type and edge, and the names enums take.
fn samples(words: &[&str]) -> Vec<Value> {
    let mut s = vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(7),
        json!(-1),
        json!(1.5),
        json!(3.0),
        json!(5_000_000_000u64),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(""),
        json!("x"),
        json!([]),
        json!(["x"]),
        json!([1]),
        json!([{}]),
        json!({}),
        json!({"a": 1}),
        json!({"a": "b"}),
        json!({"a": null}),
        json!({"DataType": "String", "StringValue": "v"}),
    ];
    for w in words {
        s.push(json!(w));
        s.push(json!({ *w: null }));
        s.push(json!({ *w: 1 }));
    }
    s
}

const FEW: [&str; 5] = ["null", "1", "\"x\"", "{}", "-1"];

/// Every single change: each node replaced by each sample; in objects, each member
/// removed, and an unknown member added first and last.
fn mutations(v: &Value, samples: &[Value], out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let mut removed = m.clone();
                removed.shift_remove(k);
                out.push(Value::Object(removed));
                let mut inner = Vec::new();
                for s in samples {
                    inner.push(s.clone());
                }
                mutations(x, samples, &mut inner);
                for y in inner {
                    let mut c = m.clone();
                    c.insert(k.clone(), y);
                    out.push(Value::Object(c));
                }
            }
            let mut last = m.clone();
            last.insert("Bogus".into(), json!(1));
            out.push(Value::Object(last));
            let mut first = Map::new();
            first.insert("Bogus".into(), json!(1));
            first.extend(m.clone());
            out.push(Value::Object(first));
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let mut inner = samples.to_vec();
                mutations(x, samples, &mut inner);
                for y in inner {
                    let mut c = a.clone();
                    c[i] = y;
                    out.push(Value::Array(c));
                }
            }
        }
        _ => {}
    }
}

/// Top-level changes only, with few samples: combined in pairs.
fn top_edits(v: &Value) -> Vec<Value> {
    let few: Vec<Value> = FEW
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();
    let Value::Object(m) = v else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for k in m.keys() {
        let mut removed = m.clone();
        removed.shift_remove(k);
        out.push(Value::Object(removed));
        for s in &few {
            let mut c = m.clone();
            c.insert(k.clone(), s.clone());
            out.push(Value::Object(c));
        }
    }
    let mut last = m.clone();
    last.insert("Bogus".into(), json!(1));
    out.push(Value::Object(last));
    let mut first = Map::new();
    first.insert("Bogus".into(), json!(1));
    first.extend(m.clone());
    out.push(Value::Object(first));
    out
}

/// Compares old and new on the documents and their mutations; returns how many.
fn compare<Old: DeserializeOwned + Debug, New: FromJson + Debug>(
    docs: &[Value],
    words: &[&str],
) -> usize {
    let samples = samples(words);
    let mut n = 0;
    for doc in docs {
        let mut all = vec![doc.clone()];
        all.extend(samples.iter().cloned());
        mutations(doc, &samples, &mut all);
        for e in top_edits(doc) {
            all.extend(top_edits(&e));
            all.push(e);
        }
        for m in all {
            let old = outcome(serde_json::from_value::<Old>(m.clone()));
            let new = outcome(New::from_json(&m));
            // The one difference, on purpose: serde also read a struct written as the
            // array of its fields; the hand-written readers want an object.
            if new.contains("invalid type: sequence, expected struct")
                || new.contains("invalid type: sequence, expected internally tagged enum")
            {
                continue;
            }
            assert_eq!(old, new, "on {m}");
            n += 1;
        }
    }
    n
}

fn builtin_json() -> Vec<Value> {
    sim_core::scenario::BUILTIN
        .iter()
        .map(|(_, text)| serde_json::from_str(text).unwrap())
        .collect()
}

fn script_steps() -> Vec<Value> {
    let mut steps = Vec::new();
    for s in builtin_json() {
        if let Some(a) = s["Script"].as_array() {
            steps.extend(a.iter().cloned());
        }
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/scripts");
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        steps.extend(v.as_array().unwrap().iter().cloned());
    }
    for s in &mut steps {
        s.as_object_mut().unwrap().shift_remove("At");
    }
    steps
}

const ACTION_WORDS: &[&str] = &[
    "PutEvents",
    "Publish",
    "SetRuleState",
    "SetTargetFault",
    "HttpRequest",
    "SendMessage",
    "SendMessageBatch",
    "ReceiveMessage",
    "DeleteMessage",
    "ChangeMessageVisibility",
    "PurgeQueue",
    "StartMessageMoveTask",
    "CancelMessageMoveTask",
    "SetQueueAttributes",
    "Invoke",
    "SetFault",
    "SetFunctionConfiguration",
    "throw",
    "timeout",
    "throttle",
    "deny-permission",
    "fail-fraction",
    "RequestResponse",
    "Event",
];

#[test]
fn actions_read_as_serde_derived_them() {
    let attrs = json!({"a": {"DataType": "String", "StringValue": "v"}});
    let mut docs = script_steps();
    docs.extend([
        json!({"Action": "PutEvents", "Entries": [{"Source": "s", "DetailType": "d", "Detail": {"a": 1}, "EventBusName": "b", "Resources": ["r"]}]}),
        json!({"Action": "Publish", "TopicName": "t", "Message": "m", "Subject": "s", "MessageAttributes": attrs, "MessageGroupId": "g", "MessageDeduplicationId": "d"}),
        json!({"Action": "SetRuleState", "RuleName": "r", "EventBusName": "b", "Enabled": true}),
        json!({"Action": "SetTargetFault", "RuleName": "r", "EventBusName": "b", "TargetId": "t", "Fault": "throttle", "Enabled": true}),
        json!({"Action": "HttpRequest", "Api": "a", "Method": "POST", "Path": "/p", "Body": "b", "Headers": {"h": "v"}}),
        json!({"Action": "SendMessage", "QueueName": "q", "MessageBody": {"a": 1}, "DelaySeconds": 5, "MessageGroupId": "g", "MessageDeduplicationId": "d", "MessageAttributes": attrs}),
        json!({"Action": "SendMessageBatch", "QueueName": "q", "Entries": [{"Id": "1", "MessageBody": "b", "DelaySeconds": 1, "MessageGroupId": "g", "MessageDeduplicationId": "d", "MessageAttributes": attrs}]}),
        json!({"Action": "ReceiveMessage", "QueueName": "q", "MaxNumberOfMessages": 10, "VisibilityTimeout": 5, "WaitTimeSeconds": 20}),
        json!({"Action": "DeleteMessage", "QueueName": "q", "ReceiptHandle": "h"}),
        json!({"Action": "ChangeMessageVisibility", "QueueName": "q", "ReceiptHandle": "h", "VisibilityTimeout": 0}),
        json!({"Action": "PurgeQueue", "QueueName": "q"}),
        json!({"Action": "StartMessageMoveTask", "SourceQueue": "q", "DestinationQueue": "d", "MaxNumberOfMessagesPerSecond": 5}),
        json!({"Action": "CancelMessageMoveTask", "SourceQueue": "q"}),
        json!({"Action": "SetQueueAttributes", "QueueName": "q", "Attributes": {"VisibilityTimeout": 5}}),
        json!({"Action": "Invoke", "FunctionName": "f", "InvocationType": "Event", "Payload": {"a": 1}}),
        json!({"Action": "SetFault", "FunctionName": "f", "Fault": "fail-fraction", "Enabled": true, "Fraction": 0.5}),
        json!({"Action": "SetFunctionConfiguration", "FunctionName": "f", "Timeout": 3, "ReservedConcurrentExecutions": 2, "SuccessPerMille": 500}),
    ]);
    let n = compare::<v1::Action, sim_core::Action>(&docs, ACTION_WORDS);
    assert!(n > 10_000, "{n}");
}
