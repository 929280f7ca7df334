//! The labs as their documents build them (../shared/seeds/), and the traps they
//! contain explained where the learner looks: each test is named after the rule it
//! shows, with the AWS page or seed line it follows.

mod common;

use common::*;
use serde_json::json;
use sim_core::trace::TraceKind;
use sim_core::view::{order_notes, OrderWhy, OrdersQuery, OrdersView};
use sim_core::Simulation;

/// Orders posted to lab 004's API, one every 3 s (amounts below the pipe's 10000).
fn normal_orders(n: u32) -> serde_json::Value {
    let steps: Vec<_> = (0..n)
        .map(|i| {
            json!({ "At": format!("{}s", 1 + i * 3), "Action": "HttpRequest", "Api": "orders-api",
                "Method": "POST", "Path": "/orders",
                "Body": { "orderId": format!("o{i}"), "customerName": "A", "product": "P", "amount": 100 + i, "notes": "" } })
        })
        .collect();
    json!(steps)
}

/// Lab 004 stage 3's worker thrown (its forced error), then `n` normal orders.
fn broken_worker_orders(n: u32) -> Vec<serde_json::Value> {
    let mut steps = vec![json!({ "At": "0s", "Action": "SetFault",
        "FunctionName": "OrderWorkerFunction", "Fault": "throw", "Enabled": true })];
    steps.extend(normal_orders(n).as_array().cloned().unwrap_or_default());
    steps
}

/// Every order's note, each one a message the pipe's filter dropped, with the worker's
/// receives before that; orders the broken worker left in the DLQ say only that.
fn dropped_by_the_pipe(sim: &Simulation) -> Vec<(String, u32)> {
    let dropped = |(order, why): (String, OrderWhy)| match why {
        OrderWhy::DeletedByPipeFilter {
            received_before, ..
        } => Some((order, received_before)),
        OrderWhy::InDlq { .. } => None,
        other => panic!("{order}: {other:?}"),
    };
    order_notes(sim).into_iter().filter_map(dropped).collect()
}

fn received_by(sim: &Simulation, order: &str, function: &str) -> usize {
    sim.trace()
        .entries()
        .filter(|e| {
            e.kind == TraceKind::MessageReceived
                && e.order_id == Some(order)
                && e.to == Some(function)
        })
        .count()
}

/// Seed 004: "HighValueOrderPipe - It's source is SQS Queue, i.e. order-processing-queue",
/// the queue OrderWorkerFunction's trigger also reads. SQS hands a message to one
/// consumer at a time, and a pipe deletes the messages its filter drops
/// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-event-filtering.html;
/// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html): an order the
/// pipe takes never reaches the worker and stays PENDING, and the order says why.
#[test]
fn a_pipe_filter_deletes_what_it_drops_so_a_trigger_on_the_same_queue_never_sees_it() {
    for seed in 1..=3 {
        let mut sim = Simulation::new(builtin("lab004-pipes"), seed).unwrap();
        sim.add_script(script(normal_orders(12)));
        run_checked(&mut sim, 3 * 60 * 1000);
        let notes = order_notes(&sim);
        let taken: Vec<&String> = notes.keys().collect();
        assert!(!taken.is_empty(), "seed {seed}: the pipe takes some orders");
        for (order, why) in &notes {
            assert_eq!(
                why,
                &OrderWhy::DeletedByPipeFilter {
                    pipe: "HighValueOrderPipe".into(),
                    queue: "order-processing-queue".into(),
                    functions: vec!["OrderWorkerFunction".into()],
                    received_before: 0,
                }
            );
            assert_eq!(received_by(&sim, order, "OrderWorkerFunction"), 0);
            assert_eq!(
                item_status(&sim, "Orders", "orderId", order, "status"),
                Some(json!("PENDING"))
            );
        }
        // The orders the worker did receive completed, and have nothing to explain.
        for i in 0..12 {
            let order = format!("o{i}");
            if received_by(&sim, &order, "OrderWorkerFunction") > 0 {
                assert!(!notes.contains_key(&order));
                assert_eq!(
                    item_status(&sim, "Orders", "orderId", &order, "status"),
                    Some(json!("COMPLETED"))
                );
            }
        }
        // The orders table carries the note on the order's row.
        let view = OrdersView::of(&sim, &OrdersQuery::default()).unwrap();
        let noted = view.rows.iter().filter(|r| r.why.is_some()).count();
        assert_eq!(noted, notes.len());
    }
}

/// The same competition with the worker broken (lab 004 stage 3, guide step 4): a
/// message the worker received and failed comes back after the visibility timeout,
/// and on a later receive the pipe may get it and drop it. The order's note says the
/// worker did receive it, how often, and that the pipe took it afterwards: it must
/// not say the order "never reached" the worker (the pipes walk read exactly that
/// beside a trace showing two failed receives).
#[test]
fn a_failed_message_the_pipe_drops_later_says_how_often_the_worker_received_it() {
    let mut after_failures = 0;
    for seed in 1..=6 {
        let mut sim = Simulation::new(builtin("lab004-pipes"), seed).unwrap();
        sim.add_script(script(json!(broken_worker_orders(8))));
        run_checked(&mut sim, 4 * 60 * 1000);
        for (order, received_before) in dropped_by_the_pipe(&sim) {
            assert_eq!(
                received_before as usize,
                received_by(&sim, &order, "OrderWorkerFunction"),
                "seed {seed} {order}"
            );
            after_failures += usize::from(received_before > 0);
        }
    }
    assert!(
        after_failures > 0,
        "over six seeds the pipe drops some messages the worker had failed"
    );
}

/// The count is the message's, not the order's: after a redrive the message is a new
/// one (SQS gives it a new id and a receive count of 0), so an order the pipe drops
/// after the redrive does not carry the receives that took it to the DLQ (the review
/// found "after 3 receives … never reached maxReceiveCount" on redriven orders). With
/// maxReceiveCount 3 the pipe can only have a message after at most 2 worker receives:
/// the 4th receive moves it to the DLQ instead.
#[test]
fn a_redriven_order_the_pipe_drops_counts_only_its_new_messages_receives() {
    let mut redriven_notes = 0;
    for seed in 1..=12 {
        let mut sim = Simulation::new(builtin("lab004-pipes"), seed).unwrap();
        let mut steps = broken_worker_orders(8);
        steps.push(json!({ "At": "240s", "Action": "SetFault",
            "FunctionName": "OrderWorkerFunction", "Fault": "throw", "Enabled": false }));
        steps.push(json!({ "At": "241s", "Action": "StartMessageMoveTask",
            "SourceQueue": "order-processing-dlq" }));
        sim.add_script(script(json!(steps)));
        run_checked(&mut sim, 8 * 60 * 1000);
        let redriven: Vec<String> = sim
            .trace()
            .entries()
            .filter(|e| e.kind == TraceKind::RedriveMoved)
            .filter_map(|e| e.order_id.map(str::to_string))
            .collect();
        for (order, received_before) in dropped_by_the_pipe(&sim) {
            assert!(
                received_before <= 2,
                "seed {seed} {order}: {received_before}"
            );
            redriven_notes += usize::from(redriven.contains(&order));
        }
    }
    assert!(
        redriven_notes > 0,
        "over twelve seeds the pipe drops a redriven order"
    );
}

/// The other side of the same competition: a high-value order (amount > 10000) the
/// pipe receives passes its filter and is delivered to high-value-orders-queue, so the
/// worker that sets the status never sees it and it stays PENDING; the order says so.
/// An order the worker got first is FAILED by the worker and has nothing to explain.
#[test]
fn a_high_value_order_the_pipe_takes_never_reaches_the_worker_and_says_so() {
    let mut taken = 0;
    for seed in 1..=6 {
        let mut sim = Simulation::new(builtin("lab004-pipes"), seed).unwrap();
        let steps: Vec<_> = (0..4)
            .map(|i| {
                json!({ "At": format!("{}s", 1 + i * 3), "Action": "HttpRequest", "Api": "orders-api",
                    "Method": "POST", "Path": "/orders",
                    "Body": { "orderId": format!("big{i}"), "customerName": "A", "product": "P", "amount": 15_000, "notes": "" } })
            })
            .collect();
        sim.add_script(script(json!(steps)));
        run_checked(&mut sim, 2 * 60 * 1000);
        let notes = order_notes(&sim);
        for i in 0..4 {
            let order = format!("big{i}");
            let status = item_status(&sim, "Orders", "orderId", &order, "status");
            if received_by(&sim, &order, "OrderWorkerFunction") > 0 {
                assert_eq!(status, Some(json!("FAILED")), "seed {seed} {order}");
                assert!(!notes.contains_key(&order));
                continue;
            }
            taken += 1;
            assert_eq!(status, Some(json!("PENDING")), "seed {seed} {order}");
            assert_eq!(
                notes.get(&order),
                Some(&OrderWhy::TakenByPipe {
                    pipe: "HighValueOrderPipe".into(),
                    queue: "order-processing-queue".into(),
                    target: "high-value-orders-queue".into(),
                    functions: vec!["OrderWorkerFunction".into()],
                    received_before: 0,
                }),
                "seed {seed} {order}"
            );
        }
    }
    assert!(
        taken > 0,
        "over six seeds the pipe takes some high-value orders"
    );
}

/// Seed 004 ("If notes contains \"FAIL\", it throws an error") with orders that reach
/// the queue together: Lambda returns the whole batch when the function raises,
/// unless the mapping reports batch item failures
/// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html), so
/// the good orders of the batch go to the DLQ with the FAIL one — and each says why.
#[test]
fn an_exception_returns_the_whole_sqs_batch_so_good_orders_reach_the_dlq_with_the_bad_one() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let order = |id: &str, notes: &str| {
        json!({ "At": "1s", "Action": "HttpRequest", "Api": "orders-api", "Method": "POST", "Path": "/orders",
            "Body": { "orderId": id, "customerName": "A", "product": "P", "amount": 10, "notes": notes } })
    };
    sim.add_script(script(json!([
        order("good-1", ""),
        order("bad", "please FAIL"),
        order("good-2", "")
    ])));
    run_checked(&mut sim, 3 * 60 * 1000);
    assert_eq!(sim.queue("order-processing-dlq").unwrap().len(), 3);
    let notes = order_notes(&sim);
    for id in ["good-1", "bad", "good-2"] {
        let Some(OrderWhy::FailedWithBatch {
            function,
            queue,
            batch_size,
            report_batch_item_failures,
            error,
            moved_to_dlq,
        }) = notes.get(id)
        else {
            panic!("{id} has no batch note: {notes:?}");
        };
        assert_eq!(function, "OrderWorkerFunction");
        assert_eq!(queue, "order-processing-queue");
        assert_eq!(*batch_size, 3);
        assert!(
            !report_batch_item_failures,
            "lab 004's worker has no partial batch responses"
        );
        assert!(error.contains("for order bad"), "{error}");
        assert_eq!(moved_to_dlq.as_deref(), Some("order-processing-dlq"));
    }
}

/// A FAIL order alone in its batch fails for its own reason: no batch note. Once SQS
/// has moved it to the DLQ, its row says so (a walk saw it stay PENDING with nothing
/// to say why); a redrive or a purge of the DLQ takes the note away. An order deleted
/// after a successful batch has no note.
#[test]
fn a_batch_of_one_has_no_batch_note_but_its_order_says_it_is_in_the_dlq() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let text = include_str!("../../../scenarios/scripts/lab004-three-orders.json");
    sim.add_script(script(serde_json::from_str(text).unwrap()));
    run_checked(&mut sim, 5 * 60 * 1000);
    assert_eq!(sim.queue("order-processing-dlq").unwrap().len(), 1);
    let notes = order_notes(&sim);
    assert_eq!(notes.len(), 1, "{notes:?}");
    let Some(OrderWhy::InDlq {
        function,
        queue,
        dlq,
        error,
        receives,
    }) = notes.get("ord-fail")
    else {
        panic!("ord-fail: {notes:?}");
    };
    assert_eq!(
        (function.as_str(), queue.as_str(), dlq.as_str()),
        (
            "OrderWorkerFunction",
            "order-processing-queue",
            "order-processing-dlq"
        )
    );
    assert_eq!(*receives, 3, "maxReceiveCount");
    assert!(error.contains("ord-fail"), "{error}");

    let mut redriven = sim.clone();
    redriven
        .apply(sim_core::Action::StartMessageMoveTask {
            source_queue: "order-processing-dlq".into(),
            destination_queue: None,
            max_number_of_messages_per_second: None,
        })
        .unwrap();
    redriven.run_until(5 * 60 * 1000 + 5_000);
    assert!(
        order_notes(&redriven).is_empty(),
        "back in its queue after the redrive"
    );

    sim.apply(sim_core::Action::PurgeQueue {
        queue_name: "order-processing-dlq".into(),
    })
    .unwrap();
    assert!(order_notes(&sim).is_empty(), "purged with the DLQ");
}

/// The SQS guide's step 5: ORD-005 waits behind ORD-004 in their message group, fails
/// with it in a batch of two, then fails alone on its last receive (one receive behind).
/// Its last failure was its own, so it carries no batch note into the DLQ.
#[test]
fn an_order_whose_last_failure_was_alone_keeps_no_note_from_an_earlier_batch() {
    let mut sim = Simulation::new(builtin("sqs-fifo-pedidos"), 1).unwrap();
    let send = |at: &str, id: &str| {
        json!({ "At": at, "Action": "SendMessage", "QueueName": "pedidos-ecommerce.fifo",
            "MessageGroupId": "order-CUST-999", "MessageBody": { "order_id": id, "customer_id": "CUST-999" } })
    };
    sim.add_script(script(json!([
        { "At": "10s", "Action": "SetFault", "FunctionName": "processa-pedidos-fifo", "Fault": "throw", "Enabled": true },
        send("10s", "ORD-004"),
        send("15s", "ORD-005")
    ])));
    run_checked(&mut sim, 5 * 60 * 1000);
    let moved = |id: &str| {
        sim.trace()
            .entries()
            .any(|e| e.kind == TraceKind::MessageMovedToDlq && e.order_id == Some(id))
    };
    assert!(moved("ORD-004") && moved("ORD-005"));
    let notes = order_notes(&sim);
    assert!(
        matches!(notes.get("ORD-005"), Some(OrderWhy::InDlq { .. })),
        "in the DLQ for its own failure, not its batch's: {notes:?}"
    );
    // ORD-004 failed with the batch of two; the guide's consumer reports batch item
    // failures, and its note must say so (an exception returns the batch anyway).
    let Some(OrderWhy::FailedWithBatch {
        batch_size: 2,
        report_batch_item_failures,
        ..
    }) = notes.get("ORD-004")
    else {
        panic!("ORD-004 has no batch note: {notes:?}");
    };
    assert!(report_batch_item_failures);
}

/// The fixed variant of lab 004's last stage: one SNS topic fans each order out to a
/// queue per consumer (https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html,
/// raw delivery: https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html),
/// so every order reaches OrderWorkerFunction and the high-value ones also reach
/// HighValueWorker through the pipe: both paths work.
#[test]
fn with_one_queue_per_consumer_every_order_reaches_the_worker_and_the_pipe_sees_every_order() {
    for seed in 1..=3 {
        let mut sim = Simulation::new(builtin("lab004-pipes-fanout"), seed).unwrap();
        let mut steps = normal_orders(12);
        steps.as_array_mut().unwrap().push(json!({ "At": "40s", "Action": "HttpRequest",
            "Api": "orders-api", "Method": "POST", "Path": "/orders",
            "Body": { "orderId": "big", "customerName": "C", "product": "Rack", "amount": 20000, "notes": "" } }));
        sim.add_script(script(steps));
        run_checked(&mut sim, 3 * 60 * 1000);
        assert!(order_notes(&sim).is_empty());
        for i in 0..12 {
            let order = format!("o{i}");
            assert_eq!(received_by(&sim, &order, "OrderWorkerFunction"), 1);
            assert_eq!(received_by(&sim, &order, "HighValueOrderPipe"), 1);
            assert_eq!(
                item_status(&sim, "Orders", "orderId", &order, "status"),
                Some(json!("COMPLETED"))
            );
        }
        // The business rule on the worker's path, the routing on the pipe's.
        assert_eq!(
            item_status(&sim, "Orders", "orderId", "big", "status"),
            Some(json!("FAILED"))
        );
        let routed = sim.logs()["/aws/lambda/HighValueWorker"]
            .lines()
            .filter(|(_, l)| l.contains("High-value order big"))
            .count();
        assert_eq!(routed, 1);
    }
}

/// A scenario's FixedVariant must name a built-in scenario: refused at load, with the
/// property named.
#[test]
fn a_fixed_variant_that_names_no_scenario_is_refused_at_load() {
    let text = include_str!("../../../scenarios/lab004-pipes.json")
        .replace("\"lab004-pipes-fanout\"", "\"lab004-nowhere\"");
    let err = sim_core::Scenario::parse("lab004-pipes.json", &text).unwrap_err();
    assert!(
        err.contains("Console.FixedVariant.Scenario") && err.contains("lab004-nowhere"),
        "{err}"
    );
    let lab = builtin("lab004-pipes");
    let variant = lab
        .console
        .fixed_variant
        .expect("lab004-pipes offers its fix");
    assert!(sim_core::scenario::builtin(&variant.scenario).is_some());
}

/// Seed 000, section 6.2 ("Pedido apiP001-seu-nome atualizado para CANCELADO. Resposta
/// DynamoDB: {'Attributes': …, 'ResponseMetadata': {…, 'HTTPHeaders': {…}}}"): the cancel
/// and alter lines print boto3's whole response, HTTP headers included, with the
/// length DynamoDB's body has (108 for a cancel, as in the lab; 232 for the lab's
/// alter).
#[test]
fn lab000_the_dynamodb_response_line_prints_boto3s_http_headers() {
    let mut sim = Simulation::new(builtin("lab000-pedidos"), 1).unwrap();
    let text = include_str!("../../../scenarios/scripts/lab000-aula4.json");
    sim.add_script(script(serde_json::from_str(text).unwrap()));
    run_checked(&mut sim, 5 * 60 * 1000);
    let line = |group: &str, status: &str| {
        sim.logs()[group]
            .lines()
            .map(|(_, l)| l.clone())
            .find(|l| l.contains(&format!("atualizado para {status}")))
            .unwrap()
    };
    let cancel = line("/aws/lambda/cancela-pedido-lambda", "CANCELADO");
    assert!(cancel.contains("'HTTPStatusCode': 200, 'HTTPHeaders': {'server': 'Server', 'date': 'Tue, 13 May 2025 19:00:30 GMT', 'content-type': 'application/x-amz-json-1.0', 'content-length': '108', 'connection': 'keep-alive', 'x-amzn-requestid': '"), "{cancel}");
    assert!(cancel.ends_with("'}, 'RetryAttempts': 0}}"), "{cancel}");
    let alter = line("/aws/lambda/altera-pedido-lambda", "ALTERADO");
    assert!(alter.contains("'content-length': '232'"), "{alter}");
}

/// Seed 000, section 7 ("Você verá a Lambda sendo invocada, logando o evento recebido e
/// imediatamente falhando com o ValueError"): with the forced error on, each attempt
/// of processa-pedidos-lambda logs "Evento recebido: …" and then the ValueError.
#[test]
fn lab000_the_forced_error_comes_right_after_evento_recebido() {
    let mut sim = Simulation::new(builtin("lab000-pedidos"), 1).unwrap();
    let text = include_str!("../../../scenarios/scripts/lab000-aula4.json");
    sim.add_script(script(serde_json::from_str(text).unwrap()));
    run_checked(&mut sim, 6 * 60 * 1000);
    let lines: Vec<String> = sim.logs()["/aws/lambda/processa-pedidos-lambda"]
        .lines()
        .map(|(_, l)| l.clone())
        .collect();
    let errors: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i] == "[ERROR] ValueError: Teste Forçado para DLQ!")
        .collect();
    assert_eq!(errors.len(), 3, "three receives before the DLQ");
    for i in errors {
        assert!(lines[i - 1].starts_with("Evento recebido: {\"version\": \"0\""));
        assert!(lines[i - 1].contains("apiP0043-TESTE-FLUXO-ERRO-AULA-4"));
        assert!(lines[i - 2].starts_with("START RequestId: "));
    }
}

/// Seed 000, section 6.3 ("Use o mesmo pedidoId"; its Antes/Depois table takes
/// apiP001-seu-nome from CANCELADO to ALTERADO): the guide's alter step alters the
/// order the cancel step just cancelled, and following it does that.
#[test]
fn lab000_the_alter_step_alters_the_order_just_cancelled() {
    use sim_core::scenario::guide::{Check, ShowMe};
    let lab = builtin("lab000-pedidos");
    let guide = lab.guide.clone().unwrap();
    let target = |i: usize| match &guide.steps[i].check {
        Check::ItemAttribute {
            key_value, equals, ..
        } => (key_value.clone(), equals.clone()),
        other => panic!("step {i}: {other:?}"),
    };
    assert_eq!(target(3), ("apiP001".to_string(), "CANCELADO".to_string()));
    assert_eq!(target(4), ("apiP001".to_string(), "ALTERADO".to_string()));
    let mut sim = Simulation::new(lab, 1).unwrap();
    for step in &guide.steps[..5] {
        for s in &step.show_me {
            match s {
                ShowMe::Apply(a) => sim.apply((**a).clone()).unwrap(),
                ShowMe::Wait { ms } => {
                    let until_ms = sim.now_ms() + ms;
                    run_checked(&mut sim, until_ms)
                }
            }
        }
    }
    let itens = item_status(&sim, "pedidos-db", "pedidoId", "apiP001", "itens").unwrap();
    assert_eq!(itens[1], json!({ "sku": "PROD-ALTERADO-2", "qtd": 99 }));
    assert_eq!(
        item_status(&sim, "pedidos-db", "pedidoId", "apiP001", "statusPedido"),
        Some(json!("ALTERADO"))
    );
}

/// Seed 000 creates each DLQ with "Type: Standard" and a name only: the console's
/// default MessageRetentionPeriod, 345,600 s (4 days;
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html).
/// The lab's conclusion names SQS FIFO among the days' services without saying where:
/// the scenario has no FIFO queue and says so.
#[test]
fn lab000_dlqs_keep_the_consoles_default_retention_and_the_missing_fifo_queue_is_said() {
    let sim = Simulation::new(builtin("lab000-pedidos"), 1).unwrap();
    for q in sim.queues() {
        assert_eq!(q.settings.message_retention_period, 345_600, "{}", q.name());
        assert!(!q.name().ends_with(".fifo"));
    }
    let about = &sim.scenario().description;
    assert!(about.contains("no FIFO queue") && about.contains("sqs-fifo-pedidos"));
}

/// Seed 000 (cancela- and altera-pedido-lambda: "Configure Variáveis de Ambiente … Key:
/// DYNAMODB_TABLE_NAME") and seed 004 ("Add SQS Environment variable to
/// ProcessOrderFunction … the URL of order processing queue"): the functions carry the
/// variables, and each names what the function really uses — the table it writes, the
/// queue (by its QueueUrl, which the queue's panel shows too).
#[test]
fn lab_functions_carry_the_labs_environment_variables_and_they_match_what_the_code_uses() {
    use sim_core::lambda::Behavior;
    use sim_core::view::{FunctionView, QueueView};
    let env = |sim: &Simulation, f: &str| FunctionView::of(sim, f).unwrap().environment;
    let sim = Simulation::new(builtin("lab000-pedidos"), 1).unwrap();
    for f in ["cancela-pedido-lambda", "altera-pedido-lambda"] {
        assert_eq!(
            env(&sim, f),
            vec![("DYNAMODB_TABLE_NAME".to_string(), "pedidos-db".to_string())]
        );
    }
    for id in ["lab004-orders", "lab004-pipes"] {
        let sim = Simulation::new(builtin(id), 1).unwrap();
        let vars = env(&sim, "ProcessOrderFunction");
        let url = QueueView::of(&sim, "order-processing-queue").unwrap().url;
        assert_eq!(
            url,
            "https://sqs.us-east-2.amazonaws.com/123456789012/order-processing-queue"
        );
        assert!(vars.contains(&("SQS_QUEUE_URL".to_string(), url)));
        for f in sim.functions() {
            let table = match f.config.behavior.as_ref() {
                Behavior::CreateOrder { table_name } | Behavior::OrderWorker { table_name, .. } => {
                    Some(table_name.clone())
                }
                _ => None,
            };
            if let Some(table) = table {
                assert!(env(&sim, f.name()).contains(&("ORDERS_TABLE_NAME".to_string(), table)));
            }
        }
    }
}

/// Seed 003's test ("Submit 10 test orders": `--body "{\"order_id\":\"order-$i\",
/// \"amount\":$((RANDOM % 1000))}"`): the order form, "submit N" and the lab's script
/// send exactly that shape, and every function reads `order_id`: each order is charged,
/// reserved once under its order_id and notified.
#[test]
fn lab003_orders_are_sent_and_read_as_the_challenge_sends_them() {
    let lab = builtin("lab003-order-events");
    let entry = &lab.console.order_entry;
    assert_eq!(
        entry.template,
        Some(json!({ "order_id": "order-1", "amount": 120 }))
    );
    for n in 1..=10u64 {
        let order = entry.nth_order(n);
        assert_eq!(order["order_id"], format!("order-{n}"));
        assert!(order["amount"].as_u64().unwrap() < 1000);
        assert_eq!(order.as_object().unwrap().len(), 2, "{order}");
    }
    let mut sim = Simulation::new(lab, 1).unwrap();
    let text = include_str!("../../../scenarios/scripts/lab003-ten-orders.json");
    sim.add_script(script(serde_json::from_str(text).unwrap()));
    run_checked(&mut sim, 3 * 60 * 1000);
    let log = |f: &str, line: &str| {
        sim.logs()[&format!("/aws/lambda/{f}")]
            .lines()
            .any(|(_, l)| l == line)
    };
    for i in 1..=10 {
        let id = format!("order-{i}");
        assert!(item_status(
            &sim,
            "inventory-reservations",
            "order_id",
            &id,
            "reservedAt"
        )
        .is_some());
        assert!(log(
            "inventory-processor",
            &format!("Inventory reserved for order {id}")
        ));
        assert!(log(
            "notifications",
            &format!("Notification sent to the customer for order {id}")
        ));
        assert!(log(
            "order-api",
            &format!("Published order.placed for order {id}")
        ));
    }
    let body: serde_json::Value = serde_json::from_str(
        sim.http_exchanges()
            .next()
            .unwrap()
            .response_body
            .as_deref()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        body,
        json!({ "message": "Order placed", "order_id": "order-1" })
    );
}

/// Seed 000, section 1: "Lembrete Importante: Substitua seu-nome em todos os nomes de
/// recursos" (`pedidos-db-seu-nome`, `lambda-altera-cancela-role-seu-nome`, policies such
/// as `SQSReadCancelaTrigger-seu-nome`). `lab000-pedidos@maria` is the lab with
/// `-maria` on every resource and policy, everywhere the file names them; a name that
/// an S3 bucket could not take is refused, and so is a name on a lab that takes none.
#[test]
fn lab000_the_learners_name_replaces_seu_nome_on_every_resource() {
    let s = sim_core::scenario::builtin("lab000-pedidos@maria")
        .unwrap()
        .unwrap();
    assert_eq!(s.console.name_suffix.as_deref(), Some("seu-nome"));
    let names: Vec<&str> = s
        .queues
        .iter()
        .map(|q| q.queue_name.as_str())
        .chain(s.functions.iter().map(|f| f.function_name.as_str()))
        .chain(s.tables.iter().map(|t| t.table_name.as_str()))
        .chain(s.rules.iter().map(|r| r.name.as_str()))
        .chain(s.roles.iter().map(|r| r.role_name.as_str()))
        .chain(
            s.roles
                .iter()
                .flat_map(|r| r.policies.iter().map(|p| p.policy_name.as_str())),
        )
        .collect();
    assert!(names.len() > 20);
    for n in &names {
        assert!(n.ends_with("-maria"), "{n}");
    }
    assert!(names.contains(&"SQSReadCancelaTrigger-maria"));
    assert!(names.contains(&"pedidos-db-maria"));
    // The lab's orders carry the name too ("apiP001-seu-nome", "s3P003-seu-nome",
    // section 6): the form's body, the generated orders, the presets, the guide.
    assert_eq!(
        s.console.order_entry.template.as_ref().unwrap()["pedidoId"],
        "apiP001-maria"
    );
    assert_eq!(
        s.console.order_entry.nth_order(7)["pedidoId"],
        "apiP007-maria"
    );
    let (_, file) = sim_core::scenario::BUILTIN
        .iter()
        .find(|(id, _)| *id == "lab000-pedidos")
        .unwrap();
    let renamed = sim_core::scenario::suffix::with_name_suffix(file, "maria").unwrap();
    let bare = |id: &str| {
        renamed
            .match_indices(id)
            .filter(|(i, _)| !renamed[i + id.len()..].starts_with("-maria"))
            .count()
    };
    assert_eq!(
        (bare("apiP001"), bare("s3P003")),
        (0, 0),
        "every mention renamed"
    );
    assert!(
        renamed.contains("apiP0043-TESTE-FLUXO-AULA-4"),
        "the lab's DLQ test id is written as is"
    );
    // The lab's flow works under the new names: an order reaches pedidos-db-maria.
    let mut sim = Simulation::new(s, 1).unwrap();
    sim.apply(sim_core::Action::HttpRequest {
        api: "pedidos-api-maria".into(),
        method: "POST".into(),
        path: "/pedidos".into(),
        body: Some(json!({ "pedidoId": "apiP001", "clienteId": "c", "itens": [{ "item": "x", "qtd": 1 }] })),
        headers: Default::default(),
    })
    .unwrap();
    run_checked(&mut sim, 30_000);
    assert_eq!(
        item_status(
            &sim,
            "pedidos-db-maria",
            "pedidoId",
            "apiP001",
            "statusPedido"
        ),
        Some(json!("PEDIDO_PROCESSADO"))
    );
    for bad in ["Maria", "maria_silva", "-x", ""] {
        let id = format!("lab000-pedidos@{bad}");
        assert!(sim_core::scenario::builtin(&id).unwrap().is_err(), "{id}");
    }
    assert!(sim_core::scenario::builtin("lab004-orders@maria")
        .unwrap()
        .is_err());
}

/// A world with the SQS guide's consumer (seed 002's OrderConsumer) that always fails
/// (`SuccessPerMille` 0), reading `queue`, its own DLQ `dlq` (FIFO or not).
fn guide_consumer_world(fifo: bool) -> Simulation {
    let (q, dlq) = if fifo {
        ("pedidos.fifo", "pedidos-dlq.fifo")
    } else {
        ("pedidos", "pedidos-dlq")
    };
    scenario_world(json!({
        "Name": "t",
        "Queues": [
            { "QueueName": dlq, "FifoQueue": fifo },
            { "QueueName": q, "FifoQueue": fifo, "VisibilityTimeout": 60,
              "RedrivePolicy": { "deadLetterTargetArn": format!("arn:aws:sqs:us-east-1:123456789012:{dlq}"), "maxReceiveCount": 3 } }
        ],
        "Functions": [{ "FunctionName": "consumidor", "Timeout": 10, "Behavior": { "Type": "sqs-guide-consumer",
            "QueueName": q, "DeadLetterQueueName": dlq, "SuccessPerMille": 0, "MaxRetries": 3 } }],
        "EventSourceMappings": [{ "FunctionName": "consumidor", "EventSourceArn": q, "BatchSize": 10,
            "FunctionResponseTypes": ["ReportBatchItemFailures"] }]
    }))
}

fn scenario_world(v: serde_json::Value) -> Simulation {
    Simulation::new(scenario(v), 1).unwrap()
}

fn guide_send(sim: &mut Simulation, queue: &str, attempts: u64) {
    let mut action = json!({ "Action": "SendMessage", "QueueName": queue,
        "MessageBody": { "order_id": "ORD-001", "customer_id": "CUST-123", "total": 109.97, "processing_attempts": attempts } });
    if queue.ends_with(".fifo") {
        action["MessageGroupId"] = json!("order-CUST-123");
        action["MessageDeduplicationId"] = json!(format!("order-ORD-001-{attempts}"));
    }
    sim.apply(serde_json::from_value(action).unwrap()).unwrap();
}

fn consumer_log(sim: &Simulation) -> Vec<String> {
    sim.logs()["/aws/lambda/consumidor"]
        .lines()
        .map(|(_, l)| l.clone())
        .filter(|l| !l.starts_with("START") && !l.starts_with("END") && !l.starts_with("REPORT"))
        .collect()
}

/// Seed 002, `_process_single_order`: a failure adds 1 to `processing_attempts` read
/// from the body — which SQS never changes — so every receive says "tentativa 1" and
/// the guide's own `_send_to_dlq` never runs; only the queue's redrive policy ends the
/// loop (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
#[test]
fn sqs_guide_the_consumers_attempt_counter_lives_in_the_body_so_it_never_passes_1() {
    let mut sim = guide_consumer_world(true);
    guide_send(&mut sim, "pedidos.fifo", 0);
    run_checked(&mut sim, 5 * 60 * 1000);
    let log = consumer_log(&sim);
    let tries: Vec<&String> = log
        .iter()
        .filter(|l| l.contains("será reprocessado"))
        .collect();
    assert_eq!(tries.len(), 3, "{log:?}");
    assert!(tries.iter().all(|l| l.ends_with("(tentativa 1)")));
    assert_eq!(
        log.iter()
            .filter(|l| l.as_str() == "✗ Falha simulada no processamento do pedido ORD-001")
            .count(),
        3
    );
    assert_eq!(
        sim.queue("pedidos-dlq.fifo").unwrap().len(),
        1,
        "moved by the RedrivePolicy"
    );
}

/// Seed 002, `_send_to_dlq`: at max_retries the order goes to the guide's DLQ with
/// MessageAttributes original_queue, failure_reason and original_receive_count, then
/// is deleted. A FIFO DLQ refuses a SendMessage without MessageGroupId
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html):
/// the guide's `except` logs it and the order is deleted all the same — lost.
#[test]
fn sqs_guide_the_dlq_send_carries_the_guides_attributes_and_a_fifo_dlq_refuses_it() {
    let mut sim = guide_consumer_world(false);
    guide_send(&mut sim, "pedidos", 2);
    run_checked(&mut sim, 30_000);
    let dlq = sim.queue("pedidos-dlq").unwrap();
    assert_eq!(dlq.len(), 1);
    let (_, m) = dlq.messages().next().unwrap();
    let attr = |k: &str| m.attributes.get(k).map(|a| a.string_value.clone());
    assert_eq!(attr("original_queue").as_deref(), Some("pedidos"));
    assert_eq!(
        attr("failure_reason").as_deref(),
        Some("max_retries_exceeded")
    );
    assert_eq!(attr("original_receive_count").as_deref(), Some("1"));
    let body: serde_json::Value = serde_json::from_str(&m.body).unwrap();
    assert_eq!(body["processing_attempts"], 3);
    assert_eq!(sim.queue("pedidos").unwrap().len(), 0);
    assert!(consumer_log(&sim)
        .contains(&"Pedido ORD-001 enviado para DLQ após 3 tentativas".to_string()));

    let mut sim = guide_consumer_world(true);
    guide_send(&mut sim, "pedidos.fifo", 2);
    run_checked(&mut sim, 30_000);
    let log = consumer_log(&sim);
    let refused = log
        .iter()
        .find(|l| l.starts_with("Erro ao enviar para DLQ: "))
        .unwrap();
    assert!(refused.contains("MessageGroupId"), "{refused}");
    assert_eq!(sim.queue("pedidos-dlq.fifo").unwrap().len(), 0);
    assert_eq!(
        sim.queue("pedidos.fifo").unwrap().len(),
        0,
        "deleted all the same: lost"
    );
}

/// Seed 002's consumer succeeds 80% of the time (`random.random() < 0.8`): over many
/// orders about one in five fails at least once, and each success logs the guide's
/// "✓ Pedido … - Total: $…" line.
#[test]
fn sqs_guide_the_consumer_fails_about_one_order_in_five() {
    let mut sim = Simulation::new(builtin("sqs-fifo-pedidos"), 5).unwrap();
    for i in 0..200 {
        let action = json!({ "Action": "SendMessage", "QueueName": "pedidos-ecommerce.fifo",
            "MessageGroupId": format!("order-CUST-{i}"),
            "MessageBody": { "order_id": format!("ORD-{i:03}"), "customer_id": format!("CUST-{i}"), "total": 9.99 } });
        sim.apply(serde_json::from_value(action).unwrap()).unwrap();
    }
    // Each batch takes about 4 s (0.5 s per order processed), well inside the 60 s
    // visibility timeout that holds back the ones that failed.
    run_checked(&mut sim, 30_000);
    let log: Vec<String> = sim.logs()["/aws/lambda/processa-pedidos-fifo"]
        .lines()
        .map(|(_, l)| l.clone())
        .collect();
    let mine = |l: &&String| l.contains(" ORD-");
    let failed = log
        .iter()
        .filter(mine)
        .filter(|l| l.starts_with("✗ Falha simulada"))
        .count();
    let ok = log
        .iter()
        .filter(mine)
        .filter(|l| l.starts_with("✓ Pedido ") && l.ends_with(" - Total: $9.99"))
        .count();
    assert_eq!(
        failed + ok,
        200,
        "each order tried once in 30 s: {failed} + {ok}"
    );
    assert!((20..=60).contains(&failed), "{failed} of 200");
}

/// Seed 004 in its stages, in the picker's order: stage 1 ("DynamoDB Streams →
/// ProcessOrderFunction → updates order in DynamoDB"; "Tested and Validated that Orders
/// moved from Pending to Processed") has no queue at all; stage 2 adds the SQS worker
/// and its DLQ; stage 3 the pipe (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.Lambda.html).
#[test]
fn lab004_in_its_stages_stage_1_marks_each_new_order_processed_through_the_stream() {
    let ids: Vec<&str> = sim_core::scenario::BUILTIN
        .iter()
        .map(|(id, _)| *id)
        .collect();
    let at = |id: &str| ids.iter().position(|i| *i == id).unwrap();
    assert!(at("lab004-streams") < at("lab004-orders") && at("lab004-orders") < at("lab004-pipes"));
    let stage1 = builtin("lab004-streams");
    assert!(stage1.queues.is_empty() && stage1.pipes.is_empty());
    let stage2 = builtin("lab004-orders");
    assert!(stage2
        .queues
        .iter()
        .any(|q| q.queue_name == "order-processing-dlq"));
    assert!(stage2.pipes.is_empty());
    assert_eq!(builtin("lab004-pipes").pipes.len(), 1);

    let mut sim = Simulation::new(stage1, 1).unwrap();
    let text = include_str!("../../../scenarios/scripts/lab004-three-orders.json");
    sim.add_script(script(serde_json::from_str(text).unwrap()));
    run_checked(&mut sim, 60_000);
    for id in ["ord-normal", "ord-fail", "ord-high"] {
        assert_eq!(
            item_status(&sim, "Orders", "orderId", id, "status"),
            Some(json!("PROCESSED")),
            "{id}"
        );
        // `datetime.now(timezone.utc).isoformat()`, as MarkProcessed's code writes it.
        let at = item_status(&sim, "Orders", "orderId", id, "processedAt").unwrap();
        assert!(at.as_str().is_some_and(|t| t.ends_with("+00:00")), "{at}");
    }
    // Its own update is a MODIFY on the stream: read, and left alone.
    let log = &sim.logs()["/aws/lambda/ProcessOrderFunction"];
    assert_eq!(
        log.lines()
            .filter(|(_, l)| l.starts_with("Order ") && l.ends_with(" processed"))
            .count(),
        3
    );
}

/// Seed 002's producer: `MessageDeduplicationId = f"order-{order['order_id']}-{order['timestamp']}"`
/// is new on every send, so the guide's resend of ORD-001 is delivered again; the FIFO
/// queue drops a copy only when the id repeats within 5 minutes
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html).
/// Where the guide is outdated ("Message … (até 256 KB)"), the scenario says both limits,
/// and the simulator uses today's 1 MiB.
#[test]
fn sqs_guide_its_timestamped_deduplication_ids_never_repeat_and_its_256_kb_is_said_as_outdated() {
    let send = |dedup: &str| -> sim_core::Action {
        serde_json::from_value(
            json!({ "Action": "SendMessage", "QueueName": "pedidos-ecommerce.fifo",
            "MessageGroupId": "order-CUST-123", "MessageDeduplicationId": dedup,
            "MessageBody": { "order_id": "ORD-001", "customer_id": "CUST-123", "total": 109.97 } }),
        )
        .unwrap()
    };
    let mut sim = Simulation::new(builtin("sqs-fifo-pedidos"), 1).unwrap();
    let duplicates = |sim: &Simulation| {
        sim.trace()
            .entries()
            .filter(|e| e.kind == TraceKind::MessageDuplicate && e.order_id == Some("ORD-001"))
            .count()
    };
    sim.apply(send("order-ORD-001-2025-05-13T19:00:01.000000"))
        .unwrap();
    sim.apply(send("order-ORD-001-2025-05-13T19:00:02.000000"))
        .unwrap();
    assert_eq!(duplicates(&sim), 0, "the guide's resend is a new message");
    sim.apply(send("order-ORD-001")).unwrap();
    sim.apply(send("order-ORD-001")).unwrap();
    assert_eq!(duplicates(&sim), 1, "a stable id repeats");
    let about = &sim.scenario().description;
    assert!(about.contains("256 KB") && about.contains("1 MiB"));
    let batch_step = &sim.scenario().guide.as_ref().unwrap().steps[2].why;
    assert!(batch_step.contains("256 KB") && batch_step.contains("1 MiB"));
    assert_eq!(
        sim_core::limits::sqs::MAX_MESSAGE_SIZE_DEFAULT_BYTES,
        1_048_576
    );
}

/// Seed 004: "Invoke URL generate through API Gateway -
/// https://szmhnuemfe.execute-api.us-east-2.amazonaws.com/prod": lab 004 ran in
/// us-east-2, so its URLs, ARNs, events and alarm e-mails name that Region.
#[test]
fn lab004_runs_in_us_east_2_as_the_lab_did() {
    for id in [
        "lab004-streams",
        "lab004-orders",
        "lab004-pipes",
        "lab004-pipes-fanout",
    ] {
        let sim = Simulation::new(builtin(id), 1).expect("world");
        assert_eq!(sim.scenario().region, "us-east-2", "{id}");
        let api = sim_core::view::ApiView::of(&sim, "orders-api");
        let url = api.invoke_url.expect("an invoke URL");
        assert!(
            url.starts_with("https://")
                && url.ends_with(".execute-api.us-east-2.amazonaws.com/prod"),
            "{id}: {url}"
        );
        for q in sim.queues() {
            assert!(
                q.arn().starts_with("arn:aws:sqs:us-east-2:123456789012:"),
                "{id}"
            );
            assert!(
                q.url()
                    .starts_with("https://sqs.us-east-2.amazonaws.com/123456789012/"),
                "{id}"
            );
        }
    }
    // The other labs ran in us-east-1 (seed 000: "us-east-1"), the default.
    assert_eq!(builtin("lab000-pedidos").region, "us-east-1");
}

/// A dead-letter queue "must be created using the same AWS account and region as the
/// source queue" (https://docs.aws.amazon.com/sdk-for-java/v1/developer-guide/examples-sqs-dead-letter-queues.html):
/// an ARN in another Region is refused at load, naming where it is; an unknown Region too.
#[test]
fn an_arn_in_another_region_is_refused_at_load() {
    let text = r#"{"Name": "t", "Region": "us-east-2", "Queues": [
        { "QueueName": "dlq" },
        { "QueueName": "q", "RedrivePolicy": { "deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq", "maxReceiveCount": 3 } }]}"#;
    let err = sim_core::Scenario::parse("t.json", text).unwrap_err();
    assert_eq!(err, "t.json: Queues[1].RedrivePolicy.deadLetterTargetArn: \"arn:aws:sqs:us-east-1:123456789012:dlq\" is in us-east-1, but this scenario runs in us-east-2 (its Region): use an ARN in us-east-2");
    let err =
        sim_core::Scenario::parse("t.json", r#"{"Name": "t", "Region": "us-east-7"}"#).unwrap_err();
    assert!(
        err.contains("Region \"us-east-7\" is not an AWS Region code"),
        "{err}"
    );
    // IAM ARNs name no Region, and are fine anywhere.
    let ok = r#"{"Name": "t", "Region": "sa-east-1", "Functions": [{ "FunctionName": "f", "Role": "arn:aws:iam::123456789012:role/r", "Behavior": { "Type": "notify" } }]}"#;
    sim_core::Scenario::parse("t.json", ok).expect("an IAM ARN has no Region");
}

/// What a function's code sends to is drawn: the fixed variant's ProcessOrderFunction
/// publishes to new-orders (`sns.publish`), the SQS guide's consumer sends to its DLQ.
#[test]
fn the_diagram_draws_where_a_functions_code_publishes_and_sends() {
    let linked = |id: &str, from: &str, to: &str| {
        sim_core::view::Topology::of(&builtin(id))
            .links
            .iter()
            .any(|l| l.from == from && l.to == to)
    };
    assert!(linked(
        "lab004-pipes-fanout",
        "ProcessOrderFunction",
        "new-orders"
    ));
    assert!(linked(
        "sqs-fifo-pedidos",
        "processa-pedidos-fifo",
        "pedidos-ecommerce-dlq.fifo"
    ));
}

/// An order's DLQ note stands on its message in the DLQ, not on the order: another
/// message of the same order deleted elsewhere (lab 000's cancel of an order whose
/// message is in a DLQ) leaves it, and the DLQ message's expiry takes it away (the
/// review found both: the note went with any delete of the order, and stayed after
/// the retention period deleted the message).
#[test]
fn a_dlq_note_lasts_as_long_as_its_message_in_the_dlq() {
    let s = scenario(json!({
        "Name": "t",
        "Queues": [
            { "QueueName": "jobs-dlq", "MessageRetentionPeriod": 60 },
            { "QueueName": "jobs", "VisibilityTimeout": 3,
              "RedrivePolicy": { "deadLetterTargetArn": "jobs-dlq", "maxReceiveCount": 1 } }
        ],
        "Functions": [{ "FunctionName": "worker", "Timeout": 3, "Behavior": { "Type": "consume-orders" } }],
        "EventSourceMappings": [{ "FunctionName": "worker", "EventSourceArn": "jobs", "BatchSize": 1 }]
    }));
    let mut sim = Simulation::new(s, 1).unwrap();
    let fault = |enabled| sim_core::Action::SetFault {
        function_name: "worker".into(),
        fault: sim_core::action::FaultKind::Throw,
        enabled,
        fraction: None,
        seconds: None,
    };
    sim.apply(fault(true)).unwrap();
    sim.apply(send("jobs", json!({ "orderId": "X" }))).unwrap();
    sim.run_until(20_000);
    assert_eq!(sim.queue("jobs-dlq").unwrap().len(), 1);
    assert!(matches!(
        order_notes(&sim).get("X"),
        Some(OrderWhy::InDlq { .. })
    ));

    sim.apply(fault(false)).unwrap();
    sim.apply(send("jobs", json!({ "orderId": "X" }))).unwrap();
    sim.run_until(30_000);
    assert!(
        sim.trace()
            .entries()
            .any(|e| e.kind == TraceKind::MessageDeleted && e.resource == "jobs"),
        "the second message was processed"
    );
    assert!(
        matches!(order_notes(&sim).get("X"), Some(OrderWhy::InDlq { .. })),
        "still in the DLQ"
    );

    sim.run_until(120_000);
    assert_eq!(sim.queue("jobs-dlq").unwrap().len(), 0, "expired");
    assert!(order_notes(&sim).is_empty());
}
