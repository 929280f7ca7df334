//! CreateEventSourceMapping's check of the function's execution role: Lambda
//! refuses to create a trigger its pollers could not use, so a role without the
//! queue's or stream's read actions fails here, as the stack or the console fails
//! on AWS, and never reaches the world. (A policy removed after the trigger exists
//! is a poll-time problem instead: `world/access.rs`.)

use super::Scenario;
use crate::lambda::mapping::EventSourceMappingConfig;
use crate::services::iam::Decision;

/// What Lambda's pollers call on a queue, in the order Lambda names a missing one:
/// "The provided execution role does not have permissions to call ReceiveMessage on
/// SQS" (InvalidParameterValueException; github.com/aws/aws-cdk/issues/6770, and
/// DeleteMessage in github.com/functionalone/serverless-iam-roles-per-function/
/// issues/21). The three are the Lambda developer guide's "Execution role
/// permissions" for SQS (services-sqs-configure).
const SQS_POLLER_ACTIONS: [&str; 3] = [
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
];

/// What a stream trigger's role must allow on the stream: "Please ensure the role
/// can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams
/// Actions on your stream in IAM" (github.com/aws-samples/lambda-refarch-webapp/
/// issues/7).
const STREAM_POLLER_ACTIONS: [&str; 4] = [
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:DescribeStream",
    "dynamodb:ListStreams",
];

impl Scenario {
    /// Each trigger against its function's role, once the roles are known to be
    /// declared once each and every mapping's own properties are checked.
    pub(super) fn check_mapping_roles(&self, file: &str) -> Result<(), String> {
        for m in &self.mappings {
            if let Some(refusal) = self.mapping_role_refusal(m) {
                let who = format!("{file}: event source mapping for \"{}\"", m.function_name);
                return Err(format!("{who}: {refusal}"));
            }
        }
        Ok(())
    }

    /// Lambda's refusal, when the mapping's function has a role this scenario
    /// declares and that role does not allow what the pollers call. A role the
    /// scenario does not declare is not modelled, so it is not checked.
    fn mapping_role_refusal(&self, m: &EventSourceMappingConfig) -> Option<String> {
        let function = self
            .functions
            .iter()
            .find(|f| f.function_name == m.function_name)?;
        let role_name = function.role_name();
        let role = self.roles.iter().find(|r| r.role_name == role_name)?;
        let src = m.source_name();
        let allows = |action: &str, arn: &str| role.decide(action, arn) == Decision::Allow;
        if self.queues.iter().any(|q| q.queue_name == src) {
            let arn = crate::sqs::queue_arn(self.region, src);
            let missing = SQS_POLLER_ACTIONS.iter().find(|a| !allows(a, &arn))?;
            let call = missing.trim_start_matches("sqs:");
            return Some(format!("InvalidParameterValueException: The provided execution role does not have permissions to call {call} on SQS (role {role_name} needs {} on {arn})", SQS_POLLER_ACTIONS.join(", ")));
        }
        self.tables.iter().find(|t| t.table_name == src)?;
        // The stream as the mapping names it; a table's name or ARN means its stream.
        let arn = if m.event_source_arn.contains("/stream/") {
            m.event_source_arn.clone()
        } else {
            crate::dynamodb::stream_arn(self.region, src)
        };
        STREAM_POLLER_ACTIONS.iter().find(|a| !allows(a, &arn))?;
        Some(format!("InvalidParameterValueException: Cannot access stream {arn}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM. (role {role_name})"))
    }
}
