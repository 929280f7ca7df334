//! Resource-based policies (an SQS queue's Policy attribute, an SNS topic policy,
//! a Lambda function's permissions): whether they let an AWS service principal
//! such as `events.amazonaws.com` call the resource. A resource the scenario gives
//! no policy entry is not modelled and lets everything in, as a scenario without
//! roles is not checked.
//! <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html>

use serde_json::Value;

use super::policy::glob;
use crate::services::de::{self, read, req, FromJson, Res};

/// `{"ResourceArn": …, "Policy": {"Version": …, "Statement": […]}}`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourcePolicy {
    pub resource_arn: String,
    pub policy: Value,
}

impl FromJson for ResourcePolicy {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct ResourcePolicy", true, "",
            "ResourceArn" resource_arn de::string,
            "Policy" policy de::value,
        );
        Ok(ResourcePolicy {
            resource_arn: req(resource_arn, "ResourceArn")?,
            policy: req(policy, "Policy")?,
        })
    }
}

/// What a call by `service` (`events.amazonaws.com`) to `action` on the resource,
/// on behalf of `source_arn` (the rule), gets: an explicit deny wins, then an allow;
/// otherwise the implicit deny.
pub fn allows_service(
    policy: &Value,
    service: &str,
    action: &str,
    resource_arn: &str,
    source_arn: &str,
) -> bool {
    let statements: Vec<&Value> = match policy.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(s @ Value::Object(_)) => vec![s],
        _ => Vec::new(),
    };
    let applies = |s: &&Value| {
        principal_matches(s.get("Principal"), service)
            && any_glob(s.get("Action"), action, true)
            && s.get("Resource")
                .is_none_or(|r| any_glob(Some(r), resource_arn, false))
            && conditions_hold(s.get("Condition"), source_arn)
    };
    let effect = |s: &&Value| {
        s.get("Effect")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let matching: Vec<&Value> = statements.into_iter().filter(applies).collect();
    if matching.iter().any(|s| effect(s) == "Deny") {
        return false;
    }
    matching.iter().any(|s| effect(s) == "Allow")
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn any_glob(patterns: Option<&Value>, text: &str, ignore_case: bool) -> bool {
    strings(patterns).iter().any(|p| {
        if ignore_case {
            glob(&p.to_ascii_lowercase(), &text.to_ascii_lowercase())
        } else {
            glob(p, text)
        }
    })
}

fn principal_matches(p: Option<&Value>, service: &str) -> bool {
    match p {
        Some(Value::String(s)) => s == "*",
        Some(Value::Object(m)) => {
            strings(m.get("Service")).contains(&service) || strings(m.get("AWS")).contains(&"*")
        }
        _ => false,
    }
}

/// Only the conditions these calls carry: aws:SourceArn and aws:SourceAccount
/// (ArnEquals, ArnLike, StringEquals, StringLike). Any other condition is not met.
fn conditions_hold(c: Option<&Value>, source_arn: &str) -> bool {
    let Some(Value::Object(ops)) = c else {
        return true;
    };
    ops.iter().all(|(op, keys)| {
        let Some(keys) = keys.as_object() else {
            return false;
        };
        let known = matches!(
            op.as_str(),
            "ArnEquals" | "ArnLike" | "StringEquals" | "StringLike"
        );
        known
            && keys
                .iter()
                .all(|(k, v)| match k.to_ascii_lowercase().as_str() {
                    "aws:sourcearn" => any_glob(Some(v), source_arn, false),
                    "aws:sourceaccount" => strings(Some(v)).contains(&crate::ACCOUNT_ID),
                    _ => false,
                })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const Q: &str = "arn:aws:sqs:us-east-1:123456789012:q";
    const RULE: &str = "arn:aws:events:us-east-1:123456789012:rule/bus/r";

    #[test]
    fn a_queue_policy_lets_eventbridge_send_only_when_it_says_so() {
        let allow = json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": Q, "Condition": {"ArnEquals": {"aws:SourceArn": RULE}}}]});
        assert!(allows_service(
            &allow,
            "events.amazonaws.com",
            "sqs:SendMessage",
            Q,
            RULE
        ));
        assert!(!allows_service(
            &allow,
            "events.amazonaws.com",
            "sqs:SendMessage",
            Q,
            "arn:aws:events:us-east-1:123456789012:rule/other"
        ));
        assert!(!allows_service(
            &allow,
            "sns.amazonaws.com",
            "sqs:SendMessage",
            Q,
            RULE
        ));
        assert!(!allows_service(
            &json!({"Statement": []}),
            "events.amazonaws.com",
            "sqs:SendMessage",
            Q,
            RULE
        ));
        let deny = json!({"Statement": [allow["Statement"][0].clone(), {"Effect": "Deny", "Principal": "*", "Action": "sqs:*"}]});
        assert!(!allows_service(
            &deny,
            "events.amazonaws.com",
            "sqs:SendMessage",
            Q,
            RULE
        ));
    }
}
