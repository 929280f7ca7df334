//! A metric as CloudWatch graphs it: one point a minute, gaps where data is missing,
//! the watching alarm's threshold as a dashed line and its ALARM time shaded.

use sim_core::time::MINUTE_MS;
use sim_core::view::MetricChartView;
use yew::prelude::*;

use crate::i18n::{t, Key, Lang};

const W: f64 = 320.0;
const H: f64 = 120.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 18.0;

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
    let top = v
        .values
        .iter()
        .flatten()
        .copied()
        .chain(v.threshold)
        .fold(1.0_f64, f64::max);
    (top * 1.15).ceil()
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
        let y = s.y(th);
        let label = v.threshold_label.clone().unwrap_or_default();
        html! {
            <>
                <line class="chart__threshold" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={format!("{y:.1}")} y2={format!("{y:.1}")} />
                <text class="chart__label chart__label--threshold" x={(W - RIGHT).to_string()} y={format!("{:.1}", y - 3.0)} text-anchor="end">{ label }</text>
            </>
        }
    });
    html! { <>{ for spans }{ for threshold }</> }
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
    let title = format!("{} ({}, 1 min)", v.metric_name, v.statistic.name());
    let summary = match last {
        Some(x) => format!("{title}: {} {x}", t(props.lang, Key::ChartLatest)),
        None => format!("{title}: {}", t(props.lang, Key::ChartNoData)),
    };
    let end_ms = v.from_ms + v.values.len() as u64 * MINUTE_MS;
    let dots = v.values.iter().enumerate().filter_map(|(i, val)| {
        val.map(|y| html! { <circle class="chart__dot" cx={format!("{:.1}", s.x_of_minute(i))} cy={format!("{:.1}", s.y(y))} r="2.2" /> })
    });
    let (axis_y, label_x) = ((H - BOTTOM).to_string(), (LEFT - 4.0).to_string());
    html! {
        <figure class="chart" data-metric={v.metric_name.clone()}>
            // The metric's name is AWS's, never translated.
            <figcaption class="chart__title"><span translate="no">{ breakable_name(&v.metric_name) }</span>{ summary.strip_prefix(v.metric_name.as_str()).unwrap_or_default().to_string() }</figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={summary}>
                { alarm_marks(v, &s) }
                <line class="chart__axis" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={axis_y.clone()} y2={axis_y.clone()} />
                <text class="chart__label" x={label_x.clone()} y={(TOP + 4.0).to_string()} text-anchor="end">{ s.y_max }</text>
                <text class="chart__label" x={label_x} y={axis_y} text-anchor="end">{ "0" }</text>
                { for lines(v, &s).into_iter().map(|points| html! { <polyline class="chart__line" {points} /> }) }
                { for dots }
                <text class="chart__label" x={LEFT.to_string()} y={(H - 4.0).to_string()}>{ minute_label(v.from_ms) }</text>
                <text class="chart__label" x={(W - RIGHT).to_string()} y={(H - 4.0).to_string()} text-anchor="end">{ minute_label(end_ms) }</text>
            </svg>
            <p class="chart__note">{ t(props.lang, Key::ChartMinuteNote) }</p>
        </figure>
    }
}

#[cfg(test)]
mod tests {
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
