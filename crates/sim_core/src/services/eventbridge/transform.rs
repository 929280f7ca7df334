//! What a target receives: the whole event, a constant `Input`, the part an
//! `InputPath` selects, or an `InputTransformer`'s template with `<variables>`
//! filled from `InputPathsMap`. Checked at rule creation; applied per delivery.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::services::de::{self, read, req, FromJson, Res};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputTransformer {
    pub input_paths_map: BTreeMap<String, String>,
    pub input_template: String,
}

impl FromJson for InputTransformer {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct InputTransformer", true, "",
            "InputPathsMap" input_paths_map |x| de::map(x, de::string),
            "InputTemplate" input_template de::string,
        );
        Ok(InputTransformer {
            input_paths_map: input_paths_map.unwrap_or_default(),
            input_template: req(input_template, "InputTemplate")?,
        })
    }
}

/// How a target's input is made.
#[derive(Clone, Debug, PartialEq)]
pub enum TargetInput {
    WholeEvent,
    Constant(String),
    Path(String),
    Transformer(InputTransformer),
}

/// Values the template may use without declaring them.
pub struct Predefined<'a> {
    pub prefix: &'a str,
    pub values: Vec<(&'a str, Value)>,
}

const MAX_VARIABLES: usize = 100;

impl TargetInput {
    /// Input, InputPath and InputTransformer are mutually exclusive, as in PutTargets.
    pub fn from_parts(
        input: Option<&str>,
        path: Option<&str>,
        transformer: Option<&InputTransformer>,
        reserved_prefix: &str,
    ) -> Result<TargetInput, String> {
        match (input, path, transformer) {
            (None, None, None) => Ok(TargetInput::WholeEvent),
            (Some(i), None, None) => {
                serde_json::from_str::<Value>(i)
                    .map_err(|e| format!("Input is not valid JSON: {e}"))?;
                Ok(TargetInput::Constant(i.to_string()))
            }
            (None, Some(p), None) => {
                parse_path(p)?;
                Ok(TargetInput::Path(p.to_string()))
            }
            (None, None, Some(t)) => {
                if t.input_paths_map.len() > MAX_VARIABLES {
                    return Err(format!(
                        "InputPathsMap has {} variables; at most {MAX_VARIABLES}",
                        t.input_paths_map.len()
                    ));
                }
                for (name, path) in &t.input_paths_map {
                    if name.starts_with(reserved_prefix) {
                        return Err(format!("InputPathsMap variable {name} uses the reserved prefix {reserved_prefix}"));
                    }
                    parse_path(path).map_err(|e| format!("InputPathsMap[{name}]: {e}"))?;
                }
                for name in placeholders(&t.input_template) {
                    if !t.input_paths_map.contains_key(&name)
                        && !name.starts_with(reserved_prefix)
                        && !name.starts_with("$.")
                    {
                        return Err(format!(
                            "InputTemplate uses <{name}>, which InputPathsMap does not define"
                        ));
                    }
                }
                Ok(TargetInput::Transformer(t.clone()))
            }
            _ => Err(
                "Only one of Input, InputPath or InputTransformer can be given for a target".into(),
            ),
        }
    }

    /// Renders the target's input for `event`.
    pub fn render(&self, event: &Value, predefined: &Predefined) -> String {
        match self {
            TargetInput::WholeEvent => event.to_string(),
            TargetInput::Constant(s) => s.clone(),
            TargetInput::Path(p) => select(event, p).map(|v| v.to_string()).unwrap_or_default(),
            TargetInput::Transformer(t) => render_template(&t.input_template, |name| {
                if let Some(path) = t.input_paths_map.get(name) {
                    return Some(select(event, path).cloned());
                }
                if name.starts_with(predefined.prefix) {
                    return Some(
                        predefined
                            .values
                            .iter()
                            .find(|(n, _)| *n == name)
                            .map(|(_, v)| v.clone()),
                    );
                }
                // Pipes: <$.body.field> paths straight in the template.
                if name.starts_with("$.") {
                    return Some(select(event, name).cloned());
                }
                None
            }),
        }
    }
}

#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// `$.detail.items[0].sku` → steps. Dot notation with optional indexes.
fn parse_path(p: &str) -> Result<Vec<Step>, String> {
    let rest = p
        .strip_prefix('$')
        .ok_or_else(|| format!("\"{p}\" is not a JSON path: it must start with $"))?;
    let mut steps = Vec::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                let mut key = String::new();
                while let Some(&n) = chars.peek() {
                    if n == '.' || n == '[' {
                        break;
                    }
                    key.push(n);
                    chars.next();
                }
                if key.is_empty() {
                    return Err(format!("\"{p}\" has an empty step"));
                }
                steps.push(Step::Key(key));
            }
            '[' => {
                let mut inner = String::new();
                for n in chars.by_ref() {
                    if n == ']' {
                        break;
                    }
                    inner.push(n);
                }
                let inner = inner.trim();
                if let Ok(i) = inner.parse::<usize>() {
                    steps.push(Step::Index(i));
                } else if let Some(k) = inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\''))
                {
                    steps.push(Step::Key(k.to_string()));
                } else {
                    return Err(format!(
                        "\"{p}\" has an index that is not a number or a quoted key"
                    ));
                }
            }
            _ => {
                return Err(format!(
                    "\"{p}\" is not in dot notation (like $.detail.orderId)"
                ))
            }
        }
    }
    Ok(steps)
}

/// The value at a JSON path, if there is one.
pub fn select<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    let steps = parse_path(path).ok()?;
    let mut cur = v;
    for s in steps {
        cur = match s {
            Step::Key(k) => cur.get(&k)?,
            Step::Index(i) => cur.get(i)?,
        };
    }
    Some(cur)
}

fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = template.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            if let Some(len) = template[i + 1..].find('>') {
                let name = &template[i + 1..i + 1 + len];
                if is_variable(name) {
                    out.push(name.to_string());
                    i += len + 2;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

fn is_variable(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.$[]'".contains(c))
}

/// Fills `<name>` placeholders. Inside a JSON string a value goes in as raw text (a
/// string without its quotes, an object or array without any quotes, anything else
/// as JSON); outside, as JSON. Values are not escaped, as on AWS. A variable whose
/// path is missing is left out.
fn render_template(template: &str, lookup: impl Fn(&str) -> Option<Option<Value>>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest[1..].find('>') {
                let name = &rest[1..1 + end];
                if is_variable(name) {
                    if let Some(found) = lookup(name) {
                        if let Some(v) = found {
                            match (&v, in_string) {
                                (Value::String(s), true) => out.push_str(s),
                                // "If a JSON path references a JSON object or array,
                                // but the variable is referenced in a string,
                                // EventBridge removes any internal quotes to ensure a
                                // valid string" (eb-transform-target-input,
                                // eb-pipes-input-transformation).
                                (Value::Object(_) | Value::Array(_), true) => {
                                    out.push_str(&v.to_string().replace('"', ""))
                                }
                                (other, _) => out.push_str(&other.to_string()),
                            }
                        }
                        rest = &rest[end + 2..];
                        escaped = false;
                        continue;
                    }
                }
            }
        }
        if c == '"' && !escaped {
            in_string = !in_string;
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> Value {
        json!({"id": "e1", "detail-type": "order.placed", "detail": {"orderId": "o-1", "amount": 20000, "items": [{"sku": "A"}], "note": "say \"hi\""}})
    }

    fn predefined() -> Predefined<'static> {
        Predefined {
            prefix: "aws.events.",
            values: vec![("aws.events.rule-name", json!("r1"))],
        }
    }

    fn transformer(map: Value, template: &str) -> TargetInput {
        let t = InputTransformer {
            input_paths_map: serde_json::from_value(map).unwrap(),
            input_template: template.to_string(),
        };
        TargetInput::from_parts(None, None, Some(&t), "aws.events.").unwrap()
    }

    #[test]
    fn json_template_quotes_strings_only_outside_string_literals() {
        let t = transformer(
            json!({"id": "$.detail.orderId", "amount": "$.detail.amount", "first": "$.detail.items[0]"}),
            r#"{"order": <id>, "text": "order <id> for <amount>", "amount": <amount>, "first": <first>, "rule": "<aws.events.rule-name>"}"#,
        );
        let out = t.render(&event(), &predefined());
        assert_eq!(
            out,
            r#"{"order": "o-1", "text": "order o-1 for 20000", "amount": 20000, "first": {"sku":"A"}, "rule": "r1"}"#
        );
        assert!(serde_json::from_str::<Value>(&out).is_ok());
    }

    /// "If a JSON path references a JSON object or array, but the variable is referenced
    /// in a string, EventBridge removes any internal quotes to ensure a valid string"
    /// (EventBridge User Guide, eb-pipes-input-transformation): the output stays JSON.
    /// They went in with their quotes.
    #[test]
    fn an_object_inside_a_string_loses_its_quotes() {
        let t = transformer(
            json!({"first": "$.detail.items[0]", "items": "$.detail.items"}),
            r#"{"text": "first is <first>, all are <items>"}"#,
        );
        let out = t.render(&event(), &predefined());
        assert_eq!(out, r#"{"text": "first is {sku:A}, all are [{sku:A}]"}"#);
        assert!(serde_json::from_str::<Value>(&out).is_ok());
    }

    #[test]
    fn string_templates_missing_paths_and_no_escaping() {
        let t = transformer(
            json!({"id": "$.detail.orderId", "gone": "$.detail.nothing", "note": "$.detail.note"}),
            r#""Order <id> placed<gone>: <note>""#,
        );
        assert_eq!(
            t.render(&event(), &predefined()),
            r#""Order o-1 placed: say "hi"""#
        );
    }

    #[test]
    fn input_path_constant_and_exclusivity() {
        let p = TargetInput::from_parts(None, Some("$.detail.items"), None, "aws.events.").unwrap();
        assert_eq!(p.render(&event(), &predefined()), r#"[{"sku":"A"}]"#);
        let c =
            TargetInput::from_parts(Some(r#"{"fixed": true}"#), None, None, "aws.events.").unwrap();
        assert_eq!(c.render(&event(), &predefined()), r#"{"fixed": true}"#);
        assert!(TargetInput::from_parts(Some("{}"), Some("$.x"), None, "aws.events.").is_err());
        assert!(TargetInput::from_parts(Some("{not json"), None, None, "aws.events.").is_err());
        assert!(TargetInput::from_parts(None, Some("detail.x"), None, "aws.events.").is_err());
        let undefined = InputTransformer {
            input_paths_map: BTreeMap::new(),
            input_template: "<nope>".into(),
        };
        assert!(
            TargetInput::from_parts(None, None, Some(&undefined), "aws.events.")
                .unwrap_err()
                .contains("<nope>")
        );
        assert_eq!(
            TargetInput::WholeEvent.render(&json!({"a": 1}), &predefined()),
            r#"{"a":1}"#
        );
    }
}
