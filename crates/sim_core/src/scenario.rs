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
    pub event_buses: Vec<Value>,
    #[serde(default)]
    pub rules: Vec<Value>,
    #[serde(default)]
    pub topics: Vec<Value>,
    #[serde(default)]
    pub pipes: Vec<Value>,
    /// PutEvents' size limit per entry (256 KB in the API model; 1 MiB in newer sources).
    #[serde(default)]
    pub put_events_entry_limit_bytes: Option<u64>,
    #[serde(default)]
    pub script: Value,
    #[serde(default)]
    pub console: Value,
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
    pub buses: Vec<crate::eventbridge::EventBusConfig>,
    pub rules: Vec<crate::eventbridge::RuleConfig>,
    pub topics: Vec<crate::sns::TopicConfig>,
    pub pipes: Vec<crate::pipes::PipeConfig>,
    pub put_events_entry_limit_bytes: u64,
    pub script: Vec<ScriptStep>,
    pub console: crate::scenario_console::Console,
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
        let buses = raw
            .event_buses
            .iter()
            .map(|v| resource(file, "event bus", "Name", v))
            .collect::<Result<_, _>>()?;
        let rules = raw
            .rules
            .iter()
            .map(|v| resource(file, "rule", "Name", v))
            .collect::<Result<_, _>>()?;
        let topics = raw
            .topics
            .iter()
            .map(|v| resource(file, "topic", "TopicName", v))
            .collect::<Result<_, _>>()?;
        let pipes = raw
            .pipes
            .iter()
            .map(|v| resource(file, "pipe", "Name", v))
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
            buses,
            rules,
            topics,
            pipes,
            put_events_entry_limit_bytes: raw
                .put_events_entry_limit_bytes
                .unwrap_or(crate::eventbridge::DEFAULT_ENTRY_LIMIT_BYTES),
            script,
            console: crate::scenario_console::Console::parse(file, &raw.console)?,
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
        self.check_events(file, &queue_names, &function_names)?;
        Ok(())
    }
}

impl Scenario {
    /// A scenario with no resources at all.
    pub fn empty() -> Scenario {
        Scenario {
            name: "empty".into(),
            description: String::new(),
            lab: String::new(),
            queues: Vec::new(),
            tables: Vec::new(),
            functions: Vec::new(),
            mappings: Vec::new(),
            apis: Vec::new(),
            buses: Vec::new(),
            rules: Vec::new(),
            topics: Vec::new(),
            pipes: Vec::new(),
            put_events_entry_limit_bytes: crate::eventbridge::DEFAULT_ENTRY_LIMIT_BYTES,
            script: Vec::new(),
            console: Default::default(),
        }
    }

    /// What a target, subscription or pipe endpoint names: a full ARN, or a bare name
    /// that must be a declared queue, function, topic or bus.
    pub fn resolve_target(
        &self,
        arn_or_name: &str,
    ) -> Result<crate::eventbridge::TargetKind, String> {
        use crate::eventbridge::TargetKind;
        if let Some(k) = TargetKind::from_arn(arn_or_name) {
            return Ok(k);
        }
        let n = arn_or_name;
        let mut found = Vec::new();
        if self.queues.iter().any(|q| q.queue_name == n) {
            found.push(TargetKind::Queue(n.into()));
        }
        if self.functions.iter().any(|f| f.function_name == n) {
            found.push(TargetKind::Function(n.into()));
        }
        if self.topics.iter().any(|t| t.topic_name == n) {
            found.push(TargetKind::Topic(n.into()));
        }
        if n == "default" || self.buses.iter().any(|b| b.name == n) {
            found.push(TargetKind::Bus(n.into()));
        }
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(format!("\"{n}\" is neither an ARN nor the name of a declared queue, function, topic or event bus")),
            _ => Err(format!("\"{n}\" names more than one resource: use its ARN")),
        }
    }

    fn check_events(
        &self,
        file: &str,
        queue_names: &BTreeSet<&str>,
        function_names: &BTreeSet<&str>,
    ) -> Result<(), String> {
        use crate::eventbridge::{EventPattern, TargetInput, TargetKind, MAX_TARGETS_PER_RULE};
        let mut buses = BTreeSet::from(["default"]);
        for b in &self.buses {
            if b.name == "default" || !buses.insert(b.name.as_str()) {
                return Err(format!(
                    "{file}: event bus \"{}\" is declared twice (the default bus always exists)",
                    b.name
                ));
            }
        }
        let mut rule_names = BTreeSet::new();
        for r in &self.rules {
            let who = format!("{file}: rule \"{}\"", r.name);
            if !buses.contains(r.event_bus_name.as_str()) {
                return Err(format!(
                    "{who}: EventBusName \"{}\" is not declared in EventBuses",
                    r.event_bus_name
                ));
            }
            if !rule_names.insert((r.event_bus_name.as_str(), r.name.as_str())) {
                return Err(format!(
                    "{who} is declared twice on bus {}",
                    r.event_bus_name
                ));
            }
            if r.state != "ENABLED" && r.state != "DISABLED" {
                return Err(format!("{who}: State must be ENABLED or DISABLED"));
            }
            let pattern = match &r.event_pattern {
                Value::String(text) => EventPattern::parse(text),
                v => EventPattern::from_json(v),
            };
            pattern.map_err(|e| format!("{who}: EventPattern: {e}"))?;
            if r.targets.len() > MAX_TARGETS_PER_RULE {
                return Err(format!(
                    "{who}: {} targets; a rule has at most {MAX_TARGETS_PER_RULE}",
                    r.targets.len()
                ));
            }
            let mut ids = BTreeSet::new();
            for t in &r.targets {
                let tw = format!("{who}: target \"{}\"", t.id);
                if !ids.insert(t.id.as_str()) {
                    return Err(format!("{tw} is declared twice"));
                }
                let kind = self
                    .resolve_target(&t.arn)
                    .map_err(|e| format!("{tw}: Arn: {e}"))?;
                TargetInput::from_parts(
                    t.input.as_deref(),
                    t.input_path.as_deref(),
                    t.input_transformer.as_ref(),
                    "aws.events.",
                )
                .map_err(|e| format!("{tw}: {e}"))?;
                if let TargetKind::Queue(q) = &kind {
                    if q.ends_with(".fifo") && t.sqs_parameters.is_none() {
                        return Err(format!(
                            "{tw}: a FIFO queue target needs SqsParameters.MessageGroupId"
                        ));
                    }
                }
                if let Some(rp) = &t.retry_policy {
                    if rp.maximum_retry_attempts > 185
                        || !(60..=86_400).contains(&rp.maximum_event_age_in_seconds)
                    {
                        return Err(format!("{tw}: RetryPolicy: MaximumRetryAttempts is 0 to 185 and MaximumEventAgeInSeconds 60 to 86400"));
                    }
                }
                if let Some(d) = &t.dead_letter_config {
                    let name = crate::sqs::queue_name_from_arn(&d.arn);
                    if !queue_names.contains(name) || name.ends_with(".fifo") {
                        return Err(format!(
                            "{tw}: DeadLetterConfig.Arn must name a declared standard SQS queue"
                        ));
                    }
                }
            }
        }
        for f in &self.functions {
            use crate::lambda::Behavior;
            let (bus, topic) = match &f.behavior {
                Behavior::ValidaPedido {
                    event_bus_name,
                    invalid_topic_name,
                    ..
                } => (Some(event_bus_name), invalid_topic_name.as_ref()),
                Behavior::PublishOrder { event_bus_name, .. } => (Some(event_bus_name), None),
                _ => (None, None),
            };
            if let Some(b) = bus.filter(|b| !buses.contains(b.as_str())) {
                return Err(format!("{file}: function \"{}\": Behavior.EventBusName names bus \"{b}\", which is not declared", f.function_name));
            }
            if let Some(t) = topic.filter(|t| !self.topics.iter().any(|x| &x.topic_name == *t)) {
                return Err(format!("{file}: function \"{}\": Behavior.InvalidTopicName names topic \"{t}\", which is not declared", f.function_name));
            }
        }
        for t in &self.topics {
            let who = format!("{file}: topic \"{}\"", t.topic_name);
            if t.fifo_topic != t.topic_name.ends_with(".fifo") {
                return Err(format!("{who}: a FIFO topic's name ends with .fifo"));
            }
            for sub in &t.subscriptions {
                let sw = format!("{who}: subscription {} {}", sub.protocol, sub.endpoint);
                let name = sub.endpoint.rsplit(':').next().unwrap_or(&sub.endpoint);
                match sub.protocol.as_str() {
                    "sqs" if !queue_names.contains(name) => {
                        return Err(format!("{sw}: Endpoint names a queue that is not declared"))
                    }
                    "lambda" if !function_names.contains(name) => {
                        return Err(format!(
                            "{sw}: Endpoint names a function that is not declared"
                        ))
                    }
                    "email" if !sub.endpoint.contains('@') => {
                        return Err(format!("{sw}: Endpoint must be an e-mail address"))
                    }
                    "sqs" | "lambda" | "email" => {}
                    other => {
                        return Err(format!(
                            "{sw}: Protocol {other} is not simulated (sqs, lambda or email)"
                        ))
                    }
                }
                if let Some(p) = &sub.filter_policy {
                    crate::sns::compile_filter_policy(p).map_err(|e| format!("{sw}: {e}"))?;
                }
                if let Some(scope) = &sub.filter_policy_scope {
                    if scope != "MessageAttributes" && scope != "MessageBody" {
                        return Err(format!(
                            "{sw}: FilterPolicyScope must be MessageAttributes or MessageBody"
                        ));
                    }
                }
            }
        }
        for p in &self.pipes {
            p.check(self, queue_names)
                .map_err(|e| format!("{file}: pipe \"{}\": {e}", p.name))?;
        }
        Ok(())
    }
}

/// The scenarios shipped with the product, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "lab000-pedidos",
        include_str!("../../../scenarios/lab000-pedidos.json"),
    ),
    (
        "lab003-order-events",
        include_str!("../../../scenarios/lab003-order-events.json"),
    ),
    (
        "lab004-orders",
        include_str!("../../../scenarios/lab004-orders.json"),
    ),
    (
        "lab004-pipes",
        include_str!("../../../scenarios/lab004-pipes.json"),
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
