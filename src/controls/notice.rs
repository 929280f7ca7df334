//! Says what the last action did, or why it was refused (and that nothing changed).

use yew::prelude::*;

use crate::i18n::{t, Key, Lang};
use crate::state::{Msg, Notice};

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: Option<Notice>,
    pub lang: Lang,
    pub on_action: Callback<Msg>,
}

/// Shows refusals only: a success is visible in the diagram and panels.
#[function_component(NoticeBar)]
pub fn notice_bar(props: &NoticeProps) -> Html {
    let Some(n) = props.notice.clone().filter(|n| !n.ok) else {
        return html! {};
    };
    let lang = props.lang;
    let dismiss = props.on_action.reform(|_: MouseEvent| Msg::Dismiss);
    html! {
        <div class="notice notice--error" role="alert">
            <strong>{ t(lang, Key::Refused) }{ ": " }</strong>
            <span class="notice__text">{ n.text }</span>
            <button class="button button--small" onclick={dismiss}>{ t(lang, Key::Close) }</button>
        </div>
    }
}
