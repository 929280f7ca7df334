//! The world's read-only getters, which the views are built from: nothing here
//! changes state.

use std::collections::BTreeMap;

use crate::apigateway::{ApiConfig, HttpExchange};
use crate::dynamodb::Table;
use crate::kernel::time::SimTime;
use crate::kernel::trace::Trace;
use crate::lambda::Function;
use crate::scenario::Scenario;
use crate::services::logs::LogGroup;
use crate::sqs::Queue;

use crate::world::{ConsolePoll, Simulation, SqsMapping, StreamMapping};

impl Simulation {
    pub fn now_ms(&self) -> SimTime {
        self.kernel.now_ms
    }

    pub fn seed(&self) -> u64 {
        self.kernel.seed
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Events run so far (for benchmarks).
    pub fn events_run(&self) -> u64 {
        self.kernel.events_run
    }

    pub fn queues(&self) -> &[Queue] {
        &self.sqs.queues
    }

    pub fn queue(&self, name: &str) -> Option<&Queue> {
        self.queue_index(name).ok().map(|i| &self.sqs.queues[i])
    }

    pub fn tables(&self) -> &[Table] {
        &self.dynamodb.tables
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.table_index(name)
            .ok()
            .map(|i| &self.dynamodb.tables[i])
    }

    pub fn functions(&self) -> &[Function] {
        &self.lambda.functions
    }

    pub fn function(&self, name: &str) -> Option<&Function> {
        self.function_index(name)
            .ok()
            .map(|i| &self.lambda.functions[i])
    }

    pub fn sqs_mappings(&self) -> &[SqsMapping] {
        &self.lambda.sqs_mappings
    }

    pub fn stream_mappings(&self) -> &[StreamMapping] {
        &self.lambda.stream_mappings
    }

    pub fn apis(&self) -> &[ApiConfig] {
        &self.apigateway.apis
    }

    pub fn logs(&self) -> &BTreeMap<String, LogGroup> {
        &self.cloudwatch_logs.groups
    }

    pub fn http_exchanges(&self) -> impl Iterator<Item = &HttpExchange> {
        self.apigateway.http.iter()
    }

    /// The console's polls, oldest first (the last one may still be waiting).
    pub fn console_polls(&self) -> impl Iterator<Item = &ConsolePoll> {
        self.sqs.console_polls.values()
    }

    pub fn rules(&self) -> &[crate::eventbridge::Rule] {
        &self.eventbridge.rules
    }

    pub fn event_buses(&self) -> &[String] {
        &self.eventbridge.buses
    }

    pub fn topics(&self) -> &[crate::sns::Topic] {
        &self.sns.topics
    }

    pub fn pipes(&self) -> &[crate::pipes::Pipe] {
        &self.pipes.pipes
    }

    /// The e-mails SNS e-mail subscriptions received, oldest first.
    pub fn inbox(&self) -> impl Iterator<Item = &crate::sns::Email> {
        self.sns.inbox.iter()
    }

    /// CloudWatch alarms, in the order they were declared or created.
    pub fn alarms(&self) -> &[crate::services::cloudwatch::Alarm] {
        &self.cloudwatch.alarms
    }

    pub fn alarm(&self, name: &str) -> Option<&crate::services::cloudwatch::Alarm> {
        self.cloudwatch
            .alarm_index(name)
            .map(|a| &self.cloudwatch.alarms[a])
    }

    /// S3 buckets with their objects.
    pub fn buckets(&self) -> &[crate::services::s3::Bucket] {
        &self.s3.buckets
    }

    pub fn bucket(&self, name: &str) -> Option<&crate::services::s3::Bucket> {
        self.s3.bucket_index(name).map(|b| &self.s3.buckets[b])
    }

    /// IAM roles the scenario declares, with their policies as they are now.
    pub fn roles(&self) -> &[crate::services::iam::RoleConfig] {
        &self.iam.roles
    }

    pub fn role(&self, name: &str) -> Option<&crate::services::iam::RoleConfig> {
        self.iam.role(name)
    }

    /// Every metric the resources publish, with its 1-minute datapoints.
    pub fn metrics(&self) -> &[crate::services::cloudwatch::Series] {
        &self.cloudwatch.series
    }

    /// One metric of one resource: `("AWS/SQS", "ApproximateNumberOfMessagesVisible", "order-processing-dlq")`.
    pub fn metric(
        &self,
        namespace: &str,
        metric_name: &str,
        resource: &str,
    ) -> Option<&crate::services::cloudwatch::Series> {
        self.cloudwatch.series.iter().find(|s| {
            s.key.namespace == namespace
                && s.key.metric_name == metric_name
                && s.key.dimension_value == resource
        })
    }

    /// What PutEvents answered, oldest first.
    pub fn put_events_results(&self) -> impl Iterator<Item = &crate::eventbridge::PutEventsResult> {
        self.eventbridge.put_events_results.iter()
    }

    /// Script steps (a `--script`, the UI's batch submit) still waiting for their time.
    pub fn scheduled_actions(&self) -> usize {
        self.pending_script.len()
    }

    pub fn trace(&self) -> &Trace {
        &self.kernel.trace
    }

    pub fn epoch_ms(&self) -> u64 {
        self.kernel.epoch_ms
    }

    /// The wall-clock ISO time of the current sim time.
    pub fn now_iso(&self) -> String {
        self.kernel.now_iso()
    }
}
