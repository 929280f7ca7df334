//! Where the learner's orders go in: the scenario's first API route, or (without an
//! API) its first queue that is not a DLQ; and, from the scenario's `Console`, how an
//! order is typed and what "submit N" generates.

use serde_json::Value;

use crate::scenario::console::{OrderEntry, OrderForm};
use crate::{Action, ScriptStep, Simulation};

/// Sim time between two orders of a burst, as a crowd of clients would send them.
const BURST_GAP_MS: u64 = 20;

/// Entries the batch form starts with: the SQS guide's producer sends five.
pub const BATCH_FORM_ENTRIES: u64 = 5;

#[derive(Clone, Debug, PartialEq)]
pub enum EntryTarget {
    /// `POST` to this API's path.
    Api { api: String, path: String },
    /// SendMessage to this queue; a FIFO queue's form also takes the message group and
    /// deduplication ids, as the SQS console's does.
    Queue {
        queue: String,
        fifo: bool,
        content_based_deduplication: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct EntryView {
    pub target: EntryTarget,
    pub entry: OrderEntry,
}

/// The order id in a body the learner typed and the orders table that already holds
/// an item with it as its key: sending it again runs it through the pipeline again, and
/// its functions may write over that item (the walk of session 35 resent lab 000's
/// apiP001 at step 7 and saw its earlier changes undone).
pub fn order_already_in_table(sim: &Simulation, body: &Value) -> Option<(String, String)> {
    let id = crate::world::order_id::order_id_in_body(body)?;
    // The table the Orders tab shows: the console's, else the first.
    let table = match sim.scenario().console.orders.table_name.as_deref() {
        Some(name) => sim.table(name),
        None => sim.tables().first(),
    }?;
    let key = crate::dynamodb::Item::from([(
        table.hash_key.clone(),
        crate::dynamodb::AttributeValue::S(id.clone()),
    )]);
    let found = table.range_key.is_none() && matches!(table.get(&key), Ok(Some(_)));
    found.then(|| (id, table.name.clone()))
}

impl EntryView {
    /// None when the scenario has neither an API route nor a queue.
    pub fn of(sim: &Simulation) -> Option<EntryView> {
        let scenario = sim.scenario();
        let target = match scenario.apis.first() {
            Some(api) => {
                let route = api.routes.first()?;
                let path = route.route_key.split_once(' ').map_or("/", |x| x.1);
                EntryTarget::Api {
                    api: api.name.clone(),
                    path: path.to_string(),
                }
            }
            None => {
                let q = scenario.entry_queue()?;
                // As the queue is now (SetQueueAttributes may have changed it).
                let content_based = sim
                    .queues()
                    .iter()
                    .find(|live| live.name() == q.queue_name)
                    .map_or(q.content_based_deduplication, |live| {
                        live.settings.content_based_deduplication
                    });
                EntryTarget::Queue {
                    queue: q.queue_name.clone(),
                    fifo: q.fifo_queue,
                    content_based_deduplication: content_based,
                }
            }
        };
        Some(EntryView {
            target,
            entry: scenario.console.order_entry.clone(),
        })
    }

    /// The web form, when the scenario has one in front of its API.
    pub fn form(&self) -> Option<&OrderForm> {
        match self.target {
            EntryTarget::Api { .. } => self.entry.form.as_ref(),
            EntryTarget::Queue { .. } => None,
        }
    }

    /// What the JSON editor starts with: the template, else the first generated order.
    pub fn first_body(&self) -> Value {
        self.entry
            .template
            .clone()
            .unwrap_or_else(|| self.entry.nth_order(1))
    }

    /// The action that submits one order with this body.
    pub fn request(&self, body: Value) -> Action {
        self.request_with(body, None, None)
    }

    /// The MessageGroupId an order with this body goes in when the learner types none
    /// (FIFO queues only): the scenario's rule, else "default".
    pub fn default_group_id(&self, body: &Value) -> Option<String> {
        match &self.target {
            EntryTarget::Queue { fifo: true, .. } => Some(match &self.entry.message_group {
                Some(g) => g.for_body(body),
                None => "default".to_string(),
            }),
            _ => None,
        }
    }

    /// `request` with the FIFO ids the learner typed: a group id in place of the
    /// scenario's rule, and a deduplication id (none: content-based, when the queue
    /// has it). Ignored for an API or a standard queue. A body given as a JSON string
    /// is sent as typed, as the console and curl send it (its MD5 and content-based
    /// deduplication id are the typed text's); the group rule reads it parsed.
    pub fn request_with(
        &self,
        body: Value,
        group_id: Option<String>,
        deduplication_id: Option<String>,
    ) -> Action {
        let parsed;
        let for_group = match &body {
            Value::String(text) => {
                parsed = serde_json::from_str(text).unwrap_or(Value::Null);
                &parsed
            }
            other => other,
        };
        let default_group = self.default_group_id(for_group);
        match &self.target {
            EntryTarget::Api { api, path } => Action::HttpRequest {
                api: api.clone(),
                method: "POST".into(),
                path: path.clone(),
                body: Some(body),
                headers: Default::default(),
            },
            EntryTarget::Queue { queue, fifo, .. } => Action::SendMessage {
                queue_name: queue.clone(),
                message_group_id: group_id.filter(|_| *fifo).or(default_group),
                message_body: body,
                delay_seconds: None,
                message_deduplication_id: deduplication_id.filter(|_| *fifo),
                message_attributes: Default::default(),
            },
        }
    }

    /// The `Entries` of a SendMessageBatch of `n` generated orders from the `first`-th
    /// on, as boto3's `send_message_batch` takes them: each body as `json.dumps(order)`
    /// writes it, a FIFO queue's entries with their message group, and a deduplication
    /// id when the queue has no content-based deduplication. None for an API.
    pub fn batch_entries(&self, first: u64, n: u64) -> Option<Value> {
        let EntryTarget::Queue {
            fifo,
            content_based_deduplication,
            ..
        } = &self.target
        else {
            return None;
        };
        let entry = |i: u64| {
            let order = self.entry.nth_order(first + i);
            let mut e = serde_json::Map::new();
            e.insert("Id".into(), i.to_string().into());
            e.insert(
                "MessageBody".into(),
                crate::labs::json_dumps::dumps(&order).into(),
            );
            if let Some(group) = self.default_group_id(&order) {
                e.insert("MessageGroupId".into(), group.into());
            }
            if *fifo && !content_based_deduplication {
                e.insert(
                    "MessageDeduplicationId".into(),
                    format!("order-{}", first + i).into(),
                );
            }
            Value::Object(e)
        };
        Some(Value::Array((0..n).map(entry).collect()))
    }

    /// `n` generated orders from the `first`-th on, spread over sim time from `now_ms`.
    pub fn burst(&self, first: u64, n: u64, now_ms: u64) -> Vec<ScriptStep> {
        (0..n)
            .map(|i| ScriptStep {
                at_ms: now_ms + i * BURST_GAP_MS,
                action: self.request(self.entry.nth_order(first + i)),
            })
            .collect()
    }
}
