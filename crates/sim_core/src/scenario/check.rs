//! Scenario validation: every resource checked whole before anything runs; errors
//! name the file, the resource and the property.

use std::collections::BTreeSet;

use serde_json::Value;

use super::Scenario;
use crate::eventbridge::{EventPattern, TargetKind};
use crate::pipes::PipeConfig;

impl Scenario {
    /// Ranges, unique names and references between resources.
    /// Checks the whole scenario; returns its rules' event patterns, compiled (once).
    pub(super) fn check(&self, file: &str) -> Result<Vec<(Value, EventPattern)>, String> {
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
                        "{file}: queue \"{}\": RedrivePolicy.deadLetterTargetArn names queue \"{dlq}\", which is not declared{}",
                        q.queue_name,
                        queue_url_hint(dlq)
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
            if let Some(d) = t
                .attribute_definitions
                .iter()
                .find(|d| !matches!(d.attribute_type.as_str(), "S" | "N" | "B"))
            {
                return Err(format!(
                    "{file}: table \"{}\": AttributeDefinitions: {} has AttributeType {:?}; it must be S, N or B",
                    t.table_name, d.attribute_name, d.attribute_type
                ));
            }
            let undefined: Vec<&str> = t
                .key_schema
                .iter()
                .map(|k| k.attribute_name.as_str())
                .filter(|k| {
                    !t.attribute_definitions.is_empty()
                        && !t
                            .attribute_definitions
                            .iter()
                            .any(|d| d.attribute_name == *k)
                })
                .collect();
            if !undefined.is_empty() {
                // CreateTable's own words.
                let defined: Vec<&str> = t
                    .attribute_definitions
                    .iter()
                    .map(|d| d.attribute_name.as_str())
                    .collect();
                return Err(format!(
                    "{file}: table \"{}\": One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
                    t.table_name,
                    undefined.join(", "),
                    defined.join(", ")
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
                let stream_only = [
                    ("MaximumRetryAttempts", m.maximum_retry_attempts.is_some()),
                    ("DestinationConfig", m.destination_config.is_some()),
                    (
                        "BisectBatchOnFunctionError",
                        m.bisect_batch_on_function_error,
                    ),
                ];
                if let Some((p, _)) = stream_only.iter().find(|(_, set)| *set) {
                    let e = stream_only_on_sqs(p).unwrap_or_default();
                    return Err(format!("{who}: {e}"));
                }
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
                // "MaximumBatchingWindowInSeconds: Batching window is not supported for
                // FIFO queues" (Lambda parameters for Amazon SQS event source mappings).
                if q.fifo_queue && m.maximum_batching_window_in_seconds > 0 {
                    return Err(format!("{who}: MaximumBatchingWindowInSeconds must be 0: a batching window is not supported for FIFO queues"));
                }
                if b > 10 && m.maximum_batching_window_in_seconds < 1 {
                    return Err(format!("{who}: BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1"));
                }
                self.check_visibility_covers_timeout(&who, q, &m.function_name)?;
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
                // Lambda's parameters for a DynamoDB stream: StartingPosition is
                // required (TRIM_HORIZON or LATEST), MaximumRetryAttempts is -1
                // (until the record expires) to 10,000.
                // https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html
                if !matches!(
                    m.starting_position.as_deref(),
                    Some("TRIM_HORIZON" | "LATEST")
                ) {
                    return Err(format!("{who}: StartingPosition (TRIM_HORIZON or LATEST) is required for a DynamoDB stream"));
                }
                if m.maximum_retry_attempts
                    .is_some_and(|n| !crate::lambda::mapping::STREAM_RETRY_ATTEMPTS.contains(&n))
                {
                    return Err(format!("{who}: MaximumRetryAttempts is -1 (retry until the record expires) to 10000"));
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
            m.filters().map_err(|e| format!("{who}: {e}"))?;
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
        self.check_alarms(file)?;
        self.check_roles(file)?;
        self.check_mapping_roles(file)?;
        self.check_buckets(file)?;
        self.check_destinations(file)?;
        self.check_guide(file)?;
        self.check_events(file, &queue_names, &function_names)
    }

    /// CreateEventSourceMapping refuses a queue whose visibility timeout is shorter than
    /// the function's timeout (InvalidParameterValueException). Lowering the queue's
    /// VisibilityTimeout afterwards is accepted, on AWS as here: the trap stays reachable.
    fn check_visibility_covers_timeout(
        &self,
        who: &str,
        q: &crate::sqs::QueueSettings,
        function_name: &str,
    ) -> Result<(), String> {
        let Some(f) = self
            .functions
            .iter()
            .find(|f| f.function_name == function_name)
        else {
            return Ok(());
        };
        if q.visibility_timeout >= f.timeout {
            return Ok(());
        }
        Err(format!(
            "{who}: InvalidParameterValueException: Invalid request provided: Queue visibility timeout: {} seconds is less than Function timeout: {} seconds",
            q.visibility_timeout, f.timeout
        ))
    }

    /// Alarms as PutMetricAlarm checks them; an alarm on a metric no resource here
    /// publishes is allowed (AWS allows it too: it stays INSUFFICIENT_DATA).
    fn check_alarms(&self, file: &str) -> Result<(), String> {
        let mut names = BTreeSet::new();
        for a in &self.alarms {
            a.validate()
                .map_err(|e| format!("{file}: alarm \"{}\": {e}", a.alarm_name))?;
            if !names.insert(a.alarm_name.as_str()) {
                return Err(format!(
                    "{file}: alarm \"{}\" is declared twice",
                    a.alarm_name
                ));
            }
        }
        Ok(())
    }

    /// Bucket names are unique and valid, each notification names a declared
    /// destination, and S3 would accept the configuration.
    fn check_buckets(&self, file: &str) -> Result<(), String> {
        use crate::services::s3::Destination;
        let mut names = BTreeSet::new();
        for b in &self.buckets {
            let who = format!("{file}: bucket \"{}\"", b.bucket_name);
            if !names.insert(b.bucket_name.as_str()) {
                return Err(format!("{who} is declared twice"));
            }
            for n in &b.notifications {
                let target = n.destination.name();
                let (kind, declared) = match &n.destination {
                    Destination::Queue(_) => {
                        ("queue", self.queues.iter().any(|q| q.queue_name == target))
                    }
                    Destination::Function(_) => (
                        "function",
                        self.functions.iter().any(|f| f.function_name == target),
                    ),
                    Destination::Topic(_) => {
                        ("topic", self.topics.iter().any(|t| t.topic_name == target))
                    }
                };
                if !declared {
                    return Err(format!("{who}: a notification names {kind} \"{target}\", which is not declared (S3 refuses a configuration whose destination does not exist)"));
                }
            }
            if let Some(why) = crate::services::s3::rules::configuration_problem(b) {
                return Err(format!("{who}: {why}"));
            }
        }
        Ok(())
    }

    /// Where Lambda may send records: an asynchronous invocation's destinations are a
    /// queue, a topic, a function or an event bus, a function's dead-letter queue is a
    /// queue or a topic, and a stream trigger's OnFailure is a queue or a topic (Lambda
    /// API, OnFailure and DeadLetterConfig). An S3 bucket, which AWS also takes for
    /// OnFailure, is not simulated, and the error says so.
    fn check_destinations(&self, file: &str) -> Result<(), String> {
        const ASYNC: &[&str] = &["queue", "topic", "function", "event bus"];
        const QUEUE_OR_TOPIC: &[&str] = &["queue", "topic"];
        for f in &self.functions {
            let who = format!("{file}: function \"{}\"", f.function_name);
            let dc = &f.event_invoke_config.destination_config;
            let dests = [
                (
                    "DeadLetterConfig.TargetArn",
                    f.dead_letter_config.as_ref().map(|d| &d.target_arn),
                    QUEUE_OR_TOPIC,
                ),
                (
                    "EventInvokeConfig.DestinationConfig.OnSuccess",
                    dc.on_success.as_ref().map(|d| &d.destination),
                    ASYNC,
                ),
                (
                    "EventInvokeConfig.DestinationConfig.OnFailure",
                    dc.on_failure.as_ref().map(|d| &d.destination),
                    ASYNC,
                ),
            ];
            for (prop, dest, kinds) in dests {
                if let Some(d) = dest {
                    self.check_destination(d, kinds)
                        .map_err(|e| format!("{who}: {prop} {e}"))?;
                }
            }
        }
        for m in &self.mappings {
            if let Some(d) = &m.destination_config {
                self.check_destination(&d.on_failure.destination, QUEUE_OR_TOPIC)
                    .map_err(|e| {
                        format!(
                            "{file}: event source mapping for \"{}\": DestinationConfig.OnFailure {e}",
                            m.function_name
                        )
                    })?;
            }
        }
        Ok(())
    }

    /// "names topic \"t\", which is not declared", or what the property takes.
    fn check_destination(&self, dest: &str, kinds: &[&str]) -> Result<(), String> {
        let takes = match kinds {
            [_, _] => "a queue or a topic",
            _ => "a queue, a topic, a function or an event bus",
        };
        if dest.starts_with("arn:aws:s3:") {
            return Err(format!("names an S3 bucket, which EventLab does not simulate as a destination: name {takes}"));
        }
        let Some(kind) = TargetKind::from_arn(dest) else {
            if dest.starts_with("arn:") {
                return Err(format!("names \"{dest}\", which is not {takes}"));
            }
            // A bare name is a queue's, as it always was here.
            return match self.queues.iter().any(|q| q.queue_name == dest) {
                true => Ok(()),
                false => Err(format!("names queue \"{dest}\", which is not declared")),
            };
        };
        let (what, declared) = match &kind {
            TargetKind::Queue(n) => ("queue", self.queues.iter().any(|q| &q.queue_name == n)),
            TargetKind::Topic(n) => ("topic", self.topics.iter().any(|t| &t.topic_name == n)),
            TargetKind::Function(n) => (
                "function",
                self.functions.iter().any(|f| &f.function_name == n),
            ),
            TargetKind::Bus(n) => (
                "event bus",
                n == "default" || self.buses.iter().any(|b| &b.name == n),
            ),
        };
        if !kinds.contains(&what) {
            let a = if what.starts_with('e') { "an" } else { "a" };
            return Err(format!("names {a} {what} (\"{dest}\"): it takes {takes}"));
        }
        if !declared {
            return Err(format!(
                "names {what} \"{}\", which is not declared",
                kind.name()
            ));
        }
        Ok(())
    }

    /// A guide's checks name resources the scenario declares (a typo would make a
    /// step that can never be done).
    fn check_guide(&self, file: &str) -> Result<(), String> {
        use super::guide::Check;
        let Some(g) = &self.guide else {
            return Ok(());
        };
        fn names(c: &Check, out: &mut Vec<(&'static str, String)>) {
            match c {
                Check::ItemAttribute { table, .. } => out.push(("table", table.clone())),
                Check::QueueMessages { queue, .. } | Check::QueueEmpty { queue } => {
                    out.push(("queue", queue.clone()))
                }
                Check::AlarmState { alarm, .. } => out.push(("alarm", alarm.clone())),
                Check::Fault { function, .. } | Check::LogContains { function, .. } => {
                    out.push(("function", function.clone()))
                }
                Check::RoleAllows { role, .. } => out.push(("role", role.clone())),
                Check::Trace { .. } => {}
                Check::All(cs) | Check::Any(cs) => cs.iter().for_each(|c| names(c, out)),
            }
        }
        for (i, step) in g.steps.iter().enumerate() {
            let mut refs = Vec::new();
            names(&step.check, &mut refs);
            for (kind, name) in refs {
                let declared = match kind {
                    "table" => self.tables.iter().any(|t| t.table_name == name),
                    "queue" => self.queues.iter().any(|q| q.queue_name == name),
                    "alarm" => self.alarms.iter().any(|a| a.alarm_name == name),
                    "role" => self.roles.iter().any(|r| r.role_name == name),
                    _ => self.functions.iter().any(|f| f.function_name == name),
                };
                if !declared {
                    return Err(format!("{file}: Guide.Steps[{i}].Check names {kind} \"{name}\", which is not declared"));
                }
            }
        }
        Ok(())
    }

    /// Role names are unique.
    fn check_roles(&self, file: &str) -> Result<(), String> {
        let mut names = BTreeSet::new();
        for r in &self.roles {
            if !names.insert(r.role_name.as_str()) {
                return Err(format!(
                    "{file}: role \"{}\" is declared twice",
                    r.role_name
                ));
            }
        }
        Ok(())
    }

    fn check_events(
        &self,
        file: &str,
        queue_names: &BTreeSet<&str>,
        function_names: &BTreeSet<&str>,
    ) -> Result<Vec<(Value, EventPattern)>, String> {
        use crate::eventbridge::{TargetInput, TargetKind, MAX_TARGETS_PER_RULE};
        let mut patterns = Vec::with_capacity(self.rules.len());
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
            let pattern = pattern.map_err(|e| format!("{who}: EventPattern: {e}"))?;
            patterns.push((r.event_pattern.clone(), pattern));
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
                    // Target.SqsParameters: "If you specify an SQS FIFO queue as a target,
                    // the queue must have content-based deduplication enabled" (the
                    // EventBridge API Reference): a rule sends no deduplication id.
                    let content_based = || {
                        self.queues
                            .iter()
                            .any(|d| d.queue_name == *q && d.content_based_deduplication)
                    };
                    if q.ends_with(".fifo") && !content_based() {
                        return Err(format!("{tw}: the FIFO queue \"{q}\" must have ContentBasedDeduplication enabled to be a rule's target (EventBridge sends no deduplication id)"));
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
            let (bus, topic) = match f.behavior.as_ref() {
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
                    // Only queues keep a FIFO topic's order: "Attempts to subscribe
                    // customer managed endpoints to SNS FIFO topics result in errors", and
                    // a function is reached through a queue it reads
                    // (https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html).
                    "lambda" if t.fifo_topic => {
                        return Err(format!("{sw}: a FIFO topic delivers only to SQS queues (standard or FIFO); subscribe a queue, and let the queue trigger the function"))
                    }
                    "email" if t.fifo_topic => {
                        return Err(format!("{sw}: a FIFO topic delivers only to SQS queues (standard or FIFO); e-mail needs a standard topic"))
                    }
                    "sqs" | "lambda" | "email" => {}
                    other => {
                        return Err(format!(
                            "{sw}: Protocol {other} is not simulated (sqs, lambda or email)"
                        ))
                    }
                }
                // Raw delivery is for SQS (and Firehose and HTTP/S): a function or an
                // inbox always gets the JSON document.
                if sub.raw_message_delivery && sub.protocol != "sqs" {
                    return Err(format!("{sw}: Invalid parameter: Attributes Reason: Delivery protocol [{}] does not support raw message delivery.", sub.protocol));
                }
                let scope = sub.filter_policy_scope.as_deref();
                if !matches!(scope, None | Some("MessageAttributes" | "MessageBody")) {
                    return Err(format!(
                        "{sw}: FilterPolicyScope must be MessageAttributes or MessageBody"
                    ));
                }
                if let Some(p) = &sub.filter_policy {
                    if scope != Some("MessageBody") && crate::sns::is_nested(p) {
                        return Err(format!("{sw}: Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy (set FilterPolicyScope to MessageBody to filter on the message's JSON)"));
                    }
                    crate::sns::compile_filter_policy(p).map_err(|e| format!("{sw}: {e}"))?;
                }
            }
        }
        for p in &self.pipes {
            self.check_pipe(p, queue_names)
                .map_err(|e| format!("{file}: pipe \"{}\": {e}", p.name))?;
        }
        Ok(patterns)
    }

    fn check_pipe(&self, p: &PipeConfig, queue_names: &BTreeSet<&str>) -> Result<(), String> {
        let source = p.source_queue();
        let is_table = self.tables.iter().any(|t| t.table_name == source);
        if is_table {
            let streaming = self.tables.iter().any(|t| {
                t.table_name == source
                    && t.stream_specification
                        .as_ref()
                        .is_some_and(|s| s.stream_enabled)
            });
            if !streaming {
                return Err(format!(
                    "Source: table \"{source}\" has no stream enabled (StreamSpecification)"
                ));
            }
            match &p.source_parameters.dynamodb_stream_parameters {
                Some(sp) if sp.starting_position == "TRIM_HORIZON" || sp.starting_position == "LATEST" => {}
                _ => return Err("SourceParameters.DynamoDBStreamParameters.StartingPosition (TRIM_HORIZON or LATEST) is required for a DynamoDB stream source".into()),
            }
        } else if !queue_names.contains(source) {
            return Err(format!("Source names \"{source}\", which is neither a declared queue nor a table with a stream"));
        }
        let kind = self
            .resolve_target(&p.target)
            .map_err(|e| format!("Target: {e}"))?;
        if let TargetKind::Queue(q) = &kind {
            if q.ends_with(".fifo") && p.target_parameters.message_group_id.is_none() {
                return Err(
                    "Target: a FIFO queue target needs TargetParameters.MessageGroupId".into(),
                );
            }
        }
        if let Some(e) = &p.enrichment {
            match self.resolve_target(e) {
                Ok(TargetKind::Function(_)) => {}
                _ => return Err(format!("Enrichment \"{e}\" must be a declared function")),
            }
        }
        let b = p.batch_size();
        if !(1..=10_000).contains(&b) {
            return Err(format!(
                "SourceParameters BatchSize {b} is outside 1 to 10000"
            ));
        }
        // "You can't configure a pipe with a larger batch size than the target
        // supports": 10 for an SQS queue, an SNS topic or an event bus (EventBridge
        // User Guide, eb-pipes-batching-concurrency).
        let target_max = match &kind {
            TargetKind::Queue(_) => Some("an SQS queue"),
            TargetKind::Topic(_) => Some("an SNS topic"),
            TargetKind::Bus(_) => Some("an event bus"),
            TargetKind::Function(_) => None,
        };
        if let Some(what) = target_max.filter(|_| b > crate::limits::pipes::BATCHABLE_TARGET_MAX) {
            return Err(format!(
                "SourceParameters BatchSize {b} is more than {what} target takes in one batch ({}): lower it to {} or less",
                crate::limits::pipes::BATCHABLE_TARGET_MAX,
                crate::limits::pipes::BATCHABLE_TARGET_MAX
            ));
        }
        // PipeSourceSqsQueueParameters: "MaximumBatchingWindowInSeconds … Valid Range:
        // Minimum value of 0. Maximum value of 300."
        let window_s = p
            .source_parameters
            .sqs_queue_parameters
            .as_ref()
            .map_or(0, |s| s.maximum_batching_window_in_seconds);
        if window_s > crate::limits::lambda::BATCHING_WINDOW_MAX_S {
            return Err(format!(
                "SourceParameters MaximumBatchingWindowInSeconds {window_s} is outside 0 to 300"
            ));
        }
        if p.desired_state != "RUNNING" && p.desired_state != "STOPPED" {
            return Err("DesiredState must be RUNNING or STOPPED".into());
        }
        p.filters()?;
        p.target_input()?;
        Ok(())
    }
}

/// What to write instead when an ARN was wanted and a queue's URL came: `!Ref` of an
/// AWS::SQS::Queue returns its URL (the English walk's `deadLetterTargetArn: !Ref
/// PaymentsDlqQueue` read as "names queue https://…, which is not declared").
pub(crate) fn queue_url_hint(name: &str) -> &'static str {
    if name.starts_with("https://sqs.") {
        ": that is a queue URL, which !Ref returns for an AWS::SQS::Queue; an ARN is wanted here: use !GetAtt QUEUE.Arn"
    } else {
        ""
    }
}

/// Event source mapping parameters Lambda takes only from a stream (or Kafka) source,
/// never from an SQS queue, each with what does its work for a queue. The
/// CreateEventSourceMapping reference: "The following error handling options are
/// available only for stream sources (DynamoDB and Kinesis): BisectBatchOnFunctionError,
/// DestinationConfig, MaximumRecordAgeInSeconds, MaximumRetryAttempts,
/// ParallelizationFactor"; TumblingWindowInSeconds is "(Kinesis and DynamoDB Streams
/// only)"; the SQS parameter table lists none of them.
/// <https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html>,
/// <https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html>
/// (StartingPosition is not here: the pages call it a stream setting but do not say
/// an SQS mapping refuses it.)
pub(crate) const STREAM_ONLY_ON_SQS: [(&str, &str, &str); 6] = [
    (
        "MaximumRetryAttempts",
        "stream sources (DynamoDB, Kinesis, Kafka)",
        "to stop retrying a message, give the queue a RedrivePolicy with maxReceiveCount and deadLetterTargetArn",
    ),
    (
        "DestinationConfig",
        "stream sources (DynamoDB, Kinesis, Kafka)",
        "to keep the messages that keep failing, give the queue a RedrivePolicy whose deadLetterTargetArn is a dead-letter queue",
    ),
    (
        "BisectBatchOnFunctionError",
        "stream sources (DynamoDB, Kinesis, Kafka)",
        "to retry only the failed messages of a batch, set FunctionResponseTypes [\"ReportBatchItemFailures\"]",
    ),
    (
        "MaximumRecordAgeInSeconds",
        "stream sources (DynamoDB, Kinesis, Kafka)",
        "a message's age is bounded by the queue's MessageRetentionPeriod",
    ),
    (
        "ParallelizationFactor",
        "DynamoDB and Kinesis streams",
        "Lambda scales an SQS mapping's pollers itself; cap them with ScalingConfig.MaximumConcurrency",
    ),
    (
        "TumblingWindowInSeconds",
        "DynamoDB and Kinesis streams",
        "an SQS mapping has no tumbling windows",
    ),
];

/// Our sentence (AWS's exact wording is not documented) for a stream-only
/// parameter set on an SQS queue's mapping: what it applies to, and what to use.
pub(crate) fn stream_only_on_sqs(property: &str) -> Option<String> {
    STREAM_ONLY_ON_SQS
        .iter()
        .find(|(p, _, _)| *p == property)
        .map(|(p, only, instead)| {
            format!("{p} applies only to {only}; Lambda does not accept it for an SQS queue. Remove it: {instead}")
        })
}
