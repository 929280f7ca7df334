//! Building a world from a checked scenario: every resource in its service, the
//! event patterns compiled, then the wiring between them.

use std::collections::{BTreeMap, VecDeque};

use serde_json::Value;

use crate::dynamodb::Table;
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
                metrics: vec![Default::default(); scenario.apis.len()],
                apis: scenario.apis.clone(),
                http: VecDeque::new(),
            },
            dynamodb: Default::default(),
            cloudwatch_logs: CloudWatchLogs::default(),
            cloudwatch: Default::default(),
            s3: crate::services::s3::S3 {
                buckets: scenario
                    .buckets
                    .iter()
                    .map(|c| crate::services::s3::Bucket {
                        config: c.clone(),
                        objects: Default::default(),
                    })
                    .collect(),
                next_sequencer: 1,
            },
            iam: crate::services::iam::Iam {
                roles: scenario.roles.clone(),
            },
            wiring: Default::default(),
            pending_script: BTreeMap::new(),
            next_script_step: 0,
            tracebacks: BTreeMap::new(),
            scenario,
        };
        sim.sqs.poll_jitter_rng = Some(Rng::fork(seed, "sqs:competing-consumers"));
        sim.build_queues();
        sim.build_tables()?;
        sim.build_functions();
        sim.build_mappings()?;
        sim.build_events()?;
        sim.build_metrics();
        sim.build_alarms();
        sim.mark_resources_named_nowhere();
        sim.wiring = super::wiring::Wiring::new(
            sim.sqs.queues.len(),
            sim.dynamodb.tables.len(),
            &sim.pipes.pipes,
            &sim.lambda.sqs_mappings,
            &sim.lambda.stream_mappings,
        );
        sim.send_s3_test_events();
        let script = sim.scenario.script.clone();
        sim.add_script(script);
        Ok(sim)
    }

    fn build_queues(&mut self) {
        for q in self.scenario.queues.clone() {
            let rng = Rng::fork(self.kernel.seed, &format!("queue:{}", q.queue_name));
            self.sqs.queue_rngs.push(rng);
            self.sqs.queues.push(Queue::new(q, 0, self.scenario.region));
        }
    }

    fn build_tables(&mut self) -> SimResult<()> {
        for t in &self.scenario.tables {
            self.dynamodb
                .tables
                .push(Table::from_config(t, self.scenario.region)?);
        }
        Ok(())
    }

    /// Each function with its own random stream and its log group.
    fn build_functions(&mut self) {
        for f in self.scenario.functions.clone() {
            let rng = Rng::fork(self.kernel.seed, &format!("function:{}", f.function_name));
            self.lambda.function_rngs.push(rng);
            let group = format!("/aws/lambda/{}", f.function_name);
            let lines = self.kernel.bounds.log_lines_per_group;
            self.cloudwatch_logs
                .groups
                .insert(group.clone(), LogGroup::new(group, lines));
            self.lambda.functions.push(Function::new(f));
        }
    }

    /// Event source mappings: an SQS queue's pollers, or a DynamoDB stream's reader.
    fn build_mappings(&mut self) -> SimResult<()> {
        for m in self.scenario.mappings.clone() {
            let function = self.function_index(&m.function_name)? as u32;
            let uuid = self.kernel.ids.uuid();
            let src = m.source_name().to_string();
            if let Ok(q) = self.queue_index(&src) {
                let mapping = SqsMapping::new(uuid, m, function, q as u32);
                self.lambda.sqs_mappings.push(mapping);
            } else {
                let t = self.table_index(&src)?;
                let end = self.dynamodb.tables[t].stream_end();
                let mapping = StreamMapping::new(uuid, m, function, t as u32, end);
                self.lambda.stream_mappings.push(mapping);
            }
        }
        Ok(())
    }

    /// Rules, topics and pipes, compiled from the (already checked) scenario.
    fn build_events(&mut self) -> SimResult<()> {
        self.build_rules()?;
        self.build_topics()?;
        self.build_pipes()
    }

    /// Each rule with its targets; then each bus's rules compiled into one matcher.
    fn build_rules(&mut self) -> SimResult<()> {
        use crate::eventbridge::{EventPattern, Rule, Target, TargetFaults, TargetInput};
        let bad = |m: String| SimError::new("ValidationException", m);
        for (i, r) in self.scenario.rules.clone().into_iter().enumerate() {
            // Compiled when the scenario was checked, unless the rule was changed since.
            let pattern = match self.scenario.rule_patterns.get(i) {
                Some((source, p)) if *source == r.event_pattern => p.clone(),
                _ => match &r.event_pattern {
                    Value::String(t) => EventPattern::parse(t),
                    v => EventPattern::from_json(v),
                }
                .map_err(|e| bad(e.to_string()))?,
            };
            let mut targets = Vec::new();
            let rule_arn =
                crate::eventbridge::rule_arn(self.scenario.region, &r.event_bus_name, &r.name);
            for t in &r.targets {
                let kind = self.scenario.resolve_target(&t.arn).map_err(bad)?;
                targets.push(Target {
                    id: t.id.clone(),
                    refused_by_policy: self.scenario.service_refusal(
                        &kind,
                        "events.amazonaws.com",
                        &rule_arn,
                    ),
                    kind,
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
        Ok(())
    }

    fn build_topics(&mut self) -> SimResult<()> {
        let bad = |m: String| SimError::new("ValidationException", m);
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
                        crate::sns::topic_arn(self.scenario.region, &t.topic_name),
                        crate::kernel::rng::fnv1a(sc.endpoint.as_bytes()) as u32
                    ),
                    filter,
                    filter_on_body: sc.filter_policy_scope.as_deref() == Some("MessageBody"),
                    refused_by_policy: subscription_refusal(&self.scenario, &t.topic_name, sc),
                    config: sc.clone(),
                });
            }
            self.sns.topics.push(crate::sns::Topic {
                config: t,
                subscriptions,
                published: 0,
                notifications_delivered: 0,
                notifications_failed: 0,
                notifications_filtered_out: 0,
                notifications_filtered_out_no_attributes: 0,
            });
        }
        Ok(())
    }

    fn build_pipes(&mut self) -> SimResult<()> {
        let bad = |m: String| SimError::new("ValidationException", m);
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
                window: Default::default(),
                stream_failures: 0,
                filtered_out: 0,
                delivered: 0,
                last_input: None,
                config: p,
            });
        }
        Ok(())
    }
}

/// Why SNS may not deliver to a queue or function subscription (its resource
/// policy does not let sns.amazonaws.com in), or None.
fn subscription_refusal(
    scenario: &crate::Scenario,
    topic: &str,
    sc: &crate::sns::SubscriptionConfig,
) -> Option<String> {
    use crate::eventbridge::TargetKind;
    let name = sc.endpoint.rsplit(':').next().unwrap_or(&sc.endpoint);
    let kind = match sc.protocol.as_str() {
        "sqs" => TargetKind::Queue(name.to_string()),
        "lambda" => TargetKind::Function(name.to_string()),
        _ => return None,
    };
    scenario.service_refusal(
        &kind,
        "sns.amazonaws.com",
        &crate::sns::topic_arn(scenario.region, topic),
    )
}
