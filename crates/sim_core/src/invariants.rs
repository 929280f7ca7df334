//! Checks that hold after every step. Tests call `check` after each event; a failure
//! names what broke.

use std::collections::BTreeMap;

use crate::sqs::MessageState;
use crate::world::Simulation;

/// What the invariants remember between steps (receive counts never go down).
#[derive(Clone, Default)]
pub struct Watch {
    receive_counts: BTreeMap<String, u32>,
}

impl Watch {
    pub fn check(&mut self, sim: &Simulation) -> Result<(), String> {
        for q in sim.queues() {
            q.check_consistency()?;
            let m = &q.metrics;
            // Every message that entered is still here or left in exactly one way.
            let entered = m.number_of_messages_sent + m.moved_in;
            let left = m.number_of_messages_deleted
                + m.moved_to_dlq
                + m.redriven_out
                + m.expired
                + m.purged;
            if entered < left || entered - left != q.len() as u64 {
                return Err(format!(
                    "{}: {} messages entered, {} left, but {} are in the queue",
                    q.name(),
                    entered,
                    left,
                    q.len()
                ));
            }
            // FIFO: a group's messages in flight all come from one receive (a receive
            // may return several of a group; no second receive may add more).
            if q.is_fifo() {
                let mut received_at: BTreeMap<&str, u64> = BTreeMap::new();
                for (_, msg) in q.messages() {
                    if let (MessageState::InFlight { received_ms, .. }, Some(g)) =
                        (&msg.state, msg.group_id())
                    {
                        if let Some(prev) = received_at.insert(g, *received_ms) {
                            if prev != *received_ms {
                                return Err(format!(
                                    "{}: group {g} has messages in flight from two receives",
                                    q.name()
                                ));
                            }
                        }
                    }
                }
            }
            for (_, msg) in q.messages() {
                let before = self
                    .receive_counts
                    .insert(msg.message_id.clone(), msg.receive_count)
                    .unwrap_or(0);
                if msg.receive_count < before {
                    return Err(format!(
                        "{}: receive count of {} went down from {before} to {}",
                        q.name(),
                        msg.message_id,
                        msg.receive_count
                    ));
                }
            }
        }
        for f in sim.functions() {
            if f.metrics.concurrent_executions > crate::limits::lambda::ACCOUNT_CONCURRENCY {
                return Err(format!(
                    "{}: {} concurrent executions",
                    f.name(),
                    f.metrics.concurrent_executions
                ));
            }
            // An environment runs one invocation or waits, once; retired ones never wait.
            let idle = &f.idle_environments;
            let started = f.environment_started_ms.len();
            let distinct = idle.iter().collect::<std::collections::BTreeSet<_>>().len();
            if idle.len() + f.metrics.concurrent_executions as usize > started
                || distinct != idle.len()
                || idle.iter().any(|e| *e < f.retired_below)
            {
                return Err(format!(
                    "{}: {} environments started, {} running, idle {idle:?}",
                    f.name(),
                    started,
                    f.metrics.concurrent_executions
                ));
            }
            if let Some(r) = f.config.reserved_concurrent_executions {
                if f.metrics.concurrent_executions > r {
                    return Err(format!(
                        "{}: {} running above reserved concurrency {r}",
                        f.name(),
                        f.metrics.concurrent_executions
                    ));
                }
            }
        }
        let running: u32 = sim
            .functions()
            .iter()
            .map(|f| f.metrics.concurrent_executions)
            .sum();
        if running as usize != sim.lambda.invocations.len() {
            return Err(format!(
                "{running} executions counted but {} invocations open",
                sim.lambda.invocations.len()
            ));
        }
        for m in sim.sqs_mappings() {
            let open = sim.lambda.invocations.values().filter(|i| matches!(&i.source, crate::lambda::invocation::Source::Sqs { mapping, .. } if sim.sqs_mappings()[*mapping as usize].uuid == m.uuid)).count();
            if open as u32 != m.active_batches {
                return Err(format!(
                    "mapping {}: {} active batches counted, {open} open",
                    m.uuid, m.active_batches
                ));
            }
        }
        Ok(())
    }
}
