pub mod actions;
pub mod diagram;
pub mod function_panel;
pub mod header;
pub mod inspector;
pub mod json_view;
pub mod notice;
pub mod orders;
pub mod queue_panel;
pub mod rule_panel;
pub mod time_controls;
pub mod trace_panel;

use yew::prelude::*;

use crate::state::SimContext;

/// The simulation's context. App always provides it; components render nothing
/// rather than panic if they are ever used outside it.
#[hook]
pub fn use_sim() -> Option<SimContext> {
    use_context::<SimContext>()
}

/// The value of the input, select or textarea an event came from.
pub fn event_value(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    if let Some(t) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return t.value();
    }
    String::new()
}
