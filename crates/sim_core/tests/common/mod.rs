//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod random;

use serde_json::{json, Value};
use sim_core::action::{parse_script, Action};
use sim_core::invariants::Watch;
use sim_core::{Scenario, Simulation};

pub fn builtin(id: &str) -> Scenario {
    sim_core::scenario::builtin(id)
        .expect("built-in scenario")
        .expect("valid scenario")
}

pub fn scenario(json: Value) -> Scenario {
    Scenario::parse("test.json", &json.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

pub fn script(steps: Value) -> Vec<sim_core::ScriptStep> {
    parse_script(&steps).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs to `until_ms`, checking the invariants after every event.
pub fn run_checked(sim: &mut Simulation, until_ms: u64) {
    let mut watch = Watch::default();
    while let Some(t) = sim.next_event_time() {
        if t > until_ms {
            break;
        }
        sim.step();
        if let Err(e) = watch.check(sim) {
            panic!("invariant broken at {} ms: {e}", sim.now_ms());
        }
    }
    sim.run_until(until_ms);
}

pub fn item_status(
    sim: &Simulation,
    table: &str,
    key: &str,
    id: &str,
    field: &str,
) -> Option<Value> {
    let t = sim.table(table)?;
    t.scan()
        .find(|i| i.get(key).and_then(|v| v.as_str()) == Some(id))
        .map(sim_core::dynamodb::item_to_plain)
        .and_then(|v| v.get(field).cloned())
}

pub fn http(body: Value) -> Action {
    Action::HttpRequest {
        api: "orders-api".into(),
        method: "POST".into(),
        path: "/orders".into(),
        body: Some(body),
        headers: Default::default(),
    }
}

pub fn send(queue: &str, body: Value) -> Action {
    Action::SendMessage {
        queue_name: queue.into(),
        message_body: body,
        delay_seconds: None,
        message_group_id: None,
        message_deduplication_id: None,
        message_attributes: Default::default(),
    }
}

/// A small world: one queue with a DLQ after `max_receive` receives, read by a
/// function whose behaviour and settings the test chooses.
pub fn queue_and_worker(
    visibility_s: u64,
    max_receive: u32,
    function: Value,
    mapping: Value,
) -> Scenario {
    let mut f =
        json!({ "FunctionName": "worker", "Timeout": 3, "Behavior": { "Type": "consume-orders" } });
    merge(&mut f, function);
    let mut m = json!({ "FunctionName": "worker", "EventSourceArn": "jobs", "BatchSize": 1 });
    merge(&mut m, mapping);
    scenario(json!({
        "Name": "test",
        "Queues": [
            { "QueueName": "jobs-dlq" },
            { "QueueName": "jobs", "VisibilityTimeout": visibility_s,
              "RedrivePolicy": { "deadLetterTargetArn": "jobs-dlq", "maxReceiveCount": max_receive } },
            { "QueueName": "destination" }
        ],
        "Functions": [f],
        "EventSourceMappings": [m]
    }))
}

pub fn merge(base: &mut Value, extra: Value) {
    if let (Value::Object(b), Value::Object(e)) = (base, extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
}

/// SendMessage with the FIFO and delay parameters.
pub fn send_with(
    queue: &str,
    body: Value,
    group: Option<&str>,
    dedup: Option<&str>,
    delay_seconds: Option<u64>,
) -> Action {
    Action::SendMessage {
        queue_name: queue.into(),
        message_body: body,
        delay_seconds,
        message_group_id: group.map(str::to_string),
        message_deduplication_id: dedup.map(str::to_string),
        message_attributes: Default::default(),
    }
}

/// What the trace hash does not cover: every log line, queue message (as
/// ReceiveMessage shows it), table item, HTTP exchange and e-mail.
pub fn state_text(sim: &Simulation) -> String {
    let mut text = String::new();
    for (name, group) in sim.logs() {
        text.push_str(name);
        for (at, line) in group.lines() {
            text.push_str(&format!("\n{at} {line}"));
        }
    }
    for t in sim.tables() {
        text.push_str(&t.name);
        for item in t.scan() {
            text.push_str(&sim_core::dynamodb::item_to_plain(item).to_string());
        }
    }
    for q in sim.queues() {
        text.push_str(q.name());
        for (_, m) in q.messages() {
            text.push_str(&m.to_json(sim.epoch_ms()).to_string());
        }
    }
    for x in sim.http_exchanges() {
        text.push_str(&serde_json::to_string(x).unwrap_or_default());
    }
    for e in sim.inbox() {
        text.push_str(&serde_json::to_string(e).unwrap_or_default());
    }
    text
}
