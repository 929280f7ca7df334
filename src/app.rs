use yew::prelude::*;

use crate::components::header::Header;
use crate::components::region::Region;

/// The page: a header, then the three regions the simulator fills in
/// (controls, the architecture diagram, and the inspection panels).
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <div class="app">
            <Header />
            <main class="layout">
                <Region id="controls" title="Controls"
                    empty="Time controls (play, pause, step, speed) and order actions appear here once a scenario is loaded." />
                <Region id="diagram" title="Architecture"
                    empty="The architecture of the selected lab is drawn here, with every message moving along its arrows." />
                <Region id="panels" title="Inspect"
                    empty="Orders, queues, rules, logs and the trace of every state change are inspected here." />
            </main>
            <footer class="footer">
                { format!("EventLab {} · runs entirely in your browser · simulation core {}", env!("CARGO_PKG_VERSION"), sim_core::version()) }
            </footer>
        </div>
    }
}
