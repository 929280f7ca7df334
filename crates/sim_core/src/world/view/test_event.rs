//! The event a function's Test box starts with, as the Lambda console's event
//! templates write them for the function's trigger: API Gateway's proxy event for a
//! function behind a route, SQS's "sqs-receive-message" for a queue's trigger,
//! DynamoDB's stream event for a table's (seed 004 shows this one), an EventBridge
//! event for a rule's target, else the console's "hello-world". Where a template carries an order, it is the lab's own
//! order (the scenario's order template or form). The learner edits it freely.

use serde_json::{json, Map, Value};

use crate::dynamodb::AttributeValue;
use crate::Simulation;

/// The Test box's starting event for `function`.
pub fn sample_test_event(sim: &Simulation, function: &str) -> Value {
    let order = sample_order(sim);
    if let Some(route) = sim
        .apis()
        .iter()
        .flat_map(|a| &a.routes)
        .find(|r| r.function_name == function)
    {
        return api_event(&route.route_key, &order);
    }
    let queue = sim
        .sqs_mappings()
        .iter()
        .find(|m| sim.functions()[m.function as usize].name() == function)
        .map(|m| sim.queues()[m.queue as usize].arn());
    if let Some(arn) = queue {
        return sqs_event(&arn, &order);
    }
    let stream = sim
        .stream_mappings()
        .iter()
        .any(|m| sim.functions()[m.function as usize].name() == function);
    if stream {
        return stream_event(&order);
    }
    // "eventbridge": the event a rule targeting the function would deliver.
    let rule = sim.rules().iter().find(|r| {
        r.targets.iter().any(
            |t| matches!(&t.kind, crate::eventbridge::TargetKind::Function(f) if f == function),
        )
    });
    if let Some(r) = rule {
        return super::sample_event(sim, &r.config.event_pattern, order);
    }
    json!({ "key1": "value1", "key2": "value2", "key3": "value3" })
}

/// The lab's order: its JSON template, else its web form's defaults (amount a number).
fn sample_order(sim: &Simulation) -> Value {
    let entry = &sim.scenario().console.order_entry;
    if let Some(t) = &entry.template {
        return t.clone();
    }
    let mut order = Map::new();
    order.insert("orderId".into(), "1234-5678".into());
    if let Some(form) = &entry.form {
        for f in [&form.customer, &form.product, &form.notes] {
            order.insert(f.attribute.clone(), f.default.clone().into());
        }
        let amount = serde_json::from_str::<Value>(form.amount.default.trim())
            .ok()
            .filter(Value::is_number)
            .unwrap_or(Value::Null);
        order.insert(form.amount.attribute.clone(), amount);
    }
    Value::Object(order)
}

/// "apigateway-aws-proxy", for `POST /orders`.
fn api_event(route_key: &str, order: &Value) -> Value {
    let (method, path) = route_key.split_once(' ').unwrap_or(("POST", route_key));
    json!({
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": { "Content-Type": "application/json" },
        "queryStringParameters": null,
        "pathParameters": null,
        "requestContext": { "resourcePath": path, "httpMethod": method, "stage": "prod" },
        "body": order.to_string(),
        "isBase64Encoded": false
    })
}

/// "sqs-receive-message", with the order as the body.
fn sqs_event(queue_arn: &str, order: &Value) -> Value {
    let region = queue_arn.split(':').nth(3).unwrap_or("us-east-1");
    json!({ "Records": [{
        "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
        "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
        "body": order.to_string(),
        "attributes": {
            "ApproximateReceiveCount": "1",
            "SentTimestamp": "1545082649183",
            "SenderId": "AIDAIENQZJOLO23YVJ4VO",
            "ApproximateFirstReceiveTimestamp": "1545082649185"
        },
        "messageAttributes": {},
        "md5OfBody": "098f6bcd4621d373cade4e832627b4f6",
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region
    }] })
}

/// A stream's INSERT, as seed 004 writes it ("the Lambda handler will receive an
/// event that roughly looks like"): the order as a typed NewImage, status PENDING.
fn stream_event(order: &Value) -> Value {
    let mut image = Map::new();
    if let Some(o) = order.as_object() {
        for (k, v) in o {
            image.insert(k.clone(), AttributeValue::from_plain(v).to_typed());
        }
    }
    image.insert("status".into(), json!({ "S": "PENDING" }));
    image.insert("createdAt".into(), json!({ "S": "2025-12-01T10:30:00Z" }));
    json!({ "Records": [{ "eventName": "INSERT", "dynamodb": { "NewImage": image } }] })
}
