//! EventBridge and SNS inside the world: PutEvents with per-entry results, rules
//! matched on each bus, targets delivered with retries, target DLQs, and SNS topics
//! fanning out to queues, functions and an e-mail inbox.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::error::{SimError, SimResult};
use crate::eventbridge::transform::Predefined;
use crate::eventbridge::{Delivery, PutEventsEntry, PutEventsResult, Rule, Target, TargetKind};
use crate::kernel::time::HumanMs;
use crate::kernel::trace::TraceKind;
use crate::sns::Email;
use crate::sqs::MessageAttribute;
use crate::world::{order_id_in, Event, Simulation};

/// Why a delivery failed, in EventBridge's DLQ vocabulary.
struct DeliveryError {
    code: &'static str,
    message: String,
    retryable: bool,
}

impl Simulation {
    /// PutEvents: 1–10 entries, within the size limit together, each then checked on
    /// its own; an entry for a bus that does not exist is accepted and silently
    /// dropped, as on AWS.
    pub(crate) fn put_events(
        &mut self,
        entries: Vec<PutEventsEntry>,
        caller: &str,
    ) -> SimResult<PutEventsResult> {
        if entries.is_empty() || entries.len() > 10 {
            return Err(SimError::new(
                "ValidationException",
                format!("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1 (got {})", entries.len()),
            ));
        }
        // The limit is on the request's entries together: over it, the request is
        // refused and no entry is put ("The total entry size must be less than
        // 256KB", now 1 MB: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
        let total_bytes: u64 = entries.iter().map(PutEventsEntry::size).sum();
        let limit_bytes = self.eventbridge.entry_limit_bytes;
        if total_bytes > limit_bytes {
            return Err(SimError::new(
                "ValidationException",
                format!("Total size of the entries in the request is over the limit ({total_bytes} > {limit_bytes} bytes)."),
            ));
        }
        let mut results = Vec::new();
        let mut failed = 0;
        for entry in entries {
            match self.put_one_event(entry, caller) {
                Ok(id) => results.push(json!({ "EventId": id })),
                Err((code, message)) => {
                    failed += 1;
                    self.record(
                        TraceKind::EventRejected,
                        caller,
                        None,
                        None,
                        None,
                        format_args!("PutEvents entry refused: {code}: {message}"),
                    );
                    results.push(json!({ "ErrorCode": code, "ErrorMessage": message }));
                }
            }
        }
        let result = PutEventsResult {
            at_ms: self.kernel.now_ms,
            failed_entry_count: failed,
            entries: results,
        };
        Ok(result)
    }

    fn put_one_event(
        &mut self,
        e: PutEventsEntry,
        caller: &str,
    ) -> Result<String, (&'static str, String)> {
        let source = e.source.filter(|s| !s.is_empty()).ok_or((
            "InvalidArgument",
            "Parameter Source is not valid. Reason: Source is a required argument.".to_string(),
        ))?;
        // Sources starting with "aws." are AWS's own events: an application cannot
        // put them ("The source can't start with the aws. prefix"; PutEvents'
        // NotAuthorizedForSourceException).
        if source.starts_with("aws.") {
            return Err((
                "NotAuthorizedForSourceException",
                "Not authorized for the source.".to_string(),
            ));
        }
        let detail_type = e.detail_type.filter(|s| !s.is_empty()).ok_or((
            "InvalidArgument",
            "Parameter DetailType is not valid. Reason: DetailType is a required argument."
                .to_string(),
        ))?;
        let detail = match e.detail {
            None => {
                return Err((
                    "InvalidArgument",
                    "Parameter Detail is not valid. Reason: Detail is a required argument.".into(),
                ))
            }
            Some(Value::String(text)) => serde_json::from_str::<Value>(&text)
                .map_err(|_| ("MalformedDetail", "Detail is malformed.".to_string()))?,
            Some(v) => v,
        };
        if !detail.is_object() {
            return Err((
                "MalformedDetail",
                "Detail is malformed: it must be a JSON object.".into(),
            ));
        }
        let bus = e
            .event_bus_name
            .map(|b| b.rsplit('/').next().unwrap_or(&b).to_string())
            .unwrap_or_else(|| "default".into());
        let id = self.kernel.ids.uuid();
        let event = json!({
            "version": "0",
            "id": id,
            "detail-type": detail_type,
            "source": source,
            "account": crate::ACCOUNT_ID,
            "time": crate::kernel::time::iso8601_s(self.kernel.epoch_ms + self.kernel.now_ms),
            "region": self.scenario.region,
            "resources": e.resources,
            "detail": detail,
        });
        let order = order_id_in(&event);
        // A bus that does not exist accepts the event and drops it: the misspelled-bus trap.
        let exists = self.eventbridge.buses.contains(&bus);
        let text = if exists {
            format!("{source} / {detail_type} put on {bus}")
        } else {
            format!("accepted (EventId {id}) but event bus {bus} does not exist: silently dropped")
        };
        self.record(
            TraceKind::EventPut,
            caller,
            Some(&bus),
            Some(&id),
            order.as_deref(),
            text,
        );
        if exists {
            self.route_event(&bus, event, order);
        }
        Ok(id)
    }

    /// Matches an event against every enabled rule on the bus and starts deliveries.
    pub(crate) fn route_event(&mut self, bus: &str, event: Value, order: Option<String>) {
        let mut matched_any = false;
        for r in self.eventbridge.bus_matchers.matching_rules(bus, &event) {
            let r = r as usize;
            let rule = &self.eventbridge.rules[r];
            if !rule.enabled {
                continue;
            }
            matched_any = true;
            let name = rule.config.name.clone();
            let targets = rule.targets.len();
            self.eventbridge.rules[r].metrics.matched_events += 1;
            self.eventbridge.rules[r].metrics.triggered_rules += 1;
            self.record(
                TraceKind::RuleMatched,
                bus,
                Some(&name),
                event["id"].as_str(),
                order.as_deref(),
                format_args!("rule {name} matched: {targets} target(s)"),
            );
            for t in 0..targets {
                let id = self.eventbridge.next_delivery;
                self.eventbridge.next_delivery += 1;
                self.eventbridge.deliveries.insert(
                    id,
                    Delivery {
                        rule: r as u32,
                        target: t as u32,
                        event: event.clone(),
                        first_ms: self.kernel.now_ms,
                        attempts: 0,
                        order_id: order.clone(),
                    },
                );
                let latency = self.eventbridge.event_rng.between(40, 120);
                self.schedule(
                    self.kernel.now_ms + latency,
                    Event::TargetDelivery { delivery: id },
                );
            }
        }
        if !matched_any {
            let id = event["id"].as_str().map(str::to_string);
            self.record(
                TraceKind::NoRuleMatched,
                bus,
                None,
                id.as_deref(),
                order.as_deref(),
                "no rule on this bus matched: the event goes nowhere",
            );
        }
    }

    pub(crate) fn on_target_delivery(&mut self, id: u64) {
        let Some(mut d) = self.eventbridge.deliveries.remove(&id) else {
            return;
        };
        d.attempts += 1;
        if d.attempts > 1 {
            self.eventbridge.rules[d.rule as usize]
                .metrics
                .retry_invocation_attempts += 1;
        }
        let rule = self.eventbridge.rules[d.rule as usize].clone();
        let target = rule.targets[d.target as usize].clone();
        match self.deliver_to_target(&rule, &target, &d) {
            Ok(()) => {
                self.eventbridge.rules[d.rule as usize].metrics.invocations += 1;
                let text = match &target.kind {
                    TargetKind::Function(_) => "delivered: Lambda accepted the event (asynchronous invocation; Lambda's own retries apply from here)".to_string(),
                    _ => format!("delivered to {}", target.kind.name()),
                };
                self.record(
                    TraceKind::TargetDelivered,
                    &rule.config.name,
                    Some(target.kind.name()),
                    d.event["id"].as_str(),
                    d.order_id.as_deref(),
                    text,
                );
            }
            Err(err) => {
                let age_ms = self.kernel.now_ms - d.first_ms;
                let retries_done = d.attempts - 1;
                if err.retryable && retries_done < target.retry.maximum_retry_attempts {
                    // Exponential backoff with jitter, from the bus's seeded generator.
                    let cap_ms = (1_000u64 << retries_done.min(9)).min(8 * 60_000);
                    let delay = self.eventbridge.event_rng.between(cap_ms / 2, cap_ms);
                    if age_ms + delay <= target.retry.maximum_event_age_in_seconds * 1000 {
                        self.record(
                            TraceKind::TargetRetryScheduled,
                            &rule.config.name,
                            Some(target.kind.name()),
                            d.event["id"].as_str(),
                            d.order_id.as_deref(),
                            format_args!(
                                "{}: EventBridge retries in {} (retry {} of at most {})",
                                err.code,
                                HumanMs(delay),
                                retries_done + 1,
                                target.retry.maximum_retry_attempts
                            ),
                        );
                        self.eventbridge.deliveries.insert(id, d);
                        self.schedule(
                            self.kernel.now_ms + delay,
                            Event::TargetDelivery { delivery: id },
                        );
                        return;
                    }
                    self.fail_delivery(&rule, &target, &d, &err, Some("MaximumEventAgeExceeded"));
                } else if err.retryable {
                    self.fail_delivery(
                        &rule,
                        &target,
                        &d,
                        &err,
                        Some("MaximumRetryAttemptsExceeded"),
                    );
                } else {
                    self.fail_delivery(&rule, &target, &d, &err, None);
                }
            }
        }
    }

    fn deliver_to_target(
        &mut self,
        rule: &Rule,
        target: &Target,
        d: &Delivery,
    ) -> Result<(), DeliveryError> {
        if let Some(why) = &target.refused_by_policy {
            return Err(DeliveryError {
                code: "NO_PERMISSIONS",
                message: why.clone(),
                retryable: false,
            });
        }
        if target.faults.deny_permission {
            return Err(DeliveryError {
                code: "NO_PERMISSIONS",
                message: format!("EventBridge is not authorized to send to {}: its resource policy does not allow events.amazonaws.com", target.kind.arn(self.scenario.region)),
                retryable: false,
            });
        }
        if target.faults.throttle {
            return Err(DeliveryError {
                code: "THROTTLING",
                message: "Request is throttled.".into(),
                retryable: true,
            });
        }
        let missing = |what: &str| DeliveryError {
            code: "NO_RESOURCE",
            message: format!("{what} {} does not exist.", target.kind.name()),
            retryable: false,
        };
        let ingestion = crate::kernel::time::iso8601_ms(self.kernel.epoch_ms + self.kernel.now_ms);
        let predefined = Predefined {
            prefix: "aws.events.",
            values: vec![
                (
                    "aws.events.rule-arn",
                    Value::String(rule.arn(self.scenario.region)),
                ),
                (
                    "aws.events.rule-name",
                    Value::String(rule.config.name.clone()),
                ),
                ("aws.events.event.ingestion-time", Value::String(ingestion)),
                // "The original event payload in JSON format (without the detail field)".
                ("aws.events.event", without_detail(&d.event)),
                ("aws.events.event.json", d.event.clone()),
            ],
        };
        let input = target.input.render(&d.event, &predefined);
        match &target.kind {
            TargetKind::Queue(name) => {
                let q = self.queue_index(name).map_err(|_| missing("Queue"))?;
                self.send_message(
                    q,
                    input,
                    BTreeMap::new(),
                    None,
                    target.message_group_id.clone(),
                    None,
                    &rule.config.name,
                )
                .map(|_| ())
                .map_err(|e| DeliveryError {
                    code: "SQS_ERROR",
                    message: e.to_string(),
                    retryable: false,
                })
            }
            TargetKind::Function(name) => {
                let f = self.function_index(name).map_err(|_| missing("Function"))? as u32;
                let payload = serde_json::from_str(&input).unwrap_or(Value::String(input));
                self.invoke_async(f, payload);
                Ok(())
            }
            TargetKind::Topic(name) => {
                let t = self.topic_index(name).map_err(|_| missing("Topic"))?;
                self.publish(t, input, None, BTreeMap::new(), &rule.config.name, None);
                Ok(())
            }
            TargetKind::Bus(name) => {
                if !self.eventbridge.buses.contains(name) {
                    return Err(missing("Event bus"));
                }
                let event: Value = serde_json::from_str(&input).unwrap_or_else(|_| d.event.clone());
                self.route_event(name, event, d.order_id.clone());
                Ok(())
            }
        }
    }

    fn fail_delivery(
        &mut self,
        rule: &Rule,
        target: &Target,
        d: &Delivery,
        err: &DeliveryError,
        exhausted: Option<&str>,
    ) {
        let r = d.rule as usize;
        self.eventbridge.rules[r].metrics.failed_invocations += 1;
        let why = match exhausted {
            Some(c) => format!("{c} after {} attempt(s)", d.attempts),
            None => "not retried".to_string(),
        };
        let Some(dlq) = target.dead_letter_queue.clone() else {
            self.record(
                TraceKind::TargetFailed,
                &rule.config.name,
                Some(target.kind.name()),
                d.event["id"].as_str(),
                d.order_id.as_deref(),
                format_args!("{}: {} ({why}); no dead-letter queue on this target, so the event is dropped silently", err.code, err.message),
            );
            return;
        };
        let region = self.scenario.region;
        let mut attrs = BTreeMap::new();
        let mut put = |k: &str, v: String| {
            attrs.insert(
                k.to_string(),
                MessageAttribute {
                    data_type: "String".into(),
                    string_value: v,
                },
            );
        };
        put("RULE_ARN", rule.arn(region));
        put("TARGET_ARN", target.kind.arn(region));
        put("ERROR_CODE", err.code.to_string());
        put("ERROR_MESSAGE", err.message.clone());
        if let Some(c) = exhausted {
            put("EXHAUSTED_RETRY_CONDITION", c.to_string());
        }
        put("RETRY_ATTEMPTS", (d.attempts - 1).to_string());
        let sent = self.queue_index(&dlq).ok().map(|q| {
            self.send_message(
                q,
                d.event.to_string(),
                attrs,
                None,
                None,
                None,
                &rule.config.name,
            )
            .is_ok()
        });
        if sent == Some(true) {
            self.eventbridge.rules[r].metrics.invocations_sent_to_dlq += 1;
            self.record(
                TraceKind::TargetSentToDlq,
                &rule.config.name,
                Some(&dlq),
                d.event["id"].as_str(),
                d.order_id.as_deref(),
                format_args!(
                    "{}: {} ({why}): sent to the target's dead-letter queue {dlq}",
                    err.code, err.message
                ),
            );
        } else {
            self.record(TraceKind::TargetFailed, &rule.config.name, Some(target.kind.name()), d.event["id"].as_str(), d.order_id.as_deref(), format_args!("{}: {} ({why}); the dead-letter queue {dlq} is unusable, so the event is dropped", err.code, err.message));
        }
    }

    // ---- SNS ----------------------------------------------------------------

    /// A FIFO topic passes its group and deduplication ids on to FIFO queues only: a
    /// standard queue subscribed to it gets neither (and would refuse a deduplication
    /// id).
    fn fifo_ids_for(
        &self,
        q: usize,
        fifo: Option<(&str, &str)>,
    ) -> (Option<String>, Option<String>) {
        match fifo {
            Some((g, d)) if self.sqs.queues[q].is_fifo() => {
                (Some(g.to_string()), Some(d.to_string()))
            }
            _ => (None, None),
        }
    }

    pub(crate) fn topic_index(&self, name: &str) -> SimResult<usize> {
        let name = name.rsplit(':').next().unwrap_or(name);
        self.sns
            .topics
            .iter()
            .position(|t| t.config.topic_name == name)
            .ok_or_else(|| SimError::new("NotFound", format!("Topic does not exist: {name}")))
    }

    /// Publishes to a topic: every subscription whose filter policy matches gets it.
    pub(crate) fn publish(
        &mut self,
        t: usize,
        message: String,
        subject: Option<String>,
        attributes: BTreeMap<String, MessageAttribute>,
        caller: &str,
        fifo: Option<(&str, &str)>,
    ) -> String {
        self.publish_per_protocol(t, message, subject, attributes, caller, fifo, None)
    }

    /// Publishes a message with its own text for e-mail subscriptions (as CloudWatch's
    /// alarm notifications are: JSON for queues and functions, a letter for e-mail).
    pub(crate) fn publish_with_email(
        &mut self,
        t: usize,
        message: String,
        subject: Option<String>,
        email: Option<String>,
        caller: &str,
    ) -> String {
        self.publish_per_protocol(t, message, subject, BTreeMap::new(), caller, None, email)
    }

    #[allow(clippy::too_many_arguments)]
    fn publish_per_protocol(
        &mut self,
        t: usize,
        message: String,
        subject: Option<String>,
        attributes: BTreeMap<String, MessageAttribute>,
        caller: &str,
        fifo: Option<(&str, &str)>,
        email: Option<String>,
    ) -> String {
        let message_id = self.kernel.ids.uuid();
        let topic = self.sns.topics[t].clone();
        self.sns.topics[t].published += 1;
        let name = topic.config.topic_name.clone();
        let arn = crate::sns::topic_arn(self.scenario.region, &name);
        let order = crate::world::order_id_of(&message);
        self.record(
            TraceKind::SnsPublished,
            caller,
            Some(&name),
            Some(&message_id),
            order.as_deref(),
            format_args!(
                "published to {name}: {} subscription(s)",
                topic.subscriptions.len()
            ),
        );
        let attrs_json: Map<String, Value> = attributes
            .iter()
            .map(|(k, a)| {
                (
                    k.clone(),
                    json!({ "Type": a.data_type, "Value": a.string_value }),
                )
            })
            .collect();
        let timestamp = crate::kernel::time::iso8601_ms(self.kernel.epoch_ms + self.kernel.now_ms);
        let notification = crate::sns::Notification {
            region: self.scenario.region,
            message_id: &message_id,
            topic_arn: &arn,
            subject: subject.as_deref(),
            message: &message,
            timestamp: &timestamp,
            attributes: &attrs_json,
        };
        for sub in &topic.subscriptions {
            if let Some(filter) = &sub.filter {
                let doc = if sub.filter_on_body {
                    serde_json::from_str(&message).unwrap_or(Value::Null)
                } else {
                    Value::Object(
                        attributes
                            .iter()
                            .map(|(k, a)| (k.clone(), attribute_value(a)))
                            .collect(),
                    )
                };
                if !filter.matches(&doc) {
                    let counters = &mut self.sns.topics[t];
                    if !sub.filter_on_body && attributes.is_empty() {
                        counters.notifications_filtered_out_no_attributes += 1;
                    } else {
                        counters.notifications_filtered_out += 1;
                    }
                    self.record(
                        TraceKind::SnsFilteredOut,
                        &name,
                        Some(&sub.config.endpoint),
                        Some(&message_id),
                        order.as_deref(),
                        "filter policy does not match: not delivered to this subscription",
                    );
                    continue;
                }
            }
            let delivered = match sub.config.protocol.as_str() {
                _ if sub.refused_by_policy.is_some() => false,
                "sqs" => match self.queue_index(&sub.config.endpoint) {
                    Ok(q) => {
                        let body = if sub.config.raw_message_delivery {
                            message.clone()
                        } else {
                            notification.envelope(&sub.arn, false).to_string()
                        };
                        let raw_attrs = if sub.config.raw_message_delivery {
                            attributes.clone()
                        } else {
                            BTreeMap::new()
                        };
                        let (group, dedup) = self.fifo_ids_for(q, fifo);
                        self.send_message(q, body, raw_attrs, None, group, dedup, &name)
                            .is_ok()
                    }
                    Err(_) => false,
                },
                "lambda" => match self.function_index(
                    sub.config
                        .endpoint
                        .rsplit(':')
                        .next()
                        .unwrap_or(&sub.config.endpoint),
                ) {
                    Ok(f) => {
                        let sns = notification.envelope(&sub.arn, true);
                        let event = json!({ "Records": [{ "EventSource": "aws:sns", "EventVersion": "1.0", "EventSubscriptionArn": sub.arn, "Sns": sns }] });
                        self.invoke_async(f as u32, event);
                        true
                    }
                    Err(_) => false,
                },
                "email" => {
                    self.sns.topics[t].notifications_delivered += 1;
                    self.sns.inbox.push_back(Email {
                        at_ms: self.kernel.now_ms,
                        to: sub.config.endpoint.clone(),
                        subject: subject
                            .clone()
                            .unwrap_or_else(|| "AWS Notification Message".into()),
                        body: with_unsubscribe_footer(
                            email.as_deref().unwrap_or(&message),
                            self.scenario.region,
                            &sub.arn,
                            &sub.config.endpoint,
                        ),
                    });
                    while self.sns.inbox.len() > 100 {
                        self.sns.inbox.pop_front();
                    }
                    self.record(
                        TraceKind::EmailSent,
                        &name,
                        Some(&sub.config.endpoint),
                        Some(&message_id),
                        order.as_deref(),
                        format_args!("e-mail to {}", sub.config.endpoint),
                    );
                    continue;
                }
                _ => false,
            };
            let counters = &mut self.sns.topics[t];
            if delivered {
                counters.notifications_delivered += 1;
            } else {
                counters.notifications_failed += 1;
            }
            if delivered {
                self.record(
                    TraceKind::SnsDelivered,
                    &name,
                    Some(&sub.config.endpoint),
                    Some(&message_id),
                    order.as_deref(),
                    format_args!(
                        "delivered to {} subscription {}",
                        sub.config.protocol, sub.config.endpoint
                    ),
                );
            } else if let Some(dlq) = sub.config.dead_letter_queue.clone() {
                // A FIFO topic's subscription DLQ is a FIFO queue: the message keeps its
                // group and deduplication ids there ("FIFO topic subscriptions use FIFO
                // queues", SNS developer guide, sns-dead-letter-queues). Without them the
                // send failed and the trace still said it was sent.
                let sent = self.queue_index(&dlq).ok().is_some_and(|q| {
                    let (group, dedup) = self.fifo_ids_for(q, fifo);
                    let body = notification.envelope(&sub.arn, false).to_string();
                    self.send_message(q, body, BTreeMap::new(), None, group, dedup, &name)
                        .is_ok()
                });
                let why = unreachable(sub);
                // Refused, it went nowhere: no dot flies into the DLQ, no DLQ stop.
                let (kind, what) = match sent {
                    true => (TraceKind::TargetSentToDlq, "sent to the subscription's dead-letter queue"),
                    false => (TraceKind::TargetFailed, "the subscription's dead-letter queue refused it, so the message is lost for it"),
                };
                self.record(
                    kind,
                    &name,
                    Some(&dlq),
                    Some(&message_id),
                    order.as_deref(),
                    format_args!("{why}: {what}"),
                );
            } else if let Some(why) = &sub.refused_by_policy {
                self.record(
                    TraceKind::TargetFailed,
                    &name,
                    Some(&sub.config.endpoint),
                    Some(&message_id),
                    order.as_deref(),
                    format_args!("{why}: no subscription DLQ, the message is lost for it"),
                );
            } else {
                self.record(TraceKind::TargetFailed, &name, Some(&sub.config.endpoint), Some(&message_id), order.as_deref(), format_args!("{} endpoint {} unreachable and no subscription DLQ: the message is lost for it", sub.config.protocol, sub.config.endpoint));
            }
        }
        message_id
    }
}

/// Why a delivery to a subscription failed: its resource policy's refusal, or an
/// endpoint that is not there.
fn unreachable(sub: &crate::sns::Subscription) -> String {
    match &sub.refused_by_policy {
        Some(why) => why.clone(),
        None => format!(
            "{} endpoint {} unreachable",
            sub.config.protocol, sub.config.endpoint
        ),
    }
}

/// A message attribute as a filter policy sees it.
fn attribute_value(a: &MessageAttribute) -> Value {
    match a.data_type.as_str() {
        "Number" => a
            .string_value
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        "String.Array" => serde_json::from_str(&a.string_value).unwrap_or(Value::Null),
        _ => Value::String(a.string_value.clone()),
    }
}

impl Simulation {
    /// SNS Publish from outside: FIFO topics need a MessageGroupId and deduplicate
    /// (explicit ids, or SHA-256 of the message with ContentBasedDeduplication) for 5 minutes.
    pub(crate) fn publish_action(
        &mut self,
        topic: &str,
        message: String,
        subject: Option<String>,
        attributes: std::collections::BTreeMap<String, crate::sqs::MessageAttribute>,
        (group, dedup): (Option<String>, Option<String>),
        source: &'static str,
    ) -> SimResult<()> {
        let t = self.topic_index(topic)?;
        crate::sns::check_publish(&message, subject.as_deref(), &attributes)?;
        let cfg = self.sns.topics[t].config.clone();
        // Both kinds of topic check a MessageGroupId the same way; a standard topic
        // forwards it only to standard queues' fair queueing, which is not simulated
        // (https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sns/aws.sdk.kotlin.services.sns.model/-publish-request/message-group-id.html).
        check_sns_token("MessageGroupId", group.as_deref())?;
        check_sns_token("MessageDeduplicationId", dedup.as_deref())?;
        if !cfg.fifo_topic {
            self.publish(t, message, subject, attributes, source, None);
            return Ok(());
        }
        let group = group.filter(|g| !g.is_empty()).ok_or_else(|| {
            SimError::new(
                "InvalidParameter",
                "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
            )
        })?;
        let dedup = match (dedup, cfg.content_based_deduplication) {
            (Some(d), _) => d,
            (None, true) => crate::kernel::sha256::sha256_hex(message.as_bytes()),
            (None, false) => {
                return Err(SimError::new(
                    "InvalidParameter",
                    "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
                ))
            }
        };
        let now = self.kernel.now_ms;
        let key = format!("{}\u{1f}{dedup}", cfg.topic_name);
        if self.sns.dedup.get(&key).is_some_and(|until| *until > now) {
            self.record(
                TraceKind::SnsPublished,
                source,
                Some(&cfg.topic_name),
                None,
                None,
                "same deduplication id within 5 minutes: accepted, not delivered (FIFO topic)",
            );
            return Ok(());
        }
        self.sns.dedup.retain(|_, until| *until > now);
        self.sns
            .dedup
            .insert(key, now + crate::limits::sqs::FIFO_DEDUP_WINDOW_MS);
        self.publish(
            t,
            message,
            subject,
            attributes,
            source,
            Some((&group, &dedup)),
        );
        Ok(())
    }

    /// A rule by name on a bus. Without a bus, a rule of that name on any bus (a
    /// convenience for scripts; AWS would look on the default bus only); with one,
    /// only that bus, "default" included.
    fn rule_index(&self, name: &str, bus: Option<&str>) -> SimResult<usize> {
        let any_bus = bus.is_none();
        let bus = bus.unwrap_or("default");
        self.eventbridge
            .rules
            .iter()
            .position(|r| r.config.name == name && (any_bus || r.config.event_bus_name == bus))
            .ok_or_else(|| {
                SimError::new(
                    "ResourceNotFoundException",
                    format!("Rule {name} does not exist on EventBus {bus}."),
                )
            })
    }

    pub(crate) fn set_rule_state(
        &mut self,
        name: &str,
        bus: Option<&str>,
        enabled: bool,
    ) -> SimResult<()> {
        let r = self.rule_index(name, bus)?;
        self.eventbridge.rules[r].enabled = enabled;
        let text = if enabled {
            "EnableRule: the rule matches events again"
        } else {
            "DisableRule: the rule no longer matches anything"
        };
        self.record(TraceKind::SettingChanged, name, None, None, None, text);
        Ok(())
    }

    pub(crate) fn set_target_fault(
        &mut self,
        name: &str,
        bus: Option<&str>,
        target_id: &str,
        fault: crate::action::TargetFaultKind,
        enabled: bool,
    ) -> SimResult<()> {
        let r = self.rule_index(name, bus)?;
        let t = self.eventbridge.rules[r]
            .targets
            .iter()
            .position(|t| t.id == target_id)
            .ok_or_else(|| {
                SimError::new(
                    "ResourceNotFoundException",
                    format!("Rule {name} has no target with Id {target_id}."),
                )
            })?;
        let target = &mut self.eventbridge.rules[r].targets[t];
        let text = match fault {
            crate::action::TargetFaultKind::DenyPermission => {
                target.faults.deny_permission = enabled;
                "the target's resource policy no longer lets EventBridge in (NO_PERMISSIONS, not retried)"
            }
            crate::action::TargetFaultKind::Throttle => {
                target.faults.throttle = enabled;
                "the target throttles deliveries (THROTTLING, retried with backoff)"
            }
        };
        let state = if enabled {
            "ON:"
        } else {
            "OFF (fixed); it was:"
        };
        let what = target.kind.name().to_string();
        self.record(
            TraceKind::FaultChanged,
            name,
            Some(&what),
            None,
            None,
            format_args!("target fault {state} {text}"),
        );
        Ok(())
    }
}

/// The event without its `detail`, as `<aws.events.event>` gives it.
fn without_detail(event: &Value) -> Value {
    let mut e = event.clone();
    if let Value::Object(m) = &mut e {
        m.remove("detail");
    }
    e
}

/// SNS ends every e-mail with its unsubscribe link and a do-not-reply line (as every
/// captured SNS e-mail shows; the SNS developer guide describes the link, not its
/// words).
fn with_unsubscribe_footer(body: &str, region: &str, subscription_arn: &str, to: &str) -> String {
    // One blank line before "--", even after a text that ends with its own newline
    // (CloudWatch's alarm e-mail).
    let body = body.trim_end_matches('\n');
    format!(
        "{body}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\nhttps://sns.{region}.amazonaws.com/unsubscribe.html?SubscriptionArn={subscription_arn}&Endpoint={to}\n\nPlease do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support"
    )
}

/// A Publish's MessageGroupId or MessageDeduplicationId: up to 128 alphanumeric and
/// punctuation characters, as SQS's (its check), refused in SNS's words.
fn check_sns_token(parameter: &str, value: Option<&str>) -> SimResult<()> {
    crate::sqs::check_fifo_token(parameter, value).map_err(|_| {
        SimError::new(
            "InvalidParameter",
            format!("Invalid parameter: {parameter}: only letters, digits and punctuation, 1 to 128 of them"),
        )
    })
}
