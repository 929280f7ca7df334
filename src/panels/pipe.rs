//! An EventBridge Pipe: what it delivered and filtered out, and its configuration.

use sim_core::view::PipeView;
use yew::prelude::*;

use super::json_view::JsonView;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct PipePanelProps {
    pub view: PipeView,
    pub lang: Lang,
}

#[function_component(PipePanel)]
pub fn pipe_panel(props: &PipePanelProps) -> Html {
    let v = &props.view;
    html! {
        <div class="resource">
            <p>{ format!("{} · {} — {}", v.delivered, v.filtered_out, t(props.lang, Key::PipeCounts)) }</p>
            <JsonView value={v.config.clone()} />
        </div>
    }
}
