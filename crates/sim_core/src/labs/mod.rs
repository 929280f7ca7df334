//! The lab functions' behaviour: the labs' own code, reproduced with the calls it
//! makes (DynamoDB, SQS, EventBridge, SNS) and the lines it logs. Written only
//! against the SDK facade below, as the labs' Python is written against boto3.

mod boto3;
mod fields;
mod generic;
pub mod json_dumps;
pub mod json_errors;
mod lab000;
pub mod lab000_s3;
mod lab003;
mod lab004;
mod python;
mod sqs_guide;

use serde_json::Value;

pub use crate::dynamodb::{item_from_plain, AttributeValue, Item, WriteOutcome};
pub use crate::lambda::invocation::{HandlerError, HandlerResult};
pub use crate::lambda::payload::{Payload, Record};
pub use crate::lambda::Behavior;
pub use json_dumps::dumps as python_json;

/// What a running function can do, as boto3 calls: every call is checked and
/// traced by the world, and fails the way AWS would.
pub trait Sdk {
    /// A line in the function's CloudWatch log stream (`print`).
    fn log(&mut self, line: std::fmt::Arguments<'_>);
    /// The current time, ISO 8601 with milliseconds.
    fn now_iso(&self) -> String;
    /// The wall-clock instant sim time 0 stands for.
    fn epoch_ms(&self) -> u64;
    /// `str(uuid.uuid4())`.
    fn new_uuid(&mut self) -> String;
    /// True `per_mille` times in 1,000, from the function's own random stream.
    fn chance_per_mille(&mut self, per_mille: u32) -> bool;
    /// `time.sleep(ms / 1000)`: the handler's run takes that much longer. When the
    /// function's Timeout ends during the sleep, it fails as the runtime stops it
    /// (`Sandbox.Timedout`), and the handler goes no further (`?`).
    fn sleep_ms(&mut self, ms: u64) -> Result<(), HandlerError>;
    /// `table.put_item(Item=…, ConditionExpression=…)`.
    fn ddb_put(
        &mut self,
        table: &str,
        item: Item,
        condition: Option<&str>,
    ) -> Result<WriteOutcome, HandlerError>;
    /// `table.update_item(Key=…, UpdateExpression=…, ExpressionAttributeValues=…)`.
    /// `table.update_item(Key=…, UpdateExpression=…, ExpressionAttributeNames=…,
    /// ExpressionAttributeValues=…)`: `names` maps `#placeholders` to attribute names
    /// (DynamoDB refuses reserved words such as `status` written plainly), `values`
    /// gives each `:placeholder` its value. The key and the values are attribute
    /// values already (`AttributeValue::from_plain` of what the Python code passes),
    /// not JSON built only to be read again.
    fn ddb_update(
        &mut self,
        table: &str,
        key: Item,
        update: &str,
        names: &[(&str, &str)],
        values: Vec<(&str, AttributeValue)>,
    ) -> Result<WriteOutcome, HandlerError>;
    /// `s3.get_object(Bucket=…, Key=…)['Body'].read().decode()`.
    fn s3_get_object(&mut self, bucket: &str, key: &str) -> Result<String, HandlerError>;
    /// `sqs.send_message(QueueUrl=…, MessageBody=…)`: the new MessageId.
    fn sqs_send(&mut self, queue: &str, body: String) -> Result<String, HandlerError>;
    /// `sqs.send_message(QueueUrl=…, MessageBody=…, MessageAttributes={name:
    /// {"StringValue": …, "DataType": "String"}})`: the new MessageId.
    fn sqs_send_with_attributes(
        &mut self,
        queue: &str,
        body: String,
        attributes: &[(&str, String)],
    ) -> Result<String, HandlerError>;
    /// `sqs.send_message(QueueUrl=…, MessageBody=json.dumps(item))` for an item as
    /// boto3's TypeDeserializer gives it (`json_dumps::dumps_item`): the new MessageId.
    fn sqs_send_item(&mut self, queue: &str, item: &Item) -> Result<String, HandlerError>;
    /// `events.put_events(Entries=[…])` with one entry.
    fn put_events(
        &mut self,
        bus: &str,
        source: &str,
        detail_type: &str,
        detail: Value,
    ) -> Result<(), HandlerError>;
    /// `sns.publish(TopicArn=…, Message=…, Subject=…)`.
    fn sns_publish(
        &mut self,
        topic: &str,
        message: String,
        subject: Option<String>,
    ) -> Result<(), HandlerError>;
}

/// Runs one behaviour on one event.
pub fn run(
    sdk: &mut dyn Sdk,
    behavior: &Behavior,
    payload: &Payload,
    request_id: &str,
) -> HandlerResult {
    match behavior {
        Behavior::CreateOrder { table_name } => {
            with_cors_origin(lab004::create_order(sdk, table_name, payload))
        }
        Behavior::ForwardNewOrders { queue_name } => {
            lab004::forward_new_orders(sdk, queue_name, payload)
        }
        Behavior::MarkProcessed { table_name } => lab004::mark_processed(sdk, table_name, payload),
        Behavior::PublishNewOrders { topic_name } => {
            lab004::publish_new_orders(sdk, topic_name, payload)
        }
        Behavior::OrderWorker {
            table_name,
            fail_marker,
            amount_limit,
        } => lab004::order_worker(sdk, table_name, fail_marker, *amount_limit, payload),
        Behavior::ProcessaPedido { table_name } => {
            lab000::processa_pedido(sdk, table_name, payload)
        }
        Behavior::CancelaPedido { table_name } => {
            lab000::altera_status(sdk, table_name, payload, false, request_id)
        }
        Behavior::AlteraPedido { table_name } => {
            lab000::altera_status(sdk, table_name, payload, true, request_id)
        }
        Behavior::ChargePayment { success_per_mille } => {
            lab003::charge_payment(sdk, *success_per_mille, payload)
        }
        Behavior::ReserveInventory { table_name } => {
            lab003::reserve_inventory(sdk, table_name, payload)
        }
        Behavior::Notify => lab003::notify(sdk, payload),
        Behavior::ConsumeOrders => sqs_guide::consume_orders(sdk, payload),
        Behavior::SqsGuideConsumer {
            queue_name,
            dead_letter_queue_name,
            success_per_mille,
            max_retries,
        } => sqs_guide::guide_consumer(
            sdk,
            (queue_name, dead_letter_queue_name),
            *success_per_mille,
            *max_retries,
            payload,
        ),
        Behavior::RecebePedido { queue_name } => lab000::recebe_pedido(sdk, queue_name, payload),
        Behavior::IngereArquivoS3 { queue_name } => {
            lab000_s3::ingere_arquivo(sdk, queue_name, payload)
        }
        Behavior::ValidaPedido {
            event_bus_name,
            source,
            detail_type,
            invalid_topic_name,
        } => lab000::valida_pedido(
            sdk,
            event_bus_name,
            source,
            detail_type,
            invalid_topic_name.as_deref(),
            payload,
        ),
        Behavior::PublishOrder {
            event_bus_name,
            source,
            detail_type,
        } => lab003::publish_order(sdk, event_bus_name, source, detail_type, payload),
        Behavior::HighValueWorker => lab004::high_value_worker(sdk, payload),
        Behavior::LogAndSucceed => generic::log_and_succeed(sdk, payload),
        Behavior::ReturnEvent => generic::return_event(sdk, payload),
    }
}

/// What the Throw fault switch raises at the top of a function's handler: the
/// Portuguese labs' own forced error (seed 000, section 7) in their functions; in the
/// English labs and a template's functions, an error that says it is the switch's
/// (lab 004's students read lab 000's Portuguese "para DLQ!" where there is no DLQ).
pub fn forced_error(behavior: &Behavior) -> (&'static str, &'static str) {
    match behavior {
        Behavior::RecebePedido { .. }
        | Behavior::IngereArquivoS3 { .. }
        | Behavior::ValidaPedido { .. }
        | Behavior::ProcessaPedido { .. }
        | Behavior::CancelaPedido { .. }
        | Behavior::AlteraPedido { .. }
        | Behavior::ConsumeOrders
        | Behavior::SqsGuideConsumer { .. } => ("ValueError", "Teste Forçado para DLQ!"),
        // Every other one named, so a new Portuguese lab's function is placed here on purpose.
        Behavior::CreateOrder { .. }
        | Behavior::MarkProcessed { .. }
        | Behavior::ForwardNewOrders { .. }
        | Behavior::PublishNewOrders { .. }
        | Behavior::OrderWorker { .. }
        | Behavior::ChargePayment { .. }
        | Behavior::ReserveInventory { .. }
        | Behavior::Notify
        | Behavior::PublishOrder { .. }
        | Behavior::HighValueWorker
        | Behavior::LogAndSucceed
        | Behavior::ReturnEvent => ("Exception", "Forced error (Throw fault switch)"),
    }
}

/// What a lab function logs before the lab's forced error runs. Seed 000, section 7:
/// with `raise ValueError("Teste Forçado para DLQ!")` at the start of its handler,
/// processa-pedidos-lambda is seen "logando o evento recebido e imediatamente
/// falhando": it logs the event it received (as it always does first), then raises.
pub fn lines_before_forced_error(behavior: &Behavior, payload: &Payload) -> Vec<String> {
    match behavior {
        Behavior::ProcessaPedido { .. } => payload
            .records()
            .first()
            .map(|r| vec![lab000::evento_recebido(&body_json(*r))])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Now as Python's `datetime.isoformat()` prints it, then `suffix`:
/// `2025-05-13T19:46:17.248000` (microseconds; the clock counts milliseconds), and no
/// fraction at all on a whole second, as Python leaves it out when it is zero.
/// `utcnow().isoformat() + "Z"` is suffix "Z"; `now(timezone.utc).isoformat()` "+00:00".
fn python_isoformat(sdk: &dyn Sdk, suffix: &str) -> String {
    let iso = sdk.now_iso(); // 2025-05-13T19:46:17.248Z
    match (iso.get(..19), iso.get(20..23)) {
        (Some(seconds), Some("000")) => format!("{seconds}{suffix}"),
        (Some(seconds), Some(ms)) => format!("{seconds}.{ms}000{suffix}"),
        _ => iso,
    }
}

/// A proxy integration's answer: a status code and a JSON body.
/// `{"statusCode": code, "headers": {…}, "body": json.dumps(body)}`.
fn api_reply(code: u16, body: Value) -> HandlerResult {
    api_reply_text(code, json_dumps::dumps(&body))
}

/// `api_reply` with the body already written as JSON text.
fn api_reply_text(code: u16, body: String) -> HandlerResult {
    let mut headers = serde_json::Map::with_capacity(1);
    headers.insert("Content-Type".into(), "application/json".into());
    let mut reply = serde_json::Map::with_capacity(3);
    reply.insert("statusCode".into(), code.into());
    reply.insert("headers".into(), Value::Object(headers));
    reply.insert("body".into(), Value::String(body));
    Ok(Value::Object(reply))
}

/// Lab 004's web form calls its REST API from the browser, and a REST API's Lambda proxy
/// integration adds no CORS header: the function's own response must carry
/// `Access-Control-Allow-Origin`, as the lab's CreateOrderFunction does.
fn with_cors_origin(result: HandlerResult) -> HandlerResult {
    let mut reply = result?;
    if let Some(Value::Object(headers)) = reply.get_mut("headers") {
        headers.insert("Access-Control-Allow-Origin".into(), "*".into());
    }
    Ok(reply)
}

/// An SQS record's body, parsed as JSON (null when it is not JSON).
fn body_json(record: Record) -> Value {
    record
        .body()
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null)
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// How boto3's resource layer prints an attribute value: numbers as `Decimal('1')`.
pub fn python_repr(v: &AttributeValue) -> String {
    match v {
        AttributeValue::S(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        AttributeValue::N(n) => format!("Decimal('{n}')"),
        AttributeValue::Bool(b) => {
            if *b {
                "True".into()
            } else {
                "False".into()
            }
        }
        AttributeValue::Null => "None".into(),
        AttributeValue::L(l) => format!(
            "[{}]",
            l.iter().map(python_repr).collect::<Vec<_>>().join(", ")
        ),
        AttributeValue::M(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("'{k}': {}", python_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        AttributeValue::Ss(s) => format!(
            "{{{}}}",
            s.iter()
                .map(|x| format!("'{x}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        AttributeValue::Ns(n) => format!(
            "{{{}}}",
            n.iter()
                .map(|x| format!("Decimal('{x}')"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// An order this behaviour's code accepts, as the console's order entry starts with
/// it: the first order, and the n-th of "submit N" (`{n}` placeholders, see
/// `scenario::console::fill_n`). The fields are those the code requires and the lab
/// sends (lab 004's CreateOrder refuses a body without customerName, product and
/// amount; lab 003's API an order without a numeric amount; lab 000's functions an
/// order without pedidoId, clienteId and itens). None: the behaviour does not read
/// an order (a stream or an S3 event), or reads nothing from one (the generic one).
pub fn sample_order(behavior: &Behavior) -> Option<(Value, Value)> {
    use serde_json::json;
    let (first, nth) = match behavior {
        Behavior::CreateOrder { .. } => (
            json!({ "customerName": "Alice", "product": "Wireless Headphones", "amount": 1499, "notes": "" }),
            json!({ "orderId": "web-{n:04}", "customerName": "Customer {n}", "product": "Wireless Headphones", "amount": 150, "notes": "" }),
        ),
        Behavior::OrderWorker { .. } | Behavior::HighValueWorker => (
            json!({ "orderId": "order-1", "customerName": "Alice", "product": "Wireless Headphones", "amount": 1499, "notes": "" }),
            json!({ "orderId": "order-{n}", "customerName": "Customer {n}", "product": "Wireless Headphones", "amount": 150, "notes": "" }),
        ),
        Behavior::PublishOrder { .. }
        | Behavior::ChargePayment { .. }
        | Behavior::ReserveInventory { .. }
        | Behavior::Notify => (
            json!({ "order_id": "order-1", "amount": 120 }),
            json!({ "order_id": "order-{n}", "amount": 120 }),
        ),
        Behavior::RecebePedido { .. }
        | Behavior::ValidaPedido { .. }
        | Behavior::ProcessaPedido { .. } => (
            json!({ "pedidoId": "apiP001", "clienteId": "clienteAPI-001", "itens": [{ "item": "Produto X API", "qtd": 1 }] }),
            json!({ "pedidoId": "apiP{n:03}", "clienteId": "clienteAPI-{n:03}", "itens": [{ "item": "Produto X API", "qtd": 1 }] }),
        ),
        Behavior::ConsumeOrders | Behavior::SqsGuideConsumer { .. } => (
            json!({ "order_id": "ORD-001", "customer_id": "CUST-123", "items": [{ "product_id": "PROD-A", "quantity": 2, "price": 29.99 }], "total": 59.98, "processing_attempts": 0 }),
            json!({ "order_id": "ORD-BATCH-{n:03}", "customer_id": "CUST-1{n:02}", "items": [{ "product_id": "PROD-X", "quantity": 1, "price": 9.99 }], "total": 9.99, "processing_attempts": 0 }),
        ),
        Behavior::MarkProcessed { .. }
        | Behavior::ForwardNewOrders { .. }
        | Behavior::PublishNewOrders { .. }
        | Behavior::CancelaPedido { .. }
        | Behavior::AlteraPedido { .. }
        | Behavior::IngereArquivoS3 { .. }
        | Behavior::LogAndSucceed
        | Behavior::ReturnEvent => return None,
    };
    Some((first, nth))
}
