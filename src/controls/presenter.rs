//! Presenter mode's controls: the page-wide hotkeys, the full-screen switch, the card
//! on the page (enter presenter mode, breakpoints), the stage's bar and explanation,
//! and the `?` list of keys. What a key does is decided by the reducer
//! (`Msg::Hotkey`); here keys only become messages.

use sim_core::view::Clock;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::diagram::DiagramLegend;
use crate::i18n::{plural, sim_text, t, Key, Lang, Plural};
use crate::sim_provider::SimProps;
use crate::state::{
    charge_rate, fault_target, latest_explanation, Breakpoint, FaultDid, FaultWhat, Halt, Hotkey,
    Msg, StageSaid,
};
use sim_core::trace::TraceEntry;

/// A field the learner types in: keys there are text, never hotkeys.
fn typing_in(target: &web_sys::Element) -> bool {
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        let kind = input.type_().to_ascii_lowercase();
        return !matches!(
            kind.as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset" | "file" | "range" | "color"
        );
    }
    let tag = target.tag_name().to_ascii_uppercase();
    tag == "TEXTAREA"
        || tag == "SELECT"
        || target
            .dyn_ref::<web_sys::HtmlElement>()
            .is_some_and(|h| h.is_content_editable())
}

/// A control that Space (and Enter) already activates: those keys stay its own. Not
/// the timeline's slider, which Space does nothing to: clicked, it kept the focus and
/// Space no longer played (the instructor walk thought the app had frozen).
fn activates(target: &web_sys::Element) -> bool {
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return !input.type_().eq_ignore_ascii_case("range");
    }
    let tag = target.tag_name().to_ascii_uppercase();
    matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY")
        || target.get_attribute("role").as_deref() == Some("button")
}

/// What a keydown means, if it is a hotkey here.
fn hotkey_of(e: &web_sys::KeyboardEvent) -> Option<Hotkey> {
    if e.default_prevented() || e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let key = e.key();
    let hotkey = Hotkey::from_key(&key)?;
    if let Some(target) = &target {
        if typing_in(target) || (key == " " && activates(target)) {
            return None;
        }
    }
    // Held down, only stepping and the speed repeat; a toggle fires once. A held step
    // never answers a far step's question.
    if e.repeat() && hotkey == Hotkey::Step {
        return Some(Hotkey::StepHeld);
    }
    let repeats = matches!(hotkey, Hotkey::Faster | Hotkey::Slower);
    (!e.repeat() || repeats).then_some(hotkey)
}

/// Esc in a field leaves it, so the next key is a hotkey again: typed in the order
/// form, P, O and Space went into Notes as "po " (the instructor walk). True when it did.
fn leave_field(e: &web_sys::KeyboardEvent) -> bool {
    if e.key() != "Escape" || e.default_prevented() {
        return false;
    }
    let field = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|t| typing_in(t));
    field
        .inspect(|f| {
            let _ = f.blur();
        })
        .is_some()
}

#[derive(Properties, PartialEq)]
pub struct HotkeysProps {
    pub on_action: Callback<Msg>,
    pub presenter: bool,
    /// Off, only Esc (leave presenter mode, close the list) still listens.
    pub enabled: bool,
}

/// Listens to the keyboard for the page's life; keeps the browser's full screen in
/// step with presenter mode (leaving full screen with the browser's own Esc leaves
/// presenter mode too).
#[function_component(Hotkeys)]
pub fn hotkeys(props: &HotkeysProps) -> Html {
    // Read by the listener at each key: the listener lives as long as the page.
    let enabled = use_mut_ref(|| true);
    *enabled.borrow_mut() = props.enabled;
    {
        let on_action = props.on_action.clone();
        use_effect_with((), move |_| {
            let keydown = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new({
                let on_action = on_action.clone();
                move |e: web_sys::KeyboardEvent| {
                    let on = *enabled.borrow();
                    if leave_field(&e) {
                        return;
                    }
                    if let Some(h) = hotkey_of(&e).filter(|h| on || *h == Hotkey::Escape) {
                        e.prevent_default();
                        on_action.emit(Msg::Hotkey(h));
                    }
                }
            });
            let fullscreen = Closure::<dyn FnMut()>::new(move || {
                if !crate::dom::is_fullscreen() {
                    on_action.emit(Msg::LeftFullscreen);
                }
            });
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(d) = &document {
                let _ =
                    d.add_event_listener_with_callback("keydown", keydown.as_ref().unchecked_ref());
                let _ = d.add_event_listener_with_callback(
                    "fullscreenchange",
                    fullscreen.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(d) = &document {
                    let _ = d.remove_event_listener_with_callback(
                        "keydown",
                        keydown.as_ref().unchecked_ref(),
                    );
                    let _ = d.remove_event_listener_with_callback(
                        "fullscreenchange",
                        fullscreen.as_ref().unchecked_ref(),
                    );
                }
                drop((keydown, fullscreen));
            }
        });
    }
    use_effect_with(props.presenter, |on| {
        let full = crate::dom::is_fullscreen();
        if *on && !full {
            crate::dom::request_fullscreen();
        } else if !*on && full {
            crate::dom::exit_fullscreen();
        }
    });
    html! {}
}

/// What a stop waits for ("a message moves to a DLQ").
fn breakpoint_condition(b: Breakpoint) -> Key {
    match b {
        Breakpoint::Dlq => Key::BpDlq,
        Breakpoint::Alarm => Key::BpAlarm,
        Breakpoint::Error => Key::BpError,
    }
}

/// The key that turns a stop on and off, as its line says it ("D: The clock will
/// pause when …"), like F's.
fn breakpoint_key(b: Breakpoint) -> &'static str {
    BREAKPOINTS
        .iter()
        .find(|(x, ..)| *x == b)
        .map_or("", |(.., key)| *key)
}

pub fn halt_headline(b: Breakpoint) -> Key {
    match b {
        Breakpoint::Dlq => Key::HaltDlq,
        Breakpoint::Alarm => Key::HaltAlarm,
        Breakpoint::Error => Key::HaltError,
    }
}

/// The three breakpoint switches: on the page as checkboxes, on the stage as buttons.
const BREAKPOINTS: [(Breakpoint, &str, Key, Key, &str); 3] = [
    (Breakpoint::Dlq, "bp-dlq", Key::BpDlq, Key::BpShortDlq, "D"),
    (
        Breakpoint::Alarm,
        "bp-alarm",
        Key::BpAlarm,
        Key::BpShortAlarm,
        "A",
    ),
    (
        Breakpoint::Error,
        "bp-error",
        Key::BpError,
        Key::BpShortError,
        "E",
    ),
];

/// An order id as the stage shows it: a UUID (lab 004's orders) cut to its first 8
/// characters, which tell orders apart in a room; it wrapped the DLQ stop's line to
/// a third row at 1280×720 (instructor walk). The lab's own ids stay whole.
fn short_order_id(id: &str) -> String {
    match id.char_indices().nth(8) {
        Some((cut, _)) if id.len() > 20 => format!("{}…", &id[..cut]),
        _ => id.to_string(),
    }
}

/// One line: where and when it happened, and what, in the learner's language.
fn entry_line(e: &TraceEntry, lang: Lang) -> Html {
    let place = crate::i18n::flow_text(lang, &e.flow());
    html! {
        <>
            <span class="explain-line__when" translate="no">{ crate::i18n::when(lang, e.at_ms) }</span>{ " " }
            <span class="explain-line__where" translate="no">{ place }</span>{ " " }
            <span class="explain-line__what">{ sim_text(lang, &e.text) }</span>
            // Which order, as the trace says it: with ten in flight, the room asked.
            if let Some(order) = &e.order_id {
                <span class="explain-line__order" translate="no" title={order.clone()}>{ format!(" · {}", short_order_id(order)) }</span>
            }
        </>
    }
}

/// What F did, in the room's words: "UpdateFunctionConfiguration applied" told the
/// outage from the fix by nothing (the lab 003 rehearsal).
fn fault_did_text(sim: &crate::state::AppState, did: &FaultDid) -> String {
    let lang = sim.lang;
    // F turns the forced error off, not the other switches: "fixed: it runs its own
    // code again" beside a slow call still on (the lab 000 walk).
    let others_on = sim
        .view(|w| w.function(&did.function_name).map(|f| f.faults.any()))
        .flatten()
        .unwrap_or(false);
    let key = match did.what {
        FaultWhat::Declines => Key::StageFaultDeclines,
        FaultWhat::Charges => Key::StageFaultCharges,
        FaultWhat::Throws => Key::StageFaultThrows,
        FaultWhat::Mended if others_on => Key::StageFaultMendedOthers,
        FaultWhat::Mended => Key::StageFaultMended,
    };
    let error = sim
        .view(|w| {
            let f = w.function(&did.function_name)?;
            Some(sim_core::labs::forced_error(&f.config.behavior).0)
        })
        .flatten()
        .unwrap_or_default();
    t(lang, key)
        .replace("{f}", &did.function_name)
        .replace("{error}", error)
}

/// The card on the page: presenter mode and the breakpoints.
#[function_component(PresenterCard)]
pub fn presenter_card(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let d = sim.dispatcher();
    let enter = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::SetPresenter(true)))
    };
    let keys = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::ShowKeys(true)))
    };
    let toggles = BREAKPOINTS.iter().filter(|bp| applies(sim, bp.0)).map(
        |(b, id, label, _, key)| {
            let (b, d) = (*b, d.clone());
            let onchange = Callback::from(move |_: Event| d.dispatch(Msg::ToggleBreakpoint(b)));
            html! {
                <label class="toggle">
                    <input type="checkbox" id={*id} checked={sim.breakpoints.is_on(b)} {onchange} />
                    <span>{ t(lang, *label) }</span>{ " " }<kbd translate="no">{ *key }</kbd>
                </label>
            }
        },
    );
    html! {
        <div class="card presenter-card">
            <div class="buttons">
                <button id="presenter-enter" class="button" onclick={enter} title={t(lang, Key::PresenterHint)}>
                    { t(lang, Key::PresenterMode) }{ " " }<kbd translate="no">{ "P" }</kbd>
                </button>
                <button id="keys-open" class="button button--small" onclick={keys}>
                    { t(lang, Key::Keys) }{ " " }<kbd translate="no">{ "?" }</kbd>
                </button>
            </div>
            <fieldset class="breakpoints">
                <legend>{ t(lang, Key::PauseWhen) }</legend>
                { for toggles }
            </fieldset>
            if let Some(Halt { breakpoint, entry }) = &sim.halted {
                <p class="note note--halt" id="halt-note" role="status">
                    <strong>{ t(lang, halt_headline(*breakpoint)) }</strong>{ " " }{ entry_line(entry, lang) }
                </p>
            }
        </div>
    }
}

/// Whether a breakpoint is offered: it can happen in this world
/// (`AppState::breakpoint_reachable`), or it is on. One switched on in another lab
/// still shows, to be switched off.
fn applies(sim: &crate::state::AppState, b: Breakpoint) -> bool {
    sim.breakpoints.is_on(b) || sim.breakpoint_reachable(b)
}

/// A lab's name up to its colon ("Lab 004, stage 2"; "Aula 4" from "Lab 000 · Aula
/// 4: …", the name the room knows it by), the stage's title: the whole name was cut
/// to "Aula 4: pedidos, cancelamento,…" at 1280 px, and at 1920 in Portuguese or
/// while playing (the instructor walks); "Lab 000 · Aula 4" wrapped the bar to two
/// rows and shrank the diagram. The whole name when nothing comes before a colon.
fn short_title(title: &str) -> &str {
    match title.split_once(':') {
        Some((short, _)) if !short.trim().is_empty() => {
            let short = short.trim_end();
            short.split_once(" · ").map_or(short, |(_, own)| own)
        }
        _ => title,
    }
}

/// The stage's bar: the clock, time's state and speed, the breakpoints, the keys.
/// The guided lab's step `i` (0-based), numbered, in the page's language ("3. Break
/// the payments"). None without a guide or past its last step.
fn step_title(sim: &crate::state::AppState, i: usize) -> Option<String> {
    sim.view(|w| {
        let s = w.scenario();
        sim_core::scenario::translation::step_title_in(
            &s.translations,
            s.guide.as_ref()?,
            sim.lang.param(),
            i,
        )
    })
    .flatten()
}

/// The guided lab's current step. None without a guide or once every step is done.
fn current_step(sim: &crate::state::AppState) -> Option<String> {
    step_title(sim, sim.guide_step())
}

/// The widest the title gets in this lab, in characters, on one line: its name, then
/// each step of its guide or the line when all are done. The title keeps that width
/// at every step, so the controls beside it stay put (Play moved 340 px when the step
/// changed, the rehearsal).
fn widest_title_chars(sim: &crate::state::AppState, title: &str) -> usize {
    let lang = sim.lang;
    let steps: Vec<String> = (0..).map_while(|i| step_title(sim, i)).collect();
    let finished = format!("✓ {}", t(lang, Key::GuideFinished));
    let name = short_title(title).chars().count();
    if steps.is_empty() {
        return name;
    }
    let separator = " · ".chars().count();
    steps
        .iter()
        .chain([&finished])
        .map(|s| name + separator + s.chars().count())
        .max()
        .unwrap_or(name)
}

#[function_component(StageBar)]
pub fn stage_bar(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let d = sim.dispatcher();
    let clock = sim.view(Clock::of).unwrap_or_default();
    let rewound = sim.timeline.borrow().rewound_to.is_some();
    let send = |m: fn() -> Msg| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(m()))
    };
    let toggles = BREAKPOINTS
        .iter()
        .filter(|bp| applies(sim, bp.0))
        .map(|(b, id, long, short, key)| {
        let (b, d2) = (*b, d.clone());
        let on = sim.breakpoints.is_on(b);
        let onclick = Callback::from(move |_: MouseEvent| d2.dispatch(Msg::ToggleBreakpoint(b)));
        html! {
            <button id={format!("stage-{id}")} class={classes!("button", "stage__toggle", on.then_some("is-on"))} aria-pressed={on.to_string()} title={format!("{} {}", t(lang, Key::PauseWhen), t(lang, *long))} {onclick}>
                { t(lang, *short) }{ " " }<kbd translate="no">{ *key }</kbd>
            </button>
        }
    });
    let play = {
        let (d, playing) = (d.clone(), sim.playing);
        Callback::from(move |_: MouseEvent| {
            d.dispatch(if playing { Msg::Pause } else { Msg::Play })
        })
    };
    // A click leaves the focus where it was, so the next Space still plays and pauses
    // (a clicked + kept it and took Space as its own, the review found), as the
    // stage's boxes do (diagram/view.rs); Tab and Space or Enter still reach and press
    // every button.
    let keep_focus = Callback::from(|e: MouseEvent| e.prevent_default());
    let title = sim.scenario_title();
    // The bar is drawn every frame while time runs; the step changes far less often.
    // Every step done: said, and the bar keeps its height (it shrank 6 px and the
    // diagram moved, with nothing saying why, the re-walk).
    let step = use_memo((sim.guide_step(), lang, sim.scenario_id.clone()), |_| {
        let has_guide = sim.view(|w| w.scenario().guide.is_some()).unwrap_or(false);
        current_step(sim)
            .or_else(|| has_guide.then(|| format!("✓ {}", t(lang, Key::GuideFinished))))
    });
    let widest = *use_memo((lang, sim.scenario_id.clone()), |_| {
        widest_title_chars(sim, &title)
    });
    html! {
        <div class="stage__bar" role="toolbar" aria-label={t(lang, Key::PresenterMode)} onmousedown={keep_focus}>
            // The lab's name, then the guided lab's step, on up to two lines (no guide:
            // the name alone). The step sat in the room the bar had left and showed "1."
            // at 1280 px and "1. Envie u…" at 1920 in lab 004's later stages; on a line
            // of its own under the name, four of lab 003's five steps were cut at 1920.
            <span class="stage__title" title={title.clone()} style={format!("max-width: {}ch", widest + 1)}>
                if let Some(step) = (*step).clone() {
                    <span class="stage__lines">
                        <span class="stage__name">{ short_title(&title).to_string() }</span>
                        <span id="stage-guide" class="stage__guide" title={step.clone()}>{ step }</span>
                    </span>
                } else {
                    <span class="stage__name">{ short_title(&title).to_string() }</span>
                }
            </span>
            // Rewound, the clock says so from the back of the room: only the
            // timeline's small blue time did (the instructor walk).
            <span id="stage-clock" class={classes!("stage__clock", rewound.then_some("is-rewound"))} translate="no" title={rewound.then(|| t(lang, Key::TimelineRewound))}>{ crate::i18n::when(lang, clock.now_ms) }</span>
            // Says what it does, as a player's button and the page's do (it said
            // "▶ paused": a play sign beside the state read as a contradiction).
            <button id="stage-play" class="button stage__play" onclick={play}>
                { if sim.playing { "❚❚ " } else { "▶ " } }{ if sim.playing { t(lang, Key::Pause) } else { t(lang, Key::Play) } }
            </button>
            // The speed, with buttons as well as keys: a mouse or a clicker in the
            // instructor's hand could not change it (the walk found "10×" a label).
            <span class="stage__group stage__speeds">
                <button id="stage-slower" class="button stage__step" onclick={send(|| Msg::Hotkey(Hotkey::Slower))} aria-label={t(lang, Key::SpeedSlower)} title={t(lang, Key::SpeedSlower)}>{ "−" }</button>
                <span id="stage-speed" class="stage__speed">{ format!("{}×", sim.speed) }</span>
                <button id="stage-faster" class="button stage__step" onclick={send(|| Msg::Hotkey(Hotkey::Faster))} aria-label={t(lang, Key::SpeedFaster)} title={t(lang, Key::SpeedFaster)}>{ "+" }</button>
            </span>
            <span class="stage__group" role="group" aria-label={t(lang, Key::PauseWhen)}>
                // Below 2200 px the switches alone (each says what it pauses on hover):
                // "Lab 004, etapa 3 corrigida" wrapped the bar to a second row.
                <span class="stage__label stage__wide">{ t(lang, Key::PauseWhen) }</span>
                { for toggles }
            </span>
            <span class="stage__end">
                // Below 2200 px the word gives its room to the speed's buttons ("?" says it).
                <button id="stage-keys" class="button" onclick={send(|| Msg::ShowKeys(true))} aria-label={format!("{} ?", t(lang, Key::Keys))}>
                    <span class="stage__wide">{ t(lang, Key::Keys) }{ " " }</span><kbd translate="no">{ "?" }</kbd>
                </button>
                // Below 2200 px "Esc" alone: lab 004's longer title wrapped "?" and this
                // button to a second row at 1280, and the diagram lost 36 px.
                <button id="presenter-leave" class="button" onclick={send(|| Msg::SetPresenter(false))} aria-label={format!("{} Esc", t(lang, Key::PresenterLeave))} title={t(lang, Key::PresenterLeave)}>
                    <span class="stage__wide">{ t(lang, Key::PresenterLeave) }{ " " }</span><kbd translate="no">{ "Esc" }</kbd>
                </button>
            </span>
        </div>
    }
}

/// What the last key did (G, D/A/E, F, R), in one line, with the id its line has on
/// the stage. Said on the page too: F on the page changed the selected function's
/// fault and nothing on screen said so (the student walk thought its fix was lost).
pub fn key_said(sim: &crate::state::AppState) -> Option<(&'static str, String)> {
    let lang = sim.lang;
    if let Some(step) = sim.shown_step().and_then(|i| step_title(sim, i)) {
        // What G just did, by the guide's own step title (the stage hides the guide).
        return Some((
            "stage-step",
            format!("{}: {step}", t(lang, Key::StageShowMeDid)),
        ));
    }
    match sim.stage_said.as_ref()? {
        StageSaid::Fault(did) => Some(("stage-fault", fault_did_text(sim, did))),
        StageSaid::RedriveEmpty(dlq) => Some((
            "stage-redrive-empty",
            t(lang, Key::StageRedriveEmpty).replace("{dlq}", dlq),
        )),
        StageSaid::RedriveInFlight(dlq, n) => Some((
            "stage-redrive-empty",
            plural(lang, Plural::StageRedriveInFlight, *n).replace("{dlq}", dlq),
        )),
        StageSaid::Break(b, on) => Some((
            "stage-break",
            format!(
                "{}: {} {}",
                breakpoint_key(*b),
                t(
                    lang,
                    if *on {
                        Key::StageBreakOn
                    } else {
                        Key::StageBreakOff
                    }
                ),
                t(lang, breakpoint_condition(*b))
            ),
        )),
        StageSaid::NothingBack => Some((
            "stage-nothing-back",
            t(lang, Key::StageNothingBack).to_string(),
        )),
        StageSaid::Step(_) => None,
    }
}

/// The last key's line on the page, under the clock.
#[function_component(KeySaid)]
pub fn key_said_line(props: &SimProps) -> Html {
    // The guide card says what Show me did.
    let said = key_said(&props.sim).filter(|(id, _)| *id != "stage-step");
    match said.filter(|_| !props.sim.presenter) {
        Some((_, text)) => html! { <p id="key-said" class="note" role="status">{ text }</p> },
        None => html! {},
    }
}

/// The stage's explanation: where the clock stopped and why, else the latest event.
#[function_component(Explanation)]
pub fn explanation(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let (headline, entry) = match &sim.halted {
        Some(h) => (
            Some(t(lang, halt_headline(h.breakpoint))),
            Some(h.entry.clone()),
        ),
        None => (
            None,
            sim.explained
                .as_ref()
                .map(|x| x.entry.clone())
                .or_else(|| sim.view(latest_explanation).flatten()),
        ),
    };
    let said = key_said(sim).filter(|_| headline.is_none());
    let far_step = sim.far_step_to().map(|at| {
        let clock = sim.view(Clock::of).unwrap_or_default();
        crate::controls::time::far_step_text(lang, &clock, at)
    });
    html! {
        <div id="stage-explain" class={classes!("stage__explain", headline.is_some().then_some("is-halted"))} aria-live="polite">
            if let Some(h) = headline { <p class="stage__headline">{ "❚❚ " }{ h }</p> }
            if let Some(text) = far_step { <p class="stage__headline stage__headline--ask" id="stage-far-step">{ text }</p> }
            if let Some((id, text)) = said { <p class="stage__headline stage__headline--step" id={id}>{ text }</p> }
            if sim.nothing_left { <p class="stage__headline stage__headline--step" id="stage-nothing-left">{ t(lang, Key::StageNothingLeft) }</p> }
            if sim.quiet_step { <p class="stage__headline stage__headline--step" id="stage-quiet-step">{ t(lang, Key::StageQuietStep) }</p> }
            if let Some(n) = sim.notice.as_ref().filter(|n| !n.ok) {
                <p class="stage__refused" role="alert"><strong>{ t(lang, Key::Refused) }{ ": " }</strong>{ n.text.clone() }</p>
            }
            <p class="stage__line">
                { match &entry {
                    Some(e) => entry_line(e, lang),
                    // "Submit 10 orders" on a paused page: nothing happened yet, but
                    // something will ("press O" read as if the orders were lost).
                    None => match sim.view(|w| w.scheduled_actions()).unwrap_or(0) {
                        0 => html! { { t(lang, Key::NothingYet) } },
                        n => html! { { format!("{}: {}", plural(lang, Plural::ActionsScheduled, n as u64), t(lang, Key::ScheduledPressPlay)) } },
                    },
                } }
            </p>
        </div>
    }
}

/// The head of the inspector while it lies over the stage: what it is, and how to
/// go back to the diagram.
#[function_component(StageInspectHead)]
pub fn stage_inspect_head(props: &SimProps) -> Html {
    let lang = props.sim.lang;
    // Opened, or on another box while open: from the top, at a queue's messages, or
    // at an error stop at the function's latest error.
    let at_error = props
        .sim
        .halted
        .as_ref()
        .is_some_and(|h| h.breakpoint == Breakpoint::Error);
    use_effect_with(
        (props.sim.selected.clone(), props.sim.selections, at_error),
        |(chosen, _, at_error)| crate::dom::show_stage_inspector(chosen.clone(), *at_error),
    );
    let close = {
        let d = props.sim.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::SetInspecting(false)))
    };
    html! {
        <div class="panel-head stage-inspect__head">
            // The box's name stays in view: opened at a DLQ's redrive, the queue's
            // own heading was scrolled away (the instructor walk).
            <h2 id="stage-inspect-title">
                { t(lang, Key::Inspect) }
                if let Some(name) = &props.sim.selected {
                    { " · " }<span class="stage-inspect__name">{ name.clone() }</span>
                }
            </h2>
            <button id="inspect-close" class="button" onclick={close} title={t(lang, Key::InspectClose)}>
                { t(lang, Key::InspectClose) }{ " " }<kbd translate="no">{ "I" }</kbd>{ " " }<kbd translate="no">{ "Esc" }</kbd>
            </button>
        </div>
    }
}

/// Each key and what it does, naming the function F breaks, the DLQ R redrives and
/// the guide step G shows (the stage hides the guide: G acted blindly); of the stops,
/// only those the lab can reach (`stops`: what each pauses on, and its key).
fn keys_table(
    lang: Lang,
    (function, declines): (Option<String>, bool),
    dlq: Option<String>,
    step: Option<String>,
    stops: &[(Key, &'static str)],
) -> Html {
    let named = |key: Key, name: Option<String>| {
        html! {
            <>{ t(lang, key) }{ " " }
            { match name {
                Some(n) => html! { <code>{ n }</code> },
                None => html! { <em>{ t(lang, Key::NoTarget) }</em> },
            } }</>
        }
    };
    let k = |keys: &[&str]| {
        let or = t(lang, Key::KeyOr);
        let mut out = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            if i > 0 {
                out.push(html! { <span class="keys__or">{ format!(" {or} ") }</span> });
            }
            out.push(html! { <kbd>{ *key }</kbd> });
        }
        html! { <th scope="row">{ for out }</th> }
    };
    let bp = |b: Key| html! { <>{ t(lang, Key::KeyBreak) }{ " " }{ t(lang, b) }</> };
    let space = t(lang, Key::KeySpace);
    html! {
        <table class="keys__table">
            <tbody>
                <tr>{ k(&["P"]) }<td>{ t(lang, Key::KeyPresenter) }</td></tr>
                <tr>{ k(&["Esc"]) }<td>{ t(lang, Key::KeyEscape) }</td></tr>
                <tr>{ k(&[space]) }<td>{ t(lang, Key::KeyPlay) }</td></tr>
                <tr>{ k(&["→", "N"]) }<td>{ t(lang, Key::StepNext) }</td></tr>
                <tr>{ k(&["+", "−"]) }<td>{ t(lang, Key::KeySpeed) }</td></tr>
                <tr>{ k(&["F"]) }<td>{ named(if declines { Key::KeyDecline } else { Key::KeyFault }, function) }</td></tr>
                <tr>{ k(&["O"]) }<td>{ t(lang, Key::KeyOrder) }</td></tr>
                <tr>{ k(&["R"]) }<td>{ named(Key::KeyRedrive, dlq) }</td></tr>
                <tr>{ k(&["G"]) }<td>{ t(lang, Key::KeyNextStep) }{ " " }
                    { match step {
                        Some(s) => html! { <strong>{ s }</strong> },
                        None => html! { <em>{ t(lang, Key::NoStepLeft) }</em> },
                    } }</td></tr>
                <tr>{ k(&["B"]) }<td>{ t(lang, Key::KeyBack) }</td></tr>
                <tr>{ k(&["I"]) }<td>{ t(lang, Key::KeyInspect) }</td></tr>
                { for stops.iter().map(|(long, key)| html! { <tr>{ k(&[key]) }<td>{ bp(*long) }</td></tr> }) }
                <tr>{ k(&["?"]) }<td>{ t(lang, Key::KeyHelp) }</td></tr>
            </tbody>
        </table>
    }
}

/// The `?` list: every key and what it does here (which function F breaks, which DLQ
/// R redrives).
#[function_component(KeysOverlay)]
pub fn keys_overlay(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let (graph, selected) = (sim.graph.clone(), sim.selected.clone());
    // A function that charges breaks as its lab does, by declining (state/presenter.rs).
    let (function, declines) = sim
        .view(|w| {
            let f = fault_target(w, &graph, selected.as_deref());
            let declines = f.as_deref().and_then(|f| charge_rate(w, f)).is_some();
            (f, declines)
        })
        .unwrap_or_default();
    let dlq = sim
        .view(|w| crate::state::redrive_target(w, &graph, selected.as_deref()))
        .flatten();
    let step = current_step(sim);
    let close = {
        let d = sim.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::ShowKeys(false)))
    };
    let on_switch = {
        let (d, on) = (sim.dispatcher(), sim.hotkeys_on);
        Callback::from(move |_: Event| d.dispatch(Msg::SetHotkeys(!on)))
    };
    // The stops as the stage's bar offers them: A in a lab with no alarm listed a
    // key that does nothing (the FIFO walk).
    let stops: Vec<(Key, &'static str)> = BREAKPOINTS
        .iter()
        .filter(|bp| applies(sim, bp.0))
        .map(|(_, _, long, _, key)| (*long, *key))
        .collect();
    html! {
        <div class="keys-backdrop">
            <div id="keys-overlay" class="keys" role="dialog" aria-modal="true" aria-labelledby="keys-title">
                <div class="panel-head">
                    <h2 id="keys-title">{ t(lang, Key::KeysTitle) }</h2>
                    <button ref={close_ref} id="keys-close" class="button" onclick={close}>{ t(lang, Key::Close) }{ " " }<kbd translate="no">{ "Esc" }</kbd></button>
                </div>
                <p class="muted">{ t(lang, Key::KeysNote) }</p>
                <label class="toggle">
                    <input type="checkbox" id="hotkeys-on" checked={sim.hotkeys_on} onchange={on_switch} />
                    <span>{ t(lang, Key::HotkeysOn) }</span>
                </label>
                { keys_table(lang, (function, declines), dlq, step, &stops) }
                // The stage has no room for the page's legend under the diagram: the
                // dots' colours were read nowhere (the instructor walk).
                <h3 class="keys__colours">{ t(lang, Key::KeysColours) }</h3>
                <DiagramLegend graph={sim.stage_graph.clone()} {lang} />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_short_stage_title_is_the_labs_name_up_to_its_colon() {
        use super::short_title;
        assert_eq!(
            short_title("Lab 000 · Aula 4: pedidos, cancelamento, alteração e DLQs"),
            "Aula 4"
        );
        assert_eq!(
            short_title("Lab 004, stage 2: SQS worker and DLQ"),
            "Lab 004, stage 2"
        );
        assert_eq!(short_title("My lab"), "My lab");
        assert_eq!(short_title(": only after"), ": only after");
    }

    #[test]
    fn a_uuid_order_id_is_cut_and_a_lab_id_is_not() {
        use super::short_order_id;
        assert_eq!(
            short_order_id("bc0a595b-03b1-482d-b15d-dfd7dd4f9fe3"),
            "bc0a595b…"
        );
        assert_eq!(short_order_id("apiP001"), "apiP001");
        assert_eq!(short_order_id("ORD-BATCH-004"), "ORD-BATCH-004");
        // Multi-byte text is cut at a character boundary, never inside one.
        assert_eq!(short_order_id("ééééééééééééééééééééé"), "éééééééé…");
    }
}
