//! Resource-based policies: AWS::SQS::QueuePolicy, AWS::SNS::TopicPolicy and
//! AWS::Lambda::Permission become the scenario's ResourcePolicies. Every queue,
//! topic and function of the template gets an entry, empty when the template
//! grants nothing: on AWS, a rule whose target queue has no policy letting
//! events.amazonaws.com send fails every delivery, silently (FailedInvocations),
//! and so it does here.
//! <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions>

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::props::{check, failed, last_segment, Spec, K};
use super::{Build, Resolved};

const QUEUE_POLICY: Spec = Spec {
    props: &[("Queues", K::List), ("PolicyDocument", K::Obj)],
    required: &["Queues", "PolicyDocument"],
};
const TOPIC_POLICY: Spec = Spec {
    props: &[("Topics", K::List), ("PolicyDocument", K::Obj)],
    required: &["Topics", "PolicyDocument"],
};
const PERMISSION: Spec = Spec {
    props: &[
        ("Action", K::Str),
        ("FunctionName", K::Str),
        ("Principal", K::Str),
        ("SourceArn", K::Str),
        ("SourceAccount", K::Str),
        ("EventSourceToken", K::Skip),
        ("FunctionUrlAuthType", K::Skip),
        ("PrincipalOrgID", K::Skip),
        ("InvokedViaFunctionUrl", K::Skip),
    ],
    required: &["Action", "FunctionName", "Principal"],
};

/// Statements granted so far, by resource ARN.
pub type Grants = BTreeMap<String, Vec<Value>>;

fn statements(doc: &Value) -> Vec<Value> {
    match doc.get("Statement") {
        Some(Value::Array(a)) => a.clone(),
        Some(s @ Value::Object(_)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queuepolicy.html>
pub fn queue_policy(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let p = check(&r.id, &r.props, &QUEUE_POLICY)?;
    for q in p["Queues"].as_array().into_iter().flatten() {
        let name = last_segment(q.as_str().unwrap_or_default());
        b.grants
            .entry(crate::sqs::queue_arn(b.region, &name))
            .or_default()
            .extend(statements(&p["PolicyDocument"]));
    }
    Ok(())
}

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicpolicy.html>
pub fn topic_policy(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let p = check(&r.id, &r.props, &TOPIC_POLICY)?;
    for t in p["Topics"].as_array().into_iter().flatten() {
        let arn = t.as_str().unwrap_or_default().to_string();
        b.grants
            .entry(arn)
            .or_default()
            .extend(statements(&p["PolicyDocument"]));
    }
    Ok(())
}

/// One permission is one statement of the function's policy, as Lambda's
/// AddPermission writes it.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html>
pub fn permission(b: &mut Build, r: &Resolved) -> Result<(), String> {
    let p = check(&r.id, &r.props, &PERMISSION)?;
    let name = last_segment(p["FunctionName"].as_str().unwrap_or_default());
    let arn = crate::lambda::function_arn(b.region, &name);
    let principal = p["Principal"].as_str().unwrap_or_default();
    let principal = if principal.ends_with(".amazonaws.com") {
        json!({ "Service": principal })
    } else if principal == "*" {
        json!("*")
    } else {
        json!({ "AWS": principal })
    };
    let mut st = json!({ "Sid": r.id, "Effect": "Allow", "Principal": principal, "Action": p["Action"], "Resource": arn });
    if let Some(src) = p.get("SourceArn") {
        st["Condition"] = json!({ "ArnLike": { "AWS:SourceArn": src } });
    }
    if !b
        .functions
        .iter()
        .any(|f| f["FunctionName"] == name.as_str())
    {
        return Err(failed(
            &r.id,
            format!("#/FunctionName: function {name} is not declared in this template"),
        ));
    }
    b.grants.entry(arn).or_default().push(st);
    Ok(())
}

/// One ResourcePolicies entry per queue, topic and function.
pub fn finish(b: &mut Build) {
    let mut arns: Vec<String> = Vec::new();
    let name = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    arns.extend(
        b.queues
            .iter()
            .map(|q| crate::sqs::queue_arn(b.region, &name(q, "QueueName"))),
    );
    arns.extend(
        b.topics
            .iter()
            .map(|t| crate::sns::topic_arn(b.region, &name(t, "TopicName"))),
    );
    arns.extend(
        b.functions
            .iter()
            .map(|f| crate::lambda::function_arn(b.region, &name(f, "FunctionName"))),
    );
    for arn in arns {
        let statements = b.grants.remove(&arn).unwrap_or_default();
        b.resource_policies.push(json!({
            "ResourceArn": arn,
            "Policy": { "Version": "2012-10-17", "Statement": statements }
        }));
    }
}

/// S3 checks a notification's destination when the notification is set: a
/// function, queue or topic whose policy does not let s3.amazonaws.com in fails
/// the bucket, so the stack, as CloudFormation would.
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html>
pub fn check_bucket_destinations(b: &Build) -> Result<(), String> {
    for bucket in &b.buckets {
        let name = bucket["BucketName"].as_str().unwrap_or_default();
        let source = format!("arn:aws:s3:::{name}");
        let nc = &bucket["NotificationConfiguration"];
        let lists = [
            ("LambdaConfigurations", "Function", "lambda:InvokeFunction"),
            ("QueueConfigurations", "Queue", "sqs:SendMessage"),
            ("TopicConfigurations", "Topic", "sns:Publish"),
        ];
        for (list, key, action) in lists {
            for c in nc.get(list).and_then(Value::as_array).into_iter().flatten() {
                let dest = c.get(key).and_then(Value::as_str).unwrap_or_default();
                let arn = match key {
                    "Function" => crate::lambda::function_arn(b.region, &last_segment(dest)),
                    "Queue" => crate::sqs::queue_arn(b.region, &last_segment(dest)),
                    _ if dest.starts_with("arn:") => dest.to_string(),
                    _ => crate::sns::topic_arn(b.region, dest),
                };
                let Some(p) = b
                    .resource_policies
                    .iter()
                    .find(|p| p["ResourceArn"] == arn.as_str())
                else {
                    continue;
                };
                let allowed = crate::services::iam::resource_policy::allows_service(
                    &p["Policy"],
                    "s3.amazonaws.com",
                    action,
                    &arn,
                    &source,
                );
                if !allowed {
                    return Err(format!("Template error: bucket {name}: Unable to validate the following destination configurations: {arn} does not let s3.amazonaws.com call {action} (add an AWS::Lambda::Permission, or a queue or topic policy, for s3.amazonaws.com)"));
                }
            }
        }
    }
    Ok(())
}
