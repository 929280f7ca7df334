//! The hand-written readers of actions and scenario resources (`services::de`) give
//! exactly what serde's derived `Deserialize` gave: the same values, and the same
//! error messages in the same order of checking. `v1` keeps the derived definitions
//! as they were, to compare with, on the shipped scenarios and scripts and on every
//! single (and, at the top level, double) mutation of them.

use std::fmt::{Debug, Display};

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use sim_core::services::de::FromJson;

#[allow(dead_code)]
mod v1 {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::Value;

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RedrivePolicy {
        /// The DLQ, by ARN or by queue name.
        #[serde(rename = "deadLetterTargetArn")]
        pub dead_letter_target_arn: String,
        #[serde(rename = "maxReceiveCount")]
        pub max_receive_count: u32,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum RedrivePermission {
        AllowAll,
        DenyAll,
        ByQueue,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RedriveAllowPolicy {
        #[serde(rename = "redrivePermission")]
        pub redrive_permission: RedrivePermission,
        #[serde(rename = "sourceQueueArns", default)]
        pub source_queue_arns: Vec<String>,
    }

    /// A queue's settings, named as SQS names its attributes.
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct QueueSettings {
        pub queue_name: String,
        #[serde(default = "default_visibility")]
        pub visibility_timeout: u64,
        #[serde(default)]
        pub delay_seconds: u64,
        #[serde(default = "default_retention")]
        pub message_retention_period: u64,
        #[serde(default = "default_max_size")]
        pub maximum_message_size: u64,
        #[serde(default)]
        pub receive_message_wait_time_seconds: u64,
        #[serde(default)]
        pub redrive_policy: Option<RedrivePolicy>,
        #[serde(default)]
        pub redrive_allow_policy: Option<RedriveAllowPolicy>,
        #[serde(default)]
        pub fifo_queue: bool,
        #[serde(default)]
        pub content_based_deduplication: bool,
    }

    fn default_visibility() -> u64 {
        sim_core::limits::sqs::VISIBILITY_TIMEOUT_DEFAULT_S
    }
    fn default_retention() -> u64 {
        sim_core::limits::sqs::RETENTION_DEFAULT_S
    }
    fn default_max_size() -> u64 {
        sim_core::limits::sqs::MAX_MESSAGE_SIZE_DEFAULT_BYTES
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum StreamViewType {
        KeysOnly,
        NewImage,
        OldImage,
        NewAndOldImages,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct KeySchemaElement {
        pub attribute_name: String,
        pub key_type: String,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct AttributeDefinition {
        pub attribute_name: String,
        pub attribute_type: String,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct StreamSpecification {
        pub stream_enabled: bool,
        #[serde(default)]
        pub stream_view_type: Option<StreamViewType>,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct TableConfig {
        pub table_name: String,
        pub key_schema: Vec<KeySchemaElement>,
        #[serde(default)]
        pub attribute_definitions: Vec<AttributeDefinition>,
        #[serde(default)]
        pub stream_specification: Option<StreamSpecification>,
        /// Items present at the start, as plain JSON.
        #[serde(default)]
        pub items: Vec<Value>,
    }

    /// What the function's code does. Each variant reproduces one function of the labs,
    /// including the lines it logs.
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(tag = "Type", deny_unknown_fields)]
    pub enum Behavior {
        /// Lab 004 CreateOrderFunction: API body → item with status PENDING (201), or 400.
        #[serde(rename = "create-order", rename_all = "PascalCase")]
        CreateOrder { table_name: String },
        /// Lab 004 ProcessOrderFunction: stream INSERTs → order-processing-queue.
        #[serde(rename = "forward-new-orders", rename_all = "PascalCase")]
        ForwardNewOrders { queue_name: String },
        /// Lab 004 OrderWorkerFunction: notes containing the marker throw (retried, DLQ);
        /// amount above the threshold is a business failure (FAILED, no retry); else COMPLETED.
        #[serde(rename = "order-worker", rename_all = "PascalCase")]
        OrderWorker {
            table_name: String,
            #[serde(default = "default_fail_marker")]
            fail_marker: String,
            #[serde(default = "default_high_value")]
            amount_limit: f64,
        },
        /// Lab 000 processa-pedidos-lambda: SQS order → pedidos-db with PEDIDO_PROCESSADO.
        #[serde(rename = "processa-pedido", rename_all = "PascalCase")]
        ProcessaPedido { table_name: String },
        /// Lab 000 cancela-pedido-lambda: EventBridge CancelarPedido (via SQS) → CANCELADO.
        #[serde(rename = "cancela-pedido", rename_all = "PascalCase")]
        CancelaPedido { table_name: String },
        /// Lab 000 altera-pedido-lambda: AlterarPedido (via SQS) → ALTERADO with new itens.
        #[serde(rename = "altera-pedido", rename_all = "PascalCase")]
        AlteraPedido { table_name: String },
        /// Lab 003 payments: charge with a success rate, reporting batch item failures.
        #[serde(rename = "charge-payment", rename_all = "PascalCase")]
        ChargePayment {
            #[serde(default = "default_success")]
            success_per_mille: u32,
        },
        /// Lab 003 inventory: reservation made idempotent by a conditional write.
        #[serde(rename = "reserve-inventory", rename_all = "PascalCase")]
        ReserveInventory { table_name: String },
        /// Lab 003 notifications: logs the notification it would send.
        #[serde(rename = "notify")]
        Notify,
        /// Lab 000 (reconstructed day 1): POST /pedidos → pedidos-entrada-queue (202).
        #[serde(rename = "recebe-pedido", rename_all = "PascalCase")]
        RecebePedido { queue_name: String },
        /// Lab 000 (reconstructed days 1–2): validates each order; valid ones are published
        /// to the bus, invalid ones notified on an SNS topic.
        #[serde(rename = "valida-pedido", rename_all = "PascalCase")]
        ValidaPedido {
            event_bus_name: String,
            #[serde(default = "default_pedidos_source")]
            source: String,
            #[serde(default = "default_novo_pedido")]
            detail_type: String,
            #[serde(default)]
            invalid_topic_name: Option<String>,
        },
        /// Lab 003 order API: validates the body and publishes order.placed (201).
        #[serde(rename = "publish-order", rename_all = "PascalCase")]
        PublishOrder {
            event_bus_name: String,
            #[serde(default = "default_orders_source")]
            source: String,
            #[serde(default = "default_order_placed")]
            detail_type: String,
        },
        /// Lab 004 HighValueWorker: handles the orders the pipe routed to it.
        #[serde(rename = "high-value-worker")]
        HighValueWorker,
        /// SQS guide consumer (seed 002): processes each order and logs it.
        #[serde(rename = "consume-orders")]
        ConsumeOrders,
        #[serde(rename = "ingere-arquivo-s3", rename_all = "PascalCase")]
        IngereArquivoS3 { queue_name: String },
        #[serde(rename = "log-and-succeed")]
        LogAndSucceed,
        #[serde(rename = "return-event")]
        ReturnEvent,
        #[serde(rename = "publish-new-orders", rename_all = "PascalCase")]
        PublishNewOrders { topic_name: String },
        #[serde(rename = "mark-processed", rename_all = "PascalCase")]
        MarkProcessed { table_name: String },
        #[serde(rename = "sqs-guide-consumer", rename_all = "PascalCase")]
        SqsGuideConsumer {
            queue_name: String,
            dead_letter_queue_name: String,
            #[serde(default = "default_guide_success")]
            success_per_mille: u32,
            #[serde(default = "default_guide_retries")]
            max_retries: u32,
        },
    }

    fn default_pedidos_source() -> String {
        "lab.aula1.pedidos".into()
    }
    fn default_novo_pedido() -> String {
        "NovoPedido".into()
    }
    fn default_orders_source() -> String {
        "com.myapp.orders".into()
    }
    fn default_order_placed() -> String {
        "order.placed".into()
    }

    fn default_fail_marker() -> String {
        "FAIL".into()
    }
    fn default_high_value() -> f64 {
        10_000.0
    }
    fn default_success() -> u32 {
        900
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct Destination {
        pub destination: String,
    }

    #[derive(Clone, Debug, Default, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct DestinationConfig {
        #[serde(default)]
        pub on_success: Option<Destination>,
        #[serde(default)]
        pub on_failure: Option<Destination>,
    }

    /// PutFunctionEventInvokeConfig: how asynchronous invocations are retried.
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct EventInvokeConfig {
        #[serde(default = "default_async_retries")]
        pub maximum_retry_attempts: u32,
        #[serde(default = "default_event_age")]
        pub maximum_event_age_in_seconds: u64,
        #[serde(default)]
        pub destination_config: DestinationConfig,
    }

    impl Default for EventInvokeConfig {
        fn default() -> Self {
            EventInvokeConfig {
                maximum_retry_attempts: default_async_retries(),
                maximum_event_age_in_seconds: default_event_age(),
                destination_config: DestinationConfig::default(),
            }
        }
    }

    fn default_async_retries() -> u32 {
        sim_core::limits::lambda::ASYNC_RETRY_ATTEMPTS_DEFAULT
    }
    fn default_event_age() -> u64 {
        sim_core::limits::lambda::ASYNC_EVENT_AGE_MAX_S
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct DeadLetterConfig {
        pub target_arn: String,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct FunctionConfig {
        pub function_name: String,
        #[serde(default = "default_runtime")]
        pub runtime: String,
        #[serde(default = "default_handler")]
        pub handler: String,
        /// Seconds.
        #[serde(default = "default_timeout")]
        pub timeout: u64,
        #[serde(default = "default_memory")]
        pub memory_size: u32,
        #[serde(default)]
        pub reserved_concurrent_executions: Option<u32>,
        /// The execution role, shown in AccessDenied messages.
        #[serde(default)]
        pub role: Option<String>,
        pub behavior: Behavior,
        #[serde(default)]
        pub dead_letter_config: Option<DeadLetterConfig>,
        #[serde(default)]
        pub event_invoke_config: EventInvokeConfig,
        /// Overrides the behaviour's typical run time (ms), e.g. to demo a slow function.
        #[serde(default)]
        pub duration_ms: Option<u64>,
        #[serde(default)]
        pub environment: Option<Environment>,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct Environment {
        #[serde(default)]
        pub variables: std::collections::BTreeMap<String, String>,
    }

    fn default_guide_success() -> u32 {
        800
    }
    fn default_guide_retries() -> u32 {
        3
    }
    fn default_runtime() -> String {
        "python3.12".into()
    }
    fn default_handler() -> String {
        "lambda_function.lambda_handler".into()
    }
    fn default_timeout() -> u64 {
        sim_core::limits::lambda::TIMEOUT_DEFAULT_S
    }
    fn default_memory() -> u32 {
        sim_core::limits::lambda::MEMORY_DEFAULT_MB
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct ScalingConfig {
        pub maximum_concurrency: u32,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct OnFailureConfig {
        pub on_failure: Destination,
    }

    /// An event source mapping: an SQS queue or a DynamoDB stream feeding a function.
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct EventSourceMappingConfig {
        pub function_name: String,
        /// A queue or table ARN, or just its name.
        pub event_source_arn: String,
        #[serde(default)]
        pub batch_size: Option<u32>,
        #[serde(default)]
        pub maximum_batching_window_in_seconds: u64,
        #[serde(default)]
        pub function_response_types: Vec<String>,
        #[serde(default)]
        pub scaling_config: Option<ScalingConfig>,
        #[serde(default = "yes")]
        pub enabled: bool,
        /// Streams: TRIM_HORIZON or LATEST.
        #[serde(default)]
        pub starting_position: Option<String>,
        /// Streams: -1 (the default) retries until the records expire.
        #[serde(default)]
        pub maximum_retry_attempts: Option<i64>,
        #[serde(default)]
        pub bisect_batch_on_function_error: bool,
        #[serde(default)]
        pub destination_config: Option<OnFailureConfig>,
        #[serde(default)]
        pub filter_criteria: Option<FilterCriteria>,
    }

    fn yes() -> bool {
        true
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct Route {
        /// `POST /orders`, as API Gateway writes a route key.
        pub route_key: String,
        pub function_name: String,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct Cors {
        #[serde(default = "star")]
        pub allow_origins: Vec<String>,
        #[serde(default = "star")]
        pub allow_methods: Vec<String>,
        #[serde(default = "star")]
        pub allow_headers: Vec<String>,
    }

    fn star() -> Vec<String> {
        vec!["*".into()]
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct ApiConfig {
        pub name: String,
        #[serde(default)]
        pub protocol_type: ProtocolType,
        #[serde(default = "default_stage")]
        pub stage_name: String,
        pub routes: Vec<Route>,
        #[serde(default)]
        pub cors: Option<Cors>,
    }

    #[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
    pub enum ProtocolType {
        #[default]
        #[serde(rename = "REST")]
        Rest,
        #[serde(rename = "HTTP")]
        Http,
    }

    fn default_stage() -> String {
        "prod".into()
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct EventBusConfig {
        pub name: String,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct RetryPolicy {
        #[serde(default = "default_attempts")]
        pub maximum_retry_attempts: u32,
        #[serde(default = "default_age")]
        pub maximum_event_age_in_seconds: u64,
    }

    impl Default for RetryPolicy {
        fn default() -> Self {
            RetryPolicy {
                maximum_retry_attempts: sim_core::eventbridge::DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
                maximum_event_age_in_seconds: sim_core::eventbridge::DEFAULT_MAXIMUM_EVENT_AGE_S,
            }
        }
    }

    fn default_attempts() -> u32 {
        sim_core::eventbridge::DEFAULT_MAXIMUM_RETRY_ATTEMPTS
    }
    fn default_age() -> u64 {
        sim_core::eventbridge::DEFAULT_MAXIMUM_EVENT_AGE_S
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct DeadLetterTarget {
        pub arn: String,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct SqsParameters {
        pub message_group_id: String,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct TargetConfig {
        pub id: String,
        /// The target's ARN (a queue, function, topic or event bus), or its bare name.
        pub arn: String,
        #[serde(default)]
        pub input: Option<String>,
        #[serde(default)]
        pub input_path: Option<String>,
        #[serde(default)]
        pub input_transformer: Option<InputTransformer>,
        #[serde(default)]
        pub retry_policy: Option<RetryPolicy>,
        #[serde(default)]
        pub dead_letter_config: Option<DeadLetterTarget>,
        #[serde(default)]
        pub sqs_parameters: Option<SqsParameters>,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct RuleConfig {
        pub name: String,
        #[serde(default = "default_bus")]
        pub event_bus_name: String,
        #[serde(default)]
        pub description: String,
        pub event_pattern: Value,
        #[serde(default = "enabled")]
        pub state: String,
        #[serde(default)]
        pub targets: Vec<TargetConfig>,
    }

    fn default_bus() -> String {
        "default".into()
    }
    fn enabled() -> String {
        "ENABLED".into()
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct InputTransformer {
        #[serde(default)]
        pub input_paths_map: BTreeMap<String, String>,
        pub input_template: String,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct SubscriptionConfig {
        /// sqs, lambda or email.
        pub protocol: String,
        /// A queue or function ARN or name, or an e-mail address.
        pub endpoint: String,
        #[serde(default)]
        pub raw_message_delivery: bool,
        #[serde(default)]
        pub filter_policy: Option<Value>,
        /// MessageAttributes (the default) or MessageBody.
        #[serde(default)]
        pub filter_policy_scope: Option<String>,
        /// RedrivePolicy.deadLetterTargetArn: where undeliverable messages go.
        #[serde(default)]
        pub dead_letter_queue: Option<String>,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct TopicConfig {
        pub topic_name: String,
        #[serde(default)]
        pub fifo_topic: bool,
        #[serde(default)]
        pub content_based_deduplication: bool,
        #[serde(default)]
        pub subscriptions: Vec<SubscriptionConfig>,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct SqsQueueParameters {
        #[serde(default = "ten")]
        pub batch_size: u32,
        #[serde(default)]
        pub maximum_batching_window_in_seconds: u64,
    }

    fn ten() -> u32 {
        10
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct Filter {
        /// The pattern, as JSON text (as the API takes it) or as an object.
        pub pattern: Value,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct FilterCriteria {
        pub filters: Vec<Filter>,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct DynamoDbStreamParameters {
        #[serde(default = "one")]
        pub batch_size: u32,
        /// TRIM_HORIZON or LATEST.
        pub starting_position: String,
    }

    #[derive(Clone, Debug, Default, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct SourceParameters {
        #[serde(default)]
        pub sqs_queue_parameters: Option<SqsQueueParameters>,
        #[serde(default, rename = "DynamoDBStreamParameters")]
        pub dynamodb_stream_parameters: Option<DynamoDbStreamParameters>,
        #[serde(default)]
        pub filter_criteria: Option<FilterCriteria>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct TargetParameters {
        #[serde(default)]
        pub input_template: Option<String>,
        /// For a FIFO queue target.
        #[serde(default)]
        pub message_group_id: Option<String>,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct PipeConfig {
        pub name: String,
        /// The source queue's ARN or name.
        pub source: String,
        #[serde(default)]
        pub source_parameters: SourceParameters,
        /// A function whose answer replaces the batch before the target.
        #[serde(default)]
        pub enrichment: Option<String>,
        pub target: String,
        #[serde(default)]
        pub target_parameters: TargetParameters,
        #[serde(default = "running")]
        pub desired_state: String,
    }

    fn running() -> String {
        "RUNNING".into()
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct BatchEntry {
        pub id: String,
        pub message_body: Value,
        #[serde(default)]
        pub delay_seconds: Option<u64>,
        #[serde(default)]
        pub message_group_id: Option<String>,
        #[serde(default)]
        pub message_deduplication_id: Option<String>,
        #[serde(default)]
        pub message_attributes: BTreeMap<String, MessageAttribute>,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
    pub enum InvocationType {
        RequestResponse,
        Event,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum FaultKind {
        Throw,
        Timeout,
        Throttle,
        DenyPermission,
        FailFraction,
        Slow,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum TargetFaultKind {
        DenyPermission,
        Throttle,
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(tag = "Action", deny_unknown_fields, rename_all_fields = "PascalCase")]
    pub enum Action {
        /// EventBridge's PutEvents (the console's "Send events").
        PutEvents {
            entries: Vec<PutEventsEntry>,
        },
        /// SNS Publish.
        Publish {
            topic_name: String,
            message: Value,
            #[serde(default)]
            subject: Option<String>,
            #[serde(default)]
            message_attributes: BTreeMap<String, MessageAttribute>,
            /// FIFO topics only.
            #[serde(default)]
            message_group_id: Option<String>,
            #[serde(default)]
            message_deduplication_id: Option<String>,
        },
        /// EnableRule / DisableRule.
        SetRuleState {
            rule_name: String,
            #[serde(default)]
            event_bus_name: Option<String>,
            enabled: bool,
        },
        /// Breaks (or fixes) one target of a rule.
        SetTargetFault {
            rule_name: String,
            #[serde(default)]
            event_bus_name: Option<String>,
            target_id: String,
            fault: TargetFaultKind,
            enabled: bool,
        },
        /// An HTTP request to an API route (`curl -X POST …/pedidos`).
        HttpRequest {
            api: String,
            method: String,
            path: String,
            /// A JSON value (sent serialised) or a string (sent as is, even if not JSON).
            #[serde(default)]
            body: Option<Value>,
            #[serde(default)]
            headers: BTreeMap<String, String>,
        },
        SendMessage {
            queue_name: String,
            message_body: Value,
            #[serde(default)]
            delay_seconds: Option<u64>,
            #[serde(default)]
            message_group_id: Option<String>,
            #[serde(default)]
            message_deduplication_id: Option<String>,
            #[serde(default)]
            message_attributes: BTreeMap<String, MessageAttribute>,
        },
        SendMessageBatch {
            queue_name: String,
            entries: Vec<BatchEntry>,
        },
        /// The console's "Poll for messages": a real receive, it counts toward maxReceiveCount.
        ReceiveMessage {
            queue_name: String,
            #[serde(default = "one")]
            max_number_of_messages: u32,
            #[serde(default)]
            visibility_timeout: Option<u64>,
            #[serde(default)]
            wait_time_seconds: Option<u64>,
        },
        DeleteMessage {
            queue_name: String,
            receipt_handle: String,
        },
        ChangeMessageVisibility {
            queue_name: String,
            receipt_handle: String,
            visibility_timeout: u64,
        },
        PurgeQueue {
            queue_name: String,
        },
        /// The console's "Start DLQ redrive".
        StartMessageMoveTask {
            source_queue: String,
            #[serde(default)]
            destination_queue: Option<String>,
            #[serde(default)]
            max_number_of_messages_per_second: Option<u32>,
        },
        CancelMessageMoveTask {
            source_queue: String,
        },
        /// SetQueueAttributes while running (e.g. a shorter visibility timeout).
        SetQueueAttributes {
            queue_name: String,
            attributes: BTreeMap<String, Value>,
        },
        Invoke {
            function_name: String,
            #[serde(default = "request_response")]
            invocation_type: InvocationType,
            #[serde(default)]
            payload: Value,
        },
        /// Flips a fault switch on a function (and back off to fix it).
        SetFault {
            function_name: String,
            fault: FaultKind,
            enabled: bool,
            /// For fail-fraction: the fraction of invocations that fail, 0.0–1.0.
            #[serde(default)]
            fraction: Option<f64>,
            /// For slow: how long each invocation waits on its slow call, 1–900 s.
            #[serde(default)]
            seconds: Option<u64>,
        },
        /// Changes a behaviour parameter while running (e.g. the payment success rate).
        SetFunctionConfiguration {
            function_name: String,
            #[serde(default)]
            timeout: Option<u64>,
            #[serde(default)]
            reserved_concurrent_executions: Option<Option<u32>>,
            #[serde(default)]
            success_per_mille: Option<u32>,
        },
        UpdateEventSourceMapping {
            #[serde(rename = "UUID")]
            uuid: String,
            #[serde(default)]
            maximum_retry_attempts: Option<i64>,
            #[serde(default)]
            bisect_batch_on_function_error: Option<bool>,
        },
        // Added after v1, so that the unknown-variant message lists every action; the
        // CloudWatch actions' own reading is tested in services/cloudwatch.
        PutMetricAlarm {
            alarm: Value,
        },
        DeleteAlarms {
            alarm_names: Vec<String>,
        },
        SetAlarmState {
            alarm_name: String,
            state_value: String,
            state_reason: String,
        },
        PutRolePolicy {
            role_name: String,
            policy_name: String,
            policy_document: Value,
        },
        DeleteRolePolicy {
            role_name: String,
            policy_name: String,
        },
        PutObject {
            bucket: String,
            key: String,
            body: String,
        },
    }

    fn one() -> u32 {
        1
    }
    fn request_response() -> InvocationType {
        InvocationType::RequestResponse
    }

    #[derive(Clone, Debug, PartialEq, Deserialize)]
    pub struct MessageAttribute {
        #[serde(rename = "DataType")]
        pub data_type: String,
        #[serde(rename = "StringValue")]
        pub string_value: String,
    }

    /// One entry of PutEvents, as the console's "Send events" form fills it.
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct PutEventsEntry {
        #[serde(default)]
        pub source: Option<String>,
        #[serde(default)]
        pub detail_type: Option<String>,
        /// The detail: a JSON object, or a string holding one (as the API takes it).
        #[serde(default)]
        pub detail: Option<Value>,
        #[serde(default)]
        pub event_bus_name: Option<String>,
        #[serde(default)]
        pub resources: Vec<String>,
    }
}

fn outcome<T: Debug, E: Display>(r: Result<T, E>) -> String {
    match r {
        Ok(v) => format!("ok {v:?}"),
        Err(e) => format!("err {e}"),
    }
}

/// Values of every JSON type and edge, and the names enums take.
fn samples(words: &[&str]) -> Vec<Value> {
    let mut s = vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(7),
        json!(-1),
        json!(1.5),
        json!(3.0),
        json!(5_000_000_000u64),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(""),
        json!("x"),
        json!([]),
        json!(["x"]),
        json!([1]),
        json!([{}]),
        json!({}),
        json!({"a": 1}),
        json!({"a": "b"}),
        json!({"a": null}),
        json!({"DataType": "String", "StringValue": "v"}),
    ];
    for w in words {
        s.push(json!(w));
        s.push(json!({ *w: null }));
        s.push(json!({ *w: 1 }));
    }
    s
}

const FEW: [&str; 5] = ["null", "1", "\"x\"", "{}", "-1"];

/// Every single change: each node replaced by each sample; in objects, each member
/// removed, and an unknown member added first and last.
fn mutations(v: &Value, samples: &[Value], out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let mut removed = m.clone();
                removed.shift_remove(k);
                out.push(Value::Object(removed));
                let mut inner = Vec::new();
                for s in samples {
                    inner.push(s.clone());
                }
                mutations(x, samples, &mut inner);
                for y in inner {
                    let mut c = m.clone();
                    c.insert(k.clone(), y);
                    out.push(Value::Object(c));
                }
            }
            let mut last = m.clone();
            last.insert("Bogus".into(), json!(1));
            out.push(Value::Object(last));
            let mut first = Map::new();
            first.insert("Bogus".into(), json!(1));
            first.extend(m.clone());
            out.push(Value::Object(first));
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let mut inner = samples.to_vec();
                mutations(x, samples, &mut inner);
                for y in inner {
                    let mut c = a.clone();
                    c[i] = y;
                    out.push(Value::Array(c));
                }
            }
        }
        _ => {}
    }
}

/// Top-level changes only, with few samples: combined in pairs.
fn top_edits(v: &Value) -> Vec<Value> {
    let few: Vec<Value> = FEW
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();
    let Value::Object(m) = v else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for k in m.keys() {
        let mut removed = m.clone();
        removed.shift_remove(k);
        out.push(Value::Object(removed));
        for s in &few {
            let mut c = m.clone();
            c.insert(k.clone(), s.clone());
            out.push(Value::Object(c));
        }
    }
    let mut last = m.clone();
    last.insert("Bogus".into(), json!(1));
    out.push(Value::Object(last));
    let mut first = Map::new();
    first.insert("Bogus".into(), json!(1));
    first.extend(m.clone());
    out.push(Value::Object(first));
    out
}

/// Compares old and new on the documents and their mutations; returns how many.
/// The readers put the property path before serde's words (`RedrivePolicy: maxReceiveCount:
/// invalid type: …`); serde's own message is what follows.
fn without_property_names(outcome: &str) -> String {
    let Some(rest) = outcome.strip_prefix("err ") else {
        return outcome.to_string();
    };
    let mut rest = rest;
    while let Some((name, after)) = rest.split_once(": ") {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-$.".contains(c))
        {
            break;
        }
        rest = after;
    }
    format!("err {rest}")
}

fn compare<Old: DeserializeOwned + Debug, New: FromJson + Debug>(
    docs: &[Value],
    words: &[&str],
) -> usize {
    let samples = samples(words);
    let mut n = 0;
    for doc in docs {
        let mut all = vec![doc.clone()];
        all.extend(samples.iter().cloned());
        mutations(doc, &samples, &mut all);
        for e in top_edits(doc) {
            all.extend(top_edits(&e));
            all.push(e);
        }
        for m in all {
            let old = outcome(serde_json::from_value::<Old>(m.clone()));
            let new = without_property_names(&outcome(New::from_json(&m)));
            // The one difference, on purpose: serde also read a struct written as the
            // array of its fields; the hand-written readers want an object.
            if new.contains("invalid type: sequence, expected struct")
                || new.contains("invalid type: sequence, expected internally tagged enum")
            {
                continue;
            }
            assert_eq!(old, new, "on {m}");
            n += 1;
        }
    }
    n
}

fn builtin_json() -> Vec<Value> {
    sim_core::scenario::BUILTIN
        .iter()
        .map(|(_, text)| serde_json::from_str(text).unwrap())
        .collect()
}

fn script_steps() -> Vec<Value> {
    let mut steps = Vec::new();
    for s in builtin_json() {
        if let Some(a) = s["Script"].as_array() {
            steps.extend(a.iter().cloned());
        }
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/scripts");
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        steps.extend(v.as_array().unwrap().iter().cloned());
    }
    for s in &mut steps {
        s.as_object_mut().unwrap().shift_remove("At");
    }
    steps
}

const ACTION_WORDS: &[&str] = &[
    "PutEvents",
    "Publish",
    "SetRuleState",
    "SetTargetFault",
    "HttpRequest",
    "SendMessage",
    "SendMessageBatch",
    "ReceiveMessage",
    "DeleteMessage",
    "ChangeMessageVisibility",
    "PurgeQueue",
    "StartMessageMoveTask",
    "CancelMessageMoveTask",
    "SetQueueAttributes",
    "Invoke",
    "SetFault",
    "SetFunctionConfiguration",
    "UpdateEventSourceMapping",
    "throw",
    "timeout",
    "throttle",
    "deny-permission",
    "fail-fraction",
    "slow",
    "RequestResponse",
    "Event",
];

#[test]
fn actions_read_as_serde_derived_them() {
    let attrs = json!({"a": {"DataType": "String", "StringValue": "v"}});
    let mut docs = script_steps();
    docs.extend([
        json!({"Action": "PutEvents", "Entries": [{"Source": "s", "DetailType": "d", "Detail": {"a": 1}, "EventBusName": "b", "Resources": ["r"]}]}),
        json!({"Action": "Publish", "TopicName": "t", "Message": "m", "Subject": "s", "MessageAttributes": attrs, "MessageGroupId": "g", "MessageDeduplicationId": "d"}),
        json!({"Action": "SetRuleState", "RuleName": "r", "EventBusName": "b", "Enabled": true}),
        json!({"Action": "SetTargetFault", "RuleName": "r", "EventBusName": "b", "TargetId": "t", "Fault": "throttle", "Enabled": true}),
        json!({"Action": "HttpRequest", "Api": "a", "Method": "POST", "Path": "/p", "Body": "b", "Headers": {"h": "v"}}),
        json!({"Action": "SendMessage", "QueueName": "q", "MessageBody": {"a": 1}, "DelaySeconds": 5, "MessageGroupId": "g", "MessageDeduplicationId": "d", "MessageAttributes": attrs}),
        json!({"Action": "SendMessageBatch", "QueueName": "q", "Entries": [{"Id": "1", "MessageBody": "b", "DelaySeconds": 1, "MessageGroupId": "g", "MessageDeduplicationId": "d", "MessageAttributes": attrs}]}),
        json!({"Action": "ReceiveMessage", "QueueName": "q", "MaxNumberOfMessages": 10, "VisibilityTimeout": 5, "WaitTimeSeconds": 20}),
        json!({"Action": "DeleteMessage", "QueueName": "q", "ReceiptHandle": "h"}),
        json!({"Action": "ChangeMessageVisibility", "QueueName": "q", "ReceiptHandle": "h", "VisibilityTimeout": 0}),
        json!({"Action": "PurgeQueue", "QueueName": "q"}),
        json!({"Action": "StartMessageMoveTask", "SourceQueue": "q", "DestinationQueue": "d", "MaxNumberOfMessagesPerSecond": 5}),
        json!({"Action": "CancelMessageMoveTask", "SourceQueue": "q"}),
        json!({"Action": "SetQueueAttributes", "QueueName": "q", "Attributes": {"VisibilityTimeout": 5}}),
        json!({"Action": "Invoke", "FunctionName": "f", "InvocationType": "Event", "Payload": {"a": 1}}),
        json!({"Action": "SetFault", "FunctionName": "f", "Fault": "fail-fraction", "Enabled": true, "Fraction": 0.5}),
        json!({"Action": "SetFault", "FunctionName": "f", "Fault": "slow", "Enabled": true, "Seconds": 10}),
        json!({"Action": "SetFunctionConfiguration", "FunctionName": "f", "Timeout": 3, "ReservedConcurrentExecutions": 2, "SuccessPerMille": 500}),
        json!({"Action": "UpdateEventSourceMapping", "UUID": "u", "MaximumRetryAttempts": 2, "BisectBatchOnFunctionError": true}),
    ]);
    let n = compare::<v1::Action, sim_core::Action>(&docs, ACTION_WORDS);
    assert!(n > 10_000, "{n}");
}

const SCENARIO_WORDS: &[&str] = &[
    "create-order",
    "forward-new-orders",
    "order-worker",
    "processa-pedido",
    "cancela-pedido",
    "altera-pedido",
    "charge-payment",
    "reserve-inventory",
    "notify",
    "recebe-pedido",
    "valida-pedido",
    "publish-order",
    "high-value-worker",
    "consume-orders",
    "KEYS_ONLY",
    "NEW_IMAGE",
    "OLD_IMAGE",
    "NEW_AND_OLD_IMAGES",
    "allowAll",
    "denyAll",
    "byQueue",
];

/// The resources of one kind in the shipped scenarios, and `extra` ones that set
/// every property.
fn resources(key: &str, extra: Vec<Value>) -> Vec<Value> {
    let mut docs = Vec::new();
    for s in builtin_json() {
        if let Some(a) = s[key].as_array() {
            docs.extend(a.iter().cloned());
        }
    }
    docs.extend(extra);
    docs
}

fn resource_parity<Old: DeserializeOwned + Debug, New: FromJson + Debug>(
    key: &str,
    extra: Vec<Value>,
) {
    let docs = resources(key, extra);
    let n = compare::<Old, New>(&docs, SCENARIO_WORDS);
    assert!(n > 500, "{key}: {n}");
}

#[test]
fn queues_read_as_serde_derived_them() {
    resource_parity::<v1::QueueSettings, sim_core::sqs::QueueSettings>(
        "Queues",
        vec![json!({
            "QueueName": "q", "VisibilityTimeout": 5, "DelaySeconds": 1,
            "MessageRetentionPeriod": 60, "MaximumMessageSize": 2048,
            "ReceiveMessageWaitTimeSeconds": 2,
            "RedrivePolicy": {"deadLetterTargetArn": "d", "maxReceiveCount": 3},
            "RedriveAllowPolicy": {"redrivePermission": "byQueue", "sourceQueueArns": ["q"]},
            "FifoQueue": false, "ContentBasedDeduplication": false
        })],
    );
}

#[test]
fn tables_read_as_serde_derived_them() {
    resource_parity::<v1::TableConfig, sim_core::scenario::TableConfig>(
        "Tables",
        vec![json!({
            "TableName": "t",
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "N"}],
            "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"},
            "Items": [{"id": 1}]
        })],
    );
}

#[test]
fn functions_read_as_serde_derived_them() {
    let mut extra = vec![json!({
        "FunctionName": "f", "Runtime": "python3.12", "Timeout": 3, "MemorySize": 128,
        "ReservedConcurrentExecutions": 1, "Role": "r",
        "Behavior": {"Type": "order-worker", "TableName": "t", "FailMarker": "X", "AmountLimit": 5},
        "DeadLetterConfig": {"TargetArn": "d"},
        "EventInvokeConfig": {"MaximumRetryAttempts": 1, "MaximumEventAgeInSeconds": 60,
            "DestinationConfig": {"OnSuccess": {"Destination": "a"}, "OnFailure": {"Destination": "b"}}},
        "DurationMs": 5,
        "Environment": {"Variables": {"DYNAMODB_TABLE_NAME": "t"}}
    })];
    for b in [
        json!({"Type": "create-order", "TableName": "t"}),
        json!({"Type": "forward-new-orders", "QueueName": "q"}),
        json!({"Type": "publish-new-orders", "TopicName": "t"}),
        json!({"Type": "charge-payment", "SuccessPerMille": 5}),
        json!({"Type": "notify", "Extra": 1}),
        json!({"Type": "valida-pedido", "EventBusName": "b", "Source": "s", "DetailType": "d", "InvalidTopicName": "t"}),
        json!({"Type": "publish-order", "EventBusName": "b", "Source": "s", "DetailType": "d"}),
        json!({"Type": "consume-orders"}),
    ] {
        extra.push(json!({"FunctionName": "f", "Behavior": b}));
    }
    resource_parity::<v1::FunctionConfig, sim_core::lambda::FunctionConfig>("Functions", extra);
}

#[test]
fn event_source_mappings_read_as_serde_derived_them() {
    resource_parity::<
        v1::EventSourceMappingConfig,
        sim_core::lambda::mapping::EventSourceMappingConfig,
    >(
        "EventSourceMappings",
        vec![json!({
            "FunctionName": "f", "EventSourceArn": "q", "BatchSize": 10,
            "MaximumBatchingWindowInSeconds": 1, "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "ScalingConfig": {"MaximumConcurrency": 2}, "Enabled": true,
            "StartingPosition": "LATEST", "MaximumRetryAttempts": -1,
            "BisectBatchOnFunctionError": true,
            "DestinationConfig": {"OnFailure": {"Destination": "d"}},
            "FilterCriteria": {"Filters": [{"Pattern": "{\"body\": [\"a\"]}"}]}
        })],
    );
}

#[test]
fn apis_read_as_serde_derived_them() {
    resource_parity::<v1::ApiConfig, sim_core::apigateway::ApiConfig>(
        "Apis",
        vec![json!({
            "Name": "a", "StageName": "prod",
            "Routes": [{"RouteKey": "POST /x", "FunctionName": "f"}],
            "Cors": {"AllowOrigins": ["*"], "AllowMethods": ["GET"], "AllowHeaders": ["h"]}
        })],
    );
}

#[test]
fn buses_rules_and_topics_read_as_serde_derived_them() {
    resource_parity::<v1::EventBusConfig, sim_core::eventbridge::EventBusConfig>(
        "EventBuses",
        vec![json!({"Name": "b"})],
    );
    resource_parity::<v1::RuleConfig, sim_core::eventbridge::RuleConfig>(
        "Rules",
        vec![json!({
            "Name": "r", "EventBusName": "b", "Description": "d", "EventPattern": {"source": ["s"]},
            "State": "ENABLED",
            "Targets": [{
                "Id": "t", "Arn": "q", "Input": "i", "InputPath": "$.a",
                "InputTransformer": {"InputPathsMap": {"a": "$.a"}, "InputTemplate": "<a>"},
                "RetryPolicy": {"MaximumRetryAttempts": 1, "MaximumEventAgeInSeconds": 60},
                "DeadLetterConfig": {"Arn": "d"}, "SqsParameters": {"MessageGroupId": "g"}
            }]
        })],
    );
    resource_parity::<v1::TopicConfig, sim_core::sns::TopicConfig>(
        "Topics",
        vec![json!({
            "TopicName": "t", "FifoTopic": false, "ContentBasedDeduplication": false,
            "Subscriptions": [{
                "Protocol": "sqs", "Endpoint": "q", "RawMessageDelivery": true,
                "FilterPolicy": {"a": ["b"]}, "FilterPolicyScope": "MessageBody",
                "DeadLetterQueue": "d"
            }]
        })],
    );
}

#[test]
fn pipes_read_as_serde_derived_them() {
    resource_parity::<v1::PipeConfig, sim_core::pipes::PipeConfig>(
        "Pipes",
        vec![json!({
            "Name": "p", "Source": "q",
            "SourceParameters": {
                "SqsQueueParameters": {"BatchSize": 5, "MaximumBatchingWindowInSeconds": 1},
                "DynamoDBStreamParameters": {"BatchSize": 5, "StartingPosition": "LATEST"},
                "FilterCriteria": {"Filters": [{"Pattern": "{}"}]}
            },
            "Enrichment": "f", "Target": "t",
            "TargetParameters": {"InputTemplate": "x", "MessageGroupId": "g"},
            "DesiredState": "RUNNING"
        })],
    );
}
