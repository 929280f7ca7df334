//! Event source mappings: Lambda's pollers for SQS queues and DynamoDB streams.

use crate::kernel::time::SimTime;
use crate::scenario::EventSourceMappingConfig;

/// An SQS event source mapping's state.
#[derive(Clone, Debug)]
pub struct SqsMapping {
    pub uuid: String,
    pub config: EventSourceMappingConfig,
    pub function: u32,
    pub queue: u32,
    pub batch_size: u32,
    pub report_batch_item_failures: bool,
    /// Batches being processed now.
    pub active_batches: u32,
    /// When the next poll is due, if one is scheduled.
    pub(crate) poll_due_ms: Option<SimTime>,
    /// When the queue last went from empty to backlog: pollers scale up from here.
    pub(crate) scaling_since_ms: Option<SimTime>,
    pub(crate) window_started_ms: Option<SimTime>,
}

/// A DynamoDB stream mapping's state: one shard, one batch at a time.
#[derive(Clone, Debug)]
pub struct StreamMapping {
    pub uuid: String,
    pub config: EventSourceMappingConfig,
    pub function: u32,
    pub table: u32,
    pub batch_size: u32,
    pub position: u64,
    pub in_flight: bool,
    pub(crate) batch_limit: u32,
    pub(crate) attempts: u32,
    pub(crate) poll_scheduled: bool,
}
