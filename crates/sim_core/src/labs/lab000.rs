use serde_json::{json, Value};

use super::*;

/// processa-pedidos-lambda's first line for each record: the event it received.
pub(super) fn evento_recebido(body: &Value) -> String {
    format!("Evento recebido: {}", python_json(body))
}

pub(super) fn processa_pedido(sdk: &mut dyn Sdk, table: &str, event: &Payload) -> HandlerResult {
    for r in python::records(event)? {
        // `body = json.loads(record["body"])`, printed, then `body.get("detail", body)`:
        // the rule delivers the whole EventBridge event, the order is its detail.
        let body = python::loads_body(r)?;
        sdk.log(format_args!("{}", evento_recebido(&body)));
        let pedido = python::get(&body, "detail")?.unwrap_or(&body);
        // `pedido["pedidoId"]`, whatever it holds: DynamoDB refuses a key of the wrong type.
        let key = python::index(pedido, "pedidoId")?;
        let id = python::str_of(key);
        let mut item = Item::new();
        item.insert("pedidoId", AttributeValue::from_plain(key));
        if let Some(c) = pedido.get("clienteId") {
            item.insert("clienteId", AttributeValue::from_plain(c));
        }
        item.insert(
            "itens",
            AttributeValue::from_plain(pedido.get("itens").unwrap_or(&json!([]))),
        );
        item.insert(
            "statusPedido",
            AttributeValue::S("PEDIDO_PROCESSADO".into()),
        );
        // `datetime.utcnow().isoformat()`, as the function's code writes it.
        item.insert(
            "timestampCriacaoEvento",
            AttributeValue::S(python_isoformat(sdk, "")),
        );
        python::boto3_writes(
            "put_item(",
            &[Some(key), pedido.get("itens"), pedido.get("clienteId")],
        )?;
        sdk.ddb_put(table, item, None)?;
        sdk.log(format_args!(
            "Pedido {id} salvo no DynamoDB com status PEDIDO_PROCESSADO"
        ));
    }
    Ok(json!({ "statusCode": 200, "body": "Pedidos processados" }))
}

pub(super) fn altera_status(
    sdk: &mut dyn Sdk,
    table: &str,
    event: &Payload,
    alter: bool,
    request_id: &str,
) -> HandlerResult {
    for r in python::records(event)? {
        // `detail = json.loads(record["body"]).get("detail", {})`, then `detail["pedidoId"]`.
        let ev = python::loads_body(r)?;
        let detail = python::get(&ev, "detail")?.cloned().unwrap_or(json!({}));
        // `detail["pedidoId"]`, whatever it holds: DynamoDB refuses a key of the wrong type.
        let key = python::index(&detail, "pedidoId")?.clone();
        let id = python::str_of(&key);
        let now = python_isoformat(sdk, "Z");
        let out = if alter {
            let itens = python::index(&detail, "novosItens")?.clone();
            sdk.log(format_args!(
                "Processando alteração para pedido: {id} com novos itens: {}",
                python_json(&itens)
            ));
            python::boto3_writes("update_item(", &[Some(&key), Some(&itens)])?;
            sdk.ddb_update(
                table,
                Item::from([("pedidoId", AttributeValue::from_plain(&key))]),
                "SET statusPedido = :s, itens = :i, timestampAtualizacao = :t",
                &[],
                vec![
                    (":s", AttributeValue::S("ALTERADO".into())),
                    (":i", AttributeValue::from_plain(&itens)),
                    (":t", AttributeValue::S(now.clone())),
                ],
            )?
        } else {
            sdk.log(format_args!("Processando cancelamento para pedido: {id}"));
            python::boto3_writes("update_item(@2", &[Some(&key)])?;
            sdk.ddb_update(
                table,
                Item::from([("pedidoId", AttributeValue::from_plain(&key))]),
                "SET statusPedido = :s, timestampAtualizacao = :t",
                &[],
                vec![
                    (":s", AttributeValue::S("CANCELADO".into())),
                    (":t", AttributeValue::S(now.clone())),
                ],
            )
            // The cancel branch: the code's second update_item call.
            .map_err(|e| e.at("update_item(@2"))?
        };
        // ReturnValues="UPDATED_NEW": boto3 prints the changed attributes as a Python
        // dict, and the response's metadata with DynamoDB's HTTP headers.
        let names: &[&str] = if alter {
            &["itens", "timestampAtualizacao", "statusPedido"]
        } else {
            &["timestampAtualizacao", "statusPedido"]
        };
        let attrs: Vec<(&str, &AttributeValue)> = match &out.new {
            Some(new) => names
                .iter()
                .filter_map(|n| new.get(*n).map(|v| (*n, v)))
                .collect(),
            None => Vec::new(),
        };
        let printed: Vec<String> = attrs
            .iter()
            .map(|(n, v)| format!("'{n}': {}", python_repr(v)))
            .collect();
        let status = if alter { "ALTERADO" } else { "CANCELADO" };
        // A request id is ASCII hex: ASCII upper-casing is the same and needs no
        // Unicode tables in the page.
        let aws_request = request_id.replace('-', "").to_ascii_uppercase();
        let body = super::boto3::update_item_body(&attrs);
        sdk.log(format_args!(
            "Pedido {id} atualizado para {status}. Resposta DynamoDB: {{'Attributes': {{{}}}, {}}}",
            printed.join(", "),
            super::boto3::response_metadata(&aws_request, &body, &sdk.now_iso())
        ));
    }
    Ok(json!({ "statusCode": 200 }))
}

pub(super) fn recebe_pedido(sdk: &mut dyn Sdk, queue: &str, event: &Payload) -> HandlerResult {
    let raw = python::event_body(event)?;
    let Ok(pedido) = serde_json::from_str::<Value>(raw) else {
        sdk.log(format_args!(
            "Erro: corpo da requisição não é um JSON válido"
        ));
        return api_reply(
            400,
            json!({ "mensagem": "Corpo da requisição inválido: envie um JSON" }),
        );
    };
    // `pedido.get("pedidoId", "?") if isinstance(pedido, dict) else "?"`
    let id = pedido
        .get("pedidoId")
        .cloned()
        .unwrap_or_else(|| json!("?"));
    sdk.log(format_args!(
        "Pedido recebido via API: {}",
        python::str_of(&id)
    ));
    sdk.sqs_send(queue, python_json(&pedido))?;
    api_reply(
        202,
        json!({ "mensagem": "Pedido recebido para processamento", "pedidoId": id }),
    )
}

pub(super) fn valida_pedido(
    sdk: &mut dyn Sdk,
    bus: &str,
    source: &str,
    detail_type: &str,
    invalid_topic: Option<&str>,
    event: &Payload,
) -> HandlerResult {
    for r in python::records(event)? {
        // `json.loads(record["body"])`, a ValueError or a body that is no dict read as {}.
        let text = python::body_text(r)?;
        let pedido = match serde_json::from_str::<Value>(text) {
            Ok(v @ Value::Object(_)) => v,
            _ => json!({}),
        };
        // `pedido.get("pedidoId") or ""`; each field is checked for truth.
        let id = python::first_truthy(&pedido, &["pedidoId"]).map_or(String::new(), python::str_of);
        let mut problems = Vec::new();
        if id.is_empty() {
            problems.push("pedidoId ausente");
        }
        if python::first_truthy(&pedido, &["clienteId"]).is_none() {
            problems.push("clienteId ausente");
        }
        if python::first_truthy(&pedido, &["itens"]).is_none() {
            problems.push("itens vazio ou ausente");
        }
        if problems.is_empty() {
            sdk.log(format_args!(
                "Pedido {id} válido: publicando {detail_type} no {bus}"
            ));
            sdk.put_events(bus, source, detail_type, pedido)?;
        } else {
            let why = problems.join(", ");
            sdk.log(format_args!(
                "Pedido inválido ({why}): {}",
                python_json(&pedido)
            ));
            if let Some(topic) = invalid_topic {
                sdk.sns_publish(
                    topic,
                    python_json(&json!({ "pedido": pedido, "motivo": why })),
                    Some(format!("Pedido inválido {id}")),
                )?;
            }
        }
    }
    Ok(Value::Null)
}
