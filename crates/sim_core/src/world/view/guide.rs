//! A guided lab as the app shows it: how many steps are done, its checks evaluated
//! on the world as it is now, in order, from the first step not yet done.

use std::rc::Rc;

use crate::action::FaultKind;
use crate::scenario::guide::{Check, Guide};
use crate::services::iam::Decision;
use crate::Simulation;

#[derive(Clone, Debug, PartialEq)]
pub struct GuideView {
    pub guide: Rc<Guide>,
    /// Steps done: those before `from`, then each whose check holds now, in order.
    pub done: usize,
}

impl GuideView {
    /// Only the checks from `from` on are evaluated, and only until one does not
    /// hold: a render costs the current step's check (plus any just done).
    pub fn of(sim: &Simulation, from: usize) -> Option<GuideView> {
        let guide = sim.scenario().guide.clone()?;
        let mut done = from.min(guide.steps.len());
        while done < guide.steps.len() && check_holds(sim, &guide.steps[done].check) {
            done += 1;
        }
        Some(GuideView { guide, done })
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
            let on = match fault {
                FaultKind::Throw => f.faults.throw,
                FaultKind::Timeout => f.faults.timeout,
                FaultKind::Throttle => f.faults.throttle,
                FaultKind::DenyPermission => f.faults.deny_permission,
                FaultKind::FailFraction => f.faults.fail_per_mille > 0,
                FaultKind::Slow => f.faults.slow_ms > 0,
            };
            on == *enabled
        }),
        Check::Trace {
            kind,
            resource,
            order_id,
            at_least,
            after,
        } => {
            // Counted from the start, and from zero again at each `after` entry.
            let n = sim.trace().entries().fold(0u64, |n, e| {
                if *after == Some(e.kind) {
                    0
                } else if e.kind == *kind
                    && resource.as_ref().is_none_or(|r| e.resource == *r)
                    && (order_id.is_none() || e.order_id == order_id.as_deref())
                {
                    n + 1
                } else {
                    n
                }
            });
            n >= *at_least
        }
        Check::RoleAllows {
            role,
            action,
            resource_arn,
        } => {
            // The deny-permission fault stands for a role that lost everything: a
            // role fixed by policy is not fixed while a function's fault is on.
            let denied_by_fault = sim
                .functions()
                .iter()
                .any(|f| f.faults.deny_permission && f.config.role_name() == *role);
            !denied_by_fault && sim.iam.decide(role, action, resource_arn) == Some(Decision::Allow)
        }
        Check::LogContains { function, text } => sim
            .logs()
            .get(&format!("/aws/lambda/{function}"))
            .is_some_and(|g| g.lines().any(|(_, l)| l.contains(text.as_str()))),
        Check::All(checks) => checks.iter().all(|c| check_holds(sim, c)),
        Check::Any(checks) => checks.iter().any(|c| check_holds(sim, c)),
    }
}
