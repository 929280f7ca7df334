//! An S3 bucket: its objects, where its notifications go, and the sample file the
//! upload form starts with.

use crate::{SimTime, Simulation};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRow {
    pub key: String,
    pub size_bytes: usize,
    pub etag: String,
    pub last_modified_ms: SimTime,
    /// The first lines of the object, as a preview.
    pub preview: String,
}

/// One notification as a sentence's parts: which events, which filter, to what.
#[derive(Clone, Debug, PartialEq)]
pub struct NotificationRow {
    pub events: String,
    pub filter: String,
    /// "Lambda", "SQS" or "SNS", and the destination's name.
    pub service: &'static str,
    pub destination: String,
    /// The configuration itself, to tell which keys it fires for.
    pub notification: crate::services::s3::Notification,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BucketView {
    pub name: String,
    pub arn: String,
    /// Newest first.
    pub objects: Vec<ObjectRow>,
    pub notifications: Vec<NotificationRow>,
    pub event_bridge: bool,
    pub sample_key: String,
    pub sample_body: String,
    pub epoch_ms: u64,
}

/// Lines of an object a row previews.
const PREVIEW_LINES: usize = 6;

impl BucketView {
    pub fn of(sim: &Simulation, name: &str) -> Option<BucketView> {
        let b = sim.bucket(name)?;
        let mut objects: Vec<ObjectRow> = b
            .objects
            .values()
            .map(|o| ObjectRow {
                key: o.key.clone(),
                size_bytes: o.body.len(),
                etag: o.etag.clone(),
                last_modified_ms: o.last_modified_ms,
                preview: o
                    .body
                    .lines()
                    .take(PREVIEW_LINES)
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect();
        objects.sort_by(|a, b| {
            b.last_modified_ms
                .cmp(&a.last_modified_ms)
                .then(a.key.cmp(&b.key))
        });
        let notifications = b
            .config
            .notifications
            .iter()
            .map(|n| {
                let (service, destination) =
                    (n.destination.service(), n.destination.name().to_string());
                let mut filter = Vec::new();
                if let Some(p) = &n.prefix {
                    filter.push(format!("prefix {p}"));
                }
                if let Some(s) = &n.suffix {
                    filter.push(format!("suffix {s}"));
                }
                NotificationRow {
                    notification: n.clone(),
                    events: n.events.join(", "),
                    filter: filter.join(", "),
                    service,
                    destination,
                }
            })
            .collect();
        let sample = sim
            .scenario()
            .console
            .upload_sample
            .clone()
            .unwrap_or_default();
        Some(BucketView {
            name: name.to_string(),
            arn: crate::services::s3::bucket_arn(name),
            objects,
            notifications,
            event_bridge: b.config.event_bridge,
            sample_key: sample.key,
            sample_body: sample.body,
            epoch_ms: sim.epoch_ms(),
        })
    }
}

impl BucketView {
    /// Whether a PutObject of `key` notifies anything (a `.txt` under a `.json`/`.csv`
    /// filter does not, and a learner sees nothing happen).
    pub fn notifies(&self, key: &str) -> bool {
        self.event_bridge
            || self
                .notifications
                .iter()
                .any(|n| n.notification.fires_for_put(key))
    }
}
