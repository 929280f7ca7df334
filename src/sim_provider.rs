//! The provider: the one component that owns the reducer. It starts from the address
//! or the autosaved session, keeps the address bar in step, reads a share link, runs
//! the animation driver and the autosave, and hands the handle to the page it wraps.
//!
//! The handle goes down as a prop, not through a Yew context: `use_context` can only
//! answer `Option` (a component might sit outside the provider), and a hook that hid
//! that `Option` would need a panic or a fake world. A prop from the component that
//! owns the reducer cannot be missing. The page (`App`) passes it to a few containers,
//! which build read-only views and give them to pure panels.

use yew::prelude::*;

use crate::driver::Driver;
use crate::i18n::{t, Key, Lang};
use crate::session::autosave::Autosave;
use crate::session::{share, storage, Session};
use crate::state::{scenario_ids, AppState, Msg, Notice};

/// The reducer's handle: the state, and `dispatch` for intents.
pub type SimContext = UseReducerHandle<AppState>;

/// What the page and the containers receive.
#[derive(Properties, PartialEq)]
pub struct SimProps {
    pub sim: SimContext,
}

fn first_state() -> AppState {
    let url = crate::url::read_setup();
    let saved = storage::load().and_then(|text| Session::parse(&text, &scenario_ids()).ok());
    let browser_lang = Lang::from_browser(&crate::dom::browser_languages()).unwrap_or(Lang::En);
    AppState::start(
        &url,
        saved,
        browser_lang,
        crate::dom::prefers_reduced_motion(),
    )
}

/// A session in the address (`#session=…`) replaces the first state once decoded.
fn read_share_link(dispatcher: UseReducerDispatcher<AppState>, lang: Lang) {
    wasm_bindgen_futures::spawn_local(async move {
        match share::take_from_address(&scenario_ids()).await {
            None => {}
            Some(Ok(session)) => dispatcher.dispatch(Msg::Restore(Box::new(session))),
            Some(Err(e)) => dispatcher.dispatch(Msg::Notify(Notice {
                ok: false,
                text: format!("{}: {}", t(lang, Key::LinkDamaged), e.message(lang)),
                action: None,
                fleeting: false,
            })),
        }
    });
}

/// Wraps the page type `P`, fixed at compile time (`SimProvider<App>`).
#[function_component(SimProvider)]
pub fn sim_provider<P>() -> Html
where
    P: BaseComponent<Properties = SimProps>,
{
    let sim = use_reducer(first_state);
    {
        let setup = (sim.scenario_id.clone(), sim.seed, sim.lang);
        use_effect_with(setup, |(scenario, seed, lang)| {
            crate::url::write_setup(scenario, *seed, *lang)
        });
    }
    {
        let (dispatcher, lang) = (sim.dispatcher(), sim.lang);
        use_effect_with((), move |_| read_share_link(dispatcher, lang));
    }
    html! {
        <>
            <Driver on_tick={sim.dispatcher()} />
            <Autosave sim={sim.clone()} />
            <P sim={sim} />
        </>
    }
}
