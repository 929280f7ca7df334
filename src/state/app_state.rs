//! The app's one state: the world, its diagram, the clock settings, what the learner
//! has selected, and the tokens on the arrows.

use std::cell::RefCell;
use std::rc::Rc;

use sim_core::trace::TraceKind;
use sim_core::{Action, Scenario, Simulation};

use super::default_scenario;
use super::presenter::{Breakpoints, Halt};
use super::session::settle;
use super::tokens::{add_tokens, expire_tokens, Token};
use crate::diagram::layout::Graph;
use crate::i18n::{plural, sim_text, t, Key, Lang, Plural};
use crate::session::storage::AutosaveStatus;
use crate::session::{Record, Recorded};

/// Each step about 3× the last: from 100× the old next step, 500×, ran past what an
/// instructor could narrate (walk); and 3× between 1× and 10×, where − from 10× left
/// 90 s of dead air before lab 003's DLQ stop (the rehearsal).
pub const SPEEDS: [u32; 7] = [1, 3, 10, 30, 100, 300, 1000];

/// What the last action did: shown next to the control that applied it (`action`),
/// or at the top of the page when no control did (a link, a replay).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Notice {
    pub ok: bool,
    pub text: String,
    /// The action's name (`Action::name`, or "Schedule").
    pub action: Option<&'static str>,
    /// Said only until time moves or the form changes: "Sent, but time is paused"
    /// and "N actions scheduled". A partial PutEvents refusal is not (it went with
    /// the first tick).
    pub fleeting: bool,
}

impl Notice {
    /// Whether a control showing `actions` should say it: refusals, and successes
    /// with something to add (time is paused).
    pub fn concerns(&self, actions: &[&str]) -> bool {
        self.action.is_some_and(|a| actions.contains(&a)) && (!self.ok || !self.text.is_empty())
    }

    /// "Sent, but time is paused": true only until time moves or the form changes.
    pub fn is_paused_note(&self) -> bool {
        self.fleeting
    }
}

/// Actions whose effect only shows as time runs.
/// (SendMessageBatch says so in its own answer.)
const SENDS: [&str; 5] = [
    "HttpRequest",
    "PutEvents",
    "SendMessage",
    "Publish",
    "Invoke",
];

/// What a confirmed wipe of the session will do.
#[derive(Clone, Debug, PartialEq)]
pub enum Wipe {
    Reset,
    Load { scenario_id: String, seed: u64 },
    Template { file: String, text: String },
}

#[derive(Clone)]
pub struct AppState {
    /// None only if not even an empty scenario builds; then the page shows nothing live.
    pub(super) world: Rc<RefCell<Option<Simulation>>>,
    pub graph: Rc<Graph>,
    /// The same architecture laid out for the presenter's stage.
    pub stage_graph: Rc<Graph>,
    pub version: u64,
    pub scenario_id: String,
    pub scenario_name: String,
    pub seed: u64,
    pub lang: Lang,
    pub playing: bool,
    pub speed: u32,
    pub selected: Option<String>,
    /// Counts choices of a resource, so choosing the one already chosen (from
    /// another tab) opens its tab again.
    pub selections: u64,
    pub selected_order: Option<String>,
    pub notice: Option<Notice>,
    pub tokens: Vec<Token>,
    pub wall_ms: f64,
    /// The latest tick's wall time, kept even by the ticks that change nothing (they
    /// return the old state, so that nothing re-renders): a step taken while paused
    /// starts its dots now. It started them at the last re-render's time, so they had
    /// arrived before the next frame and never moved (the instructor walk).
    pub wall_clock: Rc<std::cell::Cell<f64>>,
    /// Trace entries already turned into tokens.
    pub seen_trace: u64,
    /// Orders the "submit N" button has made, for unique ids.
    pub generated: u64,
    pub reduce_motion: bool,
    /// Everything the learner applied, with its sim time: the session.
    pub journal: Rc<Vec<Record>>,
    /// A reset or setup change waiting for the learner to confirm losing the session.
    pub pending_wipe: Option<Wipe>,
    pub autosave: AutosaveStatus,
    /// Presenter mode: the stage fills the screen.
    pub presenter: bool,
    /// The `?` overlay listing the keys.
    pub keys_open: bool,
    /// On the stage, the inspector over the diagram (I): a DLQ's messages, the
    /// e-mails, the orders. The stage had no way to show them (instructor walk).
    pub inspecting: bool,
    /// The inspector chose the box it shows (what stopped the clock): closing it
    /// lets go of that box, so the next stop's I shows the next stop's.
    pub inspect_chose: bool,
    /// Single-key shortcuts listen (WCAG 2.1.4: they can be turned off).
    pub hotkeys_on: bool,
    pub breakpoints: Breakpoints,
    /// Where a breakpoint stopped the clock, until time runs again.
    pub halted: Option<Halt>,
    /// A step asked to go further than `FAR_STEP_MS` ahead: (the clock then, the next
    /// event's time). It waits for a second step, which goes.
    pub far_step: Option<(sim_core::SimTime, sim_core::SimTime)>,
    /// The last step found nothing left to happen (the stage says so: N did nothing
    /// visible, the instructor walk).
    pub nothing_left: bool,
    /// The last step went as far as a step goes and met nothing worth a line (the
    /// instructor walk pressed N 25 times after an alarm: the clock moved, the line
    /// stood still).
    pub quiet_step: bool,
    /// What the last presenter key did (G, D/A/E, F), said on the stage until the
    /// next key.
    pub stage_said: Option<super::presenter::StageSaid>,
    /// The trace entry the last breakpoint stop said on the stage: its moment box
    /// need not pop up after the stop, when the instructor has moved on to the fix.
    pub halt_said: Option<u64>,
    /// When each guided-lab step was done, in step order (the guide card keeps it; G
    /// performs the next). Acting from a rewound moment forgets the steps done after it.
    pub guide_done_at_ms: Vec<sim_core::SimTime>,
    /// Snapshots to rewind to, shared like the world.
    pub timeline: Rc<RefCell<super::rewind::Timeline>>,
    /// The presenter stage's line (None: the trace's newest entry).
    pub explained: Option<super::presenter::Explained>,
    /// The teaching moment on show, and the kinds already shown this session.
    pub moment: Option<super::moments::Moment>,
    pub moments_seen: Vec<super::moments::MomentKind>,
    /// Queues a pipe and a Lambda trigger both read.
    pub shared_queues: Rc<Vec<String>>,
    /// A trace entry the learner asked to see (from a teaching moment).
    pub trace_focus: Option<u64>,
    /// The body the order form would send now (None: its amount is not a number):
    /// the presenter's O sends it, so an instructor can type FAIL, then present (O sent
    /// the form's defaults, a COMPLETED order, in the instructor walk).
    pub order_draft: Rc<RefCell<Option<serde_json::Value>>>,
    /// The CloudFormation template last loaded (the scenario while `scenario_id` is
    /// `template::TEMPLATE_ID`; kept so the picker can go back to it).
    pub template: Option<Rc<super::template::Loaded>>,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl AppState {
    /// An unknown scenario id falls back to the default scenario.
    pub fn new(scenario_id: &str, seed: u64, lang: Lang, reduce_motion: bool) -> AppState {
        let id = if super::is_known_scenario(scenario_id) {
            scenario_id
        } else {
            default_scenario()
        };
        // Built-in scenarios are parsed and run by the native tests, so the empty
        // fallbacks only guard against a build that skipped them.
        let scenario = sim_core::scenario::builtin(id)
            .and_then(Result::ok)
            .unwrap_or_else(Scenario::empty);
        AppState::from_scenario(id, scenario, seed, lang, reduce_motion)
    }

    /// A fresh page state running `scenario` under the id `id`.
    pub(super) fn from_scenario(
        id: &str,
        scenario: Scenario,
        seed: u64,
        lang: Lang,
        reduce_motion: bool,
    ) -> AppState {
        let graph = Rc::new(Graph::from_scenario(&scenario));
        let stage_graph = Rc::new(Graph::stage_from_scenario(&scenario));
        let scenario_name = scenario.name.clone();
        let world = Simulation::new(scenario, seed)
            .or_else(|_| Simulation::new(Scenario::empty(), seed))
            .ok();
        let shared_queues = Rc::new(
            world
                .as_ref()
                .map(super::moments::shared_queues)
                .unwrap_or_default(),
        );
        AppState {
            world: Rc::new(RefCell::new(world)),
            graph,
            stage_graph,
            version: 0,
            scenario_id: id.to_string(),
            scenario_name,
            seed,
            lang,
            playing: false,
            speed: 10,
            selected: None,
            selections: 0,
            selected_order: None,
            notice: None,
            tokens: Vec::new(),
            wall_ms: 0.0,
            wall_clock: Rc::default(),
            seen_trace: 0,
            generated: 0,
            reduce_motion,
            journal: Rc::new(Vec::new()),
            pending_wipe: None,
            autosave: AutosaveStatus::Idle,
            presenter: false,
            keys_open: false,
            inspecting: false,
            inspect_chose: false,
            hotkeys_on: true,
            breakpoints: Breakpoints::default(),
            halted: None,
            far_step: None,
            nothing_left: false,
            quiet_step: false,
            stage_said: None,
            halt_said: None,
            guide_done_at_ms: Vec::new(),
            timeline: Rc::default(),
            explained: None,
            moment: None,
            moments_seen: Vec::new(),
            shared_queues,
            trace_focus: None,
            order_draft: Rc::default(),
            template: None,
        }
        .with_first_snapshot()
    }

    /// The world as it starts: the timeline's first moment.
    pub(super) fn with_first_snapshot(mut self) -> AppState {
        self.capture(true);
        self
    }

    /// How many guided-lab steps are done at the moment shown: looking back on the
    /// timeline shows the steps done by then (the student walk saw "step 4 of 5" at a
    /// moment before step 4, which dropped to 3 at the next action). The later marks
    /// stay until an action there erases that future.
    pub fn guide_done(&self) -> usize {
        match self.timeline.borrow().rewound_to {
            Some(t) => self.guide_done_at_ms.partition_point(|&at_ms| at_ms <= t),
            None => self.guide_done_at_ms.len(),
        }
    }

    /// The guided-lab step shown as current. Looking back, a step marked later whose
    /// check already holds at the moment shown is done there too: after B, G and Show
    /// me did the step before the one the card showed (the instructor walk).
    pub fn guide_step(&self) -> usize {
        if self.timeline.borrow().rewound_to.is_none() {
            return self.guide_done();
        }
        self.guide_step_in_world()
    }

    /// The first step after the marked ones whose check does not hold in the world
    /// shown.
    pub(super) fn guide_step_in_world(&self) -> usize {
        let known = self.guide_done();
        self.view(|w| sim_core::view::GuideView::of(w, known).map(|v| v.done))
            .flatten()
            .unwrap_or(known)
    }

    /// Steps newly done are done now; fewer (a wiped session) forgets the rest.
    /// Looking back changes no mark: the checks there see the earlier world.
    pub(super) fn set_guide_progress(&mut self, done: usize) {
        if self.timeline.borrow().rewound_to.is_some() {
            return;
        }
        let now_ms = self.view(|w| w.now_ms()).unwrap_or(0);
        self.guide_done_at_ms.resize(done, now_ms);
    }

    /// The marks kept for a restored session, as they were: never later than the
    /// restored clock, and in order (steps complete one after another).
    pub(super) fn restore_guide_marks(&mut self, at_ms: Vec<sim_core::SimTime>) {
        let now_ms = self.view(|w| w.now_ms()).unwrap_or(0);
        let mut last_ms = 0;
        self.guide_done_at_ms = at_ms
            .into_iter()
            .map(|t| {
                last_ms = t.clamp(last_ms, now_ms.max(last_ms));
                last_ms
            })
            .collect();
    }

    /// The scenario's name in the learner's language.
    pub fn scenario_title(&self) -> String {
        self.view(|w| w.scenario().name_in(self.lang.param()).to_string())
            .unwrap_or_else(|| self.scenario_name.clone())
    }

    /// Reads the world. None if there is none, or it is being changed (never during a
    /// render: the reducer has returned by then).
    pub fn view<T>(&self, read: impl FnOnce(&Simulation) -> T) -> Option<T> {
        let world = self.world.try_borrow().ok()?;
        world.as_ref().map(read)
    }

    /// Like `view`, for the few reads that need `&mut` (finding the next event).
    pub fn view_mut<T>(&self, read: impl FnOnce(&mut Simulation) -> T) -> Option<T> {
        let mut world = self.world.try_borrow_mut().ok()?;
        world.as_mut().map(read)
    }

    /// The next state: the same world, one version later.
    pub(super) fn next(&self) -> AppState {
        AppState {
            version: self.version + 1,
            ..self.clone()
        }
    }

    /// Applies a learner's action once everything due now has run, and records it
    /// (refused or not: a replay refuses it again).
    pub(super) fn apply(&mut self, action: Action) {
        // From an earlier moment, acting forks a new future; a key that found nothing
        // to act on (F with no function, R with no DLQ) never got here and cut nothing.
        self.fork_if_rewound();
        // Acted on at a breakpoint's stop (F, R, O, G or a click): the stage and the
        // clock now say what this did, not why the clock had stopped.
        self.halted = None;
        let name = action.name();
        let result = self.view_mut(|w| applied(w, action.clone()));
        let role_change = role_change_text(&action, self.lang);
        let entries = match &action {
            Action::PutEvents { entries } => entries.len(),
            Action::SendMessageBatch { entries, .. } => entries.len(),
            _ => 0,
        };
        let refused = result.as_ref().and_then(|a| a.refused.clone());
        let duplicates = result.as_ref().map_or(0, |a| a.duplicates);
        let unmatched = result.as_ref().and_then(|a| a.unmatched.clone());
        if let Some(a) = &result {
            self.record(a.at_ms, Recorded::Action(action));
        }
        let mut fleeting = false;
        let (ok, text) = match result.map(|a| (a.result, a.kept)) {
            // SendMessageBatch answers every entry: said always, duplicates too (the
            // SQS guide walk's second send read "Sent" and was silently not delivered).
            Some((Ok(()), _)) if name == "SendMessageBatch" => {
                let failed = refused.as_ref().map_or(0, |(n, _)| *n);
                let answer = batch_answer(self.lang, entries, refused, duplicates, !self.playing);
                (failed < entries, answer)
            }
            Some((Ok(()), true)) => (true, format!("{name}: {}", t(self.lang, Key::DeleteKept))),
            // A FIFO duplicate is a success that delivers nothing: "Sent, but time is
            // paused" read as if it would move (the SQS guide walk, session 21).
            Some((Ok(()), _)) if name == "SendMessage" && duplicates > 0 => (
                true,
                format!("{name}: {}", t(self.lang, Key::SendDuplicate)),
            ),
            // PutEvents answers 200 with FailedEntryCount: every entry refused put
            // nothing on the bus ("Sent" read as if it had).
            Some((Ok(()), _)) if refused.as_ref().is_some_and(|(n, _)| *n == entries) => {
                let (_, first) = refused.unwrap_or_default();
                // "PutEvents: PutEvents entry refused: …" said the name twice.
                let text = match first.starts_with(name) {
                    true => sim_text(self.lang, &first),
                    false => format!("{name}: {}", sim_text(self.lang, &first)),
                };
                (false, text)
            }
            Some((Ok(()), _)) if refused.is_some() => {
                let (n, first) = refused.unwrap_or_default();
                (
                    true,
                    format!(
                        "{name}: FailedEntryCount {n}: {}",
                        sim_text(self.lang, &first)
                    ),
                )
            }
            // PutEvents only: an S3 put sent to EventBridge matches rules too.
            Some((Ok(()), _)) if name == "PutEvents" && unmatched.is_some() => {
                let (n, bus) = unmatched.unwrap_or_default();
                let text =
                    plural(self.lang, Plural::EventsUnmatched, n as u64).replace("{bus}", &bus);
                (true, format!("{name}: {text}"))
            }
            // The policy card closes or goes: say what changed.
            Some((Ok(()), _)) if role_change.is_some() => (true, role_change.unwrap_or_default()),
            // Said only when there is something to add: the send waits for time.
            Some((Ok(()), _)) if !self.playing && SENDS.contains(&name) => {
                fleeting = true;
                (true, t(self.lang, Key::PausedSent).to_string())
            }
            // A poll still waiting: its answer comes as time runs (the student walk
            // watched "waiting for messages…" on a paused clock).
            Some((Ok(()), _)) if !self.playing && name == "ReceiveMessage" && self.poll_waits() => {
                fleeting = true;
                (true, t(self.lang, Key::PausedPoll).to_string())
            }
            Some((Ok(()), _)) => (true, String::new()),
            Some((Err(e), _)) => (false, sim_text(self.lang, &format!("{name}: {e}"))),
            None => (false, format!("{name}: {}", t(self.lang, Key::NotRunning))),
        };
        self.notice = Some(Notice {
            ok,
            text,
            action: Some(name),
            fleeting,
        });
    }

    /// Whether the console's latest poll has not been answered yet.
    fn poll_waits(&self) -> bool {
        self.view(|w| {
            w.console_polls()
                .last()
                .is_some_and(|p| p.answered_ms.is_none())
        })
        .unwrap_or(false)
    }

    /// Turns trace entries the UI has not seen yet into tokens on the diagram.
    pub(super) fn absorb_trace(&mut self, asked: bool) {
        let (tokens, graph, wall_ms) = (&mut self.tokens, &self.graph, self.wall_ms);
        let seen = self.seen_trace;
        let (moments_seen, shared) = (&mut self.moments_seen, &self.shared_queues);
        let explained = &mut self.explained;
        let mut moment = None;
        if let Some(total) = self.world.try_borrow().ok().and_then(|w| {
            let w = w.as_ref()?;
            add_tokens(tokens, graph, w.trace().since(seen), wall_ms);
            *explained = super::presenter::next_explained(
                explained.take(),
                w.trace().since(seen),
                wall_ms,
                asked,
            );
            for e in w.trace().since(seen) {
                let kind = super::moments::moment_of(w, &e, shared, moments_seen);
                if let Some(kind) = kind {
                    moments_seen.push(kind);
                    moment = Some(super::moments::Moment {
                        kind,
                        entry: e.to_entry(),
                        shown_wall_ms: wall_ms,
                        stage_seen_ms: 0.0,
                    });
                }
            }
            Some(w.trace().total())
        }) {
            if moment.is_some() {
                self.moment = moment;
            }
            self.seen_trace = total;
        }
        // Only what the trace records can empty a DLQ or calm an alarm: checked when
        // it grew, not every frame.
        let grew = self.seen_trace != seen;
        let outdated = grew
            && self.moment.as_ref().is_some_and(|m| {
                self.view(|w| {
                    !super::moments::still_holds(w, m)
                        || super::moments::is_stale(w.now_ms(), self.wall_ms, m)
                })
                .unwrap_or(false)
            });
        if outdated {
            self.moment = None;
        }
        expire_tokens(&mut self.tokens, self.wall_ms);
    }
}

/// SendMessageBatch's answer: how many entries were Successful and Failed, the first
/// failure, how many were duplicates (Successful, not delivered again), and that time
/// is paused.
fn batch_answer(
    lang: Lang,
    entries: usize,
    refused: Option<(usize, String)>,
    duplicates: usize,
    paused: bool,
) -> String {
    let failed = refused.as_ref().map_or(0, |(n, _)| *n);
    let mut text = t(lang, Key::BatchAnswer)
        .replace("{ok}", &entries.saturating_sub(failed).to_string())
        .replace("{failed}", &failed.to_string());
    if let Some((_, first)) = refused {
        text = format!("{text}: {}", sim_text(lang, &first));
    }
    if duplicates > 0 {
        text.push_str(&t(lang, Key::BatchDuplicates).replace("{n}", &duplicates.to_string()));
    }
    if paused && failed < entries {
        let stop = if text.ends_with('.') { " " } else { ". " };
        text = format!("{text}{stop}{}", t(lang, Key::PausedSent));
    }
    text
}

/// What an action did, read from the trace it wrote: what the notice says.
struct Applied {
    at_ms: sim_core::SimTime,
    result: sim_core::SimResult<()>,
    /// A DeleteMessage that succeeded and deleted nothing.
    kept: bool,
    /// PutEvents or SendMessageBatch entries refused, and the first refusal's line.
    refused: Option<(usize, String)>,
    duplicates: usize,
    /// Events no rule matched, counted on the first bus named.
    unmatched: Option<(usize, String)>,
}

/// Applies `action` once everything due now has run, and reads what it did.
fn applied(w: &mut Simulation, action: Action) -> Applied {
    let at_ms = settle(w);
    let seen = w.trace().total();
    let result = w.apply(action);
    // A DeleteMessage with an earlier receive's receipt handle succeeds and
    // deletes nothing (standard queues): the learner must be told.
    let kept = w
        .trace()
        .since(seen)
        .any(|e| e.kind == TraceKind::MessageNotDeleted);
    let duplicates = w
        .trace()
        .since(seen)
        .filter(|e| e.kind == TraceKind::MessageDuplicate)
        .count();
    // Events put on a bus that no rule matched: accepted and gone, in silence
    // (the Portuguese walk sent detail-type "cancelarPedido" and waited).
    let unmatched = w
        .trace()
        .since(seen)
        .filter(|e| e.kind == TraceKind::NoRuleMatched)
        .fold(None, |acc: Option<(usize, String)>, e| {
            // Counted on the first bus named (the form puts on one bus).
            let (n, bus) = acc.unwrap_or((0, e.resource.to_string()));
            Some((n + usize::from(e.resource == bus), bus))
        });
    Applied {
        at_ms,
        result,
        kept,
        refused: refused_entries(w, seen),
        duplicates,
        unmatched,
    }
}

/// What a role policy saved or deleted changes, for the learner who clicked it.
fn role_change_text(action: &Action, lang: Lang) -> Option<String> {
    let (key, role, policy) = match action {
        Action::PutRolePolicy {
            role_name,
            policy_name,
            ..
        } => (Key::PolicySaved, role_name, policy_name),
        Action::DeleteRolePolicy {
            role_name,
            policy_name,
        } => (Key::PolicyDeleted, role_name, policy_name),
        _ => return None,
    };
    Some(format!("{policy} · {role}: {}", t(lang, key)))
}

/// How many PutEvents or SendMessageBatch entries the trace shows refused since
/// `seen`, and the first refusal's line.
fn refused_entries(w: &Simulation, seen: u64) -> Option<(usize, String)> {
    let mut refused = w.trace().since(seen).filter(|e| {
        e.kind == TraceKind::EventRejected
            || (e.kind == TraceKind::ActionRejected && e.text.starts_with("batch entry "))
    });
    let first = refused.next()?.text.to_string();
    Some((1 + refused.count(), first))
}
