//! The guided lab's container: evaluates the steps' checks on the world, keeps the
//! learner's progress (sticky, saved in this browser per scenario and seed, reset
//! with the session), and hands "show me" to the reducer (as G does).

use sim_core::scenario::guide::ShowMe;
use sim_core::view::GuideView;
use sim_core::SimTime;
use yew::prelude::*;

use crate::i18n::{t, when, Key, Lang};

use crate::panels::guide::GuidePanel;
use crate::sim_provider::SimProps;
use crate::state::{Hotkey, Msg};

fn storage_key(scenario: &str, seed: u64) -> String {
    format!("eventlab.guide.{scenario}.{seed}")
}

/// What this browser kept of a session's guide: when each done step was done, so a
/// reload keeps those times and rewinding before one of them still undoes it. An
/// older save holds only how many were done (`at_ms` empty: they count as done now).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct StoredProgress {
    pub done: usize,
    pub at_ms: Vec<SimTime>,
}

impl StoredProgress {
    /// `at:0,0,240000` (sim times of the done steps), or an older save's count (`3`).
    pub(crate) fn parse(text: &str) -> StoredProgress {
        let Some(times) = text.strip_prefix("at:") else {
            let done = text.trim().parse().unwrap_or(0);
            return StoredProgress {
                done,
                at_ms: Vec::new(),
            };
        };
        let parsed: Option<Vec<SimTime>> = times
            .split(',')
            .filter(|t| !t.is_empty())
            .map(|t| t.trim().parse().ok())
            .collect();
        let at_ms = parsed.unwrap_or_default();
        StoredProgress {
            done: at_ms.len(),
            at_ms,
        }
    }

    pub(crate) fn text(at_ms: &[SimTime]) -> String {
        let times: Vec<String> = at_ms.iter().map(SimTime::to_string).collect();
        format!("at:{}", times.join(","))
    }
}

fn load_progress(key: &str) -> StoredProgress {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(key).ok().flatten())
        .map(|v| StoredProgress::parse(&v))
        .unwrap_or_default()
}

/// Storage disabled or full only loses the marks: the checks still show progress.
fn save_progress(key: &str, at_ms: &[SimTime]) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(key, &StoredProgress::text(at_ms));
    }
}

#[function_component(GuideCard)]
pub fn guide_card(props: &SimProps) -> Html {
    let sim = &props.sim;
    let key = storage_key(&sim.scenario_id, sim.seed);
    let fresh = sim.journal.is_empty();
    // A restored session starts from the marks this browser kept for it: read once,
    // handed to the state once (after that, the state's marks rule: they step back
    // when the learner acts from a rewound moment).
    let stored = {
        let key = key.clone();
        use_state(move || {
            if fresh {
                StoredProgress::default()
            } else {
                load_progress(&key)
            }
        })
    };
    // Steps complete in order, as their checks come to hold.
    let from = if fresh {
        0
    } else {
        sim.guide_done().max(stored.done)
    };
    let view = sim.view(|w| GuideView::of(w, from)).flatten();
    let done = view.as_ref().map_or(from, |v| v.done);
    {
        let (dispatcher, known, stored) = (sim.dispatcher(), sim.guide_done(), stored.clone());
        use_effect_with((done, fresh), move |(d, _)| {
            // Handed over (or a wiped session, which wipes its marks too).
            if stored.done != 0 {
                if !stored.at_ms.is_empty() && known == 0 {
                    dispatcher.dispatch(Msg::GuideRestored(stored.at_ms.clone()));
                }
                stored.set(StoredProgress::default());
            }
            if known != *d {
                dispatcher.dispatch(Msg::GuideProgress(*d));
            }
        });
    }
    {
        // A step done (or undone) while the learner was down at a form: the card comes
        // into the column's view from its top, so the sticky progress line sits above
        // the "✓ step done" line and the next step's title instead of over them, and
        // "Lab complete" shows too (there is no step then: the English walk never saw
        // that lab 004's first stage was finished).
        let shown = use_mut_ref(|| done);
        use_effect_with(done, move |d| {
            if *shown.borrow() != *d {
                *shown.borrow_mut() = *d;
                crate::dom::reveal_in_controls("guide");
            }
        });
    }
    // Another scenario, seed or template mounts a new card: its guide starts at the
    // column's top (the last lab's scroll hid the new lab's first step).
    use_effect_with((), |_| crate::dom::controls_to_top());
    // Saved whenever the state's marks change, with their times.
    use_effect_with(sim.guide_done_at_ms.clone(), move |at_ms| {
        save_progress(&key, at_ms)
    });
    // What continues the lab, worked out once per scenario and language: naming the
    // next stage parses that scenario's file, too much for every frame.
    let continues = sim
        .view(|w| {
            let c = &w.scenario().console;
            (
                c.fixed_variant.as_ref().map(|f| f.scenario.clone()),
                c.next_stage.clone(),
            )
        })
        .unwrap_or_default();
    let next_scenario = continues.0.clone().or(continues.1.clone());
    let (next_line, next_name) = (*use_memo((continues, sim.lang), |((fixed, next), lang)| {
        next_line(fixed.as_deref(), next.as_deref(), *lang)
    }))
    .clone()
    .unzip();
    let Some(view) = view else {
        return html! {};
    };
    let translations = sim
        .view(|w| w.scenario().translations.clone())
        .unwrap_or_default();
    let d = sim.dispatcher();
    let on_show_me = Callback::from(move |_: usize| d.dispatch(Msg::Hotkey(Hotkey::NextStep)));
    let (d, seed) = (sim.dispatcher(), sim.seed);
    let on_open =
        Callback::from(move |scenario_id: String| d.dispatch(Msg::Load { scenario_id, seed }));
    let form = view.guide.steps.get(done).and_then(|s| {
        if s.sends_events() {
            Some("send-events")
        } else if s.sends_a_batch() {
            Some("batch-form")
        } else if s.sends_many_orders() {
            Some("submit-many")
        } else {
            s.sends_orders().then_some("order-form")
        }
    });
    // What Show me (or G) just did for the step before this one: it did the step in
    // one jump, and only the tick said so (the Portuguese walk of lab 000).
    let shown = sim
        .shown_step()
        .filter(|i| i + 1 == done)
        .and_then(|i| view.guide.steps.get(i))
        .map(|s| shown_text(sim.lang, &s.show_me));
    html! {
        <GuidePanel guide={view.guide} {translations} completed={done} lang={sim.lang} {on_show_me} {form} {next_line} {next_scenario} {next_name} {on_open} {shown} />
    }
}

/// A step's Show me as the learner is told it was done: each action by its AWS name
/// and what it acted on, and the time it let run. Three or more in a row read as one
/// when they are the same action on the same thing, differing at most in the order
/// they carry ("10 × HttpRequest POST /orders order-2 … order-11", "10 × HttpRequest
/// POST /orders"): lab 003's ten requests took ten lines and pushed the next step
/// below the fold at 1280×720. Any other difference keeps each action in the text.
fn shown_text(lang: Lang, show_me: &[ShowMe]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Vec<Part> = Vec::new();
    for m in show_me {
        match m {
            ShowMe::Apply(a) => {
                let part = Part::of(lang, a);
                if run.first().is_some_and(|r| !r.same_run(&part)) {
                    parts.extend(run_text(&std::mem::take(&mut run)));
                }
                run.push(part);
            }
            ShowMe::Wait { ms } => {
                parts.extend(run_text(&std::mem::take(&mut run)));
                parts.push(t(lang, Key::GuideShownWait).replace("{t}", &when(lang, *ms)));
            }
        }
    }
    parts.extend(run_text(&run));
    parts.join(" · ")
}

/// An action as said: its name and subject without its order, and the order.
struct Part {
    what: String,
    order: Option<String>,
}

impl Part {
    fn of(lang: Lang, a: &sim_core::action::Action) -> Part {
        Part {
            what: said(lang, a),
            order: a.order_id(),
        }
    }

    fn same_run(&self, other: &Part) -> bool {
        self.what == other.what && self.order.is_some() == other.order.is_some()
    }

    fn text(&self) -> String {
        match &self.order {
            Some(o) => format!("{} {o}", self.what),
            None => self.what.clone(),
        }
    }
}

/// An action by its AWS name and what it acted on, except the two AWS has no call for,
/// said as the function panel says them: a Break it switch, and a charge function's
/// success rate ("SetFault processa-pedidos-lambda throw Enabled true", the
/// Portuguese walk of lab 000, was neither Portuguese nor AWS).
fn said(lang: Lang, a: &sim_core::action::Action) -> String {
    use sim_core::action::{Action, FaultKind};
    match a {
        Action::SetFault {
            function_name,
            fault,
            enabled,
            fraction,
            seconds,
        } => {
            let number = |x: f64| crate::forms::number::number_text(x, lang);
            let switch = match (fault, fraction, seconds) {
                (FaultKind::Throw, ..) => t(lang, Key::FaultThrow).replace(": {error}", ""),
                (FaultKind::Timeout, ..) => t(lang, Key::FaultTimeout).to_string(),
                (FaultKind::Throttle, ..) => t(lang, Key::FaultThrottle).to_string(),
                (FaultKind::DenyPermission, ..) => t(lang, Key::FaultDeny).to_string(),
                (FaultKind::FailFraction, Some(f), _) if *enabled => {
                    format!("{} {}", t(lang, Key::FaultFraction), number(*f))
                }
                (FaultKind::FailFraction, ..) => t(lang, Key::FaultFraction).to_string(),
                (FaultKind::Slow, _, Some(s)) if *enabled => {
                    format!("{} {s} s", t(lang, Key::FaultSlow))
                }
                (FaultKind::Slow, ..) => t(lang, Key::FaultSlow).to_string(),
            };
            let state = t(
                lang,
                if *enabled {
                    Key::ShownOn
                } else {
                    Key::ShownOff
                },
            );
            format!(
                "{} · {function_name}: {switch} — {state}",
                t(lang, Key::Faults)
            )
        }
        Action::SetFunctionConfiguration {
            function_name,
            success_per_mille: Some(per_mille),
            timeout: None,
            reserved_concurrent_executions: None,
        } => format!(
            "{function_name}: {} {}%",
            t(lang, Key::SuccessRate).replace(" (%)", ""),
            crate::forms::number::number_text(f64::from(*per_mille) / 10.0, lang)
        ),
        _ => format!("{} {}", a.name(), a.acted_on()),
    }
}

/// A run of fewer than three as its parts; of three or more as its count, its first
/// part and its last order.
fn run_text(run: &[Part]) -> Vec<String> {
    match (run.first(), run.last()) {
        (Some(first), Some(last)) if run.len() >= 3 => {
            // The same order each time (a deduplication step's resends): said once.
            let last_order = last
                .order
                .as_deref()
                .filter(|o| first.order.as_deref() != Some(*o))
                .map(|o| format!(" … {o}"));
            vec![format!(
                "{} × {}{}",
                run.len(),
                first.text(),
                last_order.unwrap_or_default()
            )]
        }
        _ => run.iter().map(Part::text).collect(),
    }
}

/// What continues the lab once its guide is done, and that scenario's name (for the
/// button that opens it): the fixed architecture of a trap (lab 004 pipes), or the
/// lab's next stage (lab 004's streams and SQS worker: the English walk finished stage
/// 1 and was told of nothing after it). The name parses the scenario's file once.
fn next_line(fixed: Option<&str>, next: Option<&str>, lang: Lang) -> Option<(String, String)> {
    if let Some(fixed) = fixed {
        let line = t(lang, Key::GuideNextScenario).replace("{scenario}", fixed);
        return Some((line, scenario_name(fixed, lang)));
    }
    let name = scenario_name(next?, lang);
    Some((t(lang, Key::GuideNextStage).replace("{name}", &name), name))
}

/// A built-in scenario's name in the learner's language (its id if it has none).
fn scenario_name(id: &str, lang: Lang) -> String {
    sim_core::scenario::builtin(id)
        .and_then(Result::ok)
        .map(|s| s.name_in(lang.param()).to_string())
        .unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::{shown_text, StoredProgress};
    use crate::i18n::Lang;
    use sim_core::action::Action;
    use sim_core::scenario::guide::ShowMe;

    fn request(path: &str, order: &str) -> ShowMe {
        ShowMe::Apply(Box::new(Action::HttpRequest {
            api: "orders-api".into(),
            method: "POST".into(),
            path: path.into(),
            body: Some(serde_json::json!({ "orderId": order })),
            headers: Default::default(),
        }))
    }

    #[test]
    fn a_run_of_the_same_action_reads_as_one_part() {
        let mut steps: Vec<ShowMe> = (2..=11)
            .map(|i| request("/orders", &format!("order-{i}")))
            .collect();
        steps.push(ShowMe::Wait { ms: 120_000 });
        let text = shown_text(Lang::En, &steps);
        assert!(
            text.starts_with("10 × HttpRequest POST /orders order-2 … order-11 · "),
            "{text}"
        );
        // Two in a row stay as they are; a different action starts a new run.
        let two = [request("/a", "x-1"), request("/a", "x-2")];
        assert_eq!(
            shown_text(Lang::En, &two),
            "HttpRequest POST /a x-1 · HttpRequest POST /a x-2"
        );
        // Orders with no id in their body (lab 004's): the same request, counted.
        let plain = |path: &str| {
            ShowMe::Apply(Box::new(Action::HttpRequest {
                api: "orders-api".into(),
                method: "POST".into(),
                path: path.into(),
                body: Some(serde_json::json!({ "customerName": "C" })),
                headers: Default::default(),
            }))
        };
        let same: Vec<ShowMe> = (0..10).map(|_| plain("/orders")).collect();
        assert_eq!(shown_text(Lang::En, &same), "10 × HttpRequest POST /orders");
        let resent: Vec<ShowMe> = (0..3).map(|_| request("/orders", "o-1")).collect();
        assert_eq!(
            shown_text(Lang::En, &resent),
            "3 × HttpRequest POST /orders o-1"
        );
        // Without an order, another subject is another run: none is hidden.
        let other = [plain("/a"), plain("/b"), plain("/c")];
        assert_eq!(
            shown_text(Lang::En, &other),
            "HttpRequest POST /a · HttpRequest POST /b · HttpRequest POST /c"
        );
        // Another path is another run: nothing it did is hidden.
        let mixed = [
            request("/a", "x-1"),
            request("/a", "x-2"),
            request("/b", "y-1"),
        ];
        assert_eq!(
            shown_text(Lang::En, &mixed),
            "HttpRequest POST /a x-1 · HttpRequest POST /a x-2 · HttpRequest POST /b y-1"
        );
    }

    /// Break it's switches and the success rate, as the function panel says them.
    #[test]
    fn actions_aws_has_no_call_for_are_said_as_the_panel_says_them() {
        use sim_core::action::FaultKind;
        let fault = ShowMe::Apply(Box::new(Action::SetFault {
            function_name: "processa-pedidos-lambda".into(),
            fault: FaultKind::Throw,
            enabled: true,
            fraction: None,
            seconds: None,
        }));
        assert_eq!(
            shown_text(Lang::Pt, std::slice::from_ref(&fault)),
            "Quebrar · processa-pedidos-lambda: Lançar um erro no início do handler — ligado"
        );
        assert_eq!(
            shown_text(Lang::En, &[fault]),
            "Break it · processa-pedidos-lambda: Throw an error at the top of the handler — on"
        );
        let rate = ShowMe::Apply(Box::new(Action::SetFunctionConfiguration {
            function_name: "payments-processor".into(),
            timeout: None,
            reserved_concurrent_executions: None,
            success_per_mille: Some(0),
        }));
        assert_eq!(
            shown_text(Lang::Pt, &[rate]),
            "payments-processor: Taxa de sucesso 0%"
        );
        // The panel's numbers, in the learner's language.
        let half = ShowMe::Apply(Box::new(Action::SetFault {
            function_name: "f".into(),
            fault: FaultKind::FailFraction,
            enabled: true,
            fraction: Some(0.5),
            seconds: None,
        }));
        assert_eq!(
            shown_text(Lang::Pt, &[half]),
            "Quebrar · f: Falhar uma fração das invocações 0,5 — ligado"
        );
        let rate = ShowMe::Apply(Box::new(Action::SetFunctionConfiguration {
            function_name: "p".into(),
            timeout: None,
            reserved_concurrent_executions: None,
            success_per_mille: Some(995),
        }));
        assert_eq!(shown_text(Lang::Pt, &[rate]), "p: Taxa de sucesso 99,5%");
    }

    #[test]
    fn marks_are_kept_with_their_times_and_older_counts_still_read() {
        let text = StoredProgress::text(&[0, 0, 240_000]);
        assert_eq!(text, "at:0,0,240000");
        let back = StoredProgress::parse(&text);
        assert_eq!((back.done, back.at_ms), (3, vec![0, 0, 240_000]));
        assert_eq!(StoredProgress::parse("at:"), StoredProgress::default());
        // A save from before the times were kept: the count alone.
        assert_eq!(StoredProgress::parse("3").done, 3);
        assert!(StoredProgress::parse("3").at_ms.is_empty());
        // Damaged text loses the marks, never the page.
        for bad in ["at:1,x", "x", "at:-1", "", "at:99999999999999999999999"] {
            assert_eq!(
                StoredProgress::parse(bad),
                StoredProgress::default(),
                "{bad}"
            );
        }
    }
}
