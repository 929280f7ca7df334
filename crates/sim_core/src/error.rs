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

/// serde_json's reason for an error without its own " at line L column C", and the
/// column as an editor counts it: serde_json's column 0 (the start of a line, a text
/// cut after a newline) is column 1. For the page's JSON fields and the CloudFormation
/// import alike.
pub fn json_error_parts(e: &serde_json::Error) -> (String, usize) {
    let text = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    let reason = text.strip_suffix(&at).map(str::to_string);
    (reason.unwrap_or(text), e.column().max(1))
}
