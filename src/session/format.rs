//! The session file: the setup and every action the learner applied, with its sim
//! time, as versioned JSON. The same text is autosaved, exported and (compressed)
//! put in share links. Reading it never trusts it: a damaged, foreign, newer or
//! oversized session is refused with the reason, and nothing else happens.
//!
//! ```json
//! {"format": "eventlab-session", "version": 1, "scenario": "lab000-pedidos", "seed": 1,
//!  "lang": "pt-BR", "speed": 1, "sim_time_ms": 250000, "trace_hash": "1f0c…",
//!  "actions": [{"At": 0, "Action": "SetFault", …},
//!              {"At": 5000, "Schedule": [{"At": 5000, "Action": "HttpRequest", …}, …]}]}
//! ```
//!
//! Each action is a script step (`sim_core::action::parse_step`); a `Schedule` is a
//! burst the learner asked for at `At`, whose steps run at their own times.

use std::rc::Rc;

use serde_json::{json, Map, Value};
use sim_core::action::parse_step;
use sim_core::{Action, ScriptStep};

use crate::i18n::Lang;

pub const FORMAT: &str = "eventlab-session";
pub const VERSION: u64 = 1;
/// Bounds on what a session may ask the page to replay: beyond them a file is refused.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
pub const MAX_RECORDS: usize = 10_000;
pub const MAX_SCHEDULED_STEPS: usize = 20_000;
/// 90 days: two hours at 1,000× is 83 days of sim time.
pub const MAX_SIM_TIME_MS: u64 = 90 * 24 * 3_600_000;

/// What the learner did at one sim time.
#[derive(Clone, Debug, PartialEq)]
pub enum Recorded {
    Action(Action),
    /// A burst of actions scheduled at once, each at its own later time.
    Schedule(Vec<ScriptStep>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub at_ms: u64,
    pub what: Recorded,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub scenario: String,
    pub seed: u64,
    pub lang: Lang,
    /// The clock's speed (1 to 1,000×): a lab that says "set the speed to 1×" keeps it
    /// across a reload (the student walk found 10× again). Absent in older sessions.
    pub speed: Option<u32>,
    pub sim_time_ms: u64,
    /// The trace's hash when saved: a replay must reach the same.
    pub trace_hash: Option<u64>,
    pub records: Rc<Vec<Record>>,
}

/// Why a session was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionError {
    TooLarge,
    NotJson(String),
    Foreign,
    Newer(u64),
    UnknownScenario(String),
    Damaged(String),
}

fn step_json(at_ms: u64, action: &Action) -> Value {
    let mut v = serde_json::to_value(action).unwrap_or(Value::Null);
    if let Value::Object(o) = &mut v {
        o.insert("At".into(), json!(at_ms));
    }
    v
}

fn record_json(r: &Record) -> Value {
    match &r.what {
        Recorded::Action(a) => step_json(r.at_ms, a),
        Recorded::Schedule(steps) => {
            let steps: Vec<Value> = steps
                .iter()
                .map(|s| step_json(s.at_ms, &s.action))
                .collect();
            json!({ "At": r.at_ms, "Schedule": steps })
        }
    }
}

impl Session {
    pub fn to_value(&self) -> Value {
        let actions: Vec<Value> = self.records.iter().map(record_json).collect();
        let mut o = Map::new();
        o.insert("format".into(), json!(FORMAT));
        o.insert("version".into(), json!(VERSION));
        o.insert("scenario".into(), json!(self.scenario));
        o.insert("seed".into(), json!(self.seed));
        o.insert("lang".into(), json!(self.lang.param()));
        if let Some(x) = self.speed {
            o.insert("speed".into(), json!(x));
        }
        o.insert("sim_time_ms".into(), json!(self.sim_time_ms));
        if let Some(h) = self.trace_hash {
            o.insert("trace_hash".into(), json!(format!("{h:016x}")));
        }
        o.insert("actions".into(), Value::Array(actions));
        Value::Object(o)
    }

    /// Compact: for storage and links.
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }

    /// Indented: for a file a person may read.
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// Reads a session; `scenarios` are the ids this build knows.
    pub fn parse(text: &str, scenarios: &[&str]) -> Result<Session, SessionError> {
        if text.len() > MAX_BYTES {
            return Err(SessionError::TooLarge);
        }
        let v: Value =
            serde_json::from_str(text).map_err(|e| SessionError::NotJson(e.to_string()))?;
        if v.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return Err(SessionError::Foreign);
        }
        match v.get("version").and_then(Value::as_u64) {
            Some(VERSION) => {}
            Some(n) if n > VERSION => return Err(SessionError::Newer(n)),
            _ => return Err(damaged("version must be 1")),
        }
        read_v1(&v, scenarios)
    }
}

fn damaged(why: impl Into<String>) -> SessionError {
    SessionError::Damaged(why.into())
}

fn read_v1(v: &Value, scenarios: &[&str]) -> Result<Session, SessionError> {
    let scenario = v
        .get("scenario")
        .and_then(Value::as_str)
        .ok_or_else(|| damaged("scenario is missing"))?;
    // `ID@NAME`: a built-in scenario with the learner's name on its resources.
    let (base, name) = sim_core::scenario::suffix::split_id(scenario);
    let name_ok = name.is_none_or(|n| sim_core::scenario::suffix::check_name(n).is_ok());
    if !scenarios.contains(&base) || !name_ok {
        return Err(SessionError::UnknownScenario(scenario.to_string()));
    }
    let number = |k: &str| {
        v.get(k)
            .and_then(Value::as_u64)
            .ok_or_else(|| damaged(format!("{k} must be a whole number")))
    };
    let seed = number("seed")?;
    let sim_time_ms = number("sim_time_ms")?;
    if sim_time_ms > MAX_SIM_TIME_MS {
        return Err(damaged("sim_time_ms is beyond 90 days"));
    }
    let lang = match v.get("lang").and_then(Value::as_str) {
        Some(l @ ("en" | "pt-BR")) => Lang::from_param(l),
        _ => return Err(damaged("lang must be \"en\" or \"pt-BR\"")),
    };
    let speed = match v.get("speed") {
        None => None,
        Some(x) => Some(
            x.as_u64()
                .filter(|x| (1..=1_000).contains(x))
                .ok_or_else(|| damaged("speed must be a whole number from 1 to 1000"))?
                as u32,
        ),
    };
    let trace_hash = match v.get("trace_hash") {
        None => None,
        Some(h) => Some(
            h.as_str()
                .and_then(|h| u64::from_str_radix(h, 16).ok())
                .ok_or_else(|| damaged("trace_hash must be 16 hex digits"))?,
        ),
    };
    let records = read_records(v.get("actions"), sim_time_ms)?;
    Ok(Session {
        scenario: scenario.to_string(),
        seed,
        lang,
        speed,
        sim_time_ms,
        trace_hash,
        records: Rc::new(records),
    })
}

/// The actions, in time order, none after the session's sim time.
fn read_records(actions: Option<&Value>, sim_time_ms: u64) -> Result<Vec<Record>, SessionError> {
    let Some(Value::Array(items)) = actions else {
        return Err(damaged("actions must be a list"));
    };
    if items.len() > MAX_RECORDS {
        return Err(damaged(format!("more than {MAX_RECORDS} actions")));
    }
    let (mut records, mut scheduled, mut last_ms) = (Vec::with_capacity(items.len()), 0, 0);
    for (i, item) in items.iter().enumerate() {
        let record = read_record(item, i)?;
        if record.at_ms < last_ms || record.at_ms > sim_time_ms {
            return Err(damaged(format!(
                "action {i}: At must not go back in time nor past sim_time_ms"
            )));
        }
        if let Recorded::Schedule(steps) = &record.what {
            scheduled += steps.len();
        }
        if scheduled > MAX_SCHEDULED_STEPS {
            return Err(damaged(format!(
                "more than {MAX_SCHEDULED_STEPS} scheduled actions"
            )));
        }
        last_ms = record.at_ms;
        records.push(record);
    }
    Ok(records)
}

fn read_record(item: &Value, i: usize) -> Result<Record, SessionError> {
    let at_ms = item
        .get("At")
        .and_then(Value::as_u64)
        .ok_or_else(|| damaged(format!("action {i}: At must be a whole number of ms")))?;
    let what = match item.get("Schedule") {
        Some(Value::Array(steps)) => {
            let mut out = Vec::with_capacity(steps.len());
            for (j, s) in steps.iter().enumerate() {
                out.push(parse_step(s, j).map_err(|e| damaged(format!("action {i}: {e}")))?);
            }
            Recorded::Schedule(out)
        }
        Some(_) => return Err(damaged(format!("action {i}: Schedule must be a list"))),
        None => Recorded::Action(parse_step(item, i).map_err(damaged)?.action),
    };
    Ok(Record { at_ms, what })
}

impl SessionError {
    /// The reason, in the learner's language, after "Refused, nothing changed: ".
    pub fn message(&self, lang: Lang) -> String {
        use crate::i18n::{t, Key};
        match self {
            SessionError::TooLarge => t(lang, Key::SessionTooLarge).to_string(),
            SessionError::NotJson(e) => format!("{} ({e}).", t(lang, Key::SessionNotJson)),
            SessionError::Foreign => t(lang, Key::SessionForeign).to_string(),
            SessionError::Newer(v) => format!(
                "{} {v}{}",
                t(lang, Key::SessionNewer),
                t(lang, Key::SessionNewerTail)
            ),
            SessionError::UnknownScenario(s) => {
                format!("{} {s}.", t(lang, Key::SessionUnknownScenario))
            }
            SessionError::Damaged(e) => format!("{} {e}.", t(lang, Key::SessionDamaged)),
        }
    }
}
