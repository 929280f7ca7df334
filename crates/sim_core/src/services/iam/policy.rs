//! IAM identity-based policy documents: parsed with IAM's own checks, and evaluated
//! the way IAM does for a role's permissions policies — an explicit Deny wins, then
//! any Allow, and with neither the request is implicitly denied.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html>

use serde_json::Value;

/// The largest inline policy IAM takes for a role (10,240 characters, whitespace
/// excluded); a bound on what a learner can paste.
pub const MAX_POLICY_CHARS: usize = 10_240;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// `Action` or `NotAction`, `Resource` or `NotResource`: patterns with `*` and `?`.
#[derive(Clone, Debug, PartialEq)]
pub struct Patterns {
    pub not: bool,
    pub patterns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub action: Patterns,
    pub resource: Patterns,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDocument {
    pub statements: Vec<Statement>,
}

/// What the policies decide for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// No statement allows it.
    ImplicitDeny,
    /// A Deny statement matches.
    ExplicitDeny,
}

impl PolicyDocument {
    /// Parses a policy document as IAM's PutRolePolicy checks it. Errors read like
    /// IAM's MalformedPolicyDocument messages.
    pub fn parse(v: &Value) -> Result<PolicyDocument, String> {
        let Value::Object(m) = v else {
            return Err("Syntax errors in policy: the document must be a JSON object".into());
        };
        for k in m.keys() {
            if !matches!(k.as_str(), "Version" | "Id" | "Statement") {
                return Err(format!("Syntax errors in policy: unknown element {k}"));
            }
        }
        match m.get("Version") {
            None => {}
            Some(Value::String(s)) if s == "2012-10-17" || s == "2008-10-17" => {}
            Some(other) => {
                return Err(format!(
                    "The policy failed legacy parsing: Version {other} is not 2012-10-17"
                ))
            }
        }
        let statements = match m.get("Statement") {
            Some(Value::Array(a)) => a.iter().map(Statement::parse).collect::<Result<_, _>>()?,
            Some(s @ Value::Object(_)) => vec![Statement::parse(s)?],
            Some(_) => {
                return Err(
                    "Syntax errors in policy: Statement must be an object or a list of objects"
                        .into(),
                )
            }
            None => return Err("Syntax errors in policy: missing Statement".into()),
        };
        Ok(PolicyDocument { statements })
    }

    /// Parses policy text (the JSON a learner types or pastes).
    pub fn parse_text(text: &str) -> Result<(PolicyDocument, Value), String> {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        if chars > MAX_POLICY_CHARS {
            return Err(format!(
                "Cannot exceed quota for PolicySize: {MAX_POLICY_CHARS} (this policy has {chars} characters without whitespace)"
            ));
        }
        let v: Value = serde_json::from_str(text)
            .map_err(|e| format!("This policy contains invalid JSON: {e}"))?;
        let doc = PolicyDocument::parse(&v)?;
        Ok((doc, v))
    }

    /// The statements' verdict on `action` over `resource_arn`.
    pub fn decide(&self, action: &str, resource_arn: &str) -> Decision {
        let mut allowed = false;
        for s in &self.statements {
            if s.applies(action, resource_arn) {
                match s.effect {
                    Effect::Deny => return Decision::ExplicitDeny,
                    Effect::Allow => allowed = true,
                }
            }
        }
        if allowed {
            Decision::Allow
        } else {
            Decision::ImplicitDeny
        }
    }
}

/// Several policies together: any explicit Deny wins over every Allow.
pub fn decide_all<'a>(
    docs: impl IntoIterator<Item = &'a PolicyDocument>,
    action: &str,
    resource_arn: &str,
) -> Decision {
    let mut decision = Decision::ImplicitDeny;
    for d in docs {
        match d.decide(action, resource_arn) {
            Decision::ExplicitDeny => return Decision::ExplicitDeny,
            Decision::Allow => decision = Decision::Allow,
            Decision::ImplicitDeny => {}
        }
    }
    decision
}

impl Statement {
    fn parse(v: &Value) -> Result<Statement, String> {
        let Value::Object(m) = v else {
            return Err("Syntax errors in policy: each Statement must be an object".into());
        };
        for k in m.keys() {
            match k.as_str() {
                "Sid" | "Effect" | "Action" | "NotAction" | "Resource" | "NotResource" => {}
                "Principal" | "NotPrincipal" => {
                    return Err(format!("Has prohibited field {k}: a role's permissions policy names no principal (the role is the principal)"))
                }
                "Condition" => return Err("Condition is not simulated here: remove the Condition block".into()),
                other => return Err(format!("Syntax errors in policy: unknown element {other} in a Statement")),
            }
        }
        let sid = match m.get("Sid") {
            None => None,
            Some(Value::String(s)) if s.chars().all(|c| c.is_ascii_alphanumeric()) => {
                Some(s.clone())
            }
            Some(_) => return Err("Statement IDs (SID) must be alpha-numeric".into()),
        };
        let effect = match m.get("Effect").and_then(Value::as_str) {
            Some("Allow") => Effect::Allow,
            Some("Deny") => Effect::Deny,
            Some(other) => return Err(format!("Invalid effect: {other} (write Allow or Deny)")),
            None => return Err("Missing required field Effect".into()),
        };
        let action = either(m, "Action", "NotAction")?;
        for a in &action.patterns {
            check_action(a)?;
        }
        let resource = either(m, "Resource", "NotResource")?;
        for r in &resource.patterns {
            check_resource(r)?;
        }
        Ok(Statement {
            sid,
            effect,
            action,
            resource,
        })
    }

    fn applies(&self, action: &str, resource_arn: &str) -> bool {
        // Action names are case-insensitive; ARNs are not.
        let action_hit = self
            .action
            .patterns
            .iter()
            .any(|p| glob(&p.to_ascii_lowercase(), &action.to_ascii_lowercase()));
        let resource_hit = self.resource.patterns.iter().any(|p| glob(p, resource_arn));
        action_hit != self.action.not && resource_hit != self.resource.not
    }
}

/// Reads `Action` or `NotAction` (exactly one): a string or a list of strings.
fn either(
    m: &serde_json::Map<String, Value>,
    name: &str,
    not_name: &str,
) -> Result<Patterns, String> {
    let (not, v) = match (m.get(name), m.get(not_name)) {
        (Some(v), None) => (false, v),
        (None, Some(v)) => (true, v),
        (Some(_), Some(_)) => {
            return Err(format!(
                "Syntax errors in policy: a Statement has both {name} and {not_name}"
            ))
        }
        (None, None) => {
            return Err(format!(
                "Policy statement must contain {}s.",
                name.to_lowercase()
            ))
        }
    };
    let patterns = match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) if !a.is_empty() => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("Syntax errors in policy: each {name} must be a string"))
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(format!(
                "Syntax errors in policy: {name} must be a string or a non-empty list of strings"
            ))
        }
    };
    Ok(Patterns { not, patterns })
}

fn check_action(a: &str) -> Result<(), String> {
    if a == "*" {
        return Ok(());
    }
    match a.split_once(':') {
        Some((vendor, name))
            if !vendor.is_empty()
                && !name.is_empty()
                && vendor.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            Ok(())
        }
        _ => Err(format!("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (\"{a}\" is not service:Action)")),
    }
}

fn check_resource(r: &str) -> Result<(), String> {
    if r == "*" || (r.starts_with("arn:") && r.split(':').count() >= 6) {
        Ok(())
    } else {
        Err(format!("Resource {r} must be in ARN format or \"*\"."))
    }
}

/// IAM's wildcards: `*` any run of characters (colons included), `?` one character.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative match with one backtrack point: linear in practice, never recursive.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn globs() {
        assert!(glob("sqs:*", "sqs:ReceiveMessage"));
        assert!(glob("*", ""));
        assert!(glob(
            "arn:aws:sqs:*:*:cancela-*",
            "arn:aws:sqs:us-east-1:1:cancela-pedido-queue"
        ));
        assert!(glob("dynamodb:?etItem", "dynamodb:GetItem"));
        assert!(!glob("dynamodb:?etItem", "dynamodb:UpdateItem"));
        assert!(!glob(
            "arn:aws:sqs:us-east-1:1:q",
            "arn:aws:sqs:us-east-1:1:q2"
        ));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b*c", "aXXbYY"));
    }

    #[test]
    fn refuses_what_iam_refuses() {
        let bad = [
            json!({"Statement": [{"Effect": "Allow", "Action": "ReceiveMessage", "Resource": "*"}]}),
            json!({"Statement": [{"Effect": "Allow", "Action": "sqs:ReceiveMessage", "Resource": "COLE AQUI O ARN"}]}),
            json!({"Statement": [{"Effect": "Permit", "Action": "sqs:*", "Resource": "*"}]}),
            json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"}]}),
            json!({"Statement": [{"Effect": "Allow", "Action": "sqs:*"}]}),
            json!({"Version": "2020-01-01", "Statement": []}),
            json!([]),
        ];
        for b in bad {
            assert!(PolicyDocument::parse(&b).is_err(), "{b}");
        }
    }
}
