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

/// What the last action did, next to the control that applied it: a refusal (and
/// that nothing changed), or what a success needs to be seen (time is paused).
pub fn inline_notice(notice: &Option<Notice>, actions: &[&str], lang: Lang) -> Html {
    let Some(n) = notice.as_ref().filter(|n| n.concerns(actions)) else {
        return html! {};
    };
    if n.ok {
        return html! { <p class="note note--state inline-notice" role="status">{ n.text.clone() }</p> };
    }
    html! {
        <p class="field__error inline-notice" role="alert">
            <strong>{ t(lang, Key::Refused) }{ ": " }</strong>{ n.text.clone() }
        </p>
    }
}

/// Refusals no control applied (a damaged link, a replay that differs), at the top.
#[function_component(NoticeBar)]
pub fn notice_bar(props: &NoticeProps) -> Html {
    let Some(n) = props.notice.clone().filter(|n| !n.ok && n.action.is_none()) else {
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
