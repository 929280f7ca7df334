//! The teaching moment: one line under the diagram saying what just happened and
//! why, with a link to its trace entry.

use yew::prelude::*;

use crate::i18n::{t, Key, Lang};
use crate::state::moments::{Moment, MomentKind};
use crate::state::Msg;

fn text(m: &Moment, lang: Lang) -> (String, String) {
    let (title, body) = match m.kind {
        MomentKind::FirstRedelivery => (Key::MomentRedeliveryTitle, Key::MomentRedelivery),
        MomentKind::RedeliveredWhileRunning => {
            (Key::MomentStillRunningTitle, Key::MomentStillRunning)
        }
        MomentKind::LastReceive => (Key::MomentLastReceiveTitle, Key::MomentLastReceive),
        MomentKind::MovedToDlq => (Key::MomentDlqTitle, Key::MomentDlq),
        MomentKind::PartialBatch => (Key::MomentPartialTitle, Key::MomentPartial),
        MomentKind::AlarmFired => (Key::MomentAlarmTitle, Key::MomentAlarm),
        MomentKind::AccessDenied => (Key::MomentDeniedTitle, Key::MomentDenied),
        MomentKind::CompetingConsumers => (Key::MomentCompetingTitle, Key::MomentCompeting),
        MomentKind::DuplicateDelivery => (Key::MomentDuplicateTitle, Key::MomentDuplicate),
        MomentKind::WholeBatchFailed => (Key::MomentBatchTitle, Key::MomentBatch),
        MomentKind::WholeBatchFailedReported => (Key::MomentBatchTitle, Key::MomentBatchReported),
        MomentKind::Redriven => (Key::MomentRedrivenTitle, Key::MomentRedriven),
        MomentKind::RedriveProcessed => (Key::MomentRedriveDoneTitle, Key::MomentRedriveDone),
    };
    // "deleted by processa-pedidos-lambda": who processed it.
    let by = m.entry.text.strip_prefix("deleted by ").unwrap_or_default();
    (
        t(lang, title).to_string(),
        // The competition is about the queue the pipe took the order from.
        t(lang, body)
            .replace(
                "{res}",
                match m.kind {
                    MomentKind::CompetingConsumers => m.entry.to.as_deref().unwrap_or_default(),
                    _ => &m.entry.resource,
                },
            )
            .replace("{to}", m.entry.to.as_deref().unwrap_or_default())
            .replace("{by}", by),
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
/// explanation line and the timeline, from the bottom up. Over the diagram it covered
/// the boxes it was about, at the foot an alarm, at the head lab 003's row of names
/// (both instructor walks); the line it covers says the same event, in fewer words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MomentPlace {
    Page,
    Stage,
}

#[derive(Properties, PartialEq)]
pub struct MomentProps {
    pub sim: crate::sim_provider::SimContext,
    pub place: MomentPlace,
}

#[function_component(MomentLine)]
pub fn moment_line(props: &MomentProps) -> Html {
    let sim = &props.sim;
    let Some(m) = sim.moment_shown().cloned() else {
        return html! {};
    };
    let place = match sim.presenter {
        false => MomentPlace::Page,
        true => MomentPlace::Stage,
    };
    if place != props.place {
        return html! {};
    }
    let lang = sim.lang;
    let (title, mut body) = text(&m, lang);
    // On the page only: on the stage the move's note already fills the foot (four
    // lines in pt-BR at 1280×720), and a fifth would cover boxes; the instructor says it.
    let alarm = (!sim.presenter)
        .then(|| sim.view(|w| dlq_alarm(w, &m)).flatten())
        .flatten();
    if let Some(alarm) = alarm {
        body = format!(
            "{body} {}",
            t(lang, Key::MomentDlqAlarm).replace("{alarm}", &alarm)
        );
    }
    let whole_batch = matches!(
        m.kind,
        MomentKind::WholeBatchFailed | MomentKind::WholeBatchFailedReported
    );
    if whole_batch && sim.view(|w| !w.tables().is_empty()).unwrap_or(false) {
        body = format!("{body} {}", t(lang, Key::MomentBatchOrders));
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

    use super::dlq_alarm;
    use crate::i18n::Lang;
    use crate::state::moments::MomentKind;
    use crate::state::{AppState, Msg};

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
