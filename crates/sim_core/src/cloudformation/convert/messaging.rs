//! SQS queues, SNS topics and subscriptions, EventBridge buses, rules and Pipes.
//! Property names are CloudFormation's, which the scenario file shares.

use serde_json::{json, Map, Value};

use super::props::{check, failed, json_or_text, last_segment, member, Spec, K};
use super::{Build, Resolved};

const QUEUE: Spec = Spec {
    props: &[
        ("QueueName", K::Str),
        ("VisibilityTimeout", K::Num),
        ("DelaySeconds", K::Num),
        ("MessageRetentionPeriod", K::Num),
        ("MaximumMessageSize", K::Num),
        ("ReceiveMessageWaitTimeSeconds", K::Num),
        ("RedrivePolicy", K::Any),
        ("RedriveAllowPolicy", K::Any),
        ("FifoQueue", K::Bool),
        ("ContentBasedDeduplication", K::Bool),
        ("DeduplicationScope", K::Skip),
        ("FifoThroughputLimit", K::Skip),
        ("KmsMasterKeyId", K::Skip),
        ("KmsDataKeyReusePeriodSeconds", K::Skip),
        ("SqsManagedSseEnabled", K::Skip),
        ("Tags", K::Skip),
    ],
    required: &[],
};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html>
pub fn queue(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let mut q = check(&r.id, &r.props, &QUEUE)?;
    q.insert("QueueName".into(), Value::String(r.name.clone()));
    if let Some(v) = q.get("RedrivePolicy").cloned() {
        let mut p = json_or_text(&r.id, "RedrivePolicy", &v)?;
        if let Some(n) = member(&r.id, &p, "RedrivePolicy", "maxReceiveCount", K::Num)? {
            p["maxReceiveCount"] = n;
        }
        q.insert("RedrivePolicy".into(), p);
    }
    if let Some(v) = q.get("RedriveAllowPolicy").cloned() {
        q.insert(
            "RedriveAllowPolicy".into(),
            json_or_text(&r.id, "RedriveAllowPolicy", &v)?,
        );
    }
    b.queues.push(Value::Object(q));
    Ok(())
}

const TOPIC: Spec = Spec {
    props: &[
        ("TopicName", K::Str),
        ("FifoTopic", K::Bool),
        ("ContentBasedDeduplication", K::Bool),
        ("Subscription", K::List),
        ("DisplayName", K::Skip),
        ("KmsMasterKeyId", K::Skip),
        ("Tags", K::Skip),
        ("ArchivePolicy", K::Skip),
        ("SignatureVersion", K::Skip),
        ("TracingConfig", K::Skip),
        ("DataProtectionPolicy", K::Skip),
        ("DeliveryStatusLogging", K::Skip),
        ("FifoThroughputScope", K::Skip),
    ],
    required: &[],
};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html>
pub fn topic(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let mut t = check(&r.id, &r.props, &TOPIC)?;
    t.insert("TopicName".into(), Value::String(r.name.clone()));
    let subs = t
        .remove("Subscription")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (i, s) in subs.iter().enumerate() {
        let path = format!("Subscription/{i}");
        let protocol = member(&r.id, s, &path, "Protocol", K::Str)?;
        let endpoint = member(&r.id, s, &path, "Endpoint", K::Str)?;
        let (Some(p), Some(e)) = (protocol, endpoint) else {
            return Err(failed(
                &r.id,
                format!("#/{path}: required key [Protocol, Endpoint] not found"),
            ));
        };
        out.push(json!({ "Protocol": p, "Endpoint": endpoint_name(&p, &e) }));
    }
    t.insert("Subscriptions".into(), Value::Array(out));
    b.topics.push(Value::Object(t));
    Ok(())
}

/// A queue or function endpoint as the scenario names it (an ARN is fine too).
fn endpoint_name(protocol: &Value, endpoint: &Value) -> Value {
    match (protocol.as_str(), endpoint.as_str()) {
        (Some("sqs" | "lambda"), Some(e)) => Value::String(e.to_string()),
        _ => endpoint.clone(),
    }
}

const SUBSCRIPTION: Spec = Spec {
    props: &[
        ("TopicArn", K::Str),
        ("Protocol", K::Str),
        ("Endpoint", K::Str),
        ("RawMessageDelivery", K::Bool),
        ("FilterPolicy", K::Any),
        ("FilterPolicyScope", K::Str),
        ("RedrivePolicy", K::Any),
        ("Region", K::Skip),
        ("DeliveryPolicy", K::Skip),
        ("SubscriptionRoleArn", K::Skip),
        ("ReplayPolicy", K::Skip),
    ],
    required: &["TopicArn", "Protocol"],
};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-subscription.html>
pub fn subscription(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let s = check(&r.id, &r.props, &SUBSCRIPTION)?;
    let topic_name = last_segment(s["TopicArn"].as_str().unwrap_or_default());
    let mut sub = Map::new();
    sub.insert("Protocol".into(), s["Protocol"].clone());
    sub.insert(
        "Endpoint".into(),
        s.get("Endpoint")
            .cloned()
            .unwrap_or(Value::String(String::new())),
    );
    for k in ["RawMessageDelivery", "FilterPolicyScope"] {
        if let Some(v) = s.get(k) {
            sub.insert(k.into(), v.clone());
        }
    }
    if let Some(v) = s.get("FilterPolicy") {
        sub.insert(
            "FilterPolicy".into(),
            json_or_text(&r.id, "FilterPolicy", v)?,
        );
    }
    if let Some(v) = s.get("RedrivePolicy") {
        let p = json_or_text(&r.id, "RedrivePolicy", v)?;
        if let Some(dlq) = p.get("deadLetterTargetArn") {
            sub.insert("DeadLetterQueue".into(), dlq.clone());
        }
    }
    let Some(topic) = b
        .topics
        .iter_mut()
        .find(|t| t["TopicName"] == topic_name.as_str())
    else {
        return Err(failed(
            &r.id,
            format!("#/TopicArn: topic {topic_name} is not declared in this template"),
        ));
    };
    if let Some(Value::Array(subs)) = topic.get_mut("Subscriptions") {
        subs.push(Value::Object(sub));
    }
    Ok(())
}

const BUS: Spec = Spec {
    props: &[
        ("Name", K::Str),
        ("Description", K::Skip),
        ("EventSourceName", K::Skip),
        ("KmsKeyIdentifier", K::Skip),
        ("DeadLetterConfig", K::Skip),
        ("Policy", K::Skip),
        ("LogConfig", K::Skip),
        ("Tags", K::Skip),
    ],
    required: &["Name"],
};

pub fn bus(b: &mut Build, r: &Resolved) -> Result<(), String> {
    check(&r.id, &r.props, &BUS)?;
    b.buses.push(json!({ "Name": r.name }));
    Ok(())
}

const RULE: Spec = Spec {
    props: &[
        ("Name", K::Str),
        ("EventBusName", K::Str),
        ("EventPattern", K::Any),
        ("ScheduleExpression", K::Str),
        ("State", K::Str),
        ("Description", K::Str),
        ("Targets", K::List),
        ("RoleArn", K::Skip),
    ],
    required: &[],
};

const TARGET_KEYS: &[&str] = &[
    "Id",
    "Arn",
    "Input",
    "InputPath",
    "InputTransformer",
    "RetryPolicy",
    "DeadLetterConfig",
    "SqsParameters",
];

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-rule.html>
pub fn rule(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let p = check(&r.id, &r.props, &RULE)?;
    let Some(pattern) = p.get("EventPattern") else {
        let why = if p.contains_key("ScheduleExpression") {
            "a scheduled rule (ScheduleExpression): EventLab has no scheduler"
        } else {
            "it has no EventPattern"
        };
        b.not_simulated(r, why);
        return Ok(());
    };
    let mut rule = Map::new();
    rule.insert("Name".into(), Value::String(r.name.clone()));
    let bus = p
        .get("EventBusName")
        .and_then(Value::as_str)
        .map(last_segment);
    rule.insert(
        "EventBusName".into(),
        Value::String(bus.unwrap_or_else(|| "default".into())),
    );
    rule.insert(
        "EventPattern".into(),
        json_or_text(&r.id, "EventPattern", pattern)?,
    );
    for k in ["State", "Description"] {
        if let Some(v) = p.get(k) {
            rule.insert(k.into(), v.clone());
        }
    }
    let mut targets = Vec::new();
    for (i, t) in p
        .get("Targets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        targets.push(target(&r.id, i, t)?);
    }
    rule.insert("Targets".into(), Value::Array(targets));
    b.rules.push(Value::Object(rule));
    Ok(())
}

fn target(id: &str, i: usize, t: &Value) -> Result<Value, String> {
    let Some(m) = t.as_object() else {
        return Err(failed(
            id,
            format!(
                "#/Targets/{i}: expected type: JSONObject, found: {}",
                super::props::found(t)
            ),
        ));
    };
    let mut out = Map::new();
    for (k, v) in m {
        if k == "RoleArn" {
            continue; // EventBridge's role for cross-account or API targets: not simulated
        }
        if !TARGET_KEYS.contains(&k.as_str()) {
            return Err(failed(
                id,
                format!("#/Targets/{i}: extraneous key [{k}] is not permitted"),
            ));
        }
        out.insert(k.clone(), v.clone());
    }
    if let Some(Value::Object(rp)) = out.get_mut("RetryPolicy") {
        for k in ["MaximumRetryAttempts", "MaximumEventAgeInSeconds"] {
            if let Some(v) = rp.get(k).and_then(|v| super::props::coerce(v, K::Num).ok()) {
                rp.insert(k.into(), v);
            }
        }
    }
    for k in ["Id", "Arn"] {
        if !out.contains_key(k) {
            return Err(failed(
                id,
                format!("#/Targets/{i}: required key [{k}] not found"),
            ));
        }
    }
    Ok(Value::Object(out))
}

const PIPE: Spec = Spec {
    props: &[
        ("Name", K::Str),
        ("Source", K::Str),
        ("SourceParameters", K::Obj),
        ("Enrichment", K::Str),
        ("EnrichmentParameters", K::Skip),
        ("Target", K::Str),
        ("TargetParameters", K::Obj),
        ("DesiredState", K::Str),
        ("Description", K::Skip),
        ("RoleArn", K::Skip),
        ("LogConfiguration", K::Skip),
        ("KmsKeyIdentifier", K::Skip),
        ("Tags", K::Skip),
    ],
    required: &["Source", "Target", "RoleArn"],
};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-pipes-pipe.html>
pub fn pipe(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let mut p = check(&r.id, &r.props, &PIPE)?;
    p.insert("Name".into(), Value::String(r.name.clone()));
    // CloudFormation nests the SQS target's group id; the scenario keeps it flat.
    if let Some(Value::Object(tp)) = p.get_mut("TargetParameters") {
        if let Some(g) = tp
            .remove("SqsQueueParameters")
            .and_then(|s| s.get("MessageGroupId").cloned())
        {
            tp.insert("MessageGroupId".into(), g);
        }
    }
    b.pipes.push(Value::Object(p));
    Ok(())
}
