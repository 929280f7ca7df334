//! The teaching moment: one line under the diagram saying what just happened and
//! why, with a link to its trace entry.

use sim_core::trace::TraceEntry;
use sim_core::view::ResourceKind;
use yew::prelude::*;

use crate::i18n::{t, Key, Lang};
use crate::state::moments::{Moment, MomentKind};
use crate::state::Msg;

fn text(m: &Moment, lang: Lang) -> (String, String) {
    let (title, body) = match m.kind {
        MomentKind::FirstRedelivery => (Key::MomentRedeliveryTitle, Key::MomentRedelivery),
        MomentKind::LastReceive => (Key::MomentLastReceiveTitle, Key::MomentLastReceive),
        MomentKind::MovedToDlq => (Key::MomentDlqTitle, Key::MomentDlq),
        MomentKind::PartialBatch => (Key::MomentPartialTitle, Key::MomentPartial),
        MomentKind::AlarmFired => (Key::MomentAlarmTitle, Key::MomentAlarm),
        MomentKind::AccessDenied => (Key::MomentDeniedTitle, Key::MomentDenied),
        MomentKind::CompetingConsumers => (Key::MomentCompetingTitle, Key::MomentCompeting),
        MomentKind::DuplicateDelivery => (Key::MomentDuplicateTitle, Key::MomentDuplicate),
        MomentKind::WholeBatchFailed => (Key::MomentBatchTitle, Key::MomentBatch),
    };
    (
        t(lang, title).to_string(),
        // The competition is about the queue the pipe took the order from.
        t(lang, body).replace(
            "{res}",
            match m.kind {
                MomentKind::CompetingConsumers => m.entry.to.as_deref().unwrap_or_default(),
                _ => &m.entry.resource,
            },
        ),
    )
}

/// The alarm that watches the DLQ a message just moved to, if one does: the room saw
/// it stay OK beside a red DLQ for a minute and asked why.
fn dlq_alarm(w: &sim_core::Simulation, m: &Moment) -> Option<String> {
    let dlq = m
        .entry
        .to
        .as_deref()
        .filter(|_| m.kind == MomentKind::MovedToDlq)?;
    w.alarms()
        .iter()
        .find(|a| {
            a.config.namespace == "AWS/SQS"
                && a.config
                    .dimensions
                    .iter()
                    .any(|(k, v)| k == "QueueName" && v == dlq)
        })
        .map(|a| a.config.alarm_name.clone())
}

/// Where a moment's box goes: under the diagram on the page; on the stage over the
/// diagram's foot, or over its head when the resource it is about sits in the lower
/// half (lab 004's "An alarm fired." covered the alarm).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MomentPlace {
    Page,
    StageTop,
    StageBottom,
}

#[derive(Properties, PartialEq)]
pub struct MomentProps {
    pub sim: crate::sim_provider::SimContext,
    pub place: MomentPlace,
}

/// The share of the stage's height a moment's box covers, at its head or its foot:
/// three lines over a diagram ≈ 500 px high at 1280×720, with room to spare.
const MOMENT_BAND: f64 = 0.2;

/// The boxes a moment is about: its resource, where the entry went, and what a DLQ
/// there leads to (its alarm, the alarm's topic, the topic's e-mail). The last
/// receive's box at the stage's foot covered lab 004's alarm, the next thing the
/// instructor pointed at, then jumped to the head for the alarm (instructor walk).
fn about<'g>(graph: &'g crate::diagram::layout::Graph, entry: &TraceEntry) -> Vec<&'g str> {
    let mut names: Vec<&str> = graph
        .nodes
        .iter()
        .map(|n| n.name.as_str())
        .filter(|n| *n == entry.resource || entry.to.as_deref() == Some(n))
        .collect();
    // A queue's DLQ, the DLQ's alarm, the alarm's topic, the topic's e-mail: not what
    // a function or a topic elsewhere feeds.
    let leads = |from: ResourceKind, to: ResourceKind| {
        use ResourceKind::{Alarm, Dlq, Email, Queue, Topic};
        matches!(
            (from, to),
            (Queue, Dlq) | (Dlq, Alarm) | (Alarm, Topic) | (Topic, Email)
        )
    };
    let mut i = 0;
    while i < names.len() {
        let from = names[i];
        let Some(from_kind) = graph.node(from).map(|n| n.kind) else {
            i += 1;
            continue;
        };
        for link in graph.edges.iter().filter(|l| l.from == from) {
            let next = graph.node(&link.to).filter(|n| leads(from_kind, n.kind));
            if let Some(n) = next.filter(|n| !names.contains(&n.name.as_str())) {
                names.push(&n.name);
            }
        }
        i += 1;
    }
    names
}

/// Where the stage puts a moment: over the diagram's foot unless a box it is about
/// sits there (lab 004's "An alarm fired." covered the alarm), then over its head,
/// unless more of them sit there.
pub fn stage_place(graph: &crate::diagram::layout::Graph, about: &[&str]) -> MomentPlace {
    let band = graph.height * MOMENT_BAND;
    let boxes = || about.iter().filter_map(|name| graph.node(name));
    let at_foot = boxes().filter(|n| n.y + n.h > graph.height - band).count();
    let at_head = boxes().filter(|n| n.y < band).count();
    if at_foot > 0 && at_head < at_foot {
        MomentPlace::StageTop
    } else {
        MomentPlace::StageBottom
    }
}

#[function_component(MomentLine)]
pub fn moment_line(props: &MomentProps) -> Html {
    let sim = &props.sim;
    let Some(m) = sim.moment_shown().cloned() else {
        return html! {};
    };
    let place = match sim.presenter {
        false => MomentPlace::Page,
        true => stage_place(&sim.stage_graph, &about(&sim.stage_graph, &m.entry)),
    };
    if place != props.place {
        return html! {};
    }
    let lang = sim.lang;
    let (title, mut body) = text(&m, lang);
    // On the page only: on the stage a fourth line shrank the whole diagram (names to
    // 17 px at 1280×720) just after the move; the instructor says it there.
    let alarm = (!sim.presenter)
        .then(|| sim.view(|w| dlq_alarm(w, &m)).flatten())
        .flatten();
    if let Some(alarm) = alarm {
        body = format!(
            "{body} {}",
            t(lang, Key::MomentDlqAlarm).replace("{alarm}", &alarm)
        );
    }
    let seq = m.entry.seq;
    let d = sim.dispatcher();
    let show = Callback::from(move |_: MouseEvent| d.dispatch(Msg::ShowTrace(seq)));
    let d = sim.dispatcher();
    let close = Callback::from(move |_: MouseEvent| d.dispatch(Msg::DismissMoment));
    html! {
        <div class="moment" id="moment" role="status" data-moment={format!("{:?}", m.kind)}>
            <span class="moment__time">{ crate::i18n::when(lang, m.entry.at_ms) }</span>
            <strong class="moment__title">{ title }</strong>
            <span class="moment__text">{ body }</span>
            // The presenter's stage hides the panels, where the trace is.
            if !sim.presenter {
                <button class="button button--small" id="moment-trace" onclick={show}>{ t(lang, Key::MomentSeeTrace) }</button>
            }
            <button class="button button--small" id="moment-close" onclick={close} aria-label={t(lang, Key::Close)}>{ "×" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use yew::prelude::*;

    use super::{about, dlq_alarm, stage_place, MomentPlace};
    use crate::i18n::Lang;
    use crate::state::moments::MomentKind;
    use crate::state::{AppState, Msg};

    /// On the stage a moment's box stays off the resource it is about: over the
    /// diagram's head for lab 004's alarm (its "An alarm fired." covered the alarm),
    /// over its foot for lab 000's queue.
    #[test]
    fn the_stage_puts_a_moment_away_from_its_resource() {
        let stage = |id: &str| AppState::new(id, 1, Lang::En, false).stage_graph;
        let lab004 = stage("lab004-orders");
        assert_eq!(
            stage_place(&lab004, &["order-processing-alarm"]),
            MomentPlace::StageTop
        );
        let lab000 = stage("lab000-pedidos");
        assert_eq!(
            stage_place(&lab000, &["pedidos-api"]),
            MomentPlace::StageBottom
        );
        assert_eq!(
            stage_place(&lab000, &["no-such-resource"]),
            MomentPlace::StageBottom
        );
    }

    /// Lab 004's last receive before the DLQ and the move itself are about the alarm
    /// that watches the DLQ too: their box goes over the diagram's head, where the
    /// alarm's own moment goes, instead of covering the alarm at the foot and jumping.
    #[test]
    fn the_dlq_moments_keep_off_the_alarm_that_watches_the_dlq() {
        let mut s = Rc::new(AppState::new("lab004-orders", 1, Lang::En, false));
        s = s.reduce(fail_order("x"));
        let mut places: Vec<(MomentKind, bool, MomentPlace)> = Vec::new();
        while s.view(|w| w.now_ms()).unwrap() < 300_000 {
            s = s.reduce(Msg::Step);
            if let Some(m) = s
                .moment
                .as_ref()
                .filter(|m| places.iter().all(|(k, _, _)| *k != m.kind))
            {
                let names = about(&s.stage_graph, &m.entry);
                places.push((
                    m.kind,
                    names.contains(&"order-processing-alarm"),
                    stage_place(&s.stage_graph, &names),
                ));
            }
        }
        for kind in [
            MomentKind::LastReceive,
            MomentKind::MovedToDlq,
            MomentKind::AlarmFired,
        ] {
            assert!(
                places.contains(&(kind, true, MomentPlace::StageTop)),
                "{kind:?}: {places:?}"
            );
        }
    }

    fn fail_order(id: &str) -> Msg {
        Msg::Apply(Box::new(sim_core::Action::HttpRequest {
            api: "orders-api".into(),
            method: "POST".into(),
            path: "/orders".into(),
            body: Some(
                serde_json::json!({"orderId": id, "customerName": "A", "product": "P", "amount": 10, "notes": "FAIL"}),
            ),
            headers: Default::default(),
        }))
    }

    /// Lab 004's FAIL order moves to order-processing-dlq, which order-processing-alarm
    /// watches: the moment names the alarm (lab 000's pedidos-pendentes-dlq has none).
    #[test]
    fn a_move_to_a_watched_dlq_names_its_alarm() {
        let mut s = Rc::new(AppState::new("lab004-orders", 1, Lang::En, false));
        s = s.reduce(fail_order("x"));
        // To the move, not past the minute's end (the alarm's own moment comes then).
        while s.moment.as_ref().map(|m| m.kind) != Some(MomentKind::MovedToDlq) {
            s = s.reduce(Msg::Step);
            assert!(
                s.view(|w| w.now_ms()).unwrap() < 300_000,
                "no move to the DLQ"
            );
        }
        let m = s.moment.clone().unwrap();
        assert_eq!(
            s.view(|w| dlq_alarm(w, &m)).flatten().as_deref(),
            Some("order-processing-alarm")
        );
    }
}
