//! Random learner actions and faults, drawn from the world as it is (its queues,
//! functions and rules), for the invariant, snapshot and golden-run tests.

use serde_json::json;
use sim_core::action::{Action, FaultKind, TargetFaultKind};
use sim_core::rng::Rng;
use sim_core::Simulation;

use super::*;

pub const SCENARIOS: [&str; 5] = [
    "lab004-orders",
    "sqs-fifo-pedidos",
    "lab000-pedidos",
    "lab003-order-events",
    "lab004-pipes",
];

const FAULTS: [FaultKind; 6] = [
    FaultKind::Throw,
    FaultKind::Timeout,
    FaultKind::Throttle,
    FaultKind::DenyPermission,
    FaultKind::FailFraction,
    FaultKind::Slow,
];

/// A fault switch flipped on a random function, with values out of range too.
fn random_fault(r: &mut Rng, functions: &[String]) -> Action {
    let function_name = functions[r.below(functions.len() as u64) as usize].clone();
    let fault = FAULTS[r.below(FAULTS.len() as u64) as usize];
    Action::SetFault {
        function_name,
        fault,
        enabled: r.chance_per_mille(500),
        fraction: Some([0.0, 0.5, 1.0, 7.0][r.below(4) as usize]),
        // 65 s outlasts most visibility timeouts; 0 and 901 are refused.
        seconds: (fault == FaultKind::Slow).then(|| [0, 5, 65, 901][r.below(4) as usize]),
    }
}

pub fn random_action(r: &mut Rng, sim: &Simulation) -> Action {
    let queues: Vec<String> = sim.queues().iter().map(|q| q.name().to_string()).collect();
    let functions: Vec<String> = sim
        .functions()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    let pick = |r: &mut Rng, v: &[String]| v[r.below(v.len() as u64) as usize].clone();
    let fifo = |name: &str| name.ends_with(".fifo");
    if !sim.rules().is_empty() && r.chance_per_mille(250) {
        let rule = &sim.rules()[r.below(sim.rules().len() as u64) as usize];
        if r.chance_per_mille(200) && !rule.targets.is_empty() {
            let t = &rule.targets[r.below(rule.targets.len() as u64) as usize];
            return Action::SetTargetFault {
                rule_name: rule.config.name.clone(),
                event_bus_name: Some(rule.config.event_bus_name.clone()),
                target_id: t.id.clone(),
                fault: [TargetFaultKind::DenyPermission, TargetFaultKind::Throttle]
                    [r.below(2) as usize],
                enabled: r.chance_per_mille(500),
            };
        }
        let bus = rule.config.event_bus_name.clone();
        let (source, detail_type) = match rule
            .config
            .event_pattern
            .get("source")
            .and_then(|s| s.get(0))
            .and_then(|s| s.as_str())
        {
            Some(s) => (
                s.to_string(),
                rule.config.event_pattern["detail-type"]
                    .get(0)
                    .and_then(|d| d.as_str())
                    .unwrap_or("x")
                    .to_string(),
            ),
            None => ("random".to_string(), "x".to_string()),
        };
        let detail = json!({ "pedidoId": format!("apiP{:03}", r.below(5)), "orderId": format!("o{}", r.below(20)), "amount": r.below(200), "novosItens": [{ "sku": "S", "qtd": 1 }] });
        return serde_json::from_value(json!({ "Action": "PutEvents", "Entries": [{ "Source": source, "DetailType": detail_type, "Detail": detail, "EventBusName": bus }] })).unwrap();
    }
    if queues.is_empty() {
        // lab 004 streams has no queue: its traffic is orders through the API and faults.
        return match r.below(3) {
            0 => random_fault(r, &functions),
            _ => random_order(r),
        };
    }
    match r.below(11) {
        0..=2 if !sim.apis().is_empty() => random_order(r),
        0..=3 => {
            let q = pick(r, &queues);
            let group = if fifo(&q) {
                Some(format!("g{}", r.below(3)))
            } else {
                None
            };
            let delay = if !fifo(&q) && r.chance_per_mille(200) {
                Some(r.below(20))
            } else {
                None
            };
            send_with(
                &q,
                json!({ "order_id": format!("m{}", r.below(40)) }),
                group.as_deref(),
                None,
                delay,
            )
        }
        4 => random_fault(r, &functions),
        5 => Action::ReceiveMessage {
            queue_name: pick(r, &queues),
            max_number_of_messages: r.below(12) as u32,
            visibility_timeout: Some(r.below(40)),
            wait_time_seconds: Some(r.below(25)),
        },
        6 => Action::PurgeQueue {
            queue_name: pick(r, &queues),
        },
        7 => Action::StartMessageMoveTask {
            source_queue: pick(r, &queues),
            destination_queue: None,
            max_number_of_messages_per_second: Some(r.between(0, 600) as u32),
        },
        8 => Action::CancelMessageMoveTask {
            source_queue: pick(r, &queues),
        },
        9 => {
            let mut attributes = std::collections::BTreeMap::new();
            attributes.insert("VisibilityTimeout".to_string(), json!(r.below(50_000)));
            Action::SetQueueAttributes {
                queue_name: pick(r, &queues),
                attributes,
            }
        }
        _ => Action::ChangeMessageVisibility {
            queue_name: pick(r, &queues),
            receipt_handle: "AQEBbogus".into(),
            visibility_timeout: r.below(100),
        },
    }
}

/// An order through the scenario's API: sometimes broken JSON or a missing field.
fn random_order(r: &mut Rng) -> Action {
    let i = r.below(50);
    let body = match r.below(6) {
        0 => json!("{broken json"),
        1 => json!({ "product": "no customer" }),
        _ => json!({
            "orderId": format!("o{i}"),
            "customerName": "Rand",
            "product": "Thing",
            "amount": ([5, 500, 20000])[r.below(3) as usize],
            "notes": if r.chance_per_mille(200) { "FAIL" } else { "" },
        }),
    };
    http(body)
}
