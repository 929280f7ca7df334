//! The provider: the one component that owns the reducer. It keeps the address bar in
//! step, runs the animation driver, and hands the handle to the page it wraps.
//!
//! The handle goes down as a prop, not through a Yew context: `use_context` can only
//! answer `Option` (a component might sit outside the provider), and a hook that hid
//! that `Option` would need a panic or a fake world. A prop from the component that
//! owns the reducer cannot be missing. The page (`App`) passes it to a few containers,
//! which build read-only views and give them to pure panels.

use yew::prelude::*;

use crate::driver::Driver;
use crate::state::AppState;

/// The reducer's handle: the state, and `dispatch` for intents.
pub type SimContext = UseReducerHandle<AppState>;

/// What the page and the containers receive.
#[derive(Properties, PartialEq)]
pub struct SimProps {
    pub sim: SimContext,
}

/// Wraps the page type `P`, fixed at compile time (`SimProvider<App>`).
#[function_component(SimProvider)]
pub fn sim_provider<P>() -> Html
where
    P: BaseComponent<Properties = SimProps>,
{
    let sim = use_reducer(|| {
        let (scenario, seed, lang) = crate::url::read_setup();
        AppState::new(&scenario, seed, lang, crate::dom::prefers_reduced_motion())
    });
    {
        let setup = (sim.scenario_id.clone(), sim.seed, sim.lang);
        use_effect_with(setup, |(scenario, seed, lang)| {
            crate::url::write_setup(scenario, *seed, *lang)
        });
    }
    html! {
        <>
            <Driver on_tick={sim.dispatcher()} />
            <P sim={sim} />
        </>
    }
}
