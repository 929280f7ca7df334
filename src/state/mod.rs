//! The app's one state and its reducer. The simulation lives behind a RefCell and is
//! changed in place (cloning it per frame would be too slow); every change bumps
//! `version`, which is what components compare. No timers, storage or randomness
//! here: wall time arrives in `Msg::Tick` from the animation driver.

use std::cell::RefCell;
use std::rc::Rc;

use sim_core::trace::TraceKind;
use sim_core::{Action, Simulation};
use yew::prelude::*;

use crate::diagram::layout::Graph;
use crate::i18n::Lang;

pub const SPEEDS: [u32; 5] = [1, 10, 100, 500, 1000];
/// How long (wall ms) a token takes to travel an arrow.
pub const TOKEN_MS: f64 = 900.0;
const MAX_TOKENS: usize = 160;
/// At most this many events per frame (≈ 50 ms of engine work in wasm), so a heavy
/// backlog at 1,000× slows the sim clock instead of freezing the page.
const MAX_EVENTS_PER_TICK: u32 = 1_500;

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
    Apply(Box<Action>),
    /// Actions to run at later sim times (a burst of orders spread out, as clients would).
    Schedule(Vec<sim_core::ScriptStep>),
    Generated(u64),
    Select(Option<String>),
    SelectOrder(Option<String>),
    SetLang(Lang),
    Dismiss,
}

pub type SimContext = UseReducerHandle<SimState>;

/// The built-in scenario ids, in the picker's order.
pub fn scenario_ids() -> Vec<&'static str> {
    sim_core::scenario::BUILTIN
        .iter()
        .map(|(id, _)| *id)
        .collect()
}

pub const DEFAULT_SCENARIO: &str = "lab000-pedidos";

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

    fn next(&self) -> SimState {
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
    fn absorb_trace(&mut self) {
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

    fn apply(&mut self, action: Action) {
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

impl Reducible for SimState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = self.next();
        match msg {
            Msg::Tick {
                wall_now_ms,
                wall_dt_ms,
            } => {
                s.wall_ms = wall_now_ms;
                if s.playing {
                    let sim_dt = (wall_dt_ms.clamp(0.0, 250.0) * s.speed as f64) as u64;
                    let mut sim = s.sim.borrow_mut();
                    let until = sim.now_ms() + sim_dt;
                    let mut budget = MAX_EVENTS_PER_TICK;
                    while budget > 0 && sim.next_event_time().is_some_and(|t| t <= until) {
                        sim.step();
                        budget -= 1;
                    }
                    if budget > 0 {
                        sim.run_until(until);
                    }
                } else if s.tokens.is_empty() {
                    // Nothing moves: keep the old state so nothing re-renders.
                    return self;
                }
            }
            Msg::Play => s.playing = true,
            Msg::Pause => s.playing = false,
            Msg::Step => {
                let mut sim = s.sim.borrow_mut();
                if let Some(t) = sim.next_event_time() {
                    // Run everything that happens at that instant.
                    sim.run_until(t);
                }
            }
            Msg::Skip { sim_ms } => {
                let mut sim = s.sim.borrow_mut();
                let until = sim.now_ms() + sim_ms;
                sim.run_until(until);
            }
            Msg::SetSpeed(x) => s.speed = x.clamp(1, 1000),
            Msg::Load { scenario_id, seed } => {
                let fresh = SimState::new(&scenario_id, seed, s.lang, s.reduce_motion);
                return Rc::new(SimState {
                    version: s.version + 1,
                    wall_ms: s.wall_ms,
                    speed: s.speed,
                    ..fresh
                });
            }
            Msg::Apply(action) => s.apply(*action),
            Msg::Schedule(steps) => {
                let n = steps.len();
                s.sim.borrow_mut().add_script(steps);
                s.notice = Some(Notice {
                    ok: true,
                    text: format!("{n} actions scheduled"),
                });
            }
            Msg::Generated(n) => s.generated += n,
            Msg::Select(node) => s.selected = node,
            Msg::SelectOrder(o) => s.selected_order = o,
            Msg::SetLang(l) => s.lang = l,
            Msg::Dismiss => s.notice = None,
        }
        s.absorb_trace();
        Rc::new(s)
    }
}
