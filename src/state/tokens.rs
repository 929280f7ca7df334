//! Dots on the diagram's arrows: trace entries that move something between two drawn
//! resources become tokens that travel for `TOKEN_MS` of wall time.

use sim_core::trace::{TraceEntryRef, TraceKind};
use sim_core::view::ResourceKind;

use crate::diagram::layout::Graph;

/// How long (wall ms) a token takes to travel an arrow.
pub const TOKEN_MS: f64 = 900.0;
/// Beyond this many, the oldest go first: a burst at 1,000× would fill the screen.
const MAX_TOKENS: usize = 160;

/// A dot travelling along an arrow: something moved from `from` to `to`.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub from: String,
    pub to: String,
    pub born_wall_ms: f64,
    pub kind: TraceKind,
}

fn moves(kind: TraceKind) -> bool {
    matches!(
        kind,
        TraceKind::HttpRequest
            | TraceKind::MessageSent
            | TraceKind::MessageReceived
            | TraceKind::MessageMovedToDlq
            | TraceKind::RedriveMoved
            | TraceKind::ItemWritten
            | TraceKind::EventPut
            | TraceKind::RuleMatched
            | TraceKind::TargetDelivered
            | TraceKind::SnsDelivered
            | TraceKind::EmailSent
            | TraceKind::PipeDelivered
            | TraceKind::TargetSentToDlq
    )
}

/// Adds a token for each new entry that moves something between two drawn nodes.
pub fn add_tokens<'a>(
    tokens: &mut Vec<Token>,
    graph: &Graph,
    entries: impl Iterator<Item = TraceEntryRef<'a>>,
    wall_ms: f64,
) {
    for e in entries {
        let Some((from, to)) = hop(graph, &e) else {
            continue;
        };
        if graph.node(from).is_some() && graph.node(to).is_some() {
            tokens.push(Token {
                from: from.to_string(),
                to: to.to_string(),
                born_wall_ms: wall_ms,
                kind: e.kind,
            });
        }
    }
}

/// The two boxes an entry moves something between, if it moves something.
fn hop<'a>(graph: &Graph, e: &TraceEntryRef<'a>) -> Option<(&'a str, &'a str)> {
    let to = e.to?;
    if moves(e.kind) {
        return Some((e.resource, to));
    }
    // A function invoked by API Gateway or by its table's stream ("Orders stream"): no
    // other entry goes along that arrow, so the request and the records (each retry
    // of a failed batch too) travelled it unseen (the instructor walk of lab 004).
    if e.kind != TraceKind::InvocationStarted {
        return None;
    }
    let from = e.resource.strip_suffix(" stream").unwrap_or(e.resource);
    let kind = graph.node(from).map(|n| n.kind);
    let invoked_by = matches!(kind, Some(ResourceKind::Api | ResourceKind::Table));
    invoked_by.then_some((from, to))
}

/// Drops the tokens that have arrived, and the oldest beyond the bound.
pub fn expire_tokens(tokens: &mut Vec<Token>, wall_ms: f64) {
    tokens.retain(|t| wall_ms - t.born_wall_ms < TOKEN_MS);
    if tokens.len() > MAX_TOKENS {
        let drop = tokens.len() - MAX_TOKENS;
        tokens.drain(..drop);
    }
}
