//! The autosave slot in this browser's localStorage. Storage can be disabled (a
//! privacy setting) or full; both are answered, never thrown.

use web_sys::Storage;

/// One slot: the session last worked on.
const KEY: &str = "eventlab.session";

/// How the last autosave went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AutosaveStatus {
    /// Nothing to save yet.
    Idle,
    Saved,
    /// The browser gives the page no storage.
    Disabled,
    /// The browser refused the write: storage is full.
    Full,
}

fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved session's text, if storage works and holds one.
pub fn load() -> Option<String> {
    local_storage()?.get_item(KEY).ok().flatten()
}

pub fn save(text: &str) -> AutosaveStatus {
    let Some(storage) = local_storage() else {
        return AutosaveStatus::Disabled;
    };
    match storage.set_item(KEY, text) {
        Ok(()) => AutosaveStatus::Saved,
        Err(_) => AutosaveStatus::Full,
    }
}
