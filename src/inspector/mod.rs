//! The inspector under the diagram: tabs for the orders table, the selected resource,
//! the trace, the e-mail inbox and the scenario. Each tab is a container that builds
//! the read-only view of what it shows, only while it is shown.

mod alarms_tab;
mod orders_tab;
mod resource_tab;
mod trace_tab;

use sim_core::view::{InboxView, ResourceKind};
use yew::prelude::*;

use crate::i18n::{t, Key};
use crate::panels::about::AboutPanel;
use crate::panels::inbox::InboxPanel;
use crate::sim_provider::SimProps;
use alarms_tab::AlarmsTab;
pub use orders_tab::OrdersTab;
use resource_tab::ResourceTab;
use trace_tab::TraceTab;

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Orders,
    Resource,
    Trace,
    Inbox,
    Alarms,
    About,
}

fn about(props: &SimProps) -> Html {
    let sim = &props.sim;
    let tag = sim.lang.param();
    let (name, (description, description_lang), lab) = sim
        .view(|w| {
            let s = w.scenario();
            let (description, in_lang) = s.description_in(tag);
            (
                s.name_in(tag).to_string(),
                (description.to_string(), in_lang.to_string()),
                s.lab_title.clone(),
            )
        })
        .unwrap_or_default();
    html! { <AboutPanel {name} {description} {description_lang} {lab} lang={sim.lang} /> }
}

#[function_component(Inspector)]
pub fn inspector(props: &SimProps) -> Html {
    let sim = &props.sim;
    let tab = use_state(|| Tab::Orders);
    // The table the Orders tab shows: chosen on the diagram, it opens that tab rather
    // than a second one with the same table (the student walk found "Pedidos" and
    // "Tabela Orders" side by side).
    let orders_table = sim
        .view(|w| {
            let named = w.scenario().console.orders.table_name.clone();
            named.or_else(|| w.tables().first().map(|t| t.name.clone()))
        })
        .flatten();
    let is_orders_table = sim.selected.is_some() && sim.selected == orders_table;
    {
        // Choosing a resource on the diagram opens its tab, the one already chosen too.
        let tab = tab.clone();
        use_effect_with(
            (sim.selected.clone(), sim.selections, is_orders_table),
            move |(s, _, orders)| {
                if *orders {
                    tab.set(Tab::Orders);
                } else if s.is_some() {
                    tab.set(Tab::Resource);
                }
            },
        );
    }
    {
        // A teaching moment's link opens the trace at its entry.
        let tab = tab.clone();
        use_effect_with(sim.trace_focus, move |f| {
            if f.is_some() {
                tab.set(Tab::Trace);
            }
        });
    }
    let lang = sim.lang;
    // The SQS guide has no table: its Orders tab only said so, and the page opened on
    // it (the student walk). Without a table the tab is gone and the trace shows.
    let has_orders = sim.view(|w| !w.tables().is_empty()).unwrap_or(true);
    let current = match *tab {
        Tab::Orders if !has_orders => Tab::Trace,
        other => other,
    };
    let has_inbox = sim.view(|w| !w.topics().is_empty()).unwrap_or(false);
    // CloudWatch's alarms page, where there is anything to alarm on or an alarm.
    let has_alarms = sim
        .view(|w| !w.alarms().is_empty() || !w.topics().is_empty())
        .unwrap_or(false);
    let button = |which: Tab, label: String, id: &'static str| {
        let tab2 = tab.clone();
        let onclick = Callback::from(move |_: MouseEvent| tab2.set(which));
        html! {
            <button {id} role="tab" class={classes!("tab", (current == which).then_some("is-active"))} aria-selected={(current == which).to_string()} {onclick}>{ label }</button>
        }
    };
    // A table's tab says it is a table: lab 004's is called Orders, like the tab
    // before it.
    let resource_label = match sim.selected.as_deref() {
        Some(_) if is_orders_table => t(lang, Key::Inspect).to_string(),
        Some(name) if sim.graph.node(name).map(|n| n.kind) == Some(ResourceKind::Table) => {
            t(lang, Key::TabTable).replace("{name}", name)
        }
        Some(name) => name.to_string(),
        None => t(lang, Key::Inspect).to_string(),
    };
    // Lab 003's table holds inventory reservations: its scenario names the tab.
    let orders_label = sim
        .view(|w| {
            let label = w.scenario().console.orders.tab_label.as_ref()?;
            Some(label.get(lang.html_lang()).to_string())
        })
        .flatten()
        .unwrap_or_else(|| t(lang, Key::Orders).to_string());
    let body = match current {
        Tab::Orders => html! { <OrdersTab sim={sim.clone()} /> },
        Tab::Trace => html! { <TraceTab sim={sim.clone()} /> },
        Tab::Inbox => {
            let view = sim.view(InboxView::of).unwrap_or_default();
            html! { <InboxPanel {view} {lang} /> }
        }
        Tab::Alarms => html! { <AlarmsTab sim={sim.clone()} /> },
        Tab::About => about(props),
        Tab::Resource => html! { <ResourceTab sim={sim.clone()} /> },
    };
    html! {
        <div class="inspector">
            <div class="tabs" role="tablist">
                if has_orders { { button(Tab::Orders, orders_label, "tab-orders") } }
                { button(Tab::Resource, resource_label, "tab-resource") }
                { button(Tab::Trace, t(lang, Key::Trace).to_string(), "tab-trace") }
                if has_inbox { { button(Tab::Inbox, t(lang, Key::Inbox).to_string(), "tab-inbox") } }
                if has_alarms { { button(Tab::Alarms, t(lang, Key::Alarms).to_string(), "tab-alarms") } }
                { button(Tab::About, t(lang, Key::AboutScenario).to_string(), "tab-about") }
            </div>
            <div class="tab-body" role="tabpanel">{ body }</div>
        </div>
    }
}
