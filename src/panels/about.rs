//! The scenario: its name, what it reproduces, and which lab it comes from.

use yew::prelude::*;

use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct AboutProps {
    pub name: String,
    pub description: String,
    /// The language tag the description is written in.
    pub description_lang: String,
    /// The lab's own title (none for lab 004's notes, nor for a file of one's own).
    pub lab: String,
    pub lang: Lang,
}

#[function_component(AboutPanel)]
pub fn about_panel(props: &AboutProps) -> Html {
    html! {
        <div class="about">
            <h3>{ props.name.clone() }</h3>
            <p class="muted">{ t(props.lang, if props.description_lang == "en" { Key::ScenarioNotes } else { Key::ScenarioNotesTranslated }) }</p>
            // The scenario files' notes are written in English unless translated: marked so.
            // A blank line in the scenario's description starts a paragraph (lab 000's
            // notes read as one wall of text).
            <div lang={props.description_lang.clone()}>
                { for props.description.replace("\r\n", "\n").split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| html! { <p>{ p.to_string() }</p> }) }
            </div>
            if !props.lab.is_empty() {
                <p class="muted" id="about-lab">{ format!("{}: {}", t(props.lang, Key::Lab), props.lab) }</p>
            }
        </div>
    }
}
