//! Standard workloads, so the command line's benchmark and the page's (WebAssembly)
//! run exactly the same simulation. Time is measured by the caller.

use serde_json::Value;

use crate::action::{Action, ScriptStep};
use crate::kernel::Bounds;
use crate::world::Simulation;

/// Requests made at once by the load generator: each batch just before the clock
/// reaches it, so a run holds the engine's state, not every pending request.
const REQUESTS_PER_BATCH: u64 = 500;

/// Bounds for long runs: the trace and logs keep only their latest entries.
pub fn bench_bounds() -> Bounds {
    Bounds {
        trace_entries: 10_000,
        log_lines_per_group: 1_000,
        http_exchanges: 100,
    }
}

/// Order `i` of the lab 004 workload: sent at `2i` ms, 10% with notes "FAIL".
pub fn lab004_order_request(i: u64) -> ScriptStep {
    ScriptStep {
        at_ms: i * 2,
        action: Action::HttpRequest {
            api: "orders-api".into(),
            method: "POST".into(),
            path: "/orders".into(),
            // The body as the client sends it: JSON text, written directly (the
            // same text `json!(…).to_string()` gives, tested, without building it).
            body: Some(Value::String(format!(
                r#"{{"orderId":"ord-{i:06}","customerName":"Bench","product":"Widget","amount":{},"notes":"{}"}}"#,
                10 + (i % 500),
                if i.is_multiple_of(10) { "FAIL" } else { "" },
            ))),
            headers: Default::default(),
        },
    }
}

/// Lab 004 with `orders` orders, one every 2 ms, then ten minutes more so every
/// failing order uses up its receives and reaches the DLQ. Returns the world.
pub fn run_lab004_orders(orders: u64) -> Result<Simulation, String> {
    let scenario =
        crate::scenario::builtin("lab004-orders").ok_or("lab004-orders is not built in")??;
    let mut sim =
        Simulation::with_bounds(scenario, 42, bench_bounds()).map_err(|e| e.to_string())?;
    let mut next = 0;
    while next < orders {
        let end = (next + REQUESTS_PER_BATCH).min(orders);
        sim.add_script((next..end).map(lab004_order_request).collect());
        sim.run_until(end * 2 - 1);
        next = end;
    }
    sim.run_until(orders * 2 + 10 * 60 * 1000);
    Ok(sim)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_order_body_is_the_json_the_client_would_write() {
        for i in (0..1_200u64).chain([99_999, 1_234_567]) {
            let expected = json!({
                "orderId": format!("ord-{i:06}"),
                "customerName": "Bench",
                "product": "Widget",
                "amount": 10 + (i % 500),
                "notes": if i.is_multiple_of(10) { "FAIL" } else { "" },
            })
            .to_string();
            let Action::HttpRequest { body, .. } = lab004_order_request(i).action else {
                panic!("order {i} is not an HTTP request");
            };
            assert_eq!(body, Some(Value::String(expected)), "order {i}");
        }
    }
}
