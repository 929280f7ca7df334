//! The panels under the diagram: the orders table, the selected resource, the trace
//! and the e-mail inbox.

use yew::prelude::*;

use super::api::ApiPanel;
use super::bus::BusPanel;
use super::function::FunctionPanel;
use super::inbox::Inbox;
use super::orders::OrdersPanel;
use super::pipe::PipePanel;
use super::queue::QueuePanel;
use super::rule::RulePanel;
use super::trace::TracePanel;
use crate::diagram::layout::NodeKind;
use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;
use crate::state::Msg;

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Orders,
    Resource,
    Trace,
    Inbox,
    About,
}

#[function_component(Inspector)]
pub fn inspector() -> Html {
    let ctx = use_sim();
    let tab = use_state(|| Tab::Orders);
    {
        let tab = tab.clone();
        let selected = ctx.as_ref().and_then(|c| c.selected.clone());
        use_effect_with(selected, move |s| {
            if s.is_some() {
                tab.set(Tab::Resource);
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let lang = ctx.lang;
    let has_inbox = !ctx.sim.borrow().topics().is_empty();
    let button = |which: Tab, label: String, id: &'static str| {
        let tab2 = tab.clone();
        let onclick = Callback::from(move |_: MouseEvent| tab2.set(which));
        html! {
            <button {id} role="tab" class={classes!("tab", (*tab == which).then_some("is-active"))} aria-selected={(*tab == which).to_string()} {onclick}>{ label }</button>
        }
    };
    let selected = ctx.selected.clone();
    let resource_label = selected
        .clone()
        .unwrap_or_else(|| t(lang, Key::Inspect).to_string());
    let body = match *tab {
        Tab::Orders => html! { <OrdersPanel /> },
        Tab::Trace => html! { <TracePanel /> },
        Tab::Inbox => html! { <Inbox /> },
        Tab::About => {
            let sim = ctx.sim.borrow();
            let s = sim.scenario();
            html! {
                <div class="about">
                    <h3>{ s.name.clone() }</h3>
                    <p>{ s.description.clone() }</p>
                    <p class="muted">{ format!("{}: {}", t(lang, Key::Lab), s.lab) }</p>
                </div>
            }
        }
        Tab::Resource => match selected {
            None => html! { <p class="muted">{ t(lang, Key::SelectHint) }</p> },
            Some(name) => {
                let kind = ctx.graph.node(&name).map(|n| n.kind);
                let close = {
                    let ctx = ctx.clone();
                    Callback::from(move |_: MouseEvent| ctx.dispatch(Msg::Select(None)))
                };
                // Keyed by name: a panel's own fields start afresh for each resource.
                let panel = match kind {
                    Some(NodeKind::Queue | NodeKind::Dlq) => {
                        html! { <QueuePanel key={name.clone()} name={name.clone()} /> }
                    }
                    Some(NodeKind::Function) => {
                        html! { <FunctionPanel key={name.clone()} name={name.clone()} /> }
                    }
                    Some(NodeKind::Rule) => {
                        html! { <RulePanel key={name.clone()} name={name.clone()} /> }
                    }
                    Some(NodeKind::Bus) => html! { <BusPanel name={name.clone()} /> },
                    Some(NodeKind::Table) => {
                        html! { <OrdersPanel table={Some(AttrValue::from(name.clone()))} /> }
                    }
                    Some(NodeKind::Email | NodeKind::Topic) => html! { <Inbox /> },
                    Some(NodeKind::Api) => html! { <ApiPanel name={name.clone()} /> },
                    Some(NodeKind::Pipe) => html! { <PipePanel name={name.clone()} /> },
                    None => html! {},
                };
                html! {
                    <div>
                        <div class="panel-head"><h3>{ name.clone() }</h3><button class="button button--small" onclick={close}>{ t(lang, Key::Close) }</button></div>
                        { panel }
                    </div>
                }
            }
        },
    };
    html! {
        <div class="inspector">
            <div class="tabs" role="tablist">
                { button(Tab::Orders, t(lang, Key::Orders).to_string(), "tab-orders") }
                { button(Tab::Resource, resource_label, "tab-resource") }
                { button(Tab::Trace, t(lang, Key::Trace).to_string(), "tab-trace") }
                if has_inbox { { button(Tab::Inbox, t(lang, Key::Inbox).to_string(), "tab-inbox") } }
                { button(Tab::About, t(lang, Key::AboutScenario).to_string(), "tab-about") }
            </div>
            <div class="tab-body" role="tabpanel">{ body }</div>
        </div>
    }
}
