//! A guided lab: the current step (what to do, why, a hint, that its check is
//! awaited, and "show me"), the progress, and every step with its mark. The steps are in the
//! learner's language when the scenario translates them, else in the lab's own; the chrome
//! is in the learner's.

use std::collections::BTreeMap;
use std::rc::Rc;

use sim_core::scenario::guide::Guide;
use sim_core::scenario::translation::{guide_text_in, GuideText, Translation};
use yew::prelude::*;

use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct GuidePanelProps {
    pub guide: Rc<Guide>,
    /// The scenario's translations, by language tag.
    pub translations: Rc<BTreeMap<String, Translation>>,
    /// Steps done, in order (sticky: a later change does not undo a step); the
    /// current step is the next one, its check not holding yet.
    pub completed: usize,
    pub lang: Lang,
    pub on_show_me: Callback<usize>,
    /// The form the current step is done with, by id (`order-form`, `submit-many`, `send-events`):
    /// a link brings it into the controls column's view (at 1280×720 it was below).
    #[prop_or_default]
    pub form: Option<&'static str>,
    /// What this lab continues in (lab 004 pipes' fixed architecture, lab 004's next
    /// stage), said when the last step is done: "Lab complete" read as if its second
    /// half were optional (the student walk).
    #[prop_or_default]
    pub next_line: Option<String>,
    /// The built-in scenario that continues the lab, opened by the button under
    /// `next_line` (the instructor walk looked for it in the menu).
    #[prop_or_default]
    pub next_scenario: Option<String>,
    /// Its name, for the button.
    #[prop_or_default]
    pub next_name: Option<String>,
    #[prop_or_default]
    pub on_open: Callback<String>,
    /// What Show me did for the step just ticked, when it did it.
    #[prop_or_default]
    pub shown: Option<String>,
}

/// A step's words, in the language the card shows.
struct StepWords<'a> {
    title: &'a str,
    task: &'a str,
    why: &'a str,
    hint: &'a str,
}

/// A step done, its task and why kept within reach: they went with the step, and the
/// Portuguese walk looked for step 1's explanation after it ticked.
fn done_step(lang: Lang, s: &StepWords) -> Html {
    html! {
        <details class="guide__done">
            <summary>{ "✓ " }{ s.title }</summary>
            <p>{ s.task }</p>
            <p><strong>{ t(lang, Key::GuideWhy) }{ ": " }</strong>{ s.why }</p>
        </details>
    }
}

/// The guide's words: translated into the learner's language, or as written.
struct Words<'a> {
    language: &'a str,
    title: &'a str,
    translated: Option<&'a GuideText>,
    guide: &'a Guide,
}

impl<'a> Words<'a> {
    fn of(props: &'a GuidePanelProps) -> Words<'a> {
        let (g, tag) = (&*props.guide, props.lang.param());
        let translated = guide_text_in(&props.translations, g, tag);
        match translated {
            Some(w) => Words {
                language: tag,
                title: &w.title,
                translated,
                guide: g,
            },
            None => Words {
                language: &g.language,
                title: &g.title,
                translated,
                guide: g,
            },
        }
    }

    fn step(&self, i: usize) -> Option<StepWords<'a>> {
        if let Some(w) = self.translated {
            let s = w.steps.get(i)?;
            return Some(StepWords {
                title: &s.title,
                task: &s.task,
                why: &s.why,
                hint: &s.hint,
            });
        }
        let s = self.guide.steps.get(i)?;
        Some(StepWords {
            title: &s.title,
            task: &s.task,
            why: &s.why,
            hint: &s.hint,
        })
    }
}

/// Past this many characters a step's "Why" shows its first lines and a button for
/// the rest: lab 004 stage 1's first "Why" (about 1,000 characters) pushed the clock's
/// Play to 920 px on a 1280×720 screen, out of sight while doing the step.
const WHY_SHORT_CHARS: usize = 400;

#[derive(Properties, PartialEq)]
struct StepWhyProps {
    why: AttrValue,
    lang: Lang,
}

/// A step's "Why": whole when short, else its first lines until the learner asks.
#[function_component(StepWhy)]
fn step_why(props: &StepWhyProps) -> Html {
    let lang = props.lang;
    let open = use_state(|| false);
    let long = props.why.chars().count() > WHY_SHORT_CHARS;
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <>
            <p class={classes!("guide__why", (long && !*open).then_some("is-short"))} id="guide-why">
                <strong lang={lang.html_lang()}>{ t(lang, Key::GuideWhy) }{ ": " }</strong>{ props.why.clone() }
            </p>
            if long {
                <button class="guide__more" id="guide-why-more" lang={lang.html_lang()} aria-expanded={open.to_string()} aria-controls="guide-why" onclick={toggle}>
                    { if *open { t(lang, Key::GuideWhyLess) } else { t(lang, Key::GuideWhyMore) } }
                </button>
            }
        </>
    }
}

fn current(props: &GuidePanelProps, words: &Words, i: usize, step: StepWords) -> Html {
    let lang = props.lang;
    let show_me = props.on_show_me.reform(move |_: MouseEvent| i);
    html! {
        <div class="guide__step" id="guide-step" data-step={(i + 1).to_string()} lang={words.language.to_string()}>
            <StepWhy key={format!("why-{i}")} why={AttrValue::from(step.why.to_string())} {lang} />
            // Keyed by the step: a hint opened on one step stayed open on the next,
            // giving it away unasked (Yew kept the element and its open state).
            <details class="guide__hint" key={format!("hint-{i}")}><summary lang={lang.html_lang()}>{ t(lang, Key::GuideHint) }</summary><p>{ step.hint }</p></details>
            // Said once, on the first step: after that it is two lines between the
            // step and the forms on a 1280×720 screen.
            if i == 0 { <p class="guide__status" role="status">{ t(lang, Key::GuideWaiting) }</p> }
            <div class="button-row">
                if let Some(form) = props.form {
                    <button class="button button--small" id="guide-to-form" lang={lang.html_lang()} onclick={Callback::from(move |_: MouseEvent| crate::dom::show_form_in_controls(form))}>
                        { format!("↓ {}", t(lang, match form {
                            "send-events" => Key::SendEvents,
                            "submit-many" => Key::SubmitMany,
                            "batch-form" => Key::SendBatchTitle,
                            _ => Key::SubmitOrder,
                        })) }
                    </button>
                }
                <button class="button button--small" id="guide-show-me" lang={lang.html_lang()} onclick={show_me} title={t(lang, Key::GuideShowMeNote)}>{ t(lang, Key::GuideShowMe) }</button>
            </div>
        </div>
    }
}

#[function_component(GuidePanel)]
pub fn guide_panel(props: &GuidePanelProps) -> Html {
    let (g, lang) = (&props.guide, props.lang);
    let words = Words::of(props);
    let total = g.steps.len();
    let done = props.completed.min(total);
    let progress = t(lang, Key::GuideStepOf)
        .replace("{n}", &(done + 1).min(total).to_string())
        .replace("{total}", &total.to_string());
    html! {
        <section class="card guide" id="guide" aria-label={t(lang, Key::GuideTitle)}>
            <h3 class="guide__title">{ t(lang, Key::GuideTitle) }{ " · " }<span lang={words.language.to_string()}>{ words.title }</span></h3>
            // The step before ticked: said where the eyes are (a step that ticks
            // only swapped its text for the next one's).
            if done > 0 && done < total {
                <p class="guide__done" role="status">
                    { t(lang, Key::GuideStepDone).replace("{n}", &done.to_string()) }
                    if let Some(did) = &props.shown {
                        { t(lang, Key::GuideShownBy) }<span class="guide__shown" translate="no">{ did.clone() }</span>
                    }
                </p>
            }
            <div class="guide__progress">
                <progress max={total.to_string()} value={done.to_string()} aria-label={progress.clone()}></progress>
                <span id="guide-progress" role="status">{ if done == total { t(lang, Key::GuideFinished).to_string() } else { progress } }</span>
                // In the sticky bar: after "↓ Submit an order" at 1280×720 the step's
                // heading scrolled away and only "Step 1 of 10" was left (the student walk).
                // And what to do, under it: scrolled to a form, the student walk had the
                // step's title and not the instruction it was there to follow.
                if let Some(step) = words.step(done) {
                    <h4 class="guide__heading" id="guide-heading" lang={words.language.to_string()}>{ format!("{}. {}", done + 1, step.title) }</h4>
                    <p class="guide__do" id="guide-do" lang={words.language.to_string()}>{ step.task }</p>
                }
            </div>
            if let Some(next) = props.next_line.as_ref().filter(|_| done == total) {
                <p class="guide__next" id="guide-next">{ next.clone() }</p>
                if let Some(id) = props.next_scenario.clone() {
                    <button id="guide-open-next" class="button button--primary"
                        onclick={props.on_open.reform({ let id = id.clone(); move |_: MouseEvent| id.clone() })}>
                        { t(lang, Key::GuideOpenNext).replace("{name}", props.next_name.as_deref().unwrap_or(&id)) }
                    </button>
                }
            }
            if let Some(step) = words.step(done) {
                { current(props, &words, done, step) }
            }
            <details class="guide__all">
                <summary>{ t(lang, Key::GuideAllSteps) }</summary>
                <ol lang={words.language.to_string()}>
                    { for (0..total).filter_map(|i| Some((i, words.step(i)?))).map(|(i, s)| html! {
                        <li class={classes!((i < done).then_some("is-done"), (i == done).then_some("is-current"))} data-done={(i < done).to_string()}>
                            if i < done { { done_step(lang, &s) } } else { { s.title } }
                        </li>
                    }) }
                </ol>
            </details>
        </section>
    }
}
