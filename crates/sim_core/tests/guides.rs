//! Every scenario's guided lab, followed with its own "show me": each step's check
//! fails before its show me (a check that cannot fail teaches nothing) and holds
//! after it, in order, to the last step, under several seeds (a learner's seed is
//! random, and some outcomes, such as which consumer receives a message, follow it).

mod common;

use sim_core::scenario::guide::ShowMe;
use sim_core::view::check_holds;
use sim_core::{Action, Simulation};

/// Each guide is followed under seeds 1 to 41: a learner's seed is any number, and
/// a step's outcome can follow it (the lab 003 payments' 10% failures, the SQS guide's
/// 20%, which of two consumers receives a message).
const SEEDS: std::ops::RangeInclusive<u64> = 1..=41;

fn follow(id: &str) -> usize {
    SEEDS.map(|seed| follow_with(id, seed)).min().unwrap_or(0)
}

fn follow_with(id: &str, seed: u64) -> usize {
    let mut sim = Simulation::new(common::builtin(id), seed).unwrap();
    let guide = sim.scenario().guide.clone().expect("a guide");
    for (i, step) in guide.steps.iter().enumerate() {
        assert!(
            !check_holds(&sim, &step.check),
            "{id} seed {seed} step {} \"{}\": its check already holds before the learner acts",
            i + 1,
            step.title
        );
        for s in &step.show_me {
            match s {
                ShowMe::Apply(a) => sim
                    .apply((**a).clone())
                    .unwrap_or_else(|e| panic!("{id} seed {seed} step {}: {e:?}", i + 1)),
                ShowMe::Wait { ms } => {
                    let t = sim.now_ms() + ms;
                    sim.run_until(t);
                }
            }
        }
        assert!(
            check_holds(&sim, &step.check),
            "{id} seed {seed} step {} \"{}\": its check does not hold after its show me",
            i + 1,
            step.title
        );
    }
    guide.steps.len()
}

#[test]
fn every_guided_lab_can_be_followed_to_the_end_with_its_show_me() {
    let mut followed = 0;
    for (id, _) in sim_core::scenario::BUILTIN {
        let has_guide = common::builtin(id).guide.is_some();
        if has_guide {
            assert!(
                follow(id) >= 5,
                "{id}: a guide of a handful of steps at least"
            );
            followed += 1;
        }
    }
    assert!(
        followed >= 7,
        "lab 000, the SQS guide, lab 003 and lab 004's four stages"
    );
}

/// Seed 000: "Substitua seu-nome em todos os nomes de recursos." With the learner's
/// name on every resource, lab 000's guide still runs to its end.
#[test]
fn lab000s_guide_runs_to_its_end_with_the_learners_name_on_every_resource() {
    assert!(follow("lab000-pedidos@maria") >= 5);
}

#[test]
fn a_guide_with_an_unknown_check_is_refused_with_the_step_named() {
    let text = serde_json::json!({
        "Name": "t",
        "Guide": { "Title": "x", "Language": "en", "Steps": [
            { "Title": "a", "Do": "b", "Why": "c", "Hint": "d", "Check": { "Type": "Nope" } }
        ] }
    })
    .to_string();
    let e = sim_core::Scenario::parse("t.json", &text).unwrap_err();
    assert!(
        e.contains("Guide.Steps[0].Check: unknown check Type \"Nope\""),
        "{e}"
    );
}

#[test]
fn the_steps_done_with_send_events_are_known_from_their_show_me() {
    let sim = Simulation::new(common::builtin("lab000-pedidos"), 1).unwrap();
    let guide = sim.scenario().guide.clone().expect("a guide");
    let sends: Vec<bool> = guide.steps.iter().map(|s| s.sends_events()).collect();
    // Step 1 posts an order; 2, 4 and 5 send cancel and alter events (step 2 also
    // deletes a role policy); 3 puts the policy back and waits.
    assert_eq!(&sends[..5], [false, true, false, true, true]);
}

/// "Use Submit 10 orders" steps find the many-orders form; orders sent one at a time
/// (lab 004's pipes, a wait between them) or a few (the FIFO guide) the order form.
#[test]
fn the_steps_done_with_submit_many_are_known_from_their_show_me() {
    let many = |id: &str| -> Vec<usize> {
        let sim = Simulation::new(common::builtin(id), 1).unwrap();
        let guide = sim.scenario().guide.clone().expect("a guide");
        (0..guide.steps.len())
            .filter(|&i| guide.steps[i].sends_many_orders())
            .map(|i| i + 1)
            .collect()
    };
    assert_eq!(many("lab003-order-events"), [2]);
    assert_eq!(many("lab004-orders"), [5]);
    assert_eq!(many("lab004-pipes-fanout"), [3]);
    assert_eq!(many("lab004-streams"), [5]);
    assert_eq!(many("lab004-pipes"), Vec::<usize>::new());
    assert_eq!(many("sqs-fifo-pedidos"), Vec::<usize>::new());
    assert_eq!(many("lab000-pedidos"), Vec::<usize>::new());
}

/// The world after steps `1..=done` of a guide, each with its show me.
fn after_steps(id: &str, seed: u64, done: usize) -> Simulation {
    let mut sim = Simulation::new(common::builtin(id), seed).unwrap();
    let guide = sim.scenario().guide.clone().expect("a guide");
    for step in &guide.steps[..done] {
        for s in &step.show_me {
            match s {
                ShowMe::Apply(a) => sim.apply((**a).clone()).unwrap(),
                ShowMe::Wait { ms } => {
                    let t = sim.now_ms() + ms;
                    sim.run_until(t);
                }
            }
        }
    }
    sim
}

/// Steps that ask the learner to watch something unfold must not tick at its first
/// sign: lab 004 pipes step 4 ("let 3 minutes pass, watch the DLQ and the alarm")
/// ticked on the worker's first failure, ten seconds in, and its next step said to
/// fix the worker; lab 004 streams step 3 ("let 1 minute pass") on the first retry.
#[test]
fn watching_steps_do_not_tick_at_the_first_sign() {
    use sim_core::trace::TraceKind;
    let count = |sim: &Simulation, kind: TraceKind| {
        sim.trace().entries().filter(|e| e.kind == kind).count()
    };
    let mut failed_early = 0;
    for seed in 1..=8 {
        for (id, done, kind, after_ms) in [
            ("lab004-pipes", 3, TraceKind::InvocationFailed, 20_000),
            ("lab004-streams", 2, TraceKind::StreamBatchRetry, 10_000),
        ] {
            let mut sim = after_steps(id, seed, done);
            let step = sim.scenario().guide.clone().unwrap().steps[done].clone();
            let before = count(&sim, kind);
            // The step's first order only, and a little time.
            let first = step.show_me.iter().find_map(|s| match s {
                ShowMe::Apply(a) => Some((**a).clone()),
                ShowMe::Wait { .. } => None,
            });
            sim.apply(first.unwrap()).unwrap();
            let t = sim.now_ms() + after_ms;
            sim.run_until(t);
            assert!(
                !check_holds(&sim, &step.check),
                "{id} seed {seed}: ticked at the first sign"
            );
            failed_early += usize::from(count(&sim, kind) > before);
        }
    }
    assert!(
        failed_early > 8,
        "the first sign did show in most runs ({failed_early})"
    );
}

/// Lab 000 step 2 cancels s3P003 with the role broken; step 3 waits for that message
/// to come back. Sent for apiP001 (the preset as offered), step 2 ticked and step 3
/// could never tick (the lab 000 walk was stuck there): it ticks for s3P003 only.
#[test]
fn lab000_step2_ticks_only_for_the_cancel_that_step3_waits_for() {
    let mut sim = after_steps("lab000-pedidos", 1, 1);
    let step = sim.scenario().guide.clone().unwrap().steps[1].clone();
    let mut actions: Vec<sim_core::Action> = step
        .show_me
        .iter()
        .filter_map(|s| match s {
            ShowMe::Apply(a) => Some((**a).clone()),
            ShowMe::Wait { .. } => None,
        })
        .collect();
    // The same cancel, for apiP001.
    if let Some(sim_core::Action::PutEvents { entries }) = actions.last_mut() {
        entries[0].detail = Some(r#"{"pedidoId": "apiP001"}"#.into());
    }
    for a in actions {
        sim.apply(a).unwrap();
    }
    let t = sim.now_ms() + 10_000;
    sim.run_until(t);
    let denied = sim
        .logs()
        .get("/aws/lambda/cancela-pedido-lambda")
        .is_some_and(|g| g.lines().any(|(_, l)| l.contains("AccessDeniedException")));
    assert!(denied, "the cancel was refused");
    assert!(!check_holds(&sim, &step.check));
}

/// The lab 000 walk cancelled s3P003 first (the lab offers it as an example), then
/// did step 2: step 3 ("fix the role") ticked at once with the policy still deleted,
/// since s3P003 was already CANCELADO, and every later cancel was refused. Step 3
/// now also asks that the role may call dynamodb:UpdateItem on the table again.
#[test]
fn lab000_step3_waits_for_the_role_even_when_s3p003_was_cancelled_before() {
    let mut sim = after_steps("lab000-pedidos", 1, 1);
    let steps = sim.scenario().guide.clone().unwrap().steps.clone();
    let cancel = steps[1]
        .show_me
        .iter()
        .find_map(|s| match s {
            ShowMe::Apply(a) if matches!(**a, sim_core::Action::PutEvents { .. }) => {
                Some((**a).clone())
            }
            _ => None,
        })
        .expect("step 2 sends s3P003's cancel");
    sim.apply(cancel).unwrap();
    let t = sim.now_ms() + 10_000;
    sim.run_until(t);
    assert!(
        check_holds(&sim, &steps[2].check),
        "s3P003 is CANCELADO and nothing is broken yet"
    );
    for s in &steps[1].show_me {
        match s {
            ShowMe::Apply(a) => sim.apply((**a).clone()).unwrap(),
            ShowMe::Wait { ms } => {
                let t = sim.now_ms() + ms;
                sim.run_until(t);
            }
        }
    }
    assert!(
        check_holds(&sim, &steps[1].check),
        "step 2 done: the cancel was refused"
    );
    assert!(
        !check_holds(&sim, &steps[2].check),
        "step 3 must wait for the policy to be back"
    );
    for s in &steps[2].show_me {
        if let ShowMe::Apply(a) = s {
            sim.apply((**a).clone()).unwrap();
        }
    }
    assert!(check_holds(&sim, &steps[2].check), "the policy is back");
    // The deny-permission fault is a role that lost everything: not fixed while on.
    sim.apply(sim_core::Action::SetFault {
        function_name: "cancela-pedido-lambda".into(),
        fault: sim_core::action::FaultKind::DenyPermission,
        enabled: true,
        fraction: None,
        seconds: None,
    })
    .unwrap();
    assert!(!check_holds(&sim, &steps[2].check), "denied by the fault");
}

#[test]
fn a_role_allows_check_names_a_declared_role() {
    let text = include_str!("../../../scenarios/lab000-pedidos.json")
        .replacen("\"RoleName\": \"lambda-altera-cancela-role\",\n              \"Action\": \"dynamodb:UpdateItem\"", "\"RoleName\": \"no-such-role\",\n              \"Action\": \"dynamodb:UpdateItem\"", 1);
    let err = sim_core::scenario::Scenario::parse("lab000-pedidos.json", &text).unwrap_err();
    assert!(err.contains("role \"no-such-role\""), "{err}");
}

/// A step done through the API (its show me sends an HTTP request) is not done by the
/// console's Test of a function further down the pipeline with its template event
/// (walk: lab 000's "Envie um pedido pela API" was ticked by testing
/// processa-pedidos-lambda, which writes the order straight to the table). Testing the
/// API's own function with its proxy event is what the API would have done.
#[test]
fn a_console_test_does_not_do_a_step_meant_for_the_api() {
    use sim_core::action::InvocationType;
    use sim_core::Action;
    for (id, _) in sim_core::scenario::BUILTIN {
        let scenario = common::builtin(id);
        let Some(guide) = scenario.guide.clone() else {
            continue;
        };
        let through_api = |step: &sim_core::scenario::guide::GuideStep| {
            step.show_me.iter().any(
                |s| matches!(s, ShowMe::Apply(a) if matches!(&**a, Action::HttpRequest { .. })),
            )
        };
        let api_functions: Vec<&str> = scenario
            .apis
            .iter()
            .flat_map(|a| a.routes.iter().map(|r| r.function_name.as_str()))
            .collect();
        for f in &scenario.functions {
            if api_functions.contains(&f.function_name.as_str()) {
                continue;
            }
            let mut sim = Simulation::new(scenario.clone(), 1).unwrap();
            let undone: Vec<bool> = guide
                .steps
                .iter()
                .map(|s| !check_holds(&sim, &s.check))
                .collect();
            let event = sim_core::view::sample_test_event(&sim, &f.function_name);
            sim.apply(Action::Invoke {
                function_name: f.function_name.clone(),
                invocation_type: InvocationType::RequestResponse,
                payload: event,
            })
            .unwrap();
            sim.run_until(sim.now_ms() + 60_000);
            for (i, step) in guide.steps.iter().enumerate() {
                assert!(
                    !(undone[i] && through_api(step) && check_holds(&sim, &step.check)),
                    "{id}: testing {} does step {} \"{}\", meant for the API",
                    f.function_name,
                    i + 1,
                    step.title
                );
            }
        }
    }
}

/// Lab 003 step 4 says to fix the payments, then redrive. Redriven before the fix, the
/// DLQ is empty for a moment and the step ticked, while the messages failed again and
/// came back (the student walk): it ticks once they are processed, not before.
#[test]
fn lab003_step4_does_not_tick_for_a_redrive_before_the_fix() {
    for seed in 1..=6 {
        let mut sim = after_steps("lab003-order-events", seed, 3);
        let step = sim.scenario().guide.clone().unwrap().steps[3].clone();
        let redrive = step.show_me.iter().find_map(|s| match s {
            ShowMe::Apply(a) if a.name() == "StartMessageMoveTask" => Some((**a).clone()),
            _ => None,
        });
        sim.apply(redrive.expect("step 4 redrives")).unwrap();
        let start = sim.now_ms();
        for t in (start..start + 5 * 60_000).step_by(1_000) {
            sim.run_until(t);
            assert!(
                !check_holds(&sim, &step.check),
                "seed {seed}: ticked {} s after a redrive of messages that still fail",
                (t - start) / 1000
            );
        }
        let back = sim.queue("payments-dlq").map(|q| q.len()).unwrap_or(0);
        assert!(
            back >= 2,
            "seed {seed}: they failed again, back in the DLQ ({back})"
        );
    }
}

/// Lab 004 orders step 3 says to purge the DLQ. The student walk pressed the DLQ
/// panel's highlighted "Start DLQ redrive" instead: the DLQ emptied for a moment, the
/// alarm went OK and the step ticked, then the message failed its way back.
#[test]
fn lab004_step3_does_not_tick_for_a_redrive_instead_of_the_purge() {
    let mut sim = after_steps("lab004-orders", 1, 2);
    redrive_lab004_dlq_without_step3(&mut sim);
}

/// Redrives lab 004's DLQ and runs 3 minutes, step 3 (the purge) never ticking.
fn redrive_lab004_dlq_without_step3(sim: &mut Simulation) {
    let step = sim.scenario().guide.clone().unwrap().steps[2].clone();
    sim.apply(Action::StartMessageMoveTask {
        source_queue: "order-processing-dlq".into(),
        destination_queue: None,
        max_number_of_messages_per_second: None,
    })
    .unwrap();
    let start = sim.now_ms();
    for t in (start..start + 3 * 60_000).step_by(1_000) {
        sim.run_until(t);
        assert!(
            !check_holds(sim, &step.check),
            "ticked {} s after a redrive",
            (t - start) / 1000
        );
    }
}

/// The same after step 2's hint ("if you purged the DLQ before then … send another
/// FAIL order"): a purge before the second order reached the DLQ does not count for a
/// redrive after it (the review found the step ticking that way).
#[test]
fn lab004_step3_does_not_count_a_purge_from_before_the_message_reached_the_dlq() {
    let mut sim = after_steps("lab004-orders", 1, 1);
    let guide = sim.scenario().guide.clone().unwrap();
    let fail_order = guide.steps[1].show_me.iter().find_map(|s| match s {
        ShowMe::Apply(a) => Some((**a).clone()),
        _ => None,
    });
    let fail_order = fail_order.expect("step 2 sends a FAIL order");
    let run_for = |sim: &mut Simulation, ms: u64| {
        let t = sim.now_ms() + ms;
        sim.run_until(t);
    };
    sim.apply(fail_order.clone()).unwrap();
    run_for(&mut sim, 100_000);
    sim.apply(Action::PurgeQueue {
        queue_name: "order-processing-dlq".into(),
    })
    .unwrap();
    sim.apply(fail_order).unwrap();
    run_for(&mut sim, 180_000);
    assert!(check_holds(&sim, &guide.steps[1].check), "step 2 is done");
    redrive_lab004_dlq_without_step3(&mut sim);
    // Purged now, it ticks once the alarm is back to OK.
    sim.apply(Action::PurgeQueue {
        queue_name: "order-processing-dlq".into(),
    })
    .unwrap();
    run_for(&mut sim, 120_000);
    assert!(
        check_holds(&sim, &guide.steps[2].check),
        "the purge does step 3"
    );
}

/// Lab 003 step 2 says to let 2 minutes pass and then look at payments-dlq. It ticked
/// when inventory had written the 11 orders, 10 s in, while a declined charge still
/// waited for its retry (the student walk): it waits until payments-queue is empty.
#[test]
fn lab003_step2_waits_for_the_payment_retries() {
    let mut waiting = 0;
    for seed in 1..=8 {
        let mut sim = after_steps("lab003-order-events", seed, 1);
        let step = sim.scenario().guide.clone().unwrap().steps[1].clone();
        for s in &step.show_me {
            if let ShowMe::Apply(a) = s {
                sim.apply((**a).clone()).unwrap();
            }
        }
        let t = sim.now_ms() + 20_000;
        sim.run_until(t);
        let pending = sim.queue("payments-queue").map_or(0, |q| q.len());
        if pending > 0 {
            waiting += 1;
            assert!(
                !check_holds(&sim, &step.check),
                "seed {seed}: ticked with {pending} payment(s) waiting for a retry"
            );
        }
    }
    assert!(waiting > 0, "some seed declines a charge in the first 20 s");
}

/// Lab 003 step 1 is "place an order": the Portuguese walk sent order-2 (and an order
/// with no id), saw it fan out to all three targets, and the step never ticked; it
/// had waited for order-1 alone.
#[test]
fn lab003_step1_ticks_for_an_order_of_the_learners_own() {
    for body in [
        serde_json::json!({"order_id": "order-2", "amount": 99}),
        serde_json::json!({"amount": 99}),
    ] {
        let mut sim = after_steps("lab003-order-events", 1, 0);
        let step = sim.scenario().guide.clone().unwrap().steps[0].clone();
        sim.apply(common::http(body.clone())).unwrap();
        sim.run_until(sim.now_ms() + 10_000);
        assert!(check_holds(&sim, &step.check), "{body}");
    }
    // A refused request and an order.placed from "Send events" are not an order placed
    // through the API (the review): the step waits for order-api's own event.
    let mut sim = after_steps("lab003-order-events", 1, 0);
    let step = sim.scenario().guide.clone().unwrap().steps[0].clone();
    let refused = serde_json::json!({"order_id": "order-4", "amount": "abc"});
    sim.apply(common::http(refused)).unwrap();
    let put = serde_json::json!({ "Action": "PutEvents", "Entries": [{
        "Source": "com.myapp.orders", "DetailType": "order.placed",
        "Detail": "{\"order_id\": \"order-3\", \"amount\": 5}", "EventBusName": "order-events"
    }] });
    sim.apply(sim_core::action::parse_step(&put, 0).unwrap().action)
        .unwrap();
    sim.run_until(sim.now_ms() + 10_000);
    assert!(!check_holds(&sim, &step.check));
}
