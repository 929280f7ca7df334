//! What an alarm action publishes to SNS: the JSON message CloudWatch sends (what an
//! SQS or Lambda subscriber receives), and the e-mail text an e-mail subscriber reads.

use serde_json::{json, Value};

use super::alarm::{Alarm, AlarmState};

/// `ALARM: "order-processing-alarm" in US East (N. Virginia)`.
pub fn subject(alarm: &Alarm) -> String {
    format!(
        "{}: \"{}\" in {}",
        alarm.state.name(),
        alarm.config.alarm_name,
        crate::region::name(alarm.region)
    )
}

/// The notification's JSON, with the state change it reports and when the alarm was
/// last saved, in the order captured notifications show them.
pub fn message_json(
    alarm: &Alarm,
    old: AlarmState,
    change_time_iso: &str,
    configuration_updated_iso: &str,
) -> Value {
    let c = &alarm.config;
    let dimensions: Vec<Value> = c
        .dimensions
        .iter()
        .map(|(n, v)| json!({ "value": v, "name": n }))
        .collect();
    json!({
        "AlarmName": c.alarm_name,
        "AlarmDescription": c.alarm_description,
        "AWSAccountId": crate::ACCOUNT_ID,
        "AlarmConfigurationUpdatedTimestamp": configuration_updated_iso,
        "NewStateValue": alarm.state.name(),
        "NewStateReason": alarm.state_reason,
        "StateChangeTime": change_time_iso,
        "Region": crate::region::name(alarm.region),
        "AlarmArn": alarm.arn(),
        "OldStateValue": old.name(),
        "OKActions": c.ok_actions,
        "AlarmActions": c.alarm_actions,
        "InsufficientDataActions": c.insufficient_data_actions,
        "Trigger": {
            "MetricName": c.metric_name,
            "Namespace": c.namespace,
            "StatisticType": "Statistic",
            // "SAMPLE_COUNT", as captured notifications write it, not "SAMPLECOUNT".
            "Statistic": match c.statistic {
                crate::services::cloudwatch::Statistic::SampleCount => "SAMPLE_COUNT".into(),
                other => other.name().to_ascii_uppercase(),
            },
            "Unit": null,
            "Dimensions": dimensions,
            "Period": c.period,
            "EvaluationPeriods": c.evaluation_periods,
            "DatapointsToAlarm": c.datapoints_to_alarm,
            "ComparisonOperator": c.comparison_operator.name(),
            "Threshold": c.threshold,
            "TreatMissingData": c.treat_missing_data.name(),
            "EvaluateLowSampleCountPercentile": "",
        }
    })
}

/// The e-mail CloudWatch sends to an e-mail subscription, in its layout.
pub fn email_text(alarm: &Alarm, old: AlarmState, change_time_text: &str) -> String {
    let c = &alarm.config;
    let region = crate::region::name(alarm.region);
    let dims: Vec<String> = c
        .dimensions
        .iter()
        .map(|(n, v)| format!("{n} = {v}"))
        .collect();
    let list = |a: &[String]| {
        if a.is_empty() {
            String::new()
        } else {
            format!(" [{}]", a.join(", "))
        }
    };
    format!(
        "You are receiving this email because your Amazon CloudWatch Alarm \"{name}\" in the {region} region has entered the {new} state, because \"{reason}\" at \"{change_time_text}\".\n\n\
         View this alarm in the AWS Management Console:\n\
         https://{r}.console.aws.amazon.com/cloudwatch/deeplink.js?region={r}#alarmsV2:alarm/{name}\n\n\
         Alarm Details:\n\
         - Name:                       {name}\n\
         - Description:                {desc}\n\
         - State Change:               {old} -> {new}\n\
         - Reason for State Change:    {reason}\n\
         - Timestamp:                  {change_time_text}\n\
         - AWS Account:                {account}\n\
         - Alarm Arn:                  {arn}\n\n\
         Threshold:\n\
         - The alarm is in the ALARM state when the metric is {op} {threshold:?} for at least {m} of the last {n} period(s) of {period} seconds.\n\n\
         Monitored Metric:\n\
         - MetricNamespace:                     {ns}\n\
         - MetricName:                          {metric}\n\
         - Dimensions:                          [{dims}]\n\
         - Period:                              {period} seconds\n\
         - Statistic:                           {stat}\n\
         - Unit:                                not specified\n\
         - TreatMissingData:                    {treat}\n\n\
         State Change Actions:\n\
         - OK:{ok}\n\
         - ALARM:{alarm_actions}\n\
         - INSUFFICIENT_DATA:{insufficient}\n",
        name = c.alarm_name,
        new = alarm.state.name(),
        old = old.name(),
        reason = alarm.state_reason,
        r = alarm.region,
        desc = c.alarm_description.as_deref().unwrap_or(""),
        account = crate::ACCOUNT_ID,
        arn = alarm.arn(),
        op = c.comparison_operator.name(),
        threshold = c.threshold,
        m = c.datapoints_to_alarm,
        n = c.evaluation_periods,
        period = c.period,
        ns = c.namespace,
        metric = c.metric_name,
        dims = dims.join(", "),
        stat = c.statistic.name(),
        treat = c.treat_missing_data.name(),
        ok = list(&c.ok_actions),
        alarm_actions = list(&c.alarm_actions),
        insufficient = list(&c.insufficient_data_actions),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::cloudwatch::AlarmConfig;
    use crate::services::de::FromJson;

    /// The JSON's keys in the order captured notifications show them, with
    /// AlarmConfigurationUpdatedTimestamp after the account, and SampleCount written
    /// "SAMPLE_COUNT" (a captured notification; AWS documents no schema for it).
    #[test]
    fn the_message_has_the_captured_keys_in_order() {
        let config = AlarmConfig::from_json(&json!({
            "AlarmName": "a", "Namespace": "AWS/SQS", "MetricName": "NumberOfMessagesSent",
            "Dimensions": [{"Name": "QueueName", "Value": "q"}], "Statistic": "SampleCount",
            "Period": 60, "EvaluationPeriods": 1, "Threshold": 1,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        }))
        .unwrap();
        let alarm = Alarm::new(config, None, 0, "us-east-1");
        let saved = "2025-05-13T19:00:00.000+0000";
        let m = message_json(&alarm, AlarmState::INSUFFICIENT_DATA, "now", saved);
        let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys[..5],
            [
                "AlarmName",
                "AlarmDescription",
                "AWSAccountId",
                "AlarmConfigurationUpdatedTimestamp",
                "NewStateValue"
            ]
        );
        assert_eq!(m["AlarmConfigurationUpdatedTimestamp"], saved);
        assert_eq!(m["Trigger"]["Statistic"], "SAMPLE_COUNT");
    }
}
