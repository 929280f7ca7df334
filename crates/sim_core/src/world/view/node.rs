//! The live numbers a diagram node shows: counts only, worded by whoever shows them.

use crate::sqs::MessageState;
use crate::{SimTime, Simulation};

use super::ResourceKind;

/// In-flight messages a queue node shows as chips.
pub const IN_FLIGHT_CHIPS_MAX: usize = 4;

/// One in-flight message: its receive count and how long it stays invisible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InFlightChip {
    pub receive_count: u32,
    pub visible_in_ms: SimTime,
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
        chips: Vec<InFlightChip>,
    },
    Function {
        running: u64,
        errors: u64,
        /// Some fault switch is on.
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
                        faulty: f.faults.any(),
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
    let chips = q
        .messages()
        .filter_map(|(_, m)| match m.state {
            MessageState::InFlight { until_ms, .. } => Some(InFlightChip {
                receive_count: m.receive_count,
                visible_in_ms: until_ms.saturating_sub(now_ms),
            }),
            _ => None,
        })
        .take(IN_FLIGHT_CHIPS_MAX)
        .collect();
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
