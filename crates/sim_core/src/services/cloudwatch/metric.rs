//! Metrics as AWS publishes them: one datapoint per metric and 1-minute period, each
//! carrying the period's statistics (SampleCount, Sum, Minimum, Maximum).

use std::collections::VecDeque;

use serde::Serialize;

use crate::kernel::time::{SimTime, DAY_MS, MINUTE_MS};

/// AWS's standard resolution: services publish their metrics per minute.
pub const PERIOD_MS: SimTime = MINUTE_MS;

/// 1-minute datapoints kept per metric: one day (CloudWatch keeps them 15 days; an
/// alarm here may look back at most a day, as `Period × EvaluationPeriods ≤ 86,400 s`).
pub const RETAINED_PERIODS: usize = (DAY_MS / PERIOD_MS) as usize;

/// Which metric: its namespace, name and one dimension (AWS's metrics here each have one).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricKey {
    pub namespace: &'static str,
    pub metric_name: &'static str,
    pub dimension_name: &'static str,
    pub dimension_value: String,
}

/// The statistics an alarm or a graph can ask of a datapoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Statistic {
    Average,
    Sum,
    Minimum,
    Maximum,
    SampleCount,
}

impl Statistic {
    pub const ALL: [Statistic; 5] = [
        Statistic::Average,
        Statistic::Sum,
        Statistic::Minimum,
        Statistic::Maximum,
        Statistic::SampleCount,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Statistic::Average => "Average",
            Statistic::Sum => "Sum",
            Statistic::Minimum => "Minimum",
            Statistic::Maximum => "Maximum",
            Statistic::SampleCount => "SampleCount",
        }
    }

    pub fn parse(text: &str) -> Option<Statistic> {
        Statistic::ALL.into_iter().find(|s| s.name() == text)
    }
}

/// One period's statistics. Values are f64 as CloudWatch's are; the sums here are of
/// whole numbers well under 2^53, so they are exact and the same in wasm.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Datapoint {
    /// Sim time the period starts at.
    #[serde(rename = "PeriodStartMs")]
    pub period_start_ms: SimTime,
    pub sample_count: f64,
    pub sum: f64,
    pub minimum: f64,
    pub maximum: f64,
}

impl Datapoint {
    /// One sample in the period (SQS publishes its queue metrics this way).
    pub fn single(period_start_ms: SimTime, value: f64) -> Datapoint {
        Datapoint {
            period_start_ms,
            sample_count: 1.0,
            sum: value,
            minimum: value,
            maximum: value,
        }
    }

    pub fn statistic(&self, s: Statistic) -> f64 {
        match s {
            Statistic::Average => self.sum / self.sample_count.max(1.0),
            Statistic::Sum => self.sum,
            Statistic::Minimum => self.minimum,
            Statistic::Maximum => self.maximum,
            Statistic::SampleCount => self.sample_count,
        }
    }

    /// Two datapoints as one (a 5-minute period from five 1-minute ones).
    pub fn merge(&self, other: &Datapoint) -> Datapoint {
        Datapoint {
            period_start_ms: self.period_start_ms.min(other.period_start_ms),
            sample_count: self.sample_count + other.sample_count,
            sum: self.sum + other.sum,
            minimum: self.minimum.min(other.minimum),
            maximum: self.maximum.max(other.maximum),
        }
    }
}

/// The smallest and largest sample of the current minute, for Minimum and Maximum;
/// the services keep one where they count per-request sizes or latencies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MinuteRange {
    pub min: Option<u64>,
    pub max: u64,
}

impl MinuteRange {
    pub fn record(&mut self, v: u64) {
        self.min = Some(self.min.map_or(v, |m| m.min(v)));
        self.max = self.max.max(v);
    }

    pub fn take(&mut self) -> MinuteRange {
        std::mem::take(self)
    }
}

/// One metric's datapoints, oldest first, bounded; a period with no datapoint is
/// missing data (Lambda publishes nothing for a minute without invocations).
#[derive(Clone, Debug)]
pub struct Series {
    pub key: MetricKey,
    pub unit: &'static str,
    /// The resource it measures, as an index into its service's list.
    pub resource: u32,
    /// The cumulative counters seen at the end of the last period, so that each
    /// period's datapoint is what happened in it.
    pub last_totals: [u64; 3],
    points: VecDeque<Datapoint>,
}

impl Series {
    pub fn new(key: MetricKey, unit: &'static str, resource: u32) -> Series {
        Series {
            key,
            unit,
            resource,
            last_totals: [0; 3],
            points: VecDeque::new(),
        }
    }

    pub fn push(&mut self, point: Datapoint) {
        if self.points.len() == RETAINED_PERIODS {
            self.points.pop_front();
        }
        self.points.push_back(point);
    }

    pub fn points(&self) -> impl DoubleEndedIterator<Item = &Datapoint> + '_ {
        self.points.iter()
    }

    /// The datapoint of `period_ms` starting at `start_ms`, merged from the 1-minute
    /// datapoints inside it; None when they are all missing.
    pub fn over(&self, start_ms: SimTime, period_ms: SimTime) -> Option<Datapoint> {
        self.points
            .iter()
            .rev()
            .take_while(|p| p.period_start_ms >= start_ms)
            .filter(|p| p.period_start_ms < start_ms + period_ms)
            .fold(None, |acc: Option<Datapoint>, p| {
                Some(acc.map_or(*p, |a| a.merge(p)))
            })
    }
}
