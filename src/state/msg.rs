//! What can happen to the app: the animation driver's ticks, the learner's intents,
//! and what the browser reports back (autosave, a session from a link or a file).

use sim_core::{Action, ScriptStep};

use super::app_state::Notice;
use super::presenter::{Breakpoint, Hotkey};
use crate::i18n::Lang;
use crate::session::storage::AutosaveStatus;
use crate::session::Session;

pub enum Msg {
    Tick {
        wall_now_ms: f64,
        wall_dt_ms: f64,
    },
    Play,
    Pause,
    Step,
    Skip {
        sim_ms: u64,
    },
    SetSpeed(u32),
    /// Another scenario or seed: asks first when it would wipe the learner's actions.
    Load {
        scenario_id: String,
        seed: u64,
    },
    /// The same scenario and seed, from the start: asks first, as `Load`.
    Reset,
    /// The learner agreed to lose the session's actions.
    ConfirmWipe,
    CancelWipe,
    Apply(Box<Action>),
    /// Orders the "submit N" button makes, to run at later sim times (spread out, as
    /// clients would); each counts toward the ids already generated.
    Schedule(Vec<ScriptStep>),
    /// A CloudFormation template (opened or pasted) becomes the scenario: asks
    /// first, as `Load`; a template that does not import changes nothing.
    LoadTemplate {
        file: String,
        text: String,
    },
    /// A session from a file or a link, replayed.
    Restore(Box<Session>),
    Autosaved(AutosaveStatus),
    Notify(Notice),
    Select(Option<String>),
    SelectOrder(Option<String>),
    SetLang(Lang),
    Dismiss,
    /// The learner edited a form: a note about the last send (time is paused) goes.
    FormEdited,
    /// Hides the teaching moment.
    DismissMoment,
    /// Opens the trace at this entry.
    ShowTrace(u64),
    /// Shows the world as it was at this sim time (the timeline).
    Rewind(u64),
    /// The guided lab's progress, as its card sees it.
    GuideProgress(usize),
    /// The guide's marks this browser kept for a restored session: when each done
    /// step was done.
    GuideRestored(Vec<sim_core::SimTime>),
    /// A key pressed outside a text field (see `Hotkey::from_key`).
    Hotkey(Hotkey),
    SetPresenter(bool),
    /// The browser left full screen by its own Esc (see `AppState::left_fullscreen`).
    LeftFullscreen,
    ToggleBreakpoint(Breakpoint),
    ShowKeys(bool),
    /// The inspector over the stage (its close button; the key is `Hotkey::Inspect`).
    SetInspecting(bool),
    SetHotkeys(bool),
}
