//! The console's "Test" tab: a learner invokes a function synchronously with an event
//! they wrote (`aws lambda invoke`, InvocationType RequestResponse) and reads what the
//! console shows: the status, the response (the function's return value, or the
//! runtime's error object), the duration and the request id. Only the latest test of
//! a function is kept, as the console shows only the latest.

use serde_json::Value;

use super::invocation::{HandlerError, HandlerResult};
use crate::SimTime;

/// The latest test of one function.
#[derive(Clone, Debug, PartialEq)]
pub struct TestInvoke {
    /// The event the learner sent.
    pub event: Value,
    pub started_ms: SimTime,
    pub state: TestState,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TestState {
    /// Running: the response comes when its duration has passed in sim time.
    Running {
        request_id: String,
    },
    /// Lambda refused it: no execution environment, no logs (AWS answers 429
    /// TooManyRequestsException, "Rate Exceeded.").
    Throttled,
    Done(TestDone),
}

#[derive(Clone, Debug, PartialEq)]
pub struct TestDone {
    pub request_id: String,
    pub succeeded: bool,
    /// What the Invoke API returns: the handler's return value, or for an unhandled
    /// error the runtime's `{"errorMessage", "errorType", "requestId", "stackTrace"}`
    /// (after a timeout the sandbox's `{"errorType", "errorMessage"}`).
    pub response: Value,
    /// Stopped at its Timeout: the sandbox's error, not the handler's.
    pub timed_out: bool,
    pub duration_ms: u64,
    pub init_ms: u64,
    pub finished_ms: SimTime,
}

impl TestDone {
    /// What the REPORT line bills: Duration + Init Duration (see `billed_duration_ms`).
    pub fn billed_ms(&self) -> u64 {
        super::billed_duration_ms(self.duration_ms, self.init_ms)
    }

    pub fn of(
        request_id: &str,
        result: &HandlerResult,
        duration_ms: u64,
        init_ms: u64,
        finished_ms: SimTime,
    ) -> TestDone {
        let (succeeded, response) = match result {
            Ok(v) => (true, v.clone()),
            Err(e) => (false, e.payload(request_id)),
        };
        TestDone {
            request_id: request_id.to_string(),
            succeeded,
            response,
            timed_out: result.as_ref().is_err_and(HandlerError::is_timeout),
            duration_ms,
            init_ms,
            finished_ms,
        }
    }
}
