use yew::prelude::*;

use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;
use crate::state::Msg;

/// Says what the last action did, or why it was refused (and that nothing changed).
#[function_component(NoticeBar)]
pub fn notice_bar() -> Html {
    let Some(ctx) = use_sim() else {
        return html! {};
    };
    let Some(n) = ctx.notice.clone().filter(|n| !n.ok) else {
        return html! {};
    };
    let dismiss = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Msg::Dismiss))
    };
    html! {
        <div class="notice notice--error" role="alert">
            <strong>{ t(ctx.lang, Key::Refused) }{ ": " }</strong>
            <span class="notice__text">{ n.text }</span>
            <button class="button button--small" onclick={dismiss}>{ t(ctx.lang, Key::Close) }</button>
        </div>
    }
}
