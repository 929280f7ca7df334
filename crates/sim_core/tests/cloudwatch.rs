//! CloudWatch metrics and alarms in running worlds: lab 004's DLQ alarm end to end,
//! and the metric quirks a learner meets.
//!
//! Sources:
//! - SQS metrics, published per minute; "NumberOfMessagesSent … doesn't include
//!   messages moved to a dead-letter queue by a redrive policy":
//!   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
//! - Lambda metrics are sent only when there are invocations:
//!   https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
//! - Alarm actions run on a state change only; new alarms start in INSUFFICIENT_DATA:
//!   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html

mod common;

use common::{builtin, http, send};
use serde_json::json;
use sim_core::action::Action;
use sim_core::services::cloudwatch::{AlarmState, Statistic};
use sim_core::trace::TraceKind;
use sim_core::Simulation;

const MIN: u64 = 60_000;

fn lab004_with_a_fail_order() -> Simulation {
    let mut sim = Simulation::new(builtin("lab004-orders"), 7).unwrap();
    sim.run_until(1_000);
    sim.apply(http(
        json!({"customerName": "Bob", "product": "Lamp", "amount": 80, "notes": "FAIL"}),
    ))
    .unwrap();
    sim
}

fn dlq_visible(sim: &Simulation) -> Vec<f64> {
    sim.metric(
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        "order-processing-dlq",
    )
    .unwrap()
    .points()
    .map(|p| p.statistic(Statistic::Average))
    .collect()
}

#[test]
fn a_new_alarm_starts_in_insufficient_data() {
    let sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let a = sim.alarm("order-processing-alarm").unwrap();
    assert_eq!(a.state, AlarmState::INSUFFICIENT_DATA);
    assert_eq!(a.state_reason, "Unchecked: Initial alarm creation");
}

#[test]
fn lab004_the_fail_order_fires_the_dlq_alarm_and_its_email_then_a_purge_brings_it_back_to_ok() {
    let mut sim = lab004_with_a_fail_order();
    sim.run_until(MIN);
    assert_eq!(
        sim.alarm("order-processing-alarm").unwrap().state,
        AlarmState::OK,
        "the first minute has a datapoint of 0"
    );
    // Three receives 30 s apart, then the lazy move on the fourth: about 91 s.
    sim.run_until(2 * MIN);
    assert_eq!(sim.queue("order-processing-dlq").unwrap().counts().0, 1);
    let alarm = sim.alarm("order-processing-alarm").unwrap();
    assert_eq!(alarm.state, AlarmState::ALARM, "{}", alarm.state_reason);
    assert!(alarm.state_reason.starts_with(
        "Threshold Crossed: 1 out of the last 1 datapoints [1.0 (13/05/25 19:01:00)] was greater than or equal to the threshold (1.0)"
    ), "{}", alarm.state_reason);
    assert_eq!(dlq_visible(&sim), vec![0.0, 1.0]);
    let mail: Vec<_> = sim.inbox().collect();
    assert_eq!(mail.len(), 1);
    assert_eq!(
        mail[0].subject,
        "ALARM: \"order-processing-alarm\" in US East (Ohio)"
    );
    assert!(mail[0].body.starts_with("You are receiving this email because your Amazon CloudWatch Alarm \"order-processing-alarm\" in the US East (Ohio) region has entered the ALARM state"), "{}", mail[0].body);
    assert!(mail[0]
        .body
        .contains("- State Change:               OK -> ALARM"));

    // Still in ALARM a minute later: no second e-mail (actions run on changes only).
    sim.run_until(3 * MIN);
    assert_eq!(sim.inbox().count(), 1);

    sim.apply(Action::PurgeQueue {
        queue_name: "order-processing-dlq".into(),
    })
    .unwrap();
    sim.run_until(4 * MIN);
    assert_eq!(
        sim.alarm("order-processing-alarm").unwrap().state,
        AlarmState::OK
    );
    assert_eq!(sim.inbox().count(), 1, "the lab sets no OK action");
    let history: Vec<_> = sim
        .alarm("order-processing-alarm")
        .unwrap()
        .history
        .iter()
        .map(|h| (h.old_state, h.new_state))
        .collect();
    use AlarmState::*;
    assert_eq!(
        history,
        vec![(INSUFFICIENT_DATA, OK), (OK, ALARM), (ALARM, OK)]
    );
}

#[test]
fn an_automatic_move_to_a_dlq_is_not_counted_in_the_dlqs_number_of_messages_sent() {
    let mut sim = lab004_with_a_fail_order();
    sim.run_until(3 * MIN);
    let sent: f64 = sim
        .metric("AWS/SQS", "NumberOfMessagesSent", "order-processing-dlq")
        .unwrap()
        .points()
        .map(|p| p.sum)
        .sum();
    assert_eq!(sim.queue("order-processing-dlq").unwrap().counts().0, 1);
    assert_eq!(
        sent, 0.0,
        "an alarm on the DLQ's NumberOfMessagesSent stays silent"
    );
    let source_sent: f64 = sim
        .metric("AWS/SQS", "NumberOfMessagesSent", "order-processing-queue")
        .unwrap()
        .points()
        .map(|p| p.sum)
        .sum();
    assert_eq!(source_sent, 1.0);
}

#[test]
fn lambda_publishes_no_datapoint_for_a_minute_without_invocations_while_sqs_publishes_zeros() {
    let mut sim = lab004_with_a_fail_order();
    sim.run_until(5 * MIN);
    let invocations = sim
        .metric("AWS/Lambda", "Invocations", "CreateOrderFunction")
        .unwrap();
    let starts: Vec<u64> = invocations.points().map(|p| p.period_start_ms).collect();
    assert_eq!(starts, vec![0], "one invocation, in the first minute");
    let visible = sim
        .metric(
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            "order-processing-queue",
        )
        .unwrap();
    assert_eq!(visible.points().count(), 5, "a datapoint every minute");
}

#[test]
fn errors_average_is_the_error_rate() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 3).unwrap();
    sim.run_until(1_000);
    sim.apply(send(
        "order-processing-queue",
        json!({"orderId": "a", "notes": "FAIL"}),
    ))
    .unwrap();
    sim.apply(send(
        "order-processing-queue",
        json!({"orderId": "b", "notes": "ok"}),
    ))
    .unwrap();
    sim.run_until(MIN);
    let errors = sim
        .metric("AWS/Lambda", "Errors", "OrderWorkerFunction")
        .unwrap();
    let first = errors.points().next().unwrap();
    assert!(first.sample_count >= 1.0);
    assert_eq!(
        first.statistic(Statistic::Average),
        first.sum / first.sample_count
    );
}

#[test]
fn an_alarm_on_a_metric_no_resource_publishes_stays_in_insufficient_data() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let mut alarm = serde_json::to_value(&sim.alarms()[0].config).unwrap();
    alarm["AlarmName"] = json!("typo-alarm");
    alarm["Dimensions"] = json!([{"Name": "QueueName", "Value": "order-procesing-dlq"}]);
    let action: Action =
        serde_json::from_value(json!({"Action": "PutMetricAlarm", "Alarm": alarm})).unwrap();
    sim.apply(action).unwrap();
    sim.run_until(5 * MIN);
    let a = sim.alarm("typo-alarm").unwrap();
    assert_eq!(a.state, AlarmState::INSUFFICIENT_DATA);
    assert_eq!(
        a.state_reason,
        "Insufficient Data: 1 datapoint was unknown."
    );
}

/// A 3-of-3 alarm on a queue with one message waiting: its first minutes have one or
/// two datapoints, all breaching, too few to judge. It stays INSUFFICIENT_DATA and
/// sends no "OK" e-mail (it went to OK at 1 min, a false all-clear: the audit), then
/// goes to ALARM once three minutes breach. ("- - - - X" does not alarm yet, "- - X
/// - -" does: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html)
#[test]
fn a_3_of_3_alarm_waits_for_its_datapoints_before_it_judges() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let mut alarm = serde_json::to_value(&sim.alarms()[0].config).unwrap();
    alarm["EvaluationPeriods"] = json!(3);
    alarm["DatapointsToAlarm"] = json!(3);
    alarm["OKActions"] = alarm["AlarmActions"].clone();
    let action: Action =
        serde_json::from_value(json!({"Action": "PutMetricAlarm", "Alarm": alarm})).unwrap();
    sim.apply(action).unwrap();
    sim.apply(send("order-processing-dlq", json!({"orderId": "o-1"})))
        .unwrap();
    sim.run_until(2 * MIN + 1);
    let a = sim.alarm("order-processing-alarm").unwrap();
    assert_eq!(a.state, AlarmState::INSUFFICIENT_DATA, "{}", a.state_reason);
    assert_eq!(sim.inbox().count(), 0, "no OK e-mail");
    sim.run_until(3 * MIN + 1);
    let a = sim.alarm("order-processing-alarm").unwrap();
    assert_eq!(a.state, AlarmState::ALARM, "{}", a.state_reason);
    assert!(a
        .state_reason
        .starts_with("Threshold Crossed: 3 out of the last 3 datapoints"));
}

/// "For any period of one minute or longer, an alarm is evaluated every minute … if the
/// Period is 5 minutes and Evaluation Periods is 1, then at the end of minute 5 the alarm
/// evaluates based on data from minutes 1 to 5. Then at the end of minute 6, the alarm
/// is evaluated based on the data from minutes 2 to 6." A sliding window is the default
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html,
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation-window.html).
/// A message that arrives in minute 6 fires a 5-minute alarm at its end, not at minute 10.
#[test]
fn a_five_minute_alarm_is_evaluated_every_minute_over_a_sliding_window() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let mut alarm = serde_json::to_value(&sim.alarms()[0].config).unwrap();
    alarm["Period"] = json!(300);
    alarm["Statistic"] = json!("Maximum");
    let action: Action =
        serde_json::from_value(json!({"Action": "PutMetricAlarm", "Alarm": alarm})).unwrap();
    sim.apply(action).unwrap();
    sim.run_until(5 * MIN + 30_000);
    let a = sim.alarm("order-processing-alarm").unwrap();
    assert_eq!(a.state, AlarmState::OK, "{}", a.state_reason);
    sim.apply(send("order-processing-dlq", json!({"orderId": "o-1"})))
        .unwrap();
    sim.run_until(6 * MIN + 1);
    let a = sim.alarm("order-processing-alarm").unwrap();
    assert_eq!(a.state, AlarmState::ALARM, "{}", a.state_reason);
    let changed_at = sim
        .trace()
        .entries()
        .filter(|e| e.kind == TraceKind::AlarmStateChanged)
        .map(|e| e.at_ms)
        .next_back();
    assert_eq!(changed_at, Some(6 * MIN));
}

/// In the world's first minutes a 5-minute window holds the minutes there are: the alarm
/// judges them (AWS takes the statistic over the datapoints in the window), and a
/// TreatMissingData of breaching does not fire it on a window that was never empty.
#[test]
fn a_five_minute_alarm_judges_its_first_minutes_on_the_datapoints_they_have() {
    let five_minutes = |sim: &mut Simulation, missing: &str| {
        let mut alarm = serde_json::to_value(&sim.alarms()[0].config).unwrap();
        alarm["Period"] = json!(300);
        alarm["Statistic"] = json!("Maximum");
        alarm["TreatMissingData"] = json!(missing);
        let action: Action =
            serde_json::from_value(json!({"Action": "PutMetricAlarm", "Alarm": alarm})).unwrap();
        sim.apply(action).unwrap();
    };
    let mut quiet = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    five_minutes(&mut quiet, "breaching");
    quiet.run_until(MIN + 1);
    let a = quiet.alarm("order-processing-alarm").unwrap();
    assert_eq!(a.state, AlarmState::OK, "{}", a.state_reason);
    let mut failing = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    five_minutes(&mut failing, "missing");
    failing.run_until(30_000);
    failing
        .apply(send("order-processing-dlq", json!({"orderId": "o-1"})))
        .unwrap();
    failing.run_until(MIN + 1);
    let a = failing.alarm("order-processing-alarm").unwrap();
    assert_eq!(a.state, AlarmState::ALARM, "{}", a.state_reason);
}

/// A FIFO queue also publishes NumberOfDeduplicatedSentMessages ("the number of
/// messages sent to a queue that were deduplicated") and
/// ApproximateNumberOfGroupsWithInflightMessages; a standard queue publishes neither
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
#[test]
fn a_fifo_queue_counts_deduplicated_sends_and_groups_in_flight() {
    let scenario = common::scenario(json!({ "Name": "t", "Queues": [
        { "QueueName": "orders.fifo", "FifoQueue": true, "ContentBasedDeduplication": true },
        { "QueueName": "plain" }] }));
    let mut sim = Simulation::new(scenario, 1).unwrap();
    let send = |group: &str, body: serde_json::Value| {
        common::send_with("orders.fifo", body, Some(group), None, None)
    };
    sim.apply(send("g1", json!({"orderId": "a"}))).unwrap();
    sim.apply(send("g1", json!({"orderId": "a"}))).unwrap();
    sim.apply(send("g2", json!({"orderId": "b"}))).unwrap();
    let receive = Action::ReceiveMessage {
        queue_name: "orders.fifo".into(),
        max_number_of_messages: 10,
        visibility_timeout: Some(300),
        // A long poll: a short one samples servers and may answer empty.
        wait_time_seconds: Some(5),
    };
    sim.apply(receive).unwrap();
    sim.run_until(MIN + 1);
    let last = |metric: &str| {
        sim.metric("AWS/SQS", metric, "orders.fifo")
            .unwrap_or_else(|| panic!("{metric}"))
            .points()
            .map(|p| p.statistic(Statistic::Sum))
            .next_back()
    };
    assert_eq!(last("NumberOfDeduplicatedSentMessages"), Some(1.0));
    assert_eq!(last("NumberOfMessagesSent"), Some(2.0));
    assert_eq!(
        last("ApproximateNumberOfGroupsWithInflightMessages"),
        Some(2.0)
    );
    assert!(sim
        .metric("AWS/SQS", "NumberOfDeduplicatedSentMessages", "plain")
        .is_none());
}

#[test]
fn a_refused_alarm_changes_nothing() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let before = sim.trace().hash();
    let mut alarm = serde_json::to_value(&sim.alarms()[0].config).unwrap();
    alarm["Period"] = json!(45);
    let action: Action =
        serde_json::from_value(json!({"Action": "PutMetricAlarm", "Alarm": alarm})).unwrap();
    let err = sim.apply(action).unwrap_err();
    assert!(err.to_string().contains("multiple of 60"), "{err}");
    assert_eq!(sim.trace().hash(), before);
    assert_eq!(sim.alarms().len(), 1);
    // A Period whose product with EvaluationPeriods passes u64 is refused, not wrapped.
    alarm["Period"] = json!(60u64 << 58);
    alarm["EvaluationPeriods"] = json!(16);
    alarm["DatapointsToAlarm"] = json!(1);
    let action: Action =
        serde_json::from_value(json!({"Action": "PutMetricAlarm", "Alarm": alarm})).unwrap();
    let err = sim.apply(action).unwrap_err();
    assert!(
        err.to_string().contains("must not exceed 86,400 seconds"),
        "{err}"
    );
    assert_eq!(sim.trace().hash(), before);
}

#[test]
fn set_alarm_state_runs_the_actions_of_the_new_state() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let action: Action = serde_json::from_value(json!({
        "Action": "SetAlarmState", "AlarmName": "order-processing-alarm",
        "StateValue": "ALARM", "StateReason": "testing the e-mail"
    }))
    .unwrap();
    sim.apply(action).unwrap();
    let mail: Vec<_> = sim.inbox().collect();
    assert_eq!(mail.len(), 1);
    assert!(mail[0].body.contains("because \"testing the e-mail\""));
}

/// IteratorAge: for stream sources, "how old the last record in the batch was when
/// processing finished" (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html):
/// from the record's write to the end of the invocation. It was measured when the
/// batch was sent (the fidelity audit).
#[test]
fn a_stream_function_publishes_iterator_age_and_others_do_not() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 3).unwrap();
    sim.run_until(1_000);
    sim.apply(http(
        json!({"customerName": "Ann", "product": "Desk", "amount": 120, "notes": ""}),
    ))
    .unwrap();
    sim.run_until(3 * MIN);
    let ages: Vec<_> = sim
        .metric("AWS/Lambda", "IteratorAge", "ProcessOrderFunction")
        .unwrap()
        .points()
        .collect();
    assert_eq!(ages.len(), 1, "one batch, one datapoint");
    let max = ages[0].statistic(Statistic::Maximum);
    assert!(
        max > 0.0 && max < 5_000.0,
        "a fresh record is young: {max} ms"
    );
    let at = |kind: TraceKind, resource: &str| {
        sim.trace()
            .entries()
            .find(|e| e.kind == kind && (e.resource == resource || e.to == Some(resource)))
            .map(|e| e.at_ms)
            .unwrap()
    };
    let written = at(TraceKind::ItemWritten, "Orders");
    let finished = at(TraceKind::InvocationSucceeded, "ProcessOrderFunction");
    assert_eq!(max, (finished - written) as f64, "written to processed");
    let none = sim
        .metric("AWS/Lambda", "IteratorAge", "OrderWorkerFunction")
        .unwrap()
        .points()
        .count();
    assert_eq!(none, 0, "an SQS-triggered function has no IteratorAge");
}
