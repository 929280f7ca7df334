//! The order O sends where orders are typed as JSON (lab 003, lab 000, the FIFO
//! guide): the editor's first body, then the scenario's generated orders, each with
//! an id not sent before. Lab 003's O sent order-1 every time: the room saw "3
//! requests" beside "1 item" (the inventory reserves an order once), and the FIFO
//! queue dropped the repeats as duplicates.

use std::collections::BTreeSet;

use serde_json::Value;
use sim_core::view::{order_id_in, order_id_in_body, EntryView};
use sim_core::{Action, ScriptStep};

use crate::session::{Record, Recorded};

/// Generated orders looked at for a new id before giving up (a template without
/// `{n}` makes the same id every time).
const TRIES: u64 = 1_000;

/// `reserved`: ids the guide's later steps send with their Show me (lab 003's
/// order-2 … order-11): O sending one of them first would make that step's orders
/// repeats.
pub(super) fn json_body(
    entry: &EntryView,
    journal: &[Record],
    reserved: &BTreeSet<String>,
) -> Value {
    let (sent, mut used) = sent_orders(journal);
    used.extend(reserved.iter().cloned());
    let is_new = |body: &Value| order_id_in_body(body).is_none_or(|id| !used.contains(&id));
    let first = entry.first_body();
    if is_new(&first) {
        return first;
    }
    (sent + 1..=sent + TRIES)
        .map(|n| entry.entry.nth_order(n))
        .find(is_new)
        .unwrap_or(first)
}

/// How many orders the learner sent one by one, and every order id sent so far
/// (bursts and guide steps included).
fn sent_orders(journal: &[Record]) -> (u64, BTreeSet<String>) {
    let mut sent = 0;
    let mut used = BTreeSet::new();
    for r in journal {
        let actions: Vec<&Action> = match &r.what {
            Recorded::Action(a) => {
                sent += u64::from(body_of(a).is_some());
                vec![a]
            }
            Recorded::Schedule(steps) => steps.iter().map(|s: &ScriptStep| &s.action).collect(),
        };
        used.extend(
            actions
                .into_iter()
                .filter_map(body_of)
                .filter_map(order_id_in_body),
        );
    }
    (sent, used)
}

/// The order ids the guide's steps from `from` on send with their Show me.
pub(super) fn guide_ids(
    guide: Option<&sim_core::scenario::guide::Guide>,
    from: usize,
) -> BTreeSet<String> {
    let steps = guide.map_or(&[][..], |g| &g.steps[from.min(g.steps.len())..]);
    steps
        .iter()
        .flat_map(|s| &s.show_me)
        .filter_map(|m| match m {
            // Documents only: the SQS guide's Show me sends the producer's texts, and its
            // ORD-001 comes back on purpose at step 4 (a duplicate to drop), so O may
            // send it first, as step 1 asks.
            sim_core::scenario::guide::ShowMe::Apply(a) => body_of(a).and_then(order_id_in),
            sim_core::scenario::guide::ShowMe::Wait { .. } => None,
        })
        .collect()
}

/// The order an action sends, if it sends one.
fn body_of(action: &Action) -> Option<&Value> {
    match action {
        Action::HttpRequest { body, .. } => body.as_ref(),
        Action::SendMessage { message_body, .. } => Some(message_body),
        _ => None,
    }
}
