//! What each function behaviour does when invoked: the labs' code, reproduced with
//! its DynamoDB and SQS calls and the lines it logs.

use serde_json::{json, Value};

use crate::dynamodb::{
    item_from_plain, item_to_plain, AttributeValue, Condition, ExprContext, Item, Update,
    WriteOutcome,
};
use crate::invoke::{HandlerError, HandlerResult};
use crate::kernel::trace::TraceKind;
use crate::lambda::payload::{Payload, Record};
use crate::lambda::Behavior;
use crate::world::Simulation;

impl Simulation {
    pub(crate) fn run_behavior(
        &mut self,
        f: u32,
        payload: &Payload,
        request_id: &str,
    ) -> HandlerResult {
        let behavior = self.lambda.functions[f as usize].config.behavior.clone();
        match behavior {
            Behavior::CreateOrder { table_name } => self.create_order(f, &table_name, payload),
            Behavior::ForwardNewOrders { queue_name } => {
                self.forward_new_orders(f, &queue_name, payload)
            }
            Behavior::OrderWorker {
                table_name,
                fail_marker,
                amount_limit,
            } => self.order_worker(f, &table_name, &fail_marker, amount_limit, payload),
            Behavior::ProcessaPedido { table_name } => {
                self.processa_pedido(f, &table_name, payload)
            }
            Behavior::CancelaPedido { table_name } => {
                self.altera_status(f, &table_name, payload, false, request_id)
            }
            Behavior::AlteraPedido { table_name } => {
                self.altera_status(f, &table_name, payload, true, request_id)
            }
            Behavior::ChargePayment { success_per_mille } => {
                self.charge_payment(f, success_per_mille, payload)
            }
            Behavior::ReserveInventory { table_name } => {
                self.reserve_inventory(f, &table_name, payload)
            }
            Behavior::Notify => self.notify(f, payload),
            Behavior::ConsumeOrders => self.consume_orders(f, payload),
            Behavior::RecebePedido { queue_name } => self.recebe_pedido(f, &queue_name, payload),
            Behavior::ValidaPedido {
                event_bus_name,
                source,
                detail_type,
                invalid_topic_name,
            } => self.valida_pedido(
                f,
                &event_bus_name,
                &source,
                &detail_type,
                invalid_topic_name.as_deref(),
                payload,
            ),
            Behavior::PublishOrder {
                event_bus_name,
                source,
                detail_type,
            } => self.publish_order(f, &event_bus_name, &source, &detail_type, payload),
            Behavior::HighValueWorker => self.high_value_worker(f, payload),
        }
    }

    fn fn_log(&mut self, f: u32, line: String) {
        let now = self.kernel.now_ms;
        self.log(f, now, line);
    }

    fn denied(&self, f: u32, action: &str, resource_arn: &str, operation: &str) -> HandlerError {
        let func = &self.lambda.functions[f as usize];
        HandlerError::new(
            "ClientError",
            format!(
                "An error occurred (AccessDeniedException) when calling the {operation} operation: User: arn:aws:sts::{}:assumed-role/{}/{} is not authorized to perform: {action} on resource: {resource_arn} because no identity-based policy allows the {action} action",
                crate::ACCOUNT_ID,
                func.config.role_name(),
                func.name()
            ),
        )
    }

    fn client_error(e: crate::error::SimError, operation: &str) -> HandlerError {
        HandlerError::new(
            if e.code == "ConditionalCheckFailedException" {
                "ConditionalCheckFailedException"
            } else {
                "ClientError"
            },
            format!(
                "An error occurred ({}) when calling the {operation} operation: {}",
                e.code, e.message
            ),
        )
    }

    fn after_write(&mut self, f: u32, t: usize, out: &WriteOutcome, what: &str) {
        let fname = self.lambda.functions[f as usize].name().to_string();
        let tname = self.dynamodb.tables[t].name.clone();
        let order = out
            .new
            .as_ref()
            .or(out.old.as_ref())
            .map(item_to_plain)
            .as_ref()
            .and_then(crate::world::order_id_in);
        self.record(
            TraceKind::ItemWritten,
            &fname,
            Some(&tname),
            order.as_deref(),
            order.as_deref(),
            what.to_string(),
        );
        if self.dynamodb.tables[t].stream_view_type.is_some() {
            self.wake_stream(t);
        }
    }

    pub(crate) fn ddb_put(
        &mut self,
        f: u32,
        table: &str,
        item: Item,
        condition: Option<&str>,
    ) -> Result<WriteOutcome, HandlerError> {
        let t = self
            .table_index(table)
            .map_err(|e| Self::client_error(e, "PutItem"))?;
        if self.lambda.functions[f as usize].faults.deny_permission {
            return Err(self.denied(
                f,
                "dynamodb:PutItem",
                &self.dynamodb.tables[t].arn(),
                "PutItem",
            ));
        }
        let cond = match condition {
            Some(c) => Some(Condition::parse(c, &ExprContext::default()).map_err(|m| HandlerError::new("ClientError", format!("An error occurred (ValidationException) when calling the PutItem operation: {m}")))?),
            None => None,
        };
        let now = self.kernel.now_ms;
        match self.dynamodb.tables[t].put(item, cond.as_ref(), now) {
            Ok(out) => {
                let status = status_of(&out)
                    .map(|s| format!(" (status {s})"))
                    .unwrap_or_default();
                self.after_write(f, t, &out, &format!("PutItem{status}"));
                Ok(out)
            }
            Err(e) => {
                if e.code == "ConditionalCheckFailedException" {
                    let fname = self.lambda.functions[f as usize].name().to_string();
                    let tname = self.dynamodb.tables[t].name.clone();
                    self.record(
                        TraceKind::ConditionalCheckFailed,
                        &fname,
                        Some(&tname),
                        None,
                        None,
                        format!(
                            "PutItem refused: ConditionExpression {} is false",
                            condition.unwrap_or("")
                        ),
                    );
                }
                Err(Self::client_error(e, "PutItem"))
            }
        }
    }

    /// UpdateItem with `:values` given as plain JSON. Returns the updated item.
    pub(crate) fn ddb_update(
        &mut self,
        f: u32,
        table: &str,
        key: Value,
        update: &str,
        values: Value,
    ) -> Result<WriteOutcome, HandlerError> {
        let t = self
            .table_index(table)
            .map_err(|e| Self::client_error(e, "UpdateItem"))?;
        if self.lambda.functions[f as usize].faults.deny_permission {
            return Err(self.denied(
                f,
                "dynamodb:UpdateItem",
                &self.dynamodb.tables[t].arn(),
                "UpdateItem",
            ));
        }
        let mut ctx = ExprContext::default();
        if let Value::Object(m) = values {
            for (k, v) in m {
                ctx.values.insert(k, AttributeValue::from_plain(&v));
            }
        }
        let upd = Update::parse(update, &ctx).map_err(|m| HandlerError::new("ClientError", format!("An error occurred (ValidationException) when calling the UpdateItem operation: {m}")))?;
        let key = item_from_plain(&key).unwrap_or_default();
        let now = self.kernel.now_ms;
        let out = self.dynamodb.tables[t]
            .update(&key, &upd, None, now)
            .map_err(|e| Self::client_error(e, "UpdateItem"))?;
        let status = status_of(&out)
            .map(|s| format!(": status {s}"))
            .unwrap_or_default();
        self.after_write(f, t, &out, &format!("UpdateItem{status}"));
        Ok(out)
    }

    fn sqs_send_from(&mut self, f: u32, queue: &str, body: String) -> Result<String, HandlerError> {
        let q = self
            .queue_index(queue)
            .map_err(|e| Self::client_error(e, "SendMessage"))?;
        if self.lambda.functions[f as usize].faults.deny_permission {
            return Err(self.denied(
                f,
                "sqs:SendMessage",
                &self.sqs.queues[q].arn(),
                "SendMessage",
            ));
        }
        let fname = self.lambda.functions[f as usize].name().to_string();
        self.send_message(q, body, Default::default(), None, None, None, &fname)
            .map_err(|e| Self::client_error(e, "SendMessage"))
    }

    // ---- lab 004 ------------------------------------------------------------

    fn create_order(&mut self, f: u32, table: &str, event: &Payload) -> HandlerResult {
        let raw = event.body().unwrap_or("");
        let Ok(order) = serde_json::from_str::<Value>(raw) else {
            self.fn_log(
                f,
                format!(
                    "Invalid JSON body: {}",
                    raw.chars().take(80).collect::<String>()
                ),
            );
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
            .unwrap_or_else(|| self.kernel.ids.uuid());
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
        item.insert("createdAt".into(), AttributeValue::S(self.now_iso()));
        self.ddb_put(f, table, item, Some("attribute_not_exists(orderId)"))?;
        self.fn_log(f, format!("Order created: {order_id}"));
        api_reply(
            201,
            json!({ "message": "Order created successfully", "orderId": order_id }),
        )
    }

    fn forward_new_orders(&mut self, f: u32, queue: &str, event: &Payload) -> HandlerResult {
        let mut forwarded = 0;
        for r in event.records() {
            if r.event_name() != Some("INSERT") {
                continue;
            }
            let Some(order) = r.new_image_plain() else {
                continue;
            };
            let id = order
                .get("orderId")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            self.fn_log(f, format!("Sending order {id} to SQS for processing"));
            self.sqs_send_from(f, queue, order.to_string())?;
            forwarded += 1;
        }
        Ok(json!({ "statusCode": 200, "body": format!("Forwarded {forwarded} orders") }))
    }

    fn order_worker(
        &mut self,
        f: u32,
        table: &str,
        marker: &str,
        limit: f64,
        event: &Payload,
    ) -> HandlerResult {
        for r in event.records() {
            let order = body_json(r);
            let id = order
                .get("orderId")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            self.fn_log(f, format!("Processing order {id}"));
            let notes = order.get("notes").and_then(Value::as_str).unwrap_or("");
            if !marker.is_empty() && notes.contains(marker) {
                // A technical failure: raising makes SQS retry the message.
                return Err(HandlerError::new(
                    "Exception",
                    format!("Simulated processing failure for order {id}"),
                ));
            }
            let amount = order.get("amount").and_then(Value::as_f64).unwrap_or(0.0);
            if amount > limit {
                let reason = format!(
                    "Amount {} exceeds the automatic approval limit of {}",
                    fmt_num(amount),
                    fmt_num(limit)
                );
                self.ddb_update(
                    f,
                    table,
                    json!({ "orderId": id }),
                    "SET #status = :s, failureReason = :r, failedAt = :t"
                        .replace("#status", "status")
                        .as_str(),
                    json!({ ":s": "FAILED", ":r": reason, ":t": self.now_iso() }),
                )?;
                self.fn_log(f, format!("Order {id} FAILED: {reason}"));
                continue;
            }
            self.ddb_update(
                f,
                table,
                json!({ "orderId": id }),
                "SET status = :s, completedAt = :t",
                json!({ ":s": "COMPLETED", ":t": self.now_iso() }),
            )?;
            self.fn_log(f, format!("Order {id} COMPLETED"));
        }
        Ok(Value::Null)
    }

    // ---- lab 000 (Portuguese names and statuses) -----------------------------------

    fn processa_pedido(&mut self, f: u32, table: &str, event: &Payload) -> HandlerResult {
        for r in event.records() {
            // The rule delivers the whole EventBridge event: the order is its detail.
            let pedido = order_of_record(r);
            self.fn_log(
                f,
                format!("Evento recebido: {}", python_json(&body_json(r))),
            );
            let Some(id) = pedido
                .get("pedidoId")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                return Err(HandlerError::new("KeyError", "'pedidoId'"));
            };
            let mut item = Item::new();
            item.insert("pedidoId".into(), AttributeValue::S(id.clone()));
            if let Some(c) = pedido.get("clienteId") {
                item.insert("clienteId".into(), AttributeValue::from_plain(c));
            }
            item.insert(
                "itens".into(),
                AttributeValue::from_plain(pedido.get("itens").unwrap_or(&json!([]))),
            );
            item.insert(
                "statusPedido".into(),
                AttributeValue::S("PEDIDO_PROCESSADO".into()),
            );
            item.insert(
                "timestampCriacaoEvento".into(),
                AttributeValue::S(self.now_iso()),
            );
            self.ddb_put(f, table, item, None)?;
            self.fn_log(
                f,
                format!("Pedido {id} salvo no DynamoDB com status PEDIDO_PROCESSADO"),
            );
        }
        Ok(json!({ "statusCode": 200, "body": "Pedidos processados" }))
    }

    fn altera_status(
        &mut self,
        f: u32,
        table: &str,
        event: &Payload,
        alter: bool,
        request_id: &str,
    ) -> HandlerResult {
        for r in event.records() {
            let ev = body_json(r);
            let detail = ev.get("detail").cloned().unwrap_or(Value::Null);
            let Some(id) = detail
                .get("pedidoId")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                return Err(HandlerError::new("KeyError", "'pedidoId'"));
            };
            let now = self.now_iso_micros();
            let out = if alter {
                let Some(itens) = detail.get("novosItens").cloned() else {
                    return Err(HandlerError::new("KeyError", "'novosItens'"));
                };
                self.fn_log(
                    f,
                    format!(
                        "Processando alteração para pedido: {id} com novos itens: {}",
                        python_json(&itens)
                    ),
                );
                self.ddb_update(
                    f,
                    table,
                    json!({ "pedidoId": id }),
                    "SET statusPedido = :s, itens = :i, timestampAtualizacao = :t",
                    json!({ ":s": "ALTERADO", ":i": itens, ":t": now }),
                )?
            } else {
                self.fn_log(f, format!("Processando cancelamento para pedido: {id}"));
                self.ddb_update(
                    f,
                    table,
                    json!({ "pedidoId": id }),
                    "SET statusPedido = :s, timestampAtualizacao = :t",
                    json!({ ":s": "CANCELADO", ":t": now }),
                )?
            };
            // ReturnValues="UPDATED_NEW": boto3 prints the changed attributes as a Python dict.
            let mut attrs = Vec::new();
            if let Some(new) = &out.new {
                for name in ["itens", "timestampAtualizacao", "statusPedido"] {
                    if let Some(v) = new.get(name) {
                        if name == "itens" && !alter {
                            continue;
                        }
                        attrs.push(format!("'{name}': {}", python_repr(v)));
                    }
                }
            }
            let status = if alter { "ALTERADO" } else { "CANCELADO" };
            let aws_request = request_id.replace('-', "").to_uppercase();
            self.fn_log(
                f,
                format!(
                    "Pedido {id} atualizado para {status}. Resposta DynamoDB: {{'Attributes': {{{}}}, 'ResponseMetadata': {{'RequestId': '{}', 'HTTPStatusCode': 200, 'RetryAttempts': 0}}}}",
                    attrs.join(", "),
                    aws_request
                ),
            );
        }
        Ok(json!({ "statusCode": 200 }))
    }

    // ---- lab 003 ------------------------------------------------------------

    fn charge_payment(&mut self, f: u32, success_per_mille: u32, event: &Payload) -> HandlerResult {
        let mut failures = Vec::new();
        for r in event.records() {
            let order = order_of_record(r);
            let id = order
                .get("orderId")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            let amount = order.get("amount").and_then(Value::as_f64).unwrap_or(0.0);
            if self.lambda.function_rngs[f as usize].chance_per_mille(success_per_mille) {
                self.fn_log(
                    f,
                    format!("Payment of {} charged for order {id}", fmt_num(amount)),
                );
            } else {
                self.fn_log(
                    f,
                    format!("Payment declined for order {id}: reporting item failure"),
                );
                failures.push(
                    json!({ "itemIdentifier": r.message_id().map_or(Value::Null, |id| Value::String(id.into())) }),
                );
            }
        }
        Ok(json!({ "batchItemFailures": failures }))
    }

    fn reserve_inventory(&mut self, f: u32, table: &str, event: &Payload) -> HandlerResult {
        for r in event.records() {
            let order = order_of_record(r);
            let Some(id) = order
                .get("orderId")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                continue;
            };
            let mut item = item_from_plain(&json!({ "orderId": id, "items": order.get("items").cloned().unwrap_or(json!([])) })).unwrap_or_default();
            item.insert("reservedAt".into(), AttributeValue::S(self.now_iso()));
            match self.ddb_put(f, table, item, Some("attribute_not_exists(orderId)")) {
                Ok(_) => self.fn_log(f, format!("Inventory reserved for order {id}")),
                Err(e) if e.error_type == "ConditionalCheckFailedException" => self.fn_log(
                    f,
                    format!("Inventory already reserved for order {id}: skipping (idempotent)"),
                ),
                Err(e) => return Err(e),
            }
        }
        Ok(Value::Null)
    }

    fn notify(&mut self, f: u32, event: &Payload) -> HandlerResult {
        let orders: Vec<Value> = if event.has_records() {
            event.records().into_iter().map(order_of_record).collect()
        } else {
            let whole = event.to_json(self.kernel.epoch_ms);
            vec![whole.get("detail").cloned().unwrap_or(whole)]
        };
        for o in orders {
            let id = o.get("orderId").and_then(Value::as_str).unwrap_or("?");
            let who = o
                .get("customerEmail")
                .or_else(|| o.get("customerName"))
                .and_then(Value::as_str)
                .unwrap_or("the customer");
            self.fn_log(f, format!("Notification sent to {who} for order {id}"));
        }
        Ok(Value::Null)
    }

    fn consume_orders(&mut self, f: u32, event: &Payload) -> HandlerResult {
        for r in event.records() {
            let order = body_json(r);
            let id = order
                .get("order_id")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            self.fn_log(f, format!("Processando pedido {id}"));
            self.fn_log(f, format!("Pedido {id} processado com sucesso"));
        }
        Ok(Value::Null)
    }

    fn events_put_from(
        &mut self,
        f: u32,
        bus: &str,
        source: &str,
        detail_type: &str,
        detail: Value,
    ) -> Result<(), HandlerError> {
        if self.lambda.functions[f as usize].faults.deny_permission {
            return Err(self.denied(
                f,
                "events:PutEvents",
                &crate::eventbridge::bus_arn(bus),
                "PutEvents",
            ));
        }
        let fname = self.lambda.functions[f as usize].name().to_string();
        let entry = crate::eventbridge::PutEventsEntry {
            source: Some(source.into()),
            detail_type: Some(detail_type.into()),
            detail: Some(detail),
            event_bus_name: Some(bus.into()),
            resources: vec![],
        };
        let result = self
            .put_events(vec![entry], &fname)
            .map_err(|e| Self::client_error(e, "PutEvents"))?;
        // PutEvents does not throw for a failed entry: the code must read FailedEntryCount.
        self.fn_log(
            f,
            format!(
                "PutEvents: FailedEntryCount={} Entries={}",
                result.failed_entry_count,
                Value::Array(result.entries.clone())
            ),
        );
        Ok(())
    }

    fn recebe_pedido(&mut self, f: u32, queue: &str, event: &Payload) -> HandlerResult {
        let raw = event.body().unwrap_or("");
        let Ok(pedido) = serde_json::from_str::<Value>(raw) else {
            self.fn_log(f, "Erro: corpo da requisição não é um JSON válido".into());
            return api_reply(
                400,
                json!({ "mensagem": "Corpo da requisição inválido: envie um JSON" }),
            );
        };
        let id = pedido
            .get("pedidoId")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        self.fn_log(f, format!("Pedido recebido via API: {id}"));
        self.sqs_send_from(f, queue, pedido.to_string())?;
        api_reply(
            202,
            json!({ "mensagem": "Pedido recebido para processamento", "pedidoId": id }),
        )
    }

    fn valida_pedido(
        &mut self,
        f: u32,
        bus: &str,
        source: &str,
        detail_type: &str,
        invalid_topic: Option<&str>,
        event: &Payload,
    ) -> HandlerResult {
        for r in event.records() {
            let pedido = body_json(r);
            let id = pedido
                .get("pedidoId")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let mut problems = Vec::new();
            if id.is_empty() {
                problems.push("pedidoId ausente");
            }
            if pedido
                .get("clienteId")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                problems.push("clienteId ausente");
            }
            if pedido
                .get("itens")
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty)
            {
                problems.push("itens vazio ou ausente");
            }
            if problems.is_empty() {
                self.fn_log(
                    f,
                    format!("Pedido {id} válido: publicando {detail_type} no {bus}"),
                );
                self.events_put_from(f, bus, source, detail_type, pedido)?;
            } else {
                let why = problems.join(", ");
                self.fn_log(
                    f,
                    format!("Pedido inválido ({why}): {}", python_json(&pedido)),
                );
                if let Some(topic) = invalid_topic {
                    let t = self
                        .topic_index(topic)
                        .map_err(|e| Self::client_error(e, "Publish"))?;
                    let fname = self.lambda.functions[f as usize].name().to_string();
                    self.publish(
                        t,
                        json!({ "pedido": pedido, "motivo": why }).to_string(),
                        Some(format!("Pedido inválido {id}")),
                        Default::default(),
                        &fname,
                        None,
                    );
                }
            }
        }
        Ok(Value::Null)
    }

    fn publish_order(
        &mut self,
        f: u32,
        bus: &str,
        source: &str,
        detail_type: &str,
        event: &Payload,
    ) -> HandlerResult {
        let raw = event.body().unwrap_or("");
        let Ok(mut order) = serde_json::from_str::<Value>(raw) else {
            return api_reply(400, json!({ "message": "Invalid JSON in request body" }));
        };
        if !order.is_object() || order.get("amount").and_then(Value::as_f64).is_none() {
            return api_reply(400, json!({ "message": "An order needs a numeric amount" }));
        }
        let id = match order.get("orderId").and_then(Value::as_str) {
            Some(id) => id.to_string(),
            None => {
                let id = self.kernel.ids.uuid();
                order["orderId"] = Value::String(id.clone());
                id
            }
        };
        self.events_put_from(f, bus, source, detail_type, order)?;
        self.fn_log(f, format!("Published {detail_type} for order {id}"));
        api_reply(201, json!({ "message": "Order placed", "orderId": id }))
    }

    fn high_value_worker(&mut self, f: u32, event: &Payload) -> HandlerResult {
        for r in event.records() {
            let order = body_json(r);
            let id = order
                .get("orderId")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            let amount = order.get("amount").and_then(Value::as_f64).unwrap_or(0.0);
            self.fn_log(f, format!("High-value order {id} ({}) received: starting fraud checks and priority fulfilment", fmt_num(amount)));
        }
        Ok(Value::Null)
    }

    /// `2025-05-13T19:46:17.248662Z`, as Python's isoformat() + 'Z' prints it.
    fn now_iso_micros(&self) -> String {
        let ms = self.now_iso();
        format!("{}000Z", ms.trim_end_matches('Z'))
    }
}

/// A proxy integration's answer: a status code and a JSON body.
fn api_reply(code: u16, body: Value) -> HandlerResult {
    Ok(
        json!({ "statusCode": code, "headers": { "Content-Type": "application/json" }, "body": body.to_string() }),
    )
}

/// The order status a write left (lab 004's `status`, lab 000's `statusPedido`).
fn status_of(out: &WriteOutcome) -> Option<&str> {
    out.new
        .as_ref()
        .and_then(|i| i.get("status").or_else(|| i.get("statusPedido")))
        .and_then(AttributeValue::as_str)
}

/// An SQS record's body, parsed as JSON (null when it is not JSON).
fn body_json(record: Record) -> Value {
    record
        .body()
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null)
}

/// An SQS record's order: the body, or the `detail` of an EventBridge event in it.
fn order_of_record(record: Record) -> Value {
    let body = body_json(record);
    body.get("detail").cloned().unwrap_or(body)
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// `json.dumps(value)` with Python's default separators: `{"sku": "A", "qtd": 1}`.
/// Keys keep the order they were written in where known (serde_json sorts them).
pub fn python_json(v: &Value) -> String {
    match v {
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(python_json).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), python_json(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
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
