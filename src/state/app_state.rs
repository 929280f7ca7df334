//! The app's one state. The simulation lives behind a RefCell and is
//! changed in place (cloning it per frame would be too slow); every change bumps
//! `version`, which is what components compare. No timers, storage or randomness
//! here: wall time arrives in `Msg::Tick` from the animation driver.

use std::cell::RefCell;
use std::rc::Rc;

use sim_core::trace::TraceKind;
use sim_core::{Action, Simulation};

use super::{scenario_ids, DEFAULT_SCENARIO};
use crate::diagram::layout::Graph;
use crate::i18n::Lang;

pub const SPEEDS: [u32; 5] = [1, 10, 100, 500, 1000];
/// How long (wall ms) a token takes to travel an arrow.
pub const TOKEN_MS: f64 = 900.0;
pub(super) const MAX_TOKENS: usize = 160;
/// At most this many events per frame (≈ 50 ms of engine work in wasm), so a heavy
/// backlog at 1,000× slows the sim clock instead of freezing the page.
pub(super) const MAX_EVENTS_PER_TICK: u32 = 1_500;

/// A dot travelling along an arrow: something moved from `from` to `to`.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub from: String,
    pub to: String,
    pub born_wall_ms: f64,
    pub kind: TraceKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub ok: bool,
    pub text: String,
}

pub struct SimState {
    pub sim: Rc<RefCell<Simulation>>,
    pub graph: Rc<Graph>,
    pub version: u64,
    pub scenario_id: String,
    pub seed: u64,
    pub lang: Lang,
    pub playing: bool,
    pub speed: u32,
    pub selected: Option<String>,
    pub selected_order: Option<String>,
    pub notice: Option<Notice>,
    pub tokens: Vec<Token>,
    pub wall_ms: f64,
    pub seen_trace: u64,
    /// Orders the "submit N" button has made, for unique ids.
    pub generated: u64,
    pub reduce_motion: bool,
}

impl PartialEq for SimState {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl SimState {
    pub fn new(scenario_id: &str, seed: u64, lang: Lang, reduce_motion: bool) -> SimState {
        let id = if scenario_ids().contains(&scenario_id) {
            scenario_id
        } else {
            DEFAULT_SCENARIO
        };
        // Built-in scenarios are parsed and run by the native tests, so the empty
        // fallbacks only guard against a build that skipped them.
        let scenario = sim_core::scenario::builtin(id)
            .and_then(Result::ok)
            .unwrap_or_else(sim_core::Scenario::empty);
        let graph = Rc::new(Graph::from_scenario(&scenario));
        let sim = Simulation::new(scenario, seed).unwrap_or_else(|_| {
            Simulation::new(sim_core::Scenario::empty(), seed)
                .expect("an empty scenario always builds")
        });
        SimState {
            sim: Rc::new(RefCell::new(sim)),
            graph,
            version: 0,
            scenario_id: id.to_string(),
            seed,
            lang,
            playing: false,
            speed: 10,
            selected: None,
            selected_order: None,
            notice: None,
            tokens: Vec::new(),
            wall_ms: 0.0,
            seen_trace: 0,
            generated: 0,
            reduce_motion,
        }
    }

    pub(super) fn next(&self) -> SimState {
        SimState {
            sim: self.sim.clone(),
            graph: self.graph.clone(),
            version: self.version + 1,
            scenario_id: self.scenario_id.clone(),
            seed: self.seed,
            lang: self.lang,
            playing: self.playing,
            speed: self.speed,
            selected: self.selected.clone(),
            selected_order: self.selected_order.clone(),
            notice: self.notice.clone(),
            tokens: self.tokens.clone(),
            wall_ms: self.wall_ms,
            seen_trace: self.seen_trace,
            generated: self.generated,
            reduce_motion: self.reduce_motion,
        }
    }

    /// Turns trace entries the UI has not seen yet into tokens on the diagram.
    pub(super) fn absorb_trace(&mut self) {
        let sim = self.sim.borrow();
        let total = sim.trace().total();
        for e in sim.trace().since(self.seen_trace) {
            let moving = matches!(
                e.kind,
                TraceKind::HttpRequest
                    | TraceKind::MessageSent
                    | TraceKind::MessageReceived
                    | TraceKind::MessageMovedToDlq
                    | TraceKind::RedriveMoved
                    | TraceKind::ItemWritten
                    | TraceKind::EventPut
                    | TraceKind::RuleMatched
                    | TraceKind::TargetDelivered
                    | TraceKind::SnsDelivered
                    | TraceKind::EmailSent
                    | TraceKind::PipeDelivered
                    | TraceKind::TargetSentToDlq
            );
            let Some(to) = e.to.as_ref().filter(|_| moving) else {
                continue;
            };
            if self.graph.node(&e.resource).is_some() && self.graph.node(to).is_some() {
                self.tokens.push(Token {
                    from: e.resource.clone(),
                    to: to.clone(),
                    born_wall_ms: self.wall_ms,
                    kind: e.kind,
                });
            }
        }
        self.seen_trace = total;
        let now = self.wall_ms;
        self.tokens.retain(|t| now - t.born_wall_ms < TOKEN_MS);
        if self.tokens.len() > MAX_TOKENS {
            let drop = self.tokens.len() - MAX_TOKENS;
            self.tokens.drain(..drop);
        }
    }

    pub(super) fn apply(&mut self, action: Action) {
        let name = action.name();
        let result = self.sim.borrow_mut().apply(action);
        self.notice = match result {
            Ok(()) => Some(Notice {
                ok: true,
                text: name.to_string(),
            }),
            Err(e) => Some(Notice {
                ok: false,
                text: format!("{name}: {e}"),
            }),
        };
    }
}
