//! The SNS e-mail subscriptions' inbox, newest first.

use yew::prelude::*;

use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;

#[function_component(Inbox)]
pub fn inbox() -> Html {
    let Some(ctx) = use_sim() else {
        return html! {};
    };
    let sim = ctx.sim.borrow();
    let mails: Vec<_> = sim.inbox().cloned().collect();
    if mails.is_empty() {
        return html! { <p class="muted">{ t(ctx.lang, Key::NoEmail) }</p> };
    }
    html! {
        <ul class="inbox">
            { for mails.iter().rev().map(|m| html! {
                <li class="mail">
                    <div class="mail__head"><strong>{ m.subject.clone() }</strong><span class="muted">{ format!(" → {} · {}", m.to, sim_core::time::human_ms(m.at_ms)) }</span></div>
                    { super::json_view::body_html(&m.body) }
                </li>
            }) }
        </ul>
    }
}
