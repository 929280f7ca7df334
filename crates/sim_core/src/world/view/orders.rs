//! A table of orders in the style of DynamoDB's "Explore items": one page of items, the
//! key first, the status in its own column, and the timeline of a selected order.

use serde_json::Value;

use crate::dynamodb::item_to_plain;
use crate::scenario::console::StatusColour;
use crate::trace::TraceEntry;
use crate::Simulation;

/// Items per page, as the DynamoDB console shows them.
pub const ORDERS_PAGE_SIZE: usize = 50;
/// Columns after the key and the status. The table scrolls sideways, as the DynamoDB
/// console's does, so every attribute a lab writes (failureReason, failedAt…) shows;
/// the bound only keeps an item with hundreds of attributes from building a huge table.
const OTHER_COLUMNS_MAX: usize = 24;

/// What to show: which table (None: the scenario's orders table), which page, and
/// which order is selected. Where the status is, and its colours, come from the
/// scenario's `Console`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrdersQuery {
    pub table: Option<String>,
    /// 0-based; clamped to the last page.
    pub page: usize,
    pub selected: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrderRow {
    /// The hash key's value.
    pub id: String,
    /// Empty when this item has no status (or the table none).
    pub status: String,
    pub colour: StatusColour,
    /// One text per column of `OrdersView::columns`.
    pub cells: Vec<String>,
    /// What happened to the order's message that its status does not say.
    pub why: Option<super::OrderWhy>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrdersView {
    pub table: String,
    /// What a policy's Resource names (seed 000: "COLE AQUI O ARN DA SUA TABELA").
    pub arn: String,
    /// The table's stream as the console's "Exports and streams" tab shows it: its
    /// view type and latest stream ARN, None when off (lab 004: "Confirm DynamoDB
    /// Streams Are Enabled" had nothing to look at, the lab 004 walk).
    pub stream: Option<(&'static str, String)>,
    pub key: String,
    pub status_attribute: Option<String>,
    pub columns: Vec<String>,
    /// Attributes past `OTHER_COLUMNS_MAX`, not shown as columns.
    pub hidden_columns: usize,
    pub rows: Vec<OrderRow>,
    /// Items in the whole table.
    pub total: usize,
    /// 0-based, after clamping.
    pub page: usize,
    pub pages: usize,
    pub selected: Option<String>,
    /// Every trace entry about the selected order, oldest first.
    pub timeline: Vec<TraceEntry>,
}

impl OrdersView {
    /// None when the scenario has no such table.
    pub fn of(sim: &Simulation, q: &OrdersQuery) -> Option<OrdersView> {
        let console = &sim.scenario().console.orders;
        let table = match q.table.as_ref().or(console.table_name.as_ref()) {
            Some(name) => sim.table(name),
            None => sim.tables().first(),
        }?;
        let total = table.len();
        let pages = total.div_ceil(ORDERS_PAGE_SIZE).max(1);
        let page = q.page.min(pages - 1);
        let items: Vec<Value> = table
            .scan()
            .skip(page * ORDERS_PAGE_SIZE)
            .take(ORDERS_PAGE_SIZE)
            .map(item_to_plain)
            .collect();
        let key = table.hash_key.clone();
        // A status column only when an item on this page has the attribute.
        let status_attribute = console
            .status_attribute
            .clone()
            .filter(|k| items.iter().any(|i| i.get(k.as_str()).is_some()));
        let mut columns = other_columns(
            &items,
            &key,
            status_attribute.as_deref(),
            &console.columns_first,
        );
        let hidden_columns = columns.len().saturating_sub(OTHER_COLUMNS_MAX);
        columns.truncate(OTHER_COLUMNS_MAX);
        let mut notes = if items.is_empty() {
            Default::default()
        } else {
            super::order_notes(sim)
        };
        let rows = items
            .iter()
            .map(|i| {
                let status = status_attribute
                    .as_deref()
                    .map(|k| cell(i.get(k)))
                    .unwrap_or_default();
                let id = cell(i.get(&key));
                OrderRow {
                    why: notes.remove(&id),
                    id,
                    colour: console.colour(&status),
                    status,
                    cells: columns.iter().map(|c| cell(i.get(c))).collect(),
                }
            })
            .collect();
        let timeline = q
            .selected
            .as_deref()
            .map(|id| super::order_timeline(sim, id))
            .unwrap_or_default();
        Some(OrdersView {
            table: table.name.clone(),
            arn: table.arn(),
            stream: table
                .stream_view_type
                .map(|v| (v.as_str(), table.stream_arn())),
            key,
            status_attribute,
            columns,
            hidden_columns,
            rows,
            total,
            page,
            pages,
            selected: q.selected.clone(),
            timeline,
        })
    }

    /// 1-based position of the page's first item (0 when the table is empty).
    pub fn first_item(&self) -> usize {
        (self.page * ORDERS_PAGE_SIZE + 1).min(self.total)
    }

    /// 1-based position of the page's last item.
    pub fn last_item(&self) -> usize {
        self.page * ORDERS_PAGE_SIZE + self.rows.len()
    }
}

/// Every attribute but the key and the status: `first` in its order (those some item
/// has), then the others by name, so the columns do not move with the first row.
fn other_columns(
    items: &[Value],
    key: &str,
    status: Option<&str>,
    first: &[String],
) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    for o in items.iter().filter_map(Value::as_object) {
        names.extend(
            o.keys()
                .filter(|k| *k != key && Some(k.as_str()) != status)
                .cloned(),
        );
    }
    let mut columns: Vec<String> = first.iter().filter(|c| names.remove(*c)).cloned().collect();
    columns.extend(names);
    columns
}

/// An attribute as a cell shows it: strings bare, anything else as JSON.
fn cell(v: Option<&Value>) -> String {
    match v {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
