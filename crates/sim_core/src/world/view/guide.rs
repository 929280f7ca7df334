//! A guided lab as the app shows it: each step with whether its check holds on the
//! world as it is now.

use crate::scenario::guide::{Check, Guide};
use crate::Simulation;

#[derive(Clone, Debug, PartialEq)]
pub struct GuideView {
    pub guide: Guide,
    /// Whether each step's check holds now, in step order.
    pub holds: Vec<bool>,
}

impl GuideView {
    pub fn of(sim: &Simulation) -> Option<GuideView> {
        let guide = sim.scenario().guide.clone()?;
        let holds = guide
            .steps
            .iter()
            .map(|s| check_holds(sim, &s.check))
            .collect();
        Some(GuideView { guide, holds })
    }
}

/// Whether a check holds on the world now.
pub fn check_holds(sim: &Simulation, check: &Check) -> bool {
    match check {
        Check::ItemAttribute {
            table,
            key_attribute,
            key_value,
            attribute,
            equals,
        } => sim.table(table).is_some_and(|t| {
            t.scan().any(|i| {
                i.get(key_attribute).and_then(|v| v.as_str()) == Some(key_value.as_str())
                    && i.get(attribute).and_then(|v| v.as_str()) == Some(equals.as_str())
            })
        }),
        Check::QueueMessages { queue, at_least } => sim
            .queue(queue)
            .is_some_and(|q| q.len() as u64 >= *at_least),
        Check::QueueEmpty { queue } => sim.queue(queue).is_some_and(|q| q.is_empty()),
        Check::AlarmState { alarm, state } => {
            sim.alarm(alarm).is_some_and(|a| a.state.name() == state)
        }
        Check::Fault {
            function,
            fault,
            enabled,
        } => sim.function(function).is_some_and(|f| {
            let on = match fault.as_str() {
                "throw" => f.faults.throw,
                "timeout" => f.faults.timeout,
                "throttle" => f.faults.throttle,
                "deny-permission" => f.faults.deny_permission,
                _ => f.faults.fail_per_mille > 0,
            };
            on == *enabled
        }),
        Check::Trace {
            kind,
            resource,
            order_id,
            at_least,
        } => {
            let n = sim
                .trace()
                .entries()
                .filter(|e| format!("{:?}", e.kind) == *kind)
                .filter(|e| resource.as_ref().is_none_or(|r| e.resource == *r))
                .filter(|e| order_id.is_none() || e.order_id.as_deref() == order_id.as_deref())
                .count();
            n as u64 >= *at_least
        }
        Check::LogContains { function, text } => sim
            .logs()
            .get(&format!("/aws/lambda/{function}"))
            .is_some_and(|g| g.lines().any(|(_, l)| l.contains(text.as_str()))),
        Check::All(checks) => checks.iter().all(|c| check_holds(sim, c)),
    }
}
