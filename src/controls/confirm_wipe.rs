//! Asks before a reset or a setup change wipes the actions the learner applied: shown
//! next to the control that asked, with "start over" (or "open it", naming what opens)
//! and "keep my session".

use yew::prelude::*;

use crate::i18n::{plural, t, Key, Lang, Plural};
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct ConfirmWipeProps {
    /// How many actions would be lost.
    pub actions: u64,
    /// What opens in place of the session (a scenario or template), or None for a reset.
    pub opening: Option<String>,
    pub lang: Lang,
    pub on_action: Callback<Msg>,
}

#[function_component(ConfirmWipe)]
pub fn confirm_wipe(props: &ConfirmWipeProps) -> Html {
    let lang = props.lang;
    // Asked from a panel further down (a pipe's "open the fixed architecture"), the
    // question would be off screen: bring it where the learner looks.
    use_effect_with((), |_| crate::dom::bring_into_view("confirm-wipe"));
    let confirm = props.on_action.reform(|_: MouseEvent| Msg::ConfirmWipe);
    let cancel = props.on_action.reform(|_: MouseEvent| Msg::CancelWipe);
    // The lab's name, as the picker shows it (it said "Abrir lab004-orders?"); read
    // once, not every frame the question stays up.
    let opening = use_memo((props.opening.clone(), lang), |(opening, lang)| {
        opening
            .as_deref()
            .map(|id| crate::controls::header::display_name(id, *lang))
    });
    let (question, yes) = match opening.as_ref() {
        None => (
            plural(lang, Plural::WipeWarning, props.actions),
            t(lang, Key::WipeConfirm),
        ),
        Some(what) => (
            plural(lang, Plural::OpenWarning, props.actions).replace("{what}", what),
            t(lang, Key::OpenConfirm),
        ),
    };
    html! {
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-wipe-text" id="confirm-wipe">
            <p id="confirm-wipe-text">{ question }</p>
            <div class="buttons">
                <button id="confirm-wipe-yes" class="button button--danger button--small" onclick={confirm}>{ yes }</button>
                <button id="confirm-wipe-no" class="button button--small" onclick={cancel}>{ t(lang, Key::WipeCancel) }</button>
            </div>
        </div>
    }
}
