//! The panels under the diagram: the inspector's tabs and what they show.

pub mod api;
pub mod bus;
pub mod function;
pub mod inbox;
pub mod inspector;
pub mod json_view;
pub mod orders;
pub mod pipe;
pub mod queue;
pub mod rule;
pub mod trace;
