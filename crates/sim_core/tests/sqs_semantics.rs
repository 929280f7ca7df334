//! SQS as AWS documents it, case by case, through the whole world (queue, mapping,
//! function). Each test names the documented outcome it checks.

mod common;

use common::*;
use serde_json::json;
use sim_core::action::Action;
use sim_core::trace::TraceKind;
use sim_core::Simulation;

fn received_at(sim: &Simulation, order: &str) -> Vec<u64> {
    sim.trace()
        .entries()
        .filter(|e| e.kind == TraceKind::MessageReceived && e.order_id == Some(order))
        .map(|e| e.at_ms)
        .collect()
}

fn throwing_worker(visibility_s: u64, max_receive: u32) -> Simulation {
    let mut sim = Simulation::new(
        queue_and_worker(visibility_s, max_receive, json!({}), json!({})),
        3,
    )
    .unwrap();
    sim.apply(Action::SetFault {
        function_name: "worker".into(),
        fault: sim_core::action::FaultKind::Throw,
        enabled: true,
        fraction: None,
        seconds: None,
    })
    .unwrap();
    sim
}

#[test]
fn unprocessed_message_returns_after_the_visibility_timeout_with_a_higher_receive_count() {
    let mut sim = throwing_worker(30, 5);
    sim.apply(send("jobs", json!({"order_id": "o1"}))).unwrap();
    run_checked(&mut sim, 100_000);
    let at = received_at(&sim, "o1");
    assert!(at.len() >= 3);
    for w in at.windows(2) {
        // Visible again exactly 30 s after the receive, then picked up by the poller.
        assert_eq!(
            w[1] - w[0],
            30_000 + sim_core::lambda::mapping::POLL_LATENCY_MS,
            "{at:?}"
        );
    }
    let q = sim.queue("jobs").unwrap();
    assert_eq!(
        q.messages().next().unwrap().1.receive_count as usize,
        at.len()
    );
}

#[test]
fn dlq_move_is_lazy_and_keeps_identity_and_sent_timestamp() {
    let mut sim = throwing_worker(10, 2);
    sim.apply(send("jobs", json!({"order_id": "o1"}))).unwrap();
    let original = sim
        .queue("jobs")
        .unwrap()
        .messages()
        .next()
        .map(|(_, m)| (m.message_id.clone(), m.sent_ms))
        .unwrap();
    run_checked(&mut sim, 60_000);
    assert_eq!(
        received_at(&sim, "o1").len(),
        2,
        "received maxReceiveCount times"
    );
    let dlq = sim.queue("jobs-dlq").unwrap();
    let (_, m) = dlq.messages().next().expect("in the DLQ");
    assert_eq!((m.message_id.clone(), m.sent_ms), original);
    assert_eq!(
        dlq.metrics.number_of_messages_sent, 0,
        "a DLQ move is not a send"
    );
    let moved = sim
        .trace()
        .entries()
        .find(|e| e.kind == TraceKind::MessageMovedToDlq)
        .unwrap();
    // Moved on the receive attempt after the second visibility timeout, not before.
    assert!(moved.at_ms >= 2 * 10_000, "{}", moved.at_ms);
    assert_eq!(
        moved.text,
        "receive count 2 reached maxReceiveCount 2, so the next receive moved it to jobs-dlq"
    );
}

#[test]
fn console_poll_is_a_receive_and_peek_changes_nothing() {
    let mut sim = idle_jobs(1);
    sim.apply(send("jobs", json!({"order_id": "o1"}))).unwrap();
    let before = sim.trace().hash();
    let peeked = sim.peek("jobs").unwrap();
    assert_eq!(peeked[0]["State"], "available");
    assert_eq!(sim.trace().hash(), before, "peek writes nothing");
    sim.apply(receive("jobs", 10, 20)).unwrap();
    let poll = sim.console_polls().last().unwrap();
    assert_eq!(poll.messages.len(), 1);
    assert_eq!(
        poll.messages[0]["Attributes"]["ApproximateReceiveCount"],
        "1"
    );
    assert_eq!(sim.queue("jobs").unwrap().counts(), (0, 1, 0));
    // maxReceiveCount 1: the next receive attempt after the timeout moves it to the DLQ.
    sim.run_until(31_000);
    sim.apply(receive("jobs", 1, 20)).unwrap();
    assert_eq!(sim.console_polls().last().unwrap().messages.len(), 0);
    assert_eq!(
        sim.queue("jobs-dlq").unwrap().len(),
        1,
        "peeking in the console can push a message to the DLQ"
    );
}

/// The receipt handle of the first message the last console poll returned.
fn last_receipt(sim: &Simulation) -> String {
    sim.console_polls().last().unwrap().messages[0]["ReceiptHandle"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Sends one message to `orders.fifo` (group `g`) and receives it: its receipt handle.
fn fifo_send_and_receive_one(sim: &mut Simulation) -> String {
    sim.apply(send_with(
        "orders.fifo",
        json!({"n": 1}),
        Some("g"),
        None,
        None,
    ))
    .unwrap();
    sim.apply(receive("orders.fifo", 1, 1)).unwrap();
    last_receipt(sim)
}

/// Sends one message to `jobs` and receives it from the console: its receipt handle.
fn send_and_receive_one(sim: &mut Simulation) -> String {
    sim.apply(send("jobs", json!({"n": 1}))).unwrap();
    sim.apply(receive("jobs", 1, 1)).unwrap();
    last_receipt(sim)
}

#[test]
fn change_message_visibility_and_delete_by_receipt_handle() {
    let mut sim = idle_jobs(5);
    let receipt = send_and_receive_one(&mut sim);
    sim.run_until(10_000);
    sim.apply(Action::ChangeMessageVisibility {
        queue_name: "jobs".into(),
        receipt_handle: receipt.clone(),
        visibility_timeout: 60,
    })
    .unwrap();
    sim.run_until(69_999);
    assert_eq!(
        sim.queue("jobs").unwrap().counts(),
        (0, 1, 0),
        "the old 30 s timer no longer applies"
    );
    sim.run_until(70_000);
    assert_eq!(sim.queue("jobs").unwrap().counts(), (1, 0, 0));
    // Received again: only the newest receipt handle names the message now.
    sim.apply(Action::ReceiveMessage {
        queue_name: "jobs".into(),
        max_number_of_messages: 1,
        visibility_timeout: Some(5),
        wait_time_seconds: Some(1),
    })
    .unwrap();
    let receipt = last_receipt(&sim);
    let err = sim
        .apply(Action::DeleteMessage {
            queue_name: "jobs".into(),
            receipt_handle: "AQEB-not-a-receipt-of-this-queue".into(),
        })
        .unwrap_err();
    assert_eq!(err.code, "ReceiptHandleIsInvalid");
    sim.apply(Action::DeleteMessage {
        queue_name: "jobs".into(),
        receipt_handle: receipt,
    })
    .unwrap();
    assert!(sim.queue("jobs").unwrap().is_empty());
    assert_eq!(
        sim.queue("jobs")
            .unwrap()
            .metrics
            .number_of_messages_deleted,
        1
    );
}

/// "Even if the message is locked by another reader due to the visibility timeout
/// setting, it is still deleted" (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html):
/// the console's Delete after the visibility timeout ran out still deletes a message
/// nobody has received since, on a standard queue.
#[test]
fn delete_with_the_latest_receipt_handle_works_after_the_visibility_timeout() {
    let mut sim = idle_jobs(5);
    let receipt = send_and_receive_one(&mut sim);
    sim.run_until(40_000);
    assert_eq!(
        sim.queue("jobs").unwrap().counts(),
        (1, 0, 0),
        "visible again"
    );
    sim.apply(Action::DeleteMessage {
        queue_name: "jobs".into(),
        receipt_handle: receipt,
    })
    .unwrap();
    assert!(sim.queue("jobs").unwrap().is_empty());
}

fn delete(queue: &str, receipt_handle: &str) -> Action {
    Action::DeleteMessage {
        queue_name: queue.into(),
        receipt_handle: receipt_handle.into(),
    }
}

/// The text of every MessageNotDeleted entry, oldest first.
fn not_deleted(sim: &Simulation) -> Vec<String> {
    sim.trace()
        .entries()
        .filter(|e| e.kind == TraceKind::MessageNotDeleted)
        .map(|e| e.text.to_string())
        .collect()
}

/// "If you use an old ReceiptHandle, the request will succeed, but the message might not
/// be deleted" (Amazon SQS API Reference, DeleteMessage:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html).
/// EventLab takes the case a learner is warned about: the call succeeds and the message
/// is not deleted. (a) While a newer receive holds it, it stays in flight and comes back
/// after that receive's visibility timeout; (b) once visible again, it stays in the queue.
/// The latest receive's handle still deletes.
#[test]
fn delete_with_an_earlier_receipt_handle_succeeds_but_deletes_nothing_on_a_standard_queue() {
    let mut sim = idle_jobs(5);
    let first = send_and_receive_one(&mut sim);
    sim.run_until(31_000);
    sim.apply(receive("jobs", 1, 1)).unwrap();
    let latest = last_receipt(&sim);
    assert_ne!(first, latest, "each receive has its own receipt handle");
    // (a) In flight under the newer receive.
    sim.apply(delete("jobs", &first)).unwrap();
    assert_eq!(
        sim.queue("jobs").unwrap().counts(),
        (0, 1, 0),
        "not deleted"
    );
    let said = not_deleted(&sim);
    assert_eq!(said.len(), 1);
    assert!(
        said[0].contains("earlier receive") && said[0].contains("comes back"),
        "{}",
        said[0]
    );
    sim.run_until(61_000);
    assert_eq!(
        sim.queue("jobs").unwrap().counts(),
        (1, 0, 0),
        "it comes back after the newer receive's visibility timeout"
    );
    // (b) Visible again: the earlier handle still deletes nothing.
    sim.apply(delete("jobs", &first)).unwrap();
    assert_eq!(sim.queue("jobs").unwrap().counts(), (1, 0, 0));
    assert!(not_deleted(&sim)[1].contains("still in the queue"));
    assert_eq!(
        sim.queue("jobs")
            .unwrap()
            .metrics
            .number_of_messages_deleted,
        0
    );
    // The latest receive's handle deletes, even after its visibility timeout.
    sim.apply(delete("jobs", &latest)).unwrap();
    assert!(sim.queue("jobs").unwrap().is_empty());
    assert_eq!(
        sim.queue("jobs")
            .unwrap()
            .metrics
            .number_of_messages_deleted,
        1
    );
    // Once the message is gone, its handles name nothing.
    let err = sim.apply(delete("jobs", &first)).unwrap_err();
    assert_eq!(err.code, "ReceiptHandleIsInvalid");
}

/// "For FIFO queues, a receipt handle expires after a visibility timeout period. [...] If
/// you try to delete the message outside of the visibility timeout period, then you see
/// an error similar to the following: (InvalidParameterValue) [...] Reason: The receipt
/// handle has expired." (AWS re:Post Knowledge Center:
/// https://repost.aws/knowledge-center/sqs-receipt-handle-error; the DeleteMessage API
/// reference's "old ReceiptHandle" note,
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html,
/// is the standard queue's case). The refusal changes nothing.
#[test]
fn fifo_delete_after_the_visibility_timeout_is_refused_as_expired() {
    let mut sim = fifo_world(1);
    let first = fifo_send_and_receive_one(&mut sim);
    sim.run_until(31_000);
    let before = sim.trace().hash();
    let err = sim.apply(delete("orders.fifo", &first)).unwrap_err();
    assert_eq!(err.code, "InvalidParameterValue");
    assert_eq!(
        err.message,
        format!("Value {first} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.")
    );
    assert_eq!(sim.queue("orders.fifo").unwrap().counts(), (1, 0, 0));
    assert_eq!(sim.trace().hash(), before, "the refusal writes nothing");
    // Received again: the first handle stays expired, the new one deletes.
    sim.apply(receive("orders.fifo", 1, 1)).unwrap();
    let latest = last_receipt(&sim);
    let err = sim.apply(delete("orders.fifo", &first)).unwrap_err();
    assert_eq!(err.code, "InvalidParameterValue");
    assert_eq!(sim.queue("orders.fifo").unwrap().counts(), (0, 1, 0));
    sim.apply(delete("orders.fifo", &latest)).unwrap();
    assert!(sim.queue("orders.fifo").unwrap().is_empty());
    assert!(
        not_deleted(&sim).is_empty(),
        "FIFO never succeeds without deleting"
    );
}

/// "If the receipt handle is incorrect, then you see an error similar to the following:
/// (ReceiptHandleIsInvalid) [...] The input receipt handle 'YOUR RECEIPT HANDLE' is not a
/// valid receipt handle." on both queue types (AWS re:Post Knowledge Center:
/// https://repost.aws/knowledge-center/sqs-receipt-handle-error). A handle the queue
/// never issued, malformed or from another queue, changes nothing.
#[test]
fn delete_with_a_receipt_handle_never_issued_is_receipt_handle_is_invalid() {
    let mut sim = idle_jobs(5);
    let receipt = send_and_receive_one(&mut sim);
    let mut fifo = fifo_world(1);
    let fifo_receipt = fifo_send_and_receive_one(&mut fifo);
    let refused = |sim: &mut Simulation, queue: &str, bad: &str| {
        let before = sim.trace().hash();
        let err = sim.apply(delete(queue, bad)).unwrap_err();
        assert_eq!(err.code, "ReceiptHandleIsInvalid", "{queue} {bad:?}");
        assert_eq!(
            err.message,
            format!("The input receipt handle \"{bad}\" is not a valid receipt handle.")
        );
        assert_eq!(sim.trace().hash(), before);
        assert_eq!(sim.queue(queue).unwrap().counts(), (0, 1, 0));
    };
    refused(&mut sim, "jobs", "not a receipt handle");
    refused(&mut sim, "jobs", &fifo_receipt);
    refused(
        &mut fifo,
        "orders.fifo",
        "AQEB0000000000000000000000000000000",
    );
    refused(&mut fifo, "orders.fifo", &receipt);
}

#[test]
fn redrive_moves_back_as_new_messages_and_refuses_what_aws_refuses() {
    let mut sim = throwing_worker(5, 1);
    for i in 0..3 {
        sim.apply(send("jobs", json!({"order_id": format!("o{i}")})))
            .unwrap();
    }
    run_checked(&mut sim, 30_000);
    assert_eq!(sim.queue("jobs-dlq").unwrap().len(), 3);
    let old_ids: Vec<String> = sim
        .queue("jobs-dlq")
        .unwrap()
        .messages()
        .map(|(_, m)| m.message_id.clone())
        .collect();
    let not_dlq = sim
        .apply(Action::StartMessageMoveTask {
            source_queue: "jobs".into(),
            destination_queue: None,
            max_number_of_messages_per_second: None,
        })
        .unwrap_err();
    assert!(not_dlq.message.contains("dead-letter queue"), "{not_dlq}");
    let bad_rate = sim.apply(Action::StartMessageMoveTask {
        source_queue: "jobs-dlq".into(),
        destination_queue: None,
        max_number_of_messages_per_second: Some(501),
    });
    assert!(bad_rate.is_err());
    // Fix the function first, then redrive at 1 message per second.
    sim.apply(Action::SetFault {
        function_name: "worker".into(),
        fault: sim_core::action::FaultKind::Throw,
        enabled: false,
        fraction: None,
        seconds: None,
    })
    .unwrap();
    sim.apply(Action::StartMessageMoveTask {
        source_queue: "jobs-dlq".into(),
        destination_queue: None,
        max_number_of_messages_per_second: Some(1),
    })
    .unwrap();
    let twice = sim.apply(Action::StartMessageMoveTask {
        source_queue: "jobs-dlq".into(),
        destination_queue: None,
        max_number_of_messages_per_second: Some(1),
    });
    assert!(twice.is_err(), "one active task per queue");
    // Without a destination each message goes back to the queue it came from: the
    // line names that queue, as the console's "Redrive to source queue(s)" does.
    let started = sim
        .trace()
        .entries()
        .find(|e| e.kind == TraceKind::RedriveStarted)
        .unwrap();
    assert_eq!((started.resource, started.to), ("jobs-dlq", Some("jobs")));
    run_checked(&mut sim, 60_000);
    assert!(sim.queue("jobs-dlq").unwrap().is_empty());
    assert!(
        sim.queue("jobs").unwrap().is_empty(),
        "processed after the redrive"
    );
    let redriven: Vec<_> = sim
        .trace()
        .entries()
        .filter(|e| e.kind == TraceKind::RedriveMoved)
        .collect();
    assert_eq!(redriven.len(), 3);
    assert_eq!(
        redriven[1].at_ms - redriven[0].at_ms,
        1_000,
        "at most 1 per second"
    );
    for e in &redriven {
        assert!(
            !old_ids.iter().any(|id| Some(id.as_str()) == e.subject),
            "a new MessageId"
        );
        assert!(e.text.contains("receive count back to 0"));
    }
    assert_eq!(
        sim.queue("jobs-dlq")
            .unwrap()
            .move_task
            .as_ref()
            .unwrap()
            .status,
        "COMPLETED"
    );
}

#[test]
fn redrive_can_be_cancelled_and_sent_to_a_chosen_queue() {
    let mut sim = throwing_worker(5, 1);
    for i in 0..5 {
        sim.apply(send("jobs", json!({"order_id": format!("o{i}")})))
            .unwrap();
    }
    run_checked(&mut sim, 30_000);
    sim.apply(Action::StartMessageMoveTask {
        source_queue: "jobs-dlq".into(),
        destination_queue: Some("destination".into()),
        max_number_of_messages_per_second: Some(1),
    })
    .unwrap();
    run_checked(&mut sim, 31_500);
    sim.apply(Action::CancelMessageMoveTask {
        source_queue: "jobs-dlq".into(),
    })
    .unwrap();
    run_checked(&mut sim, 40_000);
    assert_eq!(sim.queue("destination").unwrap().len(), 2);
    assert_eq!(sim.queue("jobs-dlq").unwrap().len(), 3);
    assert!(
        sim.apply(Action::CancelMessageMoveTask {
            source_queue: "jobs-dlq".into()
        })
        .is_err(),
        "nothing left to cancel"
    );
}

#[test]
fn delay_retention_and_purge() {
    let scenario = scenario(json!({
        "Name": "t",
        "Queues": [{ "QueueName": "q", "DelaySeconds": 10, "MessageRetentionPeriod": 60 }]
    }));
    let mut sim = Simulation::new(scenario, 1).unwrap();
    sim.apply(send("q", json!("a"))).unwrap();
    sim.apply(send_with("q", json!("b"), None, None, Some(0)))
        .unwrap();
    assert_eq!(
        sim.queue("q").unwrap().counts(),
        (1, 0, 1),
        "queue default DelaySeconds, overridden per message"
    );
    sim.run_until(10_000);
    assert_eq!(sim.queue("q").unwrap().counts(), (2, 0, 0));
    sim.run_until(60_000);
    assert!(
        sim.queue("q").unwrap().is_empty(),
        "MessageRetentionPeriod counts from the send"
    );
    assert_eq!(sim.queue("q").unwrap().metrics.expired, 2);
    sim.apply(send("q", json!("c"))).unwrap();
    sim.apply(Action::PurgeQueue {
        queue_name: "q".into(),
    })
    .unwrap();
    assert!(sim.queue("q").unwrap().is_empty());
}

#[test]
fn batch_send_limits() {
    let mut sim = Simulation::new(
        scenario(json!({"Name": "t", "Queues": [{ "QueueName": "q" }]})),
        1,
    )
    .unwrap();
    let entry = |id: &str| sim_core::action::BatchEntry {
        id: id.into(),
        message_body: json!("x"),
        delay_seconds: None,
        message_group_id: None,
        message_deduplication_id: None,
        message_attributes: Default::default(),
    };
    let eleven = (0..11).map(|i| entry(&i.to_string())).collect();
    let e = sim
        .apply(Action::SendMessageBatch {
            queue_name: "q".into(),
            entries: eleven,
        })
        .unwrap_err();
    assert_eq!(
        e.code,
        "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"
    );
    let e = sim
        .apply(Action::SendMessageBatch {
            queue_name: "q".into(),
            entries: vec![entry("a"), entry("a")],
        })
        .unwrap_err();
    assert_eq!(e.code, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct");
    assert!(
        sim.queue("q").unwrap().is_empty(),
        "a refused batch changes nothing"
    );
    sim.apply(Action::SendMessageBatch {
        queue_name: "q".into(),
        entries: (0..10).map(|i| entry(&i.to_string())).collect(),
    })
    .unwrap();
    assert_eq!(sim.queue("q").unwrap().len(), 10);
}

/// "The maximum allowed individual message size and the maximum total payload size
/// (the sum of the individual lengths of all of the batched messages) are both 1 MiB"
/// (SendMessageBatch, API Reference:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html),
/// and a message attribute's name, type and value count toward a message's size. The
/// total was held to the queue's MaximumMessageSize and counted bodies only.
#[test]
fn a_batch_may_total_1_mib_counting_its_attributes() {
    let mut sim = Simulation::new(
        scenario(
            json!({"Name": "t", "Queues": [{ "QueueName": "q", "MaximumMessageSize": 1024 }]}),
        ),
        1,
    )
    .unwrap();
    let entry = |id: &str, bytes: usize, attribute: bool| sim_core::action::BatchEntry {
        id: id.into(),
        message_body: json!("x".repeat(bytes)),
        delay_seconds: None,
        message_group_id: None,
        message_deduplication_id: None,
        message_attributes: if attribute {
            let value = sim_core::sqs::MessageAttribute {
                data_type: "String".into(),
                string_value: "v".repeat(1000),
            };
            [("note".to_string(), value)].into_iter().collect()
        } else {
            Default::default()
        },
    };
    let batch = |entries| Action::SendMessageBatch {
        queue_name: "q".into(),
        entries,
    };
    // Two 600-byte messages on a queue of 1 KiB messages: each fits, so both are sent.
    sim.apply(batch(vec![entry("a", 600, false), entry("b", 600, false)]))
        .unwrap();
    assert_eq!(sim.queue("q").unwrap().len(), 2);

    let mut big = Simulation::new(
        scenario(json!({"Name": "t", "Queues": [{ "QueueName": "q" }]})),
        1,
    )
    .unwrap();
    let half = 524_288;
    let e = big
        .apply(batch(vec![
            entry("a", half - 500, true),
            entry("b", half - 500, true),
        ]))
        .unwrap_err();
    assert_eq!(e.code, "AWS.SimpleQueueService.BatchRequestTooLong");
    assert_eq!(
        e.message,
        "Batch requests cannot be longer than 1048576 bytes. You have sent 1049596 bytes."
    );
    assert!(
        big.queue("q").unwrap().is_empty(),
        "a refused batch sends nothing"
    );
    big.apply(batch(vec![
        entry("a", half - 500, false),
        entry("b", half - 500, false),
    ]))
    .unwrap();
    assert_eq!(big.queue("q").unwrap().len(), 2);
}

/// "MessageDeduplicationId … This parameter applies only to FIFO (first-in-first-out)
/// queues" (SendMessage, API Reference:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html):
/// a standard queue refuses it, as it refuses a FIFO-only DelaySeconds the other way
/// round. It was accepted and ignored.
#[test]
fn a_standard_queue_refuses_a_message_deduplication_id() {
    let mut sim = Simulation::new(
        scenario(json!({"Name": "t", "Queues": [{ "QueueName": "q" }]})),
        1,
    )
    .unwrap();
    let e = sim
        .apply(send_with("q", json!({ "n": 1 }), None, Some("d1"), None))
        .unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    assert_eq!(
        e.message,
        "Value d1 for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type."
    );
    assert!(sim.queue("q").unwrap().is_empty());
    sim.apply(send_with("q", json!({ "n": 1 }), None, None, None))
        .unwrap();
    assert_eq!(sim.queue("q").unwrap().len(), 1);
}

/// "A refused action changes nothing": not even the ids drawn after it. A refused
/// SendMessage took a MessageId from the world's id stream, so every id after it
/// differed from a run where the learner had not made the mistake.
#[test]
fn a_refused_send_leaves_the_next_message_id_as_it_was() {
    let world = || {
        Simulation::new(
            scenario(json!({"Name": "t", "Queues": [{ "QueueName": "q" }]})),
            1,
        )
        .unwrap()
    };
    let first_id = |sim: &Simulation| {
        let (_, m) = sim.queue("q").unwrap().messages().next().unwrap();
        m.message_id.clone()
    };
    let mut clean = world();
    clean.apply(send("q", json!({ "n": 1 }))).unwrap();
    let mut after_mistake = world();
    after_mistake
        .apply(send_with("q", json!({ "n": 1 }), None, Some("d"), None))
        .unwrap_err();
    after_mistake.apply(send("q", json!({ "n": 1 }))).unwrap();
    assert_eq!(first_id(&after_mistake), first_id(&clean));
}

#[test]
fn set_queue_attributes_validates_and_takes_effect_while_running() {
    let mut sim = throwing_worker(30, 10);
    let mut bad = std::collections::BTreeMap::new();
    bad.insert("VisibilityTimeout".to_string(), json!("43201"));
    let e = sim
        .apply(Action::SetQueueAttributes {
            queue_name: "jobs".into(),
            attributes: bad,
        })
        .unwrap_err();
    assert_eq!(e.code, "InvalidAttributeValue");
    assert_eq!(
        sim.queue("jobs").unwrap().settings.visibility_timeout,
        30,
        "refused: nothing changed"
    );
    // A whole number out of range says the range, negative or past u64 too; text says
    // what to type (the student walk's -1 was told "must be a whole number").
    for (typed, said) in [
        ("-1", "Invalid value for the parameter VisibilityTimeout: -1 is outside 0 to 43200 seconds."),
        ("99999999999999999999", "Invalid value for the parameter VisibilityTimeout: 99999999999999999999 is outside 0 to 43200 seconds."),
        ("abc", "Invalid value for the parameter VisibilityTimeout: must be a whole number."),
    ] {
        let e = sim
            .apply(Action::SetQueueAttributes {
                queue_name: "jobs".into(),
                attributes: [("VisibilityTimeout".to_string(), json!(typed))].into(),
            })
            .unwrap_err();
        assert_eq!(e.message, said);
    }
    let mut good = std::collections::BTreeMap::new();
    good.insert("VisibilityTimeout".to_string(), json!(5));
    sim.apply(Action::SetQueueAttributes {
        queue_name: "jobs".into(),
        attributes: good,
    })
    .unwrap();
    sim.apply(send("jobs", json!({"order_id": "o1"}))).unwrap();
    run_checked(&mut sim, 20_000);
    let at = received_at(&sim, "o1");
    assert_eq!(
        at[1] - at[0],
        5_000 + sim_core::lambda::mapping::POLL_LATENCY_MS
    );
}

#[test]
fn short_polling_can_miss_messages_long_polling_does_not() {
    let mut missed = 0;
    for seed in 0..20 {
        let mut sim = Simulation::new(
            queue_and_worker(30, 5, json!({}), json!({"Enabled": false})),
            seed,
        )
        .unwrap();
        for i in 0..4 {
            sim.apply(send("jobs", json!({ "n": i }))).unwrap();
        }
        sim.apply(receive("jobs", 10, 0)).unwrap();
        missed += 4 - sim.console_polls().last().unwrap().messages.len();
        sim.apply(receive("jobs", 10, 20)).unwrap();
        let total: usize = sim.console_polls().map(|p| p.messages.len()).sum();
        assert_eq!(total, 4, "a long poll returns what the short poll missed");
    }
    assert!(missed > 0, "short polling samples servers");
}

#[test]
fn fifo_group_in_flight_holds_back_its_group_only() {
    let scenario = scenario(json!({
        "Name": "t",
        "Queues": [{ "QueueName": "q.fifo", "FifoQueue": true, "ContentBasedDeduplication": true }],
        "Functions": [{ "FunctionName": "slow", "Timeout": 10, "DurationMs": 4000, "Behavior": { "Type": "consume-orders" } }],
        "EventSourceMappings": [{ "FunctionName": "slow", "EventSourceArn": "q.fifo", "BatchSize": 1 }]
    }));
    let mut sim = Simulation::new(scenario, 1).unwrap();
    for (g, id) in [("A", "A1"), ("A", "A2"), ("B", "B1")] {
        sim.apply(send_with(
            "q.fifo",
            json!({ "order_id": id }),
            Some(g),
            None,
            None,
        ))
        .unwrap();
    }
    run_checked(&mut sim, 30_000);
    let first = |id: &str| received_at(&sim, id)[0];
    assert!(first("B1") < first("A2"), "B flows while A1 is in flight");
    assert!(
        first("A2") >= first("A1") + 4_000,
        "A2 waits for A1 to be deleted"
    );
}

#[test]
fn fifo_rejects_what_aws_rejects() {
    let mut sim = Simulation::new(
        scenario(json!({"Name": "t", "Queues": [{ "QueueName": "q.fifo", "FifoQueue": true }]})),
        1,
    )
    .unwrap();
    let e = sim.apply(send("q.fifo", json!("x"))).unwrap_err();
    assert_eq!(e.code, "MissingParameter");
    let e = sim
        .apply(send_with("q.fifo", json!("x"), Some("g"), None, None))
        .unwrap_err();
    assert!(e.message.contains("ContentBasedDeduplication"));
    let e = sim
        .apply(send_with(
            "q.fifo",
            json!("x"),
            Some("g"),
            Some("d"),
            Some(5),
        ))
        .unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    sim.apply(send_with("q.fifo", json!("x"), Some("g"), Some("d"), None))
        .unwrap();
    sim.apply(send_with("q.fifo", json!("y"), Some("g"), Some("d"), None))
        .unwrap();
    assert_eq!(
        sim.queue("q.fifo").unwrap().len(),
        1,
        "explicit deduplication id within 5 minutes"
    );
}

#[test]
fn scenario_errors_name_file_resource_and_property() {
    let cases = [
        (json!({"Name": "t", "Queues": [{ "QueueName": "q", "VisibilityTimeot": 5 }]}), "test.json: queue \"q\": unknown property `VisibilityTimeot`"),
        (json!({"Name": "t", "Queues": [{ "QueueName": "q", "VisibilityTimeout": 50000 }]}), "test.json: queue \"q\": InvalidAttributeValue: Invalid value for the parameter VisibilityTimeout"),
        (json!({"Name": "t", "Queues": [{ "QueueName": "q", "RedrivePolicy": { "deadLetterTargetArn": "nope", "maxReceiveCount": 3 } }]}), "RedrivePolicy.deadLetterTargetArn names queue \"nope\""),
        (json!({"Name": "t", "Queues": [{ "QueueName": "q.fifo", "FifoQueue": true, "RedrivePolicy": { "deadLetterTargetArn": "d", "maxReceiveCount": 3 } }, { "QueueName": "d" }]}), "FIFO dead-letter queue"),
        (json!({"Name": "t", "Functions": [{ "FunctionName": "f", "Behavior": { "Type": "create-order", "TableName": "Missing" } }]}), "function \"f\": Behavior.TableName names table \"Missing\""),
        (json!({"Name": "t", "Functions": [{ "FunctionName": "f", "Timeout": 901, "Behavior": { "Type": "notify" } }]}), "function \"f\": InvalidParameterValueException: Timeout 901"),
        (json!({"Name": "t", "EventSourceMappings": [{ "FunctionName": "g", "EventSourceArn": "q" }]}), "event source mapping for \"g\": FunctionName"),
        (json!({"Name": "t", "Nonsense": 1}), "test.json: unknown property `Nonsense`"),
        // Plain words, and the property named, where serde would say "expected u64".
        (json!({"Name": "t", "Queues": [{ "QueueName": "q", "VisibilityTimeout": "30" }]}), "test.json: queue \"q\": VisibilityTimeout: invalid type: string \"30\", expected a whole number (0 or more)"),
        (json!({"Name": "t", "Functions": [{ "FunctionName": "f", "Timeout": 1.5, "Behavior": { "Type": "notify" } }]}), "function \"f\": Timeout: invalid type: floating point `1.5`, expected a whole number (0 or more)"),
        (json!({"Name": "t", "Apis": [{ "Name": "a", "Routes": {} }]}), "API \"a\": Routes: invalid type: an object, expected a list"),
    ];
    for (doc, want) in cases {
        let e = sim_core::Scenario::parse("test.json", &doc.to_string()).unwrap_err();
        assert!(e.contains(want), "got: {e}\nwant: {want}");
    }
    assert!(sim_core::Scenario::parse("x.json", "{ not json")
        .unwrap_err()
        .starts_with("x.json: "));
}

#[test]
fn a_console_long_poll_waits_for_a_message_or_its_wait_time() {
    let mut sim = idle_jobs(5);
    sim.apply(receive("jobs", 1, 20)).unwrap();
    assert_eq!(
        sim.console_polls().last().unwrap().answered_ms,
        None,
        "waiting"
    );
    sim.run_until(5_000);
    sim.apply(send("jobs", json!({"order_id": "late"})))
        .unwrap();
    let poll = sim.console_polls().last().unwrap();
    assert_eq!(
        (poll.answered_ms, poll.messages.len()),
        (Some(5_000), 1),
        "answered as soon as the message arrived"
    );
    sim.apply(receive("jobs", 1, 20)).unwrap();
    sim.run_until(24_999);
    assert_eq!(sim.console_polls().last().unwrap().answered_ms, None);
    sim.run_until(25_000);
    let poll = sim.console_polls().last().unwrap();
    assert_eq!(
        (poll.answered_ms, poll.messages.len()),
        (Some(25_000), 0),
        "empty after WaitTimeSeconds"
    );
}

#[test]
fn redrive_allow_policy_is_enforced() {
    let doc = |permission: &str, sources: serde_json::Value| {
        json!({
            "Name": "t",
            "Queues": [
                { "QueueName": "dlq", "RedriveAllowPolicy": { "redrivePermission": permission, "sourceQueueArns": sources } },
                { "QueueName": "src", "RedrivePolicy": { "deadLetterTargetArn": "dlq", "maxReceiveCount": 3 } }
            ]
        })
        .to_string()
    };
    assert!(sim_core::Scenario::parse("t.json", &doc("allowAll", json!([]))).is_ok());
    assert!(sim_core::Scenario::parse(
        "t.json",
        &doc("byQueue", json!(["arn:aws:sqs:us-east-1:123456789012:src"]))
    )
    .is_ok());
    let e = sim_core::Scenario::parse("t.json", &doc("denyAll", json!([]))).unwrap_err();
    assert!(
        e.contains("RedriveAllowPolicy of dlq does not allow src"),
        "{e}"
    );
    let e = sim_core::Scenario::parse("t.json", &doc("byQueue", json!(["other"]))).unwrap_err();
    assert!(e.contains("does not allow src"), "{e}");
}

/// ReceiveMessage as the console's "Poll for messages" sends it.
fn receive(queue: &str, max: u32, wait_time_s: u64) -> Action {
    Action::ReceiveMessage {
        queue_name: queue.into(),
        max_number_of_messages: max,
        visibility_timeout: None,
        wait_time_seconds: Some(wait_time_s),
    }
}

/// The test queue `jobs` (visibility 30 s) with its worker's trigger disabled.
fn idle_jobs(max_receive: u32) -> Simulation {
    Simulation::new(
        queue_and_worker(30, max_receive, json!({}), json!({"Enabled": false})),
        1,
    )
    .unwrap()
}

fn fifo_world(seed: u64) -> Simulation {
    let s = scenario(json!({
        "Name": "fifo",
        "Queues": [{ "QueueName": "orders.fifo", "FifoQueue": true,
                     "ContentBasedDeduplication": true }]
    }));
    Simulation::new(s, seed).unwrap()
}

/// "Within each message group ID, all messages are sent and received in strict order"
/// (SQS Developer Guide, FIFO queue delivery logic:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html).
/// A short poll samples servers and may miss messages, but it never returns a
/// group's later message without the earlier ones.
#[test]
fn fifo_short_poll_never_skips_the_head_of_a_message_group() {
    let mut partial_answers = 0;
    for seed in 0..200 {
        let mut sim = fifo_world(seed);
        for n in 1..=4 {
            let body = json!({ "n": n });
            sim.apply(send_with("orders.fifo", body, Some("g"), None, None))
                .unwrap();
        }
        sim.apply(receive("orders.fifo", 10, 0)).unwrap();
        let got: Vec<u64> = sim
            .console_polls()
            .last()
            .unwrap()
            .messages
            .iter()
            .map(|m| {
                serde_json::from_str::<serde_json::Value>(m["Body"].as_str().unwrap()).unwrap()["n"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        let prefix: Vec<u64> = (1..=got.len() as u64).collect();
        assert_eq!(got, prefix, "seed {seed}: a short poll returned {got:?}");
        partial_answers += usize::from(!got.is_empty() && got.len() < 4);
    }
    assert!(
        partial_answers > 0,
        "the sample does miss messages sometimes"
    );
}

/// "When you specify a MaxNumberOfMessages parameter in the ReceiveMessage API call,
/// SQS returns as many messages with the same message group ID as possible. The
/// ReceiveMessage API call can also return messages from other available message
/// groups" (AWS re:Post knowledge center, "Why doesn't my Amazon SQS FIFO queue return
/// all the messages or messages in other message groups?":
/// https://repost.aws/knowledge-center/sqs-fifo-messages-not-returned). Sent A1 B1 A2
/// B2 A3, a receive of 3 returns A1 A2 A3 (it returned A1 B1 A2, arrival order), and a
/// receive of 10 then the rest of the groups not in flight: B1 B2.
#[test]
fn fifo_receive_returns_as_many_messages_of_one_group_as_it_can() {
    for seed in 0..20 {
        let mut sim = fifo_world_with(seed, &["A1", "B1", "A2", "B2", "A3"]);
        sim.apply(receive("orders.fifo", 3, 20)).unwrap();
        assert_eq!(polled_ids(&sim), ["A1", "A2", "A3"], "seed {seed}");
        sim.apply(receive("orders.fifo", 10, 20)).unwrap();
        assert_eq!(polled_ids(&sim), ["B1", "B2"], "seed {seed}");
    }
}

/// A FIFO short poll samples servers: one that misses a group's head returns none of
/// that group, but still returns the other groups' messages. Cutting the candidates
/// to the receive's size before sampling made a missed A1 hide B1 and B2 (an empty
/// answer a quarter of the time while B waited).
#[test]
fn a_fifo_short_poll_that_misses_one_group_returns_another() {
    let mut firsts = std::collections::BTreeSet::new();
    for seed in 0..200 {
        let mut sim = fifo_world_with(seed, &["A1", "A2", "A3", "B1", "B2"]);
        sim.apply(receive("orders.fifo", 3, 0)).unwrap();
        if let Some(first) = polled_ids(&sim).first() {
            firsts.insert(first.clone());
        }
    }
    assert!(firsts.contains("A1"), "{firsts:?}");
    assert!(
        firsts.contains("B1"),
        "a short poll that missed A1 returned B's messages: {firsts:?}"
    );
}

/// `fifo_world` with messages `{"id": ID}` sent in this order, each in the group its
/// id's first letter names.
fn fifo_world_with(seed: u64, ids: &[&str]) -> Simulation {
    let mut sim = fifo_world(seed);
    for id in ids {
        let body = json!({ "id": id });
        sim.apply(send_with("orders.fifo", body, Some(&id[..1]), None, None))
            .unwrap();
    }
    sim
}

/// The `id` of each message the last console poll returned.
fn polled_ids(sim: &Simulation) -> Vec<String> {
    let poll = sim.console_polls().last().unwrap();
    poll.messages
        .iter()
        .map(|m| {
            let body: serde_json::Value =
                serde_json::from_str(m["Body"].as_str().unwrap()).unwrap();
            body["id"].as_str().unwrap().to_string()
        })
        .collect()
}

/// "PurgeQueueInProgress: Indicates that the specified queue previously received a
/// PurgeQueue request within the last 60 seconds" (Amazon SQS API Reference, PurgeQueue:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html).
#[test]
fn purge_queue_in_progress_refuses_a_second_purge_within_60_seconds() {
    let mut sim = idle_jobs(3);
    let purge = || Action::PurgeQueue {
        queue_name: "jobs".into(),
    };
    sim.apply(send("jobs", json!({"order_id": "o1"}))).unwrap();
    sim.apply(purge()).unwrap();
    sim.apply(send("jobs", json!({"order_id": "o2"}))).unwrap();
    sim.run_until(59_999);
    let refused = sim.apply(purge()).unwrap_err();
    assert_eq!(refused.code, "AWS.SimpleQueueService.PurgeQueueInProgress");
    assert!(refused
        .message
        .contains("Only one PurgeQueue operation on jobs is allowed every 60 seconds"));
    assert_eq!(
        sim.queue("jobs").unwrap().len(),
        1,
        "the refused purge deleted nothing"
    );
    sim.run_until(60_000);
    sim.apply(purge()).unwrap();
    assert_eq!(sim.queue("jobs").unwrap().len(), 0);
}

/// SendMessageBatchRequestEntry Id: "can have up to 80 characters. The following
/// characters are accepted: alphanumeric characters, hyphens(-), and underscores (_)"
/// (Amazon SQS API Reference, SendMessageBatchRequestEntry:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatchRequestEntry.html).
#[test]
fn send_message_batch_refuses_an_invalid_batch_entry_id() {
    let entry = |id: &str| sim_core::action::BatchEntry {
        id: id.into(),
        message_body: json!({"order_id": "o1"}),
        delay_seconds: None,
        message_group_id: None,
        message_deduplication_id: None,
        message_attributes: Default::default(),
    };
    let long = "a".repeat(81);
    for bad in ["order 1", "pedido#1", "", "ação", long.as_str()] {
        let mut sim = idle_jobs(3);
        let err = sim
            .apply(Action::SendMessageBatch {
                queue_name: "jobs".into(),
                entries: vec![entry("ok-1"), entry(bad)],
            })
            .unwrap_err();
        assert_eq!(
            err.code, "AWS.SimpleQueueService.InvalidBatchEntryId",
            "{bad:?}"
        );
        assert_eq!(
            sim.queue("jobs").unwrap().len(),
            0,
            "nothing of the batch was sent"
        );
    }
    let mut sim = idle_jobs(3);
    let ok = "A-z_09".repeat(13) + "ab";
    sim.apply(Action::SendMessageBatch {
        queue_name: "jobs".into(),
        entries: vec![entry(&ok)],
    })
    .unwrap();
    assert_eq!(
        sim.queue("jobs").unwrap().len(),
        1,
        "80 characters are allowed"
    );
}

/// NumberOfEmptyReceives: "The number of ReceiveMessage API calls that did not return
/// a message" (Available CloudWatch metrics for Amazon SQS:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
/// A long poll that a message answers later did return a message.
#[test]
fn number_of_empty_receives_counts_only_calls_that_returned_nothing() {
    let mut sim = idle_jobs(3);
    let empty = |sim: &Simulation| sim.queue("jobs").unwrap().metrics.number_of_empty_receives;
    sim.apply(receive("jobs", 1, 20)).unwrap();
    sim.run_until(5_000);
    sim.apply(send("jobs", json!({"order_id": "o1"}))).unwrap();
    sim.run_until(6_000);
    assert_eq!(sim.console_polls().last().unwrap().messages.len(), 1);
    assert_eq!(empty(&sim), 0, "the long poll returned a message");
    sim.apply(receive("jobs", 1, 0)).unwrap();
    assert_eq!(empty(&sim), 1, "a short poll of an empty queue");
    sim.apply(receive("jobs", 1, 20)).unwrap();
    assert_eq!(empty(&sim), 1, "still waiting");
    sim.run_until(27_000);
    assert_eq!(empty(&sim), 2, "the long poll's 20 s ran out");
}

/// Standard queues are at-least-once: "On rare occasions, one of the servers that stores
/// a copy of a message might be unavailable when you receive or delete a message. If that
/// occurs, the copy of the message isn't deleted on that unavailable server, and you might
/// get that message copy again" (SQS Developer Guide, At-least-once delivery:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues-at-least-once-delivery.html).
#[test]
fn at_least_once_delivery_a_deleted_message_can_come_back() {
    let world = |per_mille: u32| {
        let mut doc = json!({
            "Name": "t",
            "DuplicateDeliveryPerMille": per_mille,
            "Queues": [{ "QueueName": "jobs", "VisibilityTimeout": 30 }],
            "Functions": [{ "FunctionName": "worker", "Timeout": 3, "Behavior": { "Type": "consume-orders" } }],
            "EventSourceMappings": [{ "FunctionName": "worker", "EventSourceArn": "jobs", "BatchSize": 1 }]
        });
        let text = doc.take().to_string();
        Simulation::new(sim_core::Scenario::parse("t.json", &text).unwrap(), 1).unwrap()
    };
    let mut always = world(1000);
    always
        .apply(send("jobs", json!({"order_id": "o1"})))
        .unwrap();
    run_checked(&mut always, 40_000);
    let received: Vec<String> = always
        .trace()
        .entries()
        .filter(|e| e.kind == TraceKind::MessageReceived)
        .filter_map(|e| e.subject.map(str::to_string))
        .collect();
    assert_eq!(
        received.len(),
        2,
        "delivered again after the 30 s visibility timeout"
    );
    assert_eq!(received[0], received[1], "the same message, same MessageId");
    let mut never = world(0);
    never
        .apply(send("jobs", json!({"order_id": "o1"})))
        .unwrap();
    run_checked(&mut never, 40_000);
    assert!(never.queue("jobs").unwrap().is_empty());
    let too_many = r#"{"Name": "t", "DuplicateDeliveryPerMille": 1001}"#;
    assert!(sim_core::Scenario::parse("t.json", too_many)
        .unwrap_err()
        .contains("DuplicateDeliveryPerMille 1001 is more than 1000"));
}

/// Two queues with a DLQ each (standard and FIFO, maxReceiveCount 1, DLQ retention
/// 120 s); one message in each is received at 2 s and moved at 100 s.
fn moved_after_100_s() -> Simulation {
    let arn = |q: &str| format!("arn:aws:sqs:us-east-1:123456789012:{q}");
    let redrive = |dlq: &str| json!({"deadLetterTargetArn": arn(dlq), "maxReceiveCount": 1});
    let mut sim = Simulation::new(
        scenario(json!({
            "Name": "dlq-retention",
            "Queues": [
                {"QueueName": "dlq.fifo", "FifoQueue": true, "MessageRetentionPeriod": 120},
                {"QueueName": "src.fifo", "FifoQueue": true, "VisibilityTimeout": 30,
                 "RedrivePolicy": redrive("dlq.fifo")},
                {"QueueName": "dlq", "MessageRetentionPeriod": 120},
                {"QueueName": "src", "VisibilityTimeout": 30, "RedrivePolicy": redrive("dlq")}
            ]
        })),
        1,
    )
    .unwrap();
    sim.add_script(script(json!([
        {"At": "1s", "Action": "SendMessage", "QueueName": "src.fifo", "MessageBody": {"order_id": "F"},
         "MessageGroupId": "g", "MessageDeduplicationId": "d1"},
        {"At": "1s", "Action": "SendMessage", "QueueName": "src", "MessageBody": {"order_id": "S"}},
        {"At": "2s", "Action": "ReceiveMessage", "QueueName": "src.fifo"},
        {"At": "2s", "Action": "ReceiveMessage", "QueueName": "src"},
        // Long polls: a short poll samples and may miss the one message.
        {"At": "100s", "Action": "ReceiveMessage", "QueueName": "src.fifo", "WaitTimeSeconds": 1},
        {"At": "100s", "Action": "ReceiveMessage", "QueueName": "src", "WaitTimeSeconds": 1}
    ])));
    sim
}

fn expired_at(sim: &Simulation, order: &str) -> Option<u64> {
    sim.trace()
        .entries()
        .find(|e| e.kind == TraceKind::MessageExpired && e.order_id == Some(order))
        .map(|e| e.at_ms)
}

/// "For standard queues, the expiration of a message is always based on its original
/// enqueue timestamp. … For FIFO queues, the enqueue timestamp resets when the message
/// is moved to a dead-letter queue."
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/setting-up-dead-letter-queue-retention.html
/// "When a message is moved from a FIFO queue to a FIFO DLQ, the original message's
/// deduplication ID will be replaced with the original message's ID."
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html
#[test]
fn a_fifo_dlq_counts_retention_from_the_move_a_standard_dlq_from_the_first_send() {
    let mut sim = moved_after_100_s();
    run_checked(&mut sim, 110_000);
    let moved = sim.queue("dlq.fifo").unwrap().messages().next().unwrap().1;
    let fifo = moved.fifo.as_ref().unwrap();
    assert_eq!(fifo.deduplication_id, moved.message_id);
    assert_eq!(moved.sent_ms, 1_000, "SentTimestamp is kept");
    run_checked(&mut sim, 10 * 60_000);
    assert_eq!(expired_at(&sim, "S"), Some(1_000 + 120_000));
    assert_eq!(expired_at(&sim, "F"), Some(100_000 + 120_000));
    let fifo_expiry = sim
        .trace()
        .entries()
        .find(|e| e.kind == TraceKind::MessageExpired && e.order_id == Some("F"))
        .unwrap();
    assert_eq!(
        fifo_expiry.text,
        "MessageRetentionPeriod (120 s) over since it was moved to this dead-letter queue: deleted by SQS"
    );
}

/// "The ApproximateAgeOfOldestMessage metric indicates when the message moved to the
/// dead-letter queue, not when the message was originally sent."
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/setting-up-dead-letter-queue-retention.html
#[test]
fn a_dlq_s_age_of_oldest_message_counts_from_the_move() {
    let mut sim = moved_after_100_s();
    run_checked(&mut sim, 2 * 60_000);
    for dlq in ["dlq", "dlq.fifo"] {
        let ages: Vec<f64> = sim
            .metric("AWS/SQS", "ApproximateAgeOfOldestMessage", dlq)
            .unwrap()
            .points()
            .map(|p| p.statistic(sim_core::services::cloudwatch::Statistic::Maximum))
            .collect();
        // Moved at 1m40: 20 s old when the second minute's datapoint is taken.
        assert_eq!(ages, [0.0, 20.0], "{dlq}");
    }
}

/// "For standard queues, if a message is received three or more times and not deleted,
/// SQS moves it to the back of the queue. The metric then reflects the age of the next
/// message that hasn't exceeded the receive threshold." FIFO queues do not reorder.
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
#[test]
fn age_of_oldest_message_skips_a_standard_queue_s_poison_pill() {
    let s = scenario(json!({
        "Name": "poison",
        "Queues": [
            { "QueueName": "jobs", "VisibilityTimeout": 1 },
            { "QueueName": "jobs.fifo", "FifoQueue": true, "VisibilityTimeout": 1, "ContentBasedDeduplication": true }
        ]
    }));
    let mut sim = Simulation::new(s, 1).unwrap();
    // Message `n` to both queues (the FIFO one's in group g).
    let send_both = |sim: &mut Simulation, n: u32| {
        for queue in ["jobs", "jobs.fifo"] {
            let mut message = send(queue, json!({ "n": n }));
            if let Action::SendMessage {
                message_group_id, ..
            } = &mut message
            {
                *message_group_id = queue.ends_with(".fifo").then(|| "g".to_string());
            }
            sim.apply(message).unwrap();
        }
    };
    send_both(&mut sim, 1);
    // Received three times and never deleted.
    for _ in 0..3 {
        for queue in ["jobs", "jobs.fifo"] {
            sim.apply(receive(queue, 1, 0)).unwrap();
        }
        let t = sim.now_ms() + 2_000;
        run_checked(&mut sim, t);
    }
    // A second message 10 s later, never received.
    run_checked(&mut sim, 10_000);
    send_both(&mut sim, 2);
    run_checked(&mut sim, 60_000);
    let age = |queue: &str| {
        sim.metric("AWS/SQS", "ApproximateAgeOfOldestMessage", queue)
            .unwrap()
            .points()
            .map(|p| p.statistic(sim_core::services::cloudwatch::Statistic::Maximum))
            .collect::<Vec<f64>>()
    };
    // At the first minute's end: the second message is 50 s old; the first, 60 s.
    assert_eq!(age("jobs"), [50.0], "the poison pill is skipped");
    assert_eq!(age("jobs.fifo"), [60.0], "a FIFO queue keeps its order");
}

/// A redrive without a destination names the source queue only when all the DLQ's
/// visible messages came from it; with two sources, or a message sent to the DLQ
/// directly, the line says "each message's source queue" (a trace entry's `to` names
/// one node: the review read "a, b" there).
#[test]
fn a_redrive_names_its_one_source_queue_or_says_each_messages() {
    let world = || {
        let s = scenario(json!({
            "Name": "two sources",
            "Queues": [
                { "QueueName": "dlq" },
                { "QueueName": "a", "VisibilityTimeout": 1, "RedrivePolicy": { "deadLetterTargetArn": "dlq", "maxReceiveCount": 1 } },
                { "QueueName": "b", "VisibilityTimeout": 1, "RedrivePolicy": { "deadLetterTargetArn": "dlq", "maxReceiveCount": 1 } }
            ]
        }));
        Simulation::new(s, 1).unwrap()
    };
    // Received once, then moved by the next receive.
    let dead_letter = |sim: &mut Simulation, queue: &str| {
        sim.apply(send(queue, json!({ "from": queue }))).unwrap();
        for _ in 0..2 {
            sim.apply(receive(queue, 1, 5)).unwrap();
            let t = sim.now_ms() + 3_000;
            run_checked(sim, t);
        }
    };
    let started_to = |sim: &mut Simulation| {
        sim.apply(Action::StartMessageMoveTask {
            source_queue: "dlq".into(),
            destination_queue: None,
            max_number_of_messages_per_second: None,
        })
        .unwrap();
        let e = sim
            .trace()
            .entries()
            .find(|e| e.kind == TraceKind::RedriveStarted)
            .unwrap();
        e.to.map(str::to_string)
    };
    let mut one = world();
    dead_letter(&mut one, "a");
    assert_eq!(one.queue("dlq").unwrap().len(), 1);
    assert_eq!(started_to(&mut one).as_deref(), Some("a"));
    let mut two = world();
    dead_letter(&mut two, "a");
    dead_letter(&mut two, "b");
    assert_eq!(two.queue("dlq").unwrap().len(), 2);
    assert_eq!(
        started_to(&mut two).as_deref(),
        Some("each message's source queue")
    );
    let mut direct = world();
    dead_letter(&mut direct, "a");
    direct
        .apply(send("dlq", json!({ "from": "nowhere" })))
        .unwrap();
    assert_eq!(
        started_to(&mut direct).as_deref(),
        Some("each message's source queue")
    );
}

/// "The following Unicode characters are allowed: #x9 | #xA | #xD | #x20 to #xD7FF |
/// #xE000 to #xFFFD | #x10000 to #x10FFFF. If a message contains characters outside
/// those ranges, it is rejected" (SendMessage, API Reference:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html),
/// and a Number attribute holds a number ("Number attributes can store positive or
/// negative numerical values", SQS Developer Guide:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html).
/// The student walk sent U+0001 in a body and "alta" as a Number: both were queued.
#[test]
fn a_body_with_a_control_character_and_a_number_attribute_that_is_not_one_are_refused() {
    let mut sim = Simulation::new(
        scenario(json!({"Name": "t", "Queues": [{ "QueueName": "q" }]})),
        1,
    )
    .unwrap();
    let send = |body: serde_json::Value, data_type: &str, value: &str| Action::SendMessage {
        queue_name: "q".into(),
        message_body: body,
        delay_seconds: None,
        message_group_id: None,
        message_deduplication_id: None,
        message_attributes: [(
            "priority".to_string(),
            sim_core::services::sqs::MessageAttribute {
                data_type: data_type.into(),
                string_value: value.into(),
            },
        )]
        .into(),
    };
    let e = sim
        .apply(send(json!("a\u{1}b"), "String", "x"))
        .unwrap_err();
    assert_eq!(e.code, "InvalidMessageContents");
    assert_eq!(e.message, "Invalid binary character '#x1' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].");
    let e = sim.apply(send(json!("ok"), "Number", "alta")).unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    assert_eq!(
        e.message,
        "Can't cast the value of message (user) attribute 'priority' to a number."
    );
    assert!(
        sim.queue("q").unwrap().is_empty(),
        "a refused send changes nothing"
    );
    sim.apply(send(json!("tab\tand € ok"), "Number", "-1.5e3"))
        .unwrap();
    assert_eq!(sim.queue("q").unwrap().len(), 1);
}

/// SetQueueAttributes with a new RedrivePolicy changes maxReceiveCount for the messages
/// already in the queue: SQS checks the count when a message is next received ("If
/// the ReceiveCount for a message exceeds the maximum receive count for the queue,
/// Amazon SQS moves the message to the dead-letter-queue", SetQueueAttributes, API
/// Reference: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html).
/// The queue panel's maxReceiveCount field sends exactly this.
#[test]
fn a_lower_max_receive_count_set_while_running_sends_a_message_to_the_dlq_sooner() {
    let mut sim = throwing_worker(5, 10);
    sim.apply(send("jobs", json!({"order_id": "o1"}))).unwrap();
    run_checked(&mut sim, 1_000);
    assert_eq!(received_at(&sim, "o1").len(), 1);
    let policy = json!({ "deadLetterTargetArn": "jobs-dlq", "maxReceiveCount": 2 }).to_string();
    sim.apply(Action::SetQueueAttributes {
        queue_name: "jobs".into(),
        attributes: [("RedrivePolicy".to_string(), json!(policy))].into(),
    })
    .unwrap();
    run_checked(&mut sim, 60_000);
    assert_eq!(
        received_at(&sim, "o1").len(),
        2,
        "received twice, then moved"
    );
    assert_eq!(sim.queue("jobs-dlq").unwrap().len(), 1);
    assert!(sim.queue("jobs").unwrap().is_empty());
}

fn set_attribute(sim: &mut Simulation, queue: &str, name: &str, value: serde_json::Value) {
    sim.apply(Action::SetQueueAttributes {
        queue_name: queue.into(),
        attributes: [(name.to_string(), value)].into(),
    })
    .unwrap();
}

/// "Changes made to the MessageRetentionPeriod attribute can take up to 15 minutes and
/// will impact existing messages in the queue potentially causing them to be expired
/// and deleted if the MessageRetentionPeriod is reduced below the age of existing
/// messages" (SetQueueAttributes, API Reference:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html).
/// Here the change is at once. Each message's expiry was fixed at its send: a DLQ's
/// retention raised "to keep the failures" still lost them, and a lowered one deleted
/// nothing.
#[test]
fn a_changed_retention_period_applies_to_the_messages_already_in_the_queue() {
    let scenario = scenario(json!({
        "Name": "t",
        "Queues": [{ "QueueName": "q", "MessageRetentionPeriod": 120 }]
    }));
    let mut sim = Simulation::new(scenario, 1).unwrap();
    sim.apply(send("q", json!("kept"))).unwrap();
    sim.run_until(30_000);
    set_attribute(&mut sim, "q", "MessageRetentionPeriod", json!(1_209_600));
    // The next event that acts is the new expiry, not the old one at 120 s (which only
    // schedules it): a step to it is not taken to a moment when nothing happens.
    assert_eq!(sim.next_acting_event(), Some((1_209_600_000, Some("q"))));
    sim.run_until(10 * 60_000);
    assert_eq!(
        sim.queue("q").unwrap().len(),
        1,
        "raised: still here at 10 min"
    );
    // Lowered below its age (10 min): deleted now, with the period that deleted it.
    set_attribute(&mut sim, "q", "MessageRetentionPeriod", json!(60));
    sim.run_until(10 * 60_000 + 1);
    assert!(
        sim.queue("q").unwrap().is_empty(),
        "lowered below its age: deleted"
    );
    let expired: Vec<_> = sim
        .trace()
        .entries()
        .filter(|e| e.kind == TraceKind::MessageExpired)
        .map(|e| (e.at_ms, e.text.to_string()))
        .collect();
    assert_eq!(
        expired,
        [(
            10 * 60_000,
            "MessageRetentionPeriod (60 s) over since it was first sent: deleted by SQS"
                .to_string()
        )]
    );
    // Lowered, but not below a newer message's age: it goes when its new period ends.
    set_attribute(&mut sim, "q", "MessageRetentionPeriod", json!(300));
    sim.apply(send("q", json!("young"))).unwrap();
    sim.run_until(10 * 60_000 + 10_000);
    set_attribute(&mut sim, "q", "MessageRetentionPeriod", json!(60));
    // Sent at 10 min and 1 ms: 60 s after that.
    sim.run_until(10 * 60_000 + 60_000);
    assert_eq!(sim.queue("q").unwrap().len(), 1);
    sim.run_until(10 * 60_000 + 60_001);
    assert!(sim.queue("q").unwrap().is_empty());
}

/// "For standard queues, the per-queue delay setting is not retroactive—changing the
/// setting doesn't affect the delay of messages already in the queue. For FIFO
/// queues, the per-queue delay setting is retroactive—changing the setting affects the
/// delay of messages already in the queue" (SQS Developer Guide:
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-delay-queues.html).
/// A FIFO message kept the delay it was sent with.
#[test]
fn a_fifo_queues_new_delay_reaches_its_delayed_messages_a_standard_queues_does_not() {
    let scenario = scenario(json!({
        "Name": "t",
        "Queues": [
            { "QueueName": "q.fifo", "FifoQueue": true, "ContentBasedDeduplication": true, "DelaySeconds": 600 },
            { "QueueName": "q", "DelaySeconds": 600 }
        ]
    }));
    let mut sim = Simulation::new(scenario, 1).unwrap();
    let fifo = |n: u32| send_with("q.fifo", json!({ "n": n }), Some("g"), None, None);
    sim.apply(fifo(1)).unwrap();
    sim.apply(send("q", json!({"n": 1}))).unwrap();
    sim.run_until(60_000);
    set_attribute(&mut sim, "q.fifo", "DelaySeconds", json!(120));
    set_attribute(&mut sim, "q", "DelaySeconds", json!(0));
    sim.run_until(119_999);
    assert_eq!(sim.queue("q.fifo").unwrap().counts(), (0, 0, 1));
    sim.run_until(120_000);
    assert_eq!(
        sim.queue("q.fifo").unwrap().counts(),
        (1, 0, 0),
        "FIFO: 120 s from its send"
    );
    assert_eq!(
        sim.queue("q").unwrap().counts(),
        (0, 0, 1),
        "standard: still delayed"
    );
    // A FIFO delay lowered below the time a message has waited: visible at once.
    sim.apply(fifo(2)).unwrap();
    sim.run_until(180_000);
    set_attribute(&mut sim, "q.fifo", "DelaySeconds", json!(30));
    sim.run_until(180_000);
    assert_eq!(sim.queue("q.fifo").unwrap().counts(), (2, 0, 0));
    // Raised, a FIFO delay holds its messages longer, and the next event that acts
    // is the new end (the old one, at 60 s from the send, only schedules it).
    sim.apply(fifo(3)).unwrap();
    sim.run_until(200_000);
    set_attribute(&mut sim, "q.fifo", "DelaySeconds", json!(300));
    assert_eq!(sim.next_acting_event(), Some((480_000, None)));
    sim.run_until(479_999);
    assert_eq!(sim.queue("q.fifo").unwrap().counts(), (2, 0, 1));
    sim.run_until(480_000);
    assert_eq!(sim.queue("q.fifo").unwrap().counts(), (3, 0, 0));
    sim.run_until(599_999);
    assert_eq!(sim.queue("q").unwrap().counts(), (0, 0, 1));
    sim.run_until(600_000);
    assert_eq!(
        sim.queue("q").unwrap().counts(),
        (1, 0, 0),
        "standard: its own 600 s"
    );
}
