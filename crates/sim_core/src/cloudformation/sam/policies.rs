//! A serverless function's generated execution role: AWSLambdaBasicExecutionRole,
//! the poller policies its event sources need, and its `Policies` (AWS managed
//! policy names, inline statements, and SAM's policy templates).
//! <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html>

use serde_json::{json, Map, Value};

use super::Out;

const BASIC: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
const SQS_POLLER: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole";
const DDB_POLLER: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole";

/// `{FunctionId}Role`, as SAM names it.
pub fn role(out: &mut Out, id: &str, p: &Map<String, Value>) -> Result<(), String> {
    let mut managed = vec![json!(BASIC)];
    for e in p
        .get("Events")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values())
    {
        let extra = match e.get("Type").and_then(Value::as_str) {
            Some("SQS") => SQS_POLLER,
            Some("DynamoDB") => DDB_POLLER,
            _ => continue,
        };
        if !managed.contains(&json!(extra)) {
            managed.push(json!(extra));
        }
    }
    let mut inline = Vec::new();
    let list = match p.get("Policies") {
        Some(Value::Array(a)) => a.clone(),
        Some(v) => vec![v.clone()],
        None => Vec::new(),
    };
    for (i, pol) in list.iter().enumerate() {
        match pol {
            Value::String(name) => managed.push(json!(managed_arn(name))),
            Value::Object(m) if m.contains_key("Statement") => inline.push(json!({
                "PolicyName": format!("{id}RolePolicy{i}"),
                "PolicyDocument": { "Version": "2012-10-17", "Statement": m["Statement"] }
            })),
            Value::Object(m) => match m.iter().next().and_then(|(t, args)| template(t, args)) {
                Some(statements) => inline.push(json!({
                    "PolicyName": format!("{id}RolePolicy{i}"),
                    "PolicyDocument": { "Version": "2012-10-17", "Statement": statements }
                })),
                None => out.notes.push(format!(
                    "{id}: policy template {} is not simulated: left out of {id}Role",
                    m.keys().next().map(String::as_str).unwrap_or("?")
                )),
            },
            _ => return Err(format!("Template error: [/Resources/{id}/Properties/Policies/{i}] a policy is a managed policy name, a policy document or a policy template")),
        }
    }
    let mut props = json!({
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }]
        },
        "ManagedPolicyArns": managed
    });
    if !inline.is_empty() {
        props["Policies"] = Value::Array(inline);
    }
    out.add(format!("{id}Role"), "AWS::IAM::Role", props);
    Ok(())
}

fn managed_arn(name: &str) -> String {
    if name.starts_with("arn:") {
        return name.to_string();
    }
    let service_role = [
        "AWSLambdaBasicExecutionRole",
        "AWSLambdaSQSQueueExecutionRole",
        "AWSLambdaDynamoDBExecutionRole",
    ];
    if service_role.contains(&name) {
        format!("arn:aws:iam::aws:policy/service-role/{name}")
    } else {
        format!("arn:aws:iam::aws:policy/{name}")
    }
}

/// `arn:…:<service>:region:account:<resource>` with the template's argument in it.
fn arn(pattern: &str, var: &str, value: &Value) -> Value {
    json!({ "Fn::Sub": [pattern, { var: value }] })
}

/// A policy template's statements, as SAM's policy_templates.json writes them.
fn template(name: &str, args: &Value) -> Option<Value> {
    let arg = |k: &str| args.get(k).cloned().unwrap_or(Value::Null);
    let queue = || {
        arn(
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}",
            "queueName",
            &arg("QueueName"),
        )
    };
    let table = || {
        arn(
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
            "tableName",
            &arg("TableName"),
        )
    };
    let index = || {
        arn("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*", "tableName", &arg("TableName"))
    };
    let statement = |actions: &[&str], resources: Vec<Value>| json!([{ "Effect": "Allow", "Action": actions, "Resource": resources }]);
    Some(match name {
        "SQSPollerPolicy" => statement(
            &["sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
            vec![queue()],
        ),
        "SQSSendMessagePolicy" => statement(&["sqs:SendMessage*"], vec![queue()]),
        "DynamoDBCrudPolicy" => statement(
            &["dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"],
            vec![table(), index()],
        ),
        "DynamoDBReadPolicy" => statement(
            &["dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"],
            vec![table(), index()],
        ),
        "DynamoDBWritePolicy" => statement(&["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"], vec![table(), index()]),
        "EventBridgePutEventsPolicy" => statement(
            &["events:PutEvents"],
            vec![arn("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${eventBusName}", "eventBusName", &arg("EventBusName"))],
        ),
        "SNSPublishMessagePolicy" => statement(
            &["sns:Publish"],
            vec![arn("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${topicName}", "topicName", &arg("TopicName"))],
        ),
        "S3ReadPolicy" => statement(
            &["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:GetLifecycleConfiguration"],
            vec![
                arn("arn:${AWS::Partition}:s3:::${bucketName}", "bucketName", &arg("BucketName")),
                arn("arn:${AWS::Partition}:s3:::${bucketName}/*", "bucketName", &arg("BucketName")),
            ],
        ),
        "LambdaInvokePolicy" => statement(
            &["lambda:InvokeFunction"],
            vec![arn("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}*", "functionName", &arg("FunctionName"))],
        ),
        _ => return None,
    })
}
