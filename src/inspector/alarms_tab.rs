//! The Alarms tab: every CloudWatch alarm of the world, and the form that creates one.

use sim_core::view::{AlarmsView, MetricChoice, NodeStats, ResourceKind};
use sim_core::Action;
use yew::prelude::*;

use crate::controls::notice::inline_notice;
use crate::panels::alarms::AlarmsPanel;
use crate::sim_provider::{SimContext, SimProps};
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
        let first_metric = dlq_metric(sim, &view.metrics).unwrap_or(0);
        html! { <AlarmsPanel {view} {lang} {on_action} {notice} {first_metric} /> }
    })
}

/// The metric the new-alarm form starts on: the visible messages of a DLQ that holds
/// some, the alarm a lab asks for. It started on the first metric, lab 000's empty
/// pedidos-entrada-dlq, and an instructor's alarm never fired (instructor walk).
fn dlq_metric(sim: &SimContext, metrics: &[MetricChoice]) -> Option<usize> {
    let dlqs = sim
        .graph
        .nodes
        .iter()
        .filter(|n| n.kind == ResourceKind::Dlq);
    let holding = sim
        .view(|w| {
            dlqs.map(|n| n.name.clone()).find(|d| {
                matches!(NodeStats::of(w, d, ResourceKind::Dlq), NodeStats::Queue { available, .. } if available > 0)
            })
        })
        .flatten()?;
    metrics.iter().position(|m| {
        m.namespace == "AWS/SQS"
            && m.metric_name == "ApproximateNumberOfMessagesVisible"
            && m.dimension_value == holding
    })
}
