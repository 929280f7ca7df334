//! CloudFormation import: the hand-written lab 003 template (tests/templates/,
//! written from the seed's skeleton) runs the lab's own test ("submit 10 orders,
//! the DLQ is empty"); a rule whose target queue has no policy for
//! events.amazonaws.com fails as on AWS; SAM templates in the style of AWS's
//! serverless patterns import with the generic behaviour; broken templates are
//! each refused with their message.

mod common;

use common::*;
use serde_json::json;
use sim_core::apigateway::ProtocolType;
use sim_core::cloudformation::{self, BehaviourSource};
use sim_core::Simulation;

const LAB003: &str = include_str!("../../../tests/templates/lab003-order-events.yaml");

/// The lab's "Submit 10 test orders": `{"order_id":"order-$i","amount":$((RANDOM % 1000))}`.
fn ten_orders() -> Vec<sim_core::ScriptStep> {
    let steps: Vec<_> = (1..=10)
        .map(|i| json!({ "At": format!("{i}s"), "Action": "HttpRequest", "Api": "orders-api", "Method": "POST", "Path": "/orders",
            "Body": { "order_id": format!("order-{i}"), "amount": i * 97 % 1000 } }))
        .collect();
    script(json!(steps))
}

#[test]
fn lab003_template_submits_ten_orders_and_the_dlq_stays_empty() {
    let imported = cloudformation::import("lab003-order-events.yaml", LAB003)
        .unwrap_or_else(|e| panic!("{e}"));
    let s = &imported.scenario;
    let names = |v: Vec<&str>| v.join(",");
    assert_eq!(
        names(s.queues.iter().map(|q| q.queue_name.as_str()).collect()),
        "payments-dlq,payments-queue,inventory-dlq,inventory-queue"
    );
    assert_eq!(s.rules[0].targets.len(), 3);
    assert_eq!(s.alarms.len(), 2);
    assert!(imported
        .behaviours
        .iter()
        .all(|(_, b)| *b == BehaviourSource::Metadata));
    assert!(
        imported.not_simulated.is_empty(),
        "{:?}",
        imported.not_simulated
    );
    let mut sim = Simulation::new(imported.scenario.clone(), 1).expect("world");
    sim.add_script(ten_orders());
    run_checked(&mut sim, 3 * 60_000);
    let dlq = sim.queue("payments-dlq").expect("dlq");
    assert_eq!(dlq.counts(), (0, 0, 0), "the lab's test: the DLQ is empty");
    assert_eq!(
        sim.table("inventory-reservations").expect("table").len(),
        10
    );
    let notified = &sim.logs()["/aws/lambda/notifications"];
    assert_eq!(
        notified
            .lines()
            .filter(|(_, l)| l.contains("Notification sent"))
            .count(),
        10
    );
    let rule = &sim.rules()[0];
    assert_eq!(rule.metrics.failed_invocations, 0);
}

/// <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html>:
/// "the rule is triggered but the SQS queue doesn't receive the event" — the queue's
/// policy must let events.amazonaws.com call sqs:SendMessage.
#[test]
fn without_a_queue_policy_eventbridge_cannot_deliver_as_on_aws() {
    let start = LAB003.find("  OrderQueuesPolicy:").expect("policy");
    let end = LAB003.find("  InventoryTable:").expect("table");
    let text = format!("{}{}", &LAB003[..start], &LAB003[end..]);
    let imported =
        cloudformation::import("no-policy.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(imported.scenario, 1).expect("world");
    sim.add_script(ten_orders());
    run_checked(&mut sim, 3 * 60_000);
    assert_eq!(sim.table("inventory-reservations").expect("table").len(), 0);
    assert_eq!(sim.queue("payments-queue").expect("q").counts(), (0, 0, 0));
    let rule = &sim.rules()[0];
    assert_eq!(
        rule.metrics.failed_invocations, 20,
        "two queue targets × 10 orders, not retried"
    );
    let text = sim
        .trace()
        .entries()
        .map(|e| e.line())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("NO_PERMISSIONS"), "{text}");
    // The notifications function has its permission: it still runs.
    assert_eq!(
        sim.function("notifications")
            .expect("f")
            .metrics
            .invocations,
        10
    );
}

const SAM: &str = include_str!("../../../tests/templates/sam-patterns.yaml");

/// SAM generates resources under known logical ids:
/// <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html>
#[test]
fn sam_patterns_import_draw_and_run_with_the_generic_behaviour() {
    let imported =
        cloudformation::import("sam-patterns.yaml", SAM).unwrap_or_else(|e| panic!("{e}"));
    let s = &imported.scenario;
    assert!(imported
        .behaviours
        .iter()
        .all(|(_, b)| *b == BehaviourSource::Generic));
    assert_eq!(imported.behaviours.len(), 8);
    let listed: Vec<(&str, &str)> = imported
        .not_simulated
        .iter()
        .map(|n| (n.logical_id.as_str(), n.resource_type.as_str()))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("Workflow", "AWS::Serverless::StateMachine"),
            ("NightlyFunctionNightly", "AWS::Events::Rule")
        ]
    );
    let routes: Vec<String> = s
        .apis
        .iter()
        .flat_map(|a| {
            a.routes
                .iter()
                .map(|r| format!("{} {}", a.name, r.route_key))
        })
        .collect();
    assert_eq!(
        routes,
        vec![
            "ServerlessRestApi GET /hello",
            "ServerlessHttpApi GET /items",
            "ServerlessHttpApi POST /items"
        ]
    );
    let protocols: Vec<ProtocolType> = s.apis.iter().map(|a| a.protocol_type).collect();
    assert_eq!(protocols, vec![ProtocolType::Rest, ProtocolType::Http]);
    assert_eq!(s.mappings.len(), 2);
    assert_eq!(
        s.rules[0].targets[0].arn,
        "arn:aws:lambda:us-east-1:123456789012:function:EventConsumer"
    );
    assert_eq!(s.topics[0].subscriptions[0].protocol, "lambda");
    assert_eq!(s.buckets.len(), 1);
    let role = s
        .roles
        .iter()
        .find(|r| r.role_name == "QueueConsumerRole")
        .expect("generated role");
    assert_eq!(role.policies[0].policy_name, "QueueConsumerRolePolicy0");
    let topology = sim_core::view::Topology::of(s);
    assert!(
        topology.resources.len() >= 15 && topology.links.len() >= 8,
        "{topology:?}"
    );

    let mut sim = Simulation::new(imported.scenario.clone(), 7).expect("world");
    sim.add_script(script(json!([
        { "At": "1s", "Action": "SendMessage", "QueueName": "WorkQueue", "MessageBody": { "job": 1 } },
        { "At": "1s", "Action": "PutEvents", "Entries": [{ "Source": "com.example.orders", "DetailType": "OrderPlaced", "Detail": { "id": "o-1" } }] },
        { "At": "2s", "Action": "HttpRequest", "Api": "ServerlessHttpApi", "Method": "POST", "Path": "/items", "Body": { "id": "a" } }
    ])));
    run_checked(&mut sim, 60_000);
    for f in ["QueueConsumer", "EventConsumer", "ApiFunction"] {
        let func = sim.function(f).expect("function");
        assert_eq!(
            (func.metrics.invocations, func.metrics.errors),
            (1, 0),
            "{f}"
        );
    }
    assert_eq!(sim.queue("WorkQueue").expect("q").counts(), (0, 0, 0));
    assert!(sim
        .http_exchanges()
        .any(|x| serde_json::to_string(x).unwrap_or_default().contains("200")));
}

/// Each broken template is refused with its message (CloudFormation's wording
/// where it has one), and nothing is built; a bucket notifying a function without
/// S3's permission too, as S3 refuses it when the stack sets the notification.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html>
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html>
#[test]
fn broken_templates_are_refused_each_with_its_message() {
    let q = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n";
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "the template is empty"),
        ("Resources: [1\n".into(), "YAML not well-formed. (line 2, column 1"),
        ("{\"Resources\": }".into(), "JSON not well-formed. (line 1, column 15: expected value)"),
        ("{\"Resources\": {}\n".into(), "JSON not well-formed. (line 2, column 1: EOF while parsing an object)"),
        ("just text".into(), "must be a YAML or JSON object"),
        ("Description: x\n".into(), "At least one Resources member must be defined."),
        (format!("{q}Outputz: {{}}\n"), "Invalid template property or properties [Outputz]"),
        ("Resources:\n  Q:\n    Properties: {}\n".into(), "[/Resources/Q] Every Resources object must contain a Type member."),
        ("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: B\n  B:\n    Type: AWS::SQS::Queue\n    DependsOn: A\n".into(), "Circular dependency between resources: [A, B]"),
        ("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt B.Arn\n        maxReceiveCount: 3\n  B:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt A.Arn\n        maxReceiveCount: 3\n".into(), "Circular dependency between resources: [A, B]"),
        ("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: Nope\n".into(), "Unresolved resource dependencies [Nope] in the Resources block of the template"),
        ("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: soon\n".into(), "Properties validation failed for resource A with message: #/VisibilityTimeout: expected type: Number, found: String"),
        ("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      Visibility: 3\n".into(), "Properties validation failed for resource A with message: #: extraneous key [Visibility] is not permitted"),
        ("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties: {}\n".into(), "#: required key [KeySchema] not found"),
        ("Resources:\n  A:\n    Type: AWS::SQS::Queue\n  B:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt A.Nope\n".into(), "resource A does not support attribute type Nope in Fn::GetAtt"),
        ("Parameters:\n  Env:\n    Type: String\nResources:\n  A:\n    Type: AWS::SQS::Queue\n".into(), "Parameters: [Env] must have values"),
        ("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Join [x]\n".into(), "every Fn::Join object requires two parameters"),
        ("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Bogus x\n".into(), "unknown tag !Bogus"),
        ("Resources:\n  A-b:\n    Type: AWS::SQS::Queue\n".into(), "Resource name A-b is non alphanumeric."),
        ("Transform: AWS::Include\nResources:\n  A:\n    Type: AWS::SQS::Queue\n".into(), "the transform AWS::Include is not simulated"),
        ("Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Metadata: { EventLab: { Behavior: { Type: fly } } }\n    Properties: { Role: r, Code: { ZipFile: x } }\n".into(), "[/Resources/F/Metadata/EventLab/Behavior] unknown variant `fly`"),
        (format!("{q}  D:\n    Type: AWS::SQS::Queue\n    Properties: {{ RedrivePolicy: {{ deadLetterTargetArn: nowhere, maxReceiveCount: 3 }} }}\n"), "Template error: "),
        (format!("a: &x 1\nb: *x\n{q}"), "YAML aliases (*name) are not supported"),
        ("Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: { Role: r, Code: { ZipFile: x } }\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      NotificationConfiguration:\n        LambdaConfigurations: [{ Event: 's3:ObjectCreated:*', Function: !GetAtt F.Arn }]\n".into(), "Unable to validate the following destination configurations"),
        (format!("{}{q}", "#".repeat(1_000_001)), "a template may not exceed 1000000 bytes"),
        (format!("Conditions:\n{}{q}", (0..5000).map(|i| format!("  C{i}: !Condition C{}\n", i + 1)).collect::<String>()), "conditions refer to conditions more than 64 deep"),
    ];
    for (text, expected) in cases {
        match cloudformation::import("broken.yaml", &text) {
            Ok(_) => panic!("accepted: {text:.200}"),
            Err(e) => assert!(
                e.contains(expected),
                "{text:.200}\n  expected: {expected}\n  got: {e}"
            ),
        }
    }
}

/// A type AWS does not have refuses the whole template at validation, every such
/// type listed once in brackets; nothing is built. A type AWS has but EventLab
/// does not simulate is only listed. `AWS::Serverless::*` needs the SAM transform.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html>
/// <https://repost.aws/knowledge-center/cloudformation-template-validation>
/// ("Unrecognized resource types: [XXXXXXXX]"), and each namespace's list, e.g.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/AWS_SQS.html>
/// `!Ref` of an AWS::SQS::Queue returns its URL, `!GetAtt Q.Arn` its ARN
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values):
/// a URL where an ARN is wanted is refused with the fix (the English walk wrote
/// `deadLetterTargetArn: !Ref PaymentsDlqQueue` and read only "not declared").
#[test]
fn a_queue_url_where_an_arn_is_wanted_says_to_use_getatt_arn() {
    let template = |dlq: &str| {
        format!("Resources:\n  Dlq:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: dlq\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: q\n      RedrivePolicy:\n        deadLetterTargetArn: {dlq}\n        maxReceiveCount: 3\n")
    };
    let e = match cloudformation::import("ref.yaml", &template("!Ref Dlq")) {
        Ok(_) => panic!("a URL as deadLetterTargetArn was accepted"),
        Err(e) => e,
    };
    assert!(
        e.contains("that is a queue URL, which !Ref returns for an AWS::SQS::Queue; an ARN is wanted here: use !GetAtt QUEUE.Arn"),
        "{e}"
    );
    assert!(cloudformation::import("arn.yaml", &template("!GetAtt Dlq.Arn")).is_ok());
}

/// The same mistake in an event source mapping: `EventSourceArn: !Ref Queue` is a URL,
/// and the stack fails on EventSourceArn's ARN pattern
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html).
/// Before, the mapping was listed as "not simulated" and the template ran without it.
#[test]
fn a_queue_url_as_an_event_source_arn_refuses_the_template() {
    let template = |source: &str| {
        format!("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: q\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {{}}\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole]\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt Role.Arn\n      Code: {{ ZipFile: x }}\n  M:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      FunctionName: !Ref F\n      EventSourceArn: {source}\n")
    };
    let e = match cloudformation::import("ref.yaml", &template("!Ref Q")) {
        Ok(_) => panic!("a URL as EventSourceArn was accepted"),
        Err(e) => e,
    };
    assert!(
        e.contains("Properties validation failed for resource M"),
        "{e}"
    );
    assert!(e.contains("use !GetAtt QUEUE.Arn"), "{e}");
    // A name is no ARN either (`!Ref` of a table gives its name).
    let e = match cloudformation::import("name.yaml", &template("q")) {
        Ok(_) => panic!("a name as EventSourceArn was accepted"),
        Err(e) => e,
    };
    assert!(
        e.contains("#/EventSourceArn: failed validation constraint for keyword [pattern]"),
        "{e}"
    );
    let ok = cloudformation::import("arn.yaml", &template("!GetAtt Q.Arn")).expect("imports");
    assert!(ok.not_simulated.is_empty(), "{:?}", ok.not_simulated);
}

#[test]
fn unrecognized_resource_types_refuse_the_template() {
    let refused = |text: &str| match cloudformation::import("typo.yaml", text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e,
    };
    assert_eq!(
        refused("Resources:\n  Q:\n    Type: AWS::SQS::Queeu\n"),
        "Template format error: Unrecognized resource types: [AWS::SQS::Queeu]"
    );
    assert_eq!(
        refused("Resources:\n  Q:\n    Type: AWS::SQS::Queeu\n  T:\n    Type: AWS::SNS::Topic\n  F:\n    Type: AWS::Lambda::Functon\n  G:\n    Type: AWS::SQS::Queeu\n"),
        "Template format error: Unrecognized resource types: [AWS::SQS::Queeu, AWS::Lambda::Functon]"
    );
    // Even under a condition that is false: validation reads the whole template.
    assert!(refused("Conditions:\n  No: !Equals [a, b]\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n  D:\n    Type: AWS::DynamoDB::Tabel\n    Condition: No\n")
        .ends_with("Unrecognized resource types: [AWS::DynamoDB::Tabel]"));
    assert!(refused("Resources:\n  Q:\n    Type: Queue\n").ends_with("[Queue]"));
    assert!(refused("Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: { Handler: i.h, Runtime: python3.12, InlineCode: x }\n")
        .ends_with("Unrecognized resource types: [AWS::Serverless::Function]"));
    // Real types, simulated or not, and other namespaces' and custom types, load.
    let text = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  L:\n    Type: AWS::Logs::LogGroup\n  V:\n    Type: AWS::EC2::VPC\n    Properties: { CidrBlock: 10.0.0.0/16 }\n  S:\n    Type: AWS::StepFunctions::StateMachine\n  C:\n    Type: Custom::Seed\n";
    let imported = cloudformation::import("t.yaml", text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.scenario.queues.len(), 1);
    let listed: Vec<&str> = imported
        .not_simulated
        .iter()
        .map(|n| n.resource_type.as_str())
        .collect();
    assert!(listed.contains(&"AWS::EC2::VPC"), "{listed:?}");
    assert!(
        listed.contains(&"AWS::StepFunctions::StateMachine"),
        "{listed:?}"
    );
}

/// Every template in tests/templates/ imports.
#[test]
fn every_checked_in_template_imports() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/templates");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("tests/templates") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("text");
        let name = path.display().to_string();
        cloudformation::import(&name, &text).unwrap_or_else(|e| panic!("{name}: {e}"));
        n += 1;
    }
    assert!(n >= 2, "{n} templates");
}

/// Unsupported types are listed, the rest imports.
#[test]
fn unsupported_resource_types_are_listed_not_fatal() {
    let text = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  K:\n    Type: AWS::KMS::Key\n    Properties: { KeyPolicy: {} }\n  T:\n    Type: AWS::SNS::Topic\n    Properties: { KmsMasterKeyId: !GetAtt K.Arn }\n";
    let imported = cloudformation::import("t.yaml", text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.scenario.queues.len(), 1);
    assert_eq!(imported.scenario.topics.len(), 1);
    assert_eq!(imported.not_simulated.len(), 1);
    assert_eq!(imported.not_simulated[0].resource_type, "AWS::KMS::Key");
}

/// A trigger's FilterCriteria is imported and runs (it was noted "not simulated: every
/// record reaches the function"); its Pattern is JSON text, as CloudFormation takes it.
#[test]
fn a_stream_triggers_filter_criteria_is_imported() {
    let text = SAM.replace(
        "            BatchSize: 100\n",
        "            BatchSize: 100\n            FilterCriteria:\n              Filters:\n                - Pattern: '{\"eventName\": [\"INSERT\"]}'\n",
    );
    assert_ne!(text, SAM, "the template still has its stream consumer");
    let imported =
        cloudformation::import("sam-patterns.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !imported.notes.iter().any(|n| n.contains("FilterCriteria")),
        "{:?}",
        imported.notes
    );
    let filters: Vec<usize> = imported
        .scenario
        .mappings
        .iter()
        .filter_map(|m| m.filters().ok())
        .map(|f| f.len())
        .collect();
    assert!(filters.contains(&1), "{filters:?}");
    sim_core::Simulation::new(imported.scenario, 1).unwrap_or_else(|e| panic!("{e}"));
}

/// Stream mapping properties the simulator does not run are said in the notes; they
/// were dropped without a word (the fidelity check).
#[test]
fn unsimulated_stream_mapping_properties_are_noted() {
    let text = SAM.replace(
        "            BatchSize: 100\n",
        "            BatchSize: 100\n            MaximumRecordAgeInSeconds: 3600\n            ParallelizationFactor: 2\n",
    );
    assert_ne!(text, SAM, "the template still has its stream consumer");
    let imported =
        cloudformation::import("sam-patterns.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    let said = |p: &str| {
        imported
            .notes
            .iter()
            .any(|n| n.contains(&format!("{p} is not simulated")))
    };
    assert!(
        said("MaximumRecordAgeInSeconds") && said("ParallelizationFactor"),
        "{:?}",
        imported.notes
    );
    let plain = cloudformation::import("sam-patterns.yaml", SAM).unwrap_or_else(|e| panic!("{e}"));
    assert!(!plain
        .notes
        .iter()
        .any(|n| n.contains("ParallelizationFactor")));
}

/// An AWS::Lambda::EventSourceMapping on a queue with a stream-only parameter fails
/// the stack, naming the resource and the property, instead of deploying with the
/// parameter dropped. On a stream the same properties import (the SAM template's).
/// https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
/// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
#[test]
fn a_queue_mapping_with_stream_only_properties_fails_the_stack() {
    let mapping = "      EventSourceArn: !GetAtt InventoryQueue.Arn\n      BatchSize: 10\n";
    assert!(
        LAB003.contains(mapping),
        "the template still has its queue mapping"
    );
    for (added, instead) in [
        ("MaximumRetryAttempts: 3", "RedrivePolicy"),
        (
            "BisectBatchOnFunctionError: true",
            "ReportBatchItemFailures",
        ),
        (
            "DestinationConfig: { OnFailure: { Destination: !GetAtt PaymentsQueue.Arn } }",
            "deadLetterTargetArn",
        ),
        ("MaximumRecordAgeInSeconds: 3600", "MessageRetentionPeriod"),
        (
            "ParallelizationFactor: 2",
            "ScalingConfig.MaximumConcurrency",
        ),
        ("TumblingWindowInSeconds: 60", "no tumbling windows"),
    ] {
        let text = LAB003.replace(mapping, &format!("{mapping}      {added}\n"));
        let property = added.split(':').next().unwrap();
        let e = cloudformation::import("lab003.yaml", &text)
            .map(|_| ())
            .unwrap_err();
        assert!(
            e.contains(&format!("Properties validation failed for resource InventoryMapping with message: #/{property}: {property} applies only to ")),
            "{e}"
        );
        assert!(
            e.contains("Lambda does not accept it for an SQS queue") && e.contains(instead),
            "{e}"
        );
    }
    let text = LAB003.replace(
        mapping,
        &format!("{mapping}      BisectBatchOnFunctionError: false\n"),
    );
    cloudformation::import("lab003.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
}

/// No text makes the importer panic: random YAML-ish documents built from the
/// template language's own words, and the lab 003 template cut and spliced at
/// random places.
#[test]
fn random_templates_never_panic() {
    const WORDS: [&str; 24] = [
        "Resources:",
        "Type:",
        "AWS::SQS::Queue",
        "AWS::Serverless::Function",
        "Properties:",
        "!Ref",
        "!GetAtt",
        "!Sub",
        "!If",
        "!Join",
        "- ",
        "  ",
        "\n",
        "{",
        "}",
        "[",
        "]",
        ":",
        "\"",
        "'",
        "${A.Arn}",
        "Events:",
        "DependsOn:",
        "&a *a",
    ];
    let mut r = sim_core::rng::Rng::new(42);
    for _ in 0..3000 {
        let n = r.between(0, 60);
        let text: String = (0..n)
            .map(|_| WORDS[r.below(WORDS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ");
        let _ = cloudformation::import("fuzz.yaml", &text);
    }
    for _ in 0..300 {
        let bytes = LAB003.as_bytes();
        let a = r.below(bytes.len() as u64) as usize;
        let b = r.below(bytes.len() as u64) as usize;
        let c = r.below(bytes.len() as u64) as usize;
        let mut spliced = bytes[..a.min(b)].to_vec();
        spliced.extend_from_slice(&bytes[c..]);
        let text = String::from_utf8_lossy(&spliced);
        let _ = cloudformation::import("fuzz.yaml", &text);
    }
}

/// Export → import gives the same topology and, for the same seed and script,
/// the same trace hash and state, for every built-in scenario.
#[test]
fn round_trip_keeps_every_builtin_scenario() {
    for (id, text) in sim_core::scenario::BUILTIN {
        let yaml = cloudformation::export::builtin_yaml(id)
            .expect("builtin")
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let back = cloudformation::import(&format!("{id}.yaml"), &yaml)
            .unwrap_or_else(|e| panic!("{id}: {e}\n{yaml}"));
        let mut original = sim_core::Scenario::parse(id, text).expect("valid");
        // The console's lambda_function.lambda_handler comes back as the template's
        // index.lambda_handler: inline ZipFile code is saved as index
        // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html).
        for f in &mut original.functions {
            assert_eq!(f.handler, "lambda_function.lambda_handler", "{id}");
            f.handler = "index.lambda_handler".into();
        }
        assert_eq!(
            sim_core::view::Topology::of(&original),
            sim_core::view::Topology::of(&back.scenario),
            "{id}"
        );
        // REST stays REST (with "Enable CORS" as OPTIONS mocks), HTTP stays HTTP.
        assert_eq!(original.apis, back.scenario.apis, "{id}");
        assert_eq!(original.region, back.scenario.region, "{id}");
        assert!(
            back.not_simulated.is_empty(),
            "{id}: {:?}",
            back.not_simulated
        );
        // The export's least-privilege roles and resource policies are enforced on
        // the way back, and the runs below must not notice them.
        assert!(
            !back.scenario.roles.is_empty() && !back.scenario.resource_policies.is_empty(),
            "{id}"
        );
        for (seed, extra) in round_trip_scripts(id) {
            let run = |s: sim_core::Scenario| {
                let mut sim = Simulation::new(s, seed).expect("world");
                sim.add_script(extra.clone());
                run_checked(&mut sim, 10 * 60_000);
                (sim.trace().total(), sim.trace().hash(), state_text(&sim))
            };
            let (a, b) = (run(original.clone()), run(back.scenario.clone()));
            assert!(
                extra.is_empty() || a.0 > 20,
                "{id} seed {seed}: the script ran"
            );
            assert_eq!((a.0, a.1), (b.0, b.1), "{id} seed {seed}: trace differs");
            assert!(a.2 == b.2, "{id} seed {seed}: state differs");
        }
    }
}

/// The function panel shows a function's Environment (lab 004's ORDERS_TABLE_NAME,
/// lab 000's DYNAMODB_TABLE_NAME, the seeds' keys or ours); the exported handler
/// reads those keys, not another name for the same table, and they come back on
/// import. A student compared the panel with the downloaded code and found
/// TABLE_NAME in one and ORDERS_TABLE_NAME in the other.
#[test]
fn a_functions_own_environment_keys_travel_with_its_code() {
    for (id, text) in sim_core::scenario::BUILTIN {
        let original = sim_core::Scenario::parse(id, text).expect("valid");
        let yaml = cloudformation::export::builtin_yaml(id)
            .expect("builtin")
            .expect("exports");
        let back = cloudformation::import(&format!("{id}.yaml"), &yaml).expect("imports");
        for f in &original.functions {
            let Some(own) = &f.environment else { continue };
            let came_back = back
                .scenario
                .functions
                .iter()
                .find(|b| b.function_name == f.function_name)
                .and_then(|b| b.environment.as_ref())
                .unwrap_or_else(|| panic!("{id} {}: no Environment after import", f.function_name));
            for (key, value) in &own.variables {
                assert_eq!(
                    came_back.variables.get(key),
                    Some(value),
                    "{id} {}: {key}",
                    f.function_name
                );
            }
        }
    }
    let yaml = cloudformation::export::builtin_yaml("lab004-orders")
        .expect("builtin")
        .expect("exports");
    let create_order = &yaml[yaml.find("CreateOrderFunction:").expect("the function")..];
    let create_order = &create_order[..create_order
        .find("\n  Create")
        .unwrap_or(create_order.len())];
    assert!(
        create_order.contains("os.environ[\"ORDERS_TABLE_NAME\"]"),
        "{create_order}"
    );
    assert!(
        !yaml.contains("os.environ[\"TABLE_NAME\"]"),
        "lab 004 names its table ORDERS_TABLE_NAME"
    );
    assert!(
        yaml.contains("os.environ[\"SQS_QUEUE_URL\"]"),
        "ProcessOrderFunction's queue"
    );
}

/// A template without `Metadata: EventLab: Console` (each built-in exported, its
/// Console taken out): the console's order entry starts with an order its entry's
/// function accepts, not `{}`. The first order and the second of "submit N", sent
/// as the page sends them, are answered 2xx by the API (lab 004's CreateOrder
/// refuses a body without customerName, product and amount; lab 003's API one
/// without a numeric amount), or read by the queue's consumer without an error.
#[test]
fn a_template_without_console_starts_with_an_order_its_api_accepts() {
    use sim_core::view::{EntryTarget, EntryView};
    for (id, _) in sim_core::scenario::BUILTIN {
        let yaml = cloudformation::export::builtin_yaml(id)
            .expect("builtin")
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let mut doc = cloudformation::parse::document(&yaml).unwrap_or_else(|e| panic!("{e}"));
        let meta = doc["Metadata"]["EventLab"]
            .as_object_mut()
            .unwrap_or_else(|| panic!("{id}: Metadata EventLab"));
        assert!(
            meta.remove("Console").is_some(),
            "{id}: a Console to take out"
        );
        let back = cloudformation::import(&format!("{id}.json"), &doc.to_string())
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let written = &back.scenario_json["Console"]["OrderEntry"];
        let mut sim = Simulation::new(back.scenario, 1).expect("world");
        let entry = EntryView::of(&sim).unwrap_or_else(|| panic!("{id}: entry"));
        let first = entry.first_body();
        assert!(
            first.as_object().is_some_and(|o| !o.is_empty()),
            "{id}: {first}"
        );
        assert_eq!(written["Template"], first, "{id}: in the scenario file too");
        sim.apply(entry.request(first))
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        sim.apply(entry.request(entry.entry.nth_order(2)))
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        run_checked(&mut sim, 60_000);
        match &entry.target {
            EntryTarget::Api { .. } => {
                let codes: Vec<Option<u16>> = sim.http_exchanges().map(|x| x.status_code).collect();
                assert_eq!(codes.len(), 2, "{id}");
                assert!(
                    codes
                        .iter()
                        .all(|c| c.is_some_and(|c| (200..300).contains(&c))),
                    "{id}: {codes:?}"
                );
            }
            EntryTarget::Queue { queue, .. } => {
                let consumer = &consumer_of(&sim, queue);
                let f = sim.function(consumer).expect("consumer");
                assert!(f.metrics.invocations >= 1, "{id}: {consumer} ran");
                assert_eq!(f.metrics.errors, 0, "{id}: {consumer}");
            }
        }
    }
}

/// The function reading a queue.
fn consumer_of(sim: &Simulation, q: &str) -> String {
    let m = sim
        .scenario()
        .mappings
        .iter()
        .find(|m| m.source_name() == q)
        .expect("a mapping on the first queue");
    sim_core::lambda::function_name_from(&m.function_name).to_string()
}

/// The lab scripts the golden runs use, and each guide's Show me actions.
fn round_trip_scripts(id: &str) -> Vec<(u64, Vec<sim_core::ScriptStep>)> {
    let read = |f: &str| {
        let path = format!("{}/../../scenarios/scripts/{f}", env!("CARGO_MANIFEST_DIR"));
        script(serde_json::from_str(&std::fs::read_to_string(path).expect("script")).expect("json"))
    };
    let mut out = vec![(1, Vec::new())];
    match id {
        "lab000-pedidos" => out.push((1, read("lab000-aula4.json"))),
        "lab003-order-events" => {
            out.push((1, read("lab003-ten-orders.json")));
            out.push((3, read("lab003-ten-orders-all-declined.json")));
        }
        "lab004-orders" | "lab004-pipes" => out.push((2, read("lab004-three-orders.json"))),
        _ => {}
    }
    out
}

/// A template's own resource policies survive export → import: the lab 003
/// template runs the same, and without its queue policy it still fails the same.
#[test]
fn an_imported_template_exports_with_its_own_policies() {
    let start = LAB003.find("  OrderQueuesPolicy:").expect("policy");
    let end = LAB003.find("  InventoryTable:").expect("table");
    let without = format!("{}{}", &LAB003[..start], &LAB003[end..]);
    for text in [LAB003.to_string(), without] {
        let first = cloudformation::import("lab003.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
        let exported =
            cloudformation::export::template("lab003.json", &first.scenario_json.to_string())
                .unwrap_or_else(|e| panic!("{e}"));
        let yaml = cloudformation::export::to_yaml(&exported);
        let second =
            cloudformation::import("lab003.yaml", &yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        let run = |s: sim_core::Scenario| {
            let mut sim = Simulation::new(s, 5).expect("world");
            sim.add_script(ten_orders());
            run_checked(&mut sim, 3 * 60_000);
            (
                sim.trace().total(),
                sim.trace().hash(),
                sim.rules()[0].metrics.failed_invocations,
            )
        };
        assert_eq!(run(first.scenario), run(second.scenario));
    }
}

/// The export's Outputs give what the lab 003 test script needs after a deploy
/// ($API_ID, $RESOURCE_ID, $PAYMENTS_DLQ: `aws apigateway test-invoke-method
/// --rest-api-id --resource-id`, `aws sqs get-queue-attributes --queue-url`). `Ref` of
/// a RestApi is its id, of a Resource its id, of a Queue its URL
/// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html>).
/// Importing the template back ignores them.
#[test]
fn the_export_outputs_the_api_and_resource_ids_and_the_queue_urls() {
    let yaml = cloudformation::export::builtin_yaml("lab003-order-events")
        .unwrap()
        .unwrap();
    let template = cloudformation::export::template(
        "lab003.json",
        include_str!("../../../scenarios/lab003-order-events.json"),
    )
    .unwrap();
    let outputs = &template["Outputs"];
    assert_eq!(
        outputs["OrdersApiId"]["Value"],
        json!({ "Ref": "OrdersApi" })
    );
    assert_eq!(
        outputs["OrdersApiOrdersResourceId"]["Value"],
        json!({ "Ref": "OrdersApiOrdersResource" })
    );
    assert_eq!(
        outputs["PaymentsDlqQueueUrl"]["Value"],
        json!({ "Ref": "PaymentsDlqQueue" })
    );
    assert_eq!(
        outputs["PaymentsDlqQueueUrl"]["Description"],
        "QueueUrl of payments-dlq"
    );
    assert!(yaml.contains("\nOutputs:\n"), "{yaml}");
    // A route on "/" is on the root resource; an HTTP API's URL is its ApiEndpoint.
    let scenario = json!({
        "Name": "root",
        "Functions": [{ "FunctionName": "f", "Behavior": { "Type": "log-and-succeed" } }],
        "Apis": [
            { "Name": "rest", "ProtocolType": "REST", "StageName": "prod", "Routes": [{ "RouteKey": "GET /", "FunctionName": "f" }] },
            { "Name": "http", "ProtocolType": "HTTP", "StageName": "$default", "Routes": [{ "RouteKey": "GET /x", "FunctionName": "f" }] }
        ]
    });
    let root = cloudformation::export::template("root.json", &scenario.to_string()).unwrap();
    let outputs = &root["Outputs"];
    assert_eq!(
        outputs["RestApiRootResourceId"]["Description"], "ResourceId of / in rest",
        "{outputs}"
    );
    assert_eq!(
        outputs["HttpApiUrl"]["Value"],
        json!({ "Fn::Sub": "${HttpApi.ApiEndpoint}" }),
        "{outputs}"
    );
    let back = cloudformation::import("lab003.yaml", &yaml).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.scenario.queues.len(), 4);
}

/// A bucket that notifies a function without a declared role: the generated role
/// names the bucket's objects by name (by !GetAtt it would be a cycle: bucket →
/// function → role → bucket), and the bucket waits for its permission, which S3
/// checks when the notification is set.
/// <https://repost.aws/knowledge-center/unable-validate-circular-dependency-cloudformation>
#[test]
fn a_bucket_notifying_a_function_exports_without_a_cycle() {
    let scenario = json!({
        "Name": "upload", "Description": "x".repeat(1500),
        "Queues": [{ "QueueName": "in" }],
        "Buckets": [{ "BucketName": "uploads", "NotificationConfiguration": { "LambdaConfigurations": [
            { "Id": "csv", "Event": "s3:ObjectCreated:*", "Function": "ingest" }] } }],
        "Functions": [{ "FunctionName": "ingest", "Behavior": { "Type": "ingere-arquivo-s3", "QueueName": "in" } }]
    });
    let t = cloudformation::export::template("upload.json", &scenario.to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        t["Resources"]["UploadsBucket"]["DependsOn"],
        json!(["IngestFunctionS3Permission"])
    );
    let yaml = cloudformation::export::to_yaml(&t);
    let back =
        cloudformation::import("upload.yaml", &yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    assert_eq!(
        back.scenario.description.len(),
        1500,
        "the whole description comes back"
    );
    assert_eq!(
        back.scenario.buckets[0].notifications[0].id.as_deref(),
        Some("csv")
    );
    let role = &back.scenario.roles[0];
    assert!(
        role.policies[0]
            .document_text
            .contains("arn:aws:s3:::uploads/*"),
        "{}",
        role.policies[0].document_text
    );
}

/// A REST API's resources may be written child first.
#[test]
fn rest_api_resources_may_come_in_any_order() {
    let text = "Resources:
  Child:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !Ref Parent, PathPart: '{id}' }
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Child
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations' }
  Parent:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: orders }
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: shop }
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
";
    let imported = cloudformation::import("api.yaml", text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        imported.scenario.apis[0].routes[0].route_key,
        "GET /orders/{id}"
    );
}

/// API Gateway needs the function's permission too: without it every request
/// answers 500 and the execution log says why.
/// <https://repost.aws/knowledge-center/api-gateway-rest-api-lambda-integrations>
#[test]
fn without_its_permission_api_gateway_answers_500() {
    let start = LAB003.find("  ApiInvokePermission:").expect("permission");
    let end = LAB003.find("  AlertsTopic:").expect("topic");
    let text = format!("{}{}", &LAB003[..start], &LAB003[end..]);
    let imported =
        cloudformation::import("no-api-permission.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(imported.scenario, 1).expect("world");
    sim.add_script(ten_orders());
    run_checked(&mut sim, 60_000);
    let codes: Vec<Option<u16>> = sim.http_exchanges().map(|x| x.status_code).collect();
    assert_eq!(codes, vec![Some(500); 10]);
    assert_eq!(sim.function("order-api").expect("f").metrics.invocations, 0);
    let trace = sim
        .trace()
        .entries()
        .map(|e| e.line())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        trace.contains("Invalid permissions on Lambda function"),
        "{trace}"
    );
}

/// SNS to an SQS queue needs the queue's policy to let sns.amazonaws.com send: a
/// client error, not retried, to the subscription's DLQ when it has one.
/// <https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html>
#[test]
fn sns_to_sqs_needs_the_queue_policy() {
    let template = |policy: &str| {
        format!(
            "Resources:
  Topic:
    Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
  Dlq:
    Type: AWS::SQS::Queue
  Sub:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic
      Protocol: sqs
      Endpoint: !GetAtt Queue.Arn
      RedrivePolicy: {{ deadLetterTargetArn: !GetAtt Dlq.Arn }}
{policy}"
        )
    };
    let policy = "  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { Service: sns.amazonaws.com }, Action: sqs:SendMessage, Resource: !GetAtt Queue.Arn,
              Condition: { ArnEquals: { aws:SourceArn: !Ref Topic } } }
";
    for (with_policy, text) in [(true, template(policy)), (false, template(""))] {
        let imported = cloudformation::import("sns.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
        let mut sim = Simulation::new(imported.scenario, 1).expect("world");
        sim.add_script(script(json!([{ "At": "1s", "Action": "Publish", "TopicName": "Topic", "Message": { "hello": 1 } }])));
        run_checked(&mut sim, 10_000);
        let count = |q: &str| sim.queue(q).expect("queue").counts().0;
        assert_eq!(
            (count("Queue"), count("Dlq")),
            if with_policy { (1, 0) } else { (0, 1) },
            "policy {with_policy}"
        );
    }
}

/// Structure-aware: the lab 003 and SAM templates as values, mutated at random
/// (a member dropped, a value replaced by another type, an intrinsic, a name of
/// another resource), written back as YAML and imported: an answer or an error,
/// never a panic, and an imported scenario always builds a world.
#[test]
fn mutated_templates_never_panic() {
    use serde_json::Value;
    let mut r = sim_core::rng::Rng::new(7);
    let docs: Vec<Value> = [LAB003, SAM]
        .iter()
        .map(|t| cloudformation::parse::document(t).expect("parses"))
        .collect();
    let mut imported = 0;
    for round in 0..400 {
        let mut doc = docs[round % docs.len()].clone();
        for _ in 0..r.between(1, 4) {
            mutate(&mut doc, &mut r, 0);
        }
        let yaml = cloudformation::export::to_yaml(&doc);
        if let Ok(i) = cloudformation::import("mutated.yaml", &yaml) {
            imported += 1;
            let _ = Simulation::new(i.scenario, 1).map(|mut s| s.run_until(5_000));
        }
    }
    assert!(
        imported > 20,
        "some mutations keep the template valid ({imported})"
    );
}

fn mutate(v: &mut serde_json::Value, r: &mut sim_core::rng::Rng, depth: u32) {
    use serde_json::Value;
    let replacements = [
        json!(null),
        json!(true),
        json!(-3),
        json!("x"),
        json!([]),
        json!({}),
        json!({"Ref": "PaymentsQueue"}),
        json!({"Fn::GetAtt": ["OrderRule", "Arn"]}),
        json!({"Fn::Sub": "${AWS::Region}-${Nope}"}),
        json!({"Ref": "AWS::NoValue"}),
        json!({"Fn::If": ["C", 1, 2]}),
        json!("arn:aws:sqs:us-east-1:123456789012:payments-queue"),
    ];
    let pick = |r: &mut sim_core::rng::Rng| {
        replacements[r.below(replacements.len() as u64) as usize].clone()
    };
    match v {
        Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = keys[r.below(keys.len() as u64) as usize].clone();
            match r.below(if depth > 6 { 2 } else { 4 }) {
                0 => {
                    m.remove(&k);
                }
                1 => {
                    m.insert(k, pick(r));
                }
                _ => {
                    if let Some(x) = m.get_mut(&k) {
                        mutate(x, r, depth + 1);
                    }
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = r.below(a.len() as u64) as usize;
            match r.below(3) {
                0 => {
                    a.remove(i);
                }
                1 => a[i] = pick(r),
                _ => mutate(&mut a[i], r, depth + 1),
            }
        }
        other => *other = pick(r),
    }
}

/// A table's AttributeDefinitions type its keys: imported, enforced (a string where
/// the template says N is refused, as DynamoDB refuses it), and exported as written;
/// a key attribute they leave out refuses the template with CreateTable's words
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html).
#[test]
fn attribute_definitions_type_the_keys_both_ways() {
    let template = "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: readings\n      AttributeDefinitions:\n        - { AttributeName: sensor, AttributeType: S }\n        - { AttributeName: at, AttributeType: N }\n      KeySchema:\n        - { AttributeName: sensor, KeyType: HASH }\n        - { AttributeName: at, KeyType: RANGE }\n";
    let imported = cloudformation::import("t.yaml", template).unwrap_or_else(|e| panic!("{e}"));
    let table = &imported.scenario.tables[0];
    assert_eq!((table.key_type("sensor"), table.key_type("at")), ("S", "N"));

    // A table's starting items go through PutItem's checks.
    let with_item = |item: serde_json::Value| {
        let mut scenario = imported.scenario.clone();
        scenario.tables[0].items = vec![item];
        Simulation::new(scenario, 1).map(|_| ())
    };
    with_item(json!({"sensor": "s1", "at": 5})).unwrap();
    let refused = with_item(json!({"sensor": "s1", "at": "5"})).unwrap_err();
    assert!(
        refused.message.ends_with(
            "One or more parameter values were invalid: Type mismatch for key at expected: N actual: S"
        ),
        "{}",
        refused.message
    );

    let exported = cloudformation::export::template("t.json", &imported.scenario_json.to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let defs = &exported["Resources"]["ReadingsTable"]["Properties"]["AttributeDefinitions"];
    assert_eq!(
        defs,
        &json!([{"AttributeName": "sensor", "AttributeType": "S"}, {"AttributeName": "at", "AttributeType": "N"}]),
        "{exported:#}"
    );

    let undefined = template.replace("        - { AttributeName: at, AttributeType: N }\n", "");
    let Err(e) = cloudformation::import("t.yaml", &undefined) else {
        panic!("a key attribute without a definition is refused");
    };
    assert!(
        e.contains("Some index key attributes are not defined in AttributeDefinitions. Keys: [at], AttributeDefinitions: [sensor]"),
        "{e}"
    );
}

/// A pipe's enrichment a template brings without Metadata returns the batch it got:
/// the generic behaviour returns nothing, and an empty response stops the batch
/// (EventBridge User Guide, pipes-enrichment), so the pipe delivered nothing (the
/// review, session 33).
#[test]
fn a_generic_pipe_enrichment_passes_its_batch_on() {
    let template = "Resources:\n  Src:\n    Type: AWS::SQS::Queue\n    Properties: { QueueName: src }\n  Out:\n    Type: AWS::SQS::Queue\n    Properties: { QueueName: out }\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n  Enrich:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: enrich\n      Role: !GetAtt Role.Arn\n      Code: { ZipFile: x }\n  Other:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: other\n      Role: !GetAtt Role.Arn\n      Code: { ZipFile: x }\n  P:\n    Type: AWS::Pipes::Pipe\n    Properties:\n      Name: P\n      RoleArn: !GetAtt Role.Arn\n      Source: !GetAtt Src.Arn\n      Enrichment: !GetAtt Enrich.Arn\n      Target: !GetAtt Out.Arn\n";
    let imported = cloudformation::import("pipe.yaml", template).unwrap_or_else(|e| panic!("{e}"));
    let source = |name: &str| {
        imported
            .behaviours
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, b)| *b)
    };
    assert_eq!(source("enrich"), Some(BehaviourSource::GenericEnrichment));
    assert_eq!(source("other"), Some(BehaviourSource::Generic));
    let mut sim = Simulation::new(imported.scenario, 1).unwrap();
    sim.apply(send("src", json!({ "orderId": "o-1" }))).unwrap();
    sim.run_until(10_000);
    assert_eq!(
        sim.queue("out").unwrap().len(),
        1,
        "delivered through the enrichment"
    );
}

/// A function's role lets it send what Lambda sends on its behalf: a stream trigger's
/// OnFailure record and a dead-letter event to a topic need sns:Publish on it ("your
/// function's execution role" sends them: Lambda developer guide,
/// invocation-eventsourcemapping and invocation-async-retain-records).
#[test]
fn a_role_may_publish_to_its_functions_topic_destinations() {
    let scenario = json!({
        "Name": "t",
        "Topics": [{ "TopicName": "stream-failures" }, { "TopicName": "dead" }],
        "Tables": [{ "TableName": "Orders", "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }],
            "StreamSpecification": { "StreamEnabled": true, "StreamViewType": "NEW_IMAGE" } }],
        "Functions": [{ "FunctionName": "f", "Behavior": { "Type": "log-and-succeed" },
            "DeadLetterConfig": { "TargetArn": "arn:aws:sns:us-east-1:123456789012:dead" } }],
        "EventSourceMappings": [{ "FunctionName": "f", "EventSourceArn": "Orders", "StartingPosition": "LATEST",
            "DestinationConfig": { "OnFailure": { "Destination": "arn:aws:sns:us-east-1:123456789012:stream-failures" } } }]
    });
    let exported = cloudformation::export::template("t.json", &scenario.to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let yaml = cloudformation::export::to_yaml(&exported);
    let publishes = yaml.matches("sns:Publish").count();
    assert_eq!(publishes, 2, "one statement per topic:\n{yaml}");
}

/// A FIFO topic's subscription DLQ is a FIFO queue, and the message keeps its group
/// there ("FIFO topic subscriptions use FIFO queues": SNS developer guide,
/// https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html). It was
/// sent without one, refused, and the trace still said it was sent.
#[test]
fn a_fifo_subscriptions_dead_letter_keeps_its_group() {
    let text = "Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties: { TopicName: t.fifo, FifoTopic: true, ContentBasedDeduplication: true }
  Queue:
    Type: AWS::SQS::Queue
    Properties: { QueueName: q.fifo, FifoQueue: true }
  Dlq:
    Type: AWS::SQS::Queue
    Properties: { QueueName: dlq.fifo, FifoQueue: true }
  Sub:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic
      Protocol: sqs
      Endpoint: !GetAtt Queue.Arn
      RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn }
";
    let imported = cloudformation::import("fifo.yaml", text).unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(imported.scenario, 1).expect("world");
    sim.add_script(script(json!([{ "At": "1s", "Action": "Publish", "TopicName": "t.fifo", "Message": { "hello": 1 }, "MessageGroupId": "g1" }])));
    run_checked(&mut sim, 10_000);
    let dlq = sim.queue("dlq.fifo").expect("queue");
    let (_, m) = dlq
        .messages()
        .next()
        .expect("the dead letter (no queue policy)");
    assert_eq!(m.group_id(), Some("g1"));
}

/// A stack whose trigger's role cannot read the queue fails on the mapping, with
/// Lambda's words ("The provided execution role does not have permissions to call
/// ReceiveMessage on SQS": github.com/aws/aws-cdk/issues/6770), and nothing is
/// created.
#[test]
fn a_trigger_whose_role_cannot_read_the_queue_fails_the_stack() {
    let poll = "                Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]\n                Resource: !GetAtt InventoryQueue.Arn\n";
    assert!(
        LAB003.contains(poll),
        "the template still has the poll statement"
    );
    let text = LAB003.replace(
        poll,
        "                Action: [sqs:DeleteMessage, sqs:GetQueueAttributes]\n                Resource: !GetAtt InventoryQueue.Arn\n",
    );
    let e = cloudformation::import("lab003.yaml", &text)
        .map(|_| ())
        .unwrap_err();
    assert!(
        e.contains(
            "The provided execution role does not have permissions to call ReceiveMessage on SQS"
        ),
        "{e}"
    );
}
