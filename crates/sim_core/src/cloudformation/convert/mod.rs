//! Resolved resources → the scenario file's sections. Each type has one function;
//! types we do not simulate are listed, not refused.

mod api;
mod compute;
mod data;
mod messaging;
mod policies;
pub mod props;

use serde_json::{Map, Value};

pub use compute::METADATA_KEY;

/// A resource after its intrinsics were resolved.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub id: String,
    pub ty: String,
    pub name: String,
    pub props: Map<String, Value>,
    pub metadata: Value,
}

/// Where a function's behaviour comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BehaviourSource {
    /// `Metadata: EventLab: Behavior` named one of EventLab's behaviours.
    Metadata,
    /// None named: the generic one that logs the event and succeeds.
    Generic,
    /// None named, and a pipe's enrichment: the generic one that logs the batch and
    /// returns it (`return-event`). Returning nothing would stop every batch.
    GenericEnrichment,
}

/// A resource the template declares that EventLab does not simulate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotSimulated {
    pub logical_id: String,
    pub resource_type: String,
    pub why: String,
}

/// Why a resource of a type EventLab has no model for is left out (the shell says
/// it in the learner's language).
pub const UNSUPPORTED_TYPE: &str = "EventLab does not simulate this resource type";

#[derive(Default)]
pub struct Build {
    /// The Region the stack is deployed in (its ARNs name it).
    pub region: &'static str,
    pub queues: Vec<Value>,
    pub tables: Vec<Value>,
    pub functions: Vec<Value>,
    pub mappings: Vec<Value>,
    pub apis: Vec<Value>,
    pub buses: Vec<Value>,
    pub rules: Vec<Value>,
    pub topics: Vec<Value>,
    pub pipes: Vec<Value>,
    pub alarms: Vec<Value>,
    pub roles: Vec<Value>,
    pub buckets: Vec<Value>,
    pub resource_policies: Vec<Value>,
    pub not_simulated: Vec<NotSimulated>,
    pub notes: Vec<String>,
    pub behaviours: Vec<(String, BehaviourSource)>,
    grants: policies::Grants,
    api_parts: Vec<Resolved>,
}

/// Whether a type attaches to another resource (a subscription to its topic, a
/// policy to its queue), so it is built after every resource it may name.
pub fn attaches(ty: &str) -> bool {
    matches!(
        ty,
        "AWS::SNS::Subscription"
            | "AWS::Lambda::EventInvokeConfig"
            | "AWS::Lambda::Permission"
            | "AWS::SQS::QueuePolicy"
            | "AWS::SNS::TopicPolicy"
            | "AWS::IAM::Policy"
    )
}

impl Build {
    pub fn not_simulated(&mut self, r: &Resolved, why: &str) {
        self.not_simulated.push(NotSimulated {
            logical_id: r.id.clone(),
            resource_type: r.ty.clone(),
            why: why.to_string(),
        });
    }

    /// One resource into its section.
    pub fn add(&mut self, r: Resolved) -> Result<(), String> {
        match r.ty.as_str() {
            "AWS::SQS::Queue" => messaging::queue(self, &r),
            "AWS::SNS::Topic" => messaging::topic(self, &r),
            "AWS::SNS::Subscription" => messaging::subscription(self, &r),
            "AWS::Events::EventBus" => messaging::bus(self, &r),
            "AWS::Events::Rule" => messaging::rule(self, &r),
            "AWS::Pipes::Pipe" => messaging::pipe(self, &r),
            "AWS::Lambda::Function" => compute::function(self, &r),
            "AWS::Lambda::EventSourceMapping" => compute::mapping(self, &r),
            "AWS::Lambda::EventInvokeConfig" => compute::invoke_config(self, &r),
            "AWS::Lambda::Permission" => policies::permission(self, &r),
            "AWS::SQS::QueuePolicy" => policies::queue_policy(self, &r),
            "AWS::SNS::TopicPolicy" => policies::topic_policy(self, &r),
            "AWS::DynamoDB::Table" => data::table(self, &r),
            "AWS::S3::Bucket" => data::bucket(self, &r),
            "AWS::CloudWatch::Alarm" => data::alarm(self, &r),
            "AWS::IAM::Role" => data::role(self, &r),
            "AWS::IAM::Policy" => data::policy(self, &r),
            "AWS::Logs::LogGroup" => data::log_group(self, &r),
            t if t.starts_with("AWS::ApiGateway::") || t.starts_with("AWS::ApiGatewayV2::") => {
                self.api_parts.push(r);
                Ok(())
            }
            _ => {
                self.not_simulated(&r, UNSUPPORTED_TYPE);
                Ok(())
            }
        }
    }

    /// What needs every resource first: the APIs, the resource policies.
    pub fn finish(&mut self) -> Result<(), String> {
        api::finish(self)?;
        policies::finish(self);
        policies::check_bucket_destinations(self)?;
        self.generic_enrichments_return_their_batch();
        Ok(())
    }

    /// A pipe's enrichment whose code EventLab cannot run returns the batch it got:
    /// the generic behaviour returns nothing, and an empty response stops the batch
    /// ("If you don't want to invoke the target, return an empty response",
    /// pipes-enrichment), so every imported pipe with an enrichment delivered nothing.
    fn generic_enrichments_return_their_batch(&mut self) {
        let enrichments: Vec<String> = self
            .pipes
            .iter()
            .filter_map(|p| p.get("Enrichment").and_then(Value::as_str))
            .map(|e| e.rsplit(':').next().unwrap_or(e).to_string())
            .collect();
        for (name, source) in &mut self.behaviours {
            if *source != BehaviourSource::Generic || !enrichments.contains(name) {
                continue;
            }
            *source = BehaviourSource::GenericEnrichment;
            let function = self
                .functions
                .iter_mut()
                .find(|f| f.get("FunctionName").and_then(Value::as_str) == Some(name.as_str()));
            if let Some(f) = function {
                f["Behavior"] = serde_json::json!({ "Type": "return-event" });
            }
        }
    }

    /// The scenario file (its JSON), with `head` (Name, Description, Console, …) first.
    pub fn scenario_json(&self, head: Map<String, Value>) -> Value {
        let mut m = head;
        let sections: [(&str, &Vec<Value>); 13] = [
            ("Queues", &self.queues),
            ("Tables", &self.tables),
            ("Topics", &self.topics),
            ("EventBuses", &self.buses),
            ("Rules", &self.rules),
            ("Roles", &self.roles),
            ("Buckets", &self.buckets),
            ("Functions", &self.functions),
            ("EventSourceMappings", &self.mappings),
            ("Apis", &self.apis),
            ("Pipes", &self.pipes),
            ("Alarms", &self.alarms),
            ("ResourcePolicies", &self.resource_policies),
        ];
        for (k, v) in sections {
            if !v.is_empty() {
                m.insert(k.into(), Value::Array(v.clone()));
            }
        }
        Value::Object(m)
    }
}
