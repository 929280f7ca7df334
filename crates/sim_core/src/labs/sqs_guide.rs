use serde_json::Value;

use super::*;

pub(super) fn consume_orders(sdk: &mut dyn Sdk, event: &Payload) -> HandlerResult {
    for r in event.records() {
        let order = body_json(r);
        let id = order
            .get("order_id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        sdk.log(format_args!("Processando pedido {id}"));
        sdk.log(format_args!("Pedido {id} processado com sucesso"));
    }
    Ok(Value::Null)
}

/// The SQS guide's `OrderConsumer._process_single_order` (seed 002), message by
/// message, as a Lambda consumer that reports batch item failures where the guide's
/// script would leave a message undeleted:
/// - `json.loads(body)` fails: "Erro ao decodificar mensagem", deleted;
/// - `random.random() < 0.8`: "✓ Pedido … - Total: $…", deleted;
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
    for r in event.records() {
        let Some(Value::Object(mut order)) = r.body().and_then(|b| serde_json::from_str(b).ok())
        else {
            sdk.log(format_args!(
                "Erro ao decodificar mensagem: Expecting value: line 1 column 1 (char 0)"
            ));
            continue;
        };
        let id = match order.get("order_id") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => "None".into(),
        };
        sdk.log(format_args!("Processando pedido {id}"));
        if sdk.chance_per_mille(success_per_mille) {
            let total = order.get("total").cloned().unwrap_or(Value::from(0));
            sdk.log(format_args!("✓ Pedido {id} - Total: ${total}"));
            sdk.log(format_args!("Pedido {id} processado com sucesso"));
            continue;
        }
        sdk.log(format_args!(
            "✗ Falha simulada no processamento do pedido {id}"
        ));
        let attempts = order
            .get("processing_attempts")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            + 1;
        order.insert("processing_attempts".into(), attempts.into());
        if attempts < u64::from(max_retries) {
            sdk.log(format_args!(
                "Pedido {id} será reprocessado (tentativa {attempts})"
            ));
            let message_id = r.message_id().unwrap_or_default();
            failures.push(serde_json::json!({ "itemIdentifier": message_id }));
            continue;
        }
        send_to_dlq(sdk, (queue, dlq), &Value::Object(order), r);
        sdk.log(format_args!(
            "Pedido {id} enviado para DLQ após {max_retries} tentativas"
        ));
    }
    Ok(serde_json::json!({ "batchItemFailures": failures }))
}

/// `_send_to_dlq`: the order as JSON with the guide's three attributes.
fn send_to_dlq(sdk: &mut dyn Sdk, (queue, dlq): (&str, &str), order: &Value, r: Record) {
    let source = queue.to_string();
    let count = r.receive_count().unwrap_or(0).to_string();
    let attributes = [
        ("original_queue", source),
        ("failure_reason", "max_retries_exceeded".to_string()),
        ("original_receive_count", count),
    ];
    if let Err(e) = sdk.sqs_send_with_attributes(dlq, python_json(order), &attributes) {
        sdk.log(format_args!("Erro ao enviar para DLQ: {}", e.message));
    }
}
