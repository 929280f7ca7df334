//! The command line as a user runs it: real processes, real files.

use std::process::{Command, Output};

use serde_json::Value;

fn sim_cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sim_cli"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("sim_cli runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("sim_cli_test_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn run_json_shows_the_lab004_outcomes_and_is_byte_for_byte_repeatable() {
    let args = [
        "run",
        "lab004-orders",
        "--script",
        "scenarios/scripts/lab004-three-orders.json",
        "--until",
        "5m",
        "--json",
        "--seed",
        "9",
    ];
    let a = sim_cli(&args);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(
        stdout(&a),
        stdout(&sim_cli(&args)),
        "same seed, same output"
    );
    let doc: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(doc["time_ms"], 300_000);
    let items = doc["tables"]["Orders"].as_array().unwrap();
    let status = |id: &str| {
        items
            .iter()
            .find(|i| i["orderId"] == id)
            .map(|i| i["status"].clone())
    };
    assert_eq!(status("ord-normal"), Some(Value::from("COMPLETED")));
    assert_eq!(status("ord-high"), Some(Value::from("FAILED")));
    let dlq = &doc["queues"]["order-processing-dlq"];
    assert_eq!(dlq["ApproximateNumberOfMessages"], 1);
    assert_eq!(dlq["messages"][0]["ApproximateReceiveCount"], 3);
    assert!(dlq["messages"][0]["Body"]
        .as_str()
        .unwrap()
        .contains("ord-fail"));
    assert_eq!(doc["functions"]["OrderWorkerFunction"]["errors"], 3);
    assert!(doc["logs"]["/aws/lambda/OrderWorkerFunction"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l.as_str().unwrap().starts_with("REPORT RequestId: ")));
}

#[test]
fn run_trace_prints_the_dlq_move() {
    let o = sim_cli(&[
        "run",
        "lab004-orders",
        "--script",
        "scenarios/scripts/lab004-three-orders.json",
        "--until",
        "5m",
        "--trace",
    ]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("receive count 3 reached maxReceiveCount 3, so the next receive moved it to order-processing-dlq")
    );
}

#[test]
fn bad_input_is_refused_with_a_message_and_exit_2() {
    let bad = temp_file(
        "bad.json",
        r#"{"Name": "x", "Queues": [{"QueueName": "q", "VisibilityTimeot": 5}]}"#,
    );
    let o = sim_cli(&["run", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("queue \"q\": unknown property `VisibilityTimeot`"),
        "{}",
        stderr(&o)
    );
    let o = sim_cli(&["run", "no-such-scenario"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("built-in ids: lab000-pedidos"));
    let o = sim_cli(&["run", "lab004-orders", "--until", "soon"]);
    assert_eq!(o.status.code(), Some(2));
    let script = temp_file("script.json", r#"[{"At": "1s", "Action": "Explode"}]"#);
    let o = sim_cli(&["run", "lab004-orders", "--script", &script]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("step 0 (Explode)"), "{}", stderr(&o));
}

#[test]
fn test_event_pattern_answers_like_the_aws_cli_and_explains() {
    let pattern = temp_file(
        "p.json",
        r#"{"source": ["shop"], "detail": {"amount": [{"numeric": [">", 10000]}]}}"#,
    );
    let event = temp_file("e.json", r#"{"source": "shop", "detail": {"amount": 500}}"#);
    let o = sim_cli(&[
        "test-event-pattern",
        "--pattern",
        &pattern,
        "--event",
        &event,
        "--explain",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("false\n"));
    assert!(out.contains("detail.amount: 500 is not > 10000"), "{out}");
    let invalid = temp_file("bad.json", r#"{"slug": 1}"#);
    let o = sim_cli(&[
        "test-event-pattern",
        "--pattern",
        &invalid,
        "--event",
        &event,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o)
        .contains(r#"Event pattern is not valid. Reason: "slug" must be an object or an array"#));
}

#[test]
fn test_event_pattern_batch_writes_one_line_per_case() {
    let cases = temp_file(
        "cases.jsonl",
        concat!(
            r#"{"id": "a", "pattern": {"x": [1]}, "event": {"x": 1}, "envelope": false}"#,
            "\n",
            r#"{"id": "b", "pattern": {"x": [2]}, "event": {"x": 1}, "envelope": false}"#,
            "\n",
            r#"{"id": "c", "pattern": "{not json", "event": {"x": 1}, "envelope": false}"#,
            "\n"
        ),
    );
    let o = sim_cli(&["test-event-pattern", "--batch", &cases]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0], serde_json::json!({"id": "a", "result": "match"}));
    assert_eq!(
        lines[1],
        serde_json::json!({"id": "b", "result": "no-match"})
    );
    assert_eq!(lines[2]["result"], "invalid-pattern");
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .starts_with("Event pattern is not valid. Reason: "));
}

fn run_json(args: &[&str]) -> Value {
    let o = sim_cli(args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn lab000_cancel_alter_and_forced_error_through_the_cli() {
    let doc = run_json(&[
        "run",
        "lab000-pedidos",
        "--script",
        "scenarios/scripts/lab000-aula4.json",
        "--until",
        "10m",
        "--json",
    ]);
    let items = doc["tables"]["pedidos-db"].as_array().unwrap();
    let item = |id: &str| {
        items
            .iter()
            .find(|i| i["pedidoId"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(item("apiP001")["statusPedido"], "CANCELADO");
    assert_eq!(item("apiP002")["statusPedido"], "ALTERADO");
    assert_eq!(
        item("apiP002")["itens"],
        serde_json::json!([{"sku": "PROD-ALTERADO-1", "qtd": 1}, {"sku": "PROD-ALTERADO-2", "qtd": 99}])
    );
    let dlq = &doc["queues"]["pedidos-pendentes-dlq"];
    assert_eq!(dlq["ApproximateNumberOfMessages"], 1);
    assert_eq!(dlq["messages"][0]["ApproximateReceiveCount"], 3);
    assert!(dlq["messages"][0]["Body"]
        .as_str()
        .unwrap()
        .contains("apiP0043-TESTE-FLUXO-ERRO-AULA-4"));
}

#[test]
fn lab003_payments_dlq_empty_at_ten_percent_and_full_at_one_hundred() {
    let doc = run_json(&[
        "run",
        "lab003-order-events",
        "--script",
        "scenarios/scripts/lab003-ten-orders.json",
        "--until",
        "10m",
        "--json",
        "--seed",
        "3",
    ]);
    assert_eq!(
        doc["queues"]["payments-dlq"]["ApproximateNumberOfMessages"],
        0
    );
    assert_eq!(
        doc["queues"]["payments-queue"]["ApproximateNumberOfMessages"],
        0
    );
    let doc = run_json(&[
        "run",
        "lab003-order-events",
        "--script",
        "scenarios/scripts/lab003-ten-orders-all-declined.json",
        "--until",
        "10m",
        "--json",
    ]);
    assert_eq!(
        doc["queues"]["payments-dlq"]["ApproximateNumberOfMessages"],
        10
    );
}

/// `sim_cli run … --trace | head -1`: a reader that stops early ends the program
/// quietly (exit 0), not with a panic on the broken pipe (exit 101). The run writes
/// far more than a pipe holds (300 orders), so the pipe does close on it.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::{BufRead, BufReader};
    let steps: Vec<String> = (0..300)
        .map(|i| format!(r#"{{"At": {i}, "Action": "HttpRequest", "Api": "orders-api", "Method": "POST", "Path": "/orders", "Body": {{"customerName": "C{i}", "product": "P", "amount": 10}}}}"#))
        .collect();
    let script = std::env::temp_dir().join(format!("sim_cli_pipe_{}.json", std::process::id()));
    std::fs::write(&script, format!("[{}]", steps.join(","))).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sim_cli"))
        .args([
            "run",
            "lab004-orders",
            "--until",
            "10m",
            "--trace",
            "--script",
        ])
        .arg(&script)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("HttpRequest"), "{first}");
    // The reader is dropped here: the pipe closes with lines still to write.
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_file(&script);
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn run_takes_a_cloudformation_template_and_says_what_it_does_not_simulate() {
    let o = sim_cli(&[
        "run",
        "tests/templates/lab003-order-events.yaml",
        "--script",
        "scenarios/scripts/lab003-ten-orders.json",
        "--until",
        "3m",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("table inventory-reservations           10 items"),
        "{out}"
    );
    assert!(
        out.contains("queue payments-dlq                     available      0  in flight      0"),
        "{out}"
    );
    assert!(
        stderr(&o).contains("function payments-processor: behaviour Metadata: EventLab: Behavior")
    );

    let o = sim_cli(&["run", "tests/templates/sam-patterns.yaml", "--until", "1s"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("not simulated: Workflow (AWS::Serverless::StateMachine)"),
        "{err}"
    );
    assert!(
        err.contains("function QueueConsumer: behaviour generic (logs the event and succeeds)"),
        "{err}"
    );

    let broken = temp_file(
        "cycle.yaml",
        "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: A\n",
    );
    let o = sim_cli(&["run", &broken]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("Circular dependency between resources: [A]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn export_writes_a_template_that_runs_the_same_when_read_back() {
    let o = sim_cli(&[
        "export",
        "lab003-order-events",
        "--format",
        "cloudformation",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let yaml = stdout(&o);
    assert!(
        yaml.starts_with("AWSTemplateFormatVersion: \"2010-09-09\""),
        "{yaml:.200}"
    );
    assert!(yaml.contains("ZipFile: |"), "inline code");
    let path = temp_file("lab003-export.yaml", &yaml);
    let args = |s: &str| {
        vec![
            "run".to_string(),
            s.to_string(),
            "--script".into(),
            "scenarios/scripts/lab003-ten-orders.json".into(),
            "--until".into(),
            "3m".into(),
        ]
    };
    let hash = |o: &Output| {
        stdout(o)
            .lines()
            .next()
            .and_then(|l| l.split("hash ").nth(1))
            .map(String::from)
    };
    let a = sim_cli(
        &args("lab003-order-events")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let b = sim_cli(&args(&path).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        hash(&a).is_some() && hash(&a) == hash(&b),
        "{}\n{}",
        stdout(&a),
        stdout(&b)
    );
    let o = sim_cli(&["export", "lab003-order-events", "--format", "terraform"]);
    assert_eq!(o.status.code(), Some(2));
}
