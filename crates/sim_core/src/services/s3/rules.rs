//! What S3 refuses in a bucket's name and its notification configuration, checked
//! when a scenario or template is read (S3 refuses them when the bucket is created
//! or its configuration is put, before any object arrives).

use super::{BucketConfig, Destination, Notification};

/// The event types S3 can notify, wildcards included.
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html>
pub const EVENT_TYPES: &[&str] = &[
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*",
    "s3:ObjectRestore:Post",
    "s3:ObjectRestore:Completed",
    "s3:ObjectRestore:Delete",
    "s3:ReducedRedundancyLostObject",
    "s3:Replication:*",
    "s3:Replication:OperationFailedReplication",
    "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:Replication:OperationNotTracked",
    "s3:LifecycleExpiration:*",
    "s3:LifecycleExpiration:Delete",
    "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:LifecycleTransition",
    "s3:IntelligentTiering",
    "s3:ObjectTagging:*",
    "s3:ObjectTagging:Put",
    "s3:ObjectTagging:Delete",
    "s3:ObjectAcl:Put",
];

/// S3's general purpose bucket naming rules, or what breaks them.
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>
pub fn bucket_name_problem(name: &str) -> Option<&'static str> {
    let bytes = name.as_bytes();
    let edge_ok = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !(3..=63).contains(&name.len()) {
        Some("must be 3 to 63 characters long")
    } else if !bytes
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'.' || *b == b'-')
    {
        Some("can consist only of lowercase letters, numbers, periods (.) and hyphens (-)")
    } else if !edge_ok(bytes.first()) || !edge_ok(bytes.last()) {
        Some("must begin and end with a letter or number")
    } else if name.contains("..") {
        Some("must not contain two adjacent periods")
    } else if name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok()) {
        Some("must not be formatted as an IP address")
    } else if ["xn--", "sthree-", "amzn-s3-demo-"]
        .iter()
        .any(|p| name.starts_with(p))
    {
        Some("must not start with xn--, sthree- or amzn-s3-demo-")
    } else if ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]
        .iter()
        .any(|s| name.ends_with(s))
    {
        Some("must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3")
    } else {
        None
    }
}

/// Whether two event types can name the same event (`s3:ObjectCreated:*` and
/// `s3:ObjectCreated:Put` do).
fn events_meet(a: &str, b: &str) -> bool {
    let family = |e: &str| e.strip_suffix('*').map(str::to_string);
    match (family(a), family(b)) {
        (Some(fa), _) if b.starts_with(&fa) => true,
        (_, Some(fb)) if a.starts_with(&fb) => true,
        _ => a == b,
    }
}

/// Whether some key could pass both filters: two prefixes overlap when one starts
/// the other (an absent one is ""), two suffixes when one ends the other.
fn filters_meet(a: &Notification, b: &Notification) -> bool {
    let (pa, pb) = (
        a.prefix.as_deref().unwrap_or(""),
        b.prefix.as_deref().unwrap_or(""),
    );
    let (sa, sb) = (
        a.suffix.as_deref().unwrap_or(""),
        b.suffix.as_deref().unwrap_or(""),
    );
    (pa.starts_with(pb) || pb.starts_with(pa)) && (sa.ends_with(sb) || sb.ends_with(sa))
}

/// What S3 would refuse in `bucket`'s configuration, in S3's words where it has them.
pub fn configuration_problem(bucket: &BucketConfig) -> Option<String> {
    if let Some(why) = bucket_name_problem(&bucket.bucket_name) {
        return Some(format!("InvalidBucketName: the bucket name {why}"));
    }
    for n in &bucket.notifications {
        // "FIFO queues are not allowed when enabling an SQS queue as the event
        // notification destination" (CloudFormation's QueueConfiguration); nor FIFO topics.
        if !matches!(n.destination, Destination::Function(_))
            && n.destination.name().ends_with(".fifo")
        {
            return Some(format!(
                "{} is a FIFO {}: S3 event notifications cannot go to a FIFO queue or topic (use a standard one)",
                n.destination.name(),
                if matches!(n.destination, Destination::Queue(_)) { "queue" } else { "topic" }
            ));
        }
        if let Some(e) = n.events.iter().find(|e| !EVENT_TYPES.contains(&e.as_str())) {
            return Some(format!(
                "event \"{e}\" is not an S3 notification event type (for example s3:ObjectCreated:* or s3:ObjectCreated:Put)"
            ));
        }
    }
    let ns = &bucket.notifications;
    for (i, a) in ns.iter().enumerate() {
        for b in &ns[i + 1..] {
            let shared = a
                .events
                .iter()
                .find(|ea| b.events.iter().any(|eb| events_meet(ea, eb)));
            if let (Some(e), true) = (shared, filters_meet(a, b)) {
                return Some(format!(
                    "Configurations overlap. Configurations on the same bucket cannot share a common event type ({e}, to {} and to {}): give them prefixes or suffixes no key can match both of",
                    a.destination.name(),
                    b.destination.name()
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(events: &[&str], prefix: Option<&str>, suffix: Option<&str>) -> Notification {
        Notification {
            id: None,
            destination: Destination::Queue("q".into()),
            events: events.iter().map(|e| e.to_string()).collect(),
            prefix: prefix.map(str::to_string),
            suffix: suffix.map(str::to_string),
        }
    }

    fn bucket(notifications: Vec<Notification>) -> BucketConfig {
        BucketConfig {
            bucket_name: "pedidos-upload-bucket".into(),
            notifications,
            event_bridge: false,
        }
    }

    /// "If an event type is defined in more than one configuration, the prefixes and
    /// suffixes can't overlap" (FilterRule: "Overlapping prefixes and suffixes are
    /// not supported", <https://docs.aws.amazon.com/AmazonS3/latest/API/API_FilterRule.html>;
    /// the examples in
    /// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html>).
    #[test]
    fn configurations_sharing_an_event_type_must_not_overlap() {
        let put = "s3:ObjectCreated:Put";
        let all = "s3:ObjectCreated:*";
        let refused = [
            vec![n(&[all], Some("b/"), None), n(&[put], Some("b/"), None)],
            vec![
                n(&[put], Some("images/"), None),
                n(&[put], Some("images/cats/"), None),
            ],
            vec![
                n(&[put], None, Some(".jpg")),
                n(&[put], Some("images/"), None),
            ],
            vec![n(&[put], None, None), n(&[put], None, Some(".csv"))],
        ];
        for ns in refused {
            let why = configuration_problem(&bucket(ns.clone())).unwrap_or_default();
            assert!(why.starts_with("Configurations overlap."), "{ns:?}: {why}");
        }
        let accepted = [
            vec![
                n(&[put], Some("images/"), None),
                n(&[put], Some("logs/"), None),
            ],
            vec![
                n(&[put], Some("images/"), Some(".jpg")),
                n(&[put], Some("images/"), Some(".png")),
            ],
            vec![
                n(&[put], None, None),
                n(&["s3:ObjectRemoved:*"], None, None),
            ],
        ];
        for ns in accepted {
            assert_eq!(configuration_problem(&bucket(ns.clone())), None, "{ns:?}");
        }
    }

    /// "FIFO queues are not allowed when enabling an SQS queue as the event
    /// notification destination."
    /// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-queueconfiguration.html>
    #[test]
    fn fifo_destinations_are_refused() {
        let mut fifo = n(&["s3:ObjectCreated:*"], None, None);
        fifo.destination = Destination::Queue("arn:aws:sqs:us-east-1:123456789012:up.fifo".into());
        let why = configuration_problem(&bucket(vec![fifo])).unwrap_or_default();
        assert!(why.contains("up.fifo is a FIFO queue"), "{why}");
    }

    #[test]
    fn unknown_event_types_are_refused() {
        let why = configuration_problem(&bucket(vec![n(&["s3:BogusEvent"], None, None)]));
        assert!(why.unwrap_or_default().contains("s3:BogusEvent"));
        assert_eq!(
            configuration_problem(&bucket(vec![n(&["s3:ObjectRemoved:*"], None, None)])),
            None
        );
    }

    /// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>
    #[test]
    fn bucket_names_follow_s3s_rules() {
        for bad in [
            "My_Bucket",
            "ab",
            "-abc",
            "abc-",
            "a..b",
            "192.168.5.4",
            "xn--abc",
            "abc-s3alias",
            "abc.mrap",
            &"a".repeat(64),
        ] {
            assert!(bucket_name_problem(bad).is_some(), "{bad}");
        }
        for good in [
            "pedidos-upload-bucket",
            "abc",
            "my.bucket.name",
            "1-2-3",
            &"a".repeat(63),
        ] {
            assert_eq!(bucket_name_problem(good), None, "{good}");
        }
    }
}
