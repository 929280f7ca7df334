//! Template text → one JSON value. JSON goes through serde_json; YAML through
//! yaml-rust2's event parser, building the value ourselves so that CloudFormation's
//! short tags become their long forms (`!Ref X` → `{"Ref": "X"}`, `!GetAtt A.B` →
//! `{"Fn::GetAtt": ["A", "B"]}`, `!Sub …` → `{"Fn::Sub": …}`).
//!
//! Hostile input is bounded: the text's size, the nesting depth, the number of
//! nodes; YAML aliases are refused (CloudFormation does not take them, and they are
//! how a "billion laughs" document grows).

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// CloudFormation's limit for a template uploaded to S3 (a TemplateBody is 51,200).
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>
pub const MAX_TEMPLATE_BYTES: usize = 1_000_000;
/// Deeper than any template a lab needs; keeps every later recursive walk bounded.
pub const MAX_DEPTH: usize = 64;
/// Nodes (scalars, lists, maps) in one document.
pub const MAX_NODES: usize = 200_000;

/// Parses a template's text (JSON when it starts with `{`, YAML otherwise).
pub fn document(text: &str) -> Result<Value, String> {
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(format!(
            "Template format error: the template is {} bytes; a template may not exceed {MAX_TEMPLATE_BYTES} bytes",
            text.len()
        ));
    }
    if text.trim().is_empty() {
        return Err("Template format error: the template is empty".into());
    }
    let doc = if text.trim_start().starts_with('{') {
        json(text)?
    } else {
        yaml(text)?
    };
    if !doc.is_object() {
        return Err("Template format error: a template must be a YAML or JSON object (a mapping of sections such as Resources)".into());
    }
    Ok(doc)
}

fn json(text: &str) -> Result<Value, String> {
    // serde_json stops at 128 levels of nesting with an error, never a stack overflow.
    let v: Value = serde_json::from_str(text).map_err(|e| {
        let (reason, column) = crate::error::json_error_parts(&e);
        format!(
            "Template format error: JSON not well-formed. (line {}, column {column}: {reason})",
            e.line()
        )
    })?;
    if depth(&v) > MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(v)
}

fn too_deep() -> String {
    format!("Template format error: the template nests deeper than {MAX_DEPTH} levels")
}

fn depth(v: &Value) -> usize {
    // Iterative: the value may be as deep as serde_json allows.
    let mut max = 0;
    let mut stack = vec![(v, 1usize)];
    while let Some((x, d)) = stack.pop() {
        max = max.max(d);
        match x {
            Value::Array(a) => stack.extend(a.iter().map(|y| (y, d + 1))),
            Value::Object(m) => stack.extend(m.values().map(|y| (y, d + 1))),
            _ => {}
        }
    }
    max
}

/// A container being built: a list, or a map with the key waiting for its value.
enum Open {
    List(Vec<Value>, Option<Tag>),
    Map(Map<String, Value>, Option<String>, Option<Tag>),
}

struct Builder {
    stack: Vec<Open>,
    done: Option<Value>,
    nodes: usize,
    documents: usize,
}

fn yaml(text: &str) -> Result<Value, String> {
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        stack: Vec::new(),
        done: None,
        nodes: 0,
        documents: 0,
    };
    loop {
        let (event, mark) = parser.next_token().map_err(|e| {
            format!(
                "Template format error: YAML not well-formed. (line {}, column {}: {})",
                e.marker().line(),
                e.marker().col() + 1,
                e.info()
            )
        })?;
        if matches!(event, Event::StreamEnd) {
            break;
        }
        b.on(event, mark)?;
    }
    b.done
        .ok_or_else(|| "Template format error: the template is empty".to_string())
}

fn at(mark: Marker) -> String {
    format!("(line {}, column {})", mark.line(), mark.col() + 1)
}

impl Builder {
    fn on(&mut self, event: Event, mark: Marker) -> Result<(), String> {
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(format!("Template format error: a template is one YAML document; found a second one {}", at(mark)));
                }
            }
            Event::Alias(_) => {
                return Err(format!(
                    "Template format error: YAML aliases (*name) are not supported in templates {}",
                    at(mark)
                ));
            }
            Event::Scalar(text, style, _, tag) => {
                let v =
                    scalar(text, style, tag.as_ref()).map_err(|e| format!("{e} {}", at(mark)))?;
                self.push(v, mark)?;
            }
            Event::SequenceStart(_, tag) => self.open(Open::List(Vec::new(), tag), mark)?,
            Event::MappingStart(_, tag) => self.open(Open::Map(Map::new(), None, tag), mark)?,
            Event::SequenceEnd | Event::MappingEnd => self.close(mark)?,
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, o: Open, mark: Marker) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!("{} {}", too_deep(), at(mark)));
        }
        self.count(mark)?;
        self.stack.push(o);
        Ok(())
    }

    fn count(&mut self, mark: Marker) -> Result<(), String> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(format!(
                "Template format error: the template has more than {MAX_NODES} values {}",
                at(mark)
            ));
        }
        Ok(())
    }

    fn close(&mut self, mark: Marker) -> Result<(), String> {
        let v = match self.stack.pop() {
            Some(Open::List(items, tag)) => tagged(Value::Array(items), tag.as_ref())?,
            Some(Open::Map(m, _, tag)) => tagged(Value::Object(m), tag.as_ref())?,
            None => return Ok(()),
        };
        self.nodes -= 1; // counted when opened
        self.push(v, mark)
    }

    /// Puts a finished value into its parent (as a key, a value or an item).
    fn push(&mut self, v: Value, mark: Marker) -> Result<(), String> {
        self.count(mark)?;
        match self.stack.last_mut() {
            None => self.done = Some(v),
            Some(Open::List(items, _)) => items.push(v),
            Some(Open::Map(m, key, _)) => match key.take() {
                None => match v {
                    Value::String(k) => {
                        if m.contains_key(&k) {
                            return Err(format!("Template format error: duplicate key \"{k}\" {}", at(mark)));
                        }
                        *key = Some(k)
                    }
                    Value::Number(n) => *key = Some(n.to_string()),
                    Value::Bool(b) => *key = Some(b.to_string()),
                    _ => return Err(format!("Template format error: a mapping key must be a plain value, not a list, a mapping or a function {}", at(mark))),
                },
                Some(k) => {
                    m.insert(k, v);
                }
            },
        }
        Ok(())
    }
}

/// A scalar's value: quoted text stays text; plain text may be null, a boolean or
/// a number (YAML 1.1's core forms, as CloudFormation reads them).
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let plain = style == TScalarStyle::Plain;
    let v = match tag {
        Some(t) if t.handle == "!!" || t.handle == "tag:yaml.org,2002:" => {
            core_tag(&t.suffix, text)?
        }
        _ if !plain => Value::String(text),
        _ => plain_scalar(text),
    };
    match tag {
        Some(t) if t.handle == "!" => tagged(v, Some(t)),
        _ => Ok(v),
    }
}

fn core_tag(suffix: &str, text: String) -> Result<Value, String> {
    Ok(match suffix {
        "str" => Value::String(text),
        "int" | "float" => number(&text)
            .ok_or_else(|| format!("Template format error: \"{text}\" is not a number"))?,
        "bool" => Value::Bool(matches!(text.as_str(), "true" | "True" | "TRUE")),
        "null" => Value::Null,
        other => {
            return Err(format!(
                "Template format error: the YAML tag !!{other} is not supported"
            ))
        }
    })
}

fn plain_scalar(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => number(&text).unwrap_or(Value::String(text)),
    }
}

fn number(text: &str) -> Option<Value> {
    let looks_numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        && text.bytes().any(|b| b.is_ascii_digit());
    if !looks_numeric {
        return None;
    }
    // Leading zeros ("007") stay text, as YAML 1.2 and CloudFormation keep them.
    let digits = text.trim_start_matches(['+', '-']);
    if digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.") {
        return None;
    }
    if let Ok(i) = text.parse::<i64>() {
        return Some(Value::Number(i.into()));
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
}

/// `!Ref x` → `{"Ref": x}`, `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`,
/// `!Condition c` → `{"Condition": c}`, `!Name v` → `{"Fn::Name": v}`.
fn tagged(v: Value, tag: Option<&Tag>) -> Result<Value, String> {
    let Some(t) = tag else { return Ok(v) };
    if t.handle != "!" {
        return Ok(v);
    }
    let key = match t.suffix.as_str() {
        "Ref" | "Condition" => t.suffix.clone(),
        "GetAtt" => return Ok(get_att_short(v)),
        s if SHORT_FUNCTIONS.contains(&s) => format!("Fn::{s}"),
        s => {
            return Err(format!(
                "Template format error: unknown tag !{s}: CloudFormation's short forms are !{}",
                SHORT_FUNCTIONS.join(", !")
            ))
        }
    };
    let mut m = Map::new();
    m.insert(key, v);
    Ok(Value::Object(m))
}

/// The intrinsic functions with a short YAML form.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html>
const SHORT_FUNCTIONS: &[&str] = &[
    "Ref",
    "GetAtt",
    "Sub",
    "Join",
    "If",
    "Equals",
    "And",
    "Or",
    "Not",
    "Select",
    "Split",
    "FindInMap",
    "Base64",
    "GetAZs",
    "ImportValue",
    "Cidr",
    "Condition",
    "Length",
    "ToJsonString",
];

fn get_att_short(v: Value) -> Value {
    let parts = match v {
        // `!GetAtt Queue.Arn`: the logical id, then the attribute (which may hold dots).
        Value::String(s) => match s.split_once('.') {
            Some((a, b)) => Value::Array(vec![Value::String(a.into()), Value::String(b.into())]),
            None => Value::Array(vec![Value::String(s)]),
        },
        other => other,
    };
    let mut m = Map::new();
    m.insert("Fn::GetAtt".into(), parts);
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_tags_become_long_forms() {
        let v = document("A: !Ref X\nB: !GetAtt Q.Arn\nC: !Sub '${X}-y'\nD: !Join [',', [a, b]]\nE: !If [C, 1, 2]\n").unwrap();
        assert_eq!(
            v,
            json!({"A": {"Ref": "X"}, "B": {"Fn::GetAtt": ["Q", "Arn"]}, "C": {"Fn::Sub": "${X}-y"},
                   "D": {"Fn::Join": [",", ["a", "b"]]}, "E": {"Fn::If": ["C", 1, 2]}})
        );
    }

    #[test]
    fn scalars_are_typed_as_yaml_1_1_plain_forms() {
        let v = document("a: 30\nb: '30'\nc: true\nd: 007\ne: 1.5\nf: ~\ng: text\n").unwrap();
        assert_eq!(
            v,
            json!({"a": 30, "b": "30", "c": true, "d": "007", "e": 1.5, "f": null, "g": "text"})
        );
    }

    #[test]
    fn hostile_documents_are_refused_with_a_reason() {
        let deep = format!("a: {}{}", "[".repeat(200), "]".repeat(200));
        assert!(document(&deep).unwrap_err().contains("nests deeper"));
        assert!(document("a: &x 1\nb: *x\n")
            .unwrap_err()
            .contains("aliases"));
        assert!(document("a: 1\na: 2\n")
            .unwrap_err()
            .contains("duplicate key"));
        assert!(document("a: [1\n")
            .unwrap_err()
            .contains("YAML not well-formed"));
        assert!(document("{\"a\": }")
            .unwrap_err()
            .contains("JSON not well-formed"));
        assert!(document("- 1\n- 2\n")
            .unwrap_err()
            .contains("must be a YAML or JSON object"));
        let big = "#".repeat(MAX_TEMPLATE_BYTES + 1);
        assert!(document(&big).unwrap_err().contains("may not exceed"));
    }
}
