//! Pipes inside the world: read the source (a queue or a stream), drop what the
//! filter rejects, enrich, transform and deliver the rest, then delete what was
//! delivered from a queue source.

use serde_json::{json, Value};

use crate::eventbridge::transform::{Predefined, TargetInput};
use crate::eventbridge::TargetKind;
use crate::kernel::time::SimTime;
use crate::kernel::trace::TraceKind;
use crate::pipes::{PipeBatch, PipeSource};
use crate::world::{Event, Simulation};

const PIPE_LATENCY_MS: u64 = 30;
const PIPE_MAX_BATCHES: u32 = 5;
/// A stream source's failed batch is read again after 1 s, doubling up to a minute:
/// "the pipe polling throughput will gradually back off" (EventBridge User Guide,
/// eb-pipes-error-troubleshooting). AWS does not publish its schedule; this is ours.
const STREAM_RETRY_FIRST_MS: u64 = 1_000;
const STREAM_RETRY_MAX_MS: u64 = 60_000;

impl Simulation {
    /// Reads the next batch of a stream-sourced pipe: records the filter rejects are
    /// skipped (the position moves past them); the rest go on to the target.
    fn poll_pipe_stream(&mut self, p: u32) {
        let pi = p as usize;
        let PipeSource::Stream {
            table,
            mut position,
        } = self.pipes.pipes[pi].source
        else {
            return;
        };
        if self.pipes.pipes[pi].active_batches > 0 {
            return;
        }
        let t = table as usize;
        let name = self.pipes.pipes[pi].config.name.clone();
        loop {
            let table_ref = &self.dynamodb.tables[t];
            let Some((records, last, _)) =
                table_ref.stream_batch(position, self.pipes.pipes[pi].batch_size as usize)
            else {
                break;
            };
            // Pipes filter and transform the JSON records AWS would deliver.
            let epoch_ms = self.kernel.epoch_ms;
            let records: Vec<Value> = records
                .iter()
                .map(|r| table_ref.stream_record_json(r, epoch_ms))
                .collect();
            let (kept, rejected): (Vec<Value>, Vec<Value>) = records.into_iter().partition(|r| {
                self.pipes.pipes[pi].filters.is_empty()
                    || self.pipes.pipes[pi].filters.iter().any(|f| f.matches(r))
            });
            for r in &rejected {
                self.pipes.pipes[pi].filtered_out += 1;
                let order = r
                    .get("dynamodb")
                    .and_then(|d| d.get("Keys"))
                    .and_then(crate::world::order_id_in);
                let tname = self.dynamodb.tables[t].name.clone();
                self.record(
                    TraceKind::PipeFiltered,
                    &name,
                    Some(&format!("{tname} stream")),
                    None,
                    order.as_deref(),
                    "stream record does not match the pipe's filter: skipped",
                );
            }
            if kept.is_empty() {
                position = last + 1;
                self.pipes.pipes[pi].source = PipeSource::Stream { table, position };
                continue;
            }
            // A throttled enrichment abandons the batch, which asks for the retry.
            self.start_pipe_batch(PipeBatch {
                pipe: p,
                last_sequence: Some(last),
                keys: Vec::new(),
                records: kept,
                sent: None,
            });
            break;
        }
        self.trim_stream(t);
    }

    pub(crate) fn request_pipe_poll(&mut self, p: usize, at_ms: SimTime) {
        let due = &mut self.pipes.pipes[p].poll_due_ms;
        if due.is_none_or(|d| at_ms < d) {
            *due = Some(at_ms);
            self.schedule(at_ms, Event::PipePoll { pipe: p as u32 });
        }
    }

    pub(crate) fn on_pipe_poll(&mut self, p: u32) {
        let pi = p as usize;
        if self.pipes.pipes[pi].poll_due_ms != Some(self.kernel.now_ms) {
            return;
        }
        self.pipes.pipes[pi].poll_due_ms = None;
        if !self.pipes.pipes[pi].running {
            return;
        }
        let q = match self.pipes.pipes[pi].source {
            PipeSource::Queue(q) => q as usize,
            PipeSource::Stream { .. } => return self.poll_pipe_stream(p),
        };
        let name = self.pipes.pipes[pi].config.name.clone();
        if !self.sqs.queues[q].has_visible() {
            self.pipes.pipes[pi].window.forget();
        }
        while self.pipes.pipes[pi].active_batches < PIPE_MAX_BATCHES
            && self.sqs.queues[q].has_visible()
        {
            if self.pipe_waits_for_a_fuller_batch(pi, q) {
                return;
            }
            let keys = self.receive(q, self.pipes.pipes[pi].batch_size, None, &name, false);
            if keys.is_empty() {
                self.count_empty_receive(q);
                return;
            }
            let mut kept_keys = Vec::new();
            let mut records = Vec::new();
            for key in keys {
                let Some(m) = self.sqs.queues[q].get(key) else {
                    continue;
                };
                // The record the Lambda mapping gets; filters see the body parsed.
                let record = m.lambda_record(&self.sqs.queues[q].arn(), self.kernel.epoch_ms);
                let filters = &self.pipes.pipes[pi].filters;
                let keep = filters.is_empty() || {
                    let view = with_parsed_body(&record);
                    filters.iter().any(|f| f.matches(&view))
                };
                if keep {
                    kept_keys.push(key);
                    records.push(record);
                } else {
                    let (id, order) = (m.message_id.clone(), m.order_id.clone());
                    let qname = self.sqs.queues[q].name().to_string();
                    self.pipes.pipes[pi].filtered_out += 1;
                    self.record(TraceKind::PipeFiltered, &name, Some(&qname), Some(&id), order.as_deref(), format_args!("does not match the pipe's filter: deleted from {qname} without being processed"));
                    self.delete_message(q, key, &name);
                }
            }
            if kept_keys.is_empty() {
                continue;
            }
            if !self.start_pipe_batch(PipeBatch {
                pipe: p,
                last_sequence: None,
                keys: kept_keys,
                records,
                sent: None,
            }) {
                return;
            }
        }
    }

    /// MaximumBatchingWindowInSeconds on an SQS source, as a Lambda mapping's: a
    /// short batch waits for the window. It was read and ignored: every message went
    /// alone.
    fn pipe_waits_for_a_fuller_batch(&mut self, pi: usize, q: usize) -> bool {
        let window_s = self.pipes.pipes[pi]
            .config
            .source_parameters
            .sqs_queue_parameters
            .as_ref()
            .map_or(0, |s| s.maximum_batching_window_in_seconds);
        let (now, visible) = (self.kernel.now_ms, self.sqs.queues[q].counts().0);
        let pipe = &mut self.pipes.pipes[pi];
        let Some(due_ms) = pipe
            .window
            .wait_until(now, window_s, visible, pipe.batch_size)
        else {
            return false;
        };
        self.request_pipe_poll(pi, due_ms);
        true
    }

    /// Hands a filtered batch to the enrichment function, or straight to delivery.
    /// False when the enrichment was throttled (the batch is abandoned).
    fn start_pipe_batch(&mut self, b: PipeBatch) -> bool {
        let pi = b.pipe as usize;
        self.pipes.pipes[pi].active_batches += 1;
        let batch = self.pipes.next_pipe_batch;
        self.pipes.next_pipe_batch += 1;
        let payload = Value::Array(b.records.clone());
        let name = self.pipes.pipes[pi].config.name.clone();
        let enrichment = self.pipes.pipes[pi].enrichment;
        self.pipes.pipe_batches.insert(batch, b);
        match enrichment {
            Some(f) => {
                let started = self
                    .start_invocation(
                        f,
                        crate::lambda::payload::Payload::Json(payload),
                        crate::lambda::invocation::Source::PipeEnrichment { batch },
                        &name,
                    )
                    .is_ok();
                if !started {
                    self.abandon_pipe_batch(batch);
                }
                started
            }
            None => {
                self.schedule(
                    self.kernel.now_ms + PIPE_LATENCY_MS,
                    Event::PipeBatchEnd { batch },
                );
                true
            }
        }
    }

    /// The enrichment failed or was throttled. A queue's messages return after their
    /// visibility timeout, and its redrive policy is the pipe's DLQ; a stream's batch is
    /// read again, as a failed delivery's is, for the pipe keeps retrying a stream
    /// source (EventBridge User Guide, eb-pipes-error-troubleshooting: "For pipes with
    /// a stream source, EventBridge Pipes retries…"). Without this poll the pipe
    /// stopped until the table's next write.
    pub(crate) fn abandon_pipe_batch(&mut self, batch: u64) {
        if let Some(b) = self.pipes.pipe_batches.remove(&batch) {
            let pi = b.pipe as usize;
            self.pipes.pipes[pi].active_batches -= 1;
            if matches!(self.pipes.pipes[pi].source, PipeSource::Stream { .. }) {
                self.retry_pipe_stream(pi);
            }
        }
    }

    /// Reads a stream source's failed batch again, later each time it fails in a row.
    fn retry_pipe_stream(&mut self, pi: usize) {
        let failures = &mut self.pipes.pipes[pi].stream_failures;
        let wait_ms = (STREAM_RETRY_FIRST_MS << (*failures).min(6)).min(STREAM_RETRY_MAX_MS);
        *failures += 1;
        self.request_pipe_poll(pi, self.kernel.now_ms + wait_ms);
    }

    /// The input template's reserved variables that do not depend on the event
    /// (EventBridge User Guide, eb-pipes-input-transformation, "Reserved variables").
    /// `aws.pipes.enrichment-arn` is left out without an enrichment.
    fn pipe_reserved_variables(&self, pi: usize) -> Vec<(&'static str, Value)> {
        let pipe = &self.pipes.pipes[pi];
        let region = self.scenario.region;
        let name = &pipe.config.name;
        let source_arn = match pipe.source {
            PipeSource::Queue(q) => self.sqs.queues[q as usize].arn(),
            PipeSource::Stream { table, .. } => self.dynamodb.tables[table as usize].stream_arn(),
        };
        let target_arn = match &pipe.target {
            TargetKind::Queue(n) => crate::sqs::queue_arn(region, n),
            TargetKind::Function(n) => crate::lambda::function_arn(region, n),
            TargetKind::Topic(n) => crate::sns::topic_arn(region, n),
            TargetKind::Bus(n) => crate::eventbridge::bus_arn(region, n),
        };
        let pipe_arn = crate::pipes::pipe_arn(region, name);
        let mut values = vec![
            ("aws.pipes.pipe-name", Value::String(name.clone())),
            ("aws.pipes.pipe-arn", Value::String(pipe_arn)),
            ("aws.pipes.source-arn", Value::String(source_arn)),
            ("aws.pipes.target-arn", Value::String(target_arn)),
            (
                "aws.pipes.event.ingestion-time",
                Value::String(self.now_iso()),
            ),
        ];
        if let Some(f) = pipe.enrichment {
            let arn = self.lambda.functions[f as usize].config.arn(region);
            values.push(("aws.pipes.enrichment-arn", Value::String(arn)));
        }
        values
    }

    pub(crate) fn on_pipe_batch_end(&mut self, batch: u64, enriched: Option<Value>) {
        let Some(b) = self.pipes.pipe_batches.remove(&batch) else {
            return;
        };
        let pi = b.pipe as usize;
        self.pipes.pipes[pi].active_batches -= 1;
        let pipe = self.pipes.pipes[pi].clone();
        let items: Vec<Value> = match enriched {
            None => b.records.clone(),
            Some(v) if is_empty_response(&v) => {
                self.record_empty_enrichment(pi, &b);
                Vec::new()
            }
            Some(Value::Array(a)) => a,
            Some(other) => vec![other],
        };
        let reserved = self.pipe_reserved_variables(pi);
        let mut ok = true;
        let mut function_inputs = Vec::new();
        for item in &items {
            let mut values = reserved.clone();
            let view = with_parsed_body(item);
            values.push(("aws.pipes.event", Value::String(escaped_json(item))));
            values.push(("aws.pipes.event.json", view.clone().into_owned()));
            // Templates read the parsed body; without one the record goes as it is.
            let source = match pipe.input {
                TargetInput::WholeEvent => item,
                _ => &*view,
            };
            let input = pipe.input.render(
                source,
                &Predefined {
                    prefix: "aws.pipes.",
                    values,
                },
            );
            let order = crate::world::order_id_in(view.get("body").unwrap_or(&view));
            let sent = input.clone();
            let delivered = match &pipe.target {
                TargetKind::Queue(name) => match self.queue_index(name) {
                    Ok(tq) => self
                        .send_message(
                            tq,
                            input,
                            Default::default(),
                            None,
                            pipe.config.target_parameters.message_group_id.clone(),
                            None,
                            &pipe.config.name,
                        )
                        .is_ok(),
                    Err(_) => false,
                },
                // Collected: the whole batch goes in one synchronous invocation, below.
                TargetKind::Function(_) => {
                    function_inputs
                        .push(serde_json::from_str(&input).unwrap_or(Value::String(input)));
                    continue;
                }
                TargetKind::Topic(name) => match self.topic_index(name) {
                    Ok(t) => {
                        self.publish(t, input, None, Default::default(), &pipe.config.name, None);
                        true
                    }
                    Err(_) => false,
                },
                TargetKind::Bus(name) => {
                    let detail: Value =
                        serde_json::from_str(&input).unwrap_or(Value::String(input));
                    let entry = crate::eventbridge::PutEventsEntry {
                        source: Some(format!("Pipe {}", pipe.config.name)),
                        // The source's service, as real pipes write it: "Event from
                        // aws:dynamodb" for a stream (it said aws:sqs for every source).
                        detail_type: Some(
                            match pipe.source {
                                PipeSource::Queue(_) => "Event from aws:sqs",
                                PipeSource::Stream { .. } => "Event from aws:dynamodb",
                            }
                            .into(),
                        ),
                        detail: Some(if detail.is_object() {
                            detail
                        } else {
                            json!({ "value": detail })
                        }),
                        event_bus_name: Some(name.clone()),
                        resources: vec![],
                    };
                    self.put_events(vec![entry], &pipe.config.name).is_ok()
                }
            };
            if delivered {
                self.pipes.pipes[pi].delivered += 1;
                self.pipes.pipes[pi].last_input = Some(sent);
                self.record_pipe_delivery(pi, order.as_deref());
            } else {
                ok = false;
                self.record(
                    TraceKind::TargetFailed,
                    &pipe.config.name,
                    Some(pipe.target.name()),
                    None,
                    order.as_deref(),
                    format_args!(
                        "target {} unreachable: the batch returns to the source queue",
                        pipe.target.name()
                    ),
                );
            }
        }
        if let TargetKind::Function(name) = &pipe.target {
            return self.invoke_pipe_target(b, name, function_inputs);
        }
        self.settle_pipe_batch(b, ok);
    }

    /// The enrichment answered "nothing": the target is not invoked, and the batch is
    /// done (its source messages deleted), one trace line per record.
    fn record_empty_enrichment(&mut self, pi: usize, b: &PipeBatch) {
        let pipe = &self.pipes.pipes[pi];
        let name = pipe.config.name.clone();
        let enrichment = pipe
            .enrichment
            .map(|f| self.lambda.functions[f as usize].name().to_string())
            .unwrap_or_default();
        for record in &b.records {
            let order = order_of_record(record);
            self.record(
                TraceKind::PipeFiltered,
                &name,
                None,
                None,
                order.as_deref(),
                format_args!("the enrichment {enrichment} returned an empty response: the target is not invoked"),
            );
        }
    }

    /// A Lambda target: "the entire JSON array is sent in one request", invoked
    /// synchronously by default (REQUEST_RESPONSE), and the source's messages are
    /// deleted only once it succeeds (EventBridge User Guide, eb-pipes-batching-
    /// concurrency; Pipes API, PipeTargetLambdaFunctionParameters). It was invoked
    /// asynchronously once per record, after the messages were already deleted.
    fn invoke_pipe_target(&mut self, b: PipeBatch, function: &str, inputs: Vec<Value>) {
        let pi = b.pipe as usize;
        let name = self.pipes.pipes[pi].config.name.clone();
        let Ok(f) = self.function_index(function) else {
            return self.settle_pipe_batch(b, false);
        };
        // An enrichment that kept nothing leaves nothing to send.
        if inputs.is_empty() {
            return self.settle_pipe_batch(b, true);
        }
        let batch = self.pipes.next_pipe_batch;
        self.pipes.next_pipe_batch += 1;
        self.pipes.pipes[pi].active_batches += 1;
        let inputs = Value::Array(inputs);
        let sent = serde_json::to_string(&inputs).ok();
        self.pipes
            .pipe_batches
            .insert(batch, PipeBatch { sent, ..b });
        let payload = crate::lambda::payload::Payload::Json(inputs);
        let source = crate::lambda::invocation::Source::PipeTarget { batch };
        if self
            .start_invocation(f as u32, payload, source, &name)
            .is_err()
        {
            self.on_pipe_target_end(batch, false);
        }
    }

    /// The Lambda target answered: its batch is delivered (deleted from the queue, the
    /// stream moves on) or, on an error or a throttle, it returns to its source.
    pub(crate) fn on_pipe_target_end(&mut self, batch: u64, succeeded: bool) {
        let Some(b) = self.pipes.pipe_batches.remove(&batch) else {
            return;
        };
        let pi = b.pipe as usize;
        self.pipes.pipes[pi].active_batches -= 1;
        let pipe = &self.pipes.pipes[pi];
        let (name, target) = (pipe.config.name.clone(), pipe.target.name().to_string());
        if succeeded {
            self.pipes.pipes[pi].delivered += b.records.len() as u64;
            self.pipes.pipes[pi].last_input = b.sent.clone();
        }
        for record in &b.records {
            let order = order_of_record(record);
            if succeeded {
                self.record_pipe_delivery(pi, order.as_deref());
            } else {
                self.record(
                    TraceKind::TargetFailed,
                    &name,
                    Some(&target),
                    None,
                    order.as_deref(),
                    format_args!("target {target} failed: the batch returns to the source"),
                );
            }
        }
        self.settle_pipe_batch(b, succeeded);
    }

    /// "delivered to T", said with the filter the order passed (the instructor walk's
    /// stage showed the source's delete and never that the order matched).
    fn record_pipe_delivery(&mut self, pi: usize, order: Option<&str>) {
        let pipe = &self.pipes.pipes[pi];
        let matched = if pipe.filters.is_empty() {
            ""
        } else {
            "matched the pipe's filter: "
        };
        let (name, target) = (pipe.config.name.clone(), pipe.target.name().to_string());
        self.record(
            TraceKind::PipeDelivered,
            &name,
            Some(&target),
            None,
            order,
            format_args!("{matched}delivered to {target}"),
        );
    }

    /// A batch done with: delivered, its messages are deleted or the stream moves past
    /// it; failed, an SQS batch returns after its visibility timeout (the source
    /// queue's redrive policy is the pipe's DLQ) and a stream batch is retried.
    fn settle_pipe_batch(&mut self, b: PipeBatch, ok: bool) {
        let pi = b.pipe as usize;
        let pipe = &self.pipes.pipes[pi];
        let (source, name) = (pipe.source.clone(), pipe.config.name.clone());
        match (&source, ok) {
            (PipeSource::Queue(q), true) => {
                for key in b.keys {
                    self.delete_message(*q as usize, key, &name);
                }
            }
            (PipeSource::Stream { table, .. }, true) => {
                if let (PipeSource::Stream { position, .. }, Some(last)) =
                    (&mut self.pipes.pipes[pi].source, b.last_sequence)
                {
                    *position = last + 1;
                }
                self.pipes.pipes[pi].stream_failures = 0;
                self.trim_stream(*table as usize);
            }
            // A stream batch that failed is retried, holding back the shard.
            (PipeSource::Stream { .. }, false) => {
                self.retry_pipe_stream(pi);
                return;
            }
            (PipeSource::Queue(_), false) => {}
        }
        self.request_pipe_poll(
            pi,
            self.kernel.now_ms + crate::lambda::mapping::POLL_LATENCY_MS,
        );
    }
}

/// `aws.pipes.event`: the event as JSON text, escaped to sit inside a JSON string
/// (unlike `aws.pipes.event.json`, which "isn't escaped": EventBridge User Guide,
/// eb-pipes-input-transformation). Templates insert string values raw.
fn escaped_json(event: &Value) -> String {
    let quoted = Value::String(event.to_string()).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

/// EventBridge Pipes parse an SQS record's `body` when it is JSON, for filter patterns
/// and input templates (`<$.body.amount>`); the record itself keeps the body a string
/// (EventBridge User Guide, "Implicit body data parsing" in eb-pipes-input-transformation).
fn with_parsed_body(record: &Value) -> std::borrow::Cow<'_, Value> {
    let parsed = record
        .get("body")
        .and_then(Value::as_str)
        .and_then(|b| serde_json::from_str::<Value>(b).ok());
    match parsed {
        Some(body) => {
            let mut view = record.clone();
            view["body"] = body;
            std::borrow::Cow::Owned(view)
        }
        None => std::borrow::Cow::Borrowed(record),
    }
}

/// The order a record in a pipe is about, read in its SQS body when it has one.
fn order_of_record(record: &Value) -> Option<String> {
    let view = with_parsed_body(record);
    crate::world::order_id_in(view.get("body").unwrap_or(&view))
}

/// "If you don't want to invoke the target, return an empty response, such as "",
/// {}, or []" (EventBridge User Guide, pipes-enrichment). A function that returns
/// nothing (Python's None) answers `null`: our reading is that it is empty too (the
/// page does not list it). `null` passed the source's records on, and "" or {} went
/// on as one record.
fn is_empty_response(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_empty_response;
    use serde_json::json;

    #[test]
    fn an_empty_response_is_one_of_the_three_documented_or_null() {
        for empty in [json!(""), json!({}), json!([]), json!(null)] {
            assert!(is_empty_response(&empty), "{empty}");
        }
        for some in [
            json!(" "),
            json!({ "a": 1 }),
            json!([{}]),
            json!(0),
            json!(false),
        ] {
            assert!(!is_empty_response(&some), "{some}");
        }
    }
}
