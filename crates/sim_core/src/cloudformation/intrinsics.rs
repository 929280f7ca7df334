//! Intrinsic functions, resolved against parameters, conditions and the resources
//! resolved so far: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::If, Fn::Select,
//! Fn::Split, Fn::FindInMap, Fn::GetAZs, Fn::Base64, Fn::Length, Fn::ToJsonString.
//! Error wording follows CloudFormation's ("Template error: …").
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html>

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// What a resource answers to Ref and Fn::GetAtt.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub ref_value: Value,
    /// None: a type we do not simulate, whose attributes are stand-ins.
    pub attrs: Option<BTreeMap<&'static str, Value>>,
}

#[derive(Default)]
pub struct Context {
    pub stack_name: String,
    /// The Region the stack is deployed in: AWS::Region.
    pub region: &'static str,
    pub parameters: BTreeMap<String, Value>,
    pub mappings: Map<String, Value>,
    pub conditions: BTreeMap<String, bool>,
    /// Every logical id in the template (resolved or not yet).
    pub logical_ids: Vec<String>,
    pub resolved: BTreeMap<String, Identity>,
}

/// The pseudo parameters, as the simulated account and region have them.
pub fn pseudo(name: &str, ctx: &Context) -> Option<Value> {
    let (stack_name, region) = (&ctx.stack_name, ctx.region);
    let s = |x: &str| Some(Value::String(x.into()));
    match name {
        "AWS::AccountId" => s(crate::ACCOUNT_ID),
        "AWS::Region" => s(region),
        "AWS::Partition" => s("aws"),
        "AWS::URLSuffix" => s("amazonaws.com"),
        "AWS::StackName" => s(stack_name),
        "AWS::StackId" => s(&format!(
            "arn:aws:cloudformation:{region}:{}:stack/{stack_name}/00000000-0000-0000-0000-000000000000",
            crate::ACCOUNT_ID
        )),
        "AWS::NotificationARNs" => Some(Value::Array(Vec::new())),
        _ => None,
    }
}

/// The only key of a one-key object, when it names an intrinsic function.
pub fn intrinsic(v: &Value) -> Option<(&str, &Value)> {
    let m = v.as_object()?;
    if m.len() != 1 {
        return None;
    }
    let (k, x) = m.iter().next()?;
    (k == "Ref" || k.starts_with("Fn::")).then_some((k.as_str(), x))
}

impl Context {
    /// Resolves every intrinsic in `v`. None: `Ref: AWS::NoValue` (the property goes).
    pub fn resolve(&self, v: &Value) -> Result<Option<Value>, String> {
        if let Some((f, arg)) = intrinsic(v) {
            return self.call(f, arg);
        }
        Ok(Some(match v {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for x in items {
                    if let Some(r) = self.resolve(x)? {
                        out.push(r);
                    }
                }
                Value::Array(out)
            }
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, x) in m {
                    if let Some(r) = self.resolve(x)? {
                        out.insert(k.clone(), r);
                    }
                }
                Value::Object(out)
            }
            other => other.clone(),
        }))
    }

    fn must(&self, v: &Value, f: &str) -> Result<Value, String> {
        self.resolve(v)?
            .ok_or_else(|| format!("Template error: AWS::NoValue cannot be used inside {f}"))
    }

    fn call(&self, f: &str, arg: &Value) -> Result<Option<Value>, String> {
        let v = match f {
            "Ref" => return self.reference(arg),
            "Fn::GetAtt" => self.get_att(arg)?,
            "Fn::Sub" => self.sub(arg)?,
            "Fn::Join" => self.join(arg)?,
            "Fn::If" => return self.if_(arg),
            "Fn::Select" => self.select(arg)?,
            "Fn::Split" => self.split(arg)?,
            "Fn::FindInMap" => self.find_in_map(arg)?,
            "Fn::GetAZs" => Value::Array(
                ["a", "b", "c"]
                    .iter()
                    .map(|z| Value::String(format!("{}{z}", self.region)))
                    .collect(),
            ),
            "Fn::Base64" => Value::String(base64(self.string(arg, f)?.as_bytes())),
            "Fn::Length" => match self.must(arg, f)? {
                Value::Array(a) => Value::from(a.len() as u64),
                _ => return Err("Template error: Fn::Length takes a list".into()),
            },
            "Fn::ToJsonString" => Value::String(self.must(arg, f)?.to_string()),
            "Fn::ImportValue" => return Err("Template error: Fn::ImportValue reads another stack's export, which EventLab does not simulate: write the value itself".into()),
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
                return Err(format!("Template error: {f} can only be used in the Conditions section or in Fn::If's condition"))
            }
            other => return Err(format!("Template error: encountered unsupported function: {other}")),
        };
        Ok(Some(v))
    }

    fn reference(&self, arg: &Value) -> Result<Option<Value>, String> {
        let Some(name) = arg.as_str() else {
            return Err("Template error: every Ref object must have a single String value.".into());
        };
        if name == "AWS::NoValue" {
            return Ok(None);
        }
        self.named(name).map(Some)
    }

    /// A parameter, pseudo parameter or resource by name (Ref's and Fn::Sub's lookup).
    fn named(&self, name: &str) -> Result<Value, String> {
        if let Some(v) = self.parameters.get(name) {
            return Ok(v.clone());
        }
        if let Some(v) = pseudo(name, self) {
            return Ok(v);
        }
        match self.resolved.get(name) {
            Some(id) => Ok(id.ref_value.clone()),
            None if self.logical_ids.iter().any(|l| l == name) => Err(format!(
                "Template error: {name} is not created: its Condition is false, so nothing can refer to it"
            )),
            None => Err(format!("Template format error: Unresolved resource dependencies [{name}] in the Resources block of the template")),
        }
    }

    fn get_att(&self, arg: &Value) -> Result<Value, String> {
        let parts: Vec<String> = match self.must(arg, "Fn::GetAtt")? {
            Value::String(s) => s.splitn(2, '.').map(String::from).collect(),
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        };
        let [id, attr] = parts.as_slice() else {
            return Err(
                "Template error: every Fn::GetAtt object requires two non-empty parameters".into(),
            );
        };
        self.attribute(id, attr)
    }

    fn attribute(&self, id: &str, attr: &str) -> Result<Value, String> {
        let Some(identity) = self.resolved.get(id) else {
            if self.logical_ids.iter().any(|l| l == id) {
                return Err(format!("Template error: {id} is not created: its Condition is false, so nothing can refer to it"));
            }
            return Err(format!(
                "Template error: instance of Fn::GetAtt references undefined resource {id}"
            ));
        };
        match &identity.attrs {
            None => Ok(Value::String(format!("{id}.{attr}"))),
            Some(attrs) => attrs.get(attr).cloned().ok_or_else(|| {
                format!("Template error: resource {id} does not support attribute type {attr} in Fn::GetAtt")
            }),
        }
    }

    fn string(&self, v: &Value, f: &str) -> Result<String, String> {
        match self.must(v, f)? {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            _ => Err(format!("Template error: {f} expects a string here")),
        }
    }

    fn list(&self, v: &Value, f: &str) -> Result<Vec<Value>, String> {
        match self.must(v, f)? {
            Value::Array(a) => Ok(a),
            _ => Err(format!("Template error: {f} expects a list here")),
        }
    }

    fn join(&self, arg: &Value) -> Result<Value, String> {
        let bad = || {
            "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.".to_string()
        };
        let Some([delim, items]) = arg.as_array().map(Vec::as_slice) else {
            return Err(bad());
        };
        let delim = delim.as_str().ok_or_else(bad)?;
        let mut parts = Vec::new();
        for x in self.list(items, "Fn::Join")? {
            parts.push(self.string(&x, "Fn::Join").map_err(|_| bad())?);
        }
        Ok(Value::String(parts.join(delim)))
    }

    fn select(&self, arg: &Value) -> Result<Value, String> {
        let bad = || {
            "Template error: Fn::Select requires a list argument with two elements: an integer index and a list".to_string()
        };
        let Some([i, items]) = arg.as_array().map(Vec::as_slice) else {
            return Err(bad());
        };
        let i: usize = self.string(i, "Fn::Select")?.parse().map_err(|_| bad())?;
        let items = self.list(items, "Fn::Select")?;
        items.get(i).cloned().ok_or_else(|| {
            "Template error: Fn::Select cannot select nonexistent value at index ".to_string()
                + &i.to_string()
        })
    }

    fn split(&self, arg: &Value) -> Result<Value, String> {
        let bad = || {
            "Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.".to_string()
        };
        let Some([delim, s]) = arg.as_array().map(Vec::as_slice) else {
            return Err(bad());
        };
        let delim = delim.as_str().filter(|d| !d.is_empty()).ok_or_else(bad)?;
        let s = self.string(s, "Fn::Split")?;
        Ok(Value::Array(
            s.split(delim).map(|p| Value::String(p.into())).collect(),
        ))
    }

    fn find_in_map(&self, arg: &Value) -> Result<Value, String> {
        let Some([m, a, b]) = arg.as_array().map(Vec::as_slice) else {
            return Err("Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value".into());
        };
        let (m, a, b) = (
            self.string(m, "Fn::FindInMap")?,
            self.string(a, "Fn::FindInMap")?,
            self.string(b, "Fn::FindInMap")?,
        );
        let map = self
            .mappings
            .get(&m)
            .ok_or_else(|| format!("Template error: Unable to get mapping for {m}::{a}::{b}"))?;
        map.get(&a)
            .and_then(|x| x.get(&b))
            .cloned()
            .ok_or_else(|| format!("Template error: Unable to get mapping for {m}::{a}::{b}"))
    }

    fn if_(&self, arg: &Value) -> Result<Option<Value>, String> {
        let bad =
            || "Template error: Fn::If requires a list argument with three elements".to_string();
        let Some([c, yes, no]) = arg.as_array().map(Vec::as_slice) else {
            return Err(bad());
        };
        let c = c.as_str().ok_or_else(bad)?;
        let truth = self.conditions.get(c).copied().ok_or_else(|| {
            format!("Template format error: Unresolved condition dependency {c} in Fn::If")
        })?;
        self.resolve(if truth { yes } else { no })
    }

    fn sub(&self, arg: &Value) -> Result<Value, String> {
        let (text, vars) = match arg {
            Value::String(s) => (s.clone(), Map::new()),
            Value::Array(a) if a.len() == 2 => {
                let text = a[0].as_str().ok_or_else(sub_bad)?.to_string();
                let vars = match self.must(&a[1], "Fn::Sub")? {
                    Value::Object(m) => m,
                    _ => return Err(sub_bad()),
                };
                (text, vars)
            }
            _ => return Err(sub_bad()),
        };
        let mut out = String::with_capacity(text.len());
        for piece in sub_pieces(&text)? {
            match piece {
                SubPiece::Text(t) => out.push_str(t),
                SubPiece::Var(name) => out.push_str(&self.sub_var(name, &vars)?),
            }
        }
        Ok(Value::String(out))
    }

    fn sub_var(&self, name: &str, vars: &Map<String, Value>) -> Result<String, String> {
        if let Some(v) = vars.get(name) {
            return self.string(v, "Fn::Sub");
        }
        let v = match name.split_once('.') {
            Some((id, attr)) if !name.starts_with("AWS::") => self.attribute(id, attr)?,
            _ => self.named(name)?,
        };
        self.string(&v, "Fn::Sub")
    }
}

fn sub_bad() -> String {
    "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string".into()
}

pub enum SubPiece<'a> {
    Text(&'a str),
    Var(&'a str),
}

/// Splits Fn::Sub's text into literal pieces and `${Name}` variables (`${!x}` is the
/// literal `${x}`).
pub fn sub_pieces(text: &str) -> Result<Vec<SubPiece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push(SubPiece::Text(&rest[..start]));
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(format!(
                "Template error: variable names in Fn::Sub syntax must end with }}: \"{text}\""
            ));
        };
        let name = &after[..end];
        if let Some(lit) = name.strip_prefix('!') {
            out.push(SubPiece::Text("${"));
            out.push(SubPiece::Text(lit));
            out.push(SubPiece::Text("}"));
        } else {
            out.push(SubPiece::Var(name.trim()));
        }
        rest = &after[end + 1..];
    }
    out.push(SubPiece::Text(rest));
    Ok(out)
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> Context {
        let mut c = Context {
            stack_name: "lab".into(),
            region: crate::region::DEFAULT,
            ..Default::default()
        };
        c.parameters.insert("Env".into(), json!("dev"));
        c.conditions.insert("IsDev".into(), true);
        c.logical_ids = vec!["Q".into()];
        let mut attrs = BTreeMap::new();
        attrs.insert("Arn", json!("arn:aws:sqs:us-east-1:123456789012:q"));
        c.resolved.insert(
            "Q".into(),
            Identity {
                ref_value: json!("https://sqs/q"),
                attrs: Some(attrs),
            },
        );
        c
    }

    #[test]
    fn functions_resolve_as_cloudformation_documents_them() {
        let c = ctx();
        let r = |v: Value| c.resolve(&v).unwrap().unwrap();
        assert_eq!(
            r(json!({"Fn::Sub": "${Env}-${Q.Arn}-${!Lit}-${AWS::Region}"})),
            json!("dev-arn:aws:sqs:us-east-1:123456789012:q-${Lit}-us-east-1")
        );
        assert_eq!(
            r(json!({"Fn::Join": ["-", ["a", {"Ref": "Env"}]]})),
            json!("a-dev")
        );
        assert_eq!(r(json!({"Fn::If": ["IsDev", 1, 2]})), json!(1));
        assert_eq!(
            r(json!({"Fn::Select": [1, {"Fn::Split": [",", "a,b,c"]}]})),
            json!("b")
        );
        assert_eq!(r(json!({"Fn::Base64": "hello"})), json!("aGVsbG8="));
        assert_eq!(
            r(json!({"a": {"Ref": "AWS::NoValue"}, "b": 1})),
            json!({"b": 1})
        );
    }

    #[test]
    fn errors_are_worded_like_cloudformation() {
        let c = ctx();
        let e = |v: Value| c.resolve(&v).unwrap_err();
        assert!(e(json!({"Fn::GetAtt": ["Nope", "Arn"]}))
            .contains("references undefined resource Nope"));
        assert!(e(json!({"Fn::GetAtt": ["Q", "Nope"]}))
            .contains("does not support attribute type Nope"));
        assert!(
            e(json!({"Fn::Join": ["-"]})).contains("every Fn::Join object requires two parameters")
        );
        assert!(e(json!({"Fn::Sub": "${Missing"})).contains("must end with }"));
        assert!(e(json!({"Fn::Nope": 1})).contains("unsupported function: Fn::Nope"));
    }
}
