//! The simulation: every resource of a scenario, one clock, one event queue, one
//! trace. `step()` runs one event; `run_until(t)` runs to a time. Actions from
//! outside go through `apply()`, which changes nothing when it refuses.

use std::collections::{BTreeMap, VecDeque};

use serde_json::Value;

use crate::action::{Action, ScriptStep};
use crate::apigateway::{ApiConfig, HttpExchange};
use crate::dynamodb::{item_from_plain, Table};
use crate::error::{SimError, SimResult};
use crate::lambda::{Function, LogGroup};
use crate::rng::Rng;
use crate::scenario::{EventSourceMappingConfig, Scenario};
use crate::scheduler::Scheduler;
use crate::sqs::Queue;
use crate::time::SimTime;
use crate::trace::{Trace, TraceEntry, TraceKind};

/// Bounds that keep a demo left running for hours from growing without limit.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    pub trace_entries: usize,
    pub log_lines_per_group: usize,
    pub http_exchanges: usize,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            trace_entries: 20_000,
            log_lines_per_group: 2_000,
            http_exchanges: 500,
        }
    }
}

/// Scheduled work. Indexes are u32: nothing seeded or saved depends on usize.
#[derive(Clone, Debug)]
pub(crate) enum Event {
    Script(u32),
    /// A visibility timeout or a delay ends.
    MessageVisible {
        queue: u32,
        key: u64,
        generation: u32,
    },
    /// MessageRetentionPeriod is over.
    MessageExpire {
        queue: u32,
        key: u64,
    },
    SqsPoll {
        mapping: u32,
    },
    StreamPoll {
        mapping: u32,
    },
    InvocationEnd {
        invocation: u64,
    },
    AsyncAttempt {
        event: u64,
    },
    TargetDelivery {
        delivery: u64,
    },
    PipePoll {
        pipe: u32,
    },
    PipeBatchEnd {
        batch: u64,
    },
    /// A console long poll's WaitTimeSeconds ran out.
    LongPollEnd {
        poll: u64,
    },
    MoveTaskTick {
        queue: u32,
    },
}

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

/// A poll made from the console: what it returned, once it returned.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ConsolePoll {
    pub queue: String,
    /// When the poll was made.
    pub at_ms: SimTime,
    /// When it returned: at once if messages were there, else when one arrived or
    /// the long-poll wait ran out. None while it is still waiting.
    pub answered_ms: Option<SimTime>,
    pub messages: Vec<Value>,
    pub(crate) max: u32,
    pub(crate) visibility_s: Option<u64>,
}

pub struct Simulation {
    pub(crate) now_ms: SimTime,
    pub(crate) epoch_ms: u64,
    pub(crate) seed: u64,
    pub(crate) scenario: Scenario,
    pub(crate) scheduler: Scheduler<Event>,
    pub(crate) trace: Trace,
    pub(crate) bounds: Bounds,
    /// Ids (message, request): one stream, so ids never depend on resource order.
    pub(crate) ids: Rng,
    pub(crate) queues: Vec<Queue>,
    pub(crate) queue_rngs: Vec<Rng>,
    pub(crate) tables: Vec<Table>,
    pub(crate) functions: Vec<Function>,
    pub(crate) function_rngs: Vec<Rng>,
    pub(crate) sqs_mappings: Vec<SqsMapping>,
    pub(crate) stream_mappings: Vec<StreamMapping>,
    pub(crate) apis: Vec<ApiConfig>,
    pub(crate) logs: BTreeMap<String, LogGroup>,
    pub(crate) http: VecDeque<HttpExchange>,
    /// The console's polls, by id; the oldest answered ones are dropped.
    pub(crate) console_polls: BTreeMap<u64, ConsolePoll>,
    pub(crate) next_console_poll: u64,
    pub(crate) invocations: BTreeMap<u64, crate::invoke::Invocation>,
    pub(crate) next_invocation: u64,
    pub(crate) async_events: BTreeMap<u64, crate::invoke::AsyncEvent>,
    pub(crate) next_async: u64,
    pub(crate) events_run: u64,
    // EventBridge, SNS and Pipes.
    pub(crate) buses: Vec<String>,
    pub(crate) rules: Vec<crate::eventbridge::Rule>,
    pub(crate) bus_matchers: crate::eventbridge::BusMatchers,
    pub(crate) event_rng: Rng,
    pub(crate) deliveries: BTreeMap<u64, crate::world_events::Delivery>,
    pub(crate) next_delivery: u64,
    pub(crate) put_events_results: VecDeque<crate::world_events::PutEventsResult>,
    pub(crate) entry_limit_bytes: u64,
    pub(crate) topics: Vec<crate::sns::Topic>,
    pub(crate) inbox: VecDeque<crate::sns::Email>,
    pub(crate) pipes: Vec<crate::world_pipes::Pipe>,
    pub(crate) pipe_batches: BTreeMap<u64, crate::world_pipes::PipeBatch>,
    pub(crate) next_pipe_batch: u64,
    /// FIFO topics: deduplication key → end of its 5-minute window.
    pub(crate) sns_dedup: BTreeMap<String, SimTime>,
}

impl Simulation {
    pub fn new(scenario: Scenario, seed: u64) -> SimResult<Simulation> {
        Simulation::with_bounds(scenario, seed, Bounds::default())
    }

    pub fn with_bounds(scenario: Scenario, seed: u64, bounds: Bounds) -> SimResult<Simulation> {
        let mut sim = Simulation {
            now_ms: 0,
            epoch_ms: crate::time::DEFAULT_EPOCH_MS,
            seed,
            scheduler: Scheduler::default(),
            trace: Trace::new(bounds.trace_entries.max(1)),
            bounds,
            ids: Rng::fork(seed, "ids"),
            queues: Vec::new(),
            queue_rngs: Vec::new(),
            tables: Vec::new(),
            functions: Vec::new(),
            function_rngs: Vec::new(),
            sqs_mappings: Vec::new(),
            stream_mappings: Vec::new(),
            apis: scenario.apis.clone(),
            logs: BTreeMap::new(),
            http: VecDeque::new(),
            console_polls: BTreeMap::new(),
            next_console_poll: 0,
            invocations: BTreeMap::new(),
            next_invocation: 0,
            async_events: BTreeMap::new(),
            next_async: 0,
            events_run: 0,
            buses: std::iter::once("default".to_string())
                .chain(scenario.buses.iter().map(|b| b.name.clone()))
                .collect(),
            rules: Vec::new(),
            bus_matchers: Default::default(),
            event_rng: Rng::fork(seed, "eventbridge"),
            deliveries: BTreeMap::new(),
            next_delivery: 0,
            put_events_results: VecDeque::new(),
            entry_limit_bytes: scenario.put_events_entry_limit_bytes,
            topics: Vec::new(),
            inbox: VecDeque::new(),
            pipes: Vec::new(),
            pipe_batches: BTreeMap::new(),
            next_pipe_batch: 0,
            sns_dedup: BTreeMap::new(),
            scenario,
        };
        for q in sim.scenario.queues.clone() {
            sim.queue_rngs
                .push(Rng::fork(seed, &format!("queue:{}", q.queue_name)));
            sim.queues.push(Queue::new(q, 0));
        }
        for t in sim.scenario.tables.clone() {
            let hash = t
                .key_schema
                .iter()
                .find(|k| k.key_type == "HASH")
                .map(|k| k.attribute_name.as_str())
                .unwrap_or("id");
            let range = t
                .key_schema
                .iter()
                .find(|k| k.key_type == "RANGE")
                .map(|k| k.attribute_name.as_str());
            let stream = t
                .stream_specification
                .as_ref()
                .filter(|s| s.stream_enabled)
                .and_then(|s| s.stream_view_type);
            let mut table = Table::new(&t.table_name, hash, range, None);
            for (i, item) in t.items.iter().enumerate() {
                let item = item_from_plain(item).ok_or_else(|| {
                    SimError::new(
                        "ValidationException",
                        format!("table {}: Items[{i}] is not an object", t.table_name),
                    )
                })?;
                table.put(item, None, 0).map_err(|e| {
                    SimError::new(
                        e.code,
                        format!("table {}: Items[{i}]: {}", t.table_name, e.message),
                    )
                })?;
            }
            // Initial items are there before the stream is switched on: no records for them.
            table.stream_view_type = stream;
            sim.tables.push(table);
        }
        for f in sim.scenario.functions.clone() {
            sim.function_rngs
                .push(Rng::fork(seed, &format!("function:{}", f.function_name)));
            sim.logs.insert(
                format!("/aws/lambda/{}", f.function_name),
                LogGroup::new(
                    format!("/aws/lambda/{}", f.function_name),
                    bounds.log_lines_per_group,
                ),
            );
            sim.functions.push(Function::new(f));
        }
        for m in sim.scenario.mappings.clone() {
            let function = sim.function_index(&m.function_name)? as u32;
            let uuid = sim.ids.uuid();
            let src = m.source_name().to_string();
            if let Ok(q) = sim.queue_index(&src) {
                sim.sqs_mappings.push(SqsMapping {
                    uuid,
                    batch_size: m
                        .batch_size
                        .unwrap_or(crate::limits::lambda::SQS_BATCH_SIZE_DEFAULT),
                    report_batch_item_failures: m
                        .function_response_types
                        .iter()
                        .any(|t| t == "ReportBatchItemFailures"),
                    config: m,
                    function,
                    queue: q as u32,
                    active_batches: 0,
                    poll_due_ms: None,
                    scaling_since_ms: None,
                    window_started_ms: None,
                });
            } else {
                let t = sim.table_index(&src)?;
                let position = if m.starting_position.as_deref() == Some("TRIM_HORIZON") {
                    0
                } else {
                    sim.tables[t].stream_end()
                };
                let batch_size = m
                    .batch_size
                    .unwrap_or(crate::limits::lambda::STREAM_BATCH_SIZE_DEFAULT);
                sim.stream_mappings.push(StreamMapping {
                    uuid,
                    config: m,
                    function,
                    table: t as u32,
                    batch_size,
                    position,
                    in_flight: false,
                    batch_limit: batch_size,
                    attempts: 0,
                    poll_scheduled: false,
                });
            }
        }
        sim.build_events()?;
        for (i, step) in sim.scenario.script.iter().enumerate() {
            sim.scheduler.schedule(step.at_ms, Event::Script(i as u32));
        }
        Ok(sim)
    }

    /// Rules, topics and pipes, compiled from the (already checked) scenario.
    fn build_events(&mut self) -> SimResult<()> {
        use crate::eventbridge::{EventPattern, Rule, Target, TargetFaults, TargetInput};
        let bad = |m: String| SimError::new("ValidationException", m);
        for r in self.scenario.rules.clone() {
            let pattern = match &r.event_pattern {
                Value::String(t) => EventPattern::parse(t),
                v => EventPattern::from_json(v),
            }
            .map_err(|e| bad(e.to_string()))?;
            let mut targets = Vec::new();
            for t in &r.targets {
                targets.push(Target {
                    id: t.id.clone(),
                    kind: self.scenario.resolve_target(&t.arn).map_err(bad)?,
                    input: TargetInput::from_parts(
                        t.input.as_deref(),
                        t.input_path.as_deref(),
                        t.input_transformer.as_ref(),
                        "aws.events.",
                    )
                    .map_err(bad)?,
                    retry: t.retry_policy.clone().unwrap_or_default(),
                    dead_letter_queue: t
                        .dead_letter_config
                        .as_ref()
                        .map(|d| crate::sqs::queue_name_from_arn(&d.arn).to_string()),
                    message_group_id: t
                        .sqs_parameters
                        .as_ref()
                        .map(|p| p.message_group_id.clone()),
                    faults: TargetFaults::default(),
                });
            }
            let enabled = r.state == "ENABLED";
            self.rules.push(Rule {
                config: r,
                pattern,
                targets,
                enabled,
                metrics: Default::default(),
            });
        }
        self.bus_matchers = crate::eventbridge::BusMatchers::new(&self.rules);
        for t in self.scenario.topics.clone() {
            let mut subscriptions = Vec::new();
            for (i, sc) in t.subscriptions.iter().enumerate() {
                let filter = sc
                    .filter_policy
                    .as_ref()
                    .map(crate::sns::compile_filter_policy)
                    .transpose()
                    .map_err(bad)?;
                subscriptions.push(crate::sns::Subscription {
                    arn: format!(
                        "{}:{:08x}-sub{i}",
                        crate::sns::topic_arn(&t.topic_name),
                        crate::rng::fnv1a(sc.endpoint.as_bytes()) as u32
                    ),
                    filter,
                    filter_on_body: sc.filter_policy_scope.as_deref() == Some("MessageBody"),
                    config: sc.clone(),
                });
            }
            self.topics.push(crate::sns::Topic {
                config: t,
                subscriptions,
                published: 0,
            });
        }
        for p in self.scenario.pipes.clone() {
            let source = match self.table_index(p.source_queue()) {
                Ok(t) => {
                    let latest = p
                        .source_parameters
                        .dynamodb_stream_parameters
                        .as_ref()
                        .is_some_and(|x| x.starting_position == "LATEST");
                    crate::world_pipes::PipeSource::Stream {
                        table: t as u32,
                        position: if latest {
                            self.tables[t].stream_end()
                        } else {
                            0
                        },
                    }
                }
                Err(_) => {
                    crate::world_pipes::PipeSource::Queue(self.queue_index(p.source_queue())? as u32)
                }
            };
            let enrichment = match &p.enrichment {
                Some(e) => Some(self.function_index(e.rsplit(':').next().unwrap_or(e))? as u32),
                None => None,
            };
            self.pipes.push(crate::world_pipes::Pipe {
                source,
                filters: p.filters().map_err(bad)?,
                input: p.target_input().map_err(bad)?,
                target: self.scenario.resolve_target(&p.target).map_err(bad)?,
                enrichment,
                batch_size: p.batch_size(),
                active_batches: 0,
                running: p.desired_state == "RUNNING",
                poll_due_ms: None,
                filtered_out: 0,
                delivered: 0,
                config: p,
            });
        }
        Ok(())
    }

    // ---- time -------------------------------------------------------------

    pub fn now_ms(&self) -> SimTime {
        self.now_ms
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The time of the next thing that will happen, if anything will.
    pub fn next_event_time(&mut self) -> Option<SimTime> {
        self.scheduler.next_time()
    }

    /// Runs the next event. False when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        let Some((at, event)) = self.scheduler.pop() else {
            return false;
        };
        debug_assert!(at >= self.now_ms, "time never goes back");
        self.now_ms = at.max(self.now_ms);
        self.events_run += 1;
        self.dispatch(event);
        true
    }

    /// Runs every event up to and including `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: SimTime) {
        while let Some(next) = self.scheduler.next_time() {
            if next > t {
                break;
            }
            self.step();
        }
        self.now_ms = self.now_ms.max(t);
    }

    /// Events run so far (for benchmarks).
    pub fn events_run(&self) -> u64 {
        self.events_run
    }

    pub(crate) fn schedule(&mut self, at_ms: SimTime, event: Event) {
        self.scheduler.schedule(at_ms.max(self.now_ms), event);
    }

    fn dispatch(&mut self, event: Event) {
        match event {
            Event::Script(i) => {
                if let Some(ScriptStep { action, .. }) =
                    self.scenario.script.get(i as usize).cloned()
                {
                    if let Err(e) = self.apply(action.clone()) {
                        self.record(
                            TraceKind::ActionRejected,
                            "script",
                            None,
                            None,
                            None,
                            format!("{} refused: {e}", action.name()),
                        );
                    }
                }
            }
            Event::MessageVisible {
                queue,
                key,
                generation,
            } => self.on_message_visible(queue, key, generation),
            Event::MessageExpire { queue, key } => self.on_message_expire(queue, key),
            Event::SqsPoll { mapping } => self.on_sqs_poll(mapping),
            Event::StreamPoll { mapping } => self.on_stream_poll(mapping),
            Event::InvocationEnd { invocation } => self.on_invocation_end(invocation),
            Event::AsyncAttempt { event } => self.on_async_attempt(event),
            Event::MoveTaskTick { queue } => self.on_move_task_tick(queue),
            Event::LongPollEnd { poll } => self.on_long_poll_end(poll),
            Event::TargetDelivery { delivery } => self.on_target_delivery(delivery),
            Event::PipePoll { pipe } => self.on_pipe_poll(pipe),
            Event::PipeBatchEnd { batch } => self.on_pipe_batch_end(batch, None),
        }
    }

    /// Adds steps to run at their times (a `--script` file, or the UI's batch submit).
    pub fn add_script(&mut self, steps: Vec<ScriptStep>) {
        for step in steps {
            let i = self.scenario.script.len() as u32;
            let at = step.at_ms.max(self.now_ms);
            self.scenario.script.push(step);
            self.scheduler.schedule(at, Event::Script(i));
        }
    }

    // ---- lookups ----------------------------------------------------------

    pub(crate) fn queue_index(&self, name: &str) -> SimResult<usize> {
        let name = crate::sqs::queue_name_from_arn(name);
        self.queues
            .iter()
            .position(|q| q.name() == name)
            .ok_or_else(|| {
                SimError::new(
                    "AWS.SimpleQueueService.NonExistentQueue",
                    format!("The specified queue {name} does not exist."),
                )
            })
    }

    pub(crate) fn table_index(&self, name: &str) -> SimResult<usize> {
        self.tables
            .iter()
            .position(|t| t.name == name)
            .ok_or_else(|| {
                SimError::new(
                    "ResourceNotFoundException",
                    format!("Requested resource not found: Table: {name} not found"),
                )
            })
    }

    pub(crate) fn function_index(&self, name: &str) -> SimResult<usize> {
        self.functions
            .iter()
            .position(|f| f.name() == name)
            .ok_or_else(|| {
                SimError::new(
                    "ResourceNotFoundException",
                    format!("Function not found: {}", crate::lambda::function_arn(name)),
                )
            })
    }

    pub fn queues(&self) -> &[Queue] {
        &self.queues
    }

    pub fn queue(&self, name: &str) -> Option<&Queue> {
        self.queue_index(name).ok().map(|i| &self.queues[i])
    }

    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.table_index(name).ok().map(|i| &self.tables[i])
    }

    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    pub fn function(&self, name: &str) -> Option<&Function> {
        self.function_index(name).ok().map(|i| &self.functions[i])
    }

    pub fn sqs_mappings(&self) -> &[SqsMapping] {
        &self.sqs_mappings
    }

    pub fn stream_mappings(&self) -> &[StreamMapping] {
        &self.stream_mappings
    }

    pub fn apis(&self) -> &[ApiConfig] {
        &self.apis
    }

    pub fn logs(&self) -> &BTreeMap<String, LogGroup> {
        &self.logs
    }

    pub fn http_exchanges(&self) -> impl Iterator<Item = &HttpExchange> {
        self.http.iter()
    }

    /// The console's polls, oldest first (the last one may still be waiting).
    pub fn console_polls(&self) -> impl Iterator<Item = &ConsolePoll> {
        self.console_polls.values()
    }

    pub fn rules(&self) -> &[crate::eventbridge::Rule] {
        &self.rules
    }

    pub fn event_buses(&self) -> &[String] {
        &self.buses
    }

    pub fn topics(&self) -> &[crate::sns::Topic] {
        &self.topics
    }

    pub fn pipes(&self) -> &[crate::world_pipes::Pipe] {
        &self.pipes
    }

    /// The e-mails SNS e-mail subscriptions received, oldest first.
    pub fn inbox(&self) -> impl Iterator<Item = &crate::sns::Email> {
        self.inbox.iter()
    }

    /// What PutEvents answered, oldest first.
    pub fn put_events_results(
        &self,
    ) -> impl Iterator<Item = &crate::world_events::PutEventsResult> {
        self.put_events_results.iter()
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    pub fn epoch_ms(&self) -> u64 {
        self.epoch_ms
    }

    /// The wall-clock ISO time of the current sim time.
    pub fn now_iso(&self) -> String {
        crate::time::iso8601_ms(self.epoch_ms + self.now_ms)
    }

    // ---- trace and logs ---------------------------------------------------

    pub(crate) fn record(
        &mut self,
        kind: TraceKind,
        resource: &str,
        to: Option<&str>,
        subject: Option<&str>,
        order_id: Option<&str>,
        text: String,
    ) {
        self.trace.push(TraceEntry {
            seq: 0,
            at_ms: self.now_ms,
            kind,
            resource: resource.to_string(),
            to: to.map(str::to_string),
            subject: subject.map(str::to_string),
            order_id: order_id.map(str::to_string),
            text,
        });
    }

    pub(crate) fn log(&mut self, function: u32, at_ms: SimTime, line: String) {
        let group = format!("/aws/lambda/{}", self.functions[function as usize].name());
        if let Some(g) = self.logs.get_mut(&group) {
            g.push(at_ms, line);
        }
    }

    // ---- actions ----------------------------------------------------------

    /// Applies an action from outside. On error nothing has changed.
    pub fn apply(&mut self, action: Action) -> SimResult<()> {
        match action {
            Action::HttpRequest {
                api,
                method,
                path,
                body,
                headers,
            } => self.http_request(&api, &method, &path, body, headers),
            Action::SendMessage {
                queue_name,
                message_body,
                delay_seconds,
                message_group_id,
                message_deduplication_id,
                message_attributes,
            } => {
                let q = self.queue_index(&queue_name)?;
                self.send_message(
                    q,
                    body_text(&message_body),
                    message_attributes,
                    delay_seconds,
                    message_group_id,
                    message_deduplication_id,
                    "learner",
                )
                .map(|_| ())
            }
            Action::SendMessageBatch {
                queue_name,
                entries,
            } => self.send_message_batch(&queue_name, entries),
            Action::ReceiveMessage {
                queue_name,
                max_number_of_messages,
                visibility_timeout,
                wait_time_seconds,
            } => self.console_receive(
                &queue_name,
                max_number_of_messages,
                visibility_timeout,
                wait_time_seconds,
            ),
            Action::DeleteMessage {
                queue_name,
                receipt_handle,
            } => self.delete_by_receipt(&queue_name, &receipt_handle),
            Action::ChangeMessageVisibility {
                queue_name,
                receipt_handle,
                visibility_timeout,
            } => self.change_visibility(&queue_name, &receipt_handle, visibility_timeout),
            Action::PurgeQueue { queue_name } => self.purge(&queue_name),
            Action::StartMessageMoveTask {
                source_queue,
                destination_queue,
                max_number_of_messages_per_second,
            } => self.start_move_task(
                &source_queue,
                destination_queue,
                max_number_of_messages_per_second,
            ),
            Action::CancelMessageMoveTask { source_queue } => self.cancel_move_task(&source_queue),
            Action::SetQueueAttributes {
                queue_name,
                attributes,
            } => self.set_queue_attributes(&queue_name, attributes),
            Action::Invoke {
                function_name,
                invocation_type,
                payload,
            } => self.invoke_action(&function_name, invocation_type, payload),
            Action::SetFault {
                function_name,
                fault,
                enabled,
                fraction,
            } => self.set_fault(&function_name, fault, enabled, fraction),
            Action::PutEvents { entries } => self.put_events(entries, "learner").map(|_| ()),
            Action::Publish {
                topic_name,
                message,
                subject,
                message_attributes,
                message_group_id,
                message_deduplication_id,
            } => self.publish_action(
                &topic_name,
                body_text(&message),
                subject,
                message_attributes,
                message_group_id,
                message_deduplication_id,
            ),
            Action::SetRuleState {
                rule_name,
                event_bus_name,
                enabled,
            } => self.set_rule_state(&rule_name, event_bus_name.as_deref(), enabled),
            Action::SetTargetFault {
                rule_name,
                event_bus_name,
                target_id,
                fault,
                enabled,
            } => self.set_target_fault(
                &rule_name,
                event_bus_name.as_deref(),
                &target_id,
                fault,
                enabled,
            ),
            Action::SetFunctionConfiguration {
                function_name,
                timeout,
                reserved_concurrent_executions,
                success_per_mille,
            } => self.set_function_configuration(
                &function_name,
                timeout,
                reserved_concurrent_executions,
                success_per_mille,
            ),
        }
    }
}

impl Simulation {
    /// SNS Publish from outside: FIFO topics need a MessageGroupId and deduplicate
    /// (explicit ids, or SHA-256 of the message with ContentBasedDeduplication) for 5 minutes.
    fn publish_action(
        &mut self,
        topic: &str,
        message: String,
        subject: Option<String>,
        attributes: std::collections::BTreeMap<String, crate::sqs::MessageAttribute>,
        group: Option<String>,
        dedup: Option<String>,
    ) -> SimResult<()> {
        let t = self.topic_index(topic)?;
        let cfg = self.topics[t].config.clone();
        if !cfg.fifo_topic {
            if group.is_some() {
                return Err(SimError::new("InvalidParameter", "Invalid parameter: The MessageGroupId parameter is supported only for FIFO topics"));
            }
            self.publish(t, message, subject, attributes, "learner", None);
            return Ok(());
        }
        let group = group.filter(|g| !g.is_empty()).ok_or_else(|| {
            SimError::new(
                "InvalidParameter",
                "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
            )
        })?;
        let dedup = match (dedup, cfg.content_based_deduplication) {
            (Some(d), _) => d,
            (None, true) => crate::sha256::sha256_hex(message.as_bytes()),
            (None, false) => {
                return Err(SimError::new(
                    "InvalidParameter",
                    "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
                ))
            }
        };
        let now = self.now_ms;
        let key = format!("{}\u{1f}{dedup}", cfg.topic_name);
        if self.sns_dedup.get(&key).is_some_and(|until| *until > now) {
            self.record(
                TraceKind::SnsPublished,
                "learner",
                Some(&cfg.topic_name),
                None,
                None,
                "same deduplication id within 5 minutes: accepted, not delivered (FIFO topic)"
                    .into(),
            );
            return Ok(());
        }
        self.sns_dedup.retain(|_, until| *until > now);
        self.sns_dedup
            .insert(key, now + crate::limits::sqs::FIFO_DEDUP_WINDOW_MS);
        self.publish(
            t,
            message,
            subject,
            attributes,
            "learner",
            Some((&group, &dedup)),
        );
        Ok(())
    }

    fn rule_index(&self, name: &str, bus: Option<&str>) -> SimResult<usize> {
        let bus = bus.unwrap_or("default");
        self.rules
            .iter()
            .position(|r| {
                r.config.name == name && (r.config.event_bus_name == bus || bus == "default")
            })
            .ok_or_else(|| {
                SimError::new(
                    "ResourceNotFoundException",
                    format!("Rule {name} does not exist on EventBus {bus}."),
                )
            })
    }

    fn set_rule_state(&mut self, name: &str, bus: Option<&str>, enabled: bool) -> SimResult<()> {
        let r = self.rule_index(name, bus)?;
        self.rules[r].enabled = enabled;
        let text = if enabled {
            "EnableRule: the rule matches events again"
        } else {
            "DisableRule: the rule no longer matches anything"
        };
        self.record(
            TraceKind::SettingChanged,
            name,
            None,
            None,
            None,
            text.into(),
        );
        Ok(())
    }

    fn set_target_fault(
        &mut self,
        name: &str,
        bus: Option<&str>,
        target_id: &str,
        fault: crate::action::TargetFaultKind,
        enabled: bool,
    ) -> SimResult<()> {
        let r = self.rule_index(name, bus)?;
        let t = self.rules[r]
            .targets
            .iter()
            .position(|t| t.id == target_id)
            .ok_or_else(|| {
                SimError::new(
                    "ResourceNotFoundException",
                    format!("Rule {name} has no target with Id {target_id}."),
                )
            })?;
        let target = &mut self.rules[r].targets[t];
        let text = match fault {
            crate::action::TargetFaultKind::DenyPermission => {
                target.faults.deny_permission = enabled;
                "the target's resource policy no longer lets EventBridge in (NO_PERMISSIONS, not retried)"
            }
            crate::action::TargetFaultKind::Throttle => {
                target.faults.throttle = enabled;
                "the target throttles deliveries (THROTTLING, retried with backoff)"
            }
        };
        let state = if enabled { "ON" } else { "OFF (fixed)" };
        let what = target.kind.name().to_string();
        self.record(
            TraceKind::FaultChanged,
            name,
            Some(&what),
            None,
            None,
            format!("target fault {state}: {text}"),
        );
        Ok(())
    }
}

/// A message body from a script or form: strings as they are, anything else as JSON.
pub(crate) fn body_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The order a JSON document is about: orderId, pedidoId or order_id, at the top, in
/// `detail` (EventBridge) or in a stream image.
pub(crate) fn order_id_of(text: &str) -> Option<String> {
    if !text.contains("rderId") && !text.contains("pedidoId") && !text.contains("order_id") {
        return None;
    }
    let v: Value = serde_json::from_str(text).ok()?;
    order_id_in(&v)
}

pub(crate) fn order_id_in(v: &Value) -> Option<String> {
    for key in ["orderId", "pedidoId", "order_id"] {
        if let Some(s) = v.get(key).and_then(Value::as_str) {
            return Some(s.to_string());
        }
        if let Some(s) = v.get(key).and_then(|x| x.get("S")).and_then(Value::as_str) {
            return Some(s.to_string());
        }
    }
    v.get("detail").and_then(order_id_in)
}
