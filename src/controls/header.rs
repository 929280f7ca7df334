//! The header: the product's name and purpose, the setup (scenario, seed, language),
//! and the way into presenter mode.

use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};
use crate::state::template::TEMPLATE_ID;
use crate::state::{scenario_ids, Msg};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub scenario_id: String,
    /// The loaded CloudFormation template's file name, offered in the picker.
    pub template: Option<String>,
    pub seed: u64,
    pub lang: Lang,
    /// Whether a setup change waits for the learner's answer: the pickers show the
    /// setup in force until then (re-created, so a cancelled choice is undone).
    pub asking: bool,
    pub on_action: Callback<Msg>,
}

/// Each built-in scenario's id and display name, in the picker's order.
fn scenario_names() -> Vec<(String, String)> {
    scenario_ids()
        .into_iter()
        .map(|id| {
            let name = sim_core::scenario::builtin(id)
                .and_then(Result::ok)
                .map(|s| s.name)
                .unwrap_or_else(|| id.to_string());
            (id.to_string(), name)
        })
        .collect()
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    // Parsed once: parsing every scenario on each render would be wasted work.
    let names = use_memo((), |_| scenario_names());
    let lang = props.lang;
    let on_scenario = {
        let seed = props.seed;
        props.on_action.reform(move |e: Event| Msg::Load {
            scenario_id: event_value(&e),
            seed,
        })
    };
    let on_seed = {
        let (on_action, scenario_id) = (props.on_action.clone(), props.scenario_id.clone());
        Callback::from(move |e: Event| {
            if let Ok(seed) = event_value(&e).trim().parse::<u64>() {
                on_action.emit(Msg::Load {
                    scenario_id: scenario_id.clone(),
                    seed,
                });
            }
        })
    };
    let picker_key = format!("{}-{}-{}", props.scenario_id, props.seed, props.asking);
    let presenter = props
        .on_action
        .reform(|_: MouseEvent| Msg::SetPresenter(true));
    let on_lang = props
        .on_action
        .reform(|e: Event| Msg::SetLang(Lang::from_param(&event_value(&e))));
    html! {
        <header class="header">
            <div class="header__brand">
                <h1 class="header__title">{ "EventLab" }</h1>
                <p class="header__tagline">{ t(lang, Key::Tagline) }</p>
            </div>
            <div class="header__setup">
                <label class="field field--inline">
                    <span>{ t(lang, Key::Scenario) }</span>
                    <select id="scenario-picker" key={picker_key.clone()} onchange={on_scenario}>
                        { for names.iter().map(|(id, name)| html! {
                            <option value={id.clone()} selected={*id == props.scenario_id}>{ name.clone() }</option>
                        }) }
                        if let Some(file) = &props.template {
                            <option value={TEMPLATE_ID} selected={props.scenario_id == TEMPLATE_ID}>{ format!("{}: {file}", t(lang, Key::TemplateOption)) }</option>
                        }
                    </select>
                </label>
                <label class="field field--inline field--seed">
                    <span>{ t(lang, Key::Seed) }</span>
                    <input id="seed" key={picker_key} type="number" min="0" value={props.seed.to_string()} onchange={on_seed} />
                </label>
                <label class="field field--inline">
                    <span>{ t(lang, Key::Language) }</span>
                    <select id="language" onchange={on_lang}>
                        <option value="en" selected={lang == Lang::En}>{ "English" }</option>
                        <option value="pt-BR" selected={lang == Lang::Pt}>{ "Português (Brasil)" }</option>
                    </select>
                </label>
                <button id="presenter-open" class="button button--small" onclick={presenter} title={t(lang, Key::PresenterHint)}>
                    { t(lang, Key::PresenterMode) }{ " " }<kbd translate="no">{ "P" }</kbd>
                </button>
            </div>
        </header>
    }
}
