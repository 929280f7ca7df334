//! Who depends on whom (Ref, Fn::GetAtt, Fn::Sub's `${…}`, DependsOn), and the
//! order resources resolve in. A missing target or a cycle refuses the template
//! with CloudFormation's own sentences.
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html>

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::intrinsics::{intrinsic, sub_pieces, SubPiece};

/// The resources' logical ids in an order where each comes after what it uses
/// (template order among equals, so the result is deterministic).
pub fn order(
    resources: &Map<String, Value>,
    parameters: &BTreeSet<String>,
) -> Result<Vec<String>, String> {
    let ids: Vec<&String> = resources.keys().collect();
    let mut deps: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut unresolved = BTreeSet::new();
    for (id, r) in resources {
        let mut found = BTreeSet::new();
        // Metadata too: a function's behaviour may name a table with !Ref.
        for section in ["Properties", "Metadata"] {
            if let Some(p) = r.get(section) {
                collect(p, &mut found);
            }
        }
        for d in depends_on(r) {
            found.insert(d);
        }
        found.retain(|d| !d.starts_with("AWS::") && !parameters.contains(d));
        for d in &found {
            if !resources.contains_key(d) {
                unresolved.insert(d.clone());
            }
        }
        found.retain(|d| resources.contains_key(d));
        deps.insert(id, found);
    }
    if !unresolved.is_empty() {
        let list: Vec<String> = unresolved.into_iter().collect();
        return Err(format!(
            "Template format error: Unresolved resource dependencies [{}] in the Resources block of the template",
            list.join(", ")
        ));
    }
    kahn(&ids, &deps)
}

fn kahn(ids: &[&String], deps: &BTreeMap<&str, BTreeSet<String>>) -> Result<Vec<String>, String> {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::with_capacity(ids.len());
    loop {
        let next = ids.iter().find(|id| {
            !done.contains(id.as_str())
                && deps[id.as_str()].iter().all(|d| done.contains(d.as_str()))
        });
        match next {
            Some(id) => {
                done.insert(id.as_str());
                out.push((*id).clone());
            }
            None => break,
        }
    }
    if out.len() == ids.len() {
        return Ok(out);
    }
    let stuck: Vec<&str> = ids
        .iter()
        .map(|s| s.as_str())
        .filter(|id| !done.contains(id) && in_cycle(id, deps, &done))
        .collect();
    Err(format!(
        "Template format error: Circular dependency between resources: [{}]",
        stuck.join(", ")
    ))
}

/// Whether `id` reaches itself through resources not yet ordered.
fn in_cycle(id: &str, deps: &BTreeMap<&str, BTreeSet<String>>, done: &BTreeSet<&str>) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = deps[id].iter().map(String::as_str).collect();
    while let Some(x) = stack.pop() {
        if x == id {
            return true;
        }
        if done.contains(x) || !seen.insert(x) {
            continue;
        }
        stack.extend(deps[x].iter().map(String::as_str));
    }
    false
}

fn depends_on(r: &Value) -> Vec<String> {
    match r.get("DependsOn") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every name a value refers to through Ref, Fn::GetAtt or Fn::Sub.
pub fn collect(v: &Value, out: &mut BTreeSet<String>) {
    if let Some((f, arg)) = intrinsic(v) {
        match (f, arg) {
            ("Ref", Value::String(s)) => {
                out.insert(s.clone());
            }
            ("Fn::GetAtt", Value::Array(a)) => {
                if let Some(Value::String(s)) = a.first() {
                    out.insert(s.clone());
                }
            }
            ("Fn::GetAtt", Value::String(s)) => {
                out.insert(s.split('.').next().unwrap_or(s).to_string());
            }
            ("Fn::Sub", _) => sub_names(arg, out),
            _ => {}
        }
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
        Value::Object(m) => m.values().for_each(|x| collect(x, out)),
        _ => {}
    }
}

fn sub_names(arg: &Value, out: &mut BTreeSet<String>) {
    let (text, vars) = match arg {
        Value::String(s) => (s.as_str(), None),
        Value::Array(a) => match a.first() {
            Some(Value::String(s)) => (s.as_str(), a.get(1).and_then(Value::as_object)),
            _ => return,
        },
        _ => return,
    };
    let Ok(pieces) = sub_pieces(text) else { return };
    for p in pieces {
        if let SubPiece::Var(name) = p {
            if vars.is_some_and(|m| m.contains_key(name)) {
                continue;
            }
            let id = if name.starts_with("AWS::") {
                name
            } else {
                name.split('.').next().unwrap_or(name)
            };
            out.insert(id.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn res(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn resources_come_after_what_they_use() {
        let r = res(json!({
            "Rule": {"Properties": {"T": {"Fn::GetAtt": ["Queue", "Arn"]}, "S": {"Fn::Sub": "${Bus}"}}},
            "Queue": {"Properties": {"D": {"Ref": "Dlq"}}},
            "Bus": {}, "Dlq": {}
        }));
        assert_eq!(
            order(&r, &BTreeSet::new()).unwrap(),
            vec!["Bus", "Dlq", "Queue", "Rule"]
        );
    }

    #[test]
    fn cycles_and_missing_targets_are_named() {
        let r = res(
            json!({"A": {"DependsOn": "B"}, "B": {"Properties": {"x": {"Ref": "A"}}}, "C": {"DependsOn": "A"}}),
        );
        assert_eq!(
            order(&r, &BTreeSet::new()).unwrap_err(),
            "Template format error: Circular dependency between resources: [A, B]"
        );
        let r = res(json!({"A": {"Properties": {"x": {"Ref": "Nope"}}}}));
        assert!(order(&r, &BTreeSet::new())
            .unwrap_err()
            .contains("Unresolved resource dependencies [Nope]"));
    }
}
