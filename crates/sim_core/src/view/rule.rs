//! EventBridge: a rule with its pattern, targets and metrics; a bus with its rules.

use serde_json::Value;

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
}

impl RuleView {
    pub fn of(sim: &Simulation, name: &str) -> Option<RuleView> {
        let r = sim.rules().iter().find(|r| r.config.name == name)?;
        Some(RuleView {
            name: r.config.name.clone(),
            event_bus_name: r.config.event_bus_name.clone(),
            arn: r.arn(),
            enabled: r.enabled,
            metrics: r.metrics.clone(),
            event_pattern: r.config.event_pattern.clone(),
            targets: r
                .targets
                .iter()
                .map(|t| TargetView {
                    id: t.id.clone(),
                    arn: t.kind.arn(),
                    dead_letter_queue: t.dead_letter_queue.clone(),
                    faults: t.faults.clone(),
                })
                .collect(),
        })
    }
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
            arn: bus_arn(name),
            rules: sim
                .rules()
                .iter()
                .filter(|r| r.config.event_bus_name == name)
                .map(|r| (r.config.name.clone(), r.config.event_pattern.clone()))
                .collect(),
        }
    }
}
