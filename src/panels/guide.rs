//! A guided lab: the current step (what to do, why, a hint, that its check is
//! awaited, and "show me"), the progress, and every step with its mark. The steps are in the
//! lab's own language; the chrome in the learner's.

use std::rc::Rc;

use sim_core::scenario::guide::{Guide, GuideStep};
use yew::prelude::*;

use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct GuidePanelProps {
    pub guide: Rc<Guide>,
    /// Steps done, in order (sticky: a later change does not undo a step); the
    /// current step is the next one, its check not holding yet.
    pub completed: usize,
    pub lang: Lang,
    pub on_show_me: Callback<usize>,
}

fn current(props: &GuidePanelProps, i: usize, step: &GuideStep) -> Html {
    let lang = props.lang;
    let show_me = props.on_show_me.reform(move |_: MouseEvent| i);
    html! {
        <div class="guide__step" id="guide-step" data-step={(i + 1).to_string()} lang={props.guide.language.clone()}>
            <h4>{ format!("{}. {}", i + 1, step.title) }</h4>
            <p class="guide__do">{ step.task.clone() }</p>
            <p class="guide__why"><strong lang={lang.html_lang()}>{ t(lang, Key::GuideWhy) }{ ": " }</strong>{ step.why.clone() }</p>
            <details class="guide__hint"><summary lang={lang.html_lang()}>{ t(lang, Key::GuideHint) }</summary><p>{ step.hint.clone() }</p></details>
            <p class="guide__status" role="status">{ t(lang, Key::GuideWaiting) }</p>
            <button class="button button--small" id="guide-show-me" lang={lang.html_lang()} onclick={show_me} title={t(lang, Key::GuideShowMeNote)}>{ t(lang, Key::GuideShowMe) }</button>
        </div>
    }
}

#[function_component(GuidePanel)]
pub fn guide_panel(props: &GuidePanelProps) -> Html {
    let (g, lang) = (&props.guide, props.lang);
    let total = g.steps.len();
    let done = props.completed.min(total);
    let progress = t(lang, Key::GuideStepOf)
        .replace("{n}", &(done + 1).min(total).to_string())
        .replace("{total}", &total.to_string());
    html! {
        <section class="card guide" id="guide" aria-label={t(lang, Key::GuideTitle)}>
            <h3 class="guide__title">{ t(lang, Key::GuideTitle) }{ " · " }<span lang={g.language.clone()}>{ g.title.clone() }</span></h3>
            <div class="guide__progress">
                <progress max={total.to_string()} value={done.to_string()} aria-label={progress.clone()}></progress>
                <span id="guide-progress">{ if done == total { t(lang, Key::GuideFinished).to_string() } else { progress } }</span>
            </div>
            if let Some(step) = g.steps.get(done) {
                { current(props, done, step) }
            }
            <details class="guide__all">
                <summary>{ t(lang, Key::GuideAllSteps) }</summary>
                <ol lang={g.language.clone()}>
                    { for g.steps.iter().enumerate().map(|(i, s)| html! {
                        <li class={classes!((i < done).then_some("is-done"), (i == done).then_some("is-current"))} data-done={(i < done).to_string()}>
                            { if i < done { "✓ " } else { "" } }{ s.title.clone() }
                        </li>
                    }) }
                </ol>
            </details>
        </section>
    }
}
