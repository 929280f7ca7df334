//! The architecture diagram: its layout from the scenario, and its view.

pub mod layout;
pub mod view;
