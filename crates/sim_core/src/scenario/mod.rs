//! Scenario files: the resources of a lab under AWS's property names, the behaviour
//! each function runs, initial items and an optional timed script. Checked whole
//! before anything runs: errors name the file, the resource and the property.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub(crate) mod check;
pub mod console;
pub mod guide;
mod mapping_role;
mod regions;
pub mod suffix;
pub mod translation;

use crate::action::{parse_script, ScriptStep};
use crate::apigateway::ApiConfig;
pub use crate::dynamodb::config::{KeySchemaElement, StreamSpecification, TableConfig};
pub use crate::lambda::mapping::{EventSourceMappingConfig, OnFailureConfig, ScalingConfig};
use crate::lambda::FunctionConfig;
use crate::services::de::FromJson;
use crate::sqs::QueueSettings;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct ScenarioFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Which lab it reproduces (a seed file name, for whoever maintains it).
    #[serde(default)]
    pub lab: String,
    /// That lab's own title, as its document gives it: what the About tab shows (lab
    /// 004's notes have none, and the file's name meant nothing to a student).
    #[serde(default)]
    pub lab_title: String,
    /// The AWS Region it runs in (us-east-1 unless set).
    #[serde(default)]
    pub region: Option<String>,
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
    /// CloudWatch alarms, as AWS::CloudWatch::Alarm's properties.
    #[serde(default)]
    pub alarms: Vec<Value>,
    /// IAM execution roles, as AWS::IAM::Role's properties.
    #[serde(default)]
    pub roles: Vec<Value>,
    /// S3 buckets, as AWS::S3::Bucket's properties (with NotificationConfiguration).
    #[serde(default)]
    pub buckets: Vec<Value>,
    /// Resource-based policies (queue policies, topic policies, Lambda permissions):
    /// a resource listed here lets in only the services its policy allows.
    #[serde(default)]
    pub resource_policies: Vec<Value>,
    /// PutEvents' size limit on a request's entries together: 1 MiB unless set (256 KB
    /// before January 2026).
    #[serde(default)]
    pub put_events_entry_limit_bytes: Option<u64>,
    /// Standard queues are at-least-once: per 1,000 DeleteMessage calls, how many miss
    /// a stored copy of the message, which is then delivered again. 0 unless set.
    #[serde(default)]
    pub duplicate_delivery_per_mille: Option<u32>,
    #[serde(default)]
    pub script: Value,
    #[serde(default)]
    pub console: Value,
    /// The lab as guided steps with checks.
    #[serde(default)]
    pub guide: Value,
    /// Name, description and guide in another language (`translation.rs`).
    #[serde(default)]
    pub translations: Value,
}

/// A scenario, parsed and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub lab: String,
    pub lab_title: String,
    pub queues: Vec<QueueSettings>,
    pub tables: Vec<TableConfig>,
    pub functions: Vec<FunctionConfig>,
    pub mappings: Vec<EventSourceMappingConfig>,
    pub apis: Vec<ApiConfig>,
    pub buses: Vec<crate::eventbridge::EventBusConfig>,
    pub rules: Vec<crate::eventbridge::RuleConfig>,
    pub topics: Vec<crate::sns::TopicConfig>,
    pub pipes: Vec<crate::pipes::PipeConfig>,
    pub alarms: Vec<crate::services::cloudwatch::AlarmConfig>,
    pub roles: Vec<crate::services::iam::RoleConfig>,
    pub buckets: Vec<crate::services::s3::BucketConfig>,
    pub resource_policies: Vec<crate::services::iam::resource_policy::ResourcePolicy>,
    pub put_events_entry_limit_bytes: u64,
    pub duplicate_delivery_per_mille: u32,
    /// The Region every ARN and URL names.
    pub region: &'static str,
    pub script: Vec<ScriptStep>,
    /// The rules' event patterns, compiled once when the scenario is checked, each
    /// with the source it was compiled from (in `rules` order).
    pub(crate) rule_patterns: Vec<(Value, crate::eventbridge::EventPattern)>,
    pub console: console::Console,
    /// Shared: the app reads it every frame, a clone of the world copies a pointer.
    pub guide: Option<std::rc::Rc<guide::Guide>>,
    /// By language tag (`pt-BR`); shared like the guide.
    pub translations: std::rc::Rc<std::collections::BTreeMap<String, translation::Translation>>,
}

/// Reads the resources of one kind, in plain loops (one small function a type; an
/// error names the file, the resource and the property).
fn resources<T: FromJson>(
    file: &str,
    kind: &str,
    name_key: &str,
    vs: &[Value],
) -> Result<Vec<T>, String> {
    let mut out = Vec::with_capacity(vs.len());
    for v in vs {
        out.push(T::from_json(v).map_err(|e| resource_error(file, kind, name_key, v, e))?);
    }
    Ok(out)
}

fn resource_error(
    file: &str,
    kind: &str,
    name_key: &str,
    v: &Value,
    e: serde_json::Error,
) -> String {
    let name = v.get(name_key).and_then(Value::as_str).unwrap_or("?");
    format!(
        "{file}: {kind} \"{name}\": {}",
        property_error(&e.to_string())
    )
}

/// serde says "unknown field `X`, expected one of …" and "expected u64"; a learner reads
/// "property" and "a whole number".
pub fn property_error(e: &str) -> String {
    const PLAIN: [(&str, &str); 12] = [
        ("unknown field", "unknown property"),
        ("missing field", "missing property"),
        ("expected u64", "expected a whole number (0 or more)"),
        ("expected u32", "expected a whole number (0 or more)"),
        ("expected u16", "expected a whole number (0 or more)"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("invalid type: map", "invalid type: an object"),
        ("invalid type: sequence", "invalid type: a list"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected an object"),
        ("invalid type: unit value", "invalid type: null"),
    ];
    let mut out = e.to_string();
    for (rust, plain) in PLAIN {
        out = out.replace(rust, plain);
    }
    if let Some(i) = out.find(", expected struct ") {
        out.replace_range(i.., ", expected an object");
    }
    out
}

impl Scenario {
    /// Where an order enters when the scenario has no API: its first queue that is not
    /// another queue's DLQ. The order form and a template's sample order both use it.
    pub fn entry_queue(&self) -> Option<&crate::sqs::QueueSettings> {
        let is_dlq = |name: &str| {
            self.queues
                .iter()
                .any(|o| o.dead_letter_queue_name() == Some(name))
        };
        self.queues.iter().find(|q| !is_dlq(&q.queue_name))
    }

    /// Parses scenario JSON. `file` names the source in every error.
    pub fn parse(file: &str, text: &str) -> Result<Scenario, String> {
        let raw: ScenarioFile = serde_json::from_str(text)
            .map_err(|e| format!("{file}: {}", property_error(&e.to_string())))?;
        let queues = resources(file, "queue", "QueueName", &raw.queues)?;
        let tables = resources(file, "table", "TableName", &raw.tables)?;
        let functions = resources(file, "function", "FunctionName", &raw.functions)?;
        let mappings = resources(
            file,
            "event source mapping for",
            "FunctionName",
            &raw.event_source_mappings,
        )?;
        let apis = resources(file, "API", "Name", &raw.apis)?;
        let buses = resources(file, "event bus", "Name", &raw.event_buses)?;
        let rules = resources(file, "rule", "Name", &raw.rules)?;
        let topics = resources(file, "topic", "TopicName", &raw.topics)?;
        let pipes = resources(file, "pipe", "Name", &raw.pipes)?;
        let alarms = resources(file, "alarm", "AlarmName", &raw.alarms)?;
        let roles = resources(file, "role", "RoleName", &raw.roles)?;
        let buckets = resources(file, "bucket", "BucketName", &raw.buckets)?;
        let resource_policies = resources(
            file,
            "resource policy of",
            "ResourceArn",
            &raw.resource_policies,
        )?;
        let region = match raw.region.as_deref() {
            None => crate::region::DEFAULT,
            Some(code) => crate::region::parse(code)
                .ok_or_else(|| format!("{file}: {}", crate::region::unknown(code)))?,
        };
        regions::check_arn_regions(file, region, &raw)?;
        let script = if raw.script.is_null() {
            Vec::new()
        } else {
            parse_script(&raw.script).map_err(|e| format!("{file}: Script: {e}"))?
        };
        let guide = guide::Guide::parse(&raw.guide).map_err(|e| format!("{file}: {e}"))?;
        let translations = translation::parse(&raw.translations, guide.as_ref())
            .map_err(|e| format!("{file}: {e}"))?;
        let mut s = Scenario {
            name: raw.name,
            description: raw.description,
            lab: raw.lab,
            lab_title: raw.lab_title,
            queues,
            tables,
            functions,
            mappings,
            apis,
            buses,
            rules,
            topics,
            pipes,
            alarms,
            roles,
            buckets,
            resource_policies,
            put_events_entry_limit_bytes: raw
                .put_events_entry_limit_bytes
                .unwrap_or(crate::eventbridge::DEFAULT_ENTRY_LIMIT_BYTES),
            duplicate_delivery_per_mille: match raw.duplicate_delivery_per_mille {
                Some(n) if n > 1000 => {
                    return Err(format!("{file}: DuplicateDeliveryPerMille {n} is more than 1000 (it counts per 1,000 deletes)"))
                }
                n => n.unwrap_or(0),
            },
            region,
            script,
            rule_patterns: Vec::new(),
            console: console::Console::parse(file, &raw.console)?,
            guide: guide.map(std::rc::Rc::new),
            translations: std::rc::Rc::new(translations),
        };
        s.rule_patterns = s.check(file)?;
        Ok(s)
    }
}

impl Scenario {
    /// A scenario with no resources at all.
    pub fn empty() -> Scenario {
        Scenario {
            name: "empty".into(),
            description: String::new(),
            lab: String::new(),
            lab_title: String::new(),
            queues: Vec::new(),
            tables: Vec::new(),
            functions: Vec::new(),
            mappings: Vec::new(),
            apis: Vec::new(),
            buses: Vec::new(),
            rules: Vec::new(),
            topics: Vec::new(),
            pipes: Vec::new(),
            alarms: Vec::new(),
            roles: Vec::new(),
            buckets: Vec::new(),
            resource_policies: Vec::new(),
            put_events_entry_limit_bytes: crate::eventbridge::DEFAULT_ENTRY_LIMIT_BYTES,
            duplicate_delivery_per_mille: 0,
            region: crate::region::DEFAULT,
            script: Vec::new(),
            rule_patterns: Vec::new(),
            console: Default::default(),
            guide: None,
            translations: Default::default(),
        }
    }

    /// The scenario's name in `language` (a tag such as `pt-BR`), or as written.
    pub fn name_in(&self, language: &str) -> &str {
        self.translations
            .get(language)
            .and_then(|t| t.name.as_deref())
            .unwrap_or(&self.name)
    }

    /// The description in `language` if translated, with the tag of the language it
    /// is in (as written: English).
    pub fn description_in<'a>(&'a self, language: &'a str) -> (&'a str, &'a str) {
        match self
            .translations
            .get(language)
            .and_then(|t| t.description.as_deref())
        {
            Some(d) => (d, language),
            None => (&self.description, "en"),
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
            0 => Err(format!(
                "\"{n}\" is neither an ARN nor the name of a declared queue, function, topic or event bus{}",
                check::queue_url_hint(n)
            )),
            _ => Err(format!("\"{n}\" names more than one resource: use its ARN")),
        }
    }
}

impl Scenario {
    /// Why `service` (`events.amazonaws.com`, `sns.amazonaws.com`,
    /// `apigateway.amazonaws.com`) may not send to `target` on behalf of
    /// `source_arn`: the target's resource policy, when the scenario models one,
    /// does not let it in. None: allowed.
    pub fn service_refusal(
        &self,
        target: &crate::eventbridge::TargetKind,
        service: &str,
        source_arn: &str,
    ) -> Option<String> {
        use crate::eventbridge::TargetKind;
        let arn = target.arn(self.region);
        let policy = self
            .resource_policies
            .iter()
            .find(|p| p.resource_arn == arn)?;
        let action = match target {
            TargetKind::Queue(_) => "sqs:SendMessage",
            TargetKind::Topic(_) => "sns:Publish",
            TargetKind::Function(_) => "lambda:InvokeFunction",
            TargetKind::Bus(_) => "events:PutEvents",
        };
        let ok = crate::services::iam::resource_policy::allows_service(
            &policy.policy,
            service,
            action,
            &arn,
            source_arn,
        );
        let who = match service {
            "events.amazonaws.com" => "EventBridge",
            "sns.amazonaws.com" => "SNS",
            _ => "API Gateway",
        };
        // EventBridge's is the sentence the deny-permission fault writes (translated in the app).
        (!ok).then(|| {
            format!("{who} is not authorized to send to {arn}: its resource policy does not allow {service}")
        })
    }
}

/// The scenarios shipped with the product, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "lab000-pedidos",
        include_str!("../../../../scenarios/lab000-pedidos.json"),
    ),
    (
        "lab003-order-events",
        include_str!("../../../../scenarios/lab003-order-events.json"),
    ),
    (
        "lab004-streams",
        include_str!("../../../../scenarios/lab004-streams.json"),
    ),
    (
        "lab004-orders",
        include_str!("../../../../scenarios/lab004-orders.json"),
    ),
    (
        "lab004-pipes",
        include_str!("../../../../scenarios/lab004-pipes.json"),
    ),
    (
        "lab004-pipes-fanout",
        include_str!("../../../../scenarios/lab004-pipes-fanout.json"),
    ),
    (
        "sqs-fifo-pedidos",
        include_str!("../../../../scenarios/sqs-fifo-pedidos.json"),
    ),
];

/// A built-in scenario by id; `ID@NAME` is that scenario with the learner's name on
/// every resource, when its Console takes one (`suffix`).
pub fn builtin(id: &str) -> Option<Result<Scenario, String>> {
    let (base, name) = suffix::split_id(id);
    let (i, text) = BUILTIN.iter().find(|(i, _)| *i == base)?;
    let file = format!("scenarios/{i}.json");
    let Some(name) = name else {
        return Some(Scenario::parse(&file, text));
    };
    let renamed = suffix::with_name_suffix(text, name)
        .and_then(|t| Scenario::parse(&file, &t))
        .and_then(|s| match s.console.name_suffix {
            Some(_) => Ok(s),
            None => Err(format!("{file}: this scenario does not take a name")),
        });
    Some(renamed)
}
