//! A metric as CloudWatch graphs it: one point a minute, gaps where data is missing,
//! the watching alarm's threshold as a dashed line and its ALARM time shaded.

use sim_core::time::MINUTE_MS;
use sim_core::view::MetricChartView;
use yew::prelude::*;

use crate::i18n::{t, when, Key, Lang};

// The plot's own units. Its labels are HTML around it, not SVG text: text in the
// SVG shrank with the chart, to 8 px in a 260 px card.
const W: f64 = 320.0;
const H: f64 = 110.0;
const LEFT: f64 = 4.0;
const RIGHT: f64 = 4.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 4.0;

#[derive(Properties, PartialEq)]
pub struct MetricChartProps {
    pub view: MetricChartView,
    pub lang: Lang,
}

/// A whole minute of sim time on the x axis (`12 min`): datapoints are per minute.
fn minute_label(ms: u64) -> String {
    format!("{} min", ms / MINUTE_MS)
}

/// The y axis' top: the largest value or threshold with some room, a whole number.
fn y_max(v: &MetricChartView) -> f64 {
    axis_top(v.values.iter().flatten().copied().chain(v.threshold))
}

/// At least 1: an Errors chart of zeros topped at 2, as if something had failed (walk).
fn axis_top(values: impl Iterator<Item = f64>) -> f64 {
    (values.fold(0.0_f64, f64::max) * 1.15).ceil().max(1.0)
}

struct Scale {
    from_ms: u64,
    minutes: usize,
    y_max: f64,
}

impl Scale {
    /// A minute's datapoint is drawn at its minute's middle.
    fn x_of_minute(&self, i: usize) -> f64 {
        LEFT + (i as f64 + 0.5) * self.step()
    }

    fn x_of_time(&self, ms: u64) -> f64 {
        let minutes = ms.saturating_sub(self.from_ms) as f64 / MINUTE_MS as f64;
        (LEFT + minutes * self.step()).clamp(LEFT, W - RIGHT)
    }

    fn step(&self) -> f64 {
        (W - LEFT - RIGHT) / self.minutes.max(1) as f64
    }

    fn y(&self, v: f64) -> f64 {
        TOP + (H - TOP - BOTTOM) * (1.0 - v / self.y_max)
    }
}

/// Runs of consecutive datapoints as polyline points: a missing minute breaks the line.
fn lines(v: &MetricChartView, s: &Scale) -> Vec<String> {
    let mut runs = vec![String::new()];
    for (i, value) in v.values.iter().enumerate() {
        match (value, runs.last_mut()) {
            (Some(y), Some(run)) => {
                run.push_str(&format!("{:.1},{:.1} ", s.x_of_minute(i), s.y(*y)))
            }
            _ => runs.push(String::new()),
        }
    }
    runs.into_iter().filter(|r| !r.is_empty()).collect()
}

fn alarm_marks(v: &MetricChartView, s: &Scale) -> Html {
    let spans = v.alarm_spans.iter().map(|(a, b)| {
        let (x0, x1) = (s.x_of_time(*a), s.x_of_time(*b));
        html! { <rect class="chart__alarm" x={format!("{x0:.1}")} y={TOP.to_string()} width={format!("{:.1}", (x1 - x0).max(1.5))} height={(H - TOP - BOTTOM).to_string()} /> }
    });
    let threshold = v.threshold.map(|th| {
        let y = format!("{:.1}", s.y(th));
        html! { <line class="chart__threshold" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={y.clone()} y2={y} /> }
    });
    html! { <>{ for spans }{ for threshold }</> }
}

/// The axis' top in at most four characters, so it fits the label column: an
/// ApproximateAgeOfOldestMessage of days is 345600 (seconds), shown as 346k.
fn axis_number(v: f64) -> String {
    match v {
        v if v >= 999_500.0 => format!("{:.0}M", v / 1_000_000.0),
        v if v >= 10_000.0 => format!("{:.0}k", v / 1000.0),
        v => format!("{v}"),
    }
}

/// A label over the plot at height `y` (plot units), as CSS: a share of the plot's height.
fn at_height(y: f64) -> String {
    format!("top: {:.2}%", y / H * 100.0)
}

/// The y axis' top and 0, and the threshold's label beside its line.
fn y_labels(v: &MetricChartView, s: &Scale) -> Html {
    let threshold = v.threshold.map(|th| {
        let label = v.threshold_label.clone().unwrap_or_default();
        html! { <span class="chart__label chart__label--threshold" style={at_height(s.y(th))}>{ label }</span> }
    });
    html! {
        <>
            <span class="chart__label chart__label--y" style={at_height(TOP)}>{ axis_number(s.y_max) }</span>
            <span class="chart__label chart__label--y" style={at_height(H - BOTTOM)}>{ "0" }</span>
            { for threshold }
        </>
    }
}

/// A metric's name in its words ("Approximate", "Number", …), to break a narrow
/// chart's title between them, not inside one: "ApproximateNumberOfMessagesNotVisibl
/// / e" at 1920×1080 (the pt-BR walk).
fn camel_words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let (mut start, mut after_lower) = (0, false);
    for (i, c) in text.char_indices() {
        if c.is_ascii_uppercase() && after_lower {
            words.push(&text[start..i]);
            start = i;
        }
        after_lower = c.is_ascii_lowercase();
    }
    words.push(&text[start..]);
    words
}

/// The name with a break opportunity (`<wbr>`) between its words: copied, it is the
/// name itself (zero-width spaces would follow it into the alarm form). The trace's
/// kind names break the same way.
pub(crate) fn breakable_name(name: &str) -> Html {
    let words = camel_words(name);
    html! {
        <>{ for words.iter().enumerate().map(|(i, w)| html! {
            <>if i > 0 { <wbr /> }{ w.to_string() }</>
        }) }</>
    }
}

#[function_component(MetricChart)]
pub fn metric_chart(props: &MetricChartProps) -> Html {
    let v = &props.view;
    let s = Scale {
        from_ms: v.from_ms,
        minutes: v.values.len(),
        y_max: y_max(v),
    };
    let last = v.values.iter().rev().flatten().next().copied();
    // The unit as CloudWatch names it, when a number alone would not say it (an
    // IteratorAge of 346k is milliseconds, an age of the oldest message seconds).
    let unit = match v.unit {
        "Count" | "" => String::new(),
        unit => format!(", {unit}"),
    };
    let title = format!("{} ({}, 1 min{unit})", v.metric_name, v.statistic.name());
    // A time is also said as one, to the second (63487 Milliseconds is "≈ 1 min 3 s").
    let whole_s = |ms: f64| when(props.lang, (ms / 1_000.0).round() as u64 * 1_000);
    let as_time = |x: f64| match v.unit {
        "Milliseconds" if x >= 1_000.0 => format!(" (≈ {})", whole_s(x)),
        "Seconds" if x >= 60.0 => format!(" (≈ {})", whole_s(x * 1_000.0)),
        _ => String::new(),
    };
    let summary = match last {
        Some(x) => format!(
            "{title}: {} {x}{}",
            t(props.lang, Key::ChartLatest),
            as_time(x)
        ),
        None => format!("{title}: {}", t(props.lang, Key::ChartNoData)),
    };
    let end_ms = v.from_ms + v.values.len() as u64 * MINUTE_MS;
    let dots = v.values.iter().enumerate().filter_map(|(i, val)| {
        val.map(|y| html! { <circle class="chart__dot" cx={format!("{:.1}", s.x_of_minute(i))} cy={format!("{:.1}", s.y(y))} r="2.2" /> })
    });
    let axis_y = (H - BOTTOM).to_string();
    html! {
        <figure class="chart" data-metric={v.metric_name.clone()}>
            // The metric's name is AWS's, never translated.
            <figcaption class="chart__title"><span translate="no">{ breakable_name(&v.metric_name) }</span>{ summary.strip_prefix(v.metric_name.as_str()).unwrap_or_default().to_string() }</figcaption>
            <div class="chart__plot" role="img" aria-label={summary}>
                <svg viewBox={format!("0 0 {W} {H}")}>
                    { alarm_marks(v, &s) }
                    <line class="chart__axis" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={axis_y.clone()} y2={axis_y} />
                    { for lines(v, &s).into_iter().map(|points| html! { <polyline class="chart__line" {points} /> }) }
                    { for dots }
                </svg>
                { y_labels(v, &s) }
            </div>
            <div class="chart__x" aria-hidden="true">
                <span class="chart__label">{ minute_label(v.from_ms) }</span>
                <span class="chart__label">{ minute_label(end_ms) }</span>
            </div>
            <p class="chart__note">{ t(props.lang, Key::ChartMinuteNote) }</p>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_axis_top_is_at_most_four_characters() {
        assert_eq!(super::axis_number(2.0), "2");
        assert_eq!(super::axis_number(9999.0), "9999");
        assert_eq!(super::axis_number(345_600.0), "346k");
        assert_eq!(super::axis_number(999_499.0), "999k");
        assert_eq!(super::axis_number(999_500.0), "1M");
        assert_eq!(super::axis_number(52_000_000.0), "52M");
    }

    #[test]
    fn the_axis_tops_a_little_above_the_largest_value_and_at_1_for_zeros() {
        assert_eq!(super::axis_top([0.0, 0.0].into_iter()), 1.0);
        assert_eq!(super::axis_top(std::iter::empty()), 1.0);
        assert_eq!(super::axis_top([0.0, 1.0].into_iter()), 2.0);
        assert_eq!(super::axis_top([10.0, 3.0].into_iter()), 12.0);
    }

    #[test]
    fn metric_names_break_between_their_words() {
        assert_eq!(
            super::camel_words("ApproximateNumberOfMessagesNotVisible"),
            ["Approximate", "Number", "Of", "Messages", "Not", "Visible"]
        );
        assert_eq!(super::camel_words("DLQErrors"), ["DLQErrors"]);
        assert_eq!(super::camel_words(""), [""]);
    }
}
