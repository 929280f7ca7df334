//! What the labs' Python does with an event it does not expect: the errors CPython
//! raises on `event["Records"]`, `json.loads(record["body"])` and `.get` on what that
//! gives. A Lambda console test event or a message that is not JSON (a poison
//! message) then fails as the deployed handler fails, and an SQS source retries it
//! into the DLQ, instead of a lenient model reporting success.
//!
//! Each reader's error also says which piece of the handler's line raised it
//! (`["Records"]`, `json.loads(`), for the stackTrace (`world/traceback.rs`): the
//! public reader wraps its `…_of` with `at`.

use serde_json::Value;

use super::{HandlerError, Payload, Record};

/// A str, as what iterating a dict (its keys) or a str (its characters) gives: the
/// record a handler then reads fails as a str does (`.get`, `["body"]`).
static A_STR: Value = Value::String(String::new());

/// `for record in event["Records"]`.
fn records_of(event: &Payload) -> Result<Vec<Record<'_>>, HandlerError> {
    let v = match event {
        Payload::Json(v) => v,
        Payload::ApiProxy(_) => return Err(key_error("Records")),
        _ => return Ok(event.records()),
    };
    match v {
        Value::Object(o) => match o.get("Records") {
            None => Err(key_error("Records")),
            Some(Value::Array(a)) => Ok(a.iter().map(Record::Json).collect()),
            Some(Value::Object(m)) => Ok(vec![Record::Json(&A_STR); m.len()]),
            Some(Value::String(s)) => Ok(vec![Record::Json(&A_STR); s.chars().count()]),
            Some(other) => Err(type_error(format!(
                "'{}' object is not iterable",
                type_name(other)
            ))),
        },
        other => Err(not_subscriptable(other)),
    }
}

pub(super) fn records(event: &Payload) -> Result<Vec<Record<'_>>, HandlerError> {
    at(records_of(event), "[\"Records\"]")
}

/// `record.get("eventName") != "INSERT"`, then `image = record["dynamodb"].get("NewImage")`
/// and `if not image: continue`: the new image, or `None` when the record is skipped.
/// The image is plain JSON, as boto3's TypeDeserializer gives it.
pub(super) fn inserted_image(record: Record) -> Result<Option<Value>, HandlerError> {
    let Record::Json(v) = record else {
        return Ok(match record.event_name() {
            Some("INSERT") => record.new_image_plain(),
            _ => None,
        });
    };
    match new_image(v)? {
        Some(image @ Value::Object(_)) => Ok(Some(crate::dynamodb::typed_json_to_plain(image))),
        Some(other) => Err(HandlerError::new(
            "AttributeError",
            format!("'{}' object has no attribute 'items'", type_name(other)),
        )
        .at(".items()")),
        None => Ok(None),
    }
}

/// `if record.get("eventName") != "INSERT": continue`, then
/// `image = record["dynamodb"].get("NewImage")` and `if not image: continue`.
fn new_image(record: &Value) -> Result<Option<&Value>, HandlerError> {
    if get(record, "eventName")?.and_then(Value::as_str) != Some("INSERT") {
        return Ok(None);
    }
    Ok(get(index(record, "dynamodb")?, "NewImage")?.filter(|image| truthy(image)))
}

/// `key in event`: a dict's keys, a str's text, a list's items; TypeError otherwise.
fn contains_of(event: &Payload, key: &str) -> Result<bool, HandlerError> {
    let Payload::Json(v) = event else {
        return Ok(key == "Records" && event.has_records());
    };
    match v {
        Value::Object(o) => Ok(o.contains_key(key)),
        Value::String(s) => Ok(s.contains(key)),
        Value::Array(a) => Ok(a.iter().any(|x| x.as_str() == Some(key))),
        other => Err(type_error(format!(
            "argument of type '{}' is not iterable",
            type_name(other)
        ))),
    }
}

pub(super) fn contains(event: &Payload, key: &str) -> Result<bool, HandlerError> {
    at(contains_of(event, key), "in event")
}

/// `json.loads(record.get("body") or "{}")`.
fn loads_body_or_empty_of(record: Record) -> Result<Value, HandlerError> {
    let text = match record {
        Record::Sqs(m) => m.body.as_str(),
        Record::Stream(_) => "",
        Record::Json(v) => match get(v, "body")? {
            Some(Value::String(s)) => s.as_str(),
            Some(other) if truthy(other) => return Err(not_json_text(other)),
            _ => "",
        },
    };
    let text = if text.is_empty() { "{}" } else { text };
    serde_json::from_str(text).map_err(|e| json_decode_error(text, &e))
}

pub(super) fn loads_body_or_empty(record: Record) -> Result<Value, HandlerError> {
    at(loads_body_or_empty_of(record), "json.loads(")
}

/// `x.get(a) or x.get(b) or …` on what may be no dict (AttributeError then).
pub(super) fn first_truthy_of<'a>(
    v: &'a Value,
    keys: &[&str],
) -> Result<Option<&'a Value>, HandlerError> {
    get(v, keys[0])?;
    Ok(first_truthy(v, keys))
}

/// `x + 1`, with the TypeError Python raises when `x` is no number.
fn plus_one_of(v: &Value) -> Result<Value, HandlerError> {
    match v {
        Value::Number(n) => Ok(match (n.as_i64(), n.as_f64()) {
            (Some(i), _) if i < i64::MAX => Value::from(i + 1),
            (_, Some(f)) if n.is_f64() => Value::from(f + 1.0),
            _ => Value::from(n.as_f64().unwrap_or(0.0) + 1.0),
        }),
        Value::Bool(b) => Ok(Value::from(i64::from(*b) + 1)),
        Value::String(_) | Value::Array(_) => Err(type_error(format!(
            "can only concatenate {} (not \"int\") to {}",
            type_name(v),
            type_name(v)
        ))),
        other => Err(type_error(format!(
            "unsupported operand type(s) for +: '{}' and 'int'",
            type_name(other)
        ))),
    }
}

pub(super) fn plus_one(v: &Value) -> Result<Value, HandlerError> {
    at(plus_one_of(v), "+ 1")
}

/// `x < n` for a number `plus_one` gave.
pub(super) fn below(x: &Value, n: u32) -> bool {
    x.as_f64().is_some_and(|x| x < f64::from(n))
}

/// mark_processed's reading of a record: INSERT, `image = record["dynamodb"].get("NewImage")`,
/// `if not image or "orderId" not in image: continue`, then `image["orderId"]` as
/// plain JSON (None when the record is skipped).
pub(super) fn inserted_order_id(record: Record) -> Result<Option<Value>, HandlerError> {
    let Record::Json(v) = record else {
        return Ok(record
            .new_image_plain()
            .filter(|_| record.event_name() == Some("INSERT"))
            .and_then(|image| image.get("orderId").cloned()));
    };
    let Some(image) = new_image(v)? else {
        return Ok(None);
    };
    let present = match image {
        Value::Object(o) => o.contains_key("orderId"),
        Value::Array(a) => a.iter().any(|x| x.as_str() == Some("orderId")),
        Value::String(s) => s.contains("orderId"),
        other => {
            return Err(type_error(format!(
                "argument of type '{}' is not iterable",
                type_name(other)
            ))
            .at("not in image"))
        }
    };
    if !present {
        return Ok(None);
    }
    let typed = index(image, "orderId")?;
    Ok(Some(crate::dynamodb::typed_value_to_plain(typed)))
}

/// boto3's resource layer writing values `json.loads` made: a float anywhere in them
/// is refused before any request (its TypeSerializer wants Decimal).
pub(super) fn boto3_writes(
    call: &'static str,
    values: &[Option<&Value>],
) -> Result<(), HandlerError> {
    fn has_float(v: &Value) -> bool {
        match v {
            Value::Number(n) => n.is_f64(),
            Value::Array(a) => a.iter().any(has_float),
            Value::Object(o) => o.values().any(has_float),
            _ => false,
        }
    }
    if values.iter().flatten().any(|v| has_float(v)) {
        return Err(
            type_error("Float types are not supported. Use Decimal types instead.".into()).at(call),
        );
    }
    Ok(())
}

/// `float(x)`, with the errors it raises on what is no number.
fn float_of(v: &Value) -> Result<f64, HandlerError> {
    match v {
        Value::Number(n) => Ok(n.as_f64().unwrap_or(0.0)),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::String(s) => s.trim().parse().map_err(|_| {
            HandlerError::new(
                "ValueError",
                format!("could not convert string to float: '{s}'"),
            )
        }),
        other => Err(type_error(format!(
            "float() argument must be a string or a real number, not '{}'",
            type_name(other)
        ))),
    }
}

pub(super) fn float(v: &Value) -> Result<f64, HandlerError> {
    at(float_of(v), "float(")
}

/// `body = json.loads(record["body"])`, then `order = body.get("detail", body)`, then
/// `.get` on the order.
pub(super) fn order_of(record: Record) -> Result<Value, HandlerError> {
    let body = loads_body(record)?;
    let order = match body {
        Value::Object(mut o) => o.remove("detail").unwrap_or(Value::Object(o)),
        other => return Err(no_get(&other).at(".get(\"detail\"")),
    };
    match order {
        Value::Object(_) => Ok(order),
        // Read by the lab's `order_id(order)`, its first `.get`.
        other => Err(no_get(&other).at(".get(\"order_id\"")),
    }
}

/// `record["messageId"]`.
fn message_id_of(record: Record) -> Result<Value, HandlerError> {
    match record {
        Record::Json(Value::Object(o)) => o.get("messageId").cloned().ok_or(key_error("messageId")),
        Record::Json(other) => Err(not_subscriptable(other)),
        _ => Ok(record
            .message_id()
            .map_or(Value::Null, |id| Value::String(id.into()))),
    }
}

pub(super) fn message_id(record: Record) -> Result<Value, HandlerError> {
    at(message_id_of(record), "[\"messageId\"]")
}

/// `a or b`: whether Python counts the value true.
pub(super) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// `order.get(a) or order.get(b) or …`: the first true value, if any.
pub(super) fn first_truthy<'a>(order: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .filter_map(|k| order.get(*k))
        .find(|v| truthy(v))
}

/// `str(x)` (an f-string's `{x}`) of a value `json.loads` made.
pub(super) fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// `repr(x)` of a value `json.loads` made: `{'a': [1, 2.5, None, True]}`.
pub(super) fn repr(v: &Value) -> String {
    let mut out = String::new();
    super::json_dumps::write_python(&mut out, v, super::json_dumps::Style::Repr);
    out
}

/// The labs' `num(x)`: `str(int(x)) if float(x).is_integer() else str(x)`, with the
/// errors `float()` and `int()` raise on text that is no number.
fn num_of(v: &Value) -> Result<String, HandlerError> {
    match v {
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(0.0);
            Ok(if n.is_f64() && f.is_finite() && f.fract() == 0.0 {
                format!("{f:.0}")
            } else {
                repr(v)
            })
        }
        Value::Bool(b) => Ok(u8::from(*b).to_string()),
        Value::String(s) => {
            let f = float_of(v)?;
            if !(f.is_finite() && f.fract() == 0.0) {
                return Ok(s.clone());
            }
            let t = s.trim();
            let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(HandlerError::new(
                    "ValueError",
                    format!("invalid literal for int() with base 10: '{s}'"),
                )
                .at("int(x)"));
            }
            let magnitude = digits.trim_start_matches('0');
            let magnitude = if magnitude.is_empty() { "0" } else { magnitude };
            let negative = t.starts_with('-') && magnitude != "0";
            Ok(format!("{}{magnitude}", if negative { "-" } else { "" }))
        }
        // float() refuses anything else.
        other => float_of(other).map(|_| String::new()),
    }
}

pub(super) fn num(v: &Value) -> Result<String, HandlerError> {
    at(num_of(v), "float(x)")
}

/// `x.get(key)` on a value `json.loads` made: AttributeError unless it is a dict.
pub(super) fn get<'a>(v: &'a Value, key: &str) -> Result<Option<&'a Value>, HandlerError> {
    match v {
        Value::Object(o) => Ok(o.get(key)),
        other => Err(no_get(other).at(format!(".get(\"{key}\""))),
    }
}

/// `x[key]`: KeyError when a dict has no such key, TypeError when it is no dict.
pub(super) fn index<'a>(v: &'a Value, key: &str) -> Result<&'a Value, HandlerError> {
    match v {
        Value::Object(o) => o
            .get(key)
            .ok_or_else(|| key_error(key).at(format!("[\"{key}\"]"))),
        other => Err(not_subscriptable(other).at(format!("[\"{key}\"]"))),
    }
}

/// `json.loads(record["body"])`.
fn loads_body_of(record: Record) -> Result<Value, HandlerError> {
    let text = body_text(record)?;
    serde_json::from_str(text).map_err(|e| json_decode_error(text, &e))
}

pub(super) fn loads_body(record: Record) -> Result<Value, HandlerError> {
    at(loads_body_of(record), "json.loads(")
}

/// `record["body"]` as `json.loads` takes it: TypeError unless it is a str.
pub(super) fn body_text<'a>(record: Record<'a>) -> Result<&'a str, HandlerError> {
    match record {
        Record::Sqs(m) => Ok(m.body.as_str()),
        Record::Stream(_) => Err(key_error("body")),
        Record::Json(v) => match index(v, "body")? {
            Value::String(s) => Ok(s.as_str()),
            other => Err(not_json_text(other)),
        },
    }
}

/// `event.get("body") or ""` as `json.loads` takes it (an API Gateway proxy event's
/// body; AttributeError when the event is no dict).
fn event_body_of(event: &Payload) -> Result<&str, HandlerError> {
    let Payload::Json(v) = event else {
        return Ok(event.body().unwrap_or(""));
    };
    match get(v, "body")? {
        Some(Value::String(s)) => Ok(s.as_str()),
        Some(other) if truthy(other) => Err(not_json_text(other)),
        _ => Ok(""),
    }
}

pub(super) fn event_body(event: &Payload) -> Result<&str, HandlerError> {
    at(event_body_of(event), "json.loads(")
}

fn not_json_text(v: &Value) -> HandlerError {
    type_error(format!(
        "the JSON object must be str, bytes or bytearray, not {}",
        type_name(v)
    ))
}

/// `json.JSONDecodeError` as CPython words it and where it stops, from its scanner's
/// rules (`json_errors`); for what CPython would read but serde_json cannot (NaN,
/// Infinity, 1e400), serde_json's stop in CPython's words.
fn json_decode_error(text: &str, e: &serde_json::Error) -> HandlerError {
    let (reason, chars) = super::json_errors::cpython_json_error(text)
        .unwrap_or_else(|| ("Expecting value", serde_stop(text, e)));
    let before: Vec<char> = text.chars().take(chars).collect();
    let line = before.iter().filter(|c| **c == '\n').count() + 1;
    let column = chars
        - before
            .iter()
            .rposition(|c| *c == '\n')
            .map_or(0, |nl| nl + 1)
        + 1;
    HandlerError::new(
        "JSONDecodeError",
        format!("{reason}: line {line} column {column} (char {chars})"),
    )
}

/// The character index where serde_json stopped.
fn serde_stop(text: &str, e: &serde_json::Error) -> usize {
    let line_start: usize = text
        .split('\n')
        .take(e.line().max(1) - 1)
        .map(|l| l.len() + 1)
        .sum();
    let offset = (line_start + e.column().max(1) - 1).min(text.len());
    text.char_indices().take_while(|(i, _)| *i < offset).count()
}

/// Python's name of a JSON value's type once `json.loads` made it.
pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// The result, its error said to be raised where `fragment` is unless a more precise
/// place was said already.
fn at<T>(r: Result<T, HandlerError>, fragment: &'static str) -> Result<T, HandlerError> {
    r.map_err(|e| if e.at.is_some() { e } else { e.at(fragment) })
}

fn key_error(key: &str) -> HandlerError {
    HandlerError::new("KeyError", format!("'{key}'"))
}

fn type_error(message: String) -> HandlerError {
    HandlerError::new("TypeError", message)
}

fn str_indices() -> HandlerError {
    type_error("string indices must be integers, not 'str'".into())
}

/// `x["key"]` on something that is not a dict.
fn not_subscriptable(v: &Value) -> HandlerError {
    match v {
        Value::String(_) => str_indices(),
        Value::Array(_) => type_error("list indices must be integers or slices, not str".into()),
        other => type_error(format!(
            "'{}' object is not subscriptable",
            type_name(other)
        )),
    }
}

fn no_get(v: &Value) -> HandlerError {
    HandlerError::new(
        "AttributeError",
        format!("'{}' object has no attribute 'get'", type_name(v)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(r: Result<impl std::fmt::Debug, HandlerError>) -> String {
        let e = r.expect_err("an error");
        format!("{}: {}", e.error_type, e.message)
    }

    /// `str()` and `repr()` as CPython 3.11 writes them for what `json.loads` makes.
    #[test]
    fn str_and_repr_read_as_python_writes_them() {
        assert_eq!(
            str_of(&json!({"a": [1, 2.5, null, true, false]})),
            "{'a': [1, 2.5, None, True, False]}"
        );
        assert_eq!(str_of(&json!("it's")), "it's");
        assert_eq!(repr(&json!("it's")), "\"it's\"");
        assert_eq!(
            repr(&json!("a\\b\nç\u{a0}\u{2028}\u{1}😀")),
            "'a\\\\b\\nç\\xa0\\u2028\\x01😀'"
        );
        assert_eq!(str_of(&json!({"k'\"": 1e-7})), "{'k\\'\"': 1e-07}");
        assert_eq!(
            str_of(&json!([1e16, 0.5, -0.0, 12345678901234567890u64])),
            "[1e+16, 0.5, -0.0, 12345678901234567890]"
        );
        assert_eq!(num(&json!(0.00001)).unwrap(), "1e-05");
    }

    /// `json.loads` errors on bodies a learner may send, as CPython 3.11 words them
    /// (3.12, the runtime the export names, words them the same).
    #[test]
    fn json_decode_errors_read_as_cpython_words_them() {
        const CPYTHON: &[(&str, &str)] = &[
            (
                "{",
                "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            ),
            (
                "{\"a\":1,}",
                "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)",
            ),
            (
                "\"abc",
                "Unterminated string starting at: line 1 column 1 (char 0)",
            ),
            ("01", "Extra data: line 1 column 2 (char 1)"),
            ("  ", "Expecting value: line 1 column 3 (char 2)"),
            ("\"\\x\"", "Invalid \\escape: line 1 column 2 (char 1)"),
            (
                "{\"pedidoId\": \"p1\"",
                "Expecting ',' delimiter: line 1 column 18 (char 17)",
            ),
            (
                "{\"pedidoId\": \"p1\",}",
                "Expecting property name enclosed in double quotes: line 1 column 19 (char 18)",
            ),
            (
                "{'pedidoId': 'p1'}",
                "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            ),
            ("{\"a\": 1}}", "Extra data: line 1 column 9 (char 8)"),
            ("[1, 2", "Expecting ',' delimiter: line 1 column 6 (char 5)"),
            (
                "{\"a\" 1}",
                "Expecting ':' delimiter: line 1 column 6 (char 5)",
            ),
            ("nul", "Expecting value: line 1 column 1 (char 0)"),
            ("tru", "Expecting value: line 1 column 1 (char 0)"),
            ("{\"a\": tru}", "Expecting value: line 1 column 7 (char 6)"),
            (
                "{\"a\": 1 \"b\": 2}",
                "Expecting ',' delimiter: line 1 column 9 (char 8)",
            ),
            (
                "\u{feff}{}",
                "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)",
            ),
            (
                "{\"a\": \"x\ny\"}",
                "Invalid control character at: line 1 column 9 (char 8)",
            ),
            ("", "Expecting value: line 1 column 1 (char 0)"),
            ("{\"a\":-}", "Expecting value: line 1 column 6 (char 5)"),
            ("1.", "Extra data: line 1 column 2 (char 1)"),
            (".5", "Expecting value: line 1 column 1 (char 0)"),
            ("+1", "Expecting value: line 1 column 1 (char 0)"),
            (
                "{\"a\": 01}",
                "Expecting ',' delimiter: line 1 column 8 (char 7)",
            ),
            ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
        ];
        let mut wrong = Vec::new();
        for (body, expected) in CPYTHON {
            let record = json!({ "body": body });
            let got = err(loads_body(Record::Json(&record)));
            if got != format!("JSONDecodeError: {expected}") {
                wrong.push(format!("{body:?}: {got}  (CPython: {expected})"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// CPython's own words for each shape (checked against python3 3.11, whose messages
    /// 3.12 keeps).
    #[test]
    fn events_python_cannot_read_fail_with_pythons_errors() {
        let ev = |v: Value| Payload::Json(v);
        assert_eq!(err(records(&ev(json!({})))), "KeyError: 'Records'");
        assert_eq!(
            err(records(&ev(json!({"Records": 5})))),
            "TypeError: 'int' object is not iterable"
        );
        assert_eq!(
            err(records(&ev(json!({"Records": null})))),
            "TypeError: 'NoneType' object is not iterable"
        );
        // Iterating a str gives its characters, a dict its keys: each record is a str,
        // and reading it fails as a str does.
        let chars = records(&ev(json!({"Records": "ab"})))
            .expect("a str is iterable")
            .into_iter()
            .map(|r| err(loads_body(r)))
            .collect::<Vec<_>>();
        assert_eq!(
            chars,
            ["TypeError: string indices must be integers, not 'str'"; 2]
        );
        let dict = ev(json!({"Records": {"a": 1}}));
        let keys = records(&dict).expect("a dict is iterable");
        assert_eq!(
            err(inserted_image(keys[0])),
            "AttributeError: 'str' object has no attribute 'get'"
        );
        assert_eq!(
            err(records(&ev(json!([1])))),
            "TypeError: list indices must be integers or slices, not str"
        );
        assert_eq!(
            err(records(&ev(json!(7)))),
            "TypeError: 'int' object is not subscriptable"
        );
        assert!(records(&ev(json!({"Records": []}))).unwrap().is_empty());

        let order = |r: Value| order_of(Record::Json(&r));
        assert_eq!(err(order(json!({}))), "KeyError: 'body'");
        assert_eq!(
            err(order(json!({"body": 5}))),
            "TypeError: the JSON object must be str, bytes or bytearray, not int"
        );
        assert_eq!(
            err(order(json!({"body": "<b>x</b>"}))),
            "JSONDecodeError: Expecting value: line 1 column 1 (char 0)"
        );
        assert_eq!(
            err(order(json!({"body": ""}))),
            "JSONDecodeError: Expecting value: line 1 column 1 (char 0)"
        );
        assert_eq!(
            err(order(json!({"body": "not json"}))),
            "JSONDecodeError: Expecting value: line 1 column 1 (char 0)"
        );
        assert_eq!(
            err(order(json!({"body": "[1, nope]"}))),
            "JSONDecodeError: Expecting value: line 1 column 5 (char 4)"
        );
        assert_eq!(
            err(order(json!({"body": "{\"a\": 1} x"}))),
            "JSONDecodeError: Extra data: line 1 column 10 (char 9)"
        );
        assert_eq!(
            err(order(json!({"body": "[1, 2]"}))),
            "AttributeError: 'list' object has no attribute 'get'"
        );
        assert_eq!(
            err(order(json!({"body": "{\"detail\": \"x\"}"}))),
            "AttributeError: 'str' object has no attribute 'get'"
        );
        assert_eq!(
            order(json!({"body": "{\"detail\": {\"order_id\": \"o\"}}"})).unwrap(),
            json!({"order_id": "o"})
        );
        assert_eq!(
            order(json!({"body": "{\"order_id\": \"o\"}"})).unwrap(),
            json!({"order_id": "o"})
        );
        assert_eq!(
            err(message_id(Record::Json(&json!({"body": "{}"})))),
            "KeyError: 'messageId'"
        );
    }

    #[test]
    fn num_and_or_read_values_as_python_does() {
        let ok = |v: Value| num(&v).unwrap();
        assert_eq!(ok(json!(12)), "12");
        assert_eq!(ok(json!(12.0)), "12");
        assert_eq!(ok(json!(12.5)), "12.5");
        assert_eq!(ok(json!("12")), "12");
        assert_eq!(ok(json!(" 007 ")), "7");
        assert_eq!(ok(json!("12.5")), "12.5");
        assert_eq!(ok(json!(true)), "1");
        assert_eq!(
            err(num(&json!("abc"))),
            "ValueError: could not convert string to float: 'abc'"
        );
        assert_eq!(
            err(num(&json!("12.0"))),
            "ValueError: invalid literal for int() with base 10: '12.0'"
        );
        assert_eq!(
            err(num(&json!([1]))),
            "TypeError: float() argument must be a string or a real number, not 'list'"
        );
        let order = json!({"order_id": "", "orderId": "o-2", "n": 0});
        assert_eq!(
            first_truthy(&order, &["order_id", "orderId"]),
            Some(&json!("o-2"))
        );
        assert_eq!(first_truthy(&order, &["n"]), None);
        assert_eq!(str_of(&json!(5)), "5");
        assert_eq!(str_of(&json!(true)), "True");
    }

    /// Any body, multi-byte text included: an error or an order, never a panic.
    #[test]
    fn any_body_is_read_without_a_panic() {
        let pieces = [
            "{", "}", "\"", "€", "日本", "\n", ":", ",", "1", "detail", "\\", "[", " ", "x",
        ];
        let mut rng = crate::rng::Rng::new(3);
        for _ in 0..20_000 {
            let n = 1 + rng.below(8) as usize;
            let body: String = (0..n)
                .map(|_| pieces[rng.below(pieces.len() as u64) as usize])
                .collect();
            let _ = order_of(Record::Json(&json!({ "body": body })));
        }
    }
}
