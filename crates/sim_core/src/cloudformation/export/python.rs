//! Each behaviour as the Python 3.12 handler a real function would run
//! (CloudFormation's inline `Code: ZipFile`, at most 4,096 bytes), with the
//! environment variables it reads. The handlers log what EventLab's behaviours log.

use crate::lambda::Behavior;

/// An environment variable's value: a resource (exported as !Ref) or text.
pub enum Env {
    Table(String),
    Queue(String),
    Bus(String),
    Topic(String),
    Text(String),
}

pub struct Code {
    pub zip_file: &'static str,
    pub env: Vec<(&'static str, Env)>,
}

fn text(s: impl Into<String>) -> Env {
    Env::Text(s.into())
}

/// The Python handler a behaviour deploys as (`index.py`).
pub fn handler_source(b: &Behavior) -> &'static str {
    use Behavior as B;
    match b {
        B::CreateOrder { .. } => include_str!("python/create_order.py"),
        B::ForwardNewOrders { .. } => include_str!("python/forward_new_orders.py"),
        B::OrderWorker { .. } => include_str!("python/order_worker.py"),
        B::ProcessaPedido { .. } => include_str!("python/processa_pedido.py"),
        B::CancelaPedido { .. } => include_str!("python/altera_status.py"),
        B::AlteraPedido { .. } => include_str!("python/altera_status.py"),
        B::ChargePayment { .. } => include_str!("python/charge_payment.py"),
        B::ReserveInventory { .. } => include_str!("python/reserve_inventory.py"),
        B::Notify => include_str!("python/notify.py"),
        B::RecebePedido { .. } => include_str!("python/recebe_pedido.py"),
        B::IngereArquivoS3 { .. } => include_str!("python/ingere_arquivo_s3.py"),
        B::ValidaPedido { .. } => include_str!("python/valida_pedido.py"),
        B::PublishOrder { .. } => include_str!("python/publish_order.py"),
        B::HighValueWorker => include_str!("python/high_value_worker.py"),
        B::ConsumeOrders => include_str!("python/consume_orders.py"),
        B::LogAndSucceed => include_str!("python/log_and_succeed.py"),
        B::MarkProcessed { .. } => include_str!("python/mark_processed.py"),
        B::PublishNewOrders { .. } => include_str!("python/publish_new_orders.py"),
        B::SqsGuideConsumer { .. } => include_str!("python/sqs_guide_consumer.py"),
    }
}

/// The handler and its variables for a behaviour.
pub fn code(b: &Behavior) -> Code {
    use Behavior as B;
    let (zip_file, env): (&'static str, Vec<(&'static str, Env)>) = match b {
        B::CreateOrder { table_name } => (
            handler_source(b),
            vec![("TABLE_NAME", Env::Table(table_name.clone()))],
        ),
        B::ForwardNewOrders { queue_name } => (
            handler_source(b),
            vec![("QUEUE_URL", Env::Queue(queue_name.clone()))],
        ),
        B::OrderWorker {
            table_name,
            fail_marker,
            amount_limit,
        } => (
            handler_source(b),
            vec![
                ("TABLE_NAME", Env::Table(table_name.clone())),
                ("FAIL_MARKER", text(fail_marker.clone())),
                ("AMOUNT_LIMIT", text(amount_limit.to_string())),
            ],
        ),
        B::ProcessaPedido { table_name } => (
            handler_source(b),
            vec![("TABLE_NAME", Env::Table(table_name.clone()))],
        ),
        B::CancelaPedido { table_name } => (
            handler_source(b),
            vec![
                ("TABLE_NAME", Env::Table(table_name.clone())),
                ("OPERACAO", text("CANCELADO")),
            ],
        ),
        B::AlteraPedido { table_name } => (
            handler_source(b),
            vec![
                ("TABLE_NAME", Env::Table(table_name.clone())),
                ("OPERACAO", text("ALTERADO")),
            ],
        ),
        B::ChargePayment { success_per_mille } => (
            handler_source(b),
            vec![("SUCCESS_PER_MILLE", text(success_per_mille.to_string()))],
        ),
        B::ReserveInventory { table_name } => (
            handler_source(b),
            vec![("TABLE_NAME", Env::Table(table_name.clone()))],
        ),
        B::Notify => (handler_source(b), Vec::new()),
        B::RecebePedido { queue_name } => (
            handler_source(b),
            vec![("QUEUE_URL", Env::Queue(queue_name.clone()))],
        ),
        B::IngereArquivoS3 { queue_name } => (
            handler_source(b),
            vec![("QUEUE_URL", Env::Queue(queue_name.clone()))],
        ),
        B::ValidaPedido {
            event_bus_name,
            source,
            detail_type,
            invalid_topic_name,
        } => {
            let mut env = vec![
                ("EVENT_BUS_NAME", Env::Bus(event_bus_name.clone())),
                ("SOURCE", text(source.clone())),
                ("DETAIL_TYPE", text(detail_type.clone())),
            ];
            if let Some(t) = invalid_topic_name {
                env.push(("INVALID_TOPIC_ARN", Env::Topic(t.clone())));
            }
            (handler_source(b), env)
        }
        B::PublishOrder {
            event_bus_name,
            source,
            detail_type,
        } => (
            handler_source(b),
            vec![
                ("EVENT_BUS_NAME", Env::Bus(event_bus_name.clone())),
                ("SOURCE", text(source.clone())),
                ("DETAIL_TYPE", text(detail_type.clone())),
            ],
        ),
        B::HighValueWorker => (handler_source(b), Vec::new()),
        B::ConsumeOrders => (handler_source(b), Vec::new()),
        B::LogAndSucceed => (handler_source(b), Vec::new()),
        B::MarkProcessed { table_name } => (
            handler_source(b),
            vec![("TABLE_NAME", Env::Table(table_name.clone()))],
        ),
        B::PublishNewOrders { topic_name } => (
            handler_source(b),
            vec![("TOPIC_ARN", Env::Topic(topic_name.clone()))],
        ),
        B::SqsGuideConsumer {
            queue_name,
            dead_letter_queue_name,
            success_per_mille,
            max_retries,
        } => (
            handler_source(b),
            vec![
                ("QUEUE_NAME", text(queue_name.clone())),
                ("DLQ_URL", Env::Queue(dead_letter_queue_name.clone())),
                ("SUCCESS_PER_MILLE", text(success_per_mille.to_string())),
                ("MAX_RETRIES", text(max_retries.to_string())),
            ],
        ),
    };
    Code { zip_file, env }
}

/// What the handler calls, as IAM actions on resources (for its least-privilege role).
pub fn calls(b: &Behavior) -> Vec<(&'static str, Env)> {
    use Behavior as B;
    match b {
        B::CreateOrder { table_name }
        | B::ProcessaPedido { table_name }
        | B::ReserveInventory { table_name } => {
            vec![("dynamodb:PutItem", Env::Table(table_name.clone()))]
        }
        B::OrderWorker { table_name, .. }
        | B::MarkProcessed { table_name }
        | B::CancelaPedido { table_name }
        | B::AlteraPedido { table_name } => {
            vec![("dynamodb:UpdateItem", Env::Table(table_name.clone()))]
        }
        B::ForwardNewOrders { queue_name }
        | B::RecebePedido { queue_name }
        | B::IngereArquivoS3 { queue_name } => {
            vec![("sqs:SendMessage", Env::Queue(queue_name.clone()))]
        }
        B::PublishNewOrders { topic_name } => vec![("sns:Publish", Env::Topic(topic_name.clone()))],
        B::SqsGuideConsumer {
            dead_letter_queue_name,
            ..
        } => vec![(
            "sqs:SendMessage",
            Env::Queue(dead_letter_queue_name.clone()),
        )],
        B::PublishOrder { event_bus_name, .. } => {
            vec![("events:PutEvents", Env::Bus(event_bus_name.clone()))]
        }
        B::ValidaPedido {
            event_bus_name,
            invalid_topic_name,
            ..
        } => {
            let mut v = vec![("events:PutEvents", Env::Bus(event_bus_name.clone()))];
            if let Some(t) = invalid_topic_name {
                v.push(("sns:Publish", Env::Topic(t.clone())));
            }
            v
        }
        _ => Vec::new(),
    }
}
