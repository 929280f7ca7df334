//! S3: buckets, objects put into them, and event notifications for ObjectCreated
//! to SQS, Lambda, SNS and EventBridge, with AWS's event record shape.
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html>

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::services::de::{self, read, req, FromJson, Res};

pub mod rules;

/// The largest object a learner can put here (the app reads files in memory); S3's
/// own single-PUT limit is 5 GB.
pub const MAX_OBJECT_BYTES: usize = 1024 * 1024;

/// Where an ObjectCreated notification goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Destination {
    Queue(String),
    Function(String),
    Topic(String),
}

impl Destination {
    /// The destination's name, from its ARN or as written.
    pub fn name(&self) -> &str {
        match self {
            Destination::Queue(arn) | Destination::Topic(arn) => {
                arn.rsplit(':').next().unwrap_or(arn)
            }
            Destination::Function(arn) => crate::lambda::function_name_from(arn),
        }
    }

    /// The service, as the console names it.
    pub fn service(&self) -> &'static str {
        match self {
            Destination::Queue(_) => "SQS",
            Destination::Function(_) => "Lambda",
            Destination::Topic(_) => "SNS",
        }
    }
}

/// One QueueConfiguration / LambdaConfiguration / TopicConfiguration.
#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    pub id: Option<String>,
    pub destination: Destination,
    /// `s3:ObjectCreated:*` or `s3:ObjectCreated:Put`.
    pub events: Vec<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BucketConfig {
    pub bucket_name: String,
    pub notifications: Vec<Notification>,
    /// EventBridgeConfiguration: every event goes to the default bus.
    pub event_bridge: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct S3Object {
    pub key: String,
    pub body: String,
    pub etag: String,
    pub sequencer: u64,
    pub last_modified_ms: u64,
}

#[derive(Clone, Debug)]
pub struct Bucket {
    pub config: BucketConfig,
    pub objects: BTreeMap<String, S3Object>,
}

#[derive(Clone, Debug, Default)]
pub struct S3 {
    pub buckets: Vec<Bucket>,
    /// S3's sequencer grows with every put: later events for a key sort after.
    pub next_sequencer: u64,
}

impl S3 {
    pub fn bucket_index(&self, name: &str) -> Option<usize> {
        self.buckets
            .iter()
            .position(|b| b.config.bucket_name == name)
    }
}

pub fn bucket_arn(bucket: &str) -> String {
    format!("arn:aws:s3:::{bucket}")
}

pub fn object_arn(bucket: &str, key: &str) -> String {
    format!("arn:aws:s3:::{bucket}/{key}")
}

impl Notification {
    /// Whether a PutObject of `key` fires this notification. The filter matches the
    /// key as the record carries it, URL-encoded: "If your prefix or suffix contains a
    /// space, you must replace it with the "+" character. If you use any other special
    /// characters in the value of the prefix or suffix, you must enter them in
    /// URL-encoded (percent-encoded) format."
    /// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html>
    pub fn fires_for_put(&self, key: &str) -> bool {
        let event = self
            .events
            .iter()
            .any(|e| e == "s3:ObjectCreated:*" || e == "s3:ObjectCreated:Put");
        let key = encode_key(key);
        event
            && self.prefix.as_deref().is_none_or(|p| key.starts_with(p))
            && self.suffix.as_deref().is_none_or(|s| key.ends_with(s))
    }
}

/// S3's key encoding in event records: form encoding, so a space is `+` and every
/// byte outside letters, digits and `-_.~/` is `%XX` (`red flower.jpg` →
/// `red+flower.jpg`).
pub fn encode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// An ObjectCreated:Put record, as S3 writes it.
pub fn event_record(
    region: &str,
    bucket: &str,
    object: &S3Object,
    configuration_id: &str,
    event_time: &str,
    request_id: &str,
) -> Value {
    json!({
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": region,
        "eventTime": event_time,
        "eventName": "ObjectCreated:Put",
        "userIdentity": { "principalId": "AWS:AIDAEVENTLABLEARNER" },
        "requestParameters": { "sourceIPAddress": "127.0.0.1" },
        "responseElements": { "x-amz-request-id": request_id, "x-amz-id-2": format!("{request_id}/eventlab") },
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": configuration_id,
            "bucket": {
                "name": bucket,
                "ownerIdentity": { "principalId": "AEVENTLABOWNER" },
                "arn": bucket_arn(bucket),
            },
            "object": {
                "key": encode_key(&object.key),
                "size": object.body.len(),
                "eTag": object.etag,
                "sequencer": sequencer_hex(object.sequencer),
            }
        }
    })
}

/// A sequencer as S3 writes it: 18 upper-case hex digits in the events people
/// capture ("0062162C9B80307D50"; the docs' example "0A1B2C3D4E5F678901"), at a fixed
/// width here so that comparing two as text orders them, as S3 asks of a consumer
/// (pad the shorter, then compare).
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html>
fn sequencer_hex(sequencer: u64) -> String {
    format!("{sequencer:018X}")
}

/// The EventBridge event S3 sends for a put ("Object Created"), when the bucket
/// has EventBridge notifications on. Keys are not URL-encoded here.
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html>
pub fn eventbridge_detail(bucket: &str, object: &S3Object, request_id: &str) -> Value {
    json!({
        "version": "0",
        "bucket": { "name": bucket },
        "object": {
            "key": object.key,
            "size": object.body.len(),
            "etag": object.etag,
            "sequencer": sequencer_hex(object.sequencer),
        },
        "request-id": request_id,
        "requester": crate::ACCOUNT_ID,
        "source-ip-address": "127.0.0.1",
        "reason": "PutObject",
    })
}

/// PutObject's checks: a key of 1–1,024 bytes, a body within the bound.
pub fn check_put(key: &str, body: &str) -> Result<(), String> {
    if key.is_empty() || key.len() > 1024 {
        return Err(format!(
            "The object key must be 1 to 1,024 bytes long (this one is {} bytes)",
            key.len()
        ));
    }
    if key.chars().any(char::is_control) {
        return Err("The object key must not contain control characters".into());
    }
    if body.len() > MAX_OBJECT_BYTES {
        return Err(format!(
            "This simulator keeps objects up to {} KB in memory (this one is {} KB)",
            MAX_OBJECT_BYTES / 1024,
            body.len() / 1024
        ));
    }
    Ok(())
}

/// An MD5-like ETag (FNV-1a of the body, hex, deterministic), as event records carry
/// it: without the quotes S3's ETag header has ("eTag":"d41d8cd98f00b204e9800998ecf8427e",
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html>).
pub fn etag(body: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}{:016x}", h.rotate_left(29) ^ body.len() as u64)
}

fn filter_rules(v: &Value) -> Res<(Option<String>, Option<String>)> {
    read!(v, "struct Filter", true, "", "S3Key" s3_key |x| {
        read!(x, "struct S3Key", true, "", "Rules" rules |r| de::vec(r, |rule| {
            read!(rule, "struct FilterRule", true, "", "Name" name de::string, "Value" value de::string);
            Ok((req(name, "Name")?, req(value, "Value")?))
        }));
        Ok::<_, serde_json::Error>(rules.unwrap_or_default())
    });
    let (mut prefix, mut suffix) = (None, None);
    for (name, value) in s3_key.unwrap_or_default() {
        // "The same type of filter rule cannot be used more than once" (CloudFormation's
        // S3KeyFilter); S3 says "Cannot specify more than one prefix rule in a filter."
        let (slot, kind) = match name.to_ascii_lowercase().as_str() {
            "prefix" => (&mut prefix, "prefix"),
            "suffix" => (&mut suffix, "suffix"),
            _ => return Err(de::invalid(&Value::String(name), "prefix or suffix")),
        };
        if slot.replace(value).is_some() {
            return Err(serde::de::Error::custom(format!(
                "Cannot specify more than one {kind} rule in a filter."
            )));
        }
    }
    Ok((prefix, suffix))
}

fn notification(v: &Value, arn_field: &'static str) -> Res<Notification> {
    read!(v, "struct NotificationConfiguration", true, "",
        "Id" id de::opt_string,
        "Event" event de::string,
        "Events" events de::strings,
        "Filter" filter filter_rules,
        "Queue" queue de::string,
        "Function" function de::string,
        "Topic" topic de::string,
    );
    let mut events = events.unwrap_or_default();
    events.extend(event);
    if events.is_empty() {
        return Err(de::missing("Event"));
    }
    let destination = match arn_field {
        "Queue" => Destination::Queue(req(queue, "Queue")?),
        "Function" => Destination::Function(req(function, "Function")?),
        _ => Destination::Topic(req(topic, "Topic")?),
    };
    let (prefix, suffix) = filter.unwrap_or_default();
    Ok(Notification {
        id: id.flatten(),
        destination,
        events,
        prefix,
        suffix,
    })
}

/// `EventBridgeConfiguration`: S3's API sends `{}` to turn it on; CloudFormation
/// writes `{EventBridgeEnabled: true}` (required, so `false` turns it off).
fn event_bridge_enabled(v: &Value) -> Res<bool> {
    read!(v, "struct EventBridgeConfiguration", true, "",
        "EventBridgeEnabled" enabled de::boolean,
    );
    Ok(enabled.unwrap_or(true))
}

impl FromJson for BucketConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct BucketConfig", true, "",
            "BucketName" bucket_name de::string,
            "NotificationConfiguration" notification_configuration de::value,
        );
        let mut notifications = Vec::new();
        let mut event_bridge = false;
        if let Some(n) = &notification_configuration {
            read!(n, "struct NotificationConfiguration", true, "",
                "QueueConfigurations" queues |x| de::vec(x, |c| notification(c, "Queue")),
                "LambdaConfigurations" lambdas |x| de::vec(x, |c| notification(c, "Function")),
                "TopicConfigurations" topics |x| de::vec(x, |c| notification(c, "Topic")),
                "EventBridgeConfiguration" eb event_bridge_enabled,
            );
            notifications.extend(queues.unwrap_or_default());
            notifications.extend(lambdas.unwrap_or_default());
            notifications.extend(topics.unwrap_or_default());
            event_bridge = eb.unwrap_or(false);
        }
        Ok(BucketConfig {
            bucket_name: req(bucket_name, "BucketName")?,
            notifications,
            event_bridge,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_form_encoded_in_records() {
        assert_eq!(encode_key("red flower.jpg"), "red+flower.jpg");
        assert_eq!(
            encode_key("entrada/pedidos dia 2.csv"),
            "entrada/pedidos+dia+2.csv"
        );
        assert_eq!(
            encode_key("dt=2025-05-13/a+b.json"),
            "dt%3D2025-05-13/a%2Bb.json"
        );
        assert_eq!(encode_key("ção"), "%C3%A7%C3%A3o");
    }

    #[test]
    fn filters_by_prefix_and_suffix() {
        let n = Notification {
            id: None,
            destination: Destination::Queue("q".into()),
            events: vec!["s3:ObjectCreated:*".into()],
            prefix: Some("entrada/".into()),
            suffix: Some(".json".into()),
        };
        assert!(n.fires_for_put("entrada/p.json"));
        assert!(!n.fires_for_put("entrada/p.csv"));
        assert!(!n.fires_for_put("saida/p.json"));
        // A prefix with a space is written as S3 encodes it: "+", not " " (a learner
        // who types the space in AWS gets no notification).
        let mut spaced = n.clone();
        spaced.prefix = Some("pedidos dia/".into());
        assert!(!spaced.fires_for_put("pedidos dia/p.json"));
        spaced.prefix = Some("pedidos+dia/".into());
        assert!(spaced.fires_for_put("pedidos dia/p.json"));
        spaced.prefix = Some("a%C3%A7%C3%A3o/".into());
        assert!(spaced.fires_for_put("ação/p.json"));
    }
}
