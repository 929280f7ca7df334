//! The final state as one JSON document (`sim_cli run --json`): byte-for-byte the same
//! for the same scenario, seed and actions.

use serde_json::{json, Map, Value};

use crate::dynamodb::item_to_plain;
use crate::world::Simulation;

pub fn state_json(sim: &Simulation) -> Value {
    let epoch = sim.epoch_ms();
    let mut tables = Map::new();
    for t in sim.tables() {
        tables.insert(
            t.name.clone(),
            Value::Array(t.scan().map(item_to_plain).collect()),
        );
    }
    let mut queues = Map::new();
    for q in sim.queues() {
        let (visible, not_visible, delayed) = q.counts();
        let messages: Vec<Value> = q
            .messages()
            .map(|(_, m)| {
                json!({
                    "MessageId": m.message_id,
                    "Body": m.body,
                    "ApproximateReceiveCount": m.receive_count,
                    "State": crate::sqs::state_name(&m.state),
                    "SentTimestamp": epoch + m.sent_ms,
                    "DeadLetterQueueSourceArn": m.dead_letter_source.as_deref(),
                })
            })
            .collect();
        queues.insert(
            q.name().to_string(),
            json!({
                "ApproximateNumberOfMessages": visible,
                "ApproximateNumberOfMessagesNotVisible": not_visible,
                "ApproximateNumberOfMessagesDelayed": delayed,
                "Metrics": q.metrics,
                "messages": messages,
            }),
        );
    }
    let mut functions = Map::new();
    for f in sim.functions() {
        functions.insert(
            f.name().to_string(),
            json!({
                "invocations": f.metrics.invocations,
                "errors": f.metrics.errors,
                "throttles": f.metrics.throttles,
                "peak_concurrency": f.metrics.peak_concurrency,
            }),
        );
    }
    let mut logs = Map::new();
    for (name, g) in sim.logs() {
        logs.insert(
            name.clone(),
            Value::Array(g.lines().map(|(_, l)| Value::String(l.clone())).collect()),
        );
    }
    let http: Vec<Value> = sim
        .http_exchanges()
        .map(|x| json!({ "request": format!("{} {}", x.method, x.path), "status": x.status_code, "headers": x.response_headers, "body": x.response_body }))
        .collect();
    let alarms: Map<String, Value> = sim
        .alarms()
        .iter()
        .map(|a| (a.config.alarm_name.clone(), alarm_json(sim, a)))
        .collect();
    json!({
        "scenario": sim.scenario().name,
        "seed": sim.seed(),
        "time_ms": sim.now_ms(),
        "trace_hash": format!("{:016x}", sim.trace().hash()),
        "trace_entries": sim.trace().total(),
        "tables": tables,
        "queues": queues,
        "functions": functions,
        "logs": logs,
        "http": http,
        "alarms": alarms,
    })
}

/// An alarm as DescribeAlarms shows it, with its state history and the datapoints
/// of its metric (its statistic, per minute, oldest first).
fn alarm_json(sim: &Simulation, a: &crate::services::cloudwatch::Alarm) -> Value {
    let epoch = sim.epoch_ms();
    let iso = |t: u64| crate::kernel::time::iso8601_ms(epoch + t);
    let datapoints: Vec<Value> = a
        .series
        .and_then(|s| sim.metrics().get(s as usize))
        .map(|s| {
            s.points()
                .map(|p| json!({ "Timestamp": iso(p.period_start_ms), a.config.statistic.name(): p.statistic(a.config.statistic) }))
                .collect()
        })
        .unwrap_or_default();
    let history: Vec<Value> = a
        .history
        .iter()
        .map(|h| json!({ "Timestamp": iso(h.at_ms), "OldState": h.old_state, "NewState": h.new_state, "Reason": h.reason }))
        .collect();
    json!({
        "AlarmArn": a.arn(),
        "StateValue": a.state,
        "StateReason": a.state_reason,
        "StateUpdatedTimestamp": iso(a.state_updated_ms),
        "Namespace": a.config.namespace,
        "MetricName": a.config.metric_name,
        "Statistic": a.config.statistic,
        "Threshold": a.config.threshold,
        "ComparisonOperator": a.config.comparison_operator,
        "History": history,
        "Datapoints": datapoints,
    })
}
