//! A scenario as a CloudFormation template that deploys: every resource under
//! its own name, references as !Ref / !GetAtt / !Sub (no account or region
//! written in), each function's behaviour as inline Python 3.12 code, a
//! least-privilege role for each function the scenario gives none, and the
//! resource policies (queue and topic policies, Lambda permissions) that let
//! EventBridge, SNS, S3 and API Gateway reach their targets. What CloudFormation
//! cannot hold (the behaviour's name, initial items, the console, the guide, the
//! script) goes under `Metadata: EventLab`, so importing the export gives the
//! same scenario back.

mod access;
mod python;
mod resources;
mod yaml;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

pub use python::handler_source;
pub use yaml::to_yaml;

/// The Python handler a behaviour deploys as (its source) and the environment
/// variables it reads, each as the resource it names (a table, queue, bus or topic's
/// name) or as text: for checking the exported code against the model.
pub fn handler(b: &crate::lambda::Behavior) -> (&'static str, Vec<(&'static str, String)>) {
    use python::Env;
    let code = python::code(b);
    let env = code
        .env
        .into_iter()
        .map(|(k, v)| match v {
            Env::Table(s) | Env::Queue(s) | Env::Bus(s) | Env::Topic(s) | Env::Text(s) => (k, s),
        })
        .collect();
    (code.zip_file, env)
}

use super::METADATA_KEY;
use crate::eventbridge::TargetKind;
use crate::Scenario;

/// CloudFormation's limit on a template's Description.
const MAX_DESCRIPTION_BYTES: usize = 1024;

/// `text` within `max` bytes, ended at its last whole sentence (else at a word, with
/// "..."): a Description cut mid-word ("(reconstructed). Th...") read as broken.
fn shortened(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut cut = max - 3;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    if let Some(end) = head.rfind(". ") {
        return head[..=end].to_string();
    }
    match head.rfind(' ') {
        Some(end) if end > 0 => format!("{}...", &head[..end]),
        _ => format!("{head}..."),
    }
}

/// The exporter's state: the scenario (typed and as written), the logical id of
/// each resource by kind and name, and the resources written so far.
struct Ex<'a> {
    scenario: &'a Scenario,
    file: &'a Value,
    ids: BTreeMap<(&'static str, String), String>,
    used: std::collections::BTreeSet<String>,
    resources: Map<String, Value>,
    /// What a learner needs after deploying: each queue's URL, each REST API's id, its
    /// resources' ids and its invoke URL (the lab 003 test script's $API_ID,
    /// $RESOURCE_ID and $PAYMENTS_DLQ).
    outputs: Map<String, Value>,
    /// Resource-policy statements by the resource's ARN (queues and topics).
    grants: BTreeMap<String, Vec<Value>>,
    /// What each bucket must wait for: its destinations' permissions and queue or
    /// topic policies (queued until those are written).
    /// (bucket id, permissions' ids, destination ARNs whose policy it waits for)
    bucket_waits: Vec<(String, Vec<String>, Vec<String>)>,
}

/// Exports a scenario file (its text) as a template.
pub fn template(file: &str, scenario_text: &str) -> Result<Value, String> {
    let scenario = Scenario::parse(file, scenario_text)?;
    let raw: Value = serde_json::from_str(scenario_text).map_err(|e| format!("{file}: {e}"))?;
    let mut ex = Ex {
        scenario: &scenario,
        file: &raw,
        ids: BTreeMap::new(),
        used: Default::default(),
        resources: Map::new(),
        outputs: Map::new(),
        grants: BTreeMap::new(),
        bucket_waits: Vec::new(),
    };
    ex.name_all();
    ex.write_all();
    Ok(ex.document())
}

/// A built-in scenario's template, as YAML.
pub fn builtin_yaml(id: &str) -> Option<Result<String, String>> {
    let (_, text) = crate::scenario::BUILTIN.iter().find(|(i, _)| *i == id)?;
    Some(template(&format!("scenarios/{id}.json"), text).map(|t| to_yaml(&t)))
}

/// `payments-dlq` → `PaymentsDlq`.
fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

impl Ex<'_> {
    fn section(&self, k: &str) -> Vec<Value> {
        self.file
            .get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// Gives each resource its logical id (`PaymentsDlqQueue`), unique in the template.
    fn name_all(&mut self) {
        let kinds: [(&str, &'static str, &str, &str); 12] = [
            ("Queues", "queue", "QueueName", "Queue"),
            ("Tables", "table", "TableName", "Table"),
            ("Functions", "function", "FunctionName", "Function"),
            ("EventBuses", "bus", "Name", "Bus"),
            ("Rules", "rule", "Name", "Rule"),
            ("Topics", "topic", "TopicName", "Topic"),
            ("Pipes", "pipe", "Name", "Pipe"),
            ("Alarms", "alarm", "AlarmName", "Alarm"),
            ("Roles", "role", "RoleName", "Role"),
            ("Buckets", "bucket", "BucketName", "Bucket"),
            ("Apis", "api", "Name", "Api"),
            ("EventSourceMappings", "mapping", "FunctionName", "Mapping"),
        ];
        for (section, kind, key, suffix) in kinds {
            for (i, r) in self.section(section).iter().enumerate() {
                let name = r
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                // Mappings are named by function and position (a function may have several).
                let id_name = if kind == "mapping" {
                    format!("{name}-{i}")
                } else {
                    name.clone()
                };
                let base = pascal(&id_name);
                // `payments-queue` → PaymentsQueue, not PaymentsQueueQueue.
                let base = if base.ends_with(suffix) {
                    base
                } else {
                    format!("{base}{suffix}")
                };
                let id = self.fresh(&base);
                self.ids.insert((kind, id_name), id);
            }
        }
    }

    /// A logical id not yet used (`X`, `X2`, `X3`, …).
    fn fresh(&mut self, base: &str) -> String {
        let base = if base.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            base.to_string()
        } else {
            format!("R{base}")
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.used.contains(&id) {
            id = format!("{base}{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }

    fn id(&self, kind: &'static str, name: &str) -> Option<&String> {
        self.ids.get(&(kind, name.to_string()))
    }

    fn add(&mut self, id: &str, ty: &str, props: Value) -> &mut Value {
        self.resources
            .insert(id.to_string(), json!({ "Type": ty, "Properties": props }));
        &mut self.resources[id]
    }

    /// A target (queue, function, topic, bus) named by ARN or name, as
    /// !GetAtt X.Arn (!Ref for a topic, whose Ref is its ARN).
    fn target_arn(&self, arn_or_name: &str) -> Value {
        match self.scenario.resolve_target(arn_or_name) {
            Ok(TargetKind::Queue(n)) => self.get_att("queue", &n, "Arn"),
            Ok(TargetKind::Function(n)) => self.get_att("function", &n, "Arn"),
            Ok(TargetKind::Topic(n)) => self.reference("topic", &n),
            Ok(TargetKind::Bus(n)) => self.get_att("bus", &n, "Arn"),
            Err(_) => sub(arn_or_name, self.scenario.region),
        }
    }

    fn get_att(&self, kind: &'static str, name: &str, attr: &str) -> Value {
        match self.id(kind, name) {
            Some(id) => json!({ "Fn::GetAtt": [id, attr] }),
            None if kind == "bus" && name == "default" => sub(
                &crate::eventbridge::bus_arn(self.scenario.region, "default"),
                self.scenario.region,
            ),
            None => Value::String(name.to_string()),
        }
    }

    fn reference(&self, kind: &'static str, name: &str) -> Value {
        match self.id(kind, name) {
            Some(id) => json!({ "Ref": id }),
            None => Value::String(name.to_string()),
        }
    }

    /// An ARN written in a policy: the resource's !GetAtt when it is one of ours,
    /// else the text with !Sub for the account and region.
    fn policy_arn(&self, arn: &str) -> Value {
        let known = self
            .scenario
            .resolve_target(arn)
            .ok()
            .filter(|k| k.arn(self.scenario.region) == arn);
        if let Some(k) = known {
            return self.target_arn(&k.arn(self.scenario.region));
        }
        for t in &self.scenario.tables {
            if table_arn(self.scenario.region, &t.table_name) == arn {
                return self.get_att("table", &t.table_name, "Arn");
            }
        }
        sub(arn, self.scenario.region)
    }

    /// An entry of Outputs under `base` (with a number when taken): `value`, said in
    /// `description`.
    fn output(&mut self, base: &str, value: Value, description: String) {
        let mut key = base.to_string();
        let mut n = 2;
        while self.outputs.contains_key(&key) {
            key = format!("{base}{n}");
            n += 1;
        }
        let entry = json!({ "Description": description, "Value": value });
        self.outputs.insert(key, entry);
    }

    fn write_all(&mut self) {
        resources::queues(self);
        resources::tables(self);
        resources::buses(self);
        access::roles(self);
        access::generated_roles(self);
        resources::functions(self);
        resources::topics(self);
        resources::rules(self);
        resources::mappings(self);
        resources::pipes(self);
        resources::apis(self);
        resources::buckets(self);
        resources::alarms(self);
        access::resource_policies(self);
    }

    fn document(self) -> Value {
        let mut meta = Map::new();
        for k in std::iter::once(&"Name").chain(super::SIMULATION_KEYS) {
            if let Some(v) = self.file.get(*k) {
                meta.insert((*k).into(), v.clone());
            }
        }
        let mut description: String = self.scenario.description.clone();
        if description.is_empty() {
            description = self.scenario.name.clone();
        }
        if description.len() > MAX_DESCRIPTION_BYTES {
            // The whole text travels in Metadata, for the way back.
            meta.insert("Description".into(), Value::String(description.clone()));
            description = shortened(&description, MAX_DESCRIPTION_BYTES);
        }
        let meta = Value::Object(meta);
        let mut metadata = json!({ METADATA_KEY: meta });
        if has_fraction(&meta) {
            // CloudFormation leaves Metadata alone, but cfn-lint's E4002 refuses a
            // number with a fraction there (aws-cloudformation/cfn-lint#3535): the
            // template says so, in cfn-lint's own configuration key.
            metadata["cfn-lint"] = json!({ "config": { "ignore_checks": ["E4002"] } });
        }
        let mut template = json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": description,
            "Metadata": metadata,
            "Resources": self.resources,
        });
        if !self.outputs.is_empty() {
            template["Outputs"] = Value::Object(self.outputs);
        }
        template
    }
}

/// Text with the simulated account and region as !Sub variables (a `${` already
/// in it is escaped as `${!`); plain text when it names neither.
fn sub(s: &str, region: &str) -> Value {
    if !s.contains(crate::ACCOUNT_ID) && !s.contains(region) {
        return Value::String(s.to_string());
    }
    let escaped = s.replace("${", "${!");
    let t = escaped
        .replace(crate::ACCOUNT_ID, "${AWS::AccountId}")
        .replace(region, "${AWS::Region}");
    json!({ "Fn::Sub": t })
}

fn table_arn(region: &str, name: &str) -> String {
    format!(
        "arn:aws:dynamodb:{region}:{}:table/{name}",
        crate::ACCOUNT_ID
    )
}

/// Whether a number with a fraction (29.99) is anywhere in the value.
fn has_fraction(v: &Value) -> bool {
    match v {
        Value::Number(n) => !(n.is_i64() || n.is_u64()),
        Value::Array(a) => a.iter().any(has_fraction),
        Value::Object(o) => o.values().any(has_fraction),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::shortened;

    #[test]
    fn a_long_description_ends_at_a_sentence_or_a_word() {
        assert_eq!(shortened("Short.", 1024), "Short.");
        let text = format!("{}One more sentence here.", "Words and words. ".repeat(70));
        let cut = shortened(&text, 1024);
        assert!(cut.len() <= 1024 && cut.ends_with("words."), "{cut}");
        let words = "ação ".repeat(300);
        let cut = shortened(&words, 1024);
        assert!(cut.len() <= 1024 && cut.ends_with("ação..."), "{cut}");
        assert!(shortened(&"x".repeat(2000), 1024).ends_with("x..."));
    }
}
