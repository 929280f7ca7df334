//! Building a world from a checked scenario: every resource in its service, the
//! event patterns compiled, then the wiring between them.

use std::collections::{BTreeMap, VecDeque};

use serde_json::Value;

use crate::dynamodb::{item_from_plain, Table};
use crate::error::{SimError, SimResult};
use crate::kernel::rng::Rng;
use crate::kernel::{Bounds, Kernel};
use crate::lambda::Function;
use crate::scenario::Scenario;
use crate::services::logs::{CloudWatchLogs, LogGroup};
use crate::sqs::Queue;

use super::{Simulation, SqsMapping, StreamMapping};

impl Simulation {
    pub fn with_bounds(scenario: Scenario, seed: u64, bounds: Bounds) -> SimResult<Simulation> {
        let mut sim = Simulation {
            kernel: Kernel::new(seed, bounds),
            lambda: Default::default(),
            sqs: Default::default(),
            eventbridge: crate::eventbridge::EventBridge::new(
                seed,
                scenario.buses.iter().map(|b| b.name.clone()),
                scenario.put_events_entry_limit_bytes,
            ),
            pipes: Default::default(),
            sns: Default::default(),
            apigateway: crate::apigateway::ApiGateway {
                apis: scenario.apis.clone(),
                http: VecDeque::new(),
            },
            dynamodb: Default::default(),
            cloudwatch_logs: CloudWatchLogs::default(),
            wiring: Default::default(),
            pending_script: BTreeMap::new(),
            next_script_step: 0,
            scenario,
        };
        for q in sim.scenario.queues.clone() {
            sim.sqs
                .queue_rngs
                .push(Rng::fork(seed, &format!("queue:{}", q.queue_name)));
            sim.sqs.queues.push(Queue::new(q, 0));
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
            sim.dynamodb.tables.push(table);
        }
        for f in sim.scenario.functions.clone() {
            sim.lambda
                .function_rngs
                .push(Rng::fork(seed, &format!("function:{}", f.function_name)));
            sim.cloudwatch_logs.groups.insert(
                format!("/aws/lambda/{}", f.function_name),
                LogGroup::new(
                    format!("/aws/lambda/{}", f.function_name),
                    bounds.log_lines_per_group,
                ),
            );
            sim.lambda.functions.push(Function::new(f));
        }
        for m in sim.scenario.mappings.clone() {
            let function = sim.function_index(&m.function_name)? as u32;
            let uuid = sim.kernel.ids.uuid();
            let src = m.source_name().to_string();
            if let Ok(q) = sim.queue_index(&src) {
                sim.lambda.sqs_mappings.push(SqsMapping {
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
                    sim.dynamodb.tables[t].stream_end()
                };
                let batch_size = m
                    .batch_size
                    .unwrap_or(crate::limits::lambda::STREAM_BATCH_SIZE_DEFAULT);
                sim.lambda.stream_mappings.push(StreamMapping {
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
        sim.wiring = super::wiring::Wiring::new(
            sim.sqs.queues.len(),
            sim.dynamodb.tables.len(),
            &sim.pipes.pipes,
            &sim.lambda.sqs_mappings,
            &sim.lambda.stream_mappings,
        );
        let script = sim.scenario.script.clone();
        sim.add_script(script);
        Ok(sim)
    }

    /// Rules, topics and pipes, compiled from the (already checked) scenario.
    fn build_events(&mut self) -> SimResult<()> {
        use crate::eventbridge::{EventPattern, Rule, Target, TargetFaults, TargetInput};
        let bad = |m: String| SimError::new("ValidationException", m);
        for (i, r) in self.scenario.rules.clone().into_iter().enumerate() {
            // Compiled when the scenario was checked; compiled here only for a scenario
            // whose rules were changed after it was parsed.
            let pattern = match self.scenario.rule_patterns.get(i) {
                Some(p) if self.scenario.rule_patterns.len() == self.scenario.rules.len() => {
                    p.clone()
                }
                _ => match &r.event_pattern {
                    Value::String(t) => EventPattern::parse(t),
                    v => EventPattern::from_json(v),
                }
                .map_err(|e| bad(e.to_string()))?,
            };
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
            self.eventbridge.rules.push(Rule {
                config: r,
                pattern,
                targets,
                enabled,
                metrics: Default::default(),
            });
        }
        self.eventbridge.bus_matchers =
            crate::eventbridge::BusMatchers::new(&self.eventbridge.rules);
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
                        crate::kernel::rng::fnv1a(sc.endpoint.as_bytes()) as u32
                    ),
                    filter,
                    filter_on_body: sc.filter_policy_scope.as_deref() == Some("MessageBody"),
                    config: sc.clone(),
                });
            }
            self.sns.topics.push(crate::sns::Topic {
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
                    crate::pipes::PipeSource::Stream {
                        table: t as u32,
                        position: if latest {
                            self.dynamodb.tables[t].stream_end()
                        } else {
                            0
                        },
                    }
                }
                Err(_) => {
                    crate::pipes::PipeSource::Queue(self.queue_index(p.source_queue())? as u32)
                }
            };
            let enrichment = match &p.enrichment {
                Some(e) => Some(self.function_index(e.rsplit(':').next().unwrap_or(e))? as u32),
                None => None,
            };
            self.pipes.pipes.push(crate::pipes::Pipe {
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
}
