//! SNS topics and subscriptions: SQS (with AWS's envelope unless RawMessageDelivery),
//! Lambda (asynchronous) and e-mail (an inbox the app shows), filter policies on
//! message attributes or body using EventBridge's operator engine, subscription DLQs.

use serde::Serialize;
use serde_json::Value;

use crate::eventbridge::EventPattern;
use crate::services::de::{self, read, req, FromJson, Res};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionConfig {
    /// sqs, lambda or email.
    pub protocol: String,
    /// A queue or function ARN or name, or an e-mail address.
    pub endpoint: String,
    pub raw_message_delivery: bool,
    pub filter_policy: Option<Value>,
    /// MessageAttributes (the default) or MessageBody.
    pub filter_policy_scope: Option<String>,
    /// RedrivePolicy.deadLetterTargetArn: where undeliverable messages go.
    pub dead_letter_queue: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicConfig {
    pub topic_name: String,
    pub fifo_topic: bool,
    pub content_based_deduplication: bool,
    pub subscriptions: Vec<SubscriptionConfig>,
}

impl FromJson for SubscriptionConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct SubscriptionConfig", true, "",
            "Protocol" protocol de::string,
            "Endpoint" endpoint de::string,
            "RawMessageDelivery" raw_message_delivery de::boolean,
            "FilterPolicy" filter_policy |x| de::opt(x, de::value),
            "FilterPolicyScope" filter_policy_scope de::opt_string,
            "DeadLetterQueue" dead_letter_queue de::opt_string,
        );
        Ok(SubscriptionConfig {
            protocol: req(protocol, "Protocol")?,
            endpoint: req(endpoint, "Endpoint")?,
            raw_message_delivery: raw_message_delivery.unwrap_or_default(),
            filter_policy: filter_policy.flatten(),
            filter_policy_scope: filter_policy_scope.flatten(),
            dead_letter_queue: dead_letter_queue.flatten(),
        })
    }
}

impl FromJson for TopicConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct TopicConfig", true, "",
            "TopicName" topic_name de::string,
            "FifoTopic" fifo_topic de::boolean,
            "ContentBasedDeduplication" content_based_deduplication de::boolean,
            "Subscriptions" subscriptions |x| de::vec(x, de::parse),
        );
        Ok(TopicConfig {
            topic_name: req(topic_name, "TopicName")?,
            fifo_topic: fifo_topic.unwrap_or_default(),
            content_based_deduplication: content_based_deduplication.unwrap_or_default(),
            subscriptions: subscriptions.unwrap_or_default(),
        })
    }
}

#[derive(Clone, Debug)]
pub struct Subscription {
    pub config: SubscriptionConfig,
    pub arn: String,
    pub filter: Option<EventPattern>,
    pub filter_on_body: bool,
    /// Set when the endpoint's resource policy does not let SNS in: every delivery
    /// fails (to the subscription's DLQ, or lost), as a client error is not retried.
    pub refused_by_policy: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Topic {
    pub config: TopicConfig,
    pub subscriptions: Vec<Subscription>,
    pub published: u64,
    /// AWS/SNS NumberOfNotificationsDelivered and …Failed, since the start.
    pub notifications_delivered: u64,
    pub notifications_failed: u64,
}

/// An e-mail an e-mail subscription received.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Email {
    pub at_ms: u64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub fn topic_arn(region: &str, name: &str) -> String {
    format!("arn:aws:sns:{region}:{}:{name}", crate::ACCOUNT_ID)
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
