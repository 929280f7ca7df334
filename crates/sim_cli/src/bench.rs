//! `sim_cli bench`: the engine's speed on large, realistic runs. Prints figures;
//! asserts nothing about time.

use std::time::Instant;

use serde_json::json;
use sim_core::action::{Action, ScriptStep};
use sim_core::{Bounds, Simulation};

pub fn run(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some("patterns") {
        return match &args[1..] {
            [] => patterns(),
            [flag, dir] if flag == "--workload" => crate::workload::run(dir),
            _ => Err("bench patterns takes nothing, or --workload DIR".into()),
        };
    }
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
    sim_core::workload::bench_bounds()
}

/// `orders` orders through lab 004's pipeline, one every 2 ms, 10% with notes "FAIL"
/// (the workload the page's benchmark runs too: `sim_core::workload`).
fn lab004(orders: u64) -> Result<(), String> {
    let mem_before = peak_rss_kib();
    let cpu_before = cpu_secs();
    let started = Instant::now();
    let sim = sim_core::workload::run_lab004_orders(orders)?;
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu_before;
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
    out!("bench lab004: {orders} orders (10% FAIL) through API → CreateOrder → Orders → stream → ProcessOrder → SQS → OrderWorker");
    out!("  wall time           {secs:.3} s");
    out!("  cpu time            {cpu:.3} s (this thread on a CPU: less noisy on a busy machine)");
    out!(
        "  sim events          {} ({:.0} events/s)",
        sim.events_run(),
        sim.events_run() as f64 / secs
    );
    out!(
        "  orders              {:.0} orders/s end to end",
        orders as f64 / secs
    );
    out!(
        "  trace entries       {} written, {} kept, hash {:016x}",
        sim.trace().total(),
        sim.trace().entries().len(),
        sim.trace().hash()
    );
    out!("  outcome             {orders_table} in Orders, {completed} COMPLETED, {dlq} in order-processing-dlq");
    out!(
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
    out!("bench fifo: {messages} messages in 100 message groups through pedidos-ecommerce.fifo");
    out!("  wall time           {secs:.3} s");
    out!(
        "  sim events          {} ({:.0} events/s)",
        sim.events_run(),
        sim.events_run() as f64 / secs
    );
    out!(
        "  messages            {:.0} messages/s, {consumer} batches, {left} left in the queue",
        messages as f64 / secs
    );
    out!(
        "  trace entries       {} written, hash {:016x}",
        sim.trace().total(),
        sim.trace().hash()
    );
    out!("  peak memory (RSS)   {} MiB", peak_rss_kib() / 1024);
    Ok(())
}

/// Time this thread has spent on a CPU, from /proc (Linux); 0 elsewhere.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(|ns| ns as f64 / 1e9)
        .unwrap_or(0.0)
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

/// Pattern matching speed: the conformance file's cases, and 300 rules × 100,000 events.
fn patterns() -> Result<(), String> {
    use sim_core::eventbridge::{EventPattern, FlatEvent};
    use sim_core::rng::Rng;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/conformance/eventbridge-patterns.jsonl"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let cases: Vec<(EventPattern, serde_json::Value)> = text
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|c| {
                    let p = match &c["pattern"] {
                        serde_json::Value::String(t) => EventPattern::parse(t).ok()?,
                        v => EventPattern::from_json(v).ok()?,
                    };
                    Some((p, c["event"].clone()))
                })
                .collect();
            let rounds = 200;
            let started = Instant::now();
            let mut matched = 0u64;
            for _ in 0..rounds {
                for (p, e) in &cases {
                    matched += p.matches(e) as u64;
                }
            }
            let secs = started.elapsed().as_secs_f64();
            let n = (cases.len() * rounds) as f64;
            out!(
                "bench patterns: conformance file, {} valid cases × {rounds} rounds",
                cases.len()
            );
            out!(
                "  {:.0} matches/s ({matched} matched, {secs:.3} s)",
                n / secs
            );
        }
        Err(_) => {
            out!("bench patterns: {path} is absent; skipping the conformance-file figure")
        }
    }
    let mut r = Rng::new(5);
    let rules: Vec<EventPattern> = (0..300)
        .map(|i| {
            let tier = ["gold", "silver", "bronze"][i % 3];
            let p = serde_json::json!({
                "source": [format!("com.myapp.service{}", i % 20)],
                "detail-type": ["order.placed", "order.updated"],
                "detail": {
                    "amount": [{ "numeric": [">", (i % 50) * 100] }],
                    "customer": { "tier": [tier] },
                    "$or": [{ "channel": [{ "prefix": "web" }] }, { "region": [{ "anything-but": ["eu-west-1"] }] }]
                }
            });
            EventPattern::from_json(&p).expect("a valid pattern")
        })
        .collect();
    let events: Vec<serde_json::Value> = (0..100_000)
        .map(|i| {
            let tier = ["gold", "silver", "bronze"][r.below(3) as usize];
            let channel = ["web-shop", "mobile", "store"][r.below(3) as usize];
            let region = ["eu-west-1", "us-east-1"][r.below(2) as usize];
            serde_json::json!({
                "version": "0", "id": format!("e{i}"), "detail-type": "order.placed", "source": format!("com.myapp.service{}", r.below(20)),
                "account": "123456789012", "time": "2025-05-13T19:00:00Z", "region": "us-east-1", "resources": [],
                "detail": {
                    "orderId": format!("o{i}"), "amount": r.below(6000), "customer": { "tier": tier },
                    "channel": channel, "region": region,
                    "items": [{ "sku": "A", "qty": 1 }, { "sku": "B", "qty": 2 }]
                }
            })
        })
        .collect();
    let started = Instant::now();
    let mut matched = 0u64;
    for e in &events {
        let flat = FlatEvent::new(e);
        for rule in &rules {
            matched += rule.matches_flat(&flat) as u64;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let n = (events.len() * rules.len()) as f64;
    out!("bench patterns: 300 rules × 100,000 events (each event flattened once, as a bus does)");
    out!(
        "  {:.0} matches/s, {:.0} events/s against all 300 rules ({matched} matches, {secs:.3} s)",
        n / secs,
        events.len() as f64 / secs
    );
    Ok(())
}
