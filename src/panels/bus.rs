//! An EventBridge bus: its ARN and its rules.

use sim_core::view::BusView;
use yew::prelude::*;

use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct BusPanelProps {
    pub view: BusView,
    pub lang: Lang,
}

#[function_component(BusPanel)]
pub fn bus_panel(props: &BusPanelProps) -> Html {
    let v = &props.view;
    html! {
        <div class="resource">
            <p class="muted">{ v.arn.clone() }</p>
            <ul class="plain">
                { for v.rules.iter().map(|(n, p)| html! { <li><strong>{ n.clone() }</strong>{ " " }<code>{ p.to_string() }</code></li> }) }
            </ul>
            <p class="note">{ t(props.lang, Key::BusHint) }</p>
        </div>
    }
}
