//! SNS topics and subscriptions: SQS (with AWS's envelope unless RawMessageDelivery),
//! Lambda (asynchronous) and e-mail (an inbox the app shows), filter policies on
//! message attributes or body using EventBridge's operator engine, subscription DLQs.

use serde::Serialize;
use serde_json::{Map, Value};

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
    /// …FilteredOut, and …FilteredOut-NoMessageAttributes (counted apart from it).
    pub notifications_filtered_out: u64,
    pub notifications_filtered_out_no_attributes: u64,
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

/// One published message, as every subscription's copy of it shares it.
pub struct Notification<'a> {
    pub region: &'a str,
    pub message_id: &'a str,
    pub topic_arn: &'a str,
    pub subject: Option<&'a str>,
    pub message: &'a str,
    pub timestamp: &'a str,
    /// `{ name: { "Type", "Value" } }`.
    pub attributes: &'a Map<String, Value>,
}

impl Notification<'_> {
    /// The JSON document SNS delivers to one subscription: the body an SQS queue (raw
    /// delivery off), an HTTP/S endpoint or a subscription DLQ gets, or with `lambda` the
    /// `Records[].Sns` object of a Lambda event.
    ///
    /// - The SQS/HTTP document leaves `Subject` out when the publisher gave none
    ///   (<https://docs.aws.amazon.com/sns/latest/dg/http-notification-json.html>); the
    ///   Lambda record carries `"Subject": null`, as the events SNS delivers to Lambda do.
    /// - The certificate and unsubscribe URLs are on the topic's Region's endpoint, and
    ///   the unsubscribe URL names this subscription's ARN.
    /// - The Lambda record spells them `SigningCertUrl`/`UnsubscribeUrl`
    ///   (<https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html>), the SQS/HTTP
    ///   document `SigningCertURL`/`UnsubscribeURL`.
    /// - The SQS/HTTP document has `MessageAttributes` only when there are some (AWS's
    ///   example body in <https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html>
    ///   has none); the Lambda record always has it, `{}` when empty.
    pub fn envelope(&self, subscription_arn: &str, lambda: bool) -> Value {
        let endpoint = format!("https://sns.{}.amazonaws.com", self.region);
        let (cert_key, unsubscribe_key) = if lambda {
            ("SigningCertUrl", "UnsubscribeUrl")
        } else {
            ("SigningCertURL", "UnsubscribeURL")
        };
        let mut o = Map::new();
        o.insert("Type".into(), "Notification".into());
        o.insert("MessageId".into(), self.message_id.into());
        o.insert("TopicArn".into(), self.topic_arn.into());
        match self.subject {
            Some(s) => {
                o.insert("Subject".into(), s.into());
            }
            None if lambda => {
                o.insert("Subject".into(), Value::Null);
            }
            None => {}
        }
        o.insert("Message".into(), self.message.into());
        o.insert("Timestamp".into(), self.timestamp.into());
        o.insert("SignatureVersion".into(), "1".into());
        o.insert("Signature".into(), "EXAMPLEpH+..".into());
        o.insert(
            cert_key.into(),
            format!("{endpoint}/SimpleNotificationService-0000000000000000000000.pem").into(),
        );
        o.insert(
            unsubscribe_key.into(),
            format!("{endpoint}/?Action=Unsubscribe&SubscriptionArn={subscription_arn}").into(),
        );
        // The Lambda record always has it; the SQS/HTTP document only when the publisher
        // sent attributes (`body["MessageAttributes"]` is a KeyError there otherwise).
        if lambda || !self.attributes.is_empty() {
            o.insert(
                "MessageAttributes".into(),
                Value::Object(self.attributes.clone()),
            );
        }
        Value::Object(o)
    }
}

/// What Publish refuses before anything is published: a message over 256 KB with
/// its attributes ("Invalid parameter: Message too long"), and a Subject that is
/// empty, over 100 characters, or holds a line break or a control character
/// ("Invalid parameter: Subject"), as AWS answers them.
/// <https://docs.aws.amazon.com/sns/latest/api/API_Publish.html>
pub fn check_publish(
    message: &str,
    subject: Option<&str>,
    attributes: &std::collections::BTreeMap<String, crate::sqs::MessageAttribute>,
) -> Result<(), crate::error::SimError> {
    use crate::limits::sns::{MAX_MESSAGE_BYTES, MAX_SUBJECT_CHARS};
    let attribute_bytes: usize = attributes
        .iter()
        .map(|(name, a)| name.len() + a.data_type.len() + a.string_value.len())
        .sum();
    if message.len() + attribute_bytes > MAX_MESSAGE_BYTES {
        return Err(crate::error::SimError::new(
            "InvalidParameter",
            "Invalid parameter: Message too long",
        ));
    }
    if let Some(s) = subject {
        if s.is_empty() || s.chars().count() > MAX_SUBJECT_CHARS || s.chars().any(char::is_control)
        {
            return Err(crate::error::SimError::new(
                "InvalidParameter",
                "Invalid parameter: Subject",
            ));
        }
    }
    Ok(())
}

/// Whether a filter policy reaches into nested keys (`{"customer": {"tier": [...]}}`),
/// which only a MessageBody scope accepts: message attributes are flat.
/// <https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html>
pub fn is_nested(policy: &Value) -> bool {
    let Value::Object(o) = policy else {
        return false;
    };
    o.iter().any(|(k, v)| match v {
        Value::Object(_) => true,
        Value::Array(alternatives) if k == "$or" => alternatives.iter().any(is_nested),
        _ => false,
    })
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
    // EventBridge's `wildcard` is not an SNS operator (SNS's list: exact, prefix,
    // suffix, anything-but, equals-ignore-case, numeric, cidr, exists).
    // An operator is a key of an object inside a key's list of values; a field or an
    // attribute may well be called "wildcard".
    fn uses_wildcard(v: &Value) -> bool {
        let Value::Object(o) = v else {
            return false;
        };
        o.iter().any(|(key, x)| match x {
            Value::Array(alternatives) if key == "$or" => alternatives.iter().any(uses_wildcard),
            Value::Array(values) => values
                .iter()
                .any(|m| matches!(m, Value::Object(op) if op.contains_key("wildcard"))),
            nested => uses_wildcard(nested),
        })
    }
    if uses_wildcard(policy) {
        return Err("Invalid parameter: FilterPolicy: Unrecognized match type wildcard".into());
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn notification<'a>(
        subject: Option<&'a str>,
        attrs: &'a Map<String, Value>,
    ) -> Notification<'a> {
        Notification {
            region: "us-east-2",
            message_id: "m-1",
            topic_arn: "arn:aws:sns:us-east-2:123456789012:t1",
            subject,
            message: "hello",
            timestamp: "2026-01-01T00:00:00.000Z",
            attributes: attrs,
        }
    }

    /// <https://docs.aws.amazon.com/sns/latest/dg/http-notification-json.html>: "If no
    /// Subject was specified, then this name-value pair does not appear in this JSON
    /// document"; SigningCertURL and UnsubscribeURL are on the topic's Region and the
    /// latter names the subscription.
    #[test]
    fn the_sqs_envelope_omits_a_missing_subject_and_uses_the_region_and_subscription() {
        let attrs = Map::new();
        let sub = "arn:aws:sns:us-east-2:123456789012:t1:3bcfd355-sub2";
        let e = notification(None, &attrs).envelope(sub, false);
        assert!(e.get("Subject").is_none(), "{e}");
        assert_eq!(
            e["SigningCertURL"],
            "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem"
        );
        assert_eq!(
            e["UnsubscribeURL"],
            format!(
                "https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={sub}"
            )
        );
        assert!(e.get("SigningCertUrl").is_none() && e.get("UnsubscribeUrl").is_none());
        let with = notification(Some("Order alert"), &attrs).envelope(sub, false);
        assert_eq!(with["Subject"], "Order alert");
    }

    /// <https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html> (example Amazon SNS
    /// message event): the Lambda record spells SigningCertUrl and UnsubscribeUrl.
    #[test]
    fn the_lambda_record_spells_the_urls_as_lambda_does() {
        let attrs: Map<String, Value> =
            [("a".to_string(), json!({ "Type": "String", "Value": "v" }))]
                .into_iter()
                .collect();
        let sub = "arn:aws:sns:us-east-2:123456789012:t1:3bcfd355-sub0";
        let e = notification(None, &attrs).envelope(sub, true);
        assert_eq!(
            e["SigningCertUrl"],
            "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem"
        );
        assert_eq!(
            e["UnsubscribeUrl"],
            format!(
                "https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={sub}"
            )
        );
        assert!(e.get("SigningCertURL").is_none() && e.get("UnsubscribeURL").is_none());
        assert_eq!(e["Subject"], Value::Null);
        assert_eq!(e["MessageAttributes"]["a"]["Value"], "v");
    }

    /// SNS filter policies have no `wildcard` operator (EventBridge patterns do):
    /// https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
    /// lists the operators; AWS answers an unknown one "Unrecognized match type".
    #[test]
    fn a_filter_policy_with_a_wildcard_is_refused() {
        let err = compile_filter_policy(&json!({ "order": [{ "wildcard": "A-*" }] })).unwrap_err();
        assert_eq!(
            err,
            "Invalid parameter: FilterPolicy: Unrecognized match type wildcard"
        );
        let body = json!({ "detail": { "id": [{ "prefix": "A-" }] } });
        assert!(compile_filter_policy(&body).is_ok());
        let or = json!({ "$or": [{ "a": ["x"] }, { "b": [{ "wildcard": "*" }] }] });
        assert!(compile_filter_policy(&or).is_err());
        for named in [
            json!({ "wildcard": ["yes"] }),
            json!({ "detail": { "wildcard": [{ "prefix": "a" }] } }),
        ] {
            let compiled = compile_filter_policy(&named);
            assert!(compiled.is_ok(), "a field called wildcard: {compiled:?}");
        }
    }

    /// A publish without attributes: the SQS body has no `MessageAttributes` key (AWS's
    /// example body, https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html,
    /// and a capture from AWS in LocalStack's validated filter-policy test); the Lambda
    /// record has `{}`. With attributes, both carry them.
    #[test]
    fn message_attributes_appear_in_the_sqs_body_only_when_there_are_some() {
        let none = Map::new();
        let sub = "arn:aws:sns:us-east-2:123456789012:t1:3bcfd355-sub2";
        let sqs = notification(None, &none).envelope(sub, false);
        assert!(sqs.get("MessageAttributes").is_none(), "{sqs}");
        let lambda = notification(None, &none).envelope(sub, true);
        assert_eq!(lambda["MessageAttributes"], json!({}));
        let some: Map<String, Value> = [(
            "tier".to_string(),
            json!({ "Type": "String", "Value": "gold" }),
        )]
        .into_iter()
        .collect();
        let sqs = notification(None, &some).envelope(sub, false);
        assert_eq!(sqs["MessageAttributes"]["tier"]["Value"], "gold");
    }
}
