//! The address bar: `?scenario=…&seed=…&lang=en|pt-BR`, so a link reproduces a setup.

use crate::i18n::Lang;
use crate::state::UrlSetup;

/// What the address asks for: None for anything missing or unreadable.
pub fn read_setup() -> UrlSetup {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |k: &str| params.as_ref().and_then(|p| p.get(k));
    UrlSetup {
        scenario: get("scenario"),
        seed: get("seed").and_then(|s| s.trim().parse().ok()),
        lang: get("lang").map(|l| Lang::from_param(&l)),
    }
}

/// Keeps the address bar in step with the setup (replaceState: no history spam).
pub fn write_setup(scenario: &str, seed: u64, lang: Lang) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let query = format!("?scenario={scenario}&seed={seed}&lang={}", lang.param());
    // A share link's fragment stays until it has been read.
    let hash = window.location().hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let url = format!("{query}{hash}");
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    let Some(document) = window.document() else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang.html_lang());
    }
    // The tab's name in the page's language (the Portuguese walk read it in English).
    document.set_title(crate::i18n::t(lang, crate::i18n::Key::PageTitle));
}
