//! What each resource type answers to Ref and Fn::GetAtt, and its physical name.
//! Where a template gives no name, CloudFormation makes one up
//! (`stack-LogicalId-RANDOM`); EventLab uses the logical id, so runs stay
//! deterministic and names readable.
//! Return values are from each type's "Return values" section in the
//! CloudFormation template reference, e.g.
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values>

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::intrinsics::Identity;
use crate::ACCOUNT_ID;

/// The property that names a resource of this type, if it has one.
pub fn name_property(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "AWS::SQS::Queue" => "QueueName",
        "AWS::Lambda::Function" => "FunctionName",
        "AWS::Events::EventBus" | "AWS::Events::Rule" | "AWS::Pipes::Pipe" => "Name",
        "AWS::DynamoDB::Table" => "TableName",
        "AWS::SNS::Topic" => "TopicName",
        "AWS::IAM::Role" => "RoleName",
        "AWS::S3::Bucket" => "BucketName",
        "AWS::CloudWatch::Alarm" => "AlarmName",
        "AWS::Logs::LogGroup" => "LogGroupName",
        "AWS::ApiGateway::RestApi" | "AWS::ApiGatewayV2::Api" => "Name",
        _ => return None,
    })
}

/// The resource's physical name: its name property, or the logical id (with
/// `.fifo` for a FIFO queue or topic, which AWS requires).
pub fn physical_name(ty: &str, id: &str, props: &Map<String, Value>) -> String {
    if let Some(n) = name_property(ty)
        .and_then(|p| props.get(p))
        .and_then(Value::as_str)
    {
        return n.to_string();
    }
    let fifo = |k: &str| {
        props
            .get(k)
            .is_some_and(|v| v == &Value::Bool(true) || v == "true")
    };
    match ty {
        "AWS::SQS::Queue" if fifo("FifoQueue") => format!("{id}.fifo"),
        "AWS::SNS::Topic" if fifo("FifoTopic") => format!("{id}.fifo"),
        // Bucket names are lowercase, 3 to 63 characters (CloudFormation's own are
        // `stack-uploadbucket-1a2b3c`): `UploadBucket` → `uploadbucket`.
        "AWS::S3::Bucket" => {
            let mut name: String = id.to_ascii_lowercase().chars().take(63).collect();
            if name.len() < 3 {
                name.push_str("-bucket");
            }
            name
        }
        _ => id.to_string(),
    }
}

fn arn(region: &str, service: &str, resource: &str) -> String {
    format!("arn:aws:{service}:{region}:{ACCOUNT_ID}:{resource}")
}

type Answers = (String, Vec<(&'static str, String)>);

/// What Ref and Fn::GetAtt give for a resource of a simulated type; stand-ins for others.
pub fn identity(ty: &str, id: &str, props: &Map<String, Value>, region: &str) -> Identity {
    let name = physical_name(ty, id, props);
    let Some((ref_value, attrs)) =
        messaging(ty, &name, props, region).or_else(|| others(ty, id, &name, region))
    else {
        return Identity {
            ref_value: Value::String(id.to_string()),
            attrs: None,
        };
    };
    let attrs: BTreeMap<&'static str, Value> = attrs
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    Identity {
        ref_value: Value::String(ref_value),
        attrs: Some(attrs),
    }
}

/// Queues, functions, buses, rules, pipes.
fn messaging(ty: &str, name: &str, props: &Map<String, Value>, region: &str) -> Option<Answers> {
    let name = name.to_string();
    Some(match ty {
        "AWS::SQS::Queue" => (
            crate::sqs::queue_url(region, &name),
            vec![
                ("Arn", arn(region, "sqs", &name)),
                ("QueueName", name.clone()),
                ("QueueUrl", crate::sqs::queue_url(region, &name)),
            ],
        ),
        "AWS::Lambda::Function" => (
            name.clone(),
            vec![("Arn", arn(region, "lambda", &format!("function:{name}")))],
        ),
        "AWS::Events::EventBus" => (
            name.clone(),
            vec![
                ("Arn", arn(region, "events", &format!("event-bus/{name}"))),
                ("Name", name.clone()),
            ],
        ),
        "AWS::Events::Rule" => {
            // A rule on a custom bus: `rule/BUS/NAME`, and Ref gives `BUS|NAME`.
            let bus = props
                .get("EventBusName")
                .and_then(Value::as_str)
                .unwrap_or("default");
            let bus = bus.rsplit('/').next().unwrap_or(bus);
            let a = crate::eventbridge::rule_arn(region, bus, &name);
            let r = if bus == "default" {
                name.clone()
            } else {
                format!("{bus}|{name}")
            };
            (r, vec![("Arn", a)])
        }
        "AWS::Pipes::Pipe" => (
            name.clone(),
            vec![("Arn", arn(region, "pipes", &format!("pipe/{name}")))],
        ),
        _ => return None,
    })
}

/// Tables, topics, roles, buckets, alarms, log groups, APIs, and the types that
/// only attach to others.
fn others(ty: &str, id: &str, name: &str, region: &str) -> Option<Answers> {
    let name = name.to_string();
    Some(match ty {
        "AWS::DynamoDB::Table" => {
            let a = arn(region, "dynamodb", &format!("table/{name}"));
            let stream = crate::dynamodb::stream_arn(region, &name);
            (name.clone(), vec![("Arn", a), ("StreamArn", stream)])
        }
        "AWS::SNS::Topic" => {
            let a = arn(region, "sns", &name);
            (
                a.clone(),
                vec![("TopicArn", a), ("TopicName", name.clone())],
            )
        }
        "AWS::IAM::Role" => (
            name.clone(),
            vec![
                ("Arn", format!("arn:aws:iam::{ACCOUNT_ID}:role/{name}")),
                ("RoleId", format!("AROA{}", id.to_uppercase())),
            ],
        ),
        "AWS::S3::Bucket" => (
            name.clone(),
            vec![
                ("Arn", format!("arn:aws:s3:::{name}")),
                ("DomainName", format!("{name}.s3.amazonaws.com")),
            ],
        ),
        "AWS::CloudWatch::Alarm" => (
            name.clone(),
            vec![("Arn", arn(region, "cloudwatch", &format!("alarm:{name}")))],
        ),
        "AWS::Logs::LogGroup" => (
            name.clone(),
            vec![("Arn", arn(region, "logs", &format!("log-group:{name}:*")))],
        ),
        // The API's id as the simulation gives it (API Gateway's 10 letters), so a
        // permission's execute-api SourceArn names the API the requests reach.
        "AWS::ApiGateway::RestApi" => {
            let api = crate::apigateway::api_id(&name);
            (api.clone(), vec![("RootResourceId", format!("{api}root"))])
        }
        "AWS::ApiGatewayV2::Api" => {
            let api = crate::apigateway::api_id(&name);
            let endpoint = format!("https://{api}.execute-api.{region}.amazonaws.com");
            (api.clone(), vec![("ApiEndpoint", endpoint), ("ApiId", api)])
        }
        "AWS::SNS::Subscription" => (
            format!("{}:{id}", arn(region, "sns", "subscription")),
            vec![],
        ),
        "AWS::IAM::Policy"
        | "AWS::SQS::QueuePolicy"
        | "AWS::SNS::TopicPolicy"
        | "AWS::Lambda::Permission"
        | "AWS::Lambda::EventSourceMapping"
        | "AWS::Lambda::EventInvokeConfig"
        | "AWS::ApiGateway::Resource"
        | "AWS::ApiGateway::Method"
        | "AWS::ApiGateway::Deployment"
        | "AWS::ApiGateway::Stage"
        | "AWS::ApiGatewayV2::Route"
        | "AWS::ApiGatewayV2::Integration"
        | "AWS::ApiGatewayV2::Stage" => (id.to_string(), vec![]),
        _ => return None,
    })
}
