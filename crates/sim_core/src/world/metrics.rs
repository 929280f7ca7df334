//! CloudWatch metrics from the services' counters: each resource's metrics declared
//! once when the world is built, then one datapoint per metric at the end of every
//! minute. Sampling happens before the first event of a new minute runs (and when
//! the clock is moved past one), so a gauge reads the state at the minute's end.
//!
//! What AWS publishes, and when (a period without a datapoint is missing data):
//! - AWS/SQS, every minute for every queue (one sample a minute), zeros included.
//!   A message moved to a DLQ by its redrive policy is not counted in the DLQ's
//!   NumberOfMessagesSent (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
//! - AWS/Lambda, AWS/Events, AWS/SNS, AWS/ApiGateway, AWS/DynamoDB: only for a minute
//!   with activity; per-request metrics are one sample per request, so Average of
//!   Errors or 4XXError is the error rate.

use super::Simulation;
use crate::kernel::time::SimTime;
use crate::services::cloudwatch::{Datapoint, MetricKey, MinuteRange, Series, PERIOD_MS};

/// Receives after which a standard queue's undeleted message no longer counts for
/// ApproximateAgeOfOldestMessage.
const POISON_PILL_RECEIVES: u32 = 3;

const SQS: [(&str, &str); 9] = [
    ("ApproximateNumberOfMessagesVisible", "Count"),
    ("ApproximateNumberOfMessagesNotVisible", "Count"),
    ("ApproximateNumberOfMessagesDelayed", "Count"),
    ("ApproximateAgeOfOldestMessage", "Seconds"),
    ("NumberOfMessagesSent", "Count"),
    ("NumberOfMessagesReceived", "Count"),
    ("NumberOfMessagesDeleted", "Count"),
    ("NumberOfEmptyReceives", "Count"),
    ("SentMessageSize", "Bytes"),
];
/// FIFO queues only (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
const SQS_FIFO: [(&str, &str); 2] = [
    ("ApproximateNumberOfGroupsWithInflightMessages", "Count"),
    ("NumberOfDeduplicatedSentMessages", "Count"),
];
const LAMBDA: [(&str, &str); 6] = [
    ("Invocations", "Count"),
    ("Errors", "Count"),
    ("Throttles", "Count"),
    ("Duration", "Milliseconds"),
    ("ConcurrentExecutions", "Count"),
    // Stream sources only: the age of each batch's last record when it was sent.
    ("IteratorAge", "Milliseconds"),
];
const EVENTS: [(&str, &str); 6] = [
    ("MatchedEvents", "Count"),
    ("TriggeredRules", "Count"),
    ("Invocations", "Count"),
    ("FailedInvocations", "Count"),
    ("InvocationsSentToDlq", "Count"),
    ("RetryInvocationAttempts", "Count"),
];
/// FilteredOut counts the notifications a subscription's filter policy turned away;
/// -NoMessageAttributes those turned away by an attribute policy because the message
/// had no attributes (https://aws.amazon.com/blogs/compute/monitoring-your-amazon-sns-message-filtering-activity-with-amazon-cloudwatch/).
const SNS: [(&str, &str); 5] = [
    ("NumberOfMessagesPublished", "Count"),
    ("NumberOfNotificationsDelivered", "Count"),
    ("NumberOfNotificationsFailed", "Count"),
    ("NumberOfNotificationsFilteredOut", "Count"),
    (
        "NumberOfNotificationsFilteredOut-NoMessageAttributes",
        "Count",
    ),
];
const APIGATEWAY: [(&str, &str); 4] = [
    ("Count", "Count"),
    ("4XXError", "Count"),
    ("5XXError", "Count"),
    ("Latency", "Milliseconds"),
];
const DYNAMODB: [(&str, &str); 1] = [("ConditionalCheckFailedRequests", "Count")];

impl Simulation {
    /// Declares every metric the world's resources publish.
    pub(super) fn build_metrics(&mut self) {
        let mut series = Vec::new();
        let mut add = |ns: &'static str,
                       dim: &'static str,
                       resources: Vec<(usize, String)>,
                       metrics: &[(&'static str, &'static str)]| {
            // Each resource's index in its service and its name.
            for (i, name) in resources {
                for (metric, unit) in metrics {
                    let key = MetricKey {
                        namespace: ns,
                        metric_name: metric,
                        dimension_name: dim,
                        dimension_value: name.clone(),
                    };
                    series.push(Series::new(key, unit, i as u32));
                }
            }
        };
        let queues = self
            .sqs
            .queues
            .iter()
            .map(|q| q.name().to_string())
            .enumerate()
            .collect();
        add("AWS/SQS", "QueueName", queues, &SQS);
        let fifo_queues = self
            .sqs
            .queues
            .iter()
            .enumerate()
            .filter(|(_, q)| q.is_fifo())
            .map(|(i, q)| (i, q.name().to_string()))
            .collect();
        add("AWS/SQS", "QueueName", fifo_queues, &SQS_FIFO);
        let functions = self
            .lambda
            .functions
            .iter()
            .map(|f| f.name().to_string())
            .enumerate()
            .collect();
        add("AWS/Lambda", "FunctionName", functions, &LAMBDA);
        let rules = self
            .eventbridge
            .rules
            .iter()
            .map(|r| r.config.name.clone())
            .enumerate()
            .collect();
        add("AWS/Events", "RuleName", rules, &EVENTS);
        let topics = self
            .sns
            .topics
            .iter()
            .map(|t| t.config.topic_name.clone())
            .enumerate()
            .collect();
        add("AWS/SNS", "TopicName", topics, &SNS);
        let apis = self
            .apigateway
            .apis
            .iter()
            .map(|a| a.name.clone())
            .enumerate()
            .collect();
        add("AWS/ApiGateway", "ApiName", apis, &APIGATEWAY);
        let tables = self
            .dynamodb
            .tables
            .iter()
            .map(|t| t.name.clone())
            .enumerate()
            .collect();
        add("AWS/DynamoDB", "TableName", tables, &DYNAMODB);
        self.cloudwatch.series = series;
        self.cloudwatch.period_end_ms = PERIOD_MS;
    }

    /// Publishes the datapoints of every minute that ended by `t`.
    pub(crate) fn collect_metrics_until(&mut self, t: SimTime) {
        while self.cloudwatch.period_end_ms <= t {
            let start = self.cloudwatch.period_end_ms - PERIOD_MS;
            self.sample_minute(start);
            self.cloudwatch.period_end_ms += PERIOD_MS;
        }
    }

    fn sample_minute(&mut self, start: SimTime) {
        let mut series = std::mem::take(&mut self.cloudwatch.series);
        let function_minutes: Vec<_> = self
            .lambda
            .functions
            .iter_mut()
            .map(|f| f.metrics.take_minute())
            .collect();
        let api_minutes: Vec<_> = self
            .apigateway
            .metrics
            .iter_mut()
            .map(|m| m.minute_latency_ms.take())
            .collect();
        let size_minutes: Vec<_> = self
            .sqs
            .queues
            .iter_mut()
            .map(|q| q.metrics.minute_message_size.take())
            .collect();
        for s in &mut series {
            let r = s.resource as usize;
            let point = match s.key.namespace {
                "AWS/SQS" => self.sqs_point(s, r, start, size_minutes[r]),
                "AWS/Lambda" => self.lambda_point(s, r, start, &function_minutes[r]),
                "AWS/Events" => self.rule_point(s, r, start),
                "AWS/SNS" => self.topic_point(s, r, start),
                "AWS/ApiGateway" => self.api_point(s, r, start, api_minutes[r]),
                _ => self.table_point(s, r, start),
            };
            if let Some(p) = point {
                s.push(p);
            }
        }
        self.cloudwatch.series = series;
    }

    fn sqs_point(
        &self,
        s: &mut Series,
        q: usize,
        start: SimTime,
        sizes: MinuteRange,
    ) -> Option<Datapoint> {
        let queue = &self.sqs.queues[q];
        let (visible, not_visible, delayed) = queue.counts();
        let m = &queue.metrics;
        let gauge = |v: u64| Some(Datapoint::single(start, v as f64));
        match s.key.metric_name {
            "ApproximateNumberOfMessagesVisible" => gauge(visible),
            "ApproximateNumberOfMessagesNotVisible" => gauge(not_visible),
            "ApproximateNumberOfMessagesDelayed" => gauge(delayed),
            "ApproximateAgeOfOldestMessage" => {
                let now = start + PERIOD_MS;
                // A standard queue moves a message received three or more times and not
                // deleted to its back: the metric skips such poison pills (a message moved
                // in from a source queue counts, from its move).
                // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
                let fifo = queue.is_fifo();
                let oldest = queue
                    .messages()
                    .find(|(_, m)| {
                        fifo || m.receive_count < POISON_PILL_RECEIVES
                            || m.dead_letter_source.is_some()
                    })
                    .map(|(_, m)| m.enqueued_ms);
                gauge(oldest.map_or(0, |enqueued| now.saturating_sub(enqueued) / 1000))
            }
            "NumberOfMessagesSent" => gauge(delta(s, 0, m.number_of_messages_sent)),
            "NumberOfMessagesReceived" => gauge(delta(s, 0, m.number_of_messages_received)),
            "NumberOfMessagesDeleted" => gauge(delta(s, 0, m.number_of_messages_deleted)),
            "NumberOfEmptyReceives" => gauge(delta(s, 0, m.number_of_empty_receives)),
            "ApproximateNumberOfGroupsWithInflightMessages" => {
                gauge(queue.groups_with_in_flight_messages())
            }
            "NumberOfDeduplicatedSentMessages" => {
                let total = m.number_of_deduplicated_sent_messages.unwrap_or(0);
                gauge(delta(s, 0, total))
            }
            _ => {
                let sent = delta(s, 0, m.number_of_messages_sent);
                let bytes = delta(s, 1, m.sent_message_size);
                measured(start, sent, bytes, sizes)
            }
        }
    }

    fn lambda_point(
        &self,
        s: &mut Series,
        f: usize,
        start: SimTime,
        minute: &crate::lambda::MinuteExtremes,
    ) -> Option<Datapoint> {
        let m = &self.lambda.functions[f].metrics;
        let invocations = delta(s, 0, m.invocations);
        match s.key.metric_name {
            "Invocations" => events(start, invocations),
            "Errors" => rate(start, invocations, delta(s, 1, m.errors)),
            "Throttles" => events(start, delta(s, 1, m.throttles)),
            "Duration" => {
                let total = delta(s, 1, m.duration);
                (minute.ended > 0).then_some(Datapoint {
                    period_start_ms: start,
                    sample_count: minute.ended as f64,
                    sum: total as f64,
                    minimum: minute.min_duration_ms as f64,
                    maximum: minute.max_duration_ms as f64,
                })
            }
            "IteratorAge" => (minute.iterator_batches > 0).then_some(Datapoint {
                period_start_ms: start,
                sample_count: minute.iterator_batches as f64,
                sum: minute.iterator_age_sum_ms as f64,
                minimum: minute.iterator_age_min_ms as f64,
                maximum: minute.iterator_age_max_ms as f64,
            }),
            _ => (minute.peak_concurrency > 0)
                .then(|| Datapoint::single(start, f64::from(minute.peak_concurrency))),
        }
    }

    fn rule_point(&self, s: &mut Series, r: usize, start: SimTime) -> Option<Datapoint> {
        let m = &self.eventbridge.rules[r].metrics;
        let total = match s.key.metric_name {
            "MatchedEvents" => m.matched_events,
            "TriggeredRules" => m.triggered_rules,
            "Invocations" => m.invocations,
            "FailedInvocations" => m.failed_invocations,
            "RetryInvocationAttempts" => m.retry_invocation_attempts,
            _ => m.invocations_sent_to_dlq,
        };
        events(start, delta(s, 0, total))
    }

    fn topic_point(&self, s: &mut Series, t: usize, start: SimTime) -> Option<Datapoint> {
        let topic = &self.sns.topics[t];
        let total = match s.key.metric_name {
            "NumberOfMessagesPublished" => topic.published,
            "NumberOfNotificationsDelivered" => topic.notifications_delivered,
            "NumberOfNotificationsFilteredOut" => topic.notifications_filtered_out,
            "NumberOfNotificationsFilteredOut-NoMessageAttributes" => {
                topic.notifications_filtered_out_no_attributes
            }
            _ => topic.notifications_failed,
        };
        events(start, delta(s, 0, total))
    }

    fn api_point(
        &self,
        s: &mut Series,
        a: usize,
        start: SimTime,
        latency: MinuteRange,
    ) -> Option<Datapoint> {
        let m = &self.apigateway.metrics[a];
        let count = delta(s, 0, m.count);
        match s.key.metric_name {
            "Count" => events(start, count),
            "4XXError" => rate(start, count, delta(s, 1, m.errors_4xx)),
            "5XXError" => rate(start, count, delta(s, 1, m.errors_5xx)),
            _ => {
                let total = delta(s, 1, m.latency_ms);
                measured(start, count, total, latency)
            }
        }
    }

    fn table_point(&self, s: &mut Series, t: usize, start: SimTime) -> Option<Datapoint> {
        let failed = self.dynamodb.tables[t].conditional_check_failed_requests;
        events(start, delta(s, 0, failed))
    }
}

/// What a cumulative counter added since the last minute (kept in the series).
fn delta(s: &mut Series, slot: usize, total: u64) -> u64 {
    let d = total.saturating_sub(s.last_totals[slot]);
    s.last_totals[slot] = total;
    d
}

/// `n` events of value 1 (Invocations, MatchedEvents…); none in the minute, no datapoint.
fn events(start: SimTime, n: u64) -> Option<Datapoint> {
    (n > 0).then_some(Datapoint {
        period_start_ms: start,
        sample_count: n as f64,
        sum: n as f64,
        minimum: 1.0,
        maximum: 1.0,
    })
}

/// `n` requests of which `bad` failed, each a sample of 1 or 0: Average is the rate.
fn rate(start: SimTime, n: u64, bad: u64) -> Option<Datapoint> {
    (n > 0).then_some(Datapoint {
        period_start_ms: start,
        sample_count: n as f64,
        sum: bad as f64,
        minimum: if bad >= n { 1.0 } else { 0.0 },
        maximum: if bad > 0 { 1.0 } else { 0.0 },
    })
}

/// `n` measurements (bytes, milliseconds) adding up to `total`.
fn measured(start: SimTime, n: u64, total: u64, range: MinuteRange) -> Option<Datapoint> {
    let min = range.min.filter(|_| n > 0)?;
    Some(Datapoint {
        period_start_ms: start,
        sample_count: n as f64,
        sum: total as f64,
        minimum: min as f64,
        maximum: range.max as f64,
    })
}
