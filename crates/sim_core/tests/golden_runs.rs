//! Pinned trace hashes: every built-in scenario with its lab script, and 200 runs
//! of random actions and faults, each hash pinned in tests/golden/runs.hashes, with
//! a second hash over the state the trace does not cover (logs, messages, items).
//! A refactor must leave every line as it is; a commit that changes one names the
//! AWS behaviour it fixes. UPDATE_GOLDEN=1 rewrites the file.

mod common;

use common::random::{random_action, SCENARIOS};
use common::*;
use sim_core::rng::Rng;
use sim_core::Simulation;

const SCRIPTED: [(&str, &str); 4] = [
    ("lab000-pedidos", "lab000-aula4.json"),
    ("lab003-order-events", "lab003-ten-orders.json"),
    ("lab003-order-events", "lab003-ten-orders-all-declined.json"),
    ("lab004-orders", "lab004-three-orders.json"),
];

fn line(name: &str, sim: &Simulation) -> String {
    format!(
        "{name} total={} hash={:016x} state={:016x}",
        sim.trace().total(),
        sim.trace().hash(),
        state_hash(sim)
    )
}

/// What the trace hash does not cover, hashed.
fn state_hash(sim: &Simulation) -> u64 {
    sim_core::rng::fnv1a(state_text(sim).as_bytes())
}

fn scripted_run(id: &str, script_file: &str, seed: u64) -> String {
    let path = format!(
        "{}/../../scenarios/scripts/{script_file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let steps: serde_json::Value = serde_json::from_str(&text).expect("script is JSON");
    let mut sim = Simulation::new(builtin(id), seed).unwrap();
    sim.add_script(script(steps));
    sim.run_until(30 * 60 * 1000);
    line(&format!("{id} {script_file} seed={seed}"), &sim)
}

fn random_run(seed: u64) -> String {
    let id = SCENARIOS[(seed % SCENARIOS.len() as u64) as usize];
    let mut sim = Simulation::new(builtin(id), seed).unwrap();
    let mut r = Rng::fork(seed, "golden-actions");
    let end_ms = 5 * 60 * 1000;
    let mut next_action_ms = 0;
    loop {
        let next_event = sim.next_event_time().unwrap_or(u64::MAX);
        if next_action_ms <= next_event.min(end_ms) {
            sim.run_until(next_action_ms);
            let action = random_action(&mut r, &sim);
            let _ = sim.apply(action);
            next_action_ms += r.between(100, 8_000);
        } else if next_event <= end_ms {
            sim.step();
        } else {
            break;
        }
    }
    line(&format!("{id} random seed={seed}"), &sim)
}

#[test]
fn every_run_matches_its_pinned_hash() {
    let mut lines = Vec::new();
    for (id, script_file) in SCRIPTED {
        for seed in 1..=3 {
            lines.push(scripted_run(id, script_file, seed));
        }
    }
    for seed in 0..200 {
        lines.push(random_run(seed));
    }
    let actual = lines.join("\n") + "\n";
    let path = format!("{}/tests/golden/runs.hashes", env!("CARGO_MANIFEST_DIR"));
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        std::fs::write(&path, &actual).expect("write golden hashes");
        return;
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    for (n, (want, got)) in golden.lines().zip(actual.lines()).enumerate() {
        assert_eq!(got, want, "line {} of runs.hashes differs", n + 1);
    }
    assert_eq!(golden.lines().count(), actual.lines().count());
}
