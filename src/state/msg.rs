//! What can happen to the app: the animation driver's ticks and the learner's intents.

use sim_core::{Action, ScriptStep};

use crate::i18n::Lang;

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
    Load {
        scenario_id: String,
        seed: u64,
    },
    /// The same scenario and seed, from the start.
    Reset,
    Apply(Box<Action>),
    /// Actions to run at later sim times (a burst of orders spread out, as clients would).
    Schedule(Vec<ScriptStep>),
    Generated(u64),
    Select(Option<String>),
    SelectOrder(Option<String>),
    SetLang(Lang),
    Dismiss,
}
