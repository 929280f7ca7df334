//! `sim_cli bench`: the engine's speed on large, realistic runs. Prints figures;
//! asserts nothing about time.

use std::time::Instant;

use serde_json::json;
use sim_core::action::{Action, ScriptStep};
use sim_core::{Bounds, Simulation};

pub fn run(args: &[String]) -> Result<(), String> {
    let mut orders = 100_000u64;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--orders" => {
                orders = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--orders takes a whole number")?
            }
            other => return Err(format!("unknown bench option '{other}'")),
        }
    }
    lab004(orders)?;
    fifo(orders / 2)?;
    Ok(())
}

fn bounds() -> Bounds {
    Bounds {
        trace_entries: 10_000,
        log_lines_per_group: 1_000,
        http_exchanges: 100,
    }
}

/// `orders` orders through lab 004's pipeline, one every 2 ms, 10% with notes "FAIL".
fn lab004(orders: u64) -> Result<(), String> {
    let scenario = crate::load_scenario("lab004-orders")?;
    let mut sim = Simulation::with_bounds(scenario, 42, bounds()).map_err(|e| e.to_string())?;
    let steps: Vec<ScriptStep> = (0..orders)
        .map(|i| ScriptStep {
            at_ms: i * 2,
            action: Action::HttpRequest {
                api: "orders-api".into(),
                method: "POST".into(),
                path: "/orders".into(),
                body: Some(json!({
                    "orderId": format!("ord-{i:06}"),
                    "customerName": "Bench",
                    "product": "Widget",
                    "amount": 10 + (i % 500),
                    "notes": if i % 10 == 0 { "FAIL" } else { "" },
                })),
                headers: Default::default(),
            },
        })
        .collect();
    sim.add_script(steps);
    let mem_before = peak_rss_kib();
    let started = Instant::now();
    // Long enough for every failing order to use up its 3 receives and reach the DLQ.
    sim.run_until(orders * 2 + 10 * 60 * 1000);
    let secs = started.elapsed().as_secs_f64();
    let orders_table = sim.table("Orders").map(|t| t.len()).unwrap_or(0);
    let completed = sim
        .table("Orders")
        .map(|t| {
            t.scan()
                .filter(|i| i.get("status").and_then(|s| s.as_str()) == Some("COMPLETED"))
                .count()
        })
        .unwrap_or(0);
    let dlq = sim
        .queue("order-processing-dlq")
        .map(|q| q.len())
        .unwrap_or(0);
    println!("bench lab004: {orders} orders (10% FAIL) through API → CreateOrder → Orders → stream → ProcessOrder → SQS → OrderWorker");
    println!("  wall time           {secs:.3} s");
    println!(
        "  sim events          {} ({:.0} events/s)",
        sim.events_run(),
        sim.events_run() as f64 / secs
    );
    println!(
        "  orders              {:.0} orders/s end to end",
        orders as f64 / secs
    );
    println!(
        "  trace entries       {} written, {} kept",
        sim.trace().total(),
        sim.trace().entries().len()
    );
    println!("  outcome             {orders_table} in Orders, {completed} COMPLETED, {dlq} in order-processing-dlq");
    println!(
        "  peak memory (RSS)   {} MiB (was {} MiB before the run)",
        peak_rss_kib() / 1024,
        mem_before / 1024
    );
    Ok(())
}

/// FIFO stress: `messages` messages over 100 groups through the SQS guide's FIFO queue.
fn fifo(messages: u64) -> Result<(), String> {
    let scenario = crate::load_scenario("sqs-fifo-pedidos")?;
    let mut sim = Simulation::with_bounds(scenario, 7, bounds()).map_err(|e| e.to_string())?;
    let steps: Vec<ScriptStep> = (0..messages)
        .map(|i| ScriptStep {
            at_ms: 5_000 + i,
            action: Action::SendMessage {
                queue_name: "pedidos-ecommerce.fifo".into(),
                message_body: json!({ "order_id": format!("PED-{i:06}"), "customer_id": format!("cliente-{}", i % 100), "total": 10 }),
                delay_seconds: None,
                message_group_id: Some(format!("order-cliente-{}", i % 100)),
                message_deduplication_id: None,
                message_attributes: Default::default(),
            },
        })
        .collect();
    sim.add_script(steps);
    let started = Instant::now();
    sim.run_until(5_000 + messages + 30 * 60 * 1000);
    let secs = started.elapsed().as_secs_f64();
    let left = sim
        .queue("pedidos-ecommerce.fifo")
        .map(|q| q.len())
        .unwrap_or(0);
    let consumer = sim
        .function("processa-pedidos-fifo")
        .map(|f| f.metrics.invocations)
        .unwrap_or(0);
    println!(
        "bench fifo: {messages} messages in 100 message groups through pedidos-ecommerce.fifo"
    );
    println!("  wall time           {secs:.3} s");
    println!(
        "  sim events          {} ({:.0} events/s)",
        sim.events_run(),
        sim.events_run() as f64 / secs
    );
    println!(
        "  messages            {:.0} messages/s, {consumer} batches, {left} left in the queue",
        messages as f64 / secs
    );
    println!("  peak memory (RSS)   {} MiB", peak_rss_kib() / 1024);
    Ok(())
}

/// Peak resident memory of this process, from /proc (Linux); 0 elsewhere.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}
