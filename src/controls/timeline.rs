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

/// The legend's sample of a mark: its own class, so that counting the marks on the
/// track never counts the legend.
fn swatch_class(k: MarkKind) -> &'static str {
    match k {
        MarkKind::Dlq => "timeline__swatch timeline__swatch--dlq",
        MarkKind::Error => "timeline__swatch timeline__swatch--error",
        MarkKind::Alarm => "timeline__swatch timeline__swatch--alarm",
    }
}

fn mark_label(k: MarkKind) -> Key {
    match k {
        MarkKind::Dlq => Key::TimelineMarkDlq,
        MarkKind::Error => Key::TimelineMarkError,
        MarkKind::Alarm => Key::TimelineMarkAlarm,
    }
}

/// Where a key on the timeline goes, as a slider's keys do: a second back or on with
/// the arrows, a tenth of the way with Page Up and Down, the ends with Home and End;
/// None for other keys and for a key that would not move it.
fn key_target_ms(key: &str, now_ms: u64, furthest_ms: u64) -> Option<u64> {
    const STEP_MS: u64 = 1000;
    let page_ms = (furthest_ms / 10).max(STEP_MS);
    let t = match key {
        "ArrowLeft" | "ArrowDown" => now_ms.saturating_sub(STEP_MS),
        "ArrowRight" | "ArrowUp" => now_ms + STEP_MS,
        "PageDown" => now_ms.saturating_sub(page_ms),
        "PageUp" => now_ms + page_ms,
        "Home" => 0,
        "End" => furthest_ms,
        _ => return None,
    };
    // Already there: the key is not taken (a rewind to the live end would pause the
    // play and clear the stage's line for nothing, the review found).
    Some(t.min(furthest_ms)).filter(|t| *t != now_ms)
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
    // Any millisecond: with step="1000" the browser snapped 1.45 s to 1 s and drew
    // the knob at 69% of a track that ended at 1.45 s (the instructor walk). The keys
    // keep their whole seconds below.
    let d = sim.dispatcher();
    let oninput = Callback::from(move |e: InputEvent| {
        if let Ok(t) = event_value(&e).parse::<f64>() {
            d.dispatch(Msg::Rewind(t.round().max(0.0) as u64));
        }
    });
    let d = sim.dispatcher();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if let Some(t) = key_target_ms(&e.key(), now_ms, furthest_ms) {
            e.prevent_default();
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
                <input type="range" id="timeline-range" min="0" max={furthest_ms.to_string()} step="any"
                    value={now_ms.to_string()} {oninput} {onkeydown} disabled={furthest_ms == 0}
                    aria-valuetext={crate::i18n::when(lang, now_ms)} />
                <div class="timeline__marks" aria-hidden="true">
                    // A DLQ move last, so on top: a failure at the same moment hid it
                    // (the student walk saw one red mark for two moves).
                    { for marks.iter().filter(|(_, k)| *k != MarkKind::Dlq).chain(marks.iter().filter(|(_, k)| *k == MarkKind::Dlq))
                        .map(|(at, k)| html! { <span class={mark_class(*k)} style={format!("left: {:.2}%", pct(*at))}></span> }) }
                </div>
            </div>
            <span class="timeline__time" id="timeline-time">{ format!("{} / {}", crate::i18n::when(lang, now_ms), crate::i18n::when(lang, furthest_ms)) }</span>
            // What the marks mean, for the kinds on the track: the page's legend named
            // only the dots (the lab 004 walk asked what the red ticks were). The stage
            // keeps its row for the diagram; its `?` list has the legend.
            if !sim.presenter && !marks.is_empty() {
                <span class="timeline__keys" id="timeline-keys">
                    // Named as the track's: right above the diagram's legend, "moved to
                    // a DLQ" read as listed twice (the student walk).
                    <span class="muted">{ t(lang, Key::TimelineMarks) }</span>
                    { for [MarkKind::Dlq, MarkKind::Error, MarkKind::Alarm].into_iter()
                        .filter(|k| marks.iter().any(|(_, m)| m == k))
                        .map(|k| html! {
                            <span class="timeline__key"><span class={swatch_class(k)}></span>{ t(lang, mark_label(k)) }</span>
                        }) }
                </span>
            }
            // On a line of its own: the track keeps its width. On the stage it shares
            // the track's row, and its room is kept while not rewound: appearing
            // mid-drag, it shrank the track under the pointer, which then read a later
            // moment, back at the live end the button went, and the knob jumped to and
            // fro (the instructor walk).
            if rewound || sim.presenter {
                <div class={classes!("timeline__rewound", (!rewound).then_some("is-idle"))}>
                    <span class="timeline__note" role="status">{ t(lang, Key::TimelineRewound) }</span>
                    <button class="button button--small" id="timeline-now" onclick={to_now} disabled={!rewound}>{ t(lang, Key::TimelineNow) }</button>
                </div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::key_target_ms;

    #[test]
    fn the_timeline_keys_move_by_a_second_a_tenth_or_to_an_end_and_stay_on_the_track() {
        assert_eq!(key_target_ms("ArrowLeft", 5_500, 60_000), Some(4_500));
        assert_eq!(key_target_ms("ArrowRight", 59_500, 60_000), Some(60_000));
        assert_eq!(key_target_ms("ArrowLeft", 400, 1_450), Some(0));
        assert_eq!(key_target_ms("PageDown", 30_000, 60_000), Some(24_000));
        assert_eq!(key_target_ms("PageUp", 500, 1_450), Some(1_450));
        assert_eq!(key_target_ms("Home", 30_000, 60_000), Some(0));
        assert_eq!(key_target_ms("End", 30_000, 60_000), Some(60_000));
        assert_eq!(key_target_ms("b", 30_000, 60_000), None);
        assert_eq!(
            key_target_ms("ArrowRight", 60_000, 60_000),
            None,
            "at the live end"
        );
        assert_eq!(key_target_ms("End", 60_000, 60_000), None);
        assert_eq!(key_target_ms("Home", 0, 0), None);
    }
}
