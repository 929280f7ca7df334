//! The golden runs of `sim_core/tests/determinism.rs`, exported as plain WebAssembly
//! functions (no bindings needed): the test tier loads the module in V8 and checks that
//! wasm32 produces the same trace hashes as the native golden files. The browser
//! benchmark also runs the command line's lab 004 workload through it.

use sim_core::Simulation;

#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

const FIVE_MINUTES_MS: u64 = 5 * 60 * 1000;

fn hash_of(id: &str, script: Option<&str>, seed: u64) -> u64 {
    let Some(Ok(scenario)) = sim_core::scenario::builtin(id) else {
        return 0;
    };
    let Ok(mut sim) = Simulation::new(scenario, seed) else {
        return 0;
    };
    if let Some(text) = script {
        let Ok(value) = serde_json::from_str(text) else {
            return 0;
        };
        let Ok(steps) = sim_core::action::parse_script(&value) else {
            return 0;
        };
        sim.add_script(steps);
    }
    sim.run_until(FIVE_MINUTES_MS);
    sim.trace().hash()
}

/// Lab 004 with the three-orders script, run for five simulated minutes.
#[no_mangle]
pub extern "C" fn lab004_three_orders_trace_hash(seed: u64) -> u64 {
    hash_of(
        "lab004-orders",
        Some(include_str!(
            "../../../scenarios/scripts/lab004-three-orders.json"
        )),
        seed,
    )
}

/// The SQS guide's FIFO scenario with its own script, run for five simulated minutes.
#[no_mangle]
pub extern "C" fn sqs_fifo_trace_hash(seed: u64) -> u64 {
    hash_of("sqs-fifo-pedidos", None, seed)
}

/// The command line's lab 004 benchmark (`sim_cli bench`), run inside WebAssembly:
/// returns the number of sim events run (0 if the scenario failed to build). The
/// browser benchmark times it.
#[no_mangle]
pub extern "C" fn bench_lab004_orders(orders: u64) -> u64 {
    sim_core::workload::run_lab004_orders(orders)
        .map(|sim| sim.events_run())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    fn golden_hash(name: &str) -> u64 {
        let text = std::fs::read_to_string(format!(
            "{}/../sim_core/tests/golden/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let last = text.lines().last().unwrap();
        u64::from_str_radix(last.trim_start_matches("hash "), 16).unwrap()
    }

    #[test]
    fn native_exports_match_the_golden_hashes() {
        assert_eq!(
            super::lab004_three_orders_trace_hash(1),
            golden_hash("lab004-orders.seed1.trace")
        );
        assert_eq!(
            super::sqs_fifo_trace_hash(1),
            golden_hash("sqs-fifo-pedidos.seed1.trace")
        );
    }
}
