//! CloudWatch alarms in the world: evaluated at the end of every minute on the
//! datapoints the minute completed; a change of state is traced and its actions
//! publish CloudWatch's notification to their SNS topics. Actions fire only on a
//! change of state, as on AWS.

use super::{Event, Simulation};
use crate::error::{SimError, SimResult};
use crate::kernel::time::{alarm_datapoint_time, alarm_email_time, iso8601_ms, SimTime};
use crate::kernel::trace::TraceKind;
use crate::services::cloudwatch::{
    evaluate, evaluation_range_periods, notification, Alarm, AlarmConfig, AlarmState, PERIOD_MS,
};

impl Simulation {
    /// The scenario's alarms, each starting in INSUFFICIENT_DATA.
    pub(super) fn build_alarms(&mut self) {
        for cfg in self.scenario.alarms.clone() {
            let series = self.cloudwatch.series_for(&cfg);
            self.cloudwatch
                .alarms
                .push(Alarm::new(cfg, series, 0, self.scenario.region));
        }
        self.schedule_alarm_evaluation();
    }

    /// Evaluations run at each minute's end while there are alarms.
    fn schedule_alarm_evaluation(&mut self) {
        if self.cloudwatch.evaluation_scheduled || self.cloudwatch.alarms.is_empty() {
            return;
        }
        let next = (self.kernel.now_ms / PERIOD_MS + 1) * PERIOD_MS;
        self.cloudwatch.evaluation_scheduled = true;
        self.schedule(next, Event::AlarmEvaluation);
    }

    pub(super) fn on_alarm_evaluation(&mut self) {
        self.cloudwatch.evaluation_scheduled = false;
        let now = self.kernel.now_ms;
        self.collect_metrics_until(now);
        // Every alarm, every minute, whatever its Period: the window slides by a minute
        // (AWS's default SlidingWindow; a 5-minute alarm at the end of minute 6 reads
        // minutes 2 to 6).
        for a in 0..self.cloudwatch.alarms.len() {
            self.evaluate_alarm(a, now);
        }
        self.schedule_alarm_evaluation();
    }

    fn evaluate_alarm(&mut self, a: usize, now: SimTime) {
        let alarm = &self.cloudwatch.alarms[a];
        let c = &alarm.config;
        let range = self.cloudwatch.range(
            alarm.series,
            c.statistic,
            now,
            c.period_ms(),
            evaluation_range_periods(c),
        );
        let epoch = self.kernel.epoch_ms;
        let date = move |t: SimTime| alarm_datapoint_time(epoch + t);
        let verdict = evaluate(c, &range, &date);
        let Some(state) = verdict.state else { return };
        let Some(old) = self.change_alarm_state(a, state, verdict.reason) else {
            return;
        };
        // The actions run as their own event, after the change: a stop on the change
        // comes before the e-mail goes (the instructor walk saw the topic "1 published"
        // and the inbox's e-mail at the alarm's stop).
        let c = &self.cloudwatch.alarms[a].config;
        if !c.actions_enabled || c.actions_for(state).is_empty() {
            return;
        }
        let alarm_name = c.alarm_name.as_str().into();
        self.schedule(
            self.kernel.now_ms,
            Event::AlarmActions {
                alarm_name,
                old,
                state,
            },
        );
    }

    /// Sets an alarm's state; on a change, traces it and returns the state before.
    fn change_alarm_state(
        &mut self,
        a: usize,
        state: AlarmState,
        reason: String,
    ) -> Option<AlarmState> {
        let now = self.kernel.now_ms;
        let old = self.cloudwatch.alarms[a].set_state(state, reason, now)?;
        let alarm = self.cloudwatch.alarms[a].clone();
        self.record(
            TraceKind::AlarmStateChanged,
            &alarm.config.alarm_name,
            None,
            None,
            None,
            format_args!(
                "alarm {} → {}: {}",
                old.name(),
                state.name(),
                alarm.state_reason
            ),
        );
        Some(old)
    }

    /// Runs an alarm's actions for the state it changed to, if its actions are enabled.
    /// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html>
    pub(super) fn on_alarm_actions(
        &mut self,
        alarm_name: &str,
        old: AlarmState,
        state: AlarmState,
    ) {
        let Some(alarm) = self
            .cloudwatch
            .alarms
            .iter()
            .find(|a| a.config.alarm_name == alarm_name)
            .cloned()
        else {
            return;
        };
        if alarm.config.actions_enabled {
            for arn in alarm.config.actions_for(state) {
                self.notify(&alarm, old, arn);
            }
        }
    }

    /// Publishes the alarm notification to one SNS topic action.
    fn notify(&mut self, alarm: &Alarm, old: AlarmState, topic_arn: &str) {
        let name = &alarm.config.alarm_name;
        let Ok(t) = self.topic_index(topic_arn) else {
            self.record(
                TraceKind::TargetFailed,
                name,
                Some(topic_arn),
                None,
                None,
                format_args!("alarm action {topic_arn}: the topic does not exist, so no one is notified (CloudWatch accepted the ARN when the alarm was saved)"),
            );
            return;
        };
        let at = self.kernel.epoch_ms + self.kernel.now_ms;
        let iso = iso8601_ms(at).replace('Z', "+0000");
        let saved = iso8601_ms(self.kernel.epoch_ms + alarm.configuration_updated_ms);
        let saved = saved.replace('Z', "+0000");
        let message = notification::message_json(alarm, old, &iso, &saved).to_string();
        let email = notification::email_text(alarm, old, &alarm_email_time(at));
        let subject = notification::subject(alarm);
        self.publish_with_email(t, message, Some(subject), Some(email), name);
    }

    /// PutMetricAlarm: creates an alarm, or replaces an existing alarm's
    /// configuration and keeps its state (as AWS does on an update).
    pub(crate) fn put_metric_alarm(&mut self, cfg: AlarmConfig) -> SimResult<()> {
        cfg.validate()
            .map_err(|m| SimError::new("ValidationError", m))?;
        let series = self.cloudwatch.series_for(&cfg);
        let now = self.kernel.now_ms;
        let name = cfg.alarm_name.clone();
        match self.cloudwatch.alarm_index(&name) {
            Some(a) => {
                let alarm = &mut self.cloudwatch.alarms[a];
                alarm.config = cfg;
                alarm.series = series;
                alarm.configuration_updated_ms = now;
            }
            None => self
                .cloudwatch
                .alarms
                .push(Alarm::new(cfg, series, now, self.scenario.region)),
        }
        self.record(
            TraceKind::SettingChanged,
            &name,
            None,
            None,
            None,
            "PutMetricAlarm: alarm saved; it is evaluated at the end of every minute",
        );
        self.schedule_alarm_evaluation();
        Ok(())
    }

    /// DeleteAlarms.
    pub(crate) fn delete_alarm(&mut self, name: &str) -> SimResult<()> {
        let a = self.alarm_index(name)?;
        self.cloudwatch.alarms.remove(a);
        self.record(
            TraceKind::SettingChanged,
            name,
            None,
            None,
            None,
            "DeleteAlarms: alarm deleted",
        );
        Ok(())
    }

    /// SetAlarmState: a state for testing actions; the next evaluation decides again.
    pub(crate) fn set_alarm_state(
        &mut self,
        name: &str,
        state: AlarmState,
        reason: String,
    ) -> SimResult<()> {
        let a = self.alarm_index(name)?;
        // A test of the actions: they run within the call, so the e-mail is there at once.
        if let Some(old) = self.change_alarm_state(a, state, reason) {
            let alarm_name = self.cloudwatch.alarms[a].config.alarm_name.clone();
            self.on_alarm_actions(&alarm_name, old, state);
        }
        Ok(())
    }

    fn alarm_index(&self, name: &str) -> SimResult<usize> {
        self.cloudwatch.alarm_index(name).ok_or_else(|| {
            SimError::new("ResourceNotFound", format!("No alarm named {name} exists."))
        })
    }
}
