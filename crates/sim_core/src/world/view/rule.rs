//! EventBridge: a rule with its pattern, targets and metrics; a bus with its rules.

use serde_json::{json, Value};

use crate::eventbridge::{bus_arn, RuleMetrics, TargetFaults};
use crate::Simulation;

#[derive(Clone, Debug, PartialEq)]
pub struct TargetView {
    pub id: String,
    pub arn: String,
    pub dead_letter_queue: Option<String>,
    pub faults: TargetFaults,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuleView {
    pub name: String,
    pub event_bus_name: String,
    pub arn: String,
    pub enabled: bool,
    pub metrics: RuleMetrics,
    pub event_pattern: Value,
    pub targets: Vec<TargetView>,
    /// An event of the kind the rule expects, for its "test this event" box.
    pub sample_event: Value,
}

impl RuleView {
    pub fn of(sim: &Simulation, name: &str) -> Option<RuleView> {
        let r = sim.rules().iter().find(|r| r.config.name == name)?;
        let detail = sim.scenario().console.rule_test_event_detail.clone();
        Some(RuleView {
            sample_event: sample_event(sim, &r.config.event_pattern, detail.unwrap_or(json!({}))),
            name: r.config.name.clone(),
            event_bus_name: r.config.event_bus_name.clone(),
            arn: r.arn(sim.scenario().region),
            enabled: r.enabled,
            metrics: r.metrics.clone(),
            event_pattern: r.config.event_pattern.clone(),
            targets: r
                .targets
                .iter()
                .map(|t| TargetView {
                    id: t.id.clone(),
                    arn: t.kind.arn(sim.scenario().region),
                    dead_letter_queue: t.dead_letter_queue.clone(),
                    faults: t.faults.clone(),
                })
                .collect(),
        })
    }
}

/// An event with the first source and detail-type the pattern names, and `detail`,
/// at the lab clock's start (a fixed 19:46:17 was ahead of the lab's 19:00; the sim's
/// own time would change the panel's view, and re-render it, every frame).
pub fn sample_event(sim: &Simulation, pattern: &Value, detail: Value) -> Value {
    let time = crate::kernel::time::iso8601_s(sim.kernel.epoch_ms);
    let first = |key: &str, or: &'static str| {
        pattern
            .get(key)
            .and_then(|s| s.get(0))
            .and_then(Value::as_str)
            .unwrap_or(or)
            .to_string()
    };
    json!({
        "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type": first("detail-type", "MyEvent"), "source": first("source", "my.source"),
        "account": crate::ACCOUNT_ID, "time": time, "region": sim.scenario().region,
        "resources": [], "detail": detail
    })
}

#[derive(Clone, Debug, PartialEq)]
pub struct BusView {
    pub name: String,
    pub arn: String,
    /// Each rule on the bus: its name and event pattern.
    pub rules: Vec<(String, Value)>,
}

impl BusView {
    pub fn of(sim: &Simulation, name: &str) -> BusView {
        BusView {
            name: name.to_string(),
            arn: bus_arn(sim.scenario().region, name),
            rules: sim
                .rules()
                .iter()
                .filter(|r| r.config.event_bus_name == name)
                .map(|r| (r.config.name.clone(), r.config.event_pattern.clone()))
                .collect(),
        }
    }
}
