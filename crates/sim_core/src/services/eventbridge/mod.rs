//! EventBridge: buses, rules and their targets, deliveries with retries and DLQs,
//! event patterns (one matcher per bus) and input transformers.

pub mod complexity;
pub mod matcher;
pub mod pattern;
pub mod transform;

use serde_json::Value;

use crate::kernel::time::SimTime;

pub use matcher::{BusMatcher, BusMatchers, Scratch};
pub use pattern::{EventPattern, Explanation, FlatEvent, PatternError};

/// The fields every EventBridge event carries.
pub const ENVELOPE_FIELDS: [&str; 6] = ["id", "account", "source", "time", "region", "detail-type"];

/// Like `aws events test-event-pattern`: parses the pattern (a JSON value, or a string
/// holding the pattern's text) and matches the event. With `envelope`, the event must
/// be a whole EventBridge event.
pub fn test_event_pattern(pattern: &Value, event: &Value, envelope: bool) -> Result<bool, String> {
    let compiled = match pattern {
        Value::String(text) => EventPattern::parse(text),
        other => EventPattern::from_json(other),
    }
    .map_err(|e| e.to_string())?;
    if envelope {
        let missing: Vec<&str> = ENVELOPE_FIELDS
            .iter()
            .copied()
            .filter(|f| event.get(*f).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "Parameter Event is not valid: missing {}",
                missing.join(", ")
            ));
        }
    }
    Ok(compiled.matches(event))
}

use serde::Serialize;

use crate::services::de::{self, read, req, FromJson, Res};

pub use transform::{InputTransformer, TargetInput};

/// PutEvents' limit on a request's entries together (the scenario key keeps AWS's
/// "entry size" name): 1 MB (1 MiB) since January 2026, 256 KB before
/// ("More room to build: serverless services now support payloads up to 1 MB",
/// <https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb>).
/// A scenario may set another (`PutEventsEntryLimitBytes`, e.g. 262144 for the old one).
/// Each entry is measured as [`PutEventsEntry::size`] says.
pub const DEFAULT_ENTRY_LIMIT_BYTES: u64 = 1_048_576;
/// Up to 5 targets per rule.
pub const MAX_TARGETS_PER_RULE: usize = 5;
/// RetryPolicy defaults: 185 attempts over 24 hours.
pub const DEFAULT_MAXIMUM_RETRY_ATTEMPTS: u32 = 185;
pub const DEFAULT_MAXIMUM_EVENT_AGE_S: u64 = 86_400;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventBusConfig {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RetryPolicy {
    pub maximum_retry_attempts: u32,
    pub maximum_event_age_in_seconds: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            maximum_retry_attempts: DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
            maximum_event_age_in_seconds: DEFAULT_MAXIMUM_EVENT_AGE_S,
        }
    }
}

fn default_attempts() -> u32 {
    DEFAULT_MAXIMUM_RETRY_ATTEMPTS
}
fn default_age() -> u64 {
    DEFAULT_MAXIMUM_EVENT_AGE_S
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeadLetterTarget {
    pub arn: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SqsParameters {
    pub message_group_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetConfig {
    pub id: String,
    /// The target's ARN (a queue, function, topic or event bus), or its bare name.
    pub arn: String,
    pub input: Option<String>,
    pub input_path: Option<String>,
    pub input_transformer: Option<InputTransformer>,
    pub retry_policy: Option<RetryPolicy>,
    pub dead_letter_config: Option<DeadLetterTarget>,
    pub sqs_parameters: Option<SqsParameters>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleConfig {
    pub name: String,
    pub event_bus_name: String,
    pub description: String,
    pub event_pattern: Value,
    pub state: String,
    pub targets: Vec<TargetConfig>,
}

impl FromJson for EventBusConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct EventBusConfig", true, "", "Name" name de::string);
        Ok(EventBusConfig {
            name: req(name, "Name")?,
        })
    }
}

impl FromJson for RetryPolicy {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct RetryPolicy", true, "",
            "MaximumRetryAttempts" maximum_retry_attempts de::u32,
            "MaximumEventAgeInSeconds" maximum_event_age_in_seconds de::u64,
        );
        Ok(RetryPolicy {
            maximum_retry_attempts: maximum_retry_attempts.unwrap_or_else(default_attempts),
            maximum_event_age_in_seconds: maximum_event_age_in_seconds.unwrap_or_else(default_age),
        })
    }
}

impl FromJson for DeadLetterTarget {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct DeadLetterTarget", true, "", "Arn" arn de::string);
        Ok(DeadLetterTarget {
            arn: req(arn, "Arn")?,
        })
    }
}

impl FromJson for SqsParameters {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct SqsParameters", true, "", "MessageGroupId" message_group_id de::string);
        Ok(SqsParameters {
            message_group_id: req(message_group_id, "MessageGroupId")?,
        })
    }
}

impl FromJson for TargetConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct TargetConfig", true, "",
            "Id" id de::string,
            "Arn" arn de::string,
            "Input" input de::opt_string,
            "InputPath" input_path de::opt_string,
            "InputTransformer" input_transformer |x| de::opt(x, de::parse),
            "RetryPolicy" retry_policy |x| de::opt(x, de::parse),
            "DeadLetterConfig" dead_letter_config |x| de::opt(x, de::parse),
            "SqsParameters" sqs_parameters |x| de::opt(x, de::parse),
        );
        Ok(TargetConfig {
            id: req(id, "Id")?,
            arn: req(arn, "Arn")?,
            input: input.flatten(),
            input_path: input_path.flatten(),
            input_transformer: input_transformer.flatten(),
            retry_policy: retry_policy.flatten(),
            dead_letter_config: dead_letter_config.flatten(),
            sqs_parameters: sqs_parameters.flatten(),
        })
    }
}

impl FromJson for RuleConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct RuleConfig", true, "",
            "Name" name de::string,
            "EventBusName" event_bus_name de::string,
            "Description" description de::string,
            "EventPattern" event_pattern de::value,
            "State" state de::string,
            "Targets" targets |x| de::vec(x, de::parse),
        );
        Ok(RuleConfig {
            name: req(name, "Name")?,
            event_bus_name: event_bus_name.unwrap_or_else(default_bus),
            description: description.unwrap_or_default(),
            event_pattern: req(event_pattern, "EventPattern")?,
            state: state.unwrap_or_else(enabled),
            targets: targets.unwrap_or_default(),
        })
    }
}

fn default_bus() -> String {
    "default".into()
}
fn enabled() -> String {
    "ENABLED".into()
}

pub fn bus_arn(region: &str, name: &str) -> String {
    format!(
        "arn:aws:events:{region}:{}:event-bus/{name}",
        crate::ACCOUNT_ID
    )
}

pub fn rule_arn(region: &str, bus: &str, name: &str) -> String {
    let account = crate::ACCOUNT_ID;
    if bus == "default" {
        format!("arn:aws:events:{region}:{account}:rule/{name}")
    } else {
        format!("arn:aws:events:{region}:{account}:rule/{bus}/{name}")
    }
}

/// What a target ARN points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetKind {
    Queue(String),
    Function(String),
    Topic(String),
    Bus(String),
}

impl TargetKind {
    /// Reads a full ARN. Bare names are resolved by the world, which knows the resources.
    pub fn from_arn(arn: &str) -> Option<TargetKind> {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        if parts.len() < 6 || parts[0] != "arn" {
            return None;
        }
        let rest = parts[5];
        Some(match parts[2] {
            "sqs" => TargetKind::Queue(rest.to_string()),
            "sns" => TargetKind::Topic(rest.to_string()),
            "lambda" => TargetKind::Function(
                rest.strip_prefix("function:")
                    .unwrap_or(rest)
                    .split(':')
                    .next()
                    .unwrap_or(rest)
                    .to_string(),
            ),
            "events" => TargetKind::Bus(rest.strip_prefix("event-bus/")?.to_string()),
            _ => return None,
        })
    }

    pub fn arn(&self, region: &str) -> String {
        match self {
            TargetKind::Queue(n) => crate::sqs::queue_arn(region, n),
            TargetKind::Function(n) => crate::lambda::function_arn(region, n),
            TargetKind::Topic(n) => crate::sns::topic_arn(region, n),
            TargetKind::Bus(n) => bus_arn(region, n),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            TargetKind::Queue(n)
            | TargetKind::Function(n)
            | TargetKind::Topic(n)
            | TargetKind::Bus(n) => n,
        }
    }
}

/// AWS/Events metrics of one rule (sums since the start).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleMetrics {
    pub matched_events: u64,
    pub triggered_rules: u64,
    pub invocations: u64,
    pub failed_invocations: u64,
    pub invocations_sent_to_dlq: u64,
    /// Deliveries that were retries (a second attempt or later).
    pub retry_invocation_attempts: u64,
}

/// Switches a learner flips on a rule's target to break its delivery.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TargetFaults {
    /// The target's resource policy does not let EventBridge in: NO_PERMISSIONS, no retries.
    pub deny_permission: bool,
    /// The target throttles: THROTTLING, retried with backoff.
    pub throttle: bool,
}

#[derive(Clone, Debug)]
pub struct Target {
    pub id: String,
    pub kind: TargetKind,
    pub input: TargetInput,
    pub retry: RetryPolicy,
    pub dead_letter_queue: Option<String>,
    pub message_group_id: Option<String>,
    pub faults: TargetFaults,
    /// Set when the target's resource policy does not let EventBridge in
    /// (NO_PERMISSIONS on every delivery, not retried): the reason.
    pub refused_by_policy: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub config: RuleConfig,
    pub pattern: EventPattern,
    pub targets: Vec<Target>,
    pub enabled: bool,
    pub metrics: RuleMetrics,
}

impl Rule {
    pub fn arn(&self, region: &str) -> String {
        rule_arn(region, &self.config.event_bus_name, &self.config.name)
    }
}

/// One entry of PutEvents, as the console's "Send events" form fills it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutEventsEntry {
    pub source: Option<String>,
    pub detail_type: Option<String>,
    /// The detail: a JSON object, or a string holding one (as the API takes it).
    pub detail: Option<Value>,
    pub event_bus_name: Option<String>,
    pub resources: Vec<String>,
}

impl FromJson for PutEventsEntry {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct PutEventsEntry", true, "",
            "Source" source de::opt_string,
            "DetailType" detail_type de::opt_string,
            "Detail" detail |x| de::opt(x, de::value),
            "EventBusName" event_bus_name de::opt_string,
            "Resources" resources de::strings,
        );
        Ok(PutEventsEntry {
            source: source.flatten(),
            detail_type: detail_type.flatten(),
            detail: detail.flatten(),
            event_bus_name: event_bus_name.flatten(),
            resources: resources.unwrap_or_default(),
        })
    }
}

impl PutEventsEntry {
    /// The entry's size as EventBridge counts it against the limit
    /// (<https://docs.aws.amazon.com/eventbridge/latest/userguide/calculate-putevents-entry-size.html>):
    /// the UTF-8 bytes of Source, DetailType, Detail and each Resource, plus 14 bytes
    /// for a Time (which the simulator's entries do not carry). Not the size of the
    /// event EventBridge builds from it, which is always larger.
    pub fn size(&self) -> u64 {
        let text = |s: &Option<String>| s.as_deref().map_or(0, str::len);
        let detail = match &self.detail {
            None => 0,
            Some(Value::String(s)) => s.len(),
            Some(v) => v.to_string().len(),
        };
        let resources: usize = self.resources.iter().map(String::len).sum();
        (text(&self.source) + text(&self.detail_type) + detail + resources) as u64
    }
}

/// What PutEvents answered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PutEventsResult {
    pub at_ms: SimTime,
    #[serde(rename = "FailedEntryCount")]
    pub failed_entry_count: u32,
    #[serde(rename = "Entries")]
    pub entries: Vec<Value>,
}

/// An event on its way to one target, possibly after failed attempts.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub rule: u32,
    pub target: u32,
    pub event: Value,
    pub first_ms: SimTime,
    pub attempts: u32,
    pub order_id: Option<String>,
}

/// The EventBridge service of one world: buses, rules, and events on their way.
#[derive(Clone, Debug)]
pub struct EventBridge {
    /// Bus names: "default" first, then the scenario's.
    pub buses: Vec<String>,
    pub rules: Vec<Rule>,
    /// Each bus's rules compiled into one matcher.
    pub bus_matchers: BusMatchers,
    /// Delivery latency and retry jitter.
    pub event_rng: crate::kernel::rng::Rng,
    pub deliveries: std::collections::BTreeMap<u64, Delivery>,
    pub next_delivery: u64,
    /// What PutEvents answered the learner (the console's Send events), oldest first;
    /// a function's PutEvents answers that function only.
    pub put_events_results: std::collections::VecDeque<PutEventsResult>,
    pub entry_limit_bytes: u64,
}

impl EventBridge {
    pub fn new(seed: u64, bus_names: impl Iterator<Item = String>, entry_limit_bytes: u64) -> Self {
        EventBridge {
            buses: std::iter::once("default".to_string())
                .chain(bus_names)
                .collect(),
            rules: Vec::new(),
            bus_matchers: Default::default(),
            event_rng: crate::kernel::rng::Rng::fork(seed, "eventbridge"),
            deliveries: Default::default(),
            next_delivery: 0,
            put_events_results: Default::default(),
            entry_limit_bytes,
        }
    }

    /// Keeps what PutEvents answered the learner, for the console to show (the last
    /// 50: a demo left running does not grow it).
    pub fn keep_learner_result(&mut self, result: PutEventsResult) {
        self.put_events_results.push_back(result);
        while self.put_events_results.len() > 50 {
            self.put_events_results.pop_front();
        }
    }
}
