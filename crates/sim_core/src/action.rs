//! What the outside world (a learner, a script, the command line) can do to the
//! simulation. Scripts write these as JSON with an `At` time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::sqs::MessageAttribute;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvocationType {
    RequestResponse,
    Event,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    Throw,
    Timeout,
    Throttle,
    DenyPermission,
    FailFraction,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetFaultKind {
    DenyPermission,
    Throttle,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "Action", deny_unknown_fields, rename_all_fields = "PascalCase")]
pub enum Action {
    /// EventBridge's PutEvents (the console's "Send events").
    PutEvents {
        entries: Vec<crate::eventbridge::PutEventsEntry>,
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
        }
    }
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
    let action: Action = serde_json::from_value(Value::Object(obj))
        .map_err(|e| format!("step {index} ({name}): {e}"))?;
    Ok(ScriptStep { at_ms, action })
}

/// Parses a script: a JSON array of steps.
pub fn parse_script(value: &Value) -> Result<Vec<ScriptStep>, String> {
    let Value::Array(steps) = value else {
        return Err("a script is a JSON array of steps".into());
    };
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| parse_step(s, i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
