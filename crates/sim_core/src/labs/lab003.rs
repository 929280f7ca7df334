use serde_json::{json, Value};

use super::*;

/// The order's id as the challenge's test sends it (`{"order_id": "order-1", "amount":
/// …}`, seed 003's "Submit 10 test orders"), or `orderId` from older tools: the
/// Python's `order.get("order_id") or order.get("orderId")`.
const ORDER_ID_KEYS: [&str; 2] = ["order_id", "orderId"];

/// That id when it is a string.
fn order_id(order: &Value) -> Option<&str> {
    python::first_truthy(order, &ORDER_ID_KEYS).and_then(Value::as_str)
}

pub(super) fn charge_payment(
    sdk: &mut dyn Sdk,
    success_per_mille: u32,
    event: &Payload,
) -> HandlerResult {
    let mut failures = Vec::new();
    for r in python::records(event)? {
        let order = python::order_of(r)?;
        // `oid = order_id(order) or "?"`, then `num(order.get('amount') or 0)`.
        let id = python::first_truthy(&order, &ORDER_ID_KEYS).map_or("?".into(), python::str_of);
        if sdk.chance_per_mille(success_per_mille) {
            let amount =
                python::first_truthy(&order, &["amount"]).map_or(Ok("0".into()), python::num)?;
            sdk.log(format_args!("Payment of {amount} charged for order {id}"));
        } else {
            sdk.log(format_args!(
                "Payment declined for order {id}: reporting item failure"
            ));
            failures.push(json!({ "itemIdentifier": python::message_id(r)? }));
        }
    }
    Ok(json!({ "batchItemFailures": failures }))
}

pub(super) fn reserve_inventory(sdk: &mut dyn Sdk, table: &str, event: &Payload) -> HandlerResult {
    for r in python::records(event)? {
        let order = python::order_of(r)?;
        // `if not isinstance(oid, str): continue`
        let Some(Value::String(id)) = python::first_truthy(&order, &ORDER_ID_KEYS).cloned() else {
            continue;
        };
        python::boto3_writes("put_item(", &[order.get("items")])?;
        let mut item = item_from_plain(
            &json!({ "order_id": id, "items": order.get("items").cloned().unwrap_or(json!([])) }),
        )
        .unwrap_or_default();
        item.insert("reservedAt", AttributeValue::S(sdk.now_iso()));
        match sdk.ddb_put(table, item, Some("attribute_not_exists(order_id)")) {
            Ok(_) => sdk.log(format_args!("Inventory reserved for order {id}")),
            Err(e) if e.error_type == "ConditionalCheckFailedException" => sdk.log(format_args!(
                "Inventory already reserved for order {id}: skipping (idempotent)"
            )),
            Err(e) => return Err(e),
        }
    }
    Ok(Value::Null)
}

pub(super) fn notify(sdk: &mut dyn Sdk, event: &Payload) -> HandlerResult {
    // `if "Records" in event:` each `json.loads(record.get("body") or "{}")`'s detail,
    // else `[event.get("detail", event)]`.
    let orders: Vec<Value> = if python::contains(event, "Records")? {
        let mut orders = Vec::new();
        for r in python::records(event)? {
            let body = python::loads_body_or_empty(r)?;
            orders.push(match python::get(&body, "detail")? {
                Some(detail) => detail.clone(),
                None => body,
            });
        }
        orders
    } else {
        let whole = event.to_json(sdk.epoch_ms());
        let detail = python::get(&whole, "detail").map_err(|e| e.at("event.get(\"detail\""));
        match detail? {
            Some(detail) => vec![detail.clone()],
            None => vec![whole],
        }
    };
    for o in orders {
        let who = python::first_truthy_of(&o, &["customerEmail", "customerName"])?
            .map_or("the customer".into(), python::str_of);
        let id = python::first_truthy_of(&o, &ORDER_ID_KEYS)?.map_or("?".into(), python::str_of);
        sdk.log(format_args!("Notification sent to {who} for order {id}"));
    }
    Ok(Value::Null)
}

pub(super) fn publish_order(
    sdk: &mut dyn Sdk,
    bus: &str,
    source: &str,
    detail_type: &str,
    event: &Payload,
) -> HandlerResult {
    let raw = python::event_body(event)?;
    let Ok(mut order) = serde_json::from_str::<Value>(raw) else {
        return api_reply(400, json!({ "message": "Invalid JSON in request body" }));
    };
    if !order.is_object() {
        // Lab 004's wording, with an example.
        let message =
            r#"Request body must be a JSON object, like {"order_id": "order-1", "amount": 120}"#;
        return api_reply(400, json!({ "message": message }));
    }
    // `isinstance(order.get("amount"), (int, float))`: a bool is an int in Python
    // (True is 1, False is 0).
    let amount = match order.get("amount") {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
        Some(Value::Bool(b)) => f64::from(u8::from(*b)),
        _ => return api_reply(400, json!({ "message": "An order needs a numeric amount" })),
    };
    // 0 is an amount: the lab's test sends $((RANDOM % 1000)).
    if amount < 0.0 {
        let message = "An order's amount cannot be negative";
        return api_reply(400, json!({ "message": message }));
    }
    let id = match order_id(&order) {
        Some(id) => id.to_string(),
        None => {
            let id = sdk.new_uuid();
            order["order_id"] = Value::String(id.clone());
            id
        }
    };
    sdk.put_events(bus, source, detail_type, order)?;
    sdk.log(format_args!("Published {detail_type} for order {id}"));
    api_reply(201, json!({ "message": "Order placed", "order_id": id }))
}
