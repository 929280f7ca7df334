//! Why an order is where it is (`sim_core::view::OrderWhy`), in the learner's
//! language: a short line for a table row, and the whole explanation.

use sim_core::view::OrderWhy;

use crate::i18n::{t, Key, Lang};

fn functions(names: &[String]) -> String {
    names.join(", ")
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
        .replace("{n}", &received_before.to_string()),
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
        .replace("{n}", &received_before.to_string()),
        OrderWhy::FailedWithBatch { batch_size, .. } => {
            t(lang, Key::WhyBatchShort).replace("{n}", &batch_size.to_string())
        }
    }
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
            .replace("{n}", &received_before.to_string()),
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
            .replace("{n}", &received_before.to_string()),
        OrderWhy::FailedWithBatch {
            function,
            queue,
            batch_size,
            error,
            moved_to_dlq,
        } => {
            let mut text = t(lang, Key::WhyBatch)
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
    }
}
