//! The simulation's context, as the components read it.

use yew::prelude::*;

use crate::state::SimContext;

/// The simulation's context. App always provides it; components render nothing
/// rather than panic if they are ever used outside it.
#[hook]
pub fn use_sim() -> Option<SimContext> {
    use_context::<SimContext>()
}
