//! One resource on the diagram: its kind, name and live numbers in the learner's
//! language, its in-flight chips, and how it is selected by mouse or keyboard.

use sim_core::services::cloudwatch::AlarmState;
use sim_core::view::{NodeStats, ResourceKind};
use yew::prelude::*;

use super::layout::Node;
use crate::i18n::{plural, t, when, Key, Lang, Plural};

fn kind_label(k: ResourceKind, lang: Lang) -> &'static str {
    match k {
        ResourceKind::Api => "API Gateway",
        ResourceKind::Function => "Lambda",
        ResourceKind::Queue => t(lang, Key::KindQueue),
        ResourceKind::Dlq => "SQS DLQ",
        ResourceKind::Table => "DynamoDB",
        ResourceKind::Bus => t(lang, Key::KindBus),
        ResourceKind::Rule => t(lang, Key::KindRule),
        ResourceKind::Topic => t(lang, Key::KindTopic),
        ResourceKind::Pipe => "EventBridge Pipe",
        ResourceKind::Email => "E-mail",
        ResourceKind::Alarm => t(lang, Key::KindAlarm),
        ResourceKind::Bucket => "S3",
    }
}

/// What a node shows beyond its name.
struct Live {
    stat: String,
    alert: bool,
    /// Each chip's message: receive count, the fraction of its visibility timeout
    /// still to run (`None`: visible again), and how its receive count stands.
    chips: Vec<(u32, Option<f64>, ChipTone)>,
    /// Messages that would have a chip (the view lists a few).
    chips_total: usize,
    faulty: bool,
}

/// The node's numbers in words, short enough for its box, each in its plural form.
/// In the stage's large boxes (presenter mode, and the page's bands) a queue says only
/// the counts that are not zero ("1 in flight", "empty"): "0 available · 0 in flight"
/// was squeezed into lab 000's boxes, and the instructor walk could not read the one
/// number the demo is about from the back of the room. The queue's panel has them all.
fn stat_text(stats: &NodeStats, lang: Lang, stage: bool) -> String {
    let n = |key: Plural, n: u64| plural(lang, key, n);
    // The counts that are not zero, in words.
    let nonzero = |counts: &[(Plural, u64)]| -> Vec<String> {
        counts
            .iter()
            .filter(|(_, count)| *count > 0)
            .map(|(key, count)| n(*key, *count))
            .collect()
    };
    match stats {
        NodeStats::Queue {
            available: v,
            in_flight: f,
            delayed: d,
            next_visible_in_ms,
            group_waiting: w,
            ..
        } => {
            let (v, f, d) = ((*v), (*f), (*d));
            // A FIFO message behind its group's in-flight one is available to SQS but
            // nobody can receive it yet: said so, or "1 available" sat for a minute.
            if *w > 0 {
                return nonzero(&[
                    (Plural::Available, v.saturating_sub(*w)),
                    (Plural::GroupWaiting, *w),
                    (Plural::InFlight, f),
                    (Plural::Delayed, d),
                ])
                .join(" · ");
            }
            // Only in flight: the stage counts down to the first one's return, the
            // moment the demo waits for (the chip's bar alone was 4 px on a projector).
            if let Some(ms) = next_visible_in_ms.filter(|_| stage) {
                return format!("{} · {}", n(Plural::InFlight, f), countdown(lang, ms));
            }
            if stage {
                let said = nonzero(&[
                    (Plural::Available, v),
                    (Plural::InFlight, f),
                    (Plural::Delayed, d),
                ]);
                // All three: the short form below, with the available count bare.
                if said.len() < 3 {
                    return match said.is_empty() {
                        true => t(lang, Key::QueueEmpty).to_string(),
                        false => said.join(" · "),
                    };
                }
            }
            if d > 0 {
                format!(
                    "{v} · {} · {}",
                    n(Plural::InFlight, f),
                    n(Plural::Delayed, d)
                )
            } else {
                format!("{} · {}", n(Plural::Available, v), n(Plural::InFlight, f))
            }
        }
        NodeStats::Function {
            running,
            errors,
            failed_batch_items,
            ..
        } => {
            // A function that reports batch item failures succeeds: "0 errors" alone
            // said nothing was wrong while lab 003's payments came back, and the
            // lesson is both side by side ("0 errors · 3 items failed", the walks).
            // The running count goes while nothing runs, to leave them the room.
            let mut said = Vec::with_capacity(3);
            if *running > 0 || *failed_batch_items == 0 {
                said.push(n(Plural::Running, *running));
            }
            said.push(n(Plural::ErrorsN, *errors));
            if *failed_batch_items > 0 {
                said.push(n(Plural::FailedItemsN, *failed_batch_items));
            }
            said.join(" · ")
        }
        NodeStats::Table { items } => n(Plural::Items, *items),
        NodeStats::Rule {
            enabled: true,
            matched_events,
            ..
        } => n(Plural::MatchedN, *matched_events),
        NodeStats::Rule { enabled: false, .. } => "DISABLED".into(),
        NodeStats::Api { requests } => n(Plural::Requests, *requests),
        NodeStats::Topic { published } => n(Plural::Published, *published),
        NodeStats::Email { received } => n(Plural::Emails, *received),
        NodeStats::Pipe {
            delivered,
            filtered_out,
        } => format!(
            "{} · {}",
            n(Plural::DeliveredN, *delivered),
            n(Plural::FilteredOutShort, *filtered_out)
        ),
        NodeStats::Bus => "EventBridge".into(),
        NodeStats::Alarm { state } => state.name().into(),
        NodeStats::Bucket { objects } => n(Plural::Objects, *objects),
        NodeStats::Missing => String::new(),
    }
}

/// Whole seconds left, rounded up, in seconds alone below 1,000 ("70 s" is shorter in
/// a box than "1 min 10 s"; the Portuguese line was squeezed at 1280×720).
fn countdown(lang: Lang, ms: u64) -> String {
    let seconds = ms.div_ceil(1000);
    match seconds {
        0..1000 => format!("{seconds}\u{a0}s"),
        // "30 min", not "30 min 0 s".
        _ if seconds % 60 == 0 && seconds < 3600 => format!("{}\u{a0}min", seconds / 60),
        _ => when(lang, seconds * 1000),
    }
}

fn live(kind: ResourceKind, stats: &NodeStats, lang: Lang, stage: bool) -> Live {
    let faulty = match stats {
        NodeStats::Function { faulty, .. } | NodeStats::Rule { faulty, .. } => *faulty,
        _ => false,
    };
    let mut chips_total = 0;
    let (alert, chips) = match stats {
        NodeStats::Queue {
            has_messages,
            visibility_timeout_s,
            max_receive_count,
            chips,
            chip_count,
            ..
        } => {
            chips_total = *chip_count as usize;
            let vis_ms = visibility_timeout_s.max(&1) * 1000;
            let chips = chips
                .iter()
                .map(|c| {
                    let left = c
                        .visible_in_ms
                        .map(|ms| (ms as f64 / vis_ms as f64).clamp(0.0, 1.0));
                    let tone = ChipTone::of(c.receive_count, *max_receive_count);
                    (c.receive_count, left, tone)
                })
                .collect();
            (kind == ResourceKind::Dlq && *has_messages, chips)
        }
        NodeStats::Alarm { state } => (*state == AlarmState::ALARM, Vec::new()),
        _ => (faulty, Vec::new()),
    };
    Live {
        stat: stat_text(stats, lang, stage),
        alert,
        chips,
        chips_total,
        faulty,
    }
}

/// A line of node text, whole: one longer than `fits` characters is squeezed into the
/// box (SVG textLength) rather than cut, so the full name stays readable and accessible.
/// Squeezed, not set smaller: the stage's legibility floor is a glyph height.
fn fitted(class: &'static str, y: f64, text: &str, fits: usize, width: f64) -> Html {
    if text.chars().count() <= fits {
        html! { <text {class} x="8" y={y.to_string()}>{ text.to_string() }</text> }
    } else {
        html! { <text {class} x="8" y={y.to_string()} textLength={width.to_string()} lengthAdjust="spacingAndGlyphs">{ text.to_string() }</text> }
    }
}

/// A name too long for one line of the stage, cut after a `-`, `@`, `.` or `_`, or
/// between the words of a CamelCase name, where the longer line is shortest.
pub fn split_name(name: &str, fits: usize) -> (String, Option<String>) {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= fits {
        return (name.to_string(), None);
    }
    let best = (1..chars.len())
        .filter(|&i| {
            matches!(chars[i - 1], '-' | '@' | '.' | '_')
                || (chars[i].is_uppercase() && chars[i - 1].is_lowercase())
        })
        .min_by_key(|&i| i.max(chars.len() - i));
    match best {
        Some(i) => (
            chars[..i].iter().collect(),
            Some(chars[i..].iter().collect()),
        ),
        None => (name.to_string(), None),
    }
}

/// How many characters of a font size surely fit a box's width, at `em` (a
/// character's average width in em): bold lower-case names measure up to about 0.64
/// em in the fonts Linux, macOS and Windows pick for system-ui, regular text about
/// 0.58. A longer line is squeezed to the box (`fitted`).
fn fits(box_w: f64, font: f64, em: f64) -> usize {
    ((box_w - 16.0) / (font * em)) as usize
}

/// The kind, name and numbers on the page (one line each) or on the stage (larger,
/// the name on two lines when it needs them). Font sizes are style.css's; `alert`
/// numbers are drawn bolder (a DLQ with messages), so fewer of their characters fit.
fn lines(n: &Node, kind: String, stat: &str, stage: bool, alert: bool) -> Html {
    let width = n.w - 16.0;
    let stat_em = if alert { 0.56 } else { 0.5 };
    if !stage {
        return html! {
            <>
                <text class="node__kind" x="8" y="14">{ kind }</text>{ " " }
                { fitted("node__name", 31.0, &n.name, 18, width) }{ " " }
                { fitted("node__stat", 46.0, stat, fits(n.w, 9.8, stat_em), width) }{ " " }
            </>
        };
    }
    // The kind and the numbers as large as the box's four lines allow (18 and 19
    // units: about 14 px on lab 000's dense stage at 1280×720, 16 px and more on the
    // others), the name lines 23 units apart.
    let name_fits = fits(n.w, 24.0, 0.64);
    let (first, second) = split_name(&n.name, name_fits);
    let (name_y, stat_y) = if second.is_some() {
        (41.0, 86.0)
    } else {
        (50.0, 80.0)
    };
    html! {
        <>
            { fitted("node__kind", 17.0, &kind, fits(n.w, 18.0, 0.7), width) }{ " " }
            { fitted("node__name", name_y, &first, name_fits, width) }{ " " }
            if let Some(rest) = second { { fitted("node__name", name_y + 23.0, &rest, name_fits, width) }{ " " } }
            { fitted("node__stat", stat_y, stat, fits(n.w, 19.0, stat_em + 0.08), width) }{ " " }
        </>
    }
}

/// Where a box's in-flight chips go: each chip's left edge, its top, and its scale.
/// They hang from the box's bottom edge, over its border, so they read as this box's
/// and not the next row's; on the stage they are `STAGE_CHIP_ZOOM` as large (the
/// projector's back row). Only as many as fit left of `CHIP_ROOM_RIGHT` are drawn
/// (the stat line counts them all): an arrow may leave the box's bottom there.
pub fn chip_slots(n: &Node, stage: bool, count: usize) -> (Vec<f64>, f64, f64) {
    let zoom = if stage { STAGE_CHIP_ZOOM } else { 1.0 };
    let step = chip_w(zoom) + CHIP_GAP;
    let room = n.w - CHIP_ROOM_RIGHT - CHIP_LEFT + CHIP_GAP * zoom;
    let fit = (room / (step * zoom)) as usize;
    let xs = (0..count.min(fit))
        .map(|i| CHIP_LEFT + i as f64 * step * zoom)
        .collect();
    (xs, n.h - CHIP_OVERLAP, zoom)
}

/// A chip's width in units before its scale. The stage's "rc 1" is larger than the
/// chip is scaled (node text must read from the back row), so its chip is wider: at
/// the page's 30 units "rc 1" ran over the next chip (the instructor walk).
pub fn chip_w(zoom: f64) -> f64 {
    if zoom > 1.0 {
        STAGE_CHIP_W
    } else {
        CHIP_W
    }
}

/// Whether a box of this kind hangs in-flight chips under it.
pub fn hangs_chips(kind: ResourceKind) -> bool {
    matches!(kind, ResourceKind::Queue | ResourceKind::Dlq)
}

/// A chip's size in units before its scale: its timer bar runs under its text, not
/// over it (the walk read the bar as covering "rc 1").
const CHIP_W: f64 = 30.0;
const STAGE_CHIP_W: f64 = 36.0;
pub const CHIP_H: f64 = 15.0;
const CHIP_TIMER_H: f64 = 3.5;
const CHIP_GAP: f64 = 1.0;
const CHIP_LEFT: f64 = 4.0;
/// How far a chip reaches up over its box's bottom border.
const CHIP_OVERLAP: f64 = 2.0;
pub const STAGE_CHIP_ZOOM: f64 = 1.5;
/// How far a stage box's chips reach below it.
pub const STAGE_CHIPS_HANG: f64 = CHIP_H * STAGE_CHIP_ZOOM - CHIP_OVERLAP;
/// Kept free of chips at the right of a box's bottom, for arrows (arrows.rs).
pub const CHIP_ROOM_RIGHT: f64 = 30.0;

/// How a chip's receive count stands. Not red: the legend's red is "moved to a DLQ",
/// and a message on its last receive is not there yet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ChipTone {
    /// Received once.
    First,
    /// Received again: its visibility timeout ran out before anyone deleted it.
    Again,
    /// At its queue's maxReceiveCount: if it is not deleted, the next receive moves
    /// it to the DLQ.
    Last,
}

impl ChipTone {
    pub fn of(receive_count: u32, max_receive_count: Option<u32>) -> ChipTone {
        match max_receive_count {
            Some(max) if receive_count >= max => ChipTone::Last,
            _ if receive_count >= 2 => ChipTone::Again,
            _ => ChipTone::First,
        }
    }

    fn class(self) -> &'static str {
        match self {
            ChipTone::First => "chip--first",
            ChipTone::Again => "chip--again",
            ChipTone::Last => "chip--last",
        }
    }
}

/// The last slot when more messages are in flight than chips fit: how many more.
fn more_chip(x: f64, y: f64, zoom: f64, more: usize) -> Html {
    let transform = format!("translate({x:.1},{y:.1}) scale({zoom})");
    let w = chip_w(zoom);
    html! {
        <g class="chip chip--more" {transform}>
            <rect width={w.to_string()} height={CHIP_H.to_string()} rx="3" />
            <text x={(w / 2.0).to_string()} y={CHIP_TEXT_Y.to_string()} text-anchor="middle">{ format!("+{more}") }</text>{ " " }
        </g>
    }
}

/// The chip text's baseline, just above the timer bar.
const CHIP_TEXT_Y: f64 = CHIP_H - CHIP_TIMER_H - 1.5;

/// A message's chip: its receive count, and a bar that shrinks as its visibility
/// timeout runs; a message visible again has a dashed chip and no bar.
fn chip(x: f64, y: f64, zoom: f64, (rc, left, tone): (u32, Option<f64>, ChipTone)) -> Html {
    let transform = format!("translate({x:.1},{y:.1}) scale({zoom})");
    let w = chip_w(zoom);
    html! {
        <g class={classes!("chip", tone.class(), left.is_none().then_some("chip--visible"))} {transform}>
            <rect width={w.to_string()} height={CHIP_H.to_string()} rx="3" />
            if let Some(left) = left {
                <rect class="chip__timer" y={(CHIP_H - CHIP_TIMER_H).to_string()} height={CHIP_TIMER_H.to_string()} width={format!("{:.1}", w * left)} />
            }
            // "rc 10" and more squeezed into the chip.
            <text x={(w / 2.0).to_string()} y={CHIP_TEXT_Y.to_string()} text-anchor="middle" textLength={(rc >= 10).then(|| (w - 3.0).to_string())} lengthAdjust="spacingAndGlyphs">{ format!("rc {rc}") }</text>{ " " }
        </g>
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeProps {
    pub node: Node,
    pub stats: NodeStats,
    pub selected: bool,
    pub lang: Lang,
    /// Drawn for the presenter's stage: larger text, names on two lines.
    #[prop_or_default]
    pub stage: bool,
    pub on_select: Callback<String>,
    /// On the stage, a double click opens the box's panel over it.
    #[prop_or_default]
    pub on_open: Option<Callback<String>>,
}

#[function_component(NodeBox)]
pub fn node_box(props: &NodeProps) -> Html {
    let n = &props.node;
    let l = live(n.kind, &props.stats, props.lang, props.stage);
    let class = classes!(
        "node",
        format!("node--{}", n.kind.slug()),
        props.selected.then_some("is-selected"),
        l.alert.then_some("has-alert")
    );
    let onclick = {
        let name = n.name.clone();
        props.on_select.reform(move |_: MouseEvent| name.clone())
    };
    let ondblclick = props.on_open.as_ref().map(|open| {
        let name = n.name.clone();
        open.reform(move |_: MouseEvent| name.clone())
    });
    let onkeydown = {
        let (name, on_select) = (n.name.clone(), props.on_select.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_select.emit(name.clone());
                // From the keyboard, the focus follows the learner to the panel.
                crate::dom::focus_panel_of(&name);
            }
        })
    };
    // The accessible name holds exactly the text the node shows (WCAG "label in
    // name"); the " " between the SVG text lines is invisible but keeps them apart.
    let fault = if l.faulty { " ⚠" } else { "" };
    let (xs, chip_y, zoom) = chip_slots(n, props.stage, l.chips_total);
    // More messages than slots: the last slot says how many more ("+2"), so the
    // chips never under-count the stat line (a walk counted 3 chips for "4 in flight").
    let shown = if l.chips_total > xs.len() {
        xs.len().saturating_sub(1).min(l.chips.len())
    } else {
        l.chips.len()
    };
    let more = l.chips_total - shown;
    let mut chip_text: String = l.chips[..shown]
        .iter()
        .map(|(rc, _, _)| format!(" rc {rc}"))
        .collect();
    if more > 0 && shown < xs.len() {
        chip_text.push_str(&format!(" +{more}"));
    }
    let label = format!(
        "{}{fault} {} {}{chip_text}",
        kind_label(n.kind, props.lang),
        n.name,
        l.stat
    );
    html! {
        <g {class} transform={format!("translate({:.1},{:.1})", n.x, n.y)} tabindex="0" role="button" aria-label={label} aria-pressed={props.selected.to_string()} {onclick} {ondblclick} {onkeydown} data-node={n.name.clone()}>
            <rect class="node__box" width={n.w.to_string()} height={n.h.to_string()} rx="7" />
            { lines(n, format!("{}{fault}", kind_label(n.kind, props.lang)), &l.stat, props.stage, l.alert) }
            { for xs[..shown].iter().zip(&l.chips).map(|(x, c)| chip(*x, chip_y, zoom, *c)) }
            if more > 0 && shown < xs.len() { { more_chip(xs[shown], chip_y, zoom, more) } }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::{stat_text, ChipTone};
    use crate::i18n::Lang;
    use sim_core::view::{MessageChip, NodeStats};

    /// A queue with `in_flight` messages and, when all are in flight, the first's
    /// return `next_ms` away.
    fn queue(available: u64, in_flight: u64, next_ms: Option<u64>) -> NodeStats {
        NodeStats::Queue {
            available,
            in_flight,
            delayed: 0,
            has_messages: available + in_flight > 0,
            visibility_timeout_s: 30,
            max_receive_count: Some(3),
            chips: vec![
                MessageChip {
                    receive_count: 1,
                    visible_in_ms: next_ms,
                };
                in_flight.min(4) as usize
            ],
            chip_count: in_flight,
            next_visible_in_ms: next_ms.filter(|_| available == 0),
            group_waiting: 0,
        }
    }

    /// A FIFO message behind its group's in-flight one says it waits (the FIFO
    /// instructor walk read "1 available" that nobody received for a minute).
    #[test]
    fn a_fifo_message_behind_its_group_says_it_waits() {
        let mut q = queue(1, 1, None);
        if let NodeStats::Queue { group_waiting, .. } = &mut q {
            *group_waiting = 1;
        }
        for stage in [true, false] {
            assert_eq!(
                stat_text(&q, Lang::En, stage),
                "1 waits for its group · 1 in flight"
            );
            assert_eq!(
                stat_text(&q, Lang::Pt, stage),
                "1 espera o grupo · 1 em trânsito"
            );
        }
    }

    #[test]
    fn the_stage_counts_down_to_the_first_in_flight_message_coming_back() {
        let q = queue(0, 2, Some(9_001));
        assert_eq!(stat_text(&q, Lang::En, true), "2 in flight · 10\u{a0}s");
        assert_eq!(stat_text(&q, Lang::Pt, true), "2 em trânsito · 10\u{a0}s");
        let long = queue(0, 1, Some(70_000));
        assert_eq!(stat_text(&long, Lang::En, true), "1 in flight · 70\u{a0}s");
        let half_hour = queue(0, 1, Some(1_800_000));
        assert_eq!(
            stat_text(&half_hour, Lang::En, true),
            "1 in flight · 30\u{a0}min"
        );
        let longer = queue(0, 1, Some(1_810_000));
        assert_eq!(
            stat_text(&longer, Lang::En, true),
            "1 in flight · 30\u{a0}min 10\u{a0}s"
        );
        // With other counts beside it, or on the page, the line has no room for it.
        let mixed = queue(1, 1, Some(9_000));
        assert_eq!(
            stat_text(&mixed, Lang::En, true),
            "1 available · 1 in flight"
        );
        assert_eq!(stat_text(&q, Lang::En, false), "0 available · 2 in flight");
    }

    /// The view lists at most four chips and counts them all; the box's "+N" adds up
    /// to the count (a walk counted 3 chips for "4 in flight").
    #[test]
    fn chips_count_every_message_in_flight_not_only_the_listed_ones() {
        use sim_core::view::ResourceKind;
        let live = super::live(
            ResourceKind::Queue,
            &queue(0, 7, Some(9_000)),
            Lang::En,
            false,
        );
        assert_eq!((live.chips.len(), live.chips_total), (4, 7));
    }

    #[test]
    fn a_chip_turns_dark_only_at_its_queues_max_receive_count() {
        // Lab 000's queues: maxReceiveCount 3.
        let tones: Vec<ChipTone> = (1..=4).map(|rc| ChipTone::of(rc, Some(3))).collect();
        use ChipTone::*;
        assert_eq!(tones, [First, Again, Last, Last]);
        // maxReceiveCount 1: the first receive is already the last.
        assert_eq!(ChipTone::of(1, Some(1)), Last);
        // Without a redrive policy a message is received again and again, never last.
        assert_eq!(ChipTone::of(9, None), Again);
    }
}
