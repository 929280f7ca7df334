//! What EventBridge "Send events" offers: the buses, the scenario's presets, the order
//! a preset names, and PutEvents' last answer.

use serde_json::{json, Value};

use crate::scenario::console::EventPreset;
use crate::Simulation;

#[derive(Clone, Debug, PartialEq)]
pub struct SendEventsView {
    pub buses: Vec<String>,
    pub presets: Vec<EventPreset>,
    /// The order a preset names: the selected one, else the newest in the orders
    /// table, else the scenario's default order id.
    pub order: String,
    pub selected_order: Option<String>,
    /// PutEvents' last answer, as JSON text.
    pub last_result: Option<String>,
}

impl SendEventsView {
    /// None when the scenario has no rules: nothing would receive the events.
    pub fn of(sim: &Simulation, selected_order: Option<String>) -> Option<SendEventsView> {
        if sim.rules().is_empty() {
            return None;
        }
        let console = &sim.scenario().console.send_events;
        let order = selected_order.clone().unwrap_or_else(|| {
            newest_order(sim).unwrap_or_else(|| console.default_order_id.clone())
        });
        let last_result = sim.put_events_results().last().map(|r| {
            let v = json!({ "FailedEntryCount": r.failed_entry_count, "Entries": r.entries });
            serde_json::to_string(&v).unwrap_or_default()
        });
        let presets = if console.presets.is_empty() {
            rule_presets(sim)
        } else {
            console.presets.clone()
        };
        Some(SendEventsView {
            buses: sim.event_buses().to_vec(),
            presets,
            order,
            selected_order,
            last_result,
        })
    }

    /// The detail the preset of this detail-type gives for an order, if there is one.
    pub fn detail_for(&self, detail_type: &str, order_id: &str) -> Option<Value> {
        self.presets
            .iter()
            .find(|p| p.detail_type == detail_type)
            .map(|p| p.detail_for(order_id))
    }
}

/// Without presets in the scenario: the source and detail-type each rule expects.
fn rule_presets(sim: &Simulation) -> Vec<EventPreset> {
    sim.rules()
        .iter()
        .filter_map(|r| {
            let p = &r.config.event_pattern;
            Some(EventPreset {
                label: None,
                event_bus_name: r.config.event_bus_name.clone(),
                source: p.get("source")?.get(0)?.as_str()?.to_string(),
                detail_type: p.get("detail-type")?.get(0)?.as_str()?.to_string(),
                detail: json!({}),
            })
        })
        .collect()
}

/// The newest item of the orders table by its created-at attribute (the highest id
/// when it has none).
fn newest_order(sim: &Simulation) -> Option<String> {
    let orders = &sim.scenario().console.orders;
    let table = match &orders.table_name {
        Some(name) => sim.table(name),
        None => sim.tables().first(),
    }?;
    let key = &table.hash_key;
    let created = orders.created_at_attribute.as_deref();
    table
        .scan()
        .filter_map(|i| {
            let id = i.get(key)?.as_str()?.to_string();
            let when = created
                .and_then(|k| i.get(k))
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            Some((when, id))
        })
        .max()
        .map(|(_, id)| id)
}
