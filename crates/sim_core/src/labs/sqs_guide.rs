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
