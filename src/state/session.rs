//! The state's side of a lasting session: the journal of what the learner applied,
//! the session it makes, and a state rebuilt from a session by replaying it. Pure:
//! tested natively.
//!
//! Determinism: every action is applied once everything due at its sim time has run
//! (`apply` and `schedule` first run the world to its clock), so replaying is: run to
//! the action's time, apply it; then run to the session's sim time.

use std::rc::Rc;

use sim_core::{ScriptStep, Simulation};

use super::app_state::AppState;
use crate::i18n::Lang;
use crate::session::{Record, Recorded, Session};

/// What the address asks for; None where it says nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlSetup {
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    pub lang: Option<Lang>,
}

/// Runs everything due at the world's clock, then returns the clock: the moment an
/// action applied now is recorded at.
pub(super) fn settle(world: &mut Simulation) -> u64 {
    let now_ms = world.now_ms();
    world.run_until(now_ms);
    now_ms
}

pub(super) fn replay(world: &mut Simulation, records: &[Record], until_ms: u64) {
    for r in records {
        world.run_until(r.at_ms);
        match &r.what {
            // A refused action is refused again, changing nothing, as it did live.
            Recorded::Action(a) => {
                let _ = world.apply(a.clone());
            }
            Recorded::Schedule(steps) => world.add_script(steps.clone()),
        }
    }
    // Live, what an action at the last instant scheduled at that instant (a redrive's
    // moves) waits for time to move: a session saved right after a paused redrive was
    // replayed a step ahead, and its import said it "replays differently".
    if records.last().is_none_or(|r| r.at_ms < until_ms) {
        world.run_until(until_ms);
    }
}

pub(super) fn scheduled_count(records: &[Record]) -> u64 {
    records
        .iter()
        .map(|r| match &r.what {
            Recorded::Schedule(steps) => steps.len() as u64,
            Recorded::Action(_) => 0,
        })
        .sum()
}

impl AppState {
    /// The session so far: None only when no world runs.
    pub fn session(&self) -> Option<Session> {
        // A template's session cannot be replayed from its scenario id: not kept
        // (the learner downloads the template instead).
        if self.scenario_id == super::template::TEMPLATE_ID {
            return None;
        }
        let (sim_time_ms, hash) = self.view(|w| (w.now_ms(), w.trace().hash()))?;
        Some(Session {
            scenario: self.scenario_id.clone(),
            seed: self.seed,
            lang: self.lang,
            speed: Some(self.speed),
            sim_time_ms,
            trace_hash: Some(hash),
            records: self.journal.clone(),
        })
    }

    /// Whether wiping this session would lose something the learner did.
    pub fn has_actions(&self) -> bool {
        !self.journal.is_empty()
    }

    pub(super) fn record(&mut self, at_ms: u64, what: Recorded) {
        Rc::make_mut(&mut self.journal).push(Record { at_ms, what });
    }

    pub(super) fn record_schedule(&mut self, at_ms: u64, steps: Vec<ScriptStep>) {
        self.generated += steps.len() as u64;
        self.record(at_ms, Recorded::Schedule(steps));
    }

    /// The state a session describes: its setup, its actions replayed to its sim time.
    pub fn restored(session: &Session, reduce_motion: bool) -> AppState {
        let mut s = AppState::new(&session.scenario, session.seed, session.lang, reduce_motion);
        s.view_mut(|w| replay(w, &session.records, session.sim_time_ms));
        s.generated = scheduled_count(&session.records);
        s.journal = session.records.clone();
        if let Some(x) = session.speed {
            s.speed = x;
        }
        s.seen_trace = s.view(|w| w.trace().total()).unwrap_or(0);
        // The timeline of a replayed session starts where it was saved.
        s.timeline = Rc::default();
        s.with_first_snapshot()
    }

    /// Whether this state reproduces the session's trace (None: it did not say).
    pub fn reproduces(&self, session: &Session) -> Option<bool> {
        let hash = session.trace_hash?;
        Some(self.view(|w| w.trace().hash()) == Some(hash))
    }

    /// The page's first state: the saved session when the address does not ask for
    /// another setup, a fresh world otherwise. The address's language wins, then the
    /// session's, then the browser's.
    pub fn start(
        url: &UrlSetup,
        saved: Option<Session>,
        browser_lang: Lang,
        reduce_motion: bool,
    ) -> AppState {
        let same_setup = |s: &Session| {
            url.scenario.as_deref().is_none_or(|x| x == s.scenario)
                && url.seed.is_none_or(|x| x == s.seed)
        };
        if let Some(mut session) = saved.filter(same_setup) {
            session.lang = url.lang.unwrap_or(session.lang);
            return AppState::restored(&session, reduce_motion);
        }
        let scenario = url
            .scenario
            .clone()
            .unwrap_or_else(|| super::default_scenario().to_string());
        AppState::new(
            &scenario,
            url.seed.unwrap_or(1),
            url.lang.unwrap_or(browser_lang),
            reduce_motion,
        )
    }
}
