//! Lambda functions (their behaviour from `Metadata: EventLab: Behavior`, or the
//! generic one that logs and succeeds), event source mappings and
//! EventInvokeConfig.

use serde_json::{json, Map, Value};

use super::props::{check, failed, found, last_segment, Spec, K};
use super::{BehaviourSource, Build, Resolved};
use crate::services::de::FromJson;

const FUNCTION: Spec = Spec {
    props: &[
        ("FunctionName", K::Str),
        ("Runtime", K::Str),
        ("Timeout", K::Num),
        ("MemorySize", K::Num),
        ("ReservedConcurrentExecutions", K::Num),
        ("Role", K::Str),
        ("DeadLetterConfig", K::Obj),
        ("Code", K::Skip),
        ("Handler", K::Str),
        ("Description", K::Skip),
        ("Environment", K::Obj),
        ("Architectures", K::Skip),
        ("Layers", K::Skip),
        ("LoggingConfig", K::Skip),
        ("TracingConfig", K::Skip),
        ("VpcConfig", K::Skip),
        ("KmsKeyArn", K::Skip),
        ("EphemeralStorage", K::Skip),
        ("PackageType", K::Skip),
        ("ImageConfig", K::Skip),
        ("SnapStartConfig", K::Skip),
        ("RuntimeManagementConfig", K::Skip),
        ("FileSystemConfigs", K::Skip),
        ("CodeSigningConfigArn", K::Skip),
        ("RecursiveLoop", K::Skip),
        ("Tags", K::Skip),
    ],
    required: &["Code", "Role"],
};

/// The metadata key that names one of EventLab's behaviours for a function.
pub const METADATA_KEY: &str = "EventLab";

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html>
pub fn function(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let mut f = check(&r.id, &r.props, &FUNCTION)?;
    f.insert("FunctionName".into(), Value::String(r.name.clone()));
    if let Some(role) = f.get("Role").and_then(Value::as_str) {
        let role = crate::services::iam::role_name_from(role).to_string();
        f.insert("Role".into(), Value::String(role));
    }
    if let Some(env) = f.remove("Environment") {
        f.insert("Environment".into(), environment(&r.id, &env)?);
    }
    let (behavior, source) = behaviour(r)?;
    f.insert("Behavior".into(), behavior);
    b.behaviours.push((r.name.clone(), source));
    b.functions.push(Value::Object(f));
    Ok(())
}

/// `Environment: {Variables: {KEY: value}}`, each value as the text the function
/// reads (CloudFormation turns a YAML number or boolean into text; a Ref is resolved
/// by now: a table's name, a queue's URL).
fn environment(id: &str, env: &Value) -> Result<Value, String> {
    let mut variables = Map::new();
    let listed = env.get("Variables").and_then(Value::as_object);
    for (key, value) in listed.into_iter().flatten() {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => {
                return Err(failed(
                    id,
                    format!(
                        "#/Environment/Variables/{key}: expected type: String, found: {}",
                        found(value)
                    ),
                ))
            }
        };
        variables.insert(key.clone(), Value::String(text));
    }
    Ok(json!({ "Variables": variables }))
}

/// `Metadata: {EventLab: {Behavior: {Type: charge-payment, …}}}`, checked here so a
/// mistake names the resource; without it, the generic behaviour.
fn behaviour(r: &Resolved) -> Result<(Value, BehaviourSource), String> {
    let Some(b) = r.metadata.get(METADATA_KEY).and_then(|m| m.get("Behavior")) else {
        return Ok((
            json!({ "Type": "log-and-succeed" }),
            BehaviourSource::Generic,
        ));
    };
    crate::lambda::Behavior::from_json(b).map_err(|e| {
        format!(
            "Template error: [/Resources/{}/Metadata/{METADATA_KEY}/Behavior] {e}",
            r.id
        )
    })?;
    Ok((b.clone(), BehaviourSource::Metadata))
}

const MAPPING: Spec = Spec {
    props: &[
        ("FunctionName", K::Str),
        ("EventSourceArn", K::Str),
        ("BatchSize", K::Num),
        ("MaximumBatchingWindowInSeconds", K::Num),
        ("FunctionResponseTypes", K::List),
        ("ScalingConfig", K::Obj),
        ("Enabled", K::Bool),
        ("StartingPosition", K::Str),
        ("MaximumRetryAttempts", K::Num),
        ("BisectBatchOnFunctionError", K::Bool),
        ("DestinationConfig", K::Obj),
        ("FilterCriteria", K::Obj),
        ("MaximumRecordAgeInSeconds", K::Skip),
        ("ParallelizationFactor", K::Skip),
        ("TumblingWindowInSeconds", K::Skip),
        ("StartingPositionTimestamp", K::Skip),
        ("MetricsConfig", K::Skip),
        ("KmsKeyArn", K::Skip),
        ("Tags", K::Skip),
    ],
    required: &["FunctionName"],
};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html>
pub fn mapping(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let mut m = check(&r.id, &r.props, &MAPPING)?;
    let Some(source) = m
        .get("EventSourceArn")
        .and_then(Value::as_str)
        .map(String::from)
    else {
        b.not_simulated(
            r,
            "it has no EventSourceArn (Kafka and MQ sources are not simulated)",
        );
        return Ok(());
    };
    // `!Ref` of a queue is its URL (of a table, its name), which Lambda's EventSourceArn
    // pattern refuses: the stack fails (the RedrivePolicy and a rule's Targets say the
    // same of a URL).
    if !source.starts_with("arn:") {
        return Err(failed(
            &r.id,
            format!(
                "#/EventSourceArn: failed validation constraint for keyword [pattern]{}",
                crate::scenario::check::queue_url_hint(&source)
            ),
        ));
    }
    if !(source.contains(":sqs:") || source.contains(":dynamodb:")) {
        b.not_simulated(
            r,
            "its source is neither an SQS queue nor a DynamoDB stream",
        );
        return Ok(());
    }
    // Stream-only parameters on a queue: Lambda refuses the mapping, so the stack
    // fails (the scenario check says the same of a scenario's mapping).
    if source.contains(":sqs:") {
        for (property, _, _) in crate::scenario::check::STREAM_ONLY_ON_SQS {
            // BisectBatchOnFunctionError: false asks for nothing.
            let set = match m.get(property) {
                Some(Value::Bool(b)) => *b,
                _ => r.props.contains_key(property),
            };
            if set {
                let e = crate::scenario::check::stream_only_on_sqs(property).unwrap_or_default();
                return Err(failed(&r.id, format!("#/{property}: {e}")));
            }
        }
    }
    // Read and left out: said in the notes (the fidelity check found them dropped
    // without a word).
    for (property, instead) in [
        (
            "MaximumRecordAgeInSeconds",
            "records are retried until MaximumRetryAttempts or the stream's 24-hour retention",
        ),
        ("ParallelizationFactor", "one batch per shard at a time"),
        ("TumblingWindowInSeconds", "no tumbling windows"),
    ] {
        if r.props.contains_key(property) {
            b.notes
                .push(format!("{}: {property} is not simulated: {instead}", r.id));
        }
    }
    if let Some(name) = m.get("FunctionName").and_then(Value::as_str) {
        m.insert("FunctionName".into(), Value::String(last_segment(name)));
    }
    b.mappings.push(Value::Object(m));
    Ok(())
}

const INVOKE_CONFIG: Spec = Spec {
    props: &[
        ("FunctionName", K::Str),
        ("Qualifier", K::Str),
        ("MaximumRetryAttempts", K::Num),
        ("MaximumEventAgeInSeconds", K::Num),
        ("DestinationConfig", K::Obj),
    ],
    required: &["FunctionName", "Qualifier"],
};

/// Folded into the function's `EventInvokeConfig`.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventinvokeconfig.html>
pub fn invoke_config(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let mut c = check(&r.id, &r.props, &INVOKE_CONFIG)?;
    let name = last_segment(
        c.remove("FunctionName")
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
            .as_str(),
    );
    c.remove("Qualifier");
    let Some(f) = b
        .functions
        .iter_mut()
        .find(|f| f["FunctionName"] == name.as_str())
    else {
        return Err(failed(
            &r.id,
            format!("#/FunctionName: function {name} is not declared in this template"),
        ));
    };
    let mut config = Map::new();
    for (k, v) in c {
        config.insert(k, v);
    }
    f["EventInvokeConfig"] = Value::Object(config);
    Ok(())
}
