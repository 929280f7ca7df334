//! The page's controls: scenario, seed and language; time; the refusal notice; the
//! session (autosave, export, import, share link) and the question before wiping it.

pub mod confirm_wipe;
pub mod guide;
pub mod header;
pub mod moment;
pub mod notice;
pub mod presenter;
pub mod session;
pub mod template;
pub mod time;
pub mod timeline;
