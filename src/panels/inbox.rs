//! The SNS e-mail subscriptions' inbox, newest first.

use sim_core::view::InboxView;
use yew::prelude::*;

use super::json_view::body_html;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct InboxProps {
    pub view: InboxView,
    pub lang: Lang,
}

#[function_component(InboxPanel)]
pub fn inbox_panel(props: &InboxProps) -> Html {
    let mails = &props.view.emails;
    if mails.is_empty() {
        return html! { <p class="muted">{ t(props.lang, Key::NoEmail) }</p> };
    }
    html! {
        <ul class="inbox">
            { for mails.iter().map(|m| html! {
                <li class="mail">
                    <div class="mail__head"><strong>{ m.subject.clone() }</strong><span class="muted">{ format!(" → {} · {}", m.to, crate::i18n::when(props.lang, m.at_ms)) }</span></div>
                    { body_html(&m.body) }
                </li>
            }) }
        </ul>
    }
}
