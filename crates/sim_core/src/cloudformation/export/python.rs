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
        B::ReturnEvent => include_str!("python/return_event.py"),
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
        B::ReturnEvent => (handler_source(b), Vec::new()),
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

/// The handler as this function deploys it, with the keys the function itself uses.
/// Our handlers read fixed keys (TABLE_NAME); where the function's Environment names
/// the same resource under its own key (lab 004's ORDERS_TABLE_NAME, lab 000's
/// DYNAMODB_TABLE_NAME), the code reads that key, so the template says what the
/// function panel showed. The function's other variables travel as they are.
pub fn deployed(
    b: &Behavior,
    own: Option<&crate::lambda::Environment>,
) -> (String, Vec<(String, Env)>) {
    let Code { zip_file, env } = code(b);
    let handler_keys: Vec<&str> = env.iter().map(|(k, _)| *k).collect();
    let mut own: Vec<(&String, &String)> = own
        .map(|e| e.variables.iter().collect())
        .unwrap_or_default();
    let mut vars = Vec::new();
    let mut renames = Vec::new();
    for (key, value) in env {
        // Not onto a key the handler reads for something else: two reads would merge.
        let found = own.iter().position(|(k, v)| {
            names(v, &value) && (k.as_str() == key || !handler_keys.contains(&k.as_str()))
        });
        match found {
            Some(i) => {
                let (own_key, _) = own.remove(i);
                renames.push((key, own_key.as_str()));
                vars.push((own_key.clone(), value));
            }
            None => vars.push((key.to_string(), value)),
        }
    }
    let source = renamed(zip_file, &renames);
    // A variable the handler does not read, unless it would shadow one it does.
    for (k, v) in own {
        if !vars.iter().any(|(key, _)| key == k) {
            vars.push((k.clone(), text(v.clone())));
        }
    }
    (source, vars)
}

/// Whether a variable's value names the resource `env` stands for: a table's or a
/// bus's name, a queue's URL or name, a topic's ARN or name.
fn names(value: &str, env: &Env) -> bool {
    let last = |s: &str, sep: char| s.rsplit(sep).next().unwrap_or(s).to_string();
    match env {
        Env::Table(n) => value == n,
        Env::Bus(n) => value == n || last(value, '/') == *n,
        Env::Queue(n) => {
            let name = crate::sqs::queue_name_from_arn(n);
            value == name || value.starts_with("https://") && last(value, '/') == name
        }
        Env::Topic(n) => last(value, ':') == last(n, ':'),
        Env::Text(_) => false,
    }
}

/// `source` reading each `to` wherever it read the variable `from`, all at once: one
/// after another, a rename onto a name a later one renames would be renamed again.
fn renamed(source: &str, renames: &[(&str, &str)]) -> String {
    const FORMS: [(&str, &str); 3] = [("[\"", "\"]"), ("['", "']"), (".get(\"", "\")")];
    let read = |key: &str, (open, close): (&str, &str)| format!("os.environ{open}{key}{close}");
    let mut out = source.to_string();
    // First each read to a mark no source holds, then each mark to its new key.
    for (i, (from, _)) in renames.iter().enumerate() {
        for form in FORMS {
            out = out.replace(&read(from, form), &format!("\u{0}{i}:{}\u{0}", form.0));
        }
    }
    for (i, (_, to)) in renames.iter().enumerate() {
        for form in FORMS {
            out = out.replace(&format!("\u{0}{i}:{}\u{0}", form.0), &read(to, form));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renames apply at once: A→B and B→C leave A's read on B and B's on C (one after
    /// another, both ended on C: a review found the bus read the topic's ARN).
    #[test]
    fn renames_apply_at_once() {
        let source = "a = os.environ[\"A\"]\nb = os.environ['B']\nc = os.environ.get(\"B\")\n";
        assert_eq!(
            renamed(source, &[("A", "B"), ("B", "C")]),
            "a = os.environ[\"B\"]\nb = os.environ['C']\nc = os.environ.get(\"C\")\n"
        );
    }

    /// A function variable that names the table under a key the handler reads for
    /// something else is not taken for the table: the handler keeps its own key.
    #[test]
    fn a_key_the_handler_reads_for_something_else_is_not_taken() {
        let worker = Behavior::OrderWorker {
            table_name: "Orders".into(),
            fail_marker: "FAIL".into(),
            amount_limit: 10_000.0,
        };
        let own = crate::lambda::Environment {
            variables: [("AMOUNT_LIMIT".to_string(), "Orders".to_string())].into(),
        };
        let (source, vars) = deployed(&worker, Some(&own));
        assert!(source.contains("os.environ[\"TABLE_NAME\"]"), "{source}");
        let keys: Vec<&str> = vars.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys.iter().filter(|k| **k == "AMOUNT_LIMIT").count(),
            1,
            "{keys:?}"
        );
        assert!(keys.contains(&"TABLE_NAME"), "{keys:?}");
    }
}
