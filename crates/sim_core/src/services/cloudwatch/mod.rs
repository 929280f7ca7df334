//! CloudWatch metrics and alarms. The services keep cumulative counters; at each
//! minute the world turns them (and gauges such as a queue's visible messages) into
//! one datapoint per metric, as AWS publishes at 1-minute periods. Alarms read those
//! datapoints. The world does the sampling (it reads every service); this folder owns
//! the data shapes, the retention and the alarm rules.

pub mod alarm;
pub mod metric;
pub mod notification;

pub use alarm::{
    evaluate, evaluation_range_periods, Alarm, AlarmConfig, AlarmHistoryItem, AlarmState,
    ComparisonOperator, Evaluation, Sample, TreatMissingData,
};
pub use metric::{
    Datapoint, MetricKey, MinuteRange, Series, Statistic, PERIOD_MS, RETAINED_PERIODS,
};

use crate::kernel::time::SimTime;

/// The CloudWatch service of one world.
#[derive(Clone, Debug, Default)]
pub struct CloudWatch {
    /// Every metric the world's resources publish, built once with the world.
    pub series: Vec<Series>,
    pub alarms: Vec<Alarm>,
    /// The end of the minute being collected: datapoints exist for the minutes before.
    pub period_end_ms: SimTime,
    /// Whether an evaluation is scheduled (alarms are evaluated each minute).
    pub evaluation_scheduled: bool,
}

impl CloudWatch {
    /// The series of one metric of one resource.
    pub fn find(&self, namespace: &str, metric_name: &str, dimension: (&str, &str)) -> Option<u32> {
        self.series
            .iter()
            .position(|s| {
                s.key.namespace == namespace
                    && s.key.metric_name == metric_name
                    && s.key.dimension_name == dimension.0
                    && s.key.dimension_value == dimension.1
            })
            .map(|i| i as u32)
    }

    /// The series an alarm watches: its namespace, metric and its one dimension.
    pub fn series_for(&self, cfg: &AlarmConfig) -> Option<u32> {
        match cfg.dimensions.as_slice() {
            [(name, value)] => self.find(&cfg.namespace, &cfg.metric_name, (name, value)),
            _ => None,
        }
    }

    pub fn alarm_index(&self, name: &str) -> Option<usize> {
        self.alarms.iter().position(|a| a.config.alarm_name == name)
    }

    /// The last `n` periods of `period_ms` back from `end_ms`, oldest first: a sliding
    /// window, not one cut at multiples of the period. A period that would start before
    /// the clock's zero keeps the minutes it has (AWS takes the statistic over the
    /// datapoints in the window: a 5-minute alarm has a value after 2 minutes); one
    /// that would end by zero is left out.
    pub fn range(
        &self,
        series: Option<u32>,
        statistic: Statistic,
        end_ms: SimTime,
        period_ms: SimTime,
        n: u32,
    ) -> Vec<Sample> {
        (0..u64::from(n))
            .rev()
            .filter_map(|k| end_ms.checked_sub(k.saturating_mul(period_ms)))
            .filter(|end| *end > 0)
            .map(|end| {
                let start = end.saturating_sub(period_ms);
                Sample {
                    period_start_ms: start,
                    value: series
                        .and_then(|s| self.series.get(s as usize))
                        .and_then(|s| s.over(start, end - start))
                        .map(|d| d.statistic(statistic)),
                }
            })
            .collect()
    }
}
