//! The selected resource's tab: its name, a close button, and the panel for its kind,
//! fed with that one resource's view.

use sim_core::view::{
    AlarmView, ApiView, BucketView, BusView, FunctionView, InboxView, PipeView, QueueView,
    ResourceKind, RuleView,
};
use sim_core::Action;
use yew::prelude::*;

use super::OrdersTab;
use crate::controls::notice::inline_notice;
use crate::i18n::{t, Key};
use crate::panels::alarm::AlarmPanel;
use crate::panels::api::ApiPanel;
use crate::panels::bucket::BucketPanel;
use crate::panels::bus::BusPanel;
use crate::panels::function::FunctionPanel;
use crate::panels::inbox::InboxPanel;
use crate::panels::pipe::PipePanel;
use crate::panels::queue::QueuePanel;
use crate::panels::rule::RulePanel;
use crate::sim_provider::{SimContext, SimProps};
use crate::state::Msg;

/// What the resource panels apply: their refusals are said at the panel's top, by
/// its buttons.
const PANEL_ACTIONS: [&str; 10] = [
    "Invoke",
    "PutMetricAlarm",
    "PutObject",
    "ReceiveMessage",
    "PurgeQueue",
    "StartMessageMoveTask",
    "CancelMessageMoveTask",
    "SetFault",
    "SetRuleState",
    "SetTargetFault",
];

/// The role editor's actions: said under the editor, where the learner types.
const ROLE_ACTIONS: [&str; 2] = ["PutRolePolicy", "DeleteRolePolicy"];

/// The panel for one resource. Keyed by name: a panel's own fields start afresh for
/// each resource.
fn panel(sim: &SimContext, name: &str, kind: ResourceKind, on_action: Callback<Action>) -> Html {
    let (lang, key) = (sim.lang, name.to_string());
    let none = Html::default;
    match kind {
        ResourceKind::Queue | ResourceKind::Dlq => {
            // A Delete's refusal: under the polled message it was for. A setting's:
            // under its field (at the panel's top it was out of sight, the student walk).
            let delete_notice = inline_notice(&sim.notice, &["DeleteMessage"], lang);
            let settings_notice = inline_notice(&sim.notice, &["SetQueueAttributes"], lang);
            sim.view(|w| QueueView::of(w, name)).flatten().map_or_else(
                none,
                |view| html! { <QueuePanel {key} {view} {lang} {on_action} {delete_notice} {settings_notice} /> },
            )
        }
        ResourceKind::Function => {
            let role_notice = inline_notice(&sim.notice, &ROLE_ACTIONS, lang);
            let config_notice = inline_notice(&sim.notice, &["SetFunctionConfiguration"], lang);
            sim.view(|w| FunctionView::of(w, name))
                .flatten()
                .map_or_else(
                    none,
                    |view| html! { <FunctionPanel {key} {view} {lang} {on_action} {role_notice} {config_notice} /> },
                )
        }
        ResourceKind::Rule => sim.view(|w| RuleView::of(w, name)).flatten().map_or_else(
            none,
            |view| html! { <RulePanel {key} {view} {lang} {on_action} /> },
        ),
        ResourceKind::Bus => sim
            .view(|w| BusView::of(w, name))
            .map_or_else(none, |view| html! { <BusPanel {view} {lang} /> }),
        ResourceKind::Table => {
            html! { <OrdersTab sim={sim.clone()} table={Some(AttrValue::from(key))} /> }
        }
        ResourceKind::Email | ResourceKind::Topic => {
            let view = sim.view(InboxView::of).unwrap_or_default();
            html! { <InboxPanel {view} {lang} /> }
        }
        ResourceKind::Api => sim
            .view(|w| ApiView::of(w, name))
            .map_or_else(none, |view| html! { <ApiPanel {view} {lang} /> }),
        ResourceKind::Alarm => sim.view(|w| AlarmView::of(w, name)).flatten().map_or_else(
            none,
            |view| html! { <AlarmPanel {key} {view} {lang} {on_action} /> },
        ),
        ResourceKind::Bucket => sim.view(|w| BucketView::of(w, name)).flatten().map_or_else(
            none,
            |view| html! { <BucketPanel {key} {view} {lang} {on_action} /> },
        ),
        ResourceKind::Pipe => {
            let (d, seed) = (sim.dispatcher(), sim.seed);
            let on_open = Callback::from(move |scenario_id: String| {
                d.dispatch(Msg::Load { scenario_id, seed })
            });
            sim.view(|w| PipeView::of(w, name))
                .flatten()
                .map_or_else(none, |view| html! { <PipePanel {view} {lang} {on_open} /> })
        }
    }
}

#[function_component(ResourceTab)]
pub fn resource_tab(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let on_action = use_callback(sim.dispatcher(), |a: Action, d| {
        d.dispatch(Msg::Apply(Box::new(a)))
    });
    let Some(name) = sim.selected.clone() else {
        return html! { <p class="muted">{ t(lang, Key::SelectHint) }</p> };
    };
    let close = sim.dispatcher();
    let close = Callback::from(move |_: MouseEvent| close.dispatch(Msg::Select(None)));
    let back = {
        let name = name.clone();
        Callback::from(move |_: MouseEvent| crate::dom::back_to_diagram(Some(&name)))
    };
    let body = sim
        .graph
        .node(&name)
        .map(|n| panel(sim, &name, n.kind, on_action))
        .unwrap_or_default();
    html! {
        <div>
            <div class="panel-head"><h3 id="panel-title" tabindex="-1" data-resource={name.clone()}>{ name.clone() }</h3><button class="button button--small" id="panel-back" onclick={back}>{ t(lang, Key::BackToDiagram) }</button><button class="button button--small" id="panel-close" onclick={close}>{ t(lang, Key::Close) }</button></div>
            { inline_notice(&sim.notice, &PANEL_ACTIONS, lang) }
            { body }
        </div>
    }
}
