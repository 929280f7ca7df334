//! UpdateEventSourceMapping while running: a stream trigger's failure handling, which
//! decides whether a batch that keeps failing holds its shard until the records
//! expire (the default) or is skipped after a few retries.
//! <https://docs.aws.amazon.com/lambda/latest/api/API_UpdateEventSourceMapping.html>

use crate::error::{SimError, SimResult};
use crate::kernel::trace::TraceKind;
use crate::lambda::mapping::check_maximum_retry_attempts;
use crate::world::Simulation;

impl Simulation {
    pub(crate) fn update_event_source_mapping(
        &mut self,
        uuid: &str,
        maximum_retry_attempts: Option<i64>,
        bisect_batch_on_function_error: Option<bool>,
    ) -> SimResult<()> {
        // The API checks a value's bounds before it looks the mapping up.
        if let Some(n) = maximum_retry_attempts {
            check_maximum_retry_attempts(n).map_err(|m| SimError::new("ValidationException", m))?;
        }
        let Some(mi) = self
            .lambda
            .stream_mappings
            .iter()
            .position(|m| m.uuid == uuid)
        else {
            let queue = self.lambda.sqs_mappings.iter().any(|m| m.uuid == uuid);
            let stream_only =
                maximum_retry_attempts.is_some() || bisect_batch_on_function_error.is_some();
            return match (queue, stream_only) {
                // Nothing asked of a queue's trigger: nothing to change.
                (true, false) => Ok(()),
                (true, true) => Err(sqs_refusal(maximum_retry_attempts.is_some())),
                (false, _) => Err(SimError::new(
                    "ResourceNotFoundException",
                    "The resource you requested does not exist.",
                )),
            };
        };
        let config = &mut self.lambda.stream_mappings[mi].config;
        if let Some(n) = maximum_retry_attempts {
            config.maximum_retry_attempts = Some(n);
        }
        if let Some(b) = bisect_batch_on_function_error {
            config.bisect_batch_on_function_error = b;
        }
        let retries = config.maximum_retry_attempts.unwrap_or(-1);
        let bisect = config.bisect_batch_on_function_error;
        let function = self.lambda.functions[self.lambda.stream_mappings[mi].function as usize]
            .name()
            .to_string();
        self.record(
            TraceKind::SettingChanged,
            &function,
            None,
            None,
            None,
            format_args!("UpdateEventSourceMapping {uuid} applied: MaximumRetryAttempts {retries}, BisectBatchOnFunctionError {bisect}"),
        );
        Ok(())
    }
}

/// The scenario check's own sentence for a stream-only parameter on a queue trigger,
/// with what does that work for a queue.
fn sqs_refusal(retries: bool) -> SimError {
    let property = if retries {
        "MaximumRetryAttempts"
    } else {
        "BisectBatchOnFunctionError"
    };
    let (_, sources, instead) = crate::scenario::check::STREAM_ONLY_ON_SQS
        .iter()
        .find(|(p, _, _)| *p == property)
        .copied()
        .unwrap_or((property, "stream sources", ""));
    SimError::new(
        "InvalidParameterValueException",
        format!("{property} applies only to {sources}; Lambda does not accept it for an SQS queue: {instead}"),
    )
}
