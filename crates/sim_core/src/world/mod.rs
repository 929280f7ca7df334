//! The world: a kernel (one clock, one event queue, one trace) and one state per
//! service. `step()` runs one event; `run_until(t)` runs to a time. Actions from
//! outside go through `apply()`, which changes nothing when it refuses.
//!
//! build.rs makes a world from a scenario, wiring.rs records who feeds whom,
//! route.rs hands events and actions to their handlers, view.rs reads; the other
//! files are the flows between services (sqs, invoke, events, pipes) and the SDK
//! the labs' functions call (sdk.rs).

mod access;
mod alarms;
mod arns;
mod build;
mod destinations;
mod event_source_mapping;
pub mod events;
pub mod invoke;
mod metrics;
pub(crate) mod order_id;
pub mod pipes;
mod route;
mod s3;
mod sdk;
pub mod sqs;
mod traceback;
mod trigger_filter;
pub mod view;
mod wiring;

pub use crate::services::iam::NamedNowhere;
pub(crate) use order_id::{order_id_in, order_id_in_item, order_id_of};

use std::collections::BTreeMap;

use serde_json::Value;

use crate::action::{Action, ScriptStep};
use crate::error::{SimError, SimResult};
use crate::kernel::time::SimTime;
use crate::kernel::trace::TraceKind;
pub use crate::kernel::Bounds;
use crate::kernel::Kernel;
pub use crate::lambda::mapping::{SqsMapping, StreamMapping};
use crate::scenario::Scenario;
use crate::services::logs::CloudWatchLogs;
pub use crate::sqs::ConsolePoll;

/// Scheduled work. Indexes are u32: nothing seeded or saved depends on usize.
#[derive(Clone, Debug)]
pub(crate) enum Event {
    Script(u32),
    /// A visibility timeout or a delay ends.
    MessageVisible {
        queue: u32,
        key: u64,
        generation: u32,
    },
    /// MessageRetentionPeriod is over.
    MessageExpire {
        queue: u32,
        key: u64,
    },
    SqsPoll {
        mapping: u32,
    },
    /// A throttled SQS batch is invoked again (`lambda.throttled_sqs_batches`).
    SqsThrottleRetry {
        batch: u64,
    },
    StreamPoll {
        mapping: u32,
    },
    InvocationEnd {
        invocation: u64,
    },
    AsyncAttempt {
        event: u64,
    },
    TargetDelivery {
        delivery: u64,
    },
    PipePoll {
        pipe: u32,
    },
    PipeBatchEnd {
        batch: u64,
    },
    /// A console long poll's WaitTimeSeconds ran out.
    LongPollEnd {
        poll: u64,
    },
    MoveTaskTick {
        queue: u32,
    },
    /// A minute ended: CloudWatch evaluates the alarms.
    AlarmEvaluation,
    /// An alarm changed state: its actions for the new state run, after the change
    /// (a breakpoint on the change stops before the e-mail goes).
    AlarmActions {
        alarm_name: std::rc::Rc<str>,
        old: crate::services::cloudwatch::AlarmState,
        state: crate::services::cloudwatch::AlarmState,
    },
}

/// One world: the kernel and one state per service. Cloning it is a snapshot.
#[derive(Clone)]
pub struct Simulation {
    pub(crate) kernel: Kernel<Event>,
    pub(crate) scenario: Scenario,
    pub(crate) sqs: crate::sqs::Sqs,
    pub(crate) lambda: crate::lambda::Lambda,
    pub(crate) dynamodb: crate::dynamodb::DynamoDb,
    pub(crate) apigateway: crate::apigateway::ApiGateway,
    pub(crate) eventbridge: crate::eventbridge::EventBridge,
    pub(crate) sns: crate::sns::Sns,
    pub(crate) pipes: crate::pipes::Pipes,
    pub(crate) cloudwatch_logs: CloudWatchLogs,
    pub(crate) cloudwatch: crate::services::cloudwatch::CloudWatch,
    pub(crate) iam: crate::services::iam::Iam,
    pub(crate) s3: crate::services::s3::S3,
    /// Who feeds whom, built once.
    pub(crate) wiring: wiring::Wiring,
    /// Script steps still to run, by index; each is taken when it runs.
    pub(crate) pending_script: BTreeMap<u32, Action>,
    pub(crate) next_script_step: u32,
    /// The stackTrace frames found for each handler's source and raising place: an
    /// error that repeats (a poison message's every receive) is not searched again.
    /// Keyed by the source's address, then the function's Handler (the file the
    /// frames name), then the place.
    pub(crate) tracebacks: BTreeMap<usize, BTreeMap<String, BTreeMap<String, Frames>>>,
}

/// A stackTrace's frames, shared by the errors that raise them.
pub(crate) type Frames = std::rc::Rc<[String]>;

impl Simulation {
    pub fn new(scenario: Scenario, seed: u64) -> SimResult<Simulation> {
        Simulation::with_bounds(scenario, seed, Bounds::default())
    }

    // ---- time -------------------------------------------------------------

    /// The time of the next thing that will happen, if anything will.
    pub fn next_event_time(&mut self) -> Option<SimTime> {
        self.kernel.scheduler.next_time()
    }

    /// When the next event that can change something is due: events left behind by a
    /// message that is gone (its visibility timeout, its retention) are skipped, so a
    /// learner stepping to the next event is not taken 4 days ahead for nothing.
    /// Reads only: those events still run, as no-ops, when the clock passes them.
    pub fn next_acting_event_time(&self) -> Option<SimTime> {
        self.kernel
            .scheduler
            .earliest_where(|at_ms, event| self.event_acts(at_ms, event))
    }

    /// The next event that can change something: its time, and the queue it deletes a
    /// message from when it is a MessageRetentionPeriod expiry (what a step far ahead
    /// does). One look at the schedule, for the clock's view each frame.
    pub fn next_acting_event(&self) -> Option<(SimTime, Option<&str>)> {
        let (at_ms, event) = self
            .kernel
            .scheduler
            .earliest_event_where(|at_ms, event| self.event_acts(at_ms, event))?;
        let expires_in = match *event {
            Event::MessageExpire { queue, .. } => Some(self.sqs.queues[queue as usize].name()),
            _ => None,
        };
        Some((at_ms, expires_in))
    }

    /// Runs the next event. False when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        let Some(event) = self.kernel.pop() else {
            return false;
        };
        // A new minute: CloudWatch publishes the minutes that ended, before anything
        // at this time happens.
        if self.kernel.now_ms >= self.cloudwatch.period_end_ms {
            self.collect_metrics_until(self.kernel.now_ms);
        }
        self.dispatch(event);
        true
    }

    /// Runs every event up to and including `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: SimTime) {
        while let Some(next) = self.kernel.scheduler.next_time() {
            if next > t {
                break;
            }
            self.step();
        }
        self.collect_metrics_until(t);
        self.kernel.now_ms = self.kernel.now_ms.max(t);
    }

    pub(crate) fn schedule(&mut self, at_ms: SimTime, event: Event) {
        self.kernel.schedule(at_ms, event);
    }

    /// Adds steps to run at their times (a `--script` file, or the UI's batch submit).
    pub fn add_script(&mut self, steps: Vec<ScriptStep>) {
        for step in steps {
            let i = self.next_script_step;
            self.next_script_step += 1;
            let at = step.at_ms.max(self.kernel.now_ms);
            self.pending_script.insert(i, step.action);
            self.kernel.scheduler.schedule(at, Event::Script(i));
        }
    }

    // ---- lookups ----------------------------------------------------------

    pub(crate) fn queue_index(&self, name: &str) -> SimResult<usize> {
        let name = crate::sqs::queue_name_from_arn(name);
        self.sqs
            .queues
            .iter()
            .position(|q| q.name() == name)
            .ok_or_else(|| {
                SimError::new(
                    "AWS.SimpleQueueService.NonExistentQueue",
                    format!("The specified queue {name} does not exist."),
                )
            })
    }

    pub(crate) fn table_index(&self, name: &str) -> SimResult<usize> {
        self.dynamodb.index(name)
    }

    pub(crate) fn function_index(&self, name: &str) -> SimResult<usize> {
        self.lambda
            .functions
            .iter()
            .position(|f| f.name() == name)
            .ok_or_else(|| {
                SimError::new(
                    "ResourceNotFoundException",
                    format!(
                        "Function not found: {}",
                        crate::lambda::function_arn(self.scenario.region, name)
                    ),
                )
            })
    }

    // ---- trace and logs ---------------------------------------------------

    pub(crate) fn record(
        &mut self,
        kind: TraceKind,
        resource: &str,
        to: Option<&str>,
        subject: Option<&str>,
        order_id: Option<&str>,
        text: impl crate::kernel::trace::TraceText,
    ) {
        self.kernel
            .record(kind, resource, to, subject, order_id, text);
    }

    /// A line in `function`'s log group, in execution environment `environment`'s stream.
    pub(crate) fn log(
        &mut self,
        function: u32,
        environment: u32,
        at_ms: SimTime,
        line: impl crate::kernel::trace::TraceText,
    ) {
        let group = &self.lambda.functions[function as usize].log_group;
        if let Some(g) = self.cloudwatch_logs.groups.get_mut(group) {
            g.push_text(at_ms, environment, line);
        }
    }

    // ---- actions ----------------------------------------------------------
}

/// A message body from a script or form: strings as they are, anything else as JSON.
pub(crate) fn body_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
