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
    /// The scenario and seed a pending load would open: the pickers show them while the
    /// question is up (a typed name vanished from its field until "Open" was pressed).
    pub asked: Option<(String, u64)>,
    pub on_action: Callback<Msg>,
}

/// A built-in scenario as the picker shows it: id, display name, and the lab's
/// placeholder for the learner's name when it takes one (lab 000's `seu-nome`).
struct Choice {
    id: String,
    name: String,
    name_placeholder: Option<String>,
}

/// The name the picker shows for a scenario id (`lab004-orders`), with the learner's
/// name after it for `ID@NAME` ("Lab 000 … (ana)"); any other text (a template's file
/// name) as it is.
pub fn display_name(id: &str, lang: Lang) -> String {
    let (base, name) = sim_core::scenario::suffix::split_id(id);
    match sim_core::scenario::builtin(base).and_then(Result::ok) {
        Some(s) => match name {
            Some(name) => format!("{} ({name})", s.name_in(lang.param())),
            None => s.name_in(lang.param()).to_string(),
        },
        None => id.to_string(),
    }
}

/// Each built-in scenario, in the picker's order.
fn scenario_names(lang: Lang) -> Vec<Choice> {
    scenario_ids()
        .into_iter()
        .map(|id| {
            let s = sim_core::scenario::builtin(id).and_then(Result::ok);
            Choice {
                id: id.to_string(),
                name: s
                    .as_ref()
                    .map_or_else(|| id.to_string(), |s| s.name_in(lang.param()).to_string()),
                name_placeholder: s.and_then(|s| s.console.name_suffix),
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct NameFieldProps {
    base: String,
    name: String,
    placeholder: String,
    seed: u64,
    lang: Lang,
    on_action: Callback<Msg>,
}

/// "Your name": replaces the lab's `-seu-nome` on every resource (the scenario reopens
/// as `ID@NAME`); a name a bucket could not take is refused under the field.
#[function_component(NameField)]
fn name_field(props: &NameFieldProps) -> Html {
    let error = use_state(|| None::<String>);
    // A refused name stays in the field, so the learner sees what to change.
    let refused = use_state(|| None::<String>);
    let onchange = {
        let (p, error, refused) = (
            (props.base.clone(), props.seed, props.on_action.clone()),
            error.clone(),
            refused.clone(),
        );
        let lang = props.lang;
        Callback::from(move |e: Event| {
            let name = event_value(&e).trim().to_string();
            let check = sim_core::scenario::suffix::check_name(&name);
            if !name.is_empty() && check.is_err() {
                error.set(Some(t(lang, Key::YourNameInvalid).to_string()));
                refused.set(Some(name));
                return;
            }
            error.set(None);
            refused.set(None);
            let scenario_id = if name.is_empty() {
                p.0.clone()
            } else {
                format!("{}{}{name}", p.0, sim_core::scenario::suffix::SEPARATOR)
            };
            p.2.emit(Msg::Load {
                scenario_id,
                seed: p.1,
            });
        })
    };
    html! {
        <label class="field field--inline field--name" title={t(props.lang, Key::YourNameHint).replace("{placeholder}", &props.placeholder)}>
            <span>{ t(props.lang, Key::YourName) }</span>
            <input id="name-suffix" class="narrow" value={(*refused).clone().unwrap_or_else(|| props.name.clone())} placeholder={props.placeholder.clone()} {onchange}
                aria-invalid={error.is_some().to_string()} maxlength="20" />
            if let Some(e) = &*error { <span class="field__error" role="alert">{ e.clone() }</span> }
        </label>
    }
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    // Parsed once: parsing every scenario on each render would be wasted work.
    let lang = props.lang;
    let names = use_memo(lang, |lang| scenario_names(*lang));
    let on_scenario = {
        let seed = props.seed;
        props.on_action.reform(move |e: Event| Msg::Load {
            scenario_id: event_value(&e),
            seed,
        })
    };
    // A seed that is not a whole number from 0 up is said under the field, and the
    // world keeps its seed (the walk typed -1 and saw nothing happen).
    let picker_key = format!("{}-{}-{}", props.scenario_id, props.seed, props.asking);
    // Kept with the world it was refused in: any load after it clears it.
    let seed_refused_in = use_state(|| None::<String>);
    let on_seed = {
        let (on_action, scenario_id) = (props.on_action.clone(), props.scenario_id.clone());
        let (seed_refused_in, key) = (seed_refused_in.clone(), picker_key.clone());
        Callback::from(
            move |e: Event| match event_value(&e).trim().parse::<u64>() {
                Ok(seed) => {
                    seed_refused_in.set(None);
                    on_action.emit(Msg::Load {
                        scenario_id: scenario_id.clone(),
                        seed,
                    });
                }
                Err(_) => seed_refused_in.set(Some(key.clone())),
            },
        )
    };
    let seed_refused = seed_refused_in.as_deref() == Some(picker_key.as_str());
    let (shown_id, shown_seed) = match &props.asked {
        Some((id, seed)) => (id.as_str(), *seed),
        None => (props.scenario_id.as_str(), props.seed),
    };
    let (base, name) = sim_core::scenario::suffix::split_id(shown_id);
    let placeholder = names
        .iter()
        .find(|c| c.id == base)
        .and_then(|c| c.name_placeholder.clone());
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
                        { for names.iter().map(|c| html! {
                            <option value={c.id.clone()} selected={c.id == base}>{ c.name.clone() }</option>
                        }) }
                        if let Some(file) = &props.template {
                            <option value={TEMPLATE_ID} selected={shown_id == TEMPLATE_ID}>{ format!("{}: {file}", t(lang, Key::TemplateOption)) }</option>
                        }
                    </select>
                </label>
                if let Some(placeholder) = placeholder {
                    <NameField key={picker_key.clone()} base={base.to_string()} name={name.unwrap_or_default().to_string()} {placeholder}
                        seed={props.seed} {lang} on_action={props.on_action.clone()} />
                }
                <label class="field field--inline field--seed">
                    <span>{ t(lang, Key::Seed) }</span>
                    <input id="seed" key={picker_key} type="number" min="0" value={shown_seed.to_string()} onchange={on_seed}
                        aria-invalid={seed_refused.to_string()} />
                    if seed_refused {
                        <span id="seed-error" class="field__error" role="alert">{ t(lang, Key::SeedInvalid).replace("{seed}", &props.seed.to_string()) }</span>
                    }
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
