//! Every AWS limit and default the simulator enforces, in one place, with its source.
//! Sources: the AWS API models and developer guides as collected in AWS-FIDELITY.md
//! (checked 2026-11). Where AWS changed a number, the date of the change is noted.

pub mod sqs {
    /// VisibilityTimeout: 0–43,200 s, default 30 s (SQS API reference, SetQueueAttributes).
    pub const VISIBILITY_TIMEOUT_MAX_S: u64 = 43_200;
    pub const VISIBILITY_TIMEOUT_DEFAULT_S: u64 = 30;
    /// DelaySeconds: 0–900 s, default 0.
    pub const DELAY_SECONDS_MAX: u64 = 900;
    /// MessageRetentionPeriod: 60 s–14 days, default 4 days.
    pub const RETENTION_MIN_S: u64 = 60;
    pub const RETENTION_MAX_S: u64 = 1_209_600;
    pub const RETENTION_DEFAULT_S: u64 = 345_600;
    /// MaximumMessageSize: 1 KiB–1 MiB, default 1 MiB (256 KiB before August 2025).
    pub const MAX_MESSAGE_SIZE_MIN_BYTES: u64 = 1_024;
    pub const MAX_MESSAGE_SIZE_MAX_BYTES: u64 = 1_048_576;
    pub const MAX_MESSAGE_SIZE_DEFAULT_BYTES: u64 = 1_048_576;
    /// SendMessageBatch: the entries' sizes (bodies and attributes) add up to at most
    /// 1 MiB, whatever the queue's MaximumMessageSize.
    pub const BATCH_PAYLOAD_MAX_BYTES: u64 = 1_048_576;
    /// ReceiveMessageWaitTimeSeconds (long polling): 0–20 s, default 0.
    pub const WAIT_TIME_MAX_S: u64 = 20;
    /// MaxNumberOfMessages per receive and entries per batch call: 1–10.
    pub const BATCH_MAX_ENTRIES: usize = 10;
    /// RedrivePolicy.maxReceiveCount: 1–1,000.
    pub const MAX_RECEIVE_COUNT_MAX: u32 = 1_000;
    /// FIFO deduplication interval: 5 minutes.
    pub const FIFO_DEDUP_WINDOW_MS: u64 = 5 * 60 * 1_000;
    /// ChangeMessageVisibility cannot extend past 12 hours from the receive.
    pub const VISIBILITY_CAP_FROM_RECEIVE_MS: u64 = 12 * 3_600 * 1_000;
    /// StartMessageMoveTask MaxNumberOfMessagesPerSecond: 1–500.
    pub const REDRIVE_RATE_MAX_PER_S: u32 = 500;
}

pub mod eventbridge {
    /// PutEvents entry size: 1 MiB by default since January 2026 (256 KB before), counted
    /// over Source, DetailType, Detail and Resources (UTF-8 bytes) plus 14 bytes for a
    /// Time. A scenario may set another (`PutEventsEntryLimitBytes`).
    pub const PUT_EVENTS_ENTRY_DEFAULT_BYTES: u64 = crate::eventbridge::DEFAULT_ENTRY_LIMIT_BYTES;
}

pub mod lambda {
    /// Function timeout: 1–900 s, default 3 s.
    pub const TIMEOUT_MAX_S: u64 = 900;
    pub const TIMEOUT_DEFAULT_S: u64 = 3;
    /// MemorySize: 128–10,240 MB, default 128 MB.
    pub const MEMORY_MIN_MB: u32 = 128;
    pub const MEMORY_MAX_MB: u32 = 10_240;
    pub const MEMORY_DEFAULT_MB: u32 = 128;
    /// Default account concurrency quota.
    pub const ACCOUNT_CONCURRENCY: u32 = 1_000;
    /// SQS event source mapping: BatchSize default 10, 1–10,000 (standard, with a
    /// batching window of at least 1 s above 10), 1–10 for FIFO.
    pub const SQS_BATCH_SIZE_DEFAULT: u32 = 10;
    pub const SQS_BATCH_SIZE_MAX: u32 = 10_000;
    pub const SQS_FIFO_BATCH_SIZE_MAX: u32 = 10;
    /// MaximumBatchingWindowInSeconds: 0–300.
    pub const BATCHING_WINDOW_MAX_S: u64 = 300;
    /// FilterCriteria: "By default, you can define up to five different filters for a
    /// single event source mapping" (Lambda developer guide, invocation-eventfiltering);
    /// a pipe's Filters take at most 5 too (Pipes API reference, FilterCriteria).
    pub const FILTERS_MAX: usize = 5;
    /// A throttled SQS batch is invoked again while hidden: after 1 s, doubling up to
    /// 16 s. AWS does not publish its schedule; these are ours.
    pub const THROTTLED_SQS_RETRY_FIRST_MS: u64 = 1_000;
    pub const THROTTLED_SQS_RETRY_MAX_MS: u64 = 16_000;
    /// SQS pollers: start at 5 concurrent batches, add up to 300 per minute, up to 1,000.
    pub const SQS_SCALING_START: u32 = 5;
    pub const SQS_SCALING_PER_MINUTE: u32 = 300;
    pub const SQS_SCALING_MAX: u32 = 1_000;
    /// ScalingConfig.MaximumConcurrency: 2–1,000.
    pub const MAXIMUM_CONCURRENCY_MIN: u32 = 2;
    /// Asynchronous invocation: MaximumRetryAttempts 0–2 (default 2), retried 1 minute
    /// then 2 minutes after the failure; MaximumEventAgeInSeconds 60–21,600 (default 21,600).
    pub const ASYNC_RETRY_ATTEMPTS_DEFAULT: u32 = 2;
    pub const ASYNC_RETRY_DELAYS_MS: [u64; 2] = [60_000, 120_000];
    /// A throttled asynchronous event goes back to Lambda's queue: "the retry interval
    /// increases exponentially from 1 second after the first attempt to a maximum of
    /// 5 minutes", until the event's maximum age.
    pub const ASYNC_THROTTLE_FIRST_DELAY_MS: u64 = 1_000;
    pub const ASYNC_THROTTLE_MAX_DELAY_MS: u64 = 300_000;
    pub const ASYNC_EVENT_AGE_MIN_S: u64 = 60;
    pub const ASYNC_EVENT_AGE_MAX_S: u64 = 21_600;
    /// DynamoDB stream mapping: BatchSize default 100, 1–10,000.
    pub const STREAM_BATCH_SIZE_DEFAULT: u32 = 100;
    /// Stream records are kept 24 hours; a failing batch is retried until it expires.
    pub const STREAM_RETENTION_MS: u64 = 24 * 3_600 * 1_000;
}

pub mod sns {
    /// A Publish's message, its attributes counted in: "at most 256 KB in size
    /// (262,144 bytes, not 262,144 characters)" (the Publish API's Message).
    pub const MAX_MESSAGE_BYTES: usize = 262_144;
    /// "Subjects must be UTF-8 text with no line breaks or control characters, and
    /// less than 100 characters long"; AWS accepts exactly 100 and refuses 101.
    pub const MAX_SUBJECT_CHARS: usize = 100;
}

pub mod apigateway {
    /// REST API integration timeout: 29 s by default.
    pub const INTEGRATION_TIMEOUT_MS: u64 = 29_000;
}

pub mod dynamodb {
    /// An item is at most 400 KB.
    pub const ITEM_SIZE_MAX_BYTES: usize = 400 * 1024;
}

pub mod pipes {
    /// The largest batch a pipe may send an SQS queue, an SNS topic or an event bus:
    /// 10 ("Supported batchable targets", eb-pipes-batching-concurrency).
    pub const BATCHABLE_TARGET_MAX: u32 = 10;
}
