//! EventBridge Pipes: an SQS queue or a DynamoDB stream as the source, polled like a
//! Lambda event source mapping; a filter (non-matching SQS messages are deleted,
//! stream records skipped), an optional enrichment function, an input template and
//! one target. An SQS-sourced pipe's DLQ is the source queue's redrive policy.

use serde::Serialize;
use serde_json::Value;

use crate::eventbridge::{EventPattern, TargetInput, TargetKind};
use crate::kernel::time::SimTime;
use crate::services::de::{self, read, req, FromJson, Res};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SqsQueueParameters {
    pub batch_size: u32,
    pub maximum_batching_window_in_seconds: u64,
}

fn ten() -> u32 {
    10
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    /// The pattern, as JSON text (as the API takes it) or as an object.
    pub pattern: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FilterCriteria {
    pub filters: Vec<Filter>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DynamoDbStreamParameters {
    pub batch_size: u32,
    /// TRIM_HORIZON or LATEST.
    pub starting_position: String,
}

/// A DynamoDB stream source's default BatchSize: 1 (the pipes API gives no default;
/// the CDK's DynamoDBSourceParameters documents "@default 1"). It was the Lambda
/// trigger's 100, more than an SQS, SNS or bus target takes.
fn one() -> u32 {
    1
}

/// Serialized as DescribePipe answers: a parameter the pipe does not set is left out,
/// not null (the student walk saw "Enrichment": null).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SourceParameters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sqs_queue_parameters: Option<SqsQueueParameters>,
    #[serde(
        rename = "DynamoDBStreamParameters",
        skip_serializing_if = "Option::is_none"
    )]
    pub dynamodb_stream_parameters: Option<DynamoDbStreamParameters>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_criteria: Option<FilterCriteria>,
}

/// The scenario files name a FIFO target's group flat (`"MessageGroupId"`); DescribePipe
/// and CloudFormation nest it in `SqsQueueParameters`, which is how it is shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetParameters {
    pub input_template: Option<String>,
    /// For a FIFO queue target.
    pub message_group_id: Option<String>,
}

impl TargetParameters {
    pub fn is_empty(&self) -> bool {
        self.input_template.is_none() && self.message_group_id.is_none()
    }
}

impl Serialize for TargetParameters {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        if let Some(template) = &self.input_template {
            m.serialize_entry("InputTemplate", template)?;
        }
        if let Some(group) = &self.message_group_id {
            m.serialize_entry(
                "SqsQueueParameters",
                &serde_json::json!({ "MessageGroupId": group }),
            )?;
        }
        m.end()
    }
}

/// A pipe's ARN, as the `aws.pipes.pipe-arn` variable and a policy's Resource name it.
pub fn pipe_arn(region: &str, name: &str) -> String {
    format!("arn:aws:pipes:{region}:{}:pipe/{name}", crate::ACCOUNT_ID)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PipeConfig {
    pub name: String,
    /// The source queue's ARN or name.
    pub source: String,
    pub source_parameters: SourceParameters,
    /// A function whose answer replaces the batch before the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrichment: Option<String>,
    pub target: String,
    #[serde(skip_serializing_if = "TargetParameters::is_empty")]
    pub target_parameters: TargetParameters,
    pub desired_state: String,
}

fn running() -> String {
    "RUNNING".into()
}

impl FromJson for SqsQueueParameters {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct SqsQueueParameters", true, "",
            "BatchSize" batch_size de::u32,
            "MaximumBatchingWindowInSeconds" window de::u64,
        );
        Ok(SqsQueueParameters {
            batch_size: batch_size.unwrap_or_else(ten),
            maximum_batching_window_in_seconds: window.unwrap_or_default(),
        })
    }
}

impl FromJson for Filter {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct Filter", true, "", "Pattern" pattern de::value);
        Ok(Filter {
            pattern: req(pattern, "Pattern")?,
        })
    }
}

impl FilterCriteria {
    /// The patterns, compiled once: a pipe's and a Lambda trigger's filters speak the
    /// EventBridge pattern language, and a record passes when any of them matches.
    pub fn compile(&self) -> Result<Vec<EventPattern>, String> {
        let max = crate::limits::lambda::FILTERS_MAX;
        if self.filters.len() > max {
            return Err(format!(
                "FilterCriteria: up to {max} filters, not {}",
                self.filters.len()
            ));
        }
        self.filters
            .iter()
            .map(|f| match &f.pattern {
                Value::String(t) => EventPattern::parse(t),
                v => EventPattern::from_json(v),
            })
            .collect::<Result<_, _>>()
            .map_err(|e| format!("FilterCriteria: {e}"))
    }
}

impl FromJson for FilterCriteria {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct FilterCriteria", true, "", "Filters" filters |x| de::vec(x, de::parse));
        Ok(FilterCriteria {
            filters: req(filters, "Filters")?,
        })
    }
}

impl FromJson for DynamoDbStreamParameters {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct DynamoDbStreamParameters", true, "",
            "BatchSize" batch_size de::u32,
            "StartingPosition" starting_position de::string,
        );
        Ok(DynamoDbStreamParameters {
            batch_size: batch_size.unwrap_or_else(one),
            starting_position: req(starting_position, "StartingPosition")?,
        })
    }
}

impl FromJson for SourceParameters {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct SourceParameters", true, "",
            "SqsQueueParameters" sqs |x| de::opt(x, de::parse),
            "DynamoDBStreamParameters" dynamodb |x| de::opt(x, de::parse),
            "FilterCriteria" filter_criteria |x| de::opt(x, de::parse),
        );
        Ok(SourceParameters {
            sqs_queue_parameters: sqs.flatten(),
            dynamodb_stream_parameters: dynamodb.flatten(),
            filter_criteria: filter_criteria.flatten(),
        })
    }
}

impl FromJson for TargetParameters {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct TargetParameters", true, "",
            "InputTemplate" input_template de::opt_string,
            "MessageGroupId" message_group_id de::opt_string,
        );
        Ok(TargetParameters {
            input_template: input_template.flatten(),
            message_group_id: message_group_id.flatten(),
        })
    }
}

impl FromJson for PipeConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct PipeConfig", true, "",
            "Name" name de::string,
            "Source" source de::string,
            "SourceParameters" source_parameters de::parse,
            "Enrichment" enrichment de::opt_string,
            "Target" target de::string,
            "TargetParameters" target_parameters de::parse,
            "DesiredState" desired_state de::string,
        );
        Ok(PipeConfig {
            name: req(name, "Name")?,
            source: req(source, "Source")?,
            source_parameters: source_parameters.unwrap_or_default(),
            enrichment: enrichment.flatten(),
            target: req(target, "Target")?,
            target_parameters: target_parameters.unwrap_or_default(),
            desired_state: desired_state.unwrap_or_else(running),
        })
    }
}

impl PipeConfig {
    pub fn filters(&self) -> Result<Vec<EventPattern>, String> {
        self.source_parameters
            .filter_criteria
            .as_ref()
            .map_or(Ok(Vec::new()), FilterCriteria::compile)
    }

    pub fn target_input(&self) -> Result<TargetInput, String> {
        match &self.target_parameters.input_template {
            None => Ok(TargetInput::WholeEvent),
            Some(t) => {
                let transformer = crate::eventbridge::InputTransformer {
                    input_paths_map: Default::default(),
                    input_template: t.clone(),
                };
                TargetInput::from_parts(None, None, Some(&transformer), "aws.pipes.")
            }
        }
    }

    /// The source's name: a queue, or the table whose stream it reads.
    pub fn source_queue(&self) -> &str {
        let a = self.source.as_str();
        if let Some(rest) = a.strip_prefix("arn:aws:dynamodb:") {
            return rest
                .split("table/")
                .nth(1)
                .and_then(|t| t.split('/').next())
                .unwrap_or(a);
        }
        crate::sqs::queue_name_from_arn(a)
    }

    /// The batch size for the source: SQS defaults to 10, DynamoDB streams to 1.
    pub fn batch_size(&self) -> u32 {
        let p = &self.source_parameters;
        p.sqs_queue_parameters
            .as_ref()
            .map(|x| x.batch_size)
            .or(p.dynamodb_stream_parameters.as_ref().map(|x| x.batch_size))
            .unwrap_or(10)
    }
}

/// Where a pipe reads from.
#[derive(Clone, Debug, PartialEq)]
pub enum PipeSource {
    Queue(u32),
    /// A DynamoDB stream: one shard, read in order from `position`.
    Stream {
        table: u32,
        position: u64,
    },
}

#[derive(Clone, Debug)]
pub struct Pipe {
    pub config: PipeConfig,
    pub source: PipeSource,
    pub filters: Vec<EventPattern>,
    pub input: TargetInput,
    pub target: TargetKind,
    pub enrichment: Option<u32>,
    pub batch_size: u32,
    pub active_batches: u32,
    pub running: bool,
    pub(crate) poll_due_ms: Option<SimTime>,
    /// An SQS source's MaximumBatchingWindowInSeconds.
    pub(crate) window: crate::sqs::BatchingWindow,
    /// A stream source's batches failed in a row: each retry waits longer.
    pub(crate) stream_failures: u32,
    pub filtered_out: u64,
    pub delivered: u64,
    /// What the latest delivery sent the target, after the input template: the
    /// transformer's output stays readable after the target consumed it.
    pub last_input: Option<String>,
}

#[derive(Clone, Debug)]
pub struct PipeBatch {
    pub pipe: u32,
    /// For a stream source: the last sequence number in the batch.
    pub last_sequence: Option<u64>,
    /// The source messages still to be delivered (the filter already removed the rest).
    pub keys: Vec<u64>,
    pub records: Vec<Value>,
    /// What a Lambda target was sent (the whole batch's array), once it was invoked.
    pub sent: Option<String>,
}

/// The Pipes service of one world: its pipes and the batches on their way.
#[derive(Clone, Debug, Default)]
pub struct Pipes {
    pub pipes: Vec<Pipe>,
    pub pipe_batches: std::collections::BTreeMap<u64, PipeBatch>,
    pub next_pipe_batch: u64,
}

#[cfg(test)]
mod describe_tests {
    use super::*;
    use serde_json::json;

    fn pipe(target_parameters: Value) -> PipeConfig {
        PipeConfig::from_json(&json!({
            "Name": "p", "Source": "in", "Target": "out.fifo",
            "TargetParameters": target_parameters
        }))
        .unwrap()
    }

    /// Shown as DescribePipe answers: nothing it does not set, and a FIFO target's
    /// group under SqsQueueParameters (the review: it was flat, and nulls showed).
    #[test]
    fn a_pipe_is_shown_as_describe_pipe_answers() {
        let shown = serde_json::to_value(pipe(json!({ "MessageGroupId": "g" }))).unwrap();
        assert_eq!(
            shown["TargetParameters"],
            json!({ "SqsQueueParameters": { "MessageGroupId": "g" } })
        );
        assert!(shown.get("Enrichment").is_none());
        assert_eq!(shown["SourceParameters"], json!({}));
        let plain = serde_json::to_value(pipe(json!({}))).unwrap();
        assert!(plain.get("TargetParameters").is_none());
    }
}
