//! Where orders go in: the scenario's API route or its first queue, and the n-th
//! generated order for the "submit N" button.

use serde_json::{json, Value};
use sim_core::lambda::Behavior;
use sim_core::{Action, ScriptStep, Simulation};

#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// Lab 004's web form.
    Form { api: String, path: String },
    /// A JSON body for `POST` (lab 000's /pedidos, lab 003's /orders).
    Json {
        api: String,
        path: String,
        template: Value,
    },
    /// No API: SendMessage straight to a queue.
    Queue { queue: String, fifo: bool },
}

pub fn entry_point(sim: &Simulation) -> Option<Entry> {
    let scenario = sim.scenario();
    if let Some(api) = scenario.apis.first() {
        let route = api.routes.first()?;
        let path = route
            .route_key
            .split_once(' ')
            .map(|x| x.1)
            .unwrap_or("/")
            .to_string();
        let behavior = scenario
            .functions
            .iter()
            .find(|f| f.function_name == route.function_name)
            .map(|f| f.behavior.clone());
        return Some(match behavior {
            Some(Behavior::CreateOrder { .. }) => Entry::Form {
                api: api.name.clone(),
                path,
            },
            Some(Behavior::RecebePedido { .. }) => Entry::Json {
                api: api.name.clone(),
                path,
                template: json!({ "pedidoId": "apiP001", "clienteId": "clienteAPI-001", "itens": [{ "item": "Produto X API", "qtd": 1 }] }),
            },
            _ => Entry::Json {
                api: api.name.clone(),
                path,
                template: json!({ "orderId": "ord-001", "customerEmail": "customer@example.com", "amount": 120, "items": [{ "sku": "SKU-1", "qty": 1 }] }),
            },
        });
    }
    let q = scenario.queues.iter().find(|q| {
        !scenario
            .queues
            .iter()
            .any(|o| o.dead_letter_queue_name() == Some(q.queue_name.as_str()))
    })?;
    Some(Entry::Queue {
        queue: q.queue_name.clone(),
        fifo: q.fifo_queue,
    })
}

/// The n-th generated order for this entry point, with a fresh id.
pub fn nth_order(entry: &Entry, n: u64) -> Value {
    match entry {
        Entry::Form { .. } => json!({
            "orderId": format!("web-{n:04}"), "customerName": format!("Customer {n}"), "product": "Wireless Headphones",
            "amount": 100 + (n % 50) * 10, "notes": "",
        }),
        Entry::Json { template, .. } => {
            let mut v = template.clone();
            if v.get("pedidoId").is_some() {
                v["pedidoId"] = json!(format!("apiP{n:03}"));
                v["clienteId"] = json!(format!("clienteAPI-{n:03}"));
            } else {
                v["orderId"] = json!(format!("ord-{n:03}"));
            }
            v
        }
        Entry::Queue { .. } => {
            json!({ "order_id": format!("PED-{n:03}"), "customer_id": format!("cliente-{}", n % 3), "total": 100 + n })
        }
    }
}

pub fn request(entry: &Entry, body: Value) -> Action {
    match entry {
        Entry::Form { api, path } | Entry::Json { api, path, .. } => Action::HttpRequest {
            api: api.clone(),
            method: "POST".into(),
            path: path.clone(),
            body: Some(body),
            headers: Default::default(),
        },
        Entry::Queue { queue, fifo } => Action::SendMessage {
            queue_name: queue.clone(),
            message_group_id: fifo.then(|| {
                format!(
                    "order-{}",
                    body.get("customer_id")
                        .and_then(Value::as_str)
                        .unwrap_or("default")
                )
            }),
            message_body: body,
            delay_seconds: None,
            message_deduplication_id: None,
            message_attributes: Default::default(),
        },
    }
}

/// `n` orders from the n-th generated one on, one every 20 ms of sim time from
/// `now_ms`, as a burst of clients would send them.
pub fn burst(entry: &Entry, first: u64, n: u64, now_ms: u64) -> Vec<ScriptStep> {
    (0..n)
        .map(|i| ScriptStep {
            at_ms: now_ms + i * 20,
            action: request(entry, nth_order(entry, first + i)),
        })
        .collect()
}
