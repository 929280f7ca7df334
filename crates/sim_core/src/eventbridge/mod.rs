//! EventBridge: event patterns (and later buses, rules, targets and delivery).

pub mod pattern;

use serde_json::Value;

pub use pattern::{EventPattern, Explanation, PatternError};

/// The fields every EventBridge event carries.
pub const ENVELOPE_FIELDS: [&str; 6] = ["id", "account", "source", "time", "region", "detail-type"];

/// Like `aws events test-event-pattern`: parses the pattern (a JSON value, or a string
/// holding the pattern's text) and matches the event. With `envelope`, the event must
/// be a whole EventBridge event.
pub fn test_event_pattern(pattern: &Value, event: &Value, envelope: bool) -> Result<bool, String> {
    let compiled = match pattern {
        Value::String(text) => EventPattern::parse(text),
        other => EventPattern::from_json(other),
    }
    .map_err(|e| e.to_string())?;
    if envelope {
        let missing: Vec<&str> = ENVELOPE_FIELDS
            .iter()
            .copied()
            .filter(|f| event.get(*f).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "Parameter Event is not valid: missing {}",
                missing.join(", ")
            ));
        }
    }
    Ok(compiled.matches(event))
}
