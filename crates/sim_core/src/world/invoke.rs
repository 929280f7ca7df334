//! Lambda inside the world: invocations (synchronous from API Gateway and event source
//! mappings, asynchronous with Lambda's own retries), their logs and metrics, SQS and
//! DynamoDB stream pollers, destinations and the function DLQ, and the fault switches.

use serde_json::{json, Value};

use crate::action::{FaultKind, InvocationType};
use crate::apigateway::{response_from_function, HttpExchange, ProxyRequest};
use crate::error::{SimError, SimResult};
use crate::kernel::time::{HumanMs, SimTime, MINUTE_MS};
use crate::kernel::trace::{TraceKind, TraceText};
use crate::lambda::mapping::POLL_LATENCY_MS;
use crate::lambda::payload::Payload;
use crate::lambda::test_invoke::{TestDone, TestInvoke, TestState};
use crate::limits::lambda as lim;
pub use crate::services::lambda::invocation::{
    AsyncEvent, HandlerError, HandlerResult, Held, Invocation, Source,
};
use crate::world::sdk::HandlerClock;
use crate::world::{body_text, order_id_in, order_id_of, Event, Simulation};

/// How soon an asynchronous event is first attempted after it is queued.
const ASYNC_QUEUE_LATENCY_MS: u64 = 50;

impl Simulation {
    /// Starts an invocation, or throttles it. Returns the invocation id.
    pub(crate) fn start_invocation(
        &mut self,
        f: u32,
        payload: Payload,
        source: Source,
        caller: &str,
    ) -> Result<u64, ()> {
        let order_id = order_of_payload(&payload);
        self.start_invocation_of(f, payload, source, caller, order_id)
    }

    /// `start_invocation` when the caller already knows `order_of_payload(&payload)`.
    fn start_invocation_of(
        &mut self,
        f: u32,
        payload: Payload,
        source: Source,
        caller: &str,
        order_id: Option<String>,
    ) -> Result<u64, ()> {
        let fi = f as usize;
        let now = self.kernel.now_ms;
        let running_everywhere: u32 = self
            .lambda
            .functions
            .iter()
            .map(|x| x.metrics.concurrent_executions)
            .sum();
        if self.lambda.functions[fi].metrics.concurrent_executions
            >= self.lambda.functions[fi].concurrency_limit()
            || running_everywhere >= lim::ACCOUNT_CONCURRENCY
        {
            self.lambda.functions[fi].metrics.throttles += 1;
            let why = if self.lambda.functions[fi].faults.throttle {
                "reserved concurrency is 0".to_string()
            } else {
                format!(
                    "{} executions already running",
                    self.lambda.functions[fi].metrics.concurrent_executions
                )
            };
            self.kernel.record(
                TraceKind::InvocationThrottled,
                caller,
                Some(self.lambda.functions[fi].name()),
                None,
                order_id.as_deref(),
                format_args!("Rate Exceeded (TooManyRequestsException): {why}"),
            );
            return Err(());
        }
        // Lambda's own retries of an asynchronous event keep its request id: that is how
        // its logs tell them from a client's retries.
        let request_id = match &source {
            Source::Async { event } => self
                .lambda
                .async_events
                .get(event)
                .map(|e| e.request_id.clone()),
            _ => None,
        }
        .unwrap_or_else(|| self.kernel.ids.uuid());
        let func = &mut self.lambda.functions[fi];
        let rng = &mut self.lambda.function_rngs[fi];
        // A free environment runs it warm; none free, a new one starts (a cold start).
        let (environment, cold) = match func.idle_environments.pop() {
            Some(e) => (e, false),
            None => {
                func.environment_started_ms.push(now);
                (func.environment_started_ms.len() as u32 - 1, true)
            }
        };
        let init_ms = if cold { rng.between(180, 420) } else { 0 };
        let timeout_ms = func.config.timeout * 1000;
        let base = func
            .config
            .duration_ms
            .unwrap_or_else(|| func.config.behavior.base_duration_ms());
        // A slow downstream call (the slow switch) comes on top of the handler's own time.
        let mut duration_ms = base + rng.below(base / 2 + 1) + func.faults.slow_ms;
        let timed_out = func.faults.timeout || duration_ms > timeout_ms;
        if timed_out {
            duration_ms = timeout_ms;
        }
        func.metrics.started();
        let id = self.lambda.next_invocation;
        self.lambda.next_invocation += 1;
        self.log(
            f,
            environment,
            now,
            ["START RequestId: ", &request_id, " Version: $LATEST"],
        );
        let what = Invoked(&source, &payload);
        let cold_text = ColdStart(cold.then_some(init_ms));
        self.kernel.record(
            TraceKind::InvocationStarted,
            caller,
            Some(self.lambda.functions[fi].name()),
            Some(&request_id),
            order_id.as_deref(),
            ("invoked ", what, cold_text),
        );
        self.lambda.invocations.insert(
            id,
            Invocation {
                request_id,
                function: f,
                payload,
                source,
                started_ms: now,
                init_ms,
                duration_ms,
                timed_out,
                order_id,
                faults: self.lambda.functions[fi].faults.clone(),
                held: None,
                environment,
            },
        );
        self.schedule(
            now + init_ms + duration_ms,
            Event::InvocationEnd { invocation: id },
        );
        Ok(id)
    }

    pub(crate) fn on_invocation_end(&mut self, id: u64) {
        let Some(mut inv) = self.lambda.invocations.remove(&id) else {
            return;
        };
        let f = inv.function;
        let fi = f as usize;
        let (result, held_lines) = match inv.held.take() {
            Some(held) => (held.result, held.lines),
            None => {
                let timeout_s = self.lambda.functions[fi].config.timeout;
                let mut clock = HandlerClock {
                    timeout_s,
                    left_ms: (timeout_s * 1000).saturating_sub(inv.duration_ms),
                    slept_ms: 0,
                    written: 0,
                    held_lines: Vec::new(),
                };
                let result = self.handler_outcome(&inv, &mut clock);
                // A sleep that found no time left stops the handler at once, unheld.
                inv.timed_out |= matches!(&result, Err(e) if e.is_timeout());
                if clock.slept_ms > 0 {
                    self.hold_while_sleeping(id, inv, result, clock);
                    return;
                }
                (result, Vec::new())
            }
        };
        let now = self.kernel.now_ms;
        let env = inv.environment;
        self.lambda.functions[fi].metrics.concurrent_executions -= 1;
        self.lambda.functions[fi].free_environment(env);
        for (at_ms, line) in held_lines {
            self.log(f, env, at_ms, line);
        }
        if inv.timed_out {
            let t = self.lambda.functions[fi].config.timeout;
            self.log(
                f,
                env,
                now,
                format_args!(
                    "{} {} Task timed out after {t}.00 seconds",
                    self.now_iso(),
                    inv.request_id
                ),
            );
        }
        if let Err(e) = &result {
            if e.error_type != "Sandbox.Timedout" {
                self.log(
                    f,
                    env,
                    now,
                    format_args!("[ERROR] {}: {}", e.error_type, e.message),
                );
                self.log(f, env, now, format_args!("{}", e.traceback_line()));
            }
            self.lambda.functions[fi].metrics.errors += 1;
        }
        let billed = crate::lambda::billed_duration_ms(inv.duration_ms, inv.init_ms);
        self.lambda.functions[fi].metrics.ended(inv.duration_ms);
        let memory = self.lambda.functions[fi].config.memory_size;
        let used = 38 + (inv.duration_ms % 29) as u32;
        self.log(f, env, now, ["END RequestId: ", &inv.request_id]);
        self.log(
            f,
            env,
            now,
            Report {
                request_id: &inv.request_id,
                duration_ms: inv.duration_ms,
                billed_ms: billed,
                memory_mb: memory,
                used_mb: used,
                init_ms: inv.init_ms,
                timed_out: inv.timed_out,
            },
        );
        let name = self.lambda.functions[fi].name();
        match &result {
            Ok(_) => self.kernel.record(
                TraceKind::InvocationSucceeded,
                name,
                None,
                Some(&inv.request_id),
                inv.order_id.as_deref(),
                (
                    "succeeded in ",
                    HumanMs(inv.duration_ms),
                    ColdStartInit(inv.init_ms),
                ),
            ),
            Err(e) if inv.timed_out => self.kernel.record(
                TraceKind::InvocationTimedOut,
                name,
                None,
                Some(&inv.request_id),
                inv.order_id.as_deref(),
                &e.message,
            ),
            Err(e) => self.kernel.record(
                TraceKind::InvocationFailed,
                name,
                None,
                Some(&inv.request_id),
                inv.order_id.as_deref(),
                format_args!("{}: {}", e.error_type, e.message),
            ),
        }
        match std::mem::replace(&mut inv.source, Source::Direct) {
            Source::Api { request_id, api } => self.finish_http(&request_id, &api, &inv, result),
            Source::Sqs { mapping, keys } => self.finish_sqs_batch(mapping, keys, &inv, &result),
            Source::Stream {
                mapping,
                count,
                last_sequence,
                first_created_ms,
            } => self.finish_stream_batch(
                mapping,
                count,
                last_sequence,
                first_created_ms,
                &inv,
                &result,
            ),
            Source::Async { event } => self.finish_async(event, &inv, result),
            Source::PipeEnrichment { batch } => match result {
                Ok(v) => self.on_pipe_batch_end(batch, Some(v)),
                Err(_) => self.abandon_pipe_batch(batch),
            },
            Source::PipeTarget { batch } => self.on_pipe_target_end(batch, result.is_ok()),
            Source::Direct => {
                let done =
                    TestDone::of(&inv.request_id, &result, inv.duration_ms, inv.init_ms, now);
                if let Some(test) = self.lambda.functions[fi].last_test.as_mut() {
                    test.state = TestState::Done(done);
                }
            }
        }
    }

    /// What the invocation's run gives: the handler's result, or the runtime's when
    /// the function timed out or a fault switch stands in for its code.
    fn handler_outcome(&mut self, inv: &Invocation, clock: &mut HandlerClock) -> HandlerResult {
        let f = inv.function;
        let fi = f as usize;
        let now = self.kernel.now_ms;
        if inv.timed_out {
            Err(HandlerError::timed_out(clock.timeout_s))
        } else if inv.faults.throw {
            let config = &self.lambda.functions[fi].config;
            let behavior = &config.behavior;
            let (error_type, message) = crate::labs::forced_error(behavior);
            let handler = crate::world::traceback::Handler::of(config);
            let frame =
                crate::world::traceback::switch_frame(behavior, &handler, error_type, message);
            for line in crate::labs::lines_before_forced_error(behavior, &inv.payload) {
                self.log(f, inv.environment, now, line);
            }
            Err(HandlerError::raised_by_switch(error_type, message, frame))
        } else if inv.faults.fail_per_mille > 0 && {
            let p = inv.faults.fail_per_mille;
            self.lambda.function_rngs[fi].chance_per_mille(p)
        } {
            let (error_type, message) = (
                "RuntimeError",
                "Simulated failure (fail-a-fraction fault switch)",
            );
            let config = &self.lambda.functions[fi].config;
            let handler = crate::world::traceback::Handler::of(config);
            let frame = crate::world::traceback::switch_frame(
                &config.behavior,
                &handler,
                error_type,
                message,
            );
            Err(HandlerError::raised_by_switch(error_type, message, frame))
        } else {
            self.run_behavior(f, inv.environment, &inv.payload, &inv.request_id, clock)
        }
    }

    /// The handler slept (`time.sleep`): its run goes on that much longer, and the
    /// invocation ends (END, REPORT, the batch deleted, the caller answered) only
    /// then, and its lines are written with its END.
    fn hold_while_sleeping(
        &mut self,
        id: u64,
        mut inv: Invocation,
        result: HandlerResult,
        clock: HandlerClock,
    ) {
        inv.duration_ms += clock.slept_ms;
        inv.held = Some(Box::new(Held {
            result,
            lines: clock.held_lines,
        }));
        let end_ms = self.kernel.now_ms + clock.slept_ms;
        self.lambda.invocations.insert(id, inv);
        self.schedule(end_ms, Event::InvocationEnd { invocation: id });
    }

    // ---- API Gateway --------------------------------------------------------

    pub(crate) fn http_request(
        &mut self,
        api: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
        mut headers: std::collections::BTreeMap<String, String>,
    ) -> SimResult<()> {
        let a = self
            .apigateway
            .apis
            .iter()
            .position(|x| x.name == api)
            .ok_or_else(|| {
                SimError::new(
                    "NotFoundException",
                    format!("Invalid API identifier specified: no API named {api}"),
                )
            })?;
        let method = method.to_ascii_uppercase();
        let body_text = body.as_ref().map(body_text);
        if body_text.is_some() {
            headers
                .entry("Content-Type".into())
                .or_insert_with(|| "application/json".into());
        }
        let request_id = self.kernel.ids.uuid();
        self.apigateway.http.push_back(HttpExchange {
            request_id: request_id.clone(),
            api: api.to_string(),
            method: method.clone(),
            path: path.to_string(),
            request_body: body_text.clone(),
            sent_ms: self.kernel.now_ms,
            status_code: None,
            response_headers: Default::default(),
            response_body: None,
            answered_ms: None,
        });
        while self.apigateway.http.len() > self.kernel.bounds.http_exchanges {
            self.apigateway.http.pop_front();
        }
        let order = body_text.as_deref().and_then(crate::world::order_id_of);
        self.record(
            TraceKind::HttpRequest,
            "client",
            Some(api),
            Some(&request_id),
            order.as_deref(),
            [method.as_str(), " ", path],
        );
        // The API's config is read in place: nothing below changes it.
        // The preflight answer (its headers joined from the CORS lists) only for an OPTIONS.
        let preflight = (method == "OPTIONS")
            .then(|| self.apigateway.apis[a].preflight())
            .flatten();
        if let Some((status, headers)) = preflight {
            self.respond_http(&request_id, api, status, headers, String::new());
            return Ok(());
        }
        let Some(route) = self.apigateway.apis[a].route(&method, path) else {
            let (status, body) = self.apigateway.apis[a].no_route();
            let headers = self.apigateway.apis[a].response_cors_headers();
            self.respond_http(&request_id, api, status, headers, body.into());
            return Ok(());
        };
        let f = self.function_index(&route.function_name)? as u32;
        if !self.scenario.resource_policies.is_empty()
            && self.api_refusal(a, &route.function_name, &method, path)
        {
            let function = route.function_name.clone();
            self.refuse_http(a, &function, &request_id, order.as_deref());
            return Ok(());
        }
        let event = Payload::ApiProxy(Box::new(ProxyRequest::new(
            (&self.apigateway.apis[a], self.scenario.region),
            route,
            &method,
            path,
            headers,
            body_text,
            request_id.clone(),
            self.kernel.epoch_ms + self.kernel.now_ms,
        )));
        // The proxy event's order is the request body's, read above.
        if self
            .start_invocation_of(
                f,
                event,
                Source::Api {
                    request_id: request_id.clone(),
                    api: api.to_string(),
                },
                api,
                order,
            )
            .is_err()
        {
            // API Gateway logs "Lambda invocation failed with status: 429" and answers 500.
            let (status, body) = self.apigateway.apis[a].invocation_failed();
            let headers = self.apigateway.apis[a].response_cors_headers();
            self.respond_http(&request_id, api, status, headers, body.into());
        }
        Ok(())
    }

    /// Whether the function's resource policy refuses API Gateway this request.
    fn api_refusal(&self, a: usize, function: &str, method: &str, path: &str) -> bool {
        let api = &self.apigateway.apis[a];
        let source = format!(
            "arn:aws:execute-api:{}:{}:{}/{}/{method}{path}",
            self.scenario.region,
            crate::ACCOUNT_ID,
            crate::apigateway::api_id(&api.name),
            api.stage_name
        );
        let target = crate::eventbridge::TargetKind::Function(function.to_string());
        self.scenario
            .service_refusal(&target, "apigateway.amazonaws.com", &source)
            .is_some()
    }

    /// 500, with API Gateway's execution-log sentence in the trace.
    /// <https://repost.aws/knowledge-center/api-gateway-rest-api-lambda-integrations>
    fn refuse_http(&mut self, a: usize, function: &str, request_id: &str, order: Option<&str>) {
        let api = &self.apigateway.apis[a];
        let (name, cors, (status, body)) = (
            api.name.clone(),
            api.response_cors_headers(),
            api.invocation_failed(),
        );
        self.record(
            TraceKind::TargetFailed,
            &name,
            Some(function),
            Some(request_id),
            order,
            format_args!("Execution failed due to configuration error: Invalid permissions on Lambda function"),
        );
        self.respond_http(request_id, &name, status, cors, body.to_string());
    }

    fn finish_http(
        &mut self,
        request_id: &str,
        api: &str,
        inv: &Invocation,
        result: HandlerResult,
    ) {
        let Some(config) = self.apigateway.apis.iter().find(|a| a.name == api) else {
            return;
        };
        let failed = |(status, body): (u16, &str)| (status, Default::default(), body.to_string());
        let (code, mut headers, body) =
            if inv.init_ms + inv.duration_ms > crate::limits::apigateway::INTEGRATION_TIMEOUT_MS {
                failed(config.integration_timeout())
            } else {
                match result {
                    Ok(v) => response_from_function(config.protocol_type, v)
                        .unwrap_or_else(|| failed(config.integration_error())),
                    Err(_) => failed(config.integration_error()),
                }
            };
        for (k, v) in config.response_cors_headers() {
            headers.entry(k).or_insert(v);
        }
        self.respond_http(request_id, api, code, headers, body);
    }

    fn respond_http(
        &mut self,
        request_id: &str,
        api: &str,
        code: u16,
        headers: std::collections::BTreeMap<String, String>,
        body: String,
    ) {
        let now = self.kernel.now_ms;
        let mut order = None;
        let mut sent_ms = now;
        if let Some(x) = self
            .apigateway
            .http
            .iter_mut()
            .rev()
            .find(|x| x.request_id == request_id)
        {
            x.status_code = Some(code);
            x.response_headers = headers;
            order = crate::world::order_id_of(&body).or_else(|| {
                x.request_body
                    .as_deref()
                    .and_then(crate::world::order_id_of)
            });
            x.response_body = Some(body.clone());
            x.answered_ms = Some(now);
            sent_ms = x.sent_ms;
        }
        if let Some(a) = self.apigateway.apis.iter().position(|c| c.name == api) {
            self.apigateway.metrics[a].answered(code, now - sent_ms);
        }
        self.record(
            TraceKind::HttpResponse,
            api,
            Some("client"),
            Some(request_id),
            order.as_deref(),
            ("HTTP ", u64::from(code), " ", body.as_str()),
        );
    }

    // ---- SQS event source mappings -----------------------------------------

    /// How many batches a mapping may process at once now: Lambda starts at 5 and adds
    /// up to 300 a minute, up to 1,000, under MaximumConcurrency. Not under the
    /// function's reserved concurrency: "Event source mappings don't account for
    /// reserved concurrency" (repost.aws/knowledge-center/lambda-sqs-scaling), so the
    /// batches past it are throttled and come back with a higher receive count.
    fn sqs_concurrency_limit(&self, m: usize) -> u32 {
        let map = &self.lambda.sqs_mappings[m];
        let since = map.scaling_since_ms.unwrap_or(self.kernel.now_ms);
        let minutes = (self.kernel.now_ms - since) / MINUTE_MS;
        let mut limit = (lim::SQS_SCALING_START as u64
            + lim::SQS_SCALING_PER_MINUTE as u64 * minutes)
            .min(lim::SQS_SCALING_MAX as u64) as u32;
        if let Some(s) = &map.config.scaling_config {
            limit = limit.min(s.maximum_concurrency);
        }
        limit.max(1)
    }

    /// Asks the mapping's pollers to look at the queue at `at_ms` (or sooner, if a poll
    /// is already due sooner).
    pub(crate) fn request_sqs_poll(&mut self, mi: usize, at_ms: SimTime) {
        let due = &mut self.lambda.sqs_mappings[mi].poll_due_ms;
        if due.is_none_or(|d| at_ms < d) {
            *due = Some(at_ms);
            self.schedule(at_ms, Event::SqsPoll { mapping: mi as u32 });
        }
    }

    pub(crate) fn on_sqs_poll(&mut self, m: u32) {
        let mi = m as usize;
        if self.lambda.sqs_mappings[mi].poll_due_ms != Some(self.kernel.now_ms) {
            return; // superseded by an earlier poll
        }
        self.lambda.sqs_mappings[mi].poll_due_ms = None;
        if !self.lambda.sqs_mappings[mi].config.enabled {
            return;
        }
        let q = self.lambda.sqs_mappings[mi].queue as usize;
        let f = self.lambda.sqs_mappings[mi].function;
        let fname = self.lambda.functions[f as usize].name().to_string();
        if self.sqs.queues[q].has_visible() && !self.mapping_may(mi, "sqs:ReceiveMessage") {
            // No retry timer: a new message or a policy change wakes the pollers.
            return;
        }
        loop {
            if !self.sqs.queues[q].has_visible() {
                if self.sqs.queues[q].is_empty() {
                    self.lambda.sqs_mappings[mi].scaling_since_ms = None;
                }
                self.lambda.sqs_mappings[mi].window.forget();
                return;
            }
            if self.lambda.sqs_mappings[mi].scaling_since_ms.is_none() {
                self.lambda.sqs_mappings[mi].scaling_since_ms = Some(self.kernel.now_ms);
            }
            if self.lambda.sqs_mappings[mi].active_batches >= self.sqs_concurrency_limit(mi) {
                // Pollers keep polling: look again when scaling next allows more batches.
                if let Some(since) = self.lambda.sqs_mappings[mi].scaling_since_ms {
                    let next_step =
                        since + ((self.kernel.now_ms - since) / MINUTE_MS + 1) * MINUTE_MS;
                    self.request_sqs_poll(mi, next_step);
                }
                return;
            }
            let batch = self.lambda.sqs_mappings[mi].batch_size;
            let window_s = self.lambda.sqs_mappings[mi]
                .config
                .maximum_batching_window_in_seconds;
            let visible = self.sqs.queues[q].counts().0;
            let now = self.kernel.now_ms;
            let window = &mut self.lambda.sqs_mappings[mi].window;
            if let Some(due_ms) = window.wait_until(now, window_s, visible, batch) {
                self.request_sqs_poll(mi, due_ms);
                return;
            }
            let keys = self.receive(q, batch, None, &fname, false);
            if keys.is_empty() {
                self.count_empty_receive(q);
                // Everything visible is held back (FIFO groups in flight) or was just
                // moved to the DLQ: wait for the next message to become visible.
                return;
            }
            let keys = self.drop_filtered_messages(mi, keys);
            if keys.is_empty() {
                continue;
            }
            if !self.invoke_sqs_batch(m, keys, lim::THROTTLED_SQS_RETRY_FIRST_MS) {
                self.request_sqs_poll(mi, self.kernel.now_ms + 1_000);
                return;
            }
        }
    }

    /// Invokes mapping `m`'s function with the received messages `keys`. False when
    /// throttled: the batch stays in flight and is retried after `retry_ms` while it
    /// is hidden.
    fn invoke_sqs_batch(&mut self, m: u32, keys: Vec<u64>, retry_ms: u64) -> bool {
        let mi = m as usize;
        let (f, q) = (
            self.lambda.sqs_mappings[mi].function,
            self.lambda.sqs_mappings[mi].queue as usize,
        );
        let messages: Vec<_> = keys
            .iter()
            .filter_map(|k| self.sqs.queues[q].get_shared(*k))
            .collect();
        let received: Vec<(u64, u32)> = messages
            .iter()
            .zip(&keys)
            .map(|(msg, k)| (*k, msg.visibility_generation))
            .collect();
        let queue_arn = self.sqs.queues[q].arn();
        let qname = self.sqs.queues[q].name().to_string();
        let event = Payload::SqsBatch {
            messages,
            queue_arn,
        };
        match self.start_invocation(f, event, Source::Sqs { mapping: m, keys }, &qname) {
            Ok(_) => {
                self.lambda.sqs_mappings[mi].active_batches += 1;
                true
            }
            Err(()) => {
                let id = self.lambda.next_throttled;
                self.lambda.next_throttled += 1;
                self.lambda.throttled_sqs_batches.insert(
                    id,
                    crate::lambda::ThrottledSqsBatch {
                        mapping: m,
                        messages: received,
                        backoff_ms: retry_ms,
                    },
                );
                self.schedule_throttle_retry(id);
                false
            }
        }
    }

    /// The next retry of a throttled batch, if some of its messages are still hidden
    /// by then; otherwise they come back when their visibility timeout expires, with
    /// a higher receive count (services-sqs-errorhandling).
    fn schedule_throttle_retry(&mut self, id: u64) {
        let Some(b) = self.lambda.throttled_sqs_batches.get(&id) else {
            return;
        };
        let at_ms = self.kernel.now_ms + b.backoff_ms;
        let q = self.lambda.sqs_mappings[b.mapping as usize].queue as usize;
        if b.messages
            .iter()
            .any(|&(k, generation)| self.hidden_since_receive(q, k, generation, at_ms))
        {
            self.schedule(at_ms, Event::SqsThrottleRetry { batch: id });
        } else {
            self.lambda.throttled_sqs_batches.remove(&id);
        }
    }

    /// Whether message `key` is still in flight from the receive of `generation` at
    /// `at_ms` (not deleted, not received again, its visibility timeout not over).
    fn hidden_since_receive(&self, q: usize, key: u64, generation: u32, at_ms: SimTime) -> bool {
        self.sqs.queues[q].get(key).is_some_and(|msg| {
            msg.visibility_generation == generation
                && matches!(msg.state, crate::sqs::MessageState::InFlight { until_ms, .. } if until_ms > at_ms)
        })
    }

    /// Lambda retries a throttled SQS batch while its messages are still hidden: the
    /// messages still in flight from that receive are invoked again.
    /// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
    pub(crate) fn on_sqs_throttle_retry(&mut self, id: u64) {
        let Some(b) = self.lambda.throttled_sqs_batches.remove(&id) else {
            return;
        };
        let q = self.lambda.sqs_mappings[b.mapping as usize].queue as usize;
        let now = self.kernel.now_ms;
        let keys: Vec<u64> = b
            .messages
            .iter()
            .filter(|&&(k, generation)| self.hidden_since_receive(q, k, generation, now))
            .map(|&(k, _)| k)
            .collect();
        if keys.is_empty() {
            return;
        }
        let retry_ms = (b.backoff_ms * 2).min(lim::THROTTLED_SQS_RETRY_MAX_MS);
        self.invoke_sqs_batch(b.mapping, keys, retry_ms);
    }

    fn finish_sqs_batch(
        &mut self,
        m: u32,
        keys: Vec<u64>,
        inv: &Invocation,
        result: &HandlerResult,
    ) {
        let mi = m as usize;
        self.lambda.sqs_mappings[mi].active_batches -= 1;
        let q = self.lambda.sqs_mappings[mi].queue as usize;
        let fname = self.lambda.functions[inv.function as usize]
            .name()
            .to_string();
        let qname = self.sqs.queues[q].name().to_string();
        match result {
            Ok(v) => {
                let reporting = self.lambda.sqs_mappings[mi].report_batch_item_failures;
                // The messages still in the queue; their ids only when the function
                // may report some of them as failed.
                let present: Vec<u64> = keys
                    .iter()
                    .copied()
                    .filter(|k| self.sqs.queues[q].get(*k).is_some())
                    .collect();
                let failures = if reporting {
                    let ids: Vec<(u64, String)> = present
                        .iter()
                        .filter_map(|k| {
                            self.sqs.queues[q]
                                .get(*k)
                                .map(|msg| (*k, msg.message_id.clone()))
                        })
                        .collect();
                    batch_item_failures(v, &ids)
                } else {
                    Ok(Vec::new())
                };
                match failures {
                    Ok(failed) => {
                        // Without sqs:DeleteMessage every message comes back after its
                        // visibility timeout, processed or not.
                        let may_delete = failed.len() == present.len()
                            || self.mapping_may(mi, "sqs:DeleteMessage");
                        for &k in present.iter().filter(|_| may_delete) {
                            let failed_here = !failed.is_empty()
                                && self.sqs.queues[q]
                                    .get(k)
                                    .is_some_and(|msg| failed.contains(&msg.message_id));
                            if !failed_here {
                                self.delete_message(q, k, &fname);
                            }
                        }
                        if !failed.is_empty() {
                            // An id listed twice is one message.
                            let distinct = failed.iter().collect::<std::collections::BTreeSet<_>>().len();
                            self.lambda.functions[inv.function as usize]
                                .metrics
                                .failed_batch_items += distinct as u64;
                            let text =
                                batch_item_failures_text(distinct, present.len(), may_delete, &qname);
                            // One failed message: its order's timeline shows why it
                            // came back (the lab 003 walk saw a receive, then nothing).
                            let order = (distinct == 1)
                                .then(|| self.order_of_message(q, &present, &failed[0]))
                                .flatten();
                            self.record(
                                TraceKind::BatchItemFailures,
                                &fname,
                                Some(&qname),
                                Some(&inv.request_id),
                                order.as_deref(),
                                text,
                            );
                        }
                    }
                    Err(why) => self.record(
                        TraceKind::InvocationFailed,
                        &fname,
                        Some(&qname),
                        Some(&inv.request_id),
                        None,
                        format_args!("{why}: the whole batch of {} returns to {qname} after the visibility timeout", keys.len()),
                    ),
                }
            }
            Err(_) => {
                let partial = if self.lambda.sqs_mappings[mi].report_batch_item_failures {
                    " (an exception fails the whole batch even with ReportBatchItemFailures)"
                } else {
                    ""
                };
                // A run that outlived its visibility timeout may fail after its
                // messages left: received again and moved to the DLQ, or deleted.
                // Nothing of theirs comes back (the student walk read "visible again"
                // under a message already in the DLQ).
                let (n, gone) = (
                    keys.len(),
                    keys.iter()
                        .filter(|k| self.sqs.queues[q].get(**k).is_none())
                        .count(),
                );
                let text = match gone {
                    0 => format!("batch of {n} not deleted{partial}: visible again in {qname} when the visibility timeout expires"),
                    _ if gone == n => format!("batch of {n} failed{partial}; nothing returns to {qname}: its messages already left that queue (moved to its DLQ, or deleted)"),
                    _ => format!("batch of {n} not deleted{partial}: {} of its messages visible again in {qname} when the visibility timeout expires; the others already left that queue", n - gone),
                };
                self.record(
                    TraceKind::InvocationFailed,
                    &fname,
                    Some(&qname),
                    Some(&inv.request_id),
                    inv.order_id.as_deref(),
                    text,
                );
            }
        }
        self.wake_consumers(q);
    }

    // ---- DynamoDB stream mappings ---------------------------------------------

    /// Drops stream records every reader has passed (or that are older than 24 h).
    pub(crate) fn trim_stream(&mut self, t: usize) {
        let mappings = self.wiring.stream_mappings[t]
            .iter()
            .map(|&m| self.lambda.stream_mappings[m as usize].position);
        let pipes = self.wiring.stream_pipes[t].iter().filter_map(|&p| {
            match self.pipes.pipes[p as usize].source {
                crate::pipes::PipeSource::Stream { position, .. } => Some(position),
                crate::pipes::PipeSource::Queue(_) => None,
            }
        });
        let min_pos = mappings.chain(pipes).min().unwrap_or(u64::MAX);
        let now = self.kernel.now_ms;
        self.dynamodb.tables[t].stream_trim(now, min_pos);
    }

    pub(crate) fn wake_stream(&mut self, t: usize) {
        for j in 0..self.wiring.stream_pipes[t].len() {
            let i = self.wiring.stream_pipes[t][j] as usize;
            if self.pipes.pipes[i].running {
                self.request_pipe_poll(i, self.kernel.now_ms + POLL_LATENCY_MS * 5);
            }
        }
        for j in 0..self.wiring.stream_mappings[t].len() {
            let i = self.wiring.stream_mappings[t][j];
            let sm = &self.lambda.stream_mappings[i as usize];
            if sm.config.enabled && !sm.in_flight && !sm.poll_scheduled {
                self.lambda.stream_mappings[i as usize].poll_scheduled = true;
                self.schedule(
                    self.kernel.now_ms + POLL_LATENCY_MS * 5,
                    Event::StreamPoll { mapping: i },
                );
            }
        }
    }

    pub(crate) fn on_stream_poll(&mut self, m: u32) {
        let mi = m as usize;
        self.lambda.stream_mappings[mi].poll_scheduled = false;
        let sm = self.lambda.stream_mappings[mi].clone();
        if sm.in_flight || !sm.config.enabled {
            return;
        }
        let t = sm.table as usize;
        let table = &self.dynamodb.tables[t];
        let Some((records, last_sequence, first_created_ms)) =
            table.stream_batch(sm.position, sm.batch_limit as usize)
        else {
            return;
        };
        // MaximumBatchingWindowInSeconds: "the maximum amount of time to gather
        // records before invoking the function" (Lambda developer guide, DynamoDB
        // event source parameters): a batch short of BatchSize waits until the window
        // after its first record is over. A retry or a bisected half goes at once.
        let gather_until_ms =
            first_created_ms + sm.config.maximum_batching_window_in_seconds * 1000;
        let fresh = sm.attempts == 0 && sm.split_ends.is_empty();
        if fresh && records.len() < sm.batch_limit as usize && self.kernel.now_ms < gather_until_ms
        {
            // Not marked scheduled: a record written meanwhile may fill the batch first.
            if sm.window_due_ms != Some(gather_until_ms) {
                self.lambda.stream_mappings[mi].window_due_ms = Some(gather_until_ms);
                self.schedule(gather_until_ms, Event::StreamPoll { mapping: m });
            }
            return;
        }
        self.lambda.stream_mappings[mi].window_due_ms = None;
        // The batch spans its sequence numbers whatever the filter drops: a retry or a
        // bisected half reads (and filters) the same span again.
        let span = records.len() as u32;
        let records = self.drop_filtered_records(mi, records);
        if records.is_empty() {
            return self.skip_filtered_batch(m, last_sequence);
        }
        let table = &self.dynamodb.tables[t];
        let tname = table.name.clone();
        let source = Source::Stream {
            mapping: m,
            count: span,
            last_sequence,
            first_created_ms,
        };
        let event = Payload::StreamBatch {
            records,
            view: table.stream_view_type,
            stream_arn: table.stream_arn(),
        };
        match self.start_invocation(sm.function, event, source, &format!("{tname} stream")) {
            Ok(_) => self.lambda.stream_mappings[mi].in_flight = true,
            Err(()) => {
                self.lambda.stream_mappings[mi].poll_scheduled = true;
                self.schedule(self.kernel.now_ms + 1_000, Event::StreamPoll { mapping: m });
            }
        }
    }

    /// A batch the trigger's filter dropped whole: the shard moves past it and the
    /// next batch is read at once.
    fn skip_filtered_batch(&mut self, m: u32, last_sequence: u64) {
        let sm = &mut self.lambda.stream_mappings[m as usize];
        sm.position = last_sequence + 1;
        sm.attempts = 0;
        sm.settle_split();
        sm.poll_scheduled = true;
        let t = sm.table as usize;
        self.trim_stream(t);
        self.schedule(self.kernel.now_ms, Event::StreamPoll { mapping: m });
    }

    fn finish_stream_batch(
        &mut self,
        m: u32,
        count: u32,
        last_sequence: u64,
        first_created_ms: SimTime,
        inv: &Invocation,
        result: &HandlerResult,
    ) {
        let mi = m as usize;
        self.lambda.stream_mappings[mi].in_flight = false;
        let t = self.lambda.stream_mappings[mi].table as usize;
        let tname = self.dynamodb.tables[t].name.clone();
        let fname = self.lambda.functions[inv.function as usize]
            .name()
            .to_string();
        let advance = |sim: &mut Simulation| {
            let sm = &mut sim.lambda.stream_mappings[mi];
            sm.position = last_sequence + 1;
            sm.attempts = 0;
            sm.settle_split();
        };
        let last_created_ms = self.dynamodb.tables[t]
            .stream_record(last_sequence)
            .map_or(first_created_ms, |r| r.created_ms);
        let iterator_age_ms = self.kernel.now_ms.saturating_sub(last_created_ms);
        self.lambda.functions[inv.function as usize]
            .metrics
            .stream_batch_done(iterator_age_ms);
        let first_sequence = last_sequence + 1 - u64::from(count);
        let partial = self.stream_partial_failure(mi, result, first_sequence, last_sequence);
        let (result, count) = match &partial {
            Some((failure, from, _)) => {
                // Records before the lowest failed one are done: the retry starts there.
                self.lambda.stream_mappings[mi].position = *from;
                (failure, (last_sequence + 1 - from) as u32)
            }
            None => (result, count),
        };
        match result {
            Ok(_) => advance(self),
            Err(e) => {
                let bisects = self.lambda.stream_mappings[mi]
                    .config
                    .bisect_batch_on_function_error;
                // Records reported failed already say where to retry from: "the batch
                // is bisected at the returned sequence number and Lambda retries only
                // the remaining records" (services-ddb-batchfailurereporting), not
                // halved. An invalid report fails the whole batch, which is halved.
                let reported = matches!(partial, Some((_, _, true)));
                let bisect = bisects && count > 1 && !reported;
                // "Splitting a batch does not count towards the retry quota" (Lambda
                // developer guide, with-ddb: error handling).
                if !bisect {
                    self.lambda.stream_mappings[mi].attempts += 1;
                }
                let attempts = self.lambda.stream_mappings[mi].attempts;
                let max = self.lambda.stream_mappings[mi]
                    .config
                    .maximum_retry_attempts
                    .filter(|n| *n >= 0);
                let expired =
                    self.kernel.now_ms.saturating_sub(first_created_ms) >= lim::STREAM_RETENTION_MS;
                if expired || max.is_some_and(|n| attempts as i64 > n) {
                    let condition = if expired {
                        "RecordAgeExceeded"
                    } else {
                        "RetryAttemptsExhausted"
                    };
                    if let Some(dest) = self.lambda.stream_mappings[mi]
                        .config
                        .destination_config
                        .as_ref()
                        .map(|d| d.on_failure.destination.clone())
                    {
                        let stream_arn = self.dynamodb.tables[t].stream_arn();
                        let arrival =
                            |ms: SimTime| crate::kernel::time::iso8601_s(self.kernel.epoch_ms + ms);
                        let record = json!({
                            "requestContext": {
                                "requestId": inv.request_id,
                                "functionArn": crate::lambda::function_arn(self.scenario.region, &fname),
                                "condition": condition,
                                "approximateInvokeCount": attempts,
                            },
                            "responseContext": { "statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled" },
                            "version": "1.0",
                            "timestamp": self.now_iso(),
                            "DDBStreamBatchInfo": {
                                "shardId": "shardId-00000001747162800000-0000aaaa",
                                "startSequenceNumber": crate::dynamodb::sequence_number_text(last_sequence + 1 - count as u64),
                                "endSequenceNumber": crate::dynamodb::sequence_number_text(last_sequence),
                                "approximateArrivalOfFirstRecord": arrival(first_created_ms),
                                "approximateArrivalOfLastRecord": arrival(last_created_ms),
                                "batchSize": count,
                                "streamArn": stream_arn,
                            },
                        });
                        self.deliver_destination(&fname, &dest, record, "OnFailure", None);
                    }
                    self.record(
                        TraceKind::StreamBatchRetry,
                        &format!("{tname} stream"),
                        Some(&fname),
                        Some(&inv.request_id),
                        None,
                        format_args!("{condition} after {attempts} attempt(s): {count} record(s) skipped so the shard can move on"),
                    );
                    advance(self);
                } else {
                    if bisect {
                        let first = last_sequence + 1 - u64::from(count);
                        self.lambda.stream_mappings[mi].split(first, last_sequence);
                    } else {
                        // The same batch again ("the event source mapping reprocesses
                        // the entire batch", invocation-eventsourcemapping; its
                        // on-failure record names a fixed range): records written
                        // since wait behind it, they do not join it.
                        self.lambda.stream_mappings[mi].retry_up_to(last_sequence);
                    }
                    let backoff = (1_000u64 << attempts.saturating_sub(1).min(6)).min(60_000);
                    let (error, wait) = (&e.error_type, HumanMs(backoff));
                    let text = if bisect {
                        format!("{error}: batch split in half and retried in {wait} (BisectBatchOnFunctionError: a split is not a retry); nothing behind it in the shard is processed until it succeeds or expires")
                    } else {
                        format!("{error}: batch retried in {wait} (attempt {}); nothing behind it in the shard is processed until it succeeds or expires", attempts + 1)
                    };
                    self.record(
                        TraceKind::StreamBatchRetry,
                        &format!("{tname} stream"),
                        Some(&fname),
                        Some(&inv.request_id),
                        None,
                        format_args!("{text}"),
                    );
                    self.lambda.stream_mappings[mi].poll_scheduled = true;
                    self.schedule(
                        self.kernel.now_ms + backoff,
                        Event::StreamPoll { mapping: m },
                    );
                    return;
                }
            }
        }
        self.trim_stream(t);
        self.wake_stream(t);
    }

    /// A stream mapping with ReportBatchItemFailures: a success that lists failed
    /// records is retried from the lowest failed SequenceNumber (the records before it
    /// are checkpointed); an identifier that is empty, null or not in the batch fails
    /// the whole batch. With where to retry from, and whether records were reported
    /// (false for an invalid identifier). `None` when the response is a plain success
    /// or failure.
    /// https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html
    fn stream_partial_failure(
        &self,
        mi: usize,
        result: &HandlerResult,
        first_sequence: u64,
        last_sequence: u64,
    ) -> Option<(HandlerResult, u64, bool)> {
        let reports = self.lambda.stream_mappings[mi]
            .config
            .function_response_types
            .iter()
            .any(|t| t == "ReportBatchItemFailures");
        let response = result.as_ref().ok().filter(|_| reports)?;
        let list = response.get("batchItemFailures")?.as_array()?;
        let mut lowest = None::<u64>;
        for entry in list {
            let id = entry.get("itemIdentifier").and_then(Value::as_str);
            let sequence = id
                .and_then(crate::dynamodb::sequence_of)
                .filter(|n| (first_sequence..=last_sequence).contains(n));
            let Some(sequence) = sequence else {
                let message = format!(
                    "invalid itemIdentifier {} in batchItemFailures: the whole batch is retried",
                    id.map_or("null".to_string(), |id| format!("\"{id}\""))
                );
                return Some((
                    Err(HandlerError::new("BatchItemFailures", message)),
                    first_sequence,
                    false,
                ));
            };
            lowest = Some(lowest.map_or(sequence, |l| l.min(sequence)));
        }
        let from = lowest?;
        let message = format!(
            "the function reported failed records: retried from SequenceNumber {}",
            crate::dynamodb::sequence_number_text(from)
        );
        Some((
            Err(HandlerError::new("BatchItemFailures", message)),
            from,
            true,
        ))
    }

    // ---- asynchronous invocation ------------------------------------------------

    pub(crate) fn invoke_async(&mut self, f: u32, payload: Value) -> String {
        let id = self.lambda.next_async;
        self.lambda.next_async += 1;
        let request_id = self.kernel.ids.uuid();
        self.lambda.async_events.insert(
            id,
            AsyncEvent {
                function: f,
                payload,
                queued_ms: self.kernel.now_ms,
                attempts: 0,
                request_id: request_id.clone(),
                last_error: None,
                throttles: 0,
            },
        );
        self.schedule(
            self.kernel.now_ms + ASYNC_QUEUE_LATENCY_MS,
            Event::AsyncAttempt { event: id },
        );
        request_id
    }

    pub(crate) fn on_async_attempt(&mut self, id: u64) {
        let Some(ev) = self.lambda.async_events.get_mut(&id) else {
            return;
        };
        ev.attempts += 1;
        let (f, payload) = (ev.function, ev.payload.clone());
        if self
            .start_invocation(
                f,
                Payload::Json(payload),
                Source::Async { event: id },
                "Lambda async queue",
            )
            .is_err()
        {
            self.requeue_throttled(id);
        }
    }

    /// A throttled asynchronous event goes back to Lambda's queue and waits 1 s, 2 s,
    /// 4 s ... up to 5 minutes, until its maximum event age (Lambda Developer Guide,
    /// "How Lambda handles errors and retries with asynchronous invocation").
    fn requeue_throttled(&mut self, id: u64) {
        let now = self.kernel.now_ms;
        let Some(ev) = self.lambda.async_events.get_mut(&id) else {
            return;
        };
        ev.attempts -= 1;
        let delay_ms = (lim::ASYNC_THROTTLE_FIRST_DELAY_MS << ev.throttles.min(9))
            .min(lim::ASYNC_THROTTLE_MAX_DELAY_MS);
        ev.throttles += 1;
        let fi = ev.function as usize;
        let max_age_ms = self.lambda.functions[fi]
            .config
            .event_invoke_config
            .maximum_event_age_in_seconds
            * 1000;
        if now - ev.queued_ms + delay_ms <= max_age_ms {
            self.schedule(now + delay_ms, Event::AsyncAttempt { event: id });
            return;
        }
        let Some(ev) = self.lambda.async_events.remove(&id) else {
            return;
        };
        let order_id = order_of_json_payload(&ev.payload);
        let throttled = HandlerError::new("TooManyRequestsException", "Rate Exceeded.");
        let error = ev.last_error.clone().unwrap_or(throttled);
        self.fail_async(ev, error, "EventAgeExceeded", order_id.as_deref());
    }

    fn finish_async(&mut self, id: u64, inv: &Invocation, result: HandlerResult) {
        let Some(mut ev) = self.lambda.async_events.remove(&id) else {
            return;
        };
        let fi = ev.function as usize;
        let cfg = self.lambda.functions[fi].config.event_invoke_config.clone();
        let fname = self.lambda.functions[fi].name().to_string();
        match result {
            Ok(response) => {
                if let Some(d) = cfg.destination_config.on_success.clone() {
                    let record = self.invocation_record(&ev, "Success", Some(&response), None);
                    self.deliver_destination(
                        &fname,
                        &d.destination,
                        record,
                        "OnSuccess",
                        inv.order_id.as_deref(),
                    );
                }
            }
            Err(e) => {
                let age_ms = self.kernel.now_ms - ev.queued_ms;
                let retries_used = ev.attempts - 1;
                let max_age_ms = cfg.maximum_event_age_in_seconds * 1000;
                if retries_used < cfg.maximum_retry_attempts {
                    let delay = lim::ASYNC_RETRY_DELAYS_MS[retries_used.min(1) as usize];
                    if age_ms + delay <= max_age_ms {
                        ev.last_error = Some(e.clone());
                        self.record(
                            TraceKind::AsyncRetryScheduled,
                            &fname,
                            None,
                            Some(&ev.request_id),
                            inv.order_id.as_deref(),
                            format_args!("asynchronous invocation failed ({}): Lambda retries in {} (attempt {} of {})", e.error_type, HumanMs(delay), ev.attempts + 1, cfg.maximum_retry_attempts + 1),
                        );
                        self.lambda.async_events.insert(id, ev);
                        self.schedule(
                            self.kernel.now_ms + delay,
                            Event::AsyncAttempt { event: id },
                        );
                        return;
                    }
                    self.fail_async(ev, e, "EventAgeExceeded", inv.order_id.as_deref());
                } else {
                    self.fail_async(ev, e, "RetriesExhausted", inv.order_id.as_deref());
                }
            }
        }
    }

    fn fail_async(
        &mut self,
        ev: AsyncEvent,
        e: HandlerError,
        condition: &str,
        order_id: Option<&str>,
    ) {
        let fi = ev.function as usize;
        let fname = self.lambda.functions[fi].name().to_string();
        let cfg = self.lambda.functions[fi].config.clone();
        let on_failure = cfg.event_invoke_config.destination_config.on_failure;
        if on_failure.is_none() && cfg.dead_letter_config.is_none() {
            self.record(
                TraceKind::AsyncEventDropped,
                &fname,
                None,
                Some(&ev.request_id),
                order_id,
                format_args!("{condition} after {} attempt(s) and no OnFailure destination or DLQ: the event is dropped", ev.attempts),
            );
            return;
        }
        // Both get the event when both are set: "You can configure destinations in
        // addition to or instead of a dead-letter queue" (PutFunctionEventInvokeConfig).
        if let Some(d) = on_failure {
            let record = self.invocation_record(&ev, condition, None, Some(&e));
            self.deliver_destination(&fname, &d.destination, record, "OnFailure", order_id);
        }
        if let Some(dlq) = cfg.dead_letter_config {
            let sent = self.deliver_dead_letter(
                &fname,
                &dlq.target_arn,
                &ev.payload,
                &ev.request_id,
                &e.message,
            );
            if !sent {
                self.lambda.functions[fi].metrics.dead_letter_errors += 1;
            }
        }
    }

    fn invocation_record(
        &self,
        ev: &AsyncEvent,
        condition: &str,
        response: Option<&Value>,
        error: Option<&HandlerError>,
    ) -> Value {
        let fname = self.lambda.functions[ev.function as usize].name();
        let mut response_context = json!({ "statusCode": 200, "executedVersion": "$LATEST" });
        if error.is_some() {
            response_context["functionError"] = json!("Unhandled");
        }
        json!({
            "version": "1.0",
            "timestamp": self.now_iso(),
            "requestContext": {
                "requestId": ev.request_id,
                "functionArn": format!("{}:$LATEST", crate::lambda::function_arn(self.scenario.region, fname)),
                "condition": condition,
                "approximateInvokeCount": ev.attempts,
            },
            "requestPayload": ev.payload,
            "responseContext": response_context,
            "responsePayload": error.map(|e| e.payload(&ev.request_id)).or_else(|| response.cloned()).unwrap_or(Value::Null),
        })
    }

    // ---- actions ------------------------------------------------------------

    pub(crate) fn invoke_action(
        &mut self,
        function: &str,
        kind: InvocationType,
        payload: Value,
        source: &'static str,
    ) -> SimResult<()> {
        let f = self.function_index(function)? as u32;
        match kind {
            InvocationType::RequestResponse => self.test_invoke(f, payload, source),
            InvocationType::Event => {
                let id = self.invoke_async(f, payload);
                self.record(
                    TraceKind::InvocationStarted,
                    source,
                    Some(function),
                    Some(&id),
                    None,
                    "queued for asynchronous invocation (202 Accepted)",
                );
            }
        }
        Ok(())
    }

    /// The console's Test: a synchronous invocation whose response the function's
    /// panel shows, as the console's Test tab does.
    fn test_invoke(&mut self, f: u32, event: Value, source: &'static str) {
        let started =
            self.start_invocation(f, Payload::Json(event.clone()), Source::Direct, source);
        let state = match started {
            Ok(id) => TestState::Running {
                request_id: (self.lambda.invocations.get(&id))
                    .map(|inv| inv.request_id.clone())
                    .unwrap_or_default(),
            },
            Err(()) => TestState::Throttled,
        };
        self.lambda.functions[f as usize].last_test = Some(TestInvoke {
            event,
            started_ms: self.kernel.now_ms,
            state,
        });
    }

    pub(crate) fn set_fault(
        &mut self,
        function: &str,
        fault: FaultKind,
        enabled: bool,
        fraction: Option<f64>,
        seconds: Option<u64>,
    ) -> SimResult<()> {
        let f = self.function_index(function)?;
        let per_mille = match (fault, enabled) {
            (FaultKind::FailFraction, true) => fail_per_mille(fraction)?,
            _ => 0,
        };
        let slow_ms = match (fault, enabled) {
            (FaultKind::Slow, true) => slow_seconds(seconds)? * 1000,
            _ => 0,
        };
        let (error_type, message) =
            crate::labs::forced_error(&self.lambda.functions[f].config.behavior);
        let faults = &mut self.lambda.functions[f].faults;
        let text: std::borrow::Cow<str> = match fault {
            FaultKind::Throw => {
                faults.throw = enabled;
                format!("raise {error_type}(\"{message}\") at the top of lambda_handler").into()
            }
            FaultKind::Timeout => {
                faults.timeout = enabled;
                "the handler runs past the function timeout".into()
            }
            FaultKind::Throttle => {
                faults.throttle = enabled;
                "reserved concurrency 0: every invocation is throttled".into()
            }
            FaultKind::DenyPermission => {
                faults.deny_permission = enabled;
                "the execution role loses its permission on the table and queue it writes to".into()
            }
            FaultKind::FailFraction => {
                faults.fail_per_mille = per_mille;
                "a fraction of invocations fail".into()
            }
            FaultKind::Slow => {
                faults.slow_ms = slow_ms;
                "every invocation first waits on a slow downstream call".into()
            }
        };
        let state = if enabled {
            "ON:"
        } else {
            "OFF (fixed); it was:"
        };
        let extra = match fault {
            FaultKind::FailFraction if enabled => format!(" ({per_mille}‰)"),
            FaultKind::Slow if enabled => format!(" ({} s)", slow_ms / 1000),
            _ => String::new(),
        };
        self.record(
            TraceKind::FaultChanged,
            function,
            None,
            None,
            None,
            format_args!("fault {state} {text}{extra}"),
        );
        Ok(())
    }

    pub(crate) fn set_function_configuration(
        &mut self,
        function: &str,
        timeout: Option<u64>,
        reserved: Option<Option<u32>>,
        success_per_mille: Option<u32>,
    ) -> SimResult<()> {
        let f = self.function_index(function)?;
        let mut cfg = self.lambda.functions[f].config.clone();
        if let Some(t) = timeout {
            cfg.timeout = t;
        }
        if let Some(r) = reserved {
            cfg.reserved_concurrent_executions = r;
        }
        if let Some(p) = success_per_mille {
            match std::rc::Rc::make_mut(&mut cfg.behavior) {
                crate::lambda::Behavior::ChargePayment { success_per_mille } if p <= 1000 => {
                    *success_per_mille = p
                }
                crate::lambda::Behavior::ChargePayment { .. } => {
                    return Err(SimError::new(
                        "InvalidParameterValueException",
                        "SuccessPerMille must be 0 to 1000",
                    ))
                }
                _ => {
                    return Err(SimError::new(
                        "InvalidParameterValueException",
                        format!("{function} has no success rate to set"),
                    ))
                }
            }
        }
        cfg.validate()?;
        let func = &mut self.lambda.functions[f];
        func.config = cfg;
        func.retire_environments();
        self.record(
            TraceKind::SettingChanged,
            function,
            None,
            None,
            None,
            "UpdateFunctionConfiguration applied",
        );
        Ok(())
    }

    /// Whether an invocation still runs with message `key` of queue `q` in its batch:
    /// a run longer than the queue's visibility timeout, so that another invocation
    /// can receive the same message meanwhile.
    pub(crate) fn running_with_message(&self, q: usize, key: u64) -> bool {
        self.lambda.invocations.values().any(|inv| {
            matches!(&inv.source, crate::lambda::invocation::Source::Sqs { mapping, keys }
                if self.lambda.sqs_mappings[*mapping as usize].queue as usize == q
                    && keys.contains(&key))
        })
    }

    /// The order of the message with `message_id` among `keys` of queue `q`.
    fn order_of_message(&self, q: usize, keys: &[u64], message_id: &str) -> Option<String> {
        keys.iter()
            .filter_map(|k| self.sqs.queues[q].get(*k))
            .find(|m| m.message_id == message_id)
            .and_then(|m| m.order_id.clone())
    }
}

/// What a partial batch response did to the batch: only a response that lists some of
/// its messages, with the role allowed to delete, deletes the rest (the FIFO guide's
/// batches of one were told "the rest were deleted" with no rest).
fn batch_item_failures_text(failed: usize, batch: usize, may_delete: bool, queue: &str) -> String {
    if failed >= batch {
        format!("reported its whole batch as failed (batchItemFailures lists every message): the batch returns to {queue} after the visibility timeout; nothing was deleted")
    } else if !may_delete {
        format!("reported {failed} batch item failure(s), but the function's role may not call sqs:DeleteMessage: the whole batch returns to {queue} after the visibility timeout")
    } else {
        format!("reported {failed} batch item failure(s): only those return to {queue} after the visibility timeout; the rest were deleted")
    }
}

/// Reads `{"batchItemFailures": [{"itemIdentifier": id}]}`. An identifier that is
/// empty or not in the batch makes Lambda treat the whole batch as failed.
fn batch_item_failures(response: &Value, batch: &[(u64, String)]) -> Result<Vec<String>, String> {
    let Some(list) = response.get("batchItemFailures") else {
        return Ok(Vec::new());
    };
    let Some(list) = list.as_array() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in list {
        let id = entry
            .get("itemIdentifier")
            .and_then(Value::as_str)
            .unwrap_or("");
        if id.is_empty() || !batch.iter().any(|(_, m)| m == id) {
            return Err(format!(
                "invalid itemIdentifier \"{id}\" in batchItemFailures"
            ));
        }
        out.push(id.to_string());
    }
    Ok(out)
}

/// "invoked …": how an invocation was started, for its trace entry.
struct Invoked<'a>(&'a Source, &'a Payload);

impl TraceText for Invoked<'_> {
    fn write_into(self, buffer: &mut String) {
        match self.0 {
            // The usual one, as parts: `with a batch of {} message(s)`.
            Source::Sqs { keys, .. } => {
                ("with a batch of ", keys.len() as u64, " message(s)").write_into(buffer)
            }
            _ => format_args!("{self}").write_into(buffer),
        }
    }
}

impl std::fmt::Display for Invoked<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Source::Sqs { keys, .. } => write!(f, "with a batch of {} message(s)", keys.len()),
            // The records sent, which a trigger's filter may make fewer than the
            // batch's span of sequence numbers.
            Source::Stream { .. } => {
                let sent = match self.1 {
                    Payload::StreamBatch { records, .. } => records.len(),
                    _ => 0,
                };
                write!(f, "with {sent} stream record(s) (")?;
                stream_event_names(f, self.1)?;
                f.write_str(")")
            }
            Source::Api { .. } => f.write_str("synchronously by API Gateway"),
            Source::Async { .. } => f.write_str("asynchronously"),
            Source::PipeEnrichment { .. } => {
                f.write_str("synchronously by a pipe, to enrich its batch")
            }
            Source::PipeTarget { .. } => f.write_str("synchronously by a pipe, with its batch"),
            Source::Direct => f.write_str("synchronously"),
        }
    }
}

/// "1 INSERT, 1 MODIFY": which changes a stream batch carries, so a learner sees
/// that a function's own UpdateItem came back to it as a MODIFY (the pt-BR walk read
/// two invocations of "1 stream record" and could not tell them apart).
fn stream_event_names(f: &mut std::fmt::Formatter<'_>, payload: &Payload) -> std::fmt::Result {
    let Payload::StreamBatch { records, .. } = payload else {
        return Ok(());
    };
    use crate::dynamodb::StreamEventName as E;
    let mut first = true;
    for name in [E::Insert, E::Modify, E::Remove] {
        let n = records.iter().filter(|r| r.event_name == name).count();
        if n > 0 {
            f.write_str(if first { "" } else { ", " })?;
            first = false;
            write!(f, "{n} {}", name.as_str())?;
        }
    }
    Ok(())
}

/// " (cold start, Init Duration N ms)", or nothing for a warm start.
struct ColdStart(Option<u64>);

impl TraceText for ColdStart {
    fn write_into(self, buffer: &mut String) {
        if let Some(init_ms) = self.0 {
            (" (cold start, Init Duration ", init_ms, " ms)").write_into(buffer);
        }
    }
}

/// After a success's time: " (+ 343ms init, cold start)", or nothing for a warm
/// start. The time itself is the handler's, the REPORT line's Duration; the init is
/// its Init Duration (a student read "succeeded in 405ms" beside "Duration: 62.00 ms").
struct ColdStartInit(u64);

impl TraceText for ColdStartInit {
    fn write_into(self, buffer: &mut String) {
        if self.0 > 0 {
            (" (+ ", HumanMs(self.0), " init, cold start)").write_into(buffer);
        }
    }
}

/// Lambda's REPORT log line, written piece by piece: one ends every invocation.
struct Report<'a> {
    request_id: &'a str,
    duration_ms: u64,
    billed_ms: u64,
    memory_mb: u32,
    used_mb: u32,
    /// 0 for a warm start: no Init Duration.
    init_ms: u64,
    timed_out: bool,
}

impl TraceText for Report<'_> {
    fn write_into(self, buffer: &mut String) {
        use crate::kernel::time::push_decimal;
        buffer.push_str("REPORT RequestId: ");
        buffer.push_str(self.request_id);
        buffer.push_str("\tDuration: ");
        push_decimal(buffer, self.duration_ms);
        buffer.push_str(".00 ms\tBilled Duration: ");
        push_decimal(buffer, self.billed_ms);
        buffer.push_str(" ms\tMemory Size: ");
        push_decimal(buffer, u64::from(self.memory_mb));
        buffer.push_str(" MB\tMax Memory Used: ");
        push_decimal(buffer, u64::from(self.used_mb));
        buffer.push_str(" MB");
        if self.init_ms > 0 {
            buffer.push_str("\tInit Duration: ");
            push_decimal(buffer, self.init_ms);
            buffer.push_str(".00 ms");
        }
        if self.timed_out {
            buffer.push_str("\tStatus: timeout");
        }
    }
}

/// The order an invocation is about, when the payload names exactly one.
fn order_of_payload(payload: &Payload) -> Option<String> {
    match payload {
        Payload::Json(v) => order_of_json_payload(v),
        Payload::ApiProxy(request) => request.body.as_deref().and_then(order_id_of),
        // The message's order was read from its body when it was sent.
        Payload::SqsBatch { messages, .. } => match messages.as_slice() {
            [one] => one.order_id.clone(),
            _ => None,
        },
        Payload::StreamBatch { records, .. } => match records.as_slice() {
            // Key attributes are scalars, so this is `order_id_in` of the typed `Keys`.
            [one] => crate::world::order_id_in_item(&one.keys()),
            _ => None,
        },
    }
}

fn order_of_json_payload(payload: &Value) -> Option<String> {
    if let Some(records) = payload.get("Records").and_then(Value::as_array) {
        if records.len() != 1 {
            return None;
        }
        let r = &records[0];
        if let Some(body) = r.get("body").and_then(Value::as_str) {
            return order_id_of(body);
        }
        return r
            .get("dynamodb")
            .and_then(|d| d.get("Keys"))
            .and_then(order_id_in);
    }
    if let Some(body) = payload.get("body").and_then(Value::as_str) {
        return order_id_of(body);
    }
    order_id_in(payload)
}

/// The fail-fraction switch's `Fraction`, 0.0 to 1.0, in thousandths.
fn fail_per_mille(fraction: Option<f64>) -> SimResult<u32> {
    let x = fraction.ok_or_else(|| {
        SimError::new(
            "InvalidParameterValueException",
            "fail-fraction needs Fraction, between 0.0 and 1.0",
        )
    })?;
    if !(0.0..=1.0).contains(&x) || x.is_nan() {
        return Err(SimError::new(
            "InvalidParameterValueException",
            format!("Fraction {x} must be between 0.0 and 1.0"),
        ));
    }
    Ok((x * 1000.0).round() as u32)
}

/// The slow switch's `Seconds`: 1 to 900, the longest a Lambda function can run.
fn slow_seconds(seconds: Option<u64>) -> SimResult<u64> {
    match seconds {
        Some(s @ 1..=900) => Ok(s),
        Some(s) => Err(SimError::new(
            "InvalidParameterValueException",
            format!("Seconds {s} must be from 1 to 900 (a function runs at most 900 s)"),
        )),
        None => Err(SimError::new(
            "InvalidParameterValueException",
            "slow needs Seconds, from 1 to 900",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoked_reads_as_its_format() {
        let text = |t: (&'static str, Invoked, ColdStart)| {
            let mut s = String::new();
            t.write_into(&mut s);
            s
        };
        let payload = Payload::Json(Value::Null);
        let batch = Source::Sqs {
            mapping: 0,
            keys: vec![4, 9],
        };
        for (source, cold) in [
            (&batch, Some(250)),
            (&batch, None),
            (&Source::Direct, Some(7)),
        ] {
            let (what, cold_text) = (Invoked(source, &payload), ColdStart(cold));
            let old_cold = cold.map_or(String::new(), |ms| {
                format!(" (cold start, Init Duration {ms} ms)")
            });
            let old = format!("invoked {what}{old_cold}");
            assert_eq!(text(("invoked ", what, cold_text)), old);
        }
    }

    #[test]
    fn report_reads_as_its_format() {
        for (duration_ms, billed, init_ms, timed_out) in [
            (120, 121, 0, false),
            (3000, 3000, 250, true),
            (7, 8, 0, true),
            (u64::MAX, 1, 1, false),
        ] {
            let (id, memory, used) = ("9f1c-req", 128u32, 42u32);
            let mut s = String::new();
            Report {
                request_id: id,
                duration_ms,
                billed_ms: billed,
                memory_mb: memory,
                used_mb: used,
                init_ms,
                timed_out,
            }
            .write_into(&mut s);
            // The format string it replaced.
            let init = if init_ms > 0 {
                format!("\tInit Duration: {init_ms}.00 ms")
            } else {
                String::new()
            };
            let status = if timed_out { "\tStatus: timeout" } else { "" };
            let old = format!("REPORT RequestId: {id}\tDuration: {duration_ms}.00 ms\tBilled Duration: {billed} ms\tMemory Size: {memory} MB\tMax Memory Used: {used} MB{init}{status}");
            assert_eq!(s, old);
        }
    }

    fn stream_sim() -> Simulation {
        let text = json!({
            "Name": "t",
            "Tables": [{ "TableName": "Orders", "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }], "StreamSpecification": { "StreamEnabled": true, "StreamViewType": "NEW_IMAGE" } }],
            "Functions": [{ "FunctionName": "f", "Behavior": { "Type": "log-and-succeed" } }],
            "EventSourceMappings": [{ "FunctionName": "f", "EventSourceArn": "Orders", "StartingPosition": "LATEST", "FunctionResponseTypes": ["ReportBatchItemFailures"] }]
        });
        let scenario = crate::Scenario::parse("t.json", &text.to_string()).unwrap();
        Simulation::new(scenario, 1).unwrap()
    }

    fn id(sequence: u64) -> Value {
        json!({ "itemIdentifier": crate::dynamodb::sequence_number_text(sequence) })
    }

    /// services-ddb-batchfailurereporting: the batch is retried from the lowest
    /// reported SequenceNumber; one outside the batch fails the whole batch.
    #[test]
    fn a_stream_partial_response_retries_from_the_lowest_failed_sequence_number() {
        let sim = stream_sim();
        let partial = |response: Value| {
            sim.stream_partial_failure(0, &Ok(response), 5, 8)
                .map(|(r, from, reported)| (r.is_err(), from, reported))
        };
        assert_eq!(
            partial(json!({ "batchItemFailures": [id(7), id(6)] })),
            Some((true, 6, true))
        );
        assert_eq!(
            partial(json!({ "batchItemFailures": [id(9)] })),
            Some((true, 5, false))
        );
        assert_eq!(
            partial(json!({ "batchItemFailures": [{ "itemIdentifier": "" }] })),
            Some((true, 5, false))
        );
        assert_eq!(partial(json!({ "batchItemFailures": [] })), None);
        assert_eq!(partial(json!({ "batchItemFailures": null })), None);
        assert_eq!(partial(json!({ "statusCode": 200 })), None);
    }

    /// With BisectBatchOnFunctionError and ReportBatchItemFailures, "the batch is
    /// bisected at the returned sequence number and Lambda retries only the remaining
    /// records" (Lambda developer guide, services-ddb-batchfailurereporting): the retry
    /// runs from the failed record to the batch's end. It was halved again.
    #[test]
    fn a_partial_response_with_bisect_retries_all_the_remaining_records() {
        let text = json!({
            "Name": "t",
            "Tables": [{ "TableName": "Orders", "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }], "StreamSpecification": { "StreamEnabled": true, "StreamViewType": "NEW_IMAGE" } }],
            "Functions": [
                { "FunctionName": "create", "Behavior": { "Type": "create-order", "TableName": "Orders" } },
                { "FunctionName": "f", "Behavior": { "Type": "log-and-succeed" } }
            ],
            "EventSourceMappings": [{ "FunctionName": "f", "EventSourceArn": "Orders", "StartingPosition": "TRIM_HORIZON",
                "BatchSize": 10, "MaximumBatchingWindowInSeconds": 5, "BisectBatchOnFunctionError": true,
                "FunctionResponseTypes": ["ReportBatchItemFailures"] }]
        });
        let scenario = crate::Scenario::parse("t.json", &text.to_string()).unwrap();
        let mut sim = Simulation::new(scenario, 1).unwrap();
        for n in 0..4 {
            let body = json!({ "orderId": format!("o{n}"), "customerName": "c", "product": "p", "amount": 1 });
            sim.apply(crate::Action::Invoke {
                function_name: "create".into(),
                invocation_type: crate::action::InvocationType::Event,
                payload: json!({ "body": body.to_string() }),
            })
            .unwrap();
        }
        // Run until the stream batch is handed to f, then answer for f.
        let mut stream_batch = None;
        for _ in 0..10_000 {
            stream_batch =
                sim.lambda.invocations.iter().find_map(|(&id, inv)| {
                    matches!(inv.source, Source::Stream { .. }).then_some(id)
                });
            if stream_batch.is_some() || !sim.step() {
                break;
            }
        }
        let inv = sim
            .lambda
            .invocations
            .remove(&stream_batch.unwrap())
            .unwrap();
        let Source::Stream {
            mapping,
            count,
            last_sequence,
            first_created_ms,
        } = inv.source
        else {
            unreachable!()
        };
        assert_eq!(count, 4, "the four writes in one batch");
        let second = last_sequence - 2;
        sim.finish_stream_batch(
            mapping,
            count,
            last_sequence,
            first_created_ms,
            &inv,
            &Ok(json!({ "batchItemFailures": [id(second)] })),
        );
        let sm = &sim.lambda.stream_mappings[0];
        assert_eq!(sm.position, second, "retried from the failed record");
        assert_eq!(
            sm.batch_limit, 3,
            "the three remaining records, not half of them"
        );
    }
}
