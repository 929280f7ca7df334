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
                    "DeadLetterQueueSourceArn": m.dead_letter_source,
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
        .map(|x| json!({ "request": format!("{} {}", x.method, x.path), "status": x.status_code, "body": x.response_body }))
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
    })
}
