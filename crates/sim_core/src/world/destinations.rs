//! Where Lambda sends what it could not, or did, process: an asynchronous invocation's
//! OnSuccess and OnFailure records, a stream trigger's OnFailure record, and the
//! function's dead-letter queue. A destination is an SQS queue, an SNS topic, a Lambda
//! function or an EventBridge event bus (Lambda developer guide,
//! invocation-async-retain-records: "Lambda can send records of asynchronous
//! invocations to one of the following AWS services"); a dead-letter queue is a queue
//! or a topic.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::eventbridge::{PutEventsEntry, TargetKind};
use crate::kernel::trace::TraceKind;
use crate::sqs::MessageAttribute;
use crate::world::Simulation;

impl Simulation {
    /// Sends an invocation record to a destination, and says where it went. `which` is
    /// "OnSuccess" or "OnFailure".
    pub(crate) fn deliver_destination(
        &mut self,
        fname: &str,
        dest: &str,
        record: Value,
        which: &str,
        order: Option<&str>,
    ) {
        // A bare name that is not one resource is read as a queue's, as before ARNs.
        let kind = self
            .scenario
            .resolve_target(dest)
            .unwrap_or_else(|_| TargetKind::Queue(dest.to_string()));
        let fifo = self.is_fifo_destination(&kind);
        let delivered = match &kind {
            _ if fifo => false,
            TargetKind::Queue(_) => {
                self.destination_queue(dest, record.to_string(), BTreeMap::new(), fname)
            }
            TargetKind::Topic(name) => {
                self.destination_topic(name, record.to_string(), BTreeMap::new(), fname)
            }
            TargetKind::Function(name) => match self.function_index(name) {
                Ok(f) => {
                    self.invoke_async(f as u32, record);
                    true
                }
                Err(_) => false,
            },
            TargetKind::Bus(name) => {
                let entry = self.invocation_result_event(fname, name, which, record);
                // PutEvents answers 200 with the entry refused in FailedEntryCount.
                self.put_events(vec![entry], fname)
                    .is_ok_and(|r| r.failed_entry_count == 0)
            }
        };
        let to = kind.name().to_string();
        if delivered {
            self.record(
                TraceKind::DestinationDelivered,
                fname,
                Some(&to),
                None,
                order,
                format_args!("{which} destination: invocation record sent to {to}"),
            );
        } else {
            // Lambda counts DestinationDeliveryFailures; "an unsupported destination
            // type, such as an Amazon SQS FIFO queue or an Amazon SNS FIFO topic" is
            // one cause (invocation-async-retain-records).
            self.record(
                TraceKind::TargetFailed,
                fname,
                Some(&to),
                None,
                order,
                format_args!(
                    "{which} destination: {to} could not take the invocation record{}",
                    if fifo {
                        " (a FIFO queue or topic is not a supported destination)"
                    } else {
                        ""
                    }
                ),
            );
        }
    }

    /// A FIFO queue or topic: configurable as a destination, refused at delivery.
    fn is_fifo_destination(&self, kind: &TargetKind) -> bool {
        match kind {
            TargetKind::Queue(n) => self
                .queue_index(n)
                .is_ok_and(|q| self.sqs.queues[q].is_fifo()),
            TargetKind::Topic(n) => self
                .topic_index(n)
                .is_ok_and(|t| self.sns.topics[t].config.fifo_topic),
            _ => false,
        }
    }

    /// The event a bus destination gets: the record is its detail ("Lambda Function
    /// Invocation Result - Success" or "- Failure", from source `lambda`, as the AWS
    /// Compute Blog's "Introducing AWS Lambda Destinations" shows it).
    fn invocation_result_event(
        &self,
        fname: &str,
        bus: &str,
        which: &str,
        record: Value,
    ) -> PutEventsEntry {
        let region = self.scenario.region;
        let result = if which == "OnSuccess" {
            "Success"
        } else {
            "Failure"
        };
        PutEventsEntry {
            source: Some("lambda".into()),
            detail_type: Some(format!("Lambda Function Invocation Result - {result}")),
            detail: Some(record),
            event_bus_name: Some(bus.to_string()),
            resources: vec![
                crate::eventbridge::bus_arn(region, bus),
                format!("{}:$LATEST", crate::lambda::function_arn(region, fname)),
            ],
        }
    }

    /// The event itself, without the invocation record, with the error in its attributes
    /// ("For dead-letter queues, Lambda only sends the content of the event, without
    /// details about the response"; RequestID, ErrorCode, ErrorMessage: Lambda developer
    /// guide, invocation-async-retain-records). False when it could not be sent.
    pub(crate) fn deliver_dead_letter(
        &mut self,
        fname: &str,
        target_arn: &str,
        event: &Value,
        request_id: &str,
        error_message: &str,
    ) -> bool {
        let mut attrs = BTreeMap::new();
        for (k, v) in [
            ("RequestID", request_id),
            ("ErrorCode", "200"),
            ("ErrorMessage", error_message),
        ] {
            attrs.insert(
                k.to_string(),
                MessageAttribute {
                    data_type: "String".into(),
                    string_value: v.to_string(),
                },
            );
        }
        match self.scenario.resolve_target(target_arn) {
            Ok(TargetKind::Topic(name)) => {
                self.destination_topic(&name, event.to_string(), attrs, fname)
            }
            _ => self.destination_queue(target_arn, event.to_string(), attrs, fname),
        }
    }

    fn destination_queue(
        &mut self,
        dest: &str,
        body: String,
        attrs: BTreeMap<String, MessageAttribute>,
        fname: &str,
    ) -> bool {
        match self.queue_index(dest) {
            Ok(q) => self
                .send_message(q, body, attrs, None, None, None, fname)
                .is_ok(),
            Err(_) => false,
        }
    }

    fn destination_topic(
        &mut self,
        name: &str,
        message: String,
        attrs: BTreeMap<String, MessageAttribute>,
        fname: &str,
    ) -> bool {
        match self.topic_index(name) {
            Ok(t) => {
                self.publish(t, message, None, attrs, fname, None);
                true
            }
            Err(_) => false,
        }
    }
}
