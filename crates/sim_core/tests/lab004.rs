//! Lab 004 end to end: a normal order completes, "FAIL" reaches the DLQ after
//! maxReceiveCount receives, an amount of 20000 fails as business logic without retry.

mod common;

use common::*;
use serde_json::json;
use sim_core::trace::TraceKind;
use sim_core::Simulation;

fn three_orders() -> Simulation {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let text = include_str!("../../../scenarios/scripts/lab004-three-orders.json");
    sim.add_script(script(serde_json::from_str(text).unwrap()));
    run_checked(&mut sim, 5 * 60 * 1000);
    sim
}

#[test]
fn normal_order_ends_completed() {
    let sim = three_orders();
    assert_eq!(
        item_status(&sim, "Orders", "orderId", "ord-normal", "status"),
        Some(json!("COMPLETED"))
    );
    assert!(item_status(&sim, "Orders", "orderId", "ord-normal", "completedAt").is_some());
}

#[test]
fn fail_order_is_received_max_receive_count_times_then_lands_in_the_dlq() {
    let sim = three_orders();
    let receives = sim
        .trace()
        .entries()
        .filter(|e| {
            e.kind == TraceKind::MessageReceived
                && e.order_id == Some("ord-fail")
                && e.resource == "order-processing-queue"
        })
        .count();
    assert_eq!(receives, 3, "received maxReceiveCount (3) times");
    let dlq = sim.queue("order-processing-dlq").unwrap();
    assert_eq!(dlq.len(), 1);
    let (_, m) = dlq.messages().next().unwrap();
    assert_eq!(m.order_id.as_deref(), Some("ord-fail"));
    assert_eq!(m.receive_count, 3);
    assert!(m
        .dead_letter_source
        .as_deref()
        .unwrap()
        .ends_with(":order-processing-queue"));
    assert_eq!(sim.queue("order-processing-queue").unwrap().len(), 0);
    assert_eq!(
        item_status(&sim, "Orders", "orderId", "ord-fail", "status"),
        Some(json!("PENDING"))
    );
    let moved = sim
        .trace()
        .entries()
        .find(|e| e.kind == TraceKind::MessageMovedToDlq)
        .unwrap();
    assert_eq!(
        moved.text,
        "receive count 3 reached maxReceiveCount 3, so the next receive moved it to order-processing-dlq"
    );
    // Three visibility timeouts of 30 s each, plus processing: the move is lazy.
    assert!(
        moved.at_ms > 5_000 + 3 * 30_000,
        "moved at {} ms",
        moved.at_ms
    );
}

#[test]
fn high_amount_is_a_business_failure_without_retry() {
    let sim = three_orders();
    assert_eq!(
        item_status(&sim, "Orders", "orderId", "ord-high", "status"),
        Some(json!("FAILED"))
    );
    let reason = item_status(&sim, "Orders", "orderId", "ord-high", "failureReason").unwrap();
    assert!(reason.as_str().unwrap().contains("20000"), "{reason}");
    let receives = sim
        .trace()
        .entries()
        .filter(|e| e.kind == TraceKind::MessageReceived && e.order_id == Some("ord-high"))
        .count();
    assert_eq!(receives, 1, "no retry");
}

#[test]
fn logs_read_like_cloudwatch() {
    let sim = three_orders();
    let lines: Vec<&str> = sim.logs()["/aws/lambda/OrderWorkerFunction"]
        .lines()
        .map(|(_, l)| l.as_str())
        .collect();
    assert!(lines
        .iter()
        .any(|l| l.starts_with("START RequestId: ") && l.ends_with(" Version: $LATEST")));
    assert!(lines.iter().any(|l| l.starts_with("REPORT RequestId: ")
        && l.contains("\tBilled Duration: ")
        && l.contains("\tMemory Size: 128 MB")));
    assert!(
        lines.iter().any(|l| l.contains("Init Duration: ")),
        "the first invocation is a cold start"
    );
    // A cold start bills its Init Duration too, since August 2025: AWS's Python logging
    // example reports "Duration: 15.74 ms Billed Duration: 147 ms … Init Duration:
    // 130.49 ms" (https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html).
    let field = |l: &str, name: &str| -> u64 {
        let v = l.split(&format!("{name}: ")).nth(1).unwrap_or("0");
        v.split(['.', ' ']).next().unwrap().parse().unwrap()
    };
    for l in lines.iter().filter(|l| l.starts_with("REPORT ")) {
        let want = field(l, "Duration") + field(l, "Init Duration");
        assert_eq!(field(l, "Billed Duration"), want, "{l}");
    }
    assert!(lines.contains(&"[ERROR] Exception: Simulated processing failure for order ord-fail"));
    assert!(lines.contains(&"Order ord-normal COMPLETED"));
}

#[test]
fn api_answers_like_api_gateway() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    sim.add_script(script(json!([
        { "At": 0, "Action": "HttpRequest", "Api": "orders-api", "Method": "POST", "Path": "/orders", "Body": "{not json" },
        { "At": 1000, "Action": "HttpRequest", "Api": "orders-api", "Method": "POST", "Path": "/orders", "Body": { "product": "x" } },
        { "At": 2000, "Action": "HttpRequest", "Api": "orders-api", "Method": "GET", "Path": "/nothing" },
        { "At": 3000, "Action": "HttpRequest", "Api": "orders-api", "Method": "OPTIONS", "Path": "/orders" },
        { "At": 4000, "Action": "SetFault", "FunctionName": "CreateOrderFunction", "Fault": "throw", "Enabled": true },
        { "At": 5000, "Action": "HttpRequest", "Api": "orders-api", "Method": "POST", "Path": "/orders", "Body": { "customerName": "a", "product": "b", "amount": 1 } },
        { "At": 6000, "Action": "SetFault", "FunctionName": "CreateOrderFunction", "Fault": "throw", "Enabled": false },
        { "At": 6000, "Action": "SetFault", "FunctionName": "CreateOrderFunction", "Fault": "throttle", "Enabled": true },
        { "At": 7000, "Action": "HttpRequest", "Api": "orders-api", "Method": "POST", "Path": "/orders", "Body": { "customerName": "a", "product": "b", "amount": 1 } }
    ])));
    run_checked(&mut sim, 20_000);
    let x: Vec<_> = sim.http_exchanges().collect();
    assert_eq!(x.len(), 6);
    assert_eq!(x[0].status_code, Some(400));
    assert!(x[0]
        .response_body
        .as_deref()
        .unwrap()
        .contains("Invalid JSON"));
    assert_eq!(x[1].status_code, Some(400));
    assert!(x[1]
        .response_body
        .as_deref()
        .unwrap()
        .contains("customerName"));
    assert_eq!(x[2].status_code, Some(403));
    assert_eq!(
        x[2].response_body.as_deref(),
        Some(r#"{"message":"Missing Authentication Token"}"#)
    );
    // Lab 004's API is a REST API: "Enable CORS" made an OPTIONS method whose mock
    // integration answers 200 with the three headers.
    assert_eq!(x[3].status_code, Some(200));
    assert_eq!(
        x[3].response_headers
            .get("Access-Control-Allow-Origin")
            .map(String::as_str),
        Some("*")
    );
    assert_eq!(x[4].status_code, Some(502));
    assert_eq!(
        x[4].response_body.as_deref(),
        Some(r#"{"message": "Internal server error"}"#)
    );
    assert!(
        x[4].response_headers.is_empty(),
        "a REST API's 502 carries no CORS header: the browser reports a CORS error"
    );
    assert_eq!(x[5].status_code, Some(500), "a throttled integration");
    assert_eq!(
        sim.function("CreateOrderFunction")
            .unwrap()
            .metrics
            .throttles,
        1
    );
    assert_eq!(
        x[0].response_headers
            .get("Access-Control-Allow-Origin")
            .map(String::as_str),
        Some("*"),
        "the function's own responses carry its CORS header"
    );
}
