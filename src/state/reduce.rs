//! The reducer: one message in, the next state out. The world runs here, a bounded
//! number of events per frame.

use std::rc::Rc;

use yew::prelude::*;

use super::app_state::{AppState, Notice, Wipe};
use super::msg::Msg;
use super::presenter::{run_watching, StageSaid};
use super::session::settle;
use crate::i18n::{plural, t, Key, Plural};
use crate::session::Session;

/// At most this many events per frame (≈ 50 ms of engine work in wasm), so a heavy
/// backlog at 1,000× slows the sim clock instead of freezing the page.
const MAX_EVENTS_PER_TICK: u32 = 1_500;
/// A frame longer than this (a background tab) advances time as if it were this long.
const MAX_FRAME_MS: f64 = 250.0;

impl Reducible for AppState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = self.next();
        s.wall_ms = s.wall_ms.max(s.wall_clock.get());
        // The learner asked for it (a key, a step, a skip, an action): the stage says
        // what it did at once, whatever line it was holding.
        // A step that only asks about a far event changes nothing yet: a rewound
        // future is not cut for a question.
        let asked = changes_world(&msg) && !(is_step(&msg) && s.far_step_unasked().is_some());
        // A far step waits for the next step only: anything else that acts cancels it.
        if !keeps_far_step(&msg) {
            s.far_step = None;
        }
        if !matches!(msg, Msg::Tick { .. }) {
            s.nothing_left = false;
            s.quiet_step = false;
        }
        // Held so that any change to the journal (an action recorded, a future cut)
        // makes a new one: `Rc::make_mut` copies a shared vector.
        let journal_before = s.journal.clone();
        let clock = s.view(|w| w.now_ms());
        match msg {
            Msg::Tick {
                wall_now_ms,
                wall_dt_ms,
            } => {
                s.wall_ms = wall_now_ms;
                if s.playing {
                    let sim_dt_ms = (wall_dt_ms.clamp(0.0, MAX_FRAME_MS) * s.speed as f64) as u64;
                    let breakpoints = s.breakpoints;
                    let recorded_ms = s.next_recorded_ms().unwrap_or(u64::MAX);
                    let halt = s.view_mut(|w| {
                        let until_ms = (w.now_ms() + sim_dt_ms).min(recorded_ms);
                        run_watching(w, until_ms, MAX_EVENTS_PER_TICK, breakpoints)
                    });
                    if let Some(halt) = halt.flatten() {
                        s.playing = false;
                        s.halted = Some(halt);
                    }
                    s.replay_recorded();
                    s.count_stage_moment(wall_dt_ms.clamp(0.0, MAX_FRAME_MS));
                } else if s.tokens.is_empty() {
                    // Nothing moves: keep the old state so nothing re-renders.
                    self.wall_clock.set(wall_now_ms);
                    return self;
                }
            }
            Msg::Play => s.set_playing(true),
            Msg::Pause => s.set_playing(false),
            Msg::Step => s.step(),
            Msg::Skip { sim_ms } => s.skip(sim_ms),
            Msg::SetSpeed(x) => s.speed = x.clamp(1, 1000),
            Msg::Load { scenario_id, seed } => {
                return Rc::new(s.wipe(Wipe::Load { scenario_id, seed }, false))
            }
            Msg::Reset => return Rc::new(s.wipe(Wipe::Reset, false)),
            Msg::ConfirmWipe => match s.pending_wipe.take() {
                Some(wipe) => return Rc::new(s.wipe(wipe, true)),
                None => return self,
            },
            Msg::CancelWipe => s.pending_wipe = None,
            Msg::Apply(action) => {
                // A key's line is about the last thing done; Show me's stays on its card.
                if !matches!(s.stage_said, Some(StageSaid::Step(_))) {
                    s.stage_said = None;
                }
                s.apply(*action)
            }
            Msg::Schedule(steps) => s.schedule(steps),
            Msg::LoadTemplate { file, text } => {
                return Rc::new(s.load_template(&file, &text, false))
            }
            Msg::Restore(session) => return Rc::new(s.restore(&session)),
            Msg::Autosaved(status) if status == s.autosave => return self,
            Msg::Autosaved(status) => s.autosave = status,
            Msg::Notify(notice) => s.notice = Some(notice),
            Msg::Select(node) => {
                s.selections += u64::from(node.is_some());
                s.selected = node;
                // Chosen by the learner now: closing the inspector keeps it.
                s.inspect_chose = false;
            }
            Msg::SelectOrder(o) => s.selected_order = o,
            Msg::SetLang(l) => s.lang = l,
            Msg::Dismiss => s.notice = None,
            Msg::FormEdited if s.notice.as_ref().is_some_and(Notice::is_paused_note) => {
                s.notice = None
            }
            Msg::FormEdited => return self,
            Msg::GuideProgress(n) if n == s.guide_done() => return self,
            Msg::GuideProgress(n) => s.set_guide_progress(n),
            Msg::GuideRestored(at_ms) => s.restore_guide_marks(at_ms),
            Msg::Rewind(t) => s.rewind_to(t),
            Msg::DismissMoment => s.moment = None,
            Msg::ShowTrace(seq) => s.trace_focus = Some(seq),
            Msg::Hotkey(key) => s.hotkey(key),
            Msg::SetPresenter(on) if on == s.presenter => return self,
            Msg::SetPresenter(on) => s.set_presenter(on),
            Msg::SetInspecting(on) => s.set_inspecting(on),
            Msg::LeftFullscreen => s.left_fullscreen(),
            Msg::ToggleBreakpoint(b) => s.breakpoints.toggle(b),
            Msg::ShowKeys(open) => s.keys_open = open,
            Msg::SetHotkeys(on) => s.hotkeys_on = on,
        }
        // Time moved: "sent, but time is paused" no longer holds.
        if s.view(|w| w.now_ms()) != clock && s.notice.as_ref().is_some_and(Notice::is_paused_note)
        {
            s.notice = None;
        }
        s.capture(!Rc::ptr_eq(&journal_before, &s.journal));
        s.absorb_trace(asked);
        if let Some(h) = &s.halted {
            s.halt_said = Some(h.entry.seq);
        }
        Rc::new(s)
    }
}

fn is_step(msg: &Msg) -> bool {
    use super::presenter::Hotkey as H;
    matches!(msg, Msg::Step | Msg::Hotkey(H::Step | H::StepHeld))
}

/// Whether a far step asked about stays asked: a step (which goes) and what neither
/// moves time nor acts on the world (a frame, the speed, a breakpoint, the language,
/// a selection, the key list).
fn keeps_far_step(msg: &Msg) -> bool {
    use super::presenter::Hotkey as H;
    matches!(
        msg,
        Msg::Step
            | Msg::Hotkey(
                H::Step
                    | H::StepHeld
                    | H::Keys
                    | H::Presenter
                    | H::Escape
                    | H::Faster
                    | H::Slower
                    | H::Break(_)
            )
            | Msg::Tick { .. }
            | Msg::SetSpeed(_)
            | Msg::ToggleBreakpoint(_)
            | Msg::Dismiss
            | Msg::DismissMoment
            | Msg::SetLang(_)
            | Msg::Select(_)
            | Msg::SelectOrder(_)
            | Msg::ShowKeys(_)
            | Msg::SetPresenter(_)
            | Msg::Autosaved(_)
            | Msg::FormEdited
            | Msg::ShowTrace(_)
    )
}

/// Whether a message moves time or acts on the world: from a rewound moment, these
/// fork a new future.
fn changes_world(msg: &Msg) -> bool {
    use super::presenter::Hotkey as H;
    match msg {
        Msg::Play | Msg::Step | Msg::Skip { .. } | Msg::Apply(_) | Msg::Schedule(_) => true,
        Msg::Hotkey(k) => matches!(
            k,
            H::PlayPause
                | H::Step
                | H::StepHeld
                | H::ToggleFault
                | H::SendOrder
                | H::Redrive
                | H::NextStep
        ),
        _ => false,
    }
}

impl AppState {
    /// A fresh world; the language, speed, motion setting and wall clock carry over.
    fn reloaded(&self, scenario_id: &str, seed: u64) -> AppState {
        if scenario_id == super::template::TEMPLATE_ID {
            if let Some(next) = self.template_reloaded(seed) {
                return next;
            }
        }
        let fresh = AppState::new(scenario_id, seed, self.lang, self.reduce_motion);
        self.carried_into(fresh)
    }

    /// What stays with the page when its world is replaced (the template too, so
    /// the picker can go back to it).
    pub(super) fn carried_into(&self, next: AppState) -> AppState {
        AppState {
            version: self.version,
            wall_ms: self.wall_ms,
            wall_clock: self.wall_clock.clone(),
            speed: self.speed,
            autosave: self.autosave,
            presenter: self.presenter,
            hotkeys_on: self.hotkeys_on,
            breakpoints: self.breakpoints,
            template: next.template.clone().or_else(|| self.template.clone()),
            ..next
        }
    }

    /// Starts over (a reset, another scenario or seed); with actions to lose, only
    /// once the learner confirms.
    fn wipe(mut self, wipe: Wipe, confirmed: bool) -> AppState {
        if self.has_actions() && !confirmed {
            self.pending_wipe = Some(wipe);
            return self;
        }
        match wipe {
            Wipe::Reset => {
                let (id, seed) = (self.scenario_id.clone(), self.seed);
                self.reloaded(&id, seed)
            }
            Wipe::Load { scenario_id, seed } => self.reloaded(&scenario_id, seed),
            Wipe::Template { file, text } => self.load_template(&file, &text, true),
        }
    }

    fn schedule(&mut self, steps: Vec<sim_core::ScriptStep>) {
        self.fork_if_rewound();
        let n = steps.len() as u64;
        let at_ms = self.view_mut(|w| {
            let at_ms = settle(w);
            w.add_script(steps.clone());
            at_ms
        });
        if let Some(at_ms) = at_ms {
            self.record_schedule(at_ms, steps);
        }
        let mut text = plural(self.lang, Plural::ActionsScheduled, n);
        if !self.playing {
            text = format!("{text}. {}", t(self.lang, Key::PausedScheduled));
        }
        self.notice = Some(Notice {
            ok: true,
            text,
            action: Some("Schedule"),
            fleeting: true,
        });
    }

    /// A session from a file or a link; says so when this version replays it
    /// differently from the one that saved it.
    fn restore(&self, session: &Session) -> AppState {
        let mut next = self.carried_into(AppState::restored(session, self.reduce_motion));
        // A file's or a link's speed, when it has one; the page's otherwise.
        next.speed = session.speed.unwrap_or(next.speed);
        if next.reproduces(session) == Some(false) {
            next.notice = Some(Notice {
                ok: false,
                text: t(next.lang, Key::SessionDiffers).to_string(),
                action: None,
                fleeting: false,
            });
        }
        next
    }
}
