use serde_json::{json, Value};

use super::*;

pub(super) fn create_order(sdk: &mut dyn Sdk, table: &str, event: &Payload) -> HandlerResult {
    let raw = event.body().unwrap_or("");
    let Ok(order) = serde_json::from_str::<Value>(raw) else {
        sdk.log(format_args!(
            "Invalid JSON body: {}",
            raw.chars().take(80).collect::<String>()
        ));
        return api_reply(400, json!({ "message": "Invalid JSON in request body" }));
    };
    let Some(obj) = order.as_object() else {
        return api_reply(
            400,
            json!({ "message": "Request body must be a JSON object" }),
        );
    };
    let missing: Vec<&str> = ["customerName", "product", "amount"]
        .into_iter()
        .filter(|k| obj.get(*k).is_none_or(Value::is_null))
        .collect();
    if !missing.is_empty() {
        return api_reply(
            400,
            json!({ "message": format!("Missing required fields: {}", missing.join(", ")) }),
        );
    }
    let amount = match &obj["amount"] {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let Some(amount) = amount.filter(|a| a.is_finite() && *a >= 0.0) else {
        return api_reply(
            400,
            json!({ "message": "amount must be a non-negative number" }),
        );
    };
    let order_id = obj
        .get("orderId")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| sdk.new_uuid());
    let mut item = Item::new();
    item.insert("orderId".into(), AttributeValue::S(order_id.clone()));
    item.insert(
        "customerName".into(),
        AttributeValue::from_plain(&obj["customerName"]),
    );
    item.insert(
        "product".into(),
        AttributeValue::from_plain(&obj["product"]),
    );
    item.insert("amount".into(), AttributeValue::number(amount));
    if let Some(n) = obj.get("notes").filter(|n| !n.is_null()) {
        item.insert("notes".into(), AttributeValue::from_plain(n));
    }
    item.insert("status".into(), AttributeValue::S("PENDING".into()));
    item.insert("createdAt".into(), AttributeValue::S(sdk.now_iso()));
    sdk.ddb_put(table, item, Some("attribute_not_exists(orderId)"))?;
    sdk.log(format_args!("Order created: {order_id}"));
    api_reply(
        201,
        json!({ "message": "Order created successfully", "orderId": order_id }),
    )
}

pub(super) fn forward_new_orders(sdk: &mut dyn Sdk, queue: &str, event: &Payload) -> HandlerResult {
    let mut forwarded = 0;
    for r in event.records() {
        if r.event_name() != Some("INSERT") {
            continue;
        }
        // A stream record's image is written as JSON straight from the item; an
        // event given as JSON goes through its plain form.
        let (id, body) = match r {
            Record::Stream(record) => {
                let Some(item) = record.new_image.as_deref() else {
                    continue;
                };
                let id = item.get("orderId").and_then(AttributeValue::as_str);
                (id.unwrap_or("?").to_string(), item_to_plain_json(item))
            }
            _ => {
                let Some(order) = r.new_image_plain() else {
                    continue;
                };
                let id = order.get("orderId").and_then(Value::as_str);
                (id.unwrap_or("?").to_string(), order.to_string())
            }
        };
        sdk.log(format_args!("Sending order {id} to SQS for processing"));
        sdk.sqs_send(queue, body)?;
        forwarded += 1;
    }
    Ok(json!({ "statusCode": 200, "body": format!("Forwarded {forwarded} orders") }))
}

pub(super) fn order_worker(
    sdk: &mut dyn Sdk,
    table: &str,
    marker: &str,
    limit: f64,
    event: &Payload,
) -> HandlerResult {
    for r in event.records() {
        let order = OrderFields::of(r);
        let id = order.id;
        sdk.log(format_args!("Processing order {id}"));
        let notes = order.notes.as_deref().unwrap_or("");
        if !marker.is_empty() && notes.contains(marker) {
            // A technical failure: raising makes SQS retry the message.
            return Err(HandlerError::new(
                "Exception",
                format!("Simulated processing failure for order {id}"),
            ));
        }
        let amount = order.amount;
        if amount > limit {
            let reason = format!(
                "Amount {} exceeds the automatic approval limit of {}",
                fmt_num(amount),
                fmt_num(limit)
            );
            sdk.ddb_update(
                table,
                json!({ "orderId": id }),
                "SET #status = :s, failureReason = :r, failedAt = :t"
                    .replace("#status", "status")
                    .as_str(),
                json!({ ":s": "FAILED", ":r": reason, ":t": sdk.now_iso() }),
            )?;
            sdk.log(format_args!("Order {id} FAILED: {reason}"));
            continue;
        }
        sdk.ddb_update(
            table,
            json!({ "orderId": id }),
            "SET status = :s, completedAt = :t",
            json!({ ":s": "COMPLETED", ":t": sdk.now_iso() }),
        )?;
        sdk.log(format_args!("Order {id} COMPLETED"));
    }
    Ok(Value::Null)
}

pub(super) fn high_value_worker(sdk: &mut dyn Sdk, event: &Payload) -> HandlerResult {
    for r in event.records() {
        let order = body_json(r);
        let id = order
            .get("orderId")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        let amount = order.get("amount").and_then(Value::as_f64).unwrap_or(0.0);
        sdk.log(format_args!(
            "High-value order {id} ({}) received: starting fraud checks and priority fulfilment",
            fmt_num(amount)
        ));
    }
    Ok(Value::Null)
}

/// What the workers read of an order message: `orderId` ("?" when missing),
/// `notes` and `amount` (0 when missing), as `json.loads(body).get(…)` gives them.
struct OrderFields {
    id: String,
    notes: Option<String>,
    amount: f64,
}

impl OrderFields {
    fn of(r: Record) -> Self {
        /// Only the three fields, without building the whole object. A body this
        /// cannot read (not an object, a repeated field) goes through `Value`.
        #[derive(serde::Deserialize)]
        struct Fields {
            #[serde(rename = "orderId", default)]
            order_id: Option<Value>,
            #[serde(default)]
            notes: Option<Value>,
            #[serde(default)]
            amount: Option<Value>,
        }
        let fields = r
            .body()
            .and_then(|b| serde_json::from_str::<Fields>(b).ok())
            .unwrap_or_else(|| {
                let order = body_json(r);
                Fields {
                    order_id: order.get("orderId").cloned(),
                    notes: order.get("notes").cloned(),
                    amount: order.get("amount").cloned(),
                }
            });
        let text = |v: Option<Value>| match v {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        OrderFields {
            amount: fields
                .amount
                .as_ref()
                .and_then(Value::as_f64)
                .unwrap_or(0.0),
            id: text(fields.order_id).unwrap_or_else(|| "?".to_string()),
            notes: text(fields.notes),
        }
    }
}
