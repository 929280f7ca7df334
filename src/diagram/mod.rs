//! The architecture diagram: its layout from the scenario, its pure view, and the
//! container that reads each node's live numbers from the world every frame.

mod arrows;
pub mod layout;
pub mod node;
mod stage;
mod view;

use sim_core::view::NodeStats;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::sim_provider::SimProps;
use crate::state::Msg;
use view::DiagramView;

#[function_component(Diagram)]
pub fn diagram(props: &SimProps) -> Html {
    let sim = &props.sim;
    let on_select = use_callback(sim.dispatcher(), |name: String, d| {
        d.dispatch(Msg::Select(Some(name)));
        // Where the learner looks next: the panel (its region does not move as it fills).
        crate::dom::bring_into_view("panels");
    });
    let on_open = use_callback(sim.dispatcher(), |name: String, d| {
        d.dispatch(Msg::Select(Some(name)));
        d.dispatch(Msg::SetInspecting(true));
    });
    let stage = sim.presenter;
    // The page shows the stage's bands too: beside the controls column, the page
    // layout's long row of columns would shrink its labels to 6 px at 1280×720.
    let bands = !stage;
    let graph = sim.stage_graph.clone();
    // Every node shows live numbers, so every node's stats are read each frame.
    let stats: Vec<NodeStats> = sim
        .view(|w| {
            graph
                .nodes
                .iter()
                .map(|n| NodeStats::of(w, &n.name, n.kind))
                .collect()
        })
        .unwrap_or_else(|| vec![NodeStats::Missing; graph.nodes.len()]);
    html! {
        <DiagramView {graph} {stats} tokens={sim.tokens.clone()} selected={sim.selected.clone()}
            wall_ms={sim.wall_ms} reduce_motion={sim.reduce_motion} title={sim.scenario_title()}
            lang={sim.lang} {stage} {bands} {on_select} {on_open} />
    }
}

#[derive(Properties)]
pub struct LegendProps {
    pub graph: std::rc::Rc<layout::Graph>,
    pub lang: Lang,
}

// The same layout is the same Rc: no walk over the graph every frame.
impl PartialEq for LegendProps {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.graph, &other.graph) && self.lang == other.lang
    }
}

/// The diagram's legend, on the page only, under the teaching moment and the timeline:
/// at 1280×720 its three lines pushed lab 003's "at-least-once" moment below the window.
#[function_component(DiagramLegend)]
pub fn diagram_legend(props: &LegendProps) -> Html {
    view::legend(props.lang, &props.graph)
}
