//! Lambda functions: configuration under AWS's names, the behaviour each runs (a
//! parameterised stand-in for the lab's code), fault switches and metrics.

pub mod invocation;
pub mod mapping;
pub mod payload;
pub mod test_invoke;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{SimError, SimResult};
use crate::limits::lambda as lim;
use crate::services::de::{self, read, req, FromJson, Res};

/// What the function's code does. Each variant reproduces one function of the labs,
/// including the lines it logs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "Type")]
pub enum Behavior {
    /// Lab 004 CreateOrderFunction: API body → item with status PENDING (201), or 400.
    #[serde(rename = "create-order", rename_all = "PascalCase")]
    CreateOrder { table_name: String },
    /// Lab 004 ProcessOrderFunction, stage 1 (before SQS): each stream INSERT's order
    /// is marked PROCESSED in the table.
    #[serde(rename = "mark-processed", rename_all = "PascalCase")]
    MarkProcessed { table_name: String },
    /// Lab 004 ProcessOrderFunction: stream INSERTs → order-processing-queue.
    #[serde(rename = "forward-new-orders", rename_all = "PascalCase")]
    ForwardNewOrders { queue_name: String },
    /// Lab 004 ProcessOrderFunction, fanned out: stream INSERTs → an SNS topic whose
    /// queues each feed one consumer (the fix for a pipe and a worker on one queue).
    #[serde(rename = "publish-new-orders", rename_all = "PascalCase")]
    PublishNewOrders { topic_name: String },
    /// Lab 004 OrderWorkerFunction: notes containing the marker throw (retried, DLQ);
    /// amount above the threshold is a business failure (FAILED, no retry); else COMPLETED.
    #[serde(rename = "order-worker", rename_all = "PascalCase")]
    OrderWorker {
        table_name: String,
        fail_marker: String,
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
    ChargePayment { success_per_mille: u32 },
    /// Lab 003 inventory: reservation made idempotent by a conditional write.
    #[serde(rename = "reserve-inventory", rename_all = "PascalCase")]
    ReserveInventory { table_name: String },
    /// Lab 003 notifications: logs the notification it would send.
    #[serde(rename = "notify")]
    Notify,
    /// Lab 000 (reconstructed day 1): POST /pedidos → pedidos-entrada-queue (202).
    #[serde(rename = "recebe-pedido", rename_all = "PascalCase")]
    RecebePedido { queue_name: String },
    /// Lab 000 (reconstructed day 2): an order file put in S3 → each order in it to
    /// pedidos-entrada-queue (the API's path from there on); a line that is not an
    /// order is logged and left out.
    #[serde(rename = "ingere-arquivo-s3", rename_all = "PascalCase")]
    IngereArquivoS3 { queue_name: String },
    /// Lab 000 (reconstructed days 1–2): validates each order; valid ones are published
    /// to the bus, invalid ones notified on an SNS topic.
    #[serde(rename = "valida-pedido", rename_all = "PascalCase")]
    ValidaPedido {
        event_bus_name: String,
        source: String,
        detail_type: String,
        invalid_topic_name: Option<String>,
    },
    /// Lab 003 order API: validates the body and publishes order.placed (201).
    #[serde(rename = "publish-order", rename_all = "PascalCase")]
    PublishOrder {
        event_bus_name: String,
        source: String,
        detail_type: String,
    },
    /// Lab 004 HighValueWorker: handles the orders the pipe routed to it.
    #[serde(rename = "high-value-worker")]
    HighValueWorker,
    /// SQS guide consumer (seed 002): processes each order and logs it.
    #[serde(rename = "consume-orders")]
    ConsumeOrders,
    /// Any function a template brings without naming one of ours: logs the event
    /// it received (`print(json.dumps(event))`) and succeeds.
    #[serde(rename = "log-and-succeed")]
    LogAndSucceed,
    /// Logs the event it received and returns it (`return event`): a pipe's enrichment
    /// that passes its batch on unchanged. One that returns nothing stops the batch.
    #[serde(rename = "return-event")]
    ReturnEvent,
    /// The SQS guide's OrderConsumer as its code behaves (seed 002): 80% of orders
    /// succeed, a failure counts `processing_attempts` from the body (which SQS never
    /// changes), and at `MaxRetries` the order is sent to the guide's DLQ with its
    /// attributes and deleted.
    #[serde(rename = "sqs-guide-consumer", rename_all = "PascalCase")]
    SqsGuideConsumer {
        /// The queue it reads (the guide's `queue_manager.queue_name`).
        queue_name: String,
        dead_letter_queue_name: String,
        success_per_mille: u32,
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

impl Behavior {
    /// Tables and queues it names, for checking scenario references.
    pub fn references(&self) -> (Option<&str>, Option<&str>) {
        match self {
            Behavior::CreateOrder { table_name }
            | Behavior::MarkProcessed { table_name }
            | Behavior::OrderWorker { table_name, .. }
            | Behavior::ProcessaPedido { table_name }
            | Behavior::CancelaPedido { table_name }
            | Behavior::AlteraPedido { table_name }
            | Behavior::ReserveInventory { table_name } => (Some(table_name), None),
            Behavior::ForwardNewOrders { queue_name }
            | Behavior::RecebePedido { queue_name }
            | Behavior::IngereArquivoS3 { queue_name } => (None, Some(queue_name)),
            _ => (None, None),
        }
    }

    /// Typical run time of the real function, before jitter.
    pub fn base_duration_ms(&self) -> u64 {
        match self {
            Behavior::CreateOrder { .. } => 45,
            Behavior::ForwardNewOrders { .. } | Behavior::PublishNewOrders { .. } => 35,
            Behavior::OrderWorker { .. } => 60,
            Behavior::ChargePayment { .. } => 180,
            Behavior::Notify
            | Behavior::ConsumeOrders
            | Behavior::LogAndSucceed
            | Behavior::ReturnEvent => 20,
            _ => 50,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Destination {
    pub destination: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DestinationConfig {
    pub on_success: Option<Destination>,
    pub on_failure: Option<Destination>,
}

/// PutFunctionEventInvokeConfig: how asynchronous invocations are retried.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventInvokeConfig {
    pub maximum_retry_attempts: u32,
    pub maximum_event_age_in_seconds: u64,
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
    lim::ASYNC_RETRY_ATTEMPTS_DEFAULT
}
fn default_event_age() -> u64 {
    lim::ASYNC_EVENT_AGE_MAX_S
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeadLetterConfig {
    pub target_arn: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionConfig {
    pub function_name: String,
    pub runtime: String,
    /// `file.function`: the console's Python default is
    /// `lambda_function.lambda_handler`, a CloudFormation inline `ZipFile` is saved as
    /// `index` (https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html). A
    /// traceback's frames name its file and function.
    pub handler: String,
    /// Seconds.
    pub timeout: u64,
    pub memory_size: u32,
    pub reserved_concurrent_executions: Option<u32>,
    /// The execution role, shown in AccessDenied messages.
    pub role: Option<String>,
    /// Shared, so an invocation runs it without copying its names.
    #[serde(serialize_with = "serialize_shared")]
    pub behavior: std::rc::Rc<Behavior>,
    pub dead_letter_config: Option<DeadLetterConfig>,
    pub event_invoke_config: EventInvokeConfig,
    /// Overrides the behaviour's typical run time (ms), e.g. to demo a slow function.
    pub duration_ms: Option<u64>,
    /// `Environment.Variables`, as the lab sets them in "Configuration > Environment
    /// variables" (the behaviour's parameters say what the code does with them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
}

/// AWS::Lambda::Function's `Environment`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Environment {
    pub variables: std::collections::BTreeMap<String, String>,
}

/// Keys the runtime sets itself, which a function's configuration cannot set.
/// <https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html>
const RESERVED_ENVIRONMENT_KEYS: &[&str] = &[
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
    "TZ",
];

/// The whole set's limit, measured as the JSON of its variables.
const ENVIRONMENT_MAX_BYTES: usize = 4 * 1024;

impl Environment {
    /// What Lambda refuses in these variables: a key outside its pattern
    /// `[a-zA-Z]([a-zA-Z0-9_])+` (<https://docs.aws.amazon.com/lambda/latest/api/API_Environment.html>),
    /// a reserved key, or more than 4 KB in all.
    pub fn problem(&self) -> Option<String> {
        for key in self.variables.keys() {
            let mut chars = key.chars();
            let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
            let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
            if key.len() < 2 || !first_ok || !rest_ok {
                return Some(format!(
                    "Environment variable key \"{key}\" must match [a-zA-Z]([a-zA-Z0-9_])+: a letter first, then letters, digits or _, at least 2 characters"
                ));
            }
        }
        let reserved: Vec<&str> = self
            .variables
            .keys()
            .map(String::as_str)
            .filter(|k| RESERVED_ENVIRONMENT_KEYS.contains(k))
            .collect();
        if !reserved.is_empty() {
            return Some(format!(
                "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: {}",
                reserved.join(", ")
            ));
        }
        let bytes = serde_json::to_string(&self.variables).map_or(0, |s| s.len());
        if bytes > ENVIRONMENT_MAX_BYTES {
            return Some(format!(
                "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit ({bytes} bytes)"
            ));
        }
        None
    }
}

impl FromJson for Environment {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct Environment", true, "",
            "Variables" variables |x| de::map(x, de::string),
        );
        Ok(Environment {
            variables: variables.unwrap_or_default(),
        })
    }
}

fn serialize_shared<S: serde::Serializer>(
    b: &std::rc::Rc<Behavior>,
    s: S,
) -> Result<S::Ok, S::Error> {
    b.as_ref().serialize(s)
}

fn default_runtime() -> String {
    "python3.12".into()
}
/// The Lambda console's default for a Python function.
fn default_handler() -> String {
    "lambda_function.lambda_handler".into()
}
fn default_timeout() -> u64 {
    lim::TIMEOUT_DEFAULT_S
}
fn default_memory() -> u32 {
    lim::MEMORY_DEFAULT_MB
}

impl FunctionConfig {
    /// The handler's file, as the runtime's traceback names it, and its function:
    /// `lambda_function.lambda_handler` → (`/var/task/lambda_function.py`,
    /// `lambda_handler`); a dotted module is a package's file (`pkg.app.main` →
    /// `/var/task/pkg/app.py`). None unless `file.function`, at most 128 characters
    /// and no whitespace (the API's limits).
    pub fn handler_parts(&self) -> Option<(String, &str)> {
        let h = &self.handler;
        if h.len() > 128 || h.contains(char::is_whitespace) {
            return None;
        }
        let (module, function) = h.rsplit_once('.')?;
        let word = |w: &str| {
            !w.is_empty()
                && !w.starts_with(|c: char| c.is_ascii_digit())
                && w.chars().all(|c| c.is_alphanumeric() || c == '_')
        };
        (module.split(['.', '/']).all(word) && word(function)).then(|| {
            (
                format!("/var/task/{}.py", module.replace('.', "/")),
                function,
            )
        })
    }

    pub fn validate(&self) -> SimResult<()> {
        let bad = |m: String| Err(SimError::new("InvalidParameterValueException", m));
        if self.function_name.is_empty() || self.function_name.len() > 64 {
            return bad("FunctionName must be 1 to 64 characters".into());
        }
        if self.handler_parts().is_none() {
            return bad(format!(
                "Handler '{}' is not file.function (the console's Python default is lambda_function.lambda_handler)",
                self.handler
            ));
        }
        if !(1..=lim::TIMEOUT_MAX_S).contains(&self.timeout) {
            return bad(format!(
                "Timeout {} is outside 1 to 900 seconds",
                self.timeout
            ));
        }
        if !(lim::MEMORY_MIN_MB..=lim::MEMORY_MAX_MB).contains(&self.memory_size) {
            return bad(format!(
                "MemorySize {} is outside 128 to 10240 MB",
                self.memory_size
            ));
        }
        if self.event_invoke_config.maximum_retry_attempts > 2 {
            return bad("EventInvokeConfig.MaximumRetryAttempts must be 0, 1 or 2".into());
        }
        if let Some(why) = self.environment.as_ref().and_then(Environment::problem) {
            return bad(why);
        }
        let age = self.event_invoke_config.maximum_event_age_in_seconds;
        if !(lim::ASYNC_EVENT_AGE_MIN_S..=lim::ASYNC_EVENT_AGE_MAX_S).contains(&age) {
            return bad(format!(
                "EventInvokeConfig.MaximumEventAgeInSeconds {age} is outside 60 to 21600"
            ));
        }
        Ok(())
    }

    pub fn arn(&self, region: &str) -> String {
        function_arn(region, &self.function_name)
    }

    /// The role's name (`Role` may be its ARN); `<function>-role` when not given.
    pub fn role_name(&self) -> String {
        self.role
            .as_deref()
            .map(|r| crate::services::iam::role_name_from(r).to_string())
            .unwrap_or_else(|| format!("{}-role", self.function_name))
    }
}

/// `arn:aws:lambda:…:function:name` (or a bare name) → the name.
pub fn function_name_from(arn_or_name: &str) -> &str {
    arn_or_name
        .split_once(":function:")
        .map(|(_, n)| n.split(':').next().unwrap_or(n))
        .unwrap_or(arn_or_name)
}

/// Since August 2025 a cold start's Init Duration is billed too (on-demand functions
/// on managed runtimes): Billed Duration = Duration + Init Duration, at least 1 ms.
/// (the REPORT example of <https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html>)
pub fn billed_duration_ms(duration_ms: u64, init_ms: u64) -> u64 {
    (duration_ms + init_ms).max(1)
}

pub fn function_arn(region: &str, name: &str) -> String {
    format!(
        "arn:aws:lambda:{region}:{}:function:{name}",
        crate::ACCOUNT_ID
    )
}

/// The behaviours' `Type`s, in declaration order.
pub const BEHAVIORS: &[&str] = &[
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
    "ingere-arquivo-s3",
    "log-and-succeed",
    "return-event",
    "publish-new-orders",
    "mark-processed",
    "sqs-guide-consumer",
];

impl FromJson for Behavior {
    /// `{"Type": "order-worker", "TableName": …}`, with the messages serde's derived
    /// code gave for this internally tagged enum (whose unit variants ignore other
    /// members).
    fn from_json(v: &Value) -> Res<Self> {
        let i = de::tag(v, "internally tagged enum Behavior", "Type", BEHAVIORS)?;
        let (e, t) = ("", "Type");
        let table = |v: &Value| -> Res<String> {
            read!(v, e, true, t, "TableName" table_name de::string);
            req(table_name, "TableName")
        };
        let queue = |v: &Value| -> Res<String> {
            read!(v, e, true, t, "QueueName" queue_name de::string);
            req(queue_name, "QueueName")
        };
        Ok(match BEHAVIORS[i] {
            "create-order" => Behavior::CreateOrder {
                table_name: table(v)?,
            },
            "forward-new-orders" => Behavior::ForwardNewOrders {
                queue_name: queue(v)?,
            },
            "order-worker" => {
                read!(v, e, true, t,
                    "TableName" table_name de::string,
                    "FailMarker" fail_marker de::string,
                    "AmountLimit" amount_limit de::f64,
                );
                Behavior::OrderWorker {
                    table_name: req(table_name, "TableName")?,
                    fail_marker: fail_marker.unwrap_or_else(default_fail_marker),
                    amount_limit: amount_limit.unwrap_or_else(default_high_value),
                }
            }
            "processa-pedido" => Behavior::ProcessaPedido {
                table_name: table(v)?,
            },
            "cancela-pedido" => Behavior::CancelaPedido {
                table_name: table(v)?,
            },
            "altera-pedido" => Behavior::AlteraPedido {
                table_name: table(v)?,
            },
            "charge-payment" => {
                read!(v, e, true, t, "SuccessPerMille" success_per_mille de::u32);
                Behavior::ChargePayment {
                    success_per_mille: success_per_mille.unwrap_or_else(default_success),
                }
            }
            "reserve-inventory" => Behavior::ReserveInventory {
                table_name: table(v)?,
            },
            "notify" => Behavior::Notify,
            "recebe-pedido" => Behavior::RecebePedido {
                queue_name: queue(v)?,
            },
            "valida-pedido" => {
                read!(v, e, true, t,
                    "EventBusName" event_bus_name de::string,
                    "Source" source de::string,
                    "DetailType" detail_type de::string,
                    "InvalidTopicName" invalid_topic_name de::opt_string,
                );
                Behavior::ValidaPedido {
                    event_bus_name: req(event_bus_name, "EventBusName")?,
                    source: source.unwrap_or_else(default_pedidos_source),
                    detail_type: detail_type.unwrap_or_else(default_novo_pedido),
                    invalid_topic_name: invalid_topic_name.flatten(),
                }
            }
            "publish-order" => {
                read!(v, e, true, t,
                    "EventBusName" event_bus_name de::string,
                    "Source" source de::string,
                    "DetailType" detail_type de::string,
                );
                Behavior::PublishOrder {
                    event_bus_name: req(event_bus_name, "EventBusName")?,
                    source: source.unwrap_or_else(default_orders_source),
                    detail_type: detail_type.unwrap_or_else(default_order_placed),
                }
            }
            "high-value-worker" => Behavior::HighValueWorker,
            "log-and-succeed" => Behavior::LogAndSucceed,
            "return-event" => Behavior::ReturnEvent,
            "ingere-arquivo-s3" => Behavior::IngereArquivoS3 {
                queue_name: queue(v)?,
            },
            "mark-processed" => Behavior::MarkProcessed {
                table_name: table(v)?,
            },
            "sqs-guide-consumer" => {
                read!(v, e, true, t,
                    "QueueName" queue_name de::string,
                    "DeadLetterQueueName" dead_letter_queue_name de::string,
                    "SuccessPerMille" success_per_mille de::u32,
                    "MaxRetries" max_retries de::u32,
                );
                Behavior::SqsGuideConsumer {
                    queue_name: req(queue_name, "QueueName")?,
                    dead_letter_queue_name: req(dead_letter_queue_name, "DeadLetterQueueName")?,
                    success_per_mille: success_per_mille.unwrap_or(800),
                    max_retries: max_retries.unwrap_or(3),
                }
            }
            "publish-new-orders" => {
                read!(v, e, true, t, "TopicName" topic_name de::string);
                Behavior::PublishNewOrders {
                    topic_name: req(topic_name, "TopicName")?,
                }
            }
            _ => Behavior::ConsumeOrders,
        })
    }
}

impl FromJson for Destination {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct Destination", true, "", "Destination" destination de::string);
        Ok(Destination {
            destination: req(destination, "Destination")?,
        })
    }
}

impl FromJson for DestinationConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct DestinationConfig", true, "",
            "OnSuccess" on_success |x| de::opt(x, de::parse),
            "OnFailure" on_failure |x| de::opt(x, de::parse),
        );
        Ok(DestinationConfig {
            on_success: on_success.flatten(),
            on_failure: on_failure.flatten(),
        })
    }
}

impl FromJson for EventInvokeConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct EventInvokeConfig", true, "",
            "MaximumRetryAttempts" maximum_retry_attempts de::u32,
            "MaximumEventAgeInSeconds" maximum_event_age_in_seconds de::u64,
            "DestinationConfig" destination_config de::parse,
        );
        Ok(EventInvokeConfig {
            maximum_retry_attempts: maximum_retry_attempts.unwrap_or_else(default_async_retries),
            maximum_event_age_in_seconds: maximum_event_age_in_seconds
                .unwrap_or_else(default_event_age),
            destination_config: destination_config.unwrap_or_default(),
        })
    }
}

impl FromJson for DeadLetterConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct DeadLetterConfig", true, "", "TargetArn" target_arn de::string);
        Ok(DeadLetterConfig {
            target_arn: req(target_arn, "TargetArn")?,
        })
    }
}

impl FromJson for FunctionConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct FunctionConfig", true, "",
            "FunctionName" function_name de::string,
            "Runtime" runtime de::string,
            "Handler" handler de::string,
            "Timeout" timeout de::u64,
            "MemorySize" memory_size de::u32,
            "ReservedConcurrentExecutions" reserved |x| de::opt(x, de::u32),
            "Role" role de::opt_string,
            "Behavior" behavior de::parse,
            "DeadLetterConfig" dead_letter_config |x| de::opt(x, de::parse),
            "EventInvokeConfig" event_invoke_config de::parse,
            "DurationMs" duration_ms |x| de::opt(x, de::u64),
            "Environment" environment |x| de::opt(x, de::parse),
        );
        Ok(FunctionConfig {
            environment: environment.flatten(),
            function_name: req(function_name, "FunctionName")?,
            runtime: runtime.unwrap_or_else(default_runtime),
            handler: handler.unwrap_or_else(default_handler),
            timeout: timeout.unwrap_or_else(default_timeout),
            memory_size: memory_size.unwrap_or_else(default_memory),
            reserved_concurrent_executions: reserved.flatten(),
            role: role.flatten(),
            behavior: std::rc::Rc::new(req(behavior, "Behavior")?),
            dead_letter_config: dead_letter_config.flatten(),
            event_invoke_config: event_invoke_config.unwrap_or_default(),
            duration_ms: duration_ms.flatten(),
        })
    }
}

/// Switches a learner flips to break a function, and flips back to fix it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Faults {
    /// Raises `labs::forced_error` at the top of the handler.
    pub throw: bool,
    /// The handler runs past the function's timeout.
    pub timeout: bool,
    /// Reserved concurrency set to 0: every invocation is throttled.
    pub throttle: bool,
    /// The role lacks permission on the table or queue the function writes to.
    pub deny_permission: bool,
    /// Fails this fraction of invocations, in thousandths.
    pub fail_per_mille: u32,
    /// Every invocation first waits this long on a slow downstream call (0: off).
    #[serde(default)]
    pub slow_ms: u64,
}

impl Faults {
    pub fn any(&self) -> bool {
        self.throw
            || self.timeout
            || self.throttle
            || self.deny_permission
            || self.fail_per_mille > 0
            || self.slow_ms > 0
    }
}

/// Cumulative AWS/Lambda metrics.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionMetrics {
    pub invocations: u64,
    pub errors: u64,
    pub throttles: u64,
    /// Sum of durations, ms.
    pub duration: u64,
    pub concurrent_executions: u32,
    /// The most concurrent executions seen.
    #[serde(skip)]
    pub peak_concurrency: u32,
    pub dead_letter_errors: u64,
    /// Messages the function listed in `batchItemFailures`, counted once per response.
    /// Not an AWS/Lambda metric: the invocation succeeded, so Errors stays at 0 while
    /// every one of them returns to its queue (lab 003's broken payments-processor).
    #[serde(skip)]
    pub failed_batch_items: u64,
    /// What the current CloudWatch minute has seen beyond the sums.
    #[serde(skip)]
    pub minute: MinuteExtremes,
}

/// The extremes of the current minute, for the Maximum and Minimum statistics;
/// CloudWatch sampling takes them and starts the next minute afresh.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MinuteExtremes {
    pub peak_concurrency: u32,
    pub ended: u64,
    pub min_duration_ms: u64,
    pub max_duration_ms: u64,
    /// Stream batches whose invocation ended this minute and their IteratorAge (ms):
    /// sum and extremes.
    pub iterator_batches: u64,
    pub iterator_age_sum_ms: u64,
    pub iterator_age_min_ms: u64,
    pub iterator_age_max_ms: u64,
}

impl FunctionMetrics {
    pub fn started(&mut self) {
        self.invocations += 1;
        self.concurrent_executions += 1;
        self.peak_concurrency = self.peak_concurrency.max(self.concurrent_executions);
        self.minute.peak_concurrency = self.minute.peak_concurrency.max(self.concurrent_executions);
    }

    pub fn ended(&mut self, duration_ms: u64) {
        self.duration += duration_ms;
        let m = &mut self.minute;
        m.min_duration_ms = if m.ended == 0 {
            duration_ms
        } else {
            m.min_duration_ms.min(duration_ms)
        };
        m.max_duration_ms = m.max_duration_ms.max(duration_ms);
        m.ended += 1;
    }

    /// A stream batch's invocation ended: IteratorAge is "how old the last record in
    /// the batch was when processing finished" (Lambda developer guide, with-ddb).
    pub fn stream_batch_done(&mut self, iterator_age_ms: u64) {
        let m = &mut self.minute;
        m.iterator_age_min_ms = if m.iterator_batches == 0 {
            iterator_age_ms
        } else {
            m.iterator_age_min_ms.min(iterator_age_ms)
        };
        m.iterator_age_max_ms = m.iterator_age_max_ms.max(iterator_age_ms);
        m.iterator_age_sum_ms += iterator_age_ms;
        m.iterator_batches += 1;
    }

    /// Takes the minute's extremes; the next minute starts from what is running now.
    pub fn take_minute(&mut self) -> MinuteExtremes {
        let next = MinuteExtremes {
            peak_concurrency: self.concurrent_executions,
            ..MinuteExtremes::default()
        };
        std::mem::replace(&mut self.minute, next)
    }
}

#[derive(Clone, Debug)]
pub struct Function {
    pub config: FunctionConfig,
    pub faults: Faults,
    pub metrics: FunctionMetrics,
    /// When each execution environment started, by environment (its log stream is
    /// named by that day).
    pub environment_started_ms: Vec<crate::kernel::time::SimTime>,
    /// The started environments no invocation runs in, the most recently freed last:
    /// the next invocation takes that one, warm; with none free, a new one starts (a
    /// cold start). Each writes its own log stream.
    pub idle_environments: Vec<u32>,
    /// Environments below this one ran an earlier configuration: freed, they are not
    /// used again.
    pub retired_below: u32,
    /// Its CloudWatch Logs group, `/aws/lambda/NAME`.
    pub log_group: String,
    /// The console's latest "Test" of this function.
    pub last_test: Option<test_invoke::TestInvoke>,
}

impl Function {
    pub fn new(config: FunctionConfig) -> Self {
        Function {
            log_group: format!("/aws/lambda/{}", config.function_name),
            config,
            faults: Faults::default(),
            metrics: FunctionMetrics::default(),
            environment_started_ms: Vec::new(),
            idle_environments: Vec::new(),
            retired_below: 0,
            last_test: None,
        }
    }

    pub fn name(&self) -> &str {
        &self.config.function_name
    }

    /// A new configuration runs in new execution environments: "When you update a
    /// function, Lambda provisions an instance of the function" (UpdateFunctionConfiguration),
    /// so the next invocation is a cold start in a new log stream. Those running finish
    /// in theirs.
    pub fn retire_environments(&mut self) {
        self.idle_environments.clear();
        self.retired_below = self.environment_started_ms.len() as u32;
    }

    /// An invocation ended in `environment`: it waits for the next, unless retired.
    pub fn free_environment(&mut self, environment: u32) {
        if environment >= self.retired_below {
            self.idle_environments.push(environment);
        }
    }

    /// How many may run at once: reserved concurrency (0 when throttled by the fault
    /// switch), else the account's quota.
    pub fn concurrency_limit(&self) -> u32 {
        if self.faults.throttle {
            0
        } else {
            self.config
                .reserved_concurrent_executions
                .unwrap_or(lim::ACCOUNT_CONCURRENCY)
        }
    }
}

/// The Lambda service of one world: functions (each with its own random stream),
/// event source mappings, and the invocations running or waiting to be retried.
#[derive(Clone, Debug, Default)]
pub struct Lambda {
    pub functions: Vec<Function>,
    pub function_rngs: Vec<crate::kernel::rng::Rng>,
    pub sqs_mappings: Vec<mapping::SqsMapping>,
    pub stream_mappings: Vec<mapping::StreamMapping>,
    pub invocations: std::collections::BTreeMap<u64, invocation::Invocation>,
    pub next_invocation: u64,
    pub async_events: std::collections::BTreeMap<u64, invocation::AsyncEvent>,
    pub next_async: u64,
    /// SQS batches whose invocation was throttled, retried while they are hidden.
    pub throttled_sqs_batches: std::collections::BTreeMap<u64, ThrottledSqsBatch>,
    pub next_throttled: u64,
}

/// A received SQS batch whose invocation was throttled. Lambda keeps retrying it
/// until the messages' visibility timeout expires; each message is kept with the
/// receive it came from (`visibility_generation`), so a later receive is not touched.
#[derive(Clone, Debug)]
pub struct ThrottledSqsBatch {
    pub mapping: u32,
    pub messages: Vec<(u64, u32)>,
    pub backoff_ms: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_ranges() {
        let mut c = FunctionConfig {
            function_name: "f".into(),
            runtime: default_runtime(),
            handler: default_handler(),
            timeout: 3,
            memory_size: 128,
            reserved_concurrent_executions: None,
            role: None,
            behavior: std::rc::Rc::new(Behavior::Notify),
            dead_letter_config: None,
            event_invoke_config: EventInvokeConfig::default(),
            duration_ms: None,
            environment: None,
        };
        assert!(c.validate().is_ok());
        c.timeout = 901;
        assert!(c.validate().is_err());
        c.timeout = 0;
        assert!(c.validate().is_err());
        c.timeout = 3;
        c.memory_size = 127;
        assert!(c.validate().is_err());
        c.memory_size = 128;
        c.event_invoke_config.maximum_retry_attempts = 3;
        assert!(c.validate().is_err());
        c.event_invoke_config.maximum_retry_attempts = 2;
        // Handler: file.function, the file a traceback names
        // (https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html).
        let parts = |c: &FunctionConfig| c.handler_parts().map(|(f, n)| (f, n.to_string()));
        assert_eq!(
            parts(&c),
            Some((
                "/var/task/lambda_function.py".into(),
                "lambda_handler".into()
            ))
        );
        c.handler = "index.handler".into();
        assert_eq!(
            parts(&c),
            Some(("/var/task/index.py".into(), "handler".into()))
        );
        c.handler = "pkg.app.main".into();
        assert_eq!(
            parts(&c),
            Some(("/var/task/pkg/app.py".into(), "main".into()))
        );
        for bad in ["lambda_function", "index.", ".main", "a b.main", "a-b.main"] {
            c.handler = bad.into();
            let e = c.validate().unwrap_err();
            assert!(e.to_string().contains("is not file.function"), "{bad}: {e}");
        }
        c.handler = default_handler();
        // Environment: Lambda's key pattern, its reserved keys, 4 KB in all
        // (https://docs.aws.amazon.com/lambda/latest/api/API_Environment.html;
        // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html).
        // Before, any key passed, and a template's import now brings them in.
        let env = |pairs: &[(&str, String)]| Environment {
            variables: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        };
        c.environment = Some(env(&[("ORDERS_TABLE_NAME", "Orders".into())]));
        assert!(c.validate().is_ok());
        for bad in ["my-key", "1KEY", "K", "_HANDLER", "chave_ç"] {
            c.environment = Some(env(&[(bad, "x".into())]));
            let e = c.validate().unwrap_err().message;
            assert!(
                e.contains("must match [a-zA-Z]([a-zA-Z0-9_])+"),
                "{bad}: {e}"
            );
        }
        c.environment = Some(env(&[("AWS_REGION", "us-east-1".into())]));
        assert!(c
            .validate()
            .unwrap_err()
            .message
            .contains("Reserved keys used in this request: AWS_REGION"));
        c.environment = Some(env(&[("BIG", "x".repeat(4096))]));
        assert!(c
            .validate()
            .unwrap_err()
            .message
            .contains("exceeded the 4KB limit"));
    }

    #[test]
    fn behaviors_parse_from_scenario_json() {
        let b = Behavior::from_json(&serde_json::json!(
            {"Type": "order-worker", "TableName": "Orders", "AmountLimit": 500}
        ))
        .unwrap();
        assert_eq!(
            b,
            Behavior::OrderWorker {
                table_name: "Orders".into(),
                fail_marker: "FAIL".into(),
                amount_limit: 500.0
            }
        );
        let e = Behavior::from_json(&serde_json::json!(
            {"Type": "order-worker", "TableNam": "Orders"}
        ))
        .unwrap_err();
        assert!(e.to_string().contains("TableNam"), "{e}");
    }
}
