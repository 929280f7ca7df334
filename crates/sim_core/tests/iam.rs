//! IAM: policy evaluation, and lab 000's role lambda-altera-cancela-role broken and
//! fixed the way a learner does it.
//!
//! Sources:
//! - Explicit Deny beats Allow; no Allow is an implicit deny:
//!   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html
//! - An SQS event source mapping reads the queue with the function's execution role
//!   (sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes):
//!   https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
//! - The AccessDenied sentence ("User: … is not authorized to perform: … on resource:
//!   … because no identity-based policy allows …" / "… with an explicit deny …"):
//!   https://repost.aws/knowledge-center/sqs-accessdenied-errors

mod common;

use common::builtin;
use serde_json::{json, Value};
use sim_core::action::Action;
use sim_core::services::iam::{policy::decide_all, Decision, PolicyDocument};
use sim_core::trace::TraceKind;
use sim_core::Simulation;

const TABLE: &str = "arn:aws:dynamodb:us-east-1:123456789012:table/pedidos-db";

fn doc(v: Value) -> PolicyDocument {
    PolicyDocument::parse(&v).unwrap()
}

#[test]
fn policy_evaluation_allow_deny_wildcards_and_the_wrong_resource() {
    let allow = doc(json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["dynamodb:UpdateItem", "dynamodb:GetItem"], "Resource": TABLE}]}));
    assert_eq!(allow.decide("dynamodb:UpdateItem", TABLE), Decision::Allow);
    assert_eq!(
        allow.decide("DynamoDB:updateitem", TABLE),
        Decision::Allow,
        "actions are case-insensitive"
    );
    assert_eq!(
        allow.decide("dynamodb:PutItem", TABLE),
        Decision::ImplicitDeny
    );
    assert_eq!(
        allow.decide(
            "dynamodb:UpdateItem",
            &TABLE.replace("pedidos-db", "pedidos-db-seu-nome")
        ),
        Decision::ImplicitDeny,
        "a policy naming another table allows nothing on this one"
    );
    let wild = doc(
        json!({"Statement": {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:*:*:table/pedidos-*"}}),
    );
    assert_eq!(wild.decide("dynamodb:PutItem", TABLE), Decision::Allow);
    let deny = doc(
        json!({"Statement": [{"Effect": "Deny", "Action": "dynamodb:Update*", "Resource": "*"}]}),
    );
    assert_eq!(
        decide_all([&allow, &deny], "dynamodb:UpdateItem", TABLE),
        Decision::ExplicitDeny
    );
    assert_eq!(
        decide_all([&allow, &deny], "dynamodb:GetItem", TABLE),
        Decision::Allow
    );
    let not_action = doc(
        json!({"Statement": [{"Effect": "Allow", "NotAction": "dynamodb:DeleteItem", "Resource": "*"}]}),
    );
    assert_eq!(
        not_action.decide("dynamodb:PutItem", TABLE),
        Decision::Allow
    );
    assert_eq!(
        not_action.decide("dynamodb:DeleteItem", TABLE),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide_all([], "sqs:SendMessage", "*"),
        Decision::ImplicitDeny
    );
}

fn lab000() -> Simulation {
    let mut sim = Simulation::new(builtin("lab000-pedidos"), 3).unwrap();
    sim.run_until(1_000);
    sim
}

fn cancel(sim: &mut Simulation, pedido: &str) {
    let entry = json!({ "Source": "lab.aula4.operacoes", "DetailType": "CancelarPedido",
        "Detail": json!({"pedidoId": pedido}).to_string(), "EventBusName": "pedidos-event-bus" });
    sim.apply(serde_json::from_value(json!({"Action": "PutEvents", "Entries": [entry]})).unwrap())
        .unwrap();
}

fn status(sim: &Simulation, pedido: &str) -> Option<Value> {
    common::item_status(sim, "pedidos-db", "pedidoId", pedido, "statusPedido")
}

fn policy_json(sim: &Simulation, role: &str, name: &str) -> Value {
    let r = sim.role(role).unwrap();
    r.policies
        .iter()
        .find(|p| p.policy_name == name)
        .unwrap()
        .document_json
        .clone()
}

fn delete_policy(sim: &mut Simulation, name: &str) {
    sim.apply(Action::DeleteRolePolicy {
        role_name: "lambda-altera-cancela-role".into(),
        policy_name: name.into(),
    })
    .unwrap();
}

fn put_policy(sim: &mut Simulation, name: &str, doc: &Value) -> sim_core::SimResult<()> {
    sim.apply(Action::PutRolePolicy {
        role_name: "lambda-altera-cancela-role".into(),
        policy_name: name.into(),
        policy_document: doc.to_string(),
    })
}

fn log_text(sim: &Simulation, function: &str) -> String {
    let g = &sim.logs()[&format!("/aws/lambda/{function}")];
    g.lines()
        .map(|(_, l)| l.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn lab000_declares_the_labs_role_with_its_three_inline_policies() {
    let sim = lab000();
    let role = sim.role("lambda-altera-cancela-role").unwrap();
    let names: Vec<&str> = role
        .policies
        .iter()
        .map(|p| p.policy_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "SQSReadCancelaTrigger",
            "SQSReadAlterarTrigger",
            "ReadCancelAlterDynamoUpdate"
        ]
    );
    assert_eq!(
        sim.function("cancela-pedido-lambda")
            .unwrap()
            .config
            .role_name(),
        "lambda-altera-cancela-role"
    );
}

#[test]
fn without_read_cancel_alter_dynamo_update_the_cancel_fails_with_access_denied_and_restoring_it_fixes_it(
) {
    let mut sim = lab000();
    let saved = policy_json(
        &sim,
        "lambda-altera-cancela-role",
        "ReadCancelAlterDynamoUpdate",
    );
    delete_policy(&mut sim, "ReadCancelAlterDynamoUpdate");
    cancel(&mut sim, "s3P003");
    sim.run_until(10_000);
    assert_eq!(status(&sim, "s3P003"), Some(json!("PEDIDO_PROCESSADO")));
    let log = log_text(&sim, "cancela-pedido-lambda");
    assert!(
        log.contains("AccessDeniedException) when calling the UpdateItem operation: User: arn:aws:sts::123456789012:assumed-role/lambda-altera-cancela-role/cancela-pedido-lambda is not authorized to perform: dynamodb:UpdateItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/pedidos-db because no identity-based policy allows the dynamodb:UpdateItem action"),
        "{log}"
    );
    // The failed message comes back after its 70 s visibility timeout; with the
    // policy restored, that next attempt cancels the order.
    put_policy(&mut sim, "ReadCancelAlterDynamoUpdate", &saved).unwrap();
    sim.run_until(90_000);
    assert_eq!(status(&sim, "s3P003"), Some(json!("CANCELADO")));
}

#[test]
fn without_the_trigger_policy_the_mapping_receives_nothing_until_it_is_restored() {
    let mut sim = lab000();
    let saved = policy_json(&sim, "lambda-altera-cancela-role", "SQSReadCancelaTrigger");
    delete_policy(&mut sim, "SQSReadCancelaTrigger");
    cancel(&mut sim, "s3P003");
    sim.run_until(300_000);
    let q = sim.queue("cancela-pedido-queue").unwrap();
    assert_eq!(
        q.counts().0,
        1,
        "the message waits, visible and never received"
    );
    let denied: Vec<_> = sim
        .trace()
        .entries()
        .filter(|e| e.kind == TraceKind::AccessDenied)
        .collect();
    assert_eq!(denied.len(), 1, "said once, not at every poll");
    // SQS writes the action in lower case in its denial
    // (https://github.com/aws/serverless-application-model/issues/3633: "not
    // authorized to perform: sqs:sendmessage on resource: …").
    assert!(
        denied[0].text.contains(
            "sqs:receivemessage on resource: arn:aws:sqs:us-east-1:123456789012:cancela-pedido-queue because no identity-based policy allows the sqs:receivemessage action"
        ),
        "{}",
        denied[0].text
    );
    let m = sim
        .sqs_mappings()
        .iter()
        .find(|m| m.access_problem.is_some())
        .unwrap();
    assert!(m
        .access_problem
        .as_ref()
        .unwrap()
        .contains("lambda-altera-cancela-role"));
    put_policy(&mut sim, "SQSReadCancelaTrigger", &saved).unwrap();
    sim.run_until(310_000);
    assert_eq!(status(&sim, "s3P003"), Some(json!("CANCELADO")));
    assert!(sim
        .sqs_mappings()
        .iter()
        .all(|m| m.access_problem.is_none()));
}

#[test]
fn without_sqs_delete_message_a_processed_message_comes_back_and_ends_in_the_dlq() {
    let mut sim = lab000();
    let arn = "arn:aws:sqs:us-east-1:123456789012:cancela-pedido-queue";
    let read_only = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["sqs:ReceiveMessage", "sqs:GetQueueAttributes"], "Resource": [arn]}]});
    put_policy(&mut sim, "SQSReadCancelaTrigger", &read_only).unwrap();
    cancel(&mut sim, "s3P003");
    sim.run_until(5 * 60_000);
    assert_eq!(
        status(&sim, "s3P003"),
        Some(json!("CANCELADO")),
        "the function did its work"
    );
    assert_eq!(
        sim.queue("cancela-pedido-dlq").unwrap().counts().0,
        1,
        "3 receives, never deleted"
    );
    let deletes = sim
        .trace()
        .entries()
        .filter(|e| e.kind == TraceKind::AccessDenied && e.text.contains("sqs:deletemessage"))
        .count();
    assert_eq!(deletes, 3);
}

#[test]
fn an_explicit_deny_wins_over_the_labs_allow() {
    let mut sim = lab000();
    let deny = json!({"Version": "2012-10-17", "Statement": [{"Sid": "NoWrites", "Effect": "Deny", "Action": "dynamodb:*", "Resource": "*"}]});
    put_policy(&mut sim, "NoWrites", &deny).unwrap();
    cancel(&mut sim, "s3P003");
    sim.run_until(10_000);
    assert!(log_text(&sim, "cancela-pedido-lambda")
        .contains("with an explicit deny in an identity-based policy"));
}

#[test]
fn a_malformed_policy_or_a_missing_role_is_refused_and_changes_nothing() {
    let mut sim = lab000();
    let before = sim.role("lambda-altera-cancela-role").unwrap().clone();
    let cases = [
        (
            "ReadCancelAlterDynamoUpdate",
            json!({"Statement": [{"Effect": "Allow", "Action": "dynamodb:UpdateItem", "Resource": "COLE AQUI O ARN DA SUA TABELA pedidos-db-seu-nome"}]}),
            "must be in ARN format",
        ),
        (
            "ReadCancelAlterDynamoUpdate",
            json!({"Statement": [{"Effect": "Allow", "Action": "UpdateItem", "Resource": "*"}]}),
            "prefaced by a vendor",
        ),
        // A bad name is IAM's ValidationError, checked before the document (the
        // lab 000 walk read "MalformedPolicyDocument" and looked for a JSON error).
        ("bad name!", json!({"Statement": []}), "policyName"),
        (
            "Política€",
            json!({"Statement": [{"Effect": "Allow"}]}),
            "policyName",
        ),
    ];
    for (name, doc, why) in cases {
        let e = put_policy(&mut sim, name, &doc).unwrap_err();
        let code = if why == "policyName" {
            "ValidationError"
        } else {
            "MalformedPolicyDocument"
        };
        assert_eq!(e.code, code, "{e:?}");
        assert!(e.message.contains(why), "{}", e.message);
    }
    let e = sim
        .apply(Action::PutRolePolicy {
            role_name: "lambda-altera-cancela-role".into(),
            policy_name: "X".into(),
            policy_document: "{not json".into(),
        })
        .unwrap_err();
    assert!(e.message.contains("invalid JSON"), "{}", e.message);
    let e = sim
        .apply(Action::DeleteRolePolicy {
            role_name: "no-such-role".into(),
            policy_name: "X".into(),
        })
        .unwrap_err();
    assert_eq!(
        e.message,
        "The role with name no-such-role cannot be found."
    );
    assert_eq!(sim.role("lambda-altera-cancela-role").unwrap(), &before);
}

#[test]
fn a_scenario_without_roles_checks_nothing() {
    let sim = Simulation::new(builtin("lab004-orders"), 1).unwrap();
    assert!(sim.roles().is_empty());
}

/// Lab 000's scenario file, as JSON, to break before it is checked.
fn lab000_file() -> Value {
    serde_json::from_str(include_str!("../../../scenarios/lab000-pedidos.json")).unwrap()
}

/// The inline policy `name` of role `role` in a scenario file.
fn file_policy<'a>(file: &'a mut Value, role: &str, name: &str) -> &'a mut Value {
    let roles = file["Roles"].as_array_mut().unwrap();
    let role = roles.iter_mut().find(|r| r["RoleName"] == role).unwrap();
    let policies = role["Policies"].as_array_mut().unwrap();
    policies
        .iter_mut()
        .find(|p| p["PolicyName"] == name)
        .unwrap()
}

/// Lambda checks the execution role when the trigger is created and refuses it,
/// InvalidParameterValueException, naming the first call the role lacks: "The
/// provided execution role does not have permissions to call ReceiveMessage on SQS"
/// (github.com/aws/aws-cdk/issues/6770), "… to call DeleteMessage on SQS"
/// (github.com/functionalone/serverless-iam-roles-per-function/issues/21); the
/// three calls are the Lambda developer guide's execution role permissions for an
/// SQS trigger (services-sqs-configure). We created the trigger and its pollers
/// were denied at run time.
#[test]
fn a_trigger_whose_role_cannot_read_its_queue_is_refused_when_it_is_created() {
    let (role, policy) = ("lambda-altera-cancela-role", "SQSReadCancelaTrigger");
    let who = "lab000.json: event source mapping for \"cancela-pedido-lambda\": InvalidParameterValueException: The provided execution role does not have permissions to call";
    for (actions, missing) in [
        (json!(["sqs:SendMessage"]), "ReceiveMessage"),
        (
            json!(["sqs:ReceiveMessage", "sqs:GetQueueAttributes"]),
            "DeleteMessage",
        ),
        (
            json!(["sqs:ReceiveMessage", "sqs:DeleteMessage"]),
            "GetQueueAttributes",
        ),
    ] {
        let mut file = lab000_file();
        file_policy(&mut file, role, policy)["PolicyDocument"]["Statement"][0]["Action"] = actions;
        let e = sim_core::Scenario::parse("lab000.json", &file.to_string()).unwrap_err();
        assert!(e.starts_with(&format!("{who} {missing} on SQS")), "{e}");
    }
    // Allowed another way (a wildcard on every queue), the trigger is created.
    let mut file = lab000_file();
    file_policy(&mut file, role, policy)["PolicyDocument"]["Statement"][0] = json!({"Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws:sqs:us-east-1:123456789012:*"});
    sim_core::Scenario::parse("lab000.json", &file.to_string()).unwrap_or_else(|e| panic!("{e}"));
}

/// A DynamoDB stream trigger: "Cannot access stream arn:… Please ensure the role can
/// perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions
/// on your stream in IAM" (github.com/aws-samples/lambda-refarch-webapp/issues/7).
#[test]
fn a_stream_trigger_whose_role_cannot_read_the_stream_is_refused_when_it_is_created() {
    let mut file: Value =
        serde_json::from_str(include_str!("../../../scenarios/lab004-streams.json")).unwrap();
    let stream_read = json!({"Effect": "Allow",
        "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
        "Resource": "arn:aws:dynamodb:us-east-2:123456789012:table/Orders/stream/*"});
    let role = |statements: Value| {
        json!([{"RoleName": "OrderServiceLambdaRole", "Policies": [
            {"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]}])
    };
    file["Roles"] = role(
        json!([{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:us-east-2:123456789012:table/Orders"}]),
    );
    let e = sim_core::Scenario::parse("streams.json", &file.to_string()).unwrap_err();
    assert_eq!(e, "streams.json: event source mapping for \"ProcessOrderFunction\": InvalidParameterValueException: Cannot access stream arn:aws:dynamodb:us-east-2:123456789012:table/Orders/stream/2025-05-13T19:00:00.000. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM. (role OrderServiceLambdaRole)");
    file["Roles"] = role(json!([stream_read]));
    sim_core::Scenario::parse("streams.json", &file.to_string()).unwrap_or_else(|e| panic!("{e}"));
    // A trigger that names its stream by ARN is checked against that ARN.
    let label =
        "arn:aws:dynamodb:us-east-2:123456789012:table/Orders/stream/2024-01-01T00:00:00.000";
    file["EventSourceMappings"][0]["EventSourceArn"] = json!(label);
    let mut exact = stream_read.clone();
    exact["Resource"] = json!(label);
    file["Roles"] = role(json!([exact]));
    sim_core::Scenario::parse("streams.json", &file.to_string()).unwrap_or_else(|e| panic!("{e}"));
}
