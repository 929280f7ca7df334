//! The page's controls: scenario, seed and language; time; the refusal notice.

pub mod header;
pub mod notice;
pub mod time;
