//! Teaching moments for lab 004's two traps, natively: the pipe deleting an order the
//! worker never sees, and one FAIL order failing the whole batch sent while paused.

use std::rc::Rc;

use sim_core::Action;
use yew::prelude::*;

use super::moments::MomentKind;
use super::{AppState, Msg};
use crate::i18n::Lang;

fn order(id: &str, notes: &str) -> Msg {
    Msg::Apply(Box::new(Action::HttpRequest {
        api: "orders-api".into(),
        method: "POST".into(),
        path: "/orders".into(),
        body: Some(
            serde_json::json!({"orderId": id, "customerName": "A", "product": "P", "amount": 10, "notes": notes}),
        ),
        headers: Default::default(),
    }))
}

fn run(scenario: &str, orders: Vec<Msg>) -> Rc<AppState> {
    let mut s = Rc::new(AppState::new(scenario, 1, Lang::En, false));
    // Sent while paused: they reach the queue together.
    for m in orders {
        s = s.reduce(m);
    }
    for _ in 0..12 {
        s = s.reduce(Msg::Skip { sim_ms: 10_000 });
    }
    s
}

/// Seed 004's pipe on order-processing-queue: the moment is the pipe deleting an
/// order, said about the queue the two consumers share.
#[test]
fn the_competing_consumers_moment_is_the_pipe_deleting_an_order_from_the_shared_queue() {
    let orders = (0..6).map(|i| order(&format!("o{i}"), "")).collect();
    let s = run("lab004-pipes", orders);
    assert!(s.moments_seen.contains(&MomentKind::CompetingConsumers));
    let seen = s.view(|w| {
        w.trace()
            .entries()
            .find(|e| e.kind == sim_core::trace::TraceKind::PipeFiltered)
            .map(|e| e.to.map(str::to_string))
    });
    assert_eq!(
        seen.flatten().flatten().as_deref(),
        Some("order-processing-queue")
    );
}

/// Seed 004's FAIL order sent with two good ones while paused: one batch, one error,
/// the whole batch back (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
#[test]
fn orders_sent_together_with_a_fail_order_say_the_whole_batch_failed() {
    let s = run(
        "lab004-orders",
        vec![order("a", ""), order("b", "FAIL"), order("c", "")],
    );
    assert!(s.moments_seen.contains(&MomentKind::WholeBatchFailed));
    let s1 = run("lab004-orders", vec![order("b", "FAIL")]);
    assert!(!s1.moments_seen.contains(&MomentKind::WholeBatchFailed));
}

/// The SQS guide's trigger reports batch item failures: an exception on a batch of two
/// fails both all the same, and the note says so instead of "without
/// ReportBatchItemFailures" (the re-walk). https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
#[test]
fn a_whole_batch_failed_with_report_batch_item_failures_on_says_so() {
    let fault = Msg::Apply(Box::new(Action::SetFault {
        function_name: "processa-pedidos-fifo".into(),
        fault: sim_core::action::FaultKind::Throw,
        enabled: true,
        fraction: None,
        seconds: None,
    }));
    let send = |i: u32| {
        let action = serde_json::json!({ "Action": "SendMessage", "QueueName": "pedidos-ecommerce.fifo",
            "MessageGroupId": "order-CUST-1",
            "MessageBody": { "order_id": format!("ORD-9{i}"), "customer_id": "CUST-1", "total": 1 } });
        Msg::Apply(Box::new(serde_json::from_value(action).unwrap()))
    };
    let s = run("sqs-fifo-pedidos", vec![fault, send(1), send(2)]);
    assert!(s
        .moments_seen
        .contains(&MomentKind::WholeBatchFailedReported));
    assert!(!s.moments_seen.contains(&MomentKind::WholeBatchFailed));
}
