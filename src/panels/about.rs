//! The scenario: its name, what it reproduces, and which lab it comes from.

use yew::prelude::*;

use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct AboutProps {
    pub name: String,
    pub description: String,
    pub lab: String,
    pub lang: Lang,
}

#[function_component(AboutPanel)]
pub fn about_panel(props: &AboutProps) -> Html {
    html! {
        <div class="about">
            <h3>{ props.name.clone() }</h3>
            <p class="muted">{ t(props.lang, Key::ScenarioNotes) }</p>
            // The scenario files' notes are written in English: marked so.
            <p lang="en">{ props.description.clone() }</p>
            <p class="muted">{ format!("{}: {}", t(props.lang, Key::Lab), props.lab) }</p>
        </div>
    }
}
