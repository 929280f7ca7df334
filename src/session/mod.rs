//! A session that lasts: the setup and every action the learner applied, autosaved to
//! this browser's storage, exported to and imported from a file, and put in a share
//! link. `format` is pure (tested natively); the rest talks to the browser.

pub mod autosave;
pub mod browser;
pub mod format;
pub mod share;
pub mod storage;
#[cfg(test)]
mod tests;

pub use format::{Record, Recorded, Session};
