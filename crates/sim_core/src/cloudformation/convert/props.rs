//! A resource's properties checked against the names its type takes, with
//! CloudFormation's schema messages ("Properties validation failed for resource X
//! with message: #/VisibilityTimeout: expected type: Number, found: String").
//! Numbers and booleans written as strings are taken, as CloudFormation takes them.

use serde_json::{Map, Value};

/// What a property holds. `Skip`: taken by AWS, not simulated here (tags,
/// encryption, code, …): accepted and left out.
#[derive(Clone, Copy, PartialEq)]
pub enum K {
    Num,
    Bool,
    Str,
    List,
    Obj,
    Any,
    Skip,
}

pub struct Spec {
    pub props: &'static [(&'static str, K)],
    pub required: &'static [&'static str],
}

pub fn failed(id: &str, message: String) -> String {
    format!("Properties validation failed for resource {id} with message: {message}")
}

/// The properties, type-checked and coerced, without the skipped ones.
pub fn check(
    id: &str,
    props: &Map<String, Value>,
    spec: &Spec,
) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    for (k, v) in props {
        let Some((_, kind)) = spec.props.iter().find(|(n, _)| n == k) else {
            return Err(failed(
                id,
                format!("#: extraneous key [{k}] is not permitted"),
            ));
        };
        if *kind == K::Skip {
            continue;
        }
        out.insert(
            k.clone(),
            coerce(v, *kind).map_err(|found| {
                failed(
                    id,
                    format!("#/{k}: expected type: {}, found: {found}", kind_name(*kind)),
                )
            })?,
        );
    }
    for r in spec.required {
        if !props.contains_key(*r) {
            return Err(failed(id, format!("#: required key [{r}] not found")));
        }
    }
    Ok(out)
}

fn kind_name(k: K) -> &'static str {
    match k {
        K::Num => "Number",
        K::Bool => "Boolean",
        K::Str => "String",
        K::List => "JSONArray",
        K::Obj => "JSONObject",
        K::Any | K::Skip => "any",
    }
}

pub fn found(v: &Value) -> &'static str {
    match v {
        Value::Null => "Null",
        Value::Bool(_) => "Boolean",
        Value::Number(_) => "Number",
        Value::String(_) => "String",
        Value::Array(_) => "JSONArray",
        Value::Object(_) => "JSONObject",
    }
}

/// The value as `kind`, or what was found instead.
pub fn coerce(v: &Value, kind: K) -> Result<Value, &'static str> {
    match (kind, v) {
        (K::Num, Value::Number(_)) | (K::Bool, Value::Bool(_)) | (K::Str, Value::String(_)) => {
            Ok(v.clone())
        }
        (K::Num, Value::String(s)) => number(s).ok_or("String"),
        (K::Bool, Value::String(s)) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
        (K::Str, Value::Number(n)) => Ok(Value::String(n.to_string())),
        (K::Str, Value::Bool(b)) => Ok(Value::String(b.to_string())),
        (K::List, Value::Array(_)) | (K::Obj, Value::Object(_)) | (K::Any, _) => Ok(v.clone()),
        _ => Err(found(v)),
    }
}

fn number(s: &str) -> Option<Value> {
    if let Ok(u) = s.trim().parse::<u64>() {
        return Some(Value::from(u));
    }
    if let Ok(i) = s.trim().parse::<i64>() {
        return Some(Value::from(i));
    }
    s.trim()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
}

/// Within a nested object: the member as `kind` (path for the message).
pub fn member(
    id: &str,
    obj: &Value,
    path: &str,
    key: &str,
    kind: K,
) -> Result<Option<Value>, String> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => coerce(v, kind).map(Some).map_err(|f| {
            failed(
                id,
                format!(
                    "#/{path}/{key}: expected type: {}, found: {f}",
                    kind_name(kind)
                ),
            )
        }),
    }
}

/// A property CloudFormation takes as a JSON object or as its text (RedrivePolicy,
/// EventPattern, FilterPolicy).
pub fn json_or_text(id: &str, path: &str, v: &Value) -> Result<Value, String> {
    match v {
        Value::String(s) => serde_json::from_str(s)
            .map_err(|e| failed(id, format!("#/{path}: not valid JSON text: {e}"))),
        other => Ok(other.clone()),
    }
}

/// `arn:…:function:name` / queue URL / ARN → the bare name the scenario uses.
pub fn last_segment(s: &str) -> String {
    if let Some(rest) = s.strip_prefix("https://sqs.") {
        return rest.rsplit('/').next().unwrap_or(rest).to_string();
    }
    if s.contains(":function:") {
        return crate::lambda::function_name_from(s).to_string();
    }
    if let Some((_, n)) = s.rsplit_once("event-bus/") {
        return n.to_string();
    }
    if s.starts_with("arn:") {
        return s.rsplit(':').next().unwrap_or(s).to_string();
    }
    s.to_string()
}
