//! `sim_cli test-event-pattern`: like `aws events test-event-pattern`, plus an
//! explanation and a batch mode for conformance files.

use std::io::{BufRead, Write};

use serde_json::{json, Value};
use sim_core::eventbridge::{test_event_pattern, EventPattern};

/// Exit code 0 with a result, 2 for an invalid pattern or bad input.
pub fn run(args: &[String]) -> Result<(), String> {
    let (mut pattern, mut event, mut batch, mut explain) = (None, None, None, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |n: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{n} needs a file"))
        };
        match a.as_str() {
            "--pattern" => pattern = Some(value("--pattern")?),
            "--event" => event = Some(value("--event")?),
            "--batch" => batch = Some(value("--batch")?),
            "--explain" => explain = true,
            other => return Err(format!("unknown option '{other}' (test-event-pattern --pattern FILE --event FILE [--explain] | --batch FILE.jsonl)")),
        }
    }
    if let Some(path) = batch {
        return run_batch(&path);
    }
    let (Some(p), Some(e)) = (pattern, event) else {
        return Err(
            "test-event-pattern needs --pattern FILE and --event FILE, or --batch FILE.jsonl"
                .into(),
        );
    };
    let pattern_text =
        std::fs::read_to_string(&p).map_err(|err| format!("cannot read {p}: {err}"))?;
    let event_text =
        std::fs::read_to_string(&e).map_err(|err| format!("cannot read {e}: {err}"))?;
    let event: Value = serde_json::from_str(&event_text)
        .map_err(|err| format!("{e}: the event is not JSON: {err}"))?;
    let compiled = EventPattern::parse(&pattern_text).map_err(|err| err.to_string())?;
    let explanation = compiled.explain(&event);
    out!("{}", explanation.matched);
    if explain {
        for line in explanation.lines {
            out!("{line}");
        }
    }
    Ok(())
}

/// Reads `{"id", "pattern", "event", "envelope"?}` lines; writes `{"id", "result", "error"?}`.
fn run_batch(path: &str) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{path}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let case: Value =
            serde_json::from_str(&line).map_err(|e| format!("{path}:{}: not JSON: {e}", n + 1))?;
        let id = case.get("id").cloned().unwrap_or(Value::Null);
        let envelope = case
            .get("envelope")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let result = match test_event_pattern(
            case.get("pattern").unwrap_or(&Value::Null),
            case.get("event").unwrap_or(&Value::Null),
            envelope,
        ) {
            Ok(true) => json!({ "id": id, "result": "match" }),
            Ok(false) => json!({ "id": id, "result": "no-match" }),
            Err(e) if e.starts_with("Event pattern is not valid") => {
                json!({ "id": id, "result": "invalid-pattern", "error": e })
            }
            Err(e) => json!({ "id": id, "result": "invalid-event", "error": e }),
        };
        writeln!(out, "{result}").map_err(|e| e.to_string())?;
    }
    Ok(())
}
