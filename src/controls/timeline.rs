//! The timeline under the diagram: drag (or use the arrow keys on it) to any earlier
//! moment and see the world as it was; marks show where messages moved to a DLQ,
//! invocations failed and alarms changed. Acting from an earlier moment forks.

use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key};
use crate::sim_provider::SimProps;
use crate::state::rewind::MarkKind;
use crate::state::Msg;

fn mark_class(k: MarkKind) -> &'static str {
    match k {
        MarkKind::Dlq => "timeline__mark timeline__mark--dlq",
        MarkKind::Error => "timeline__mark timeline__mark--error",
        MarkKind::Alarm => "timeline__mark timeline__mark--alarm",
    }
}

#[function_component(TimelineBar)]
pub fn timeline_bar(props: &SimProps) -> Html {
    let sim = &props.sim;
    let lang = sim.lang;
    let now_ms = sim.view(|w| w.now_ms()).unwrap_or(0);
    let (furthest_ms, rewound, marks) = {
        let tl = sim.timeline.borrow();
        (
            tl.furthest_ms.max(now_ms),
            tl.rewound_to.is_some(),
            tl.marks.clone(),
        )
    };
    let d = sim.dispatcher();
    let oninput = Callback::from(move |e: InputEvent| {
        if let Ok(t) = event_value(&e).parse::<u64>() {
            d.dispatch(Msg::Rewind(t));
        }
    });
    let d = sim.dispatcher();
    let to_now = Callback::from(move |_: MouseEvent| d.dispatch(Msg::Rewind(furthest_ms)));
    let pct = |t: u64| {
        if furthest_ms == 0 {
            0.0
        } else {
            t as f64 * 100.0 / furthest_ms as f64
        }
    };
    html! {
        <div class={classes!("timeline", rewound.then_some("timeline--rewound"))} id="timeline">
            <label class="timeline__label" for="timeline-range">{ t(lang, Key::Timeline) }</label>
            <div class="timeline__track">
                <input type="range" id="timeline-range" min="0" max={furthest_ms.to_string()} step="1000"
                    value={now_ms.to_string()} {oninput} disabled={furthest_ms == 0}
                    aria-valuetext={crate::i18n::when(lang, now_ms)} />
                <div class="timeline__marks" aria-hidden="true">
                    { for marks.iter().map(|(at, k)| html! { <span class={mark_class(*k)} style={format!("left: {:.2}%", pct(*at))}></span> }) }
                </div>
            </div>
            <span class="timeline__time" id="timeline-time">{ format!("{} / {}", crate::i18n::when(lang, now_ms), crate::i18n::when(lang, furthest_ms)) }</span>
            // On a line of its own: the track keeps its width.
            if rewound {
                <div class="timeline__rewound">
                    <span class="timeline__note" role="status">{ t(lang, Key::TimelineRewound) }</span>
                    <button class="button button--small" id="timeline-now" onclick={to_now}>{ t(lang, Key::TimelineNow) }</button>
                </div>
            }
        </div>
    }
}
