//! Pure panels: each file owns its Props (`view`: a read-only view from
//! `sim_core::view`, `on_action`: the intents it emits) and its markup. A panel never
//! reads the world; the inspector's containers build its view.

pub mod about;
pub mod alarm;
pub mod alarms;
pub mod api;
pub mod bucket;
pub mod bus;
pub mod chart;
pub mod function;
pub mod function_slow;
pub mod function_test;
pub mod function_timeout;
pub mod guide;
pub mod inbox;
pub mod json_view;
pub mod orders;
pub mod pipe;
pub mod queue;
pub mod role;
pub mod rule;
pub mod stream_trigger;
pub mod trace;
pub mod why;
