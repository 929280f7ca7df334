//! The app's one state, what can happen to it, and its reducer. The simulation lives
//! behind a RefCell and is changed in place (cloning it per frame would be too slow);
//! every change bumps `version`, which is what components compare. No timers, storage
//! or randomness here: wall time arrives in `Msg::Tick` from the animation driver, and
//! what storage and files hold arrives as messages too.
//! Pure: tested natively.

mod app_state;
pub mod moments;
#[cfg(test)]
mod moments_tests;
mod msg;
mod next_order;
mod presenter;
#[cfg(test)]
mod presenter_tests;
mod reduce;
pub mod rewind;
#[cfg(test)]
mod rewind_tests;
mod session;
pub mod template;
#[cfg(test)]
mod template_tests;
#[cfg(test)]
mod tests;
mod tokens;

pub use app_state::{AppState, Notice, Wipe, SPEEDS};
pub use msg::Msg;
pub use presenter::{
    charge_rate, fault_target, latest_explanation, redrive_target, Breakpoint, FaultDid, FaultWhat,
    Halt, Hotkey, StageSaid,
};
pub use session::UrlSetup;
pub use tokens::{Token, TOKEN_MS};

/// The built-in scenario ids, in the picker's order.
pub fn scenario_ids() -> Vec<&'static str> {
    sim_core::scenario::BUILTIN
        .iter()
        .map(|(id, _)| *id)
        .collect()
}

/// A built-in scenario, or one with the learner's name on its resources
/// (`lab000-pedidos@maria`) when that scenario takes a name and the name is valid.
pub fn is_known_scenario(id: &str) -> bool {
    let (base, name) = sim_core::scenario::suffix::split_id(id);
    scenario_ids().contains(&base)
        && (name.is_none() || sim_core::scenario::builtin(id).is_some_and(|s| s.is_ok()))
}

/// The first built-in scenario: the course's main lab.
pub fn default_scenario() -> &'static str {
    sim_core::scenario::BUILTIN
        .first()
        .map_or("", |(id, _)| *id)
}
