//! Who may do what: the scenario's roles, a least-privilege role for each
//! function (and pipe) the scenario gives none, and the resource policies that
//! let services reach their targets — the scenario's own when it has them
//! (an imported template's), else the ones its wiring needs.
//! <https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html>

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{python, sub, Ex};
use crate::eventbridge::TargetKind;
use crate::lambda::FunctionConfig;

const BASIC: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

fn trust(service: &str) -> Value {
    json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "Service": service }, "Action": "sts:AssumeRole" }] })
}

/// The scenario's roles, their ARNs written with !GetAtt / !Sub.
pub fn roles(ex: &mut Ex) {
    for r in ex.section("Roles") {
        let name = r
            .get("RoleName")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let id = ex.ids[&("role", name)].clone();
        let mut props = r.as_object().cloned().unwrap_or_default();
        props
            .entry("AssumeRolePolicyDocument")
            .or_insert_with(|| trust("lambda.amazonaws.com"));
        if let Some(Value::Array(policies)) = props.get_mut("Policies") {
            for p in policies.iter_mut() {
                let doc = p["PolicyDocument"].clone();
                p["PolicyDocument"] = document(ex, &doc);
            }
        }
        ex.add(&id, "AWS::IAM::Role", Value::Object(props));
    }
}

/// A policy document with each Resource ARN as the resource's !GetAtt or a !Sub.
fn document(ex: &Ex, doc: &Value) -> Value {
    let mut doc = doc.clone();
    let statements = match doc.get_mut("Statement") {
        Some(Value::Array(a)) => a.iter_mut().collect::<Vec<_>>(),
        Some(s @ Value::Object(_)) => vec![s],
        _ => Vec::new(),
    };
    for st in statements {
        match st.get("Resource").cloned() {
            Some(Value::String(r)) => st["Resource"] = ex.policy_arn(&r),
            Some(Value::Array(rs)) => {
                st["Resource"] = Value::Array(
                    rs.iter()
                        .map(|r| r.as_str().map_or(r.clone(), |s| ex.policy_arn(s)))
                        .collect(),
                );
            }
            _ => {}
        }
    }
    doc
}

/// The function's Role: its role's !GetAtt (every role exists by now: see `generated_roles`).
pub fn role_of(ex: &mut Ex, f: &FunctionConfig) -> Value {
    match ex.id("role", &f.role_name()) {
        Some(id) => json!({ "Fn::GetAtt": [id, "Arn"] }),
        None => sub(
            &crate::services::iam::role_arn(&f.role_name()),
            ex.scenario.region,
        ),
    }
}

/// A least-privilege role for each role a function names (or `<function>-role`,
/// the name EventLab gives a role it was not told) that the scenario does not
/// declare: what its functions do, and nothing else.
pub fn generated_roles(ex: &mut Ex) {
    let mut by_role: Vec<(String, Vec<Value>)> = Vec::new();
    for f in ex.scenario.functions.clone() {
        let role = f.role_name();
        if ex.scenario.roles.iter().any(|r| r.role_name == role) {
            continue;
        }
        let needs = needs(ex, &f);
        match by_role.iter_mut().find(|(r, _)| *r == role) {
            Some((_, list)) => list.extend(
                needs
                    .into_iter()
                    .filter(|n| !list.contains(n))
                    .collect::<Vec<_>>(),
            ),
            None => by_role.push((role, needs)),
        }
    }
    for (role, statements) in by_role {
        let base = super::pascal(&role);
        let id = ex.fresh(&if base.ends_with("Role") {
            base
        } else {
            format!("{base}Role")
        });
        let mut props = json!({
            "RoleName": role,
            "AssumeRolePolicyDocument": trust("lambda.amazonaws.com"),
            "ManagedPolicyArns": [BASIC],
        });
        if !statements.is_empty() {
            props["Policies"] = json!([{ "PolicyName": "least-privilege",
                "PolicyDocument": { "Version": "2012-10-17", "Statement": statements } }]);
        }
        ex.add(&id, "AWS::IAM::Role", props);
        ex.ids.insert(("role", role), id);
    }
}

fn allow(actions: &[&str], resource: Value) -> Value {
    json!({ "Effect": "Allow", "Action": actions, "Resource": resource })
}

/// What the function does: its behaviour's calls, its event sources' polling,
/// its dead-letter queue and destinations, the objects its buckets hand it.
fn needs(ex: &Ex, f: &FunctionConfig) -> Vec<Value> {
    let mut out = Vec::new();
    for (action, on) in python::calls(&f.behavior) {
        let resource = match on {
            python::Env::Table(n) => ex.get_att("table", &n, "Arn"),
            python::Env::Queue(n) => {
                ex.get_att("queue", crate::sqs::queue_name_from_arn(&n), "Arn")
            }
            python::Env::Bus(n) => ex.get_att("bus", &n, "Arn"),
            python::Env::Topic(n) => ex.target_arn(&n),
            python::Env::Text(t) => json!(t),
        };
        out.push(allow(&[action], resource));
    }
    for m in ex
        .scenario
        .mappings
        .iter()
        .filter(|m| m.function_name == f.function_name)
    {
        let source = m.source_name();
        if ex.id("table", source).is_some() {
            let actions = [
                "dynamodb:DescribeStream",
                "dynamodb:GetRecords",
                "dynamodb:GetShardIterator",
                "dynamodb:ListStreams",
            ];
            out.push(allow(&actions, ex.get_att("table", source, "StreamArn")));
        } else {
            let actions = [
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:ChangeMessageVisibility",
            ];
            out.push(allow(&actions, ex.get_att("queue", source, "Arn")));
        }
    }
    let mut destinations: Vec<String> = f
        .dead_letter_config
        .iter()
        .map(|d| d.target_arn.clone())
        .collect();
    let dc = &f.event_invoke_config.destination_config;
    destinations.extend(
        dc.on_success
            .iter()
            .chain(dc.on_failure.iter())
            .map(|d| d.destination.clone()),
    );
    // A stream trigger sends its OnFailure record with the function's role too
    // (Lambda developer guide, invocation-eventsourcemapping: "your function's
    // execution role" needs sqs:SendMessage or sns:Publish).
    destinations.extend(
        ex.scenario
            .mappings
            .iter()
            .filter(|m| m.function_name == f.function_name)
            .filter_map(|m| m.destination_config.as_ref())
            .map(|d| d.on_failure.destination.clone()),
    );
    for d in destinations {
        let action = match ex.scenario.resolve_target(&d) {
            Ok(TargetKind::Queue(_)) => "sqs:SendMessage",
            Ok(TargetKind::Topic(_)) => "sns:Publish",
            Ok(TargetKind::Function(_)) => "lambda:InvokeFunction",
            Ok(TargetKind::Bus(_)) => "events:PutEvents",
            Err(_) => continue,
        };
        out.push(allow(&[action], ex.target_arn(&d)));
    }
    for b in &ex.scenario.buckets {
        if b.notifications
            .iter()
            .any(|n| n.destination.name() == f.function_name)
        {
            // By name, not !GetAtt: the bucket names the function, so that would be a cycle.
            let objects = format!("arn:${{AWS::Partition}}:s3:::{}/*", b.bucket_name);
            out.push(allow(&["s3:GetObject"], json!({ "Fn::Sub": objects })));
        }
    }
    out
}

/// The pipe's role: read its source, write its target.
/// <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-permissions.html>
pub fn pipe_role(ex: &mut Ex, pipe_id: &str, p: &Value) -> Value {
    let source = p.get("Source").and_then(Value::as_str).unwrap_or_default();
    let target = p.get("Target").and_then(Value::as_str).unwrap_or_default();
    let mut statements = Vec::new();
    match ex.scenario.resolve_target(source) {
        Ok(TargetKind::Queue(q)) => statements.push(allow(
            &[
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
            ],
            ex.get_att("queue", &q, "Arn"),
        )),
        _ => {
            let table = source
                .split("table/")
                .nth(1)
                .and_then(|t| t.split('/').next())
                .unwrap_or(source);
            let actions = [
                "dynamodb:DescribeStream",
                "dynamodb:GetRecords",
                "dynamodb:GetShardIterator",
                "dynamodb:ListStreams",
            ];
            statements.push(allow(&actions, ex.get_att("table", table, "StreamArn")));
        }
    }
    let action = match ex.scenario.resolve_target(target) {
        Ok(TargetKind::Queue(_)) => "sqs:SendMessage",
        Ok(TargetKind::Topic(_)) => "sns:Publish",
        Ok(TargetKind::Function(_)) => "lambda:InvokeFunction",
        _ => "events:PutEvents",
    };
    statements.push(allow(&[action], ex.target_arn(target)));
    if let Some(e) = p.get("Enrichment").and_then(Value::as_str) {
        statements.push(allow(&["lambda:InvokeFunction"], ex.target_arn(e)));
    }
    let id = ex.fresh(&format!("{pipe_id}Role"));
    ex.add(&id, "AWS::IAM::Role", json!({
        "AssumeRolePolicyDocument": trust("pipes.amazonaws.com"),
        "Policies": [{ "PolicyName": "pipe-source-and-target", "PolicyDocument": { "Version": "2012-10-17", "Statement": statements } }]
    }));
    json!({ "Fn::GetAtt": [id, "Arn"] })
}

/// A Lambda permission for `principal` (generated only when the scenario has no
/// resource policies of its own).
pub fn permission(ex: &mut Ex, function: &str, principal: &str, source_arn: Option<Value>) {
    if !ex.scenario.resource_policies.is_empty() {
        return;
    }
    add_permission(ex, function, principal, source_arn);
}

fn add_permission(ex: &mut Ex, function: &str, principal: &str, source_arn: Option<Value>) {
    let Some(fid) = ex.id("function", function).cloned() else {
        return;
    };
    let service = principal.split('.').next().unwrap_or(principal);
    let mut props = json!({ "Action": "lambda:InvokeFunction", "FunctionName": { "Ref": fid }, "Principal": principal });
    if let Some(s) = source_arn {
        props["SourceArn"] = s;
    }
    if principal == "s3.amazonaws.com" {
        // A bucket ARN names no account: say whose bucket it must be.
        props["SourceAccount"] = json!({ "Ref": "AWS::AccountId" });
    }
    // Two notifications of one bucket to one function need one permission.
    let same = |r: &Value| r["Type"] == "AWS::Lambda::Permission" && r["Properties"] == props;
    if ex.resources.values().any(same) {
        return;
    }
    let id = ex.fresh(&format!("{fid}{}Permission", super::pascal(service)));
    ex.add(&id, "AWS::Lambda::Permission", props);
}

/// A statement letting `service` call `action` on the resource, from `source`.
fn grant(ex: &mut Ex, arn: String, service: &str, action: &str, resource: Value, source: Value) {
    let st = json!({ "Effect": "Allow", "Principal": { "Service": service }, "Action": action, "Resource": resource,
        "Condition": { "ArnEquals": { "aws:SourceArn": source } } });
    let list = ex.grants.entry(arn).or_default();
    if !list.contains(&st) {
        list.push(st);
    }
}

/// One delivery path: `service` sends to `target` on behalf of `source`.
fn wire(ex: &mut Ex, target: &str, service: &str, source: Value) {
    match ex.scenario.resolve_target(target) {
        Ok(TargetKind::Queue(q)) => {
            let r = ex.get_att("queue", &q, "Arn");
            grant(
                ex,
                crate::sqs::queue_arn(ex.scenario.region, &q),
                service,
                "sqs:SendMessage",
                r,
                source,
            );
        }
        Ok(TargetKind::Topic(t)) => {
            let r = ex.reference("topic", &t);
            grant(
                ex,
                crate::sns::topic_arn(ex.scenario.region, &t),
                service,
                "sns:Publish",
                r,
                source,
            );
        }
        Ok(TargetKind::Function(f)) => add_permission(ex, &f, service, Some(source)),
        _ => {}
    }
}

pub fn resource_policies(ex: &mut Ex) {
    if ex.scenario.resource_policies.is_empty() {
        generated(ex);
    } else {
        declared(ex);
    }
    let grants = std::mem::take(&mut ex.grants);
    let mut policy_of = BTreeMap::new();
    for (arn, statements) in grants {
        if let Some(id) = write_policy(ex, &arn, statements) {
            policy_of.insert(arn, id);
        }
    }
    for (bucket, mut waits, arns) in std::mem::take(&mut ex.bucket_waits) {
        waits.extend(arns.iter().filter_map(|a| policy_of.get(a).cloned()));
        match ex.resources.get_mut(&bucket).and_then(Value::as_object_mut) {
            Some(r) if !waits.is_empty() => {
                r.insert("DependsOn".into(), json!(waits));
            }
            _ => {}
        }
    }
}

/// What the wiring needs: EventBridge to rule targets and their DLQs, SNS to
/// subscribed queues and functions, S3 to notified destinations.
fn generated(ex: &mut Ex) {
    for r in ex.scenario.rules.clone() {
        let source = ex.get_att("rule", &r.name, "Arn");
        for t in &r.targets {
            wire(ex, &t.arn, "events.amazonaws.com", source.clone());
            if let Some(d) = &t.dead_letter_config {
                wire(ex, &d.arn, "events.amazonaws.com", source.clone());
            }
        }
    }
    for t in ex.scenario.topics.clone() {
        let source = ex.reference("topic", &t.topic_name);
        for s in t
            .subscriptions
            .iter()
            .filter(|s| s.protocol == "sqs" || s.protocol == "lambda")
        {
            wire(ex, &s.endpoint, "sns.amazonaws.com", source.clone());
        }
    }
    for b in ex.scenario.buckets.clone() {
        // By name (a cycle otherwise); the bucket waits for these permissions and
        // policies, because S3 checks its destinations when the notification is set.
        let source =
            json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:s3:::{}", b.bucket_name) });
        let before: Vec<String> = ex.resources.keys().cloned().collect();
        for n in &b.notifications {
            let target = n.destination.name().to_string();
            wire(ex, &target, "s3.amazonaws.com", source.clone());
        }
        let added: Vec<String> = ex
            .resources
            .keys()
            .filter(|k| !before.contains(k))
            .cloned()
            .collect();
        let arns = b
            .notifications
            .iter()
            .filter_map(|n| ex.scenario.resolve_target(n.destination.name()).ok())
            .map(|k| k.arn(ex.scenario.region))
            .collect();
        if let Some(bid) = ex.id("bucket", &b.bucket_name).cloned() {
            ex.bucket_waits.push((bid, added, arns));
        }
    }
}

/// The scenario's own resource policies, as written (a function's statements as
/// one permission each).
fn declared(ex: &mut Ex) {
    for p in ex.scenario.resource_policies.clone() {
        let statements: Vec<Value> = p
            .policy
            .get("Statement")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if let Some(name) = p.resource_arn.split(":function:").nth(1) {
            for st in &statements {
                let principal = st["Principal"]["Service"]
                    .as_str()
                    .unwrap_or("*")
                    .to_string();
                let source = st["Condition"].as_object().and_then(|ops| {
                    ops.values().find_map(|keys| {
                        keys.as_object()?
                            .iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case("aws:SourceArn"))
                            .map(|(_, v)| v.clone())
                    })
                });
                let source = source.map(|s| s.as_str().map_or(s.clone(), |a| ex.policy_arn(a)));
                add_permission(ex, name, &principal, source);
            }
        } else if !statements.is_empty() {
            ex.grants.insert(p.resource_arn.clone(), statements);
        }
    }
}

/// The queue or topic policy holding `statements`; its logical id.
fn write_policy(ex: &mut Ex, arn: &str, statements: Vec<Value>) -> Option<String> {
    let doc = document(
        ex,
        &json!({ "Version": "2012-10-17", "Statement": statements }),
    );
    let (kind, ty, list) = match ex.scenario.resolve_target(arn).ok()? {
        TargetKind::Queue(q) => (("queue", q), "AWS::SQS::QueuePolicy", "Queues"),
        TargetKind::Topic(t) => (("topic", t), "AWS::SNS::TopicPolicy", "Topics"),
        _ => return None,
    };
    let rid = ex.id(kind.0, &kind.1).cloned()?;
    let id = ex.fresh(&format!("{rid}Policy"));
    ex.add(
        &id,
        ty,
        json!({ list: [{ "Ref": rid }], "PolicyDocument": doc }),
    );
    Some(id)
}
