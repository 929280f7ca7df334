//! The Alarms tab: every CloudWatch alarm of the world, and the form that creates one.

use sim_core::view::AlarmsView;
use sim_core::Action;
use yew::prelude::*;

use crate::controls::notice::inline_notice;
use crate::panels::alarms::AlarmsPanel;
use crate::sim_provider::SimProps;
use crate::state::Msg;

#[function_component(AlarmsTab)]
pub fn alarms_tab(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let on_action = use_callback(sim.dispatcher(), |a: Action, d| {
        d.dispatch(Msg::Apply(Box::new(a)))
    });
    let view = sim.view(AlarmsView::of);
    let notice = inline_notice(&sim.notice, &["PutMetricAlarm", "DeleteAlarms"], lang);
    view.map_or_else(Html::default, |view| {
        html! { <AlarmsPanel {view} {lang} {on_action} {notice} /> }
    })
}
