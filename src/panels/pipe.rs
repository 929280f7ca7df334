//! An EventBridge Pipe: what it delivered and filtered out, and its configuration;
//! when a Lambda trigger reads the same queue, what that competition does and, where
//! the scenario offers it, the architecture that fixes it.

use sim_core::view::PipeView;
use yew::prelude::*;

use super::json_view::{body_html, JsonView};
use crate::i18n::{plural, t, Key, Lang, Plural};

#[derive(Properties, PartialEq)]
pub struct PipePanelProps {
    pub view: PipeView,
    pub lang: Lang,
    /// Opens another built-in scenario (the fixed variant), by id.
    pub on_open: Callback<String>,
}

fn competition(props: &PipePanelProps) -> Html {
    let (v, lang) = (&props.view, props.lang);
    let Some((queue, functions)) = &v.competes_on else {
        return html! {};
    };
    let text = t(lang, Key::PipeCompetes)
        .replace("{pipe}", &v.name)
        .replace("{queue}", queue)
        .replace("{functions}", &functions.join(", "))
        .replace("{n}", &v.filtered_out.to_string());
    html! {
        <div class="card card--warn" id="pipe-competes" role="note">
            <p>{ text }</p>
            if let Some(fix) = &v.fixed_variant {
                <p>{ fix.text.get(lang.param()).to_string() }</p>
                <button id="open-fixed-variant" class="button button--primary"
                    onclick={props.on_open.reform({ let id = fix.scenario.clone(); move |_: MouseEvent| id.clone() })}>
                    { format!("{}: {}", t(lang, Key::OpenFixedVariant), crate::controls::header::display_name(&fix.scenario, lang)) }
                </button>
            }
        </div>
    }
}

/// The input transformer at work: its template, wrapped whole (in the configuration
/// it is one escaped line cut at the panel's edge), and what it wrote for the latest
/// delivery, still readable after the target consumed it (the instructor walk could
/// show it only by throttling the worker and peeking at its queue).
fn transformer(v: &PipeView, lang: Lang) -> Html {
    let Some(template) = &v.input_template else {
        return html! {};
    };
    html! {
        <div id="pipe-transformer">
            <h4>{ t(lang, Key::PipeInputTemplate) }</h4>
            <pre class="code code--wrap" tabindex="0">{ template.clone() }</pre>
            <h4>{ t(lang, Key::PipeLastInput) }</h4>
            if let Some(input) = &v.last_input {
                <div id="pipe-last-input">{ body_html(input) }</div>
            } else {
                <p class="muted">{ t(lang, Key::PipeNothingDelivered) }</p>
            }
        </div>
    }
}

#[function_component(PipePanel)]
pub fn pipe_panel(props: &PipePanelProps) -> Html {
    let v = &props.view;
    html! {
        <div class="resource">
            // Each count with its word (the student walk read "1 · 2 — entregues · filtradas"
            // as a riddle).
            <p id="pipe-counts">
                { format!("{} · {} ", plural(props.lang, Plural::DeliveredN, v.delivered), plural(props.lang, Plural::FilteredOut, v.filtered_out)) }
                <span class="muted">{ format!("({})", t(props.lang, Key::PipeCounts)) }</span>
            </p>
            { competition(props) }
            { transformer(v, props.lang) }
            <JsonView value={v.config.clone()} />
        </div>
    }
}
