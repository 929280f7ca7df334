use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};
use crate::sim_provider::use_sim;
use crate::state::{scenario_ids, Msg};

#[function_component(Header)]
pub fn header() -> Html {
    let ctx = use_sim();
    // Parsed once: the header re-renders on every frame while the simulation plays.
    let names = use_memo((), |_| {
        scenario_ids()
            .into_iter()
            .map(|id| {
                let name = sim_core::scenario::builtin(id)
                    .and_then(Result::ok)
                    .map(|s| s.name)
                    .unwrap_or_else(|| id.to_string());
                (id.to_string(), name)
            })
            .collect::<Vec<(String, String)>>()
    });
    let Some(ctx) = ctx else {
        return html! {};
    };
    let lang = ctx.lang;
    let on_scenario = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            ctx.dispatch(Msg::Load {
                scenario_id: event_value(&e),
                seed: ctx.seed,
            })
        })
    };
    let on_seed = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            if let Ok(seed) = event_value(&e).trim().parse::<u64>() {
                ctx.dispatch(Msg::Load {
                    scenario_id: ctx.scenario_id.clone(),
                    seed,
                });
            }
        })
    };
    let on_lang = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            ctx.dispatch(Msg::SetLang(Lang::from_param(&event_value(&e))))
        })
    };
    html! {
        <header class="header">
            <div class="header__brand">
                <h1 class="header__title">{ "EventLab" }</h1>
                <p class="header__tagline">{ t(lang, Key::Tagline) }</p>
            </div>
            <div class="header__setup">
                <label class="field field--inline">
                    <span>{ t(lang, Key::Scenario) }</span>
                    <select id="scenario-picker" onchange={on_scenario}>
                        { for names.iter().map(|(id, name)| html! {
                            <option value={id.clone()} selected={*id == ctx.scenario_id}>{ name.clone() }</option>
                        }) }
                    </select>
                </label>
                <label class="field field--inline field--seed">
                    <span>{ t(lang, Key::Seed) }</span>
                    <input id="seed" type="number" min="0" value={ctx.seed.to_string()} onchange={on_seed} />
                </label>
                <label class="field field--inline">
                    <span>{ t(lang, Key::Language) }</span>
                    <select id="language" onchange={on_lang}>
                        <option value="en" selected={lang == Lang::En}>{ "English" }</option>
                        <option value="pt-BR" selected={lang == Lang::Pt}>{ "Português (Brasil)" }</option>
                    </select>
                </label>
            </div>
        </header>
    }
}
