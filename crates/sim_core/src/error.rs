//! Errors a learner can act on, named as AWS names them where AWS has a name.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimError {
    /// AWS's error code (`InvalidAttributeValue`, `QueueDoesNotExist`, …) or ours.
    pub code: &'static str,
    pub message: String,
}

impl SimError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        SimError {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for SimError {}

pub type SimResult<T> = Result<T, SimError>;
