//! Metric alarms with AWS's model: a statistic over Period, M of the last N periods
//! breaching (DatapointsToAlarm of EvaluationPeriods), TreatMissingData, the three
//! states and the state reason text CloudWatch writes.
//!
//! Sources: PutMetricAlarm (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html),
//! "Using Amazon CloudWatch alarms" and "Configuring how CloudWatch alarms treat
//! missing data" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html).

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::Value;

use super::metric::{Statistic, PERIOD_MS};
use crate::kernel::time::SimTime;
use crate::services::de::{self, read, req, FromJson, Res};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[allow(clippy::upper_case_acronyms, non_camel_case_types)]
/// AWS's own spelling, so that the names serialize as the API writes them.
pub enum AlarmState {
    OK,
    ALARM,
    INSUFFICIENT_DATA,
}

impl AlarmState {
    pub fn name(self) -> &'static str {
        match self {
            AlarmState::OK => "OK",
            AlarmState::ALARM => "ALARM",
            AlarmState::INSUFFICIENT_DATA => "INSUFFICIENT_DATA",
        }
    }

    pub fn parse(text: &str) -> Option<AlarmState> {
        [
            AlarmState::OK,
            AlarmState::ALARM,
            AlarmState::INSUFFICIENT_DATA,
        ]
        .into_iter()
        .find(|s| s.name() == text)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ComparisonOperator {
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
}

impl ComparisonOperator {
    const ALL: [ComparisonOperator; 4] = [
        ComparisonOperator::GreaterThanOrEqualToThreshold,
        ComparisonOperator::GreaterThanThreshold,
        ComparisonOperator::LessThanThreshold,
        ComparisonOperator::LessThanOrEqualToThreshold,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => "GreaterThanOrEqualToThreshold",
            ComparisonOperator::GreaterThanThreshold => "GreaterThanThreshold",
            ComparisonOperator::LessThanThreshold => "LessThanThreshold",
            ComparisonOperator::LessThanOrEqualToThreshold => "LessThanOrEqualToThreshold",
        }
    }

    /// The words CloudWatch's state reasons use.
    pub fn words(self) -> &'static str {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => "greater than or equal to",
            ComparisonOperator::GreaterThanThreshold => "greater than",
            ComparisonOperator::LessThanThreshold => "less than",
            ComparisonOperator::LessThanOrEqualToThreshold => "less than or equal to",
        }
    }

    pub fn breaches(self, value: f64, threshold: f64) -> bool {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => value >= threshold,
            ComparisonOperator::GreaterThanThreshold => value > threshold,
            ComparisonOperator::LessThanThreshold => value < threshold,
            ComparisonOperator::LessThanOrEqualToThreshold => value <= threshold,
        }
    }

    pub fn parse(text: &str) -> Option<ComparisonOperator> {
        Self::ALL.into_iter().find(|c| c.name() == text)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TreatMissingData {
    #[serde(rename = "missing")]
    Missing,
    #[serde(rename = "notBreaching")]
    NotBreaching,
    #[serde(rename = "breaching")]
    Breaching,
    #[serde(rename = "ignore")]
    Ignore,
}

impl TreatMissingData {
    const ALL: [TreatMissingData; 4] = [
        TreatMissingData::Missing,
        TreatMissingData::NotBreaching,
        TreatMissingData::Breaching,
        TreatMissingData::Ignore,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TreatMissingData::Missing => "missing",
            TreatMissingData::NotBreaching => "notBreaching",
            TreatMissingData::Breaching => "breaching",
            TreatMissingData::Ignore => "ignore",
        }
    }

    pub fn parse(text: &str) -> Option<TreatMissingData> {
        Self::ALL.into_iter().find(|t| t.name() == text)
    }
}

/// An alarm as AWS::CloudWatch::Alarm / PutMetricAlarm declare it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmConfig {
    pub alarm_name: String,
    pub alarm_description: Option<String>,
    pub namespace: String,
    pub metric_name: String,
    /// `[{Name, Value}]`; AWS's metrics here have one dimension each.
    #[serde(serialize_with = "dimensions_json")]
    pub dimensions: Vec<(String, String)>,
    pub statistic: Statistic,
    /// Seconds: 60 or a multiple of 60 (these are standard-resolution metrics).
    pub period: u64,
    pub evaluation_periods: u32,
    pub datapoints_to_alarm: u32,
    pub threshold: f64,
    pub comparison_operator: ComparisonOperator,
    pub treat_missing_data: TreatMissingData,
    pub actions_enabled: bool,
    pub alarm_actions: Vec<String>,
    #[serde(rename = "OKActions")]
    pub ok_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
}

fn dimensions_json<S: serde::Serializer>(d: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(d.len()))?;
    for (name, value) in d {
        seq.serialize_element(&serde_json::json!({ "Name": name, "Value": value }))?;
    }
    seq.end()
}

/// `{"Name": "QueueName", "Value": "order-processing-dlq"}`.
fn dimension(v: &Value) -> Res<(String, String)> {
    read!(v, "struct Dimension", true, "",
        "Name" name de::string,
        "Value" value de::string,
    );
    Ok((req(name, "Name")?, req(value, "Value")?))
}

fn enum_of<T>(v: &Value, parse: fn(&str) -> Option<T>, expected: &str) -> Res<T> {
    let text = de::string(v)?;
    parse(&text).ok_or_else(|| de::invalid(v, expected))
}

impl FromJson for AlarmConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct AlarmConfig", true, "",
            "AlarmName" alarm_name de::string,
            "AlarmDescription" alarm_description de::opt_string,
            "Namespace" namespace de::string,
            "MetricName" metric_name de::string,
            "Dimensions" dimensions |x| de::vec(x, dimension),
            "Statistic" statistic |x| enum_of(x, Statistic::parse, "Average, Sum, Minimum, Maximum or SampleCount"),
            "Period" period de::u64,
            "EvaluationPeriods" evaluation_periods de::u32,
            "DatapointsToAlarm" datapoints_to_alarm de::u32,
            "Threshold" threshold de::f64,
            "ComparisonOperator" comparison_operator |x| enum_of(x, ComparisonOperator::parse, "GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold or LessThanOrEqualToThreshold"),
            "TreatMissingData" treat_missing_data |x| enum_of(x, TreatMissingData::parse, "missing, notBreaching, breaching or ignore"),
            "ActionsEnabled" actions_enabled de::boolean,
            "AlarmActions" alarm_actions de::strings,
            "OKActions" ok_actions de::strings,
            "InsufficientDataActions" insufficient_data_actions de::strings,
        );
        let evaluation_periods = req(evaluation_periods, "EvaluationPeriods")?;
        Ok(AlarmConfig {
            alarm_name: req(alarm_name, "AlarmName")?,
            alarm_description: alarm_description.flatten(),
            namespace: req(namespace, "Namespace")?,
            metric_name: req(metric_name, "MetricName")?,
            dimensions: dimensions.unwrap_or_default(),
            statistic: req(statistic, "Statistic")?,
            period: req(period, "Period")?,
            evaluation_periods,
            datapoints_to_alarm: datapoints_to_alarm.unwrap_or(evaluation_periods),
            threshold: req(threshold, "Threshold")?,
            comparison_operator: req(comparison_operator, "ComparisonOperator")?,
            treat_missing_data: treat_missing_data.unwrap_or(TreatMissingData::Missing),
            actions_enabled: actions_enabled.unwrap_or(true),
            alarm_actions: alarm_actions.unwrap_or_default(),
            ok_actions: ok_actions.unwrap_or_default(),
            insufficient_data_actions: insufficient_data_actions.unwrap_or_default(),
        })
    }
}

impl AlarmConfig {
    /// How missing data is treated when the alarm is evaluated. Alarms on AWS/DynamoDB
    /// metrics always ignore missing data, whatever TreatMissingData says (PutMetricAlarm:
    /// "Alarms that evaluate metrics in the AWS/DynamoDB namespace always ignore missing
    /// data even if you choose a different option for TreatMissingData").
    pub fn treat_missing_data_applied(&self) -> TreatMissingData {
        if self.namespace == "AWS/DynamoDB" {
            TreatMissingData::Ignore
        } else {
            self.treat_missing_data
        }
    }

    /// PutMetricAlarm's own checks, in AWS's words where AWS has them.
    pub fn validate(&self) -> Result<(), String> {
        let name_ok = !self.alarm_name.is_empty()
            && self.alarm_name.chars().count() <= 255
            && !self.alarm_name.chars().any(char::is_control);
        if !name_ok {
            return Err("AlarmName must be 1 to 255 printable characters".into());
        }
        if self.period == 0 || !self.period.is_multiple_of(PERIOD_MS / 1000) {
            return Err(format!(
                "Period ({} s) must be 60 or a multiple of 60 here. AWS also accepts 10, 20 and 30 s, for high-resolution metrics; the AWS metrics here are published once a minute, so such an alarm would mostly see no data",
                self.period
            ));
        }
        if self.evaluation_periods == 0 {
            return Err("EvaluationPeriods must be at least 1".into());
        }
        // Checked: a Period typed in the form may be any u64.
        let window_s = self.period.checked_mul(u64::from(self.evaluation_periods));
        if window_s.is_none_or(|s| s > 86_400) {
            let shown = window_s.map_or("more than 86,400".to_string(), |s| s.to_string());
            return Err(format!("The evaluation period (Period × EvaluationPeriods = {shown} s) must not exceed 86,400 seconds (one day) here. AWS allows up to 7 days (604,800 s) when Period is an hour or more; EventLab keeps one day of datapoints"));
        }
        if self.datapoints_to_alarm == 0 || self.datapoints_to_alarm > self.evaluation_periods {
            return Err(format!(
                "DatapointsToAlarm ({}) must be between 1 and EvaluationPeriods ({})",
                self.datapoints_to_alarm, self.evaluation_periods
            ));
        }
        if !self.threshold.is_finite() {
            return Err("Threshold must be a number".into());
        }
        let actions = self
            .alarm_actions
            .iter()
            .chain(&self.ok_actions)
            .chain(&self.insufficient_data_actions);
        for a in actions {
            if !a.starts_with("arn:aws:sns:") && a.contains(':') {
                return Err(format!("Invalid action \"{a}\": the actions simulated here are SNS topics (arn:aws:sns:REGION:ACCOUNT:TOPIC)"));
            }
        }
        Ok(())
    }

    pub fn period_ms(&self) -> SimTime {
        self.period * 1000
    }

    pub fn actions_for(&self, state: AlarmState) -> &[String] {
        match state {
            AlarmState::ALARM => &self.alarm_actions,
            AlarmState::OK => &self.ok_actions,
            AlarmState::INSUFFICIENT_DATA => &self.insufficient_data_actions,
        }
    }
}

/// One state change, for the alarm's history.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmHistoryItem {
    pub at_ms: SimTime,
    pub old_state: AlarmState,
    pub new_state: AlarmState,
    pub reason: String,
}

/// State changes kept per alarm.
pub const HISTORY_LEN: usize = 100;

#[derive(Clone, Debug)]
pub struct Alarm {
    pub config: AlarmConfig,
    pub region: &'static str,
    /// The series it watches, when the metric exists.
    pub series: Option<u32>,
    pub state: AlarmState,
    pub state_reason: String,
    pub state_updated_ms: SimTime,
    /// When its configuration was last saved (AlarmConfigurationUpdatedTimestamp).
    pub configuration_updated_ms: SimTime,
    pub history: VecDeque<AlarmHistoryItem>,
}

impl Alarm {
    /// A new alarm starts in INSUFFICIENT_DATA, as on AWS.
    pub fn new(
        config: AlarmConfig,
        series: Option<u32>,
        now_ms: SimTime,
        region: &'static str,
    ) -> Alarm {
        Alarm {
            config,
            region,
            series,
            state: AlarmState::INSUFFICIENT_DATA,
            state_reason: "Unchecked: Initial alarm creation".into(),
            state_updated_ms: now_ms,
            configuration_updated_ms: now_ms,
            history: VecDeque::new(),
        }
    }

    pub fn arn(&self) -> String {
        alarm_arn(self.region, &self.config.alarm_name)
    }

    /// Moves to `state`; returns the old state when it changed.
    pub fn set_state(
        &mut self,
        state: AlarmState,
        reason: String,
        now_ms: SimTime,
    ) -> Option<AlarmState> {
        let old = self.state;
        self.state_reason = reason.clone();
        if old == state {
            return None;
        }
        self.state = state;
        self.state_updated_ms = now_ms;
        if self.history.len() == HISTORY_LEN {
            self.history.pop_front();
        }
        self.history.push_back(AlarmHistoryItem {
            at_ms: now_ms,
            old_state: old,
            new_state: state,
            reason,
        });
        Some(old)
    }
}

pub fn alarm_arn(region: &str, name: &str) -> String {
    format!(
        "arn:aws:cloudwatch:{region}:{}:alarm:{name}",
        crate::ACCOUNT_ID
    )
}

/// One period of the evaluation range: its start, and its value if it has one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub period_start_ms: SimTime,
    pub value: Option<f64>,
}

/// What an evaluation decided; `None` keeps the current state (ignore with no data).
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub state: Option<AlarmState>,
    pub reason: String,
}

/// How many periods an evaluation looks back over: more than Evaluation Periods, so
/// that a sparse metric still has N real datapoints to judge ("CloudWatch retrieves
/// the 5 most recent data points" for 3 evaluation periods; N + 2 is that example's
/// rule, ours for other N).
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html>
pub fn evaluation_range_periods(cfg: &AlarmConfig) -> u32 {
    cfg.evaluation_periods + 2
}

/// Evaluates the evaluation range (oldest first) as CloudWatch documents it:
/// - the N most recent real datapoints in the range are judged; with N of them,
///   ALARM when at least M breach, else OK, whatever TreatMissingData says;
/// - fewer than N: `breaching` and `notBreaching` fill the rest and judge the same;
/// - none at all: INSUFFICIENT_DATA (`missing`), the state kept (`ignore`);
/// - some, fewer than N, with `missing` or `ignore`: ALARM when M breach; else OK
///   when a real one does not breach. When every real one breaches, `missing` goes to
///   ALARM once the oldest is M periods old ("- - X - -" for 3 of 3), and stays
///   INSUFFICIENT_DATA before ("- - - - X" does not alarm yet); `ignore` keeps the
///   state.
pub fn evaluate(
    cfg: &AlarmConfig,
    range: &[Sample],
    date: &dyn Fn(SimTime) -> String,
) -> Evaluation {
    let (n, m) = (
        cfg.evaluation_periods as usize,
        cfg.datapoints_to_alarm as usize,
    );
    let breaching = |s: &Sample| {
        s.value
            .is_some_and(|v| cfg.comparison_operator.breaches(v, cfg.threshold))
    };
    let real: Vec<&Sample> = range.iter().filter(|s| s.value.is_some()).collect();
    let present = &real[real.len().saturating_sub(n)..];
    // Periods before the world began are missing data too.
    let missing = n - present.len();
    let breached = present.iter().filter(|s| breaching(s)).count();
    let treat = cfg.treat_missing_data_applied();
    let alarm_if = |yes: bool| {
        if yes {
            AlarmState::ALARM
        } else {
            AlarmState::OK
        }
    };
    let insufficient = || Evaluation {
        state: (treat == TreatMissingData::Missing).then_some(AlarmState::INSUFFICIENT_DATA),
        reason: format!(
            "Insufficient Data: {} datapoint{} {} unknown.",
            missing,
            plural(missing),
            if missing == 1 { "was" } else { "were" }
        ),
    };
    let state = match treat {
        _ if missing == 0 => alarm_if(breached >= m),
        TreatMissingData::Breaching => alarm_if(breached + missing >= m),
        TreatMissingData::NotBreaching => alarm_if(breached >= m),
        _ if present.is_empty() => return insufficient(),
        _ if breached >= m => AlarmState::ALARM,
        _ if breached < present.len() => AlarmState::OK,
        TreatMissingData::Missing if oldest_age(cfg, range, present) >= m => AlarmState::ALARM,
        _ => return insufficient(),
    };
    let counted = breached
        + if treat == TreatMissingData::Breaching {
            missing
        } else {
            0
        };
    Evaluation {
        state: Some(state),
        reason: reason_text(cfg, state, present, missing, counted, date),
    }
}

/// How many periods old the oldest of `present` is, the range's newest counting 1.
fn oldest_age(cfg: &AlarmConfig, range: &[Sample], present: &[&Sample]) -> usize {
    let (Some(newest), Some(oldest)) = (range.last(), present.first()) else {
        return 0;
    };
    // Rounded up: the oldest period may be cut short at the clock's zero.
    let periods =
        (newest.period_start_ms - oldest.period_start_ms).div_ceil(cfg.period_ms().max(1));
    periods as usize + 1
}

/// CloudWatch's wording: "Threshold Crossed: 1 out of the last 1 datapoints [2.0
/// (22/11/26 10:05:00)] was greater than or equal to the threshold (1.0) (minimum 1
/// datapoint for OK -> ALARM transition)." The transition is always named "OK ->
/// ALARM" or "ALARM -> OK", whatever the old state: captured notifications with
/// OldStateValue INSUFFICIENT_DATA say "OK -> ALARM" (and the sample events in the
/// CloudWatch User Guide, cloudwatch-and-eventbridge, use only these two).
fn reason_text(
    cfg: &AlarmConfig,
    new: AlarmState,
    present: &[&Sample],
    missing: usize,
    breached: usize,
    date: &dyn Fn(SimTime) -> String,
) -> String {
    let shown: Vec<&&Sample> = present
        .iter()
        .rev()
        .filter(|s| {
            (new == AlarmState::ALARM)
                == cfg
                    .comparison_operator
                    .breaches(s.value.unwrap_or(0.0), cfg.threshold)
        })
        .collect();
    let list = shown
        .iter()
        .map(|s| format!("{:?} ({})", s.value.unwrap_or(0.0), date(s.period_start_ms)))
        .collect::<Vec<_>>()
        .join(", ");
    let words = cfg.comparison_operator.words();
    let treat = cfg.treat_missing_data_applied();
    let how = match treat {
        TreatMissingData::Breaching => "Breaching",
        TreatMissingData::NotBreaching => "NonBreaching",
        _ => "Ignored",
    };
    if present.is_empty() {
        return format!(
            "Threshold Crossed: no datapoints were received for {missing} period{} and {missing} missing datapoint{} {} treated as [{how}].",
            plural(missing),
            plural(missing),
            if missing == 1 { "was" } else { "were" }
        );
    }
    let mut text = if new == AlarmState::ALARM {
        format!(
            "Threshold Crossed: {breached} out of the last {} datapoints [{list}] {} {words} the threshold ({:?}) (minimum {} datapoint{} for OK -> ALARM transition).",
            present.len() + missing,
            if shown.len() == 1 { "was" } else { "were" },
            cfg.threshold,
            cfg.datapoints_to_alarm,
            plural(cfg.datapoints_to_alarm as usize),
        )
    } else {
        // A missing datapoint treated as not breaching counts toward OK, unlisted.
        let good = shown.len()
            + if treat == TreatMissingData::NotBreaching {
                missing
            } else {
                0
            };
        let list = if shown.is_empty() {
            String::new()
        } else {
            format!(" [{list}]")
        };
        let needed = (cfg.evaluation_periods - cfg.datapoints_to_alarm + 1) as usize;
        format!(
            "Threshold Crossed: {good} out of the last {} datapoints{list} {} not {words} the threshold ({:?}) (minimum {needed} datapoint{} for ALARM -> OK transition).",
            present.len() + missing,
            if good == 1 { "was" } else { "were" },
            cfg.threshold,
            plural(needed),
        )
    };
    if missing > 0 && treat != TreatMissingData::Missing {
        text.push_str(&format!(
            " {missing} missing datapoint{} {} treated as [{how}].",
            plural(missing),
            if missing == 1 { "was" } else { "were" }
        ));
    }
    text
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    //! Alarm evaluation as "Evaluating an alarm" and "Configuring how CloudWatch
    //! alarms treat missing data" describe it:
    //! https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
    //! https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
    use super::*;

    fn cfg(m: u32, n: u32, treat: TreatMissingData) -> AlarmConfig {
        AlarmConfig::from_json(&serde_json::json!({
            "AlarmName": "dlq-alarm",
            "Namespace": "AWS/SQS",
            "MetricName": "ApproximateNumberOfMessagesVisible",
            "Dimensions": [{"Name": "QueueName", "Value": "dlq"}],
            "Statistic": "Average",
            "Period": 60,
            "EvaluationPeriods": n,
            "DatapointsToAlarm": m,
            "Threshold": 1,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": treat.name(),
        }))
        .unwrap()
    }

    /// Periods oldest first: Some(v) a datapoint, None missing.
    fn range(values: &[Option<f64>]) -> Vec<Sample> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Sample {
                period_start_ms: i as u64 * 60_000,
                value: *v,
            })
            .collect()
    }

    /// The state an evaluation asks for (None: kept).
    fn state(c: &AlarmConfig, values: &[Option<f64>]) -> Option<AlarmState> {
        evaluate(c, &range(values), &|t| format!("t{t}")).state
    }

    const X: Option<f64> = Some(5.0); // breaching
    const O: Option<f64> = Some(0.0); // not breaching
    const M: Option<f64> = None; // missing

    #[test]
    fn m_out_of_n_alarms_when_m_of_the_last_n_periods_breach() {
        let c = cfg(2, 3, TreatMissingData::Missing);
        use AlarmState::*;
        assert_eq!(state(&c, &[X, O, X]), Some(ALARM));
        assert_eq!(state(&c, &[X, O, O]), Some(OK));
        assert_eq!(state(&c, &[O, O, X]), Some(OK));
        assert_eq!(state(&c, &[X, X, X]), Some(ALARM));
    }

    /// The documentation's two tables of evaluation ranges, every row and every
    /// TreatMissingData (most recent datapoint on the right; `None` is "Retain current
    /// state"), https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
    #[test]
    fn partial_data_is_judged_as_the_documentation_tables_say() {
        use AlarmState::*;
        use TreatMissingData::*;
        // DatapointsToAlarm of 3, the range, and the state under missing, ignore,
        // breaching and notBreaching.
        type Row = (u32, [Option<f64>; 5], [Option<AlarmState>; 4]);
        let rows: [Row; 10] = [
            (3, [O, M, X, M, X], [Some(OK), Some(OK), Some(OK), Some(OK)]),
            (3, [O, M, M, M, M], [Some(OK), Some(OK), Some(OK), Some(OK)]),
            (
                3,
                [M, M, M, M, M],
                [Some(INSUFFICIENT_DATA), None, Some(ALARM), Some(OK)],
            ),
            (
                3,
                [O, X, X, M, X],
                [Some(ALARM), Some(ALARM), Some(ALARM), Some(ALARM)],
            ),
            (
                3,
                [M, M, X, M, M],
                [Some(ALARM), None, Some(ALARM), Some(OK)],
            ),
            (
                2,
                [O, M, X, M, X],
                [Some(ALARM), Some(ALARM), Some(ALARM), Some(ALARM)],
            ),
            (
                2,
                [O, O, X, O, X],
                [Some(ALARM), Some(ALARM), Some(ALARM), Some(ALARM)],
            ),
            (
                2,
                [O, M, X, M, M],
                [Some(OK), Some(OK), Some(ALARM), Some(OK)],
            ),
            (
                2,
                [M, M, M, M, O],
                [Some(OK), Some(OK), Some(ALARM), Some(OK)],
            ),
            (
                2,
                [M, M, M, X, M],
                [Some(ALARM), None, Some(ALARM), Some(OK)],
            ),
        ];
        for (m, points, expected) in rows {
            for (treat, want) in [Missing, Ignore, Breaching, NotBreaching]
                .into_iter()
                .zip(expected)
            {
                let c = cfg(m, 3, treat);
                assert_eq!(state(&c, &points), want, "{m} of 3, {points:?}, {treat:?}");
            }
        }
        // A breach too recent for M datapoints to have come yet does not alarm ("- - - - X").
        let c = cfg(3, 3, Missing);
        assert_eq!(state(&c, &[M, M, M, M, X]), Some(INSUFFICIENT_DATA));
    }

    #[test]
    fn treat_missing_data_missing_goes_to_insufficient_data_when_all_are_missing() {
        let c = cfg(1, 3, TreatMissingData::Missing);
        use AlarmState::*;
        assert_eq!(state(&c, &[M, M, M]), Some(INSUFFICIENT_DATA));
        assert_eq!(state(&c, &[M, M, X]), Some(ALARM));
        assert_eq!(state(&c, &[M, O, M]), Some(OK));
    }

    #[test]
    fn treat_missing_data_ignore_keeps_the_state_when_all_are_missing() {
        let c = cfg(1, 2, TreatMissingData::Ignore);
        use AlarmState::*;
        assert_eq!(state(&c, &[M, M]), None, "kept, whatever it was");
        assert_eq!(state(&c, &[M, O]), Some(OK));
    }

    #[test]
    fn treat_missing_data_breaching_counts_a_missing_period_as_breaching() {
        let c = cfg(2, 2, TreatMissingData::Breaching);
        use AlarmState::*;
        assert_eq!(state(&c, &[M, X]), Some(ALARM));
        assert_eq!(state(&c, &[M, M]), Some(ALARM));
        assert_eq!(state(&c, &[M, O]), Some(OK));
    }

    #[test]
    fn treat_missing_data_not_breaching_counts_a_missing_period_as_good() {
        let c = cfg(1, 2, TreatMissingData::NotBreaching);
        use AlarmState::*;
        assert_eq!(state(&c, &[M, M]), Some(OK));
        assert_eq!(state(&c, &[M, X]), Some(ALARM));
    }

    /// PutMetricAlarm, TreatMissingData: "Alarms that evaluate metrics in the AWS/DynamoDB
    /// namespace always ignore missing data even if you choose a different option for
    /// TreatMissingData. When an AWS/DynamoDB metric has missing data, alarms that evaluate
    /// that metric remain in their current state."
    /// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
    #[test]
    fn an_alarm_on_a_dynamodb_metric_always_ignores_missing_data() {
        use AlarmState::*;
        for treat in TreatMissingData::ALL {
            let mut c = cfg(1, 2, treat);
            c.namespace = "AWS/DynamoDB".into();
            c.metric_name = "ConditionalCheckFailedRequests".into();
            assert_eq!(c.treat_missing_data_applied(), TreatMissingData::Ignore);
            assert_eq!(state(&c, &[M, M]), None, "{treat:?} keeps the state");
            assert_eq!(state(&c, &[M, X]), Some(ALARM), "{treat:?}");
            assert_eq!(state(&c, &[M, O]), Some(OK), "{treat:?}");
        }
        let sqs = cfg(1, 2, TreatMissingData::Breaching);
        assert_eq!(
            state(&sqs, &[M, M]),
            Some(ALARM),
            "other namespaces obey it"
        );
    }

    #[test]
    fn the_state_reason_reads_as_cloudwatch_writes_it() {
        // A new alarm leaves INSUFFICIENT_DATA for ALARM, and the reason still says
        // "OK -> ALARM", as captured notifications with OldStateValue
        // INSUFFICIENT_DATA do (it said "INSUFFICIENT_DATA -> ALARM": the audit).
        let c = cfg(1, 1, TreatMissingData::Missing);
        let e = evaluate(&c, &range(&[Some(2.0)]), &|_| "22/11/26 10:05:00".into());
        assert_eq!(
            e.reason,
            "Threshold Crossed: 1 out of the last 1 datapoints [2.0 (22/11/26 10:05:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition)."
        );
        let ok = evaluate(&c, &range(&[O]), &|_| "22/11/26 10:09:00".into());
        // As CloudWatch writes it: "Threshold Crossed: 1 out of the last 1 datapoints
        // [0.0 (21/11/19 04:17:00)] was not greater than the threshold (0.0) (minimum 1
        // datapoint for ALARM -> OK transition)." (a captured StateReason; AWS documents
        // no schema for it).
        assert_eq!(
            ok.reason,
            "Threshold Crossed: 1 out of the last 1 datapoints [0.0 (22/11/26 10:09:00)] was not greater than or equal to the threshold (1.0) (minimum 1 datapoint for ALARM -> OK transition)."
        );
        let two_of_three = cfg(2, 3, TreatMissingData::NotBreaching);
        let filled = evaluate(&two_of_three, &range(&[M, X, M]), &|_| "t".into());
        assert_eq!(
            filled.reason,
            "Threshold Crossed: 2 out of the last 3 datapoints were not greater than or equal to the threshold (1.0) (minimum 2 datapoints for ALARM -> OK transition). 2 missing datapoints were treated as [NonBreaching]."
        );
        let none = evaluate(&c, &range(&[M]), &|_| String::new());
        assert_eq!(none.reason, "Insufficient Data: 1 datapoint was unknown.");
    }

    #[test]
    fn put_metric_alarm_refuses_what_aws_refuses() {
        let mut c = cfg(1, 1, TreatMissingData::Missing);
        c.period = 45;
        assert!(c.validate().unwrap_err().contains("multiple of 60"));
        let mut c = cfg(1, 1, TreatMissingData::Missing);
        c.datapoints_to_alarm = 2;
        assert!(c.validate().unwrap_err().contains("DatapointsToAlarm"));
        let mut c = cfg(1, 1, TreatMissingData::Missing);
        c.evaluation_periods = 1441;
        c.datapoints_to_alarm = 1;
        assert!(c.validate().unwrap_err().contains("86,400"));
        let bad = AlarmConfig::from_json(
            &serde_json::json!({"AlarmName": "a", "Namespace": "AWS/SQS", "MetricName": "x", "Statistic": "Median", "Period": 60, "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold"}),
        );
        assert!(bad.unwrap_err().to_string().contains("Average, Sum"));
    }

    #[test]
    fn an_alarm_config_written_out_reads_back_the_same() {
        let c = cfg(2, 3, TreatMissingData::NotBreaching);
        let back = AlarmConfig::from_json(&serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
