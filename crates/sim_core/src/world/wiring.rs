//! Who feeds whom, built once when the world is built (nexosim's "connections"):
//! which pipes and event source mappings read each queue and each table's stream.
//! Handlers look their consumers up here instead of scanning every resource.

use crate::lambda::mapping::{SqsMapping, StreamMapping};
use crate::pipes::{Pipe, PipeSource};

#[derive(Clone, Debug, Default)]
pub(crate) struct Wiring {
    /// Per queue: the pipes whose source it is, in pipe order.
    pub queue_pipes: Vec<Vec<u32>>,
    /// Per queue: the SQS event source mappings that poll it, in mapping order.
    pub queue_mappings: Vec<Vec<u32>>,
    /// Per table: the pipes reading its stream.
    pub stream_pipes: Vec<Vec<u32>>,
    /// Per table: the stream event source mappings reading it.
    pub stream_mappings: Vec<Vec<u32>>,
}

impl Wiring {
    pub fn new(
        queues: usize,
        tables: usize,
        pipes: &[Pipe],
        sqs_mappings: &[SqsMapping],
        stream_mappings: &[StreamMapping],
    ) -> Self {
        let mut w = Wiring {
            queue_pipes: vec![Vec::new(); queues],
            queue_mappings: vec![Vec::new(); queues],
            stream_pipes: vec![Vec::new(); tables],
            stream_mappings: vec![Vec::new(); tables],
        };
        for (i, p) in pipes.iter().enumerate() {
            let list = match p.source {
                PipeSource::Queue(q) => w.queue_pipes.get_mut(q as usize),
                PipeSource::Stream { table, .. } => w.stream_pipes.get_mut(table as usize),
            };
            list.into_iter().for_each(|l| l.push(i as u32));
        }
        for (i, m) in sqs_mappings.iter().enumerate() {
            if let Some(l) = w.queue_mappings.get_mut(m.queue as usize) {
                l.push(i as u32);
            }
        }
        for (i, m) in stream_mappings.iter().enumerate() {
            if let Some(l) = w.stream_mappings.get_mut(m.table as usize) {
                l.push(i as u32);
            }
        }
        w
    }
}
