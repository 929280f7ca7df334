//! The CloudFormation card: open a template file (or paste one) to see its
//! diagram and run it, and download the current scenario as a template. A template
//! that does not import is refused with CloudFormation's message, next to the
//! control, and nothing changes. While a template is loaded the card says which
//! resources are not simulated and where each function's behaviour comes from.

use sim_core::cloudformation::parse::MAX_TEMPLATE_BYTES;
use sim_core::cloudformation::BehaviourSource;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{sim_text, t, Key, Lang};
use crate::session::browser::{self, picked_file, PickedFile};
use crate::sim_provider::SimProps;
use crate::state::{template, Msg};

/// Checks the template here (so a refusal is said next to the control), then hands
/// it to the reducer, which imports it again and replaces the world.
fn submit(
    file: String,
    text: String,
    lang: Lang,
    on_action: &Callback<Msg>,
    problem: &UseStateHandle<Option<String>>,
) {
    match template::import(&file, &text) {
        Ok(_) => {
            problem.set(None);
            on_action.emit(Msg::LoadTemplate { file, text });
        }
        Err(e) => problem.set(Some(format!("{}: {e}", t(lang, Key::TemplateRefused)))),
    }
}

fn read_file(
    source: JsValue,
    lang: Lang,
    on_action: Callback<Msg>,
    problem: UseStateHandle<Option<String>>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match picked_file(&source, MAX_TEMPLATE_BYTES).await {
            PickedFile::File { name, text } => submit(name, text, lang, &on_action, &problem),
            PickedFile::TooLarge => problem.set(Some(format!(
                "{}: Template format error: a template may not exceed {MAX_TEMPLATE_BYTES} bytes",
                t(lang, Key::TemplateRefused)
            ))),
            PickedFile::Nothing => {}
        }
    });
}

fn summary(loaded: &template::Loaded, lang: Lang) -> Html {
    let behaviour = |(f, source, kind): &(String, BehaviourSource, String)| match source {
        BehaviourSource::Metadata => html! {
            <li><code translate="no">{ f.clone() }</code>{ ": " }<code translate="no">{ kind.clone() }</code>{ format!(" ({})", t(lang, Key::BehaviourFromMetadata)) }</li>
        },
        BehaviourSource::Generic => html! {
            <li><code translate="no">{ f.clone() }</code>{ ": " }{ t(lang, Key::BehaviourGeneric) }</li>
        },
        BehaviourSource::GenericEnrichment => html! {
            <li><code translate="no">{ f.clone() }</code>{ ": " }{ t(lang, Key::BehaviourGenericEnrichment) }</li>
        },
    };
    html! {
        <div id="template-summary">
            <p class="note" role="status">{ format!("{}: ", t(lang, Key::TemplateLoaded)) }<code translate="no">{ loaded.file.clone() }</code></p>
            // Only when there is none: an exported template brings its guide back, and
            // the line contradicted the guide beside it (the English walk).
            if !loaded.has_guide { <p class="muted" id="template-no-guide">{ t(lang, Key::TemplateNoGuide) }</p> }
            <h4>{ t(lang, Key::TemplateBehaviours) }</h4>
            <ul id="template-behaviours">{ for loaded.behaviours.iter().map(behaviour) }</ul>
            if loaded.behaviours.iter().any(|(_, source, _)| *source != BehaviourSource::Metadata) { { generic_how(lang) } }
            if !loaded.not_simulated.is_empty() {
                <h4>{ t(lang, Key::NotSimulated) }</h4>
                <ul id="template-not-simulated">
                    { for loaded.not_simulated.iter().map(|n| {
                        let why = if n.why == sim_core::cloudformation::UNSUPPORTED_TYPE {
                            t(lang, Key::UnsupportedType).to_string()
                        } else {
                            sim_text(lang, &n.why)
                        };
                        html! { <li translate="no"><code>{ n.logical_id.clone() }</code>{ format!(" ({}): {why}", n.resource_type) }</li> }
                    }) }
                </ul>
            }
            if !loaded.notes.is_empty() {
                <ul class="muted" id="template-notes" translate="no">{ for loaded.notes.iter().map(|n| html! { <li>{ sim_text(lang, n) }</li> }) }</ul>
            }
        </div>
    }
}

/// How to give a function a behaviour: a student's own template had none, and its
/// functions logged and succeeded without a word on why (the lab 003 walk).
fn generic_how(lang: Lang) -> Html {
    // Under the function's resource, beside Properties: a template's top-level
    // Metadata holds something else (the review).
    const EXAMPLE: &str = "MyFunction:\n  Type: AWS::Lambda::Function\n  Metadata:\n    EventLab:\n      Behavior:\n        Type: charge-payment\n        SuccessPerMille: 900\n  Properties: …";
    html! {
        <div class="note" id="template-generic-how">
            <p>{ t(lang, Key::TemplateGenericHow) }</p>
            <pre class="code" translate="no">{ EXAMPLE }</pre>
            <p class="behaviour-types">{ format!("{}: ", t(lang, Key::TemplateBehaviourTypes)) }
                { for sim_core::lambda::BEHAVIORS.iter().enumerate().map(|(i, b)| html! {
                    <>{ if i > 0 { ", " } else { "" } }<code translate="no">{ *b }</code></>
                }) }
            </p>
        </div>
    }
}

/// How to deploy the downloaded template: its named roles need CAPABILITY_NAMED_IAM,
/// which nothing said (the lab 003 walk), and its Outputs hold the test's ids.
fn deploy_how(lang: Lang, file: &str) -> Html {
    let commands = format!(
        "aws cloudformation deploy --template-file {file} --stack-name eventlab \\\n  --capabilities CAPABILITY_NAMED_IAM\naws cloudformation describe-stacks --stack-name eventlab --query \"Stacks[0].Outputs\""
    );
    html! {
        <details id="template-deploy">
            <summary>{ t(lang, Key::TemplateDeploy) }</summary>
            <p class="muted">{ t(lang, Key::TemplateDeployHow) }</p>
            <pre class="code" translate="no">{ commands }</pre>
        </details>
    }
}

#[function_component(TemplateCard)]
pub fn template_card(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let on_action: Callback<Msg> = sim.dispatcher().into();
    let problem = use_state(|| None::<String>);
    let pasted = use_state(String::new);
    let on_pick = {
        let (on_action, problem) = (on_action.clone(), problem.clone());
        Callback::from(move |e: Event| {
            if let Some(target) = e.target() {
                read_file(target.into(), lang, on_action.clone(), problem.clone());
            }
        })
    };
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| pasted.set(event_value(&e)))
    };
    let on_load = {
        let (on_action, problem, pasted) = (on_action.clone(), problem.clone(), pasted.clone());
        Callback::from(move |_: MouseEvent| {
            submit(
                "pasted.yaml".into(),
                (*pasted).clone(),
                lang,
                &on_action,
                &problem,
            )
        })
    };
    let on_download = {
        let (sim, problem) = (sim.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| match sim.template_download() {
            Ok((name, yaml)) if browser::save_file(&name, &yaml) => problem.set(None),
            Ok(_) => problem.set(Some(t(lang, Key::ExportFailed).to_string())),
            Err(e) => problem.set(Some(e)),
        })
    };
    let loaded = sim
        .template
        .as_ref()
        .filter(|_| sim.scenario_id == template::TEMPLATE_ID);
    html! {
        <div class="card template" id="cloudformation">
            <h3 class="card__title">{ "CloudFormation" }</h3>
            <p class="muted">{ t(lang, Key::TemplateHint) }</p>
            <div class="session__controls">
                <label class="button button--small file-button">
                    { t(lang, Key::OpenTemplate) }
                    <input id="template-open" type="file" accept=".yaml,.yml,.json,.template,.txt" class="visually-hidden" onchange={on_pick} />
                </label>
                <button id="template-download" class="button button--small" onclick={on_download}>{ t(lang, Key::DownloadTemplate) }</button>
            </div>
            <details id="template-paste">
                <summary>{ t(lang, Key::PasteTemplate) }</summary>
                <label class="field"><span>{ t(lang, Key::TemplateText) }</span>
                    <textarea id="template-text" rows="8" value={(*pasted).clone()} oninput={on_paste} spellcheck="false" translate="no" />
                </label>
                <button id="template-load" class="button button--small" onclick={on_load}>{ t(lang, Key::LoadTemplate) }</button>
            </details>
            { deploy_how(lang, &sim.template_file_name()) }
            if let Some(p) = &*problem {
                <p id="template-error" class="field__error" role="alert" translate="no">{ p.clone() }</p>
            }
            if let Some(l) = loaded { { summary(l, lang) } }
        </div>
    }
}
