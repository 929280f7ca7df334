//! A template value written as block-style YAML: `!Ref`, `!GetAtt` and `!Sub` in
//! their short forms, multi-line text (Lambda code) as literal blocks, and any
//! string YAML could read as something else double-quoted.

use serde_json::Value;

use super::super::intrinsics::intrinsic;

pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => map(&mut out, m, 0),
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn map(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize) {
    members(out, m, indent, false);
}

/// `key: value` lines at `indent`; in a list item the first goes on the dash's line.
fn members(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize, after_dash: bool) {
    for (i, (k, v)) in m.iter().enumerate() {
        if i == 0 && after_dash {
            out.push(' ');
        } else {
            pad(out, indent);
        }
        out.push_str(&key(k));
        out.push(':');
        value_after_key(out, v, indent);
    }
}

fn list(out: &mut String, items: &[Value], indent: usize) {
    for v in items {
        pad(out, indent);
        out.push('-');
        match v {
            Value::Object(m) if !m.is_empty() && short(v).is_none() => {
                members(out, m, indent + 2, true)
            }
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                list(out, a, indent + 2);
            }
            other => {
                out.push(' ');
                scalar_or_block(out, other, indent + 2);
            }
        }
    }
}

/// What follows `key:` — a nested block on the next lines, or a value on this one.
fn value_after_key(out: &mut String, v: &Value, indent: usize) {
    if short(v).is_some() {
        out.push(' ');
        out.push_str(&inline(v));
        out.push('\n');
        return;
    }
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            map(out, m, indent + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            list(out, a, indent + 2);
        }
        other => {
            out.push(' ');
            scalar_or_block(out, other, indent + 2);
        }
    }
}

fn scalar_or_block(out: &mut String, v: &Value, indent: usize) {
    if let Value::String(s) = v {
        if block_ok(s) {
            out.push_str(if s.ends_with('\n') { "|\n" } else { "|-\n" });
            for line in s.trim_end_matches('\n').split('\n') {
                if !line.is_empty() {
                    pad(out, indent);
                    out.push_str(line);
                }
                out.push('\n');
            }
            return;
        }
    }
    out.push_str(&inline(v));
    out.push('\n');
}

/// Text that a literal block keeps exactly: several lines, the first not indented,
/// no tabs or carriage returns, no trailing spaces, at most one final newline.
fn block_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.contains(['\r', '\t'])
        && !s.ends_with("\n\n")
        && s.split('\n').all(|l| !l.ends_with(' '))
}

/// The short form of an intrinsic, when it has a simple one.
fn short(v: &Value) -> Option<String> {
    let (f, arg) = intrinsic(v)?;
    match (f, arg) {
        ("Ref", Value::String(s)) => Some(format!("!Ref {}", plain_or_quoted(s))),
        ("Fn::GetAtt", Value::Array(a)) if a.len() == 2 => {
            let parts: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
            (parts.len() == 2).then(|| format!("!GetAtt {}.{}", parts[0], parts[1]))
        }
        ("Fn::Sub", Value::String(s)) => Some(format!("!Sub {}", plain_or_quoted(s))),
        _ => None,
    }
}

/// A value on one line (flow style for the rare nested value that needs it).
fn inline(v: &Value) -> String {
    if let Some(s) = short(v) {
        return s;
    }
    match v {
        Value::String(s) => plain_or_quoted(s),
        Value::Array(a) => format!("[{}]", a.iter().map(inline).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, x)| format!("{}: {}", key(k), inline(x)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

fn key(k: &str) -> String {
    plain_or_quoted(k)
}

/// Plain when no YAML 1.1 or 1.2 reader could take it for anything but this text.
fn plain_or_quoted(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        Value::String(s.to_string()).to_string()
    }
}

const WORDS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || " _.-/:@()+=,*$<>".contains(c);
    (first.is_ascii_alphabetic() || first == '/')
        && s.chars().all(allowed)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([':', ' '])
        && !WORDS.contains(&s.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_back_as_written() {
        let v = json!({
            "A": {"Ref": "Q"}, "B": {"Fn::GetAtt": ["Q", "Arn"]}, "C": {"Fn::Sub": "${AWS::Region}-x"},
            "D": ["yes", "007", "1.5", "", "a: b", "#x", "multi\nline\n", " lead\nx"],
            "E": {"nested": [{"k": 1, "l": [1, 2]}, [3], {}, []]}, "F": true, "G": null,
            "H": "def handler(event, context):\n    return {\"statusCode\": 200}\n",
            "I": {"Fn::Join": ["", ["a", {"Ref": "B"}]]}, "it's": "ção"
        });
        let text = to_yaml(&v);
        let back =
            crate::cloudformation::parse::document(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, v, "{text}");
    }
}
