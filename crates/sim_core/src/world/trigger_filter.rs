//! A Lambda trigger's FilterCriteria: records none of its patterns match never reach
//! the function. "If none of your filters are satisfied, Lambda discards the record";
//! for SQS, Lambda "automatically removes the message from the queue" (Lambda developer
//! guide, invocation-eventfiltering). SQS mappings filter on the body only
//! (with-sqs-filtering), parsed when it is JSON; stream mappings on the record as the
//! function would get it.

use std::rc::Rc;

use serde_json::{json, Value};

use crate::dynamodb::StreamRecord;
use crate::kernel::trace::TraceKind;
use crate::world::{order_id_in, Simulation};

impl Simulation {
    /// The received messages trigger `mi`'s filters let through; the others are
    /// deleted, each with a trace line.
    pub(crate) fn drop_filtered_messages(&mut self, mi: usize, keys: Vec<u64>) -> Vec<u64> {
        if self.lambda.sqs_mappings[mi].filters.is_empty() {
            return keys;
        }
        let q = self.lambda.sqs_mappings[mi].queue as usize;
        let f = self.lambda.sqs_mappings[mi].function as usize;
        let fname = self.lambda.functions[f].name().to_string();
        let qname = self.sqs.queues[q].name().to_string();
        let mut kept = Vec::with_capacity(keys.len());
        for key in keys {
            let Some(m) = self.sqs.queues[q].get(key) else {
                continue;
            };
            let body = serde_json::from_str::<Value>(&m.body)
                .unwrap_or_else(|_| Value::String(m.body.clone()));
            let view = json!({ "body": body });
            if self.lambda.sqs_mappings[mi]
                .filters
                .iter()
                .any(|p| p.matches(&view))
            {
                kept.push(key);
                continue;
            }
            let (id, order) = (m.message_id.clone(), m.order_id.clone());
            self.record(
                TraceKind::TriggerFiltered,
                &qname,
                Some(&fname),
                Some(&id),
                order.as_deref(),
                format_args!("does not match {fname}'s trigger filter (FilterCriteria): deleted without invoking it"),
            );
            self.delete_message(q, key, &fname);
        }
        kept
    }

    /// The stream records trigger `mi`'s filters let through; the others are skipped,
    /// each with a trace line.
    pub(crate) fn drop_filtered_records(
        &mut self,
        mi: usize,
        records: Vec<Rc<StreamRecord>>,
    ) -> Vec<Rc<StreamRecord>> {
        if self.lambda.stream_mappings[mi].filters.is_empty() {
            return records;
        }
        let t = self.lambda.stream_mappings[mi].table as usize;
        let f = self.lambda.stream_mappings[mi].function as usize;
        let fname = self.lambda.functions[f].name().to_string();
        let stream = format!("{} stream", self.dynamodb.tables[t].name);
        let mut kept = Vec::with_capacity(records.len());
        for r in records {
            let json = self.dynamodb.tables[t].stream_record_json(&r, self.kernel.epoch_ms);
            if self.lambda.stream_mappings[mi]
                .filters
                .iter()
                .any(|p| p.matches(&json))
            {
                kept.push(r);
                continue;
            }
            let order = json["dynamodb"].get("Keys").and_then(order_id_in);
            let event = json["eventName"].as_str().unwrap_or("record").to_string();
            self.record(
                TraceKind::TriggerFiltered,
                &stream,
                Some(&fname),
                None,
                order.as_deref(),
                format_args!("{event} does not match {fname}'s trigger filter (FilterCriteria): skipped without invoking it"),
            );
        }
        kept
    }
}
