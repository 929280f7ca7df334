//! Where services meet: each scheduled event goes to the handler that owns it, and
//! each action from outside (a learner, a script) to the service it names.

use crate::action::Action;
use crate::error::{SimError, SimResult};
use crate::kernel::time::SimTime;
use crate::kernel::trace::TraceKind;

use super::{body_text, Event, Simulation};

impl Simulation {
    pub(super) fn dispatch(&mut self, event: Event) {
        match event {
            Event::Script(i) => {
                if let Some(action) = self.pending_script.remove(&i) {
                    let name = action.name();
                    // The scenario's own steps come first (added at build): the trace
                    // says the scenario sent them, not the learner (the student walk
                    // read "você → pedidos-ecommerce.fifo" for orders never sent).
                    let source = if (i as usize) < self.scenario.script.len() {
                        "scenario"
                    } else {
                        "learner"
                    };
                    if let Err(e) = self.apply_as(action, source) {
                        self.record(
                            TraceKind::ActionRejected,
                            "script",
                            None,
                            None,
                            None,
                            format_args!("{name} refused: {e}"),
                        );
                    }
                }
            }
            Event::MessageVisible {
                queue,
                key,
                generation,
            } => self.on_message_visible(queue, key, generation),
            Event::MessageExpire { queue, key } => self.on_message_expire(queue, key),
            Event::SqsPoll { mapping } => self.on_sqs_poll(mapping),
            Event::SqsThrottleRetry { batch } => self.on_sqs_throttle_retry(batch),
            Event::StreamPoll { mapping } => self.on_stream_poll(mapping),
            Event::InvocationEnd { invocation } => self.on_invocation_end(invocation),
            Event::AsyncAttempt { event } => self.on_async_attempt(event),
            Event::MoveTaskTick { queue } => self.on_move_task_tick(queue),
            Event::LongPollEnd { poll } => self.on_long_poll_end(poll),
            Event::TargetDelivery { delivery } => self.on_target_delivery(delivery),
            Event::PipePoll { pipe } => self.on_pipe_poll(pipe),
            Event::PipeBatchEnd { batch } => self.on_pipe_batch_end(batch, None),
            Event::AlarmEvaluation => self.on_alarm_evaluation(),
            Event::AlarmActions {
                alarm_name,
                old,
                state,
            } => self.on_alarm_actions(&alarm_name, old, state),
        }
    }

    /// False for an event due at `at_ms` that will do nothing when it runs: an SQS
    /// message's visibility timeout or retention period after the message was deleted
    /// (or received again), or before a raised DelaySeconds or MessageRetentionPeriod
    /// ends (the change scheduled the later one). Every other event may act.
    pub(super) fn event_acts(&self, at_ms: SimTime, event: &Event) -> bool {
        match *event {
            Event::MessageVisible {
                queue,
                key,
                generation,
            } => self.sqs.queues[queue as usize].will_become_visible(key, generation, at_ms),
            Event::MessageExpire { queue, key } => {
                let queue = &self.sqs.queues[queue as usize];
                queue
                    .get(key)
                    .is_some_and(|m| queue.expires_at_ms(m) <= at_ms)
            }
            _ => true,
        }
    }

    /// Applies an action from outside. On error nothing has changed.
    pub fn apply(&mut self, action: Action) -> SimResult<()> {
        self.apply_as(action, "learner")
    }

    /// Applies an action on behalf of `source` ("learner", or "scenario" for a
    /// scenario's own script), the name the trace gives the sender.
    fn apply_as(&mut self, action: Action, source: &'static str) -> SimResult<()> {
        match action {
            Action::HttpRequest {
                api,
                method,
                path,
                body,
                headers,
            } => self.http_request(&api, &method, &path, body, headers),
            Action::SendMessage {
                queue_name,
                message_body,
                delay_seconds,
                message_group_id,
                message_deduplication_id,
                message_attributes,
            } => {
                let q = self.queue_index(&queue_name)?;
                self.send_message(
                    q,
                    body_text(&message_body),
                    message_attributes,
                    delay_seconds,
                    message_group_id,
                    message_deduplication_id,
                    source,
                )
                .map(|_| ())
            }
            Action::SendMessageBatch {
                queue_name,
                entries,
            } => self.send_message_batch(&queue_name, entries, source),
            Action::ReceiveMessage {
                queue_name,
                max_number_of_messages,
                visibility_timeout,
                wait_time_seconds,
            } => self.console_receive(
                &queue_name,
                max_number_of_messages,
                visibility_timeout,
                wait_time_seconds,
            ),
            Action::DeleteMessage {
                queue_name,
                receipt_handle,
            } => self.delete_by_receipt(&queue_name, &receipt_handle),
            Action::ChangeMessageVisibility {
                queue_name,
                receipt_handle,
                visibility_timeout,
            } => self.change_visibility(&queue_name, &receipt_handle, visibility_timeout),
            Action::PurgeQueue { queue_name } => self.purge(&queue_name),
            Action::StartMessageMoveTask {
                source_queue,
                destination_queue,
                max_number_of_messages_per_second,
            } => self.start_move_task(
                &source_queue,
                destination_queue,
                max_number_of_messages_per_second,
            ),
            Action::CancelMessageMoveTask { source_queue } => self.cancel_move_task(&source_queue),
            Action::SetQueueAttributes {
                queue_name,
                attributes,
            } => self.set_queue_attributes(&queue_name, attributes),
            Action::Invoke {
                function_name,
                invocation_type,
                payload,
            } => self.invoke_action(&function_name, invocation_type, payload, source),
            Action::SetFault {
                function_name,
                fault,
                enabled,
                fraction,
                seconds,
            } => self.set_fault(&function_name, fault, enabled, fraction, seconds),
            Action::PutEvents { entries } => {
                let result = self.put_events(entries, source)?;
                // The Send events form shows the learner's own PutEvents result.
                if source == "learner" {
                    self.eventbridge.keep_learner_result(result);
                }
                Ok(())
            }
            Action::Publish {
                topic_name,
                message,
                subject,
                message_attributes,
                message_group_id,
                message_deduplication_id,
            } => self.publish_action(
                &topic_name,
                body_text(&message),
                subject,
                message_attributes,
                (message_group_id, message_deduplication_id),
                source,
            ),
            Action::SetRuleState {
                rule_name,
                event_bus_name,
                enabled,
            } => self.set_rule_state(&rule_name, event_bus_name.as_deref(), enabled),
            Action::SetTargetFault {
                rule_name,
                event_bus_name,
                target_id,
                fault,
                enabled,
            } => self.set_target_fault(
                &rule_name,
                event_bus_name.as_deref(),
                &target_id,
                fault,
                enabled,
            ),
            Action::UpdateEventSourceMapping {
                uuid,
                maximum_retry_attempts,
                bisect_batch_on_function_error,
            } => self.update_event_source_mapping(
                &uuid,
                maximum_retry_attempts,
                bisect_batch_on_function_error,
            ),
            Action::SetFunctionConfiguration {
                function_name,
                timeout,
                reserved_concurrent_executions,
                success_per_mille,
            } => self.set_function_configuration(
                &function_name,
                timeout,
                reserved_concurrent_executions,
                success_per_mille,
            ),
            Action::PutMetricAlarm { alarm } => self.put_metric_alarm(alarm),
            Action::DeleteAlarms { alarm_names } => {
                // AWS deletes the alarms that exist and ignores the others; here a
                // name that does not exist is said, and nothing is deleted.
                for n in &alarm_names {
                    self.cloudwatch.alarm_index(n).ok_or_else(|| {
                        crate::error::SimError::new(
                            "ResourceNotFound",
                            format!("No alarm named {n} exists."),
                        )
                    })?;
                }
                alarm_names.iter().try_for_each(|n| self.delete_alarm(n))
            }
            Action::SetAlarmState {
                alarm_name,
                state_value,
                state_reason,
            } => self.set_alarm_state(&alarm_name, state_value, state_reason),
            Action::PutRolePolicy {
                role_name,
                policy_name,
                policy_document,
            } => {
                // IAM validates the name before it reads the document.
                crate::services::iam::check_policy_name(&policy_name)
                    .map_err(|m| SimError::new("ValidationError", m))?;
                let (_, json) = crate::services::iam::PolicyDocument::parse_text(&policy_document)
                    .map_err(|m| SimError::new("MalformedPolicyDocument", m))?;
                self.put_role_policy(&role_name, &policy_name, json)
            }
            Action::DeleteRolePolicy {
                role_name,
                policy_name,
            } => self.delete_role_policy(&role_name, &policy_name),
            Action::PutObject { bucket, key, body } => self.put_object(&bucket, &key, body, source),
        }
    }
}
