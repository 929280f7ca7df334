//! Scenario files: the resources of a lab under AWS's property names, the behaviour
//! each function runs, initial items and an optional timed script. Checked whole
//! before anything runs: errors name the file, the resource and the property.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::action::{parse_script, ScriptStep};
use crate::apigateway::ApiConfig;
use crate::dynamodb::StreamViewType;
use crate::lambda::FunctionConfig;
use crate::sqs::{queue_name_from_arn, QueueSettings};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct KeySchemaElement {
    pub attribute_name: String,
    pub key_type: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct StreamSpecification {
    pub stream_enabled: bool,
    #[serde(default)]
    pub stream_view_type: Option<StreamViewType>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct TableConfig {
    pub table_name: String,
    pub key_schema: Vec<KeySchemaElement>,
    #[serde(default)]
    pub stream_specification: Option<StreamSpecification>,
    /// Items present at the start, as plain JSON.
    #[serde(default)]
    pub items: Vec<Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct ScalingConfig {
    pub maximum_concurrency: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct OnFailureConfig {
    pub on_failure: crate::lambda::Destination,
}

/// An event source mapping: an SQS queue or a DynamoDB stream feeding a function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct EventSourceMappingConfig {
    pub function_name: String,
    /// A queue or table ARN, or just its name.
    pub event_source_arn: String,
    #[serde(default)]
    pub batch_size: Option<u32>,
    #[serde(default)]
    pub maximum_batching_window_in_seconds: u64,
    #[serde(default)]
    pub function_response_types: Vec<String>,
    #[serde(default)]
    pub scaling_config: Option<ScalingConfig>,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Streams: TRIM_HORIZON or LATEST.
    #[serde(default)]
    pub starting_position: Option<String>,
    /// Streams: -1 (the default) retries until the records expire.
    #[serde(default)]
    pub maximum_retry_attempts: Option<i64>,
    #[serde(default)]
    pub bisect_batch_on_function_error: bool,
    #[serde(default)]
    pub destination_config: Option<OnFailureConfig>,
}

fn yes() -> bool {
    true
}

impl EventSourceMappingConfig {
    /// The queue or table name the ARN points at.
    pub fn source_name(&self) -> &str {
        let a = self.event_source_arn.as_str();
        if let Some(rest) = a.strip_prefix("arn:aws:dynamodb:") {
            // arn:aws:dynamodb:region:account:table/NAME[/stream/LABEL]
            return rest
                .split("table/")
                .nth(1)
                .and_then(|t| t.split('/').next())
                .unwrap_or(a);
        }
        queue_name_from_arn(a)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct ScenarioFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Which lab it reproduces (a seed file name), for the picker.
    #[serde(default)]
    pub lab: String,
    #[serde(default)]
    pub queues: Vec<Value>,
    #[serde(default)]
    pub tables: Vec<Value>,
    #[serde(default)]
    pub functions: Vec<Value>,
    #[serde(default)]
    pub event_source_mappings: Vec<Value>,
    #[serde(default)]
    pub apis: Vec<Value>,
    #[serde(default)]
    pub script: Value,
}

/// A scenario, parsed and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub lab: String,
    pub queues: Vec<QueueSettings>,
    pub tables: Vec<TableConfig>,
    pub functions: Vec<FunctionConfig>,
    pub mappings: Vec<EventSourceMappingConfig>,
    pub apis: Vec<ApiConfig>,
    pub script: Vec<ScriptStep>,
}

fn resource<T: for<'de> Deserialize<'de>>(
    file: &str,
    kind: &str,
    name_key: &str,
    v: &Value,
) -> Result<T, String> {
    let name = v.get(name_key).and_then(Value::as_str).unwrap_or("?");
    serde_json::from_value(v.clone()).map_err(|e| {
        format!(
            "{file}: {kind} \"{name}\": {}",
            property_error(&e.to_string())
        )
    })
}

/// serde says "unknown field `X`, expected one of …"; a learner reads "property".
fn property_error(e: &str) -> String {
    e.replace("unknown field", "unknown property")
        .replace("missing field", "missing property")
}

impl Scenario {
    /// Parses scenario JSON. `file` names the source in every error.
    pub fn parse(file: &str, text: &str) -> Result<Scenario, String> {
        let raw: ScenarioFile = serde_json::from_str(text)
            .map_err(|e| format!("{file}: {}", property_error(&e.to_string())))?;
        let queues: Vec<QueueSettings> = raw
            .queues
            .iter()
            .map(|v| resource(file, "queue", "QueueName", v))
            .collect::<Result<_, _>>()?;
        let tables: Vec<TableConfig> = raw
            .tables
            .iter()
            .map(|v| resource(file, "table", "TableName", v))
            .collect::<Result<_, _>>()?;
        let functions: Vec<FunctionConfig> = raw
            .functions
            .iter()
            .map(|v| resource(file, "function", "FunctionName", v))
            .collect::<Result<_, _>>()?;
        let mappings: Vec<EventSourceMappingConfig> = raw
            .event_source_mappings
            .iter()
            .map(|v| resource(file, "event source mapping for", "FunctionName", v))
            .collect::<Result<_, _>>()?;
        let apis: Vec<ApiConfig> = raw
            .apis
            .iter()
            .map(|v| resource(file, "API", "Name", v))
            .collect::<Result<_, _>>()?;
        let script = if raw.script.is_null() {
            Vec::new()
        } else {
            parse_script(&raw.script).map_err(|e| format!("{file}: Script: {e}"))?
        };
        let s = Scenario {
            name: raw.name,
            description: raw.description,
            lab: raw.lab,
            queues,
            tables,
            functions,
            mappings,
            apis,
            script,
        };
        s.check(file)?;
        Ok(s)
    }

    /// Ranges, unique names and references between resources.
    fn check(&self, file: &str) -> Result<(), String> {
        let mut queue_names = BTreeSet::new();
        for q in &self.queues {
            q.validate()
                .map_err(|e| format!("{file}: queue \"{}\": {e}", q.queue_name))?;
            if !queue_names.insert(q.queue_name.as_str()) {
                return Err(format!(
                    "{file}: queue \"{}\" is declared twice",
                    q.queue_name
                ));
            }
        }
        for q in &self.queues {
            if let Some(dlq) = q.dead_letter_queue_name() {
                let Some(target) = self.queues.iter().find(|t| t.queue_name == dlq) else {
                    return Err(format!(
                        "{file}: queue \"{}\": RedrivePolicy.deadLetterTargetArn names queue \"{dlq}\", which is not declared",
                        q.queue_name
                    ));
                };
                crate::sqs::check_redrive_allowed(&q.queue_name, target)
                    .map_err(|e| format!("{file}: queue \"{}\": {e}", q.queue_name))?;
                if target.fifo_queue != q.fifo_queue {
                    return Err(format!(
                        "{file}: queue \"{}\": RedrivePolicy.deadLetterTargetArn: a FIFO queue needs a FIFO dead-letter queue and a standard queue a standard one",
                        q.queue_name
                    ));
                }
            }
        }
        let mut table_names = BTreeSet::new();
        for t in &self.tables {
            let hash = t.key_schema.iter().filter(|k| k.key_type == "HASH").count();
            let range = t
                .key_schema
                .iter()
                .filter(|k| k.key_type == "RANGE")
                .count();
            if hash != 1 || range > 1 || hash + range != t.key_schema.len() {
                return Err(format!(
                    "{file}: table \"{}\": KeySchema needs exactly one HASH key and at most one RANGE key",
                    t.table_name
                ));
            }
            if let Some(s) = &t.stream_specification {
                if s.stream_enabled && s.stream_view_type.is_none() {
                    return Err(format!("{file}: table \"{}\": StreamSpecification.StreamViewType is required when StreamEnabled is true", t.table_name));
                }
            }
            if !table_names.insert(t.table_name.as_str()) {
                return Err(format!(
                    "{file}: table \"{}\" is declared twice",
                    t.table_name
                ));
            }
            for (i, item) in t.items.iter().enumerate() {
                if !item.is_object() {
                    return Err(format!(
                        "{file}: table \"{}\": Items[{i}] must be an object",
                        t.table_name
                    ));
                }
            }
        }
        let mut function_names = BTreeSet::new();
        for f in &self.functions {
            f.validate()
                .map_err(|e| format!("{file}: function \"{}\": {e}", f.function_name))?;
            if !function_names.insert(f.function_name.as_str()) {
                return Err(format!(
                    "{file}: function \"{}\" is declared twice",
                    f.function_name
                ));
            }
            let (table, queue) = f.behavior.references();
            if let Some(t) = table.filter(|t| !table_names.contains(t)) {
                return Err(format!("{file}: function \"{}\": Behavior.TableName names table \"{t}\", which is not declared", f.function_name));
            }
            if let Some(q) = queue.filter(|q| !queue_names.contains(q)) {
                return Err(format!("{file}: function \"{}\": Behavior.QueueName names queue \"{q}\", which is not declared", f.function_name));
            }
            let dests = [
                (
                    "DeadLetterConfig.TargetArn",
                    f.dead_letter_config.as_ref().map(|d| d.target_arn.as_str()),
                ),
                (
                    "EventInvokeConfig.DestinationConfig.OnSuccess",
                    f.event_invoke_config
                        .destination_config
                        .on_success
                        .as_ref()
                        .map(|d| d.destination.as_str()),
                ),
                (
                    "EventInvokeConfig.DestinationConfig.OnFailure",
                    f.event_invoke_config
                        .destination_config
                        .on_failure
                        .as_ref()
                        .map(|d| d.destination.as_str()),
                ),
            ];
            for (prop, dest) in dests {
                if let Some(d) = dest {
                    if !queue_names.contains(queue_name_from_arn(d)) {
                        return Err(format!("{file}: function \"{}\": {prop} names queue \"{d}\", which is not declared", f.function_name));
                    }
                }
            }
        }
        for m in &self.mappings {
            let who = format!("{file}: event source mapping for \"{}\"", m.function_name);
            if !function_names.contains(m.function_name.as_str()) {
                return Err(format!(
                    "{who}: FunctionName names a function that is not declared"
                ));
            }
            let src = m.source_name();
            if let Some(q) = self.queues.iter().find(|q| q.queue_name == src) {
                let max = if q.fifo_queue {
                    crate::limits::lambda::SQS_FIFO_BATCH_SIZE_MAX
                } else {
                    crate::limits::lambda::SQS_BATCH_SIZE_MAX
                };
                let b = m
                    .batch_size
                    .unwrap_or(crate::limits::lambda::SQS_BATCH_SIZE_DEFAULT);
                if !(1..=max).contains(&b) {
                    return Err(format!("{who}: BatchSize {b} is outside 1 to {max}"));
                }
                if b > 10 && m.maximum_batching_window_in_seconds < 1 {
                    return Err(format!("{who}: BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1"));
                }
            } else if let Some(t) = self.tables.iter().find(|t| t.table_name == src) {
                if !t
                    .stream_specification
                    .as_ref()
                    .is_some_and(|s| s.stream_enabled)
                {
                    return Err(format!("{who}: EventSourceArn: table \"{src}\" has no stream enabled (StreamSpecification)"));
                }
                let b = m
                    .batch_size
                    .unwrap_or(crate::limits::lambda::STREAM_BATCH_SIZE_DEFAULT);
                if !(1..=10_000).contains(&b) {
                    return Err(format!("{who}: BatchSize {b} is outside 1 to 10000"));
                }
                if let Some(d) = &m.destination_config {
                    if !queue_names.contains(queue_name_from_arn(&d.on_failure.destination)) {
                        return Err(format!(
                            "{who}: DestinationConfig.OnFailure names a queue that is not declared"
                        ));
                    }
                }
            } else {
                return Err(format!("{who}: EventSourceArn names \"{src}\", which is neither a declared queue nor a table"));
            }
            if m.maximum_batching_window_in_seconds > crate::limits::lambda::BATCHING_WINDOW_MAX_S {
                return Err(format!(
                    "{who}: MaximumBatchingWindowInSeconds is outside 0 to 300"
                ));
            }
            if let Some(s) = &m.scaling_config {
                if !(crate::limits::lambda::MAXIMUM_CONCURRENCY_MIN
                    ..=crate::limits::lambda::SQS_SCALING_MAX)
                    .contains(&s.maximum_concurrency)
                {
                    return Err(format!(
                        "{who}: ScalingConfig.MaximumConcurrency is outside 2 to 1000"
                    ));
                }
            }
            for t in &m.function_response_types {
                if t != "ReportBatchItemFailures" {
                    return Err(format!("{who}: FunctionResponseTypes: unknown value \"{t}\" (only ReportBatchItemFailures)"));
                }
            }
        }
        for a in &self.apis {
            for r in &a.routes {
                if !function_names.contains(r.function_name.as_str()) {
                    return Err(format!("{file}: API \"{}\": route \"{}\" names function \"{}\", which is not declared", a.name, r.route_key, r.function_name));
                }
                let method = r.route_key.split(' ').next().unwrap_or("");
                if !["GET", "POST", "PUT", "PATCH", "DELETE", "ANY"].contains(&method)
                    || !r.route_key.contains(" /")
                {
                    return Err(format!(
                        "{file}: API \"{}\": RouteKey \"{}\" must look like \"POST /orders\"",
                        a.name, r.route_key
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The scenarios shipped with the product, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "lab004-orders",
        include_str!("../../../scenarios/lab004-orders.json"),
    ),
    (
        "sqs-fifo-pedidos",
        include_str!("../../../scenarios/sqs-fifo-pedidos.json"),
    ),
];

/// A built-in scenario by id.
pub fn builtin(id: &str) -> Option<Result<Scenario, String>> {
    BUILTIN
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(i, text)| Scenario::parse(&format!("scenarios/{i}.json"), text))
}
