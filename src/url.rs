//! The address bar: `?scenario=…&seed=…&lang=en|pt-BR`, so a link reproduces a setup.

use crate::i18n::Lang;
use crate::state::default_scenario;

/// The setup the address asks for; defaults for anything missing or unreadable.
pub fn read_setup() -> (String, u64, Lang) {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |k: &str| params.as_ref().and_then(|p| p.get(k));
    let scenario = get("scenario").unwrap_or_else(|| default_scenario().to_string());
    let seed = get("seed").and_then(|s| s.parse().ok()).unwrap_or(1);
    let lang = get("lang")
        .map(|l| Lang::from_param(&l))
        .unwrap_or(Lang::En);
    (scenario, seed, lang)
}

/// Keeps the address bar in step with the setup (replaceState: no history spam).
pub fn write_setup(scenario: &str, seed: u64, lang: Lang) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let query = format!("?scenario={scenario}&seed={seed}&lang={}", lang.param());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&query));
    }
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.html_lang());
    }
}
