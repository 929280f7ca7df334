//! S3: the event record a notification carries, filters, and lab 000's
//! reconstructed day 2 (a file of orders uploaded → orders in pedidos-db).
//!
//! Sources:
//! - Event message structure (eventVersion 2.1, "ObjectCreated:Put", the key URL
//!   encoded: "red flower.jpg" becomes "red+flower.jpg"):
//!   https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
//! - Filtering by prefix and suffix:
//!   https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
//! - EventBridge "Object Created" events from aws.s3:
//!   https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html

mod common;

use common::{builtin, scenario};
use serde_json::{json, Value};
use sim_core::action::Action;
use sim_core::Simulation;

fn put(sim: &mut Simulation, bucket: &str, key: &str, body: &str) -> sim_core::SimResult<()> {
    sim.apply(Action::PutObject {
        bucket: bucket.into(),
        key: key.into(),
        body: body.into(),
    })
}

fn world_with_a_bucket() -> Simulation {
    let s = scenario(json!({
        "Name": "s3",
        "Queues": [{ "QueueName": "uploads" }],
        "Topics": [{ "TopicName": "uploads-topic" }],
        "Buckets": [{ "BucketName": "docs",
            "NotificationConfiguration": {
                "QueueConfigurations": [{ "Event": "s3:ObjectCreated:*", "Queue": "arn:aws:sqs:us-east-1:123456789012:uploads",
                    "Filter": { "S3Key": { "Rules": [{ "Name": "prefix", "Value": "in/" }, { "Name": "suffix", "Value": ".json" }] } } }],
                "TopicConfigurations": [{ "Event": "s3:ObjectCreated:Put", "Topic": "arn:aws:sns:us-east-1:123456789012:uploads-topic",
                    "Filter": { "S3Key": { "Rules": [{ "Name": "suffix", "Value": ".csv" }] } } }],
                "EventBridgeConfiguration": {}
            } }]
    }));
    Simulation::new(s, 1).unwrap()
}

/// The notifications waiting in `queue`, without the s3:TestEvent S3 sent first.
fn queued_bodies(sim: &Simulation, queue: &str) -> Vec<Value> {
    sim.peek(queue)
        .unwrap()
        .iter()
        .map(|m| serde_json::from_str::<Value>(m["Body"].as_str().unwrap()).unwrap())
        .filter(|body| body["Event"] != "s3:TestEvent")
        .collect()
}

/// "After Amazon S3 receives this request, it first verifies that any Amazon SNS or
/// Amazon SQS destination exists … by sending a test notification. In the case of
/// Lambda destinations, Amazon S3 verifies that the Lambda function permissions
/// grant Amazon S3 permission" (no event):
/// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html.
/// The test message's shape is in the event message structure page above. A consumer
/// that reads Records[0] fails on it in AWS; before, it never arrived here.
#[test]
fn a_queue_and_a_topic_behind_a_bucket_first_get_s3s_test_event() {
    let sim = world_with_a_bucket();
    let first = sim.peek("uploads").unwrap();
    assert_eq!(first.len(), 1);
    let body: Value = serde_json::from_str(first[0]["Body"].as_str().unwrap()).unwrap();
    assert_eq!(body["Service"], "Amazon S3");
    assert_eq!(body["Event"], "s3:TestEvent");
    assert_eq!(body["Bucket"], "docs");
    assert!(body["Records"].is_null());
    for key in ["Time", "RequestId", "HostId"] {
        assert!(body[key].is_string(), "{key}");
    }
    let published = |sim: &Simulation| {
        sim.trace()
            .entries()
            .filter(|e| e.kind == sim_core::trace::TraceKind::SnsPublished)
            .count()
    };
    assert_eq!(published(&sim), 1, "the topic's test message");
    // Lab 000's bucket notifies a function: no test event, nothing at the start.
    let lab000 = Simulation::new(builtin("lab000-pedidos"), 1).unwrap();
    assert!(!lab000
        .trace()
        .entries()
        .any(|e| e.text.contains("TestEvent") || e.resource == "pedidos-upload-bucket"));
}

#[test]
fn a_put_sends_aws_record_shape_with_the_key_url_encoded() {
    let mut sim = world_with_a_bucket();
    put(&mut sim, "docs", "in/red flower.json", "{}").unwrap();
    let bodies = queued_bodies(&sim, "uploads");
    assert_eq!(bodies.len(), 1);
    let r = &bodies[0]["Records"][0];
    assert_eq!(r["eventVersion"], "2.1");
    assert_eq!(r["eventSource"], "aws:s3");
    assert_eq!(r["eventName"], "ObjectCreated:Put");
    assert_eq!(r["awsRegion"], "us-east-1");
    assert_eq!(r["s3"]["s3SchemaVersion"], "1.0");
    assert_eq!(r["s3"]["bucket"]["name"], "docs");
    assert_eq!(r["s3"]["bucket"]["arn"], "arn:aws:s3:::docs");
    assert_eq!(r["s3"]["object"]["key"], "in/red+flower.json");
    assert_eq!(r["s3"]["object"]["size"], 2);
    // The record's eTag has no quotes (S3's ETag header has; an AWS check found them here).
    let etag = r["s3"]["object"]["eTag"].as_str().unwrap();
    assert!(
        etag.len() == 32 && etag.bytes().all(|b| b.is_ascii_hexdigit()),
        "{etag}"
    );
    // 18 hex digits, as in S3's events ("0A1B2C3D4E5F678901" in the docs' example:
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
    let sequencer = r["s3"]["object"]["sequencer"].as_str().unwrap();
    assert!(
        sequencer.len() == 18 && sequencer.bytes().all(|b| b.is_ascii_hexdigit()),
        "{sequencer}"
    );
}

#[test]
fn prefix_and_suffix_filters_decide_who_hears_about_a_put() {
    let mut sim = world_with_a_bucket();
    put(&mut sim, "docs", "out/a.json", "{}").unwrap();
    put(&mut sim, "docs", "in/a.csv", "x").unwrap();
    assert!(
        queued_bodies(&sim, "uploads").is_empty(),
        "neither matches prefix in/ and suffix .json"
    );
    put(&mut sim, "docs", "in/a.json", "{}").unwrap();
    assert_eq!(queued_bodies(&sim, "uploads").len(), 1);
    let published = sim
        .trace()
        .entries()
        .filter(|e| e.kind == sim_core::trace::TraceKind::SnsPublished)
        .count();
    assert_eq!(
        published, 2,
        "its test message, then in/a.csv: the topic hears .csv keys"
    );
}

#[test]
fn a_put_to_a_missing_bucket_or_with_an_empty_key_is_refused_and_changes_nothing() {
    let mut sim = world_with_a_bucket();
    let before = sim.trace().total();
    assert_eq!(
        put(&mut sim, "nope", "a.json", "{}").unwrap_err().code,
        "NoSuchBucket"
    );
    assert_eq!(
        put(&mut sim, "docs", "", "{}").unwrap_err().code,
        "InvalidArgument"
    );
    assert!(queued_bodies(&sim, "uploads").is_empty());
    let other = sim
        .trace()
        .since(before)
        .filter(|e| e.kind != sim_core::trace::TraceKind::ActionRejected)
        .count();
    assert_eq!(other, 0, "only the refusals are traced");
}

#[test]
fn a_notification_to_an_undeclared_queue_is_refused_when_the_scenario_loads() {
    let e = sim_core::Scenario::parse("t.json", &json!({
        "Name": "t",
        "Buckets": [{ "BucketName": "b", "NotificationConfiguration": { "QueueConfigurations": [
            { "Event": "s3:ObjectCreated:*", "Queue": "arn:aws:sqs:us-east-1:123456789012:nope" }] } }]
    }).to_string()).unwrap_err();
    assert!(
        e.contains("names queue \"nope\", which is not declared"),
        "{e}"
    );
}

fn refusal(bucket: Value) -> String {
    let text = json!({ "Name": "t", "Queues": [{ "QueueName": "uploads" }], "Buckets": [bucket] });
    sim_core::Scenario::parse("t.json", &text.to_string()).unwrap_err()
}

fn to_uploads(rules: Value) -> Value {
    json!({ "Event": "s3:ObjectCreated:*", "Queue": "arn:aws:sqs:us-east-1:123456789012:uploads",
        "Filter": { "S3Key": { "Rules": rules } } })
}

/// What S3 refuses when the configuration is put, refused when the scenario loads:
/// two prefix rules ("The same type of filter rule cannot be used more than once",
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-s3keyfilter.html),
/// overlapping configurations for one event type ("Overlapping prefixes and suffixes
/// are not supported", https://docs.aws.amazon.com/AmazonS3/latest/API/API_FilterRule.html),
/// an event type S3 does not have, and a bucket name S3's naming rules refuse
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
/// Before, the last prefix won, both overlapping configurations fired, and
/// "My_Bucket" received objects.
#[test]
fn configurations_s3_refuses_are_refused_when_the_scenario_loads() {
    let two_prefixes =
        json!([{ "Name": "prefix", "Value": "a/" }, { "Name": "prefix", "Value": "b/" }]);
    let e = refusal(json!({ "BucketName": "docs", "NotificationConfiguration": {
        "QueueConfigurations": [to_uploads(two_prefixes)] } }));
    assert!(
        e.contains("Cannot specify more than one prefix rule in a filter."),
        "{e}"
    );

    let in_b = json!([{ "Name": "prefix", "Value": "b/" }]);
    let mut put_in_b = to_uploads(in_b.clone());
    put_in_b["Event"] = json!("s3:ObjectCreated:Put");
    let e = refusal(json!({ "BucketName": "docs", "NotificationConfiguration": {
        "QueueConfigurations": [to_uploads(in_b), put_in_b] } }));
    assert!(e.contains("Configurations overlap."), "{e}");

    let mut bogus = to_uploads(json!([]));
    bogus["Event"] = json!("s3:BogusEvent");
    let e = refusal(json!({ "BucketName": "docs", "NotificationConfiguration": {
        "QueueConfigurations": [bogus] } }));
    assert!(
        e.contains("\"s3:BogusEvent\" is not an S3 notification event type"),
        "{e}"
    );

    let e = refusal(json!({ "BucketName": "My_Bucket" }));
    assert!(e.contains("InvalidBucketName"), "{e}");
}

/// CloudFormation's `EventBridgeConfiguration: {EventBridgeEnabled: false}` leaves
/// EventBridge off (it turned it on before); S3's API form `{}` turns it on, and the
/// export writes the flag CloudFormation requires.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-eventbridgeconfiguration.html
#[test]
fn event_bridge_enabled_false_leaves_eventbridge_off() {
    let bucket = |eb: Value| {
        let s = scenario(json!({ "Name": "t", "Buckets": [{ "BucketName": "docs",
            "NotificationConfiguration": { "EventBridgeConfiguration": eb } }] }));
        s.buckets[0].event_bridge
    };
    assert!(!bucket(json!({ "EventBridgeEnabled": false })));
    assert!(bucket(json!({ "EventBridgeEnabled": true })));
    assert!(bucket(json!({})));
    let text = json!({ "Name": "t", "Buckets": [{ "BucketName": "docs",
        "NotificationConfiguration": { "EventBridgeConfiguration": {} } }] });
    let template =
        sim_core::cloudformation::export::template("t.json", &text.to_string()).expect("exports");
    let yaml = sim_core::cloudformation::export::to_yaml(&template);
    assert!(yaml.contains("EventBridgeEnabled: true"), "{yaml}");
    let back = sim_core::cloudformation::import("t.yaml", &yaml).expect("imports");
    assert!(back.scenario.buckets[0].event_bridge);
    // In a template the flag is required (a review found `{}` taken for on).
    let template = |eb: &str| {
        format!("Resources:\n  Docs:\n    Type: AWS::S3::Bucket\n    Properties:\n      NotificationConfiguration:\n        EventBridgeConfiguration: {eb}\n")
    };
    let e = match sim_core::cloudformation::import("t.yaml", &template("{}")) {
        Ok(_) => panic!("EventBridgeConfiguration without its flag was accepted"),
        Err(e) => e,
    };
    assert!(
        e.contains("required key [EventBridgeEnabled] not found"),
        "{e}"
    );
    let on =
        sim_core::cloudformation::import("t.yaml", &template("{ EventBridgeEnabled: \"true\" }"));
    assert!(on.expect("a parameter's \"true\"").scenario.buckets[0].event_bridge);
}

fn status(sim: &Simulation, id: &str) -> Option<Value> {
    common::item_status(sim, "pedidos-db", "pedidoId", id, "statusPedido")
}

#[test]
fn lab000_a_csv_of_orders_uploaded_becomes_orders_in_pedidos_db() {
    let mut sim = Simulation::new(builtin("lab000-pedidos"), 5).unwrap();
    let sample = sim.scenario().console.upload_sample.clone().unwrap();
    put(&mut sim, "pedidos-upload-bucket", &sample.key, &sample.body).unwrap();
    sim.run_until(30_000);
    assert_eq!(status(&sim, "s3P004"), Some(json!("PEDIDO_PROCESSADO")));
    assert_eq!(status(&sim, "s3P005"), Some(json!("PEDIDO_PROCESSADO")));
    assert_eq!(
        status(&sim, "s3P006"),
        None,
        "no clienteId: valida-pedidos-lambda refuses it"
    );
    assert_eq!(
        status(&sim, "s3P007"),
        None,
        "qtd is not a number: the line is left out"
    );
    let itens = common::item_status(&sim, "pedidos-db", "pedidoId", "s3P004", "itens").unwrap();
    assert_eq!(
        itens.as_array().unwrap().len(),
        2,
        "two CSV rows, one order"
    );
    let log: Vec<String> = sim.logs()["/aws/lambda/ingere-pedidos-s3-lambda"]
        .lines()
        .map(|(_, l)| l.clone())
        .collect();
    assert!(log.iter().any(|l| l == "[ERROR] entrada/pedidos-dia2.csv, linha 6 ignorada: qtd \"muitos\" não é um número inteiro"), "{log:?}");
    assert!(sim
        .inbox()
        .any(|m| m.body.contains("s3P006") && m.body.contains("clienteId ausente")));
}

#[test]
fn lab000_without_s3_get_object_the_ingestion_fails_with_access_denied() {
    let mut sim = Simulation::new(builtin("lab000-pedidos"), 5).unwrap();
    sim.apply(Action::DeleteRolePolicy {
        role_name: "lambda-pedidos-role".into(),
        policy_name: "LeArquivosPedidos".into(),
    })
    .unwrap();
    put(
        &mut sim,
        "pedidos-upload-bucket",
        "p.json",
        r#"{"pedidoId": "s3P010", "clienteId": "c", "itens": [{"item": "x", "qtd": 1}]}"#,
    )
    .unwrap();
    sim.run_until(60_000);
    assert_eq!(status(&sim, "s3P010"), None);
    let log: String = sim.logs()["/aws/lambda/ingere-pedidos-s3-lambda"]
        .lines()
        .map(|(_, l)| l.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(log.contains("An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::123456789012:assumed-role/lambda-pedidos-role/ingere-pedidos-s3-lambda is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::pedidos-upload-bucket/p.json"), "{log}");
}

/// A GetObject of a key that does not exist: "If you have the s3:ListBucket
/// permission on the bucket, Amazon S3 returns an HTTP status code 404 Not Found
/// error. If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP
/// status code 403 Access Denied error."
/// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
/// Lab 000's role allows s3:GetObject only: a learner who tests the ingestion with an
/// event naming a missing file meets AccessDenied, as in AWS, not NoSuchKey.
#[test]
fn a_missing_key_is_access_denied_without_s3_list_bucket() {
    let event = json!({ "Records": [{ "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
        "s3": { "bucket": { "name": "pedidos-upload-bucket" }, "object": { "key": "nao-existe.json" } } }] });
    let log_after_invoke = |sim: &mut Simulation| {
        sim.apply(Action::Invoke {
            function_name: "ingere-pedidos-s3-lambda".into(),
            invocation_type: sim_core::action::InvocationType::RequestResponse,
            payload: event.clone(),
        })
        .unwrap();
        sim.run_until(10_000);
        sim.logs()["/aws/lambda/ingere-pedidos-s3-lambda"]
            .lines()
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut sim = Simulation::new(builtin("lab000-pedidos"), 5).unwrap();
    let log = log_after_invoke(&mut sim);
    assert!(
        log.contains("An error occurred (AccessDenied) when calling the GetObject operation"),
        "{log}"
    );
    assert!(
        log.contains("s3:ListBucket on resource: arn:aws:s3:::pedidos-upload-bucket"),
        "{log}"
    );

    let mut sim = Simulation::new(builtin("lab000-pedidos"), 5).unwrap();
    sim.apply(Action::PutRolePolicy {
        role_name: "lambda-pedidos-role".into(),
        policy_name: "ListaArquivos".into(),
        policy_document: json!({ "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::pedidos-upload-bucket" }] })
        .to_string(),
    })
    .unwrap();
    let log = log_after_invoke(&mut sim);
    assert!(
        log.contains("An error occurred (NoSuchKey) when calling the GetObject operation"),
        "{log}"
    );
}
