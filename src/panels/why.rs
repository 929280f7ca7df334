//! Why an order is where it is (`sim_core::view::OrderWhy`), in the learner's
//! language: a short line for a table row, and the whole explanation.

use sim_core::view::OrderWhy;

use crate::i18n::{plural, t, Key, Lang, Plural};

fn functions(names: &[String]) -> String {
    names.join(", ")
}

/// The sign before the few words: ↪ for an order the pipe delivered where its filter
/// sends it (the high-value path: the student walk read ⚠ as a failure), ⚠ otherwise.
pub fn why_sign(why: &OrderWhy) -> &'static str {
    match why {
        OrderWhy::TakenByPipe {
            received_before: 0, ..
        } => "↪",
        _ => "⚠",
    }
}

/// A few words for the orders table and a DLQ's message list.
pub fn why_short(lang: Lang, why: &OrderWhy) -> String {
    match why {
        OrderWhy::DeletedByPipeFilter {
            pipe,
            functions: f,
            received_before,
            ..
        } => pick(
            lang,
            *received_before,
            Key::WhyPipeShort,
            Key::WhyPipeShortAfter,
        )
        .replace("{pipe}", pipe)
        .replace("{functions}", &functions(f))
        .replace(
            "{receives}",
            &counted(lang, Plural::ReceivesN, *received_before),
        ),
        OrderWhy::TakenByPipe {
            pipe,
            target,
            functions: f,
            received_before,
            ..
        } => pick(
            lang,
            *received_before,
            Key::WhyTakenShort,
            Key::WhyTakenShortAfter,
        )
        .replace("{pipe}", pipe)
        .replace("{target}", target)
        .replace("{functions}", &functions(f))
        .replace(
            "{receives}",
            &counted(lang, Plural::ReceivesN, *received_before),
        ),
        OrderWhy::FailedWithBatch { batch_size, .. } => {
            t(lang, Key::WhyBatchShort).replace("{n}", &batch_size.to_string())
        }
        OrderWhy::InDlq {
            function,
            dlq,
            receives,
            ..
        } => t(lang, Key::WhyDlqShort)
            .replace("{dlq}", dlq)
            .replace("{function}", function)
            .replace("{receives}", &counted(lang, Plural::ReceivesN, *receives)),
    }
}

fn counted(lang: Lang, key: Plural, n: u32) -> String {
    plural(lang, key, n.into())
}

/// The words for a message the pipe took at once, or after the functions had
/// received it (and failed) `received_before` times: it did reach them then.
fn pick(lang: Lang, received_before: u32, at_once: Key, after: Key) -> &'static str {
    t(lang, if received_before == 0 { at_once } else { after })
}

/// What happened and why, as AWS behaves.
pub fn why_long(lang: Lang, why: &OrderWhy) -> String {
    match why {
        OrderWhy::DeletedByPipeFilter {
            pipe,
            queue,
            functions: f,
            received_before,
        } => pick(lang, *received_before, Key::WhyPipe, Key::WhyPipeAfter)
            .replace("{pipe}", pipe)
            .replace("{queue}", queue)
            .replace("{functions}", &functions(f))
            .replace("{times}", &counted(lang, Plural::TimesN, *received_before)),
        OrderWhy::TakenByPipe {
            pipe,
            queue,
            target,
            functions: f,
            received_before,
        } => pick(lang, *received_before, Key::WhyTaken, Key::WhyTakenAfter)
            .replace("{pipe}", pipe)
            .replace("{queue}", queue)
            .replace("{target}", target)
            .replace("{functions}", &functions(f))
            .replace("{times}", &counted(lang, Plural::TimesN, *received_before)),
        OrderWhy::FailedWithBatch {
            function,
            queue,
            batch_size,
            report_batch_item_failures,
            error,
            moved_to_dlq,
        } => {
            let key = if *report_batch_item_failures {
                Key::WhyBatchReported
            } else {
                Key::WhyBatch
            };
            let mut text = t(lang, key)
                .replace("{function}", function)
                .replace("{queue}", queue)
                .replace("{n}", &batch_size.to_string())
                .replace("{error}", error);
            if let Some(dlq) = moved_to_dlq {
                text.push(' ');
                text.push_str(&t(lang, Key::WhyBatchDlq).replace("{dlq}", dlq));
            }
            text
        }
        OrderWhy::InDlq {
            function,
            queue,
            dlq,
            error,
            receives,
        } => t(lang, Key::WhyDlq)
            .replace("{function}", function)
            .replace("{queue}", queue)
            .replace("{dlq}", dlq)
            .replace("{error}", error)
            .replace("{times}", &counted(lang, Plural::TimesN, *receives)),
    }
}

#[cfg(test)]
mod tests {
    use super::{why_long, why_short, why_sign};
    use crate::i18n::Lang;
    use sim_core::view::OrderWhy;

    fn dropped(received_before: u32) -> OrderWhy {
        OrderWhy::DeletedByPipeFilter {
            pipe: "HighValueOrderPipe".into(),
            queue: "order-processing-queue".into(),
            functions: vec!["OrderWorkerFunction".into()],
            received_before,
        }
    }

    #[test]
    fn an_order_whose_message_sits_in_a_dlq_says_so_and_what_a_redrive_does() {
        let why = OrderWhy::InDlq {
            function: "OrderWorkerFunction".into(),
            queue: "order-processing-queue".into(),
            dlq: "order-processing-dlq".into(),
            error: "Exception: Simulated failure".into(),
            receives: 3,
        };
        assert_eq!(
            why_short(Lang::Pt, &why),
            "em order-processing-dlq depois de 3 recebimentos sem sucesso em OrderWorkerFunction"
        );
        for lang in [Lang::En, Lang::Pt] {
            let long = why_long(lang, &why);
            assert!(!long.contains('{'), "every part filled: {long}");
            assert!(
                long.contains("redrive") && long.contains("Simulated failure"),
                "{long}"
            );
        }
        assert_eq!(why_sign(&why), "⚠");
    }

    #[test]
    fn a_dropped_order_says_whether_the_worker_had_it_and_counts_in_words() {
        let short = |n, lang| why_short(lang, &dropped(n));
        assert!(short(0, Lang::En).contains("never reached OrderWorkerFunction"));
        assert_eq!(
            short(1, Lang::En),
            "deleted by HighValueOrderPipe's filter after 1 receive that failed in OrderWorkerFunction"
        );
        assert!(short(2, Lang::Pt).contains("depois de 2 recebimentos sem sucesso"));
        assert!(short(1, Lang::Pt).contains("depois de 1 recebimento sem sucesso"));
        let long = why_long(Lang::Pt, &dropped(1));
        assert!(long.contains("recebeu a mensagem deste pedido 1 vez de order-processing-queue"));
        assert!(!long.contains('{'), "every part filled: {long}");
        assert!(!why_long(Lang::En, &dropped(2)).contains("never reached maxReceiveCount"));
        assert_eq!(why_sign(&dropped(0)), "⚠");
    }

    /// A high-value order the pipe delivered at once took the path its filter is for:
    /// said without a warning sign; one the worker had failed first keeps the sign.
    #[test]
    fn an_order_the_pipe_delivered_at_once_is_no_warning() {
        let taken = |received_before| OrderWhy::TakenByPipe {
            pipe: "HighValueOrderPipe".into(),
            queue: "order-processing-queue".into(),
            target: "high-value-orders-queue".into(),
            functions: vec!["OrderWorkerFunction".into()],
            received_before,
        };
        assert_eq!(why_sign(&taken(0)), "↪");
        assert_eq!(why_sign(&taken(1)), "⚠");
        assert_eq!(
            why_short(Lang::Pt, &taken(0)),
            "entregue por HighValueOrderPipe a high-value-orders-queue: OrderWorkerFunction nunca o vê, então este status fica assim"
        );
    }

    /// The SQS guide's consumer has ReportBatchItemFailures on and raised: the student
    /// walk read "Without ReportBatchItemFailures, Lambda returns the whole batch" under
    /// a function that had it. An exception fails the whole batch either way.
    #[test]
    fn a_batch_failed_by_an_exception_says_whether_the_trigger_reports_item_failures() {
        let failed = |report_batch_item_failures| OrderWhy::FailedWithBatch {
            function: "processa-pedidos-fifo".into(),
            queue: "pedidos-ecommerce.fifo".into(),
            batch_size: 2,
            report_batch_item_failures,
            error: "ValueError".into(),
            moved_to_dlq: None,
        };
        for lang in [Lang::En, Lang::Pt] {
            let with = why_long(lang, &failed(true));
            assert!(with.contains("ReportBatchItemFailures"), "{with}");
            assert!(
                !with.contains("Without") && !with.contains("Sem "),
                "{with}"
            );
            assert!(!with.contains('{'), "every part filled: {with}");
        }
        assert!(
            why_long(Lang::Pt, &failed(true)).contains("mesmo com ReportBatchItemFailures ligado")
        );
        assert!(why_long(Lang::En, &failed(false)).contains("Without ReportBatchItemFailures"));
    }
}
