//! The session card: whether autosave works, and the session exported to a file,
//! imported from one, or put in a share link. What each control did, or why it was
//! refused, is said next to it. A refused file or link changes nothing.

use yew::prelude::*;

use crate::i18n::{plural, t, Key, Lang, Plural};
use crate::session::browser::{self, Chosen};
use crate::session::share::{self, LinkError};
use crate::session::storage::AutosaveStatus;
use crate::session::Session;
use crate::sim_provider::SimProps;
use crate::state::{scenario_ids, Msg};

/// What the last control did, shown next to it.
#[derive(Clone, PartialEq)]
enum Feedback {
    ExportFailed,
    Imported,
    ImportRefused(String),
    Link { url: String, copied: bool },
    LinkRefused(String),
}

fn autosave_line(status: AutosaveStatus, lang: Lang) -> Html {
    let (key, warn) = match status {
        AutosaveStatus::Idle => (Key::AutosaveIdle, false),
        AutosaveStatus::Saved => (Key::AutosaveSaved, false),
        AutosaveStatus::Disabled => (Key::AutosaveDisabled, true),
        AutosaveStatus::Full => (Key::AutosaveFull, true),
    };
    let class = classes!("note", warn.then_some("note--warn"));
    html! { <p id="autosave-status" {class} role={warn.then_some("status")}>{ t(lang, key) }</p> }
}

fn file_name(s: &Session) -> String {
    format!(
        "eventlab-{}-seed{}-{}s.json",
        s.scenario,
        s.seed,
        s.sim_time_ms / 1000
    )
}

fn refused(lang: Lang, why: String) -> String {
    format!("{}: {why}", t(lang, Key::SessionRefused))
}

async fn import_file(input: web_sys::HtmlInputElement, lang: Lang) -> Result<Session, String> {
    match browser::read_chosen_file(&input).await {
        Chosen::Nothing => Err(String::new()),
        Chosen::TooLarge => Err(refused(lang, t(lang, Key::SessionTooLarge).into())),
        Chosen::Text(text) => {
            Session::parse(&text, &scenario_ids()).map_err(|e| refused(lang, e.message(lang)))
        }
    }
}

async fn share_link(session: Session, lang: Lang) -> Feedback {
    match share::make_link(&session).await {
        Ok(url) => {
            let copied = browser::copy_to_clipboard(&url).await;
            Feedback::Link { url, copied }
        }
        Err(LinkError::TooLong(n)) => {
            Feedback::LinkRefused(plural(lang, Plural::LinkTooLong, n as u64))
        }
        Err(LinkError::Unavailable) => Feedback::LinkRefused(t(lang, Key::LinkUnavailable).into()),
    }
}

fn feedback_for(f: &Option<Feedback>, control: &str, lang: Lang) -> Html {
    let line = |id: &str, class: &str, text: String| {
        html! { <p id={id.to_string()} class={class.to_string()} role="status">{ text }</p> }
    };
    match (f, control) {
        (Some(Feedback::ExportFailed), "export") => line(
            "session-export-error",
            "field__error",
            t(lang, Key::ExportFailed).into(),
        ),
        (Some(Feedback::Imported), "import") => line(
            "session-import-ok",
            "note",
            t(lang, Key::SessionLoaded).into(),
        ),
        (Some(Feedback::ImportRefused(why)), "import") => {
            line("session-import-error", "field__error", why.clone())
        }
        (Some(Feedback::LinkRefused(why)), "share") => {
            line("session-share-error", "field__error", why.clone())
        }
        (Some(Feedback::Link { url, copied }), "share") => html! {
            <div class="share">
                <p class="note" role="status">{ t(lang, if *copied { Key::LinkCopied } else { Key::LinkReady }) }</p>
                <input id="session-share-link" readonly=true value={url.clone()} aria-label={t(lang, Key::ShareLink)} />
            </div>
        },
        _ => html! {},
    }
}

#[function_component(SessionCard)]
pub fn session_card(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let feedback = use_state(|| None::<Feedback>);
    let on_export = {
        let (sim, feedback) = (sim.clone(), feedback.clone());
        Callback::from(move |_: MouseEvent| {
            let saved = sim
                .session()
                .is_some_and(|s| browser::save_file(&file_name(&s), &s.to_pretty_json()));
            feedback.set((!saved).then_some(Feedback::ExportFailed));
        })
    };
    let on_import = {
        let (dispatcher, feedback) = (sim.dispatcher(), feedback.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let (dispatcher, feedback) = (dispatcher.clone(), feedback.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match import_file(input, lang).await {
                    Ok(session) => {
                        dispatcher.dispatch(Msg::Restore(Box::new(session)));
                        feedback.set(Some(Feedback::Imported));
                    }
                    Err(why) if why.is_empty() => {}
                    Err(why) => feedback.set(Some(Feedback::ImportRefused(why))),
                }
            });
        })
    };
    let on_share = {
        let (sim, feedback) = (sim.clone(), feedback.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(session) = sim.session() else {
                return;
            };
            let feedback = feedback.clone();
            wasm_bindgen_futures::spawn_local(async move {
                feedback.set(Some(share_link(session, lang).await));
            });
        })
    };
    let (records, now_ms) = (
        sim.journal.len() as u64,
        sim.view(|w| w.now_ms()).unwrap_or(0),
    );
    let summary = format!(
        " {} · {} {}",
        plural(lang, Plural::Actions, records),
        t(lang, Key::SimTimeAt),
        crate::i18n::when(lang, now_ms)
    );
    html! {
        <div class="card session" id="session">
            <h3 class="card__title">{ t(lang, Key::Session) }<span class="card__hint" id="session-summary">{ summary }</span></h3>
            { autosave_line(sim.autosave, lang) }
            <div class="session__controls">
                <div class="session__control">
                    <button id="session-export" class="button button--small" onclick={on_export}>{ t(lang, Key::ExportSession) }</button>
                    { feedback_for(&feedback, "export", lang) }
                </div>
                <div class="session__control">
                    <label class="button button--small file-button">
                        { t(lang, Key::ImportSession) }
                        <input id="session-import" type="file" accept=".json,application/json" class="visually-hidden" onchange={on_import} />
                    </label>
                    { feedback_for(&feedback, "import", lang) }
                </div>
                <div class="session__control">
                    <button id="session-share" class="button button--small" onclick={on_share}>{ t(lang, Key::ShareLink) }</button>
                    { feedback_for(&feedback, "share", lang) }
                </div>
            </div>
        </div>
    }
}
