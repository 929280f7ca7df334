//! The SDK a running function calls (the labs' behaviours in `labs/` see only the
//! `Sdk` trait): each call is checked against the function's faults, applied to
//! the service it names, traced, and answered the way boto3 would see it.

use std::borrow::Cow;

use serde_json::Value;

use crate::dynamodb::{AttributeValue, Condition, ExprContext, Item, Subs, Update, WriteOutcome};
use crate::kernel::time::SimTime;
use crate::kernel::trace::TraceKind;
use crate::labs::Sdk;
use crate::lambda::invocation::{HandlerError, HandlerResult};
use crate::lambda::payload::Payload;
use crate::sqs::MessageAttribute;
use crate::world::Simulation;

impl Simulation {
    /// Runs function `f`'s behaviour on `payload` in execution environment
    /// `environment`, through the SDK facade, with `clock` counting the time its
    /// `time.sleep` calls take.
    pub(crate) fn run_behavior(
        &mut self,
        f: u32,
        environment: u32,
        payload: &Payload,
        request_id: &str,
        clock: &mut HandlerClock,
    ) -> HandlerResult {
        let behavior = std::rc::Rc::clone(&self.lambda.functions[f as usize].config.behavior);
        let mut sdk = FunctionSdk {
            world: self,
            function: f,
            environment,
            clock,
        };
        crate::labs::run(&mut sdk, &behavior, payload, request_id).map_err(|mut e| {
            // The runtime stopped it: no line of the code raised anything.
            if e.is_timeout() {
                return e;
            }
            let config = &self.lambda.functions[f as usize].config;
            if let Some(at) = &e.at {
                let source = crate::cloudformation::export::handler_source(&behavior).as_ptr();
                // Looked up before inserting: a poison message's every receive raises
                // here, and `entry` would copy the handler's name each time.
                let by_handler = self.tracebacks.entry(source as usize).or_default();
                if !by_handler.contains_key(&config.handler) {
                    by_handler.insert(config.handler.clone(), Default::default());
                }
                let found = by_handler.get_mut(&config.handler).expect("inserted above");
                e.stack_trace = match found.get(&**at) {
                    Some(frames) => std::rc::Rc::clone(frames),
                    None => {
                        let handler = super::traceback::Handler::of(config);
                        let frames: super::Frames =
                            super::traceback::frames(&behavior, &handler, at).into();
                        found.insert(at.to_string(), std::rc::Rc::clone(&frames));
                        frames
                    }
                };
            }
            // No line named, or its line not found: a frame in the handler stands in.
            if e.stack_trace.is_empty() {
                let handler = super::traceback::Handler::of(config);
                e.stack_trace = std::rc::Rc::from([super::traceback::fallback_frame(&handler)]);
            }
            e
        })
    }

    fn client_error(e: crate::error::SimError, operation: &str) -> HandlerError {
        let call = super::traceback::call_of(operation);
        HandlerError::new(
            if e.code == "ConditionalCheckFailedException" {
                "ConditionalCheckFailedException"
            } else {
                "ClientError"
            },
            format!(
                "An error occurred ({}) when calling the {operation} operation: {}",
                e.code, e.message
            ),
        )
        .at(call)
    }

    fn after_write(
        &mut self,
        f: u32,
        t: usize,
        out: &WriteOutcome,
        what: impl crate::kernel::trace::TraceText,
    ) {
        let order = out
            .new
            .as_deref()
            .or(out.old.as_deref())
            .and_then(crate::world::order_id_in_item);
        self.kernel.record(
            TraceKind::ItemWritten,
            self.lambda.functions[f as usize].name(),
            Some(&self.dynamodb.tables[t].name),
            order.as_deref(),
            order.as_deref(),
            what,
        );
        if self.dynamodb.tables[t].stream_view_type.is_some() {
            self.wake_stream(t);
        }
    }

    pub(crate) fn ddb_put(
        &mut self,
        f: u32,
        table: &str,
        item: Item,
        condition: Option<&str>,
    ) -> Result<WriteOutcome, HandlerError> {
        let t = self
            .table_index(table)
            .map_err(|e| Self::client_error(e, "PutItem"))?;
        if self.may_refuse(f) {
            self.authorize_call(
                f,
                "dynamodb:PutItem",
                &self.dynamodb.tables[t].arn(),
                "PutItem",
            )?;
        }
        let cond = match condition {
            Some(c) => Some(Condition::parse_cached(c, &ExprContext::default(), Some(&mut self.dynamodb.exprs)).map_err(|m| HandlerError::new("ClientError", format!("An error occurred (ValidationException) when calling the PutItem operation: {m}")).at("put_item("))?),
            None => None,
        };
        // Only a conditional put can be refused; its trace line names the order.
        let order = cond
            .as_ref()
            .and_then(|_| crate::world::order_id_in_item(&item));
        let now = self.kernel.now_ms;
        match self.dynamodb.tables[t].put(item, cond.as_ref(), now) {
            Ok(out) => {
                let what = Written("PutItem", status_of(&out), " (status ", ")");
                self.after_write(f, t, &out, what);
                Ok(out)
            }
            Err(e) => {
                if e.code == "ConditionalCheckFailedException" {
                    let fname = self.lambda.functions[f as usize].name().to_string();
                    let tname = self.dynamodb.tables[t].name.clone();
                    self.record(
                        TraceKind::ConditionalCheckFailed,
                        &fname,
                        Some(&tname),
                        order.as_deref(),
                        order.as_deref(),
                        format_args!(
                            "PutItem refused: ConditionExpression {} is false",
                            condition.unwrap_or("")
                        ),
                    );
                }
                Err(Self::client_error(e, "PutItem"))
            }
        }
    }

    /// UpdateItem of the item with `key`. Returns the updated item.
    pub(crate) fn ddb_update(
        &mut self,
        f: u32,
        table: &str,
        key: Item,
        (update, names): (&str, &[(&str, &str)]),
        values: Vec<(&str, AttributeValue)>,
    ) -> Result<WriteOutcome, HandlerError> {
        let t = self
            .table_index(table)
            .map_err(|e| Self::client_error(e, "UpdateItem"))?;
        if self.may_refuse(f) {
            self.authorize_call(
                f,
                "dynamodb:UpdateItem",
                &self.dynamodb.tables[t].arn(),
                "UpdateItem",
            )?;
        }
        // The placeholders borrowed from the caller: no String each.
        let mut ctx = ExprContext {
            names: Subs::with_capacity(names.len()),
            values: Subs::with_capacity(values.len()),
        };
        for (placeholder, name) in names {
            ctx.names
                .insert(Cow::Borrowed(*placeholder), Cow::Borrowed(*name));
        }
        for (k, v) in values {
            ctx.values.insert(Cow::Borrowed(k), v);
        }
        let upd = Update::parse_cached(update, &ctx, Some(&mut self.dynamodb.exprs)).map_err(|m| HandlerError::new("ClientError", format!("An error occurred (ValidationException) when calling the UpdateItem operation: {m}")).at("update_item("))?;
        let now = self.kernel.now_ms;
        let out = self.dynamodb.tables[t]
            .update(&key, &upd, None, now)
            .map_err(|e| Self::client_error(e, "UpdateItem"))?;
        let what = Written("UpdateItem", status_of(&out), ": status ", "");
        self.after_write(f, t, &out, what);
        Ok(out)
    }

    /// `sqs_send_from` with message attributes.
    fn sqs_send_from_with(
        &mut self,
        f: u32,
        queue: &str,
        body: String,
        attributes: std::collections::BTreeMap<String, MessageAttribute>,
    ) -> Result<String, HandlerError> {
        let q = self
            .queue_index(queue)
            .map_err(|e| Self::client_error(e, "SendMessage"))?;
        if self.may_refuse(f) {
            let arn = self.sqs.queues[q].arn();
            self.authorize_call(f, "sqs:SendMessage", &arn, "SendMessage")?;
        }
        let fname = self.lambda.functions[f as usize].name().to_string();
        let order_id = crate::world::order_id_of(&body);
        self.send_message_of(q, body, attributes, None, None, None, &fname, order_id)
            .map_err(|e| Self::client_error(e, "SendMessage"))
    }

    /// SendMessage from function `f`; `order_id` is `order_id_of(&body)` when the
    /// caller knows it (`None` here: read it from the body).
    fn sqs_send_from(
        &mut self,
        f: u32,
        queue: &str,
        body: String,
        order_id: Option<Option<String>>,
    ) -> Result<String, HandlerError> {
        let q = self
            .queue_index(queue)
            .map_err(|e| Self::client_error(e, "SendMessage"))?;
        if self.may_refuse(f) {
            self.authorize_call(
                f,
                "sqs:SendMessage",
                &self.sqs.queues[q].arn(),
                "SendMessage",
            )?;
        }
        let fname = self.lambda.functions[f as usize].name().to_string();
        let order_id = order_id.unwrap_or_else(|| crate::world::order_id_of(&body));
        self.send_message_of(
            q,
            body,
            Default::default(),
            None,
            None,
            None,
            &fname,
            order_id,
        )
        .map_err(|e| Self::client_error(e, "SendMessage"))
    }

    fn events_put_from(
        &mut self,
        f: u32,
        bus: &str,
        source: &str,
        detail_type: &str,
        detail: Value,
    ) -> Result<String, HandlerError> {
        self.authorize_call(
            f,
            "events:PutEvents",
            &crate::eventbridge::bus_arn(self.scenario.region, bus),
            "PutEvents",
        )?;
        let fname = self.lambda.functions[f as usize].name().to_string();
        let entry = crate::eventbridge::PutEventsEntry {
            source: Some(source.into()),
            detail_type: Some(detail_type.into()),
            detail: Some(detail),
            event_bus_name: Some(bus.into()),
            resources: vec![],
        };
        let result = self
            .put_events(vec![entry], &fname)
            .map_err(|e| Self::client_error(e, "PutEvents"))?;
        // PutEvents does not throw for a failed entry: the code must read FailedEntryCount,
        // and the labs log the answer.
        Ok(format!(
            "PutEvents: FailedEntryCount={} Entries={}",
            result.failed_entry_count,
            Value::Array(result.entries.clone())
        ))
    }
}

/// One function's view of the world while it runs.
struct FunctionSdk<'a> {
    world: &'a mut Simulation,
    function: u32,
    /// Its log stream's execution environment.
    environment: u32,
    clock: &'a mut HandlerClock,
}

/// A running handler's time: what is left of its function's Timeout, and how long
/// its `time.sleep` calls have taken so far (its run ends that much later).
///
/// A handler that sleeps writes its lines with its END, when its run is over: the
/// Test tab reads an invocation's lines as the block before its REPORT, and another
/// invocation's START between them cut that block short.
#[derive(Debug)]
pub(crate) struct HandlerClock {
    pub timeout_s: u64,
    pub left_ms: u64,
    pub slept_ms: u64,
    /// Lines this handler wrote to its log group before any sleep.
    pub written: usize,
    /// Its lines once it slept, each at its time: for the invocation's END.
    pub held_lines: Vec<(SimTime, String)>,
}

impl HandlerClock {
    fn sleep_ms(&mut self, ms: u64) -> Result<(), HandlerError> {
        let slept_ms = ms.min(self.left_ms);
        self.slept_ms += slept_ms;
        self.left_ms -= slept_ms;
        if slept_ms < ms {
            return Err(HandlerError::timed_out(self.timeout_s));
        }
        Ok(())
    }
}

impl Sdk for FunctionSdk<'_> {
    fn log(&mut self, line: std::fmt::Arguments<'_>) {
        // After a `time.sleep`, a line is written that much later: the guide's
        // "✓ Pedido" lines came half a second apart in its log, not all at once.
        let at_ms = self.world.kernel.now_ms + self.clock.slept_ms;
        if self.clock.slept_ms == 0 {
            self.world.log(self.function, self.environment, at_ms, line);
            self.clock.written += 1;
        } else {
            self.clock.held_lines.push((at_ms, line.to_string()));
        }
    }

    fn now_iso(&self) -> String {
        self.world.now_iso()
    }

    fn epoch_ms(&self) -> u64 {
        self.world.kernel.epoch_ms
    }

    fn new_uuid(&mut self) -> String {
        self.world.kernel.ids.uuid()
    }

    fn chance_per_mille(&mut self, per_mille: u32) -> bool {
        self.world.lambda.function_rngs[self.function as usize].chance_per_mille(per_mille)
    }

    fn sleep_ms(&mut self, ms: u64) -> Result<(), HandlerError> {
        let first_sleep = self.clock.slept_ms == 0 && ms.min(self.clock.left_ms) > 0;
        if first_sleep && self.clock.written > 0 {
            let group = &self.world.lambda.functions[self.function as usize].log_group;
            if let Some(g) = self.world.cloudwatch_logs.groups.get_mut(group) {
                self.clock.held_lines = g.take_last(self.clock.written);
            }
        }
        self.clock.sleep_ms(ms)
    }

    fn ddb_put(
        &mut self,
        table: &str,
        item: Item,
        condition: Option<&str>,
    ) -> Result<WriteOutcome, HandlerError> {
        self.world.ddb_put(self.function, table, item, condition)
    }

    fn ddb_update(
        &mut self,
        table: &str,
        key: Item,
        update: &str,
        names: &[(&str, &str)],
        values: Vec<(&str, AttributeValue)>,
    ) -> Result<WriteOutcome, HandlerError> {
        self.world
            .ddb_update(self.function, table, key, (update, names), values)
    }

    fn sqs_send(&mut self, queue: &str, body: String) -> Result<String, HandlerError> {
        self.world.sqs_send_from(self.function, queue, body, None)
    }

    fn sqs_send_with_attributes(
        &mut self,
        queue: &str,
        body: String,
        attributes: &[(&str, String)],
    ) -> Result<String, HandlerError> {
        let attributes = attributes
            .iter()
            .map(|(k, v)| {
                let a = MessageAttribute {
                    data_type: "String".into(),
                    string_value: v.clone(),
                };
                (k.to_string(), a)
            })
            .collect();
        self.world
            .sqs_send_from_with(self.function, queue, body, attributes)
    }

    fn sqs_send_item(&mut self, queue: &str, item: &Item) -> Result<String, HandlerError> {
        // The order the body names, read from the item itself (the same answer:
        // see order_id's tests).
        let order_id = crate::world::order_id_in_item(item);
        let body = crate::labs::json_dumps::dumps_item(item);
        self.world
            .sqs_send_from(self.function, queue, body, Some(order_id))
    }

    fn s3_get_object(&mut self, bucket: &str, key: &str) -> Result<String, HandlerError> {
        self.world.get_object_from(self.function, bucket, key)
    }

    fn put_events(
        &mut self,
        bus: &str,
        source: &str,
        detail_type: &str,
        detail: Value,
    ) -> Result<(), HandlerError> {
        let answer = self
            .world
            .events_put_from(self.function, bus, source, detail_type, detail)?;
        self.log(format_args!("{answer}"));
        Ok(())
    }

    fn sns_publish(
        &mut self,
        topic: &str,
        message: String,
        subject: Option<String>,
    ) -> Result<(), HandlerError> {
        let t = self
            .world
            .topic_index(topic)
            .map_err(|e| Simulation::client_error(e, "Publish"))?;
        let arn = crate::sns::topic_arn(self.world.scenario.region, topic);
        self.world
            .authorize_call(self.function, "sns:Publish", &arn, "Publish")?;
        crate::sns::check_publish(&message, subject.as_deref(), &Default::default())
            .map_err(|e| Simulation::client_error(e, "Publish"))?;
        let fname = self.world.lambda.functions[self.function as usize]
            .name()
            .to_string();
        self.world
            .publish(t, message, subject, Default::default(), &fname, None);
        Ok(())
    }
}

/// The order status a write left (lab 004's `status`, lab 000's `statusPedido`).
fn status_of(out: &WriteOutcome) -> Option<&str> {
    out.new
        .as_ref()
        .and_then(|i| i.get("status").or_else(|| i.get("statusPedido")))
        .and_then(AttributeValue::as_str)
}

/// `{operation}{before}{status}{after}`, the last three only when the write left a
/// status: written piece by piece (a line for every write).
struct Written<'a>(&'static str, Option<&'a str>, &'static str, &'static str);

impl crate::kernel::trace::TraceText for Written<'_> {
    fn write_into(self, buffer: &mut String) {
        buffer.push_str(self.0);
        if let Some(status) = self.1 {
            buffer.push_str(self.2);
            buffer.push_str(status);
            buffer.push_str(self.3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::trace::TraceText;

    #[test]
    fn written_reads_as_its_format() {
        // The `Status` text it replaced: `{before}{status}{after}` or nothing.
        for (op, status, before, after) in [
            ("PutItem", Some("PENDING"), " (status ", ")"),
            ("PutItem", None, " (status ", ")"),
            ("UpdateItem", Some("COMPLETED"), ": status ", ""),
            ("UpdateItem", None, ": status ", ""),
        ] {
            let mut s = String::new();
            Written(op, status, before, after).write_into(&mut s);
            let old = match status {
                Some(st) => format!("{op}{before}{st}{after}"),
                None => op.to_string(),
            };
            assert_eq!(s, old);
        }
    }
}
