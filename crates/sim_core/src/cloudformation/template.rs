//! A template's sections: which are allowed, the Parameters' values (their
//! Defaults: nobody is asked), the Conditions' truth, each resource's shape.
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html>

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::intrinsics::{intrinsic, pseudo, Context};

const SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
    "Globals",
];

const RESOURCE_KEYS: &[&str] = &[
    "Type",
    "Properties",
    "DependsOn",
    "Condition",
    "Metadata",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "CreationPolicy",
];

/// CloudFormation's quota on resources per template.
pub const MAX_RESOURCES: usize = 500;

/// The sections are known, Resources is there and each resource has a Type.
pub fn check_shape(doc: &Map<String, Value>) -> Result<(), String> {
    let unknown: Vec<&str> = doc
        .keys()
        .map(String::as_str)
        .filter(|k| !SECTIONS.contains(k))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "Template format error: Invalid template property or properties [{}]",
            unknown.join(", ")
        ));
    }
    let resources = match doc.get("Resources") {
        Some(Value::Object(m)) if !m.is_empty() => m,
        _ => {
            return Err(
                "Template format error: At least one Resources member must be defined.".into(),
            )
        }
    };
    if resources.len() > MAX_RESOURCES {
        return Err(format!(
            "Template format error: Number of resources, {}, is greater than maximum allowed, {MAX_RESOURCES}",
            resources.len()
        ));
    }
    for (id, r) in resources {
        check_resource(id, r)?;
    }
    Ok(())
}

fn check_resource(id: &str, r: &Value) -> Result<(), String> {
    let Some(m) = r.as_object() else {
        return Err(format!(
            "Template format error: [/Resources/{id}] resource definition is malformed"
        ));
    };
    if !id.chars().all(|c| c.is_ascii_alphanumeric()) || id.is_empty() {
        return Err(format!(
            "Template format error: Resource name {id} is non alphanumeric."
        ));
    }
    match m.get("Type") {
        Some(Value::String(_)) => {}
        _ => return Err(format!("Template format error: [/Resources/{id}] Every Resources object must contain a Type member.")),
    }
    if let Some(k) = m.keys().find(|k| !RESOURCE_KEYS.contains(&k.as_str())) {
        return Err(format!(
            "Template format error: Invalid template resource property '{k}'"
        ));
    }
    if m.get("Properties").is_some_and(|p| !p.is_object()) {
        return Err(format!(
            "Template format error: [/Resources/{id}/Properties] Properties must be an object"
        ));
    }
    Ok(())
}

/// Each parameter's value: its Default (a list type becomes a list). Parameters
/// without one are refused all at once, as CloudFormation does.
pub fn parameters(doc: &Map<String, Value>) -> Result<BTreeMap<String, Value>, String> {
    let mut out = BTreeMap::new();
    let mut missing = Vec::new();
    let Some(Value::Object(ps)) = doc.get("Parameters") else {
        return Ok(out);
    };
    for (name, p) in ps {
        let Some(default) = p.get("Default") else {
            missing.push(name.as_str());
            continue;
        };
        let ty = p.get("Type").and_then(Value::as_str).unwrap_or("String");
        let text = match default {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(","),
            _ => {
                return Err(format!(
                "Template format error: Parameter {name}'s Default must be a string or a number"
            ))
            }
        };
        if let Some(Value::Array(allowed)) = p.get("AllowedValues") {
            if !allowed.iter().any(|a| {
                a.as_str() == Some(&text) || a.as_f64().is_some_and(|n| n.to_string() == text)
            }) {
                return Err(format!("Parameter '{name}' must be one of AllowedValues"));
            }
        }
        let value = if ty.starts_with("List<") || ty == "CommaDelimitedList" {
            Value::Array(
                text.split(',')
                    .map(|s| Value::String(s.trim().into()))
                    .collect(),
            )
        } else {
            Value::String(text)
        };
        out.insert(name.clone(), value);
    }
    if !missing.is_empty() {
        return Err(format!(
            "Parameters: [{}] must have values",
            missing.join(", ")
        ));
    }
    Ok(out)
}

/// Every condition's truth (conditions may use each other; a cycle is refused).
pub fn conditions(
    doc: &Map<String, Value>,
    ctx: &Context,
) -> Result<BTreeMap<String, bool>, String> {
    let mut out = BTreeMap::new();
    let Some(Value::Object(cs)) = doc.get("Conditions") else {
        return Ok(out);
    };
    for name in cs.keys() {
        let mut visiting = BTreeSet::new();
        let t = truth_of(name, cs, ctx, &mut out, &mut visiting)?;
        out.insert(name.clone(), t);
    }
    Ok(out)
}

fn truth_of(
    name: &str,
    cs: &Map<String, Value>,
    ctx: &Context,
    memo: &mut BTreeMap<String, bool>,
    visiting: &mut BTreeSet<String>,
) -> Result<bool, String> {
    if let Some(t) = memo.get(name) {
        return Ok(*t);
    }
    let Some(def) = cs.get(name) else {
        return Err(format!("Template format error: Unresolved dependencies [{name}]. Cannot reference resources in the Conditions block of the template"));
    };
    if !visiting.insert(name.to_string()) {
        return Err(format!(
            "Template error: Circular dependency between conditions: [{name}]"
        ));
    }
    // Each condition naming the next is a recursion: bounded, for the page's stack.
    if visiting.len() > super::parse::MAX_DEPTH {
        return Err(format!(
            "Template error: conditions refer to conditions more than {} deep (at {name})",
            super::parse::MAX_DEPTH
        ));
    }
    let t = eval(def, cs, ctx, memo, visiting)?;
    memo.insert(name.to_string(), t);
    Ok(t)
}

fn eval(
    v: &Value,
    cs: &Map<String, Value>,
    ctx: &Context,
    memo: &mut BTreeMap<String, bool>,
    visiting: &mut BTreeSet<String>,
) -> Result<bool, String> {
    if let Some(Value::String(c)) = v
        .get("Condition")
        .filter(|_| v.as_object().is_some_and(|m| m.len() == 1))
    {
        return truth_of(c, cs, ctx, memo, visiting);
    }
    let Some((f, arg)) = intrinsic(v) else {
        return Err("Template format error: Conditions can only be boolean operations on parameters and other conditions".into());
    };
    let items = arg.as_array().cloned().unwrap_or_default();
    match f {
        "Fn::Equals" => {
            let [a, b] = items.as_slice() else {
                return Err("Template error: Fn::Equals requires a list argument with two elements".into());
            };
            Ok(plain(a, ctx)? == plain(b, ctx)?)
        }
        "Fn::Not" => match items.as_slice() {
            [x] => Ok(!eval(x, cs, ctx, memo, visiting)?),
            _ => Err("Template error: Fn::Not requires a list argument with one function token".into()),
        },
        "Fn::And" | "Fn::Or" => {
            let mut all = Vec::new();
            for x in &items {
                all.push(eval(x, cs, ctx, memo, visiting)?);
            }
            Ok(if f == "Fn::And" { all.iter().all(|t| *t) } else { all.iter().any(|t| *t) })
        }
        other => Err(format!("Template error: {other} cannot be used in the Conditions block; use Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition")),
    }
}

/// A condition operand as text: a literal, a parameter, a pseudo parameter, or a
/// function over those.
fn plain(v: &Value, ctx: &Context) -> Result<String, String> {
    let r = match v {
        Value::Object(m) if m.get("Ref").and_then(Value::as_str).is_some_and(|n| {
            !ctx.parameters.contains_key(n) && pseudo(n, ctx).is_none()
        }) => {
            return Err("Template format error: Unresolved dependencies. Cannot reference resources in the Conditions block of the template".into())
        }
        other => ctx.resolve(other)?.unwrap_or(Value::Null),
    };
    Ok(match r {
        Value::String(s) => s,
        other => other.to_string(),
    })
}
