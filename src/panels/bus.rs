//! An EventBridge bus: its ARN and its rules.

use yew::prelude::*;

use super::rule::NameProps;
use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;

#[function_component(BusPanel)]
pub fn bus_panel(props: &NameProps) -> Html {
    let Some(ctx) = use_sim() else {
        return html! {};
    };
    let sim = ctx.sim.borrow();
    let rules: Vec<_> = sim
        .rules()
        .iter()
        .filter(|r| r.config.event_bus_name == props.name)
        .map(|r| (r.config.name.clone(), r.config.event_pattern.clone()))
        .collect();
    html! {
        <div class="resource">
            <p class="muted">{ sim_core::eventbridge::bus_arn(&props.name) }</p>
            <ul class="plain">
                { for rules.iter().map(|(n, p)| html! { <li><strong>{ n.clone() }</strong>{ " " }<code>{ p.to_string() }</code></li> }) }
            </ul>
            <p class="note">{ t(ctx.lang, Key::BusHint) }</p>
        </div>
    }
}
