//! Python's `json.dumps` with its defaults, as the labs' handlers write JSON: `", "`
//! between items, `": "` after a key, every character beyond ASCII as a `\uXXXX`
//! escape (`ensure_ascii`), floats as `repr` writes them (`1e+16`, `1e-05`, `12.0`);
//! and `repr()` of the same values, which walks them the same way.
//! A learner reading a message body, a response or a log line sees the bytes the
//! deployed Python would have written (https://docs.python.org/3/library/json.html#json.dump).

use std::fmt::Write;

use serde_json::Value;

use crate::dynamodb::{AttributeValue, Item};

/// `json.dumps(value)`.
pub fn dumps(value: &Value) -> String {
    let mut out = String::with_capacity(64);
    write_value(&mut out, value);
    out
}

/// `json.dumps(text)`: the quoted, escaped string.
pub fn dumps_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    write_str(&mut out, text);
    out
}

/// `dumps_str`, appended to `out`.
pub fn push_dumps_str(out: &mut String, text: &str) {
    write_str(out, text);
}

/// `json.dumps({k: plain.deserialize(v) for k, v in image.items()}, default=number)`
/// for an item, written straight from it: numbers as JSON numbers.
pub fn dumps_item(item: &Item) -> String {
    let mut out = String::with_capacity(64 * item.len() + 2);
    out.push('{');
    for (i, (k, v)) in item.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_str(&mut out, k);
        out.push_str(": ");
        match v {
            AttributeValue::S(s) => write_str(&mut out, s),
            other => write_value(&mut out, &other.to_plain()),
        }
    }
    out.push('}');
    // The text is kept (a message body): hold no spare capacity.
    out.shrink_to_fit();
    out
}

/// How Python writes a value `json.loads` made: `json.dumps` (JSON) or `repr()` /
/// `str()` of a container (`{'a': [1, None, True]}`). Same walk, other scalars.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Style {
    Json,
    Repr,
}

// Written by hand rather than through serde_json's Serializer with a custom Formatter:
// the same output for a tenth of the code in the page.
fn write_value(out: &mut String, v: &Value) {
    write_python(out, v, Style::Json);
}

pub(crate) fn write_python(out: &mut String, v: &Value, style: Style) {
    let json = style == Style::Json;
    let text = |out: &mut String, s: &str| {
        if json {
            write_str(out, s)
        } else {
            write_str_repr(out, s)
        }
    };
    match v {
        Value::Null => out.push_str(if json { "null" } else { "None" }),
        Value::Bool(b) => out.push_str(match (json, b) {
            (true, true) => "true",
            (true, false) => "false",
            (false, true) => "True",
            (false, false) => "False",
        }),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => out.push_str(&float_repr(f)),
            // Writing into a String cannot fail.
            _ => drop(write!(out, "{n}")),
        },
        Value::String(s) => text(out, s),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_python(out, x, style);
            }
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, x)) in o.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                text(out, k);
                out.push_str(": ");
                write_python(out, x, style);
            }
            out.push('}');
        }
    }
}

/// A JSON string as Python escapes it: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and
/// `\uXXXX` (UTF-16, lowercase) for other control characters, DEL and all beyond ASCII.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut rest = s;
    loop {
        // Printable ASCII but the quote and the backslash is copied in runs, not a
        // char at a time.
        // The run ends at an ASCII byte or at a character's first byte, so the
        // slices below fall on character boundaries.
        let plain = rest
            .bytes()
            .position(|b| !(b' '..=b'~').contains(&b) || b == b'"' || b == b'\\')
            .unwrap_or(rest.len());
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        push_escaped(out, c);
    }
    out.push('"');
}

/// One character as `json.dumps` writes it in a string (ensure_ascii): the escapes,
/// printable ASCII as is, anything else as `\uXXXX` UTF-16 units.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        ' '..='~' => out.push(c),
        _ => {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
}

/// A str's repr: single quotes unless it holds one and no double quote; backslash
/// escapes for the quote, `\\`, `\n`, `\r`, `\t` and what Python does not print.
fn write_str_repr(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                let n = u32::from(c);
                let escaped = if n <= 0xff {
                    format!("\\x{n:02x}")
                } else if n <= 0xffff {
                    format!("\\u{n:04x}")
                } else {
                    format!("\\U{n:08x}")
                };
                out.push_str(&escaped);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

/// `repr(x)` of a float: the shortest digits that read back the same, in fixed
/// notation while the decimal point falls within 16 digits of them (`12.0`,
/// `0.0001`), else with an exponent of at least two digits (`1e+16`, `1.5e-07`).
pub fn float_repr(x: f64) -> String {
    if !x.is_finite() {
        // json.dumps' allow_nan spellings.
        return if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .into();
    }
    // Rust's `{:e}` gives the same shortest digits: `d.ddde±x`.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let point = exponent.parse::<i32>().unwrap_or(0) + 1;
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let n = digits.len() as i32;
    if -4 < point && point <= 16 {
        if point <= 0 {
            format!("{sign}0.{}{digits}", "0".repeat((-point) as usize))
        } else if point >= n {
            format!("{sign}{digits}{}.0", "0".repeat((point - n) as usize))
        } else {
            let (whole, fraction) = digits.split_at(point as usize);
            format!("{sign}{whole}.{fraction}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let e = point - 1;
        let e_sign = if e < 0 { '-' } else { '+' };
        format!("{sign}{first}{rest}e{e_sign}{:02}", e.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `write_str` as it was first written: one char at a time.
    fn write_str_by_char(out: &mut String, s: &str) {
        out.push('"');
        for c in s.chars() {
            push_escaped(out, c);
        }
        out.push('"');
    }

    #[test]
    fn strings_copied_in_runs_read_as_char_by_char() {
        let pieces = [
            "a", "ord-1", " ", "\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{1}", "\u{7f}",
            "~", "ç", "€", "😀", "名前", "",
        ];
        let mut r = crate::kernel::rng::Rng::new(3);
        for _ in 0..5_000 {
            let n = r.below(8) as usize;
            let text: String = (0..n)
                .map(|_| pieces[r.below(pieces.len() as u64) as usize])
                .collect();
            let (mut runs, mut chars) = (String::new(), String::new());
            write_str(&mut runs, &text);
            write_str_by_char(&mut chars, &text);
            assert_eq!(runs, chars, "{text:?}");
        }
    }

    /// Each checked against CPython's json.dumps (3.11; 3.12 writes the same).
    #[test]
    fn writes_what_json_dumps_writes() {
        assert_eq!(
            dumps(&json!({"a": [1, 2.5, {"b": null}], "c": true, "d": {}, "e": []})),
            r#"{"a": [1, 2.5, {"b": null}], "c": true, "d": {}, "e": []}"#
        );
        assert_eq!(
            dumps(
                &json!({"mensagem": "Corpo da requisição", "emoji": "😀", "ctl": "\t\u{1}\"\\/\u{7f}"})
            ),
            r#"{"mensagem": "Corpo da requisi\u00e7\u00e3o", "emoji": "\ud83d\ude00", "ctl": "\t\u0001\"\\/\u007f"}"#
        );
        assert_eq!(dumps_str("ação"), r#""a\u00e7\u00e3o""#);
    }

    /// Whatever it writes is ASCII and reads back as the same value.
    #[test]
    fn random_documents_read_back_the_same() {
        let mut r = crate::kernel::rng::Rng::new(5);
        let keys = ["a", "ação", "\"q\"", "\u{7f}\u{1}", "😀"];
        let scalars = [
            "1",
            "-2.5",
            "1e300",
            "0.0001",
            "null",
            "true",
            "\"\\n\\t\\b\\f\\u0000\"",
            "\"é😀\u{7f}\"",
        ];
        for _ in 0..5_000 {
            let text = crate::testing::random_json_text(&mut r, 4, &keys, &scalars);
            let Ok(v) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let out = dumps(&v);
            assert!(out.is_ascii(), "{out}");
            assert_eq!(serde_json::from_str::<Value>(&out).ok(), Some(v), "{out}");
        }
    }

    #[test]
    fn floats_read_as_repr_writes_them() {
        let cases = [
            (12.0, "12.0"),
            (0.5, "0.5"),
            (-0.0, "-0.0"),
            (123.456, "123.456"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (1e23, "1e+23"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-2.5e-300, "-2.5e-300"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::MAX, "1.7976931348623157e+308"),
        ];
        for (x, repr) in cases {
            assert_eq!(float_repr(x), repr, "{x:e}");
        }
    }
}
