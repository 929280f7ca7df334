//! CloudWatch as a panel shows it: a metric's datapoints over the last minutes as a
//! graph reads them (with the threshold and ALARM spans of an alarm that watches it),
//! and an alarm with its configuration, state and history.

use crate::kernel::time::{SimTime, MINUTE_MS};
use crate::services::cloudwatch::{
    Alarm, AlarmConfig, AlarmHistoryItem, AlarmState, ComparisonOperator, Series, Statistic,
};
use crate::Simulation;

/// Minutes a graph shows, ending at the last complete minute.
pub const CHART_MINUTES: u64 = 30;

/// One metric's graph.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricChartView {
    pub metric_name: String,
    pub statistic: Statistic,
    pub unit: &'static str,
    /// The first minute shown (sim time).
    pub from_ms: SimTime,
    /// One entry a minute, oldest first; None is missing data.
    pub values: Vec<Option<f64>>,
    /// The watching alarm's threshold and the minutes it spent in ALARM.
    pub threshold: Option<f64>,
    pub alarm_spans: Vec<(SimTime, SimTime)>,
    /// `order-processing-alarm ≥ 1`: the alarm, its comparison and threshold.
    pub threshold_label: Option<String>,
}

impl MetricChartView {
    /// `metric` of `resource` in `namespace`, with the first alarm that watches it.
    pub fn of(
        sim: &Simulation,
        namespace: &str,
        metric: &str,
        resource: &str,
        statistic: Statistic,
    ) -> Option<MetricChartView> {
        let series = sim.metric(namespace, metric, resource)?;
        let alarm = sim.alarms().iter().find(|a| watches(a, series));
        let statistic = alarm.map_or(statistic, |a| a.config.statistic);
        Some(Self::from_series(sim, series, statistic, alarm))
    }

    fn from_series(
        sim: &Simulation,
        series: &Series,
        statistic: Statistic,
        alarm: Option<&Alarm>,
    ) -> MetricChartView {
        // A fixed window: the points fill it from the left as time passes, then scroll.
        let end = (sim.now_ms() / MINUTE_MS * MINUTE_MS).max(CHART_MINUTES * MINUTE_MS);
        let from_ms = end - CHART_MINUTES * MINUTE_MS;
        let values = (from_ms..end)
            .step_by(MINUTE_MS as usize)
            .map(|start| {
                series
                    .over(start, MINUTE_MS)
                    .map(|d| d.statistic(statistic))
            })
            .collect();
        MetricChartView {
            metric_name: series.key.metric_name.to_string(),
            statistic,
            unit: series.unit,
            from_ms,
            values,
            threshold: alarm.map(|a| a.config.threshold),
            alarm_spans: alarm.map_or_else(Vec::new, |a| alarm_spans(a, sim.now_ms())),
            threshold_label: alarm.map(|a| {
                let op = match a.config.comparison_operator {
                    ComparisonOperator::GreaterThanOrEqualToThreshold => "≥",
                    ComparisonOperator::GreaterThanThreshold => ">",
                    ComparisonOperator::LessThanThreshold => "<",
                    ComparisonOperator::LessThanOrEqualToThreshold => "≤",
                };
                format!("{} {op} {}", a.config.alarm_name, a.config.threshold)
            }),
        }
    }
}

fn watches(alarm: &Alarm, series: &Series) -> bool {
    let c = &alarm.config;
    c.namespace == series.key.namespace
        && c.metric_name == series.key.metric_name
        && matches!(c.dimensions.as_slice(), [(n, v)] if n == series.key.dimension_name && *v == series.key.dimension_value)
}

/// The times the alarm was in ALARM, from its history (the last span may be open).
fn alarm_spans(alarm: &Alarm, now_ms: SimTime) -> Vec<(SimTime, SimTime)> {
    let mut spans = Vec::new();
    let mut open = None;
    for h in &alarm.history {
        match (h.new_state, open) {
            (AlarmState::ALARM, None) => open = Some(h.at_ms),
            (s, Some(from)) if s != AlarmState::ALARM => {
                spans.push((from, h.at_ms));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        spans.push((from, now_ms));
    }
    spans
}

#[derive(Clone, Debug, PartialEq)]
pub struct AlarmView {
    pub config: AlarmConfig,
    pub arn: String,
    pub state: AlarmState,
    pub state_reason: String,
    pub state_updated_ms: SimTime,
    /// Newest first.
    pub history: Vec<AlarmHistoryItem>,
    /// The watched metric's graph; None when no resource publishes that metric.
    pub chart: Option<MetricChartView>,
    /// SNS topics an alarm action can name.
    pub topics: Vec<String>,
    pub epoch_ms: u64,
}

impl AlarmView {
    pub fn of(sim: &Simulation, name: &str) -> Option<AlarmView> {
        let a = sim.alarm(name)?;
        let chart = a
            .series
            .and_then(|s| sim.metrics().get(s as usize))
            .map(|s| MetricChartView::from_series(sim, s, a.config.statistic, Some(a)));
        Some(AlarmView {
            config: a.config.clone(),
            arn: a.arn(),
            state: a.state,
            state_reason: a.state_reason.clone(),
            state_updated_ms: a.state_updated_ms,
            history: a.history.iter().rev().cloned().collect(),
            chart,
            topics: sim
                .topics()
                .iter()
                .map(|t| t.config.topic_name.clone())
                .collect(),
            epoch_ms: sim.epoch_ms(),
        })
    }
}

/// One metric an alarm can watch, as PutMetricAlarm names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricChoice {
    pub namespace: String,
    pub metric_name: String,
    pub dimension_name: String,
    pub dimension_value: String,
}

/// Every alarm with its state and history, and what a new alarm can watch and notify.
#[derive(Clone, Debug, PartialEq)]
pub struct AlarmsView {
    pub alarms: Vec<AlarmView>,
    pub metrics: Vec<MetricChoice>,
    /// SNS topic ARNs an alarm action can name.
    pub topics: Vec<String>,
}

impl AlarmsView {
    pub fn of(sim: &Simulation) -> AlarmsView {
        AlarmsView {
            alarms: sim
                .alarms()
                .iter()
                .filter_map(|a| AlarmView::of(sim, &a.config.alarm_name))
                .collect(),
            metrics: sim
                .metrics()
                .iter()
                .map(|s| MetricChoice {
                    namespace: s.key.namespace.to_string(),
                    metric_name: s.key.metric_name.to_string(),
                    dimension_name: s.key.dimension_name.to_string(),
                    dimension_value: s.key.dimension_value.clone(),
                })
                .collect(),
            topics: sim
                .topics()
                .iter()
                .map(|t| crate::sns::topic_arn(sim.scenario().region, &t.config.topic_name))
                .collect(),
        }
    }
}
