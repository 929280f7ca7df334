//! IAM in the world: the check every call a function makes goes through, the
//! checks an SQS event source mapping's pollers make with the function's role, and
//! PutRolePolicy / DeleteRolePolicy while running.

use serde_json::Value;

use crate::error::{SimError, SimResult};
use crate::kernel::trace::TraceKind;
use crate::lambda::invocation::HandlerError;
use crate::services::iam::{Decision, InlinePolicy};
use crate::world::Simulation;

/// The error code each service's API answers an authorization failure with.
/// <https://repost.aws/knowledge-center/sqs-accessdenied-errors>,
/// <https://repost.aws/knowledge-center/sns-topics-iam-errors-subscriber>
fn denial_code(action: &str) -> &'static str {
    match action.split(':').next() {
        Some("sqs") | Some("s3") => "AccessDenied",
        Some("sns") => "AuthorizationError",
        _ => "AccessDeniedException",
    }
}

/// The action as the service's own denial message writes it: SQS in lower case
/// ("not authorized to perform: sqs:sendmessage … allows the sqs:sendmessage
/// action", <https://github.com/aws/serverless-application-model/issues/3633>), SNS
/// with its prefix in capitals ("SNS:Publish",
/// <https://github.com/aws-ia/terraform-aws-control_tower_account_factory/issues/151>),
/// the others as IAM names it ("dynamodb:UpdateItem").
fn action_as_written(action: &str) -> String {
    match action.split_once(':') {
        Some(("sqs", _)) => action.to_ascii_lowercase(),
        Some(("sns", operation)) => format!("SNS:{operation}"),
        _ => action.to_string(),
    }
}

impl Simulation {
    /// What function `f`'s role decides for `action` on `resource_arn` (the
    /// deny-permission fault first: it stands for a role that lost everything).
    pub(crate) fn function_decision(&self, f: u32, action: &str, resource_arn: &str) -> Decision {
        let func = &self.lambda.functions[f as usize];
        if func.faults.deny_permission {
            return Decision::ImplicitDeny;
        }
        if self.iam.roles.is_empty() {
            return Decision::Allow; // no scenario roles: nothing to check
        }
        self.iam
            .decide(&func.config.role_name(), action, resource_arn)
            .unwrap_or(Decision::Allow)
    }

    /// IAM's sentence: who, what, on what, and why not.
    pub(crate) fn denial_text(
        &self,
        f: u32,
        action: &str,
        resource_arn: &str,
        decision: Decision,
    ) -> String {
        let func = &self.lambda.functions[f as usize];
        let action = action_as_written(action);
        let why = if decision == Decision::ExplicitDeny {
            "with an explicit deny in an identity-based policy".to_string()
        } else {
            format!("because no identity-based policy allows the {action} action")
        };
        format!(
            "User: arn:aws:sts::{}:assumed-role/{}/{} is not authorized to perform: {action} on resource: {resource_arn} {why}",
            crate::ACCOUNT_ID,
            func.config.role_name(),
            func.name()
        )
    }

    /// Whether a call from function `f` can be refused at all: false when the
    /// scenario models no roles and the deny fault is off, so the caller need not
    /// build the resource's ARN to ask.
    pub(crate) fn may_refuse(&self, f: u32) -> bool {
        self.lambda.functions[f as usize].faults.deny_permission || !self.iam.roles.is_empty()
    }

    /// Checks a call the function's code makes; the error is what boto3 raises.
    pub(crate) fn authorize_call(
        &self,
        f: u32,
        action: &str,
        resource_arn: &str,
        operation: &str,
    ) -> Result<(), HandlerError> {
        let decision = self.function_decision(f, action, resource_arn);
        if decision == Decision::Allow {
            return Ok(());
        }
        Err(HandlerError::new(
            "ClientError",
            format!(
                "An error occurred ({}) when calling the {operation} operation: {}",
                denial_code(action),
                self.denial_text(f, action, resource_arn, decision)
            ),
        )
        .at(super::traceback::call_of(operation)))
    }

    /// Whether mapping `mi`'s pollers may call `action` on its queue, with the
    /// function's execution role. A refused ReceiveMessage is traced once, until a
    /// policy changes.
    pub(crate) fn mapping_may(&mut self, mi: usize, action: &str) -> bool {
        let q = self.lambda.sqs_mappings[mi].queue as usize;
        let f = self.lambda.sqs_mappings[mi].function;
        if self.iam.roles.is_empty() {
            return true;
        }
        let arn = self.sqs.queues[q].arn();
        let func = &self.lambda.functions[f as usize];
        let decision = self
            .iam
            .decide(&func.config.role_name(), action, &arn)
            .unwrap_or(Decision::Allow);
        if decision == Decision::Allow {
            self.lambda.sqs_mappings[mi].access_problem = None;
            return true;
        }
        let denial = self.denial_text(f, action, &arn, decision);
        if action == "sqs:ReceiveMessage" {
            if self.lambda.sqs_mappings[mi].access_problem.is_some() {
                return false;
            }
            self.lambda.sqs_mappings[mi].access_problem = Some(denial.clone());
        }
        let fname = func.name().to_string();
        let qname = self.sqs.queues[q].name().to_string();
        let consequence = if action == "sqs:ReceiveMessage" {
            "the trigger receives nothing and the messages wait in the queue (AWS: \"The provided execution role does not have permissions to call ReceiveMessage on SQS\")"
        } else {
            "the batch succeeded but its messages are not deleted: they come back after the visibility timeout with a higher receive count"
        };
        self.record(
            TraceKind::AccessDenied,
            &fname,
            Some(&qname),
            None,
            None,
            format_args!("{denial}: {consequence}"),
        );
        false
    }

    /// PutRolePolicy: adds or replaces an inline policy of a role.
    pub(crate) fn put_role_policy(
        &mut self,
        role_name: &str,
        policy_name: &str,
        document: Value,
    ) -> SimResult<()> {
        let policy = InlinePolicy::new(policy_name.to_string(), document)
            .map_err(|m| SimError::new("MalformedPolicyDocument", m))?;
        let role = self
            .iam
            .role_mut(role_name)
            .ok_or_else(|| no_role(role_name))?;
        match role
            .policies
            .iter_mut()
            .find(|p| p.policy_name == policy_name)
        {
            Some(p) => *p = policy,
            None => role.policies.push(policy),
        }
        self.mark_resources_named_nowhere();
        self.after_policy_change(
            role_name,
            format!("PutRolePolicy: inline policy {policy_name} saved; the next call the role makes is checked against it"),
        );
        Ok(())
    }

    /// DeleteRolePolicy.
    pub(crate) fn delete_role_policy(
        &mut self,
        role_name: &str,
        policy_name: &str,
    ) -> SimResult<()> {
        let role = self
            .iam
            .role_mut(role_name)
            .ok_or_else(|| no_role(role_name))?;
        let i = role
            .policies
            .iter()
            .position(|p| p.policy_name == policy_name)
            .ok_or_else(|| {
                SimError::new(
                    "NoSuchEntity",
                    format!("The role policy with name {policy_name} cannot be found."),
                )
            })?;
        role.policies.remove(i);
        self.after_policy_change(
            role_name,
            format!("DeleteRolePolicy: inline policy {policy_name} deleted"),
        );
        Ok(())
    }

    /// Traces the change and lets the role's SQS triggers try again at once.
    fn after_policy_change(&mut self, role_name: &str, text: String) {
        self.record(TraceKind::SettingChanged, role_name, None, None, None, text);
        let now = self.kernel.now_ms;
        for mi in 0..self.lambda.sqs_mappings.len() {
            let f = self.lambda.sqs_mappings[mi].function as usize;
            if self.lambda.functions[f].config.role_name() == role_name {
                self.lambda.sqs_mappings[mi].access_problem = None;
                if self.lambda.sqs_mappings[mi].config.enabled {
                    self.request_sqs_poll(mi, now + crate::lambda::mapping::POLL_LATENCY_MS);
                }
            }
        }
    }
}

fn no_role(role_name: &str) -> SimError {
    SimError::new(
        "NoSuchEntity",
        format!("The role with name {role_name} cannot be found."),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_service_writes_the_action_its_own_way() {
        use super::action_as_written as w;
        assert_eq!(w("sqs:SendMessage"), "sqs:sendmessage");
        assert_eq!(w("sns:Publish"), "SNS:Publish");
        assert_eq!(w("dynamodb:UpdateItem"), "dynamodb:UpdateItem");
        assert_eq!(w("s3:GetObject"), "s3:GetObject");
    }
}
