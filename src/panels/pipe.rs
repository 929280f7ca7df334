//! An EventBridge Pipe: what it delivered and filtered out, and its configuration.

use yew::prelude::*;

use super::api::NameProps;
use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;

#[function_component(PipePanel)]
pub fn pipe_panel(props: &NameProps) -> Html {
    let Some(ctx) = use_sim() else {
        return html! {};
    };
    let sim = ctx.sim.borrow();
    let Some(p) = sim.pipes().iter().find(|p| p.config.name == props.name) else {
        return html! {};
    };
    let config = serde_json::to_value(&p.config).unwrap_or_default();
    html! {
        <div class="resource">
            <p>{ format!("{} · {} — {}", p.delivered, p.filtered_out, t(ctx.lang, Key::PipeCounts)) }</p>
            <super::json_view::JsonView value={config} />
        </div>
    }
}
