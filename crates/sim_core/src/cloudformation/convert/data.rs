//! DynamoDB tables, S3 buckets, CloudWatch alarms, IAM roles and policies, log groups.

use serde_json::{json, Value};

use super::props::{check, failed, member, Spec, K};
use super::{Build, Resolved};

const TABLE: Spec = Spec {
    props: &[
        ("TableName", K::Str),
        ("KeySchema", K::List),
        ("StreamSpecification", K::Obj),
        ("AttributeDefinitions", K::List),
        ("BillingMode", K::Skip),
        ("ProvisionedThroughput", K::Skip),
        ("GlobalSecondaryIndexes", K::Skip),
        ("LocalSecondaryIndexes", K::Skip),
        ("TimeToLiveSpecification", K::Skip),
        ("PointInTimeRecoverySpecification", K::Skip),
        ("SSESpecification", K::Skip),
        ("DeletionProtectionEnabled", K::Skip),
        ("TableClass", K::Skip),
        ("ContributorInsightsSpecification", K::Skip),
        ("KinesisStreamSpecification", K::Skip),
        ("OnDemandThroughput", K::Skip),
        ("WarmThroughput", K::Skip),
        ("ImportSourceSpecification", K::Skip),
        ("ResourcePolicy", K::Skip),
        ("Tags", K::Skip),
    ],
    required: &["KeySchema"],
};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html>
pub fn table(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let mut t = check(&r.id, &r.props, &TABLE)?;
    t.insert("TableName".into(), Value::String(r.name.clone()));
    if let Some(s) = t.remove("StreamSpecification") {
        // CloudFormation has only StreamViewType: a stream exists when it is given.
        let view = member(&r.id, &s, "StreamSpecification", "StreamViewType", K::Str)?;
        let Some(view) = view else {
            return Err(failed(
                &r.id,
                "#/StreamSpecification: required key [StreamViewType] not found".into(),
            ));
        };
        t.insert(
            "StreamSpecification".into(),
            json!({ "StreamEnabled": true, "StreamViewType": view }),
        );
    }
    if r.metadata
        .get(super::compute::METADATA_KEY)
        .and_then(|m| m.get("Items"))
        .is_some()
    {
        t.insert(
            "Items".into(),
            r.metadata[super::compute::METADATA_KEY]["Items"].clone(),
        );
    }
    b.tables.push(Value::Object(t));
    Ok(())
}

const BUCKET: Spec = Spec {
    props: &[
        ("BucketName", K::Str),
        ("NotificationConfiguration", K::Obj),
        ("AccessControl", K::Skip),
        ("BucketEncryption", K::Skip),
        ("CorsConfiguration", K::Skip),
        ("LifecycleConfiguration", K::Skip),
        ("LoggingConfiguration", K::Skip),
        ("OwnershipControls", K::Skip),
        ("PublicAccessBlockConfiguration", K::Skip),
        ("VersioningConfiguration", K::Skip),
        ("WebsiteConfiguration", K::Skip),
        ("ObjectLockEnabled", K::Skip),
        ("Tags", K::Skip),
    ],
    required: &[],
};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html>
pub fn bucket(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let mut t = check(&r.id, &r.props, &BUCKET)?;
    t.insert("BucketName".into(), Value::String(r.name.clone()));
    if let Some(eb) = t
        .get_mut("NotificationConfiguration")
        .and_then(|nc| nc.get_mut("EventBridgeConfiguration"))
    {
        *eb = event_bridge_configuration(&r.id, eb)?;
    }
    // An EventLab export keeps each notification's Id (which CloudFormation has not) here.
    let ids = r
        .metadata
        .get(super::compute::METADATA_KEY)
        .and_then(|m| m.get("NotificationIds"));
    if let (Some(Value::Object(ids)), Some(Value::Object(nc))) =
        (ids, t.get_mut("NotificationConfiguration"))
    {
        for (list, names) in ids {
            let configs = nc
                .get_mut(list)
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten();
            for (c, id) in configs.zip(names.as_array().into_iter().flatten()) {
                if let (Value::Object(c), Value::String(_)) = (c, id) {
                    c.insert("Id".into(), id.clone());
                }
            }
        }
    }
    b.buckets.push(Value::Object(t));
    Ok(())
}

/// CloudFormation's `EventBridgeConfiguration` requires `EventBridgeEnabled`, a
/// boolean (a parameter's "true" is one); S3's API form `{}` is not a template's.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-eventbridgeconfiguration.html>
fn event_bridge_configuration(id: &str, eb: &Value) -> Result<Value, String> {
    let at = "#/NotificationConfiguration/EventBridgeConfiguration";
    let enabled = match eb.get("EventBridgeEnabled") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) if s == "true" || s == "false" => s == "true",
        Some(other) => {
            let found = super::props::found(other);
            return Err(failed(
                id,
                format!("{at}/EventBridgeEnabled: expected type: Boolean, found: {found}"),
            ));
        }
        None => {
            return Err(failed(
                id,
                format!("{at}: required key [EventBridgeEnabled] not found"),
            ))
        }
    };
    Ok(serde_json::json!({ "EventBridgeEnabled": enabled }))
}

const ALARM: Spec = Spec {
    props: &[
        ("AlarmName", K::Str),
        ("AlarmDescription", K::Str),
        ("Namespace", K::Str),
        ("MetricName", K::Str),
        ("Dimensions", K::List),
        ("Statistic", K::Str),
        ("Period", K::Num),
        ("EvaluationPeriods", K::Num),
        ("DatapointsToAlarm", K::Num),
        ("Threshold", K::Num),
        ("ComparisonOperator", K::Str),
        ("TreatMissingData", K::Str),
        ("ActionsEnabled", K::Bool),
        ("AlarmActions", K::List),
        ("OKActions", K::List),
        ("InsufficientDataActions", K::List),
        ("Unit", K::Skip),
        ("ExtendedStatistic", K::Str),
        ("Metrics", K::List),
        ("EvaluateLowSampleCountPercentile", K::Skip),
        ("ThresholdMetricId", K::Str),
        ("Tags", K::Skip),
    ],
    required: &["ComparisonOperator", "EvaluationPeriods"],
};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html>
pub fn alarm(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let mut a = check(&r.id, &r.props, &ALARM)?;
    for k in ["Metrics", "ExtendedStatistic", "ThresholdMetricId"] {
        if a.contains_key(k) {
            b.not_simulated(
                r,
                &format!("{k}: only alarms on one metric with a Statistic are simulated"),
            );
            return Ok(());
        }
    }
    a.insert("AlarmName".into(), Value::String(r.name.clone()));
    b.alarms.push(Value::Object(a));
    Ok(())
}

const ROLE: Spec = Spec {
    props: &[
        ("RoleName", K::Str),
        ("Description", K::Str),
        ("AssumeRolePolicyDocument", K::Any),
        ("ManagedPolicyArns", K::List),
        ("Policies", K::List),
        ("Path", K::Skip),
        ("MaxSessionDuration", K::Skip),
        ("PermissionsBoundary", K::Skip),
        ("Tags", K::Skip),
    ],
    required: &["AssumeRolePolicyDocument"],
};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html>
pub fn role(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let mut t = check(&r.id, &r.props, &ROLE)?;
    t.insert("RoleName".into(), Value::String(r.name.clone()));
    if let Some(Value::Array(arns)) = t.get_mut("ManagedPolicyArns") {
        let (known, unknown): (Vec<Value>, Vec<Value>) = arns.drain(..).partition(|a| {
            a.as_str()
                .and_then(crate::services::iam::managed_json)
                .is_some()
        });
        for a in unknown {
            b.notes.push(format!("{}: managed policy {} is not simulated: left out, so what only it allows is refused", r.id, a.as_str().unwrap_or("?")));
        }
        *arns = known;
    }
    b.roles.push(Value::Object(t));
    Ok(())
}

const POLICY: Spec = Spec {
    props: &[
        ("PolicyName", K::Str),
        ("PolicyDocument", K::Any),
        ("Roles", K::List),
        ("Users", K::Skip),
        ("Groups", K::Skip),
    ],
    required: &["PolicyName", "PolicyDocument"],
};

/// An AWS::IAM::Policy (an inline policy on roles) joins each role's Policies.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-policy.html>
pub fn policy(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let p = check(&r.id, &r.props, &POLICY)?;
    let inline = json!({ "PolicyName": p["PolicyName"], "PolicyDocument": p["PolicyDocument"] });
    for role in p
        .get("Roles")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name =
            crate::services::iam::role_name_from(role.as_str().unwrap_or_default()).to_string();
        let Some(target) = b.roles.iter_mut().find(|x| x["RoleName"] == name.as_str()) else {
            return Err(failed(
                &r.id,
                format!("#/Roles: role {name} is not declared in this template"),
            ));
        };
        let policies = target.as_object_mut().map(|m| {
            m.entry("Policies")
                .or_insert_with(|| Value::Array(Vec::new()))
        });
        if let Some(Value::Array(list)) = policies {
            list.push(inline.clone());
        }
    }
    Ok(())
}

/// Log groups are kept per function already (`/aws/lambda/NAME`): accepted, nothing to build.
pub fn log_group(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let spec = Spec {
        props: &[
            ("LogGroupName", K::Str),
            ("RetentionInDays", K::Num),
            ("KmsKeyId", K::Skip),
            ("LogGroupClass", K::Skip),
            ("DataProtectionPolicy", K::Skip),
            ("FieldIndexPolicies", K::Skip),
            ("Tags", K::Skip),
        ],
        required: &[],
    };
    check(&r.id, &r.props, &spec)?;
    b.notes.push(format!(
        "{}: log group {} — every function's log is kept in the app already",
        r.id, r.name
    ));
    Ok(())
}
