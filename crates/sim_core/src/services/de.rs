//! Reading configuration and actions out of parsed JSON, by hand.
//!
//! serde's derived `Deserialize` is generated anew for every struct and every
//! deserializer it meets (and internally tagged enums go through a buffering
//! layer on top), which made up most of the WebAssembly build. These few shared
//! helpers read a [`Value`] instead, and say exactly what serde's derived code
//! says: `unknown field`, `missing field`, `invalid type: …, expected …` (the
//! scenario loader then speaks of properties), checked in the same order — the
//! members of an object in their order, then the missing fields in declaration
//! order. One difference: serde also took a struct written as an array of its
//! fields in declaration order; these read objects only.

use std::collections::BTreeMap;

use serde::de::{Error as _, Unexpected};
use serde_json::{Error, Value};

pub type Res<T> = Result<T, Error>;

/// Types read from JSON by hand, with serde's error messages.
pub trait FromJson: Sized {
    fn from_json(v: &Value) -> Res<Self>;
}

/// What serde says it found instead (`string "x"`, `integer `5``, `map`, …).
pub fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Unexpected::Unsigned(u)
            } else if let Some(i) = n.as_i64() {
                Unexpected::Signed(i)
            } else {
                Unexpected::Float(n.as_f64().unwrap_or(0.0))
            }
        }
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// `invalid type: <what v is>, expected <expected>`.
pub fn invalid(v: &Value, expected: &str) -> Error {
    Error::invalid_type(unexpected(v), &expected)
}

pub fn missing(field: &'static str) -> Error {
    Error::missing_field(field)
}

/// A required field: `missing field` when the object did not have it.
pub fn req<T>(x: Option<T>, field: &'static str) -> Res<T> {
    x.ok_or_else(|| missing(field))
}

/// Walks an object's members in order, as serde's derived `visit_map` does: each
/// known member is handed to `f` with its index in `names`; an unknown one is an
/// error when `deny` (`#[serde(deny_unknown_fields)]`) and skipped otherwise.
/// `skip` is an internally tagged enum's tag, already read.
pub fn members(
    v: &Value,
    expecting: &str,
    names: &'static [&'static str],
    deny: bool,
    skip: &str,
    f: &mut dyn FnMut(usize, &Value) -> Res<()>,
) -> Res<()> {
    let Value::Object(m) = v else {
        return Err(invalid(v, expecting));
    };
    for (k, x) in m {
        if k == skip {
            continue;
        }
        match names.iter().position(|n| n == k) {
            // The error names the property it is about (serde's does not).
            Some(i) => f(i, x).map_err(|e| Error::custom(format!("{k}: {e}")))?,
            None if deny => return Err(Error::unknown_field(k, names)),
            None => {}
        }
    }
    Ok(())
}

/// An internally tagged enum's variant (`{"Type": "notify", …}`): the index of the
/// tag's value in `variants`.
pub fn tag(
    v: &Value,
    expecting: &str,
    tag: &'static str,
    variants: &'static [&'static str],
) -> Res<usize> {
    let Value::Object(m) = v else {
        return Err(invalid(v, expecting));
    };
    let t = m.get(tag).ok_or_else(|| missing(tag))?;
    let Value::String(s) = t else {
        return Err(invalid(t, "variant identifier"));
    };
    variants
        .iter()
        .position(|n| n == s)
        .ok_or_else(|| Error::unknown_variant(s, variants))
}

/// A field-less enum written as its variant's name (serde's externally tagged form,
/// which also takes `{"NAME": null}`).
pub fn unit_variant(v: &Value, variants: &'static [&'static str]) -> Res<usize> {
    let (name, content) = match v {
        Value::String(s) => (s, None),
        Value::Object(m) if m.len() == 1 => {
            let (k, c) = m.iter().next().expect("one member");
            (k, Some(c))
        }
        Value::Object(_) => {
            return Err(Error::invalid_value(
                Unexpected::Map,
                &"map with a single key",
            ))
        }
        _ => return Err(invalid(v, "string or map")),
    };
    let i = variants
        .iter()
        .position(|n| n == name)
        .ok_or_else(|| Error::unknown_variant(name, variants))?;
    match content {
        Some(c) if !c.is_null() => Err(invalid(c, "unit")),
        _ => Ok(i),
    }
}

pub fn string(v: &Value) -> Res<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(invalid(v, "a string")),
    }
}

pub fn boolean(v: &Value) -> Res<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(invalid(v, "a boolean")),
    }
}

/// An integer in `min..=max`, with serde's messages for `name` (u64, u32, i64).
fn integer(v: &Value, name: &str, min: i128, max: i128) -> Res<i128> {
    let x = match unexpected(v) {
        Unexpected::Unsigned(u) => u as i128,
        Unexpected::Signed(i) => i as i128,
        u => return Err(Error::invalid_type(u, &name)),
    };
    if (min..=max).contains(&x) {
        Ok(x)
    } else {
        Err(Error::invalid_value(unexpected(v), &name))
    }
}

pub fn u64(v: &Value) -> Res<u64> {
    integer(v, "u64", 0, u64::MAX as i128).map(|x| x as u64)
}

pub fn u32(v: &Value) -> Res<u32> {
    integer(v, "u32", 0, u32::MAX as i128).map(|x| x as u32)
}

pub fn i64(v: &Value) -> Res<i64> {
    integer(v, "i64", i64::MIN as i128, i64::MAX as i128).map(|x| x as i64)
}

pub fn f64(v: &Value) -> Res<f64> {
    match v {
        Value::Number(n) => Ok(n.as_f64().unwrap_or(0.0)),
        _ => Err(invalid(v, "f64")),
    }
}

pub fn value(v: &Value) -> Res<Value> {
    Ok(v.clone())
}

/// `Option<T>`: null is None.
pub fn opt<T>(v: &Value, f: fn(&Value) -> Res<T>) -> Res<Option<T>> {
    match v {
        Value::Null => Ok(None),
        _ => f(v).map(Some),
    }
}

// vec and map push in plain loops: `collect::<Result<…>>` instantiates an adapter
// per element type, and into a BTreeMap a sort and a bulk build as well.

pub fn vec<T>(v: &Value, f: fn(&Value) -> Res<T>) -> Res<Vec<T>> {
    let Value::Array(a) = v else {
        return Err(invalid(v, "a sequence"));
    };
    let mut out = Vec::with_capacity(a.len());
    for x in a {
        out.push(f(x)?);
    }
    Ok(out)
}

pub fn map<T>(v: &Value, f: fn(&Value) -> Res<T>) -> Res<BTreeMap<String, T>> {
    let Value::Object(m) = v else {
        return Err(invalid(v, "a map"));
    };
    let mut out = BTreeMap::new();
    for (k, x) in m {
        out.insert(k.clone(), f(x)?);
    }
    Ok(out)
}

pub fn strings(v: &Value) -> Res<Vec<String>> {
    vec(v, string)
}

pub fn opt_string(v: &Value) -> Res<Option<String>> {
    opt(v, string)
}

pub fn parse<T: FromJson>(v: &Value) -> Res<T> {
    T::from_json(v)
}

/// Reads an object's members into `Option` locals named after the fields, with
/// [`members`]: `read!(v, "struct X", deny, skip, "Name" name de::string, …)`.
macro_rules! read {
    ($v:expr, $expecting:expr, $deny:expr, $skip:expr, $($name:literal $var:ident $f:expr),+ $(,)?) => {
        $(let mut $var = None;)+
        $crate::services::de::members($v, $expecting, &[$($name),+], $deny, $skip, &mut |i, x| {
            let mut k = 0usize;
            $(
                if i == k {
                    $var = Some($f(x)?);
                }
                k += 1;
            )+
            let _ = k;
            Ok(())
        })?;
    };
}
pub(crate) use read;
