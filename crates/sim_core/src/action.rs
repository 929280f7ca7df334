//! What the outside world (a learner, a script, the command line) can do to the
//! simulation. Scripts write these as JSON with an `At` time.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::services::de::{self, read, req, FromJson, Res};
use crate::sqs::MessageAttribute;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchEntry {
    pub id: String,
    pub message_body: Value,
    pub delay_seconds: Option<u64>,
    pub message_group_id: Option<String>,
    pub message_deduplication_id: Option<String>,
    pub message_attributes: BTreeMap<String, MessageAttribute>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum InvocationType {
    RequestResponse,
    Event,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    Throw,
    Timeout,
    Throttle,
    DenyPermission,
    FailFraction,
    /// Every invocation first waits on a slow downstream call (`Seconds`).
    Slow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetFaultKind {
    DenyPermission,
    Throttle,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "Action", rename_all_fields = "PascalCase")]
pub enum Action {
    /// EventBridge's PutEvents (the console's "Send events").
    PutEvents {
        entries: Vec<crate::eventbridge::PutEventsEntry>,
    },
    /// SNS Publish.
    Publish {
        topic_name: String,
        message: Value,
        subject: Option<String>,
        message_attributes: BTreeMap<String, MessageAttribute>,
        /// FIFO topics only.
        message_group_id: Option<String>,
        message_deduplication_id: Option<String>,
    },
    /// EnableRule / DisableRule.
    SetRuleState {
        rule_name: String,
        event_bus_name: Option<String>,
        enabled: bool,
    },
    /// Breaks (or fixes) one target of a rule.
    SetTargetFault {
        rule_name: String,
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
        body: Option<Value>,
        headers: BTreeMap<String, String>,
    },
    SendMessage {
        queue_name: String,
        message_body: Value,
        delay_seconds: Option<u64>,
        message_group_id: Option<String>,
        message_deduplication_id: Option<String>,
        message_attributes: BTreeMap<String, MessageAttribute>,
    },
    SendMessageBatch {
        queue_name: String,
        entries: Vec<BatchEntry>,
    },
    /// The console's "Poll for messages": a real receive, it counts toward maxReceiveCount.
    ReceiveMessage {
        queue_name: String,
        max_number_of_messages: u32,
        visibility_timeout: Option<u64>,
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
        destination_queue: Option<String>,
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
        invocation_type: InvocationType,
        payload: Value,
    },
    /// Flips a fault switch on a function (and back off to fix it).
    SetFault {
        function_name: String,
        fault: FaultKind,
        enabled: bool,
        /// For fail-fraction: the fraction of invocations that fail, 0.0–1.0.
        fraction: Option<f64>,
        /// For slow: how long each invocation waits on its slow call, 1–900 s.
        #[serde(skip_serializing_if = "Option::is_none")]
        seconds: Option<u64>,
    },
    /// Changes a behaviour parameter while running (e.g. the payment success rate).
    SetFunctionConfiguration {
        function_name: String,
        timeout: Option<u64>,
        reserved_concurrent_executions: Option<Option<u32>>,
        success_per_mille: Option<u32>,
    },
    /// Lambda UpdateEventSourceMapping: a stream trigger's failure handling, changed
    /// while it runs (a learner unblocks a shard held by a failing batch).
    UpdateEventSourceMapping {
        #[serde(rename = "UUID")]
        uuid: String,
        maximum_retry_attempts: Option<i64>,
        bisect_batch_on_function_error: Option<bool>,
    },
    /// CloudWatch PutMetricAlarm: creates an alarm or replaces its configuration.
    PutMetricAlarm {
        alarm: crate::services::cloudwatch::AlarmConfig,
    },
    DeleteAlarms {
        alarm_names: Vec<String>,
    },
    /// SetAlarmState: tests an alarm's actions; the next evaluation decides again.
    SetAlarmState {
        alarm_name: String,
        state_value: crate::services::cloudwatch::AlarmState,
        state_reason: String,
    },
    /// IAM PutRolePolicy: adds or replaces one of a role's inline policies. The
    /// document is JSON text, as the API takes it.
    PutRolePolicy {
        role_name: String,
        policy_name: String,
        policy_document: String,
    },
    DeleteRolePolicy {
        role_name: String,
        policy_name: String,
    },
    /// S3 PutObject: a file (its text) into a bucket, which notifies.
    PutObject {
        bucket: String,
        key: String,
        body: String,
    },
}

impl FromJson for BatchEntry {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct BatchEntry", true, "",
            "Id" id de::string,
            "MessageBody" message_body de::value,
            "DelaySeconds" delay_seconds |x| de::opt(x, de::u64),
            "MessageGroupId" message_group_id de::opt_string,
            "MessageDeduplicationId" message_deduplication_id de::opt_string,
            "MessageAttributes" message_attributes |x| de::map(x, de::parse),
        );
        Ok(BatchEntry {
            id: req(id, "Id")?,
            message_body: req(message_body, "MessageBody")?,
            delay_seconds: delay_seconds.flatten(),
            message_group_id: message_group_id.flatten(),
            message_deduplication_id: message_deduplication_id.flatten(),
            message_attributes: message_attributes.unwrap_or_default(),
        })
    }
}

impl FromJson for InvocationType {
    fn from_json(v: &Value) -> Res<Self> {
        Ok(match de::unit_variant(v, &["RequestResponse", "Event"])? {
            0 => InvocationType::RequestResponse,
            _ => InvocationType::Event,
        })
    }
}

impl FromJson for FaultKind {
    fn from_json(v: &Value) -> Res<Self> {
        const KINDS: [FaultKind; 6] = [
            FaultKind::Throw,
            FaultKind::Timeout,
            FaultKind::Throttle,
            FaultKind::DenyPermission,
            FaultKind::FailFraction,
            FaultKind::Slow,
        ];
        let names = &[
            "throw",
            "timeout",
            "throttle",
            "deny-permission",
            "fail-fraction",
            "slow",
        ];
        Ok(KINDS[de::unit_variant(v, names)?])
    }
}

impl FromJson for TargetFaultKind {
    fn from_json(v: &Value) -> Res<Self> {
        Ok(
            match de::unit_variant(v, &["deny-permission", "throttle"])? {
                0 => TargetFaultKind::DenyPermission,
                _ => TargetFaultKind::Throttle,
            },
        )
    }
}

/// The actions' names, in declaration order.
const ACTIONS: &[&str] = &[
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
    "UpdateEventSourceMapping",
    "PutMetricAlarm",
    "DeleteAlarms",
    "SetAlarmState",
    "PutRolePolicy",
    "DeleteRolePolicy",
    "PutObject",
];

impl FromJson for Action {
    /// `{"Action": "SendMessage", "QueueName": …}`, with the messages serde's derived
    /// code gave for this internally tagged enum.
    fn from_json(v: &Value) -> Res<Self> {
        let i = de::tag(v, "internally tagged enum Action", "Action", ACTIONS)?;
        let (e, t) = ("", "Action");
        Ok(match ACTIONS[i] {
            "PutEvents" => {
                read!(v, e, true, t, "Entries" entries |x| de::vec(x, de::parse));
                Action::PutEvents {
                    entries: req(entries, "Entries")?,
                }
            }
            "Publish" => {
                read!(v, e, true, t,
                    "TopicName" topic_name de::string,
                    "Message" message de::value,
                    "Subject" subject de::opt_string,
                    "MessageAttributes" message_attributes |x| de::map(x, de::parse),
                    "MessageGroupId" message_group_id de::opt_string,
                    "MessageDeduplicationId" message_deduplication_id de::opt_string,
                );
                Action::Publish {
                    topic_name: req(topic_name, "TopicName")?,
                    message: req(message, "Message")?,
                    subject: subject.flatten(),
                    message_attributes: message_attributes.unwrap_or_default(),
                    message_group_id: message_group_id.flatten(),
                    message_deduplication_id: message_deduplication_id.flatten(),
                }
            }
            "SetRuleState" => {
                read!(v, e, true, t,
                    "RuleName" rule_name de::string,
                    "EventBusName" event_bus_name de::opt_string,
                    "Enabled" enabled de::boolean,
                );
                Action::SetRuleState {
                    rule_name: req(rule_name, "RuleName")?,
                    event_bus_name: event_bus_name.flatten(),
                    enabled: req(enabled, "Enabled")?,
                }
            }
            "SetTargetFault" => {
                read!(v, e, true, t,
                    "RuleName" rule_name de::string,
                    "EventBusName" event_bus_name de::opt_string,
                    "TargetId" target_id de::string,
                    "Fault" fault TargetFaultKind::from_json,
                    "Enabled" enabled de::boolean,
                );
                Action::SetTargetFault {
                    rule_name: req(rule_name, "RuleName")?,
                    event_bus_name: event_bus_name.flatten(),
                    target_id: req(target_id, "TargetId")?,
                    fault: req(fault, "Fault")?,
                    enabled: req(enabled, "Enabled")?,
                }
            }
            "HttpRequest" => {
                read!(v, e, true, t,
                    "Api" api de::string,
                    "Method" method de::string,
                    "Path" path de::string,
                    "Body" body |x| de::opt(x, de::value),
                    "Headers" headers |x| de::map(x, de::string),
                );
                Action::HttpRequest {
                    api: req(api, "Api")?,
                    method: req(method, "Method")?,
                    path: req(path, "Path")?,
                    body: body.flatten(),
                    headers: headers.unwrap_or_default(),
                }
            }
            "SendMessage" => {
                read!(v, e, true, t,
                    "QueueName" queue_name de::string,
                    "MessageBody" message_body de::value,
                    "DelaySeconds" delay_seconds |x| de::opt(x, de::u64),
                    "MessageGroupId" message_group_id de::opt_string,
                    "MessageDeduplicationId" message_deduplication_id de::opt_string,
                    "MessageAttributes" message_attributes |x| de::map(x, de::parse),
                );
                Action::SendMessage {
                    queue_name: req(queue_name, "QueueName")?,
                    message_body: req(message_body, "MessageBody")?,
                    delay_seconds: delay_seconds.flatten(),
                    message_group_id: message_group_id.flatten(),
                    message_deduplication_id: message_deduplication_id.flatten(),
                    message_attributes: message_attributes.unwrap_or_default(),
                }
            }
            "SendMessageBatch" => {
                read!(v, e, true, t,
                    "QueueName" queue_name de::string,
                    "Entries" entries |x| de::vec(x, de::parse),
                );
                Action::SendMessageBatch {
                    queue_name: req(queue_name, "QueueName")?,
                    entries: req(entries, "Entries")?,
                }
            }
            "ReceiveMessage" => {
                read!(v, e, true, t,
                    "QueueName" queue_name de::string,
                    "MaxNumberOfMessages" max_number_of_messages de::u32,
                    "VisibilityTimeout" visibility_timeout |x| de::opt(x, de::u64),
                    "WaitTimeSeconds" wait_time_seconds |x| de::opt(x, de::u64),
                );
                Action::ReceiveMessage {
                    queue_name: req(queue_name, "QueueName")?,
                    max_number_of_messages: max_number_of_messages.unwrap_or(1),
                    visibility_timeout: visibility_timeout.flatten(),
                    wait_time_seconds: wait_time_seconds.flatten(),
                }
            }
            "DeleteMessage" => {
                read!(v, e, true, t,
                    "QueueName" queue_name de::string,
                    "ReceiptHandle" receipt_handle de::string,
                );
                Action::DeleteMessage {
                    queue_name: req(queue_name, "QueueName")?,
                    receipt_handle: req(receipt_handle, "ReceiptHandle")?,
                }
            }
            "ChangeMessageVisibility" => {
                read!(v, e, true, t,
                    "QueueName" queue_name de::string,
                    "ReceiptHandle" receipt_handle de::string,
                    "VisibilityTimeout" visibility_timeout de::u64,
                );
                Action::ChangeMessageVisibility {
                    queue_name: req(queue_name, "QueueName")?,
                    receipt_handle: req(receipt_handle, "ReceiptHandle")?,
                    visibility_timeout: req(visibility_timeout, "VisibilityTimeout")?,
                }
            }
            "PurgeQueue" => {
                read!(v, e, true, t, "QueueName" queue_name de::string);
                Action::PurgeQueue {
                    queue_name: req(queue_name, "QueueName")?,
                }
            }
            "StartMessageMoveTask" => {
                read!(v, e, true, t,
                    "SourceQueue" source_queue de::string,
                    "DestinationQueue" destination_queue de::opt_string,
                    "MaxNumberOfMessagesPerSecond" max_per_second |x| de::opt(x, de::u32),
                );
                Action::StartMessageMoveTask {
                    source_queue: req(source_queue, "SourceQueue")?,
                    destination_queue: destination_queue.flatten(),
                    max_number_of_messages_per_second: max_per_second.flatten(),
                }
            }
            "CancelMessageMoveTask" => {
                read!(v, e, true, t, "SourceQueue" source_queue de::string);
                Action::CancelMessageMoveTask {
                    source_queue: req(source_queue, "SourceQueue")?,
                }
            }
            "SetQueueAttributes" => {
                read!(v, e, true, t,
                    "QueueName" queue_name de::string,
                    "Attributes" attributes |x| de::map(x, de::value),
                );
                Action::SetQueueAttributes {
                    queue_name: req(queue_name, "QueueName")?,
                    attributes: req(attributes, "Attributes")?,
                }
            }
            "Invoke" => {
                read!(v, e, true, t,
                    "FunctionName" function_name de::string,
                    "InvocationType" invocation_type InvocationType::from_json,
                    "Payload" payload de::value,
                );
                Action::Invoke {
                    function_name: req(function_name, "FunctionName")?,
                    invocation_type: invocation_type.unwrap_or(InvocationType::RequestResponse),
                    payload: payload.unwrap_or_default(),
                }
            }
            "SetFault" => {
                read!(v, e, true, t,
                    "FunctionName" function_name de::string,
                    "Fault" fault FaultKind::from_json,
                    "Enabled" enabled de::boolean,
                    "Fraction" fraction |x| de::opt(x, de::f64),
                    "Seconds" seconds |x| de::opt(x, de::u64),
                );
                Action::SetFault {
                    function_name: req(function_name, "FunctionName")?,
                    fault: req(fault, "Fault")?,
                    enabled: req(enabled, "Enabled")?,
                    fraction: fraction.flatten(),
                    seconds: seconds.flatten(),
                }
            }
            "UpdateEventSourceMapping" => {
                read!(v, e, true, t,
                    "UUID" uuid de::string,
                    "MaximumRetryAttempts" maximum_retry_attempts |x| de::opt(x, de::i64),
                    "BisectBatchOnFunctionError" bisect |x| de::opt(x, de::boolean),
                );
                Action::UpdateEventSourceMapping {
                    uuid: req(uuid, "UUID")?,
                    maximum_retry_attempts: maximum_retry_attempts.flatten(),
                    bisect_batch_on_function_error: bisect.flatten(),
                }
            }
            "SetFunctionConfiguration" => {
                read!(v, e, true, t,
                    "FunctionName" function_name de::string,
                    "Timeout" timeout |x| de::opt(x, de::u64),
                    "ReservedConcurrentExecutions" reserved |x| de::opt(x, |x| de::u32(x).map(Some)),
                    "SuccessPerMille" success_per_mille |x| de::opt(x, de::u32),
                );
                Action::SetFunctionConfiguration {
                    function_name: req(function_name, "FunctionName")?,
                    timeout: timeout.flatten(),
                    reserved_concurrent_executions: reserved.flatten(),
                    success_per_mille: success_per_mille.flatten(),
                }
            }
            "PutMetricAlarm" => {
                read!(v, e, true, t, "Alarm" alarm de::parse);
                Action::PutMetricAlarm {
                    alarm: req(alarm, "Alarm")?,
                }
            }
            "DeleteAlarms" => {
                read!(v, e, true, t, "AlarmNames" alarm_names de::strings);
                Action::DeleteAlarms {
                    alarm_names: req(alarm_names, "AlarmNames")?,
                }
            }
            "SetAlarmState" => {
                read!(v, e, true, t,
                    "AlarmName" alarm_name de::string,
                    "StateValue" state_value |x| {
                        let s = de::string(x)?;
                        crate::services::cloudwatch::AlarmState::parse(&s)
                            .ok_or_else(|| de::invalid(x, "OK, ALARM or INSUFFICIENT_DATA"))
                    },
                    "StateReason" state_reason de::string,
                );
                Action::SetAlarmState {
                    alarm_name: req(alarm_name, "AlarmName")?,
                    state_value: req(state_value, "StateValue")?,
                    state_reason: req(state_reason, "StateReason")?,
                }
            }
            "PutRolePolicy" => {
                read!(v, e, true, t,
                    "RoleName" role_name de::string,
                    "PolicyName" policy_name de::string,
                    // A string as the API takes it, or the document itself.
                    "PolicyDocument" policy_document |x: &Value| Ok::<_, serde_json::Error>(match x {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    }),
                );
                Action::PutRolePolicy {
                    role_name: req(role_name, "RoleName")?,
                    policy_name: req(policy_name, "PolicyName")?,
                    policy_document: req(policy_document, "PolicyDocument")?,
                }
            }
            "DeleteRolePolicy" => {
                read!(v, e, true, t,
                    "RoleName" role_name de::string,
                    "PolicyName" policy_name de::string,
                );
                Action::DeleteRolePolicy {
                    role_name: req(role_name, "RoleName")?,
                    policy_name: req(policy_name, "PolicyName")?,
                }
            }
            "PutObject" => {
                read!(v, e, true, t,
                    "Bucket" bucket de::string,
                    "Key" key de::string,
                    "Body" body de::string,
                );
                Action::PutObject {
                    bucket: req(bucket, "Bucket")?,
                    key: req(key, "Key")?,
                    body: req(body, "Body")?,
                }
            }
            _ => return Err(de::invalid(v, "a known Action")),
        })
    }
}

/// Through a JSON value: `serde_json::from_value::<Action>` keeps working.
impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Action::from_json(&v).map_err(serde::de::Error::custom)
    }
}

impl Action {
    /// The action's name, as scripts write it.
    pub fn name(&self) -> &'static str {
        match self {
            Action::PutEvents { .. } => "PutEvents",
            Action::Publish { .. } => "Publish",
            Action::SetRuleState { .. } => "SetRuleState",
            Action::SetTargetFault { .. } => "SetTargetFault",
            Action::HttpRequest { .. } => "HttpRequest",
            Action::SendMessage { .. } => "SendMessage",
            Action::SendMessageBatch { .. } => "SendMessageBatch",
            Action::ReceiveMessage { .. } => "ReceiveMessage",
            Action::DeleteMessage { .. } => "DeleteMessage",
            Action::ChangeMessageVisibility { .. } => "ChangeMessageVisibility",
            Action::PurgeQueue { .. } => "PurgeQueue",
            Action::StartMessageMoveTask { .. } => "StartMessageMoveTask",
            Action::CancelMessageMoveTask { .. } => "CancelMessageMoveTask",
            Action::SetQueueAttributes { .. } => "SetQueueAttributes",
            Action::Invoke { .. } => "Invoke",
            Action::SetFault { .. } => "SetFault",
            Action::SetFunctionConfiguration { .. } => "SetFunctionConfiguration",
            Action::UpdateEventSourceMapping { .. } => "UpdateEventSourceMapping",
            Action::PutMetricAlarm { .. } => "PutMetricAlarm",
            Action::DeleteAlarms { .. } => "DeleteAlarms",
            Action::SetAlarmState { .. } => "SetAlarmState",
            Action::PutRolePolicy { .. } => "PutRolePolicy",
            Action::DeleteRolePolicy { .. } => "DeleteRolePolicy",
            Action::PutObject { .. } => "PutObject",
        }
    }

    /// The order the action carries in its body, if any: the one `subject()` ends with.
    pub fn order_id(&self) -> Option<String> {
        let body = match self {
            Action::PutEvents { entries } => entries.first().and_then(|e| e.detail.as_ref()),
            Action::Publish { message, .. } => Some(message),
            Action::HttpRequest { body, .. } => body.as_ref(),
            Action::SendMessage { message_body, .. } => Some(message_body),
            Action::Invoke { payload, .. } => Some(payload),
            _ => None,
        };
        body.and_then(crate::world::order_id::order_id_in_body)
    }

    /// What the action acts on, in AWS's own names, and the order it carries if it
    /// carries one: "POST /pedidos apiP001", "pedidos-event-bus CancelarPedido s3P003".
    /// Said after `name()` where a learner is told what was done for them.
    pub fn subject(&self) -> String {
        let what = self.acted_on();
        match self.order_id() {
            Some(id) => format!("{what} {id}"),
            None => what,
        }
    }

    /// What the action acts on, in AWS's own names, without its order:
    /// "POST /pedidos", "pedidos-event-bus CancelarPedido".
    pub fn acted_on(&self) -> String {
        let on_off = |on: bool| if on { "Enabled true" } else { "Enabled false" };
        match self {
            Action::PutEvents { entries } => {
                let first = entries.first();
                let bus = first.and_then(|e| e.event_bus_name.clone());
                let kind = first.and_then(|e| e.detail_type.clone());
                let what = [
                    bus.unwrap_or_else(|| "default".into()),
                    kind.unwrap_or_default(),
                ];
                what.join(" ").trim_end().to_string()
            }
            Action::Publish { topic_name, .. } => topic_name.clone(),
            Action::SetRuleState {
                rule_name, enabled, ..
            } => {
                format!(
                    "{rule_name} {}",
                    if *enabled { "ENABLED" } else { "DISABLED" }
                )
            }
            Action::SetTargetFault {
                rule_name,
                target_id,
                fault,
                enabled,
                ..
            } => {
                format!(
                    "{rule_name}/{target_id} {} {}",
                    kebab(fault),
                    on_off(*enabled)
                )
            }
            Action::HttpRequest { method, path, .. } => format!("{method} {path}"),
            Action::SendMessage { queue_name, .. } => queue_name.clone(),
            Action::SendMessageBatch {
                queue_name,
                entries,
            } => format!("{queue_name} ×{}", entries.len()),
            Action::ReceiveMessage { queue_name, .. }
            | Action::DeleteMessage { queue_name, .. }
            | Action::ChangeMessageVisibility { queue_name, .. }
            | Action::PurgeQueue { queue_name }
            | Action::SetQueueAttributes { queue_name, .. } => queue_name.clone(),
            Action::StartMessageMoveTask { source_queue, .. }
            | Action::CancelMessageMoveTask { source_queue } => source_queue.clone(),
            Action::Invoke { function_name, .. } => function_name.clone(),
            Action::SetFault {
                function_name,
                fault,
                enabled,
                ..
            } => {
                format!("{function_name} {} {}", kebab(fault), on_off(*enabled))
            }
            Action::SetFunctionConfiguration { function_name, .. } => function_name.clone(),
            Action::UpdateEventSourceMapping { uuid, .. } => uuid.clone(),
            Action::PutMetricAlarm { alarm } => alarm.alarm_name.clone(),
            Action::DeleteAlarms { alarm_names } => alarm_names.join(", "),
            Action::SetAlarmState {
                alarm_name,
                state_value,
                ..
            } => {
                format!("{alarm_name} {}", state_value.name())
            }
            Action::PutRolePolicy {
                role_name,
                policy_name,
                ..
            }
            | Action::DeleteRolePolicy {
                role_name,
                policy_name,
            } => format!("{role_name} {policy_name}"),
            Action::PutObject { bucket, key, .. } => format!("s3://{bucket}/{key}"),
        }
    }
}

/// An enum's name as its serde form writes it ("deny-permission", "ALARM").
fn kebab(v: &impl Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A scripted action: `{"At": "5s", "Action": "HttpRequest", …}`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptStep {
    pub at_ms: u64,
    pub action: Action,
}

/// Parses one script step; errors name the step and the problem.
pub fn parse_step(value: &Value, index: usize) -> Result<ScriptStep, String> {
    let Value::Object(obj) = value else {
        return Err(format!("step {index}: must be an object like {{\"At\": \"5s\", \"Action\": \"SendMessage\", …}}"));
    };
    let mut obj = obj.clone();
    let at_ms = match obj.remove("At") {
        Some(Value::String(s)) => crate::kernel::time::parse_duration_ms(&s)
            .map_err(|e| format!("step {index}: At: {e}"))?,
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| {
            format!("step {index}: At must be a whole number of ms or a duration like \"90s\"")
        })?,
        None => 0,
        Some(_) => return Err(format!("step {index}: At must be a duration like \"90s\"")),
    };
    let name = obj
        .get("Action")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string();
    let action = Action::from_json(&Value::Object(obj))
        .map_err(|e| format!("step {index} ({name}): {e}"))?;
    Ok(ScriptStep { at_ms, action })
}

/// Parses a script: a JSON array of steps.
pub fn parse_script(value: &Value) -> Result<Vec<ScriptStep>, String> {
    let Value::Array(steps) = value else {
        return Err("a script is a JSON array of steps".into());
    };
    let mut out = Vec::with_capacity(steps.len());
    for (i, s) in steps.iter().enumerate() {
        out.push(parse_step(s, i)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A session saves each action as its JSON and replays it from there.
    #[test]
    fn update_event_source_mapping_reads_back_what_it_writes() {
        let a = Action::UpdateEventSourceMapping {
            uuid: "u-1".into(),
            maximum_retry_attempts: Some(2),
            bisect_batch_on_function_error: Some(true),
        };
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["UUID"], "u-1");
        assert_eq!(v["MaximumRetryAttempts"], 2);
        assert_eq!(Action::from_json(&v).unwrap(), a);
    }

    #[test]
    fn a_subject_names_the_resource_and_the_order_carried() {
        let subject = |v: Value| parse_step(&v, 0).unwrap().action.subject();
        assert_eq!(
            subject(
                json!({"Action": "HttpRequest", "Api": "pedidos-api", "Method": "POST", "Path": "/pedidos",
                "Body": {"pedidoId": "apiP001"}})
            ),
            "POST /pedidos apiP001"
        );
        assert_eq!(
            subject(
                json!({"Action": "PutEvents", "Entries": [{"Source": "s", "DetailType": "CancelarPedido",
                "Detail": "{\"pedidoId\": \"s3P003\"}", "EventBusName": "pedidos-event-bus"}]})
            ),
            "pedidos-event-bus CancelarPedido s3P003"
        );
        assert_eq!(
            subject(
                json!({"Action": "SetFault", "FunctionName": "f", "Fault": "throw", "Enabled": true})
            ),
            "f throw Enabled true"
        );
        assert_eq!(
            subject(json!({"Action": "StartMessageMoveTask", "SourceQueue": "dlq"})),
            "dlq"
        );
        assert_eq!(
            subject(json!({"Action": "SendMessage", "QueueName": "q", "MessageBody": "not json"})),
            "q"
        );
    }

    #[test]
    fn steps_parse_and_errors_name_the_problem() {
        let s = parse_step(
            &json!({"At": "90s", "Action": "PurgeQueue", "QueueName": "q"}),
            0,
        )
        .unwrap();
        assert_eq!(s.at_ms, 90_000);
        assert_eq!(
            s.action,
            Action::PurgeQueue {
                queue_name: "q".into()
            }
        );
        let e = parse_step(&json!({"Action": "PurgeQueue", "Queue": "q"}), 3).unwrap_err();
        assert!(
            e.starts_with("step 3 (PurgeQueue)") && e.contains("Queue"),
            "{e}"
        );
        let e = parse_step(&json!({"Action": "Explode"}), 1).unwrap_err();
        assert!(e.contains("Explode"), "{e}");
        assert!(parse_step(
            &json!({"At": "soon", "Action": "PurgeQueue", "QueueName": "q"}),
            0
        )
        .is_err());
    }
}
