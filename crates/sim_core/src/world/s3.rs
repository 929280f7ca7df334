//! S3 in the world: PutObject stores the object and sends its ObjectCreated
//! notifications to the queues, functions, topics and the default event bus the
//! bucket names; a function reads an object with GetObject, through its role.

use serde_json::{json, Value};

use crate::error::{SimError, SimResult};
use crate::kernel::trace::TraceKind;
use crate::lambda::invocation::HandlerError;
use crate::services::s3::{self, Destination, S3Object};
use crate::world::Simulation;

impl Simulation {
    fn bucket_index(&self, bucket: &str) -> SimResult<usize> {
        self.s3
            .bucket_index(bucket)
            .ok_or_else(|| SimError::new("NoSuchBucket", "The specified bucket does not exist"))
    }

    /// PutObject: stores (or replaces) the object, then notifies.
    pub(crate) fn put_object(
        &mut self,
        bucket: &str,
        key: &str,
        body: String,
        caller: &str,
    ) -> SimResult<()> {
        let b = self.bucket_index(bucket)?;
        s3::check_put(key, &body).map_err(|m| SimError::new("InvalidArgument", m))?;
        let sequencer = self.s3.next_sequencer;
        self.s3.next_sequencer += 1;
        let object = S3Object {
            key: key.to_string(),
            etag: s3::etag(&body),
            body,
            sequencer,
            last_modified_ms: self.kernel.now_ms,
        };
        let size = object.body.len();
        self.s3.buckets[b]
            .objects
            .insert(key.to_string(), object.clone());
        self.record(
            TraceKind::ObjectCreated,
            caller,
            Some(bucket),
            Some(key),
            None,
            format_args!("PutObject {key} ({size} bytes)"),
        );
        self.notify_object_created(b, &object);
        Ok(())
    }

    fn notify_object_created(&mut self, b: usize, object: &S3Object) {
        let bucket = self.s3.buckets[b].config.bucket_name.clone();
        let request_id = self.kernel.ids.uuid().replace('-', "")[..16].to_uppercase();
        let time = crate::kernel::time::iso8601_ms(self.kernel.epoch_ms + self.kernel.now_ms);
        let notifications = self.s3.buckets[b].config.notifications.clone();
        for (i, n) in notifications.iter().enumerate() {
            if !n.fires_for_put(&object.key) {
                continue;
            }
            let config_id =
                n.id.clone()
                    .unwrap_or_else(|| format!("notification-{}", i + 1));
            let record = s3::event_record(
                self.scenario.region,
                &bucket,
                object,
                &config_id,
                &time,
                &request_id,
            );
            let event = json!({ "Records": [record] });
            self.deliver_s3_event(&bucket, &n.destination, event);
        }
        if self.s3.buckets[b].config.event_bridge {
            self.s3_to_eventbridge(&bucket, object, &request_id);
        }
    }

    /// When a bucket's notification configuration is put, S3 checks each SQS and SNS
    /// destination by sending it a test message, `s3:TestEvent` (Lambda destinations
    /// get none): the first message a queue behind a bucket holds, and the one a
    /// consumer that reads `Records[0]` fails on.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html>,
    /// shape: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html>
    pub(crate) fn send_s3_test_events(&mut self) {
        for b in 0..self.s3.buckets.len() {
            let bucket = self.s3.buckets[b].config.bucket_name.clone();
            let mut tested: Vec<Destination> = Vec::new();
            for n in self.s3.buckets[b].config.notifications.clone() {
                if matches!(n.destination, Destination::Function(_))
                    || tested.contains(&n.destination)
                {
                    continue;
                }
                let time =
                    crate::kernel::time::iso8601_ms(self.kernel.epoch_ms + self.kernel.now_ms);
                let request_id = self.kernel.ids.uuid().replace('-', "")[..16].to_uppercase();
                let host_id = self.kernel.ids.uuid().replace('-', "");
                let event = json!({
                    "Service": "Amazon S3",
                    "Event": "s3:TestEvent",
                    "Time": time,
                    "Bucket": bucket,
                    "RequestId": request_id,
                    "HostId": host_id,
                });
                self.deliver_s3_event(&bucket, &n.destination, event);
                tested.push(n.destination);
            }
        }
    }

    /// One notification to its destination. A destination that does not exist is
    /// said in the trace (AWS would have refused the configuration).
    fn deliver_s3_event(&mut self, bucket: &str, destination: &Destination, event: Value) {
        let result = match destination {
            Destination::Queue(q) => self.queue_index(q).and_then(|qi| {
                self.send_message(
                    qi,
                    event.to_string(),
                    Default::default(),
                    None,
                    None,
                    None,
                    bucket,
                )
                .map(|_| ())
            }),
            Destination::Function(f) => {
                let name = crate::lambda::function_name_from(f);
                self.function_index(name).map(|fi| {
                    self.invoke_async(fi as u32, event);
                })
            }
            Destination::Topic(t) => self.topic_index(t).map(|ti| {
                self.publish(
                    ti,
                    event.to_string(),
                    Some("Amazon S3 Notification".into()),
                    Default::default(),
                    bucket,
                    None,
                );
            }),
        };
        if let Err(e) = result {
            self.record(
                TraceKind::ActionRejected,
                bucket,
                None,
                None,
                None,
                format_args!("S3 event notification not delivered: {}", e.message),
            );
        }
    }

    /// EventBridge notifications: "Object Created" from aws.s3 on the default bus.
    fn s3_to_eventbridge(&mut self, bucket: &str, object: &S3Object, request_id: &str) {
        let id = self.kernel.ids.uuid();
        let event = json!({
            "version": "0",
            "id": id,
            "detail-type": "Object Created",
            "source": "aws.s3",
            "account": crate::ACCOUNT_ID,
            "time": crate::kernel::time::iso8601_s(self.kernel.epoch_ms + self.kernel.now_ms),
            "region": self.scenario.region,
            "resources": [s3::bucket_arn(bucket)],
            "detail": s3::eventbridge_detail(bucket, object, request_id),
        });
        self.record(
            TraceKind::EventPut,
            bucket,
            Some("default"),
            Some(&id),
            None,
            "aws.s3 / Object Created put on default",
        );
        self.route_event("default", event, None);
    }

    /// GetObject from a function's code, checked against its role.
    pub(crate) fn get_object_from(
        &self,
        f: u32,
        bucket: &str,
        key: &str,
    ) -> Result<String, HandlerError> {
        let err = |code: &str, m: &str| {
            HandlerError::new(
                "ClientError",
                format!("An error occurred ({code}) when calling the GetObject operation: {m}"),
            )
            .at("get_object(")
        };
        let b = self
            .s3
            .bucket_index(bucket)
            .ok_or_else(|| err("NoSuchBucket", "The specified bucket does not exist"))?;
        self.authorize_call(f, "s3:GetObject", &s3::object_arn(bucket, key), "GetObject")?;
        if let Some(o) = self.s3.buckets[b].objects.get(key) {
            return Ok(o.body.clone());
        }
        // "Amazon S3 returns this error only to an identity that has the s3:ListBucket
        // permission on the bucket. For any other identity, Amazon S3 returns an access
        // denied error instead" (a role with GetObject alone must not learn what exists).
        // <https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html>
        self.authorize_call(f, "s3:ListBucket", &s3::bucket_arn(bucket), "GetObject")?;
        Err(err("NoSuchKey", "The specified key does not exist."))
    }
}
