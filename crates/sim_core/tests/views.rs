//! Read-only views (`sim_core::view`): what the UI and reports read, built from the
//! world's public getters.

mod common;

use serde_json::{json, Value};
use sim_core::scenario::console::StatusColour;
use sim_core::trace::TraceKind;
use sim_core::view::{
    order_already_in_table, Clock, EntryTarget, EntryView, FunctionView, MessageStatus, NodeStats,
    OrdersQuery, OrdersView, QueueView, ResourceKind, RuleView, SendEventsView, Topology,
    TraceCategory, TraceView,
};
use sim_core::{Action, Simulation};

fn world(id: &str) -> Simulation {
    Simulation::new(common::builtin(id), 1).unwrap_or_else(|e| panic!("{e}"))
}

fn send(sim: &mut Simulation, queue: &str) {
    let action = Action::SendMessage {
        queue_name: queue.into(),
        message_body: json!({ "pedidoId": "v1" }),
        delay_seconds: None,
        message_group_id: None,
        message_deduplication_id: None,
        message_attributes: Default::default(),
    };
    sim.apply(action).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn topology_lists_every_resource_once_and_links_only_declared_ones() {
    for (id, _) in sim_core::scenario::BUILTIN {
        let t = Topology::of(&common::builtin(id));
        for (i, r) in t.resources.iter().enumerate() {
            assert!(
                !t.resources[i + 1..].iter().any(|o| o.name == r.name),
                "{id}: {}",
                r.name
            );
        }
        for l in &t.links {
            assert!(
                t.kind(&l.from).is_some() && t.kind(&l.to).is_some(),
                "{id}: {l:?}"
            );
            if l.redrive {
                assert_eq!(t.kind(&l.to), Some(ResourceKind::Dlq), "{id}: {l:?}");
            }
        }
        assert!(!t.links.is_empty(), "{id}");
    }
    let t = Topology::of(&common::builtin("lab000-pedidos"));
    assert_eq!(t.kind("pedidos-pendentes-dlq"), Some(ResourceKind::Dlq));
    assert!(t
        .links
        .iter()
        .any(|l| l.from == "pedidos-event-bus" && l.to == "cancela-pedido-rule"));
    assert!(t.links.iter().any(|l| l.from == "pedidos-pendentes-queue"
        && l.to == "pedidos-pendentes-dlq"
        && l.redrive));
}

/// Every way a function sends on its failures draws an arrow: its asynchronous
/// destinations, its DeadLetterConfig and its stream trigger's OnFailure destination.
#[test]
fn topology_draws_a_functions_dead_letter_target_and_its_stream_on_failure() {
    let s = common::scenario(json!({
        "Name": "t",
        "Queues": [{ "QueueName": "dead" }],
        "Topics": [{ "TopicName": "stream-failures" }],
        "Tables": [{ "TableName": "Orders", "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }],
            "StreamSpecification": { "StreamEnabled": true, "StreamViewType": "NEW_IMAGE" } }],
        "Functions": [{ "FunctionName": "f", "Behavior": { "Type": "log-and-succeed" },
            "DeadLetterConfig": { "TargetArn": "arn:aws:sqs:us-east-1:123456789012:dead" } }],
        "EventSourceMappings": [{ "FunctionName": "f", "EventSourceArn": "Orders", "StartingPosition": "LATEST",
            "DestinationConfig": { "OnFailure": { "Destination": "arn:aws:sns:us-east-1:123456789012:stream-failures" } } }]
    }));
    let t = Topology::of(&s);
    let has = |from: &str, to: &str| t.links.iter().any(|l| l.from == from && l.to == to);
    assert!(has("Orders", "f"), "{:?}", t.links);
    assert!(has("f", "dead"), "{:?}", t.links);
    assert!(has("f", "stream-failures"), "{:?}", t.links);
}

/// The order form warns before an order id already in the orders table is sent again.
#[test]
fn an_order_id_already_in_the_orders_table_is_found_from_the_typed_body() {
    let mut sim = world("lab000-pedidos");
    let body =
        json!({ "pedidoId": "apiP001", "clienteId": "c", "itens": [{ "item": "X", "qtd": 1 }] });
    assert_eq!(order_already_in_table(&sim, &body), None);
    let entry = EntryView::of(&sim).unwrap_or_else(|| panic!("lab 000 takes orders"));
    sim.apply(entry.request(body.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    sim.run_until(10_000);
    assert_eq!(
        order_already_in_table(&sim, &body),
        Some(("apiP001".to_string(), "pedidos-db".to_string()))
    );
    assert_eq!(
        order_already_in_table(&sim, &json!({ "pedidoId": "apiP002" })),
        None
    );
}

#[test]
fn a_queue_view_counts_and_peeks_without_receiving() {
    let mut sim = world("lab000-pedidos");
    send(&mut sim, "pedidos-pendentes-dlq");
    let v = QueueView::of(&sim, "pedidos-pendentes-dlq").unwrap_or_else(|| panic!("queue"));
    assert!(v.is_dlq);
    assert_eq!((v.available, v.in_flight, v.delayed), (1, 0, 0));
    assert_eq!(v.messages[0].status, MessageStatus::Available);
    assert_eq!(v.messages[0].receive_count, 0);
    // The order its body names, shown beside the message id.
    assert_eq!(v.messages[0].order_id.as_deref(), Some("v1"));
    assert_eq!(
        v.messages[0].json["MessageId"],
        json!(v.messages[0].message_id)
    );
    assert_eq!(v.attributes["ApproximateNumberOfMessages"], json!("1"));
    let again = QueueView::of(&sim, "pedidos-pendentes-dlq");
    assert_eq!(again.as_ref(), Some(&v), "reading changes nothing");
    assert!(QueueView::of(&sim, "no-such-queue").is_none());
    match NodeStats::of(&sim, "pedidos-pendentes-dlq", ResourceKind::Dlq) {
        NodeStats::Queue {
            available,
            has_messages,
            ..
        } => assert!(available == 1 && has_messages),
        other => panic!("{other:?}"),
    }
    // The diagram marks a message's last receive before the DLQ from its queue's
    // redrive policy (lab 000: maxReceiveCount 3); a DLQ has none of its own.
    let max = |name| match NodeStats::of(&sim, name, ResourceKind::Queue) {
        NodeStats::Queue {
            max_receive_count, ..
        } => max_receive_count,
        other => panic!("{other:?}"),
    };
    assert_eq!(max("pedidos-pendentes-queue"), Some(3));
    assert_eq!(max("pedidos-pendentes-dlq"), None);
}

/// A FIFO queue's message behind an in-flight one of its group is available to SQS
/// but waits: "messages that belong to the same message group ID are processed one at
/// a time" (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html).
#[test]
fn a_fifo_queue_counts_the_messages_waiting_behind_their_group() {
    let s = common::scenario(json!({ "Name": "t", "Queues": [
        { "QueueName": "q.fifo", "FifoQueue": true, "ContentBasedDeduplication": true }
    ] }));
    let mut sim = Simulation::new(s, 1).unwrap();
    for (n, group) in [(1, "a"), (2, "a")] {
        let mut send = common::send("q.fifo", json!({ "n": n }));
        if let Action::SendMessage {
            message_group_id, ..
        } = &mut send
        {
            *message_group_id = Some(group.into());
        }
        sim.apply(send).unwrap();
    }
    let waiting = |sim: &Simulation| match NodeStats::of(sim, "q.fifo", ResourceKind::Queue) {
        NodeStats::Queue {
            available,
            group_waiting,
            ..
        } => (available, group_waiting),
        other => panic!("{other:?}"),
    };
    assert_eq!(waiting(&sim), (2, 0));
    sim.apply(Action::ReceiveMessage {
        queue_name: "q.fifo".into(),
        max_number_of_messages: 1,
        visibility_timeout: None,
        wait_time_seconds: Some(5),
    })
    .unwrap();
    sim.run_until(1_000);
    // Group a's first is in flight: its second waits.
    assert_eq!(waiting(&sim), (1, 1));
}

#[test]
fn function_rule_and_clock_views_read_their_resource() {
    let mut sim = world("lab000-pedidos");
    let f = FunctionView::of(&sim, "processa-pedidos-lambda").unwrap_or_else(|| panic!("fn"));
    assert_eq!(
        (f.timeout_s, f.log_group.as_str()),
        (60, "/aws/lambda/processa-pedidos-lambda")
    );
    assert!(!f.faults.any());
    let r = RuleView::of(&sim, "cancela-pedido-rule").unwrap_or_else(|| panic!("rule"));
    assert!(r.enabled);
    assert_eq!(r.event_bus_name, "pedidos-event-bus");
    assert_eq!(r.targets.len(), 1);
    assert!(r.targets[0].arn.ends_with(":cancela-pedido-queue"));
    let c = Clock::of(&sim);
    assert_eq!((c.now_ms, c.events_run), (0, 0));
    sim.run_until(1);
}

/// An order processed and deleted leaves its visibility timeout (70 s) and retention
/// (4 days) scheduled; they do nothing, so the clock's next event skips them and
/// stepping to it does not jump days ahead for nothing.
#[test]
fn the_next_event_skips_what_a_deleted_message_left_behind() {
    let mut sim = world("lab000-pedidos");
    let entry = EntryView::of(&sim).unwrap_or_else(|| panic!("entry"));
    sim.apply(entry.request(entry.first_body()))
        .unwrap_or_else(|e| panic!("{e}"));
    sim.run_until(60_000);
    let any = sim.next_event_time();
    assert!(any.is_some(), "the order's timeouts are still scheduled");
    assert_eq!(
        Clock::of(&sim).next_event_ms,
        None,
        "{any:?} can do nothing"
    );
    // Running past those events changes nothing: no trace entry.
    let before = sim.trace().total();
    sim.run_until(5 * 24 * 3600 * 1000);
    assert_eq!(sim.trace().total(), before);
}

#[test]
fn orders_view_pages_and_finds_the_status_attribute() {
    let sim = world("lab000-pedidos");
    let q = OrdersQuery {
        page: 7,
        selected: Some("s3P003".into()),
        ..Default::default()
    };
    let v = OrdersView::of(&sim, &q).unwrap_or_else(|| panic!("table"));
    assert_eq!(
        (v.table.as_str(), v.key.as_str()),
        ("pedidos-db", "pedidoId")
    );
    assert_eq!(v.status_attribute.as_deref(), Some("statusPedido"));
    assert_eq!((v.page, v.pages, v.total), (0, 1, 1), "the page is clamped");
    assert_eq!((v.first_item(), v.last_item()), (1, 1));
    assert_eq!(v.rows[0].id, "s3P003");
    assert_eq!(v.rows[0].status, "PEDIDO_PROCESSADO");
    assert_eq!(
        v.rows[0].colour,
        StatusColour::Green,
        "from the scenario's Console"
    );
    assert_eq!(v.rows[0].cells.len(), v.columns.len());
    assert!(!v.columns.contains(&"pedidoId".to_string()));
    let none = OrdersQuery {
        table: Some("nope".into()),
        ..Default::default()
    };
    assert!(OrdersView::of(&sim, &none).is_none());
}

#[test]
fn trace_view_keeps_the_newest_matching_entries() {
    let mut sim = world("lab000-pedidos");
    for _ in 0..3 {
        send(&mut sim, "pedidos-entrada-dlq");
    }
    let all = TraceView::of(&sim, |_| true, 2);
    assert_eq!(all.rows.len(), 2);
    assert!(all.rows[0].seq > all.rows[1].seq, "newest first");
    assert_eq!(all.hash, sim.trace().hash());
    let data = TraceView::of(&sim, |e| TraceCategory::Data.includes(e.kind), 10);
    assert!(data.rows.is_empty());
    assert!(TraceCategory::Failures.includes(TraceKind::MessageMovedToDlq));
    assert!(!TraceCategory::Failures.includes(TraceKind::ItemWritten));
}

#[test]
fn every_console_names_resources_its_scenario_has() {
    for (id, _) in sim_core::scenario::BUILTIN {
        let s = common::builtin(id);
        let c = &s.console;
        if let Some(t) = &c.orders.table_name {
            assert!(
                s.tables.iter().any(|x| &x.table_name == t),
                "{id}: table {t}"
            );
        }
        for p in &c.send_events.presets {
            let expected = s.rules.iter().any(|r| {
                r.event_bus_name == p.event_bus_name
                    && r.event_pattern["source"][0] == json!(p.source)
                    && r.event_pattern["detail-type"][0] == json!(p.detail_type)
            });
            assert!(expected, "{id}: no rule expects preset {}", p.detail_type);
        }
        let sim = world(id);
        assert!(
            EntryView::of(&sim).is_some(),
            "{id}: no way to enter orders"
        );
        assert_eq!(
            SendEventsView::of(&sim, None).is_some(),
            !s.rules.is_empty(),
            "{id}"
        );
    }
}

#[test]
fn the_order_entry_generates_the_labs_orders() {
    let sim = world("lab000-pedidos");
    let e = EntryView::of(&sim).unwrap_or_else(|| panic!("entry"));
    assert!(e.form().is_none());
    assert_eq!(e.first_body()["pedidoId"], json!("apiP001"));
    assert_eq!(
        serde_json::to_string(&e.entry.nth_order(101)).unwrap_or_default(),
        r#"{"pedidoId":"apiP101","clienteId":"clienteAPI-101","itens":[{"item":"Produto X API","qtd":1}]}"#
    );
    let lab004 = EntryView::of(&world("lab004-orders")).unwrap_or_else(|| panic!("entry"));
    assert_eq!(
        lab004.form().map(|f| f.customer.default.as_str()),
        Some("Alice")
    );
    assert_eq!(
        serde_json::to_string(&lab004.entry.nth_order(100)).unwrap_or_default(),
        r#"{"orderId":"web-0100","customerName":"Customer 100","product":"Wireless Headphones","amount":100,"notes":""}"#
    );
    let fifo = EntryView::of(&world("sqs-fifo-pedidos")).unwrap_or_else(|| panic!("entry"));
    assert_eq!(
        fifo.target,
        EntryTarget::Queue {
            queue: "pedidos-ecommerce.fifo".into(),
            fifo: true,
            content_based_deduplication: true,
        }
    );
    // Seed 002's own sample order, and its batch orders for "submit N".
    assert_eq!(fifo.first_body()["order_id"], "ORD-001");
    assert_eq!(fifo.first_body()["total"], 109.97);
    assert_eq!(fifo.entry.nth_order(3)["order_id"], "ORD-BATCH-003");
    assert_eq!(fifo.entry.nth_order(3)["customer_id"], "CUST-103");
    let steps = fifo.burst(100, 2, 5_000);
    assert_eq!(
        steps.iter().map(|s| s.at_ms).collect::<Vec<_>>(),
        vec![5_000, 5_020]
    );
    match &steps[1].action {
        Action::SendMessage {
            message_group_id, ..
        } => {
            assert_eq!(message_group_id.as_deref(), Some("order-CUST-1101"))
        }
        other => panic!("{other:?}"),
    }
    // The form's FIFO fields: empty, the group comes from the body and the queue
    // deduplicates by content; typed, they are sent as they are.
    let body = fifo.first_body();
    assert_eq!(
        fifo.default_group_id(&body).as_deref(),
        Some("order-CUST-123")
    );
    let ids = |a: &Action| match a {
        Action::SendMessage {
            message_group_id,
            message_deduplication_id,
            ..
        } => (message_group_id.clone(), message_deduplication_id.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        ids(&fifo.request_with(body.clone(), None, None)),
        (Some("order-CUST-123".into()), None)
    );
    assert_eq!(
        ids(&fifo.request_with(
            body.clone(),
            Some("vip".into()),
            Some("order-ORD-001-1".into())
        )),
        (Some("vip".into()), Some("order-ORD-001-1".into()))
    );
    // The JSON editor's text goes as typed (the console does not re-format a body);
    // the group rule still reads its fields.
    let typed = serde_json::to_string_pretty(&body).unwrap();
    let sent = fifo.request_with(Value::String(typed.clone()), None, None);
    assert_eq!(ids(&sent), (Some("order-CUST-123".into()), None));
    let Action::SendMessage { message_body, .. } = &sent else {
        panic!("{sent:?}");
    };
    assert_eq!(message_body, &Value::String(typed.clone()));
    let mut sim = Simulation::new(common::builtin("sqs-fifo-pedidos"), 1).unwrap();
    sim.apply(sent).unwrap();
    let queue = sim.queue("pedidos-ecommerce.fifo").unwrap();
    assert!(
        queue.messages().any(|(_, m)| m.body == typed),
        "the stored Body is the typed text, indentation and all"
    );
    assert_eq!(
        lab004.default_group_id(&json!({})),
        None,
        "an API takes no group"
    );
}

#[test]
fn send_events_presets_name_the_newest_order() {
    let sim = world("lab000-pedidos");
    let v = SendEventsView::of(&sim, None).unwrap_or_else(|| panic!("rules"));
    assert_eq!(v.order, "s3P003", "the table's newest item");
    let types: Vec<&str> = v.presets.iter().map(|p| p.detail_type.as_str()).collect();
    assert_eq!(types, ["CancelarPedido", "AlterarPedido"]);
    assert_eq!(
        v.detail_for("CancelarPedido", "x1"),
        Some(json!({ "pedidoId": "x1" }))
    );
    assert_eq!(v.detail_for("NovoPedido", "x1"), None);
    let chosen = SendEventsView::of(&sim, Some("apiP002".into())).map(|v| v.order);
    assert_eq!(chosen.as_deref(), Some("apiP002"));
    let r = RuleView::of(&sim, "cancela-pedido-rule").unwrap_or_else(|| panic!("rule"));
    assert_eq!(r.sample_event["detail-type"], json!("CancelarPedido"));
    assert_eq!(r.sample_event["detail"], json!({ "pedidoId": "apiP001" }));
}

/// Lab 004's worker marks a high-value order FAILED with a failureReason: the Orders
/// view has a column for every attribute the page's items have, so the reason shows
/// beside the other orders' attributes (it used to be cut after six columns).
#[test]
fn orders_view_shows_every_attribute_of_the_page() {
    let mut sim = world("lab004-orders");
    for (id, amount) in [("ok-1", 20), ("big-1", 15_000)] {
        let body = json!({"orderId": id, "customerName": "Ana", "product": "Widget", "amount": amount, "notes": ""});
        sim.apply(Action::HttpRequest {
            api: "orders-api".into(),
            method: "POST".into(),
            path: "/orders".into(),
            body: Some(serde_json::Value::String(body.to_string())),
            headers: Default::default(),
        })
        .unwrap_or_else(|e| panic!("{e}"));
    }
    sim.run_until(60_000);
    let v = OrdersView::of(&sim, &OrdersQuery::default()).unwrap_or_else(|| panic!("table"));
    let failed = v
        .rows
        .iter()
        .find(|r| r.id == "big-1")
        .unwrap_or_else(|| panic!("big-1"));
    assert_eq!(failed.status, "FAILED");
    for attribute in [
        "failureReason",
        "failedAt",
        "completedAt",
        "product",
        "notes",
    ] {
        assert!(
            v.columns.iter().any(|c| c == attribute),
            "{attribute} in {:?}",
            v.columns
        );
    }
    assert_eq!(v.hidden_columns, 0);
    let reason = v
        .columns
        .iter()
        .position(|c| c == "failureReason")
        .unwrap_or_default();
    assert!(failed.cells[reason].contains("exceeds the automatic approval limit"));
    // On a 1280 px screen the table scrolls after about seven columns: the scenario's
    // ColumnsFirst puts the reason beside the amount (seen in the lab 004 walk: it was
    // out of view), the rest by name, whichever order comes first.
    assert_eq!(
        v.columns,
        [
            "amount",
            "failureReason",
            "notes",
            "customerName",
            "product",
            "completedAt",
            "createdAt",
            "failedAt"
        ]
    );
}

/// The batch form's entries are the ones boto3's `send_message_batch` takes in seed
/// 002's producer: each MessageBody a `json.dumps` string, each with its message group
/// (the queue deduplicates by content), and the core takes them as one SendMessageBatch.
#[test]
fn the_batch_form_starts_with_the_guides_five_orders_as_boto3_entries() {
    let mut sim = world("sqs-fifo-pedidos");
    let fifo = EntryView::of(&sim).unwrap_or_else(|| panic!("entry"));
    let entries = fifo
        .batch_entries(0, sim_core::view::BATCH_FORM_ENTRIES)
        .unwrap_or_else(|| panic!("a queue entry has a batch"));
    assert_eq!(entries.as_array().map(Vec::len), Some(5));
    assert_eq!(
        entries[0],
        json!({
            "Id": "0",
            "MessageBody": r#"{"order_id": "ORD-BATCH-000", "customer_id": "CUST-100", "items": [{"product_id": "PROD-X", "quantity": 1, "price": 9.99}], "total": 9.99, "type": "standard"}"#,
            "MessageGroupId": "order-CUST-100",
        })
    );
    let batch: Action = serde_json::from_value(json!({
        "Action": "SendMessageBatch",
        "QueueName": "pedidos-ecommerce.fifo",
        "Entries": entries,
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    sim.apply(batch).unwrap_or_else(|e| panic!("{e}"));
    let sent: Vec<String> = sim
        .trace()
        .since(0)
        .filter(|e| e.kind == TraceKind::MessageSent)
        .filter_map(|e| e.order_id.map(str::to_string))
        .collect();
    assert_eq!(
        sent,
        ["000", "001", "002", "003", "004"].map(|n| format!("ORD-BATCH-{n}"))
    );
    // An API has no batch: its orders are requests.
    let api = EntryView::of(&world("lab000-pedidos")).unwrap_or_else(|| panic!("entry"));
    assert_eq!(api.batch_entries(0, 5), None);
}

/// The pipe's view keeps its input template and what the latest delivery sent the
/// target, readable after HighValueWorker consumed the message.
#[test]
fn the_pipe_view_shows_the_transformers_latest_output() {
    let mut sim = world("lab004-pipes");
    let entry = EntryView::of(&sim).unwrap_or_else(|| panic!("entry"));
    let pipe = || sim_core::view::PipeView::of(&sim, "HighValueOrderPipe").unwrap();
    assert!(pipe()
        .input_template
        .is_some_and(|t| t.contains("<$.body.orderId>")));
    assert_eq!(pipe().last_input, None);
    let mut order = entry.entry.nth_order(1);
    order["amount"] = json!(15000);
    for _ in 0..3 {
        sim.apply(entry.request(order.clone()))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    sim.run_until(60_000);
    let pipe = sim_core::view::PipeView::of(&sim, "HighValueOrderPipe").unwrap();
    assert!(
        pipe.delivered >= 1,
        "one of three high-value orders reached the pipe"
    );
    let last: Value =
        serde_json::from_str(&pipe.last_input.unwrap_or_default()).unwrap_or_default();
    assert_eq!(last["routedBy"], "HighValueOrderPipe", "{last}");
    assert!(
        sim.queue("high-value-orders-queue")
            .is_some_and(|q| q.is_empty()),
        "consumed"
    );
}

#[test]
fn a_queue_node_chips_its_in_flight_messages_and_those_visible_again_after_a_receive() {
    let mut sim = world("lab000-pedidos");
    let chips = |sim: &Simulation, name| match NodeStats::of(sim, name, ResourceKind::Queue) {
        NodeStats::Queue { chips, .. } => chips,
        other => panic!("{other:?}"),
    };
    let next_visible =
        |sim: &Simulation| match NodeStats::of(sim, "pedidos-pendentes-queue", ResourceKind::Queue)
        {
            NodeStats::Queue {
                next_visible_in_ms, ..
            } => next_visible_in_ms,
            other => panic!("{other:?}"),
        };
    let receive = |sim: &mut Simulation, queue: &str, visibility_timeout| {
        let action = Action::ReceiveMessage {
            queue_name: queue.into(),
            max_number_of_messages: 1,
            visibility_timeout: Some(visibility_timeout),
            // A long poll answers at once when a message is there; a short one
            // samples servers and may answer empty.
            wait_time_seconds: Some(1),
        };
        sim.apply(action).unwrap_or_else(|e| panic!("{e}"));
    };
    send(&mut sim, "pedidos-pendentes-queue");
    assert!(
        chips(&sim, "pedidos-pendentes-queue").is_empty(),
        "never received"
    );
    // A visibility timeout of 0 makes it visible at once: its chip stays, with its
    // receive count, as the redelivery's explanation says.
    receive(&mut sim, "pedidos-pendentes-queue", 0);
    sim.run_until(sim.now_ms());
    let visible = chips(&sim, "pedidos-pendentes-queue");
    assert_eq!(visible.len(), 1);
    assert_eq!(
        (visible[0].receive_count, visible[0].visible_in_ms),
        (1, None)
    );
    assert_eq!(next_visible(&sim), None, "nothing in flight");
    receive(&mut sim, "pedidos-pendentes-queue", 20);
    let in_flight = chips(&sim, "pedidos-pendentes-queue");
    assert_eq!(in_flight.len(), 1);
    assert_eq!(
        (in_flight[0].receive_count, in_flight[0].visible_in_ms),
        (2, Some(20_000))
    );
    assert_eq!(
        next_visible(&sim),
        Some(20_000),
        "all in flight: the first one's return"
    );
    // A DLQ has no redrive policy of its own: its messages' counts are not chipped.
    send(&mut sim, "pedidos-pendentes-dlq");
    receive(&mut sim, "pedidos-pendentes-dlq", 0);
    sim.run_until(sim.now_ms());
    assert!(chips(&sim, "pedidos-pendentes-dlq").is_empty());
    // The node lists four chips and counts them all, those visible again included:
    // the diagram's "+N" adds up (a review found visible-again messages past the
    // fourth uncounted).
    for _ in 0..6 {
        send(&mut sim, "pedidos-pendentes-queue");
    }
    sim.apply(Action::ReceiveMessage {
        queue_name: "pedidos-pendentes-queue".into(),
        max_number_of_messages: 10,
        visibility_timeout: Some(0),
        wait_time_seconds: Some(1),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    sim.run_until(sim.now_ms());
    match NodeStats::of(&sim, "pedidos-pendentes-queue", ResourceKind::Queue) {
        NodeStats::Queue {
            chips,
            chip_count,
            in_flight,
            ..
        } => {
            assert_eq!(chips.len(), 4);
            assert_eq!(in_flight, 1, "the first message, still in flight");
            assert_eq!(chip_count, 7, "one in flight and six visible again");
        }
        other => panic!("{other:?}"),
    }
}

/// A FIFO message behind its group's message in flight says so: "available" alone
/// read as a bug for 40 s (the SQS guide walk). A console poll's messages name their
/// orders, not only their MessageIds.
#[test]
fn a_fifo_message_waiting_for_its_group_says_so_and_a_poll_names_its_orders() {
    let mut sim = Simulation::new(
        common::scenario(json!({
            "Name": "fifo",
            "Queues": [{ "QueueName": "orders.fifo", "FifoQueue": true, "ContentBasedDeduplication": true }]
        })),
        1,
    )
    .unwrap();
    for (order, group) in [("a-1", "g"), ("a-2", "g"), ("b-1", "h")] {
        sim.apply(Action::SendMessage {
            queue_name: "orders.fifo".into(),
            message_body: json!({ "order_id": order }),
            delay_seconds: None,
            message_group_id: Some(group.into()),
            message_deduplication_id: None,
            message_attributes: Default::default(),
        })
        .unwrap();
    }
    sim.apply(Action::ReceiveMessage {
        queue_name: "orders.fifo".into(),
        max_number_of_messages: 1,
        visibility_timeout: None,
        // A long poll: a short one samples servers and may answer nothing.
        wait_time_seconds: Some(20),
    })
    .unwrap();
    sim.run_until(sim.now_ms() + 100);
    let v = QueueView::of(&sim, "orders.fifo").unwrap();
    let held: Vec<(Option<&str>, Option<&str>)> = v
        .messages
        .iter()
        .map(|m| (m.order_id.as_deref(), m.held_by_group.as_deref()))
        .collect();
    assert_eq!(
        held,
        [
            (Some("a-1"), None),
            (Some("a-2"), Some("g")),
            (Some("b-1"), None)
        ]
    );
    // Each message's group is said beside it, held or not (the instructor walk had to
    // open each message's JSON to show the room which group it was in).
    let groups: Vec<Option<&str>> = v
        .messages
        .iter()
        .map(|m| m.message_group_id.as_deref())
        .collect();
    assert_eq!(groups, [Some("g"), Some("g"), Some("h")]);
    let poll = v.last_poll.unwrap();
    let orders: Vec<Option<&str>> = poll
        .messages
        .iter()
        .map(|m| m.order_id.as_deref())
        .collect();
    assert_eq!(orders, [Some("a-1")]);
}

/// Configuration > Triggers: each mapping of the function as GetEventSourceMapping
/// answers, every setting in effect with its default
/// (https://docs.aws.amazon.com/lambda/latest/api/API_GetEventSourceMapping.html;
/// a stream's MaximumRecordAgeInSeconds and MaximumRetryAttempts default to -1:
/// https://docs.aws.amazon.com/cli/latest/reference/lambda/create-event-source-mapping.html).
#[test]
fn a_function_view_lists_its_triggers_settings() {
    let sim = world("lab004-orders");
    let worker = FunctionView::of(&sim, "OrderWorkerFunction").unwrap();
    assert_eq!(worker.triggers.len(), 1);
    let (source, config) = &worker.triggers[0];
    assert_eq!(source, "order-processing-queue");
    assert_eq!(config["BatchSize"], 10);
    assert_eq!(
        config["EventSourceArn"],
        "arn:aws:sqs:us-east-2:123456789012:order-processing-queue"
    );
    assert!(config.get("ScalingConfig").is_none(), "{config}");
    assert_eq!(
        config["State"], "Enabled",
        "not CreateEventSourceMapping's Enabled"
    );
    assert!(config.get("Enabled").is_none(), "{config}");
    assert_eq!(config["StateTransitionReason"], "USER_INITIATED");
    assert_eq!(
        config["FunctionArn"],
        "arn:aws:lambda:us-east-2:123456789012:function:OrderWorkerFunction"
    );
    // Lab 004's worker reports no partial batch failures: an empty list, as AWS says it.
    assert_eq!(config["FunctionResponseTypes"], serde_json::json!([]));
    assert!(
        config["UUID"].as_str().is_some_and(|u| u.len() == 36),
        "{config}"
    );
    assert!(
        config.get("MaximumRecordAgeInSeconds").is_none(),
        "a stream's setting"
    );
    let process = FunctionView::of(&sim, "ProcessOrderFunction").unwrap();
    assert_eq!(process.triggers[0].0, "Orders stream");
    assert_eq!(process.triggers[0].1["StartingPosition"], "LATEST");
    assert_eq!(
        process.triggers[0].1["MaximumRetryAttempts"], -1,
        "the default, said"
    );
    let stream = &process.triggers[0].1;
    assert_eq!(stream["MaximumRecordAgeInSeconds"], -1);
    assert_eq!(stream["ParallelizationFactor"], 1);
    assert_eq!(stream["BisectBatchOnFunctionError"], false);
    assert_eq!(
        stream["DestinationConfig"],
        serde_json::json!({"OnFailure": {}})
    );
    assert_eq!(stream["StateTransitionReason"], "User action");
    assert!(process.triggers[0].1["EventSourceArn"]
        .as_str()
        .is_some_and(
            |a| a.starts_with("arn:aws:dynamodb:us-east-2:123456789012:table/Orders/stream/")
        ));
    assert!(FunctionView::of(&sim, "CreateOrderFunction")
        .unwrap()
        .triggers
        .is_empty());
}

/// A function a stream invokes charts IteratorAge (Maximum) beside Invocations and
/// Errors, and it climbs with each retry of a failing batch: the delay lab 004's
/// stream stage teaches. A function nothing streams to has no such chart.
/// <https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html>
#[test]
fn a_stream_fed_function_charts_its_iterator_age_climbing_while_a_batch_fails() {
    let mut sim = world("lab004-streams");
    sim.apply(Action::SetFault {
        function_name: "ProcessOrderFunction".into(),
        fault: sim_core::action::FaultKind::Throw,
        enabled: true,
        fraction: None,
        seconds: None,
    })
    .unwrap();
    sim.apply(Action::HttpRequest {
        api: "orders-api".into(),
        method: "POST".into(),
        path: "/orders".into(),
        body: Some(json!({"orderId": "o-1", "customerName": "A", "product": "P", "amount": 10})),
        headers: Default::default(),
    })
    .unwrap();
    sim.run_until(5 * 60_000);
    let charts = |name: &str| FunctionView::of(&sim, name).unwrap().charts;
    let names = |name: &str| -> Vec<String> {
        charts(name).iter().map(|c| c.metric_name.clone()).collect()
    };
    assert_eq!(names("CreateOrderFunction"), ["Invocations", "Errors"]);
    assert_eq!(
        names("ProcessOrderFunction"),
        ["Invocations", "Errors", "IteratorAge"]
    );
    let age = charts("ProcessOrderFunction").pop().unwrap();
    assert_eq!(
        age.statistic,
        sim_core::services::cloudwatch::Statistic::Maximum
    );
    let minutes: Vec<f64> = age.values.iter().flatten().copied().collect();
    assert!(minutes.len() >= 3, "{minutes:?}");
    assert!(
        minutes.windows(2).all(|w| w[1] > w[0]),
        "climbs: {minutes:?}"
    );
}

/// The trace's filters offer only what a lab has: the FIFO walk met "EventBridge, SNS,
/// Pipes" and "DynamoDB" in a lab of two queues and a function.
#[test]
fn the_trace_offers_the_categories_a_lab_has_entries_for() {
    use sim_core::view::{TraceCategory as C, TraceView};
    let categories = |id: &str| {
        let sim = Simulation::new(common::builtin(id), 1).unwrap();
        TraceView::of(&sim, |_| true, 1).categories
    };
    assert_eq!(
        categories("sqs-fifo-pedidos"),
        [C::All, C::Messages, C::Invocations, C::Failures]
    );
    assert_eq!(
        categories("lab004-pipes-fanout"),
        [
            C::All,
            C::Messages,
            C::Invocations,
            C::Failures,
            C::Events,
            C::Data
        ]
    );
}
