use serde_json::{json, Value};

use super::*;

pub(super) fn create_order(sdk: &mut dyn Sdk, table: &str, event: &Payload) -> HandlerResult {
    let raw = python::event_body(event)?;
    let order = match OrderRequest::read(raw) {
        Ok(order) => order,
        Err(None) => {
            sdk.log(format_args!(
                "Invalid JSON body: {}",
                raw.chars().take(80).collect::<String>()
            ));
            return api_reply(400, json!({ "message": "Invalid JSON in request body" }));
        }
        Err(Some(reply)) => return reply,
    };
    let missing: Vec<&str> = [
        ("customerName", &order.customer_name),
        ("product", &order.product),
        ("amount", &order.amount),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_none())
    .map(|(k, _)| k)
    .collect();
    if !missing.is_empty() {
        return api_reply(
            400,
            json!({ "message": format!("Missing required fields: {}", missing.join(", ")) }),
        );
    }
    // `float(order["amount"])`, a TypeError or ValueError answering 400.
    let amount = order.amount.as_ref().and_then(|v| python::float(v).ok());
    let Some(amount) = amount.filter(|a| a.is_finite() && *a >= 0.0) else {
        return api_reply(
            400,
            json!({ "message": "amount must be a non-negative number" }),
        );
    };
    let order_id = match order.order_id {
        Some(Value::String(s)) => s,
        _ => sdk.new_uuid(),
    };
    let plain = |v: &Option<Value>| AttributeValue::from_plain(v.as_ref().unwrap_or(&Value::Null));
    // Room for the seven attributes below: the item is written once, not regrown.
    let mut item = Item::with_capacity(7);
    item.insert("orderId", AttributeValue::S(order_id.clone()));
    item.insert("customerName", plain(&order.customer_name));
    item.insert("product", plain(&order.product));
    item.insert("amount", AttributeValue::number(amount));
    if let Some(n) = &order.notes {
        item.insert("notes", AttributeValue::from_plain(n));
    }
    item.insert("status", AttributeValue::S("PENDING".into()));
    item.insert("createdAt", AttributeValue::S(sdk.now_iso()));
    python::boto3_writes(
        "put_item(",
        &[
            order.customer_name.as_ref(),
            order.product.as_ref(),
            order.notes.as_ref(),
        ],
    )?;
    sdk.ddb_put(table, item, Some("attribute_not_exists(orderId)"))?;
    sdk.log(format_args!("Order created: {order_id}"));
    api_reply_text(201, created_body(&order_id))
}

/// `json.dumps({"message": …, "orderId": order_id})`, written directly into one
/// String, sized for an id with nothing to escape.
fn created_body(order_id: &str) -> String {
    const HEAD: &str = r#"{"message": "Order created successfully", "orderId": "#;
    let mut body = String::with_capacity(HEAD.len() + order_id.len() + 3);
    body.push_str(HEAD);
    json_dumps::push_dumps_str(&mut body, order_id);
    body.push('}');
    body
}

pub(super) fn forward_new_orders(sdk: &mut dyn Sdk, queue: &str, event: &Payload) -> HandlerResult {
    let mut forwarded = 0;
    for r in python::records(event)? {
        // A stream record's image is sent as JSON written straight from the item;
        // an event given as JSON goes through its plain form.
        if let Record::Stream(record) = r {
            if r.event_name() != Some("INSERT") {
                continue;
            }
            let Some(item) = record.new_image.as_deref() else {
                continue;
            };
            let id = item.get("orderId").and_then(AttributeValue::as_str);
            let id = id.unwrap_or("?");
            sdk.log(format_args!("Sending order {id} to SQS for processing"));
            sdk.sqs_send_item(queue, item)?;
        } else {
            let Some(order) = python::inserted_image(r)? else {
                continue;
            };
            let id = order.get("orderId").map_or("?".into(), python::str_of);
            sdk.log(format_args!("Sending order {id} to SQS for processing"));
            sdk.sqs_send(queue, python_json(&order))?;
        }
        forwarded += 1;
    }
    Ok(json!({ "statusCode": 200, "body": format!("Forwarded {forwarded} orders") }))
}

/// ProcessOrderFunction as the lab's first stage writes it (seed 004: "Tested and
/// Validated that Orders moved from Pending to Processed"): each new order is updated
/// to status PROCESSED, with processedAt.
pub(super) fn mark_processed(sdk: &mut dyn Sdk, table: &str, event: &Payload) -> HandlerResult {
    let mut processed = 0;
    for r in python::records(event)? {
        // The key is whatever the image's orderId holds.
        let Some(key) = python::inserted_order_id(r)? else {
            continue;
        };
        let key = &key;
        let id = python::str_of(key);
        sdk.ddb_update(
            table,
            Item::from([("orderId", AttributeValue::from_plain(key))]),
            "SET #status = :s, processedAt = :t",
            &[("#status", "status")],
            vec![
                (":s", AttributeValue::S("PROCESSED".into())),
                // `datetime.now(timezone.utc).isoformat()`, as the function's code writes it.
                (":t", AttributeValue::S(python_isoformat(sdk, "+00:00"))),
            ],
        )?;
        sdk.log(format_args!("Order {id} processed"));
        processed += 1;
    }
    Ok(json!({ "statusCode": 200, "body": format!("Processed {processed} orders") }))
}

/// ProcessOrderFunction in the fixed architecture: each new order is published once
/// to an SNS topic (`sns.publish(TopicArn=…, Message=json.dumps(order))`), whose
/// subscribed queues give every consumer its own copy.
pub(super) fn publish_new_orders(sdk: &mut dyn Sdk, topic: &str, event: &Payload) -> HandlerResult {
    let mut published = 0;
    for r in python::records(event)? {
        let Some(order) = python::inserted_image(r)? else {
            continue;
        };
        let id = order.get("orderId").map_or("?".into(), python::str_of);
        sdk.log(format_args!("Publishing order {id} to {topic}"));
        sdk.sns_publish(topic, python_json(&order), None)?;
        published += 1;
    }
    Ok(json!({ "statusCode": 200, "body": format!("Published {published} orders") }))
}

pub(super) fn order_worker(
    sdk: &mut dyn Sdk,
    table: &str,
    marker: &str,
    limit: f64,
    event: &Payload,
) -> HandlerResult {
    for r in python::records(event)? {
        let order = OrderFields::of(r)?;
        let id = order.id;
        sdk.log(format_args!("Processing order {id}"));
        let notes = order.notes.as_deref().unwrap_or("");
        if !marker.is_empty() && notes.contains(marker) {
            // A technical failure: raising makes SQS retry the message.
            return Err(HandlerError::new(
                "Exception",
                format!("Simulated processing failure for order {id}"),
            )
            .at("raise Exception"));
        }
        // `float(order.get("amount") or 0)`
        let amount = match order.amount.filter(python::truthy) {
            Some(v) => python::float(&v)?,
            None => 0.0,
        };
        if amount > limit {
            let reason = format!(
                "Amount {} exceeds the automatic approval limit of {}",
                fmt_num(amount),
                fmt_num(limit)
            );
            sdk.ddb_update(
                table,
                Item::from([("orderId", AttributeValue::S(id.clone()))]),
                "SET #status = :s, failureReason = :r, failedAt = :t",
                &[("#status", "status")],
                vec![
                    (":s", AttributeValue::S("FAILED".into())),
                    (":r", AttributeValue::S(reason.clone())),
                    (":t", AttributeValue::S(sdk.now_iso())),
                ],
            )?;
            sdk.log(format_args!("Order {id} FAILED: {reason}"));
            continue;
        }
        sdk.ddb_update(
            table,
            Item::from([("orderId", AttributeValue::S(id.clone()))]),
            "SET #status = :s, completedAt = :t",
            &[("#status", "status")],
            vec![
                (":s", AttributeValue::S("COMPLETED".into())),
                (":t", AttributeValue::S(sdk.now_iso())),
            ],
        )?;
        sdk.log(format_args!("Order {id} COMPLETED"));
    }
    Ok(Value::Null)
}

pub(super) fn high_value_worker(sdk: &mut dyn Sdk, event: &Payload) -> HandlerResult {
    for r in python::records(event)? {
        let order = python::loads_body(r)?;
        // `order.get('orderId', '?')`, `num(order.get('amount') or 0)`
        let id = python::get(&order, "orderId")?.map_or("?".into(), python::str_of);
        let amount =
            python::first_truthy(&order, &["amount"]).map_or(Ok("0".into()), python::num)?;
        sdk.log(format_args!(
            "High-value order {id} ({amount}) received: starting fraud checks and priority fulfilment"
        ));
    }
    Ok(Value::Null)
}

/// What the workers read of an order message: `orderId` ("?" when missing),
/// `notes` and `amount` (0 when missing), as `json.loads(body).get(…)` gives them.
struct OrderFields {
    id: String,
    notes: Option<String>,
    amount: Option<Value>,
}

impl OrderFields {
    /// `json.loads(record["body"])`, a ValueError read as `{}` (and a body that is no
    /// dict as `{}`), then the fields that are strings.
    fn of(r: Record) -> Result<Self, HandlerError> {
        // Only the three fields, without building the whole object (see `fields`).
        let [order_id, notes, amount] =
            super::fields::object_fields(python::body_text(r)?, ["orderId", "notes", "amount"])
                .flatten()
                .unwrap_or_default();
        let text = |v: Option<Value>| match v {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        Ok(OrderFields {
            amount,
            id: text(order_id).unwrap_or_else(|| "?".to_string()),
            notes: text(notes),
        })
    }
}

/// What CreateOrder reads of a request body: each field `None` when missing or null.
struct OrderRequest {
    order_id: Option<Value>,
    customer_name: Option<Value>,
    product: Option<Value>,
    amount: Option<Value>,
    notes: Option<Value>,
}

impl OrderRequest {
    /// Reads only the five fields, without building the whole object (see
    /// `fields`). `Err(None)`: not JSON; `Err(Some(reply))`: refused.
    fn read(raw: &str) -> Result<OrderRequest, Option<HandlerResult>> {
        let keys = ["orderId", "customerName", "product", "amount", "notes"];
        let Some(fields) = super::fields::object_fields(raw, keys) else {
            return Err(None);
        };
        let Some(fields) = fields else {
            return Err(Some(api_reply(
                400,
                json!({ "message": "Request body must be a JSON object" }),
            )));
        };
        let [order_id, customer_name, product, amount, notes] =
            fields.map(|v| v.filter(|v| !v.is_null()));
        Ok(OrderRequest {
            order_id,
            customer_name,
            product,
            amount,
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_body_reads_as_its_format() {
        for id in [
            "0b7d1e52-4f3a-4c6e-9a55-2f8d8f1c0a11",
            "",
            "a\"b\\c\u{e9}\n",
        ] {
            let old = format!(
                r#"{{"message": "Order created successfully", "orderId": {}}}"#,
                json_dumps::dumps_str(id)
            );
            assert_eq!(created_body(id), old);
        }
    }
}
