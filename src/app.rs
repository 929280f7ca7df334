use yew::prelude::*;

use crate::controls::header::Header;
use crate::controls::notice::NoticeBar;
use crate::controls::time::TimeControls;
use crate::diagram::view::Diagram;
use crate::driver::Driver;
use crate::forms::Actions;
use crate::i18n::{t, Key, Lang};
use crate::panels::inspector::Inspector;
use crate::state::{SimContext, SimState, DEFAULT_SCENARIO};

/// `?scenario=…&seed=…&lang=en|pt-BR`, so a link reproduces a setup.
fn url_params() -> (String, u64, Lang) {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |k: &str| params.as_ref().and_then(|p| p.get(k));
    let scenario = get("scenario").unwrap_or_else(|| DEFAULT_SCENARIO.to_string());
    let seed = get("seed").and_then(|s| s.parse().ok()).unwrap_or(1);
    let lang = get("lang")
        .map(|l| Lang::from_param(&l))
        .unwrap_or(Lang::En);
    (scenario, seed, lang)
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// Keeps the address bar in step with the setup (replaceState: no history spam).
fn write_url(scenario: &str, seed: u64, lang: Lang) {
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

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let (scenario, seed, lang) = url_params();
        SimState::new(&scenario, seed, lang, prefers_reduced_motion())
    });
    {
        let key = (state.scenario_id.clone(), state.seed, state.lang);
        use_effect_with(key, |(scenario, seed, lang)| {
            write_url(scenario, *seed, *lang)
        });
    }
    let lang = state.lang;
    // Forms start afresh for each scenario and seed.
    let state_key = format!("{}-{}", state.scenario_id, state.seed);
    html! {
        <ContextProvider<SimContext> context={state}>
            <Driver />
            <div class="app">
                <Header />
                <NoticeBar />
                <main class="layout">
                    <section id="controls" class="region region--controls" aria-labelledby="controls-heading">
                        <h2 id="controls-heading" class="region__title">{ t(lang, Key::Controls) }</h2>
                        <TimeControls />
                        <Actions key={state_key.clone()} />
                    </section>
                    <section id="diagram" class="region region--diagram" aria-labelledby="diagram-heading">
                        <h2 id="diagram-heading" class="region__title">{ t(lang, Key::Architecture) }</h2>
                        <Diagram />
                    </section>
                    <section id="panels" class="region region--panels" aria-labelledby="panels-heading">
                        <h2 id="panels-heading" class="region__title">{ t(lang, Key::Inspect) }</h2>
                        <Inspector />
                    </section>
                </main>
            </div>
        </ContextProvider<SimContext>>
    }
}
