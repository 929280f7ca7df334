//! Read-only views of a simulation for the UI, the command line and reports: owned
//! values built on demand from the world's public getters, so whoever shows one holds
//! no borrow of the world. Each builder reads one resource, so a caller builds only
//! what is on screen.

mod alarm;
mod api;
mod bucket;
mod clock;
mod entry;
mod events;
mod function;
mod getters;
mod guide;
mod node;
mod orders;
mod queue;
mod rule;
mod test_event;
mod topology;
mod trace;
mod why;

/// Which order a JSON body is about, as the trace reads it.
pub use crate::world::order_id::{order_id_in, order_id_in_body};
pub use alarm::{AlarmView, AlarmsView, MetricChartView, MetricChoice, CHART_MINUTES};
pub use api::{ApiView, ExchangeView, InboxView, PipeView};
pub use bucket::{BucketView, NotificationRow, ObjectRow};
pub use clock::Clock;
pub use entry::{order_already_in_table, EntryTarget, EntryView, BATCH_FORM_ENTRIES};
pub use events::SendEventsView;
pub use function::{FunctionView, LogLine, PolicyView, RoleView, SqsTriggerTimes, LOG_LINES_SHOWN};
pub use guide::{check_holds, GuideView};
pub use node::{MessageChip, NodeStats, MESSAGE_CHIPS_MAX};
pub use orders::{OrderRow, OrdersQuery, OrdersView, ORDERS_PAGE_SIZE};
pub use queue::{MessageStatus, MessageView, PollView, PolledMessage, QueueView, MESSAGES_SHOWN};
pub use rule::{sample_event, BusView, RuleView, TargetView};
pub use test_event::sample_test_event;
pub use topology::{Link, Resource, ResourceKind, Topology};
pub use trace::{order_timeline, TraceCategory, TraceView};
pub use why::{order_note, order_notes, OrderWhy};
