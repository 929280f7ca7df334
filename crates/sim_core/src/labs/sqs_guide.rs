use serde_json::Value;

use super::*;

pub(super) fn consume_orders(sdk: &mut dyn Sdk, event: &Payload) -> HandlerResult {
    for r in python::records(event)? {
        let pedido = python::loads_body(r)?;
        let id = python::get(&pedido, "order_id")?.map_or("?".into(), python::str_of);
        sdk.log(format_args!("Processando pedido {id}"));
        sdk.log(format_args!("Pedido {id} processado com sucesso"));
    }
    Ok(Value::Null)
}

/// The SQS guide's `OrderConsumer._process_single_order` (seed 002), message by
/// message, as a Lambda consumer that reports batch item failures where the guide's
/// script would leave a message undeleted:
/// - `json.loads(body)` fails: "Erro ao decodificar mensagem", deleted;
/// - `random.random() < 0.8`: `time.sleep(0.5)`, then "✓ Pedido … - Total: $…",
///   deleted (a batch of 10 takes about 4 s);
/// - else `order['processing_attempts'] + 1` — read from the body, which SQS never
///   changes, so it is 1 on every receive of a message the producer sent with 0 —
///   below `max_retries`: "será reprocessado (tentativa N)", left for the visibility
///   timeout; at `max_retries`: `_send_to_dlq` (its MessageAttributes
///   original_queue, failure_reason, original_receive_count; without a MessageGroupId,
///   which a FIFO DLQ refuses — the guide's `except` logs it) and deleted either way.
pub(super) fn guide_consumer(
    sdk: &mut dyn Sdk,
    (queue, dlq): (&str, &str),
    success_per_mille: u32,
    max_retries: u32,
    event: &Payload,
) -> HandlerResult {
    let mut failures = Vec::new();
    for r in python::records(event)? {
        let mut order = match python::loads_body(r) {
            Ok(order) => order,
            // `except ValueError as e`: logged, and the message is deleted.
            Err(e) if e.error_type == "JSONDecodeError" => {
                sdk.log(format_args!("Erro ao decodificar mensagem: {}", e.message));
                continue;
            }
            Err(e) => return Err(e),
        };
        let id = python::get(&order, "order_id")?.map_or("None".into(), python::str_of);
        sdk.log(format_args!("Processando pedido {id}"));
        if sdk.chance_per_mille(success_per_mille) {
            // "Simular tempo de processamento"
            sdk.sleep_ms(500)?;
            let total = order.get("total").map_or("0".into(), python::str_of);
            sdk.log(format_args!("✓ Pedido {id} - Total: ${total}"));
            sdk.log(format_args!("Pedido {id} processado com sucesso"));
            continue;
        }
        sdk.log(format_args!(
            "✗ Falha simulada no processamento do pedido {id}"
        ));
        // `order.get("processing_attempts", 0) + 1`
        let attempts =
            python::plus_one(order.get("processing_attempts").unwrap_or(&Value::from(0)))?;
        if let Value::Object(o) = &mut order {
            o.insert("processing_attempts".into(), attempts.clone());
        }
        if python::below(&attempts, max_retries) {
            let attempts = python::str_of(&attempts);
            sdk.log(format_args!(
                "Pedido {id} será reprocessado (tentativa {attempts})"
            ));
            failures.push(serde_json::json!({ "itemIdentifier": python::message_id(r)? }));
            continue;
        }
        send_to_dlq(sdk, (queue, dlq), &order, r)?;
        sdk.log(format_args!(
            "Pedido {id} enviado para DLQ após {max_retries} tentativas"
        ));
    }
    Ok(serde_json::json!({ "batchItemFailures": failures }))
}

/// `_send_to_dlq`: the order as JSON with the guide's three attributes.
fn send_to_dlq(
    sdk: &mut dyn Sdk,
    (queue, dlq): (&str, &str),
    order: &Value,
    r: Record,
) -> Result<(), HandlerError> {
    let source = queue.to_string();
    // `record["attributes"].get("ApproximateReceiveCount", "0")`, read before the `try`.
    let count = match r {
        Record::Json(v) => python::get(python::index(v, "attributes")?, "ApproximateReceiveCount")?
            .map_or("0".into(), python::str_of),
        _ => r.receive_count().unwrap_or(0).to_string(),
    };
    let attributes = [
        ("original_queue", source),
        ("failure_reason", "max_retries_exceeded".to_string()),
        ("original_receive_count", count),
    ];
    if let Err(e) = sdk.sqs_send_with_attributes(dlq, python_json(order), &attributes) {
        sdk.log(format_args!("Erro ao enviar para DLQ: {}", e.message));
    }
    Ok(())
}
