//! The orders tab's container: keeps the page, builds that page's view, and turns the
//! panel's intents into messages.

use sim_core::view::{OrdersQuery, OrdersView};
use yew::prelude::*;

use crate::panels::orders::{OrdersAction, OrdersPanel};
use crate::sim_provider::SimContext;
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct OrdersTabProps {
    pub sim: SimContext,
    /// The table to show; the scenario's orders table when None.
    #[prop_or_default]
    pub table: Option<AttrValue>,
}

#[function_component(OrdersTab)]
pub fn orders_tab(props: &OrdersTabProps) -> Html {
    let sim = &props.sim;
    let page = use_state(|| 0usize);
    let query = OrdersQuery {
        table: props.table.as_ref().map(|t| t.to_string()),
        page: *page,
        selected: sim.selected_order.clone(),
    };
    let view = sim.view(|w| OrdersView::of(w, &query)).flatten();
    let on_action = {
        let (page, dispatcher) = (page.clone(), sim.dispatcher());
        Callback::from(move |a: OrdersAction| match a {
            OrdersAction::Page(to) => page.set(to),
            OrdersAction::Select(id) => dispatcher.dispatch(Msg::SelectOrder(id)),
        })
    };
    html! { <OrdersPanel {view} lang={sim.lang} {on_action} /> }
}
