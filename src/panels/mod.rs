//! The panels under the diagram: the inspector's tabs and what they show.

pub mod function;
pub mod inspector;
pub mod json_view;
pub mod orders;
pub mod queue;
pub mod rule;
pub mod trace;
