//! Same scenario, seed and actions → the same trace; golden traces pin both scenarios.
//! Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.

mod common;

use common::*;
use sim_core::Simulation;

fn lab004(seed: u64) -> Simulation {
    let mut sim = Simulation::new(builtin("lab004-orders"), seed).unwrap();
    let text = include_str!("../../../scenarios/scripts/lab004-three-orders.json");
    sim.add_script(script(serde_json::from_str(text).unwrap()));
    sim.run_until(5 * 60 * 1000);
    sim
}

fn fifo(seed: u64) -> Simulation {
    let mut sim = Simulation::new(builtin("sqs-fifo-pedidos"), seed).unwrap();
    sim.run_until(5 * 60 * 1000);
    sim
}

fn trace_text(sim: &Simulation) -> String {
    assert_eq!(
        sim.trace().total() as usize,
        sim.trace().entries().len(),
        "golden runs fit in the trace"
    );
    let mut s: String = sim.trace().entries().map(|e| e.line() + "\n").collect();
    s.push_str(&format!("hash {:016x}\n", sim.trace().hash()));
    s
}

fn golden(name: &str, actual: &str) {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run with UPDATE_GOLDEN=1 to create it)"));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} differs from the golden trace at line {}:\n  golden: {}\n  actual: {}\n(run with UPDATE_GOLDEN=1 if the change is intended)",
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>")
        );
    }
}

#[test]
fn golden_trace_lab004_three_orders_seed_1() {
    golden("lab004-orders.seed1.trace", &trace_text(&lab004(1)));
}

#[test]
fn golden_trace_sqs_fifo_seed_1() {
    golden("sqs-fifo-pedidos.seed1.trace", &trace_text(&fifo(1)));
}

#[test]
fn same_seed_same_trace_and_state() {
    for seed in [0, 1, 42, u64::MAX] {
        let (a, b) = (lab004(seed), lab004(seed));
        assert_eq!(a.trace().hash(), b.trace().hash());
        assert_eq!(
            sim_core::report::state_json(&a),
            sim_core::report::state_json(&b)
        );
    }
}

#[test]
fn different_seeds_differ_only_where_randomness_enters() {
    let (a, b) = (lab004(1), lab004(2));
    assert_ne!(
        a.trace().hash(),
        b.trace().hash(),
        "ids and durations are drawn from the seed"
    );
    // …but the outcome the lab teaches does not depend on the seed.
    let status = |s: &Simulation, id: &str| item_status(s, "Orders", "orderId", id, "status");
    for id in ["ord-normal", "ord-fail", "ord-high"] {
        assert_eq!(status(&a, id), status(&b, id));
    }
}

#[test]
fn a_trace_capped_small_has_the_same_hash() {
    let mut small = Simulation::with_bounds(
        builtin("lab004-orders"),
        1,
        sim_core::Bounds {
            trace_entries: 10,
            log_lines_per_group: 5,
            http_exchanges: 2,
        },
    )
    .unwrap();
    let text = include_str!("../../../scenarios/scripts/lab004-three-orders.json");
    small.add_script(script(serde_json::from_str(text).unwrap()));
    small.run_until(5 * 60 * 1000);
    assert_eq!(small.trace().entries().len(), 10);
    assert_eq!(small.trace().hash(), lab004(1).trace().hash());
    assert!(small.logs().values().all(|g| g.lines().count() <= 5));
}

#[test]
fn every_built_in_scenario_parses_and_builds_and_the_empty_one_too() {
    for (id, _) in sim_core::scenario::BUILTIN {
        let s = builtin(id);
        assert!(Simulation::new(s, 1).is_ok(), "{id}");
    }
    assert!(Simulation::new(sim_core::Scenario::empty(), 1).is_ok());
}
