//! The teaching moment: one line under the diagram saying what just happened and
//! why, with a link to its trace entry.

use yew::prelude::*;

use crate::i18n::{t, Key, Lang};
use crate::sim_provider::SimProps;
use crate::state::moments::{Moment, MomentKind};
use crate::state::Msg;

fn text(m: &Moment, lang: Lang) -> (String, String) {
    let (title, body) = match m.kind {
        MomentKind::FirstRedelivery => (Key::MomentRedeliveryTitle, Key::MomentRedelivery),
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

#[function_component(MomentLine)]
pub fn moment_line(props: &SimProps) -> Html {
    let sim = &props.sim;
    // Rewound to before it, the moment has not happened yet.
    let now_ms = sim.view(|w| w.now_ms()).unwrap_or(0);
    let Some(m) = sim.moment.clone().filter(|m| m.entry.at_ms <= now_ms) else {
        return html! {};
    };
    // On the stage, a breakpoint stopped at this very entry: the explanation below
    // says it in larger type, and the diagram keeps the room (the instructor walk saw
    // it shrink by a fifth at the move to the DLQ).
    let said_below = sim.presenter
        && sim
            .halted
            .as_ref()
            .is_some_and(|h| h.entry.seq == m.entry.seq);
    if said_below {
        return html! {};
    }
    let lang = sim.lang;
    let (title, body) = text(&m, lang);
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
