//! IAM: execution roles with their inline and AWS managed policies, and the check
//! every call a function makes (and every poll its event source mapping makes)
//! goes through. A function whose role the scenario does not declare is not
//! checked: the scenario did not model its permissions.

pub mod policy;
pub mod resource_policy;

use serde_json::Value;

use crate::services::de::{self, read, req, FromJson, Res};
pub use policy::{Decision, PolicyDocument};

/// An inline policy: its name, the JSON as written (and pretty-printed once, for
/// the panel that shows it every frame), and the parsed document.
#[derive(Clone, Debug, PartialEq)]
pub struct InlinePolicy {
    pub policy_name: String,
    pub document_json: Value,
    pub document_text: String,
    pub document: PolicyDocument,
    /// Its Allow statements' Resources that name nothing in the lab, worked out by
    /// the world when the policy is saved (the panel shows them every frame).
    pub named_nowhere: Vec<NamedNowhere>,
}

/// A policy's Resource that names nothing here: IAM saves it as written (it never
/// checks that a resource exists), so a typo shows only as a call still denied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedNowhere {
    pub resource: String,
    /// The resource ARN a typo away, if there is one.
    pub closest: Option<String>,
}

/// AWS::IAM::Role's properties that matter here.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleConfig {
    pub role_name: String,
    pub description: Option<String>,
    pub managed_policy_arns: Vec<String>,
    /// The managed policies' documents, in `managed_policy_arns` order, and their
    /// JSON pretty-printed once.
    pub managed_documents: Vec<PolicyDocument>,
    pub managed_texts: Vec<String>,
    pub policies: Vec<InlinePolicy>,
}

#[derive(Clone, Debug, Default)]
pub struct Iam {
    pub roles: Vec<RoleConfig>,
}

impl Iam {
    pub fn role(&self, name: &str) -> Option<&RoleConfig> {
        self.roles.iter().find(|r| r.role_name == name)
    }

    pub fn role_mut(&mut self, name: &str) -> Option<&mut RoleConfig> {
        self.roles.iter_mut().find(|r| r.role_name == name)
    }

    /// What the role's policies decide; None when the role is not modelled.
    pub fn decide(&self, role_name: &str, action: &str, resource_arn: &str) -> Option<Decision> {
        if self.roles.is_empty() {
            return None; // the common case: no scenario roles, nothing to check
        }
        Some(self.role(role_name)?.decide(action, resource_arn))
    }
}

impl RoleConfig {
    /// What the role's managed and inline policies decide together.
    pub fn decide(&self, action: &str, resource_arn: &str) -> Decision {
        let inline = self.policies.iter().map(|p| &p.document);
        policy::decide_all(
            self.managed_documents.iter().chain(inline),
            action,
            resource_arn,
        )
    }

    pub fn arn(&self) -> String {
        role_arn(&self.role_name)
    }
}

pub fn role_arn(role_name: &str) -> String {
    format!("arn:aws:iam::{}:role/{role_name}", crate::ACCOUNT_ID)
}

/// `arn:aws:iam::123456789012:role/name` or a bare name → the name.
pub fn role_name_from(arn_or_name: &str) -> &str {
    arn_or_name
        .rsplit_once(":role/")
        .map(|(_, n)| n.rsplit('/').next().unwrap_or(n))
        .unwrap_or(arn_or_name)
}

/// The AWS managed policies the labs attach, as AWS publishes them.
/// <https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html>
pub const MANAGED_POLICIES: &[(&str, &str)] = &[
    (
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    ),
    (
        "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    ),
    (
        "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#,
    ),
];

/// A managed policy's document by ARN.
pub fn managed(arn: &str) -> Option<PolicyDocument> {
    managed_json(arn).and_then(|v| PolicyDocument::parse(&v).ok())
}

pub fn managed_json(arn: &str) -> Option<Value> {
    let (_, text) = MANAGED_POLICIES.iter().find(|(a, _)| *a == arn)?;
    serde_json::from_str(text).ok()
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

impl InlinePolicy {
    pub fn new(policy_name: String, document_json: Value) -> Result<InlinePolicy, String> {
        check_policy_name(&policy_name)?;
        let document = PolicyDocument::parse(&document_json)?;
        Ok(InlinePolicy {
            policy_name,
            document_text: pretty(&document_json),
            document_json,
            document,
            named_nowhere: Vec::new(),
        })
    }
}

/// PutRolePolicy's PolicyName: 1–128 of `[\w+=,.@-]`.
pub fn check_policy_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.chars().count() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
    if ok {
        Ok(())
    } else {
        // IAM's own sentence, then what it means (1 to 128 characters).
        Err(format!(
            "The specified value for policyName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_- (\"{name}\": 1 to 128 letters without accents, digits or +=,.@_-)"
        ))
    }
}

fn inline_policy(v: &Value) -> Res<(String, Value)> {
    read!(v, "struct Policy", true, "",
        "PolicyName" policy_name de::string,
        "PolicyDocument" policy_document de::value,
    );
    Ok((
        req(policy_name, "PolicyName")?,
        req(policy_document, "PolicyDocument")?,
    ))
}

impl FromJson for RoleConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct RoleConfig", true, "",
            "RoleName" role_name de::string,
            "Description" description de::opt_string,
            "AssumeRolePolicyDocument" _trust de::value,
            "ManagedPolicyArns" managed_policy_arns de::strings,
            "Policies" policies |x| de::vec(x, inline_policy),
        );
        let mut inline = Vec::new();
        for (name, doc) in policies.unwrap_or_default() {
            let p = InlinePolicy::new(name.clone(), doc)
                .map_err(|e| serde::de::Error::custom(format!("policy {name}: {e}")))?;
            inline.push(p);
        }
        let managed_policy_arns = managed_policy_arns.unwrap_or_default();
        let mut managed_documents = Vec::new();
        let mut managed_texts = Vec::new();
        for a in &managed_policy_arns {
            managed_texts.push(managed_json(a).map(|v| pretty(&v)).unwrap_or_default());
            let Some(doc) = managed(a) else {
                let known: Vec<&str> = MANAGED_POLICIES.iter().map(|(a, _)| *a).collect();
                return Err(serde::de::Error::custom(format!(
                    "ManagedPolicyArns: {a} is not one of the managed policies simulated here ({})",
                    known.join(", ")
                )));
            };
            managed_documents.push(doc);
        }
        Ok(RoleConfig {
            role_name: req(role_name, "RoleName")?,
            description: description.flatten(),
            managed_policy_arns,
            managed_documents,
            managed_texts,
            policies: inline,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managed_policies_parse() {
        for (arn, _) in MANAGED_POLICIES {
            assert!(managed(arn).is_some(), "{arn}");
        }
    }

    #[test]
    fn role_names_from_arns() {
        assert_eq!(role_name_from("arn:aws:iam::123456789012:role/x"), "x");
        assert_eq!(
            role_name_from("arn:aws:iam::123456789012:role/service-role/x"),
            "x"
        );
        assert_eq!(role_name_from("x"), "x");
    }
}
