//! Python's `json.dumps` with its defaults, as the labs' handlers write JSON: `", "`
//! between items, `": "` after a key, every character beyond ASCII as a `\uXXXX`
//! escape (`ensure_ascii`), floats as `repr` writes them (`1e+16`, `1e-05`, `12.0`).
//! A learner reading a message body, a response or a log line sees the bytes the
//! deployed Python would have written (https://docs.python.org/3/library/json.html#json.dump).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};
use serde_json::Value;

use crate::dynamodb::{AttributeValue, Item};

/// `json.dumps(value)`.
pub fn dumps(value: &Value) -> String {
    let mut out = Vec::with_capacity(64);
    write(&mut out, value);
    into_string(out)
}

/// `json.dumps(text)`: the quoted, escaped string.
pub fn dumps_str(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    write(&mut out, text);
    into_string(out)
}

/// `json.dumps({k: plain.deserialize(v) for k, v in image.items()}, default=number)`
/// for an item, written straight from it: numbers as JSON numbers.
pub fn dumps_item(item: &Item) -> String {
    let mut out = Vec::with_capacity(64 * item.len() + 2);
    out.push(b'{');
    for (i, (k, v)) in item.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        write(&mut out, &**k);
        out.extend_from_slice(b": ");
        match v {
            AttributeValue::S(s) => write(&mut out, s.as_str()),
            other => write(&mut out, &other.to_plain()),
        }
    }
    out.push(b'}');
    // The text is kept (a message body): hold no spare capacity.
    out.shrink_to_fit();
    into_string(out)
}

fn write(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    // Writing a str or a Value into a Vec cannot fail.
    let _ = value.serialize(&mut Serializer::with_formatter(out, Python));
}

fn into_string(out: Vec<u8>) -> String {
    String::from_utf8(out).expect("json.dumps writes ASCII")
}

/// serde_json's writer with Python's separators, escapes and float repr.
struct Python;

impl Formatter for Python {
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.begin_array_value(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        w.write_all(float_repr(value).as_bytes())
    }

    fn write_f32<W: ?Sized + Write>(&mut self, w: &mut W, value: f32) -> io::Result<()> {
        self.write_f64(w, f64::from(value))
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // ensure_ascii escapes DEL as well as everything beyond ASCII.
        if fragment.bytes().all(|b| b < 0x7f) {
            return w.write_all(fragment.as_bytes());
        }
        for c in fragment.chars() {
            if c < '\x7f' {
                w.write_all(&[c as u8])?;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(w, "\\u{unit:04x}")?;
                }
            }
        }
        Ok(())
    }
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
