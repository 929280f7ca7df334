//! The live numbers a diagram node shows: counts only, worded by whoever shows them.

use crate::sqs::MessageState;
use crate::{SimTime, Simulation};

use super::ResourceKind;

/// Messages a queue node shows as chips.
pub const MESSAGE_CHIPS_MAX: usize = 4;

/// A message a queue node shows as a chip: one in flight, or, in a queue with a
/// redrive policy, one visible again after a receive (its receive count is what takes
/// it to the DLQ, and the lab's first redelivery points at it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageChip {
    pub receive_count: u32,
    /// How long it stays invisible; `None` once it is visible again.
    pub visible_in_ms: Option<SimTime>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeStats {
    Queue {
        available: u64,
        in_flight: u64,
        delayed: u64,
        has_messages: bool,
        visibility_timeout_s: u64,
        /// The redrive policy's maxReceiveCount: a message received this many times
        /// goes to the DLQ when next received, unless it is deleted first.
        max_receive_count: Option<u32>,
        chips: Vec<MessageChip>,
        /// Every message that would have a chip; `chips` lists the first few.
        chip_count: u64,
        /// When every message is in flight, how long until the first becomes visible
        /// again (unless it is deleted first).
        next_visible_in_ms: Option<SimTime>,
        /// FIFO: visible messages that cannot be received yet, because their message
        /// group has one in flight (counted in `available`, as SQS counts them).
        group_waiting: u64,
    },
    Function {
        running: u64,
        errors: u64,
        /// Messages it reported in `batchItemFailures` (not counted in errors).
        failed_batch_items: u64,
        /// Some fault switch is on, or it declines every charge (lab 003's break:
        /// its box showed nothing while every payment failed).
        faulty: bool,
    },
    Table {
        items: u64,
    },
    Rule {
        enabled: bool,
        matched_events: u64,
        /// Some target's fault switch is on.
        faulty: bool,
    },
    Api {
        requests: u64,
    },
    Topic {
        published: u64,
    },
    Email {
        received: u64,
    },
    Pipe {
        delivered: u64,
        filtered_out: u64,
    },
    Bus,
    Alarm {
        state: crate::services::cloudwatch::AlarmState,
    },
    Bucket {
        objects: u64,
    },
    /// The resource is not in the world (nothing to count).
    Missing,
}

impl NodeStats {
    pub fn of(sim: &Simulation, name: &str, kind: ResourceKind) -> NodeStats {
        match kind {
            ResourceKind::Queue | ResourceKind::Dlq => queue_stats(sim, name),
            ResourceKind::Function => {
                sim.function(name)
                    .map_or(NodeStats::Missing, |f| NodeStats::Function {
                        running: u64::from(f.metrics.concurrent_executions),
                        errors: f.metrics.errors,
                        failed_batch_items: f.metrics.failed_batch_items,
                        faulty: f.faults.any()
                            || matches!(
                                &*f.config.behavior,
                                crate::lambda::Behavior::ChargePayment {
                                    success_per_mille: 0
                                }
                            ),
                    })
            }
            ResourceKind::Table => {
                sim.table(name)
                    .map_or(NodeStats::Missing, |t| NodeStats::Table {
                        items: t.len() as u64,
                    })
            }
            ResourceKind::Rule => rule_stats(sim, name),
            ResourceKind::Api => NodeStats::Api {
                requests: sim.http_exchanges().filter(|x| x.api == name).count() as u64,
            },
            ResourceKind::Topic => sim
                .topics()
                .iter()
                .find(|t| t.config.topic_name == name)
                .map_or(NodeStats::Missing, |t| NodeStats::Topic {
                    published: t.published,
                }),
            ResourceKind::Email => NodeStats::Email {
                received: sim.inbox().filter(|m| m.to == name).count() as u64,
            },
            ResourceKind::Pipe => {
                sim.pipes()
                    .iter()
                    .find(|p| p.config.name == name)
                    .map_or(NodeStats::Missing, |p| NodeStats::Pipe {
                        delivered: p.delivered,
                        filtered_out: p.filtered_out,
                    })
            }
            ResourceKind::Bus => NodeStats::Bus,
            ResourceKind::Alarm => sim
                .alarm(name)
                .map_or(NodeStats::Missing, |a| NodeStats::Alarm { state: a.state }),
            ResourceKind::Bucket => {
                sim.bucket(name)
                    .map_or(NodeStats::Missing, |b| NodeStats::Bucket {
                        objects: b.objects.len() as u64,
                    })
            }
        }
    }
}

fn queue_stats(sim: &Simulation, name: &str) -> NodeStats {
    let Some(q) = sim.queue(name) else {
        return NodeStats::Missing;
    };
    let (available, in_flight, delayed) = q.counts();
    let now_ms = sim.now_ms();
    let has_redrive = q.settings.redrive_policy.is_some();
    let chip_of = |(_, m): (u64, &crate::sqs::Message)| match m.state {
        MessageState::InFlight { until_ms, .. } => Some(MessageChip {
            receive_count: m.receive_count,
            visible_in_ms: Some(until_ms.saturating_sub(now_ms)),
        }),
        MessageState::Visible if has_redrive && m.receive_count > 0 => Some(MessageChip {
            receive_count: m.receive_count,
            visible_in_ms: None,
        }),
        _ => None,
    };
    let mut eligible = q.messages().filter_map(chip_of);
    let chips: Vec<MessageChip> = eligible.by_ref().take(MESSAGE_CHIPS_MAX).collect();
    // Without a redrive policy the chips are the messages in flight, already counted;
    // with one, those visible again count too: the same pass goes on to the end.
    let chip_count = if has_redrive {
        (chips.len() + eligible.count()) as u64
    } else {
        in_flight
    };
    // Only when all are in flight: then the scan is over those alone (a batch of ten,
    // not a backlog of thousands every frame).
    let all_in_flight = in_flight > 0 && available == 0 && delayed == 0;
    let next_visible_in_ms = all_in_flight
        .then(|| {
            q.messages()
                .filter_map(|(_, m)| match m.state {
                    MessageState::InFlight { until_ms, .. } => Some(until_ms),
                    _ => None,
                })
                .min()
        })
        .flatten()
        .map(|until_ms| until_ms.saturating_sub(now_ms));
    NodeStats::Queue {
        available,
        in_flight,
        delayed,
        has_messages: !q.is_empty(),
        visibility_timeout_s: q.settings.visibility_timeout,
        max_receive_count: q
            .settings
            .redrive_policy
            .as_ref()
            .map(|rp| rp.max_receive_count),
        chips,
        chip_count,
        next_visible_in_ms,
        // A FIFO message behind its group's in-flight one: it waits, in order (the FIFO
        // instructor walk saw "1 available" and nothing received it for a minute).
        group_waiting: q.waiting_for_group(),
    }
}

fn rule_stats(sim: &Simulation, name: &str) -> NodeStats {
    let Some(r) = sim.rules().iter().find(|r| r.config.name == name) else {
        return NodeStats::Missing;
    };
    NodeStats::Rule {
        enabled: r.enabled,
        matched_events: r.metrics.matched_events,
        faulty: r
            .targets
            .iter()
            .any(|t| t.faults.deny_permission || t.faults.throttle),
    }
}
