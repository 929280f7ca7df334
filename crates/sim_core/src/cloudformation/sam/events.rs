//! A serverless function's Events: each becomes the resources SAM generates for
//! it (an event source mapping, a rule with its target and permission, a
//! subscription, an API route, a bucket notification).
//! <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventsource.html>

use serde_json::{json, Value};

use super::Out;

fn fn_arn(id: &str) -> Value {
    json!({ "Fn::GetAtt": [id, "Arn"] })
}

/// `{Function}{Event}Permission`: lets the service invoke the function.
fn permission(out: &mut Out, id: &str, event: &str, principal: &str, source_arn: Option<Value>) {
    let mut p = json!({ "Action": "lambda:InvokeFunction", "FunctionName": { "Ref": id }, "Principal": principal });
    if let Some(s) = source_arn {
        p["SourceArn"] = s;
    }
    out.add(
        format!("{id}{event}Permission"),
        "AWS::Lambda::Permission",
        p,
    );
}

fn copy(from: &Value, to: &mut Value, keys: &[&str]) {
    for k in keys {
        if let Some(v) = from.get(*k) {
            to[*k] = v.clone();
        }
    }
}

pub fn event(out: &mut Out, id: &str, name: &str, e: &Value) -> Result<(), String> {
    let p = e.get("Properties").cloned().unwrap_or(json!({}));
    let ty = e.get("Type").and_then(Value::as_str).unwrap_or_default();
    let logical = format!("{id}{name}");
    match ty {
        "SQS" | "DynamoDB" | "Kinesis" => {
            let mut m = json!({ "FunctionName": { "Ref": id } });
            m["EventSourceArn"] = p
                .get("Queue")
                .or_else(|| p.get("Stream"))
                .cloned()
                .unwrap_or(Value::Null);
            copy(
                &p,
                &mut m,
                &[
                    "BatchSize",
                    "MaximumBatchingWindowInSeconds",
                    "FunctionResponseTypes",
                    "Enabled",
                    "ScalingConfig",
                    "StartingPosition",
                    "MaximumRetryAttempts",
                    "BisectBatchOnFunctionError",
                    "DestinationConfig",
                    "FilterCriteria",
                    "ParallelizationFactor",
                    "MaximumRecordAgeInSeconds",
                ],
            );
            out.add(logical, "AWS::Lambda::EventSourceMapping", m);
        }
        "SNS" => {
            let topic = p.get("Topic").cloned().unwrap_or(Value::Null);
            let mut s = json!({ "Protocol": "lambda", "Endpoint": fn_arn(id), "TopicArn": topic });
            copy(
                &p,
                &mut s,
                &["FilterPolicy", "FilterPolicyScope", "RedrivePolicy"],
            );
            out.add(logical, "AWS::SNS::Subscription", s);
            permission(out, id, name, "sns.amazonaws.com", Some(topic));
        }
        "EventBridgeRule" | "CloudWatchEvent" | "Schedule" | "ScheduleV2" => {
            rule(out, id, name, ty, &p)
        }
        "Api" => rest_route(out, id, name, &p),
        "HttpApi" => http_route(out, id, name, &p),
        "S3" => {
            let mut pending = json!({ "Function": fn_arn(id), "Bucket": p.get("Bucket").cloned().unwrap_or(Value::Null) });
            copy(&p, &mut pending, &["Events", "Filter"]);
            out.resources.insert(
                format!("{logical}PendingS3"),
                json!({ "Type": "EventLab::Pending::S3Notification", "Properties": pending }),
            );
            permission(out, id, name, "s3.amazonaws.com", None);
        }
        other => out.notes.push(format!(
            "{id}: event {name} of type {other} is not simulated"
        )),
    }
    Ok(())
}

fn rule(out: &mut Out, id: &str, name: &str, ty: &str, p: &Value) {
    let logical = format!("{id}{name}");
    let mut target = json!({ "Id": format!("{logical}LambdaTarget"), "Arn": fn_arn(id) });
    copy(
        p,
        &mut target,
        &[
            "Input",
            "InputPath",
            "InputTransformer",
            "RetryPolicy",
            "DeadLetterConfig",
        ],
    );
    let mut r = json!({ "Targets": [target] });
    match ty {
        "Schedule" | "ScheduleV2" => {
            r["ScheduleExpression"] = p
                .get("Schedule")
                .or_else(|| p.get("ScheduleExpression"))
                .cloned()
                .unwrap_or(Value::Null)
        }
        _ => r["EventPattern"] = p.get("Pattern").cloned().unwrap_or(Value::Null),
    }
    if let Some(bus) = p.get("EventBusName") {
        r["EventBusName"] = bus.clone();
    }
    if let Some(n) = p.get("RuleName").or_else(|| p.get("Name")) {
        r["Name"] = n.clone();
    }
    copy(p, &mut r, &["State"]);
    if let Some(Value::Object(dlq)) = p.get("DeadLetterConfig") {
        // SAM's Type: SQS creates the queue; an Arn names one.
        if dlq.contains_key("Arn") {
            r["Targets"][0]["DeadLetterConfig"] = json!({ "Arn": dlq["Arn"] });
        } else {
            r["Targets"][0]
                .as_object_mut()
                .map(|t| t.remove("DeadLetterConfig"));
            out.notes.push(format!("{logical}: DeadLetterConfig without an Arn (SAM's generated queue) is not simulated"));
        }
    }
    out.add(logical.clone(), "AWS::Events::Rule", r);
    permission(
        out,
        id,
        name,
        "events.amazonaws.com",
        Some(json!({ "Fn::GetAtt": [logical, "Arn"] })),
    );
}

/// The logical id of the API an event names (`RestApiId: !Ref MyApi`), or SAM's implicit one.
fn api_of(p: &Value, key: &str, implicit: &str) -> String {
    p.get(key)
        .and_then(|v| v.get("Ref").or(Some(v)))
        .and_then(Value::as_str)
        .unwrap_or(implicit)
        .to_string()
}

fn rest_route(out: &mut Out, id: &str, name: &str, p: &Value) {
    let api = api_of(p, "RestApiId", "ServerlessRestApi");
    if api == "ServerlessRestApi" && !out.resources.contains_key(&api) {
        // Unnamed, so the simulation calls it by its logical id (AWS names it after the stack).
        out.add(api.clone(), "AWS::ApiGateway::RestApi", json!({}));
        out.add(
            format!("{api}ProdStage"),
            "AWS::ApiGateway::Stage",
            json!({ "RestApiId": { "Ref": api }, "StageName": "Prod" }),
        );
    }
    let path = p.get("Path").and_then(Value::as_str).unwrap_or("/");
    let mut parent = json!({ "Fn::GetAtt": [api, "RootResourceId"] });
    let mut so_far = String::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        so_far.push_str(seg);
        let rid = format!("{api}{}Resource", alnum(&so_far));
        if !out.resources.contains_key(&rid) {
            out.add(
                rid.clone(),
                "AWS::ApiGateway::Resource",
                json!({ "RestApiId": { "Ref": api }, "ParentId": parent, "PathPart": seg }),
            );
        }
        parent = json!({ "Ref": rid });
    }
    let method = p
        .get("Method")
        .and_then(Value::as_str)
        .unwrap_or("ANY")
        .to_ascii_uppercase();
    let method = if method == "ANY" {
        "ANY".to_string()
    } else {
        method
    };
    let uri = json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{id}.Arn}}/invocations") });
    out.add(
        format!("{id}{name}Method"),
        "AWS::ApiGateway::Method",
        json!({ "RestApiId": { "Ref": api }, "ResourceId": parent, "HttpMethod": method, "AuthorizationType": "NONE",
                "Integration": { "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": uri } }),
    );
    permission(out, id, name, "apigateway.amazonaws.com", None);
}

fn http_route(out: &mut Out, id: &str, name: &str, p: &Value) {
    let api = api_of(p, "ApiId", "ServerlessHttpApi");
    if api == "ServerlessHttpApi" && !out.resources.contains_key(&api) {
        out.add(
            api.clone(),
            "AWS::ApiGatewayV2::Api",
            json!({ "ProtocolType": "HTTP" }),
        );
        out.add(
            format!("{api}ApiGatewayDefaultStage"),
            "AWS::ApiGatewayV2::Stage",
            json!({ "ApiId": { "Ref": api }, "StageName": "$default" }),
        );
    }
    let route_key = match (
        p.get("Method").and_then(Value::as_str),
        p.get("Path").and_then(Value::as_str),
    ) {
        (m, Some(path)) => format!("{} {path}", m.unwrap_or("ANY").to_ascii_uppercase()),
        _ => "$default".to_string(),
    };
    let integration = format!("{id}{name}Integration");
    out.add(integration.clone(), "AWS::ApiGatewayV2::Integration", json!({ "ApiId": { "Ref": api }, "IntegrationType": "AWS_PROXY", "IntegrationUri": fn_arn(id), "PayloadFormatVersion": "2.0" }));
    out.add(format!("{id}{name}Route"), "AWS::ApiGatewayV2::Route", json!({ "ApiId": { "Ref": api }, "RouteKey": route_key, "Target": { "Fn::Sub": format!("integrations/${{{integration}}}") } }));
    permission(out, id, name, "apigateway.amazonaws.com", None);
}

fn alnum(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// SAM writes S3 events into the bucket's NotificationConfiguration: the bucket
/// must be in the same template.
pub fn apply_bucket_notifications(out: &mut Out) -> Result<(), String> {
    let pending: Vec<(String, Value)> = out
        .resources
        .iter()
        .filter(|(_, r)| r["Type"] == "EventLab::Pending::S3Notification")
        .map(|(k, r)| (k.clone(), r["Properties"].clone()))
        .collect();
    for (key, p) in pending {
        out.resources.remove(&key);
        let bucket = p["Bucket"]
            .get("Ref")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let Some(b) = out
            .resources
            .get_mut(&bucket)
            .filter(|b| b["Type"] == "AWS::S3::Bucket")
        else {
            return Err(format!("Template error: [{}] an S3 event's Bucket must be !Ref to an AWS::S3::Bucket in this template", key.trim_end_matches("PendingS3")));
        };
        let events = match &p["Events"] {
            Value::Array(a) => a.clone(),
            Value::Null => vec![json!("s3:ObjectCreated:*")],
            one => vec![one.clone()],
        };
        let props = b
            .as_object_mut()
            .map(|m| m.entry("Properties").or_insert_with(|| json!({})));
        let Some(Value::Object(props)) = props else {
            continue;
        };
        let nc = props
            .entry("NotificationConfiguration")
            .or_insert_with(|| json!({}));
        let lambdas = nc
            .as_object_mut()
            .map(|m| m.entry("LambdaConfigurations").or_insert_with(|| json!([])));
        if let Some(Value::Array(list)) = lambdas {
            for e in events {
                let mut c = json!({ "Event": e, "Function": p["Function"] });
                if !p["Filter"].is_null() {
                    c["Filter"] = p["Filter"].clone();
                }
                list.push(c);
            }
        }
    }
    Ok(())
}
