//! A Lambda function: configuration, metrics, fault switches and the newest lines of
//! its CloudWatch log group.

use crate::lambda::test_invoke::{TestInvoke, TestState};
use crate::lambda::{Faults, FunctionMetrics};
use crate::{SimTime, Simulation};

/// Log lines a view carries: the newest ones.
pub const LOG_LINES_SHOWN: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub at_ms: SimTime,
    pub text: String,
    /// The execution environment that wrote it: its log stream is
    /// `FunctionView::log_streams[stream]`.
    pub stream: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionView {
    pub name: String,
    pub runtime: String,
    /// Runtime settings > Handler (`lambda_function.lambda_handler`).
    pub handler: String,
    pub timeout_s: u64,
    pub memory_mb: u32,
    pub role: String,
    pub reserved_concurrency: Option<u32>,
    pub metrics: FunctionMetrics,
    pub faults: Faults,
    /// What the Throw switch raises in this function (`labs::forced_error`), as Python
    /// writes it: `ValueError("Teste Forçado para DLQ!")` in the Portuguese labs.
    pub forced_error: String,
    /// `/aws/lambda/<name>`.
    pub log_group: String,
    /// Oldest first.
    pub log_lines: Vec<LogLine>,
    /// Each execution environment's log stream, by environment.
    pub log_streams: Vec<String>,
    /// Sim time 0 as wall-clock ms, to print log times as CloudWatch does.
    pub epoch_ms: u64,
    /// Invocations and Errors (Sum) per minute.
    pub charts: Vec<super::MetricChartView>,
    /// The execution role's policies, when the scenario models the role.
    pub role_policies: Option<RoleView>,
    /// Why an SQS trigger of this function cannot read its queue (AWS's words).
    pub trigger_problems: Vec<String>,
    /// Each SQS trigger's queue, its VisibilityTimeout and the trigger's
    /// MaximumBatchingWindowInSeconds: a Timeout raised above the first lets a message
    /// come back while an invocation still works on it.
    pub sqs_trigger_times: Vec<SqsTriggerTimes>,
    /// The console's latest Test of this function, and its log lines (START to REPORT).
    pub last_test: Option<TestInvoke>,
    pub test_log: Vec<LogLine>,
    /// The event the Test box starts with (`sample_test_event`).
    pub sample_event: serde_json::Value,
    /// Configuration > Environment variables: key and value, sorted by key.
    pub environment: Vec<(String, String)>,
    /// Configuration > Triggers: each event source mapping's source (a queue, or
    /// "Orders stream") and GetEventSourceMapping's answer for it, so a learner sees
    /// its BatchSize, FilterCriteria and failure handling, defaults included.
    pub triggers: Vec<(String, serde_json::Value)>,
    /// A payment function's success rate (SetFunctionConfiguration's SuccessPerMille).
    pub success_per_mille: Option<u32>,
}

/// An SQS trigger's queue and the times that bound how long a batch may run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqsTriggerTimes {
    pub queue: String,
    pub visibility_timeout_s: u64,
    pub batching_window_s: u64,
}

/// A policy as the IAM console shows it: its name and its JSON, pretty-printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyView {
    pub name: String,
    pub json: String,
    /// Its Resource ARNs that name nothing in this lab (a typo IAM saves as written).
    pub named_nowhere: Vec<crate::world::NamedNowhere>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleView {
    pub role_name: String,
    pub arn: String,
    /// AWS managed policies: ARN and document (read-only).
    pub managed: Vec<PolicyView>,
    pub inline: Vec<PolicyView>,
}

impl RoleView {
    pub fn of(sim: &Simulation, role_name: &str) -> Option<RoleView> {
        let r = sim.role(role_name)?;
        Some(RoleView {
            role_name: r.role_name.clone(),
            arn: r.arn(),
            managed: r
                .managed_policy_arns
                .iter()
                .zip(&r.managed_texts)
                .map(|(a, text)| PolicyView {
                    name: a.clone(),
                    json: text.clone(),
                    named_nowhere: Vec::new(),
                })
                .collect(),
            inline: r
                .policies
                .iter()
                .map(|p| PolicyView {
                    name: p.policy_name.clone(),
                    json: p.document_text.clone(),
                    named_nowhere: p.named_nowhere.clone(),
                })
                .collect(),
        })
    }
}

/// The function's event source mappings, as GetEventSourceMapping answers for each:
/// SQS queues, then DynamoDB streams. Every setting in effect, defaults included (a
/// student walk looked for a stream's MaximumRecordAgeInSeconds, -1 by default, and
/// read "Enabled": true where AWS says "State": "Enabled").
/// <https://docs.aws.amazon.com/lambda/latest/api/API_GetEventSourceMapping.html>
fn triggers_of(sim: &Simulation, name: &str) -> Vec<(String, serde_json::Value)> {
    use crate::lambda::mapping::EventSourceMappingConfig;
    use serde_json::json;
    let is_mine = |f: u32| sim.functions()[f as usize].name() == name;
    let function_arn = crate::lambda::function_arn(sim.scenario().region, name);
    let common = |uuid: &str, c: &EventSourceMappingConfig, arn: String, batch_size: u32| {
        let mut v = json!({
            "UUID": uuid,
            "BatchSize": batch_size,
            "MaximumBatchingWindowInSeconds": c.maximum_batching_window_in_seconds,
            "EventSourceArn": arn,
            "FunctionArn": function_arn,
            "State": if c.enabled { "Enabled" } else { "Disabled" },
            "FunctionResponseTypes": c.function_response_types,
        });
        if let Some(f) = &c.filter_criteria {
            v["FilterCriteria"] = serde_json::to_value(f).unwrap_or_default();
        }
        v
    };
    let queues = sim
        .sqs_mappings()
        .iter()
        .filter(|m| is_mine(m.function))
        .map(|m| {
            let queue = &sim.queues()[m.queue as usize];
            let mut v = common(&m.uuid, &m.config, queue.arn(), m.batch_size);
            // The SQS example of <https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html>.
            v["StateTransitionReason"] = "USER_INITIATED".into();
            if let Some(s) = &m.config.scaling_config {
                v["ScalingConfig"] = serde_json::to_value(s).unwrap_or_default();
            }
            (queue.name().to_string(), v)
        });
    let streams = sim
        .stream_mappings()
        .iter()
        .filter(|m| is_mine(m.function))
        .map(|m| {
            let table = &sim.tables()[m.table as usize];
            let c = &m.config;
            let mut v = common(&m.uuid, c, table.stream_arn(), m.batch_size);
            let on_failure = c.destination_config.as_ref().map_or(json!({}), |d| {
                serde_json::to_value(&d.on_failure).unwrap_or_default()
            });
            // A stream's failure settings: -1 retries until the record expires.
            let more = json!({
                "StartingPosition": c.starting_position,
                "ParallelizationFactor": 1,
                "StateTransitionReason": "User action",
                "DestinationConfig": { "OnFailure": on_failure },
                "MaximumRecordAgeInSeconds": -1,
                "BisectBatchOnFunctionError": c.bisect_batch_on_function_error,
                "MaximumRetryAttempts": c.maximum_retry_attempts.unwrap_or(-1),
                "TumblingWindowInSeconds": 0,
            });
            if let (Some(o), Some(more)) = (v.as_object_mut(), more.as_object()) {
                o.extend(more.clone());
            }
            (format!("{} stream", table.name), v)
        });
    queues.chain(streams).collect()
}

impl FunctionView {
    pub fn of(sim: &Simulation, name: &str) -> Option<FunctionView> {
        let f = sim.function(name)?;
        let log_group = format!("/aws/lambda/{name}");
        let log_lines: Vec<LogLine> = sim
            .logs()
            .get(&log_group)
            .map(|g| {
                let older = g.lines().count().saturating_sub(LOG_LINES_SHOWN);
                g.lines_with_stream()
                    .skip(older)
                    .map(|((at_ms, text), stream)| LogLine {
                        at_ms: *at_ms,
                        text: text.clone(),
                        stream,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let log_streams = f
            .environment_started_ms
            .iter()
            .enumerate()
            .map(|(e, at_ms)| {
                crate::services::logs::stream_name(name, e as u32, sim.epoch_ms() + at_ms)
            })
            .collect();
        let c = &f.config;
        let sqs_triggers = || {
            sim.sqs_mappings()
                .iter()
                .filter(|m| sim.functions()[m.function as usize].name() == name)
        };
        let trigger_problems = sqs_triggers()
            .filter_map(|m| m.access_problem.clone())
            .collect();
        let sqs_trigger_times = sqs_triggers()
            .map(|m| {
                let q = &sim.queues()[m.queue as usize];
                SqsTriggerTimes {
                    queue: q.name().to_string(),
                    visibility_timeout_s: q.settings.visibility_timeout,
                    batching_window_s: m.config.maximum_batching_window_in_seconds,
                }
            })
            .collect();
        let test_log = match f.last_test.as_ref().map(|t| &t.state) {
            Some(TestState::Running { request_id }) => invocation_log(sim, &log_group, request_id),
            Some(TestState::Done(d)) => invocation_log(sim, &log_group, &d.request_id),
            _ => Vec::new(),
        };
        Some(FunctionView {
            success_per_mille: match &*c.behavior {
                crate::lambda::Behavior::ChargePayment { success_per_mille } => {
                    Some(*success_per_mille)
                }
                _ => None,
            },
            last_test: f.last_test.clone(),
            environment: (c.environment.iter())
                .flat_map(|e| e.variables.iter())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            sample_event: super::sample_test_event(sim, name),
            triggers: triggers_of(sim, name),
            test_log,
            role_policies: RoleView::of(sim, &c.role_name()),
            trigger_problems,
            sqs_trigger_times,
            name: name.to_string(),
            runtime: c.runtime.clone(),
            handler: c.handler.clone(),
            timeout_s: c.timeout,
            memory_mb: c.memory_size,
            role: c.role_name(),
            reserved_concurrency: c.reserved_concurrent_executions,
            metrics: f.metrics.clone(),
            faults: f.faults.clone(),
            forced_error: {
                let (error_type, message) = crate::labs::forced_error(&c.behavior);
                format!("{error_type}(\"{message}\")")
            },
            log_group,
            log_lines,
            log_streams,
            epoch_ms: sim.epoch_ms(),
            charts: function_charts(sim, name),
        })
    }
}

/// One invocation's lines, its `START RequestId:` to its `REPORT RequestId:`: what
/// the console's Test shows under "Function Logs", that invocation's log alone. Read
/// from its log stream: an execution environment runs one invocation at a time, so its
/// stream has nothing else in between (a Test that overlapped another invocation
/// showed the other's lines too, the student walk).
fn invocation_log(sim: &Simulation, log_group: &str, request_id: &str) -> Vec<LogLine> {
    let Some(g) = sim.logs().get(log_group) else {
        return Vec::new();
    };
    let start = format!("START RequestId: {request_id} ");
    let report = format!("REPORT RequestId: {request_id}");
    let mut lines = g.lines_with_stream();
    let Some(((at_ms, text), stream)) = lines.find(|((_, t), _)| t.starts_with(&start)) else {
        return Vec::new();
    };
    let line = |at_ms: SimTime, text: &str| LogLine {
        at_ms,
        text: text.to_string(),
        stream,
    };
    let mut out = vec![line(*at_ms, text)];
    for ((at_ms, text), _) in lines.filter(|(_, s)| *s == stream) {
        out.push(line(*at_ms, text));
        if text.starts_with(&report) {
            break;
        }
    }
    out
}

/// Invocations and Errors (Sum); for a function a stream invokes, IteratorAge too
/// (Maximum: the minute's worst lag), how far behind the stream the function reads,
/// the figure that climbs while a failing batch blocks its shard.
/// <https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html>
fn function_charts(sim: &Simulation, name: &str) -> Vec<super::MetricChartView> {
    use crate::services::cloudwatch::Statistic::{Maximum, Sum};
    let streamed = sim
        .stream_mappings()
        .iter()
        .any(|m| sim.functions()[m.function as usize].name() == name);
    let mut charts = vec![("Invocations", Sum), ("Errors", Sum)];
    if streamed {
        charts.push(("IteratorAge", Maximum));
    }
    charts
        .into_iter()
        .filter_map(|(m, stat)| super::MetricChartView::of(sim, "AWS/Lambda", m, name, stat))
        .collect()
}
