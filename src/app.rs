//! The page's layout: the header, the refusal notice and the three regions. Layout
//! only: plain values go to the pure controls, the handle to the containers that build
//! the panels' views.

use sim_core::view::Clock;
use yew::prelude::*;

use crate::controls::confirm_wipe::ConfirmWipe;
use crate::controls::guide::GuideCard;
use crate::controls::header::Header;
use crate::controls::moment::{MomentLine, MomentPlace};
use crate::controls::notice::NoticeBar;
use crate::controls::presenter::{
    Explanation, Hotkeys, KeySaid, KeysOverlay, PresenterCard, StageBar, StageInspectHead,
};
use crate::controls::session::SessionCard;
use crate::controls::template::TemplateCard;
use crate::controls::time::TimeControls;
use crate::controls::timeline::TimelineBar;
use crate::diagram::{Diagram, DiagramLegend};
use crate::forms::Forms;
use crate::i18n::{t, Key};
use crate::inspector::Inspector;
use crate::sim_provider::SimProps;
use crate::state::{Msg, Wipe};

#[function_component(App)]
pub fn app(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    // The dispatcher is the same for the page's whole life, so unchanged controls
    // are not re-rendered every frame.
    let on_action: Callback<Msg> = sim.dispatcher().into();
    let clock = sim.view(Clock::of).unwrap_or_default();
    // Forms start afresh for each scenario, template and seed.
    let forms_key = match &sim.template {
        Some(l) if sim.scenario_id == crate::state::template::TEMPLATE_ID => {
            format!("{}-{:x}-{}", sim.scenario_id, l.text_hash, sim.seed)
        }
        _ => format!("{}-{}", sim.scenario_id, sim.seed),
    };
    // The question before wiping the session, next to the control that asked.
    let confirm = |for_reset: bool| match &sim.pending_wipe {
        Some(w) if matches!(w, Wipe::Reset) == for_reset => {
            let opening = match w {
                Wipe::Reset => None,
                // Another seed of the same scenario starts it over; another scenario opens.
                Wipe::Load { scenario_id, .. } if *scenario_id == sim.scenario_id => None,
                Wipe::Load { scenario_id, .. } => Some(scenario_id.clone()),
                Wipe::Template { file, .. } => Some(file.clone()),
            };
            html! {
                <ConfirmWipe actions={sim.journal.len() as u64} {opening} {lang} on_action={on_action.clone()} />
            }
        }
        _ => html! {},
    };
    let asked = match &sim.pending_wipe {
        Some(Wipe::Load { scenario_id, seed }) => Some((scenario_id.clone(), *seed)),
        _ => None,
    };
    let presenter = sim.presenter;
    let inspecting = presenter && sim.inspecting;
    html! {
        <div class={classes!("app", presenter.then_some("app--presenter"), inspecting.then_some("app--inspecting"))}>
            // For the keyboard: the diagram is many Tab stops after the controls.
            <a class="skip-link" href="#diagram" onclick={Callback::from(|e: MouseEvent| {
                e.prevent_default();
                crate::dom::back_to_diagram(None);
            })}>{ t(lang, Key::SkipToDiagram) }</a>
            <Hotkeys on_action={on_action.clone()} {presenter} enabled={sim.hotkeys_on} />
            <Header scenario_id={sim.scenario_id.clone()} template={sim.template.as_ref().map(|l| l.file.clone())} seed={sim.seed} {lang} asking={sim.pending_wipe.is_some()} {asked} on_action={on_action.clone()} />
            { confirm(false) }
            <NoticeBar notice={sim.notice.clone()} {lang} on_action={on_action.clone()} />
            <main class="layout">
                <section id="controls" class="region region--controls" aria-labelledby="controls-heading">
                    <h2 id="controls-heading" class="region__title">{ t(lang, Key::Controls) }</h2>
                    <GuideCard key={format!("guide-{forms_key}")} sim={sim.clone()} />
                    <TimeControls {clock} playing={sim.playing} halted={sim.halted.as_ref().map(|h| crate::controls::presenter::halt_headline(h.breakpoint))} speed={sim.speed} far_step_to={sim.far_step_to()} {lang} on_action={on_action.clone()} />
                    <KeySaid sim={sim.clone()} />
                    { confirm(true) }
                    // The forms right under the clock: a guide's step says "send … and
                    // let 10 s pass", and at 1280×720 the form was a screen away from it.
                    <Forms key={forms_key} sim={sim.clone()} />
                    <PresenterCard sim={sim.clone()} />
                    <SessionCard sim={sim.clone()} />
                    <TemplateCard sim={sim.clone()} />
                </section>
                <section id="diagram" class="region region--diagram" aria-labelledby="diagram-heading">
                    <h2 id="diagram-heading" class="region__title">{ t(lang, Key::Architecture) }</h2>
                    if presenter {
                        <StageBar sim={sim.clone()} />
                    }
                    <Diagram sim={sim.clone()} />
                    if presenter {
                        // The moment lies over the timeline and the explanation (all of
                        // the foot: half a timeline peeked out above a short one), and
                        // takes no room of its own: in the flow it shrank every box
                        // while it showed (names 18 to 15.6 px at 1280×720, the
                        // instructor walk).
                        <div class="stage__foot">
                            <TimelineBar sim={sim.clone()} />
                            <Explanation sim={sim.clone()} />
                            <MomentLine sim={sim.clone()} place={MomentPlace::Stage} />
                        </div>
                    } else {
                        // The moment right under the diagram, where the eyes are; the
                        // legend, read once, last.
                        <MomentLine sim={sim.clone()} place={MomentPlace::Page} />
                        <TimelineBar sim={sim.clone()} />
                        <DiagramLegend graph={sim.stage_graph.clone()} {lang} />
                    }
                </section>
                <section id="panels" class="region region--panels" aria-labelledby="panels-heading" tabindex={inspecting.then_some("-1")} onmousedown={inspecting.then(|| Callback::from(crate::dom::keep_focus_off_buttons))}>
                    <h2 id="panels-heading" class="region__title">{ t(lang, Key::Inspect) }</h2>
                    if inspecting { <StageInspectHead sim={sim.clone()} /> }
                    <Inspector sim={sim.clone()} />
                </section>
            </main>
            if sim.keys_open { <KeysOverlay sim={sim.clone()} /> }
        </div>
    }
}
