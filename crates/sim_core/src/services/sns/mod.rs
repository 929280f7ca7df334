//! SNS topics and subscriptions: SQS (with AWS's envelope unless RawMessageDelivery),
//! Lambda (asynchronous) and e-mail (an inbox the app shows), filter policies on
//! message attributes or body using EventBridge's operator engine, subscription DLQs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::eventbridge::EventPattern;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct SubscriptionConfig {
    /// sqs, lambda or email.
    pub protocol: String,
    /// A queue or function ARN or name, or an e-mail address.
    pub endpoint: String,
    #[serde(default)]
    pub raw_message_delivery: bool,
    #[serde(default)]
    pub filter_policy: Option<Value>,
    /// MessageAttributes (the default) or MessageBody.
    #[serde(default)]
    pub filter_policy_scope: Option<String>,
    /// RedrivePolicy.deadLetterTargetArn: where undeliverable messages go.
    #[serde(default)]
    pub dead_letter_queue: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct TopicConfig {
    pub topic_name: String,
    #[serde(default)]
    pub fifo_topic: bool,
    #[serde(default)]
    pub content_based_deduplication: bool,
    #[serde(default)]
    pub subscriptions: Vec<SubscriptionConfig>,
}

#[derive(Clone, Debug)]
pub struct Subscription {
    pub config: SubscriptionConfig,
    pub arn: String,
    pub filter: Option<EventPattern>,
    pub filter_on_body: bool,
}

#[derive(Clone, Debug)]
pub struct Topic {
    pub config: TopicConfig,
    pub subscriptions: Vec<Subscription>,
    pub published: u64,
}

/// An e-mail an e-mail subscription received.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Email {
    pub at_ms: u64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub fn topic_arn(name: &str) -> String {
    format!("arn:aws:sns:{}:{}:{name}", crate::REGION, crate::ACCOUNT_ID)
}

/// Checks a filter policy's shape and limits (5 keys, 150 combinations) and compiles it.
pub fn compile_filter_policy(policy: &Value) -> Result<EventPattern, String> {
    fn count(v: &Value, keys: &mut usize, combos: &mut usize) {
        if let Value::Object(o) = v {
            for (k, x) in o {
                match x {
                    Value::Array(a) if k != "$or" => {
                        *keys += 1;
                        *combos = combos.saturating_mul(a.len().max(1));
                    }
                    Value::Array(a) => {
                        for alt in a {
                            count(alt, keys, combos);
                        }
                    }
                    other => count(other, keys, combos),
                }
            }
        }
    }
    let (mut keys, mut combos) = (0, 1);
    count(policy, &mut keys, &mut combos);
    if keys > 5 {
        return Err(format!(
            "Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys ({keys})"
        ));
    }
    if combos > 150 {
        return Err(format!("Invalid parameter: FilterPolicy: Filter policy is too complex ({combos} combinations; the limit is 150)"));
    }
    EventPattern::from_json(policy).map_err(|e| format!("Invalid parameter: FilterPolicy: {}", e.0))
}

/// The SNS service of one world: topics, the e-mail inbox and FIFO deduplication.
#[derive(Clone, Debug, Default)]
pub struct Sns {
    pub topics: Vec<Topic>,
    /// E-mails the e-mail subscriptions received, oldest first.
    pub inbox: std::collections::VecDeque<Email>,
    /// FIFO topics: deduplication key → end of its 5-minute window.
    pub dedup: std::collections::BTreeMap<String, crate::kernel::time::SimTime>,
}
