//! The exported Python handlers and the model agree on events a learner can send
//! from the console's Test tab, malformed ones included: for every function of every
//! built-in scenario, the model's synchronous invocation (status, response or the
//! runtime's errorType and errorMessage, and the lines the handler logged) is the one
//! CPython gives running the handler `sim_cli export` deploys
//! (tests/python/run_handler.py, boto3 replaced by a recorder). A learner who deploys
//! the export should see what they saw here
//! (https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html).

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};
use std::rc::Rc;

use common::*;
use serde_json::{json, Value};
use sim_core::action::InvocationType;
use sim_core::lambda::test_invoke::TestState;
use sim_core::lambda::Behavior;
use sim_core::view::FunctionView;
use sim_core::{Action, Scenario, Simulation};

/// Events of every shape the labs' handlers receive, and broken ones.
fn events() -> Vec<Value> {
    let sqs = |body: &str| json!({"Records": [{"messageId": "m-1", "body": body}]});
    let image =
        |v: Value| json!({"Records": [{"eventName": "INSERT", "dynamodb": {"NewImage": v}}]});
    vec![
        json!({}),
        json!("text"),
        json!([1, 2]),
        json!({"Records": []}),
        json!({"Records": "x"}),
        json!({"Records": [{}]}),
        json!({"Records": [{"body": "{}"}]}),
        sqs("not json"),
        sqs("[]"),
        sqs("7"),
        sqs("{}"),
        sqs(r#"{"orderId": "o-1", "amount": 12}"#),
        sqs(r#"{"orderId": 5, "amount": "x"}"#),
        sqs(r#"{"orderId": null, "notes": 3}"#),
        sqs(r#"{"pedidoId": "p-1", "clienteId": "c-1", "itens": [{"item": "x", "qtd": 1}]}"#),
        sqs(r#"{"pedidoId": 5, "itens": "x"}"#),
        sqs(r#"{"pedidoId": "p-2", "status": "NOVO"}"#),
        sqs(r#"{"detail": {"orderId": "o-2", "amount": 30}}"#),
        sqs(r#"{"detail": "x"}"#),
        sqs(r#"{"order_id": "A", "processing_attempts": "x"}"#),
        sqs(r#"{"pedidoId": "p-4", "clienteId": "c-1", "itens": [{"item": "x", "qtd": 1.5}]}"#),
        sqs(r#"{"detail": {"pedidoId": 7, "novosItens": []}}"#),
        sqs(r#"{"detail": {"pedidoId": "p-5", "novosItens": [{"item": "y", "qtd": 2.5}]}}"#),
        sqs(r#"{"detail": {"order_id": "o-8", "items": [{"sku": "A", "qty": 0.5}]}}"#),
        sqs(r#"{"orderId": "o-6", "amount": "20000"}"#),
        sqs(r#"{"orderId": "o-7", "amount": 0.00001, "order_id": {"a": true}, "total": 1e-7}"#),
        json!({"body": "not json"}),
        json!({"body": null}),
        json!({"body": "{}"}),
        json!({"body": r#"{"orderId": "o-3", "customerName": "Ana", "product": "Book", "amount": "12"}"#}),
        json!({"body": r#"{"customerName": "Ana", "product": "Book", "amount": -1}"#}),
        json!({"body": "[]"}),
        json!({"body": r#"{"order_id": "o-9", "amount": 0}"#}),
        json!({"body": r#"{"order_id": "o-9", "amount": true}"#}),
        json!({"body": r#"{"order_id": "o-9", "amount": false}"#}),
        json!({"body": r#"{"customerName": "Ana", "product": "Book", "amount": 10, "notes": 2.5}"#}),
        json!({"body": "[1]"}),
        json!({"httpMethod": "POST", "body": r#"{"pedidoId": "p-3"}"#, "pathParameters": {"pedidoId": "p-3"}}),
        json!({"detail": {}}),
        json!({"detail": "x"}),
        json!({"detail": {"orderId": "o-4", "amount": 10, "customerEmail": "a@b.c"}}),
        image(json!({})),
        image(json!({"orderId": {"S": "o-5"}, "amount": {"N": "15000"}})),
        image(json!({"orderId": {"N": "5"}})),
        json!({"Records": [{"eventName": "INSERT", "dynamodb": {}}]}),
        json!({"Records": [{"eventName": "INSERT", "dynamodb": {"NewImage": [1]}}]}),
        json!({"Records": [{"s3": {}}]}),
        json!({"Records": [{"s3": {"bucket": {"name": "b"}, "object": {"key": "k.json"}}}]}),
    ]
}

/// Every message in every queue with its id and SenderId, in the order each queue
/// holds them.
fn messages(sim: &Simulation) -> Vec<(String, String, String)> {
    sim.queues()
        .iter()
        .flat_map(|q| {
            q.messages().map(|(_, m)| {
                (
                    m.message_id.clone(),
                    m.sender_id.to_string(),
                    m.body.clone(),
                )
            })
        })
        .collect()
}

/// What the console's Test shows, in the form run_handler.py prints, with the bodies
/// of the messages the function sent to SQS (`sent`).
fn model_outcome(scenario: &Scenario, function: &str, event: &Value) -> Value {
    let mut sim = Simulation::new(scenario.clone(), 1).unwrap();
    let before: BTreeSet<String> = messages(&sim).into_iter().map(|(id, ..)| id).collect();
    sim.apply(Action::Invoke {
        function_name: function.into(),
        invocation_type: InvocationType::RequestResponse,
        payload: event.clone(),
    })
    .unwrap();
    // Up to the answer, before any consumer could delete what the function sent.
    let done = |sim: &Simulation| {
        FunctionView::of(sim, function)
            .and_then(|v| v.last_test)
            .is_some_and(|t| matches!(t.state, TestState::Done(_)))
    };
    while !done(&sim) && sim.step() {}
    // Sent by the function itself (its role's SenderId), not delivered by SNS.
    let sender = format!("AROAEXAMPLEROLEID:{function}");
    let sent: Vec<Value> = messages(&sim)
        .into_iter()
        .filter(|(id, from, _)| !before.contains(id) && *from == sender)
        .map(|(.., body)| json!(body))
        .collect();
    let view = FunctionView::of(&sim, function).unwrap();
    let Some(TestState::Done(done)) = view.last_test.as_ref().map(|t| &t.state) else {
        panic!("{} {function}: the test did not finish", scenario.name);
    };
    // The runtime's own lines: START, END, REPORT and, for an unhandled error,
    // `[ERROR] Type: message` and the traceback.
    let error_line = format!(
        "[ERROR] {}: {}",
        done.response["errorType"].as_str().unwrap_or_default(),
        done.response["errorMessage"].as_str().unwrap_or_default()
    );
    let lines: Vec<Value> = view
        .test_log
        .iter()
        .map(|l| l.text.as_str())
        .filter(|t| !is_runtime_line(t) && (done.succeeded || *t != error_line))
        .map(|t| json!(t))
        .collect();
    if done.succeeded {
        json!({"ok": true, "response": done.response, "lines": lines, "sent": sent})
    } else {
        json!({"ok": false, "errorType": done.response["errorType"],
               "errorMessage": done.response["errorMessage"],
               "stackTrace": done.response["stackTrace"], "lines": lines, "sent": sent})
    }
}

/// The lines Lambda's runtime writes around the handler's own.
fn is_runtime_line(text: &str) -> bool {
    [
        "START ",
        "END ",
        "REPORT ",
        "INIT_START ",
        "Traceback (most recent call last):",
    ]
    .iter()
    .any(|p| text.starts_with(p))
}

fn python() -> String {
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/venv/bin/python");
    if std::path::Path::new(venv).exists() {
        venv.to_string()
    } else {
        "python3".to_string()
    }
}

fn python_outcomes(
    name: &str,
    source: &str,
    env: &[(&str, String)],
    events: &[Value],
) -> Vec<Value> {
    let runner = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/python/run_handler.py"
    );
    let env: serde_json::Map<String, Value> =
        env.iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
    let input = json!({"name": name, "source": source, "env": env, "events": events});
    let mut child = Command::new(python())
        .arg(runner)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/setup.sh installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "run_handler.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("run_handler.py prints JSON")
}

/// An outcome with what the recorder cannot give set aside: each run's random ids
/// (uuid4), and the DynamoDB response lab 000's updates print (the recorder answers
/// no request ids or HTTP headers; labs_as_written.rs checks that line).
fn comparable(outcome: &Value) -> String {
    let mut outcome = outcome.clone();
    if let Some(Value::Array(lines)) = outcome.get_mut("lines") {
        for line in lines {
            if let Some((head, _)) = line
                .as_str()
                .and_then(|l| l.split_once(" Resposta DynamoDB: "))
            {
                *line = json!(head);
            }
        }
    }
    without_uuids(&outcome.to_string())
}

/// The text with every uuid (8-4-4-4-12 hex digits) written as `<uuid>`.
fn without_uuids(text: &str) -> String {
    let is_uuid = |s: &[u8]| {
        s.len() == 36
            && s.iter().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => *b == b'-',
                _ => b.is_ascii_hexdigit(),
            })
    };
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i..i + 36).is_some_and(is_uuid) {
            out.push_str("<uuid>");
            i += 36;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The behaviour, and where it draws at random, once always succeeding and once
/// always failing (the model's draws and CPython's `random` differ).
fn variants(b: &Behavior) -> Vec<Behavior> {
    match b {
        Behavior::ChargePayment { .. } => [0, 1000]
            .map(|success_per_mille| Behavior::ChargePayment { success_per_mille })
            .to_vec(),
        Behavior::SqsGuideConsumer {
            queue_name,
            dead_letter_queue_name,
            max_retries,
            ..
        } => [0, 1000]
            .map(|success_per_mille| Behavior::SqsGuideConsumer {
                queue_name: queue_name.clone(),
                dead_letter_queue_name: dead_letter_queue_name.clone(),
                success_per_mille,
                max_retries: *max_retries,
            })
            .to_vec(),
        other => vec![other.clone()],
    }
}

#[test]
fn every_exported_handler_answers_as_the_model_does() {
    let events = events();
    let mut seen = BTreeSet::new();
    let mut differences = Vec::new();
    let mut compared = 0;
    for (id, _) in sim_core::scenario::BUILTIN {
        let original = builtin(id);
        for (i, f) in original.functions.iter().enumerate() {
            for behavior in variants(&f.behavior) {
                let (source, env) = sim_core::cloudformation::export::handler(&behavior);
                if !seen.insert((source, format!("{env:?}"))) {
                    continue;
                }
                let mut scenario = original.clone();
                scenario.functions[i].behavior = Rc::new(behavior);
                // As the exported template deploys it: inline ZipFile code is saved as
                // index.py, so its frames name that file.
                scenario.functions[i].handler = "index.lambda_handler".into();
                let python = python_outcomes(&f.function_name, source, &env, &events);
                for (event, py) in events.iter().zip(&python) {
                    let model = model_outcome(&scenario, &f.function_name, event);
                    compared += 1;
                    if comparable(&model) != comparable(py) {
                        differences.push(format!(
                            "{id} {}: event {event}\n  model:  {model}\n  python: {py}",
                            f.function_name
                        ));
                    }
                }
            }
        }
    }
    assert!(compared > 300, "{compared} cases");
    assert!(
        differences.is_empty(),
        "{} of {compared} cases differ:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// `json.loads`' errors on broken texts, as CPython reports them: each of 4,000
/// mutations of message bodies (a character deleted, inserted or the text cut) gets
/// the model's message and position (labs/json_errors.rs) and CPython's.
#[test]
fn json_errors_read_as_cpython_reports_them() {
    let seeds = [
        r#"{"pedidoId": "p-1", "clienteId": "c-1", "itens": [{"item": "Café", "qtd": 2}]}"#,
        r#"{"detail": {"order_id": "order-1", "amount": 120.5, "tags": ["a", "b"], "ok": true}}"#,
        "[1, -2.5e+3, null, false, \"a\\\\b\\u00e7\\n\"]",
        "{\n  \"a\": 1,\n  \"b\": [0, 10, 1e5]\n}",
    ];
    let inserts = [
        '{', '}', '[', ']', '"', ',', ':', '\\', ' ', '\n', '0', '1', '-', '.', 'e', 'u', 'x', 'n',
        '\u{1}',
    ];
    // A small LCG: the cases are the same on every run.
    let mut state = 7u64;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    let mut texts = Vec::new();
    for _ in 0..4000 {
        let mut t: Vec<char> = seeds[next(seeds.len())].chars().collect();
        for _ in 0..1 + next(2) {
            let at = next(t.len() + 1);
            match next(3) {
                0 if at < t.len() => drop(t.remove(at)),
                1 => t.insert(at, inserts[next(inserts.len())]),
                _ => t.truncate(at),
            }
        }
        texts.push(t.into_iter().collect::<String>());
    }
    let script = "import json, sys\nout = []\nfor t in json.load(sys.stdin):\n    try:\n        json.loads(t); out.append(None)\n    except json.JSONDecodeError as e:\n        out.append([e.msg, e.pos])\n    except RecursionError:\n        out.append(None)\njson.dump(out, sys.stdout)\n";
    let mut child = Command::new(python())
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(json!(texts).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let cpython: Vec<Option<(String, usize)>> = serde_json::from_slice(&out.stdout).unwrap();
    let mut wrong = Vec::new();
    let mut refused = 0;
    for (text, expected) in texts.iter().zip(cpython) {
        let got =
            sim_core::labs::json_errors::cpython_json_error(text).map(|(m, p)| (m.to_string(), p));
        refused += usize::from(expected.is_some());
        if got != expected {
            wrong.push(format!("{text:?}: model {got:?}, CPython {expected:?}"));
        }
    }
    assert!(refused > 2000, "most mutations are refused ({refused})");
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(20)].join("\n")
    );
}
