//! Which resource types CloudFormation has, for the namespaces the labs use. A
//! template naming a type AWS does not have is refused at validation, the whole
//! template, with every such type listed:
//! `Template format error: Unrecognized resource types: [AWS::SQS::Queeu]`.
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html>
//! <https://repost.aws/knowledge-center/cloudformation-template-validation>
//!
//! Types AWS has but EventLab does not simulate (AWS::Logs::LogGroup, AWS::EC2::VPC)
//! stay accepted and are listed as not simulated. Namespaces not in the table are
//! not checked, only the shape of their names.

use serde_json::{Map, Value};

/// Every resource type of each namespace, as the namespace's page of the template
/// reference lists it (`AWS_<Namespace>.html`, e.g.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/AWS_SQS.html>).
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html>
pub const NAMESPACES: &[(&str, &[&str])] = &[
    ("SQS", &["Queue", "QueueInlinePolicy", "QueuePolicy"]),
    (
        "SNS",
        &["Subscription", "Topic", "TopicInlinePolicy", "TopicPolicy"],
    ),
    (
        "Lambda",
        &[
            "Alias",
            "CapacityProvider",
            "CodeSigningConfig",
            "EventInvokeConfig",
            "EventSourceMapping",
            "Function",
            "LayerVersion",
            "LayerVersionPermission",
            "Permission",
            "Url",
            "Version",
        ],
    ),
    ("DynamoDB", &["GlobalTable", "Table"]),
    (
        "Events",
        &[
            "ApiDestination",
            "Archive",
            "Connection",
            "Endpoint",
            "EventBus",
            "EventBusPolicy",
            "Replay",
            "Rule",
        ],
    ),
    ("Pipes", &["Pipe"]),
    (
        "S3",
        &[
            "AccessGrant",
            "AccessGrantsInstance",
            "AccessGrantsLocation",
            "AccessPoint",
            "Bucket",
            "BucketPolicy",
            "MultiRegionAccessPoint",
            "MultiRegionAccessPointPolicy",
            "StorageLens",
            "StorageLensGroup",
        ],
    ),
    (
        "IAM",
        &[
            "AccessKey",
            "Group",
            "GroupPolicy",
            "InstanceProfile",
            "ManagedPolicy",
            "OIDCProvider",
            "Policy",
            "Role",
            "RolePolicy",
            "SAMLProvider",
            "ServerCertificate",
            "ServiceLinkedRole",
            "User",
            "UserPolicy",
            "UserToGroupAddition",
            "VirtualMFADevice",
        ],
    ),
    (
        "CloudWatch",
        &[
            "Alarm",
            "AlarmMuteRule",
            "AnomalyDetector",
            "CompositeAlarm",
            "Dashboard",
            "InsightRule",
            "MetricStream",
            "OTelEnrichment",
        ],
    ),
    (
        "Logs",
        &[
            "AccountPolicy",
            "Delivery",
            "DeliveryDestination",
            "DeliverySource",
            "Destination",
            "Integration",
            "LogAnomalyDetector",
            "LogGroup",
            "LogStream",
            "MetricFilter",
            "QueryDefinition",
            "ResourcePolicy",
            "ScheduledQuery",
            "SubscriptionFilter",
            "Transformer",
        ],
    ),
    (
        "ApiGateway",
        &[
            "Account",
            "ApiKey",
            "Authorizer",
            "BasePathMapping",
            "BasePathMappingV2",
            "ClientCertificate",
            "Deployment",
            "DocumentationPart",
            "DocumentationVersion",
            "DomainName",
            "DomainNameAccessAssociation",
            "DomainNameV2",
            "GatewayResponse",
            "Method",
            "Model",
            "RequestValidator",
            "Resource",
            "RestApi",
            "Stage",
            "UsagePlan",
            "UsagePlanKey",
            "VpcLink",
        ],
    ),
    (
        "ApiGatewayV2",
        &[
            "Api",
            "ApiGatewayManagedOverrides",
            "ApiMapping",
            "Authorizer",
            "Deployment",
            "DomainName",
            "Integration",
            "IntegrationResponse",
            "Model",
            "Route",
            "RouteResponse",
            "RoutingRule",
            "Stage",
            "VpcLink",
        ],
    ),
    (
        "StepFunctions",
        &[
            "Activity",
            "StateMachine",
            "StateMachineAlias",
            "StateMachineVersion",
        ],
    ),
    ("KMS", &["Alias", "Key", "ReplicaKey"]),
    (
        "SSM",
        &[
            "Association",
            "Document",
            "MaintenanceWindow",
            "MaintenanceWindowTarget",
            "MaintenanceWindowTask",
            "Parameter",
            "PatchBaseline",
            "ResourceDataSync",
            "ResourcePolicy",
        ],
    ),
];

/// Whether CloudFormation could know `ty`. A type name is
/// `Organization::Service::Resource` (a module's ends in `::MODULE`), each part 2 to
/// 64 letters or digits; a custom resource's is `Custom::` then letters, digits or
/// `_@-`, 60 characters at most. In a namespace of the table, the type must be one
/// it lists; `AWS::Serverless::*` exists only under the SAM transform.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_TypeConfigurationIdentifier.html>
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html>
pub fn recognized(ty: &str, sam: bool) -> bool {
    if let Some(name) = ty.strip_prefix("Custom::") {
        return !name.is_empty()
            && ty.len() <= 60
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_@-".contains(c));
    }
    let parts: Vec<&str> = ty.split("::").collect();
    let named = match parts.as_slice() {
        [_, _, _] => &parts[..],
        [a, b, c, "MODULE"] => &[*a, *b, *c][..],
        _ => return false,
    };
    let part_ok =
        |p: &&str| (2..=64).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric());
    if !named.iter().all(part_ok) {
        return false;
    }
    if parts[0] != "AWS" || parts.len() != 3 {
        return true;
    }
    if parts[1] == "Serverless" {
        return sam;
    }
    match NAMESPACES
        .iter()
        .find(|(ns, _)| ns.eq_ignore_ascii_case(parts[1]))
    {
        Some((ns, types)) => *ns == parts[1] && types.contains(&parts[2]),
        None => true,
    }
}

/// Refuses a template naming a type CloudFormation does not have, listing them all
/// (each once, in the template's order), as CloudFormation's validation does.
pub fn check(doc: &Map<String, Value>, sam: bool) -> Result<(), String> {
    let mut unknown: Vec<&str> = Vec::new();
    for r in doc
        .get("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(Map::values)
    {
        let ty = r.get("Type").and_then(Value::as_str).unwrap_or_default();
        if !recognized(ty, sam) && !unknown.contains(&ty) {
            unknown.push(ty);
        }
    }
    if unknown.is_empty() {
        return Ok(());
    }
    Err(format!(
        "Template format error: Unrecognized resource types: [{}]",
        unknown.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_cloudformation_knows_them() {
        for ty in [
            "AWS::SQS::Queue",
            "AWS::Logs::LogGroup",
            "AWS::EC2::VPC",
            "AWS::Xyz::Anything",
            "Alexa::ASK::Skill",
            "MyOrg::Service::Thing",
            "MyOrg::Service::Thing::MODULE",
            "Custom::Seed_data@v1-2",
            "AWS::CloudFormation::CustomResource",
        ] {
            assert!(recognized(ty, false), "{ty}");
        }
        assert!(recognized("AWS::Serverless::Function", true));
        for ty in [
            "AWS::SQS::Queeu",
            "AWS::Lambda::Functon",
            "AWS::Sqs::Queue",
            "AWS::Serverless::Function",
            "AWS::SQS",
            "Queue",
            "",
            "AWS::SQS::Queue::Extra",
            "AWS:SQS:Queue",
            "AWS::S-3::Bucket",
            "Custom::",
            "Custom::a b",
            &format!("Custom::{}", "x".repeat(53)),
        ] {
            assert!(!recognized(ty, false), "{ty}");
        }
    }
}
