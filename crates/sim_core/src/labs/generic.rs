//! The behaviour of a function a template brings without naming one of ours (its
//! code lives in a CodeUri folder EventLab cannot run): it logs the event it
//! received, as `print(json.dumps(event))` would, and succeeds. An API Gateway
//! request gets 200 with `{"message": "ok"}`. A pipe's enrichment returns what it
//! received instead (`return-event`): returning nothing would stop the batch.

use serde_json::json;

use super::*;

pub(super) fn log_and_succeed(sdk: &mut dyn Sdk, event: &Payload) -> HandlerResult {
    let whole = event.to_json(sdk.epoch_ms());
    sdk.log(format_args!("{whole}"));
    if matches!(event, Payload::ApiProxy(_)) {
        return api_reply(200, json!({ "message": "ok" }));
    }
    Ok(Value::Null)
}

/// `print(json.dumps(event)); return event`: what it received goes back as it came.
pub(super) fn return_event(sdk: &mut dyn Sdk, event: &Payload) -> HandlerResult {
    let whole = event.to_json(sdk.epoch_ms());
    sdk.log(format_args!("{whole}"));
    Ok(whole)
}
