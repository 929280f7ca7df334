//! What the Send events form shows, read from the world: the buses, the presets the
//! scenario's rules expect, the order a preset refers to, and PutEvents' last answer.

use serde_json::json;
use sim_core::Simulation;

/// A preset: the bus, source and detail-type a rule expects.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    pub event_bus_name: String,
    pub source: String,
    pub detail_type: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SendEventsView {
    pub buses: Vec<String>,
    pub presets: Vec<Preset>,
    /// The order a preset refers to: the selected one, else the newest in the first
    /// table, else the lab's first order id.
    pub order: String,
    pub selected_order: Option<String>,
    /// PutEvents' last answer, as JSON text.
    pub last_result: Option<String>,
}

impl SendEventsView {
    /// None when the scenario has no rules (nothing to send events to).
    pub fn of(sim: &Simulation, selected_order: Option<String>) -> Option<SendEventsView> {
        if sim.rules().is_empty() {
            return None;
        }
        let order = selected_order
            .clone()
            .unwrap_or_else(|| newest_order(sim).unwrap_or_else(|| first_order_id(sim)));
        let last_result = sim.put_events_results().last().map(|r| {
            let v = json!({ "FailedEntryCount": r.failed_entry_count, "Entries": r.entries });
            serde_json::to_string(&v).unwrap_or_default()
        });
        Some(SendEventsView {
            buses: sim.event_buses().to_vec(),
            presets: presets(sim),
            order,
            selected_order,
            last_result,
        })
    }
}

/// Presets from the scenario's rules: the source and detail-type each rule expects.
fn presets(sim: &Simulation) -> Vec<Preset> {
    sim.rules()
        .iter()
        .filter_map(|r| {
            let p = &r.config.event_pattern;
            let source = p.get("source")?.get(0)?.as_str()?.to_string();
            let detail_type = p.get("detail-type")?.get(0)?.as_str()?.to_string();
            Some(Preset {
                event_bus_name: r.config.event_bus_name.clone(),
                source,
                detail_type,
            })
        })
        .filter(|p| p.detail_type != "NovoPedido")
        .collect()
}

/// The id the lab's first order has: lab 000's apiP001, or ord-001.
fn first_order_id(sim: &Simulation) -> String {
    let pedidos = sim
        .tables()
        .first()
        .is_some_and(|t| t.hash_key == "pedidoId");
    if pedidos {
        "apiP001".into()
    } else {
        "ord-001".into()
    }
}

fn newest_order(sim: &Simulation) -> Option<String> {
    let table = sim.tables().first()?;
    let key = table.hash_key.clone();
    let newest = table
        .scan()
        .filter_map(|i| {
            let id = i.get(&key)?.as_str()?.to_string();
            let when = ["timestampCriacaoEvento", "createdAt"]
                .iter()
                .find_map(|k| i.get(*k).and_then(|v| v.as_str()).map(str::to_string))
                .unwrap_or_default();
            Some((when, id))
        })
        .max();
    newest.map(|(_, id)| id)
}
