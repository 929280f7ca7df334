//! The Lambda console's Test tab: an event, a synchronous invocation (Invoke with
//! InvocationType RequestResponse), and what the console shows — status, response,
//! request id, duration and the invocation's log lines
//! (https://docs.aws.amazon.com/lambda/latest/dg/testing-functions.html).

mod common;

use common::*;
use serde_json::{json, Value};
use sim_core::action::{FaultKind, InvocationType};
use sim_core::lambda::test_invoke::TestState;
use sim_core::view::{sample_test_event, FunctionView};
use sim_core::{Action, Simulation};

fn test(sim: &mut Simulation, function: &str, payload: Value) -> FunctionView {
    sim.apply(Action::Invoke {
        function_name: function.into(),
        invocation_type: InvocationType::RequestResponse,
        payload,
    })
    .unwrap();
    let running = FunctionView::of(sim, function).unwrap();
    assert!(matches!(
        running.last_test.as_ref().map(|t| &t.state),
        Some(TestState::Running { .. })
    ));
    run_checked(sim, sim.now_ms() + 10_000);
    FunctionView::of(sim, function).unwrap()
}

fn done(v: &FunctionView) -> &sim_core::lambda::test_invoke::TestDone {
    match v.last_test.as_ref().map(|t| &t.state) {
        Some(TestState::Done(d)) => d,
        other => panic!("not done: {other:?}"),
    }
}

/// Seed 004: "Tested the code with Status code 201 expected" — CreateOrderFunction's
/// Test with the API Gateway proxy template answers the function's own 201 response,
/// and its log lines run from START to REPORT of that request id.
#[test]
fn a_console_test_returns_the_functions_response_and_its_invocation_log() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let event = sample_test_event(&sim, "CreateOrderFunction");
    assert_eq!(event["httpMethod"], "POST");
    assert_eq!(event["path"], "/orders");
    let v = test(&mut sim, "CreateOrderFunction", event);
    let d = done(&v);
    assert!(d.succeeded);
    assert_eq!(d.response["statusCode"], 201);
    let body: Value = serde_json::from_str(d.response["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["orderId"], "1234-5678");
    let first = &v.test_log.first().unwrap().text;
    let last = &v.test_log.last().unwrap().text;
    assert!(first.starts_with(&format!("START RequestId: {} ", d.request_id)));
    assert!(last.starts_with(&format!("REPORT RequestId: {}", d.request_id)));
    // The summary bills what the REPORT line bills (a cold start: Duration + Init Duration).
    assert!(d.init_ms > 0, "the first invocation is a cold start");
    assert!(
        last.contains(&format!("\tBilled Duration: {} ms\t", d.billed_ms())),
        "{last}"
    );
    assert!(v
        .test_log
        .iter()
        .any(|l| l.text == "Order created: 1234-5678"));
    // A real invocation: the item is in the table, and the stream goes on from it.
    assert_eq!(
        item_status(&sim, "Orders", "orderId", "1234-5678", "status"),
        Some(json!("COMPLETED"))
    );
}

/// Lab 000's world with processa-pedidos-lambda's forced error on.
fn throwing(scenario: sim_core::Scenario) -> Simulation {
    let mut sim = Simulation::new(scenario, 1).unwrap();
    sim.apply(Action::SetFault {
        function_name: "processa-pedidos-lambda".into(),
        fault: FaultKind::Throw,
        enabled: true,
        fraction: None,
        seconds: None,
    })
    .unwrap();
    sim
}

/// An unhandled exception: the Invoke response is the runtime's error object with
/// errorMessage, errorType, requestId and stackTrace
/// (https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html).
#[test]
fn a_console_test_of_a_raising_function_answers_the_runtimes_error_object() {
    let mut sim = throwing(builtin("lab000-pedidos"));
    let event = sample_test_event(&sim, "processa-pedidos-lambda");
    assert_eq!(event["Records"][0]["eventSource"], "aws:sqs");
    let v = test(&mut sim, "processa-pedidos-lambda", event);
    let d = done(&v);
    assert!(!d.succeeded);
    assert_eq!(d.response["errorType"], "ValueError");
    assert_eq!(d.response["errorMessage"], "Teste Forçado para DLQ!");
    assert_eq!(d.response["requestId"], d.request_id.as_str());
    // The frame shows the line that raised, as CPython's does: the Throw switch stands
    // for the lab's `raise ValueError(...)` put at the top of its handler, the line
    // after `def lambda_handler(`, in the file the console's default handler names
    // (lambda_function.lambda_handler: lambda_function.py,
    // https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html).
    let f = sim.function("processa-pedidos-lambda").unwrap();
    let source = sim_core::cloudformation::export::handler_source(&f.config.behavior);
    let def_line = source
        .lines()
        .position(|l| l.starts_with("def lambda_handler("))
        .unwrap()
        + 1;
    let frame = format!("  File \"/var/task/lambda_function.py\", line {}, in lambda_handler\n    raise ValueError(\"Teste Forçado para DLQ!\")\n", def_line + 1);
    assert_eq!(d.response["stackTrace"], json!([frame]));
}

/// A timed-out test: the sandbox ends the run, so the response is its error, with the
/// request id in the message and no stackTrace (the handler raised nothing). As the
/// console shows it: {"errorType": "Sandbox.Timedout", "errorMessage": "RequestId: …
/// Error: Task timed out after 3.00 seconds"}
/// (https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html).
#[test]
fn a_console_test_that_times_out_answers_the_sandboxs_error_without_a_stack_trace() {
    let mut sim = Simulation::new(builtin("lab000-pedidos"), 1).unwrap();
    sim.apply(Action::SetFault {
        function_name: "processa-pedidos-lambda".into(),
        fault: FaultKind::Timeout,
        enabled: true,
        fraction: None,
        seconds: None,
    })
    .unwrap();
    let event = sample_test_event(&sim, "processa-pedidos-lambda");
    sim.apply(Action::Invoke {
        function_name: "processa-pedidos-lambda".into(),
        invocation_type: InvocationType::RequestResponse,
        payload: event,
    })
    .unwrap();
    run_checked(&mut sim, 15 * 60_000);
    let v = FunctionView::of(&sim, "processa-pedidos-lambda").unwrap();
    let d = done(&v);
    assert!(!d.succeeded);
    let timeout_s = sim
        .function("processa-pedidos-lambda")
        .unwrap()
        .config
        .timeout;
    let message = format!(
        "RequestId: {} Error: Task timed out after {timeout_s}.00 seconds",
        d.request_id
    );
    assert_eq!(
        d.response,
        json!({ "errorType": "Sandbox.Timedout", "errorMessage": message })
    );
}

/// A function with no concurrency left: Invoke answers TooManyRequestsException
/// (429) and nothing runs (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
#[test]
fn a_console_test_of_a_throttled_function_is_refused_and_runs_nothing() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    sim.apply(Action::SetFault {
        function_name: "OrderWorkerFunction".into(),
        fault: FaultKind::Throttle,
        enabled: true,
        fraction: None,
        seconds: None,
    })
    .unwrap();
    let event = sample_test_event(&sim, "OrderWorkerFunction");
    sim.apply(Action::Invoke {
        function_name: "OrderWorkerFunction".into(),
        invocation_type: InvocationType::RequestResponse,
        payload: event,
    })
    .unwrap();
    let v = FunctionView::of(&sim, "OrderWorkerFunction").unwrap();
    assert_eq!(v.last_test.map(|t| t.state), Some(TestState::Throttled));
    assert!(v.test_log.is_empty());
}

/// Each trigger's template: seed 004's stream event ("the Lambda handler will receive
/// an event that roughly looks like …" INSERT with a typed NewImage) drives
/// ProcessOrderFunction to send the order on; a rule's target gets the rule's event,
/// a function with no trigger the console's hello-world.
#[test]
fn the_test_event_starts_as_the_template_of_the_functions_trigger() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let event = sample_test_event(&sim, "ProcessOrderFunction");
    let image = &event["Records"][0]["dynamodb"]["NewImage"];
    assert_eq!(event["Records"][0]["eventName"], "INSERT");
    assert_eq!(image["orderId"], json!({ "S": "1234-5678" }));
    assert_eq!(image["amount"], json!({ "N": "1499" }));
    assert_eq!(image["status"], json!({ "S": "PENDING" }));
    let v = test(&mut sim, "ProcessOrderFunction", event);
    assert!(done(&v).succeeded);
    assert!(v
        .test_log
        .iter()
        .any(|l| l.text == "Sending order 1234-5678 to SQS for processing"));
    // A rule's target gets the event the rule would deliver.
    let sim = Simulation::new(builtin("lab003-order-events"), 1).unwrap();
    let event = sample_test_event(&sim, "notifications");
    assert_eq!(event["source"], "com.myapp.orders");
    assert_eq!(event["detail-type"], "order.placed");
    // A function nothing invokes gets the console's hello-world.
    let lone = scenario(
        json!({ "Name": "t", "Functions": [{ "FunctionName": "f", "Behavior": { "Type": "notify" } }] }),
    );
    let sim = Simulation::new(lone, 1).unwrap();
    assert_eq!(
        sample_test_event(&sim, "f"),
        json!({ "key1": "value1", "key2": "value2", "key3": "value3" })
    );
}

/// Lab 003's payment code is Python: a test event it cannot read fails with the
/// error CPython raises, as the deployed function would (the student walk's
/// `{"Records": 5}` and `{}` answered success with no failures).
#[test]
fn a_console_test_event_lab003s_code_cannot_read_fails_as_its_python_does() {
    let mut sim = Simulation::new(builtin("lab003-order-events"), 1).unwrap();
    for (event, error_type, message) in [
        (json!({}), "KeyError", "'Records'"),
        (
            json!({"Records": 5}),
            "TypeError",
            "'int' object is not iterable",
        ),
        (
            json!({"Records": [{"body": "<b>x</b>"}]}),
            "JSONDecodeError",
            "Expecting value: line 1 column 1 (char 0)",
        ),
        (
            json!({"Records": [{"messageId": "m"}]}),
            "KeyError",
            "'body'",
        ),
    ] {
        for function in ["payments-processor", "inventory-processor"] {
            let v = test(&mut sim, function, event.clone());
            let d = done(&v);
            assert!(!d.succeeded, "{function} {event}");
            assert_eq!(d.response["errorType"], error_type, "{function} {event}");
            assert_eq!(d.response["errorMessage"], message, "{function} {event}");
        }
    }
}

/// A message that is not JSON (a poison message) fails lab 003's payment code on
/// every receive, so SQS moves it to payments-dlq after maxReceiveCount receives; it
/// was charged as "order ?" and deleted.
#[test]
fn a_poison_message_reaches_lab003s_payments_dlq() {
    let mut sim = Simulation::new(builtin("lab003-order-events"), 1).unwrap();
    sim.apply(Action::SendMessage {
        queue_name: "payments-queue".into(),
        message_body: json!("<b>x</b>"),
        delay_seconds: None,
        message_group_id: None,
        message_deduplication_id: None,
        message_attributes: Default::default(),
    })
    .unwrap();
    run_checked(&mut sim, 10 * 60_000);
    assert_eq!(sim.queue("payments-dlq").map(|q| q.len()), Some(1));
    assert!(!sim.logs()["/aws/lambda/payments-processor"]
        .lines()
        .any(|(_, l)| l.contains("charged for order ?")));
}

/// Lab 000's consumers too: `json.loads(record["body"])` raises JSONDecodeError on a
/// body that is not JSON (they said KeyError 'pedidoId'), `.get` on a list raises
/// AttributeError, and a detail without pedidoId raises KeyError, as their Python does.
#[test]
fn lab000s_consumers_fail_on_unreadable_events_as_their_python_does() {
    let mut sim = Simulation::new(builtin("lab000-pedidos"), 1).unwrap();
    let record = |body: &str| json!({ "Records": [{ "messageId": "m", "body": body }] });
    for (function, event, error_type, message) in [
        (
            "processa-pedidos-lambda",
            record("<b>x</b>"),
            "JSONDecodeError",
            "Expecting value: line 1 column 1 (char 0)",
        ),
        (
            "processa-pedidos-lambda",
            record("[1]"),
            "AttributeError",
            "'list' object has no attribute 'get'",
        ),
        (
            "cancela-pedido-lambda",
            record("not json"),
            "JSONDecodeError",
            "Expecting value: line 1 column 1 (char 0)",
        ),
        (
            "cancela-pedido-lambda",
            record("{\"detail\": {}}"),
            "KeyError",
            "'pedidoId'",
        ),
        (
            "altera-pedido-lambda",
            record("{\"detail\": {\"pedidoId\": \"p1\"}}"),
            "KeyError",
            "'novosItens'",
        ),
        ("altera-pedido-lambda", json!({}), "KeyError", "'Records'"),
    ] {
        let v = test(&mut sim, function, event.clone());
        let d = done(&v);
        assert!(!d.succeeded, "{function} {event}");
        assert_eq!(d.response["errorType"], error_type, "{function} {event}");
        assert_eq!(d.response["errorMessage"], message, "{function} {event}");
    }
}

/// The stackTrace names the function's Handler file: a function made in the console
/// has its Python default, `lambda_function.lambda_handler`
/// (https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html); a template's
/// inline `ZipFile` code is saved as `index` (AWS::Lambda::Function Code, ZipFile:
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html),
/// so the exported template's `index.lambda_handler` names index.py; any other
/// `file.function` names its file and function.
#[test]
fn the_stack_trace_names_the_functions_handler_file() {
    let frame_of = |scenario: sim_core::Scenario| {
        let mut sim = throwing(scenario);
        let event = sample_test_event(&sim, "processa-pedidos-lambda");
        let v = test(&mut sim, "processa-pedidos-lambda", event);
        let frame = done(&v).response["stackTrace"][0]
            .as_str()
            .unwrap()
            .to_string();
        let log = v
            .test_log
            .iter()
            .map(|l| l.text.clone())
            .collect::<Vec<_>>();
        assert!(
            log.iter()
                .any(|l| l.contains(&frame[..frame.find('\n').unwrap()])),
            "{log:?}"
        );
        (v.handler, frame)
    };
    let (handler, frame) = frame_of(builtin("lab000-pedidos"));
    assert_eq!(handler, "lambda_function.lambda_handler");
    assert!(
        frame.starts_with("  File \"/var/task/lambda_function.py\", line "),
        "{frame}"
    );
    assert!(frame.contains(", in lambda_handler\n"), "{frame}");

    let text = sim_core::scenario::BUILTIN
        .iter()
        .find(|(id, _)| *id == "lab000-pedidos")
        .unwrap()
        .1;
    let exported = sim_core::cloudformation::export::template("lab000.json", text).unwrap();
    let yaml = sim_core::cloudformation::export::to_yaml(&exported);
    assert!(yaml.contains("Handler: index.lambda_handler"), "{yaml}");
    let imported = sim_core::cloudformation::import("lab000.yaml", &yaml).unwrap();
    let (handler, frame) = frame_of(imported.scenario);
    assert_eq!(handler, "index.lambda_handler");
    assert!(
        frame.starts_with("  File \"/var/task/index.py\", line "),
        "{frame}"
    );

    let mut json: Value = serde_json::from_str(text).unwrap();
    for f in json["Functions"].as_array_mut().unwrap() {
        f["Handler"] = json!("pkg.app.main");
    }
    let (_, frame) = frame_of(scenario(json.clone()));
    assert!(
        frame.starts_with("  File \"/var/task/pkg/app.py\", line "),
        "{frame}"
    );
    assert!(frame.contains(", in main\n"), "{frame}");

    json["Functions"][0]["Handler"] = json!("lambda_function");
    let e = sim_core::Scenario::parse("bad.json", &json.to_string())
        .and_then(|s| Simulation::new(s, 1).map(|_| ()).map_err(|e| e.to_string()));
    let e = format!("{e:?}");
    assert!(
        e.contains("Handler 'lambda_function' is not file.function"),
        "{e}"
    );
}

/// The console's Test shows that invocation's log alone: another invocation that ran
/// meanwhile writes to another log stream in AWS. The student walk clicked Test twice
/// and read the second request's START, lines and REPORT in the first one's logs.
#[test]
fn a_console_test_shows_only_its_own_invocations_lines_beside_an_overlapping_one() {
    let mut sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    let event = sample_test_event(&sim, "CreateOrderFunction");
    let invoke = |sim: &mut Simulation, event: &Value| {
        sim.apply(Action::Invoke {
            function_name: "CreateOrderFunction".into(),
            invocation_type: InvocationType::RequestResponse,
            payload: event.clone(),
        })
        .unwrap();
    };
    invoke(&mut sim, &event);
    let first = match FunctionView::of(&sim, "CreateOrderFunction")
        .unwrap()
        .last_test
        .map(|t| t.state)
    {
        Some(TestState::Running { request_id }) => request_id,
        other => panic!("not running: {other:?}"),
    };
    invoke(&mut sim, &event);
    let until = sim.now_ms() + 10_000;
    run_checked(&mut sim, until);
    let v = FunctionView::of(&sim, "CreateOrderFunction").unwrap();
    let second = done(&v).request_id.clone();
    assert_ne!(first, second);
    let texts: Vec<&str> = v.test_log.iter().map(|l| l.text.as_str()).collect();
    assert!(
        texts[0].starts_with(&format!("START RequestId: {second} ")),
        "{texts:?}"
    );
    assert!(texts
        .last()
        .unwrap()
        .starts_with(&format!("REPORT RequestId: {second}")));
    assert!(texts.iter().all(|t| !t.contains(&first)), "{texts:?}");
    // The same order id twice: the second put is refused, and only its error is here.
    assert!(
        texts.iter().all(|t| !t.starts_with("Order created")),
        "{texts:?}"
    );
    let ends = texts
        .iter()
        .filter(|t| t.starts_with("END RequestId"))
        .count();
    assert_eq!(ends, 1, "{texts:?}");
    // The function's log group has both, interleaved, as a search of all its streams does.
    let all = v
        .log_lines
        .iter()
        .filter(|l| l.text.starts_with("START RequestId: "))
        .count();
    assert!(all >= 2);
    // The case the walk met: the other invocation ended first, its lines between.
    let log: Vec<&str> = v.log_lines.iter().map(|l| l.text.as_str()).collect();
    let at = |p: &str| log.iter().position(|t| t.starts_with(p)).unwrap();
    assert!(
        at(&format!("REPORT RequestId: {first}")) < at(&format!("REPORT RequestId: {second}")),
        "{log:?}"
    );
}
