//! Event source mappings: Lambda's pollers for SQS queues and DynamoDB streams.

use crate::kernel::time::SimTime;

/// How soon a long-polling poller (a mapping's or a pipe's) sees a message that
/// became visible.
pub const POLL_LATENCY_MS: u64 = 20;
use serde::Serialize;
use serde_json::Value;

use crate::services::de::{self, read, req, FromJson, Res};
use crate::sqs::queue_name_from_arn;

/// An SQS event source mapping's state.
#[derive(Clone, Debug)]
pub struct SqsMapping {
    pub uuid: String,
    pub config: EventSourceMappingConfig,
    pub function: u32,
    pub queue: u32,
    pub batch_size: u32,
    pub report_batch_item_failures: bool,
    /// FilterCriteria, compiled: on the body only, as Lambda filters SQS records.
    pub filters: Vec<crate::eventbridge::EventPattern>,
    /// Batches being processed now.
    pub active_batches: u32,
    /// When the next poll is due, if one is scheduled.
    pub(crate) poll_due_ms: Option<SimTime>,
    /// When the queue last went from empty to backlog: pollers scale up from here.
    pub(crate) scaling_since_ms: Option<SimTime>,
    pub(crate) window: crate::sqs::BatchingWindow,
    /// Why the pollers cannot receive (the role lacks sqs:ReceiveMessage), until a
    /// policy changes.
    pub access_problem: Option<String>,
}

impl SqsMapping {
    pub fn new(uuid: String, config: EventSourceMappingConfig, function: u32, queue: u32) -> Self {
        SqsMapping {
            uuid,
            batch_size: config
                .batch_size
                .unwrap_or(crate::limits::lambda::SQS_BATCH_SIZE_DEFAULT),
            report_batch_item_failures: config
                .function_response_types
                .iter()
                .any(|t| t == "ReportBatchItemFailures"),
            // Checked with the scenario: a pattern that does not compile never gets here.
            filters: config.filters().unwrap_or_default(),
            config,
            function,
            queue,
            active_batches: 0,
            poll_due_ms: None,
            scaling_since_ms: None,
            window: Default::default(),
            access_problem: None,
        }
    }
}

/// A DynamoDB stream mapping's state: one shard, one batch at a time.
#[derive(Clone, Debug)]
pub struct StreamMapping {
    pub uuid: String,
    pub config: EventSourceMappingConfig,
    pub function: u32,
    pub table: u32,
    pub batch_size: u32,
    /// FilterCriteria, compiled: over the stream record as the function would get it.
    pub filters: Vec<crate::eventbridge::EventPattern>,
    pub position: u64,
    pub in_flight: bool,
    /// How many records the next read takes: BatchSize, or up to the end of a batch
    /// being retried (a half BisectBatchOnFunctionError split, or the failed batch).
    pub(crate) batch_limit: u32,
    /// The last sequence numbers of the batches BisectBatchOnFunctionError split or a
    /// retry holds to (`retry_up_to`), innermost last: each is read on its own until
    /// the shard passes its end.
    pub(crate) split_ends: Vec<u64>,
    pub(crate) attempts: u32,
    pub(crate) poll_scheduled: bool,
    /// When the batching window being gathered ends, its poll already scheduled: the
    /// records written meanwhile do not schedule one each.
    pub(crate) window_due_ms: Option<crate::kernel::time::SimTime>,
}

impl StreamMapping {
    /// The failed batch `first..=last` is read again as two halves, the first now
    /// (AWS: "split the batch in two and retry"; both halves, then BatchSize again).
    pub(crate) fn split(&mut self, first: u64, last: u64) {
        self.hold_to(last);
        let half = ((last + 1 - first) / 2).max(1);
        self.split_ends.push(first + half - 1);
        self.settle_split();
    }

    /// A failed batch retried whole, or from the records a partial response reported:
    /// the next read stops at its end `last`, so records written since wait behind it
    /// ("Lambda retries only the remaining records", services-ddb-batchfailurereporting).
    pub(crate) fn retry_up_to(&mut self, last: u64) {
        self.hold_to(last);
        self.settle_split();
    }

    /// Reads stop at `last` until the shard passes it (once, however often retried).
    fn hold_to(&mut self, last: u64) {
        if self.split_ends.last() != Some(&last) {
            self.split_ends.push(last);
        }
    }

    /// After the shard moved to `position`: the halves it passed are done, and the
    /// next read stops at the innermost pending half's end, else takes BatchSize.
    pub(crate) fn settle_split(&mut self) {
        while self
            .split_ends
            .last()
            .is_some_and(|&end| end < self.position)
        {
            self.split_ends.pop();
        }
        self.batch_limit = match self.split_ends.last() {
            Some(&end) => ((end + 1 - self.position) as u32).clamp(1, self.batch_size),
            None => self.batch_size,
        };
    }

    /// `stream_end` is where LATEST starts: the sequence number of the next record.
    pub fn new(
        uuid: String,
        config: EventSourceMappingConfig,
        function: u32,
        table: u32,
        stream_end: u64,
    ) -> Self {
        let position = if config.starting_position.as_deref() == Some("TRIM_HORIZON") {
            0
        } else {
            stream_end
        };
        let batch_size = config
            .batch_size
            .unwrap_or(crate::limits::lambda::STREAM_BATCH_SIZE_DEFAULT);
        StreamMapping {
            uuid,
            // Checked with the scenario: a pattern that does not compile never gets here.
            filters: config.filters().unwrap_or_default(),
            config,
            function,
            table,
            batch_size,
            position,
            in_flight: false,
            batch_limit: batch_size,
            split_ends: Vec::new(),
            attempts: 0,
            poll_scheduled: false,
            window_due_ms: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingConfig {
    pub maximum_concurrency: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OnFailureConfig {
    pub on_failure: crate::lambda::Destination,
}

/// An event source mapping: an SQS queue or a DynamoDB stream feeding a function.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSourceMappingConfig {
    pub function_name: String,
    /// A queue or table ARN, or just its name.
    pub event_source_arn: String,
    pub batch_size: Option<u32>,
    pub maximum_batching_window_in_seconds: u64,
    pub function_response_types: Vec<String>,
    pub scaling_config: Option<ScalingConfig>,
    pub enabled: bool,
    /// Streams: TRIM_HORIZON or LATEST.
    pub starting_position: Option<String>,
    /// Streams: -1 (the default) retries until the records expire.
    pub maximum_retry_attempts: Option<i64>,
    pub bisect_batch_on_function_error: bool,
    pub destination_config: Option<OnFailureConfig>,
    /// Records none of whose patterns match never reach the function: an SQS
    /// message is deleted, a stream record skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_criteria: Option<crate::pipes::FilterCriteria>,
}

impl FromJson for ScalingConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct ScalingConfig", true, "", "MaximumConcurrency" maximum_concurrency de::u32);
        Ok(ScalingConfig {
            maximum_concurrency: req(maximum_concurrency, "MaximumConcurrency")?,
        })
    }
}

impl FromJson for OnFailureConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct OnFailureConfig", true, "", "OnFailure" on_failure de::parse);
        Ok(OnFailureConfig {
            on_failure: req(on_failure, "OnFailure")?,
        })
    }
}

/// A stream mapping's MaximumRetryAttempts: -1 (retry until the records expire) to
/// 10,000.
pub const STREAM_RETRY_ATTEMPTS: std::ops::RangeInclusive<i64> = -1..=10_000;

/// MaximumRetryAttempts' bounds for a stream: -1 (retry until the records expire)
/// to 10,000, refused as the API's validation writes it (UpdateEventSourceMapping;
/// a scenario's mapping is checked with the scenario, `scenario/check.rs`).
/// <https://docs.aws.amazon.com/lambda/latest/api/API_UpdateEventSourceMapping.html>
pub fn check_maximum_retry_attempts(n: i64) -> Result<(), String> {
    let bound = if n < *STREAM_RETRY_ATTEMPTS.start() {
        "greater than or equal to -1"
    } else if n > *STREAM_RETRY_ATTEMPTS.end() {
        "less than or equal to 10000"
    } else {
        return Ok(());
    };
    Err(format!("1 validation error detected: Value '{n}' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value {bound}"))
}

impl FromJson for EventSourceMappingConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct EventSourceMappingConfig", true, "",
            "FunctionName" function_name de::string,
            "EventSourceArn" event_source_arn de::string,
            "BatchSize" batch_size |x| de::opt(x, de::u32),
            "MaximumBatchingWindowInSeconds" window de::u64,
            "FunctionResponseTypes" function_response_types de::strings,
            "ScalingConfig" scaling_config |x| de::opt(x, de::parse),
            "Enabled" enabled de::boolean,
            "StartingPosition" starting_position de::opt_string,
            "MaximumRetryAttempts" maximum_retry_attempts |x| de::opt(x, de::i64),
            "BisectBatchOnFunctionError" bisect de::boolean,
            "DestinationConfig" destination_config |x| de::opt(x, de::parse),
            "FilterCriteria" filter_criteria |x| de::opt(x, de::parse),
        );
        Ok(EventSourceMappingConfig {
            function_name: req(function_name, "FunctionName")?,
            event_source_arn: req(event_source_arn, "EventSourceArn")?,
            batch_size: batch_size.flatten(),
            maximum_batching_window_in_seconds: window.unwrap_or_default(),
            function_response_types: function_response_types.unwrap_or_default(),
            scaling_config: scaling_config.flatten(),
            enabled: enabled.unwrap_or(true),
            starting_position: starting_position.flatten(),
            maximum_retry_attempts: maximum_retry_attempts.flatten(),
            bisect_batch_on_function_error: bisect.unwrap_or_default(),
            destination_config: destination_config.flatten(),
            filter_criteria: filter_criteria.flatten(),
        })
    }
}

impl EventSourceMappingConfig {
    /// FilterCriteria's patterns, compiled (none: every record passes).
    pub fn filters(&self) -> Result<Vec<crate::eventbridge::EventPattern>, String> {
        self.filter_criteria
            .as_ref()
            .map_or(Ok(Vec::new()), crate::pipes::FilterCriteria::compile)
    }

    /// The queue or table name the ARN points at.
    pub fn source_name(&self) -> &str {
        let a = self.event_source_arn.as_str();
        if let Some(rest) = a.strip_prefix("arn:aws:dynamodb:") {
            // arn:aws:dynamodb:region:account:table/NAME[/stream/LABEL]
            return rest
                .split("table/")
                .nth(1)
                .and_then(|t| t.split('/').next())
                .unwrap_or(a);
        }
        queue_name_from_arn(a)
    }
}
